/*
 * The records side of a run: the attempt (started, its step, how it ended)
 * and the results of checks, written through records.h as they happen, so
 * a crash or a cancel leaves everything recorded so far on disk.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "runner.h"

int
bind_records_begin(struct lesson_run *run, char **cause)
{
	struct rec_attempt a;

	if (run->cfg.resume_attempt <= 0) {
		run->seed = run->cfg.has_seed ? run->cfg.seed :
		    run_random_seed();
		run->first_step = run->cfg.start_step > 0 ?
		    run->cfg.start_step : 0;
		return 0;
	}
	if (run->cfg.resume_known) {
		run->attempt_id = run->cfg.resume_attempt;
		run->seed = run->cfg.resume_seed;
		run->first_step = run->cfg.resume_step;
		return 0;
	}
	if (rec_attempt_get(run->cfg.store, run->cfg.resume_attempt, &a,
	    cause) != 0)
		return -1;
	if ((run->cfg.lesson_id != NULL &&
	    strcmp(a.lesson_id, run->cfg.lesson_id) != 0) ||
	    strcmp(a.module_id, run->module_id) != 0) {
		set_cause(cause, "attempt %lld is at %s/%s, not this lesson",
		    (long long)a.id, a.module_id, a.lesson_id);
		rec_attempt_clear(&a);
		return -1;
	}
	if (a.status != REC_ATTEMPT_RUNNING) {
		set_cause(cause, "attempt %lld is %s, it cannot be resumed",
		    (long long)a.id, rec_attempt_status_name(a.status));
		rec_attempt_clear(&a);
		return -1;
	}
	run->attempt_id = a.id;
	run->seed = a.seed;
	run->first_step = a.step_index;
	rec_attempt_clear(&a);
	return 0;
}

int
bind_records_start_attempt(struct lesson_run *run, char **cause)
{
	struct rec_attempt_start s;
	struct host_status st;
	char *firmware = NULL;
	int rc;

	if (run->attempt_id > 0)
		return 0;
	memset(&s, 0, sizeof s);
	s.learner_id = run->learner_id;
	s.module_id = run->module_id;
	s.module_version = run->module_version;
	s.module_hash = run->module_hash;
	s.lesson_id = run->lesson_id;
	s.station = run->station;
	s.printer_profile = run->printer_profile;
	s.lang = run->lang;
	s.seed = run->seed;
	if (run->cfg.host != NULL) {
		host_status(run->cfg.host, &st);
		if (*st.firmware_name != '\0') {
			firmware = xasprintf("%s%s%s", st.firmware_name,
			    *st.firmware_version != '\0' ? " " : "",
			    st.firmware_version);
			s.firmware = firmware;
		}
	}
	rc = rec_attempt_start(run->cfg.store, &s, &run->attempt_id, cause);
	free(firmware);
	return rc;
}

int
bind_records_step(struct lesson_run *run, const char *step_id,
    char **cause)
{
	/* What a lesson names is kept as valid UTF-8 without control
	 * bytes, so no export or screen has to choose what to do with it. */
	char *clean = step_id != NULL ? text_clean(step_id, false) : NULL;
	int rc = rec_attempt_step(run->cfg.store, run->attempt_id, run->step,
	    clean, cause);

	free(clean);
	return rc;
}

/* The latest verdict per outcome in this run decides failed vs completed. */
static void
bind_records_note_result(struct lesson_run *run, const char *outcome,
    bool passed)
{
	size_t i;

	for (i = 0; i < run->nverdicts; i++) {
		if (strcmp(run->verdicts[i].outcome, outcome) == 0)
			break;
	}
	if (i == run->nverdicts) {
		run->verdicts = xrealloc(run->verdicts, (i + 1) *
		    sizeof *run->verdicts);
		run->verdicts[i].outcome = xstrdup(outcome);
		run->nverdicts++;
	}
	run->verdicts[i].passed = passed;
}

bool
bind_records_all_passed(const struct lesson_run *run)
{
	for (size_t i = 0; i < run->nverdicts; i++) {
		if (!run->verdicts[i].passed)
			return false;
	}
	return true;
}

