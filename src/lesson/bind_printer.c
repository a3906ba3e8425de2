/*
 * The printer side of the lesson API. Every command goes through host_send
 * (and so through the guard) with HOST_SRC_LESSON; waiting calls yield and
 * are settled by the host's completions and temperature reports. The run
 * remembers what the lesson did to the printer (heaters it turned on, moves
 * in flight, a print) so an error or a cancel can leave the printer safe.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gcode.h"
#include "job.h"
#include "precheck.h"
#include "runner.h"

/* How steady one heater held its target while the print ran. */
struct run_heat_stat {
	bool settled;		/* reached the current target since it was set */
	double target;
	double max_dev;		/* largest |reading - target| once settled */
	long samples;		/* reports counted once settled */
};

#define RUN_JOB_BUTTONS 4
#define RUN_JOB_LOG 64

/*
 * A print_file: first the whole-file check (check), then the job. Besides
 * its end, a wait on the print may stop at a layer (the job is paused
 * there), at a firmware prompt or at a reply line the lesson names; the job
 * keeps what the lesson reads afterwards (printer.print_* in the API).
 */
struct run_job {
	struct host_precheck *check;
	char *path;
	struct job *job;
	uint64_t started_ms;
	long lines;
	/* What ends the current wait besides the end of the print. */
	int pause_after_layer;	/* 0: none */
	bool stop_on_prompt;
	char *until_line;
	bool pause_requested;	/* by the lesson: PAUSED ends the wait */
	bool cancel_requested;	/* by the lesson: CANCELLED is no fault */
	const char *event;	/* why the latest wait ended */
	char *matched_line;
	/* The firmware's host prompt (HOST_PROMPT_SUPPORT), while open. */
	bool prompt_open;
	char *prompt;
	char *buttons[RUN_JOB_BUTTONS];
	int nbuttons;
	unsigned long prompts;	/* prompts shown during the print */
	unsigned long prompts_taken;	/* those a wait already returned */
	/* Evidence. */
	struct run_heat_stat nozzle, bed;
	long paused_for_user;	/* "busy: paused for user" lines */
	char *cancel_log[RUN_JOB_LOG];	/* commands sent while cancelling */
	int ncancel_log;
	long cancel_lineno;	/* the last line number in cancel_log */
	int max_layer;
};

static bool
run_job_active(const struct run_job *rj)
{
	return rj != NULL && (rj->job != NULL ? !job_finished(rj->job) :
	    rj->check != NULL);
}

static void
run_job_clear_prompt(struct run_job *rj)
{
	free(rj->prompt);
	rj->prompt = NULL;
	for (int i = 0; i < rj->nbuttons; i++)
		free(rj->buttons[i]);
	rj->nbuttons = 0;
	rj->prompt_open = false;
}

static void
run_job_free(struct run_job *rj)
{
	if (rj == NULL)
		return;
	host_precheck_free(rj->check);
	if (rj->job != NULL)
		job_free(rj->job);
	run_job_clear_prompt(rj);
	for (int i = 0; i < rj->ncancel_log; i++)
		free(rj->cancel_log[i]);
	free(rj->until_line);
	free(rj->matched_line);
	free(rj->path);
	free(rj);
}

/* {====== state and status */

/* power: the heater's duty from "@:"/"B@:" in the firmware's scale
 * (0–127 on Marlin, 0–255 on some builds), -1 when not reported. */
static void
printer_push_heater(lua_State *L, double temp, double target, int power,
    const char *name)
{
	lua_createtable(L, 0, 3);
	lua_pushnumber(L, temp);
	lua_setfield(L, -2, "temp");
	lua_pushnumber(L, target);
	lua_setfield(L, -2, "target");
	if (power >= 0) {
		lua_pushinteger(L, power);
		lua_setfield(L, -2, "power");
	}
	lua_setfield(L, -2, name);
}

/*
 * Every sensor of the latest report by the name the firmware gives it
 * ("T0", "B", "A", "C", "P"), and the room's temperature where the
 * firmware measures it: Prusa-Firmware's "A:" (ambient, MK3 Einsy
 * board), else a chamber sensor's "C:" (Marlin's TEMP_SENSOR_CHAMBER).
 */
static void
printer_push_sensors(lua_State *L, const struct host_status *st)
{
	int ambient = -1;

	lua_createtable(L, 0, st->nheaters);
	for (int i = 0; i < st->nheaters; i++) {
		const struct host_heater *h = &st->heaters[i];

		lua_createtable(L, 0, 2);
		lua_pushnumber(L, h->current);
		lua_setfield(L, -2, "temp");
		if (h->has_target) {
			lua_pushnumber(L, h->target);
			lua_setfield(L, -2, "target");
		}
		lua_setfield(L, -2, h->name);
		if (strcmp(h->name, "A") == 0 || (ambient < 0 &&
		    strcmp(h->name, "C") == 0))
			ambient = i;
	}
	lua_setfield(L, -2, "sensors");
	if (ambient >= 0) {
		lua_pushnumber(L, st->heaters[ambient].current);
		lua_setfield(L, -2, "ambient");
		lua_pushstring(L, st->heaters[ambient].name);
		lua_setfield(L, -2, "ambient_sensor");
	}
}

