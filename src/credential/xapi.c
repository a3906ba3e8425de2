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

/* The record's identity, the name its statement id is made from. */
static char *
result_name(const struct cred_institution *inst, const struct cred_result *r)
{
	return xasprintf("%s#result/%s/%s/%lld/%s/%s/%s/%lld", inst->url,
	    r->learner_id, r->lesson_id ? r->lesson_id : "",
	    (long long)r->attempt_started, r->outcome_id ? r->outcome_id : "",
	    r->question_id ? r->question_id : "", cred_method_name(r->method),
	    (long long)r->recorded);
}

/*
 * Two records with the same identity (two checks of one outcome in the same
 * second) are told apart by their order: the first keeps the plain name, so
 * ids exported before stay the same.
 */
static void
repeat_id(const char *name, int repeat, char out[37])
{
	char *numbered;

	if (repeat == 0) {
		cred_uuid5(name, out);
		return;
	}
	numbered = xasprintf("%s#%d", name, repeat);
	cred_uuid5(numbered, out);
	free(numbered);
}

void
cred_xapi_result_id(const struct cred_institution *inst,
    const struct cred_result *r, char out[37])
{
	char *name = result_name(inst, r);

	cred_uuid5(name, out);
	free(name);
}

static char *module_lesson(const char *module_id, const char *lesson_id);

