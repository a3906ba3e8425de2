/*
 * The JSON that the record-keeping commands print (--json) and export,
 * composed here so that nothing outside records/ and credential/ needs a
 * JSON library. Text is indented by two spaces, keys in a fixed order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "core.h"
#include "records.h"

static char *
json_text(json_t *doc)
{
	char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	json_decref(doc);
	if (text == NULL)
		fatal("out of memory formatting JSON");
	return text;
}

/* "-" for a time that was never set, as the tables print it. */
static void
time_or_dash(int64_t t, char out[32])
{
	if (t == 0)
		snprintf(out, 32, "-");
	else
		clock_iso8601(out, t);
}

static json_t *
learner_json(const struct rec_learner *l)
{
	char created[32];

	time_or_dash(l->created, created);
	return json_pack("{s:s, s:s, s:s?, s:s?, s:s}", "id", l->id,
	    "name", l->name, "group", l->group_id, "school_id", l->school_id,
	    "created", created);
}

static json_t *
achievement_json(const struct rec_achievement *a)
{
	char when[32];

	clock_iso8601(when, a->time);
	return json_pack("{s:s, s:s, s:s, s:s?, s:I}", "outcome",
	    a->outcome_id, "method", rec_method_name(a->method), "time", when,
	    "trainer", a->trainer_id, "result", (json_int_t)a->result_id);
}

char *
rec_json_learners(const struct rec_learner *l, size_t n)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, learner_json(&l[i]));
	return json_text(arr);
}

char *
rec_json_learner(const struct rec_learner *l,
    const struct rec_achievement *ach, size_t nach, size_t attempts,
    size_t running)
{
	json_t *doc = learner_json(l), *outcomes = json_array();

	for (size_t i = 0; i < nach; i++)
		json_array_append_new(outcomes, achievement_json(&ach[i]));
	json_object_set_new(doc, "outcomes_achieved", outcomes);
	json_object_set_new(doc, "attempts", json_integer((json_int_t)attempts));
	json_object_set_new(doc, "attempts_running",
	    json_integer((json_int_t)running));
	return json_text(doc);
}

char *
rec_json_groups(const struct rec_group *g, size_t ng,
    const struct rec_learner *l, size_t nl)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < ng; i++) {
		json_int_t members = 0;

		for (size_t j = 0; j < nl; j++)
			members += l[j].group_id != NULL &&
			    strcmp(l[j].group_id, g[i].id) == 0;
		json_array_append_new(arr, json_pack("{s:s, s:s, s:I}", "id",
		    g[i].id, "name", g[i].name, "learners", members));
	}
	return json_text(arr);
}

char *
rec_json_trainers(const struct rec_trainer *t, size_t n, int64_t now)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < n; i++) {
		json_array_append_new(arr, json_pack("{s:s, s:s, s:b, s:i}",
		    "id", t[i].id, "name", t[i].name, "locked",
		    t[i].locked_until > now, "wrong_pins", t[i].failures));
	}
	return json_text(arr);
}

char *
rec_json_progress(const struct rec_learner *l, size_t nl,
    const struct rec_achievement *ach, size_t nach,
    const char *const *required, size_t nrequired)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < nl; i++) {
		json_t *outcomes = json_array(), *missing = json_array();

		for (size_t j = 0; j < nach; j++) {
			if (strcmp(ach[j].learner_id, l[i].id) == 0)
				json_array_append_new(outcomes,
				    achievement_json(&ach[j]));
		}
		for (size_t c = 0; c < nrequired; c++) {
			bool have = false;

			for (size_t j = 0; j < nach && !have; j++)
				have = strcmp(ach[j].learner_id, l[i].id) == 0 &&
				    strcmp(ach[j].outcome_id, required[c]) == 0;
			if (!have)
				json_array_append_new(missing,
				    json_string(required[c]));
		}
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s?, s:o, "
		    "s:o}", "learner", l[i].id, "name", l[i].name, "group",
		    l[i].group_id, "achieved", outcomes, "missing", missing));
	}
	return json_text(arr);
}

static json_t *
records_time_json(int64_t t)
{
	char when[32];

	if (t == 0)
		return json_null();
	clock_iso8601(when, t);
	return json_string(when);
}

/* Stored JSON goes into the export as JSON, not as a string. */
static json_t *
records_embedded_json(const char *text)
{
	json_t *v;

	if (text == NULL)
		return json_null();
	v = json_loads(text, JSON_DECODE_ANY, NULL);
	return v != NULL ? v : json_string(text);
}

