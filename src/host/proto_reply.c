/*
 * What the printer says, line by line: acknowledgements and whose they
 * are, resend requests, complaints, the firmware's identity and
 * capabilities, temperatures and the output that belongs to a command.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto_int.h"

/* Oldest command in flight, when it is the user's. */
static struct pline *
oldest_user(struct proto *p)
{
	struct pline *l;

	if (p->ack_n >= p->send_pos)
		return NULL;
	l = proto_line_at(p, p->ack_n);
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
		proto_emit(p, PROTO_EV_OUTPUT, proto_sanitise(p, s, len),
		    l->tag, -1, NULL);
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
	if (at < p->next_n && proto_line_at(p, at)->probe)
		return;
	keep = (size_t)(at - p->sent_first);
	ntail = p->sent.len - keep;
	tail = xcalloc(ntail + 1, sizeof *tail);
	for (size_t i = 0; i < ntail; i++)
		tail[i] = proto_ring_at(&p->sent, keep + i);
	p->sent.len = keep;
	p->next_n = at;
	probe = proto_line_append(p, proto_pline_new("M105", 0, true));
	probe->probe = true;
	for (size_t i = 0; i < ntail; i++)
		proto_line_append(p, tail[i]);
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

/*
 * Klipper reads M112 as its line arrives and says nothing of it
 * (gcode.py's m112_r, while fewer than 20 lines wait); Repetier reads each
 * line as it arrives (its prefetch) and says so from 1.0 on.
 */
static void
estop_learned(struct proto *p)
{
	p->info.estop_at_once = p->info.cap_emergency_parser ||
	    p->info.flavour == GCODE_FLAVOUR_KLIPPER ||
	    p->info.flavour == GCODE_FLAVOUR_REPETIER;
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
	estop_learned(p);
	while (*v != '\0' && (*v < '0' || *v > '9'))
		v++;
	p->firmware_major = atoi(v);
	while (*v >= '0' && *v <= '9')
		v++;
	p->firmware_minor = *v == '.' ? atoi(v + 1) : 0;
	if (p->cfg.ok_after_resend < 0)
		p->info.ok_after_resend = habit_ok_after_resend(p);
	if (p->phase == PHASE_HANDSHAKE && p->ack_n < p->send_pos &&
	    proto_line_at(p, p->ack_n)->ends_handshake) {
		p->fw_after_m115 = true;
		/* Repetier answers ok when it takes a line, before running it:
		 * M115's ok came first. */
		if (p->early_oks > 0 && fw->flavour == GCODE_FLAVOUR_REPETIER)
			proto_ack_through(p, p->ack_n);
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
	    !proto_line_at(p, p->ack_n)->ends_handshake || p->fw_after_m115)
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
	if (!proto_active(p))
		return;
	if (p->test == TEST_RUNNING) {
		/* A piece of the test's M105s: the buffer is too small. */
		proto_test_spoil(p, "a piece of a line ran as a command");
		return;
	}
	proto_give_up(p, p->ack_n, "the printer ran part of a line without its "
	    "line number (its receive buffer lost bytes, or it was emptied "
	    "while a line was arriving); the print no longer matches the "
	    "file, so it was stopped. Use ping-pong mode or a smaller "
	    "rx_buffer in the printer profile");
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

	proto_progress(p);
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
		proto_emit(p, PROTO_EV_TEMPS, NULL, 0, -1, &r->temps);
	if (!proto_active(p))
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
			if (proto_line_at(p, n)->is_m105) {
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
		struct pline *l = proto_line_at(p, k);

		if (!l->internal)
			proto_emit(p, PROTO_EV_OUTPUT,
			    proto_sanitise(p, r->msg, r->msglen), l->tag, -1,
			    NULL);
	}
	proto_ack_through(p, k);
}

static void
handle_start(struct proto *p)
{
	switch (p->phase) {
	case PHASE_IDLE:
		break;
	case PHASE_HANDSHAKE:
		/* The board reset as the port opened: our M110 is gone. */
		proto_handshake_lines(p);
		break;
	case PHASE_READY:
		p->phase = PHASE_IDLE;
		p->info.ready = false;
		proto_ring_clear(&p->pending);
		proto_reset_lines(p);
		p->test = TEST_NONE;
		proto_emit(p, PROTO_EV_RESTARTED, "the printer restarted", 0,
		    -1, NULL);
		break;
	case PHASE_HALTED:
	case PHASE_FAILED:
		proto_emit(p, PROTO_EV_RESTARTED, "the printer restarted", 0,
		    -1, NULL);
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
	else if (strcmp(r->cap_name, "EMERGENCY_PARSER") == 0) {
		p->info.cap_emergency_parser = r->cap_value;
		estop_learned(p);
	}
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
	l = proto_line_at(p, p->ack_n);
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
	    proto_line_at(p, p->ack_n)->ends_handshake &&
	    msg_has(r, "Unknown command") && msg_has(r, "M115");
}

/*
 * Firmware that answers ok when it takes a line, before running it
 * (Repetier), prints M105's temperatures after that ok. When oks were
 * lost the count is off, but the temperatures themselves prove the M105
 * ran, and everything sent before it. Lines carrying a heating wait's
 * W: or E: are M109's own reports, not an answer; nor is any report from
 * a firmware that can send them unasked (Cap:AUTOREPORT_TEMP, which
 * Repetier prints from 1.0 on: M155 may be on from an earlier session),
 * so this holds for the builds before it.
 */
static void
temps_after_ok(struct proto *p, const struct gcode_reply *r)
{
	if (p->info.flavour != GCODE_FLAVOUR_REPETIER ||
	    p->info.cap_autoreport_temp || r->temps.wait_seconds != -2 ||
	    r->temps.wait_tool >= 0)
		return;
	for (long n = p->ack_n; n < p->send_pos; n++) {
		if (proto_line_at(p, n)->is_m105) {
			if (n > p->ack_n)
				p->info.lost_oks += (unsigned long)(n - p->ack_n);
			proto_progress(p);
			proto_ack_through(p, n);
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
	proto_trace_add(p, '<', line, len);
	proto_emit_text(p, PROTO_EV_RECEIVED, line, len, -1);
	p->after_resend = false;
	p->foreign_ok = false;
	p->absorb_resend = -1;
	if (after_resend && r.kind != GCODE_REPLY_OK &&
	    p->info.ok_after_resend < 0 && proto_active(p))
		p->info.ok_after_resend = 0;

	switch (r.kind) {
	case GCODE_REPLY_EMPTY:
		break;
	case GCODE_REPLY_OK:
		handle_ok(p, &r, after_resend, foreign);
		break;
	case GCODE_REPLY_RESEND:
		if (!proto_active(p))
			break;
		proto_progress(p);
		p->after_resend = true;
		if (r.resend_line < 0) {
			p->info.errors++;
			break;
		}
		if (r.resend_line == absorb)
			break;	/* its Error: line already asked for it */
		proto_resend_request(p, r.resend_line);
		break;
	case GCODE_REPLY_FATAL:
		if (p->phase == PHASE_HALTED)
			break;
		proto_halt(p, proto_sanitise(p, r.msg, r.msglen));
		break;
	case GCODE_REPLY_BUSY:
		proto_progress(p);
		proto_emit_text(p, PROTO_EV_BUSY, r.msg, r.msglen, -1);
		break;
	case GCODE_REPLY_WAIT:
		/* Marlin's queue is empty: whatever is in flight is lost. */
		if (proto_active(p) && p->send_pos > p->ack_n && !p->poked)
			proto_poke(p);
		break;
	case GCODE_REPLY_ERROR:
		proto_progress(p);
		p->info.errors++;
		if (p->test == TEST_RUNNING && !p->test_spoiled) {
			snprintf(msg, sizeof msg, "the printer said \"%s\"",
			    proto_sanitise(p, line, len));
			proto_test_spoil(p, msg);
		}
		if (r.comm_error) {
			p->info.comm_errors++;
			proto_window_complaint(p);
			if (r.last_line >= 0 && proto_active(p)) {
				/* Lines after Last Line did not run, Resend:
				 * or not; the Resend: that may follow is the
				 * same request. */
				proto_resend_request(p, r.last_line + 1);
				p->absorb_resend = r.last_line + 1;
			}
			break;
		}
		if (msg_has(&r, "RX BUF overflow")) {
			proto_window_overrun(p);
			break;
		}
		owner = oldest_user(p);
		proto_emit(p, PROTO_EV_ERROR, proto_sanitise(p, r.msg, r.msglen),
		    owner != NULL ? owner->tag : 0, -1, NULL);
		break;
	case GCODE_REPLY_START:
		proto_progress(p);
		handle_start(p);
		break;
	case GCODE_REPLY_TEMPS:
		p->heard_since_poke = true;
		proto_emit(p, PROTO_EV_TEMPS, NULL, 0, -1, &r.temps);
		if (proto_active(p))
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
		proto_emit_text(p, PROTO_EV_ACTION, r.msg, r.msglen, -1);
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
		if (proto_active(p) && in_flight(p, r.ok_line)) {
			p->info.lost_oks += (unsigned long)(r.ok_line - p->ack_n);
			proto_progress(p);
			proto_ack_through(p, r.ok_line);
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
