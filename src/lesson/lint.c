#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "catalogue.h"
#include "content.h"
#include "gcode.h"
#include "lint.h"
#include "po_extract.h"
#include "sandbox.h"

/* The instrumented API (lint.lua), compiled in. */
extern const char lesson_lint_prelude[];
extern const size_t lesson_lint_prelude_len;

/* Matches the runner's limits, so what lint accepts also runs. */
#define LINT_MEMORY_CAP (64u << 20)
#define LINT_INSTRUCTION_BUDGET 10000000L
/* Simulated waiting a lesson may do in total before lint calls it stuck. */
#define LINT_MAX_WAIT_S (8 * 3600.0)
/* Waits of no length never add up to that: count them too. */
#define LINT_MAX_WAITS 100000
/* The guard refuses single extrusions longer than this (domain rule). */
#define LINT_MAX_EXTRUDE_MM 150.0

struct lint_module {
	struct lesson_module *m;
	unsigned *assessed;	/* per outcome: bit per enum lesson_assessment */
	bool linted;		/* named on the command line (else installed) */
	bool incomplete;	/* a lesson stopped early: assessments unknown */
};

struct lint {
	const struct lint_options *o;
	struct diags d;
	int files;
	struct host_profile *profiles;
	int nprofiles;
	struct lint_module *mods;
	int nmods;
	char **creds;		/* queued: they need every module first */
	int ncreds;
	/* The lesson being checked. */
	struct lint_module *cur;
	const char *lesson_path;
	char **lines;		/* its source lines, for suppressions */
	int nlines;
	double waited;
	long waits;
	bool wait_exceeded;
	int lesson_call_line;	/* "return lesson {": a tail call leaves no frame */
};

/* ---- messages ---- */

static void
lint_msg(struct lint *l, const char *file, int line, enum diag_level level,
    const char *fmt, ...) LL_PRINTF(5, 6);

static void
lint_msg(struct lint *l, const char *file, int line, enum diag_level level,
    const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	diags_add(&l->d, file, line, level, "%s", msg);
	free(msg);
}

static bool
suppressed(struct lint *l, int line)
{
	return line >= 1 && line <= l->nlines &&
	    strstr(l->lines[line - 1], "lint: refused") != NULL;
}

/* ---- limits ---- */

static double
profile_temp_cap(const struct host_profile *p, const char *kind)
{
	return strcmp(kind, "nozzle") == 0 ? p->max_nozzle : p->max_bed;
}

/*
 * One command value against every installed profile: an error when no
 * printer (or the virtual one, which every lesson must run on) accepts it,
 * a warning when some would refuse it.
 */
static void
lint_limit(struct lint *l, int line, const char *what, const char *kind,
    double v)
{
	bool temp = strcmp(kind, "nozzle") == 0 || strcmp(kind, "bed") == 0;
	int axis = strcmp(kind, "x") == 0 ? 0 : strcmp(kind, "y") == 0 ? 1 :
	    strcmp(kind, "z") == 0 ? 2 : -1;
	int over = 0, best = -1;
	bool virtual_over = false;
	struct buf who;

	if (suppressed(l, line))
		return;
	if (strcmp(kind, "e") == 0) {
		if (fabs(v) > LINT_MAX_EXTRUDE_MM)
			lint_msg(l, l->lesson_path, line, DIAG_ERROR, "%s: %g mm "
			    "in one move is more than the %g mm layerlab "
			    "allows", what, fabs(v), LINT_MAX_EXTRUDE_MM);
		return;
	}
	if (!temp && axis < 0)
		return;
	buf_init(&who);
	for (int i = 0; i < l->nprofiles; i++) {
		const struct host_profile *p = &l->profiles[i];
		double max = temp ? profile_temp_cap(p, kind) : p->axis[axis].max;
		double min = temp ? -273 : p->axis[axis].min;

		if (temp && (best < 0 ||
		    max > profile_temp_cap(&l->profiles[best], kind)))
			best = i;
		if (v <= max && v >= min)
			continue;
		over++;
		virtual_over = virtual_over || strcmp(p->id, "virtual") == 0;
		if (temp)
			buf_appendf(&who, "%s%s (%g °C)", who.len > 0 ? ", " : "",
			    p->id, max);
		else
			buf_appendf(&who, "%s%s (%g to %g mm)", who.len > 0 ?
			    ", " : "", p->id, min, max);
	}
	if (over == 0) {
		buf_free(&who);
		return;
	}
	if (over == l->nprofiles && temp) {
		const struct host_profile *p = &l->profiles[best];
		lint_msg(l, l->lesson_path, line, DIAG_ERROR, "%s: %s %g °C is "
		    "above the limit of every printer (the highest is %g °C, "
		    "%s)", what, kind, v, profile_temp_cap(p, kind),
		    p->id);
	} else if (over == l->nprofiles) {
		lint_msg(l, l->lesson_path, line, DIAG_ERROR, "%s: %s = %g mm is "
		    "outside the travel of every printer", what, kind, v);
	} else if (temp) {
		lint_msg(l, l->lesson_path, line, virtual_over ? DIAG_ERROR :
		    DIAG_WARNING, "%s: %s %g °C is above the limit of %s", what,
		    kind, v, who.data);
	} else {
		lint_msg(l, l->lesson_path, line, virtual_over ? DIAG_ERROR :
		    DIAG_WARNING, "%s: %s = %g mm is outside the travel of %s",
		    what, kind, v, who.data);
	}
	buf_free(&who);
}

