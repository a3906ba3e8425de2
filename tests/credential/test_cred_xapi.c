/*
 * xAPI 1.0.3 statements: the shape an LRS expects (actor account, ADL
 * verbs, activity IRIs, result, context with registration, instructor and
 * parent, timestamp) and ids that stay the same from one export to the
 * next.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "credential.h"
#include "test.h"

static const struct cred_institution inst = {
	.name = "Workshop", .url = "https://school.example/", .country = "SI",
};

static const struct cred_attempt attempts[] = {
	{ .learner_id = "ana", .lesson_id = "z-offset", .module_id = "M4",
	  .station = "st-2", .lang = "sl", .started = 1790001000,
	  .ended = 1790001800, .status = "completed" },
	{ .learner_id = "ana", .lesson_id = "hazards", .module_id = "M1",
	  .started = 1790000000, .status = "running" },
};

static const struct cred_result results[] = {
	{ .learner_id = "ana", .lesson_id = "z-offset", .module_id = "M4", .attempt_started =
	  1790001000, .outcome_id = "M4.LO2", .method = CRED_METHOD_QUIZ,
	  .passed = true, .has_score = true, .score = 8, .score_max = 10,
	  .duration_ms = 95250, .recorded = 1790001095 },
	{ .learner_id = "ana", .lesson_id = "z-offset", .module_id = "M4", .attempt_started =
	  1790001000, .outcome_id = "M4.LO3", .method = CRED_METHOD_TRAINER,
	  .passed = false, .trainer = "marko", .duration_ms = 3723000,
	  .recorded = 1790004723 },
	{ .learner_id = "ana", .lesson_id = "hazards", .module_id = "M1", .attempt_started =
	  1790000000, .outcome_id = "M1.LO1", .question_id = "M1.q3",
	  .method = CRED_METHOD_QUIZ, .passed = true, .duration_ms = -1,
	  .recorded = 1790000030 },
};

static const char *
str(json_t *v, const char *path)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof buf, "%s", path);
	for (char *k = strtok_r(buf, ".", &save); k != NULL && v != NULL;
	    k = strtok_r(NULL, ".", &save)) {
		if (json_is_array(v))
			v = json_array_get(v, (size_t)atoi(k));
		else
			v = json_object_get(v, k);
	}
	return json_string_value(v);
}

static json_t *
get(json_t *v, const char *path)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof buf, "%s", path);
	for (char *k = strtok_r(buf, ".", &save); k != NULL && v != NULL;
	    k = strtok_r(NULL, ".", &save)) {
		if (json_is_array(v))
			v = json_array_get(v, (size_t)atoi(k));
		else
			v = json_object_get(v, k);
	}
	return v;
}

static void
test_statements(void)
{
	char *cause = NULL, *text = cred_xapi_export(&inst, attempts, 2,
	    results, 3, &cause);
	json_t *all, *s;
	char reg[37];

	CHECK(text != NULL);
	all = json_loads(text, 0, NULL);
	CHECK(json_is_array(all));
	/* attempted + completed, attempted, three results. */
	CHECK_INT(json_array_size(all), 6);

	s = json_array_get(all, 0);
	CHECK_STR(str(s, "verb.id"), "http://adlnet.gov/expapi/verbs/attempted");
	CHECK_STR(str(s, "actor.account.homePage"), "https://school.example/");
	CHECK_STR(str(s, "actor.account.name"), "ana");
	CHECK_STR(str(s, "object.id"), "https://school.example/modules/M4/lessons/z-offset");
	CHECK_STR(str(s, "context.contextActivities.parent.0.id"),
	    "https://school.example/modules/M4");
	CHECK_STR(str(s, "context.language"), "sl");
	CHECK_STR(str(s, "timestamp"), "2026-09-21T14:30:00Z");
	cred_xapi_registration(&inst, "ana", "M4", "z-offset", 1790001000, reg);
	CHECK_STR(str(s, "context.registration"), reg);

	s = json_array_get(all, 1);
	CHECK_STR(str(s, "verb.id"), "http://adlnet.gov/expapi/verbs/completed");
	CHECK_STR(str(s, "result.duration"), "PT13M20S");
	CHECK(json_is_true(get(s, "result.completion")));

	s = json_array_get(all, 2);
	CHECK_STR(str(s, "verb.id"), "http://adlnet.gov/expapi/verbs/attempted");
	CHECK(get(s, "result") == NULL);

	s = json_array_get(all, 3);
	CHECK_STR(str(s, "verb.id"), "http://adlnet.gov/expapi/verbs/passed");
	CHECK_STR(str(s, "object.id"), "https://school.example/outcomes/M4.LO2");
	CHECK_STR(str(s, "object.definition.type"),
	    "http://adlnet.gov/expapi/activities/assessment");
	CHECK(json_is_true(get(s, "result.success")));
	CHECK_NEAR(json_number_value(get(s, "result.score.scaled")), 0.8, 1e-9);
	CHECK_NEAR(json_number_value(get(s, "result.score.raw")), 8, 0);
	CHECK_NEAR(json_number_value(get(s, "result.score.max")), 10, 0);
	CHECK_STR(str(s, "result.duration"), "PT1M35.25S");
	/* One registration per attempt, shared with the attempt's own
	 * statements. */
	CHECK_STR(str(s, "context.registration"), reg);
	CHECK_STR(str(s, "context.contextActivities.parent.0.id"),
	    "https://school.example/modules/M4/lessons/z-offset");
	CHECK(get(s, "context.instructor") == NULL);

	s = json_array_get(all, 4);
	CHECK_STR(str(s, "verb.id"), "http://adlnet.gov/expapi/verbs/failed");
	s = json_array_get(all, 5);
	CHECK_STR(str(s, "verb.id"), "http://adlnet.gov/expapi/verbs/answered");
	CHECK_STR(str(s, "object.definition.type"),
	    "http://adlnet.gov/expapi/activities/cmi.interaction");
	CHECK(get(s, "result.duration") == NULL);
	json_decref(all);
	free(text);

	/* The trainer's sign-off: failed, with the trainer as instructor. */
	text = cred_xapi_export(&inst, NULL, 0, &results[1], 1, NULL);
	all = json_loads(text, 0, NULL);
	s = json_array_get(all, 0);
	CHECK_STR(str(s, "verb.id"), "http://adlnet.gov/expapi/verbs/failed");
	CHECK(json_is_false(get(s, "result.success")));
	CHECK_STR(str(s, "context.instructor.account.name"), "marko");
	CHECK_STR(str(s, "context.instructor.objectType"), "Agent");
	CHECK_STR(str(s, "result.duration"), "PT1H2M3S");
	json_decref(all);
	free(text);
}

