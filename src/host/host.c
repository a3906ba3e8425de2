/*
 * The printer link: a transport fd in the loop, the protocol state machine
 * between that fd and the commands, the printer's state as its replies
 * describe it, temperature polling, the guard in front of every command and
 * automatic re-opening after a USB drop.
 *
 * Ownership: commands live in two FIFO lists, those waiting for the
 * handshake and those handed to proto. proto acknowledges in the order it
 * sends and never reorders what it was given (host uses no urgent queueing
 * except M112, which drops everything anyway), so "the oldest command in
 * proto" is the one a reply line belongs to.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "gcode.h"
#include "host.h"
#include "proto.h"
#include "reply.h"
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

static void host_proto_event(const struct proto_event *ev, void *data);
static void host_flush(struct host *h);
static void host_lost(struct host *h, const char *why);
static void host_caps(struct host *h);
static void host_trace(struct host *h, const char *what);
static void host_watch_port(struct host *h);
static int host_queue(struct host *h, const char *cmd, enum host_source source,
    host_done_cb done, void *data, bool internal, char **refusal);
static void host_active(struct host *h);

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

static void
host_notice(struct host *h, const char *fmt, ...) LL_PRINTF(2, 3);

static void
host_notice(struct host *h, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	log_debug("host: %s", text);
	HOST_NOTIFY(h, notice, text);
	free(text);
}

static void
host_set_link(struct host *h, enum host_link link)
{
	if (h->st.link == link)
		return;
	log_debug("host: link %s -> %s", host_link_name(h->st.link),
	    host_link_name(link));
	h->st.link = link;
	HOST_NOTIFY(h, state_changed, &h->st);
}

static void
host_copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src != NULL ? src : "");
}

/*
 * Milliseconds from since to now. A timer's now is taken when the loop
 * starts running its timers, so a time stamped with clock_ms() by an
 * earlier callback of the same pass can be later than it: that is no
 * time at all, never 584 million years (which once switched a nozzle off
 * mid-print as "idle for 10 min").
 */
static uint64_t
host_since(uint64_t now, uint64_t since)
{
	return now > since ? now - since : 0;
}

/* Command lists. */

static void
host_list_push(struct host_cmd_list *l, struct host_cmd *c)
{
	c->next = NULL;
	if (l->tail != NULL)
		l->tail->next = c;
	else
		l->head = c;
	l->tail = c;
	l->n++;
}

/* The command a reply belongs to: the one the link names, or the oldest. */
static struct host_cmd *
host_list_owner(const struct host_cmd_list *l, uint64_t tag)
{
	for (struct host_cmd *c = l->head; tag != 0 && c != NULL; c = c->next) {
		if (c->tag == tag)
			return c;
	}
	return l->head;
}

static struct host_cmd *
host_list_take(struct host_cmd_list *l, uint64_t tag)
{
	struct host_cmd *prev = NULL;

	for (struct host_cmd *c = l->head; c != NULL; prev = c, c = c->next) {
		if (c->tag != tag)
			continue;
		if (prev != NULL)
			prev->next = c->next;
		else
			l->head = c->next;
		if (l->tail == c)
			l->tail = prev;
		l->n--;
		c->next = NULL;
		return c;
	}
	return NULL;
}

static void
host_cmd_free(struct host_cmd *c)
{
	for (size_t i = 0; i < c->nlines; i++)
		free(c->lines[i]);
	free(c->lines);
	free(c->cmd);
	free(c->message);
	free(c->ok_text);
	free(c);
}

static void
host_cmd_add_line(struct host_cmd *c, const char *line)
{
	c->lines = xrealloc(c->lines, (c->nlines + 1) * sizeof *c->lines);
	c->lines[c->nlines++] = xstrdup(line);
}

/* Calls the command's completion (or the feeder's) and frees it. */
static void
host_cmd_finish(struct host *h, struct host_cmd *c, enum host_result result,
    const char *message)
{
	struct host_reply r;

	if (c->internal && c->tag != 0 && str_starts_with(c->cmd, "M105"))
		h->poll_outstanding = false;
	memset(&r, 0, sizeof r);
	r.result = result;
	r.cmd = c->cmd;
	r.lines = (const char *const *)c->lines;
	r.nlines = c->nlines;
	r.message = message != NULL ? message : c->message;
	r.ok_text = c->ok_text;
	if (c->fed) {
		if (h->has_feeder && h->feeder.done != NULL)
			h->feeder.done(c->feed_tag, &r, h->feeder.data);
	} else if (c->done != NULL)
		c->done(&r, c->data);
	host_cmd_free(c);
}

/* Ends every outstanding command with result; new ones may be queued meanwhile. */
static void
host_finish_all(struct host *h, enum host_result result, const char *message)
{
	struct host_cmd_list lists[3] = { h->taken, h->sent, h->waiting };

	memset(&h->taken, 0, sizeof h->taken);
	memset(&h->sent, 0, sizeof h->sent);
	memset(&h->waiting, 0, sizeof h->waiting);
	h->poll_outstanding = false;
	for (int i = 0; i < 3; i++) {
		struct host_cmd *c = lists[i].head, *next;
		for (; c != NULL; c = next) {
			next = c->next;
			host_cmd_finish(h, c, result, message);
		}
	}
}

/* Protocol instances: one per connection (and per printer reboot). */

static void
host_drop_proto(struct host *h)
{
	const struct proto_info *info;

	if (h->proto == NULL)
		return;
	info = proto_info(h->proto);
	h->st.lines_sent = info->lines_sent;
	h->st.lines_acked = info->lines_acked;
	h->st.resends = info->resends;
	h->st.errors = info->errors;
	h->st.timeouts = info->timeouts;
	h->st.silences = info->silences;
	if (h->in_proto > 0) {
		if (h->dead_proto != NULL)
			proto_free(h->dead_proto);
		h->dead_proto = h->proto;
	} else
		proto_free(h->proto);
	h->proto = NULL;
	if (h->proto_timer != NULL)
		loop_timer_set(h->proto_timer, 0);
}

static void
host_reap_proto(struct host *h)
{
	if (h->in_proto == 0 && h->dead_proto != NULL) {
		proto_free(h->dead_proto);
		h->dead_proto = NULL;
	}
}

static void
host_new_proto(struct host *h)
{
	const struct host_profile *p = h->profile;
	struct proto_config cfg;

	host_drop_proto(h);
	proto_config_default(&cfg);
	switch (p->send_mode) {
	case HOST_SEND_PINGPONG:
		cfg.mode = PROTO_PINGPONG;
		cfg.mode_forced = true;
		break;
	case HOST_SEND_WINDOWED:
		cfg.mode = PROTO_WINDOWED;
		cfg.mode_forced = true;
		break;
	case HOST_SEND_AUTO:
		cfg.mode_forced = false;
		break;
	}
	if (p->rx_buffer > 0)
		cfg.rx_buffer = (size_t)p->rx_buffer;
	if (p->ok_timeout > 0)
		cfg.poke_ms = (unsigned)(p->ok_timeout * 1000 + 0.5);
	h->st.ok_timeout_ms = cfg.poke_ms;
	h->proto = proto_new(&cfg, host_proto_event, h);
}

static void
host_start_handshake(struct host *h)
{
	h->booting = false;
	buf_reset(&h->boot_line);
	host_new_proto(h);
	h->in_proto++;
	proto_start(h->proto, clock_ms());
	h->in_proto--;
	host_reap_proto(h);
}

/* Printer state from events. */

