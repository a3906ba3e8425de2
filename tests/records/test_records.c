/*
 * The records store through its interface, plus direct SQLite access where a
 * test must damage the file the way an outside program would.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core.h"
#include "rec-int.h"
#include "records.h"
#include "test.h"

static char tmpdir[] = "/tmp/ll-records.XXXXXX";

static char *
db_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static int64_t fake_now = 1800000000;

static int64_t
fake_clock(void *arg)
{
	(void)arg;
	return fake_now;
}

static void
raw_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	char *err = NULL;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		fatal("cannot open %s", path);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fatal("%s: %s", sql, err);
	sqlite3_close(db);
}

/* Runs SQL directly; the SQLite result code (a refused write is no error). */
static int
raw_try(const char *path, const char *sql)
{
	sqlite3 *db;
	int rc;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		fatal("cannot open %s", path);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

static int64_t
start_attempt(struct rec_store *s, const char *learner, const char *lesson)
{
	struct rec_attempt_start a = {
		.learner_id = learner,
		.module_id = "m1-safety",
		.module_version = "1.0",
		.module_hash = "ab12",
		.lesson_id = lesson,
		.station = "bench-3",
		.printer_profile = "prusa-mk4",
		.firmware = "Prusa-Firmware 6.1.3",
		.lang = "sl",
		.seed = 42,
	};
	int64_t id = 0;
	char *cause = NULL;

	if (rec_attempt_start(s, &a, &id, &cause) != 0)
		fatal("attempt: %s", cause);
	return id;
}

static int64_t
add_result(struct rec_store *s, int64_t attempt, const char *outcome,
    enum rec_method method, bool passed, const char *trainer)
{
	struct rec_result_new r = {
		.attempt_id = attempt,
		.outcome_id = outcome,
		.method = method,
		.passed = passed,
		.has_score = true,
		.score = passed ? 4 : 1,
		.score_max = 5,
		.evidence = "{\"answers\":[1,3,2],\"note\":\"Šć\"}",
		.trainer_id = trainer,
	};
	int64_t id = 0;
	char *cause = NULL;

	if (rec_result_add(s, &r, &id, &cause) != 0)
		fatal("result: %s", cause);
	return id;
}

static void
test_people(void)
{
	char *path = db_path("people.db"), *cause = NULL;
	struct rec_store *s = rec_open(path, &cause);
	struct rec_learner *l, one;
	struct rec_group *g;
	size_t n;

	CHECK(s != NULL);
	CHECK_INT(rec_opened_version(s), 0);
	CHECK_INT(rec_group_add(s, "3a", "3.A mehatronika", &cause), 0);
	CHECK_INT(rec_group_add(s, "3a", NULL, &cause), -1);
	CHECK_STR(cause, "group '3a' already exists");
	CHECK_INT(rec_learner_add(s, "ana", "Ana Novak", "3a", "77120", &cause), 0);
	CHECK_INT(rec_learner_add(s, "dj", "Đorđe Šćepanović", "3a", NULL,
	    &cause), 0);
	CHECK_INT(rec_learner_add(s, "zoe", "Zoe", NULL, NULL, &cause), 0);
	CHECK_INT(rec_learner_add(s, "ana", "Again", NULL, NULL, &cause), -1);
	CHECK_STR(cause, "learner 'ana' already exists");
	CHECK_INT(rec_learner_add(s, "x", "X", "nogroup", NULL, &cause), -1);
	CHECK_STR(cause, "no group 'nogroup'");
	CHECK_INT(rec_learner_add(s, "has space", "X", NULL, NULL, &cause), -1);
	CHECK_INT(rec_learner_add(s, "y", "bad\x01name", NULL, NULL, &cause), -1);
	CHECK_INT(rec_learner_add(s, "y", "bad \xc3", NULL, NULL, &cause), -1);

	CHECK_INT(rec_learner_list(s, "3a", &l, &n, &cause), 0);
	CHECK_INT(n, 2);
	CHECK_STR(l[0].id, "ana");
	CHECK_STR(l[0].school_id, "77120");
	CHECK_STR(l[1].name, "Đorđe Šćepanović");
	rec_learner_free_array(l, n);
	CHECK_INT(rec_learner_list(s, NULL, &l, &n, &cause), 0);
	CHECK_INT(n, 3);
	rec_learner_free_array(l, n);

	CHECK_INT(rec_learner_rename(s, "ana", "Ana Novak Kos", &cause), 0);
	CHECK_INT(rec_learner_get(s, "ana", &one, &cause), 0);
	CHECK_STR(one.name, "Ana Novak Kos");
	rec_learner_clear(&one);
	CHECK_INT(rec_learner_rename(s, "nobody", "N", &cause), -1);
	CHECK_STR(cause, "no learner 'nobody'");
	CHECK_INT(rec_learner_set_group(s, "zoe", "3a", &cause), 0);
	CHECK_INT(rec_group_list(s, &g, &n, &cause), 0);
	CHECK_INT(n, 1);
	CHECK_STR(g[0].name, "3.A mehatronika");
	rec_group_free_array(g, n);

	struct rec_verify_report rep;
	CHECK_INT(rec_verify(s, &rep, &cause), 0);
	CHECK(rep.chain_ok && rep.rows_ok && rep.integrity_ok);
	CHECK_INT(rep.rows, 4);		/* 1 group, 3 learners */
	CHECK(rep.entries >= 7);
	rec_verify_report_clear(&rep);
	rec_close(s);
	free(cause);
	free(path);
}

static void
test_pin_lockout(void)
{
	char *path = db_path("pins.db"), *cause = NULL;
	struct rec_store *s = rec_open(path, &cause);
	struct rec_trainer t;
	int left;

	rec_set_clock(s, fake_clock, NULL);
	CHECK_INT(rec_trainer_add(s, "mk", "Marija Kovač", "12", &cause), -1);
	CHECK_STR(cause, "a PIN needs at least 6 digits (or use a passphrase of 10 or more characters)");
	CHECK_INT(rec_trainer_add(s, "mk", "Marija Kovač", "4821", &cause), -1);
	CHECK_INT(rec_trainer_add(s, "mk", "Marija Kovač", "12a4", &cause), -1);
	CHECK_INT(rec_trainer_add(s, "mk", "Marija Kovač", "482193", &cause), 0);
	CHECK_INT(rec_trainer_check_pin(s, "mk", "482193", &left, &cause), 0);
	CHECK_INT(rec_trainer_check_pin(s, "mk", "000000", &left, &cause), -1);
	CHECK_STR(cause, "wrong PIN (4 tries left)");
	for (int i = 0; i < 3; i++)
		CHECK_INT(rec_trainer_check_pin(s, "mk", "111111", &left, &cause), -1);
	CHECK_STR(cause, "wrong PIN (1 try left)");
	CHECK_INT(rec_trainer_check_pin(s, "mk", "222222", &left, &cause), -1);
	CHECK_INT(left, 60);
	CHECK(strstr(cause, "locked for 60 seconds") != NULL);

	/* Even the right PIN is refused while locked, by another process too. */
	fake_now += 18;
	CHECK_INT(rec_trainer_check_pin(s, "mk", "482193", &left, &cause), -1);
	CHECK_INT(left, 42);
	CHECK(strstr(cause, "locked, 42 seconds left") != NULL);
	rec_close(s);
	s = rec_open(path, &cause);
	rec_set_clock(s, fake_clock, NULL);
	CHECK_INT(rec_trainer_check_pin(s, "mk", "482193", &left, &cause), -1);
	CHECK_INT(rec_trainer_get(s, "mk", &t, &cause), 0);
	CHECK_INT(t.locked_until, fake_now + 42);
	rec_trainer_clear(&t);

	fake_now += 42;
	CHECK_INT(rec_trainer_check_pin(s, "mk", "482193", &left, &cause), 0);
	CHECK_INT(left, 0);
	/* After the lock, the count starts again from 5. */
	CHECK_INT(rec_trainer_check_pin(s, "mk", "9", &left, &cause), -1);
	CHECK_STR(cause, "wrong PIN (4 tries left)");
	CHECK_INT(rec_trainer_check_pin(s, "mk", "482193", &left, &cause), 0);
	CHECK_INT(rec_trainer_get(s, "mk", &t, &cause), 0);
	CHECK_INT(t.failures, 0);
	rec_trainer_clear(&t);

	CHECK_INT(rec_trainer_set_pin(s, "mk", "987654", &cause), 0);
	CHECK_INT(rec_trainer_check_pin(s, "mk", "482193", &left, &cause), -1);
	CHECK_INT(rec_trainer_check_pin(s, "mk", "987654", &left, &cause), 0);
	CHECK_INT(rec_trainer_check_pin(s, "nobody", "123456", &left, &cause), -1);
	CHECK_STR(cause, "no trainer 'nobody'");

	/* The stored hash is Argon2id, never the PIN. */
	struct rec_verify_report rep;
	CHECK_INT(rec_verify(s, &rep, &cause), 0);
	rec_verify_report_clear(&rep);
	rec_close(s);

	sqlite3 *db;
	sqlite3_stmt *st;
	sqlite3_open(path, &db);
	sqlite3_prepare_v2(db, "SELECT pin_hash FROM trainers", -1, &st, NULL);
	CHECK_INT(sqlite3_step(st), SQLITE_ROW);
	CHECK(str_starts_with((const char *)sqlite3_column_text(st, 0),
	    "$argon2id$"));
	CHECK(strstr((const char *)sqlite3_column_text(st, 0), "987654") == NULL);
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(cause);
	free(path);
}

static void
test_attempts_results(void)
{
	char *path = db_path("results.db"), *cause = NULL;
	struct rec_store *s = rec_open(path, &cause);
	struct rec_attempt att, *atts;
	struct rec_result *res;
	struct rec_achievement *ach;
	struct rec_credential cred, *creds;
	struct rec_filter f = { 0 };
	bool found;
	size_t n;
	int64_t a1, a2, r, cid;

	rec_set_clock(s, fake_clock, NULL);
	CHECK_INT(rec_group_add(s, "g", NULL, &cause), 0);
	CHECK_INT(rec_learner_add(s, "ana", "Ana", "g", NULL, &cause), 0);
	CHECK_INT(rec_learner_add(s, "bo", "Bo", NULL, NULL, &cause), 0);
	CHECK_INT(rec_trainer_add(s, "mk", "Marija", "482193", &cause), 0);

	a1 = start_attempt(s, "ana", "l1-levelling");
	CHECK_INT(rec_attempt_step(s, a1, 3, "probe", &cause), 0);
	CHECK_INT(rec_attempt_find_resumable(s, "ana", "l1-levelling", &att,
	    &found, &cause), 0);
	CHECK(found);
	CHECK_INT(att.id, a1);
	CHECK_INT(att.step_index, 3);
	CHECK_STR(att.step_id, "probe");
	CHECK_STR(att.station, "bench-3");
	CHECK_STR(att.firmware, "Prusa-Firmware 6.1.3");
	CHECK_INT(att.seed, 42);
	CHECK_INT(att.status, REC_ATTEMPT_RUNNING);
	rec_attempt_clear(&att);

	add_result(s, a1, "M1.LO1", REC_METHOD_QUIZ, false, NULL);
	fake_now += 10;
	add_result(s, a1, "M1.LO1", REC_METHOD_QUIZ, true, NULL);
	fake_now += 10;
	add_result(s, a1, "M1.LO2", REC_METHOD_TRAINER, true, "mk");
	fake_now += 10;
	/* A later failure does not take M1.LO1 away. */
	add_result(s, a1, "M1.LO1", REC_METHOD_PRINTER, false, NULL);
	CHECK_INT(rec_attempt_finish(s, a1, REC_ATTEMPT_COMPLETED, &cause), 0);
	CHECK_INT(rec_attempt_finish(s, a1, REC_ATTEMPT_FAILED, &cause), -1);
	CHECK_STR(cause, "attempt 1 is already completed");
	CHECK_INT(rec_attempt_find_resumable(s, "ana", "l1-levelling", &att,
	    &found, &cause), 0);
	CHECK(!found);

	struct rec_result_new bad = {
		.attempt_id = a1, .outcome_id = "M1.LO3",
		.method = REC_METHOD_TRAINER, .passed = true,
	};
	CHECK_INT(rec_result_add(s, &bad, &r, &cause), -1);
	CHECK_STR(cause, "a trainer sign-off needs the trainer's id");
	bad.trainer_id = "ghost";
	CHECK_INT(rec_result_add(s, &bad, &r, &cause), -1);
	CHECK_STR(cause, "no trainer 'ghost'");
	bad.method = REC_METHOD_QUIZ;
	bad.trainer_id = NULL;
	bad.evidence = "{not json";
	CHECK_INT(rec_result_add(s, &bad, &r, &cause), -1);
	CHECK(strstr(cause, "not valid JSON") != NULL);
	bad.evidence = NULL;
	bad.attempt_id = 999;
	CHECK_INT(rec_result_add(s, &bad, &r, &cause), -1);
	CHECK_STR(cause, "no attempt 999");

	fake_now += 100;
	a2 = start_attempt(s, "bo", "l1-levelling");
	add_result(s, a2, "M1.LO1", REC_METHOD_QUIZ, true, NULL);
	/* Callers may ignore the ids of what they write. */
	struct rec_attempt_start again = { .learner_id = "bo",
	    .module_id = "m", .module_version = "1", .module_hash = "h",
	    .lesson_id = "l" };
	CHECK_INT(rec_attempt_start(s, &again, NULL, &cause), 0);
	struct rec_result_new quiet = { .attempt_id = a2, .outcome_id = "X.1",
	    .method = REC_METHOD_QUIZ };
	CHECK_INT(rec_result_add(s, &quiet, NULL, &cause), 0);

	CHECK_INT(rec_achievement_list(s, NULL, &ach, &n, &cause), 0);
	CHECK_INT(n, 3);	/* X.1 was not passed */
	CHECK_STR(ach[0].learner_id, "ana");
	CHECK_STR(ach[0].outcome_id, "M1.LO1");
	CHECK_INT(ach[0].method, REC_METHOD_QUIZ);
	CHECK_STR(ach[1].outcome_id, "M1.LO2");
	CHECK_STR(ach[1].trainer_id, "mk");
	CHECK_STR(ach[2].learner_id, "bo");
	rec_achievement_free_array(ach, n);

	/* A trainer's sign-off is no observation. */
	CHECK_INT(rec_observation_list(s, "ana", "M1.LO2", &res, &n, &cause),
	    0);
	CHECK_INT(n, 0);
	rec_result_free_array(res, n);
	CHECK_INT(rec_observation_list(s, NULL, "M1.LO2", &res, &n, &cause),
	    -1);
	CHECK(strstr(cause, "learner") != NULL);

	f.group_id = "g";
	CHECK_INT(rec_result_list(s, &f, &res, &n, &cause), 0);
	CHECK_INT(n, 4);
	CHECK_STR(res[0].learner_name, "Ana");
	CHECK_STR(res[0].module_id, "m1-safety");
	CHECK_STR(res[0].lesson_id, "l1-levelling");
	CHECK(res[0].has_score);
	CHECK_NEAR(res[0].score, 1, 1e-9);
	CHECK(strstr(res[0].evidence, "Šć") != NULL);
	rec_result_free_array(res, n);
	f.group_id = NULL;
	f.since = fake_now;
	CHECK_INT(rec_result_list(s, &f, &res, &n, &cause), 0);
	CHECK_INT(n, 2);
	CHECK_STR(res[0].learner_id, "bo");
	rec_result_free_array(res, n);
	CHECK_INT(rec_attempt_list(s, &f, &atts, &n, &cause), 0);
	CHECK_INT(n, 2);
	rec_attempt_free_array(atts, n);

	CHECK_INT(rec_credential_add(s, "urn:uuid:1", "ana", "fdm-operator",
	    "{\"id\":\"urn:uuid:1\"}", &cid, &cause), 0);
	CHECK_INT(rec_credential_add(s, "urn:uuid:1", "ana", "fdm-operator",
	    "{}", &cid, &cause), -1);
	CHECK_INT(rec_credential_revoke(s, "urn:uuid:1", "issued in error",
	    &cause), 0);
	CHECK_INT(rec_credential_revoke(s, "urn:uuid:1", "again", &cause), -1);
	CHECK(strstr(cause, "already revoked") != NULL);
	CHECK_INT(rec_credential_revoke(s, "urn:uuid:2", "x", &cause), -1);
	CHECK_STR(cause, "no issued credential 'urn:uuid:2'");
	CHECK_INT(rec_credential_get(s, "urn:uuid:1", &cred, &cause), 0);
	CHECK(cred.revoked);
	CHECK_STR(cred.revoke_reason, "issued in error");
	rec_credential_clear(&cred);
	f.since = 0;
	f.learner_id = "bo";
	CHECK_INT(rec_credential_list(s, &f, &creds, &n, &cause), 0);
	CHECK_INT(n, 0);
	rec_credential_free_array(creds, n);

	struct rec_verify_report rep;
	CHECK_INT(rec_verify(s, &rep, &cause), 0);
	rec_verify_report_clear(&rep);
	rec_close(s);
	free(cause);
	free(path);
}

static int64_t
observe(struct rec_store *s, int64_t attempt, const char *outcome,
    bool kept, const char *trainer, char **cause)
{
	struct rec_result_new r = {
		.attempt_id = attempt,
		.outcome_id = outcome,
		.method = REC_METHOD_OBSERVATION,
		.passed = kept,
		.evidence = "{\"note\":\"guard closed before reaching in\"}",
		.trainer_id = trainer,
	};
	int64_t id = 0;

	return rec_result_add(s, &r, &id, cause) == 0 ? id : -1;
}

static int
count_results(struct rec_store *s)
{
	struct rec_result *r;
	size_t n;
	char *cause = NULL;

	if (rec_result_list(s, NULL, &r, &n, &cause) != 0)
		fatal("results: %s", cause);
	rec_result_free_array(r, n);
	return (int)n;
}

/*
 * Observations (M1.LO5: one occasion a trainer saw the rules kept) are
 * recorded where they happen, need the trainer, obey the sign-off rule,
 * are listed per learner and outcome, and never achieve the outcome: only
 * the trainer's sign-off that cites them does.
 */
static void
test_observations(void)
{
	char *path = db_path("observations.db"), *cause = NULL;
	struct rec_store *s = rec_open(path, &cause);
	struct rec_result *obs;
	struct rec_achievement *ach;
	size_t n;
	int64_t a1, a2, a3, o1, o2, t0 = fake_now;

	rec_set_clock(s, fake_clock, NULL);
	CHECK_INT(rec_learner_add(s, "ana", "Ana", NULL, NULL, &cause), 0);
	CHECK_INT(rec_learner_add(s, "bo", "Bo", NULL, NULL, &cause), 0);
	CHECK_INT(rec_trainer_add(s, "mk", "Marija", "482193", &cause), 0);
	CHECK_INT(rec_trainer_add(s, "jh", "Jure", "135792", &cause), 0);
	a1 = start_attempt(s, "ana", "m4-levelling");

	CHECK_INT(observe(s, a1, "M1.LO5", true, NULL, &cause), -1);
	CHECK_STR(cause, "an observation needs the trainer's id");
	CHECK_INT(observe(s, a1, "M1.LO5", true, "ghost", &cause), -1);
	CHECK_STR(cause, "no trainer 'ghost'");
	CHECK_INT(count_results(s), 0);

	fake_now += 60;
	o1 = observe(s, a1, "M1.LO5", true, "mk", &cause);
	CHECK(o1 > 0);
	fake_now += 600;
	a2 = start_attempt(s, "ana", "m5-filament");
	o2 = observe(s, a2, "M1.LO5", false, "jh", &cause);
	CHECK(o2 > 0);
	a3 = start_attempt(s, "bo", "m4-levelling");
	CHECK(observe(s, a3, "M1.LO5", true, "mk", &cause) > 0);
	CHECK(observe(s, a2, "M1.LO4", true, "mk", &cause) > 0);
	add_result(s, a2, "M5.LO1", REC_METHOD_QUIZ, true, NULL);

	/* Ana's observations of M1.LO5, oldest first, nobody else's. */
	CHECK_INT(rec_observation_list(s, "ana", "M1.LO5", &obs, &n, &cause),
	    0);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(obs[0].id, o1);
		CHECK_INT(obs[0].attempt_id, a1);
		CHECK_INT(obs[0].method, REC_METHOD_OBSERVATION);
		CHECK_STR(obs[0].module_id, "m1-safety");
		CHECK_STR(obs[0].lesson_id, "m4-levelling");
		CHECK_STR(obs[0].trainer_id, "mk");
		CHECK_STR(obs[0].learner_id, "ana");
		CHECK(obs[0].passed);
		CHECK_INT(obs[0].time, t0 + 60);
		CHECK(obs[0].evidence != NULL &&
		    strstr(obs[0].evidence, "guard closed") != NULL);
		CHECK_INT(obs[1].id, o2);
		CHECK_STR(obs[1].lesson_id, "m5-filament");
		CHECK_STR(obs[1].trainer_id, "jh");
		CHECK(!obs[1].passed);
		CHECK_INT(obs[1].time, t0 + 660);
	}
	rec_result_free_array(obs, n);
	CHECK_INT(rec_observation_list(s, "bo", "M1.LO4", &obs, &n, &cause), 0);
	CHECK_INT(n, 0);
	rec_result_free_array(obs, n);

	/* Passed observations achieve nothing: only the quiz counts. */
	CHECK_INT(rec_achievement_list(s, NULL, &ach, &n, &cause), 0);
	CHECK_INT(n, 1);
	CHECK_STR(ach[0].outcome_id, "M5.LO1");
	rec_achievement_free_array(ach, n);

	/* The sign-off that cites them does. */
	fake_now += 60;
	add_result(s, a2, "M1.LO5", REC_METHOD_TRAINER, true, "mk");
	struct rec_filter ana = { .learner_id = "ana" };
	CHECK_INT(rec_achievement_list(s, &ana, &ach, &n, &cause), 0);
	CHECK_INT(n, 2);
	CHECK_STR(ach[0].outcome_id, "M1.LO5");
	CHECK_INT(ach[0].method, REC_METHOD_TRAINER);
	rec_achievement_free_array(ach, n);
	/* A later observation does not take its place either. */
	fake_now += 60;
	CHECK(observe(s, a2, "M1.LO5", true, "jh", &cause) > 0);
	CHECK_INT(rec_achievement_list(s, &ana, &ach, &n, &cause), 0);
	CHECK_INT(ach[0].method, REC_METHOD_TRAINER);
	CHECK_STR(ach[0].trainer_id, "mk");
	rec_achievement_free_array(ach, n);
	CHECK_INT(rec_observation_list(s, "ana", "M1.LO5", &obs, &n, &cause),
	    0);
	CHECK_INT(n, 3);
	rec_result_free_array(obs, n);

	/* signoff_requires: whoever may not sign off may not observe. */
	const char *exempt[] = { "t-trainer" };
	int before = count_results(s);
	rec_set_signoff_rule(s, "fdm-trainer", exempt, 1);
	CHECK_INT(observe(s, a1, "M1.LO5", true, "jh", &cause), -1);
	CHECK(cause != NULL && strstr(cause, "trainer jh may not sign off "
	    "M1.LO5") != NULL && strstr(cause, "signoff_requires") != NULL);
	CHECK_INT(count_results(s), before);
	CHECK_INT(rec_learner_add(s, "jh", "Jure", NULL, NULL, &cause), 0);
	CHECK_INT(rec_credential_add(s, "urn:uuid:t1", "jh", "fdm-trainer",
	    "{}", NULL, &cause), 0);
	CHECK(observe(s, a1, "M1.LO5", true, "jh", &cause) > 0);
	rec_set_signoff_rule(s, NULL, NULL, 0);

	/* Bad ids are refused with the reason. */
	CHECK_INT(rec_observation_list(s, "ana", "", &obs, &n, &cause), -1);
	CHECK_STR(cause, "outcome id is empty");

	struct rec_verify_report rep;
	CHECK_INT(rec_verify(s, &rep, &cause), 0);
	rec_verify_report_clear(&rep);
	rec_close(s);

	/* The schema itself refuses an observation without its trainer. */
	CHECK_INT(raw_try(path, "INSERT INTO results (attempt_id, outcome_id, "
	    "method, passed, time) VALUES (1, 'M1.LO5', 'observation', 1, 0)"),
	    SQLITE_CONSTRAINT);
	CHECK_INT(raw_try(path, "INSERT INTO results (attempt_id, outcome_id, "
	    "method, passed, time) VALUES (1, 'M1.LO5', 'seen', 1, 0)"),
	    SQLITE_CONSTRAINT);
	free(cause);
	free(path);
}

