/*
 * Evidence documents the records module composes itself, so that callers
 * (the training screen) need no JSON library of their own.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "core.h"
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
	json_object_set_new(ev, "estimated_s",
	    json_integer((json_int_t)(p->estimated_s + 0.5)));
	if (p->resumed_from_line > 0)
		json_object_set_new(ev, "resumed_from_line",
		    json_integer(p->resumed_from_line));
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