static void
host_update_temps(struct host *h, const struct gcode_temps *t)
{
	const struct gcode_temp *nozzle = gcode_temps_nozzle(t);
	const struct gcode_temp *bed = gcode_temps_bed(t);
	uint64_t now = clock_ms();

	h->st.has_temps = true;
	h->st.temps_ms = now;
	if (nozzle != NULL) {
		h->st.nozzle = nozzle->current;
		if (nozzle->has_target)
			h->st.nozzle_target = nozzle->target;
		h->guard.nozzle_current = nozzle->current;
	}
	if (bed != NULL) {
		h->st.bed = bed->current;
		if (bed->has_target)
			h->st.bed_target = bed->target;
	}
	if (t->hotend_power >= 0)
		h->st.nozzle_power = t->hotend_power;
	if (t->bed_power >= 0)
		h->st.bed_power = t->bed_power;
	for (size_t i = 0; i < t->n; i++) {
		const struct gcode_temp *s = &t->sensors[i];
		int k;

		for (k = 0; k < h->st.nheaters; k++) {
			if (strcmp(h->st.heaters[k].name, s->name) == 0)
				break;
		}
		if (k == h->st.nheaters) {
			if (k == HOST_MAX_HEATERS)
				continue;
			h->st.nheaters++;
			host_copy(h->st.heaters[k].name,
			    sizeof h->st.heaters[k].name, s->name);
		}
		h->st.heaters[k].current = s->current;
		if (s->has_target) {
			h->st.heaters[k].target = s->target;
			h->st.heaters[k].has_target = true;
		}
	}
	if (h->st.unsupervised) {
		h->st.unsupervised = false;
		host_notice(h, "temperature reports are arriving again");
	}
	HOST_NOTIFY(h, temps, &h->st);
}

static void
host_prompt_clear(struct host *h)
{
	free(h->prompt_message);
	h->prompt_message = NULL;
	for (int i = 0; i < h->prompt_nbuttons; i++)
		free(h->prompt_buttons[i]);
	h->prompt_nbuttons = 0;
}

/* Host prompts (Marlin HOST_PROMPT_SUPPORT): begin, buttons, show, end. */
static void
host_action(struct host *h, const char *text)
{
	HOST_NOTIFY(h, action, text);
	if (str_starts_with(text, "prompt_end")) {
		host_prompt_clear(h);
		HOST_NOTIFY(h, prompt, NULL, NULL, 0);
	} else if (str_starts_with(text, "prompt_begin")) {
		host_prompt_clear(h);
		h->prompt_message = str_trim(xstrdup(text + 12));
	} else if (str_starts_with(text, "prompt_button") ||
	    str_starts_with(text, "prompt_choice")) {
		if (h->prompt_nbuttons < HOST_MAX_BUTTONS)
			h->prompt_buttons[h->prompt_nbuttons++] =
			    str_trim(xstrdup(text + 13));
	} else if (str_starts_with(text, "prompt_show")) {
		HOST_NOTIFY(h, prompt, h->prompt_message != NULL ?
		    h->prompt_message : "",
		    (const char *const *)h->prompt_buttons, h->prompt_nbuttons);
	}
}

/* Prusa-Firmware's process_commands(): "Unknown M code: $12 M9999". */
static bool
unknown_code(const char *line)
{
	return str_starts_with(line, "Unknown ") && line[8] >= 'A' &&
	    line[8] <= 'Z' && str_starts_with(line + 9, " code:");
}

/* RepRapFirmware's "Warning: M410: Command is not supported" (its
 * HandleResult() for a code it lacks). */
static bool
unsupported_code(const char *line)
{
	return str_starts_with(line, "Warning: ") &&
	    strstr(line, ": Command is not supported") != NULL;
}

static bool
host_line_is_failure(const char *line)
{
	return str_starts_with(line, "Error:") || str_starts_with(line, "!!") ||
	    strstr(line, "Unknown command") != NULL || unknown_code(line) ||
	    unsupported_code(line) ||
	    strstr(line, "cold extrusion prevented") != NULL ||
	    strstr(line, "too long extrusion prevented") != NULL;
}

static bool
host_ok_on_receipt(const struct host *h)
{
	return h->st.flavour == HOST_FLAVOUR_REPETIER;
}

/* The line that ends a command's run, for commands that print one. */
static bool
host_cmd_answered_by(const struct host_cmd *c, const struct gcode_reply *r)
{
	struct gcode_cmd g;

	if (!gcode_word(c->cmd, strlen(c->cmd), &g))
		return false;
	if (gcode_is(&g, 'M', 105))	/* not M109's own W: reports */
		return r->kind == GCODE_REPLY_TEMPS &&
		    r->temps.wait_seconds == -2 && r->temps.wait_tool < 0;
	if (gcode_is(&g, 'M', 114))
		return r->kind == GCODE_REPLY_POSITION;
	return false;
}

/* A command taken by ok-on-receipt firmware has run: its reply is whole. */
static void
host_taken_finish(struct host *h, uint64_t tag)
{
	struct host_cmd *c = host_list_take(&h->taken, tag);

	if (c != NULL)
		host_cmd_finish(h, c, c->failed ? HOST_RESULT_ERROR :
		    HOST_RESULT_OK, NULL);
}

/* Every taken command up to (not including) tag has run. */
static void
host_taken_finish_before(struct host *h, uint64_t tag)
{
	while (h->taken.head != NULL && h->taken.head->tag != tag)
		host_taken_finish(h, h->taken.head->tag);
}

/*
 * Repetier answers "ok <N>" when it takes a line and prints what the line
 * says when it runs it, later: a reply after an ok belongs to the oldest
 * command taken and not yet run. Commands run in order, so the line that
 * ends one command's run (M105's temperatures, M114's position) also says
 * that every command before it ran; "wait" (the queue is empty) says that
 * all of them did.
 */
static void
host_taken_line(struct host *h, const char *line, const struct gcode_reply *r)
{
	struct host_cmd *c;

	if (h->taken.head == NULL)
		return;
	switch (r->kind) {
	case GCODE_REPLY_WAIT:
		host_taken_finish_before(h, 0);
		return;
	case GCODE_REPLY_OK:
	case GCODE_REPLY_SKIP:
	case GCODE_REPLY_RESEND:
	case GCODE_REPLY_BUSY:
	case GCODE_REPLY_START:
	case GCODE_REPLY_EMPTY:
		return;
	case GCODE_REPLY_ERROR:
		if (r->comm_error)
			return;
		break;
	default:
		break;
	}
	for (c = h->taken.head; c != NULL; c = c->next) {
		if (host_cmd_answered_by(c, r))
			break;
	}
	if (c != NULL) {
		uint64_t tag = c->tag;

		host_taken_finish_before(h, tag);
		if ((c = h->taken.head) == NULL || c->tag != tag)
			return;
		if (r->kind == GCODE_REPLY_TEMPS) {
			free(c->ok_text);
			c->ok_text = xstrdup(line);	/* as "ok T:..." elsewhere */
		} else
			host_cmd_add_line(c, line);
		host_taken_finish(h, tag);
		return;
	}
	c = h->taken.head;
	host_cmd_add_line(c, line);
	if (host_line_is_failure(line) && !c->failed) {
		c->failed = true;
		c->message = xstrdup(line);
	}
}