char *
rec_export_json(struct rec_store *s, const struct rec_filter *f,
    const struct rec_result *r, size_t nr, const struct rec_attempt *a,
    size_t na, char **cause)
{
	struct rec_learner *l = NULL;
	struct rec_group *g = NULL;
	struct rec_trainer *t = NULL;
	struct rec_credential *c = NULL;
	struct rec_audit_entry *head = NULL;
	size_t nl = 0, ng = 0, nt = 0, nc = 0, nhead = 0;
	json_t *doc = NULL, *arr, *filter;
	char *text = NULL, when[32];
	int64_t entries = 0;

	if (rec_learner_list(s, f->group_id, &l, &nl, cause) != 0 ||
	    rec_group_list(s, &g, &ng, cause) != 0 ||
	    rec_trainer_list(s, &t, &nt, cause) != 0 ||
	    rec_credential_list(s, f, &c, &nc, cause) != 0)
		goto out;
	/* The head of the audit chain ties this export to the database. */
	if (rec_audit_list(s, 0, 0, &head, &nhead, cause) != 0)
		goto out;
	entries = (int64_t)nhead;

	doc = json_object();
	json_object_set_new(doc, "format", json_string("layerlab-records"));
	json_object_set_new(doc, "format_version", json_integer(1));
	clock_iso8601(when, (int64_t)time(NULL));
	json_object_set_new(doc, "exported", json_string(when));
	json_object_set_new(doc, "schema_version",
	    json_integer(REC_SCHEMA_VERSION));
	filter = json_pack("{s:s?, s:s?, s:o}", "learner", f->learner_id,
	    "group", f->group_id, "since", records_time_json(f->since));
	json_object_set_new(doc, "filter", filter);
	if (entries > 0) {
		json_object_set_new(doc, "audit_head", json_pack("{s:I, s:s}",
		    "entry", (json_int_t)head[nhead - 1].seq, "hash",
		    head[nhead - 1].hash));
	}

	arr = json_array();
	for (size_t i = 0; i < ng; i++) {
		if (f->group_id != NULL && strcmp(g[i].id, f->group_id) != 0)
			continue;
		json_array_append_new(arr, json_pack("{s:s, s:s, s:o}", "id",
		    g[i].id, "name", g[i].name, "created",
		    records_time_json(g[i].created)));
	}
	json_object_set_new(doc, "groups", arr);

	arr = json_array();
	for (size_t i = 0; i < nl; i++) {
		if (f->learner_id != NULL && strcmp(l[i].id, f->learner_id) != 0)
			continue;
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s?, s:s?, "
		    "s:o}", "id", l[i].id, "name", l[i].name, "group",
		    l[i].group_id, "school_id", l[i].school_id, "created",
		    records_time_json(l[i].created)));
	}
	json_object_set_new(doc, "learners", arr);

	/* PIN hashes stay in the database. */
	arr = json_array();
	for (size_t i = 0; i < nt; i++) {
		json_array_append_new(arr, json_pack("{s:s, s:s, s:o}", "id",
		    t[i].id, "name", t[i].name, "created",
		    records_time_json(t[i].created)));
	}
	json_object_set_new(doc, "trainers", arr);

	arr = json_array();
	for (size_t i = 0; i < na; i++) {
		char seed[32];

		snprintf(seed, sizeof seed, "%llu", (unsigned long long)a[i].seed);
		json_array_append_new(arr, json_pack("{s:I, s:s, s:{s:s, s:s, "
		    "s:s}, s:s, s:s?, s:s?, s:s?, s:s?, s:s, s:i, s:s?, s:s, "
		    "s:o, s:o}", "id", (json_int_t)a[i].id, "learner",
		    a[i].learner_id, "module", "id", a[i].module_id, "version",
		    a[i].module_version, "content_hash", a[i].module_hash,
		    "lesson", a[i].lesson_id, "station", a[i].station,
		    "printer_profile", a[i].printer_profile, "firmware",
		    a[i].firmware, "lang", a[i].lang, "seed", seed,
		    "step_index", a[i].step_index, "step_id", a[i].step_id,
		    "status", rec_attempt_status_name(a[i].status), "started",
		    records_time_json(a[i].started), "finished",
		    records_time_json(a[i].finished)));
	}
	json_object_set_new(doc, "attempts", arr);

	arr = json_array();
	for (size_t i = 0; i < nr; i++) {
		json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:b, s:s?, "
		    "s:o, s:o}", "id", (json_int_t)r[i].id, "attempt",
		    (json_int_t)r[i].attempt_id, "learner", r[i].learner_id,
		    "outcome", r[i].outcome_id, "method",
		    rec_method_name(r[i].method), "passed", r[i].passed,
		    "trainer", r[i].trainer_id, "time",
		    records_time_json(r[i].time), "evidence",
		    records_embedded_json(r[i].evidence));

		if (r[i].has_score) {
			json_object_set_new(o, "score", json_real(r[i].score));
			json_object_set_new(o, "score_max",
			    json_real(r[i].score_max));
		}
		json_array_append_new(arr, o);
	}
	json_object_set_new(doc, "results", arr);

	arr = json_array();
	for (size_t i = 0; i < nc; i++) {
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:o, "
		    "s:b, s:s?, s:o, s:o}", "id", c[i].uri, "learner",
		    c[i].learner_id, "definition", c[i].definition_id, "issued",
		    records_time_json(c[i].issued), "revoked", c[i].revoked,
		    "revoke_reason", c[i].revoke_reason, "revoked_at",
		    records_time_json(c[i].revoked_at), "document",
		    records_embedded_json(c[i].document)));
	}
	json_object_set_new(doc, "credentials", arr);

	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(15));
	if (text == NULL)
		set_cause(cause, "cannot format the export as JSON");
out:
	json_decref(doc);
	rec_learner_free_array(l, nl);
	rec_group_free_array(g, ng);
	rec_trainer_free_array(t, nt);
	rec_credential_free_array(c, nc);
	rec_audit_free_array(head, nhead);
	return text;
}