void
bind_printer_push_status(lua_State *L, struct lesson_run *run)
{
	struct host_status st;
	static const char *const axes[] = { "x", "y", "z" };

	lua_createtable(L, 0, 12);
	if (run->cfg.host == NULL) {
		lua_pushboolean(L, 0);
		lua_setfield(L, -2, "connected");
		return;
	}
	host_status(run->cfg.host, &st);
	lua_pushboolean(L, st.link == HOST_LINK_READY);
	lua_setfield(L, -2, "connected");
	lua_pushstring(L, host_link_name(st.link));
	lua_setfield(L, -2, "link");
	lua_pushfstring(L, "%s%s%s", st.firmware_name,
	    *st.firmware_version != '\0' ? " " : "", st.firmware_version);
	lua_setfield(L, -2, "firmware");
	lua_pushstring(L, host_profile(run->cfg.host)->id);
	lua_setfield(L, -2, "profile");
	lua_pushboolean(L, st.cap_prompt_support);
	lua_setfield(L, -2, "prompts");
	/* The travel the profile allows, so lessons place moves on any bed. */
	lua_createtable(L, 0, 3);
	for (int i = 0; i < 3; i++) {
		const struct host_axis_limits *a =
		    &host_profile(run->cfg.host)->axis[i];

		lua_createtable(L, 0, 2);
		lua_pushnumber(L, a->min);
		lua_setfield(L, -2, "min");
		lua_pushnumber(L, a->max);
		lua_setfield(L, -2, "max");
		lua_setfield(L, -2, axes[i]);
	}
	lua_setfield(L, -2, "travel");
	printer_push_heater(L, st.nozzle, st.nozzle_target, st.nozzle_power,
	    "nozzle");
	printer_push_heater(L, st.bed, st.bed_target, st.bed_power, "bed");
	lua_createtable(L, 0, 4);
	lua_pushnumber(L, st.x);
	lua_setfield(L, -2, "x");
	lua_pushnumber(L, st.y);
	lua_setfield(L, -2, "y");
	lua_pushnumber(L, st.z);
	lua_setfield(L, -2, "z");
	lua_pushnumber(L, st.e);
	lua_setfield(L, -2, "e");
	lua_setfield(L, -2, "pos");
	lua_createtable(L, 0, 3);
	for (int i = 0; i < 3; i++) {
		lua_pushboolean(L, st.homed[i]);
		lua_setfield(L, -2, axes[i]);
	}
	lua_setfield(L, -2, "homed");
	lua_pushboolean(L, host_pending(run->cfg.host) > 0);
	lua_setfield(L, -2, "busy");
	lua_pushboolean(L, run_job_active(run->job));
	lua_setfield(L, -2, "printing");
	lua_pushboolean(L, st.link == HOST_LINK_HALTED);
	lua_setfield(L, -2, "halted");
	if (*st.halt_message != '\0') {
		lua_pushstring(L, st.halt_message);
		lua_setfield(L, -2, "halt_message");
	}
	printer_push_sensors(L, &st);
}

static int
l_status(lua_State *L)
{
	bind_printer_push_status(L, vm_owner(L));
	return 1;
}

/*
 * H.answer_prompt(n): M876 S<n> to the printer without waiting for its ok:
 * the firmware's emergency parser takes it at once, but the ok comes only
 * when the command it answers (M600, M0) has finished.
 */
static int
l_answer_prompt(lua_State *L)
{
	struct lesson_run *run = vm_owner(L);
	lua_Integer n = luaL_checkinteger(L, 1);
	char cmd[32], *refusal = NULL;

	if (run->cfg.host == NULL)
		return run_error(L, "printer.answer_prompt: no printer is "
		    "connected to this station");
	snprintf(cmd, sizeof cmd, "M876 S%d", (int)n);
	if (host_send(run->cfg.host, cmd, HOST_SRC_LESSON, NULL, NULL,
	    &refusal) != 0) {
		lua_pushfstring(L, "printer.answer_prompt: refused %s: %s", cmd,
		    refusal != NULL ? refusal : "not allowed");
		free(refusal);
		return lua_error(L);
	}
	if (run->job != NULL)
		run_job_clear_prompt(run->job);
	return 0;
}

/*
 * H.drill_fault(name) -> true | false, why: a fault on layerlab's virtual
 * printer, as the trainer's fault menu plays it. The lesson learns of what
 * follows (a halt) as of any printer fault.
 */
static int
l_drill_fault(lua_State *L)
{
	struct lesson_run *run = vm_owner(L);
	const char *name = luaL_checkstring(L, 1);
	char *cause = NULL;

	if (run->cfg.inject_fault == NULL) {
		lua_pushboolean(L, 0);
		lua_pushliteral(L, "only layerlab's virtual printer can play "
		    "a fault");
		return 2;
	}
	if (run->cfg.inject_fault(name, &cause, run->cfg.inject_data) != 0) {
		lua_pushboolean(L, 0);
		lua_pushstring(L, cause != NULL ? cause : "the fault failed");
		free(cause);
		return 2;
	}
	lua_pushboolean(L, 1);
	return 1;
}

void
bind_printer_register(lua_State *L)
{
	lua_pushcfunction(L, l_status);
	lua_setfield(L, -2, "status");
	lua_pushcfunction(L, l_drill_fault);
	lua_setfield(L, -2, "drill_fault");
	lua_pushcfunction(L, l_answer_prompt);
	lua_setfield(L, -2, "answer_prompt");
}

static bool
printer_waiting(struct lesson_run *run)
{
	return run->phase != PHASE_DONE && !run->res.ready &&
	    (run->wait == WAIT_SEND || run->wait == WAIT_TEMP ||
	    run->wait == WAIT_PRINT);
}

