/*
 * The front-end side of the lesson API: content blocks, steps, questions,
 * confirmations, pauses and trainer sign-offs, turned from the prelude's
 * plain tables into the structs of lesson.h and handed to the ops. Answers
 * come back through lesson_run_answer and friends.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

/* Reads t[k] as a list of strings into a temporary array (anchored by t). */
static const char **
ui_string_list(lua_State *L, int t, const char *k, size_t *n)
{
	const char **v;
	size_t len;

	*n = 0;
	lua_getfield(L, t, k);
	if (!lua_istable(L, -1)) {
		lua_pop(L, 1);
		return NULL;
	}
	len = (size_t)luaL_len(L, -1);
	v = xcalloc(len + 1, sizeof *v);
	for (size_t i = 0; i < len; i++) {
		lua_rawgeti(L, -1, (lua_Integer)i + 1);
		v[i] = lua_isstring(L, -1) ? lua_tostring(L, -1) : "";
		lua_pop(L, 1);	/* the string stays in the table */
	}
	lua_pop(L, 1);
	*n = len;
	return v;
}

static int
l_show(lua_State *L)
{
	static const struct {
		const char *name;
		enum lesson_block_kind kind;
	} kinds[] = {
		{ "heading", LESSON_BLOCK_HEADING },
		{ "subheading", LESSON_BLOCK_SUBHEADING },
		{ "paragraph", LESSON_BLOCK_PARAGRAPH },
		{ "list", LESSON_BLOCK_LIST },
		{ "code", LESSON_BLOCK_CODE },
		{ "table", LESSON_BLOCK_TABLE },
		{ "figure", LESSON_BLOCK_FIGURE },
		{ "note", LESSON_BLOCK_NOTE },
		{ "warning", LESSON_BLOCK_WARNING },
	};
	struct lesson_run *run = vm_owner(L);
	const char *name = luaL_checkstring(L, 1);
	const char **items = NULL, **header = NULL, **cells = NULL;
	struct lesson_block b;
	size_t i, n;

	luaL_checktype(L, 2, LUA_TTABLE);
	memset(&b, 0, sizeof b);
	for (i = 0; i < LL_ARRAY_LEN(kinds); i++) {
		if (strcmp(kinds[i].name, name) == 0)
			break;
	}
	if (i == LL_ARRAY_LEN(kinds))
		return run_error(L, "unknown block '%s'", name);
	b.kind = kinds[i].kind;
	b.text = run_field_string(L, 2, "text");
	b.caption = run_field_string(L, 2, "caption");
	b.lang = run_field_string(L, 2, "lang");
	lua_getfield(L, 2, "ordered");
	b.ordered = lua_toboolean(L, -1);
	lua_pop(L, 1);
	if (b.kind == LESSON_BLOCK_LIST) {
		items = ui_string_list(L, 2, "items", &b.nitems);
		b.items = items;
	}
	if (b.kind == LESSON_BLOCK_TABLE) {
		lua_getfield(L, 2, "ncols");
		b.ncols = (size_t)lua_tointeger(L, -1);
		lua_pop(L, 1);
		header = ui_string_list(L, 2, "header", &n);
		b.header = header;
		lua_getfield(L, 2, "rows");		/* rows */
		b.nrows = (size_t)luaL_len(L, -1);
		cells = xcalloc(b.nrows * b.ncols + 1, sizeof *cells);
		for (size_t r = 0; r < b.nrows; r++) {
			lua_rawgeti(L, -1, (lua_Integer)r + 1);	/* rows row */
			for (size_t c = 0; c < b.ncols; c++) {
				lua_rawgeti(L, -1, (lua_Integer)c + 1);
				cells[r * b.ncols + c] = lua_isstring(L, -1) ?
				    lua_tostring(L, -1) : "";
				lua_pop(L, 1);
			}
			lua_pop(L, 1);			/* rows */
		}
		lua_pop(L, 1);
		b.cells = cells;
	}
	if (run->cfg.ops->show != NULL)
		run->cfg.ops->show(&b, run->cfg.ui_data);
	free(items);
	free(header);
	free(cells);
	return 0;
}

