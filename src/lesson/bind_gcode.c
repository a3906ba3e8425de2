/*
 * The lesson API's look into G-code files: show_layer draws one layer of a
 * file next to the lesson (the prelude turns the text into a figure).
 */
#include <stdlib.h>
#include <string.h>

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
