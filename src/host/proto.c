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
#include "proto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gcode.h"

#define PROTO_MAX_RX_LINE 1024	/* longer printer lines are cut here */
#define PROTO_HISTORY 128	/* acknowledged lines kept for resends */
#define PROTO_MAX_WINDOW 32	/* lines in flight, whatever the budget */
/*
 * The send window starts at what every board can hold (an Arduino core's
 * 64-byte ring keeps 63) and grows towards the profile's rx_buffer only
 * while the firmware takes it without a complaint: a profile that claims
 * more than the board has must never make it drop bytes mid-line.
 */
#define PROTO_SAFE_RX 63
/* Growth needs ADVANCED_OK: while its P and B show free planner blocks
 * and queue slots the firmware keeps reading, so nothing waits in the RX
 * buffer; a 0 in either (reading stopped) drops the window back for good. */
#define PROTO_GROW_LINES 64	/* clean acks before the window grows */
#define PROTO_GROW_BYTES 16
/*
 * The buffer test (proto_test_window) holds the firmware in a dwell long
 * enough for its lines to arrive at 10,000 baud and up: 1 ms a byte.
 */
#define PROTO_TEST_DWELL_MS 100
#define PROTO_TEST_SILENCE_MS 1000
#define PROTO_TRACE 48		/* lines kept for the trace */
#define PROTO_TRACE_TEXT 100

struct pline {
	char *cmd;
	char *framed;		/* "N<n> <cmd>*<cs>\n" */
	size_t framed_len;
	long n;
	uint64_t tag;
	bool internal;		/* handshake or poke: no ACK event */
	bool is_long;		/* may keep the firmware silent for minutes */
	bool is_m105;		/* its ok carries temperatures */
	bool ends_handshake;	/* M115: READY once acknowledged */
	bool probe;		/* M105 right behind a re-sent line */
	bool answer;		/* M108/M876: answers a wait for the user */
	bool waits;		/* M0, M1, M600: a wait for the user */
	bool buffer_test;	/* one of proto_test_window's lines */
	bool written;		/* went out at least once */
	bool acked;
};

struct trace_entry {
	uint64_t at;
	char dir;		/* '>' sent, '<' received */
	char text[PROTO_TRACE_TEXT];
};

/* A double-ended queue of lines. */
struct ring {
	struct pline **v;
	size_t head, len, cap;
};

enum proto_phase {
	PHASE_IDLE,		/* before proto_start, or after a reboot */
	PHASE_HANDSHAKE,
	PHASE_READY,
	PHASE_HALTED,
	PHASE_FAILED,		/* gave up on resends */
};

struct proto {
	struct proto_config cfg;
	proto_event_cb cb;
	void *data;
	enum proto_phase phase;
	struct proto_info info;
	uint64_t now;

	struct buf rx;		/* a partial line from the printer */
	bool rx_overflow;	/* dropping the rest of an overlong line */
	struct buf urgent;	/* emergency bytes, written before anything */

	struct ring pending;
	struct ring sent;
	long sent_first;
	long ack_n;
	long send_pos;
	long next_n;

	/* The resend episode: from a request for line episode_n until that
	 * line is acknowledged, one line at a time. */
	bool episode;
	long episode_n;
	bool episode_written;	/* line episode_n went out since the request */
	bool episode_behind;	/* lines after episode_n were on their way */
	uint64_t settle_until;	/* hold the re-write until complaints stop */
	long req_line;		/* requests counted for giving up */
	unsigned req_count;

	/* Looking one line back in the reply stream. */
	long absorb_resend;	/* "Resend: n" already handled by its Error: */
	bool after_resend;	/* the previous line was a Resend: */
	bool foreign_ok;	/* the next ok answers a line we did not send */
	bool ok_has_n;		/* ADVANCED_OK oks carry N: numbered lines do */
	unsigned calm_left;	/* one line at a time for this many acks */

	/* Silence. */
	uint64_t last_progress;
	uint64_t silent_since;	/* last progress before the first poke */
	bool poked;
	long poke_n;		/* line number of the last M105 poke */
	uint64_t first_poke_at;
	uint64_t poke_at;
	bool heard_since_poke;
	bool dead_reported;

	int firmware_major;	/* from FIRMWARE_NAME, 0 unknown */
	int firmware_minor;

	/* The handshake ends with M115's FIRMWARE_NAME, not with any ok. */
	bool fw_after_m115;	/* FIRMWARE_NAME since M115 was written */
	unsigned early_oks;	/* oks while M115 was out, before it */

	/* The send window in bytes, learned (see PROTO_SAFE_RX). */
	size_t window_bytes;
	unsigned clean_acks;
	bool window_settled;	/* a complaint showed the limit: no growth */
	enum { TEST_NONE, TEST_WANTED, TEST_RUNNING } test;
	long test_last;		/* the buffer test's last line */
	size_t test_bytes;	/* what it put in flight at once */
	bool test_spoiled;	/* a complaint or a silence while it ran */
	char test_why[96];	/* the first of them, for the report */
	bool window_tested;	/* the window is what the test proved */

	struct trace_entry trace[PROTO_TRACE];
	unsigned trace_next, trace_len;

	char text[PROTO_MAX_RX_LINE + 64];	/* sanitised event text */
};

/* ---- ring ---- */

static void
ring_grow(struct ring *r)
{
	size_t cap = r->cap == 0 ? 16 : r->cap * 2;
	struct pline **v = xcalloc(cap, sizeof *v);

	for (size_t i = 0; i < r->len; i++)
		v[i] = r->v[(r->head + i) % r->cap];
	free(r->v);
	r->v = v;
	r->cap = cap;
	r->head = 0;
}

static void
ring_push_back(struct ring *r, struct pline *l)
{
	if (r->len == r->cap)
		ring_grow(r);
	r->v[(r->head + r->len) % r->cap] = l;
	r->len++;
}

static void
ring_push_front(struct ring *r, struct pline *l)
{
	if (r->len == r->cap)
		ring_grow(r);
	r->head = (r->head + r->cap - 1) % r->cap;
	r->v[r->head] = l;
	r->len++;
}

/* Puts l at index i (0: the front), the lines from there one later. */
static void
ring_insert(struct ring *r, size_t i, struct pline *l)
{
	ring_push_back(r, l);
	for (size_t k = r->len - 1; k > i; k--)
		r->v[(r->head + k) % r->cap] = r->v[(r->head + k - 1) % r->cap];
	r->v[(r->head + i) % r->cap] = l;
}

