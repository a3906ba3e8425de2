/*
 * Printing from the F6 screen: the job (read for the print in slices from
 * the loop, so a large file never holds up the keyboard or the emergency
 * stop), the printer's own questions while it prints (M600's filament
 * change, M0: busy: paused for user, //action:prompt_*, answered with M876),
 * the record of the print with its evidence, and going on after a halt or
 * a lost port from the first line the printer did not confirm, once the
 * trainee has confirmed the nozzle stands above the part
 * (host/resume_prep.c makes the printer ready as the firmwares' own
 * recoveries do).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "files_int.h"
#include "gcode.h"

/* The printer says it waits for the user (Marlin's host keepalive). */
static void
files_on_line(const char *line, void *data)
{
	struct tui *t = data;
	struct files_view *v = t->files;

	if (v == NULL || strstr(line, "busy: paused for user") == NULL)
		return;
	v->paused_for_user_ms = clock_ms();
	tui_dirty(t);
}

/* The printer's question (//action:prompt_*), kept so that it can be
 * asked again when its dialog was closed without an answer. */
static void
files_on_prompt(const char *message, const char *const *buttons, int n,
    void *data)
{
	struct tui *t = data;
	struct files_view *v = t->files;

	if (v == NULL)
		return;
	/* Each question as it comes, for a test to wait on (a question
	 * asked twice in a row is on screen throughout). */
	log_debug("tui: printer asks: %s", message != NULL ? message :
	    "(closed)");
	v->prompt_open = message != NULL;
	snprintf(v->prompt_text, sizeof v->prompt_text, "%s",
	    message != NULL ? message : "");
	v->prompt_n = 0;
	for (int i = 0; message != NULL && i < n && i < 4; i++)
		snprintf(v->prompt_buttons[v->prompt_n++],
		    sizeof v->prompt_buttons[0], "%s", buttons[i]);
	tui_dirty(t);
}

/*
 * While a print from here is cancelled: each command the host writes, kept
 * as the firmware reads it ("N12 M104 S0*97" as "M104 S0"). A line the
 * printer asked for again is kept once; a sequence longer than the buffer
 * is cut at a whole command.
 */
static void
files_on_sent(const char *line, void *data)
{
	struct tui *t = data;
	struct files_view *v = t->files;
	const char *cmd;
	size_t used, cmdlen;

	if (v == NULL || v->job == NULL || job_state(v->job) != JOB_CANCELLING ||
	    !gcode_sent_once(line, &v->cancel_lineno, &cmd, &cmdlen))
		return;
	used = strlen(v->cancel_sent);
	if (used + cmdlen + 1 >= sizeof v->cancel_sent)
		return;
	snprintf(v->cancel_sent + used, sizeof v->cancel_sent - used,
	    "%s%.*s", used > 0 ? "\n" : "", (int)cmdlen, cmd);
}

/*
 * Every report while a print from here runs: the highest readings, and
 * the span of layers 1 and 2, where a first layer fails for heat (M6).
 * Taken from the printer's reports, whatever screen is shown.
 */
static void
files_on_temps(const struct host_status *st, void *data)
{
	struct tui *t = data;
	struct files_view *v = t->files;
	const struct gcode_progress *p;

	if (v == NULL || v->job == NULL || v->job_over ||
	    job_state(v->job) == JOB_SCANNING || job_state(v->job) == JOB_READY)
		return;
	if (st->nozzle > v->nozzle_max)
		v->nozzle_max = st->nozzle;
	if (st->bed > v->bed_max)
		v->bed_max = st->bed;
	/* Settling is followed from the start: a target reached during the
	 * start code is held when layer 1 begins. */
	p = job_progress(v->job);
	if (p->done.layer > 2)
		return;
	rec_heat_span_note(&v->first_nozzle, st->nozzle, st->nozzle_target,
	    p->done.layer >= 1);
	rec_heat_span_note(&v->first_bed, st->bed, st->bed_target,
	    p->done.layer >= 1);
}