static void
lint_gcode(struct lint *l, int line, const char *text)
{
	int n;
	char **cmds = content_split_lines(text, &n);

	for (int i = 0; i < n; i++) {
		char cmd[GCODE_MAX_LINE], *what;
		struct gcode_cmd c;
		int len = gcode_strip(cmds[i], strlen(cmds[i]), cmd, sizeof cmd);

		if (len <= 0 || !gcode_parse(cmd, (size_t)len, &c) ||
		    c.letter != 'M')
			continue;
		what = xasprintf("printer.send \"%s\"", cmd);
		switch (c.code) {
		case 104: case 109:
			lint_limit(l, line, what, "nozzle",
			    gcode_value(&c, 'S', gcode_value(&c, 'R', 0)));
			break;
		case 140: case 190:
			lint_limit(l, line, what, "bed",
			    gcode_value(&c, 'S', gcode_value(&c, 'R', 0)));
			break;
		case 211:
			if (gcode_param(&c, 'S') != NULL &&
			    gcode_value(&c, 'S', 1) == 0 && !suppressed(l, line))
				lint_msg(l, l->lesson_path, line, DIAG_ERROR,
				    "%s: switching soft endstops off is never "
				    "allowed", what);
			break;
		case 302:
			if (!suppressed(l, line))
				lint_msg(l, l->lesson_path, line, DIAG_ERROR,
				    "%s: allowing cold extrusion is never "
				    "allowed", what);
			break;
		}
		free(what);
	}
	datafile_free_list(cmds);
}

static void
scan_cb(void *ud, int line, const char *call, const char *key,
    const char *gcode, double value)
{
	struct lint *l = ud;

	if (gcode != NULL)
		lint_gcode(l, line, gcode);
	else if (strcmp(call, "printer.heat") == 0 &&
	    (strcmp(key, "nozzle") == 0 || strcmp(key, "bed") == 0))
		lint_limit(l, line, call, key, value);
	else if (strcmp(call, "printer.move") == 0 && (strcmp(key, "x") == 0 ||
	    strcmp(key, "y") == 0 || strcmp(key, "z") == 0)) {
		/* A relative move's value is not a position. */
		if (line >= 1 && line <= l->nlines &&
		    strstr(l->lines[line - 1], "relative") != NULL)
			return;
		lint_limit(l, line, call, key, value);
	}
}

/* ---- the instrumented lesson state ---- */

static struct lint *
upvalue_lint(lua_State *L)
{
	return lua_touserdata(L, lua_upvalueindex(1));
}

/* The line of the lesson file being run, searching out from the C call. */
static int
lesson_line(struct lint *l, lua_State *L)
{
	const char *path = l->lesson_path;
	lua_Debug ar;

	for (int level = 0; lua_getstack(L, level, &ar); level++) {
		if (lua_getinfo(L, "Sl", &ar) && ar.source[0] == '@' &&
		    strcmp(ar.source + 1, path) == 0 && ar.currentline > 0)
			return ar.currentline;
	}
	return l->lesson_call_line;
}

/* The line of "lesson {" or "lesson(" in the source. */
static int
find_lesson_call(struct lint *l)
{
	for (int i = 0; i < l->nlines; i++) {
		const char *p = strstr(l->lines[i], "lesson");
		while (p != NULL) {
			const char *q = p + 6;
			bool word = (p == l->lines[i] || (!isalnum((unsigned char)p[-1]) &&
			    p[-1] != '_' && p[-1] != '.'));
			while (*q == ' ' || *q == '\t')
				q++;
			if (word && (*q == '{' || *q == '('))
				return i + 1;
			p = strstr(p + 1, "lesson");
		}
	}
	return 0;
}

static int
r_report(lua_State *L)
{
	struct lint *l = upvalue_lint(L);
	const char *level = luaL_checkstring(L, 1);
	const char *msg = luaL_checkstring(L, 2);

	lint_msg(l, l->lesson_path, lesson_line(l, L),
	    strcmp(level, "error") == 0 ? DIAG_ERROR :
	    strcmp(level, "note") == 0 ? DIAG_NOTE : DIAG_WARNING, "%s", msg);
	return 0;
}

static int
r_line(lua_State *L)
{
	struct lint *l = upvalue_lint(L);

	lua_pushinteger(L, lesson_line(l, L));
	return 1;
}

