/*
 * The "print a file" screen (F6): the G-code files in the configured folder
 * and on mounted USB sticks; for the one opened, its statistics and time
 * estimate, the whole-file check against this printer and a layer preview.
 * Reading and checking run from the loop in slices, so the screen and the
 * emergency stop stay responsive while a large file is read.
 *
 * While it prints, the printer's own questions (M600's filament change,
 * M0) are shown and answered here; after a halt or a lost port the print
 * can go on from the first line the printer did not confirm, once the
 * trainee has confirmed the nozzle stands above the part (host/resume_prep.c
 * makes the printer ready as the firmwares' own recoveries do).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "job.h"
#include "loop.h"
#include "records.h"
#include "precheck.h"
#include "preview.h"
#include "resume_prep.h"
#include "stats.h"
#include "tui_int.h"

#define MAX_FILES 256
#define SLICE_MS 8

struct files_view {
	char *paths[MAX_FILES];
	int n, cursor, scroll;
	/* The file opened. */
	char *path;
	struct gcode_machine m;
	struct gcode_stats_run *run;
	struct gcode_layer_index ix;
	bool have_stats;
	struct gcode_stats stats;
	/* The file's SHA-256, taken on the statistics pass: the evidence of
	 * a print names exactly the bytes that were checked. */
	struct rec_sha256 *hasher;
	char sha256[65];
	struct host_precheck *check;
	bool checked, check_ok;
	char *report;
	char *error;
	int layer;
	char *preview;
	int preview_layer, preview_width;
	struct loop_timer *timer;
	/* The print, once started from here. */
	struct job *job;
	bool job_over;
	double nozzle_max, bed_max;	/* temperatures seen while printing */
	char job_result[128];
	int listener;
	/* The printer waits for the trainee (M600, M0): its question. */
	bool prompt_open;
	char prompt_text[256];
	char prompt_buttons[4][48];
	int prompt_n;
	uint64_t paused_for_user_ms;	/* the latest "busy: paused for user" */
	/* After a halt or a lost port: where the print can go on. */
	long stop_confirmed, stop_resume, stop_sent;
	struct host_resume *resume;
	long resume_line;	/* the line the resume goes on from */
	long resumed_from;	/* the running job's, for its evidence */
	bool resume_confirmed;	/* the trainee said the nozzle is over the part */
};

static bool
is_gcode(const char *name)
{
	return str_ends_with(name, ".gcode") || str_ends_with(name, ".gco") ||
	    str_ends_with(name, ".g") || str_ends_with(name, ".bgcode");
}

static int
cmp_paths(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
scan_dir(struct files_view *v, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL && v->n < MAX_FILES) {
		char *p;
		if (e->d_name[0] == '.' || !is_gcode(e->d_name))
			continue;
		p = xasprintf("%s/%s", dir, e->d_name);
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
			v->paths[v->n++] = p;
		else
			free(p);
	}
	closedir(d);
}

/* Sticks the desktop mounts under /media/USER/LABEL or /run/media/... */
static void
scan_sticks(struct files_view *v, const char *root)
{
	DIR *users = opendir(root), *sticks;
	struct dirent *u, *s;

	if (users == NULL)
		return;
	while ((u = readdir(users)) != NULL) {
		char *ud;
		if (u->d_name[0] == '.')
			continue;
		ud = xasprintf("%s/%s", root, u->d_name);
		if ((sticks = opendir(ud)) != NULL) {
			while ((s = readdir(sticks)) != NULL) {
				char *sd;
				if (s->d_name[0] == '.')
					continue;
				sd = xasprintf("%s/%s", ud, s->d_name);
				scan_dir(v, sd);
				free(sd);
			}
			closedir(sticks);
		}
		free(ud);
	}
	closedir(users);
}

static void
close_file(struct files_view *v)
{
	if (v->timer != NULL)
		loop_timer_remove(v->timer);
	v->timer = NULL;
	gcode_stats_free(v->run);
	v->run = NULL;
	rec_sha256_free(v->hasher);
	v->hasher = NULL;
	v->sha256[0] = '\0';
	host_precheck_free(v->check);
	v->check = NULL;
	gcode_layer_index_free(&v->ix);
	free(v->path);
	free(v->report);
	free(v->error);
	free(v->preview);
	v->path = v->report = v->error = v->preview = NULL;
	v->have_stats = v->checked = v->check_ok = false;
	host_resume_free(v->resume);
	v->resume = NULL;
	v->stop_confirmed = v->stop_resume = v->stop_sent = 0;
	if (v->job != NULL && (v->job_over || job_state(v->job) == JOB_READY)) {
		job_free(v->job);
		v->job = NULL;
	}
}