void
cred_xapi_registration(const struct cred_institution *inst,
    const char *learner_id, const char *module_id, const char *lesson_id,
    int64_t started, char out[37])
{
	char *ml = module_lesson(module_id, lesson_id);
	char *name = xasprintf("%s#attempt/%s/%s/%lld", inst->url, learner_id,
	    ml, (long long)started);

	cred_uuid5(name, out);
	free(name);
	free(ml);
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

/* name is in lang (a BCP 47 tag; "und" when not known). */
static json_t *
activity(const char *iri, const char *type, const char *name,
    const char *lang)
{
	json_t *def = json_pack("{s:s+}", "type", ADL_ACTIVITY, type);

	if (name != NULL)
		json_object_set_new(def, "name", json_pack("{s:s}", lang != NULL ?
		    lang : "und", name));
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

/*
 * Lesson ids are unique only within a module: the lesson's IRI and the
 * attempt's registration carry the module when it is known.
 */
static char *
lesson_iri(const struct cred_institution *inst, const char *module_id,
    const char *lesson_id)
{
	char *mod, *iri;

	if (module_id == NULL)
		return cred_iri(inst->url, "lessons", lesson_id);
	mod = cred_iri(inst->url, "modules", module_id);
	iri = cred_iri(mod, "lessons", lesson_id);
	free(mod);
	return iri;
}

static char *
module_lesson(const char *module_id, const char *lesson_id)
{
	if (module_id == NULL || lesson_id == NULL)
		return xstrdup(lesson_id != NULL ? lesson_id : "");
	return xasprintf("%s/%s", module_id, lesson_id);
}

static json_t *
context(const struct cred_institution *inst, const char *learner_id,
    const char *module_id, const char *lesson_id, int64_t started,
    int repeat, const char *trainer, const char *lang)
{
	char reg[37], *iri, *name, *ml = module_lesson(module_id, lesson_id);
	json_t *ctx = json_object();

	name = xasprintf("%s#attempt/%s/%s/%lld", inst->url, learner_id, ml,
	    (long long)started);
	repeat_id(name, repeat, reg);
	free(name);
	free(ml);
	json_object_set_new(ctx, "registration", json_string(reg));
	if (trainer != NULL)
		json_object_set_new(ctx, "instructor", agent(inst, trainer));
	if (lesson_id != NULL) {
		iri = lesson_iri(inst, module_id, lesson_id);
		json_object_set_new(ctx, "contextActivities", json_pack(
		    "{s:[o]}", "parent", activity(iri, "lesson", lesson_id,
		    "und")));
		free(iri);
	}
	json_object_set_new(ctx, "platform", json_string("layerlab"));
	if (lang != NULL && *lang != '\0')
		json_object_set_new(ctx, "language", json_string(lang));
	return ctx;
}

static json_t *
result_statement(const struct cred_institution *inst,
    const struct cred_result *r, int repeat, int attempt_repeat)
{
	json_t *st = json_object(), *res = json_object(), *ctx;
	char id[37], when[32], *iri, *name = result_name(inst, r);
	const char *v;

	repeat_id(name, repeat, id);
	free(name);
	json_object_set_new(st, "id", json_string(id));
	json_object_set_new(st, "actor", agent(inst, r->learner_id));
	if (r->question_id != NULL) {
		v = "answered";
		iri = cred_iri(inst->url, "questions", r->question_id);
		json_object_set_new(st, "object", activity(iri,
		    "cmi.interaction", r->question_id, "und"));
	} else if (r->method == CRED_METHOD_OBSERVATION) {
		/*
		 * One occasion a trainer saw the learner at work. "passed" on
		 * the outcome would tell an LRS the outcome was achieved,
		 * which only the sign-off that cites such occasions does. So
		 * the object is the occasion, a performance ("an attempted
		 * task or series of tasks within a particular context", ADL
		 * activity types) of its own IRI under the outcome's; the
		 * learner completed it, and result.success (xAPI: "whether
		 * or not the attempt on the Activity was successful") is
		 * whether the rules were kept then. The outcome it counts
		 * towards is named in contextActivities.other.
		 */
		char *outcome = cred_iri(inst->url, "outcomes", r->outcome_id);
		char *label = xasprintf("Observation: %s", r->title != NULL ?
		    r->title : r->outcome_id);

		v = "completed";
		iri = xasprintf("%s/observation", outcome);
		json_object_set_new(st, "object", activity(iri, "performance",
		    label, r->title != NULL ? r->title_lang : "und"));
		free(label);
		free(outcome);
	} else {
		v = r->passed ? "passed" : "failed";
		iri = cred_iri(inst->url, "outcomes", r->outcome_id);
		/* The outcome's title when known, else its bare id. */
		json_object_set_new(st, "object", activity(iri, "assessment",
		    r->title != NULL ? r->title : r->outcome_id,
		    r->title != NULL ? r->title_lang : "und"));
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
	ctx = context(inst, r->learner_id, r->module_id, r->lesson_id,
	    r->attempt_started, attempt_repeat,
	    r->method == CRED_METHOD_TRAINER ||
	    r->method == CRED_METHOD_OBSERVATION ? r->trainer : NULL,
	    r->title != NULL ? r->title_lang : NULL);
	if (r->method == CRED_METHOD_OBSERVATION && r->question_id == NULL) {
		json_t *ca = json_object_get(ctx, "contextActivities");

		if (ca == NULL) {
			ca = json_object();
			json_object_set_new(ctx, "contextActivities", ca);
		}
		iri = cred_iri(inst->url, "outcomes", r->outcome_id);
		json_object_set_new(ca, "other", json_pack("[o]", activity(iri,
		    "assessment", r->title != NULL ? r->title : r->outcome_id,
		    r->title != NULL ? r->title_lang : "und")));
		free(iri);
	}
	json_object_set_new(st, "context", ctx);
	clock_iso8601(when, r->recorded);
	json_object_set_new(st, "timestamp", json_string(when));
	return st;
}

static json_t *
attempt_statement(const struct cred_institution *inst,
    const struct cred_attempt *a, int repeat, bool completed)
{
	json_t *st = json_object();
	char id[37], when[32], *name, *iri;
	char *ml = module_lesson(a->module_id, a->lesson_id);

	name = xasprintf("%s#attempt/%s/%s/%lld/%s", inst->url, a->learner_id,
	    ml, (long long)a->started, completed ? "completed" : "attempted");
	free(ml);
	repeat_id(name, repeat, id);
	free(name);
	json_object_set_new(st, "id", json_string(id));
	json_object_set_new(st, "actor", agent(inst, a->learner_id));
	json_object_set_new(st, "verb", verb(completed ? "completed" :
	    "attempted"));
	iri = lesson_iri(inst, a->module_id, a->lesson_id);
	json_object_set_new(st, "object", activity(iri, "lesson",
	    a->lesson_id, "und"));
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
		json_t *ctx = context(inst, a->learner_id, a->module_id,
		    a->lesson_id, a->started, repeat, NULL, a->lang);

		json_object_del(ctx, "contextActivities");
		if (a->module_id != NULL) {
			char *mod = cred_iri(inst->url, "modules", a->module_id);
			json_object_set_new(ctx, "contextActivities", json_pack(
			    "{s:[o]}", "parent", activity(mod, "course",
			    a->module_id, "und")));
			free(mod);
		}
		json_object_set_new(st, "context", ctx);
	}
	clock_iso8601(when, completed ? a->ended : a->started);
	json_object_set_new(st, "timestamp", json_string(when));
	return st;
}

struct named {
	char *name;
	size_t index;
};

static int
named_cmp(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : x->index < y->index ? -1 : x->index > y->index;
}

static char *
attempt_name(const struct cred_institution *inst, const struct cred_attempt *a)
{
	char *ml = module_lesson(a->module_id, a->lesson_id);
	char *name = xasprintf("%s#attempt/%s/%s/%lld", inst->url,
	    a->learner_id != NULL ? a->learner_id : "", ml,
	    (long long)a->started);

	free(ml);
	return name;
}

/* For each record, how many before it (in order) share its identity. */
static int *
repeats(const struct cred_institution *inst, const void *rows, size_t n,
    bool attempts)
{
	struct named *v = xcalloc(n + 1, sizeof *v);
	int *out = xcalloc(n + 1, sizeof *out);

	for (size_t i = 0; i < n; i++) {
		v[i].name = attempts ? attempt_name(inst,
		    &((const struct cred_attempt *)rows)[i]) : result_name(inst,
		    &((const struct cred_result *)rows)[i]);
		v[i].index = i;
	}
	qsort(v, n, sizeof *v, named_cmp);
	for (size_t i = 1; i < n; i++) {
		if (strcmp(v[i].name, v[i - 1].name) == 0)
			out[v[i].index] = out[v[i - 1].index] + 1;
	}
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
	return out;
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
	int *arepeat = repeats(inst, attempts, nattempts, true);
	int *rrepeat = repeats(inst, results, nresults, false);

	for (size_t i = 0; i < nattempts; i++) {
		const struct cred_attempt *a = &attempts[i];

		if (a->learner_id == NULL || a->lesson_id == NULL)
			continue;
		json_array_append_new(all, attempt_statement(inst, a,
		    arepeat[i], false));
		if (a->status != NULL && strcmp(a->status, "completed") == 0 &&
		    a->ended > 0)
			json_array_append_new(all, attempt_statement(inst, a,
			    arepeat[i], true));
	}
	for (size_t i = 0; i < nresults; i++) {
		const struct cred_result *r = &results[i];

		if (r->learner_id == NULL || (r->outcome_id == NULL &&
		    r->question_id == NULL)) {
			set_cause(cause, "result %zu has no learner or outcome",
			    i + 1);
			json_decref(all);
			free(arepeat);
			free(rrepeat);
			return NULL;
		}
		/*
		 * A result names its attempt by learner, module, lesson and
		 * start: of two attempts started in the same second, the
		 * first one's registration.
		 */
		json_array_append_new(all, result_statement(inst, r,
		    rrepeat[i], 0));
	}
	free(arepeat);
	free(rrepeat);
	text = cred_json_dump(all);
	json_decref(all);
	return text;
}