static struct pline *
ring_pop_front(struct ring *r)
{
	struct pline *l;

	if (r->len == 0)
		return NULL;
	l = r->v[r->head];
	r->head = (r->head + 1) % r->cap;
	r->len--;
	return l;
}

static struct pline *
ring_at(const struct ring *r, size_t i)
{
	return r->v[(r->head + i) % r->cap];
}

static void
pline_free(struct pline *l)
{
	if (l != NULL) {
		free(l->cmd);
		free(l->framed);
		free(l);
	}
}

static void
ring_clear(struct ring *r)
{
	struct pline *l;

	while ((l = ring_pop_front(r)) != NULL)
		pline_free(l);
}

static void
ring_free(struct ring *r)
{
	ring_clear(r);
	free(r->v);
	memset(r, 0, sizeof *r);
}

/* ---- lines ---- */

static bool
cmd_is_long(const struct gcode_cmd *c)
{
	static const int g_long[] = { 4, 28, 29, 33, 34, 35, 76, 80 };
	static const int m_long[] = { 0, 1, 48, 109, 116, 190, 191, 226, 303,
	    400, 600, 701, 702 };

	if (c->letter == 'G') {
		for (size_t i = 0; i < LL_ARRAY_LEN(g_long); i++)
			if (c->code == g_long[i])
				return true;
	} else if (c->letter == 'M') {
		for (size_t i = 0; i < LL_ARRAY_LEN(m_long); i++)
			if (c->code == m_long[i])
				return true;
	}
	return false;
}

static struct pline *
pline_new(const char *cmd, uint64_t tag, bool internal)
{
	struct pline *l = xcalloc(1, sizeof *l);
	struct gcode_cmd c;

	l->cmd = xstrdup(cmd);
	l->tag = tag;
	l->internal = internal;
	l->n = -1;
	if (gcode_word(cmd, strlen(cmd), &c)) {
		l->is_long = cmd_is_long(&c);
		l->is_m105 = gcode_is(&c, 'M', 105);
		l->answer = gcode_is(&c, 'M', 108) || gcode_is(&c, 'M', 876);
		l->waits = gcode_is(&c, 'M', 0) || gcode_is(&c, 'M', 1) ||
		    gcode_is(&c, 'M', 600);
	}
	return l;
}

static void
pline_number(struct pline *l, long n)
{
	char buf[GCODE_MAX_LINE + 32];
	int len = gcode_frame(buf, sizeof buf, n, l->cmd);

	if (len < 0)
		fatal("proto: cannot frame line %ld", n);	/* checked at queue */
	free(l->framed);
	l->n = n;
	l->framed = xstrndup(buf, (size_t)len);
	l->framed_len = (size_t)len;
}

static struct pline *
line_at(const struct proto *p, long n)
{
	if (n < p->sent_first || n >= p->next_n)
		return NULL;
	return ring_at(&p->sent, (size_t)(n - p->sent_first));
}

/* Appends a numbered line at next_n. */
static struct pline *
line_append(struct proto *p, struct pline *l)
{
	pline_number(l, p->next_n);
	if (p->sent.len == 0)
		p->sent_first = p->next_n;
	ring_push_back(&p->sent, l);
	p->next_n++;
	return l;
}

static size_t
bytes_in_flight(const struct proto *p)
{
	size_t bytes = 0;

	for (long n = p->ack_n; n < p->send_pos; n++)
		bytes += line_at(p, n)->framed_len;
	return bytes;
}

static bool
long_in_flight(const struct proto *p)
{
	for (long n = p->ack_n; n < p->send_pos; n++) {
		if (line_at(p, n)->is_long)
			return true;
	}
	return false;
}

/* ---- events ---- */

/*
 * Event text is valid UTF-8 without control characters: printer noise must
 * not reach a terminal as escape sequences. (Not text_clean: this fills the
 * protocol's own fixed buffer, once per line received.)
 */
static const char *
sanitise(struct proto *p, const char *s, size_t len)
{
	size_t o = 0, i = 0;

	while (i < len && o + 4 < sizeof p->text) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t used;

		if (c < 0x20 || c == 0x7f) {
			if (c == '\t')
				p->text[o++] = ' ';
			i++;
			continue;
		}
		if (c < 0x80) {
			p->text[o++] = (char)c;
			i++;
			continue;
		}
		used = utf8_decode(s + i, len - i, &cp);
		/* Broken UTF-8 and the C1 controls (U+009B is a CSI to some
		 * terminals) show as U+FFFD, as in text_clean: visibly. */
		if ((cp == 0xfffd && !(used == 3 && c == 0xef)) ||
		    (cp >= 0x80 && cp <= 0x9f)) {
			memcpy(p->text + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i += used;
			continue;
		}
		memcpy(p->text + o, s + i, used);
		o += used;
		i += used;
	}
	p->text[o] = '\0';
	return p->text;
}

static void
emit(struct proto *p, enum proto_event_kind kind, const char *text,
    uint64_t tag, long line, const struct gcode_temps *temps)
{
	struct proto_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	ev.text = text;
	ev.tag = tag;
	ev.line = line;
	ev.temps = temps;
	p->cb(&ev, p->data);
}

static void
emit_text(struct proto *p, enum proto_event_kind kind, const char *s,
    size_t len, long line)
{
	emit(p, kind, sanitise(p, s, len), 0, line, NULL);
}

static size_t
window_start(const struct proto *p)
{
	size_t w = p->cfg.window_start > 0 ? p->cfg.window_start : PROTO_SAFE_RX;

	return w < p->cfg.rx_buffer ? w : p->cfg.rx_buffer;
}

/*
 * The buffer test. Without ADVANCED_OK no firmware says how much its
 * receive buffer holds, and a profile may claim more than the board has
 * (a 64-byte board under a 128-byte profile ran line tails as commands).
 * So before a stream the window is measured with lines that are harmless
 * however they arrive: G4 holds Marlin in a dwell, and while a command
 * runs no more lines leave the receive buffer than the command queue
 * takes (BUFSIZE, the running one included); a burst of M105 behind it
 * fills the buffer up to the profile's size less one byte. A board that
 * holds the burst answers every line in order once the dwell ends. One
 * that does not drops the burst's tail: the next line arrives glued to a
 * half line and draws a checksum complaint, or the silence is noticed
 * first. Pieces of M105 run as M105 or as an unknown command. Only a clean
 * pass opens the window, to what the test had in flight at once; anything
 * else keeps it at PROTO_SAFE_RX for the rest of the connection.
 */