static void
printer_banner(struct lesson_run *run, bool force)
{
	struct host_status st;
	uint64_t now = clock_ms();

	if (run->cfg.ops->wait == NULL)
		return;
	if (!force && now - run->wait_last_banner < 500)
		return;
	run->wait_last_banner = now;
	if (run->cfg.host != NULL) {
		host_status(run->cfg.host, &st);
		run->banner.has_temps = st.has_temps;
		run->banner.nozzle = st.nozzle;
		run->banner.nozzle_target = st.nozzle_target;
		run->banner.bed = st.bed;
		run->banner.bed_target = st.bed_target;
	}
	/* Before the printer's next report, show what the lesson asked for. */
	if (run->wait == WAIT_TEMP) {
		if (run->want_nozzle && run->banner.nozzle_target == 0)
			run->banner.nozzle_target = run->nozzle_limit;
		if (run->want_bed && run->banner.bed_target == 0)
			run->banner.bed_target = run->bed_limit;
		run->banner.goal_nozzle = run->want_nozzle;
		run->banner.goal_bed = run->want_bed;
		run->banner.nozzle_goal = run->nozzle_limit;
		run->banner.bed_goal = run->bed_limit;
		run->banner.within = run->within;
	}
	run->banner.eta = -1;
	if (run->wait == WAIT_PRINT && run->job != NULL &&
	    run->job->job != NULL) {
		const struct gcode_progress *p = job_progress(run->job->job);

		run->banner.progress = gcode_progress_commands(p);
		run->banner.layer = p->done.layer;
		run->banner.layers = p->total_layers;
		run->banner.eta = gcode_progress_eta(p, now);
	}
	run->banner.elapsed = (double)(now - run->wait_started) / 1000.0;
	run->banner.timeout = run->wait_timeout;
	run->banner.what = run->banner_what;
	run->cfg.ops->wait(&run->banner, run->cfg.ui_data);
}

static void
printer_start_banner(struct lesson_run *run, enum lesson_wait_kind kind,
    const char *what)
{
	memset(&run->banner, 0, sizeof run->banner);
	run->banner.kind = kind;
	run->banner.progress = -1;
	free(run->banner_what);
	run->banner_what = what != NULL ? xstrdup(what) : NULL;
	printer_banner(run, true);
}

/* }====== */

/* {====== faults and temperatures from the host */

static void
printer_fault(struct lesson_run *run, const char *what, const char *text)
{
	free(run->fault);
	run->fault = xasprintf("the printer %s: %s", what,
	    text != NULL && *text != '\0' ? text : "no reason given");
	if (printer_waiting(run)) {
		run_fail_wait(run, "fault", "%s", run->fault);
		run->ended_by_fault = true;
	}
}

static void
printer_on_halted(const char *message, void *data)
{
	printer_fault(data, "stopped", message);
}

static void
printer_on_disconnected(const char *why, void *data)
{
	printer_fault(data, "disconnected", why);
}

static void
printer_on_reconnected(void *data)
{
	struct lesson_run *run = data;

	free(run->fault);
	run->fault = NULL;
}

/*
 * A printer that never answered the handshake (a wrong port or baud rate,
 * a board halted by an earlier emergency stop) would keep every printer
 * command of the lesson waiting for ever: once the link reports it silent,
 * the wait fails with what the link found. A printer that answered once
 * and then went quiet is left to its commands' own timeouts, as a long
 * command on a firmware without keepalive looks the same.
 */
static void
printer_on_state(const struct host_status *st, void *data)
{
	struct lesson_run *run = data;

	if (st->link == HOST_LINK_READY) {
		run->link_seen_ready = true;
		if (run->fault_silent) {
			free(run->fault);
			run->fault = NULL;
			run->fault_silent = false;
		}
	} else if (st->link == HOST_LINK_NOT_RESPONDING &&
	    !run->link_seen_ready && run->fault == NULL) {
		printer_fault(run, "does not answer", st->last_error);
		run->fault_silent = true;
	}
}

static bool
printer_temp_reached(struct lesson_run *run, const struct host_status *st)
{
	if (!st->has_temps)
		return false;
	if (run->want_below)
		return (!run->want_nozzle || st->nozzle <= run->nozzle_limit) &&
		    (!run->want_bed || st->bed <= run->bed_limit);
	return (!run->want_nozzle ||
	    st->nozzle >= run->nozzle_limit - run->within) &&
	    (!run->want_bed || st->bed >= run->bed_limit - run->within);
}

/* Ends a wait on the print with an event (the print goes on, or is
 * paused, as the event says). */
static void
printer_print_event(struct lesson_run *run, const char *event)
{
	struct run_job *rj = run->job;

	if (rj == NULL || run->wait != WAIT_PRINT || run->res.ready)
		return;
	rj->event = event;
	run_result_clear(&run->res);
	run->res.ok = true;
	run->res.push = PUSH_PRINT;
	run->res.count = rj->lines;
	run->res.number = (double)(clock_ms() - rj->started_ms) /
	    (double)run_real_ms(run, 1.0);
	run_ready(run);
}

static bool
printer_job_running(const struct run_job *rj)
{
	return rj != NULL && rj->job != NULL &&
	    job_state(rj->job) == JOB_RUNNING;
}

/* Once a heater has reached its target, how far the readings stray. */
static void
printer_heat_stat(struct run_heat_stat *h, double temp, double target)
{
	double dev;

	if (target <= 0) {
		h->settled = false;
		h->target = 0;
		return;
	}
	if (target != h->target) {
		h->target = target;
		h->settled = false;
	}
	dev = fabs(temp - target);
	if (!h->settled && dev <= 1.0)
		h->settled = true;
	if (!h->settled)
		return;
	if (dev > h->max_dev)
		h->max_dev = dev;
	h->samples++;
}