static void
host_received(struct host *h, const char *line)
{
	struct gcode_reply r;

	if (h->st.link == HOST_LINK_NOT_RESPONDING && h->proto != NULL &&
	    proto_info(h->proto)->ready) {
		host_notice(h, "the printer is responding again");
		host_set_link(h, HOST_LINK_READY);
	}
	h->last_rx = clock_ms();
	gcode_reply_parse(line, strlen(line), &r);
	if (r.has_position) {
		bool moved = !h->st.has_position || h->st.x != r.position.x ||
		    h->st.y != r.position.y || h->st.z != r.position.z ||
		    h->st.e != r.position.e;

		h->st.has_position = true;
		h->st.x = r.position.x;
		h->st.y = r.position.y;
		h->st.z = r.position.z;
		h->st.e = r.position.e;
		if (moved)
			HOST_NOTIFY(h, position, &h->st);
	}
	/* Text after "ok" other than temperatures reaches the command as an
	 * output line already. */
	if (r.kind == GCODE_REPLY_OK) {
		free(h->pending_ok_text);
		h->pending_ok_text = r.msglen > 0 && r.has_temps ?
		    xstrndup(r.msg, r.msglen) : NULL;
	}
	HOST_NOTIFY(h, line_received, line);
	if (host_ok_on_receipt(h))
		host_taken_line(h, line, &r);
}

static void
host_acked(struct host *h, uint64_t tag)
{
	struct host_cmd *c = host_list_take(&h->sent, tag);
	struct gcode_cmd g;

	if (c == NULL) {
		free(h->pending_ok_text);
		h->pending_ok_text = NULL;
		return;
	}
	/* "ok T:..." answers an M105; after a lost ok it may be a poke's. */
	if (str_starts_with(c->cmd, "M105")) {
		c->ok_text = h->pending_ok_text;
		h->pending_ok_text = NULL;
	}
	/* Only homing and motors off change what is homed: the parameters
	 * of every other acknowledged line are not worth reading. */
	if (gcode_word(c->cmd, strlen(c->cmd), &g) &&
	    (gcode_is(&g, 'G', 28) || gcode_is(&g, 'M', 84) ||
	    gcode_is(&g, 'M', 18) || gcode_is(&g, 'M', 410)) &&
	    gcode_parse(c->cmd, strlen(c->cmd), &g)) {
		bool x = gcode_param(&g, 'X') != NULL;
		bool y = gcode_param(&g, 'Y') != NULL;
		bool z = gcode_param(&g, 'Z') != NULL;
		bool all = !x && !y && !z;

		if (gcode_is(&g, 'G', 28) && !c->failed) {
			h->st.homed[0] |= all || x;
			h->st.homed[1] |= all || y;
			h->st.homed[2] |= all || z;
			h->m114_wanted = true;
		} else if (gcode_is(&g, 'M', 84) || gcode_is(&g, 'M', 18) ||
		    gcode_is(&g, 'M', 410)) {
			if (gcode_param(&g, 'S') == NULL || !all) {
				h->st.homed[0] &= !(all || x);
				h->st.homed[1] &= !(all || y);
				h->st.homed[2] &= !(all || z);
			}
		}
	}
	/* Taken, not run: its reply is still to come (a print's lines need
	 * none, and the job counts them as they are taken). */
	if (host_ok_on_receipt(h) && !c->fed) {
		host_list_push(&h->taken, c);
		return;
	}
	host_cmd_finish(h, c, c->failed ? HOST_RESULT_ERROR : HOST_RESULT_OK,
	    NULL);
}

static void
host_output(struct host *h, const char *line, uint64_t tag)
{
	struct host_cmd *c = host_list_owner(&h->sent, tag);

	/* Output comes after the ok there: host_taken_line has it. */
	if (c == NULL || host_ok_on_receipt(h))
		return;
	host_cmd_add_line(c, line);
	if (host_line_is_failure(line) && !c->failed) {
		c->failed = true;
		c->message = xstrdup(line);
	}
}

static void
host_error(struct host *h, const char *text, uint64_t tag)
{
	struct gcode_reply r;
	struct host_cmd *c = host_list_owner(&h->sent, tag);

	host_copy(h->st.last_error, sizeof h->st.last_error, text);
	gcode_reply_parse(text, strlen(text), &r);
	/* Line-number and checksum complaints are repaired by resends. */
	if (r.comm_error || strstr(text, "Last Line") != NULL ||
	    strstr(text, "checksum") != NULL || strstr(text, "Line Number") != NULL)
		return;
	if (host_ok_on_receipt(h))
		return;		/* a taken command's (host_taken_line) */
	if (c != NULL && !c->failed) {
		c->failed = true;
		c->message = xstrdup(text);
	}
}

static void
host_halted(struct host *h, const char *message)
{
	host_copy(h->st.halt_message, sizeof h->st.halt_message, message);
	h->feeder_blocked = true;
	host_set_link(h, HOST_LINK_HALTED);
	guard_state_init(&h->guard);
	memset(h->st.homed, 0, sizeof h->st.homed);
	HOST_NOTIFY(h, halted, message);
	host_finish_all(h, HOST_RESULT_HALTED, message);
}

static void
host_ready(struct host *h)
{
	const struct proto_info *info = proto_info(h->proto);
	bool again = h->ever_ready;
	struct host_cmd *c, *next;

	host_copy(h->st.firmware_name, sizeof h->st.firmware_name,
	    info->firmware_name);
	host_copy(h->st.firmware_version, sizeof h->st.firmware_version,
	    info->firmware_version);
	host_copy(h->st.machine_type, sizeof h->st.machine_type,
	    info->machine_type);
	switch (gcode_flavour_detect(info->firmware_name)) {
	case GCODE_FLAVOUR_MARLIN:
		h->st.flavour = HOST_FLAVOUR_MARLIN;
		break;
	case GCODE_FLAVOUR_PRUSA:
		h->st.flavour = HOST_FLAVOUR_PRUSA;
		break;
	case GCODE_FLAVOUR_KLIPPER:
		h->st.flavour = HOST_FLAVOUR_KLIPPER;
		break;
	case GCODE_FLAVOUR_RRF:
		h->st.flavour = HOST_FLAVOUR_RRF;
		break;
	case GCODE_FLAVOUR_REPETIER:
		h->st.flavour = HOST_FLAVOUR_REPETIER;
		break;
	case GCODE_FLAVOUR_UNKNOWN:
		h->st.flavour = h->profile->flavour;
		break;
	}
	h->st.cap_autoreport_temp = info->cap_autoreport_temp;
	h->st.cap_autoreport_pos = info->cap_autoreport_pos;
	h->st.cap_emergency_parser = info->cap_emergency_parser;
	h->st.cap_prompt_support = info->cap_prompt_support;
	h->st.cap_host_action = info->cap_host_action;
	h->st.advanced_ok = info->advanced_ok;
	h->st.windowed = info->mode == PROTO_WINDOWED;
	h->ever_ready = true;
	h->ready_at = clock_ms();
	host_active(h);
	h->next_poll = h->ready_at;
	host_set_link(h, HOST_LINK_READY);

	/* Domain §4: heaters left on while nobody watched are switched off. */
	if (h->heaters_were_on) {
		h->heaters_were_on = false;
		host_heaters_off(h);
		host_notice(h, "the heaters were on when the printer "
		    "disconnected: switched them off (M104 S0, M140 S0)");
	}
	/* A profile may know better than the Cap line (quirk no-autoreport). */
	h->st.cap_autoreport_temp = info->cap_autoreport_temp &&
	    !host_profile_has_quirk(h->profile, "no-autoreport");
	if (h->st.cap_autoreport_temp)
		host_queue(h, "M155 S1", HOST_SRC_HOST, NULL, NULL, true, NULL);
	if (h->st.cap_autoreport_pos && h->position_watchers > 0)
		host_queue(h, "M154 S1", HOST_SRC_HOST, NULL, NULL, true, NULL);
	h->position_poll_outstanding = false;
	h->moves_reported = h->moves_queued;
	for (c = h->waiting.head; c != NULL; c = next) {
		next = c->next;
		host_list_push(&h->sent, c);
		if (proto_queue(h->proto, c->cmd, c->tag, false) != 0) {
			host_list_take(&h->sent, c->tag);
			host_cmd_finish(h, c, HOST_RESULT_ERROR,
			    "command too long to send");
		}
	}
	memset(&h->waiting, 0, sizeof h->waiting);
	if (again)
		HOST_NOTIFY0(h, reconnected);
}

