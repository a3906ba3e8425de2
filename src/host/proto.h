/*
 * proto: the Marlin host protocol as a state machine with no I/O inside.
 * Bytes the printer sent go in with proto_feed; bytes to write come out of
 * proto_output; time goes in with proto_tick. Everything that happens is
 * reported through one event callback. Tests and fuzzers drive it with byte
 * strings; the host module connects it to a real fd.
 *
 * Guarantees: every queued command is framed with N and a checksum and runs
 * exactly once, in order, however the printer asks for resends; a missing
 * ok never hangs the queue (the printer is poked, then reported).
 */
#ifndef LL_HOST_PROTO_H
#define LL_HOST_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core.h"
#include "reply.h"

struct proto;

enum proto_mode {
	PROTO_PINGPONG,		/* one line in flight */
	PROTO_WINDOWED,		/* a byte budget within the firmware's RX buffer */
};

struct proto_config {
	enum proto_mode mode;
	bool mode_forced;	/* false: the handshake may switch to windowed */
	size_t rx_buffer;	/* firmware receive buffer in bytes (Marlin: 128) */
	unsigned poke_ms;	/* silence with work outstanding before M105 */
	unsigned dead_ms;	/* silence after the poke before "not responding" */
	unsigned max_resends;	/* requests for one line before giving up (10) */
};
void proto_config_default(struct proto_config *cfg);

enum proto_event_kind {
	PROTO_EV_RECEIVED,	/* every line from the printer: text */
	PROTO_EV_SENT,		/* every line written: text (framed) */
	PROTO_EV_READY,		/* handshake done: caps are known */
	PROTO_EV_ACK,		/* a command ran: tag, text (the command) */
	PROTO_EV_OUTPUT,	/* a reply line belonging to the oldest command */
	PROTO_EV_TEMPS,		/* a temperature report: temps */
	PROTO_EV_BUSY,		/* echo:busy keepalive: text */
	PROTO_EV_RESEND,	/* a resend was honoured: line */
	PROTO_EV_ERROR,		/* a recoverable Error:/echo: complaint: text */
	PROTO_EV_ACTION,	/* //action:<text> */
	PROTO_EV_HALTED,	/* fatal firmware message: text (link stops) */
	PROTO_EV_RESTARTED,	/* "start" after the handshake: printer rebooted */
	PROTO_EV_NOT_RESPONDING,	/* silent after the poke: text */
	PROTO_EV_GAVE_UP,	/* max_resends requests for one line: line, text */
};

struct proto_event {
	enum proto_event_kind kind;
	const char *text;
	uint64_t tag;		/* the tag given to proto_queue (ACK) */
	long line;		/* protocol line number (RESEND, GAVE_UP) */
	const struct gcode_temps *temps;	/* TEMPS */
};

typedef void (*proto_event_cb)(const struct proto_event *ev, void *data);

struct proto *proto_new(const struct proto_config *cfg, proto_event_cb cb,
    void *data);
void proto_free(struct proto *p);

/* Starts (or restarts after a reconnect) the handshake: M110 N0, then M115. */
void proto_start(struct proto *p, uint64_t now);

/*
 * Queues one stripped command (no comment, no newline). urgent puts it in
 * front of anything not yet sent. tag comes back with its ACK event.
 * Returns -1 when the command is too long to frame.
 */
int proto_queue(struct proto *p, const char *cmd, uint64_t tag, bool urgent);
/* True when nothing is waiting to be sent and the window has room: the
 * moment for a job to queue its next line. */
bool proto_wants_more(const struct proto *p);
size_t proto_queued(const struct proto *p);	/* not yet sent */
size_t proto_in_flight(const struct proto *p);	/* sent, not acknowledged */

void proto_feed(struct proto *p, const char *bytes, size_t len, uint64_t now);
void proto_tick(struct proto *p, uint64_t now);
/* When proto_tick must be called next (absolute ms), 0 for never. */
uint64_t proto_deadline(const struct proto *p);
/* Appends the bytes to write now to out; returns how many were added. */
size_t proto_output(struct proto *p, struct buf *out);

/*
 * Emergency stop: M112 ahead of everything (unframed, so it passes even a
 * confused line counter), then heaters off; drops all queued commands.
 */
void proto_emergency(struct proto *p);

/* Capabilities and statistics learned so far. */
struct proto_info {
	bool ready;
	bool halted;
	enum proto_mode mode;
	char firmware_name[96];
	char firmware_version[48];
	char machine_type[64];
	bool cap_autoreport_temp;
	bool cap_emergency_parser;
	bool cap_prompt_support;
	bool cap_host_action;
	bool advanced_ok;
	unsigned long lines_sent;
	unsigned long lines_acked;
	unsigned long resends;
	unsigned long errors;
	unsigned long timeouts;
};
const struct proto_info *proto_info(const struct proto *p);

#endif