/* Several writes committed together, or none of them. */
static int
two_learners(struct rec_store *s, void *arg)
{
	char **cause = arg;

	if (rec_learner_add(s, "t1", "T1", NULL, NULL, cause) != 0)
		return -1;
	return rec_learner_add(s, "t1", "duplicate", NULL, NULL, cause);
}

static void
test_transaction(void)
{
	char *path = db_path("tx.db"), *cause = NULL, *inner = NULL;
	struct rec_store *s = rec_open(path, &cause);
	struct rec_learner l;

	CHECK_INT(rec_transaction(s, two_learners, &inner, &cause), -1);
	CHECK_INT(rec_learner_get(s, "t1", &l, &cause), -1);
	struct rec_verify_report rep;
	CHECK_INT(rec_verify(s, &rep, &cause), 0);
	rec_verify_report_clear(&rep);
	rec_close(s);
	free(inner);
	free(cause);
	free(path);
}

static void
test_migrations(void)
{
	char *path = db_path("old.db"), *cause = NULL;
	struct rec_store *s = rec_open_at_version(path, 1, &cause);
	struct rec_learner l;
	struct rec_attempt att;
	int64_t a;

	CHECK(s != NULL);
	CHECK_INT(rec_group_add(s, "g", NULL, &cause), 0);
	CHECK_INT(rec_learner_add(s, "ana", "Ana", "g", "77", &cause), -1);
	CHECK(strstr(cause, "no school ids") != NULL);
	CHECK_INT(rec_learner_add(s, "ana", "Ana", "g", NULL, &cause), 0);
	a = start_attempt(s, "ana", "l1");
	add_result(s, a, "M1.LO1", REC_METHOD_QUIZ, true, NULL);
	rec_close(s);

	/* Reopening migrates to the current schema and keeps everything. */
	s = rec_open(path, &cause);
	CHECK(s != NULL);
	CHECK_INT(rec_opened_version(s), 1);
	CHECK_INT(rec_learner_get(s, "ana", &l, &cause), 0);
	CHECK(l.school_id == NULL);
	rec_learner_clear(&l);
	CHECK_INT(rec_learner_add(s, "bo", "Bo", "g", "78", &cause), 0);
	CHECK_INT(rec_attempt_get(s, a, &att, &cause), 0);
	CHECK(att.station == NULL);
	rec_attempt_clear(&att);
	struct rec_verify_report rep;
	CHECK_INT(rec_verify(s, &rep, &cause), 0);
	rec_verify_report_clear(&rep);
	rec_close(s);
	s = rec_open(path, &cause);
	CHECK_INT(rec_opened_version(s), REC_SCHEMA_VERSION);
	rec_close(s);

	/* A newer database is refused, and left as it was. */
	raw_exec(path, "PRAGMA user_version = 99");
	s = rec_open(path, &cause);
	CHECK(s == NULL);
	CHECK(cause != NULL && strstr(cause, "written by a newer layerlab") != NULL);
	CHECK(cause != NULL && strstr(cause, "version 99") != NULL);

	/* Another program's database is not taken over. */
	char *other = db_path("other.db");
	raw_exec(other, "CREATE TABLE t (x)");
	s = rec_open(other, &cause);
	CHECK(s == NULL);
	CHECK(cause != NULL && strstr(cause, "not a layerlab records database") != NULL);
	free(other);

	/* Not a database at all. */
	char *junk = db_path("junk.db");
	FILE *f = fopen(junk, "w");
	for (int i = 0; i < 500; i++)
		fputs("this is not SQLite ", f);
	fclose(f);
	s = rec_open(junk, &cause);
	CHECK(s == NULL);
	CHECK(cause != NULL && strstr(cause, "is damaged") != NULL);
	free(junk);

	/* Directories are created. */
	char *deep = db_path("a/b/c/records.db");
	s = rec_open(deep, &cause);
	CHECK(s != NULL);
	rec_close(s);
	CHECK_INT(access(deep, F_OK), 0);
	free(deep);
	free(cause);
	free(path);
}

