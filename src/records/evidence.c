/*
 * Evidence documents the records module composes itself, so that callers
 * (the training screen) need no JSON library of their own.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "core.h"
#include "rec-int.h"
#include "records.h"

char *
rec_evidence_signoff(const char *note, const char *station)
{
	json_t *ev = json_pack("{s:s, s:s}", "note", note != NULL ? note : "",
	    "station", station != NULL ? station : "");
	char *text;

	/* Not UTF-8: no evidence rather than a broken document. */
	if (ev == NULL)
		return NULL;
	text = json_dumps(ev, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(ev);
	return text;
}

/* A name from the file system as a JSON string: bytes that are not UTF-8
 * become U+FFFD, so the evidence always parses and still names the file. */
static json_t *
name_string(const char *name)
{
	json_t *j = json_string(name);
	char *fixed;
	size_t n = 0;

	if (j != NULL)
		return j;
	fixed = xmalloc(strlen(name) * 3 + 1);
	for (const unsigned char *p = (const unsigned char *)name; *p != '\0';
	    p++) {
		if (*p < 0x80) {
			fixed[n++] = (char)*p;
			continue;
		}
		memcpy(fixed + n, "\xef\xbf\xbd", 3);
		n += 3;
	}
	fixed[n] = '\0';
	j = json_string(fixed);
	free(fixed);
	return j;
}

/* Marlin's TEMP_WINDOW (Configuration_adv.h): "at target" for M109. */
#define REC_SETTLED_WITHIN_C 1.0

void
rec_heat_span_note(struct rec_heat_span *h, double reading, double target,
    bool counted)
{
	double off = reading - target;

	if (target <= 0)
		return;
	if (target != h->target) {
		h->target = target;
		h->settled = false;
	}
	if (!h->settled && fabs(off) <= REC_SETTLED_WITHIN_C)
		h->settled = true;
	if (!h->settled || !counted)
		return;
	h->reports++;
	if (-off > h->below_c)
		h->below_c = -off;
	if (off > h->above_c)
		h->above_c = off;
}

