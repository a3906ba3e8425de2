/*
 * The lesson runner: one lesson as one Lua coroutine driven by the loop.
 *
 *   lesson_run_start ──► kick timer ──► lua_resume(co) ──► lesson code
 *                           ▲                                  │ H.wait(kind)
 *                           │                                  ▼
 *          run_ready ◄── answer / host done / timer ◄── wait set up, yield
 *
 * A waiting call (H.wait) records what it waits for and yields. Whatever
 * completes the wait (a front-end answer, a printer reply, a timer) stores
 * the result in run->res and arms the kick timer; the resume always happens
 * from the timer, never from inside the completing callback, so front ends
 * may answer from inside their own ops callbacks and host callbacks never
 * re-enter the lesson. Cancel is deferred the same way.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runner.h"

extern const char lesson_prelude[];
extern const size_t lesson_prelude_len;

static void run_end(struct lesson_run *run, enum lesson_status status,
    const char *message, const char *traceback);

const char *
lesson_status_name(enum lesson_status status)
{
	switch (status) {
	case LESSON_RUNNING: return "running";
	case LESSON_COMPLETED: return "completed";
	case LESSON_CANCELLED: return "cancelled";
	case LESSON_ERROR: return "error";
	case LESSON_FAULT: return "printer fault";
	}
	return "?";
}

int
lesson_lang_chain(const char *tag, char out[][16], int max)
{
	static const struct {
		const char *tag;
		const char *chain[5];
	} chains[] = {
		/* Never to Latin script: sr-Cyrl catalogues are generated
		 * from sr-Latn ones (layerlab i18n translit), and lint
		 * reports what they lack. */
		{ "sr-Cyrl", { "sr-Cyrl" } },
		{ "sr-Latn", { "sr-Latn", "bs", "hr", "cnr" } },
		{ "sr", { "sr-Latn", "bs", "hr", "cnr" } },
		{ "hr", { "hr", "bs", "sr-Latn", "cnr" } },
		{ "bs", { "bs", "hr", "sr-Latn", "cnr" } },
		{ "cnr", { "cnr", "sr-Latn", "bs", "hr" } },
	};
	int n = 0;
	char base[16];

#define CHAIN_ADD(t) do {						\
	bool dup_ = false;						\
	for (int i_ = 0; i_ < n; i_++)					\
		dup_ = dup_ || strcmp(out[i_], (t)) == 0;		\
	if (!dup_ && n < max && strlen(t) < 16)				\
		strcpy(out[n++], (t));					\
} while (0)

	if (tag == NULL || *tag == '\0')
		tag = "en";
	for (size_t i = 0; i < LL_ARRAY_LEN(chains); i++) {
		if (strcmp(chains[i].tag, tag) != 0)
			continue;
		for (int j = 0; j < 5 && chains[i].chain[j] != NULL; j++)
			CHAIN_ADD(chains[i].chain[j]);
	}
	if (n == 0) {
		CHAIN_ADD(tag);
		size_t blen = strcspn(tag, "-_");

		if (blen >= sizeof base)
			blen = sizeof base - 1;
		memcpy(base, tag, blen);
		base[blen] = '\0';
		if (*base != '\0')
			CHAIN_ADD(base);
	}
	CHAIN_ADD("en");
#undef CHAIN_ADD
	return n;
}

/* {====== results and waits */

void
run_result_clear(struct run_result *r)
{
	free(r->why);
	free(r->message);
	for (size_t i = 0; i < r->nlines; i++)
		free(r->lines[i]);
	free(r->lines);
	free(r->picks);
	free(r->trainer);
	memset(r, 0, sizeof *r);
}

static uint64_t
run_kick_cb(uint64_t now, void *data);

void
run_ready(struct lesson_run *run)
{
	run->res.ready = true;
	loop_timer_set(run->kick, clock_ms());
}

void
run_fail_wait(struct lesson_run *run, const char *why, const char *fmt, ...)
{
	va_list ap;

	run_result_clear(&run->res);
	run->res.ok = false;
	run->res.why = xstrdup(why);
	va_start(ap, fmt);
	run->res.message = xvasprintf(fmt, ap);
	va_end(ap);
	run_ready(run);
}

