/*
 * Inside the printer link (host.h): the state its files share. host.c holds
 * the protocol engine's events, the printer's readiness and the public
 * calls; host_cmd.c the commands, from the guard to their answers;
 * host_port.c the port, its bytes both ways, a board's boot, a lost port
 * and re-opening it; host_watch.c what the link keeps an eye on (the
 * temperature and position polls, heaters left on, the tick). Nothing
 * outside these files includes this.
 */
#ifndef LL_HOST_INT_H
#define LL_HOST_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core.h"
#include "gcode.h"
#include "host.h"
#include "proto.h"
#include "transport.h"

#define HOST_TICK_MS 100
#define HOST_POLL_HEATING_MS 2000
#define HOST_POLL_IDLE_MS 5000
#define HOST_AUTOREPORT_STALE_MS 4000
#define HOST_WATCHDOG_MS 10000
#define HOST_RECONNECT_MS 300
/* Boards that reset on open: "start", then banner lines, then quiet. */
#define HOST_BOOT_QUIET_MS 500
#define HOST_BOOT_SILENT_MS 2000
#define HOST_BOOT_MAX_MS 10000
#define HOST_READ_CHUNK 16384
/* Domain §4: heaters left on with nobody doing anything are switched off. */
#define HOST_IDLE_NOZZLE_MS (10 * 60 * 1000)
#define HOST_IDLE_BED_MS (20 * 60 * 1000)
#define HOST_MAX_BUTTONS 4
/* A command Repetier took but never said it ran: done after this long with
 * nothing heard (a build without its idle "wait"). */
#define HOST_TAKEN_QUIET_MS 3000
#define HOST_POSITION_POLL_MS 500

struct host_cmd {
	struct host_cmd *next;
	uint64_t tag;
	char *cmd;
	enum host_source source;
	host_done_cb done;
	void *data;
	bool fed;		/* from the feeder: report to it */
	uint64_t feed_tag;
	bool internal;		/* layerlab's own (polling): not pending work */
	bool failed;
	char *message;
	char **lines;
	size_t nlines;
	char *ok_text;
};

struct host_cmd_list {
	struct host_cmd *head, *tail;
	size_t n;
};

struct host_listener_slot {
	int id;
	bool dead;
	struct host_listener l;
};

struct host {
	struct loop *loop;
	const struct host_profile *profile;

	char *path;
	int baud;
	struct transport t;
	bool open;
	struct loop_fd *fdw;
	int lastword;		/* heaters off on the port if layerlab crashes */
	struct loop_timer *proto_timer;
	struct loop_timer *tick_timer;
	struct buf out;

	struct proto *proto;
	struct proto *dead_proto;	/* freed once its callbacks returned */
	int in_proto;
	bool restart_pending;
	bool lost_pending;
	char *lost_why;

	/* Waiting for a board that resets when the port opens. */
	bool booting;
	bool boot_start_seen;
	bool boot_any_rx;
	uint64_t boot_began, boot_last_rx;
	struct buf boot_line;

	struct host_cmd_list waiting;	/* accepted before the handshake */
	struct host_cmd_list sent;	/* handed to proto, in order */
	/* Firmware that says ok when it takes a line (Repetier) prints the
	 * line's output when it runs it, after the ok: taken, not yet run. */
	struct host_cmd_list taken;
	uint64_t last_rx;		/* clock_ms() of the last printer line */
	uint64_t next_tag;

	struct host_listener_slot *listeners;
	int nlisteners;
	int next_listener_id;
	int notifying;

	bool has_feeder;
	struct host_feeder feeder;
	bool feeder_blocked;	/* the guard refused a line: wait for wake */
	bool feeder_idle;	/* next() had nothing: wait for wake */

	struct guard_state guard;
	struct host_status st;

	bool reconnect;
	bool ever_ready;	/* a handshake finished on this port before */
	bool heaters_were_on;	/* when the link dropped */
	uint64_t next_reconnect;
	int reconnect_errno;

	uint64_t last_activity;	/* a command from a person, lesson or job */
	unsigned idle_nozzle_ms, idle_bed_ms;
	bool idle_nozzle_off, idle_bed_off;

	uint64_t ready_at;
	uint64_t next_poll;
	bool poll_outstanding;
	bool m114_wanted;
	/* host_watch_position: moves queued outside a job, and how many of
	 * them the latest position poll covered. */
	int position_watchers;
	unsigned long moves_queued, moves_reported;
	unsigned long position_poll_mark;
	bool position_poll_outstanding;
	uint64_t next_position_poll;

	char *prompt_message;
	char *prompt_buttons[HOST_MAX_BUTTONS];
	int prompt_nbuttons;
	char *pending_ok_text;
};

/* Listener plumbing: callbacks may add or remove listeners. */
#define HOST_NOTIFY(h, fn, ...) do {					\
	(h)->notifying++;						\
	for (int i_ = 0; i_ < (h)->nlisteners; i_++) {			\
		struct host_listener_slot *s_ = &(h)->listeners[i_];	\
		if (!s_->dead && s_->l.fn != NULL)			\
			s_->l.fn(__VA_ARGS__, s_->l.data);		\
	}								\
	(h)->notifying--;						\
} while (0)
#define HOST_NOTIFY0(h, fn) do {					\
	(h)->notifying++;						\
	for (int i_ = 0; i_ < (h)->nlisteners; i_++) {			\
		struct host_listener_slot *s_ = &(h)->listeners[i_];	\
		if (!s_->dead && s_->l.fn != NULL)			\
			s_->l.fn(s_->l.data);				\
	}								\
	(h)->notifying--;						\
} while (0)

/* host.c */
void host_notice(struct host *h, const char *fmt, ...) LL_PRINTF(2, 3);
void host_set_link(struct host *h, enum host_link link);
void host_copy(char *dst, size_t size, const char *src);
uint64_t host_since(uint64_t now, uint64_t since);
void host_drop_proto(struct host *h);
void host_reap_proto(struct host *h);
void host_start_handshake(struct host *h);

/* host_cmd.c */
void host_list_push(struct host_cmd_list *l, struct host_cmd *c);
struct host_cmd *host_list_take(struct host_cmd_list *l, uint64_t tag);
void host_cmd_finish(struct host *h, struct host_cmd *c,
    enum host_result result, const char *message);
void host_finish_all(struct host *h, enum host_result result,
    const char *message);
void host_taken_finish_before(struct host *h, uint64_t tag);
void host_received(struct host *h, const char *line);
void host_acked(struct host *h, uint64_t tag);
void host_output(struct host *h, const char *line, uint64_t tag);
void host_error(struct host *h, const char *text, uint64_t tag);
int host_queue(struct host *h, const char *cmd, enum host_source source,
    host_done_cb done, void *data, bool internal, char **refusal);

/* host_port.c */
void host_flush(struct host *h);
void host_take_output(struct host *h);
void host_try_reconnect(struct host *h, uint64_t now);
bool host_boot_done(const struct host *h, uint64_t now);
void host_lost(struct host *h, const char *detail);

/* host_watch.c */
void host_update_temps(struct host *h, const struct gcode_temps *t);
void host_active(struct host *h);
uint64_t host_tick_cb(uint64_t now, void *data);

#endif