static int
l_step(lua_State *L)
{
	struct lesson_run *run = vm_owner(L);
	int index = (int)luaL_checkinteger(L, 1);
	int count = (int)luaL_checkinteger(L, 2);
	const char *title = luaL_checkstring(L, 3);
	const char *id = luaL_optstring(L, 4, NULL);
	char *cause = NULL;

	run->step = index;
	if (bind_records_step(run, id, &cause) != 0) {
		/* The lesson must not go on unrecorded. */
		lua_pushfstring(L, "cannot record the step: %s", cause);
		free(cause);
		return lua_error(L);
	}
	if (run->cfg.ops->step != NULL)
		run->cfg.ops->step(index, count, title, run->cfg.ui_data);
	return 0;
}

static int
l_feedback(lua_State *L)
{
	struct lesson_run *run = vm_owner(L);
	struct lesson_feedback fb;

	fb.id = luaL_checkstring(L, 1);
	fb.correct = lua_toboolean(L, 2);
	fb.final = lua_toboolean(L, 3);
	fb.text = lua_isstring(L, 4) ? lua_tostring(L, 4) : NULL;
	fb.explain = lua_isstring(L, 5) ? lua_tostring(L, 5) : NULL;
	if (run->cfg.ops->feedback != NULL)
		run->cfg.ops->feedback(&fb, run->cfg.ui_data);
	return 0;
}

static int
l_expect_stop(lua_State *L)
{
	struct lesson_run *run = vm_owner(L);
	const char *id = luaL_checkstring(L, 1);

	if (run->cfg.ops->expect_stop != NULL)
		run->cfg.ops->expect_stop(run, id, run->cfg.ui_data);
	return 0;
}

void
bind_ui_register(lua_State *L)
{
	static const luaL_Reg fns[] = {
		{ "show", l_show },
		{ "expect_stop", l_expect_stop },
		{ "step", l_step },
		{ "feedback", l_feedback },
		{ "layer_text", bind_gcode_layer_text },
		{ "own_print", bind_gcode_own_print },
		{ "station_files", bind_gcode_station_files },
		{ NULL, NULL },
	};

	luaL_setfuncs(L, fns, 0);
}

