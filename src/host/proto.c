/*
 * The Marlin host protocol engine. No I/O, no clock: bytes and time come in
 * through proto_feed/proto_tick, bytes go out through proto_output, and the
 * owner learns everything through one callback.
 *
 * Line numbers are the backbone. A command gets its number the first time
 * it is written and keeps it for every re-send, and Marlin runs a numbered
 * line only when it is exactly last_N + 1. So the firmware itself rules out
 * running a line twice or out of order; what this engine must get right is
 * (1) getting every line there eventually and (2) never reporting a line as
 * done before the printer's ok for it (or for a later line) arrived.
 *
 * Bookkeeping, all in line numbers:
 *   sent_first <= ack_n <= send_pos <= next_n
 *   [sent_first, ack_n)  acknowledged, kept a while for late resend requests
 *   [ack_n, send_pos)    written and not acknowledged: "in flight"
 *   [send_pos, next_n)   numbered but to be (re-)written: after a resend
 * Commands not yet numbered wait in the pending queue.
 *
 * A lost ok. Only two things prove a line ran without its own ok: an
 * ADVANCED_OK "ok N<k>" (k ran, so every line before it did) and the
 * "ok T:..." answering an M105 (it ran after everything sent before it).
 * A resend request proves only that lines were received. So after poke_ms
 * of silence with lines in flight the engine sends an M105, the poke: a
 * firmware that is alive and idle answers it and everything up to it is
 * acknowledged; a line that never arrived makes the M105 draw a resend
 * request instead; a firmware that is merely slow answers everything in
 * order. A lost ok costs one poke_ms, never a hang.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto_int.h"

/* ---- state changes ---- */

bool
proto_active(const struct proto *p)
{
	return p->phase == PHASE_HANDSHAKE || p->phase == PHASE_READY;
}

void
proto_halt(struct proto *p, const char *text)
{
	if (p->phase == PHASE_HALTED)
		return;
	p->phase = PHASE_HALTED;
	p->info.halted = true;
	p->info.ready = false;
	proto_ring_clear(&p->pending);
	proto_emit(p, PROTO_EV_HALTED, text, 0, -1, NULL);
}

void
proto_give_up(struct proto *p, long line, const char *text)
{
	p->phase = PHASE_FAILED;
	p->info.gave_up = true;
	p->info.ready = false;
	proto_ring_clear(&p->pending);
	proto_emit(p, PROTO_EV_GAVE_UP, text, 0, line, NULL);
}

void
proto_progress(struct proto *p)
{
	p->last_progress = p->now;
	p->poked = false;
	p->dead_reported = false;
	p->heard_since_poke = false;
}

void
proto_reset_lines(struct proto *p)
{
	proto_ring_clear(&p->sent);
	p->sent_first = p->ack_n = p->send_pos = p->next_n = 0;
	p->episode = false;
	p->calm_left = 0;
	p->req_line = -1;
	p->req_count = 0;
	p->absorb_resend = -1;
	p->after_resend = false;
	p->poke_n = -1;
}

/* M110 N0 resets the firmware's counter whatever it was; M115 follows. */
void
proto_handshake_lines(struct proto *p)
{
	struct pline *l;

	proto_reset_lines(p);
	p->fw_after_m115 = false;
	p->early_oks = 0;
	proto_line_append(p, proto_pline_new("M110 N0", 0, true));
	l = proto_line_append(p, proto_pline_new("M115", 0, true));
	l->ends_handshake = true;
}

static void
become_ready(struct proto *p)
{
	if (p->phase != PHASE_HANDSHAKE)
		return;
	p->phase = PHASE_READY;
	p->info.ready = true;
	if (!p->cfg.mode_forced) {
		/* Marlin (1.x and 2.x) reads its RX buffer while busy and
		 * numbers lines strictly: safe to stream. Prusa-Firmware,
		 * Klipper, RRF and unknown firmware get one line at a time. */
		p->cfg.mode = p->info.flavour == GCODE_FLAVOUR_MARLIN ?
		    PROTO_WINDOWED : PROTO_PINGPONG;
	}
	p->info.mode = p->cfg.mode;
	/*
	 * A link earns the window. On a UART a line the printer refuses
	 * makes Marlin empty its receive buffer, and a line behind it that
	 * was half received runs as a tail without its number; the calm
	 * period after a resend prevents that from the second complaint on,
	 * and starting calm prevents it at the first: the window opens after
	 * calm_lines lines without a complaint, so a noisy link never has a
	 * second line on its way.
	 */
	if (p->cfg.mode == PROTO_WINDOWED)
		p->calm_left = p->cfg.calm_lines;
	proto_emit(p, PROTO_EV_READY, p->info.firmware_name, 0, -1, NULL);
}

