/*
 * host: the printer link. Connects the protocol state machine (proto.h) to a
 * real port (a USB serial device through libserialport, or a pseudo-terminal:
 * the virtual printer, Klipper's G-code port) inside the event loop, keeps
 * the printer's state (temperatures, position, homed axes, halt message),
 * polls temperatures, re-opens a port that vanished, and passes every command
 * from every source through the guard (the profile's safety limits).
 *
 * Nothing here blocks: host_open returns once the port is open and the
 * handshake has started; everything after that arrives through listener
 * callbacks and command completions while the loop runs.
 */
#ifndef LL_HOST_H
#define LL_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core.h"
#include "loop.h"
#include "profile.h"

struct host;

/* Where a command comes from: the guard's rules depend on it. */
enum host_source {
	HOST_SRC_CONSOLE,	/* typed by a user (console, send) */
	HOST_SRC_LESSON,	/* a lesson script */
	HOST_SRC_JOB,		/* a G-code file being streamed */
	HOST_SRC_HOST,		/* layerlab itself: polling, heaters off, ... */
	HOST_SRC_TRAINER,	/* confirmed by a trainer: may change settings */
	HOST_SRC_EXCEPTION,	/* a lesson under its declared guard exception
				   (the virtual printer or a trainer present):
				   judged as a lesson, but a short extrusion
				   without motion may reach a cold nozzle so
				   the firmware's own protection answers */
};

/* The link as a user would describe it. */
enum host_link {
	HOST_LINK_DISCONNECTED,	/* no port open */
	HOST_LINK_CONNECTING,	/* port open: waiting for boot, then handshake */
	HOST_LINK_READY,	/* handshake done, commands flow */
	HOST_LINK_HALTED,	/* firmware stopped (or emergency stop): reset it */
	HOST_LINK_NOT_RESPONDING,	/* open, but silent after a poke */
	HOST_LINK_RECONNECTING,	/* the device vanished; re-opened when back */
};

/* How one command ended. */
enum host_result {
	HOST_RESULT_OK,		/* the printer acknowledged it */
	HOST_RESULT_ERROR,	/* acknowledged with an error (Unknown command,
				   cold extrusion prevented, ...) */
	HOST_RESULT_REFUSED,	/* the guard stopped it: never sent */
	HOST_RESULT_HALTED,	/* the printer halted before acknowledging */
	HOST_RESULT_DISCONNECTED,	/* the port went away first */
};

/* The outcome of one command, handed to its completion callback. */
struct host_reply {
	enum host_result result;
	const char *cmd;		/* the command as queued */
	const char *const *lines;	/* the printer's reply lines, without "ok" */
	size_t nlines;
	const char *message;	/* error, refusal, halt or disconnect text, or NULL */
	const char *ok_text;	/* what followed "ok" ("T:210.0 /210.0 ..."), or NULL */
};
typedef void (*host_done_cb)(const struct host_reply *reply, void *data);

#define HOST_MAX_HEATERS 8
struct host_heater {
	char name[8];		/* as the firmware reports it: "T0", "B", "C" */
	double current;		/* °C */
	double target;		/* °C, 0 = off */
	bool has_target;
};

/* A snapshot of the printer and the link; plain data, safe to keep. */
struct host_status {
	enum host_link link;
	char port[256];		/* the path as the user gave it */
	int baud;
	/* What M115 said. */
	char firmware_name[96];
	char firmware_version[48];
	char machine_type[64];
	enum host_flavour flavour;	/* detected; the profile's until then */
	bool cap_autoreport_temp;
	bool cap_autoreport_pos;	/* M154: Marlin's AUTO_REPORT_POSITION */
	bool cap_emergency_parser;	/* M108 and M876 act at once too */
	bool estop_at_once;	/* the firmware acts on M112 at once */
	bool cap_prompt_support;
	bool cap_host_action;
	bool advanced_ok;
	bool windowed;		/* sending mode in use */
	size_t window;		/* windowed: bytes in flight at most */
	/* Temperatures, from the latest report. */
	bool has_temps;
	double nozzle, nozzle_target;
	double bed, bed_target;
	int nozzle_power, bed_power;	/* firmware scale; -1 unknown */
	struct host_heater heaters[HOST_MAX_HEATERS];	/* every sensor */
	int nheaters;
	uint64_t temps_ms;	/* clock_ms() of the latest report, 0 never */
	bool unsupervised;	/* heaters on but no reports for 10 s */
	/* Motion, from M114 and acknowledged commands. */
	bool has_position;
	double x, y, z, e;
	bool homed[3];		/* X, Y, Z since the last G28 in this connection */
	/* Counters for this connection. */
	unsigned long lines_sent, lines_acked, resends, errors, timeouts;
	unsigned long refused;
	unsigned long silences;	/* times silence made the link ask (M105) */
	unsigned ok_timeout_ms;	/* the silence that does: the profile's */
	char halt_message[256];	/* the firmware's own words, when halted */
	char last_error[256];	/* the latest recoverable error or link problem */
};

