/*
 * The lesson API's look into G-code files: show_layer draws one layer of a
 * file next to the lesson (the prelude turns the text into a figure), and
 * own_print reads back the trainee's latest print of their own file from
 * the training screen, so a module can assess starting, watching and
 * cancelling a print on it.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "precheck.h"
#include "preview.h"
#include "runner.h"

/* H.layer_text(path, n, width) -> text, layers, z (n is 1-based; -1: last) */
int
bind_gcode_layer_text(lua_State *L)
{
	struct lesson_run *run = vm_owner(L);
	const char *rel = luaL_checkstring(L, 1);
	lua_Integer n = luaL_checkinteger(L, 2), width = luaL_optinteger(L, 3, 48);
	struct gcode_preview_opts po = { (int)width, GCODE_PREVIEW_BRAILLE, true };
	struct gcode_layer_index ix;
	struct gcode_machine m;
	char *path, *cause = NULL, *text;
	double z;

	if ((path = run_resolve_path(run, rel, &cause)) == NULL) {
		lua_pushstring(L, cause);
		free(cause);
		return lua_error(L);
	}
	if (run->cfg.host != NULL)
		host_profile_machine(host_profile(run->cfg.host), &m);
	else
		gcode_machine_default(&m);
	if (gcode_layer_index_build(path, &m, &ix, &cause) != 0) {
		free(path);
		lua_pushstring(L, cause);
		free(cause);
		return lua_error(L);
	}
	if (n < 0)
		n = ix.n + 1 + n;
	if (n < 1 || n > ix.n) {
		lua_pushfstring(L, "show_layer: %s has no layer %d (it has %d)",
		    rel, (int)n, ix.n);
		gcode_layer_index_free(&ix);
		free(path);
		return lua_error(L);
	}
	text = gcode_preview_layer(path, &ix, (int)n - 1, &m, &po, &cause);
	free(path);
	if (text == NULL) {
		gcode_layer_index_free(&ix);
		lua_pushstring(L, cause);
		free(cause);
		return lua_error(L);
	}
	z = ix.marks[n - 1].z;
	lua_pushstring(L, text);
	lua_pushinteger(L, ix.n);
	lua_pushnumber(L, z);
	free(text);
	gcode_layer_index_free(&ix);
	return 3;
}

/* { reports =, below_c =, above_c = } */
static void
set_heat_span(lua_State *L, const char *key, const struct rec_heat_span *h)
{
	lua_createtable(L, 0, 3);
	run_set_integer(L, "reports", h->reports);
	run_set_number(L, "below_c", h->below_c);
	run_set_number(L, "above_c", h->above_c);
	lua_setfield(L, -2, key);
}

/* A list of the lines of text (NULL: none), as print_cancel's log. */
static void
push_lines(lua_State *L, const char *text)
{
	int n = 0;

	lua_newtable(L);
	while (text != NULL && *text != '\0') {
		size_t len = strcspn(text, "\n");

		lua_pushlstring(L, text, len);
		lua_rawseti(L, -2, ++n);
		text += len + (text[len] == '\n');
	}
}

/* The table own_print gives for f. */
static void
push_own_print(lua_State *L, const struct rec_own_print_found *f,
    int64_t now)
{
	lua_createtable(L, 0, 16);
	run_set_string(L, "file", f->print.file);
	run_set_string(L, "sha256", f->print.sha256);
	run_set_string(L, "outcome", f->print.outcome);
	run_set_string(L, "reason", f->print.reason);
	run_set_integer(L, "bytes", (lua_Integer)f->print.bytes);
	run_set_integer(L, "lines_done", f->print.lines_done);
	run_set_integer(L, "lines", f->print.lines);
	run_set_integer(L, "layer", f->print.layer);
	run_set_integer(L, "layers", f->print.layers);
	run_set_number(L, "nozzle_max_c", f->print.nozzle_max_c);
	run_set_number(L, "bed_max_c", f->print.bed_max_c);
	lua_createtable(L, 0, 2);
	set_heat_span(L, "nozzle", &f->print.first_nozzle);
	set_heat_span(L, "bed", &f->print.first_bed);
	lua_setfield(L, -2, "first_layers");
	run_set_number(L, "estimated_s", f->print.estimated_s);
	run_set_integer(L, "resumed_from_line", f->print.resumed_from_line);
	push_lines(L, f->print.cancel_sent);
	lua_setfield(L, -2, "cancel_log");
	run_set_integer(L, "age_s", now - f->time);
	/* A print handed over by the screen has no record id yet. */
	if (f->result_id > 0)
		run_set_integer(L, "result", f->result_id);
}