static bool
host_wants_line_sent(const struct host *h)
{
	for (int i = 0; i < h->nlisteners; i++) {
		if (!h->listeners[i].dead && h->listeners[i].l.line_sent != NULL)
			return true;
	}
	return false;
}

static void
host_proto_event(const struct proto_event *ev, void *data)
{
	struct host *h = data;
	char *text;
	size_t len;

	switch (ev->kind) {
	case PROTO_EV_RECEIVED:
		host_received(h, ev->text);
		host_caps(h);
		break;
	case PROTO_EV_SENT:
		/* Every line of a print passes here: nothing to do unless a
		 * listener (a console, the TUI's traffic view) wants them. */
		if (!host_wants_line_sent(h))
			break;
		len = strlen(ev->text);
		while (len > 0 && (ev->text[len - 1] == '\n' ||
		    ev->text[len - 1] == '\r'))
			len--;
		text = xstrndup(ev->text, len);
		HOST_NOTIFY(h, line_sent, text);
		free(text);
		break;
	case PROTO_EV_READY:
		host_ready(h);
		break;
	case PROTO_EV_ACK:
		host_acked(h, ev->tag);
		break;
	case PROTO_EV_OUTPUT:
		host_output(h, ev->text, ev->tag);
		break;
	case PROTO_EV_TEMPS:
		if (ev->temps != NULL)
			host_update_temps(h, ev->temps);
		break;
	case PROTO_EV_BUSY:
	case PROTO_EV_RESEND:
		break;
	case PROTO_EV_ERROR:
		host_error(h, ev->text, ev->tag);
		break;
	case PROTO_EV_ACTION:
		host_action(h, ev->text);
		break;
	case PROTO_EV_HALTED:
		host_trace(h, "halted");
		host_halted(h, ev->text);
		break;
	case PROTO_EV_RESTARTED:
		h->restart_pending = true;
		break;
	case PROTO_EV_NOT_RESPONDING:
		host_copy(h->st.last_error, sizeof h->st.last_error, ev->text);
		host_trace(h, "not responding");
		host_set_link(h, HOST_LINK_NOT_RESPONDING);
		break;
	case PROTO_EV_WINDOW:
		/* A board that holds less than its profile claims is a
		 * profile to correct; noise spoils the test too, so say both. */
		if (ev->text != NULL && h->proto != NULL)
			host_notice(h, "the buffer test did not pass (%s): "
			    "sending at most %ld bytes at a time; if this "
			    "happens on every print, the printer's receive "
			    "buffer holds less than the profile's rx_buffer "
			    "of %zu bytes: lower it", ev->text, ev->line,
			    proto_info(h->proto)->rx_buffer);
		break;
	case PROTO_EV_GAVE_UP:
		host_trace(h, "gave up");
		text = xasprintf("communication failed: %s",
		    ev->text != NULL ? ev->text : "the link gave up");
		host_halted(h, text);
		free(text);
		break;
	}
}

/*
 * The capabilities as the firmware states them, whenever a Cap: line
 * arrives: after a reset they are read again with the new handshake, so
 * the emergency parser is never claimed missing (or present) from an old
 * session.
 */
static void
host_caps(struct host *h)
{
	const struct proto_info *info;

	if (h->proto == NULL)
		return;
	info = proto_info(h->proto);
	h->st.cap_emergency_parser = info->cap_emergency_parser;
	h->st.cap_autoreport_pos = info->cap_autoreport_pos;
	h->st.cap_prompt_support = info->cap_prompt_support;
	h->st.cap_host_action = info->cap_host_action;
	h->st.advanced_ok = info->advanced_ok;
}

/* The last lines each way, for a report that must explain a failure. */
static void
host_trace(struct host *h, const char *what)
{
	struct buf b;

	if (h->proto == NULL)
		return;
	buf_init(&b);
	if (proto_trace(h->proto, &b) > 0)
		host_notice(h, "link trace (%s), seconds before the last line:\n%s",
		    what, b.data);
	buf_free(&b);
}

/* The printer rebooted by itself ("start"): nothing it had survives. */
static void
host_restart(struct host *h)
{
	h->restart_pending = false;
	h->m114_wanted = false;
	/* A job must not carry on into a cold, unhomed printer by itself. */
	h->feeder_blocked = true;
	guard_state_init(&h->guard);
	memset(h->st.homed, 0, sizeof h->st.homed);
	h->heaters_were_on = false;
	/* Its capabilities come again with the new handshake. */
	h->st.cap_autoreport_temp = h->st.cap_emergency_parser = false;
	h->st.cap_autoreport_pos = false;
	h->st.cap_prompt_support = h->st.cap_host_action = false;
	h->st.advanced_ok = false;
	host_notice(h, "the printer restarted: it is no longer homed and its "
	    "heaters are off");
	host_set_link(h, HOST_LINK_CONNECTING);
	host_finish_all(h, HOST_RESULT_ERROR, "the printer restarted before "
	    "confirming this command");
	host_start_handshake(h);
}

/* I/O. */

static void
host_boot_feed(struct host *h, const char *data, size_t len, uint64_t now)
{
	h->boot_any_rx = true;
	h->boot_last_rx = now;
	for (size_t i = 0; i < len; i++) {
		if (data[i] != '\n') {
			buf_append(&h->boot_line, &data[i], 1);
			continue;
		}
		if (h->boot_line.len > 0) {
			str_trim(h->boot_line.data);
			if (strcmp(h->boot_line.data, "start") == 0)
				h->boot_start_seen = true;
			if (h->boot_line.data[0] != '\0')
				HOST_NOTIFY(h, line_received,
				    h->boot_line.data);
		}
		buf_reset(&h->boot_line);
	}
}

static void
host_feed(struct host *h, const char *data, size_t len)
{
	uint64_t now = clock_ms();

	if (h->booting) {
		host_boot_feed(h, data, len, now);
		return;
	}
	if (h->proto == NULL)
		return;
	h->in_proto++;
	proto_feed(h->proto, data, len, now);
	h->in_proto--;
	host_reap_proto(h);
}

static void
host_fd_cb(int fd, short revents, void *data)
{
	struct host *h = data;
	char chunk[HOST_READ_CHUNK];
	ssize_t n;
	int rounds = 0;

	(void)fd;
	if (revents & (POLLIN | POLLHUP | POLLERR)) {
		/*
		 * One read per wake-up is the common case: a short read means
		 * the port is drained, and asking again would only cost an
		 * EAGAIN system call per reply. Only a full chunk reads on,
		 * bounded so a flood cannot starve the keyboard.
		 */
		while (h->open && rounds++ < 64) {
			n = transport_read(&h->t, chunk, sizeof chunk);
			if (n < 0) {
				host_lost(h, strerror(errno));
				return;
			}
			if (n == 0)
				break;
			host_feed(h, chunk, (size_t)n);
			if ((size_t)n < sizeof chunk)
				break;
		}
	}
	if (!h->open)
		return;
	if (revents & (POLLHUP | POLLERR | POLLNVAL)) {
		host_lost(h, "the port hung up");
		return;
	}
	if (revents & POLLOUT)
		host_flush(h);
}