void
files_print_listen(struct tui *t, struct files_view *v)
{
	struct host_listener l;

	v->listener = -1;
	if (t->cfg->host == NULL)
		return;
	memset(&l, 0, sizeof l);
	l.line_received = files_on_line;
	l.line_sent = files_on_sent;
	l.prompt = files_on_prompt;
	l.temps = files_on_temps;
	l.data = t;
	v->listener = host_listen(t->cfg->host, &l);
}

void
files_print_unlisten(struct tui *t, struct files_view *v)
{
	if (v->listener != -1)
		host_unlisten(t->cfg->host, v->listener);
	v->listener = -1;
}

void
files_print_forget(struct files_view *v)
{
	host_resume_free(v->resume);
	v->resume = NULL;
	v->resume_confirmed = false;
	v->stop_confirmed = v->stop_resume = v->stop_sent = 0;
}

/* The print is over: record it as an attempt with its evidence, so modules
 * that assess starting, watching and cancelling a print can use it. */
static void
record_print(struct tui *t, struct files_view *v, enum job_state state)
{
	const struct gcode_progress *p = job_progress(v->job);
	struct rec_attempt_start a;
	struct rec_result_new r;
	struct rec_own_print ev;
	struct host_status st;
	int64_t id;
	char *cause = NULL, *evidence;
	const char *outcome = state == JOB_DONE ? "done" :
	    state == JOB_CANCELLED ? "cancelled" : "failed";

	if (t->cfg->store == NULL || t->learner_id == NULL)
		return;
	host_status(t->cfg->host, &st);
	memset(&a, 0, sizeof a);
	a.learner_id = t->learner_id;
	a.module_id = "own-print";
	a.module_version = "1";
	a.module_hash = v->sha256;
	a.lesson_id = "print-own-file";
	a.station = t->cfg->station;
	a.printer_profile = t->cfg->printer_profile;
	a.firmware = st.firmware_name[0] != '\0' ? st.firmware_name : NULL;
	a.lang = t->lang;
	if (rec_attempt_start(t->cfg->store, &a, &id, &cause) != 0) {
		tui_flash(t, "%s", cause);
		free(cause);
		return;
	}
	memset(&ev, 0, sizeof ev);
	ev.file = strrchr(v->path, '/') != NULL ? strrchr(v->path, '/') + 1 :
	    v->path;
	ev.sha256 = v->sha256;
	ev.bytes = v->stats.bytes;
	ev.outcome = outcome;
	ev.reason = state == JOB_DONE ? NULL : job_reason(v->job);
	ev.lines_done = p->done.lineno;
	ev.lines = p->total_lines;
	ev.layer = p->done.layer;
	ev.layers = p->total_layers;
	ev.nozzle_max_c = v->nozzle_max;
	ev.bed_max_c = v->bed_max;
	ev.first_nozzle = v->first_nozzle;
	ev.first_bed = v->first_bed;
	ev.estimated_s = v->stats.estimated_s;
	ev.resumed_from_line = v->resumed_from;
	ev.cancel_sent = v->cancel_sent[0] != '\0' ? v->cancel_sent : NULL;
	evidence = rec_evidence_own_print(&ev);
	memset(&r, 0, sizeof r);
	r.attempt_id = id;
	r.outcome_id = "print.own-file";
	r.method = REC_METHOD_PRINTER;
	r.passed = state == JOB_DONE;
	r.evidence = evidence;
	/* A lesson waiting for this print sees it now, not once the records
	 * hold it (an outbox may keep it for a while), and nothing on the
	 * loop has to read them back. */
	rec_own_print_copy(&t->own_here, &ev, (int64_t)time(NULL), 0);
	free(t->own_here_learner);
	t->own_here_learner = xstrdup(t->learner_id);
	if (t->run != NULL && lesson_run_status(t->run) == LESSON_RUNNING)
		lesson_run_own_print(t->run, &ev, t->own_here.time);
	if (rec_result_add(t->cfg->store, &r, NULL, &cause) != 0 ||
	    rec_attempt_finish(t->cfg->store, id, state == JOB_DONE ?
	    REC_ATTEMPT_COMPLETED : state == JOB_CANCELLED ?
	    REC_ATTEMPT_CANCELLED : REC_ATTEMPT_FAILED, &cause) != 0) {
		tui_flash(t, "%s", cause);
		free(cause);
	}
	free(evidence);
}

