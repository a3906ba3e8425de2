/*
 * The definition of a credential and the small helpers every part of the
 * credential module shares: multilingual texts, enum names, IRIs, dates,
 * UUIDs and the JSON layout of the files layerlab writes.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>
#include <uuid/uuid.h>

#include "cred_internal.h"

void
cred_text_add(struct cred_text *t, const char *lang, const char *text)
{
	t->v = xrealloc(t->v, (t->n + 1) * sizeof *t->v);
	t->v[t->n].lang = xstrdup(lang);
	t->v[t->n].text = xstrdup(text);
	t->n++;
}

const char *
cred_text_get(const struct cred_text *t, const char *lang)
{
	size_t base;

	if (t->n == 0)
		return NULL;
	if (lang != NULL) {
		for (size_t i = 0; i < t->n; i++) {
			if (strcmp(t->v[i].lang, lang) == 0)
				return t->v[i].text;
		}
		/* "sr-Latn" falls back to "sr", "sr" to any "sr-..." */
		base = strcspn(lang, "-_");
		for (size_t i = 0; i < t->n; i++) {
			if (strncmp(t->v[i].lang, lang, base) == 0 &&
			    (t->v[i].lang[base] == '\0' ||
			    t->v[i].lang[base] == '-'))
				return t->v[i].text;
		}
	}
	for (size_t i = 0; i < t->n; i++) {
		if (strcmp(t->v[i].lang, "en") == 0)
			return t->v[i].text;
	}
	return t->v[0].text;
}

void
cred_text_free(struct cred_text *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].lang);
		free(t->v[i].text);
	}
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

struct cred_outcome *
cred_definition_add_outcome(struct cred_definition *def)
{
	struct cred_outcome *o;

	def->outcomes = xrealloc(def->outcomes,
	    (def->noutcomes + 1) * sizeof *def->outcomes);
	o = &def->outcomes[def->noutcomes++];
	memset(o, 0, sizeof *o);
	return o;
}

void
cred_definition_add_module(struct cred_definition *def, const char *id)
{
	def->modules = xrealloc(def->modules,
	    (def->nmodules + 1) * sizeof *def->modules);
	def->modules[def->nmodules++] = xstrdup(id);
}

struct cred_part *
cred_definition_add_part(struct cred_definition *def)
{
	struct cred_part *p;

	def->builds_on = xrealloc(def->builds_on,
	    (def->nbuilds_on + 1) * sizeof *def->builds_on);
	p = &def->builds_on[def->nbuilds_on++];
	memset(p, 0, sizeof *p);
	return p;
}

void
cred_definition_free(struct cred_definition *def)
{
	free(def->id);
	free(def->version);
	cred_text_free(&def->title);
	cred_text_free(&def->description);
	for (size_t i = 0; i < def->nmodules; i++)
		free(def->modules[i]);
	free(def->modules);
	for (size_t i = 0; i < def->noutcomes; i++) {
		free(def->outcomes[i].id);
		free(def->outcomes[i].module);
		cred_text_free(&def->outcomes[i].title);
		cred_text_free(&def->outcomes[i].description);
	}
	free(def->outcomes);
	cred_text_free(&def->assessment);
	cred_text_free(&def->quality_assurance);
	cred_text_free(&def->prerequisites);
	cred_text_free(&def->stackability);
	free(def->further_information);
	cred_text_free(&def->national_level);
	cred_text_free(&def->assessment_rules);
	for (size_t i = 0; i < def->nbuilds_on; i++) {
		struct cred_part *p = &def->builds_on[i];

		free(p->id);
		cred_text_free(&p->title);
		for (size_t k = 0; k < p->nmodules; k++)
			free(p->modules[k]);
		free(p->modules);
	}
	free(def->builds_on);
	for (size_t i = 0; i < def->nabsent_modules; i++)
		free(def->absent_modules[i]);
	free(def->absent_modules);
	memset(def, 0, sizeof *def);
}