void
files_view_free(struct tui *t)
{
	struct files_view *v = t->files;

	if (v == NULL)
		return;
	close_file(v);
	if (v->listener != -1)
		host_unlisten(t->cfg->host, v->listener);
	for (int i = 0; i < v->n; i++)
		free(v->paths[i]);
	free(v);
	t->files = NULL;
}

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
	v->prompt_open = message != NULL;
	snprintf(v->prompt_text, sizeof v->prompt_text, "%s",
	    message != NULL ? message : "");
	v->prompt_n = 0;
	for (int i = 0; message != NULL && i < n && i < 4; i++)
		snprintf(v->prompt_buttons[v->prompt_n++],
		    sizeof v->prompt_buttons[0], "%s", buttons[i]);
	tui_dirty(t);
}

void
files_view_enter(struct tui *t)
{
	struct files_view *v = t->files;

	if (v == NULL) {
		struct host_listener l;

		v = t->files = xcalloc(1, sizeof *v);
		v->listener = -1;
		if (t->cfg->host != NULL) {
			memset(&l, 0, sizeof l);
			l.line_received = files_on_line;
			l.prompt = files_on_prompt;
			l.data = t;
			v->listener = host_listen(t->cfg->host, &l);
		}
	}
	for (int i = 0; i < v->n; i++)
		free(v->paths[i]);
	v->n = 0;
	if (t->cfg->gcode_dir != NULL)
		scan_dir(v, t->cfg->gcode_dir);
	scan_sticks(v, "/media");
	scan_sticks(v, "/run/media");
	qsort(v->paths, (size_t)v->n, sizeof *v->paths, cmp_paths);
	if (v->cursor >= v->n)
		v->cursor = v->n > 0 ? v->n - 1 : 0;
	tui_dirty(t);
}

static void
on_checked(bool ok, const char *report, void *data)
{
	struct tui *t = data;
	struct files_view *v = t->files;

	v->checked = true;
	v->check_ok = ok;
	v->report = xstrdup(report);
	tui_dirty(t);
}

static uint64_t
read_slice(uint64_t now, void *data)
{
	struct tui *t = data;
	struct files_view *v = t->files;
	char *cause = NULL;
	int rc;

	do {
		rc = gcode_stats_step(v->run, 64 * 1024, &cause);
	} while (rc == 1 && clock_ms() < now + SLICE_MS);
	tui_dirty(t);
	if (rc == 1)
		return clock_ms();
	loop_timer_remove(v->timer);
	v->timer = NULL;
	if (rc == -1) {
		v->error = cause;
		gcode_stats_free(v->run);
		v->run = NULL;
		return 0;
	}
	gcode_stats_finish(v->run, &v->stats);
	gcode_stats_free(v->run);
	v->run = NULL;
	rec_sha256_final(v->hasher, v->sha256);
	rec_sha256_free(v->hasher);
	v->hasher = NULL;
	v->have_stats = true;
	/* Then the check the print would run, against this printer. */
	if (t->cfg->host != NULL) {
		v->check = host_precheck_start(t->cfg->loop, v->path,
		    host_profile(t->cfg->host), on_checked, t, &cause);
		if (v->check == NULL)
			v->error = cause;
	}
	return 0;
}

static void
hash_bytes(const void *bytes, size_t len, void *data)
{
	rec_sha256_update(data, bytes, len);
}

static void
open_file(struct tui *t, const char *path)
{
	struct files_view *v = t->files;
	char *cause = NULL;

	close_file(v);
	v->path = xstrdup(path);
	v->layer = 0;
	v->preview_layer = -1;
	if (t->cfg->host != NULL)
		host_profile_machine(host_profile(t->cfg->host), &v->m);
	else
		gcode_machine_default(&v->m);
	v->run = gcode_stats_open(path, &v->m, &v->ix, &cause);
	if (v->run == NULL) {
		v->error = cause;
		return;
	}
	v->hasher = rec_sha256_new();
	gcode_stats_tap(v->run, hash_bytes, v->hasher);
	v->timer = loop_timer_add(t->cfg->loop, clock_ms(), read_slice, t);
}

static int
draw_para(struct tui *t, int y, int x, int w, int role, const char *text)
{
	attron((attr_t)draw_attr(t, role));
	draw_text(y, x, text, w);
	attroff((attr_t)draw_attr(t, role));
	return y + 1;
}

