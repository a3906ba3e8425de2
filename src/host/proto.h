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
 *
 * Division of work with the host module: proto sends only what the
 * protocol itself needs (the M110 N0 + M115 handshake, M105 pokes after a
 * silence, re-sends, and the emergency lines). Temperature polling (M105
 * every 2 s while heating, 5 s otherwise) and M155 S1 when
 * proto_info()->cap_autoreport_temp is set are the host's: it queues them
 * like any other command after PROTO_EV_READY.
 *
 * Callbacks may call proto_queue, proto_emergency, proto_info and the
 * counters; proto_feed, proto_tick, proto_output, proto_start and
 * proto_free must not be called from inside a callback.
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
	/* Silence allowed while a long command (G28, G29, G80, M109, M190,
	 * M400, M600, G4, M303, M0/M1...) is in flight, before the poke. */
	unsigned long_ms;
	size_t max_command;	/* longest command accepted by proto_queue */
	/* After a resend request, quiet time before the line goes again:
	 * see proto_resend_request in proto.c. */
	unsigned settle_ms;
	/*
	 * Windowed mode sends one line at a time for this many lines when the
	 * link becomes ready and after a resend. Marlin empties its RX buffer when it rejects a line; a line
	 * half received at that moment arrives as its tail alone, without N,
	 * and Marlin 2 runs unnumbered lines unchecked (usually as an
	 * "Unknown command"). With one line in flight nothing is half
	 * received, so a noisy link keeps to ping-pong. 0: no calm period.
	 */
	unsigned calm_lines;
	/* Whether the firmware prints an extra ok after Resend: (profile
	 * quirk extra-ok-after-resend): 1 yes, 0 no, -1 learn it (default). */
	int ok_after_resend;
	/* Windowed mode: the byte budget to start with; it grows towards
	 * rx_buffer while the firmware takes it cleanly. 0: 63 bytes, what
	 * every board holds (a profile may claim more than the board has). */
	size_t window_start;
};
void proto_config_default(struct proto_config *cfg);

enum proto_event_kind {
	PROTO_EV_RECEIVED,	/* every line from the printer: text */
	PROTO_EV_SENT,		/* every line written: text (framed) */
	PROTO_EV_READY,		/* handshake done: caps are known */
	PROTO_EV_ACK,		/* a command ran: tag, text (the command) */
	PROTO_EV_OUTPUT,	/* a reply line belonging to the oldest command,
				   or the text after its "ok" (not temperatures) */
	PROTO_EV_TEMPS,		/* a temperature report: temps */
	PROTO_EV_BUSY,		/* echo:busy keepalive: text */
	PROTO_EV_RESEND,	/* a resend was honoured: line */
	PROTO_EV_ERROR,		/* a recoverable Error:/echo: complaint: text */
	PROTO_EV_ACTION,	/* //action:<text> */
	PROTO_EV_HALTED,	/* fatal firmware message: text (link stops) */
	PROTO_EV_RESTARTED,	/* "start" after the handshake: printer rebooted */
	PROTO_EV_NOT_RESPONDING,	/* silent after the poke: text */
	PROTO_EV_GAVE_UP,	/* max_resends requests for one line: line, text */
	PROTO_EV_WINDOW,	/* the buffer test ended: line, the window in
				   bytes; text NULL if the printer held the
				   test, else what spoiled it */
};
/*
 * Event notes. ACK comes only for commands given to proto_queue (never for
 * the handshake or pokes), once per command, in queue order, and only
 * after the printer's ok for that line (or for a later line) arrived.
 * HALTED comes once; after it nothing more is sent but the emergency lines,
 * until proto_start. RESTARTED after READY drops everything queued and in
 * flight without ACKs; the engine then sends nothing until proto_start.
 * GAVE_UP likewise stops sending until proto_start. NOT_RESPONDING is a
 * report, not a state: sending resumes if the printer speaks again.
 */