/*
 * Listeners: any number may watch one host (console, TUI, job, lesson).
 * Every callback is optional. status points to the host's current state,
 * valid during the call only.
 */
struct host_listener {
	void (*line_received)(const char *line, void *data);	/* every line */
	void (*line_sent)(const char *line, void *data);	/* framed, no newline */
	void (*state_changed)(const struct host_status *status, void *data);
	void (*temps)(const struct host_status *status, void *data);
	void (*refused)(const char *cmd, enum host_source source,
	    const char *reason, void *data);
	void (*action)(const char *action, void *data);	/* "//action:" text */
	/* A firmware prompt (prompt_show); message NULL when it ends. */
	void (*prompt)(const char *message, const char *const *buttons,
	    int nbuttons, void *data);
	void (*halted)(const char *message, void *data);
	void (*disconnected)(const char *why, void *data);
	void (*reconnected)(void *data);	/* port back and handshake done */
	void (*notice)(const char *text, void *data);	/* things worth telling */
	/* A position report (M114's reply, M154's) moved the head. */
	void (*position)(const struct host_status *status, void *data);
	void *data;
};

/*
 * A feeder supplies lines (a job streaming a file) whenever the protocol
 * wants more, so the window stays full without queuing the whole file.
 */
struct host_feeder {
	/* Fills cmd with one stripped command and *tag; returns 1, 0 when
	 * nothing is ready now (call host_feeder_wake later), -1 at the end. */
	int (*next)(char *cmd, size_t cmdsz, uint64_t *tag, void *data);
	/* The command with this tag ended (OK: the printer confirmed it). */
	void (*done)(uint64_t tag, const struct host_reply *reply, void *data);
	/* The guard refused a fed command: the host stops pulling until
	 * host_feeder_wake (the job pauses and shows reason). */
	void (*refused)(uint64_t tag, const char *cmd, const char *reason,
	    void *data);
	void *data;
};

/* Creates a host on loop; profile must outlive it. */
struct host *host_new(struct loop *loop, const struct host_profile *profile);
/* The loop the host runs on (for work that belongs with it, like a job). */
struct loop *host_loop(const struct host *h);
/* Closes the port (heaters are left as they are: see host_heaters_off) and frees. */
void host_free(struct host *h);

/*
 * Opens path ("/dev/ttyUSB0", a /dev/serial/by-id/ link, a pty) at baud
 * (0: the profile's) and starts connecting: boards that reset on open are
 * waited for ("start" or a quiet period), then the handshake runs. -1 with
 * cause when the port cannot be opened (missing, busy, no permission).
 */
int host_open(struct host *h, const char *path, int baud, char **cause);
/* Closes the port; outstanding commands end as DISCONNECTED. No reconnect. */
void host_close(struct host *h);
/* Re-open automatically when the device vanishes and comes back (default on). */
void host_set_reconnect(struct host *h, bool on);
/*
 * Heaters on with no command from a person, lesson or job for this long are
 * switched off, with a notice (defaults 10 min nozzle, 20 min bed; 0 never).
 */
void host_set_idle_timeouts(struct host *h, unsigned nozzle_ms,
    unsigned bed_ms);

/* Adds a listener (copied); returns its id for host_unlisten. */
int host_listen(struct host *h, const struct host_listener *l);
void host_unlisten(struct host *h, int id);

/*
 * Passes cmd (one G-code command; comments are stripped) through the guard
 * and queues it; done (optional) is called once with the outcome. Commands
 * sent before the handshake finishes wait for it. M112 from any source is
 * host_emergency_stop (done gets HALTED). Returns -1 with *refusal set
 * (naming the limit) when the guard or the link state refuses it; done is
 * not called then.
 */
int host_send(struct host *h, const char *cmd, enum host_source source,
    host_done_cb done, void *data, char **refusal);
/*
 * Sends "G92 Z<z>" as host_send does and tells the guard that Z is known
 * and homed at z (guard_declare_z): only for resuming a print whose
 * nozzle the user confirmed stands at that height above the part.
 */
int host_send_declared_z(struct host *h, double z, host_done_cb done,
    void *data, char **refusal);
/* Checks cmd against the guard without sending; -1 with *refusal. */
int host_check(struct host *h, const char *cmd, enum host_source source,
    char **refusal);

/*
 * Keeps the reported position current while a screen shows it: with
 * M154 S1 where the firmware says Cap:AUTOREPORT_POS:1, otherwise with
 * one M114 at a time, at most every 500 ms, only while moves sent
 * outside a job have not yet been reported (M114 tells where the last
 * move the planner took ends). Calls nest: on until as many offs.
 */