/* Every row of a table, as text, in id order: what a migration must keep. */
static char *
dump_table(const char *path, const char *table, const char *order)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char *sql = xasprintf("SELECT * FROM %s ORDER BY %s", table, order);
	struct buf b;

	buf_init(&b);
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fatal("%s: %s", sql, sqlite3_errmsg(db));
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int c = 0; c < sqlite3_column_count(st); c++) {
			const char *v = (const char *)sqlite3_column_text(st, c);

			buf_appendf(&b, "%s=%d:%s|", sqlite3_column_name(st, c),
			    sqlite3_column_type(st, c), v != NULL ? v : "");
		}
		buf_append_str(&b, "\n");
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(sql);
	return buf_detach(&b);
}

/*
 * Version 4 to 5 (results built anew for the observation method): every
 * row kept with its id, type and content, the audit chain intact, the
 * index and the foreign keys in place; observations refused before and
 * accepted after.
 */
static void
test_migration_observations(void)
{
	char *path = db_path("v4.db"), *cause = NULL;
	static const char *const tables[][2] = { { "results", "id" },
	    { "attempts", "id" }, { "audit", "seq" }, { "credentials", "id" },
	    { "learners", "id" }, { "trainers", "id" } };
	char *before[LL_ARRAY_LEN(tables)], *after;
	struct rec_store *s = rec_open_at_version(path, 4, &cause);
	struct rec_verify_report rep;
	struct rec_result *obs;
	size_t n;
	int64_t a, o;

	CHECK(s != NULL);
	rec_set_clock(s, fake_clock, NULL);
	CHECK_INT(rec_learner_add(s, "ana", "Ana", NULL, "S-1", &cause), 0);
	CHECK_INT(rec_trainer_add(s, "mk", "Marija", "482193", &cause), 0);
	a = start_attempt(s, "ana", "m4-levelling");
	add_result(s, a, "M1.LO1", REC_METHOD_QUIZ, false, NULL);
	add_result(s, a, "M1.LO1", REC_METHOD_QUIZ, true, NULL);
	add_result(s, a, "M1.LO2", REC_METHOD_TRAINER, true, "mk");
	struct rec_result_new bare = { .attempt_id = a, .outcome_id = "M1.LO3",
	    .method = REC_METHOD_PRINTER, .passed = true };
	CHECK_INT(rec_result_add(s, &bare, NULL, &cause), 0);
	CHECK_INT(rec_attempt_finish(s, a, REC_ATTEMPT_COMPLETED, &cause), 0);
	CHECK_INT(rec_credential_add(s, "urn:uuid:c1", "ana", "fdm-safety",
	    "{\"id\":\"urn:uuid:c1\"}", NULL, &cause), 0);
	CHECK_INT(observe(s, a, "M1.LO5", true, "mk", &cause), -1);
	CHECK(cause != NULL && strstr(cause, "records schema version 4, which "
	    "has no observations") != NULL);
	rec_close(s);
	for (size_t i = 0; i < LL_ARRAY_LEN(tables); i++)
		before[i] = dump_table(path, tables[i][0], tables[i][1]);

	s = rec_open(path, &cause);
	CHECK(s != NULL);
	CHECK_INT(rec_opened_version(s), 4);
	CHECK_INT(rec_verify(s, &rep, &cause), 0);
	CHECK(rep.foreign_keys_ok && rep.rows_ok && rep.chain_ok);
	rec_verify_report_clear(&rep);
	rec_close(s);
	for (size_t i = 0; i < LL_ARRAY_LEN(tables); i++) {
		after = dump_table(path, tables[i][0], tables[i][1]);
		if (strcmp(tables[i][0], "audit") == 0) {
			/* The same entries, then the migration's own. */
			CHECK(strncmp(after, before[i], strlen(before[i])) == 0);
			CHECK(strstr(after + strlen(before[i]),
			    "tbl=3:schema|row_key=3:5|action=3:migrate|") !=
			    NULL);
		} else
			CHECK_STR(after, before[i]);
		free(after);
		free(before[i]);
	}
	after = dump_table(path, "sqlite_schema WHERE name = "
	    "'results_attempt' OR name LIKE 'results_v%'", "name");
	CHECK(strstr(after, "name=3:results_attempt|") != NULL);
	CHECK(strstr(after, "results_v5") == NULL);
	free(after);
	after = dump_table(path, "pragma_foreign_key_check", "1");
	CHECK_STR(after, "");
	free(after);

	/* Now observations are taken. */
	s = rec_open(path, &cause);
	CHECK_INT(rec_opened_version(s), 5);
	o = observe(s, a, "M1.LO5", true, "mk", &cause);
	CHECK(o > 0);
	CHECK_INT(rec_observation_list(s, "ana", "M1.LO5", &obs, &n, &cause),
	    0);
	CHECK_INT(n, 1);
	CHECK_INT(obs[0].id, o);
	rec_result_free_array(obs, n);
	CHECK_INT(rec_verify(s, &rep, &cause), 0);
	rec_verify_report_clear(&rep);
	rec_close(s);
	CHECK_INT(raw_try(path, "INSERT INTO results (attempt_id, outcome_id, "
	    "method, passed, time) VALUES (1, 'M1.LO5', 'observation', 1, 0)"),
	    SQLITE_CONSTRAINT);
	/* Foreign keys still hold on the new table. */
	CHECK_INT(raw_try(path, "PRAGMA foreign_keys = ON; INSERT INTO results "
	    "(attempt_id, outcome_id, method, passed, time) VALUES (99, 'X', "
	    "'quiz', 1, 0)"), SQLITE_CONSTRAINT);
	free(cause);
	free(path);
}