/*
 * Marks [ack_n, k] acknowledged. Lines below k whose own ok never came are
 * known to have run because k ran after them (Marlin runs in order).
 */
void
proto_ack_through(struct proto *p, long k)
{
	enum proto_phase phase = p->phase;
	bool was_ready = p->phase == PHASE_READY;	/* handshake oks earn nothing */

	while (p->ack_n <= k && p->ack_n < p->send_pos) {
		struct pline *l = proto_line_at(p, p->ack_n);

		p->ack_n++;
		if (l->acked)
			continue;
		l->acked = true;
		if (!l->internal) {
			p->info.lines_acked++;
			proto_emit(p, PROTO_EV_ACK, l->cmd, l->tag, l->n, NULL);
		}
		if (l->ends_handshake)
			become_ready(p);
		if (p->phase != phase && p->phase != PHASE_READY)
			return;	/* a callback stopped the link */
		phase = p->phase;
	}
	if (p->episode && p->ack_n > p->episode_n) {
		p->episode = false;
		p->calm_left = p->cfg.calm_lines;
	} else if (p->calm_left > 0 && was_ready)
		p->calm_left--;
	proto_window_grow(p);
	if (p->req_line >= 0 && p->ack_n > p->req_line) {
		p->req_line = -1;
		p->req_count = 0;
	}
	if (p->test == TEST_RUNNING && p->ack_n > p->test_last)
		proto_test_done(p);
	while (p->sent.len > 0 && p->sent_first + PROTO_HISTORY < p->ack_n &&
	    p->sent_first < p->send_pos) {
		proto_pline_free(proto_ring_pop_front(&p->sent));
		p->sent_first++;
	}
}

/* Sends line n next (and everything after it again). */
static void
rewind_to(struct proto *p, long n)
{
	if (n < p->ack_n) {
		/* The printer wants a line already taken as acknowledged:
		 * an ok was miscounted. The acked flags keep ACKs single. */
		p->ack_n = n;
		p->info.errors++;
	}
	p->send_pos = n;
}

/*
 * A resend request for line n, from "Resend: n" or from an Error: carrying
 * "Last Line: n-1".
 *
 * One damaged line draws a burst of complaints. Marlin empties its RX
 * buffer on an error, so whatever was already on its way arrives out of
 * sequence ("Line Number is not Last Line Number+1") or as the tail of a
 * line whose head was thrown away ("No Line Number with checksum"), and
 * each complaint ends in another "Resend: n" for the same n. Re-sending at
 * every one of them feeds the storm: a copy that lands while the firmware
 * flushes for a stale complaint is cut in two and complains in turn. So the
 * first complaint opens an incident; the re-write waits until complaints
 * have stopped for settle_ms (the bytes in transit have all arrived), and
 * every complaint until the re-write is stale. A complaint after the
 * re-write is a new incident. The tenth incident for one line gives up.
 */
