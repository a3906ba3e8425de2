/*
 * What the printer link keeps an eye on without being asked: temperatures
 * (polled, or the firmware's own reports), the head's position while
 * something watches it, heaters left on with nobody doing anything, and
 * the tick that drives them.
 */
#include <string.h>

#include "host_int.h"

void
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

void
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

uint64_t
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

void
host_set_idle_timeouts(struct host *h, unsigned nozzle_ms, unsigned bed_ms)
{
	h->idle_nozzle_ms = nozzle_ms;
	h->idle_bed_ms = bed_ms;
}