int
cred_definition_check(const struct cred_definition *def, char **cause)
{
	const char *id = def->id != NULL ? def->id : "(no id)";

	if (def->id == NULL || *def->id == '\0') {
		set_cause(cause, "credential: 'id' is missing");
		return -1;
	}
	if (def->title.n == 0) {
		set_cause(cause, "credential %s: 'title' is missing", id);
		return -1;
	}
	if (def->description.n == 0) {
		set_cause(cause, "credential %s: 'description' is missing", id);
		return -1;
	}
	if (def->noutcomes == 0 && def->nabsent_modules == 0) {
		set_cause(cause, "credential %s: it requires no outcomes", id);
		return -1;
	}
	for (size_t i = 0; i < def->noutcomes; i++) {
		const struct cred_outcome *o = &def->outcomes[i];

		if (o->id == NULL || *o->id == '\0') {
			set_cause(cause, "credential %s: outcome %zu has no id",
			    id, i + 1);
			return -1;
		}
		if (o->description.n == 0 && o->title.n == 0) {
			set_cause(cause, "credential %s: outcome %s has no "
			    "text", id, o->id);
			return -1;
		}
		for (size_t j = 0; j < i; j++) {
			if (strcmp(def->outcomes[j].id, o->id) == 0) {
				set_cause(cause, "credential %s: outcome %s is "
				    "listed twice", id, o->id);
				return -1;
			}
		}
	}
	if (def->eqf_level < 1 || def->eqf_level > 8) {
		set_cause(cause, "credential %s: 'eqf_level' must be 1 to 8, "
		    "not %d", id, def->eqf_level);
		return -1;
	}
	if (def->workload_hours <= 0) {
		set_cause(cause, "credential %s: 'workload_hours' must be "
		    "positive", id);
		return -1;
	}
	if (!(def->ects >= 0) || def->ects > 60 || !isfinite(def->ects)) {
		set_cause(cause, "credential %s: 'ects' must be 0 to 60", id);
		return -1;
	}
	if (def->assessment.n == 0) {
		set_cause(cause, "credential %s: 'assessment' (the type of "
		    "assessment) is missing", id);
		return -1;
	}
	if ((def->contact_hours | def->practice_hours |
	    def->self_study_hours) != 0 && def->contact_hours +
	    def->practice_hours + def->self_study_hours != def->workload_hours) {
		set_cause(cause, "credential %s: contact, practice and "
		    "self-study hours (%d + %d + %d) must add up to "
		    "'workload_hours' (%d)", id, def->contact_hours,
		    def->practice_hours, def->self_study_hours,
		    def->workload_hours);
		return -1;
	}
	return 0;
}

const char *
cred_kind_code(enum cred_kind kind)
{
	switch (kind) {
	case CRED_KIND_KNOWLEDGE: return "K";
	case CRED_KIND_SKILL: return "S";
	case CRED_KIND_RESPONSIBILITY: return "RA";
	}
	return "?";
}

static const char *const method_names[] = { "quiz", "printer", "trainer",
    "observation" };
static const char *const participation_names[] = { "onsite", "online",
    "blended" };
static const char *const supervision_names[] = { "unsupervised-no-id",
    "supervised-no-id", "supervised-onsite-with-id",
    "supervised-online-with-id" };

static int
name_parse(const char *const *names, size_t n, const char *name, int *out)
{
	for (size_t i = 0; i < n; i++) {
		if (name != NULL && strcmp(names[i], name) == 0) {
			*out = (int)i;
			return 0;
		}
	}
	return -1;
}

const char *
cred_method_name(enum cred_method method)
{
	return (size_t)method < LL_ARRAY_LEN(method_names) ?
	    method_names[method] : "?";
}

int
cred_method_parse(const char *name, enum cred_method *method)
{
	int v;

	if (name_parse(method_names, LL_ARRAY_LEN(method_names), name, &v) != 0)
		return -1;
	*method = (enum cred_method)v;
	return 0;
}

const char *
cred_participation_name(enum cred_participation p)
{
	return (size_t)p < LL_ARRAY_LEN(participation_names) ?
	    participation_names[p] : "?";
}

int
cred_participation_parse(const char *name, enum cred_participation *p)
{
	int v;

	if (name_parse(participation_names, LL_ARRAY_LEN(participation_names),
	    name, &v) != 0)
		return -1;
	*p = (enum cred_participation)v;
	return 0;
}

const char *
cred_supervision_name(enum cred_supervision s)
{
	return (size_t)s < LL_ARRAY_LEN(supervision_names) ?
	    supervision_names[s] : "?";
}

int
cred_supervision_parse(const char *name, enum cred_supervision *s)
{
	int v;

	if (name_parse(supervision_names, LL_ARRAY_LEN(supervision_names),
	    name, &v) != 0)
		return -1;
	*s = (enum cred_supervision)v;
	return 0;
}

void
cred_result_from_rec(const struct rec_result *r, struct cred_result *out)
{
	memset(out, 0, sizeof *out);
	out->learner_id = r->learner_id;
	out->lesson_id = r->lesson_id;
	out->attempt_started = r->attempt_started;
	out->outcome_id = r->outcome_id;
	switch (r->method) {
	case REC_METHOD_QUIZ: out->method = CRED_METHOD_QUIZ; break;
	case REC_METHOD_PRINTER: out->method = CRED_METHOD_PRINTER; break;
	case REC_METHOD_TRAINER: out->method = CRED_METHOD_TRAINER; break;
	case REC_METHOD_OBSERVATION:
		out->method = CRED_METHOD_OBSERVATION;
		break;
	}
	out->passed = r->passed;
	out->has_score = r->has_score;
	out->score = r->score;
	out->score_min = 0;
	out->score_max = r->score_max;
	out->duration_ms = r->time >= r->attempt_started && r->attempt_started > 0 ?
	    (r->time - r->attempt_started) * 1000 : -1;
	out->trainer = r->trainer_id;
	out->recorded = r->time;
	out->module_id = r->module_id;
}