static int
r_limit(lua_State *L)
{
	struct lint *l = upvalue_lint(L);

	lint_limit(l, lesson_line(l, L), luaL_checkstring(L, 3),
	    luaL_checkstring(L, 1), luaL_checknumber(L, 2));
	return 0;
}

static int
r_gcode(lua_State *L)
{
	struct lint *l = upvalue_lint(L);

	lint_gcode(l, lesson_line(l, L), luaL_checkstring(L, 1));
	return 0;
}

static int
r_outcome(lua_State *L)
{
	struct lint *l = upvalue_lint(L);
	const char *what = luaL_checkstring(L, 3);
	int line = lesson_line(l, L);
	const struct lesson_module *m = l->cur->m;
	const char *id, *by;

	if (lua_type(L, 1) != LUA_TSTRING) {
		lint_msg(l, l->lesson_path, line, DIAG_ERROR, "%s: 'outcome' "
		    "must name one of the module's outcomes", what);
		return 0;
	}
	id = lua_tostring(L, 1);
	by = lua_tostring(L, 2);
	for (int i = 0; i < m->noutcomes; i++) {
		if (strcmp(m->outcomes[i].id, id) != 0)
			continue;
		if (by != NULL)
			l->cur->assessed[i] |= 1u << (strcmp(by, "quiz") == 0 ?
			    LESSON_ASSESS_QUIZ : strcmp(by, "printer") == 0 ?
			    LESSON_ASSESS_PRINTER : LESSON_ASSESS_TRAINER);
		return 0;
	}
	lint_msg(l, l->lesson_path, line, DIAG_ERROR, "%s: outcome '%s' is not "
	    "defined in %s", what, id, m->path);
	return 0;
}

/*
 * observe: an outcome of any module, assessed by a trainer, who signs it
 * off on what was observed. Modules not loaded cannot be checked: named
 * or installed, the curriculum's modules are.
 */
static int
r_observed(lua_State *L)
{
	struct lint *l = upvalue_lint(L);
	const char *what = luaL_checkstring(L, 2);
	int line = lesson_line(l, L);
	const char *id;

	if (lua_type(L, 1) != LUA_TSTRING) {
		lint_msg(l, l->lesson_path, line, DIAG_ERROR, "%s: 'outcome' "
		    "must name an outcome a trainer signs off", what);
		return 0;
	}
	id = lua_tostring(L, 1);
	for (int i = 0; i < l->nmods; i++) {
		const struct lesson_module *m = l->mods[i].m;

		for (int j = 0; j < m->noutcomes; j++) {
			if (strcmp(m->outcomes[j].id, id) != 0)
				continue;
			if (m->outcomes[j].assessed_by != LESSON_ASSESS_TRAINER)
				lint_msg(l, l->lesson_path, line, DIAG_ERROR,
				    "%s: outcome '%s' is assessed by %s: only "
				    "a trainer's sign-off rests on observations",
				    what, id, lesson_assessment_name(
				    m->outcomes[j].assessed_by));
			return 0;
		}
	}
	lint_msg(l, l->lesson_path, line, DIAG_ERROR, "%s: outcome '%s' is not "
	    "defined by any module", what, id);
	return 0;
}

static int
r_lang_ok(lua_State *L)
{
	lua_pushboolean(L, content_lang_tag_ok(luaL_checkstring(L, 1)));
	return 1;
}

static int
r_waited(lua_State *L)
{
	struct lint *l = upvalue_lint(L);
	double s = luaL_checknumber(L, 1);

	/* No more fresh budget once it is known not to end (a pcall around
	 * the wait must not make it endless again). */
	if (l->wait_exceeded) {
		lua_pushliteral(L, "the lesson keeps waiting");
		return lua_error(L);
	}
	if (!number_within(s, 0, LINT_MAX_WAIT_S) && !l->wait_exceeded) {
		l->wait_exceeded = true;
		lua_pushfstring(L, "a wait of %s seconds never ends",
		    lua_tostring(L, 1));
		return lua_error(L);
	}
	l->waited += s;
	/* A wait is where the runner's budget starts again. */
	sandbox_arm(sandbox_of(L), L);
	if (++l->waits > LINT_MAX_WAITS) {
		l->wait_exceeded = true;
		lua_pushfstring(L, "the lesson waits more than %d times: a "
		    "loop that never ends?", LINT_MAX_WAITS);
		return lua_error(L);
	}
	if (l->waited > LINT_MAX_WAIT_S) {
		l->wait_exceeded = true;
		lua_pushfstring(L, "the lesson waits more than %d hours in "
		    "total: a loop that never ends?", (int)(LINT_MAX_WAIT_S / 3600));
		return lua_error(L);
	}
	return 0;
}