/* A paragraph wrapped to w columns (at most 3 rows); returns the next row. */
static int
draw_wrapped(struct tui *t, int y, int x, int w, int role, const char *text)
{
	struct text_lines tl;
	int rows;

	text_wrap(text, w, 0, &tl);
	rows = tl.n > 3 ? 3 : (int)tl.n;
	draw_lines(t, &tl, 0, y, x, rows, role);
	text_lines_free(&tl);
	return y + (rows > 0 ? rows : 1);
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
	ev.estimated_s = v->stats.estimated_s;
	ev.resumed_from_line = v->resumed_from;
	evidence = rec_evidence_own_print(&ev);
	memset(&r, 0, sizeof r);
	r.attempt_id = id;
	r.outcome_id = "print.own-file";
	r.method = REC_METHOD_PRINTER;
	r.passed = state == JOB_DONE;
	r.evidence = evidence;
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

static void
start_print(struct tui *t, struct files_view *v)
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

static void
end_resume(struct files_view *v)
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

	end_resume(v);
	if (!ok) {
		snprintf(text, sizeof text, "%s %s", tui_tr(t,
		    "files.resume_failed"), why != NULL ? why : "");
		tui_dialog_message(t, tui_tr(t, "files.resume_title"), text,
		    false);
		return;
	}
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
		end_resume(v);
		return;
	}
	if (!printer_ready(t)) {
		end_resume(v);
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
		end_resume(v);
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
		end_resume(v);
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
static void
start_resume(struct tui *t, struct files_view *v)
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

static void
ask_again(struct tui *t, struct files_view *v)
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

/* Draws the print's lines from y; returns the row after them. */
static int
draw_job(struct tui *t, struct files_view *v, int y, int x, int w)
{
	const struct gcode_progress *p = job_progress(v->job);
	struct host_status st;
	char line[512], left[64], a[32], b[32];
	double eta;
	bool waiting = !v->job_over && (v->prompt_open ||
	    (v->paused_for_user_ms != 0 &&
	    clock_ms() - v->paused_for_user_ms < 5000));

	host_status(t->cfg->host, &st);
	if (st.nozzle > v->nozzle_max)
		v->nozzle_max = st.nozzle;
	if (st.bed > v->bed_max)
		v->bed_max = st.bed;
	eta = gcode_progress_eta(p, clock_ms());
	gcode_format_duration(left, sizeof left, eta);
	snprintf(line, sizeof line, "%s · %.1f %% · %s %d/%d", v->job_over ?
	    v->job_result : job_state_name(job_state(v->job)),
	    gcode_progress_commands(p) * 100, tui_tr(t, "files.layer"),
	    p->done.layer, p->total_layers);
	y = draw_wrapped(t, y, x, w, v->job_over ? ROLE_HEADING : ROLE_OK,
	    line);
	snprintf(line, sizeof line, "T %.0f/%.0f °C · B %.0f/%.0f °C · %s %s",
	    st.nozzle, st.nozzle_target, st.bed, st.bed_target,
	    tui_tr(t, "files.time_left"), left);
	y = draw_para(t, y, x, w, ROLE_NORMAL, line);
	if (waiting) {
		snprintf(line, sizeof line, "%s %s", tui_tr(t,
		    "files.waiting_user"), v->prompt_open ? v->prompt_text :
		    tui_tr(t, "files.waiting_display"));
		y = draw_para(t, y, x, w, ROLE_WARN, line);
		if (v->prompt_open && t->dialog.kind == DIALOG_NONE)
			y = draw_para(t, y, x, w, ROLE_DIM,
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
		return draw_para(t, y, x, w, ROLE_WARN, line);
	}
	if (v->job_over && v->stop_resume > 0) {
		snprintf(a, sizeof a, "%ld", v->stop_confirmed);
		snprintf(b, sizeof b, "%ld", p->total_lines);
		tui_format(t, line, sizeof line, "files.stopped", a, b, NULL,
		    NULL);
		y = draw_para(t, y, x, w, ROLE_WARN, line);
		if (v->stop_sent >= v->stop_resume) {
			snprintf(a, sizeof a, "%ld", v->stop_resume);
			snprintf(b, sizeof b, "%ld", v->stop_sent);
			tui_format(t, line, sizeof line, "files.resume_doubt", a,
			    b, NULL, NULL);
			y = draw_wrapped(t, y, x, w, ROLE_WARN, line);
		}
		snprintf(a, sizeof a, "%ld", v->stop_resume);
		tui_format(t, line, sizeof line, printer_ready(t) ?
		    "files.resume_hint" : "files.resume_not_ready", a, NULL,
		    NULL, NULL);
		return draw_wrapped(t, y, x, w, ROLE_DIM, line);
	}
	return draw_para(t, y, x, w, ROLE_DIM, tui_tr(t, "files.job_keys"));
}

static void
draw_details(struct tui *t, struct files_view *v, int top, int height, int x,
    int w)
{
	const struct gcode_stats *s = &v->stats;
	char line[512], a[64], b[64];
	int y = top, end = top + height;

	y = draw_para(t, y, x, w, ROLE_HEADING, strrchr(v->path, '/') != NULL ?
	    strrchr(v->path, '/') + 1 : v->path);
	if (v->error != NULL) {
		draw_para(t, y, x, w, ROLE_BAD, v->error);
		return;
	}
	if (!v->have_stats) {
		snprintf(line, sizeof line, "%s %.0f %%",
		    tui_tr(t, "files.reading"), v->run != NULL ?
		    gcode_stats_progress(v->run) * 100 : 0.0);
		draw_para(t, y, x, w, ROLE_DIM, line);
		return;
	}
	if (s->slicer[0] != '\0') {
		snprintf(line, sizeof line, "%s%s%s", s->slicer,
		    s->printer[0] != '\0' ? " · " : "", s->printer);
		y = draw_para(t, y, x, w, ROLE_DIM, line);
	}
	snprintf(line, sizeof line, "%d %s · %.2f m · %.1f g", s->layers,
	    tui_tr(t, "files.layers"), s->filament_mm / 1000, s->filament_g);
	y = draw_para(t, y, x, w, ROLE_NORMAL, line);
	gcode_format_duration(a, sizeof a, s->estimated_s);
	if (s->slicer_s >= 0) {
		gcode_format_duration(b, sizeof b, s->slicer_s);
		snprintf(line, sizeof line, "%s %s (%s %s)",
		    tui_tr(t, "files.time"), a, tui_tr(t, "files.slicer_time"),
		    b);
	} else
		snprintf(line, sizeof line, "%s %s", tui_tr(t, "files.time"), a);
	y = draw_para(t, y, x, w, ROLE_NORMAL, line);
	if (!v->checked) {
		snprintf(line, sizeof line, "%s %.0f %%",
		    tui_tr(t, "files.checking"), v->check != NULL ?
		    host_precheck_progress(v->check) * 100 : 0.0);
		y = draw_para(t, y, x, w, ROLE_DIM, line);
	} else if (v->check_ok) {
		y = draw_para(t, y, x, w, ROLE_OK, tui_tr(t, "files.ready"));
		if (v->job != NULL)
			y = draw_job(t, v, y, x, w);
		else if (t->cfg->host != NULL)
			y = draw_para(t, y, x, w, ROLE_DIM,
			    tui_tr(t, "files.print_hint"));
	} else {
		const char *p = v->report, *nl;
		int shown = 0;
		y = draw_para(t, y, x, w, ROLE_BAD, tui_tr(t, "files.refused"));
		/* The problems without the path: the screen has it above. */
		while (p != NULL && *p != '\0' && shown < 4 && y < end - 3) {
			const char *colon = strstr(p, ".gcode:");
			nl = strchr(p, '\n');
			snprintf(line, sizeof line, "%.*s", (int)(nl != NULL ?
			    nl - p : (long)strlen(p)), colon != NULL &&
			    (nl == NULL || colon < nl) ? colon + 7 : p);
			y = draw_para(t, y, x + 2, w - 2, ROLE_BAD, line);
			shown++;
			p = nl != NULL ? nl + 1 : NULL;
		}
	}
	if (v->ix.n == 0 || y >= end - 3)
		return;
	/* While it prints, the preview follows the layer being printed. */
	if (v->job != NULL && !v->job_over) {
		int now = job_progress(v->job)->done.layer - 1;
		if (now >= 0 && now < v->ix.n)
			v->layer = now;
	}
	if (v->preview == NULL || v->preview_layer != v->layer ||
	    v->preview_width != w - 2) {
		struct gcode_preview_opts po = { w - 2, GCODE_PREVIEW_BRAILLE,
		    true };
		char *cause = NULL;
		free(v->preview);
		po.width = w - 2 > 8 ? w - 2 : 8;
		v->preview = gcode_preview_layer(v->path, &v->ix, v->layer,
		    &v->m, &po, &cause);
		free(cause);
		v->preview_layer = v->layer;
		v->preview_width = w - 2;
	}
	snprintf(line, sizeof line, "%s %d/%d · Z %.2f mm (←/→)",
	    tui_tr(t, "files.layer"), v->layer + 1, v->ix.n,
	    v->ix.marks[v->layer].z);
	y = draw_para(t, y + 1, x, w, ROLE_HEADING, line);
	for (const char *p = v->preview; p != NULL && *p != '\0' && y < end;
	    y++) {
		const char *nl = strchr(p, '\n');
		draw_textn(y, x, p, nl != NULL ? (size_t)(nl - p) : strlen(p), w);
		p = nl != NULL ? nl + 1 : NULL;
	}
}

void
files_view_draw(struct tui *t, int top, int height)
{
	struct files_view *v = t->files;
	int lw = t->cols / 3 < 40 ? t->cols / 3 : 40, rows = height - 1;

	if (v == NULL)
		return;
	if (v->n == 0) {
		char line[512];
		snprintf(line, sizeof line, "%s %s", tui_tr(t, "files.none"),
		    t->cfg->gcode_dir != NULL ? t->cfg->gcode_dir : "");
		draw_para(t, top + 1, 2, t->cols - 4, ROLE_DIM, line);
		return;
	}
	if (v->cursor < v->scroll)
		v->scroll = v->cursor;
	if (v->cursor >= v->scroll + rows)
		v->scroll = v->cursor - rows + 1;
	for (int i = v->scroll; i < v->n && i - v->scroll < rows; i++) {
		const char *name = strrchr(v->paths[i], '/');
		int y = top + i - v->scroll;
		name = name != NULL ? name + 1 : v->paths[i];
		if (i == v->cursor)
			draw_fill(y, 0, lw, ROLE_SELECTED, t);
		attron((attr_t)draw_attr(t, i == v->cursor ? ROLE_SELECTED :
		    ROLE_NORMAL));
		draw_text(y, 1, name, lw - 2);
		attroff((attr_t)draw_attr(t, i == v->cursor ? ROLE_SELECTED :
		    ROLE_NORMAL));
	}
	if (v->path != NULL)
		draw_details(t, v, top, height, lw + 2, t->cols - lw - 3);
	else
		draw_para(t, top, lw + 2, t->cols - lw - 3, ROLE_DIM,
		    tui_tr(t, "files.open_hint"));
}

bool
files_view_key(struct tui *t, struct tui_key k)
{
	struct files_view *v = t->files;

	if (v == NULL)
		return false;
	if (k.fn) {
		switch (k.code) {
		case KEY_UP:
			if (v->cursor > 0)
				v->cursor--;
			return true;
		case KEY_DOWN:
			if (v->cursor + 1 < v->n)
				v->cursor++;
			return true;
		case KEY_LEFT:
			if (v->layer > 0)
				v->layer--;
			return true;
		case KEY_RIGHT:
			if (v->layer + 1 < v->ix.n)
				v->layer++;
			return true;
		}
		return false;
	}
	/* While the printer is made ready to go on, c stops that (heaters
	 * off) and the file stays open. */
	if (v->resume != NULL && v->resume_confirmed) {
		switch (k.code) {
		case 'c':
			end_resume(v);
			return true;
		case 27:
			tui_set_screen(t, t->back);
			return true;
		}
		return false;
	}
	/* A running print keeps its file open until it ends. */
	if (v->job != NULL && !v->job_over) {
		switch (k.code) {
		case 'a':
			ask_again(t, v);
			return true;
		case ' ':
			if (job_state(v->job) == JOB_PAUSED)
				job_resume(v->job);
			else
				job_pause(v->job, "paused from the training "
				    "screen");
			return true;
		case 'c':
			job_cancel(v->job);
			return true;
		case 27:
			tui_set_screen(t, t->back);
			return true;
		}
		return false;
	}
	switch (k.code) {
	case '\n':
		if (v->n > 0)
			open_file(t, v->paths[v->cursor]);
		return true;
	case 'p':
		start_print(t, v);
		return true;
	case 'R':
		start_resume(t, v);
		return true;
	case 'r':
		files_view_enter(t);
		return true;
	case 27:
		tui_set_screen(t, t->back);
		return true;
	}
	return false;
}