static void
host_flush(struct host *h)
{
	ssize_t n;

	if (!h->open)
		return;
	if (h->proto != NULL) {
		h->in_proto++;
		proto_output(h->proto, &h->out);
		h->in_proto--;
		host_reap_proto(h);
	}
	while (h->open && h->out.len > 0) {
		n = transport_write(&h->t, h->out.data, h->out.len);
		if (n < 0) {
			host_lost(h, strerror(errno));
			return;
		}
		if (n == 0)
			break;
		buf_consume(&h->out, (size_t)n);
	}
	if (h->open && h->fdw != NULL)
		loop_fd_set_events(h->fdw, h->out.len > 0 ?
		    POLLIN | POLLOUT : POLLIN);
}

/* Moves what proto has to send into h->out, to be written by host_flush. */
static void
host_take_output(struct host *h)
{
	h->in_proto++;
	proto_output(h->proto, &h->out);
	h->in_proto--;
	host_reap_proto(h);
}

static void
host_pull_feeder(struct host *h)
{
	char cmd[GCODE_MAX_LINE], canon[GCODE_MAX_LINE];
	uint64_t tag;
	char *reason = NULL;
	struct host_cmd *c;
	bool fed = false, unsent = false;
	int rc;

	/*
	 * proto_wants_more is false while a queued line waits to be written,
	 * so each line goes into the output buffer as soon as it is queued:
	 * the feeder is asked again until the window is full, and host_flush
	 * writes the whole batch at once. A write per line would cost a pty
	 * write and a wake-up of the printer's side for each. Refilling
	 * starts only once half the window is free (proto_wants_batch), so
	 * the batches stay several lines long.
	 */
	for (;;) {
		if (!h->has_feeder || h->feeder_blocked || h->feeder_idle ||
		    h->st.link != HOST_LINK_READY || h->proto == NULL)
			break;
		if (unsent) {
			unsent = false;
			host_take_output(h);
			continue;	/* a listener may have changed the link */
		}
		if (!(fed ? proto_wants_more(h->proto) :
		    proto_wants_batch(h->proto)))
			break;
		rc = h->feeder.next(cmd, sizeof cmd, &tag, h->feeder.data);
		if (rc <= 0) {
			h->feeder_idle = true;
			break;
		}
		h->guard.flavour = h->st.flavour;
		if (guard_judge(&h->guard, h->profile, cmd, HOST_SRC_JOB,
		    canon, sizeof canon, &reason) != 0) {
			h->feeder_blocked = true;
			h->st.refused++;
			HOST_NOTIFY(h, refused, cmd, HOST_SRC_JOB, reason);
			if (h->feeder.refused != NULL)
				h->feeder.refused(tag, cmd, reason,
				    h->feeder.data);
			free(reason);
			break;
		}
		/* What was judged is what is sent: the canonical form. */
		guard_apply(&h->guard, h->profile, canon);
		c = xcalloc(1, sizeof *c);
		c->tag = ++h->next_tag;
		c->cmd = xstrdup(canon);
		c->source = HOST_SRC_JOB;
		c->fed = true;
		c->feed_tag = tag;
		host_list_push(&h->sent, c);
		if (proto_queue(h->proto, canon, c->tag, false) != 0) {
			host_list_take(&h->sent, c->tag);
			host_cmd_finish(h, c, HOST_RESULT_ERROR,
			    "command too long to send");
		}
		fed = unsent = true;
	}
	if (fed)
		host_active(h);
}

static void
host_reap_listeners(struct host *h)
{
	int j = 0;

	if (h->notifying > 0)
		return;
	for (int i = 0; i < h->nlisteners; i++) {
		if (!h->listeners[i].dead)
			h->listeners[j++] = h->listeners[i];
	}
	h->nlisteners = j;
}

static void
host_hook(void *data)
{
	struct host *h = data;
	uint64_t due;

	host_reap_listeners(h);
	if (h->lost_pending) {
		/* Taken out of the host first: host_lost may store a new
		 * reason while this one is still being read. */
		char *why = h->lost_why;

		h->lost_pending = false;
		h->lost_why = NULL;
		host_lost(h, why != NULL ? why : "lost");
		free(why);
	}
	if (h->restart_pending && h->open)
		host_restart(h);
	host_pull_feeder(h);
	host_flush(h);
	if (h->proto != NULL && h->proto_timer != NULL) {
		due = proto_deadline(h->proto);
		loop_timer_set(h->proto_timer, due);
	}
}

static uint64_t
host_proto_timer_cb(uint64_t now, void *data)
{
	struct host *h = data;

	if (h->proto == NULL)
		return 0;
	h->in_proto++;
	proto_tick(h->proto, now);
	h->in_proto--;
	host_reap_proto(h);
	return h->proto != NULL ? proto_deadline(h->proto) : 0;
}

static void
host_try_reconnect(struct host *h, uint64_t now)
{
	char *cause = NULL;

	h->next_reconnect = now + HOST_RECONNECT_MS;
	if (transport_open(&h->t, h->path, h->baud, &cause) != 0) {
		/* Report a new kind of failure once, not every attempt. */
		if (errno != ENOENT && errno != h->reconnect_errno)
			host_notice(h, "cannot reopen the port yet: %s", cause);
		h->reconnect_errno = errno;
		free(cause);
		return;
	}
	h->reconnect_errno = 0;
	h->open = true;
	host_watch_port(h);
	host_notice(h, "the printer is back on %s: connecting", h->path);
	host_set_link(h, HOST_LINK_CONNECTING);
	if (h->profile->reset_on_open) {
		h->booting = true;
		h->boot_start_seen = h->boot_any_rx = false;
		h->boot_began = h->boot_last_rx = now;
	} else
		host_start_handshake(h);
}

static bool
host_boot_done(const struct host *h, uint64_t now)
{
	if (host_since(now, h->boot_began) >= HOST_BOOT_MAX_MS)
		return true;
	if (h->boot_start_seen)
		return host_since(now, h->boot_last_rx) >= HOST_BOOT_QUIET_MS;
	if (!h->boot_any_rx)
		return host_since(now, h->boot_began) >= HOST_BOOT_SILENT_MS;
	return host_since(now, h->boot_last_rx) >= 2 * HOST_BOOT_QUIET_MS;
}

static void
host_poll_temps(struct host *h, uint64_t now)
{
	bool heating = host_heating(h);
	bool stale = host_since(now, h->st.temps_ms) >= HOST_AUTOREPORT_STALE_MS &&
	    host_since(now, h->ready_at) >= HOST_AUTOREPORT_STALE_MS;

	if (h->poll_outstanding || now < h->next_poll)
		return;
	if (h->st.cap_autoreport_temp && !stale)
		return;
	h->next_poll = now + (heating ? HOST_POLL_HEATING_MS : HOST_POLL_IDLE_MS);
	if (host_queue(h, "M105", HOST_SRC_HOST, NULL, NULL, true, NULL) == 0)
		h->poll_outstanding = true;
}

static void
host_position_polled(const struct host_reply *reply, void *data)
{
	struct host *h = data;

	h->position_poll_outstanding = false;
	/* Commands run in order: the reply covers every move before it. */
	if (reply->result == HOST_RESULT_OK)
		h->moves_reported = h->position_poll_mark;
}

/*
 * Marlin's M114 reports the end of the last move its planner took, and
 * answers as soon as the move before it is planned: while moves are still
 * being taken the reply moves on. One at a time, at most every
 * HOST_POSITION_POLL_MS, and never while a job streams (the file's lines
 * keep the window full; M112 never waits behind anything).
 */