void
bind_records_finish(struct lesson_run *run)
{
	enum rec_attempt_status st;
	char *cause = NULL;

	switch (run->status) {
	case LESSON_COMPLETED:
		st = bind_records_all_passed(run) ? REC_ATTEMPT_COMPLETED :
		    REC_ATTEMPT_FAILED;
		break;
	case LESSON_ERROR:
	case LESSON_FAULT:
		st = REC_ATTEMPT_ERROR;
		break;
	default:
		return;	/* cancelled: stays open at its step */
	}
	if (rec_attempt_finish(run->cfg.store, run->attempt_id, st,
	    &cause) != 0) {
		log_debug("lesson: cannot finish attempt %lld: %s",
		    (long long)run->attempt_id, cause);
		free(run->records_error);
		run->records_error = cause;
	}
}

/* The fields a lesson sees of an observation, copied. */
static void
seen_add(struct lesson_run *run, const struct rec_result *r)
{
	struct rec_result *c;

	run->seen = xrealloc(run->seen, (run->nseen + 1) * sizeof *run->seen);
	c = &run->seen[run->nseen++];
	memset(c, 0, sizeof *c);
	c->id = r->id;
	c->attempt_id = r->attempt_id;
	c->outcome_id = xstrdup_opt(r->outcome_id);
	c->method = r->method;
	c->passed = r->passed;
	c->trainer_id = xstrdup_opt(r->trainer_id);
	c->time = r->time;
	c->module_id = xstrdup_opt(r->module_id);
	c->lesson_id = xstrdup_opt(r->lesson_id);
}

/* H.check(outcome, by, passed, score, max, evidence_json, trainer, pass) */
static int
l_check(lua_State *L)
{
	struct lesson_run *run = vm_owner(L);
	struct rec_result_new r;
	struct lesson_check c;
	char *cause = NULL, *evidence;
	int64_t id;

	memset(&r, 0, sizeof r);
	r.attempt_id = run->attempt_id;
	r.outcome_id = luaL_checkstring(L, 1);
	if (rec_method_parse(luaL_checkstring(L, 2), &r.method) != 0)
		return run_error(L, "check: unknown method");
	r.passed = lua_toboolean(L, 3);
	if (lua_isnumber(L, 4)) {
		r.has_score = true;
		r.score = lua_tonumber(L, 4);
		r.score_max = luaL_optnumber(L, 5, 1);
	}
	/* The evidence is JSON the prelude wrote (controls escaped), with
	 * the lesson's bytes inside: made valid UTF-8 here, or JSON readers
	 * and exports would drop the whole result. */
	evidence = lua_isstring(L, 6) ? text_clean(lua_tostring(L, 6), true) :
	    NULL;
	r.evidence = evidence;
	r.trainer_id = luaL_optstring(L, 7, NULL);
	if (rec_result_add(run->cfg.store, &r, &id, &cause) != 0) {
		free(evidence);
		lua_pushfstring(L, "check: cannot record the result: %s",
		    cause);
		free(cause);
		return lua_error(L);
	}
	/* An occasion seen is evidence for a later sign-off, not a verdict
	 * of this attempt: an occasion not seen does not fail the lesson. */
	if (r.method != REC_METHOD_OBSERVATION)
		bind_records_note_result(run, r.outcome_id, r.passed);
	else if (run->cfg.observations_given) {
		struct rec_result mine;

		memset(&mine, 0, sizeof mine);
		mine.id = id;
		mine.attempt_id = run->attempt_id;
		mine.outcome_id = (char *)r.outcome_id;
		mine.method = r.method;
		mine.passed = r.passed;
		mine.trainer_id = (char *)r.trainer_id;
		mine.time = (int64_t)time(NULL);
		mine.module_id = run->module_id;
		mine.lesson_id = run->lesson_id;
		seen_add(run, &mine);
	}
	memset(&c, 0, sizeof c);
	c.outcome = r.outcome_id;
	c.method = r.method;
	c.passed = r.passed;
	c.has_score = r.has_score;
	c.score = r.score;
	c.max = r.score_max;
	c.pass_mark = luaL_optnumber(L, 8, -1);
	c.trainer_id = r.trainer_id;
	c.evidence = r.evidence;
	if (run->cfg.ops->checked != NULL)
		run->cfg.ops->checked(&c, run->cfg.ui_data);
	free(evidence);
	return 0;
}