/*
 * H.own_print(within) -> table or nil: the learner's latest own-file print
 * recorded in the last within seconds, or (within nil) since this lesson
 * run started: the one given to the run (read before it, off the loop) or
 * handed over since, or read now where nothing was given.
 */
int
bind_gcode_own_print(lua_State *L)
{
	struct lesson_run *run = vm_owner(L);
	struct rec_own_print_found f;
	int64_t now = (int64_t)time(NULL), since;
	char *cause = NULL;
	int rc;

	if (lua_isnoneornil(L, 1)) {
		/* The second the run started in (results are to the second). */
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		since = ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 -
		    (int64_t)(clock_ms() - run->started_ms)) / 1000;
	} else
		since = now - (int64_t)luaL_checknumber(L, 1);
	if (run->cfg.own_print_given) {
		if (run->own_known && run->own.time >= since) {
			push_own_print(L, &run->own, now);
			return 1;
		}
		if (run->own_error != NULL) {
			lua_pushfstring(L, "own_print: %s", run->own_error);
			return lua_error(L);
		}
		lua_pushnil(L);
		return 1;
	}
	if (run->cfg.store == NULL || run->learner_id == NULL) {
		lua_pushnil(L);
		return 1;
	}
	rc = rec_own_print_last(run->cfg.store, run->learner_id, since, &f,
	    &cause);
	if (rc < 0) {
		lua_pushfstring(L, "own_print: %s", cause);
		free(cause);
		return lua_error(L);
	}
	if (rc == 0) {
		lua_pushnil(L);
		return 1;
	}
	push_own_print(L, &f, now);
	rec_own_print_clear(&f);
	return 1;
}

/* {====== check_gcode: a trainee's file, checked and measured */

/*
 * The whole-file check (what would not print on this printer) and the
 * statistics (layers, box, temperatures, E mode, time), read in slices
 * from a loop timer so the screen and the emergency stop stay served.
 */
struct run_gcheck {
	struct lesson_run *run;
	char *name, *path;
	struct gcode_machine m;
	struct gcode_check *check;
	struct gcode_stats_run *stats;
	struct gcode_stats st;
	struct gcode_layer_index ix;
	bool have_stats;
	char *report;		/* the check's lines */
	long problems;
	char *stats_error;	/* not text (.bgcode), unreadable */
	struct loop_timer *timer;
};

#define GCHECK_SLICE (64 * 1024)

/* e_mode 0 follows G90/G91 (Marlin), 1 is M82, 2 is M83 (interp.h). */
static bool
mark_e_relative(const struct gcode_layer_mark *mk)
{
	return mk->e_mode == 0 ? !mk->abs_xyz : mk->e_mode == 2;
}

static bool
station_name_ok(const char *name)
{
	return *name != '\0' && *name != '.' && strchr(name, '/') == NULL;
}