static void
test_tamper(void)
{
	char *path = db_path("tamper.db"), *cause = NULL;
	struct rec_store *s = rec_open(path, &cause);
	struct rec_verify_report rep;
	int64_t a, r;

	rec_learner_add(s, "ana", "Ana", NULL, NULL, &cause);
	a = start_attempt(s, "ana", "l1");
	r = add_result(s, a, "M1.LO1", REC_METHOD_QUIZ, false, NULL);
	add_result(s, a, "M1.LO2", REC_METHOD_QUIZ, true, NULL);
	CHECK_INT(rec_verify(s, &rep, &cause), 0);
	rec_verify_report_clear(&rep);
	rec_close(s);

	/* A failed result turned into a pass behind layerlab's back. */
	char *sql = xasprintf("UPDATE results SET passed = 1 WHERE id = %lld",
	    (long long)r);
	raw_exec(path, sql);
	free(sql);
	s = rec_open(path, &cause);
	CHECK_INT(rec_verify(s, &rep, &cause), -1);
	CHECK(rep.chain_ok);
	CHECK(!rep.rows_ok);
	/* Entries: schema 1 to 5, learner, module, attempt, result 1. */
	CHECK_INT(rep.first_bad_seq, 9);
	CHECK(cause != NULL && strstr(cause, "audit entry 9 (results 1, insert)") != NULL);
	rec_verify_report_clear(&rep);
	rec_close(s);
	raw_exec(path, "UPDATE results SET passed = 0 WHERE id = 1");

	/* An entry rewritten: the chain breaks there. */
	raw_exec(path, "UPDATE audit SET time = time + 1 WHERE seq = 4");
	s = rec_open(path, &cause);
	CHECK_INT(rec_verify(s, &rep, &cause), -1);
	CHECK(!rep.chain_ok);
	CHECK_INT(rep.first_bad_seq, 4);
	CHECK(cause != NULL && strstr(cause, "audit entry 4") != NULL);
	rec_verify_report_clear(&rep);
	rec_close(s);
	raw_exec(path, "UPDATE audit SET time = time - 1 WHERE seq = 4");

	/* An entry removed from the middle. */
	raw_exec(path, "DELETE FROM audit WHERE seq = 5");
	s = rec_open(path, &cause);
	CHECK_INT(rec_verify(s, &rep, &cause), -1);
	CHECK_INT(rep.first_bad_seq, 5);
	CHECK(cause != NULL && strstr(cause, "audit entry 5 is missing") != NULL);
	rec_verify_report_clear(&rep);
	rec_close(s);

	/* A row slipped in without an entry. */
	char *path2 = db_path("tamper2.db");
	s = rec_open(path2, &cause);
	rec_learner_add(s, "ana", "Ana", NULL, NULL, &cause);
	rec_close(s);
	raw_exec(path2, "INSERT INTO learners (id, name, created) VALUES "
	    "('ghost', 'Ghost', 0)");
	s = rec_open(path2, &cause);
	CHECK_INT(rec_verify(s, &rep, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "'ghost' has no audit entry") != NULL);
	rec_verify_report_clear(&rep);
	rec_close(s);
	free(path2);
	free(cause);
	free(path);
}

