/*
 * xAPI 1.0.3 statements for a learning record store. Ids are name-based
 * UUIDs of each record's identity, so sending an export twice leaves one
 * statement per record in the LRS (it refuses a second, different
 * statement under the same id and ignores an identical one).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cred_internal.h"

#define ADL_VERB "http://adlnet.gov/expapi/verbs/"
#define ADL_ACTIVITY "http://adlnet.gov/expapi/activities/"

void
cred_xapi_result_id(const struct cred_institution *inst,
    const struct cred_result *r, char out[37])
{
	char *name = xasprintf("%s#result/%s/%s/%lld/%s/%s/%s/%lld",
	    inst->url, r->learner_id, r->lesson_id ? r->lesson_id : "",
	    (long long)r->attempt_started, r->outcome_id ? r->outcome_id : "",
	    r->question_id ? r->question_id : "", cred_method_name(r->method),
	    (long long)r->recorded);

	cred_uuid5(name, out);
	free(name);
}

void
cred_xapi_registration(const struct cred_institution *inst,
    const char *learner_id, const char *lesson_id, int64_t started,
    char out[37])
{
	char *name = xasprintf("%s#attempt/%s/%s/%lld", inst->url, learner_id,
	    lesson_id ? lesson_id : "", (long long)started);

	cred_uuid5(name, out);
	free(name);
}

static json_t *
agent(const struct cred_institution *inst, const char *name)
{
	return json_pack("{s:s, s:{s:s, s:s}}", "objectType", "Agent",
	    "account", "homePage", inst->url, "name", name);
}

static json_t *
verb(const char *name)
{
	return json_pack("{s:s+, s:{s:s}}", "id", ADL_VERB, name, "display",
	    "en-US", name);
}

static json_t *
activity(const char *iri, const char *type, const char *name)
{
	json_t *def = json_pack("{s:s+}", "type", ADL_ACTIVITY, type);

	if (name != NULL)
		json_object_set_new(def, "name", json_pack("{s:s}", "en-US",
		    name));
	return json_pack("{s:s, s:s, s:o}", "objectType", "Activity", "id",
	    iri, "definition", def);
}

/* ISO 8601 duration with hundredths, as xAPI keeps them. */
static json_t *
duration(int64_t ms)
{
	int64_t cs = ms / 10, h = cs / 360000, m = cs / 6000 % 60;
	int64_t s = cs / 100 % 60, frac = cs % 100;
	char out[64];
	int n = snprintf(out, sizeof out, "PT");

	if (h > 0)
		n += snprintf(out + n, sizeof out - n, "%lldH", (long long)h);
	if (m > 0)
		n += snprintf(out + n, sizeof out - n, "%lldM", (long long)m);
	if (frac > 0)
		snprintf(out + n, sizeof out - n, "%lld.%02lldS", (long long)s,
		    (long long)frac);
	else
		snprintf(out + n, sizeof out - n, "%lldS", (long long)s);
	return json_string(out);
}

static json_t *
context(const struct cred_institution *inst, const char *learner_id,
    const char *lesson_id, int64_t started, const char *trainer,
    const char *lang)
{
	char reg[37], *lesson_iri;
	json_t *ctx = json_object();

	cred_xapi_registration(inst, learner_id, lesson_id, started, reg);
	json_object_set_new(ctx, "registration", json_string(reg));
	if (trainer != NULL)
		json_object_set_new(ctx, "instructor", agent(inst, trainer));
	if (lesson_id != NULL) {
		lesson_iri = cred_iri(inst->url, "lessons", lesson_id);
		json_object_set_new(ctx, "contextActivities", json_pack(
		    "{s:[o]}", "parent", activity(lesson_iri, "lesson",
		    lesson_id)));
		free(lesson_iri);
	}
	json_object_set_new(ctx, "platform", json_string("layerlab"));
	if (lang != NULL && *lang != '\0')
		json_object_set_new(ctx, "language", json_string(lang));
	return ctx;
}