static void
printer_on_temps(const struct host_status *st, void *data)
{
	struct lesson_run *run = data;

	if (printer_job_running(run->job) && st->has_temps) {
		printer_heat_stat(&run->job->nozzle, st->nozzle,
		    st->nozzle_target);
		printer_heat_stat(&run->job->bed, st->bed, st->bed_target);
	}
	if (!printer_waiting(run))
		return;
	if (run->wait == WAIT_TEMP && printer_temp_reached(run, st)) {
		run_result_clear(&run->res);
		run->res.ok = true;
		run->res.push = PUSH_STATUS;
		run_ready(run);
		return;
	}
	printer_banner(run, false);
}

static void
printer_on_line(const char *line, void *data)
{
	struct lesson_run *run = data;
	struct run_job *rj = run->job;
	const struct gcode_progress *p;

	if (rj == NULL || rj->job == NULL || job_finished(rj->job))
		return;
	if (strstr(line, "busy: paused for user") != NULL)
		rj->paused_for_user++;
	p = job_progress(rj->job);
	if (p->done.layer > rj->max_layer)
		rj->max_layer = p->done.layer;
	if (rj->pause_after_layer > 0 && !rj->pause_requested &&
	    job_state(rj->job) == JOB_RUNNING &&
	    p->done.layer > rj->pause_after_layer) {
		char why[64];

		snprintf(why, sizeof why, "layer %d is done", p->done.layer - 1);
		rj->pause_requested = true;
		rj->pause_after_layer = 0;
		job_pause(rj->job, why);
	}
	if (rj->until_line != NULL && run->wait == WAIT_PRINT &&
	    !run->res.ready && strstr(line, rj->until_line) != NULL) {
		free(rj->matched_line);
		rj->matched_line = xstrdup(line);
		free(rj->until_line);
		rj->until_line = NULL;
		printer_print_event(run, "line");
	}
}

/* What the host writes while the lesson's cancel runs: "N12 M104 S0*97"
 * is kept as "M104 S0", once (a line written again after a resend is not
 * a second command). */
static void
printer_on_sent(const char *line, void *data)
{
	struct lesson_run *run = data;
	struct run_job *rj = run->job;
	const char *cmd;
	size_t n;

	if (rj == NULL || !rj->cancel_requested || rj->job == NULL ||
	    job_state(rj->job) != JOB_CANCELLING ||
	    rj->ncancel_log >= RUN_JOB_LOG ||
	    !gcode_sent_once(line, &rj->cancel_lineno, &cmd, &n))
		return;
	rj->cancel_log[rj->ncancel_log++] = xstrndup(cmd, n);
}

static void
printer_on_prompt(const char *message, const char *const *buttons, int n,
    void *data)
{
	struct lesson_run *run = data;
	struct run_job *rj = run->job;

	if (rj == NULL || rj->job == NULL || job_finished(rj->job))
		return;
	run_job_clear_prompt(rj);
	if (message == NULL)
		return;
	rj->prompt_open = true;
	rj->prompt = xstrdup(message);
	for (int i = 0; i < n && i < RUN_JOB_BUTTONS; i++)
		rj->buttons[rj->nbuttons++] = xstrdup(buttons[i]);
	rj->prompts++;
	if (rj->stop_on_prompt && run->wait == WAIT_PRINT) {
		rj->prompts_taken = rj->prompts;
		printer_print_event(run, "prompt");
	}
}

void
bind_printer_attach(struct lesson_run *run)
{
	struct host_listener l;
	struct host_status st;

	if (run->cfg.host == NULL || run->listener != -1)
		return;
	memset(&l, 0, sizeof l);
	l.line_received = printer_on_line;
	l.line_sent = printer_on_sent;
	l.prompt = printer_on_prompt;
	l.temps = printer_on_temps;
	l.halted = printer_on_halted;
	l.disconnected = printer_on_disconnected;
	l.reconnected = printer_on_reconnected;
	l.state_changed = printer_on_state;
	l.data = run;
	host_status(run->cfg.host, &st);
	run->link_seen_ready = st.link == HOST_LINK_READY;
	run->listener = host_listen(run->cfg.host, &l);
}

void
bind_printer_detach(struct lesson_run *run)
{
	if (run->cfg.host != NULL && run->listener != -1)
		host_unlisten(run->cfg.host, run->listener);
	run->listener = -1;
}

void
bind_printer_free(struct lesson_run *run)
{
	bind_printer_detach(run);
	run_job_free(run->job);
	run->job = NULL;
}

/* }====== */

/* {====== sending */

/* What a command does to the printer that the run must undo on an error. */
static void
printer_note_command(struct lesson_run *run, const char *cmd, bool *motion)
{
	char word[8];
	const char *s;
	int n = 0;

	while (cmd[n] != '\0' && !isspace((unsigned char)cmd[n]) && n < 7) {
		word[n] = (char)toupper((unsigned char)cmd[n]);
		n++;
	}
	word[n] = '\0';
	if (strcmp(word, "M104") == 0 || strcmp(word, "M109") == 0 ||
	    strcmp(word, "M140") == 0 || strcmp(word, "M190") == 0 ||
	    strcmp(word, "M141") == 0) {
		if ((s = strpbrk(cmd, "SsRr")) != NULL && strtod(s + 1, NULL) > 0)
			run->heated = true;
	}
	if (strcmp(word, "G0") == 0 || strcmp(word, "G1") == 0 ||
	    strcmp(word, "G2") == 0 || strcmp(word, "G3") == 0 ||
	    strcmp(word, "G28") == 0 || strcmp(word, "G29") == 0)
		*motion = true;
}