/*
 * Where the database may live: a network share is refused (a share cannot be
 * mounted in a test, so the decision on the file system type is checked), a
 * URI of another kind is not taken for a file name.
 */
static void
test_places(void)
{
	char *cause = NULL;
	struct rec_store *s;

	CHECK(rec_fs_is_network(0x6969));		/* NFS */
	CHECK(rec_fs_is_network(0xff534d42));	/* CIFS */
	CHECK(rec_fs_is_network(0xfe534d42));	/* SMB2 */
	CHECK(!rec_fs_is_network(0xef53));	/* ext4 */
	CHECK(!rec_fs_is_network(0x01021994));	/* tmpfs */
	CHECK_INT(rec_refuse_network_fs("/mnt/share/layerlab.db", 0x6969,
	    &cause), -1);
	CHECK(strstr(cause, "/mnt/share/layerlab.db is on a network share") !=
	    NULL);
	CHECK(strstr(cause, "postgresql://") != NULL);
	free(cause);
	cause = NULL;
	CHECK_INT(rec_refuse_network_fs("/srv/layerlab.db", 0xef53, &cause), 0);

	s = rec_open("mysql://server/layerlab", &cause);
	CHECK(s == NULL);
	CHECK(strstr(cause, "looks like a URI of a kind layerlab does not "
	    "know") != NULL);
	free(cause);
	cause = NULL;
	CHECK(access("mysql:", F_OK) != 0);
	s = rec_open("", &cause);
	CHECK(s == NULL);
	free(cause);
}