static void
on_job_state(enum job_state state, const char *reason, void *data)
{
	struct tui *t = data;
	struct files_view *v = t->files;

	if (v == NULL || v->job == NULL)
		return;
	if (state == JOB_DONE || state == JOB_CANCELLED ||
	    state == JOB_FAILED) {
		v->job_over = true;
		snprintf(v->job_result, sizeof v->job_result, "%s%s%s",
		    job_state_name(state), reason != NULL ? ": " : "",
		    reason != NULL ? reason : "");
		/* Where it can go on, once the printer is back. */
		v->stop_confirmed = v->stop_resume = v->stop_sent = 0;
		if (state == JOB_FAILED && job_last_confirmed(v->job) > 0) {
			v->stop_confirmed = job_last_confirmed(v->job);
			v->stop_resume = job_resume_line(v->job);
			v->stop_sent = job_last_sent_line(v->job);
		}
		v->prompt_open = false;
		record_print(t, v, state);
	}
	tui_dirty(t);
}

/*
 * Streams the file from line from (1: the whole print). The file is read
 * for the job in slices from the loop, so a large file never holds up the
 * keyboard or the emergency stop; the job starts once it is read.
 */
static void
begin_job(struct tui *t, struct files_view *v, long from)
{
	struct job_events ev;
	char *cause = NULL;

	if (v->job != NULL)
		job_free(v->job);
	memset(&ev, 0, sizeof ev);
	ev.state_changed = on_job_state;
	ev.data = t;
	v->job_over = false;
	v->nozzle_max = v->bed_max = 0;
	memset(&v->first_nozzle, 0, sizeof v->first_nozzle);
	memset(&v->first_bed, 0, sizeof v->first_bed);
	v->cancel_sent[0] = '\0';
	v->cancel_lineno = 0;
	v->job_result[0] = '\0';
	v->resumed_from = from > 1 ? from : 0;
	v->stop_confirmed = v->stop_resume = v->stop_sent = 0;
	v->job = job_new_sliced(t->cfg->host, v->path, &ev, &cause);
	if (v->job == NULL || job_start_at(v->job, from, &cause) != 0) {
		tui_flash(t, "%s", cause != NULL ? cause : "");
		free(cause);
		if (v->job != NULL)
			job_free(v->job);
		v->job = NULL;
	}
}

void
files_print_start(struct tui *t, struct files_view *v)
{
	if (!v->checked || !v->check_ok || t->cfg->host == NULL ||
	    (v->job != NULL && !v->job_over) || v->resume != NULL)
		return;
	begin_job(t, v, 1);
}

/* ---- Going on after a halt or a lost port ---- */

static bool
printer_ready(struct tui *t)
{
	struct host_status st;

	host_status(t->cfg->host, &st);
	return st.link == HOST_LINK_READY;
}

void
files_print_stop_resume(struct files_view *v)
{
	host_resume_free(v->resume);
	v->resume = NULL;
	v->resume_confirmed = false;
}

static void
on_resume_prepared(bool ok, const char *why, void *data)
{
	struct tui *t = data;
	struct files_view *v = t->files;
	long from = v->resume_line;
	char text[768];

	files_print_stop_resume(v);
	if (!ok) {
		snprintf(text, sizeof text, "%s %s", tui_tr(t,
		    "files.resume_failed"), why != NULL ? why : "");
		tui_dialog_message(t, tui_tr(t, "files.resume_title"), text,
		    false);
		return;
	}
	if (why != NULL)
		tui_flash(t, "%s %s", tui_tr(t, "files.resume_without"), why);
	begin_job(t, v, from);
}