static bool
gcode_name(const char *name)
{
	static const char *const exts[] = { ".gcode", ".gco", ".g", ".bgcode",
	    NULL };

	for (int i = 0; exts[i] != NULL; i++) {
		if (str_ends_with(name, exts[i]))
			return true;
	}
	return false;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* H.station_files() -> { "bracket.gcode", ... } (sorted; {} without a folder) */
int
bind_gcode_station_files(lua_State *L)
{
	struct lesson_run *run = vm_owner(L);
	DIR *d = run->gcode_dir != NULL ? opendir(run->gcode_dir) : NULL;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;

	while (d != NULL && (e = readdir(d)) != NULL && n < 500) {
		if (!station_name_ok(e->d_name) || !gcode_name(e->d_name))
			continue;
		names = xrealloc(names, (n + 1) * sizeof *names);
		names[n++] = xstrdup(e->d_name);
	}
	if (d != NULL)
		closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, name_cmp);
	lua_createtable(L, (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		lua_pushstring(L, names[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
		free(names[i]);
	}
	free(names);
	return 1;
}

void
bind_gcode_free(struct lesson_run *run)
{
	struct run_gcheck *g = run->gcheck;

	if (g == NULL)
		return;
	run->gcheck = NULL;
	if (g->timer != NULL)
		loop_timer_remove(g->timer);
	gcode_check_free(g->check);
	gcode_stats_free(g->stats);
	gcode_layer_index_free(&g->ix);
	free(g->report);
	free(g->stats_error);
	free(g->name);
	free(g->path);
	free(g);
}

static uint64_t
gcheck_step(uint64_t now, void *data)
{
	struct run_gcheck *g = data;
	struct lesson_run *run = g->run;
	char *cause = NULL;
	int rc;

	if (run->wait != WAIT_GCHECK || run->res.ready)
		return 0;
	if (g->check != NULL) {
		rc = gcode_check_step(g->check, GCHECK_SLICE, &cause);
		if (rc < 0) {
			run_fail_wait(run, "error", "check_gcode: %s", cause);
			free(cause);
			return 0;
		}
		if (rc > 0)
			return now;
		g->problems = gcode_check_problems(g->check);
		g->report = xstrdup(gcode_check_report(g->check));
		gcode_check_free(g->check);
		g->check = NULL;
		g->stats = gcode_stats_open(g->path, &g->m, &g->ix, &cause);
		if (g->stats == NULL) {
			g->stats_error = cause;
			cause = NULL;
		}
		return now;
	}
	if (g->stats != NULL) {
		rc = gcode_stats_step(g->stats, GCHECK_SLICE, &cause);
		if (rc > 0)
			return now;
		if (rc < 0)
			g->stats_error = cause;
		else {
			gcode_stats_finish(g->stats, &g->st);
			g->have_stats = true;
		}
		gcode_stats_free(g->stats);
		g->stats = NULL;
	}
	run_result_clear(&run->res);
	run->res.ok = true;
	run->res.push = PUSH_GCHECK;
	run_ready(run);
	return 0;
}

int
bind_gcode_wait(lua_State *L, struct lesson_run *run, const char *kind)
{
	const char *name;
	struct run_gcheck *g;
	char *path, *cause = NULL;

	if (strcmp(kind, "gcheck") != 0)
		return -1;
	luaL_checktype(L, 2, LUA_TTABLE);
	name = run_field_string(L, 2, "name");
	if (name == NULL)
		return run_error(L, "check_gcode: expected a file name");
	if (run->cfg.host == NULL)
		return run_fail_now(L, "error", "check_gcode: no printer profile "
		    "at this station to check against");
	/* "files/..." is the module's own; a plain name is the station's. */
	if (strncmp(name, "files/", 6) == 0) {
		if ((path = run_resolve_path(run, name, &cause)) == NULL) {
			lua_pushboolean(L, 0);
			lua_pushliteral(L, "error");
			lua_pushfstring(L, "check_gcode: %s", cause);
			free(cause);
			return 3;
		}
	} else {
		if (!station_name_ok(name) || run->gcode_dir == NULL)
			return run_fail_now(L, "error", "check_gcode: '%s' is not "
			    "a file in the station's G-code folder", name);
		path = xasprintf("%s/%s", run->gcode_dir, name);
	}
	bind_gcode_free(run);
	g = xcalloc(1, sizeof *g);
	g->run = run;
	g->name = xstrdup(name);
	g->path = path;
	host_profile_machine(host_profile(run->cfg.host), &g->m);
	if ((g->check = gcode_check_open(path, &g->m, &cause)) == NULL) {
		lua_pushboolean(L, 0);
		lua_pushliteral(L, "error");
		lua_pushfstring(L, "check_gcode: %s", cause);
		free(cause);
		run->gcheck = g;
		bind_gcode_free(run);
		return 3;
	}
	run->gcheck = g;
	g->timer = loop_timer_add(run->cfg.loop, clock_ms(), gcheck_step, g);
	run->wait = WAIT_GCHECK;
	return 0;
}

static void
push_box(lua_State *L, const double *min, const double *max, const char *key)
{
	static const char *const axes[] = { "x", "y", "z" };

	lua_createtable(L, 0, 2);
	for (int k = 0; k < 2; k++) {
		lua_createtable(L, 0, 3);
		for (int i = 0; i < 3; i++) {
			lua_pushnumber(L, k == 0 ? min[i] : max[i]);
			lua_setfield(L, -2, axes[i]);
		}
		lua_setfield(L, -2, k == 0 ? "min" : "max");
	}
	lua_setfield(L, -2, key);
}

static void
push_list(lua_State *L, const double *v, int n, const char *key)
{
	lua_createtable(L, n, 0);
	for (int i = 0; i < n; i++) {
		lua_pushnumber(L, v[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, key);
}

/*
 * { file, ok, problems = { "LINE: problem", ... }, binary, layers,
 *   layer_height_mm, first_layer_mm, max_z_mm, print_box, nozzle_temps,
 *   bed_temps, e_mode ("relative"|"absolute"|"mixed"), estimated_s,
 *   slicer, printer, stats_error }
 */
void
bind_gcode_push_result(lua_State *L, struct lesson_run *run)
{
	struct run_gcheck *g = run->gcheck;
	const struct gcode_stats *s;
	int n = 0;

	lua_createtable(L, 0, 16);
	if (g == NULL)
		return;
	s = &g->st;
	lua_pushstring(L, g->name);
	lua_setfield(L, -2, "file");
	lua_pushboolean(L, g->problems == 0 && g->stats_error == NULL);
	lua_setfield(L, -2, "ok");
	lua_newtable(L);
	for (const char *p = g->report; p != NULL && *p != '\0'; ) {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		/* "PATH:LINE: problem" -> "LINE: problem": the folder is the
		 * station's business, not the trainee's. */
		const char *own = p;

		if (len > strlen(g->path) && strncmp(p, g->path,
		    strlen(g->path)) == 0 && p[strlen(g->path)] == ':')
			own = p + strlen(g->path) + 1;
		lua_pushlstring(L, own, len - (size_t)(own - p));
		lua_rawseti(L, -2, ++n);
		p = nl != NULL ? nl + 1 : p + len;
	}
	lua_setfield(L, -2, "problems");
	lua_pushboolean(L, g->report != NULL && strstr(g->report,
	    "binary G-code") != NULL);
	lua_setfield(L, -2, "binary");
	if (g->stats_error != NULL) {
		lua_pushstring(L, g->stats_error);
		lua_setfield(L, -2, "stats_error");
	}
	if (!g->have_stats)
		return;
	lua_pushinteger(L, s->layers);
	lua_setfield(L, -2, "layers");
	if (s->nheights > 0) {
		lua_pushnumber(L, s->heights[0].height);
		lua_setfield(L, -2, "layer_height_mm");
	}
	lua_pushnumber(L, s->first_layer_height);
	lua_setfield(L, -2, "first_layer_mm");
	lua_pushnumber(L, s->max_z);
	lua_setfield(L, -2, "max_z_mm");
	if (s->has_print)
		push_box(L, s->print_min, s->print_max, "print_box");
	push_list(L, s->nozzle_temps, s->nnozzle_temps, "nozzle_temps");
	push_list(L, s->bed_temps, s->nbed_temps, "bed_temps");
	lua_pushnumber(L, s->estimated_s);
	lua_setfield(L, -2, "estimated_s");
	lua_pushstring(L, s->slicer);
	lua_setfield(L, -2, "slicer");
	lua_pushstring(L, s->printer);
	lua_setfield(L, -2, "printer");
	/* The E mode at the start of every layer: one mode, or mixed. */
	if (g->ix.n > 0) {
		bool first = mark_e_relative(&g->ix.marks[0]), mixed = false;

		for (int i = 1; i < g->ix.n; i++)
			mixed = mixed || mark_e_relative(&g->ix.marks[i]) != first;
		lua_pushstring(L, mixed ? "mixed" : first ? "relative" :
		    "absolute");
		lua_setfield(L, -2, "e_mode");
	}
}

/* }====== */
