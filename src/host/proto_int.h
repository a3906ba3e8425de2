/*
 * Inside the protocol engine (proto.h): the state its files share. proto.c
 * changes the engine's state and holds the public calls; proto_lines.c the
 * line queues, the events and the trace; proto_window.c the send window and
 * the buffer test; proto_reply.c reads what the printer says. Nothing
 * outside these files includes this.
 */
#ifndef LL_PROTO_INT_H
#define LL_PROTO_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core.h"
#include "gcode.h"
#include "proto.h"

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

/* proto_lines.c */
void proto_ring_push_back(struct ring *r, struct pline *l);
void proto_ring_push_front(struct ring *r, struct pline *l);
void proto_ring_insert(struct ring *r, size_t i, struct pline *l);
struct pline *proto_ring_pop_front(struct ring *r);
struct pline *proto_ring_at(const struct ring *r, size_t i);
void proto_pline_free(struct pline *l);
void proto_ring_clear(struct ring *r);
void proto_ring_free(struct ring *r);
struct pline *proto_pline_new(const char *cmd, uint64_t tag, bool internal);
void proto_pline_number(struct pline *l, long n);
struct pline *proto_line_at(const struct proto *p, long n);
struct pline *proto_line_append(struct proto *p, struct pline *l);
size_t proto_bytes_in_flight(const struct proto *p);
bool proto_long_in_flight(const struct proto *p);
const char *proto_sanitise(struct proto *p, const char *s, size_t len);
void proto_emit(struct proto *p, enum proto_event_kind kind, const char *text,
    uint64_t tag, long line, const struct gcode_temps *temps);
void proto_emit_text(struct proto *p, enum proto_event_kind kind, const char *s,
    size_t len, long line);
void proto_trace_add(struct proto *p, char dir, const char *s, size_t len);

/* proto_window.c */
size_t proto_window_start(const struct proto *p);
void proto_test_spoil(struct proto *p, const char *why);
bool proto_test_holds(struct proto *p);
void proto_test_done(struct proto *p);
void proto_window_overrun(struct proto *p);
void proto_window_complaint(struct proto *p);
void proto_window_grow(struct proto *p);
size_t proto_window_lines(const struct proto *p);
bool proto_window_allows(const struct proto *p, size_t len);

/* proto.c */
bool proto_active(const struct proto *p);
void proto_halt(struct proto *p, const char *text);
void proto_give_up(struct proto *p, long line, const char *text);
void proto_progress(struct proto *p);
void proto_reset_lines(struct proto *p);
void proto_handshake_lines(struct proto *p);
void proto_ack_through(struct proto *p, long k);
void proto_resend_request(struct proto *p, long n);
void proto_poke(struct proto *p);

#endif