static void
resume_confirm_cb(struct tui *t, int button, const char *input)
{
	struct files_view *v = t->files;
	const char *file;
	char line[32], told[512], *cause = NULL;

	(void)input;
	if (v == NULL || v->resume == NULL)
		return;
	if (button != 0) {
		files_print_stop_resume(v);
		return;
	}
	if (!printer_ready(t)) {
		files_print_stop_resume(v);
		tui_dialog_message(t, tui_tr(t, "files.resume_title"),
		    tui_tr(t, "files.resume_not_ready"), false);
		return;
	}
	/* The trainer hears of it: a print going on over a part that sat
	 * still is worth a look. */
	file = strrchr(v->path, '/') != NULL ? strrchr(v->path, '/') + 1 :
	    v->path;
	snprintf(line, sizeof line, "%ld", v->resume_line);
	tui_format(t, told, sizeof told, "files.resume_told",
	    t->learner_name != NULL ? t->learner_name : t->trainer_name != NULL ?
	    t->trainer_name : "?", file, line, NULL);
	tui_console_add(t, ROLE_WARN, "-- %s", told);
	tui_flash(t, "%s", told);
	v->resume_confirmed = true;
	if (host_resume_go(v->resume, &cause) != 0) {
		files_print_stop_resume(v);
		snprintf(told, sizeof told, "%s %s", tui_tr(t,
		    "files.resume_failed"), cause != NULL ? cause : "");
		tui_dialog_message(t, tui_tr(t, "files.resume_title"), told,
		    false);
		free(cause);
	}
}

static void
on_resume_planned(const struct gcode_resume_state *st,
    const struct gcode_resume_step *plan, int n, const char *error,
    void *data)
{
	struct tui *t = data;
	struct files_view *v = t->files;
	const char *buttons[2] = { tui_tr(t, "files.resume_yes"),
	    tui_tr(t, "button.cancel") };
	char line[32], bed[32], nozzle[32], z[32], text[1024];

	(void)plan;
	if (n == 0) {
		files_print_stop_resume(v);
		snprintf(text, sizeof text, "%s %s", tui_tr(t,
		    "files.resume_failed"), error != NULL ? error : "");
		tui_dialog_message(t, tui_tr(t, "files.resume_title"), text,
		    false);
		return;
	}
	snprintf(line, sizeof line, "%ld", st->lineno);
	snprintf(bed, sizeof bed, "%.0f", st->bed);
	snprintf(nozzle, sizeof nozzle, "%.0f", st->nozzle);
	snprintf(z, sizeof z, "%.2f", st->layer_z);
	tui_format(t, text, sizeof text, "files.resume_text", line, bed,
	    nozzle, z);
	tui_dialog_choice(t, tui_tr(t, "files.resume_title"), text, buttons, 2,
	    'R', resume_confirm_cb);
}

/* R: read the file up to the line, then ask the trainee to look. */
void
files_print_resume(struct tui *t, struct files_view *v)
{
	struct host_resume_events ev;
	char *cause = NULL;

	if (v->job == NULL || !v->job_over || v->stop_resume <= 0 ||
	    v->resume != NULL || t->cfg->host == NULL)
		return;
	if (!printer_ready(t)) {
		tui_flash(t, "%s", tui_tr(t, "files.resume_not_ready"));
		return;
	}
	memset(&ev, 0, sizeof ev);
	ev.planned = on_resume_planned;
	ev.prepared = on_resume_prepared;
	ev.data = t;
	v->resume_line = v->stop_resume;
	v->resume = host_resume_new(t->cfg->host, v->path, v->resume_line,
	    &ev, &cause);
	if (v->resume == NULL) {
		tui_dialog_message(t, tui_tr(t, "files.resume_title"), cause,
		    false);
		free(cause);
	}
}

/* a: the printer's question again, after its dialog was closed. */
static void
answer_cb(struct tui *t, int button, const char *input)
{
	char cmd[32];

	(void)input;
	if (button < 0)
		return;
	snprintf(cmd, sizeof cmd, "M876 S%d", button);
	host_send(t->cfg->host, cmd, HOST_SRC_CONSOLE, NULL, NULL, NULL);
}