static int
r_file(lua_State *L)
{
	struct lint *l = upvalue_lint(L);
	const char *rel = luaL_checkstring(L, 1);
	char *path;

	if (rel[0] == '/' || strstr(rel, "..") != NULL) {
		lint_msg(l, l->lesson_path, lesson_line(l, L),
		    DIAG_ERROR, "printer.print_file: '%s' must be a path inside "
		    "the module's folder", rel);
		return 0;
	}
	path = xasprintf("%s/%s", l->cur->m->dir, rel);
	if (access(path, R_OK) != 0)
		lint_msg(l, l->lesson_path, lesson_line(l, L),
		    DIAG_ERROR, "printer.print_file: cannot read %s: %s", path,
		    strerror(errno));
	free(path);
	return 0;
}

/*
 * Builds the lesson's globals E exactly as the runner does (sandbox.c) and
 * runs the lint prelude over them. Leaves E at stack index 1 and R at 2.
 */
static void
lesson_state_setup(struct lint *l, struct sandbox *sb)
{
	static const luaL_Reg helpers[] = {
		{ "report", r_report }, { "line", r_line }, { "limit", r_limit },
		{ "gcode", r_gcode }, { "outcome", r_outcome },
		{ "observed", r_observed },
		{ "lang_ok", r_lang_ok }, { "waited", r_waited },
		{ "file", r_file }, { NULL, NULL },
	};
	lua_State *L = sb->L;

	lua_settop(L, 0);
	lua_newtable(L);		/* E */
	lua_newtable(L);		/* E R */
	sandbox_push_library(sb);	/* E R B */
	sandbox_fill_env(sb, 1, 3, NULL);
	for (const luaL_Reg *h = helpers; h->name != NULL; h++) {
		lua_pushlightuserdata(L, l);
		lua_pushcclosure(L, h->func, 1);
		lua_setfield(L, 2, h->name);
	}
	lua_newtable(L);
	for (int i = 0; i < l->cur->m->nlanguages; i++) {
		lua_pushstring(L, l->cur->m->languages[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, 2, "languages");
	lua_pushstring(L, l->o->lang != NULL ? l->o->lang : "en");
	lua_setfield(L, 2, "lang");

	if (luaL_loadbufferx(L, lesson_lint_prelude, lesson_lint_prelude_len,
	    "=lint.lua", "t") != LUA_OK)
		fatal("lint prelude: %s", lua_tostring(L, -1));
	lua_pushvalue(L, 3);
	lua_setupvalue(L, -2, 1);
	lua_pushvalue(L, 2);
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 3);
	if (lua_pcall(L, 3, 0, 0) != LUA_OK)
		fatal("lint prelude: %s", lua_tostring(L, -1));
	lua_settop(L, 2);
}

/* Splits "path:12: msg" (Lua's error form) into line and message. */
static void
report_lua(struct lint *l, const char *msg, int fallback_line)
{
	const char *rest;
	int line;

	if (datafile_split_lua_error(msg, l->lesson_path, &line, &rest))
		lint_msg(l, l->lesson_path, line, DIAG_ERROR, "%s", rest);
	else
		lint_msg(l, l->lesson_path, fallback_line, DIAG_ERROR, "%s", msg);
}

/*
 * Runs the function on top of L's stack in a thread with the instruction
 * budget; reports errors. Returns the number of results left on L's stack
 * (-1 on error).
 */
static int
run_guarded(struct lint *l, lua_State *L, const char *what)
{
	lua_State *co = lua_newthread(L);
	int rc, nres = 0;

	lua_insert(L, -2);
	lua_xmove(L, co, 1);
	sandbox_of(L)->killed = false;
	sandbox_arm(sandbox_of(L), co);
	rc = lua_resume(co, L, 0, &nres);
	if (rc != LUA_OK)
		l->cur->incomplete = true;
	if (sandbox_of(co)->killed) {
		char *src = xasprintf("@%s", l->lesson_path);
		int line = sandbox_budget_line(sandbox_of(co), src);
		free(src);
		lint_msg(l, l->lesson_path, line > 0 ? line : lesson_line(l, co),
		    DIAG_ERROR, "%s runs more than %ld instructions without "
		    "waiting: an endless loop?", what, LINT_INSTRUCTION_BUDGET);
		lua_pop(L, 1);
		return -1;
	}
	if (rc != LUA_OK) {
		int line = lesson_line(l, co);
		if (rc == LUA_ERRMEM)
			lint_msg(l, l->lesson_path, line, DIAG_ERROR, "%s needs "
			    "more than %u MB of memory", what,
			    LINT_MEMORY_CAP >> 20);
		else
			report_lua(l, lua_isstring(co, -1) ? lua_tostring(co, -1) :
			    "error object is not a string", line);
		lua_pop(L, 1);
		return -1;
	}
	lua_xmove(co, L, nres);
	lua_remove(L, -nres - 1);	/* the thread */
	return nres;
}

static void
lint_lesson(struct lint *l, struct lint_module *lm,
    const struct lesson_entry *entry)
{
	char *src, *cause = NULL, *chunk;
	size_t len;
	lua_State *L;
	struct sandbox *sb;
	int n, nsteps;
	const char *base;

	l->files++;
	l->cur = lm;
	l->lesson_path = entry->path;
	l->waited = 0;
	l->waits = 0;
	l->wait_exceeded = false;
	if ((src = file_read_all(entry->path, &len, &cause)) == NULL) {
		lint_msg(l, entry->path, 0, DIAG_ERROR, "%s", cause);
		free(cause);
		lm->incomplete = true;
		return;
	}
	if (!utf8_valid(src, len)) {
		lint_msg(l, entry->path, 0, DIAG_ERROR, "not valid UTF-8 text");
		free(src);
		lm->incomplete = true;
		return;
	}
	l->lines = content_split_lines(src, &l->nlines);
	l->lesson_call_line = find_lesson_call(l);
	datafile_scan_printer_calls(src, len, scan_cb, l);

	sb = sandbox_new(LINT_MEMORY_CAP, LINT_INSTRUCTION_BUDGET, NULL, l);
	L = sb->L;
	lesson_state_setup(l, sb);
	chunk = xasprintf("@%s", entry->path);
	if (luaL_loadbufferx(L, src, len, chunk, "t") != LUA_OK) {
		report_lua(l, lua_tostring(L, -1), 0);
		lm->incomplete = true;
		goto out;
	}
	lua_pushvalue(L, 1);
	lua_setupvalue(L, -2, 1);
	n = run_guarded(l, L, "the lesson file");
	if (n < 0)
		goto out;
	if (n < 1 || !lua_istable(L, -n)) {
		lint_msg(l, entry->path, 1, DIAG_ERROR, "the file must return "
		    "a lesson: 'return lesson { ... }'");
		lm->incomplete = true;
		goto out;
	}
	lua_settop(L, 3);	/* E, R, the lesson */
	lua_getfield(L, 3, "id");
	base = strrchr(entry->path, '/');
	base = base != NULL ? base + 1 : entry->path;
	if (lua_type(L, -1) == LUA_TSTRING &&
	    (strncmp(base, lua_tostring(L, -1), strlen(lua_tostring(L, -1))) != 0 ||
	    strcmp(base + strlen(lua_tostring(L, -1)), ".lua") != 0))
		lint_msg(l, entry->path, 0, DIAG_WARNING, "lesson id '%s' differs "
		    "from the file name (module.lua lists it as '%s')",
		    lua_tostring(L, -1), entry->id);
	lua_pop(L, 1);
	lua_getfield(L, 2, "steps");
	lua_pushvalue(L, 3);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK || !lua_istable(L, -1)) {
		lint_msg(l, entry->path, 1, DIAG_ERROR, "the file must return "
		    "a lesson: 'return lesson { ... }'");
		lm->incomplete = true;
		goto out;
	}
	if (lua_rawlen(L, 4) == 0)
		lm->incomplete = true;
	nsteps = (int)lua_rawlen(L, 4);
	for (int i = 1; i <= nsteps; i++) {
		char what[32];
		snprintf(what, sizeof what, "step %d", i);
		lua_rawgeti(L, 4, i);
		if (run_guarded(l, L, what) > 0)
			lua_settop(L, 4);
		lua_settop(L, 4);
	}
out:
	free(chunk);
	/* Whatever still runs at close (it should be nothing) is bounded too. */
	sandbox_arm(sb, L);
	sandbox_free(sb);
	datafile_free_list(l->lines);
	l->lines = NULL;
	l->nlines = 0;
	free(src);
}