void
proto_resend_request(struct proto *p, long n)
{
	char msg[200];
	bool behind;

	if (!proto_active(p))
		return;
	proto_test_spoil(p, "the printer asked for a line again");
	if (p->phase == PHASE_HANDSHAKE && (n < p->sent_first || n > p->next_n))
		n = 0;	/* a counter from an earlier session: start over */
	if (n < p->sent_first) {
		snprintf(msg, sizeof msg, "the printer asked for line %ld, "
		    "which is no longer kept", n);
		proto_give_up(p, n, msg);
		return;
	}
	if (n >= p->send_pos && n == p->next_n) {
		/* The printer has every line we sent (a duplicate drew the
		 * complaint): nothing to send again. */
		p->send_pos = n;
		p->info.stale_resends++;
		return;
	}
	if (p->episode && n == p->episode_n && !p->episode_written) {
		p->info.stale_resends++;
		if (p->episode_behind)
			p->settle_until = p->now + p->cfg.settle_ms;
		return;
	}
	if (n == p->req_line)
		p->req_count++;
	else {
		p->req_line = n;
		p->req_count = 1;
	}
	if (p->cfg.max_resends > 0 && p->req_count >= p->cfg.max_resends) {
		if (n > p->next_n)
			snprintf(msg, sizeof msg, "the printer asked %u times "
			    "for line %ld, which was never sent (the host is at "
			    "line %ld): its line counter is out of step",
			    p->req_count, n, p->next_n);
		else
			snprintf(msg, sizeof msg, "the printer asked for line "
			    "%ld %u times; the connection is too noisy (check "
			    "the USB cable, lower the baud rate or use ping-pong "
			    "mode)", n, p->req_count);
		proto_give_up(p, n, msg);
		return;
	}
	if (n > p->next_n)
		return;	/* nothing to re-send; counted towards giving up */
	/* More complaints can come only from lines written after n. With
	 * none on their way (ping-pong, or one line at a time after an
	 * earlier resend) the printer has nothing else to read, so the line
	 * goes again at once instead of after settle_ms. */
	behind = p->send_pos > n + 1;
	if (n > p->send_pos)
		p->send_pos = n;	/* lines below n were accepted meanwhile */
	else
		rewind_to(p, n);
	p->episode = true;
	p->episode_n = n;
	p->episode_written = false;
	p->episode_behind = behind;
	p->settle_until = p->now + (behind ? p->cfg.settle_ms : 0);
	p->info.resends++;
	proto_emit(p, PROTO_EV_RESEND, NULL, 0, n, NULL);
}

void
proto_poke(struct proto *p)
{
	if (!p->poked) {
		p->poked = true;
		p->first_poke_at = p->now;
		/* Re-written handshake lines move last_progress on; the
		 * silence is counted from before the first poke. */
		p->silent_since = p->last_progress;
		p->heard_since_poke = false;
	}
	p->poke_at = p->now;
	p->info.pokes++;
	proto_test_spoil(p, "lines in flight went unanswered");
	if (p->phase == PHASE_HANDSHAKE)
		proto_handshake_lines(p);
	else if (p->episode && (!p->episode_written ||
	    p->send_pos < p->next_n)) {
		/* Numbered lines wait behind the re-sent one, which may have
		 * been lost entirely: write it again. Silence means nothing
		 * else is arriving, so no settling. */
		rewind_to(p, p->episode_n);
		p->episode_written = false;
		p->settle_until = p->now;
	} else if (p->poke_n >= p->send_pos && p->poke_n < p->next_n) {
		/* The last poke has yet to go out: one is enough. */
	} else {
		/*
		 * The lost-ok rule. A framed M105 queues behind everything in
		 * flight and Marlin runs lines in order, so its "ok T:..."
		 * proves every earlier line ran: handle_ok acknowledges
		 * through the oldest M105 in flight when an ok carries
		 * temperatures. If the firmware was merely slow, the oks
		 * arrive as usual and the M105 is acknowledged last. If a
		 * line never arrived, the M105 draws a resend request. This
		 * holds during a resend too: the re-sent line's ok may be
		 * the one that was lost.
		 */
		p->poke_n = proto_line_append(p,
		    proto_pline_new("M105", 0, true))->n;
	}
}

/* ---- public ---- */

void
proto_config_default(struct proto_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->mode = PROTO_PINGPONG;
	cfg->mode_forced = false;
	cfg->rx_buffer = 128;
	/* Marlin's keepalive says "busy" every 2 s while it works, so 5 s of
	 * silence means a lost ok or a lost line; the poke is harmless. */
	cfg->poke_ms = 5000;
	cfg->dead_ms = 30000;
	cfg->max_resends = 10;
	cfg->long_ms = 600000;
	/* 128 bytes in transit take 11 ms at 115200 baud, 33 ms at 38400. */
	cfg->settle_ms = 50;
	cfg->calm_lines = 500;
	cfg->ok_after_resend = -1;
	cfg->max_command = 80;
}

