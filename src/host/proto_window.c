/*
 * How much the protocol engine may have on its way to the printer at once:
 * the send window in bytes and lines, what shrinks it, and the buffer test
 * that measures it before a stream.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto_int.h"

size_t
proto_window_start(const struct proto *p)
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
void
proto_test_spoil(struct proto *p, const char *why)
{
	if (p->test != TEST_RUNNING || p->test_spoiled)
		return;
	p->test_spoiled = true;
	snprintf(p->test_why, sizeof p->test_why, "%s", why);
}

/* True while the user's lines wait for the test; starts it once nothing
 * is in flight. */
bool
proto_test_holds(struct proto *p)
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
	l = proto_line_append(p, proto_pline_new(dwell, 0, true));
	l->buffer_test = true;
	bytes = l->framed_len;
	for (;;) {
		l = proto_pline_new("M105", 0, true);
		l->buffer_test = true;
		proto_pline_number(l, p->next_n);
		if (bytes + l->framed_len > target) {
			proto_pline_free(l);
			break;
		}
		bytes += l->framed_len;
		proto_line_append(p, l);
	}
	p->test = TEST_RUNNING;
	p->test_last = p->next_n - 1;
	p->test_bytes = bytes;
	p->test_spoiled = false;
	return true;
}

void
proto_test_done(struct proto *p)
{
	p->test = TEST_NONE;
	if (!p->test_spoiled && p->test_bytes > p->window_bytes) {
		p->window_bytes = p->test_bytes;
		p->window_tested = true;
	}
	p->window_settled = true;
	proto_emit(p, PROTO_EV_WINDOW, p->test_spoiled ? p->test_why : NULL, 0,
	    (long)p->window_bytes, NULL);
}

/*
 * A line reached the firmware cut in pieces (a tail without its N got
 * "Unknown command", or the firmware says its buffer overflowed): the
 * window was more than it can hold while it is busy. Back to what every
 * board holds, for good, and one line at a time from here on.
 */
void
proto_window_overrun(struct proto *p)
{
	if (p->test == TEST_RUNNING) {
		/* The test's own burst: it found the limit. */
		proto_test_spoil(p, "the printer's receive buffer overflowed");
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
 * A line-number or checksum complaint while the window is past what every
 * board holds may be the board's buffer overflowing rather than noise:
 * back to the safe size, and no more growth.
 */
void
proto_window_complaint(struct proto *p)
{
	p->clean_acks = 0;
	if (p->phase == PHASE_READY && p->cfg.mode == PROTO_WINDOWED &&
	    p->window_bytes > PROTO_SAFE_RX) {
		p->window_bytes = PROTO_SAFE_RX;
		p->window_settled = true;
	}
}

/*
 * After an acknowledgement: without the buffer test (console commands) the
 * window grows towards rx_buffer while the link stays clean. Only P and B
 * tell that the firmware keeps reading: an ok that carries just the line's
 * N (Repetier's "ok <N>") says nothing of its buffer, and growing on it
 * overran a 64-byte board.
 */
void
proto_window_grow(struct proto *p)
{
	if (p->phase != PHASE_READY || p->cfg.mode != PROTO_WINDOWED ||
	    p->info.planner_free < 0 || p->info.buffer_free < 0 ||
	    p->window_settled || p->window_bytes >= p->cfg.rx_buffer ||
	    ++p->clean_acks < PROTO_GROW_LINES)
		return;
	p->clean_acks = 0;
	p->window_bytes += PROTO_GROW_BYTES;
	if (p->window_bytes > p->cfg.rx_buffer)
		p->window_bytes = p->cfg.rx_buffer;
}

size_t
proto_window_lines(const struct proto *p)
{
	size_t lines = PROTO_MAX_WINDOW;

	/* Never more lines than the command queue holds: once it is full
	 * Marlin stops reading and they all sit in the RX buffer. */
	if (p->info.buffer_size > 0 && (size_t)p->info.buffer_size < lines)
		lines = (size_t)p->info.buffer_size;
	return lines;
}

/* May a line of len bytes be written now? */
bool
proto_window_allows(const struct proto *p, size_t len)
{
	size_t lines = (size_t)(p->send_pos - p->ack_n);

	if (lines == 0)
		return true;
	if (p->phase != PHASE_READY || p->cfg.mode == PROTO_PINGPONG)
		return false;
	if (lines >= proto_window_lines(p))
		return false;
	return proto_bytes_in_flight(p) + len <= p->window_bytes;
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
	bytes = proto_bytes_in_flight(p);
	/* Room for one more line of the average length in flight: a line
	 * queued that does not fit waits, and then goes out alone after the
	 * next ok, one write and one reply for a single line. */
	return lines < proto_window_lines(p) && bytes + bytes / lines <= p->window_bytes;
}

bool
proto_wants_batch(const struct proto *p)
{
	size_t lines = (size_t)(p->send_pos - p->ack_n);

	if (!proto_wants_more(p))
		return false;
	if (lines == 0)
		return true;
	return lines * 2 <= proto_window_lines(p) &&
	    proto_bytes_in_flight(p) * 2 <= p->window_bytes;
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