static void
printer_cmd_unlink(struct lesson_run *run, struct run_cmd *c)
{
	struct run_cmd **pp;

	for (pp = &run->cmds; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			return;
		}
	}
}

/*
 * Drops one reference: each command in flight holds one, and so does the
 * sending loop (the host may complete a command inside host_send). The
 * last one settles the wait and frees.
 */
static void
printer_cmd_release(struct run_cmd *c)
{
	struct lesson_run *run = c->run;

	if (--c->outstanding > 0)
		return;
	if (run != NULL) {
		if (c->motion && run->motion_outstanding > 0)
			run->motion_outstanding--;
		if (c->seq == run->wait_seq && run->wait == WAIT_SEND &&
		    !run->res.ready) {
			run->res.ok = true;
			run->res.push = PUSH_LINES;
			run_ready(run);
		}
		printer_cmd_unlink(run, c);
	}
	free(c);
}

static void
printer_cmd_done(const struct host_reply *reply, void *data)
{
	struct run_cmd *c = data;
	struct lesson_run *run = c->run;
	struct run_result *r;

	if (run == NULL || c->seq != run->wait_seq || run->wait != WAIT_SEND ||
	    run->res.ready) {
		printer_cmd_release(c);
		return;
	}
	r = &run->res;
	switch (reply->result) {
	case HOST_RESULT_OK:
	case HOST_RESULT_ERROR:
		r->lines = xrealloc(r->lines, (r->nlines + reply->nlines + 1) *
		    sizeof *r->lines);
		for (size_t i = 0; i < reply->nlines; i++)
			r->lines[r->nlines++] = xstrdup(reply->lines[i]);
		/* The printer's complaint is part of its answer. */
		if (reply->result == HOST_RESULT_ERROR &&
		    reply->message != NULL && (reply->nlines == 0 ||
		    strstr(reply->lines[reply->nlines - 1], reply->message) ==
		    NULL))
			r->lines[r->nlines++] = xstrdup(reply->message);
		break;
	case HOST_RESULT_REFUSED:
		run_fail_wait(run, "refused", "refused: %s",
		    reply->message != NULL ? reply->message : reply->cmd);
		break;
	case HOST_RESULT_HALTED:
	case HOST_RESULT_DISCONNECTED:
		run_fail_wait(run, "fault", "%s: %s", reply->cmd,
		    reply->message != NULL ? reply->message :
		    host_result_name(reply->result));
		run->ended_by_fault = true;
		break;
	}
	printer_cmd_release(c);
}

/* Splits G-code text into stripped commands; NULL-terminated, owned. */
static char **
printer_split(const char *text, int *n)
{
	char **v = NULL, *copy = xstrdup(text), *line, *save = NULL;

	*n = 0;
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		line[strcspn(line, ";")] = '\0';
		str_trim(line);
		if (*line == '\0')
			continue;
		v = xrealloc(v, (size_t)(*n + 2) * sizeof *v);
		v[(*n)++] = xstrdup(line);
		v[*n] = NULL;
	}
	free(copy);
	return v;
}