struct proto *
proto_new(const struct proto_config *cfg, proto_event_cb cb, void *data)
{
	struct proto *p = xcalloc(1, sizeof *p);

	p->cfg = *cfg;
	if (p->cfg.rx_buffer == 0)
		p->cfg.rx_buffer = 128;
	if (p->cfg.max_command == 0 || p->cfg.max_command > GCODE_MAX_LINE - 32)
		p->cfg.max_command = GCODE_MAX_LINE - 32;
	p->cb = cb;
	p->data = data;
	buf_init(&p->rx);
	buf_init(&p->urgent);
	p->info.mode = p->cfg.mode;
	p->info.rx_buffer = p->cfg.rx_buffer;
	p->info.ok_after_resend = p->cfg.ok_after_resend < 0 ? -1 :
	    p->cfg.ok_after_resend > 0;
	p->info.planner_free = -1;
	p->info.buffer_free = -1;
	p->window_bytes = proto_window_start(p);
	proto_reset_lines(p);
	return p;
}

void
proto_free(struct proto *p)
{
	if (p == NULL)
		return;
	proto_ring_free(&p->pending);
	proto_ring_free(&p->sent);
	buf_free(&p->rx);
	buf_free(&p->urgent);
	free(p);
}

void
proto_start(struct proto *p, uint64_t now)
{
	p->now = now;
	p->phase = PHASE_HANDSHAKE;
	p->info.ready = false;
	p->info.halted = false;
	p->info.gave_up = false;
	p->info.ok_after_resend = p->cfg.ok_after_resend < 0 ? -1 :
	    p->cfg.ok_after_resend > 0;
	buf_reset(&p->rx);
	p->rx_overflow = false;
	p->window_bytes = proto_window_start(p);
	p->window_settled = false;
	p->window_tested = false;
	p->clean_acks = 0;
	p->test = TEST_NONE;
	proto_handshake_lines(p);
	proto_progress(p);
}

int
proto_queue(struct proto *p, const char *cmd, uint64_t tag, bool urgent)
{
	size_t len = strlen(cmd);
	struct pline *l;

	if (len == 0 || len > p->cfg.max_command || strpbrk(cmd, "\r\n") != NULL)
		return -1;
	if (p->phase == PHASE_HALTED || p->phase == PHASE_FAILED)
		return -1;
	l = proto_pline_new(cmd, tag, false);
	if (urgent)
		proto_ring_push_front(&p->pending, l);
	else if (l->answer) {
		/* An answer to a wait for the user goes ahead of the lines
		 * queued since the last wait or answer: they cannot run until
		 * the wait ends (a cancel's sequence behind an M0), while a
		 * wait not yet written is not answered before it is asked. */
		size_t i = p->pending.len;

		while (i > 0 && !proto_ring_at(&p->pending, i - 1)->answer &&
		    !proto_ring_at(&p->pending, i - 1)->waits)
			i--;
		proto_ring_insert(&p->pending, i, l);
	} else
		proto_ring_push_back(&p->pending, l);
	return 0;
}

/*
 * An answer to a wait for the user (M600's prompts, M0) may go past a full
 * window: the firmware's emergency parser reads it as the bytes arrive,
 * while the command that waits still holds the queue, and its ok comes only
 * later, in order. Without the parser it would wait behind that command
 * anyway, so it keeps to the window.
 */
static bool
answer_may_pass(const struct proto *p, const struct pline *l)
{
	return l->answer && p->info.cap_emergency_parser &&
	    p->phase == PHASE_READY && !p->episode &&
	    (size_t)(p->send_pos - p->ack_n) < proto_window_lines(p) + 8;
}