/* Each run of 5 wrong PINs locks for longer; the split check counts the
 * same way, and a lock taken while the hash ran still refuses. */
static void
test_pin_escalation(void)
{
	char *path = db_path("escalate.db"), *cause = NULL;
	struct rec_store *s = rec_open(path, &cause);
	struct rec_pin_check *c;
	static const struct { int seconds; const char *text; } runs[] = {
		{ 60, "wrong PIN: locked for 60 seconds after 5 wrong PINs" },
		{ 300, "wrong PIN: locked for 5 minutes after 10 wrong PINs" },
		{ 1800, "wrong PIN: locked for 30 minutes after 15 wrong PINs" },
		{ 10800, "wrong PIN: locked for 3 hours after 20 wrong PINs" },
		{ 86400, "wrong PIN: locked for 24 hours after 25 wrong PINs" },
	};
	int left;

	rec_set_clock(s, fake_clock, NULL);
	CHECK_INT(rec_trainer_add(s, "mk", "Marija", "482193", &cause), 0);
	for (size_t r = 0; r < LL_ARRAY_LEN(runs); r++) {
		for (int i = 0; i < 4; i++)
			CHECK_INT(rec_trainer_check_pin(s, "mk", "000000",
			    &left, &cause), -1);
		CHECK_INT(rec_trainer_check_pin(s, "mk", "000000", &left,
		    &cause), -1);
		CHECK_INT(left, runs[r].seconds);
		CHECK_STR(cause, runs[r].text);
		fake_now += runs[r].seconds - 1;
		CHECK_INT(rec_trainer_check_pin(s, "mk", "482193", &left,
		    &cause), -1);
		CHECK_INT(left, 1);
		fake_now += 1;
	}

	/* Begun before another station's wrong PINs locked the trainer. */
	c = rec_pin_check_begin(s, "mk", "482193", &left, &cause);
	CHECK(c != NULL);
	rec_pin_check_hash(c);
	for (int i = 0; i < 5; i++)
		rec_trainer_check_pin(s, "mk", "000000", &left, &cause);
	CHECK_INT(rec_pin_check_end(s, c, &left, &cause), -1);
	CHECK(strstr(cause, "locked, 86400 seconds left") != NULL);
	fake_now += 86400;
	c = rec_pin_check_begin(s, "mk", "482193", &left, &cause);
	rec_pin_check_hash(c);
	CHECK_INT(rec_pin_check_end(s, c, &left, &cause), 0);
	/* The right PIN starts the count again from the first lock. */
	for (int i = 0; i < 5; i++)
		rec_trainer_check_pin(s, "mk", "000000", &left, &cause);
	CHECK_INT(left, 60);
	rec_close(s);
	free(cause);
	free(path);
}