static void
printer_free_split(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int
printer_wait_send(lua_State *L, struct lesson_run *run)
{
	struct host *h = run->cfg.host;
	const char *text, *as;
	char **cmds, *refusal = NULL;
	struct run_cmd *c;
	enum host_source source = HOST_SRC_LESSON;
	int n, rc;

	luaL_checktype(L, 2, LUA_TTABLE);
	text = run_field_string(L, 2, "cmds");
	if (text == NULL)
		return run_error(L, "send: no G-code");
	as = run_field_string(L, 2, "as");
	if (as != NULL) {
		/* Only the wait right after a trainer said yes; the guard
		 * exception also on layerlab's own virtual printer. */
		bool granted = run->granted;

		if (strcmp(as, "trainer") == 0 && granted)
			source = HOST_SRC_TRAINER;
		else if (strcmp(as, "exception") == 0 && (granted ||
		    run->cfg.virtual_printer))
			source = HOST_SRC_EXCEPTION;
		else
			return run_error(L, "printer: sending as %s needs a "
			    "trainer's yes just before", as);
	}
	if (h == NULL)
		return run_fail_now(L, "error", "no printer is connected to "
		    "this station");
	if (run->fault != NULL)
		return run_fail_now(L, "fault", "%s", run->fault);
	cmds = printer_split(text, &n);
	if (n == 0) {
		printer_free_split(cmds, n);
		lua_pushboolean(L, 1);
		lua_newtable(L);
		return 2;
	}
	/* All or nothing: a refused line in the middle sends none. */
	for (int i = 0; i < n; i++) {
		if (host_check(h, cmds[i], source, &refusal) != 0) {
			lua_pushboolean(L, 0);
			lua_pushliteral(L, "refused");
			lua_pushfstring(L, "printer: refused %s: %s", cmds[i],
			    refusal != NULL ? refusal : "not allowed");
			free(refusal);
			printer_free_split(cmds, n);
			return 3;
		}
	}
	c = xcalloc(1, sizeof *c);
	c->run = run;
	c->seq = run->wait_seq;
	c->next = run->cmds;
	run->cmds = c;
	for (int i = 0; i < n; i++)
		printer_note_command(run, cmds[i], &c->motion);
	if (c->motion)
		run->motion_outstanding++;
	run->wait = WAIT_SEND;
	printer_start_banner(run, LESSON_WAIT_COMMAND, text);
	c->outstanding = 1;	/* the loop's own reference */
	for (int i = 0; i < n; i++) {
		c->outstanding++;
		rc = host_send(h, cmds[i], source, printer_cmd_done, c,
		    &refusal);
		if (rc != 0) {
			c->outstanding--;
			run_fail_wait(run, "refused", "printer: refused %s: %s",
			    cmds[i], refusal != NULL ? refusal : "not allowed");
			free(refusal);
			break;
		}
	}
	printer_cmd_release(c);
	printer_free_split(cmds, n);
	return 0;
}

/* }====== */

/* {====== temperatures and prints */

static int
printer_wait_temp(lua_State *L, struct lesson_run *run)
{
	struct host_status st;
	double timeout, within;

	luaL_checktype(L, 2, LUA_TTABLE);
	timeout = run_opt_timeout(L, 2, "printer.wait_temp");
	lua_getfield(L, 2, "within");
	within = luaL_optnumber(L, -1, 2);
	lua_getfield(L, 2, "nozzle");
	lua_getfield(L, 2, "bed");
	/* A NaN target is never reached: refused before anything waits. */
	if (!number_within(within, 0, 1000) ||
	    (lua_isnumber(L, -2) && !number_within(lua_tonumber(L, -2), -300,
	    3000)) || (lua_isnumber(L, -1) &&
	    !number_within(lua_tonumber(L, -1), -300, 3000)))
		return run_error(L, "printer.wait_temp: nozzle, bed and within "
		    "must be temperatures (finite numbers)");
	lua_pop(L, 3);
	if (run->cfg.host == NULL)
		return run_fail_now(L, "error", "no printer is connected to "
		    "this station");
	if (run->fault != NULL)
		return run_fail_now(L, "fault", "%s", run->fault);
	lua_getfield(L, 2, "nozzle");
	run->want_nozzle = lua_isnumber(L, -1);
	run->nozzle_limit = lua_tonumber(L, -1);
	lua_getfield(L, 2, "bed");
	run->want_bed = lua_isnumber(L, -1);
	run->bed_limit = lua_tonumber(L, -1);
	run->within = within;
	lua_getfield(L, 2, "below");
	run->want_below = lua_toboolean(L, -1);
	run_arm_timeout(run, timeout);
	lua_pop(L, 3);

	host_status(run->cfg.host, &st);
	if (printer_temp_reached(run, &st)) {
		loop_timer_set(run->timer, 0);
		lua_pushboolean(L, 1);
		bind_printer_push_status(L, run);
		return 2;
	}
	run->wait = WAIT_TEMP;
	printer_start_banner(run, run->want_below ? LESSON_WAIT_COOL :
	    LESSON_WAIT_HEAT, NULL);
	return 0;
}

static void
printer_job_state(enum job_state state, const char *reason, void *data)
{
	struct lesson_run *run = data;
	struct run_job *rj = run->job;

	if (rj == NULL || run->wait != WAIT_PRINT || run->res.ready)
		return;
	switch (state) {
	case JOB_DONE:
		rj->lines = job_progress(rj->job)->done.command;
		printer_print_event(run, "done");
		break;
	case JOB_PAUSED:
		if (rj->pause_requested && run->wait == WAIT_PRINT &&
		    !run->res.ready) {
			rj->pause_requested = false;
			printer_print_event(run, "paused");
		} else
			printer_banner(run, true);
		break;
	case JOB_CANCELLED:
		rj->lines = job_progress(rj->job)->done.command;
		if (rj->cancel_requested) {
			printer_print_event(run, "cancelled");
			break;
		}
		run_fail_wait(run, "fault", "the print was cancelled%s%s",
		    reason != NULL ? ": " : "", reason != NULL ? reason : "");
		break;
	case JOB_FAILED:
		run_fail_wait(run, "fault", "the print failed: %s",
		    reason != NULL ? reason : "no reason given");
		run->ended_by_fault = true;
		break;
	default:
		printer_banner(run, true);
		break;
	}
}

/* The whole-file check is over: refuse, or start the job. */
static void
printer_print_checked(bool ok, const char *report, void *data)
{
	struct lesson_run *run = data;
	struct run_job *rj = run->job;
	struct job_events ev;
	char *cause = NULL;

	if (run->wait != WAIT_PRINT || run->res.ready || !ok) {
		if (run->wait == WAIT_PRINT && !run->res.ready)
			run_fail_wait(run, "error", "printer.print_file: "
			    "refused, nothing was sent:\n%s", report);
		/* The report belongs to the check: free it last. */
		host_precheck_free(rj->check);
		rj->check = NULL;
		return;
	}
	host_precheck_free(rj->check);
	rj->check = NULL;
	memset(&ev, 0, sizeof ev);
	ev.state_changed = printer_job_state;
	ev.data = run;
	/* The job's own scan of the file is sliced like the check. */
	if ((rj->job = job_new_sliced(run->cfg.host, rj->path, &ev,
	    &cause)) == NULL) {
		run_fail_wait(run, "error", "printer.print_file: %s", cause);
		free(cause);
		return;
	}
	rj->started_ms = clock_ms();
	run->heated = true;	/* a print heats: make safe on any error */
	if (job_start(rj->job, &cause) != 0) {
		run_fail_wait(run, "error", "printer.print_file: %s", cause);
		free(cause);
	}
}

/* The stop conditions of a wait on a print, from the options at idx. */
static int
printer_print_options(lua_State *L, int idx, struct run_job *rj,
    const char *what)
{
	const char *line;

	lua_getfield(L, idx, "pause_after_layer");
	if (!lua_isnil(L, -1)) {
		lua_Integer n;
		int isint;

		n = lua_tointegerx(L, -1, &isint);
		if (!isint || n < 1 || n > 100000)
			return run_error(L, "%s: pause_after_layer must be a "
			    "layer number (1 or more)", what);
		rj->pause_after_layer = (int)n;
	} else
		rj->pause_after_layer = 0;
	lua_pop(L, 1);
	lua_getfield(L, idx, "stop_on_prompt");
	rj->stop_on_prompt = lua_toboolean(L, -1);
	lua_pop(L, 1);
	free(rj->until_line);
	rj->until_line = NULL;
	line = run_field_string(L, idx, "until_line");
	if (line != NULL && *line != '\0')
		rj->until_line = xstrdup(line);
	rj->event = NULL;
	return 0;
}

/* A prompt shown before this wait began, not yet returned by one. */
static bool
printer_prompt_pending(const struct run_job *rj)
{
	return rj->stop_on_prompt && rj->prompt_open &&
	    rj->prompts > rj->prompts_taken;
}

/*
 * print_wait, print_resume, print_cancel: the print that print_file
 * started goes on, resumes or is cancelled, and the lesson waits again.
 */
static int
printer_wait_print_again(lua_State *L, struct lesson_run *run,
    const char *kind)
{
	struct run_job *rj = run->job;
	double timeout;

	luaL_checktype(L, 2, LUA_TTABLE);
	timeout = run_opt_timeout(L, 2, "printer.print_wait");
	if (run->cfg.host == NULL)
		return run_fail_now(L, "error", "no printer is connected to "
		    "this station");
	if (rj == NULL || rj->job == NULL)
		return run_fail_now(L, "error", "%s: no print was started "
		    "with printer.print_file", kind);
	printer_print_options(L, 2, rj, kind);
	if (job_finished(rj->job)) {
		/* It ended between two waits: say how. */
	} else if (strcmp(kind, "print_resume") == 0) {
		if (job_resume(rj->job) != 0)
			return run_fail_now(L, "error", "print_resume: the "
			    "print is not paused (%s)",
			    job_state_name(job_state(rj->job)));
	} else if (strcmp(kind, "print_cancel") == 0) {
		rj->pause_after_layer = 0;
		rj->stop_on_prompt = false;
		free(rj->until_line);
		rj->until_line = NULL;
		rj->cancel_requested = true;
		/* The job ends a wait for the user first (M108). */
		run_job_clear_prompt(rj);
		if (job_cancel(rj->job) != 0)
			return run_fail_now(L, "error", "print_cancel: the "
			    "print cannot be cancelled (%s)",
			    job_state_name(job_state(rj->job)));
	} else if (job_state(rj->job) == JOB_PAUSED && !rj->pause_requested) {
		return run_fail_now(L, "error", "print_wait: the print is "
		    "paused: resume or cancel it");
	}
	run->wait = WAIT_PRINT;
	run_arm_timeout(run, timeout);
	printer_start_banner(run, LESSON_WAIT_PRINT, rj->path);
	if (job_finished(rj->job) || job_state(rj->job) == JOB_PAUSED)
		printer_job_state(job_state(rj->job), NULL, run);
	else if (printer_prompt_pending(rj)) {
		rj->prompts_taken = rj->prompts;
		printer_print_event(run, "prompt");
	}
	return 0;
}

static int
printer_wait_print(lua_State *L, struct lesson_run *run)
{
	const char *rel;
	char *path, *cause = NULL;
	struct run_job *rj;
	double timeout;

	luaL_checktype(L, 2, LUA_TTABLE);
	timeout = run_opt_timeout(L, 2, "printer.print_file");
	rel = run_field_string(L, 2, "path");
	if (run->cfg.host == NULL)
		return run_fail_now(L, "error", "no printer is connected to "
		    "this station");
	if (run->fault != NULL)
		return run_fail_now(L, "fault", "%s", run->fault);
	if (run_job_active(run->job))
		return run_fail_now(L, "error", "a print is already running");
	if ((path = run_resolve_path(run, rel != NULL ? rel : "", &cause)) ==
	    NULL) {
		lua_pushboolean(L, 0);
		lua_pushliteral(L, "error");
		lua_pushfstring(L, "printer.print_file: %s", cause);
		free(cause);
		return 3;
	}
	run_job_free(run->job);
	run->job = NULL;
	rj = xcalloc(1, sizeof *rj);
	rj->path = path;
	printer_print_options(L, 2, rj, "printer.print_file");
	/* Nothing is sent before the whole file passed the check, which the
	 * loop runs in slices while the lesson waits. */
	rj->check = host_precheck_start(run->cfg.loop, path,
	    host_profile(run->cfg.host), printer_print_checked, run, &cause);
	if (rj->check == NULL) {
		run_job_free(rj);
		lua_pushboolean(L, 0);
		lua_pushliteral(L, "error");
		lua_pushfstring(L, "printer.print_file: %s", cause);
		free(cause);
		return 3;
	}
	run->job = rj;
	run->wait = WAIT_PRINT;
	run_arm_timeout(run, timeout);
	printer_start_banner(run, LESSON_WAIT_PRINT, rel);
	return 0;
}

/*
 * A sleep on a printer whose time does not pass (the virtual printer at
 * speed 0, cfg.instant_sleep): what the lesson would see after waiting is
 * the printer as it is now, so ask it (M105) and settle the sleep with the
 * reply. False when there is no ready printer to ask.
 */
bool
bind_printer_refresh(struct lesson_run *run)
{
	struct host_status st;
	struct run_cmd *c;

	if (run->cfg.host == NULL || run->fault != NULL)
		return false;
	host_status(run->cfg.host, &st);
	if (st.link != HOST_LINK_READY)
		return false;
	c = xcalloc(1, sizeof *c);
	c->run = run;
	c->seq = run->wait_seq;
	c->next = run->cmds;
	run->cmds = c;
	run->wait = WAIT_SEND;
	c->outstanding = 2;	/* the command's and this function's */
	if (host_send(run->cfg.host, "M105", HOST_SRC_HOST, printer_cmd_done,
	    c, NULL) != 0)
		c->outstanding--;
	printer_cmd_release(c);
	return true;
}

int
bind_printer_wait(lua_State *L, struct lesson_run *run, const char *kind)
{
	if (strcmp(kind, "send") == 0)
		return printer_wait_send(L, run);
	if (strcmp(kind, "temp") == 0)
		return printer_wait_temp(L, run);
	if (strcmp(kind, "print") == 0)
		return printer_wait_print(L, run);
	if (strcmp(kind, "print_wait") == 0 ||
	    strcmp(kind, "print_resume") == 0 ||
	    strcmp(kind, "print_cancel") == 0)
		return printer_wait_print_again(L, run, kind);
	return -1;
}

void
bind_printer_timeout(struct lesson_run *run)
{
	if (run->wait != WAIT_PRINT || run->job == NULL)
		return;
	if (run->job->job != NULL && !job_finished(run->job->job))
		job_cancel(run->job->job);
	else if (run->job->check != NULL) {
		host_precheck_free(run->job->check);
		run->job->check = NULL;
		run_fail_wait(run, "fault", "the print was cancelled before "
		    "it started");
	}
}

void
bind_printer_make_safe(struct lesson_run *run, bool abnormal)
{
	struct host *h = run->cfg.host;

	if (h == NULL)
		return;
	if (run->job != NULL && run->job->job != NULL &&
	    !job_finished(run->job->job))
		job_cancel(run->job->job);
	else if (run->job != NULL && run->job->check != NULL) {
		host_precheck_free(run->job->check);
		run->job->check = NULL;
	}
	/*
	 * Sent as ordinary commands rather than host_heaters_off, so they
	 * count as pending work and a front end that exits next can wait
	 * until the printer has them.
	 */
	if (run->heated) {
		(void)host_send(h, "M104 S0", HOST_SRC_HOST, NULL, NULL, NULL);
		(void)host_send(h, "M140 S0", HOST_SRC_HOST, NULL, NULL, NULL);
	}
	if (abnormal && run->motion_outstanding > 0)
		(void)host_send(h, "M410", HOST_SRC_HOST, NULL, NULL, NULL);
}

/* }====== */

static void
printer_push_heat(lua_State *L, const struct run_heat_stat *h,
    const char *name)
{
	lua_createtable(L, 0, 3);
	lua_pushnumber(L, h->target);
	lua_setfield(L, -2, "target");
	lua_pushnumber(L, h->max_dev);
	lua_setfield(L, -2, "max_dev");
	lua_pushinteger(L, h->samples);
	lua_setfield(L, -2, "samples");
	lua_setfield(L, -2, name);
}

/* The table a wait on a print returns (docs/lesson-api.md). */
void
bind_printer_push_print(lua_State *L, struct lesson_run *run,
    const struct run_result *r)
{
	struct run_job *rj = run->job;
	const struct gcode_progress *p;

	lua_createtable(L, 0, 12);
	lua_pushinteger(L, (lua_Integer)r->count);
	lua_setfield(L, -2, "lines");
	lua_pushnumber(L, r->number);
	lua_setfield(L, -2, "seconds");
	if (rj == NULL)
		return;
	lua_pushstring(L, rj->event != NULL ? rj->event : "done");
	lua_setfield(L, -2, "event");
	if (rj->job != NULL) {
		p = job_progress(rj->job);
		lua_pushstring(L, job_state_name(job_state(rj->job)));
		lua_setfield(L, -2, "state");
		lua_pushinteger(L, p->done.layer);
		lua_setfield(L, -2, "layer");
		lua_pushinteger(L, p->total_layers);
		lua_setfield(L, -2, "layers");
		if (r->count == 0) {
			lua_pushinteger(L, p->done.command);
			lua_setfield(L, -2, "lines");
		}
	}
	if (rj->prompt_open) {
		lua_createtable(L, 0, 2);
		lua_pushstring(L, rj->prompt);
		lua_setfield(L, -2, "text");
		lua_createtable(L, rj->nbuttons, 0);
		for (int i = 0; i < rj->nbuttons; i++) {
			lua_pushstring(L, rj->buttons[i]);
			lua_rawseti(L, -2, i + 1);
		}
		lua_setfield(L, -2, "buttons");
		lua_setfield(L, -2, "prompt");
	}
	if (rj->matched_line != NULL && rj->event != NULL &&
	    strcmp(rj->event, "line") == 0) {
		lua_pushstring(L, rj->matched_line);
		lua_setfield(L, -2, "line");
	}
	lua_createtable(L, 0, 2);
	printer_push_heat(L, &rj->nozzle, "nozzle");
	printer_push_heat(L, &rj->bed, "bed");
	lua_setfield(L, -2, "temps");
	lua_pushinteger(L, rj->paused_for_user);
	lua_setfield(L, -2, "paused_for_user");
	lua_createtable(L, rj->ncancel_log, 0);
	for (int i = 0; i < rj->ncancel_log; i++) {
		lua_pushstring(L, rj->cancel_log[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "cancel_log");
}