/* The next line to write, numbered, or NULL. */
static struct pline *
next_line(struct proto *p)
{
	struct pline *l;
	size_t digits;
	long n;

	if (!proto_active(p))
		return NULL;
	/* A poke goes out whatever the window and the calm period say,
	 * even when an ok came meanwhile: the lines it asks about may be
	 * lost, and nothing else would ever go out behind them. (Written
	 * again after a resend request, it waits its turn.) */
	if (p->send_pos < p->next_n && p->send_pos == p->poke_n &&
	    (p->poked || !proto_line_at(p, p->send_pos)->written))
		return proto_line_at(p, p->send_pos);
	/* The buffer test's lines go out together, whatever the window and
	 * the calm period; after a complaint, like any other. */
	if (p->send_pos < p->next_n && !p->episode && !p->test_spoiled &&
	    proto_line_at(p, p->send_pos)->buffer_test)
		return proto_line_at(p, p->send_pos);
	if (p->episode && p->send_pos > p->episode_n) {
		/* Recovering: one line until it is acked, and the probe
		 * that may stand behind it (insert_probe). */
		l = p->send_pos == p->episode_n + 1 && p->send_pos < p->next_n ?
		    proto_line_at(p, p->send_pos) : NULL;
		return l != NULL && l->probe && p->episode_written ? l : NULL;
	}
	if (!p->episode && p->calm_left > 0 && p->send_pos > p->ack_n &&
	    !(p->send_pos == p->next_n && p->pending.len > 0 &&
	    answer_may_pass(p, proto_ring_at(&p->pending, 0))))
		return NULL;	/* see calm_lines in proto.h; an answer passes */
	if (p->episode && !p->episode_written && p->now < p->settle_until)
		return NULL;	/* complaints may still be arriving */
	if (p->send_pos < p->next_n) {
		l = proto_line_at(p, p->send_pos);
		return proto_window_allows(p, l->framed_len) ? l : NULL;
	}
	if (p->phase != PHASE_READY || p->pending.len == 0)
		return NULL;
	if (proto_test_holds(p))
		return p->send_pos < p->next_n ?
		    proto_line_at(p, p->send_pos) : NULL;
	l = proto_ring_at(&p->pending, 0);
	/* The framed length at most: "N<n> " + cmd + "*255\n". */
	for (digits = 1, n = p->next_n; n >= 10; n /= 10)
		digits++;
	if (!proto_window_allows(p, strlen(l->cmd) + digits + 7) &&
	    !answer_may_pass(p, l))
		return NULL;
	return proto_line_append(p, proto_ring_pop_front(&p->pending));
}

size_t
proto_output(struct proto *p, struct buf *out)
{
	size_t start = out->len;
	struct pline *l;

	if (p->urgent.len > 0) {
		const char *s = p->urgent.data;

		buf_append(out, p->urgent.data, p->urgent.len);
		while (*s != '\0') {
			const char *e = strchr(s, '\n');

			if (e > s) {
				proto_trace_add(p, '>', s, (size_t)(e - s));
				proto_emit_text(p, PROTO_EV_SENT, s,
				    (size_t)(e - s), -1);
			}
			s = e + 1;
		}
		buf_reset(&p->urgent);
	}
	while ((l = next_line(p)) != NULL) {
		if (p->send_pos == p->ack_n)
			p->last_progress = p->now;	/* the wait starts now */
		buf_append(out, l->framed, l->framed_len);
		l->written = true;
		p->send_pos++;
		if (p->episode && l->n == p->episode_n)
			p->episode_written = true;
		p->info.lines_sent++;
		if (l->ends_handshake) {
			p->fw_after_m115 = false;
			p->early_oks = 0;
		}
		proto_trace_add(p, '>', l->framed, l->framed_len - 1);
		proto_emit_text(p, PROTO_EV_SENT, l->framed,
		    l->framed_len - 1, l->n);
	}
	return out->len - start;
}

static bool
only_pokes_in_flight(const struct proto *p)
{
	for (long n = p->ack_n; n < p->send_pos; n++) {
		const struct pline *l = proto_line_at(p, n);

		if (!l->internal || !l->is_m105)
			return false;
	}
	return true;
}

static uint64_t
silence_allowed(const struct proto *p)
{
	if (proto_long_in_flight(p) && p->cfg.long_ms > p->cfg.poke_ms)
		return p->cfg.long_ms;
	/* Once the dwell is over, the test's M105s are answered within
	 * milliseconds: a second's silence is its lost tail. */
	if (p->test == TEST_RUNNING && p->cfg.poke_ms > PROTO_TEST_SILENCE_MS)
		return PROTO_TEST_SILENCE_MS;
	return p->cfg.poke_ms;
}

