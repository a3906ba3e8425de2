/*
 * The "print a file" screen (F6): the G-code files in the configured folder
 * and on mounted USB sticks; for the one opened, its statistics and time
 * estimate, the whole-file check against this printer and a layer preview.
 * Reading and checking run from the loop in slices, so the screen and the
 * emergency stop stay responsive while a large file is read.
 * Printing the file from here is files_print.c.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "files_int.h"

#define SLICE_MS 8


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
	files_print_forget(v);
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
	files_print_unlisten(t, v);
	for (int i = 0; i < v->n; i++)
		free(v->paths[i]);
	free(v);
	t->files = NULL;
}

void
files_view_enter(struct tui *t)
{
	struct files_view *v = t->files;

	if (v == NULL) {
		v = t->files = xcalloc(1, sizeof *v);
		files_print_listen(t, v);
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

int
files_para(struct tui *t, int y, int x, int w, int role, const char *text)
{
	attron((attr_t)draw_attr(t, role));
	draw_text(y, x, text, w);
	attroff((attr_t)draw_attr(t, role));
	return y + 1;
}

/* A paragraph wrapped to w columns (at most 3 rows); returns the next row. */
int
files_wrapped(struct tui *t, int y, int x, int w, int role, const char *text)
{
	struct text_lines tl;
	int rows;

	text_wrap(text, w, 0, &tl);
	rows = tl.n > 3 ? 3 : (int)tl.n;
	draw_lines(t, &tl, 0, y, x, rows, role);
	text_lines_free(&tl);
	return y + (rows > 0 ? rows : 1);
}

static void
draw_details(struct tui *t, struct files_view *v, int top, int height, int x,
    int w)
{
	const struct gcode_stats *s = &v->stats;
	char line[512], a[64], b[64];
	int y = top, end = top + height;

	y = files_para(t, y, x, w, ROLE_HEADING, strrchr(v->path, '/') != NULL ?
	    strrchr(v->path, '/') + 1 : v->path);
	if (v->error != NULL) {
		files_para(t, y, x, w, ROLE_BAD, v->error);
		return;
	}
	if (!v->have_stats) {
		snprintf(line, sizeof line, "%s %.0f %%",
		    tui_tr(t, "files.reading"), v->run != NULL ?
		    gcode_stats_progress(v->run) * 100 : 0.0);
		files_para(t, y, x, w, ROLE_DIM, line);
		return;
	}
	if (s->slicer[0] != '\0') {
		snprintf(line, sizeof line, "%s%s%s", s->slicer,
		    s->printer[0] != '\0' ? " · " : "", s->printer);
		y = files_para(t, y, x, w, ROLE_DIM, line);
	}
	snprintf(line, sizeof line, "%d %s · %.2f m · %.1f g", s->layers,
	    tui_tr(t, "files.layers"), s->filament_mm / 1000, s->filament_g);
	y = files_para(t, y, x, w, ROLE_NORMAL, line);
	gcode_format_duration(a, sizeof a, s->estimated_s);
	if (s->slicer_s >= 0) {
		gcode_format_duration(b, sizeof b, s->slicer_s);
		snprintf(line, sizeof line, "%s %s (%s %s)",
		    tui_tr(t, "files.time"), a, tui_tr(t, "files.slicer_time"),
		    b);
	} else
		snprintf(line, sizeof line, "%s %s", tui_tr(t, "files.time"), a);
	y = files_para(t, y, x, w, ROLE_NORMAL, line);
	if (!v->checked) {
		snprintf(line, sizeof line, "%s %.0f %%",
		    tui_tr(t, "files.checking"), v->check != NULL ?
		    host_precheck_progress(v->check) * 100 : 0.0);
		y = files_para(t, y, x, w, ROLE_DIM, line);
	} else if (v->check_ok) {
		y = files_para(t, y, x, w, ROLE_OK, tui_tr(t, "files.ready"));
		if (v->job != NULL)
			y = files_print_draw(t, v, y, x, w);
		else if (t->cfg->host != NULL)
			y = files_para(t, y, x, w, ROLE_DIM,
			    tui_tr(t, "files.print_hint"));
	} else {
		const char *p = v->report, *nl;
		int shown = 0;
		y = files_para(t, y, x, w, ROLE_BAD, tui_tr(t, "files.refused"));
		/* The problems without the path: the screen has it above. */
		while (p != NULL && *p != '\0' && shown < 4 && y < end - 3) {
			const char *colon = strstr(p, ".gcode:");
			nl = strchr(p, '\n');
			snprintf(line, sizeof line, "%.*s", (int)(nl != NULL ?
			    nl - p : (long)strlen(p)), colon != NULL &&
			    (nl == NULL || colon < nl) ? colon + 7 : p);
			y = files_para(t, y, x + 2, w - 2, ROLE_BAD, line);
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
	y = files_para(t, y + 1, x, w, ROLE_HEADING, line);
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
		files_para(t, top + 1, 2, t->cols - 4, ROLE_DIM, line);
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
		files_para(t, top, lw + 2, t->cols - lw - 3, ROLE_DIM,
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
			files_print_stop_resume(v);
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
			files_print_ask_again(t, v);
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
		files_print_start(t, v);
		return true;
	case 'R':
		files_print_resume(t, v);
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