void
files_print_ask_again(struct tui *t, struct files_view *v)
{
	const char *buttons[4];
	const char *ok[1] = { tui_tr(t, "button.continue") };

	if (!v->prompt_open)
		return;
	for (int i = 0; i < v->prompt_n; i++)
		buttons[i] = v->prompt_buttons[i];
	tui_dialog_choice(t, tui_tr(t, "printer.prompt"), v->prompt_text,
	    v->prompt_n > 0 ? buttons : ok, v->prompt_n > 0 ? v->prompt_n : 1,
	    'P', answer_cb);
}

int
files_print_draw(struct tui *t, struct files_view *v, int y, int x, int w)
{
	const struct gcode_progress *p = job_progress(v->job);
	struct host_status st;
	char line[512], left[64], a[32], b[32];
	double eta;
	bool waiting = !v->job_over && (v->prompt_open ||
	    (v->paused_for_user_ms != 0 &&
	    clock_ms() - v->paused_for_user_ms < 5000));

	host_status(t->cfg->host, &st);
	eta = gcode_progress_eta(p, clock_ms());
	gcode_format_duration(left, sizeof left, eta);
	snprintf(line, sizeof line, "%s · %.1f %% · %s %d/%d", v->job_over ?
	    v->job_result : job_state_name(job_state(v->job)),
	    gcode_progress_commands(p) * 100, tui_tr(t, "files.layer"),
	    p->done.layer, p->total_layers);
	y = files_wrapped(t, y, x, w, v->job_over ? ROLE_HEADING : ROLE_OK,
	    line);
	snprintf(line, sizeof line, "T %.0f/%.0f °C · B %.0f/%.0f °C · %s %s",
	    st.nozzle, st.nozzle_target, st.bed, st.bed_target,
	    tui_tr(t, "files.time_left"), left);
	y = files_para(t, y, x, w, ROLE_NORMAL, line);
	if (waiting) {
		snprintf(line, sizeof line, "%s %s", tui_tr(t,
		    "files.waiting_user"), v->prompt_open ? v->prompt_text :
		    tui_tr(t, "files.waiting_display"));
		y = files_para(t, y, x, w, ROLE_WARN, line);
		if (v->prompt_open && t->dialog.kind == DIALOG_NONE)
			y = files_para(t, y, x, w, ROLE_DIM,
			    tui_tr(t, "files.answer_hint"));
	}
	if (v->resume != NULL) {
		snprintf(a, sizeof a, "%ld", v->resume_line);
		tui_format(t, line, sizeof line, "files.resuming", a, NULL,
		    NULL, NULL);
		if (host_resume_doing(v->resume) != NULL)
			snprintf(line + strlen(line), sizeof line - strlen(line),
			    " %s", host_resume_doing(v->resume));
		else if (!v->resume_confirmed)
			snprintf(line + strlen(line), sizeof line - strlen(line),
			    " %.0f %%", host_resume_progress(v->resume) * 100);
		return files_para(t, y, x, w, ROLE_WARN, line);
	}
	if (v->job_over && v->stop_resume > 0) {
		snprintf(a, sizeof a, "%ld", v->stop_confirmed);
		snprintf(b, sizeof b, "%ld", p->total_lines);
		tui_format(t, line, sizeof line, "files.stopped", a, b, NULL,
		    NULL);
		y = files_para(t, y, x, w, ROLE_WARN, line);
		if (v->stop_sent >= v->stop_resume) {
			snprintf(a, sizeof a, "%ld", v->stop_resume);
			snprintf(b, sizeof b, "%ld", v->stop_sent);
			tui_format(t, line, sizeof line, "files.resume_doubt", a,
			    b, NULL, NULL);
			y = files_wrapped(t, y, x, w, ROLE_WARN, line);
		}
		snprintf(a, sizeof a, "%ld", v->stop_resume);
		tui_format(t, line, sizeof line, printer_ready(t) ?
		    "files.resume_hint" : "files.resume_not_ready", a, NULL,
		    NULL, NULL);
		return files_wrapped(t, y, x, w, ROLE_DIM, line);
	}
	return files_para(t, y, x, w, ROLE_DIM, tui_tr(t, "files.job_keys"));
}

