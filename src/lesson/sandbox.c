/* The one Lua sandbox: state, limits and library (sandbox.h says why). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lualib.h>

#include "core.h"
#include "sandbox.h"

extern const char lesson_sandbox_lua[];
extern const size_t lesson_sandbox_lua_len;

static void *
sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct sandbox *sb = ud;
	size_t limit;
	void *p;

	if (ptr == NULL)
		osize = 0;
	if (nsize == 0) {
		free(ptr);
		sb->used -= osize;
		return NULL;
	}
	limit = sb->cap + (sb->host_mode ? SANDBOX_HOST_HEADROOM : 0);
	if (nsize > osize && sb->used - osize + nsize > limit)
		return NULL;
	if ((p = realloc(ptr, nsize)) == NULL)
		return NULL;
	sb->used = sb->used - osize + nsize;
	return p;
}

static int
sandbox_panic(lua_State *L)
{
	fatal("lua: unprotected error: %s",
	    lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?");
}

struct sandbox *
sandbox_of(lua_State *L)
{
	void *ud;

	lua_getallocf(L, &ud);
	return ud;
}

void *
sandbox_owner(lua_State *L)
{
	return *(void **)lua_getextraspace(L);
}

struct sandbox *
sandbox_new(size_t cap, long budget, const char *kill_message, void *owner)
{
	struct sandbox *sb = xcalloc(1, sizeof *sb);

	sb->cap = cap;
	sb->budget = budget;
	sb->hook_count = SANDBOX_HOOK_PERIOD;
	sb->left = budget;
	sb->kill_message = kill_message != NULL ? kill_message :
	    "instruction budget exhausted (endless loop?)";
	if ((sb->L = lua_newstate(sandbox_alloc, sb)) == NULL)
		fatal("lua: cannot create a state");
	lua_atpanic(sb->L, sandbox_panic);
	*(void **)lua_getextraspace(sb->L) = owner;
	return sb;
}

void
sandbox_free(struct sandbox *sb)
{
	if (sb == NULL)
		return;
	sb->host_mode = true;
	lua_close(sb->L);
	free(sb);
}

static void
sandbox_note_where(struct sandbox *sb, lua_State *L)
{
	lua_Debug top;

	if (lua_getstack(L, 0, &top) && lua_getinfo(L, "Sl", &top)) {
		snprintf(sb->where_source, sizeof sb->where_source, "%s",
		    top.source);
		sb->where_line = top.currentline;
	}
}

static void sandbox_hook(lua_State *L, lua_Debug *ar);

/*
 * The run is over: raise, and raise again at every instruction, so the
 * stack unwinds whatever catches the error (the pcall lessons see re-raises
 * while killed). An error, not a yield: its message names the line that
 * looped.
 */
static void
sandbox_unwind(struct sandbox *sb, lua_State *L)
{
	sb->hook_count = 1;
	lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, 1);
	luaL_error(L, "%s", sb->kill_message);
}

static void
sandbox_hook(lua_State *L, lua_Debug *ar)
{
	struct sandbox *sb = sandbox_of(L);
	bool yieldable = lua_isyieldable(L);

	(void)ar;
	if (!sb->killed) {
		sb->left -= sb->hook_count;
		sb->stuck = yieldable ? 0 : sb->stuck + sb->hook_count;
		if (sb->left > 0 && sb->stuck <= SANDBOX_STUCK_MAX) {
			if (yieldable && sb->slice_ms > 0 &&
			    clock_ms() >= sb->slice_end) {
				sb->paused = true;
				lua_yield(L, 0);
			}
			return;
		}
		sb->killed = true;
		sandbox_note_where(sb, L);
	}
	sandbox_unwind(sb, L);
}