static void
host_poll_position(struct host *h, uint64_t now)
{
	if (h->position_watchers <= 0 || h->st.cap_autoreport_pos ||
	    h->has_feeder || h->position_poll_outstanding ||
	    h->moves_reported == h->moves_queued || now < h->next_position_poll)
		return;
	h->next_position_poll = now + HOST_POSITION_POLL_MS;
	h->position_poll_mark = h->moves_queued;
	if (host_queue(h, "M114", HOST_SRC_HOST, host_position_polled, h,
	    true, NULL) == 0)
		h->position_poll_outstanding = true;
}

void
host_watch_position(struct host *h, bool on)
{
	int before = h->position_watchers;

	h->position_watchers += on ? 1 : -1;
	if (h->position_watchers < 0)
		h->position_watchers = 0;
	if ((before == 0) == (h->position_watchers == 0) ||
	    !h->st.cap_autoreport_pos || h->st.link != HOST_LINK_READY)
		return;
	host_queue(h, h->position_watchers > 0 ? "M154 S1" : "M154 S0",
	    HOST_SRC_HOST, NULL, NULL, true, NULL);
}

static void
host_active(struct host *h)
{
	h->last_activity = clock_ms();
	h->idle_nozzle_off = h->idle_bed_off = false;
}

static bool
host_target_on(const struct host *h, bool bed)
{
	if (bed ? h->guard.bed_target > 0 : h->guard.nozzle_target > 0)
		return true;
	return h->st.has_temps &&
	    (bed ? h->st.bed_target > 0 : h->st.nozzle_target > 0);
}

/* Heaters nobody has used for a while go off (Marlin's HOTEND_IDLE_TIMEOUT,
 * Prusa's safety timer), with a notice saying why. */
static void
host_idle_heaters(struct host *h, uint64_t now)
{
	uint64_t idle = host_since(now, h->last_activity);

	if (h->idle_nozzle_ms > 0 && !h->idle_nozzle_off &&
	    idle >= h->idle_nozzle_ms && host_target_on(h, false)) {
		h->idle_nozzle_off = true;
		host_queue(h, "M104 S0", HOST_SRC_HOST, NULL, NULL, true, NULL);
		host_notice(h, "the nozzle heater was on with nothing happening "
		    "for %u min: switched it off (M104 S0)",
		    (h->idle_nozzle_ms + 59999) / 60000);
	}
	if (h->idle_bed_ms > 0 && !h->idle_bed_off &&
	    idle >= h->idle_bed_ms && host_target_on(h, true)) {
		h->idle_bed_off = true;
		host_queue(h, "M140 S0", HOST_SRC_HOST, NULL, NULL, true, NULL);
		host_notice(h, "the bed heater was on with nothing happening "
		    "for %u min: switched it off (M140 S0)",
		    (h->idle_bed_ms + 59999) / 60000);
	}
}

static uint64_t
host_tick_cb(uint64_t now, void *data)
{
	struct host *h = data;
	uint64_t last;

	switch (h->st.link) {
	case HOST_LINK_RECONNECTING:
		if (now >= h->next_reconnect)
			host_try_reconnect(h, now);
		break;
	case HOST_LINK_CONNECTING:
		if (h->booting && host_boot_done(h, now))
			host_start_handshake(h);
		break;
	case HOST_LINK_READY:
	case HOST_LINK_NOT_RESPONDING:
		host_poll_temps(h, now);
		host_idle_heaters(h, now);
		if (h->taken.head != NULL &&
		    host_since(now, h->last_rx) >= HOST_TAKEN_QUIET_MS)
			host_taken_finish_before(h, 0);
		if (h->m114_wanted && !h->has_feeder) {
			h->m114_wanted = false;
			host_queue(h, "M114", HOST_SRC_HOST, NULL, NULL, true,
			    NULL);
		}
		host_poll_position(h, now);
		last = h->st.temps_ms != 0 ? h->st.temps_ms : h->ready_at;
		if (host_heating(h) && !h->st.unsupervised &&
		    host_since(now, last) >= HOST_WATCHDOG_MS) {
			h->st.unsupervised = true;
			host_notice(h, "no temperature report for %d s while "
			    "heating: the heaters are unsupervised",
			    HOST_WATCHDOG_MS / 1000);
		}
		break;
	case HOST_LINK_DISCONNECTED:
	case HOST_LINK_HALTED:
		break;
	}
	return now + HOST_TICK_MS;
}

/*
 * Whatever ends layerlab while a port is open, the printer hears its heaters
 * switched off (unnumbered lines: the firmware takes them after any partial
 * line the newline ends).
 */
static void
host_watch_port(struct host *h)
{
	h->fdw = loop_fd_add(h->loop, h->t.fd, POLLIN, host_fd_cb, h);
	lastword_remove_bytes(h->lastword);
	h->lastword = lastword_add_bytes(h->t.fd, "\nM104 S0\nM140 S0\n");
}

static void
host_close_port(struct host *h)
{
	lastword_remove_bytes(h->lastword);
	h->lastword = -1;
	if (h->fdw != NULL)
		loop_fd_remove(h->fdw);
	h->fdw = NULL;
	if (h->open)
		transport_close(&h->t);
	h->open = false;
	h->booting = false;
	buf_reset(&h->out);
	buf_reset(&h->boot_line);
	host_drop_proto(h);
	free(h->pending_ok_text);
	h->pending_ok_text = NULL;
}

/* The device went away: tell everyone, end every command, wait for it. */
static void
host_lost(struct host *h, const char *detail)
{
	char *why;

	if (!h->open)
		return;
	if (h->in_proto > 0) {
		/* Not inside proto's own callbacks: finish in the hook. */
		if (!h->lost_pending) {
			/* detail may be lost_why itself (from the hook). */
			char *copy = xstrdup(detail);

			h->lost_pending = true;
			free(h->lost_why);
			h->lost_why = copy;
		}
		return;
	}
	why = xasprintf("the printer disconnected (%s: %s): is the USB cable "
	    "plugged in and the printer switched on?", h->path, detail);
	h->heaters_were_on = h->heaters_were_on || host_heating(h);
	host_close_port(h);
	host_copy(h->st.last_error, sizeof h->st.last_error, why);
	guard_state_init(&h->guard);
	memset(h->st.homed, 0, sizeof h->st.homed);
	h->st.has_temps = false;
	h->st.has_position = false;
	h->m114_wanted = false;
	h->feeder_blocked = true;
	h->next_reconnect = clock_ms() + HOST_RECONNECT_MS;
	h->reconnect_errno = 0;
	host_set_link(h, h->reconnect ? HOST_LINK_RECONNECTING :
	    HOST_LINK_DISCONNECTED);
	HOST_NOTIFY(h, disconnected, why);
	host_finish_all(h, HOST_RESULT_DISCONNECTED, why);
	free(why);
}

/* Public interface. */

struct loop *
host_loop(const struct host *h)
{
	return h->loop;
}

struct host *
host_new(struct loop *loop, const struct host_profile *profile)
{
	struct host *h = xcalloc(1, sizeof *h);

	h->loop = loop;
	h->lastword = -1;
	h->profile = profile;
	h->t.fd = -1;
	h->reconnect = true;
	buf_init(&h->out);
	buf_init(&h->boot_line);
	guard_state_init(&h->guard);
	h->st.link = HOST_LINK_DISCONNECTED;
	h->st.flavour = profile->flavour;
	h->st.nozzle_power = h->st.bed_power = -1;
	h->idle_nozzle_ms = HOST_IDLE_NOZZLE_MS;
	h->idle_bed_ms = HOST_IDLE_BED_MS;
	h->last_activity = clock_ms();
	h->proto_timer = loop_timer_add(loop, 0, host_proto_timer_cb, h);
	h->tick_timer = loop_timer_add(loop, clock_ms() + HOST_TICK_MS,
	    host_tick_cb, h);
	loop_hook_add(loop, host_hook, h);
	return h;
}