void host_watch_position(struct host *h, bool on);

/* Attaches a feeder (copied; NULL detaches). Only one at a time. */
void host_set_feeder(struct host *h, const struct host_feeder *f);
/* Tells the host the feeder has lines again (or may continue after a refusal). */
void host_feeder_wake(struct host *h);
/*
 * Before the next commands go out, measure the send window (the buffer
 * test, docs/host-protocol.md): host_set_feeder does, and so does whatever
 * prepares a stream with commands of its own (a resume's heat-up and
 * moves), so the test's dwell never comes with the nozzle at the part.
 */
void host_measure_window(struct host *h);

/*
 * Emergency stop: M112 jumps every queue and is written at once, heaters
 * off follows; the feeder is detached, every outstanding command ends as
 * HALTED and the link shows HALTED until the printer is reset.
 */
void host_emergency_stop(struct host *h);
/* After an emergency stop: what brings this printer back, in a sentence. */
const char *host_estop_advice(const struct host *h);
/* Queues M104 S0 and M140 S0 (all hotends); safe to call in any state. */
void host_heaters_off(struct host *h);

/* Copies the current state. */
void host_status(const struct host *h, struct host_status *out);
/* True when any heater has a target above 0 (or had one when the link dropped). */
bool host_heating(const struct host *h);
/* Commands queued or in flight, the feeder's not included. */
size_t host_pending(const struct host *h);
/* The same with the host's own commands (polling, heaters off): before
 * exiting, run the loop until this is 0 so the printer is left safe. */
size_t host_outstanding(const struct host *h);
const struct host_profile *host_profile(const struct host *h);

const char *host_link_name(enum host_link link);	/* "ready", "halted", ... */
const char *host_result_name(enum host_result result);
const char *host_source_name(enum host_source source);

/*
 * The guard: pure rules, state in, verdict out. The host keeps one
 * guard_state per connection, updated with every command it accepts, so the
 * state is what the printer will be in once everything accepted has run.
 */
struct guard_state {
	bool homed[3];		/* X, Y, Z */
	bool known[3];		/* the position of the axis is known */
	double pos[3];		/* machine coordinates, mm */
	double offset[3];	/* logical = machine + offset (G92) */
	double e;		/* logical E position (absolute mode) */
	bool relative_xyz;	/* G91 */
	bool e_relative;	/* E moves are relative: G91 or M83 */
	bool e_m83;		/* M83 in force (M82 ends it); G90 keeps it */
	double nozzle_current;	/* the latest reported temperature, °C */
	double nozzle_assured;	/* target an accepted M109 waits for */
	double nozzle_target;	/* latest target set */
	double bed_target;
	double flow;		/* M221 flow, percent: what E really pushes */
	enum host_flavour flavour;	/* how the firmware reads G-code */
};

/* A fresh connection: nothing homed, absolute mode, cold, Marlin. */
void guard_state_init(struct guard_state *st);
/*
 * Parses cmd once into its canonical form (gcode/canon.h) and judges that
 * form: 0 when it may be sent, with the form copied to canon (canonsz
 * bytes; canon may be NULL), which is what must be sent; -1 with *reason
 * naming the limit, or what is ambiguous. Pure.
 */
int guard_judge(const struct guard_state *st, const struct host_profile *p,
    const char *cmd, enum host_source source, char *canon, size_t canonsz,
    char **reason);
/* guard_judge without the canonical form. */
int guard_check(const struct guard_state *st, const struct host_profile *p,
    const char *cmd, enum host_source source, char **reason);
/* Updates st for a command that was accepted (positions, modes, homing);
 * cmd is the canonical form guard_judge gave. */
void guard_apply(struct guard_state *st, const struct host_profile *p,
    const char *cmd);

/*
 * For resuming a print only (host/resume.c): the nozzle stands at logical
 * height z above the part, as the user confirmed, though the printer has
 * lost its position; Z counts as homed there from now on.
 */
void guard_declare_z(struct guard_state *st, double z);

/*
 * Serial ports present on this machine (libserialport), with their USB
 * identity where there is one.
 */
struct host_port_info {
	char *path;		/* /dev/ttyUSB0 */
	char *description;
	char *manufacturer;
	char *product;
	char *serial;
	char *by_id;		/* /dev/serial/by-id/... pointing to path, or NULL */
	bool usb;
	unsigned vid, pid;
};
/* Lists the ports; *n set. NULL with cause on failure (an empty list is not). */
struct host_port_info *host_ports_list(size_t *n, char **cause);
void host_ports_free(struct host_port_info *ports, size_t n);

#endif
