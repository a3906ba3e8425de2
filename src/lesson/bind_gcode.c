/*
 * The lesson API's look into G-code files: show_layer draws one layer of a
 * file next to the lesson (the prelude turns the text into a figure), and
 * own_print reads back the trainee's latest print of their own file from
 * the training screen, so a module can assess starting, watching and
 * cancelling a print on it.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

static void
set_string(lua_State *L, const char *key, const char *value)
{
	if (value == NULL)
		return;
	lua_pushstring(L, value);
	lua_setfield(L, -2, key);
}

static void
set_number(lua_State *L, const char *key, double value)
{
	lua_pushnumber(L, value);
	lua_setfield(L, -2, key);
}

static void
set_integer(lua_State *L, const char *key, lua_Integer value)
{
	lua_pushinteger(L, value);
	lua_setfield(L, -2, key);
}

/*
 * H.own_print(within) -> table or nil: the learner's latest own-file print
 * recorded in the last within seconds, or (within nil) since this lesson
 * run started.
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
	lua_createtable(L, 0, 16);
	set_string(L, "file", f.print.file);
	set_string(L, "sha256", f.print.sha256);
	set_string(L, "outcome", f.print.outcome);
	set_string(L, "reason", f.print.reason);
	set_integer(L, "bytes", (lua_Integer)f.print.bytes);
	set_integer(L, "lines_done", f.print.lines_done);
	set_integer(L, "lines", f.print.lines);
	set_integer(L, "layer", f.print.layer);
	set_integer(L, "layers", f.print.layers);
	set_number(L, "nozzle_max_c", f.print.nozzle_max_c);
	set_number(L, "bed_max_c", f.print.bed_max_c);
	set_number(L, "estimated_s", f.print.estimated_s);
	set_integer(L, "resumed_from_line", f.print.resumed_from_line);
	set_integer(L, "age_s", now - f.time);
	set_integer(L, "result", f.result_id);
	rec_own_print_clear(&f);
	return 1;
}