/* ---- modules ---- */

static struct lint_module *
lint_find_module(struct lint *l, const char *id)
{
	for (int i = 0; i < l->nmods; i++) {
		if (strcmp(l->mods[i].m->id, id) == 0)
			return &l->mods[i];
	}
	return NULL;
}

static bool
same_dir(const char *a, const char *b)
{
	char *ra = realpath(a, NULL), *rb = realpath(b, NULL);
	bool same = ra != NULL && rb != NULL && strcmp(ra, rb) == 0;

	free(ra);
	free(rb);
	return same;
}

static struct lint_module *
add_module(struct lint *l, struct lesson_module *m, bool linted)
{
	struct lint_module *lm;

	l->mods = xrealloc(l->mods, (size_t)(l->nmods + 1) * sizeof *l->mods);
	lm = &l->mods[l->nmods++];
	lm->m = m;
	lm->assessed = xcalloc((size_t)m->noutcomes + 1, sizeof *lm->assessed);
	lm->linted = linted;
	lm->incomplete = false;
	return lm;
}

static void
lint_module_dir(struct lint *l, const char *dir)
{
	struct lesson_module *m;
	struct lint_module *lm, *other;
	DIR *dp;
	struct dirent *de;

	for (int i = 0; i < l->nmods; i++) {
		if (l->mods[i].linted && same_dir(l->mods[i].m->dir, dir))
			return;	/* named twice */
	}
	l->files++;
	if ((m = module_check(dir, &l->d)) == NULL)
		return;
	if ((other = lint_find_module(l, m->id)) != NULL && other->linted) {
		lint_msg(l, m->path, m->id_line, DIAG_ERROR, "duplicate module "
		    "id '%s' (also %s)", m->id, other->m->path);
		lesson_module_free(m);
		return;
	}
	if (other != NULL) {
		/* The installed copy of the module being checked: replace it. */
		lesson_module_free(other->m);
		free(other->assessed);
		*other = l->mods[--l->nmods];
	}
	lm = add_module(l, m, true);
	for (int i = 0; i < m->nlessons; i++) {
		/* lint_lesson may grow l->mods: index, not pointer. */
		int idx = (int)(lm - l->mods);
		lint_lesson(l, &l->mods[idx], &m->lessons[i]);
		lm = &l->mods[idx];
	}
	if ((dp = opendir(dir)) != NULL) {
		while ((de = readdir(dp)) != NULL) {
			bool listed = strcmp(de->d_name, "module.lua") == 0;
			if (de->d_name[0] == '.' ||
			    !str_ends_with(de->d_name, ".lua"))
				continue;
			for (int i = 0; i < m->nlessons && !listed; i++) {
				const char *b = strrchr(m->lessons[i].path, '/');
				listed = strcmp(b != NULL ? b + 1 :
				    m->lessons[i].path, de->d_name) == 0;
			}
			if (!listed) {
				char *p = xasprintf("%s/%s", dir, de->d_name);
				lint_msg(l, p, 0, DIAG_WARNING, "lesson file is "
				    "not listed in %s 'lessons'", m->path);
				free(p);
			}
		}
		closedir(dp);
	}
	po_module_lint(m, &l->d);
	for (int i = 0; i < m->noutcomes; i++) {
		const struct lesson_outcome *o = &m->outcomes[i];
		unsigned got = lm->assessed[i];
		if (got == 0 && lm->incomplete)
			continue;	/* the lesson's own error says enough */
		if (got == 0)
			lint_msg(l, m->path, o->line, DIAG_ERROR, "outcome '%s' "
			    "is defined but never assessed (no check, quiz or "
			    "trainer_signoff in the module's lessons names it)",
			    o->id);
		else if ((got & (1u << o->assessed_by)) == 0)
			lint_msg(l, m->path, o->line, DIAG_WARNING, "outcome '%s' "
			    "is declared assessed_by %s, but the lessons "
			    "assess it another way", o->id,
			    lesson_assessment_name(o->assessed_by));
	}
}

