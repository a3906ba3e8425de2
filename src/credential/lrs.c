/*
 * Sending xAPI statements to a learning record store (the only user of
 * libcurl in layerlab). Statements go in batches to the LRS's Statements
 * resource with X-Experience-API-Version 1.0.3, authenticated with HTTP
 * Basic or an OAuth 2.0 client-credentials token. What was accepted is
 * reported back batch by batch, so the caller can keep it and send only the
 * rest next time; statement ids are stable, so a batch sent twice (the
 * answer was lost) duplicates nothing in the LRS.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cred_internal.h"

#define LRS_DEFAULT_BATCH 50

static size_t
lrs_collect(char *data, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;

	/* A runaway answer is cut; only its start is ever shown. */
	if (b->len < 65536)
		buf_append(b, data, size * n);
	return size * n;
}

static char *
lrs_resource(const char *base, const char *name)
{
	size_t len = strlen(base);

	return xasprintf("%s%s%s", base, len > 0 && base[len - 1] == '/' ? "" :
	    "/", name);
}

static void
lrs_answer_line(struct buf *answer, char *out, size_t size)
{
	size_t n = answer->len < size - 1 ? answer->len : size - 1;

	memcpy(out, answer->data != NULL ? answer->data : "", n);
	out[n] = '\0';
	out[strcspn(out, "\r\n")] = '\0';
}

/* One request; the status in *status, the body in answer. */
static int
lrs_request(CURL *h, const char *url, struct curl_slist *headers,
    const char *user, const char *password, const char *body,
    long *status, struct buf *answer, char **cause)
{
	CURLcode rc;

	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, lrs_collect);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, answer);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	if (user != NULL) {
		curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(h, CURLOPT_USERNAME, user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, password != NULL ?
		    password : "");
	}
	answer->len = 0;
	if ((rc = curl_easy_perform(h)) != CURLE_OK) {
		set_cause(cause, "cannot reach %s: %s", url,
		    curl_easy_strerror(rc));
		return -1;
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	buf_append(answer, "", 1);
	answer->len--;
	return 0;
}

/* OAuth 2.0 client credentials (RFC 6749 4.4): the client authenticates with Basic. */
static char *
lrs_token(CURL *h, const struct cred_lrs_config *c, char **cause)
{
	struct curl_slist *headers = curl_slist_append(NULL,
	    "Content-Type: application/x-www-form-urlencoded");
	struct buf answer;
	json_t *doc, *token;
	long status = 0;
	char line[200], *out = NULL;

	buf_init(&answer);
	if (lrs_request(h, c->token_url, headers, c->client_id,
	    c->client_secret, "grant_type=client_credentials", &status,
	    &answer, cause) != 0)
		goto done;
	if (status != 200) {
		lrs_answer_line(&answer, line, sizeof line);
		set_cause(cause, "the token endpoint %s refused the client "
		    "credentials (HTTP %ld: %s)", c->token_url, status, line);
		goto done;
	}
	doc = json_loadb(answer.data != NULL ? answer.data : "", answer.len,
	    0, NULL);
	token = json_object_get(doc, "access_token");
	if (!json_is_string(token))
		set_cause(cause, "the token endpoint %s sent no access_token",
		    c->token_url);
	else
		out = xstrdup(json_string_value(token));
	json_decref(doc);
done:
	curl_slist_free_all(headers);
	buf_free(&answer);
	return out;
}

int
cred_lrs_push(const struct cred_lrs_config *c, const char *statements,
    bool (*already)(void *, const char *), int (*accepted)(void *,
    const char *const *, size_t, char **), void *arg,
    struct cred_lrs_report *r, char **cause)
{
	json_t *all, *batch = NULL;
	struct curl_slist *headers = NULL;
	struct buf answer;
	const char **ids = NULL;
	char *url = NULL, *token = NULL, *auth = NULL;
	size_t size = c->batch > 0 ? c->batch : LRS_DEFAULT_BATCH, index;
	CURL *h = NULL;
	json_t *st;
	int rc = -1;

	memset(r, 0, sizeof *r);
	if (c->url == NULL || (!str_starts_with(c->url, "http://") &&
	    !str_starts_with(c->url, "https://"))) {
		set_cause(cause, "the LRS endpoint must be an http(s) URL, not "
		    "'%s'", c->url != NULL ? c->url : "");
		return -1;
	}
	if ((all = json_loads(statements, 0, NULL)) == NULL ||
	    !json_is_array(all)) {
		json_decref(all);
		set_cause(cause, "the statements are not a JSON array");
		return -1;
	}
	/* The queue: every statement the LRS has not yet accepted. */
	batch = json_array();
	json_array_foreach(all, index, st) {
		const char *id = json_string_value(json_object_get(st, "id"));

		if (id == NULL) {
			set_cause(cause, "statement %zu has no id", index + 1);
			goto out;
		}
		if (already != NULL && already(arg, id))
			r->skipped++;
		else
			json_array_append(batch, st);
	}
	r->waiting = json_array_size(batch);
	if (r->waiting == 0) {
		rc = 0;
		goto out;
	}

	curl_global_init(CURL_GLOBAL_DEFAULT);
	if ((h = curl_easy_init()) == NULL) {
		set_cause(cause, "libcurl cannot start");
		goto out;
	}
	if (c->token_url != NULL) {
		if ((token = lrs_token(h, c, cause)) == NULL)
			goto out;
		auth = xasprintf("Authorization: Bearer %s", token);
	}
	headers = curl_slist_append(headers, "Content-Type: application/json");
	headers = curl_slist_append(headers, "X-Experience-API-Version: 1.0.3");
	if (auth != NULL)
		headers = curl_slist_append(headers, auth);
	url = lrs_resource(c->url, "statements");
	buf_init(&answer);
	ids = xcalloc(size + 1, sizeof *ids);
	for (size_t from = 0; from < json_array_size(batch); from += size) {
		size_t n = json_array_size(batch) - from;
		json_t *part = json_array();
		char *body, line[200];
		long status = 0;
		int sent;

		if (n > size)
			n = size;
		for (size_t i = 0; i < n; i++) {
			st = json_array_get(batch, from + i);
			json_array_append(part, st);
			ids[i] = json_string_value(json_object_get(st, "id"));
		}
		body = json_dumps(part, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(part);
		sent = lrs_request(h, url, headers, token == NULL ? c->user :
		    NULL, c->password, body, &status, &answer, cause);
		free(body);
		if (sent != 0)
			break;
		if (status != 200 && status != 204) {
			lrs_answer_line(&answer, line, sizeof line);
			set_cause(cause, "the LRS at %s refused a batch of %zu "
			    "statements (HTTP %ld: %s)", url, n, status, line);
			break;
		}
		if (accepted != NULL && accepted(arg, ids, n, cause) != 0)
			break;
		r->sent += n;
		r->batches++;
	}
	r->waiting -= r->sent;
	rc = r->waiting == 0 ? 0 : -1;
	buf_free(&answer);
out:
	free(ids);
	free(url);
	free(auth);
	free(token);
	curl_slist_free_all(headers);
	if (h != NULL)
		curl_easy_cleanup(h);
	json_decref(batch);
	json_decref(all);
	return rc;
}
