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
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_int.h"

static void host_proto_event(const struct proto_event *ev, void *data);
static void host_caps(struct host *h);
static void host_trace(struct host *h, const char *what);

void
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

void
host_set_link(struct host *h, enum host_link link)
{
	if (h->st.link == link)
		return;
	log_debug("host: link %s -> %s", host_link_name(h->st.link),
	    host_link_name(link));
	h->st.link = link;
	HOST_NOTIFY(h, state_changed, &h->st);
}

void
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
uint64_t
host_since(uint64_t now, uint64_t since)
{
	return now > since ? now - since : 0;
}

/* Protocol instances: one per connection (and per printer reboot). */

void
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

void
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

void
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
	h->st.estop_at_once = info->estop_at_once;
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
	h->st.estop_at_once = info->estop_at_once;
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
	h->st.estop_at_once = false;
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