void
sandbox_charge(struct sandbox *sb, lua_State *L, long steps)
{
	if (sb->killed)
		return;
	sb->left -= steps;
	if (sb->left > 0) {
		/*
		 * Work in C spends no instructions, so a lesson calling a
		 * slow pattern in a loop would meet the hook only every
		 * SANDBOX_HOOK_PERIOD instructions: several calls, tens of
		 * milliseconds with the loop (and the emergency stop) unserved.
		 * A call that ends past its slice has the hook called at the
		 * next instruction, where the lesson pauses for the loop.
		 */
		if (sb->slice_ms > 0 && sb->hook_count != 1 &&
		    lua_isyieldable(L) && clock_ms() >= sb->slice_end) {
			sb->hook_count = 1;
			lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, 1);
		}
		return;
	}
	sb->killed = true;
	sandbox_note_where(sb, L);
	sandbox_unwind(sb, L);
}

void
sandbox_arm(struct sandbox *sb, lua_State *co)
{
	sb->left = sb->budget;
	sb->stuck = 0;
	sandbox_go_on(sb, co);
}

void
sandbox_go_on(struct sandbox *sb, lua_State *co)
{
	sb->paused = false;
	if (sb->slice_ms > 0)
		sb->slice_end = clock_ms() + (uint64_t)sb->slice_ms;
	sb->hook_count = sb->killed ? 1 : SANDBOX_HOOK_PERIOD;
	lua_sethook(co, sandbox_hook, LUA_MASKCOUNT, sb->hook_count);
}

int
sandbox_budget_line(const struct sandbox *sb, const char *source)
{
	return sb->killed && strcmp(sb->where_source, source) == 0 ?
	    sb->where_line : 0;
}

/* ---- the library ---- */

/* string.rep of an empty string loops n times in C doing nothing: with
 * n = 1e18 that is a frozen program, so the answer is given at once. */