static uint64_t
run_timeout_cb(uint64_t now, void *data)
{
	struct lesson_run *run = data;

	(void)now;
	if (run->phase != PHASE_WAITING || run->res.ready)
		return 0;
	if (run->wait == WAIT_SLEEP) {
		run_result_clear(&run->res);
		run->res.ok = true;
		run_ready(run);
		return 0;
	}
	bind_printer_timeout(run);
	run_fail_wait(run, "timeout", "timed out after %g s", run->wait_timeout);
	return 0;
}

static double
run_scale(const struct lesson_run *run)
{
	return run->cfg.time_scale > 1 ? run->cfg.time_scale : 1;
}

double
run_elapsed(const struct lesson_run *run)
{
	return (double)(clock_ms() - run->started_ms) / 1000.0 *
	    run_scale(run) + run->slept_s;
}

uint64_t
run_real_ms(const struct lesson_run *run, double seconds)
{
	return (uint64_t)(seconds * 1000.0 / run_scale(run));
}

void
run_arm_timeout(struct lesson_run *run, double seconds)
{
	run->wait_timeout = seconds;
	if (seconds > 0)
		loop_timer_set(run->timer, clock_ms() + run_real_ms(run, seconds));
}

double
run_opt_timeout(lua_State *L, int idx, const char *what)
{
	double v;

	lua_getfield(L, idx, "timeout");
	v = luaL_optnumber(L, -1, 0);
	if (!number_within(v, 0, RUN_MAX_WAIT_S))
		run_error(L, "%s: timeout: expected seconds from 0 to %d, got %s",
		    what, RUN_MAX_WAIT_S, lua_tostring(L, -1));
	lua_pop(L, 1);
	return v;
}

void
run_wait_end(struct lesson_run *run)
{
	loop_timer_set(run->timer, 0);
	if (run->wait != WAIT_NONE && run->cfg.ops->wait != NULL &&
	    (run->wait == WAIT_SEND || run->wait == WAIT_TEMP ||
	    run->wait == WAIT_PRINT || run->wait == WAIT_SLEEP))
		run->cfg.ops->wait(NULL, run->cfg.ui_data);
	run->wait = WAIT_NONE;
	run->wait_seq++;
}

int
run_error(lua_State *L, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lua_pushvfstring(L, fmt, ap);
	va_end(ap);
	return lua_error(L);
}

const char *
run_field_string(lua_State *L, int idx, const char *k)
{
	const char *s;

	lua_getfield(L, idx, k);
	s = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
	lua_pop(L, 1);	/* still anchored by the table */
	return s;
}

char *
run_resolve_path(struct lesson_run *run, const char *rel, char **cause)
{
	char *path, *real, *dir;
	struct stat st;

	/* Lessons read only their own module's files. */
	if (strstr(rel, "..") != NULL || *rel == '\0' || *rel == '/') {
		set_cause(cause, "'%s': expected a path inside the module's "
		    "folder", rel);
		return NULL;
	}
	path = xasprintf("%s/%s", run->module_dir ? run->module_dir : ".",
	    rel);
	if (access(path, R_OK) != 0) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		free(path);
		return NULL;
	}
	/*
	 * A symbolic link inside the module may point anywhere (/etc/passwd
	 * was once streamed to a printer): what counts is where the file
	 * really is, and that is what is handed on.
	 */
	real = realpath(path, NULL);
	dir = realpath(run->module_dir ? run->module_dir : ".", NULL);
	if (real == NULL || dir == NULL || strncmp(real, dir,
	    strlen(dir)) != 0 || real[strlen(dir)] != '/' ||
	    stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
		set_cause(cause, "'%s': expected a file inside the module's "
		    "folder%s", rel, real != NULL && dir != NULL &&
		    (strncmp(real, dir, strlen(dir)) != 0 ||
		    real[strlen(dir)] != '/') ? " (it links outside)" : "");
		free(real);
		real = NULL;
	}
	free(dir);
	free(path);
	return real;
}

/* H.wait(kind, arg): sets the wait up and yields (or fails at once). */
static int l_wait_dispatch(lua_State *L);

/* }====== */

/* {====== primitives that are not bindings */

static int
l_print(lua_State *L)
{
	struct lesson_run *run = vm_owner(L);
	const char *s = luaL_checkstring(L, 1);

	log_debug("lesson %s: print: %s", run->display_name, s);
	if (run->cfg.ops->print != NULL)
		run->cfg.ops->print(s, run->cfg.ui_data);
	return 0;
}