static void
test_spoil(struct proto *p, const char *why)
{
	if (p->test != TEST_RUNNING || p->test_spoiled)
		return;
	p->test_spoiled = true;
	snprintf(p->test_why, sizeof p->test_why, "%s", why);
}

/* True while the user's lines wait for the test; starts it once nothing
 * is in flight. */
static bool
test_holds(struct proto *p)
{
	size_t target = p->cfg.rx_buffer - 1, bytes;
	char dwell[32];
	struct pline *l;

	if (p->test == TEST_RUNNING)
		return true;
	if (p->test == TEST_NONE || p->phase != PHASE_READY)
		return false;
	if (p->cfg.mode != PROTO_WINDOWED || p->window_settled ||
	    p->window_bytes >= target) {
		p->test = TEST_NONE;
		return false;
	}
	if (p->send_pos != p->ack_n || p->episode)
		return true;	/* the link goes quiet first */
	snprintf(dwell, sizeof dwell, "G4 P%zu", PROTO_TEST_DWELL_MS + target);
	l = line_append(p, pline_new(dwell, 0, true));
	l->buffer_test = true;
	bytes = l->framed_len;
	for (;;) {
		l = pline_new("M105", 0, true);
		l->buffer_test = true;
		pline_number(l, p->next_n);
		if (bytes + l->framed_len > target) {
			pline_free(l);
			break;
		}
		bytes += l->framed_len;
		line_append(p, l);
	}
	p->test = TEST_RUNNING;
	p->test_last = p->next_n - 1;
	p->test_bytes = bytes;
	p->test_spoiled = false;
	return true;
}

static void
test_done(struct proto *p)
{
	p->test = TEST_NONE;
	if (!p->test_spoiled && p->test_bytes > p->window_bytes) {
		p->window_bytes = p->test_bytes;
		p->window_tested = true;
	}
	p->window_settled = true;
	emit(p, PROTO_EV_WINDOW, p->test_spoiled ? p->test_why : NULL, 0,
	    (long)p->window_bytes, NULL);
}

/* ---- trace ---- */

/* Like Klipper's serialqueue debug ring: the last lines each way, so a
 * report from a real printer shows what led to a failure. */
static void
trace_add(struct proto *p, char dir, const char *s, size_t len)
{
	struct trace_entry *e = &p->trace[p->trace_next];
	size_t o = 0;

	e->at = p->now;
	e->dir = dir;
	for (size_t i = 0; i < len && o + 1 < sizeof e->text; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n' || c == '\r')
			continue;
		e->text[o++] = c < 0x20 || c >= 0x7f ? '?' : (char)c;
	}
	e->text[o] = '\0';
	p->trace_next = (p->trace_next + 1) % PROTO_TRACE;
	if (p->trace_len < PROTO_TRACE)
		p->trace_len++;
}

/* ---- state changes ---- */

static bool
active(const struct proto *p)
{
	return p->phase == PHASE_HANDSHAKE || p->phase == PHASE_READY;
}

static void
halt(struct proto *p, const char *text)
{
	if (p->phase == PHASE_HALTED)
		return;
	p->phase = PHASE_HALTED;
	p->info.halted = true;
	p->info.ready = false;
	ring_clear(&p->pending);
	emit(p, PROTO_EV_HALTED, text, 0, -1, NULL);
}

static void
give_up(struct proto *p, long line, const char *text)
{
	p->phase = PHASE_FAILED;
	p->info.gave_up = true;
	p->info.ready = false;
	ring_clear(&p->pending);
	emit(p, PROTO_EV_GAVE_UP, text, 0, line, NULL);
}

static void
progress(struct proto *p)
{
	p->last_progress = p->now;
	p->poked = false;
	p->dead_reported = false;
	p->heard_since_poke = false;
}