static json_t *
result_statement(const struct cred_institution *inst,
    const struct cred_result *r)
{
	json_t *st = json_object(), *res = json_object();
	char id[37], when[32], *iri;
	const char *v;

	cred_xapi_result_id(inst, r, id);
	json_object_set_new(st, "id", json_string(id));
	json_object_set_new(st, "actor", agent(inst, r->learner_id));
	if (r->question_id != NULL) {
		v = "answered";
		iri = cred_iri(inst->url, "questions", r->question_id);
		json_object_set_new(st, "object", activity(iri,
		    "cmi.interaction", r->question_id));
	} else {
		v = r->passed ? "passed" : "failed";
		iri = cred_iri(inst->url, "outcomes", r->outcome_id);
		json_object_set_new(st, "object", activity(iri, "assessment",
		    r->outcome_id));
	}
	free(iri);
	json_object_set_new(st, "verb", verb(v));

	json_object_set_new(res, "success", json_boolean(r->passed));
	json_object_set_new(res, "completion", json_true());
	if (r->has_score && r->score_max > r->score_min) {
		double raw = fmin(fmax(r->score, r->score_min), r->score_max);
		double scaled = (raw - r->score_min) /
		    (r->score_max - r->score_min);

		json_object_set_new(res, "score", json_pack("{s:f, s:f, s:f, "
		    "s:f}", "scaled", round(scaled * 10000) / 10000, "raw", raw,
		    "min", r->score_min, "max", r->score_max));
	}
	if (r->duration_ms >= 0)
		json_object_set_new(res, "duration", duration(r->duration_ms));
	json_object_set_new(st, "result", res);
	json_object_set_new(st, "context", context(inst, r->learner_id,
	    r->lesson_id, r->attempt_started,
	    r->method == CRED_METHOD_TRAINER ? r->trainer : NULL, NULL));
	clock_iso8601(when, r->recorded);
	json_object_set_new(st, "timestamp", json_string(when));
	return st;
}

static json_t *
attempt_statement(const struct cred_institution *inst,
    const struct cred_attempt *a, bool completed)
{
	json_t *st = json_object();
	char id[37], when[32], *name, *iri;

	name = xasprintf("%s#attempt/%s/%s/%lld/%s", inst->url, a->learner_id,
	    a->lesson_id, (long long)a->started, completed ? "completed" :
	    "attempted");
	cred_uuid5(name, id);
	free(name);
	json_object_set_new(st, "id", json_string(id));
	json_object_set_new(st, "actor", agent(inst, a->learner_id));
	json_object_set_new(st, "verb", verb(completed ? "completed" :
	    "attempted"));
	iri = cred_iri(inst->url, "lessons", a->lesson_id);
	json_object_set_new(st, "object", activity(iri, "lesson",
	    a->lesson_id));
	free(iri);
	if (completed) {
		json_t *res = json_pack("{s:b}", "completion", 1);

		if (a->ended >= a->started)
			json_object_set_new(res, "duration", duration(
			    (a->ended - a->started) * 1000));
		json_object_set_new(st, "result", res);
	}
	{
		/* Same registration as the attempt's results; the parent of a
		 * lesson is its module. */
		json_t *ctx = context(inst, a->learner_id, a->lesson_id,
		    a->started, NULL, a->lang);

		json_object_del(ctx, "contextActivities");
		if (a->module_id != NULL) {
			char *mod = cred_iri(inst->url, "modules", a->module_id);
			json_object_set_new(ctx, "contextActivities", json_pack(
			    "{s:[o]}", "parent", activity(mod, "course",
			    a->module_id)));
			free(mod);
		}
		json_object_set_new(st, "context", ctx);
	}
	clock_iso8601(when, completed ? a->ended : a->started);
	json_object_set_new(st, "timestamp", json_string(when));
	return st;
}

char *
cred_xapi_export(const struct cred_institution *inst,
    const struct cred_attempt *attempts, size_t nattempts,
    const struct cred_result *results, size_t nresults, char **cause)
{
	json_t *all = json_array();
	char *text;

	if (inst->url == NULL || !str_starts_with(inst->url, "http")) {
		set_cause(cause, "the institution URL (institution.url) must be "
		    "an http(s) URL: it is the learners' account home page");
		json_decref(all);
		return NULL;
	}
	for (size_t i = 0; i < nattempts; i++) {
		const struct cred_attempt *a = &attempts[i];

		if (a->learner_id == NULL || a->lesson_id == NULL)
			continue;
		json_array_append_new(all, attempt_statement(inst, a, false));
		if (a->status != NULL && strcmp(a->status, "completed") == 0 &&
		    a->ended > 0)
			json_array_append_new(all, attempt_statement(inst, a,
			    true));
	}
	for (size_t i = 0; i < nresults; i++) {
		const struct cred_result *r = &results[i];

		if (r->learner_id == NULL || (r->outcome_id == NULL &&
		    r->question_id == NULL)) {
			set_cause(cause, "result %zu has no learner or outcome",
			    i + 1);
			json_decref(all);
			return NULL;
		}
		json_array_append_new(all, result_statement(inst, r));
	}
	text = cred_json_dump(all);
	json_decref(all);
	return text;
}