/*
 * An observation (a trainer saw the rules kept on one occasion) is no pass
 * of its outcome: it is the completed occasion, a performance of its own,
 * with the outcome named beside it and the trainer as instructor.
 */
static void
test_observation(void)
{
	struct cred_result obs = {
		.learner_id = "ana", .lesson_id = "z-offset", .module_id = "M4",
		.attempt_started = 1790001000, .outcome_id = "M1.LO5",
		.method = CRED_METHOD_OBSERVATION, .passed = true,
		.trainer = "marko", .duration_ms = 600000,
		.recorded = 1790001600,
	};
	struct cred_result signoff = obs;
	char *text = cred_xapi_export(&inst, NULL, 0, &obs, 1, NULL), *t2;
	json_t *all = json_loads(text, 0, NULL), *s = json_array_get(all, 0);
	json_t *both;
	char reg[37];

	CHECK_STR(str(s, "verb.id"), "http://adlnet.gov/expapi/verbs/completed");
	CHECK_STR(str(s, "object.id"),
	    "https://school.example/outcomes/M1.LO5/observation");
	CHECK_STR(str(s, "object.definition.type"),
	    "http://adlnet.gov/expapi/activities/performance");
	CHECK_STR(str(s, "object.definition.name.und"), "Observation: M1.LO5");
	CHECK(json_is_true(get(s, "result.success")));
	CHECK(json_is_true(get(s, "result.completion")));
	CHECK_STR(str(s, "context.instructor.account.name"), "marko");
	CHECK_STR(str(s, "context.contextActivities.parent.0.id"),
	    "https://school.example/modules/M4/lessons/z-offset");
	CHECK_STR(str(s, "context.contextActivities.other.0.id"),
	    "https://school.example/outcomes/M1.LO5");
	cred_xapi_registration(&inst, "ana", "M4", "z-offset", 1790001000, reg);
	CHECK_STR(str(s, "context.registration"), reg);

	/* Rules not kept: the occasion is not successful, and still no
	 * "failed" of the outcome. */
	obs.passed = false;
	t2 = cred_xapi_export(&inst, NULL, 0, &obs, 1, NULL);
	both = json_loads(t2, 0, NULL);
	CHECK_STR(str(both, "0.verb.id"),
	    "http://adlnet.gov/expapi/verbs/completed");
	CHECK(json_is_false(get(both, "0.result.success")));
	json_decref(both);
	free(t2);

	/* The sign-off that cites it, at the same second, has its own id. */
	obs.passed = true;
	signoff.method = CRED_METHOD_TRAINER;
	struct cred_result pair[2] = { obs, signoff };
	t2 = cred_xapi_export(&inst, NULL, 0, pair, 2, NULL);
	both = json_loads(t2, 0, NULL);
	CHECK(strcmp(str(both, "0.id"), str(both, "1.id")) != 0);
	CHECK_STR(str(both, "1.verb.id"),
	    "http://adlnet.gov/expapi/verbs/passed");
	CHECK_STR(str(both, "1.object.id"),
	    "https://school.example/outcomes/M1.LO5");
	CHECK(get(both, "1.context.contextActivities.other") == NULL);
	json_decref(both);
	free(t2);
	json_decref(all);
	free(text);
}