/* Prerequisites: known, and no cycles (reported once per cycle). */
static void
lint_prerequisites(struct lint *l)
{
	int n = l->nmods;
	int *state = xcalloc((size_t)n + 1, sizeof *state);
	int *path = xcalloc((size_t)n + 1, sizeof *path);

	for (int i = 0; i < n; i++) {
		struct lesson_module *m = l->mods[i].m;
		if (!l->mods[i].linted)
			continue;
		for (int k = 0; k < m->nprerequisites; k++) {
			if (lint_find_module(l, m->prerequisites[k]) == NULL)
				lint_msg(l, m->path, m->prerequisite_lines[k],
				    DIAG_ERROR, "unknown prerequisite module "
				    "'%s' (not installed)", m->prerequisites[k]);
		}
	}
	/* Iterative DFS: state 0 new, 1 on the path, 2 done. */
	for (int start = 0; start < n; start++) {
		int depth = 0;
		int *next = xcalloc((size_t)n + 1, sizeof *next);

		if (state[start] != 0) {
			free(next);
			continue;
		}
		path[depth++] = start;
		state[start] = 1;
		while (depth > 0) {
			int cur = path[depth - 1];
			struct lesson_module *m = l->mods[cur].m;
			struct lint_module *dep;
			int k = next[cur]++;

			if (k >= m->nprerequisites) {
				state[cur] = 2;
				depth--;
				continue;
			}
			dep = lint_find_module(l, m->prerequisites[k]);
			if (dep == NULL)
				continue;
			int d = (int)(dep - l->mods);
			if (state[d] == 1) {
				struct buf cyc;
				int from = 0;
				buf_init(&cyc);
				while (path[from] != d)
					from++;
				for (int j = from; j < depth; j++)
					buf_appendf(&cyc, "%s -> ",
					    l->mods[path[j]].m->id);
				buf_appendf(&cyc, "%s", dep->m->id);
				if (l->mods[cur].linted)
					lint_msg(l, m->path,
					    m->prerequisite_lines[k], DIAG_ERROR,
					    "prerequisites form a cycle: %s",
					    cyc.data);
				buf_free(&cyc);
			} else if (state[d] == 0) {
				state[d] = 1;
				path[depth++] = d;
			}
		}
		free(next);
	}
	free(state);
	free(path);
}