/* The file holds PIN hashes: private from the start, backups too; an empty
 * file is refused, not taken for a new database. */
static void
test_files(void)
{
	char *path = db_path("private.db"), *copy = db_path("private-copy.db");
	char *empty = db_path("empty.db"), *open_db = db_path("open.db");
	char *cause = NULL;
	struct rec_store *s;
	struct stat st;
	FILE *f;

	umask(022);
	s = rec_open(path, &cause);
	CHECK(s != NULL);
	CHECK_INT(rec_group_add(s, "g", "G", &cause), 0);
	CHECK_INT(stat(path, &st), 0);
	CHECK_INT(st.st_mode & 0777, 0600);
	CHECK_INT(rec_backup(s, copy, &cause), 0);
	CHECK_INT(stat(copy, &st), 0);
	CHECK_INT(st.st_mode & 0777, 0600);
	rec_close(s);

	CHECK((f = fopen(empty, "w")) != NULL);
	fclose(f);
	CHECK(rec_open(empty, &cause) == NULL);
	CHECK(strstr(cause, "empty.db is empty (0 bytes), so it is not a "
	    "layerlab records database") != NULL);
	CHECK_INT(stat(empty, &st), 0);
	CHECK_INT(st.st_size, 0);

	/* Made readable to all by an older layerlab. */
	s = rec_open(open_db, &cause);
	rec_close(s);
	chmod(open_db, 0644);
	s = rec_open(open_db, &cause);
	CHECK(s != NULL);
	rec_close(s);
	CHECK_INT(stat(open_db, &st), 0);
	CHECK_INT(st.st_mode & 0777, 0600);
	free(cause);
	free(path);
	free(copy);
	free(empty);
	free(open_db);
}