struct proto_event {
	enum proto_event_kind kind;
	const char *text;
	uint64_t tag;		/* the tag given to proto_queue (ACK; OUTPUT
				 * and ERROR: the oldest line in flight) */
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
 * Commands queued before READY wait for the handshake. Returns -1 when the
 * command is empty, holds a newline, is longer than cfg.max_command (80
 * by default: Marlin's MAX_CMD_SIZE of 96 must hold "N<n> " and "*<cs>"),
 * or the link is halted or gave up.
 */
int proto_queue(struct proto *p, const char *cmd, uint64_t tag, bool urgent);
/* True when nothing is waiting to be sent and the window has room for
 * another line (of the average length of those in flight): the moment for
 * a job to queue its next line. */
bool proto_wants_more(const struct proto *p);
/*
 * Stricter: the window is at least half free (or empty). A host that
 * starts refilling only then, and then fills it up with proto_wants_more,
 * writes several lines at a time; refilling at every ok settles into one
 * line per write and per reply, which costs a wake-up on both sides each.
 */
bool proto_wants_batch(const struct proto *p);
/*
 * Before a stream in windowed mode: measure how much of the profile's
 * rx_buffer the firmware really holds (see the buffer test in proto.c)
 * before the first queued line goes out. Once per connection; nothing
 * happens in ping-pong mode or once the window is settled.
 */
void proto_test_window(struct proto *p);
/* The send window in bytes, 0 in ping-pong mode. */
size_t proto_window(const struct proto *p);
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
 * The next proto_output returns "\nM112\nM104 S0\nM140 S0\n" first: the
 * leading newline ends any line the printer is halfway through receiving
 * (an empty line gets no ok). Emits HALTED. With Cap:EMERGENCY_PARSER the
 * firmware acts on M112 at once; without it M112 waits until the firmware
 * reads it, and the HALTED text says so.
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
	bool cap_autoreport_pos;	/* M154 (Marlin's AUTO_REPORT_POSITION) */
	bool cap_emergency_parser;
	/* The firmware acts on M112 as its line arrives, ahead of what it
	 * has queued: EMERGENCY_PARSER, or Klipper and Repetier, which read
	 * it so with or without saying. */
	bool estop_at_once;
	bool cap_prompt_support;
	bool cap_host_action;
	bool advanced_ok;
	unsigned long lines_sent;	/* every line written, re-sends included */
	unsigned long lines_acked;	/* queued commands acknowledged */
	unsigned long resends;		/* resend requests honoured */
	unsigned long errors;		/* Error:/!! lines that did not halt */
	unsigned long timeouts;		/* NOT_RESPONDING reports */
	/* Added detail. */
	enum gcode_flavour flavour;
	bool gave_up;
	unsigned long comm_errors;	/* checksum / line-number complaints */
	unsigned long stale_resends;	/* requests ignored as stale */
	unsigned long stray_oks;	/* oks that acknowledged nothing */
	unsigned long lost_oks;		/* lines acknowledged without their ok */
	unsigned long pokes;		/* M105 pokes and timeout re-sends */
	unsigned long silences;		/* pokes that silence set off */
	int ok_after_resend;		/* learned: -1 unknown, 0 no, 1 yes */
	int planner_free;		/* last ADVANCED_OK P, -1 unknown */
	int buffer_free;		/* last ADVANCED_OK B, -1 unknown */
	int buffer_size;		/* BUFSIZE learned from ADVANCED_OK, 0 unknown */
	size_t rx_buffer;		/* the receive buffer assumed (the profile's) */
};
const struct proto_info *proto_info(const struct proto *p);

/*
 * The last lines written and received (48 of them), oldest first, one per
 * line as "<seconds before the last> sent|recv <text>", appended to out.
 * The host adds it to give-up, halt and not-responding reports.
 */
size_t proto_trace(const struct proto *p, struct buf *out);

#endif