static void
lint_credential(struct lint *l, const char *path)
{
	struct lesson_catalogue cat = { 0 };
	struct cred_definition def;
	char *why = NULL;

	l->files++;
	cat.nmodules = l->nmods;
	cat.modules = xcalloc((size_t)l->nmods + 1, sizeof *cat.modules);
	for (int i = 0; i < l->nmods; i++)
		cat.modules[i] = l->mods[i].m;
	if (credential_check(path, &cat, &def, &l->d) == 0) {
		/* Modules not installed yet were noted; nothing else to say
		 * until they are. */
		if (def.nabsent_modules == 0 &&
		    cred_definition_check(&def, &why) != 0) {
			lint_msg(l, path, 0, DIAG_ERROR, "%s", why);
			free(why);
		}
		cred_definition_free(&def);
	}
	free(cat.modules);
}

static void
lint_profile(struct lint *l, const char *path)
{
	struct host_profile p;
	struct profile_extra x;

	l->files++;
	if (profile_check_file(path, &p, &x, &l->d) != 0)
		return;
	if (x.nunverified > 0) {
		struct buf b;
		buf_init(&b);
		for (int i = 0; i < x.nunverified; i++)
			buf_appendf(&b, "%s%s", i > 0 ? ", " : "", x.unverified[i]);
		lint_msg(l, path, x.unverified_line, DIAG_NOTE, "unverified "
		    "(not confirmed by the maker's documentation; measure before "
		    "relying on them): %s", b.data);
		buf_free(&b);
	}
	host_profile_free(&p);
	profile_extra_free(&x);
}

static char **
sorted_entries(const char *dir, int *n)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char **v = xcalloc(1, sizeof *v);

	*n = 0;
	if (dp == NULL)
		return v;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		v = xrealloc(v, (size_t)(*n + 2) * sizeof *v);
		v[(*n)++] = xstrdup(de->d_name);
		v[*n] = NULL;
	}
	closedir(dp);
	for (int i = 1; i < *n; i++) {
		for (int j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
			char *t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	}
	return v;
}

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static void
queue_credential(struct lint *l, const char *path)
{
	for (int i = 0; i < l->ncreds; i++) {
		if (strcmp(l->creds[i], path) == 0)
			return;
	}
	l->creds = xrealloc(l->creds, (size_t)(l->ncreds + 2) * sizeof *l->creds);
	l->creds[l->ncreds++] = xstrdup(path);
	l->creds[l->ncreds] = NULL;
}

static void
lint_profiles_dir(struct lint *l, const char *dir)
{
	int n;
	char **names = sorted_entries(dir, &n);

	for (int i = 0; i < n; i++) {
		if (str_ends_with(names[i], ".lua")) {
			char *p = xasprintf("%s/%s", dir, names[i]);
			lint_profile(l, p);
			free(p);
		}
	}
	datafile_free_list(names);
}

static void
lint_credentials_dir(struct lint *l, const char *dir)
{
	int n;
	char **names = sorted_entries(dir, &n);

	for (int i = 0; i < n; i++) {
		if (str_ends_with(names[i], ".lua")) {
			char *p = xasprintf("%s/%s", dir, names[i]);
			queue_credential(l, p);
			free(p);
		}
	}
	datafile_free_list(names);
	po_credentials_lint(dir, &l->d);
}

/* A directory of modules: <id>/module.lua, credentials/, printers/. */
static void
lint_root(struct lint *l, const char *dir)
{
	int n;
	char **names = sorted_entries(dir, &n);

	for (int i = 0; i < n; i++) {
		char *sub = xasprintf("%s/%s", dir, names[i]);
		char *mod = xasprintf("%s/module.lua", sub);
		if (is_file(mod))
			lint_module_dir(l, sub);
		else if (strcmp(names[i], "credentials") == 0 && is_dir(sub))
			lint_credentials_dir(l, sub);
		else if (strcmp(names[i], "printers") == 0 && is_dir(sub))
			lint_profiles_dir(l, sub);
		free(mod);
		free(sub);
	}
	datafile_free_list(names);
}

static char *
parent_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

static int
lint_path(struct lint *l, const char *path, char **cause)
{
	char *clean = xstrdup(path), *parent, *tmp;
	int rc = 0;

	while (strlen(clean) > 1 && clean[strlen(clean) - 1] == '/')
		clean[strlen(clean) - 1] = '\0';
	if (is_dir(clean)) {
		tmp = xasprintf("%s/module.lua", clean);
		if (is_file(tmp))
			lint_module_dir(l, clean);
		else if (strcmp(base_name(clean), "credentials") == 0)
			lint_credentials_dir(l, clean);
		else if (strcmp(base_name(clean), "printers") == 0)
			lint_profiles_dir(l, clean);
		else
			lint_root(l, clean);
		free(tmp);
		free(clean);
		return 0;
	}
	if (!is_file(clean)) {
		set_cause(cause, "%s: %s", clean, strerror(errno));
		free(clean);
		return -1;
	}
	parent = parent_dir(clean);
	tmp = xasprintf("%s/module.lua", parent);
	if (strcmp(base_name(clean), "module.lua") == 0 || is_file(tmp))
		lint_module_dir(l, parent);
	else if (strcmp(base_name(parent), "credentials") == 0)
		queue_credential(l, clean);
	else if (strcmp(base_name(parent), "printers") == 0)
		lint_profile(l, clean);
	else {
		set_cause(cause, "%s: not a module, lesson, credential "
		    "definition (credentials/*.lua) or printer profile "
		    "(printers/*.lua)", clean);
		rc = -1;
	}
	free(tmp);
	free(parent);
	free(clean);
	return rc;
}