static int
sandbox_rep(lua_State *L)
{
	size_t l, lsep = 0;

	luaL_checklstring(L, 1, &l);
	luaL_checkinteger(L, 2);
	luaL_optlstring(L, 3, "", &lsep);
	if (l + lsep == 0) {
		lua_pushliteral(L, "");
		return 1;
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

/* table.sort without a comparator runs in C, where the budget cannot
 * reach: a table of millions of elements would hold the loop for seconds. */
static int
sandbox_sort(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	if (luaL_len(L, 1) > SANDBOX_SORT_MAX)
		return luaL_error(L, "table.sort: more than %d elements",
		    SANDBOX_SORT_MAX);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 0);
	return 0;
}

static void
copy_fields(lua_State *L, int src, const char *const *names)
{
	for (; *names != NULL; names++) {
		lua_getfield(L, src, *names);
		lua_setfield(L, -2, *names);
	}
}

/* Replaces t[name] (t on top) by f with the old value as upvalue. */
static void
wrap_field(lua_State *L, const char *name, lua_CFunction f)
{
	lua_getfield(L, -1, name);
	lua_pushcclosure(L, f, 1);
	lua_setfield(L, -2, name);
}

static int
open_lib(lua_State *L, const char *name, lua_CFunction open)
{
	luaL_requiref(L, name, open, 0);
	return lua_gettop(L);
}

/* The safe string functions into the table on top. */
static void
push_string_fields(lua_State *L, int s)
{
	static const char *const names[] = {
		"byte", "char", "format", "len", "lower", "rep", "reverse",
		"sub", "upper", "pack", "packsize", "unpack", NULL,
	};

	copy_fields(L, s, names);
	wrap_field(L, "rep", sandbox_rep);
	sandbox_set_patterns(L, -1);
}

void
sandbox_push_library(struct sandbox *sb)
{
	static const char *const base_names[] = {
		"assert", "error", "ipairs", "next", "pairs", "pcall",
		"rawequal", "rawget", "rawlen", "rawset", "select",
		"setmetatable", "getmetatable", "tonumber", "tostring", "type",
		"xpcall", "load", "collectgarbage", "_VERSION", NULL,
	};
	static const char *const table_names[] = {
		"concat", "insert", "move", "pack", "remove", "sort", "unpack",
		NULL,
	};
	static const char *const math_names[] = {
		"abs", "ceil", "cos", "deg", "exp", "floor", "fmod", "huge",
		"log", "max", "maxinteger", "min", "mininteger", "modf", "pi",
		"rad", "random", "sin", "sqrt", "tan", "tointeger", "type",
		"ult", "asin", "acos", "atan", NULL,
	};
	static const char *const utf8_names[] = {
		"char", "charpattern", "codes", "codepoint", "len", "offset",
		NULL,
	};
	static const char *const os_names[] = { "time", "clock", "date", NULL };
	lua_State *L = sb->L;
	int top = lua_gettop(L), g, s, t, m, u, o;

	/* The libraries are opened into the state's own globals, which no
	 * sandboxed code sees (its chunks get an environment of their own). */
	g = open_lib(L, LUA_GNAME, luaopen_base);
	s = open_lib(L, LUA_STRLIBNAME, luaopen_string);
	t = open_lib(L, LUA_TABLIBNAME, luaopen_table);
	m = open_lib(L, LUA_MATHLIBNAME, luaopen_math);
	u = open_lib(L, LUA_UTF8LIBNAME, luaopen_utf8);
	o = open_lib(L, LUA_OSLIBNAME, luaopen_os);

	lua_newtable(L);			/* B */
	copy_fields(L, g, base_names);

	lua_newtable(L);			/* B string */
	push_string_fields(L, s);
	lua_setfield(L, -2, "string");		/* B */
	/*
	 * String methods ("x"):rep() go through the string metatable. Point it
	 * at a private copy (so code emptying its string table cannot break
	 * the prelude) and hide it from getmetatable.
	 */
	lua_pushliteral(L, "");			/* B "" */
	lua_getmetatable(L, -1);		/* B "" mt */
	lua_newtable(L);			/* B "" mt methods */
	push_string_fields(L, s);
	lua_setfield(L, -2, "__index");		/* B "" mt */
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 2);				/* B */

	lua_newtable(L);
	copy_fields(L, t, table_names);
	wrap_field(L, "sort", sandbox_sort);
	lua_setfield(L, -2, "table");
	lua_newtable(L);
	copy_fields(L, m, math_names);
	lua_setfield(L, -2, "math");
	lua_newtable(L);
	copy_fields(L, u, utf8_names);
	lua_setfield(L, -2, "utf8");
	lua_newtable(L);
	copy_fields(L, o, os_names);
	lua_setfield(L, -2, "os");
	/* For the prelude only: seeds the per-attempt random draw. */
	lua_getfield(L, m, "randomseed");
	lua_setfield(L, -2, "randomseed");

	lua_replace(L, top + 1);		/* B at top+1 */
	lua_settop(L, top + 1);
}

static int
sandbox_l_killed(lua_State *L)
{
	lua_pushboolean(L, sandbox_of(L)->killed);
	return 1;
}

static int
sandbox_l_drop(lua_State *L)
{
	(void)L;
	return 0;
}

void
sandbox_fill_env(struct sandbox *sb, int env, int lib, lua_CFunction print)
{
	lua_State *L = sb->L;

	env = lua_absindex(L, env);
	lib = lua_absindex(L, lib);
	if (luaL_loadbufferx(L, lesson_sandbox_lua, lesson_sandbox_lua_len,
	    "=[sandbox]", "t") != LUA_OK)
		fatal("lua: the sandbox does not load: %s", lua_tostring(L, -1));
	lua_pushvalue(L, lib);
	lua_setupvalue(L, -2, 1);		/* _ENV = B */
	lua_pushvalue(L, env);
	lua_pushvalue(L, lib);
	lua_createtable(L, 0, 3);		/* S */
	lua_pushcfunction(L, sandbox_l_killed);
	lua_setfield(L, -2, "killed");
	lua_pushstring(L, sb->kill_message);
	lua_setfield(L, -2, "kill_message");
	lua_pushcfunction(L, print != NULL ? print : sandbox_l_drop);
	lua_setfield(L, -2, "print");
	if (lua_pcall(L, 3, 0, 0) != LUA_OK)
		fatal("lua: the sandbox fails: %s", lua_tostring(L, -1));
}