static int
ui_wait_ask(lua_State *L, struct lesson_run *run)
{
	static const char *const kinds[] = {
		"single", "multi", "truefalse", "numeric", "order", NULL,
	};
	struct lesson_question q;
	const char **choices;
	int *origin = NULL;
	size_t n;

	luaL_checktype(L, 2, LUA_TTABLE);
	memset(&q, 0, sizeof q);
	q.id = run_field_string(L, 2, "id");
	q.text = run_field_string(L, 2, "text");
	q.unit = run_field_string(L, 2, "unit");
	lua_getfield(L, 2, "kind");
	q.kind = (enum lesson_question_kind)luaL_checkoption(L, -1, NULL,
	    kinds);
	lua_pop(L, 1);
	choices = ui_string_list(L, 2, "choices", &n);
	q.choices = choices;
	q.nchoices = n;
	if (n > 0) {
		origin = xcalloc(n, sizeof *origin);
		lua_getfield(L, 2, "origin");
		for (size_t i = 0; i < n; i++) {
			lua_rawgeti(L, -1, (lua_Integer)i + 1);
			origin[i] = (int)lua_tointeger(L, -1);
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
	q.origin = origin;
	lua_getfield(L, 2, "try");
	q.try_no = (int)lua_tointeger(L, -1);
	lua_getfield(L, 2, "tries");
	q.tries = (int)lua_tointeger(L, -1);
	lua_getfield(L, 2, "quiz_index");
	q.quiz_index = (int)lua_tointeger(L, -1);
	lua_getfield(L, 2, "quiz_count");
	q.quiz_count = (int)lua_tointeger(L, -1);
	lua_pop(L, 4);

	run->wait = WAIT_ASK;
	run->q_kind = q.kind;
	run->q_nchoices = n;
	if (run->cfg.ops->ask == NULL) {
		free(choices);
		free(origin);
		return run_fail_now(L, "error", "this front end cannot ask "
		    "questions");
	}
	run->cfg.ops->ask(run, &q, run->cfg.ui_data);
	free(choices);
	free(origin);
	return 0;
}

static void
ui_prompt_signoff(struct lesson_run *run)
{
	struct lesson_signoff s;

	s.id = run->sign_id;
	s.outcome = run->sign_outcome;
	s.prompt = run->sign_prompt;
	s.error = run->sign_error;
	s.try_no = run->sign_try;
	s.observation = run->sign_observation;
	run->cfg.ops->signoff(run, &s, run->cfg.ui_data);
}

int
bind_ui_wait(lua_State *L, struct lesson_run *run, const char *kind)
{
	if (strcmp(kind, "ask") == 0)
		return ui_wait_ask(L, run);
	if (strcmp(kind, "confirm") == 0) {
		luaL_checktype(L, 2, LUA_TTABLE);
		run->wait = WAIT_CONFIRM;
		if (run->cfg.ops->confirm == NULL)
			return run_fail_now(L, "error", "this front end cannot "
			    "ask for a confirmation");
		run->cfg.ops->confirm(run, run_field_string(L, 2, "id"),
		    run_field_string(L, 2, "text"), run->cfg.ui_data);
		return 0;
	}
	if (strcmp(kind, "pause") == 0) {
		run->wait = WAIT_PAUSE;
		if (run->cfg.ops->pause == NULL) {
			run->wait = WAIT_NONE;
			lua_pushboolean(L, 1);
			return 1;
		}
		run->cfg.ops->pause(run, lua_isstring(L, 2) ?
		    lua_tostring(L, 2) : NULL, run->cfg.ui_data);
		return 0;
	}
	if (strcmp(kind, "signoff") == 0) {
		luaL_checktype(L, 2, LUA_TTABLE);
		if (run->cfg.ops->signoff == NULL)
			return run_fail_now(L, "error", "this front end cannot "
			    "take a trainer's sign-off");
		free(run->sign_id);
		free(run->sign_outcome);
		free(run->sign_prompt);
		free(run->sign_error);
		run->sign_id = xstrdup(run_field_string(L, 2, "id"));
		run->sign_outcome = xstrdup(run_field_string(L, 2, "outcome"));
		run->sign_prompt = xstrdup(run_field_string(L, 2, "prompt"));
		run->sign_error = NULL;
		run->sign_try = 1;
		run->sign_reprompt = false;
		lua_getfield(L, 2, "observation");
		run->sign_observation = lua_toboolean(L, -1);
		lua_pop(L, 1);
		run->wait = WAIT_SIGNOFF;
		ui_prompt_signoff(run);
		return 0;
	}
	return -1;
}

void
bind_ui_kick(struct lesson_run *run)
{
	if (run->wait == WAIT_SIGNOFF && run->sign_reprompt) {
		run->sign_reprompt = false;
		ui_prompt_signoff(run);
	}
}

/* {====== answers from the front end */

static bool
ui_waiting(struct lesson_run *run, enum run_wait wait)
{
	return run->phase != PHASE_DONE && run->wait == wait &&
	    !run->res.ready && !run->cancel_requested;
}

int
lesson_run_answer(struct lesson_run *run, const struct lesson_answer *a)
{
	size_t n = run->q_nchoices;
	bool seen[64];

	if (!ui_waiting(run, WAIT_ASK))
		return -1;
	switch (run->q_kind) {
	case LESSON_Q_NUMERIC:
		if (!isfinite(a->number))
			return -1;
		break;
	case LESSON_Q_SINGLE:
	case LESSON_Q_TRUEFALSE:
		if (a->npicks != 1)
			return -1;
		break;
	case LESSON_Q_ORDER:
		if (a->npicks != n)
			return -1;
		break;
	case LESSON_Q_MULTI:
		if (a->npicks > n)
			return -1;
		break;
	}
	if (run->q_kind != LESSON_Q_NUMERIC) {
		if (n > LL_ARRAY_LEN(seen))
			return -1;
		memset(seen, 0, sizeof seen);
		for (size_t i = 0; i < a->npicks; i++) {
			if (a->picks[i] < 0 || (size_t)a->picks[i] >= n ||
			    seen[a->picks[i]])
				return -1;
			seen[a->picks[i]] = true;
		}
	}
	run_result_clear(&run->res);
	run->res.ok = true;
	run->res.push = PUSH_ANSWER;
	run->res.number = a->number;
	if (a->npicks > 0) {
		run->res.picks = xcalloc(a->npicks, sizeof *run->res.picks);
		memcpy(run->res.picks, a->picks, a->npicks * sizeof *a->picks);
	}
	run->res.npicks = a->npicks;
	run_ready(run);
	return 0;
}

int
lesson_run_confirm(struct lesson_run *run, bool yes)
{
	if (!ui_waiting(run, WAIT_CONFIRM))
		return -1;
	run_result_clear(&run->res);
	run->res.ok = true;
	run->res.push = PUSH_BOOL;
	run->res.yes = yes;
	run_ready(run);
	return 0;
}

int
lesson_run_continue(struct lesson_run *run)
{
	if (!ui_waiting(run, WAIT_PAUSE))
		return -1;
	run_result_clear(&run->res);
	run->res.ok = true;
	run->res.push = PUSH_NOTHING;
	run_ready(run);
	return 0;
}

struct signoff_answer {
	struct lesson_run *run;
	char *trainer_id;
	bool passed;
};

static void
signoff_checked(int rc, int locked, const char *cause, void *data)
{
	struct signoff_answer *sa = data;
	struct lesson_run *run = sa->run;

	char *not_allowed = NULL;

	(void)locked;
	run->pin_check = NULL;
	run->pin_check_answer = NULL;
	/* A right PIN of a trainer the installation does not let sign off
	 * here (signoff_requires) is refused like a wrong one, saying why. */
	if (rc == 0 && rec_signoff_allowed(run->cfg.store, sa->trainer_id,
	    run->attempt_id, run->sign_outcome, &not_allowed) != 0) {
		rc = -1;
		cause = not_allowed != NULL ? not_allowed : "refused";
	}
	if (rc != 0) {
		/* Asked again from the loop: never from inside the caller. */
		free(run->sign_error);
		run->sign_error = xstrdup(cause != NULL ? cause : "refused");
		run->sign_try++;
		run->sign_reprompt = true;
		loop_timer_set(run->kick, clock_ms());
	} else {
		run_result_clear(&run->res);
		run->res.ok = true;
		run->res.push = PUSH_SIGNOFF;
		run->res.trainer = sa->trainer_id;
		sa->trainer_id = NULL;
		run->res.yes = sa->passed;
		/* A yes covers the lesson's next wait only: the command it
		 * asked the trainer about (printer.trainer_send,
		 * guard_exception). Having seen the trainee at work grants
		 * nothing. */
		run->grant_next = sa->passed && !run->sign_observation;
		free(run->grant_trainer);
		run->grant_trainer = sa->passed ? xstrdup(run->res.trainer) :
		    NULL;
		run_ready(run);
	}
	free(not_allowed);
	free(sa->trainer_id);
	free(sa);
}

/* The run ends while a PIN is hashed: its answer goes to nobody. */
void
bind_ui_forget_pin_check(struct lesson_run *run)
{
	struct signoff_answer *sa = run->pin_check_answer;

	if (run->pin_check == NULL)
		return;
	lesson_pin_check_cancel(run->pin_check);
	run->pin_check = NULL;
	run->pin_check_answer = NULL;
	free(sa->trainer_id);
	free(sa);
}

int
lesson_run_signoff(struct lesson_run *run, const char *trainer_id,
    const char *pin, bool passed)
{
	struct signoff_answer *sa;

	if (!ui_waiting(run, WAIT_SIGNOFF) || run->sign_reprompt ||
	    run->pin_check != NULL)
		return -1;
	sa = xcalloc(1, sizeof *sa);
	sa->run = run;
	sa->trainer_id = xstrdup(trainer_id);
	sa->passed = passed;
	run->pin_check = lesson_pin_check_start(run->cfg.loop,
	    run->cfg.store, run->cfg.records_copy,
	    run->cfg.records_copy_max_age, trainer_id, pin, signoff_checked,
	    sa);
	run->pin_check_answer = sa;
	return 0;
}

/* }====== */