static int
l_outcome_known(lua_State *L)
{
	struct lesson_run *run = vm_owner(L);
	const char *id = luaL_checkstring(L, 1);
	bool known = run->outcomes == NULL;

	for (size_t i = 0; i < run->noutcomes && !known; i++)
		known = strcmp(run->outcomes[i], id) == 0;
	lua_pushboolean(L, known);
	return 1;
}

/* Fields of the table on top of the stack; a NULL string is left out. */
void
run_set_string(lua_State *L, const char *key, const char *value)
{
	if (value == NULL)
		return;
	lua_pushstring(L, value);
	lua_setfield(L, -2, key);
}

void
run_set_number(lua_State *L, const char *key, double value)
{
	lua_pushnumber(L, value);
	lua_setfield(L, -2, key);
}

void
run_set_integer(lua_State *L, const char *key, lua_Integer value)
{
	lua_pushinteger(L, value);
	lua_setfield(L, -2, key);
}

/* Calls upvalue 1 with the arguments: keeps the caller's frame alive. */
static int
l_trampoline_call(lua_State *L)
{
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	return lua_gettop(L);
}

static int
l_trampoline(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TFUNCTION);
	lua_settop(L, 1);
	lua_pushcclosure(L, l_trampoline_call, 1);
	return 1;
}

