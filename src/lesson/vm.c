/*
 * The sandboxed Lua state a lesson runs in. Three limits make a lesson
 * unable to hurt the program:
 *
 *   - memory: the allocator refuses to grow the state past its cap, so a
 *     string.rep bomb fails with "not enough memory" like any Lua error;
 *   - time: a count hook spends an instruction budget that is refilled at
 *     every resume. When it runs out the hook yields the whole coroutine
 *     (count hooks may yield in 5.4), which pcall cannot catch; inside a C
 *     frame that cannot yield (a sort comparator) it raises an error and
 *     re-arms for every instruction, and the prelude's pcall re-raises
 *     while the run is killed, so the stack unwinds to the next point that
 *     can yield;
 *   - reach: the lesson sees only the environment the prelude builds from
 *     vm_push_base, which holds nothing that touches files, processes, the
 *     debug library or bytecode.
 */
#include <stdlib.h>
#include <string.h>

#include <lualib.h>

#include "runner.h"

static void *
vm_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct vm *vm = ud;
	size_t limit;
	void *p;

	if (ptr == NULL)
		osize = 0;
	if (nsize == 0) {
		free(ptr);
		vm->used -= osize;
		return NULL;
	}
	limit = vm->cap + (vm->host_mode ? VM_HOST_HEADROOM : 0);
	if (nsize > osize && vm->used - osize + nsize > limit)
		return NULL;
	if ((p = realloc(ptr, nsize)) == NULL)
		return NULL;
	vm->used = vm->used - osize + nsize;
	return p;
}

static int
vm_panic(lua_State *L)
{
	fatal("lesson: unprotected Lua error: %s",
	    lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?");
}

static struct vm *
vm_of(lua_State *L)
{
	void *ud;

	lua_getallocf(L, &ud);
	return ud;
}

static void
vm_hook(lua_State *L, lua_Debug *ar)
{
	struct vm *vm = vm_of(L);

	(void)ar;
	if (!vm->killed && --vm->left > 0)
		return;
	vm->killed = true;
	if (lua_isyieldable(L))
		lua_yield(L, 0);
	/* A C frame below cannot be yielded across: raise, and try again at
	 * every instruction until the stack is back where it can yield. */
	lua_sethook(L, vm_hook, LUA_MASKCOUNT, 1);
	luaL_error(L, VM_KILL_MESSAGE);
}

void
vm_arm(struct vm *vm, lua_State *co)
{
	vm->left = vm->budget / VM_HOOK_PERIOD;
	if (vm->left < 1)
		vm->left = 1;
	lua_sethook(co, vm_hook, LUA_MASKCOUNT,
	    vm->killed ? 1 : VM_HOOK_PERIOD);
}

struct vm *
vm_new(size_t cap, long budget, void *owner)
{
	struct vm *vm = xcalloc(1, sizeof *vm);

	vm->cap = cap;
	vm->budget = budget;
	vm->host_mode = true;
	if ((vm->L = lua_newstate(vm_alloc, vm)) == NULL)
		fatal("lesson: cannot create a Lua state");
	lua_atpanic(vm->L, vm_panic);
	*(void **)lua_getextraspace(vm->L) = owner;
	return vm;
}

void
vm_free(struct vm *vm)
{
	if (vm == NULL)
		return;
	vm->host_mode = true;
	lua_close(vm->L);
	free(vm);
}

struct lesson_run *
vm_owner(lua_State *L)
{
	return *(struct lesson_run **)lua_getextraspace(L);
}

/* Copies the named fields of the table at src into the table on top. */
static void
vm_copy_fields(lua_State *L, int src, const char *const *names)
{
	for (; *names != NULL; names++) {
		lua_getfield(L, src, *names);	/* base value */
		lua_setfield(L, -2, *names);	/* base */
	}
}

/* Opens a standard library into a scratch slot and returns its index. */
static int
vm_open_lib(lua_State *L, const char *name, lua_CFunction open)
{
	luaL_requiref(L, name, open, 0);	/* lib */
	return lua_gettop(L);
}

void
vm_push_base(struct vm *vm)
{
	static const char *const base_names[] = {
		"assert", "error", "ipairs", "next", "pairs", "pcall",
		"rawequal", "rawget", "rawlen", "rawset", "select",
		"setmetatable", "getmetatable", "tonumber", "tostring", "type",
		"xpcall", "load", "collectgarbage", "_VERSION", NULL,
	};
	static const char *const string_names[] = {
		"byte", "char", "find", "format", "gmatch", "gsub", "len",
		"lower", "match", "rep", "reverse", "sub", "upper", "pack",
		"packsize", "unpack", NULL,
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
	lua_State *L = vm->L;
	int top = lua_gettop(L), g, s, t, m, u, o;

	/* The libraries are opened into the state's own globals, which the
	 * lesson never sees (its chunk gets the prelude's environment). */
	g = vm_open_lib(L, LUA_GNAME, luaopen_base);
	s = vm_open_lib(L, LUA_STRLIBNAME, luaopen_string);
	t = vm_open_lib(L, LUA_TABLIBNAME, luaopen_table);
	m = vm_open_lib(L, LUA_MATHLIBNAME, luaopen_math);
	u = vm_open_lib(L, LUA_UTF8LIBNAME, luaopen_utf8);
	o = vm_open_lib(L, LUA_OSLIBNAME, luaopen_os);

	lua_newtable(L);			/* base */
	vm_copy_fields(L, g, base_names);

	lua_newtable(L);			/* base string */
	vm_copy_fields(L, s, string_names);
	lua_setfield(L, -2, "string");		/* base */
	/*
	 * String methods ("x"):rep() go through the string metatable. Point it
	 * at a private copy (so a lesson emptying its string table cannot
	 * break the prelude) and hide it from getmetatable.
	 */
	lua_pushliteral(L, "");			/* base "" */
	lua_getmetatable(L, -1);		/* base "" mt */
	lua_newtable(L);			/* base "" mt methods */
	vm_copy_fields(L, s, string_names);
	lua_pushvalue(L, -1);			/* base "" mt methods methods */
	lua_setfield(L, -5, "string_methods");	/* for the prelude's guards */
	lua_setfield(L, -2, "__index");		/* base "" mt */
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 2);				/* base */

	lua_newtable(L);
	vm_copy_fields(L, t, table_names);
	lua_setfield(L, -2, "table");
	lua_newtable(L);
	vm_copy_fields(L, m, math_names);
	lua_setfield(L, -2, "math");
	lua_newtable(L);
	vm_copy_fields(L, u, utf8_names);
	lua_setfield(L, -2, "utf8");
	lua_newtable(L);
	vm_copy_fields(L, o, os_names);
	lua_setfield(L, -2, "os");
	/* For the prelude only: seeds the per-attempt random draw. */
	lua_getfield(L, m, "randomseed");
	lua_setfield(L, -2, "randomseed");

	lua_replace(L, top + 1);		/* base at top+1 */
	lua_settop(L, top + 1);
}