char *
rec_evidence_own_print(const struct rec_own_print *p)
{
	json_t *ev = json_object();
	char *text;

	json_object_set_new(ev, "file", name_string(p->file));
	json_object_set_new(ev, "sha256", json_string(p->sha256));
	json_object_set_new(ev, "bytes", json_integer((json_int_t)p->bytes));
	json_object_set_new(ev, "check", json_string("passed"));
	json_object_set_new(ev, "outcome", json_string(p->outcome));
	if (p->reason != NULL)
		json_object_set_new(ev, "reason", name_string(p->reason));
	json_object_set_new(ev, "lines_done", json_integer(p->lines_done));
	json_object_set_new(ev, "lines", json_integer(p->lines));
	json_object_set_new(ev, "layer", json_integer(p->layer));
	json_object_set_new(ev, "layers", json_integer(p->layers));
	json_object_set_new(ev, "nozzle_max_c",
	    json_integer((json_int_t)(p->nozzle_max_c + 0.5)));
	json_object_set_new(ev, "bed_max_c",
	    json_integer((json_int_t)(p->bed_max_c + 0.5)));
	{
		const struct rec_heat_span *span[2] = { &p->first_nozzle,
		    &p->first_bed };
		const char *name[2] = { "nozzle", "bed" };
		json_t *l12 = json_object();

		for (int i = 0; i < 2; i++) {
			json_t *h = json_object();

			json_object_set_new(h, "reports",
			    json_integer(span[i]->reports));
			json_object_set_new(h, "below_c",
			    json_real(round(span[i]->below_c * 10) / 10));
			json_object_set_new(h, "above_c",
			    json_real(round(span[i]->above_c * 10) / 10));
			json_object_set_new(l12, name[i], h);
		}
		json_object_set_new(ev, "layers_1_2", l12);
	}
	json_object_set_new(ev, "estimated_s",
	    json_integer((json_int_t)(p->estimated_s + 0.5)));
	if (p->resumed_from_line > 0)
		json_object_set_new(ev, "resumed_from_line",
		    json_integer(p->resumed_from_line));
	if (p->cancel_sent != NULL) {
		json_t *sent = json_array();
		const char *c = p->cancel_sent;

		while (*c != '\0') {
			size_t n = strcspn(c, "\n");
			char *cmd = xstrndup(c, n);

			json_array_append_new(sent, name_string(cmd));
			free(cmd);
			c += n + (c[n] == '\n');
		}
		json_object_set_new(ev, "cancel_sent", sent);
	}
	text = json_dumps(ev, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(ev);
	if (text == NULL)
		fatal("out of memory composing evidence");
	return text;
}

struct rec_sha256 {
	crypto_hash_sha256_state st;
};

struct rec_sha256 *
rec_sha256_new(void)
{
	struct rec_sha256 *h = xmalloc(sizeof *h);

	crypto_hash_sha256_init(&h->st);
	return h;
}

void
rec_sha256_update(struct rec_sha256 *h, const void *data, size_t len)
{
	crypto_hash_sha256_update(&h->st, data, len);
}

void
rec_sha256_final(struct rec_sha256 *h, char out[65])
{
	unsigned char digest[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_final(&h->st, digest);
	sodium_bin2hex(out, 65, digest, sizeof digest);
}

void
rec_sha256_free(struct rec_sha256 *h)
{
	free(h);
}

static char *
own_string(json_t *ev, const char *key)
{
	const char *v = json_string_value(json_object_get(ev, key));

	return v != NULL ? xstrdup(v) : NULL;
}

/* A list of strings in the evidence, one per line; NULL when absent. */
static char *
own_lines(json_t *ev, const char *key)
{
	json_t *a = json_object_get(ev, key), *item;
	size_t i, n = 0;
	char *text;

	if (!json_is_array(a))
		return NULL;
	json_array_foreach(a, i, item)
		n += strlen(json_string_value(item) != NULL ?
		    json_string_value(item) : "") + 1;
	text = xmalloc(n + 1);
	text[0] = '\0';
	n = 0;
	json_array_foreach(a, i, item) {
		const char *v = json_string_value(item) != NULL ?
		    json_string_value(item) : "";

		n += (size_t)sprintf(text + n, "%s%s", i > 0 ? "\n" : "", v);
	}
	return text;
}

static double
own_number(json_t *ev, const char *key)
{
	return json_number_value(json_object_get(ev, key));
}

int
rec_own_print_last(struct rec_store *s, const char *learner_id,
    int64_t since, struct rec_own_print_found *out, char **cause)
{
	struct rec_filter f = { .learner_id = learner_id, .since = since };
	struct rec_result *r;
	const struct rec_result *last = NULL;
	struct rec_own_print *p = &out->print;
	json_t *ev;
	size_t n;

	memset(out, 0, sizeof *out);
	/* An empty list would read as "never printed". */
	if (s->is_copy) {
		set_cause(cause, "the records server cannot be reached, and "
		    "this station's copy holds no results: the prints of %s "
		    "cannot be read until it is back", learner_id);
		return -1;
	}
	if (rec_result_list(s, &f, &r, &n, cause) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(r[i].outcome_id, "print.own-file") == 0 &&
		    r[i].evidence != NULL)
			last = &r[i];
	}
	ev = last != NULL ? json_loads(last->evidence, 0, NULL) : NULL;
	if (ev == NULL) {
		rec_result_free_array(r, n);
		return 0;
	}
	out->time = last->time;
	out->result_id = last->id;
	p->file = out->owned[0] = own_string(ev, "file");
	p->sha256 = out->owned[1] = own_string(ev, "sha256");
	p->outcome = out->owned[2] = own_string(ev, "outcome");
	p->reason = out->owned[3] = own_string(ev, "reason");
	p->bytes = (uint64_t)own_number(ev, "bytes");
	p->lines_done = (long)own_number(ev, "lines_done");
	p->lines = (long)own_number(ev, "lines");
	p->layer = (int)own_number(ev, "layer");
	p->layers = (int)own_number(ev, "layers");
	p->nozzle_max_c = own_number(ev, "nozzle_max_c");
	p->bed_max_c = own_number(ev, "bed_max_c");
	{
		json_t *l12 = json_object_get(ev, "layers_1_2");
		struct rec_heat_span *span[2] = { &p->first_nozzle,
		    &p->first_bed };
		const char *name[2] = { "nozzle", "bed" };

		for (int i = 0; i < 2; i++) {
			json_t *h = json_object_get(l12, name[i]);

			span[i]->reports = (int)own_number(h, "reports");
			span[i]->below_c = own_number(h, "below_c");
			span[i]->above_c = own_number(h, "above_c");
		}
	}
	p->estimated_s = own_number(ev, "estimated_s");
	p->resumed_from_line = (long)own_number(ev, "resumed_from_line");
	p->cancel_sent = out->owned[4] = own_lines(ev, "cancel_sent");
	json_decref(ev);
	rec_result_free_array(r, n);
	return 1;
}

void
rec_own_print_copy(struct rec_own_print_found *out,
    const struct rec_own_print *p, int64_t time, int64_t result_id)
{
	rec_own_print_clear(out);
	out->print = *p;
	out->time = time;
	out->result_id = result_id;
	out->print.file = out->owned[0] = xstrdup_opt(p->file);
	out->print.sha256 = out->owned[1] = xstrdup_opt(p->sha256);
	out->print.outcome = out->owned[2] = xstrdup_opt(p->outcome);
	out->print.reason = out->owned[3] = xstrdup_opt(p->reason);
	out->print.cancel_sent = out->owned[4] = xstrdup_opt(p->cancel_sent);
}

void
rec_own_print_clear(struct rec_own_print_found *f)
{
	for (size_t i = 0; i < LL_ARRAY_LEN(f->owned); i++)
		free(f->owned[i]);
	memset(f, 0, sizeof *f);
}