static void
run_register_primitives(struct lesson_run *run, lua_State *L)
{
	static const luaL_Reg fns[] = {
		{ "trampoline", l_trampoline },
		{ "wait", l_wait_dispatch },
		{ "outcome_known", l_outcome_known },
		{ NULL, NULL },
	};
	char chain[LESSON_LANG_MAX][16];
	int n;

	luaL_setfuncs(L, fns, 0);		/* H */
	bind_ui_register(L);
	bind_printer_register(L);
	bind_records_register(L);
	bind_time_register(L);
	bind_i18n_register(L);
	lua_pushboolean(L, run->cfg.virtual_printer);
	lua_setfield(L, -2, "virtual_printer");
	lua_pushstring(L, run->lang);
	lua_setfield(L, -2, "lang");
	lua_pushinteger(L, (lua_Integer)run->seed);
	lua_setfield(L, -2, "seed");
	n = lesson_lang_chain(run->lang, chain, LESSON_LANG_MAX);
	lua_createtable(L, n, 0);		/* H chain */
	for (int i = 0; i < n; i++) {
		lua_pushstring(L, chain[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "chain");		/* H */
}

/* }====== */

/* {====== errors: where in the lesson, and a short traceback */

static bool
run_is_lesson_frame(struct lesson_run *run, lua_Debug *ar)
{
	return ar->source[0] == '@' &&
	    strcmp(ar->source + 1, run->display_name) == 0;
}

/*
 * The message as the trainee sees it: prefixed with the lesson's file and
 * line when the error came from inside the API, where Lua gives none.
 */
static char *
run_error_message(struct lesson_run *run, lua_State *co, const char *msg)
{
	lua_Debug ar;
	char *prefix;

	prefix = xasprintf("%s:", run->display_name);
	if (str_starts_with(msg, prefix)) {
		free(prefix);
		return xstrdup(msg);
	}
	free(prefix);
	for (int level = 0; lua_getstack(co, level, &ar); level++) {
		if (lua_getinfo(co, "Sl", &ar) == 0)
			continue;
		if (run_is_lesson_frame(run, &ar) && ar.currentline > 0)
			return xasprintf("%s:%d: %s", run->display_name,
			    ar.currentline, msg);
	}
	return xstrdup(msg);
}

/* The lesson's own frames, innermost first, at most 6. */
static char *
run_traceback(struct lesson_run *run, lua_State *co)
{
	struct buf b;
	lua_Debug ar;
	int shown = 0;

	buf_init(&b);
	for (int level = 0; lua_getstack(co, level, &ar) && shown < 6;
	    level++) {
		if (lua_getinfo(co, "Sln", &ar) == 0 ||
		    !run_is_lesson_frame(run, &ar) || ar.currentline <= 0)
			continue;
		buf_appendf(&b, "%s\t%s:%d: in %s%s%s", shown ? "\n" : "",
		    run->display_name, ar.currentline,
		    ar.name != NULL ? "function '" : "",
		    ar.name != NULL ? ar.name : (*ar.what == 'm' ?
		    "the lesson file" : "a step"),
		    ar.name != NULL ? "'" : "");
		shown++;
	}
	if (shown == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/*
 * The text of the error object on top of L. A table's __tostring is the
 * lesson's own code, so it runs like any: protected, on the budget and under
 * the memory cap, unable to wait. Whatever it does (raise, loop, sleep, eat
 * memory), the run still ends cleanly with a message.
 */
static const char *
run_error_text(struct lesson_run *run, lua_State *L)
{
	struct sandbox *vm = run->vm;
	lua_State *M = vm->L;
	bool killed = vm->killed;
	int type = lua_type(L, -1), rc;

	if (type == LUA_TSTRING || type == LUA_TNUMBER)
		return lua_tostring(L, -1);
	/* Read raw: looking at the metatable runs nothing of the lesson's. */
	if (luaL_getmetafield(L, -1, "__tostring") == LUA_TNIL)
		return "an error object that is not a string";
	lua_pushvalue(L, -2);			/* err fn err */
	if (L != M)
		lua_xmove(L, M, 2);		/* M: fn err */
	vm->host_mode = false;
	vm->killed = false;
	sandbox_arm(vm, M);
	rc = lua_pcall(M, 1, 1, 0);
	lua_sethook(M, NULL, 0, 0);
	vm->host_mode = true;
	vm->killed = killed;
	if (rc == LUA_OK && lua_type(M, -1) == LUA_TSTRING) {
		if (L != M)
			lua_xmove(M, L, 1);
		return lua_tostring(L, -1);
	}
	lua_pop(M, 1);
	return "an error object whose __tostring failed";
}

/* Message handler while the file itself runs: adds the file's line. */
static int
run_load_msgh(lua_State *L)
{
	struct lesson_run *run = vm_owner(L);
	char *msg;

	if (run->vm->killed || lua_type(L, 1) != LUA_TSTRING)
		return 1;
	msg = run_error_message(run, L, lua_tostring(L, 1));
	lua_pushstring(L, msg);
	free(msg);
	return 1;
}

/* }====== */

/* {====== resuming */

static void
run_push_result(struct lesson_run *run, lua_State *co, int *nargs)
{
	struct run_result *r = &run->res;
	int n = 0;

	if (!r->ok) {
		lua_pushboolean(co, 0);
		lua_pushstring(co, r->why != NULL ? r->why : "error");
		lua_pushstring(co, r->message != NULL ? r->message : "failed");
		*nargs = 3;
		return;
	}
	lua_pushboolean(co, 1);
	n = 1;
	switch (r->push) {
	case PUSH_NOTHING:
		break;
	case PUSH_LINES:
		lua_createtable(co, (int)r->nlines, 0);
		for (size_t i = 0; i < r->nlines; i++) {
			lua_pushstring(co, r->lines[i]);
			lua_rawseti(co, -2, (lua_Integer)i + 1);
		}
		n++;
		break;
	case PUSH_ANSWER:
		lua_createtable(co, 0, 2);
		lua_createtable(co, (int)r->npicks, 0);
		for (size_t i = 0; i < r->npicks; i++) {
			lua_pushinteger(co, r->picks[i] + 1);
			lua_rawseti(co, -2, (lua_Integer)i + 1);
		}
		lua_setfield(co, -2, "picks");
		lua_pushnumber(co, r->number);
		lua_setfield(co, -2, "number");
		n++;
		break;
	case PUSH_BOOL:
		lua_pushboolean(co, r->yes);
		n++;
		break;
	case PUSH_SIGNOFF:
		lua_pushstring(co, r->trainer);
		lua_pushboolean(co, r->yes);
		n += 2;
		break;
	case PUSH_STATUS:
		bind_printer_push_status(co, run);
		n++;
		break;
	case PUSH_GCHECK:
		bind_gcode_push_result(co, run);
		n++;
		break;
	case PUSH_PRINT:
		bind_printer_push_print(co, run, r);
		n++;
		break;
	}
	*nargs = n;
}

static void
run_resume(struct lesson_run *run, int nargs)
{
	lua_State *co = run->co;
	int status, nres = 0;
	char *msg, *tb;

	run->phase = PHASE_RUNNING;
	run->vm->host_mode = false;
	if (run->paused)
		sandbox_go_on(run->vm, co);
	else
		sandbox_arm(run->vm, co);
	run->paused = false;
	status = lua_resume(co, run->vm->L, nargs, &nres);
	run->vm->host_mode = true;

	if (status == LUA_YIELD && !run->vm->killed && run->vm->paused) {
		/* A busy lesson's slice is over: the loop serves the keyboard
		 * and the printer first, then the lesson goes on. */
		lua_pop(co, nres);
		run->paused = true;
		run->phase = PHASE_READY;
		loop_timer_set(run->kick, clock_ms());
		return;
	}
	if (status == LUA_YIELD && !run->vm->killed) {
		lua_pop(co, nres);
		if (run->wait == WAIT_NONE) {
			/* Only H.wait yields; anything else is a bug here. */
			run_end(run, LESSON_ERROR, "the lesson yielded outside "
			    "a waiting call", NULL);
			return;
		}
		run->phase = PHASE_WAITING;
		if (run->cancel_requested)
			loop_timer_set(run->kick, clock_ms());
		return;
	}
	if (status == LUA_OK) {
		run_end(run, LESSON_COMPLETED, NULL, NULL);
		return;
	}
	if (run->vm->killed)
		msg = run_error_message(run, co, VM_KILL_MESSAGE);
	else
		msg = run_error_message(run, co, run_error_text(run, co));
	tb = run_traceback(run, co);
	run_end(run, run->ended_by_fault ? LESSON_FAULT : LESSON_ERROR, msg,
	    tb);
	free(tb);
	free(msg);
}

static void
run_do_cancel(struct lesson_run *run)
{
	char *reason = run->cancel_reason;

	run->cancel_reason = NULL;
	run_end(run, LESSON_CANCELLED, reason != NULL ? reason : "cancelled",
	    NULL);
	free(reason);
}

static uint64_t
run_kick_cb(uint64_t now, void *data)
{
	struct lesson_run *run = data;
	int nargs;

	/* Returns the due time the work below may have set (run_ready). */
	(void)now;
	if (run->phase == PHASE_DONE || run->phase == PHASE_RUNNING)
		return loop_timer_due(run->kick);
	if (run->cancel_requested) {
		run_do_cancel(run);
		return loop_timer_due(run->kick);
	}
	if (run->phase == PHASE_READY) {
		nargs = run->resume_nargs;
		run->resume_nargs = 0;
		run_resume(run, nargs);
		return loop_timer_due(run->kick);
	}
	if (run->phase == PHASE_WAITING && !run->res.ready)
		bind_ui_kick(run);
	if (run->phase == PHASE_WAITING && run->res.ready) {
		run_wait_end(run);
		run->vm->host_mode = true;
		run_push_result(run, run->co, &nargs);
		if (!run->res.ok && strcmp(run->res.why, "fault") == 0)
			run->ended_by_fault = true;
		else
			run->ended_by_fault = false;
		run_result_clear(&run->res);
		run_resume(run, nargs);
	}
	return loop_timer_due(run->kick);
}

/*
 * layerlab itself is ending abnormally (lastword.c): the printer's heaters
 * were switched off already; the attempt must not stay "running".
 */
static void
run_lastword(void *data)
{
	struct lesson_run *run = data;

	if (run->attempt_id > 0 && run->phase != PHASE_DONE)
		(void)rec_attempt_finish(run->cfg.store, run->attempt_id,
		    REC_ATTEMPT_ERROR, NULL);
}

static void
run_end(struct lesson_run *run, enum lesson_status status,
    const char *message, const char *traceback)
{
	struct lesson_end end;
	bool abnormal = status != LESSON_COMPLETED;
	char *full = NULL;

	if (run->phase == PHASE_DONE)
		return;
	run->phase = PHASE_DONE;
	run->status = status;
	bind_ui_forget_pin_check(run);
	run_wait_end(run);
	run_result_clear(&run->res);
	loop_timer_set(run->kick, 0);
	bind_printer_make_safe(run, abnormal);
	bind_printer_detach(run);
	bind_gcode_free(run);

	/* No lesson code runs after this: to-be-closed variables are closed
	 * under a spent budget, so they cannot loop. */
	run->vm->killed = true;
	sandbox_arm(run->vm, run->co);
	vm_closethread(run->co, run->vm->L);

	lastword_remove_hook(run->lastword);
	run->lastword = -1;
	bind_records_finish(run);
	memset(&end, 0, sizeof end);
	end.status = status;
	end.message = message;
	if (run->records_error != NULL) {
		full = xasprintf("%s%sthe attempt's end could not be recorded: "
		    "%s", message != NULL ? message : "", message != NULL ?
		    "; " : "", run->records_error);
		end.message = full;
	}
	end.traceback = traceback;
	end.step_index = run->step;
	if (run->cfg.ops->finished != NULL)
		run->cfg.ops->finished(&end, run->cfg.ui_data);
	free(full);
}

/* }====== */

/* {====== starting */

static char **
strv_copy(const char *const *v, size_t n)
{
	char **c = xcalloc(n + 1, sizeof *c);

	for (size_t i = 0; i < n; i++)
		c[i] = xstrdup(v[i]);
	return c;
}

uint64_t
run_random_seed(void)
{
	uint64_t seed = clock_ms() ^ ((uint64_t)getpid() << 32);
	int fd;

	if ((fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) != -1) {
		if (read(fd, &seed, sizeof seed) != (ssize_t)sizeof seed)
			seed ^= clock_ms();
		close(fd);
	}
	/* Lua integers are signed: keep seeds positive and readable. */
	return seed & 0x7fffffffffffULL;
}

/* Loads the prelude, runs the lesson file and checks its definition. */
static int
run_load(struct lesson_run *run, char **cause)
{
	lua_State *L = run->vm->L;
	char *src, *chunkname;
	size_t len;
	int env, host;

	lua_settop(L, 0);
	if (luaL_loadbufferx(L, lesson_prelude, lesson_prelude_len,
	    "=[prelude]", "t") != LUA_OK)
		fatal("lesson: the prelude does not load: %s",
		    lua_tostring(L, -1));
	lua_newtable(L);			/* prelude E */
	lua_newtable(L);			/* prelude E H */
	run_register_primitives(run, L);
	sandbox_push_library(run->vm);		/* prelude E H B */
	sandbox_fill_env(run->vm, 2, 4, l_print);
	lua_pushvalue(L, -1);			/* prelude E H B B */
	lua_setupvalue(L, 1, 1);		/* _ENV = B */
	lua_pushvalue(L, 2);
	lua_setfield(L, LUA_REGISTRYINDEX, "layerlab.env");
	if (lua_pcall(L, 3, 1, 0) != LUA_OK)
		fatal("lesson: the prelude fails: %s", lua_tostring(L, -1));
	host = lua_gettop(L);			/* host */
	lua_getfield(L, LUA_REGISTRYINDEX, "layerlab.env");
	env = lua_gettop(L);			/* host E */

	if ((src = file_read_all(run->path, &len, cause)) == NULL)
		return -1;
	if (run->module_hash == NULL) {
		/* Records keep what was run: without the module's own hash,
		 * the lesson file's stands in. */
		uint64_t h = 0xcbf29ce484222325ULL;

		for (size_t i = 0; i < len; i++)
			h = (h ^ (unsigned char)src[i]) * 0x100000001b3ULL;
		run->module_hash = xasprintf("fnv1a64:%016llx",
		    (unsigned long long)h);
	}
	chunkname = xasprintf("@%s", run->display_name);
	if (luaL_loadbufferx(L, src, len, chunkname, "t") != LUA_OK) {
		set_cause(cause, "%s", lua_tostring(L, -1));
		free(chunkname);
		free(src);
		return -1;
	}
	free(chunkname);
	free(src);
	lua_pushvalue(L, env);
	lua_setupvalue(L, -2, 1);		/* host E chunk */

	/* The file itself runs under the budget and the cap like a step. */
	lua_pushcfunction(L, run_load_msgh);
	lua_insert(L, -2);			/* host E msgh chunk */
	run->vm->host_mode = false;
	sandbox_arm(run->vm, L);
	if (lua_pcall(L, 0, 1, -2) != LUA_OK) {	/* host E msgh def|err */
		run->vm->host_mode = true;
		set_cause(cause, "%s", run->vm->killed ?
		    VM_KILL_MESSAGE : run_error_text(run, L));
		return -1;
	}
	lua_remove(L, -2);			/* host E def */
	lua_getfield(L, host, "define");	/* host E def define */
	lua_pushvalue(L, -2);			/* host E def define def */
	if (lua_pcall(L, 1, 3, 0) != LUA_OK) {	/* host E def id title titles */
		run->vm->host_mode = true;
		set_cause(cause, "%s: %s", run->display_name,
		    run_error_text(run, L));
		return -1;
	}
	run->vm->host_mode = true;
	lua_sethook(L, NULL, 0, 0);
	run->title = xstrdup(lua_tostring(L, -2));
	run->lesson_id = xstrdup(run->cfg.lesson_id != NULL ?
	    run->cfg.lesson_id : lua_tostring(L, -3));
	run->nsteps = (int)luaL_len(L, -1);
	lua_pop(L, 3);				/* host E def */
	run->def_ref = luaL_ref(L, LUA_REGISTRYINDEX);	/* host E */
	lua_getfield(L, host, "main");
	run->main_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_settop(L, 0);
	return 0;
}

struct lesson_run *
lesson_run_start(const struct lesson_run_config *cfg, char **cause)
{
	struct lesson_run *run = xcalloc(1, sizeof *run);
	struct lesson_info info;

	run->cfg = *cfg;
	bind_records_take_given(run);
	run->path = xstrdup(cfg->path);
	run->display_name = xstrdup(cfg->display_name != NULL ?
	    cfg->display_name : cfg->path);
	run->module_dir = xstrdup_opt(cfg->module_dir);
	run->gcode_dir = xstrdup_opt(cfg->gcode_dir);
	run->cfg.gcode_dir = NULL;
	run->module_id = xstrdup(cfg->module_id != NULL ? cfg->module_id :
	    "local");
	run->module_version = xstrdup(cfg->module_version != NULL ?
	    cfg->module_version : "0");
	run->module_hash = xstrdup_opt(cfg->module_hash);
	run->learner_id = xstrdup_opt(cfg->learner_id);
	run->station = xstrdup_opt(cfg->station);
	run->printer_profile = xstrdup_opt(cfg->printer_profile);
	run->lang = xstrdup(cfg->lang != NULL ? cfg->lang : "en");
	if (cfg->outcomes != NULL) {
		run->outcomes = strv_copy(cfg->outcomes, cfg->noutcomes);
		run->noutcomes = cfg->noutcomes;
	}
	run->cfg.outcomes = NULL;
	run->listener = -1;
	run->lastword = -1;
	run->co_ref = run->main_ref = run->def_ref = LUA_NOREF;
	run->started_ms = clock_ms();
	run->status = LESSON_RUNNING;
	run->phase = PHASE_READY;
	run->kick = loop_timer_add(cfg->loop, 0, run_kick_cb, run);
	run->timer = loop_timer_add(cfg->loop, 0, run_timeout_cb, run);
	run->vm = sandbox_new(cfg->memory_cap ? cfg->memory_cap :
	    LESSON_MEMORY_CAP, cfg->instruction_budget ?
	    cfg->instruction_budget : LESSON_INSTRUCTION_BUDGET,
	    VM_KILL_MESSAGE, run);
	run->vm->host_mode = true;
	run->vm->slice_ms = VM_SLICE_MS;

	/* The seed must be known before the file runs (H.seed). */
	if (bind_records_begin(run, cause) != 0 || run_load(run, cause) != 0) {
		run->phase = PHASE_DONE;
		lesson_run_free(run);
		return NULL;
	}
	if (run->first_step >= run->nsteps) {
		set_cause(cause, "%s: the stored step %d is past the lesson's "
		    "%d steps", run->display_name, run->first_step + 1,
		    run->nsteps);
		run->phase = PHASE_DONE;
		lesson_run_free(run);
		return NULL;
	}
	if (bind_records_start_attempt(run, cause) != 0) {
		run->phase = PHASE_DONE;
		lesson_run_free(run);
		return NULL;
	}
	run->lastword = lastword_add_hook(run_lastword, run);

	run->co = lua_newthread(run->vm->L);
	run->co_ref = luaL_ref(run->vm->L, LUA_REGISTRYINDEX);
	lua_rawgeti(run->co, LUA_REGISTRYINDEX, run->main_ref);
	lua_rawgeti(run->co, LUA_REGISTRYINDEX, run->def_ref);
	lua_pushinteger(run->co, run->first_step + 1);
	run->resume_nargs = 2;
	run->step = run->first_step;
	bind_printer_attach(run);

	memset(&info, 0, sizeof info);
	info.module_id = run->module_id;
	info.lesson_id = run->lesson_id;
	info.title = run->title;
	info.lang = run->lang;
	info.nsteps = run->nsteps;
	info.first_step = run->first_step;
	info.attempt_id = run->attempt_id;
	info.seed = run->seed;
	if (cfg->ops->begin != NULL)
		cfg->ops->begin(&info, cfg->ui_data);
	loop_timer_set(run->kick, clock_ms());
	return run;
}

void
lesson_run_free(struct lesson_run *run)
{
	if (run == NULL)
		return;
	if (run->phase != PHASE_DONE && run->co != NULL)
		run_end(run, LESSON_CANCELLED, "cancelled", NULL);
	bind_printer_free(run);
	bind_gcode_free(run);
	bind_records_free(run);
	for (struct run_cmd *c = run->cmds; c != NULL; c = c->next)
		c->run = NULL;	/* the host frees them when they finish */
	run_result_clear(&run->res);
	loop_timer_remove(run->kick);
	loop_timer_remove(run->timer);
	sandbox_free(run->vm);
	free(run->path);
	free(run->display_name);
	bind_i18n_free(run);
	free(run->module_dir);
	free(run->gcode_dir);
	free(run->module_id);
	free(run->module_version);
	free(run->module_hash);
	free(run->learner_id);
	free(run->station);
	free(run->printer_profile);
	free(run->lang);
	if (run->outcomes != NULL) {
		for (size_t i = 0; i < run->noutcomes; i++)
			free(run->outcomes[i]);
		free(run->outcomes);
	}
	free(run->title);
	free(run->lesson_id);
	free(run->sign_error);
	free(run->grant_trainer);
	free(run->cancel_reason);
	free(run->banner_what);
	free(run->sign_id);
	free(run->sign_outcome);
	free(run->sign_prompt);
	free(run->fault);
	for (size_t i = 0; i < run->nverdicts; i++)
		free(run->verdicts[i].outcome);
	free(run->verdicts);
	free(run->records_error);
	free(run);
}

enum lesson_status
lesson_run_status(const struct lesson_run *run)
{
	return run->status;
}

int64_t
lesson_run_attempt(const struct lesson_run *run)
{
	return run->attempt_id;
}

void
lesson_run_position(const struct lesson_run *run, int *step, uint64_t *seed)
{
	*step = run->step;
	*seed = run->seed;
}

void
lesson_run_cancel(struct lesson_run *run, const char *reason)
{
	if (run->phase == PHASE_DONE || run->cancel_requested)
		return;
	run->cancel_requested = true;
	free(run->cancel_reason);
	run->cancel_reason = xstrdup_opt(reason);
	if (run->phase != PHASE_RUNNING)
		loop_timer_set(run->kick, clock_ms());
}

/* }====== */

/* {====== H.wait */

int
run_fail_now(lua_State *L, const char *why, const char *fmt, ...)
{
	va_list ap;

	/* A printer that halted between two calls is a fault like one that
	 * halts during a wait, not a bug in the lesson. */
	if (strcmp(why, "fault") == 0)
		vm_owner(L)->ended_by_fault = true;
	lua_pushboolean(L, 0);
	lua_pushstring(L, why);
	va_start(ap, fmt);
	lua_pushvfstring(L, fmt, ap);
	va_end(ap);
	return 3;
}

static int
l_wait_dispatch(lua_State *L)
{
	struct lesson_run *run = vm_owner(L);
	const char *kind = luaL_checkstring(L, 1);
	int rc;

	if (L != run->co || run->phase != PHASE_RUNNING)
		return run_error(L, "%s: waiting calls belong inside a step",
		    kind);
	if (!lua_isyieldable(L))
		return run_error(L, "%s: cannot wait here (inside a "
		    "metamethod, a sort comparator or a gsub function)", kind);
	if (run->cancel_requested) {
		/* Park here; the loop ends the run (pcall cannot catch it). */
		run->wait = WAIT_PAUSE;
		return lua_yield(L, 0);
	}
	run_result_clear(&run->res);
	run->wait_seq++;
	run->granted = run->grant_next;
	run->grant_next = false;
	run->wait_started = clock_ms();
	run->wait_timeout = 0;
	if ((rc = bind_ui_wait(L, run, kind)) == -1 &&
	    (rc = bind_printer_wait(L, run, kind)) == -1 &&
	    (rc = bind_time_wait(L, run, kind)) == -1 &&
	    (rc = bind_gcode_wait(L, run, kind)) == -1)
		return run_error(L, "unknown wait '%s'", kind);
	if (rc > 0)
		return rc;	/* settled at once: values pushed */
	return lua_yield(L, 0);
}

/* }====== */