/* After the first poke, poke again every poke_ms (a poke's own ok can be
 * lost too), and every dead_ms once reported as not responding. */
static uint64_t
next_poke(const struct proto *p)
{
	return p->poke_at + (p->dead_reported ? p->cfg.dead_ms : p->cfg.poke_ms);
}

void
proto_tick(struct proto *p, uint64_t now)
{
	char msg[200];
	unsigned long long silent;

	p->now = now;
	if (!proto_active(p) || p->send_pos == p->ack_n)
		return;
	if (!p->poked) {
		if (now < p->last_progress + silence_allowed(p))
			return;
		if (p->test == TEST_RUNNING && !p->test_spoiled) {
			char why[sizeof p->test_why];

			snprintf(why, sizeof why, "no answer for %.1f s",
			    silence_allowed(p) / 1000.0);
			proto_test_spoil(p, why);
		}
		if (only_pokes_in_flight(p)) {
			/* Their oks were lost, or carried no temperatures
			 * to prove anything: nothing of the user's waits, so
			 * let them go rather than poke the pokes. A poke that
			 * never arrived is asked for again by the firmware. */
			proto_ack_through(p, p->send_pos - 1);
			proto_progress(p);
			return;
		}
		p->info.silences++;
		proto_poke(p);
		return;
	}
	if (!p->dead_reported && now >= p->first_poke_at + p->cfg.dead_ms) {
		p->dead_reported = true;
		p->info.timeouts++;
		silent = (now - p->silent_since) / 1000;
		if (p->phase == PHASE_HANDSHAKE)
			snprintf(msg, sizeof msg, "no answer to M110/M115 for "
			    "%llu s (wrong port or baud rate, the board still "
			    "starting, or halted by an emergency stop and "
			    "waiting for its reset)", silent);
		else if (p->heard_since_poke)
			snprintf(msg, sizeof msg, "the printer reports but has "
			    "acknowledged nothing for %llu s", silent);
		else
			snprintf(msg, sizeof msg, "no reply for %llu s, not even "
			    "to M105", silent);
		proto_emit(p, PROTO_EV_NOT_RESPONDING, msg, 0, -1, NULL);
		if (!proto_active(p))
			return;
	}
	if (now >= next_poke(p))
		proto_poke(p);
}

uint64_t
proto_deadline(const struct proto *p)
{
	uint64_t due;

	if (proto_active(p) && p->episode && !p->episode_written &&
	    p->settle_until > p->now)
		return p->settle_until;
	if (!proto_active(p) || p->send_pos == p->ack_n)
		return 0;
	if (!p->poked)
		return p->last_progress + silence_allowed(p);
	due = next_poke(p);
	if (!p->dead_reported && p->first_poke_at + p->cfg.dead_ms < due)
		due = p->first_poke_at + p->cfg.dead_ms;
	return due;
}

void
proto_emergency(struct proto *p)
{
	buf_append_str(&p->urgent, "\nM112\nM104 S0\nM140 S0\n");
	proto_ring_clear(&p->pending);
	/* Whether it acts at once is info.estop_at_once; what follows is
	 * each firmware's own. */
	if (p->info.flavour == GCODE_FLAVOUR_KLIPPER)
		proto_halt(p, "emergency stop: M112 sent; Klipper shuts down "
		    "as the line arrives and needs FIRMWARE_RESTART");
	else if (p->info.flavour == GCODE_FLAVOUR_REPETIER)
		proto_halt(p, "emergency stop: M112 sent; Repetier-Firmware "
		    "acts on it as the line arrives and resets its board");
	else if (p->info.estop_at_once)
		proto_halt(p, "emergency stop: M112 sent; the printer needs a "
		    "reset (power-cycle it or press its reset button)");
	else
		proto_halt(p, "emergency stop: M112 sent; this firmware acts "
		    "on it only after the commands already queued in it, so "
		    "switch the printer off if it keeps moving, then reset it");
}

size_t
proto_queued(const struct proto *p)
{
	return p->pending.len + (size_t)(p->next_n - p->send_pos);
}

size_t
proto_in_flight(const struct proto *p)
{
	return (size_t)(p->send_pos - p->ack_n);
}

const struct proto_info *
proto_info(const struct proto *p)
{
	return &p->info;
}