void
cred_attempt_from_rec(const struct rec_attempt *a, struct cred_attempt *out)
{
	memset(out, 0, sizeof *out);
	out->learner_id = a->learner_id;
	out->lesson_id = a->lesson_id;
	out->module_id = a->module_id;
	out->station = a->station;
	out->lang = a->lang;
	out->started = a->started;
	out->ended = a->finished;
	out->status = rec_attempt_status_name(a->status);
}

/* ---- JSON for people: insertion order, two-space indent, numbers in the
 * same shortest form the signature uses. */

static void
dump_value(struct buf *out, const json_t *v, int depth)
{
	char num[32];
	size_t n;
	void *it;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		if (json_object_size(v) == 0) {
			buf_append_str(out, "{}");
			return;
		}
		buf_append_str(out, "{");
		n = 0;
		for (it = json_object_iter((json_t *)v); it != NULL;
		    it = json_object_iter_next((json_t *)v, it)) {
			buf_appendf(out, "%s\n%*s", n++ ? "," : "",
			    2 * (depth + 1), "");
			jcs_append_string(out, json_object_iter_key(it),
			    json_object_iter_key_len(it));
			buf_append_str(out, ": ");
			dump_value(out, json_object_iter_value(it), depth + 1);
		}
		buf_appendf(out, "\n%*s}", 2 * depth, "");
		return;
	case JSON_ARRAY:
		if (json_array_size(v) == 0) {
			buf_append_str(out, "[]");
			return;
		}
		buf_append_str(out, "[");
		for (size_t i = 0; i < json_array_size(v); i++) {
			buf_appendf(out, "%s\n%*s", i ? "," : "",
			    2 * (depth + 1), "");
			dump_value(out, json_array_get(v, i), depth + 1);
		}
		buf_appendf(out, "\n%*s]", 2 * depth, "");
		return;
	case JSON_INTEGER:
	case JSON_REAL:
		if (cred_jcs_number(json_number_value(v), num) != 0)
			fatal("non-finite number in a document");
		buf_append_str(out, num);
		return;
	default:
		jcs_append(v, out, NULL);
		return;
	}
}

char *
cred_json_dump(const json_t *v)
{
	struct buf b;

	buf_init(&b);
	dump_value(&b, v, 0);
	buf_append_str(&b, "\n");
	return buf_detach(&b);
}

/* ---- IRIs, dates, identifiers. */

char *
cred_iri(const char *base, const char *kind, const char *segment)
{
	struct buf b;
	size_t blen = strlen(base);

	buf_init(&b);
	buf_append(&b, base, blen);
	if (blen == 0 || base[blen - 1] != '/')
		buf_append_str(&b, "/");
	buf_append_str(&b, kind);
	if (segment != NULL) {
		buf_append_str(&b, "/");
		for (const unsigned char *p = (const unsigned char *)segment;
		    *p != '\0'; p++) {
			if (isalnum(*p) || strchr("-._~", *p) != NULL)
				buf_append(&b, p, 1);
			else
				buf_appendf(&b, "%%%02X", *p);
		}
	}
	return buf_detach(&b);
}

int
cred_datetime_parse(const char *s, int64_t *out)
{
	struct tm tm;
	int n = 0;

	memset(&tm, 0, sizeof tm);
	if (s == NULL || strlen(s) != 20 ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 ||
	    n != 20)
		return -1;
	if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 60)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = (int64_t)timegm(&tm);
	return 0;
}

bool
cred_datetime_valid(const char *s)
{
	int y, mo, d, h, mi, se, n = 0;
	const char *p;

	if (s == NULL || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d,
	    &h, &mi, &se, &n) != 6 || n != 19)
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    se > 60)
		return false;
	p = s + 19;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (strcmp(p, "Z") == 0)
		return true;
	return (p[0] == '+' || p[0] == '-') && isdigit((unsigned char)p[1]) &&
	    isdigit((unsigned char)p[2]) && p[3] == ':' &&
	    isdigit((unsigned char)p[4]) && isdigit((unsigned char)p[5]) &&
	    p[6] == '\0';
}

void
cred_hex(const uint8_t *data, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[data[i] >> 4];
		out[2 * i + 1] = digits[data[i] & 15];
	}
	out[2 * len] = '\0';
}

static void
uuid_format(uint8_t b[16], char out[37])
{
	char hex[33];

	cred_hex(b, 16, hex);
	snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12,
	    hex + 16, hex + 20);
}

void
cred_uuid4(char out[37])
{
	uint8_t b[16];

	if (sodium_init() < 0)
		fatal("libsodium failed to initialise");
	randombytes_buf(b, sizeof b);
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
	uuid_format(b, out);
}

/*
 * RFC 9562 name-based UUID, version 5, in the URL namespace (libuuid's
 * uuid_generate_sha1). SHA-1 is what version 5 specifies; it only spreads
 * names over ids here, it guards nothing.
 */
void
cred_uuid5(const char *name, char out[37])
{
	uuid_t ns, id;

	if (uuid_parse("6ba7b811-9dad-11d1-80b4-00c04fd430c8", ns) != 0)
		fatal("uuid: the URL namespace does not parse");
	uuid_generate_sha1(id, ns, name, strlen(name));
	uuid_unparse_lower(id, out);
}