void
host_free(struct host *h)
{
	if (h == NULL)
		return;
	host_close(h);
	if (h->dead_proto != NULL)
		proto_free(h->dead_proto);
	loop_timer_remove(h->proto_timer);
	loop_timer_remove(h->tick_timer);
	loop_hook_remove(h->loop, host_hook, h);
	host_prompt_clear(h);
	buf_free(&h->out);
	buf_free(&h->boot_line);
	free(h->listeners);
	free(h->lost_why);
	free(h->path);
	free(h);
}

int
host_open(struct host *h, const char *path, int baud, char **cause)
{
	uint64_t now = clock_ms();

	host_close(h);
	if (baud <= 0)
		baud = h->profile->baud > 0 ? h->profile->baud : 115200;
	if (transport_open(&h->t, path, baud, cause) != 0)
		return -1;
	free(h->path);
	h->path = xstrdup(path);
	h->baud = baud;
	h->open = true;
	h->ever_ready = false;
	h->heaters_were_on = false;
	memset(&h->st, 0, sizeof h->st);
	h->st.link = HOST_LINK_DISCONNECTED;
	h->st.flavour = h->profile->flavour;
	h->st.nozzle_power = h->st.bed_power = -1;
	host_copy(h->st.port, sizeof h->st.port, path);
	h->st.baud = baud;
	guard_state_init(&h->guard);
	host_watch_port(h);
	host_set_link(h, HOST_LINK_CONNECTING);
	if (h->profile->reset_on_open) {
		h->booting = true;
		h->boot_start_seen = h->boot_any_rx = false;
		h->boot_began = h->boot_last_rx = now;
	} else
		host_start_handshake(h);
	return 0;
}

void
host_close(struct host *h)
{
	bool was = h->open || h->st.link == HOST_LINK_RECONNECTING;

	host_close_port(h);
	if (!was)
		return;
	host_set_link(h, HOST_LINK_DISCONNECTED);
	host_finish_all(h, HOST_RESULT_DISCONNECTED, "the port was closed");
}

void
host_set_reconnect(struct host *h, bool on)
{
	h->reconnect = on;
}

void
host_set_idle_timeouts(struct host *h, unsigned nozzle_ms, unsigned bed_ms)
{
	h->idle_nozzle_ms = nozzle_ms;
	h->idle_bed_ms = bed_ms;
}

int
host_listen(struct host *h, const struct host_listener *l)
{
	h->listeners = xrealloc(h->listeners,
	    (size_t)(h->nlisteners + 1) * sizeof *h->listeners);
	h->listeners[h->nlisteners].id = ++h->next_listener_id;
	h->listeners[h->nlisteners].dead = false;
	h->listeners[h->nlisteners].l = *l;
	h->nlisteners++;
	return h->next_listener_id;
}

void
host_unlisten(struct host *h, int id)
{
	for (int i = 0; i < h->nlisteners; i++) {
		if (h->listeners[i].id == id)
			h->listeners[i].dead = true;
	}
	host_reap_listeners(h);
}

static int
host_refuse_link(struct host *h, char **refusal)
{
	switch (h->st.link) {
	case HOST_LINK_DISCONNECTED:
		set_cause(refusal, "not connected to a printer");
		return -1;
	case HOST_LINK_RECONNECTING:
		set_cause(refusal, "the printer is disconnected (waiting for "
		    "%s to come back)", h->path != NULL ? h->path : "the port");
		return -1;
	case HOST_LINK_HALTED:
		set_cause(refusal, "the printer has halted (%s): reset or "
		    "power-cycle it, then reconnect", h->st.halt_message);
		return -1;
	case HOST_LINK_CONNECTING:
	case HOST_LINK_READY:
	case HOST_LINK_NOT_RESPONDING:
		break;
	}
	return 0;
}

static bool
host_is_m112(const char *cmd)
{
	struct gcode_cmd g;

	return gcode_parse(cmd, strlen(cmd), &g) && gcode_is(&g, 'M', 112) &&
	    g.subcode < 0;
}

/* A command that makes the planner move the head. */
static bool
host_is_move(const char *cmd)
{
	struct gcode_cmd g;

	if (!gcode_parse(cmd, strlen(cmd), &g) || g.letter != 'G')
		return false;
	return g.code <= 3 || g.code == 28 || g.code == 29 || g.code == 30 ||
	    g.code == 80;
}

static int
host_queue(struct host *h, const char *cmd, enum host_source source,
    host_done_cb done, void *data, bool internal, char **refusal)
{
	char stripped[GCODE_MAX_LINE];
	char *reason = NULL;
	struct host_cmd *c;
	int n;

	n = gcode_strip(cmd, strlen(cmd), stripped, sizeof stripped);
	if (n <= 0) {
		set_cause(refusal, n == 0 ? "nothing to send" :
		    "command longer than %d characters", GCODE_MAX_LINE - 1);
		return -1;
	}
	if (host_is_m112(stripped) && h->open && h->proto != NULL) {
		/* Framed and queued it would wait its turn: never. */
		host_emergency_stop(h);
		if (done != NULL) {
			struct host_reply r;

			memset(&r, 0, sizeof r);
			r.result = HOST_RESULT_HALTED;
			r.cmd = stripped;
			r.message = h->st.halt_message;
			done(&r, data);
		}
		return 0;
	}
	if (host_refuse_link(h, refusal) != 0)
		return -1;
	/* The guard judges the whole command as given (a newline or '*'
	 * inside it is refused, not cut off) and the canonical form it
	 * judged replaces it: that is what the printer runs. */
	h->guard.flavour = h->st.flavour;
	if (guard_judge(&h->guard, h->profile, cmd, source, stripped,
	    sizeof stripped, &reason) != 0) {
		h->st.refused++;
		HOST_NOTIFY(h, refused, stripped, source, reason);
		if (refusal != NULL) {
			free(*refusal);
			*refusal = reason;
		} else
			free(reason);
		return -1;
	}
	guard_apply(&h->guard, h->profile, stripped);
	if (source != HOST_SRC_HOST)
		host_active(h);
	if (host_is_move(stripped))
		h->moves_queued++;
	c = xcalloc(1, sizeof *c);
	c->tag = ++h->next_tag;
	c->cmd = xstrdup(stripped);
	c->source = source;
	c->done = done;
	c->data = data;
	c->internal = internal;
	if (h->st.link == HOST_LINK_CONNECTING || h->proto == NULL) {
		host_list_push(&h->waiting, c);
		return 0;
	}
	host_list_push(&h->sent, c);
	if (proto_queue(h->proto, c->cmd, c->tag, false) != 0) {
		host_list_take(&h->sent, c->tag);
		host_cmd_free(c);
		set_cause(refusal, "command too long to send");
		return -1;
	}
	return 0;
}

int
host_send(struct host *h, const char *cmd, enum host_source source,
    host_done_cb done, void *data, char **refusal)
{
	return host_queue(h, cmd, source, done, data, false, refusal);
}

int
host_send_declared_z(struct host *h, double z, host_done_cb done, void *data,
    char **refusal)
{
	char cmd[48];

	snprintf(cmd, sizeof cmd, "G92 Z%.3f", z);
	if (host_queue(h, cmd, HOST_SRC_HOST, done, data, false, refusal) != 0)
		return -1;
	guard_declare_z(&h->guard, z);
	return 0;
}