static void
load_limits(struct lint *l)
{
	int n;
	char **ids;

	if (l->o->printers_dir == NULL)
		return;
	ids = lesson_profile_list(l->o->printers_dir, &n, NULL);
	for (int i = 0; ids != NULL && i < n; i++) {
		struct host_profile p;
		if (lesson_profile_load(l->o->printers_dir, ids[i], &p,
		    NULL) != 0)
			continue;
		l->profiles = xrealloc(l->profiles, (size_t)(l->nprofiles + 1) *
		    sizeof *l->profiles);
		l->profiles[l->nprofiles++] = p;
	}
	lesson_profile_list_free(ids);
}

/* Installed modules, for prerequisites and credentials that name them. */
static void
load_installed(struct lint *l)
{
	for (int i = 0; i < l->o->nmodule_dirs; i++) {
		int n;
		char **names = sorted_entries(l->o->module_dirs[i], &n);
		for (int k = 0; k < n; k++) {
			char *sub = xasprintf("%s/%s", l->o->module_dirs[i],
			    names[k]);
			struct lesson_module *m = lesson_module_load(sub, NULL);
			if (m != NULL && lint_find_module(l, m->id) == NULL)
				add_module(l, m, false);
			else
				lesson_module_free(m);
			free(sub);
		}
		datafile_free_list(names);
	}
}

int
lint_run(const struct lint_options *o, const char *const *paths, int npaths,
    FILE *out, struct lint_result *result, char **cause)
{
	struct lint l;
	int rc = 0;

	memset(&l, 0, sizeof l);
	memset(result, 0, sizeof *result);
	l.o = o;
	diags_init(&l.d);
	load_limits(&l);
	load_installed(&l);
	if (npaths == 0) {
		for (int i = 0; i < o->nmodule_dirs; i++)
			lint_root(&l, o->module_dirs[i]);
		/* printers_dir is a search path, as for the profile loader. */
		for (const char *dir = o->printers_dir, *end; dir != NULL;
		    dir = *end != '\0' ? end + 1 : NULL) {
			char *one;

			end = dir + strcspn(dir, ":");
			one = xstrndup(dir, (size_t)(end - dir));
			if (*one != '\0')
				lint_profiles_dir(&l, one);
			free(one);
		}
		/* The program's own texts are installed content too. */
		i18n_check_into(&l.d);
	}
	for (int i = 0; i < npaths && rc == 0; i++)
		rc = lint_path(&l, paths[i], cause);
	if (rc == 0) {
		lint_prerequisites(&l);
		for (int i = 0; i < l.ncreds; i++) {
			bool dup = false;
			for (int k = 0; k < i && !dup; k++) {
				if (strcmp(base_name(l.creds[k]),
				    base_name(l.creds[i])) == 0) {
					lint_msg(&l, l.creds[i], 1, DIAG_ERROR,
					    "duplicate credential id '%.*s' (also "
					    "%s)", (int)strlen(base_name(l.creds[i])) - 4,
					    base_name(l.creds[i]), l.creds[k]);
					dup = true;
				}
			}
			if (!dup)
				lint_credential(&l, l.creds[i]);
		}
		diags_sort(&l.d);
		for (int i = 0; i < l.d.n; i++) {
			const struct diag *g = &l.d.v[i];
			enum diag_level level = g->level;
			const char *name;
			if (level == DIAG_WARNING && o->strict)
				level = DIAG_ERROR;
			name = level == DIAG_ERROR ? "error" :
			    level == DIAG_WARNING ? "warning" : "note";
			if (g->line > 0)
				fprintf(out, "%s:%d: %s: %s\n", g->file, g->line,
				    name, g->msg);
			else
				fprintf(out, "%s: %s: %s\n", g->file, name,
				    g->msg);
			if (level == DIAG_ERROR)
				result->errors++;
			else if (level == DIAG_WARNING)
				result->warnings++;
			else
				result->notes++;
		}
		result->files = l.files;
	}
	for (int i = 0; i < l.nmods; i++) {
		lesson_module_free(l.mods[i].m);
		free(l.mods[i].assessed);
	}
	free(l.mods);
	for (int i = 0; i < l.nprofiles; i++)
		host_profile_free(&l.profiles[i]);
	free(l.profiles);
	datafile_free_list(l.creds);
	diags_free(&l.d);
	return rc;
}