/*
 * How far a heater strayed in the first layers: counted from when it came
 * within 1 °C of its target, again after the target changes (a first-layer
 * temperature, then the rest's); a swing of 3 °C is seen both ways; the
 * evidence keeps it and own_print reads it back.
 */
static void
test_heat_span(void)
{
	struct rec_heat_span h;
	struct rec_own_print p, *q;
	struct rec_own_print_found found;
	struct rec_store *s;
	char *path = xasprintf("%s/heat.db", tmpdir), *ev, *cause = NULL;
	int64_t attempt;

	memset(&h, 0, sizeof h);
	rec_heat_span_note(&h, 25, 215, false);	/* heating, before layer 1 */
	rec_heat_span_note(&h, 214.5, 215, false);	/* settled, not yet counted */
	CHECK_INT(h.reports, 0);
	rec_heat_span_note(&h, 213.8, 215, true);
	CHECK_INT(h.reports, 1);
	CHECK_NEAR(h.below_c, 1.2, 1e-9);
	rec_heat_span_note(&h, 214.0, 205, true);	/* the rest's target: cooling */
	rec_heat_span_note(&h, 208.0, 205, true);
	CHECK_INT(h.reports, 1);
	CHECK_NEAR(h.above_c, 0, 1e-9);
	rec_heat_span_note(&h, 205.6, 205, true);	/* settled again */
	rec_heat_span_note(&h, 202.0, 205, true);	/* a 3 °C swing */
	rec_heat_span_note(&h, 208.0, 205, true);
	rec_heat_span_note(&h, 25, 0, true);		/* off: not a reading */
	CHECK_INT(h.reports, 4);
	CHECK_NEAR(h.below_c, 3.0, 1e-9);
	CHECK_NEAR(h.above_c, 3.0, 1e-9);

	memset(&p, 0, sizeof p);
	p.file = "tab.gcode";
	p.sha256 = "00";
	p.outcome = "done";
	p.first_nozzle = h;
	ev = rec_evidence_own_print(&p);
	CHECK(strstr(ev, "\"layers_1_2\":{\"bed\":{\"above_c\":0.0,"
	    "\"below_c\":0.0,\"reports\":0},\"nozzle\":{\"above_c\":3.0,"
	    "\"below_c\":3.0,\"reports\":4}}") != NULL);
	s = rec_open(path, &cause);
	CHECK(s != NULL);
	CHECK_INT(rec_learner_add(s, "ana", "Ana Novak", NULL, NULL, &cause), 0);
	{
		struct rec_attempt_start a = { .learner_id = "ana",
		    .module_id = "own-print", .module_version = "1",
		    .module_hash = "00", .lesson_id = "print-own-file" };
		struct rec_result_new r = { .outcome_id = "print.own-file",
		    .method = REC_METHOD_PRINTER, .passed = true };

		CHECK_INT(rec_attempt_start(s, &a, &attempt, &cause), 0);
		r.attempt_id = attempt;
		r.evidence = ev;
		CHECK_INT(rec_result_add(s, &r, NULL, &cause), 0);
	}
	CHECK_INT(rec_own_print_last(s, "ana", 0, &found, &cause), 1);
	q = &found.print;
	CHECK_INT(q->first_nozzle.reports, 4);
	CHECK_NEAR(q->first_nozzle.below_c, 3.0, 1e-9);
	CHECK_NEAR(q->first_nozzle.above_c, 3.0, 1e-9);
	CHECK_INT(q->first_bed.reports, 0);
	rec_own_print_clear(&found);
	rec_close(s);
	free(ev);
	free(cause);
	free(path);
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL)
		fatal("mkdtemp");
	RUN(test_people);
	RUN(test_pin_lockout);
	RUN(test_pin_escalation);
	RUN(test_files);
	RUN(test_attempts_results);
	RUN(test_transaction);
	RUN(test_migrations);
	RUN(test_observations);
	RUN(test_migration_observations);
	RUN(test_tamper);
	RUN(test_places);
	RUN(test_heat_span);
	char *rm = xasprintf("rm -rf '%s'", tmpdir);
	if (system(rm) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	free(rm);
	TEST_MAIN_END();
}
