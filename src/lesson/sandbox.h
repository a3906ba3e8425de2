/*
 * The one Lua sandbox of layerlab. Lessons run by layerlab (runner.c), the
 * same lessons run by lint against its instrumented API (lint.c), data
 * files (datafile.c) and the catalogue's title reader all get their Lua
 * state here, with the same limits:
 *
 *   - memory: the allocator refuses to grow the state past its cap, so a
 *     string.rep bomb fails with "not enough memory" like any Lua error;
 *   - work: a count hook spends an instruction budget; pattern matching
 *     (pattern.c) spends it too, step by step. When it runs out the hook
 *     raises an error and re-arms for every instruction, and the pcall the
 *     lesson sees re-raises while the run is killed, so the stack unwinds
 *     whatever catches it. Code that cannot yield at all (a
 *     file's top level, a comparator, a __tostring called by the library)
 *     may run SANDBOX_STUCK_MAX instructions in a row, no more: the loop
 *     (the emergency stop) cannot be served while it runs;
 *   - time: with a slice set (the lesson runner), the hook also yields when
 *     the slice is over, so the loop reads the keyboard and the printer
 *     between two slices of a busy lesson; the runner resumes it with the
 *     budget it had left (sandbox_go_on);
 *   - reach: the library (sandbox_push_library) and the lesson's globals
 *     (sandbox_fill_env, from sandbox.lua) hold nothing that touches files,
 *     processes, the debug library or bytecode. docs/lesson-api.md, "The
 *     sandbox", lists them.
 *
 * Internal to src/lesson/.
 */
#ifndef LL_LESSON_SANDBOX_H
#define LL_LESSON_SANDBOX_H

#include <stdbool.h>
#include <stdint.h>

#include <lua.h>

/* The budget is checked every SANDBOX_HOOK_PERIOD instructions. */
#define SANDBOX_HOOK_PERIOD 1000
/* Instructions in a row where the thread cannot yield (a few ms). */
#define SANDBOX_STUCK_MAX 500000L
/* Steps one pattern call may take (a few ms of matching). */
#define SANDBOX_PATTERN_STEPS 500000
/* What host work may use beyond the cap (error messages, tracebacks). */
#define SANDBOX_HOST_HEADROOM (1u << 20)
/* table.sort in C: more elements than this take too long to sort at once. */
#define SANDBOX_SORT_MAX 100000

struct sandbox {
	lua_State *L;
	size_t used;		/* bytes allocated by the state */
	size_t cap;
	bool host_mode;		/* host work: allowed a little over the cap */
	long budget;		/* instructions an arm gives */
	long left;		/* instructions left */
	long stuck;		/* instructions run where no yield was possible */
	bool killed;		/* the budget ran out: unwind, then stop */
	int slice_ms;		/* 0: never pause for the loop */
	uint64_t slice_end;
	int hook_count;		/* instructions between two calls of the hook */
	bool paused;		/* the last yield was a pause for the loop */
	const char *kill_message;
	/* Where the budget ran out (the hook sees the exact line). */
	char where_source[256];
	int where_line;
};

struct sandbox *sandbox_new(size_t cap, long budget, const char *kill_message,
    void *owner);
void sandbox_free(struct sandbox *sb);
struct sandbox *sandbox_of(lua_State *L);
void *sandbox_owner(lua_State *L);

/* A fresh budget on thread co before a resume or call. */
void sandbox_arm(struct sandbox *sb, lua_State *co);
/* After a pause for the loop: the budget left, a new slice. */
void sandbox_go_on(struct sandbox *sb, lua_State *co);
/* Spends steps of work done in C; kills the run when the budget is gone. */
void sandbox_charge(struct sandbox *sb, lua_State *L, long steps);
/* The line where the budget ran out, if in the chunk named source ("@x"). */
int sandbox_budget_line(const struct sandbox *sb, const char *source);

/*
 * Pushes the raw library (B): the safe base functions, string (no dump;
 * budgeted patterns; rep of nothing at once), table, math (randomseed only
 * as B.randomseed), utf8, os.time/clock/date. The string metatable's
 * methods become a private copy of B.string, hidden from getmetatable.
 */
void sandbox_push_library(struct sandbox *sb);
/*
 * Fills the table at env (the lesson's globals) from the library at lib,
 * with the wrappers lessons get (pcall that cannot hold a killed run,
 * setmetatable without __gc, load of text only, ...). print receives the
 * joined text; NULL drops it.
 */
void sandbox_fill_env(struct sandbox *sb, int env, int lib,
    lua_CFunction print);

/* pattern.c: sets find, match, gmatch and gsub in the table at index. */
void sandbox_set_patterns(lua_State *L, int table);

#endif