void
bind_records_take_given(struct lesson_run *run)
{
	const struct lesson_run_config *cfg = &run->cfg;

	if (cfg->observations_given) {
		for (size_t i = 0; i < cfg->nobservations; i++)
			seen_add(run, &cfg->observations[i]);
		run->seen_error = xstrdup_opt(cfg->observations_error);
	}
	if (cfg->own_print_given && cfg->own_print != NULL) {
		rec_own_print_copy(&run->own, &cfg->own_print->print,
		    cfg->own_print->time, cfg->own_print->result_id);
		run->own_known = true;
	}
	if (cfg->own_print_given)
		run->own_error = xstrdup_opt(cfg->own_print_error);
	run->cfg.observations = NULL;
	run->cfg.nobservations = 0;
	run->cfg.observations_error = NULL;
	run->cfg.own_print = NULL;
	run->cfg.own_print_error = NULL;
}

void
lesson_run_own_print(struct lesson_run *run, const struct rec_own_print *p,
    int64_t time)
{
	rec_own_print_copy(&run->own, p, time, 0);
	run->own_known = true;
}

void
bind_records_free(struct lesson_run *run)
{
	rec_result_free_array(run->seen, run->nseen);
	run->seen = NULL;
	run->nseen = 0;
	free(run->seen_error);
	run->seen_error = NULL;
	rec_own_print_clear(&run->own);
	run->own_known = false;
	free(run->own_error);
	run->own_error = NULL;
}

/*
 * H.observations(outcome) -> { { seen, trainer, time, date, module, lesson,
 * attempt, result }, ... }: the learner's observations of an outcome, oldest
 * first: as given to the run (read before it, off the loop) with those it
 * recorded since, or read now. The date is the station's local calendar
 * day, as a trainer and a trainee remember an occasion.
 */
static int
l_observations(lua_State *L)
{
	struct lesson_run *run = vm_owner(L);
	const char *outcome = luaL_checkstring(L, 1);
	struct rec_result *r = NULL, *read = NULL;
	char *cause = NULL, date[16];
	size_t n = 0, nread = 0, at = 0;

	if (run->cfg.observations_given) {
		if (run->seen_error != NULL) {
			lua_pushfstring(L, "observations: %s",
			    run->seen_error);
			return lua_error(L);
		}
		r = run->seen;
		n = run->nseen;
	} else if (run->cfg.store == NULL || run->learner_id == NULL) {
		lua_newtable(L);
		return 1;
	} else if (rec_observation_list(run->cfg.store, run->learner_id,
	    outcome, &read, &nread, &cause) != 0) {
		lua_pushfstring(L, "observations: %s", cause);
		free(cause);
		return lua_error(L);
	} else {
		r = read;
		n = nread;
	}
	lua_createtable(L, (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		time_t when = (time_t)r[i].time;
		struct tm tm;

		if (r[i].outcome_id == NULL ||
		    strcmp(r[i].outcome_id, outcome) != 0)
			continue;
		lua_createtable(L, 0, 8);
		lua_pushboolean(L, r[i].passed);
		lua_setfield(L, -2, "seen");
		run_set_string(L, "trainer", r[i].trainer_id);
		run_set_integer(L, "time", r[i].time);
		if (localtime_r(&when, &tm) != NULL &&
		    strftime(date, sizeof date, "%Y-%m-%d", &tm) > 0)
			run_set_string(L, "date", date);
		run_set_string(L, "module", r[i].module_id);
		run_set_string(L, "lesson", r[i].lesson_id);
		run_set_integer(L, "attempt", r[i].attempt_id);
		run_set_integer(L, "result", r[i].id);
		lua_rawseti(L, -2, (lua_Integer)++at);
	}
	rec_result_free_array(read, nread);
	return 1;
}

void
bind_records_register(lua_State *L)
{
	lua_pushcfunction(L, l_check);
	lua_setfield(L, -2, "check");
	lua_pushcfunction(L, l_observations);
	lua_setfield(L, -2, "observations");
}