int
host_check(struct host *h, const char *cmd, enum host_source source,
    char **refusal)
{
	char stripped[GCODE_MAX_LINE];
	int n = gcode_strip(cmd, strlen(cmd), stripped, sizeof stripped);

	if (n <= 0) {
		set_cause(refusal, n == 0 ? "nothing to send" :
		    "command longer than %d characters", GCODE_MAX_LINE - 1);
		return -1;
	}
	h->guard.flavour = h->st.flavour;
	return guard_check(&h->guard, h->profile, cmd, source, refusal);
}

void
host_set_feeder(struct host *h, const struct host_feeder *f)
{
	if (f == NULL) {
		/* Lines already in flight still complete, but to nobody. */
		for (struct host_cmd *c = h->sent.head; c != NULL; c = c->next)
			c->fed = false;
		h->has_feeder = false;
		memset(&h->feeder, 0, sizeof h->feeder);
		return;
	}
	h->feeder = *f;
	h->has_feeder = true;
	/* A stream is where the window matters: measure it first. */
	host_measure_window(h);
	h->feeder_blocked = false;
	h->feeder_idle = false;
}

void
host_measure_window(struct host *h)
{
	if (h->proto != NULL)
		proto_test_window(h->proto);
}

void
host_feeder_wake(struct host *h)
{
	h->feeder_blocked = false;
	h->feeder_idle = false;
}

/* Each firmware's way back from M112 (docs/host-protocol.md). */
const char *
host_estop_advice(const struct host *h)
{
	switch (h->st.flavour) {
	case HOST_FLAVOUR_KLIPPER:
		return "Klipper has shut down: send FIRMWARE_RESTART (or "
		    "restart it from its web interface) before using it again";
	case HOST_FLAVOUR_RRF:
		return "the printer is halted: send M999 or press its reset "
		    "button before using it again";
	case HOST_FLAVOUR_REPETIER:
		return "the board resets itself (Repetier): check the printer "
		    "before using it again";
	default:
		return "reset or power-cycle the printer before using it again";
	}
}

void
host_emergency_stop(struct host *h)
{
	char msg[200];

	snprintf(msg, sizeof msg, "emergency stop (M112): %s",
	    host_estop_advice(h));

	if (h->proto == NULL || !h->open) {
		host_notice(h, "emergency stop: no printer connected; switch "
		    "the printer off at its power switch");
		return;
	}
	h->in_proto++;
	proto_emergency(h->proto);
	h->in_proto--;
	host_reap_proto(h);
	/* Written now, not at the next loop iteration. */
	host_flush(h);
	/* proto reported the halt already (with the firmware's caveats);
	 * this covers a proto that was not running yet. */
	if (h->st.link != HOST_LINK_HALTED)
		host_halted(h, msg);
	host_finish_all(h, HOST_RESULT_HALTED, msg);
	host_set_feeder(h, NULL);
}

void
host_heaters_off(struct host *h)
{
	int tools = 0;

	if (h->st.link == HOST_LINK_RECONNECTING) {
		h->heaters_were_on = true;
		return;
	}
	for (int i = 0; i < h->st.nheaters; i++) {
		const char *n = h->st.heaters[i].name;
		if (n[0] == 'T' && n[1] >= '0' && n[1] <= '9')
			tools++;
	}
	if (tools > 1) {
		for (int t = 0; t < tools; t++) {
			char cmd[32];
			snprintf(cmd, sizeof cmd, "M104 T%d S0", t);
			host_queue(h, cmd, HOST_SRC_HOST, NULL, NULL, true, NULL);
		}
	} else
		host_queue(h, "M104 S0", HOST_SRC_HOST, NULL, NULL, true, NULL);
	host_queue(h, "M140 S0", HOST_SRC_HOST, NULL, NULL, true, NULL);
}

void
host_status(const struct host *h, struct host_status *out)
{
	*out = h->st;
	if (h->proto != NULL) {
		const struct proto_info *info = proto_info(h->proto);
		out->lines_sent = info->lines_sent;
		out->lines_acked = info->lines_acked;
		out->resends = info->resends;
		out->errors = info->errors;
		out->timeouts = info->timeouts;
		out->silences = info->silences;
		out->windowed = info->mode == PROTO_WINDOWED;
		out->window = proto_window(h->proto);
		/* M115's report can come after the ok that ended the handshake
		 * (a reboot's stray ok): the engine records it whenever it
		 * arrives. */
		if (out->firmware_name[0] == '\0' &&
		    info->firmware_name[0] != '\0') {
			host_copy(out->firmware_name, sizeof out->firmware_name,
			    info->firmware_name);
			host_copy(out->firmware_version,
			    sizeof out->firmware_version, info->firmware_version);
			host_copy(out->machine_type, sizeof out->machine_type,
			    info->machine_type);
		}
	}
}

bool
host_heating(const struct host *h)
{
	if (h->heaters_were_on || h->guard.nozzle_target > 0 ||
	    h->guard.bed_target > 0)
		return true;
	if (!h->st.has_temps)
		return false;
	for (int i = 0; i < h->st.nheaters; i++) {
		if (h->st.heaters[i].target > 0)
			return true;
	}
	return h->st.nozzle_target > 0 || h->st.bed_target > 0;
}

size_t
host_outstanding(const struct host *h)
{
	size_t n = 0;

	for (struct host_cmd *c = h->taken.head; c != NULL; c = c->next)
		n++;
	for (struct host_cmd *c = h->sent.head; c != NULL; c = c->next)
		n++;
	for (struct host_cmd *c = h->waiting.head; c != NULL; c = c->next)
		n++;
	return n;
}

size_t
host_pending(const struct host *h)
{
	size_t n = 0;

	for (struct host_cmd *c = h->taken.head; c != NULL; c = c->next)
		n += !c->internal;
	for (struct host_cmd *c = h->sent.head; c != NULL; c = c->next)
		n += !c->internal;
	for (struct host_cmd *c = h->waiting.head; c != NULL; c = c->next)
		n += !c->internal;
	return n;
}

const struct host_profile *
host_profile(const struct host *h)
{
	return h->profile;
}

const char *
host_link_name(enum host_link link)
{
	switch (link) {
	case HOST_LINK_DISCONNECTED:
		return "disconnected";
	case HOST_LINK_CONNECTING:
		return "connecting";
	case HOST_LINK_READY:
		return "ready";
	case HOST_LINK_HALTED:
		return "halted";
	case HOST_LINK_NOT_RESPONDING:
		return "not responding";
	case HOST_LINK_RECONNECTING:
		return "reconnecting";
	}
	return "unknown";
}

const char *
host_result_name(enum host_result result)
{
	switch (result) {
	case HOST_RESULT_OK:
		return "ok";
	case HOST_RESULT_ERROR:
		return "error";
	case HOST_RESULT_REFUSED:
		return "refused";
	case HOST_RESULT_HALTED:
		return "halted";
	case HOST_RESULT_DISCONNECTED:
		return "disconnected";
	}
	return "unknown";
}

const char *
host_source_name(enum host_source source)
{
	switch (source) {
	case HOST_SRC_CONSOLE:
		return "console";
	case HOST_SRC_LESSON:
		return "lesson";
	case HOST_SRC_JOB:
		return "job";
	case HOST_SRC_HOST:
		return "layerlab";
	case HOST_SRC_TRAINER:
		return "trainer";
	case HOST_SRC_EXCEPTION:
		return "lesson (guard exception)";
	}
	return "unknown";
}