static void
reset_lines(struct proto *p)
{
	ring_clear(&p->sent);
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
static void
handshake_lines(struct proto *p)
{
	struct pline *l;

	reset_lines(p);
	p->fw_after_m115 = false;
	p->early_oks = 0;
	line_append(p, pline_new("M110 N0", 0, true));
	l = line_append(p, pline_new("M115", 0, true));
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
	emit(p, PROTO_EV_READY, p->info.firmware_name, 0, -1, NULL);
}

/*
 * Marks [ack_n, k] acknowledged. Lines below k whose own ok never came are
 * known to have run because k ran after them (Marlin runs in order).
 */
static void
ack_through(struct proto *p, long k)
{
	enum proto_phase phase = p->phase;
	bool was_ready = p->phase == PHASE_READY;	/* handshake oks earn nothing */

	while (p->ack_n <= k && p->ack_n < p->send_pos) {
		struct pline *l = line_at(p, p->ack_n);

		p->ack_n++;
		if (l->acked)
			continue;
		l->acked = true;
		if (!l->internal) {
			p->info.lines_acked++;
			emit(p, PROTO_EV_ACK, l->cmd, l->tag, l->n, NULL);
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
	/*
	 * Only P and B tell that the firmware keeps reading: an ok that
	 * carries just the line's N (Repetier's "ok <N>") says nothing of
	 * its buffer, and growing on it overran a 64-byte board.
	 */
	if (p->phase == PHASE_READY && p->cfg.mode == PROTO_WINDOWED &&
	    p->info.planner_free >= 0 && p->info.buffer_free >= 0 &&
	    !p->window_settled &&
	    p->window_bytes < p->cfg.rx_buffer &&
	    ++p->clean_acks >= PROTO_GROW_LINES) {
		p->clean_acks = 0;
		p->window_bytes += PROTO_GROW_BYTES;
		if (p->window_bytes > p->cfg.rx_buffer)
			p->window_bytes = p->cfg.rx_buffer;
	}
	if (p->req_line >= 0 && p->ack_n > p->req_line) {
		p->req_line = -1;
		p->req_count = 0;
	}
	if (p->test == TEST_RUNNING && p->ack_n > p->test_last)
		test_done(p);
	while (p->sent.len > 0 && p->sent_first + PROTO_HISTORY < p->ack_n &&
	    p->sent_first < p->send_pos) {
		pline_free(ring_pop_front(&p->sent));
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
static void
resend_request(struct proto *p, long n)
{
	char msg[200];
	bool behind;

	if (!active(p))
		return;
	test_spoil(p, "the printer asked for a line again");
	if (p->phase == PHASE_HANDSHAKE && (n < p->sent_first || n > p->next_n))
		n = 0;	/* a counter from an earlier session: start over */
	if (n < p->sent_first) {
		snprintf(msg, sizeof msg, "the printer asked for line %ld, "
		    "which is no longer kept", n);
		give_up(p, n, msg);
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
		give_up(p, n, msg);
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
	emit(p, PROTO_EV_RESEND, NULL, 0, n, NULL);
}

static void
poke(struct proto *p)
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
	test_spoil(p, "lines in flight went unanswered");
	if (p->phase == PHASE_HANDSHAKE)
		handshake_lines(p);
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
		p->poke_n = line_append(p, pline_new("M105", 0, true))->n;
	}
}

/* ---- replies ---- */

/* Oldest command in flight, when it is the user's. */
static struct pline *
oldest_user(struct proto *p)
{
	struct pline *l;

	if (p->ack_n >= p->send_pos)
		return NULL;
	l = line_at(p, p->ack_n);
	return l->internal ? NULL : l;
}

/*
 * Output belongs to the oldest line in flight in the order the lines went
 * out, which is not always the order they were queued in (an answer goes
 * ahead of the lines queued since the last wait): its tag says which.
 */
static void
output(struct proto *p, const char *s, size_t len)
{
	struct pline *l = oldest_user(p);

	if (len > 0 && l != NULL)
		emit(p, PROTO_EV_OUTPUT, sanitise(p, s, len), l->tag, -1, NULL);
}

static bool
in_flight(const struct proto *p, long n)
{
	return n >= p->ack_n && n < p->send_pos;
}

/*
 * Puts an M105 right behind the line a resend episode re-writes, numbered
 * next after it (the firmware threw away everything from the requested
 * line on, so the lines behind it can take new numbers). Its "ok T:..."
 * proves every line before it ran, so an ok dropped as doubtful after a
 * Resend: costs nothing.
 */
static void
insert_probe(struct proto *p)
{
	long at = p->episode_n + 1;
	size_t keep, ntail;
	struct pline **tail, *probe;

	if (!p->episode || p->send_pos > at || at > p->next_n)
		return;
	if (at < p->next_n && line_at(p, at)->probe)
		return;
	keep = (size_t)(at - p->sent_first);
	ntail = p->sent.len - keep;
	tail = xcalloc(ntail + 1, sizeof *tail);
	for (size_t i = 0; i < ntail; i++)
		tail[i] = ring_at(&p->sent, keep + i);
	p->sent.len = keep;
	p->next_n = at;
	probe = line_append(p, pline_new("M105", 0, true));
	probe->probe = true;
	for (size_t i = 0; i < ntail; i++)
		line_append(p, tail[i]);
	if (p->poke_n >= at)
		p->poke_n++;
	free(tail);
}

/*
 * Is this ok, the line right after a Resend:, the extra ok some firmware
 * prints with every resend request (Marlin 1.x, 2.0.0 and 2.1+, Prusa,
 * Repetier; not Marlin 2.0.1-2.0.9)? Decided from evidence only:
 * - nothing below the requested line is in flight: it cannot be anyone's;
 * - oks carrying a line number (ADVANCED_OK, Repetier): the extra one
 *   is bare;
 * - the firmware's known habit (from its name and version, or the
 *   profile), or what this link has seen it do;
 * - otherwise it is dropped and an M105 goes right behind the re-sent
 *   line: a real ok dropped costs nothing, a stray one counted would
 *   confirm a line before it ran.
 */
static bool
ok_is_stray(struct proto *p, const struct gcode_reply *r)
{
	if (p->ack_n >= p->send_pos) {
		if (p->info.ok_after_resend < 0 && p->ok_has_n)
			p->info.ok_after_resend = 1;
		return true;
	}
	if (p->ok_has_n)
		return r->ok_line < 0 || !in_flight(p, r->ok_line);
	if (p->info.ok_after_resend >= 0)
		return p->info.ok_after_resend == 1;
	insert_probe(p);
	return true;
}

/* What the firmware's own source does after Resend: (see ok_is_stray). */
static int
habit_ok_after_resend(const struct proto *p)
{
	switch (p->info.flavour) {
	case GCODE_FLAVOUR_MARLIN:
		if (p->firmware_major == 1 || (p->firmware_major == 2 &&
		    p->firmware_minor >= 1) || p->firmware_major > 2)
			return 1;
		return -1;	/* 2.0.x: changed between releases */
	case GCODE_FLAVOUR_PRUSA:
	case GCODE_FLAVOUR_REPETIER:
		return 1;
	case GCODE_FLAVOUR_KLIPPER:	/* never asks for a resend */
	case GCODE_FLAVOUR_RRF:		/* "rs N" takes the place of the ok */
		return 0;
	case GCODE_FLAVOUR_UNKNOWN:
		break;
	}
	return -1;
}

static void
record_firmware(struct proto *p, const struct gcode_firmware *fw)
{
	const char *v = fw->version;

	snprintf(p->info.firmware_name, sizeof p->info.firmware_name, "%s",
	    fw->name);
	snprintf(p->info.firmware_version, sizeof p->info.firmware_version,
	    "%s", fw->version);
	if (fw->machine_type[0] != '\0')
		snprintf(p->info.machine_type, sizeof p->info.machine_type,
		    "%s", fw->machine_type);
	p->info.flavour = fw->flavour;
	while (*v != '\0' && (*v < '0' || *v > '9'))
		v++;
	p->firmware_major = atoi(v);
	while (*v >= '0' && *v <= '9')
		v++;
	p->firmware_minor = *v == '.' ? atoi(v + 1) : 0;
	if (p->cfg.ok_after_resend < 0)
		p->info.ok_after_resend = habit_ok_after_resend(p);
	if (p->phase == PHASE_HANDSHAKE && p->ack_n < p->send_pos &&
	    line_at(p, p->ack_n)->ends_handshake) {
		p->fw_after_m115 = true;
		/* Repetier answers ok when it takes a line, before running it:
		 * M115's ok came first. */
		if (p->early_oks > 0 && fw->flavour == GCODE_FLAVOUR_REPETIER)
			ack_through(p, p->ack_n);
	}
}

/*
 * During the handshake, an ok while M115 is out but before its
 * FIRMWARE_NAME line is not M115's: it is a second ok for M110 (one sent
 * before a reset and taken after it) or noise. Taking it would end the
 * handshake before the identity and capabilities arrive and shift every
 * later reply by one.
 */
static bool
handshake_ok_early(struct proto *p, const struct gcode_reply *r)
{
	if (p->phase != PHASE_HANDSHAKE || p->ack_n >= p->send_pos ||
	    !line_at(p, p->ack_n)->ends_handshake || p->fw_after_m115)
		return false;
	(void)r;
	p->early_oks++;
	return true;
}

/*
 * A piece of a line reached the firmware without its line number and ran
 * (as an unknown command, or worse as a command): the printer no longer
 * runs exactly the file, and no resend can take it back. Stop, and say
 * why, rather than report a print that is not the file.
 */
static void
fragment_ran(struct proto *p)
{
	if (!active(p))
		return;
	if (p->test == TEST_RUNNING) {
		/* A piece of the test's M105s: the buffer is too small. */
		test_spoil(p, "a piece of a line ran as a command");
		return;
	}
	give_up(p, p->ack_n, "the printer ran part of a line without its line "
	    "number (its receive buffer lost bytes, or it was emptied while "
	    "a line was arriving); the print no longer matches the file, so "
	    "it was stopped. Use ping-pong mode or a smaller rx_buffer in the "
	    "printer profile");
}

/*
 * A line reached the firmware cut in pieces (a tail without its N got
 * "Unknown command", or the firmware says its buffer overflowed): the
 * window was more than it can hold while it is busy. Back to what every
 * board holds, for good, and one line at a time from here on.
 */
static void
window_overrun(struct proto *p)
{
	if (p->test == TEST_RUNNING) {
		/* The test's own burst: it found the limit. */
		test_spoil(p, "the printer's receive buffer overflowed");
		return;
	}
	p->window_bytes = PROTO_SAFE_RX < p->cfg.rx_buffer ? PROTO_SAFE_RX :
	    p->cfg.rx_buffer;
	p->window_settled = true;
	p->clean_acks = 0;
	if (p->cfg.mode == PROTO_WINDOWED && !p->cfg.mode_forced) {
		p->cfg.mode = PROTO_PINGPONG;
		p->info.mode = PROTO_PINGPONG;
	}
}

/*
 * Oks that answer a line we never sent. When Marlin rejects a line it
 * empties its RX buffer; a line that was half received at that moment
 * arrives as its tail alone, without N, and Marlin 2 runs unnumbered lines
 * unchecked: usually `echo:Unknown command: "<tail>"` and an ok. That ok
 * must not acknowledge anything. Two signs give it away: the unknown
 * command is not the line we are waiting for, or, with ADVANCED_OK, the ok
 * has P and B but no N (every line we send is numbered).
 */
static bool
ok_is_foreign(struct proto *p, const struct gcode_reply *r, bool foreign)
{
	if (r->ok_line >= 0) {
		p->ok_has_n = true;
		return false;
	}
	if (p->ok_has_n && (r->ok_planner >= 0 || r->ok_buffer >= 0)) {
		/* ok_to_send() for a line without N. Right after an Unknown
		 * command about a tail, that tail was refused; otherwise a
		 * piece of a line ran as a command of its own. */
		if (!foreign)
			fragment_ran(p);
		return true;
	}
	return foreign;
}

static void
handle_ok(struct proto *p, const struct gcode_reply *r, bool after_resend,
    bool foreign)
{
	long k = -1;

	progress(p);
	if (r->ok_line >= 0 || r->ok_planner >= 0 || r->ok_buffer >= 0) {
		p->info.advanced_ok = true;
		if (r->ok_planner >= 0)
			p->info.planner_free = r->ok_planner;
		if ((r->ok_buffer == 0 || r->ok_planner == 0) &&
		    p->window_bytes > PROTO_SAFE_RX && !p->window_tested) {
			/* The queue or the planner is full: the firmware
			 * stops reading (a move waits for a planner block)
			 * and what follows waits in its RX buffer, whose
			 * size nobody told us (unless the buffer test
			 * measured it, in the same state: a dwell). */
			p->window_bytes = PROTO_SAFE_RX;
			p->window_settled = true;
		}
		if (r->ok_buffer >= 0) {
			p->info.buffer_free = r->ok_buffer;
			/* B counts free slots with the acknowledged command
			 * still queued; the largest B seen + 1 is BUFSIZE. */
			if (r->ok_buffer + 1 > p->info.buffer_size)
				p->info.buffer_size = r->ok_buffer + 1;
		}
	}
	if (r->has_firmware)
		record_firmware(p, &r->firmware);
	if (r->has_temps)
		emit(p, PROTO_EV_TEMPS, NULL, 0, -1, &r->temps);
	if (!active(p))
		return;
	if (handshake_ok_early(p, r)) {
		p->info.stray_oks++;
		return;
	}
	if (ok_is_foreign(p, r, foreign) ||
	    (after_resend && ok_is_stray(p, r))) {
		p->info.stray_oks++;
		return;
	}
	if (p->ack_n >= p->send_pos) {
		p->info.stray_oks++;
		return;
	}
	if (r->ok_line >= 0) {
		if (in_flight(p, r->ok_line))
			k = r->ok_line;
		else if (r->ok_line < p->ack_n && r->ok_line >= p->sent_first) {
			p->info.stray_oks++;	/* repeats an earlier ok */
			return;
		}
	}
	if (k < 0 && r->has_temps) {
		for (long n = p->ack_n; n < p->send_pos; n++) {
			if (line_at(p, n)->is_m105) {
				k = n;
				break;
			}
		}
	}
	if (k < 0)
		k = p->ack_n;
	if (k > p->ack_n)
		p->info.lost_oks += (unsigned long)(k - p->ack_n);
	if (r->msglen > 0 && !r->has_temps) {
		struct pline *l = line_at(p, k);

		if (!l->internal)
			emit(p, PROTO_EV_OUTPUT, sanitise(p, r->msg, r->msglen),
			    l->tag, -1, NULL);
	}
	ack_through(p, k);
}

static void
handle_start(struct proto *p)
{
	switch (p->phase) {
	case PHASE_IDLE:
		break;
	case PHASE_HANDSHAKE:
		/* The board reset as the port opened: our M110 is gone. */
		handshake_lines(p);
		break;
	case PHASE_READY:
		p->phase = PHASE_IDLE;
		p->info.ready = false;
		ring_clear(&p->pending);
		reset_lines(p);
		p->test = TEST_NONE;
		emit(p, PROTO_EV_RESTARTED, "the printer restarted", 0, -1, NULL);
		break;
	case PHASE_HALTED:
	case PHASE_FAILED:
		emit(p, PROTO_EV_RESTARTED, "the printer restarted", 0, -1, NULL);
		break;
	}
}

static void
handle_cap(struct proto *p, const struct gcode_reply *r)
{
	if (strcmp(r->cap_name, "AUTOREPORT_TEMP") == 0)
		p->info.cap_autoreport_temp = r->cap_value;
	else if (strcmp(r->cap_name, "AUTOREPORT_POS") == 0)
		p->info.cap_autoreport_pos = r->cap_value;
	else if (strcmp(r->cap_name, "EMERGENCY_PARSER") == 0)
		p->info.cap_emergency_parser = r->cap_value;
	else if (strcmp(r->cap_name, "PROMPT_SUPPORT") == 0)
		p->info.cap_prompt_support = r->cap_value;
	else if (strcmp(r->cap_name, "HOST_ACTION_COMMANDS") == 0)
		p->info.cap_host_action = r->cap_value;
}

/* `echo:Unknown command: "<text>"` about something other than the line
 * the printer is working on. */
static bool
unknown_is_foreign(const struct proto *p, const struct gcode_reply *r)
{
	static const char prefix[] = "Unknown command:";
	const char *q, *e;
	const struct pline *l;

	if (r->msglen < sizeof prefix || memcmp(r->msg, prefix, sizeof prefix - 1) != 0)
		return false;
	q = memchr(r->msg, '"', r->msglen);
	if (q == NULL)
		return false;
	q++;
	e = memchr(q, '"', r->msglen - (size_t)(q - r->msg));
	if (e == NULL)
		return false;
	/* Some builds echo the checksum too. */
	for (const char *c = e; c > q; c--) {
		if (c[-1] == '*') {
			e = c - 1;
			break;
		}
		if (c[-1] < '0' || c[-1] > '9')
			break;
	}
	if (p->ack_n >= p->send_pos)
		return true;
	l = line_at(p, p->ack_n);
	return strlen(l->cmd) != (size_t)(e - q) ||
	    memcmp(l->cmd, q, (size_t)(e - q)) != 0;
}

static bool
msg_has(const struct gcode_reply *r, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= r->msglen; i++) {
		if (memcmp(r->msg + i, needle, n) == 0)
			return true;
	}
	return false;
}

/* A firmware without M115 says so: the handshake ends with its ok. */
static bool
handshake_unknown_m115(const struct proto *p, const struct gcode_reply *r)
{
	return p->phase == PHASE_HANDSHAKE && p->ack_n < p->send_pos &&
	    line_at(p, p->ack_n)->ends_handshake &&
	    msg_has(r, "Unknown command") && msg_has(r, "M115");
}

/*
 * A line-number or checksum complaint while the window is past what every
 * board holds may be the board's buffer overflowing rather than noise:
 * back to the safe size, and no more growth.
 */
static void
window_complaint(struct proto *p)
{
	p->clean_acks = 0;
	if (p->phase == PHASE_READY && p->cfg.mode == PROTO_WINDOWED &&
	    p->window_bytes > PROTO_SAFE_RX) {
		p->window_bytes = PROTO_SAFE_RX;
		p->window_settled = true;
	}
}

/*
 * Firmware that answers ok when it takes a line, before running it
 * (Repetier), prints M105's temperatures after that ok. When oks were
 * lost the count is off, but the temperatures themselves prove the M105
 * ran, and everything sent before it. Lines carrying a heating wait's
 * W: or E: are M109's own reports, not an answer.
 */
static void
temps_after_ok(struct proto *p, const struct gcode_reply *r)
{
	if (p->info.flavour != GCODE_FLAVOUR_REPETIER ||
	    p->info.cap_autoreport_temp || r->temps.wait_seconds != -2 ||
	    r->temps.wait_tool >= 0)
		return;
	for (long n = p->ack_n; n < p->send_pos; n++) {
		if (line_at(p, n)->is_m105) {
			if (n > p->ack_n)
				p->info.lost_oks += (unsigned long)(n - p->ack_n);
			progress(p);
			ack_through(p, n);
			return;
		}
	}
}

static void
handle_line(struct proto *p, const char *line, size_t len)
{
	struct gcode_reply r;
	struct pline *owner;
	bool after_resend = p->after_resend;
	bool foreign = p->foreign_ok;
	long absorb = p->absorb_resend;
	char msg[sizeof p->test_why];

	if (gcode_reply_parse(line, len, &r) == GCODE_REPLY_EMPTY)
		return;
	trace_add(p, '<', line, len);
	emit_text(p, PROTO_EV_RECEIVED, line, len, -1);
	p->after_resend = false;
	p->foreign_ok = false;
	p->absorb_resend = -1;
	if (after_resend && r.kind != GCODE_REPLY_OK &&
	    p->info.ok_after_resend < 0 && active(p))
		p->info.ok_after_resend = 0;

	switch (r.kind) {
	case GCODE_REPLY_EMPTY:
		break;
	case GCODE_REPLY_OK:
		handle_ok(p, &r, after_resend, foreign);
		break;
	case GCODE_REPLY_RESEND:
		if (!active(p))
			break;
		progress(p);
		p->after_resend = true;
		if (r.resend_line < 0) {
			p->info.errors++;
			break;
		}
		if (r.resend_line == absorb)
			break;	/* its Error: line already asked for it */
		resend_request(p, r.resend_line);
		break;
	case GCODE_REPLY_FATAL:
		if (p->phase == PHASE_HALTED)
			break;
		halt(p, sanitise(p, r.msg, r.msglen));
		break;
	case GCODE_REPLY_BUSY:
		progress(p);
		emit_text(p, PROTO_EV_BUSY, r.msg, r.msglen, -1);
		break;
	case GCODE_REPLY_WAIT:
		/* Marlin's queue is empty: whatever is in flight is lost. */
		if (active(p) && p->send_pos > p->ack_n && !p->poked)
			poke(p);
		break;
	case GCODE_REPLY_ERROR:
		progress(p);
		p->info.errors++;
		if (p->test == TEST_RUNNING && !p->test_spoiled) {
			snprintf(msg, sizeof msg, "the printer said \"%s\"",
			    sanitise(p, line, len));
			test_spoil(p, msg);
		}
		if (r.comm_error) {
			p->info.comm_errors++;
			window_complaint(p);
			if (r.last_line >= 0 && active(p)) {
				/* Lines after Last Line did not run, Resend:
				 * or not; the Resend: that may follow is the
				 * same request. */
				resend_request(p, r.last_line + 1);
				p->absorb_resend = r.last_line + 1;
			}
			break;
		}
		if (msg_has(&r, "RX BUF overflow")) {
			window_overrun(p);
			break;
		}
		owner = oldest_user(p);
		emit(p, PROTO_EV_ERROR, sanitise(p, r.msg, r.msglen),
		    owner != NULL ? owner->tag : 0, -1, NULL);
		break;
	case GCODE_REPLY_START:
		progress(p);
		handle_start(p);
		break;
	case GCODE_REPLY_TEMPS:
		p->heard_since_poke = true;
		emit(p, PROTO_EV_TEMPS, NULL, 0, -1, &r.temps);
		if (active(p))
			temps_after_ok(p, &r);
		break;
	case GCODE_REPLY_CAP:
		handle_cap(p, &r);
		output(p, line, len);
		break;
	case GCODE_REPLY_FIRMWARE:
		if (r.has_firmware)
			record_firmware(p, &r.firmware);
		output(p, line, len);
		break;
	case GCODE_REPLY_ACTION:
		p->heard_since_poke = true;
		emit_text(p, PROTO_EV_ACTION, r.msg, r.msglen, -1);
		break;
	case GCODE_REPLY_ECHO:
		p->heard_since_poke = true;
		if (handshake_unknown_m115(p, &r))
			p->fw_after_m115 = true;
		p->foreign_ok = p->info.flavour != GCODE_FLAVOUR_REPETIER &&
		    unknown_is_foreign(p, &r);
		if (p->foreign_ok && p->phase == PHASE_READY)
			fragment_ran(p);
		output(p, line, len);
		break;
	case GCODE_REPLY_SKIP:
		/* Repetier took this line before (its ok was lost, or we
		 * wrote it again): taken is all its ok ever meant, so it and
		 * every line before it are acknowledged. The ok after the
		 * skip is the duplicate's. */
		p->heard_since_poke = true;
		p->foreign_ok = true;
		if (active(p) && in_flight(p, r.ok_line)) {
			p->info.lost_oks += (unsigned long)(r.ok_line - p->ack_n);
			progress(p);
			ack_through(p, r.ok_line);
		}
		break;
	case GCODE_REPLY_WARNING:
	case GCODE_REPLY_POSITION:
	case GCODE_REPLY_OTHER:
		p->heard_since_poke = true;
		output(p, line, len);
		break;
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
	p->window_bytes = window_start(p);
	reset_lines(p);
	return p;
}

void
proto_free(struct proto *p)
{
	if (p == NULL)
		return;
	ring_free(&p->pending);
	ring_free(&p->sent);
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
	p->window_bytes = window_start(p);
	p->window_settled = false;
	p->window_tested = false;
	p->clean_acks = 0;
	p->test = TEST_NONE;
	handshake_lines(p);
	progress(p);
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
	l = pline_new(cmd, tag, false);
	if (urgent)
		ring_push_front(&p->pending, l);
	else if (l->answer) {
		/* An answer to a wait for the user goes ahead of the lines
		 * queued since the last wait or answer: they cannot run until
		 * the wait ends (a cancel's sequence behind an M0), while a
		 * wait not yet written is not answered before it is asked. */
		size_t i = p->pending.len;

		while (i > 0 && !ring_at(&p->pending, i - 1)->answer &&
		    !ring_at(&p->pending, i - 1)->waits)
			i--;
		ring_insert(&p->pending, i, l);
	} else
		ring_push_back(&p->pending, l);
	return 0;
}

static size_t
window_lines(const struct proto *p)
{
	size_t lines = PROTO_MAX_WINDOW;

	/* Never more lines than the command queue holds: once it is full
	 * Marlin stops reading and they all sit in the RX buffer. */
	if (p->info.buffer_size > 0 && (size_t)p->info.buffer_size < lines)
		lines = (size_t)p->info.buffer_size;
	return lines;
}

/* May a line of len bytes be written now? */
static bool
window_allows(const struct proto *p, size_t len)
{
	size_t lines = (size_t)(p->send_pos - p->ack_n);

	if (lines == 0)
		return true;
	if (p->phase != PHASE_READY || p->cfg.mode == PROTO_PINGPONG)
		return false;
	if (lines >= window_lines(p))
		return false;
	return bytes_in_flight(p) + len <= p->window_bytes;
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
	    (size_t)(p->send_pos - p->ack_n) < window_lines(p) + 8;
}

/* The next line to write, numbered, or NULL. */
static struct pline *
next_line(struct proto *p)
{
	struct pline *l;
	size_t digits;
	long n;

	if (!active(p))
		return NULL;
	/* A poke goes out whatever the window and the calm period say,
	 * even when an ok came meanwhile: the lines it asks about may be
	 * lost, and nothing else would ever go out behind them. (Written
	 * again after a resend request, it waits its turn.) */
	if (p->send_pos < p->next_n && p->send_pos == p->poke_n &&
	    (p->poked || !line_at(p, p->send_pos)->written))
		return line_at(p, p->send_pos);
	/* The buffer test's lines go out together, whatever the window and
	 * the calm period; after a complaint, like any other. */
	if (p->send_pos < p->next_n && !p->episode && !p->test_spoiled &&
	    line_at(p, p->send_pos)->buffer_test)
		return line_at(p, p->send_pos);
	if (p->episode && p->send_pos > p->episode_n) {
		/* Recovering: one line until it is acked, and the probe
		 * that may stand behind it (insert_probe). */
		l = p->send_pos == p->episode_n + 1 && p->send_pos < p->next_n ?
		    line_at(p, p->send_pos) : NULL;
		return l != NULL && l->probe && p->episode_written ? l : NULL;
	}
	if (!p->episode && p->calm_left > 0 && p->send_pos > p->ack_n &&
	    !(p->send_pos == p->next_n && p->pending.len > 0 &&
	    answer_may_pass(p, ring_at(&p->pending, 0))))
		return NULL;	/* see calm_lines in proto.h; an answer passes */
	if (p->episode && !p->episode_written && p->now < p->settle_until)
		return NULL;	/* complaints may still be arriving */
	if (p->send_pos < p->next_n) {
		l = line_at(p, p->send_pos);
		return window_allows(p, l->framed_len) ? l : NULL;
	}
	if (p->phase != PHASE_READY || p->pending.len == 0)
		return NULL;
	if (test_holds(p))
		return p->send_pos < p->next_n ? line_at(p, p->send_pos) : NULL;
	l = ring_at(&p->pending, 0);
	/* The framed length at most: "N<n> " + cmd + "*255\n". */
	for (digits = 1, n = p->next_n; n >= 10; n /= 10)
		digits++;
	if (!window_allows(p, strlen(l->cmd) + digits + 7) &&
	    !answer_may_pass(p, l))
		return NULL;
	return line_append(p, ring_pop_front(&p->pending));
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
				trace_add(p, '>', s, (size_t)(e - s));
				emit_text(p, PROTO_EV_SENT, s, (size_t)(e - s), -1);
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
		trace_add(p, '>', l->framed, l->framed_len - 1);
		emit_text(p, PROTO_EV_SENT, l->framed, l->framed_len - 1, l->n);
	}
	return out->len - start;
}

void
proto_feed(struct proto *p, const char *bytes, size_t len, uint64_t now)
{
	p->now = now;
	while (len > 0) {
		const char *nl = memchr(bytes, '\n', len);
		const char *cr = memchr(bytes, '\r', nl != NULL ?
		    (size_t)(nl - bytes) : len);
		const char *end = cr != NULL ? cr : nl;
		size_t take = end != NULL ? (size_t)(end - bytes) : len;

		if (!p->rx_overflow) {
			size_t room = PROTO_MAX_RX_LINE - p->rx.len;

			buf_append(&p->rx, bytes, take < room ? take : room);
			if (take > room)
				p->rx_overflow = true;
		}
		if (end == NULL)
			break;
		handle_line(p, p->rx.data, p->rx.len);
		buf_reset(&p->rx);
		p->rx_overflow = false;
		bytes += take + 1;
		len -= take + 1;
	}
}

static bool
only_pokes_in_flight(const struct proto *p)
{
	for (long n = p->ack_n; n < p->send_pos; n++) {
		const struct pline *l = line_at(p, n);

		if (!l->internal || !l->is_m105)
			return false;
	}
	return true;
}

static uint64_t
silence_allowed(const struct proto *p)
{
	if (long_in_flight(p) && p->cfg.long_ms > p->cfg.poke_ms)
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
	if (!active(p) || p->send_pos == p->ack_n)
		return;
	if (!p->poked) {
		if (now < p->last_progress + silence_allowed(p))
			return;
		if (p->test == TEST_RUNNING && !p->test_spoiled) {
			char why[sizeof p->test_why];

			snprintf(why, sizeof why, "no answer for %.1f s",
			    silence_allowed(p) / 1000.0);
			test_spoil(p, why);
		}
		if (only_pokes_in_flight(p)) {
			/* Their oks were lost, or carried no temperatures
			 * to prove anything: nothing of the user's waits, so
			 * let them go rather than poke the pokes. A poke that
			 * never arrived is asked for again by the firmware. */
			ack_through(p, p->send_pos - 1);
			progress(p);
			return;
		}
		p->info.silences++;
		poke(p);
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
		emit(p, PROTO_EV_NOT_RESPONDING, msg, 0, -1, NULL);
		if (!active(p))
			return;
	}
	if (now >= next_poke(p))
		poke(p);
}

uint64_t
proto_deadline(const struct proto *p)
{
	uint64_t due;

	if (active(p) && p->episode && !p->episode_written &&
	    p->settle_until > p->now)
		return p->settle_until;
	if (!active(p) || p->send_pos == p->ack_n)
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
	ring_clear(&p->pending);
	/* Klipper and Repetier report no EMERGENCY_PARSER, yet read M112
	 * as its line arrives (gcode.py's m112_r, Repetier's prefetch). */
	if (p->info.flavour == GCODE_FLAVOUR_KLIPPER)
		halt(p, "emergency stop: M112 sent; Klipper shuts down as the "
		    "line arrives and needs FIRMWARE_RESTART");
	else if (p->info.flavour == GCODE_FLAVOUR_REPETIER)
		halt(p, "emergency stop: M112 sent; Repetier-Firmware acts on "
		    "it as the line arrives and resets its board");
	else if (p->info.cap_emergency_parser)
		halt(p, "emergency stop: M112 sent; the printer needs a reset "
		    "(power-cycle it or press its reset button)");
	else
		halt(p, "emergency stop: M112 sent; this firmware acts on it "
		    "only after the commands already queued in it, so switch "
		    "the printer off if it keeps moving, then reset it");
}

bool
proto_wants_more(const struct proto *p)
{
	size_t lines, bytes;

	if (p->phase != PHASE_READY || p->pending.len > 0 ||
	    p->send_pos < p->next_n || p->episode)
		return false;
	if (p->calm_left > 0)
		return p->send_pos == p->ack_n;
	if (p->send_pos == p->ack_n)
		return true;
	if (p->cfg.mode == PROTO_PINGPONG)
		return false;
	lines = (size_t)(p->send_pos - p->ack_n);
	bytes = bytes_in_flight(p);
	/* Room for one more line of the average length in flight: a line
	 * queued that does not fit waits, and then goes out alone after the
	 * next ok, one write and one reply for a single line. */
	return lines < window_lines(p) && bytes + bytes / lines <= p->window_bytes;
}

bool
proto_wants_batch(const struct proto *p)
{
	size_t lines = (size_t)(p->send_pos - p->ack_n);

	if (!proto_wants_more(p))
		return false;
	if (lines == 0)
		return true;
	return lines * 2 <= window_lines(p) &&
	    bytes_in_flight(p) * 2 <= p->window_bytes;
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

void
proto_test_window(struct proto *p)
{
	if (p->test == TEST_NONE)
		p->test = TEST_WANTED;
}

size_t
proto_window(const struct proto *p)
{
	return p->cfg.mode == PROTO_WINDOWED ? p->window_bytes : 0;
}

const struct proto_info *
proto_info(const struct proto *p)
{
	return &p->info;
}

size_t
proto_trace(const struct proto *p, struct buf *out)
{
	size_t start = out->len;
	unsigned first = (p->trace_next + PROTO_TRACE - p->trace_len) % PROTO_TRACE;
	uint64_t last = p->trace_len > 0 ?
	    p->trace[(p->trace_next + PROTO_TRACE - 1) % PROTO_TRACE].at : 0;

	for (unsigned i = 0; i < p->trace_len; i++) {
		const struct trace_entry *e = &p->trace[(first + i) % PROTO_TRACE];

		buf_appendf(out, "%7.3f s %s %s\n",
		    -(double)(last - e->at) / 1000.0,
		    e->dir == '>' ? "sent" : "recv", e->text);
	}
	return out->len - start;
}