static void
test_stable_ids(void)
{
	char *a = cred_xapi_export(&inst, attempts, 2, results, 3, NULL);
	char *b = cred_xapi_export(&inst, attempts, 2, results, 3, NULL);
	json_t *ja = json_loads(a, 0, NULL), *jb;
	char id[37], other[37];
	struct cred_result changed = results[0];

	/* Same records, same bytes, same ids. */
	CHECK_STR(a, b);
	/* Ids are distinct UUIDs of version 5. */
	for (size_t i = 0; i < json_array_size(ja); i++) {
		const char *x = str(json_array_get(ja, i), "id");

		CHECK(x != NULL && strlen(x) == 36 && x[14] == '5');
		for (size_t j = 0; j < i; j++)
			CHECK(strcmp(x, str(json_array_get(ja, j), "id")) != 0);
	}
	/* Only the records exported: a subset keeps its ids. */
	free(b);
	b = cred_xapi_export(&inst, NULL, 0, &results[0], 1, NULL);
	jb = json_loads(b, 0, NULL);
	CHECK_STR(str(json_array_get(jb, 0), "id"), str(json_array_get(ja, 3),
	    "id"));
	cred_xapi_result_id(&inst, &results[0], id);
	CHECK_STR(id, str(jb, "0.id"));
	/* Another result (a later time) gets another id. */
	changed.recorded++;
	cred_xapi_result_id(&inst, &changed, other);
	CHECK(strcmp(id, other) != 0);
	json_decref(ja);
	json_decref(jb);
	free(a);
	free(b);
}

static void
test_uuid5(void)
{
	char out[37];

	/* Python: uuid.uuid5(uuid.NAMESPACE_URL, name). */
	cred_uuid5("https://school.example/#attempt/ana/levelling/1700000000",
	    out);
	CHECK_STR(out, "1f36d9e2-0d15-5724-8760-1766a08c2055");
	cred_uuid5("http://python.org/", out);
	CHECK_STR(out, "4c565f0d-3f5a-5890-b41b-20cf47701c5e");
}

static void
test_bad_input(void)
{
	struct cred_institution no_url = { .name = "x", .url = "school" };
	struct cred_result r = results[0];
	char *cause = NULL;

	CHECK(cred_xapi_export(&no_url, NULL, 0, results, 1, &cause) == NULL);
	CHECK(cause != NULL && strstr(cause, "institution.url") != NULL);
	free(cause);
	cause = NULL;
	r.outcome_id = NULL;
	CHECK(cred_xapi_export(&inst, NULL, 0, &r, 1, &cause) == NULL);
	CHECK(cause != NULL);
	free(cause);
}

int
main(void)
{
	RUN(test_statements);
	RUN(test_observation);
	RUN(test_stable_ids);
	RUN(test_uuid5);
	RUN(test_bad_input);
	TEST_MAIN_END();
}
