/*
 * Fetching a document the institution publishes (a revocation list) over
 * HTTP(S) with libcurl: a bounded body, a bounded time, http and https
 * only, a few redirects at most. The only network access layerlab makes,
 * and only when asked (credential verify --online or a URL given).
 */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "cli.h"

struct body {
	struct buf b;
	size_t max;
	bool too_big;
};

static size_t
collect(char *data, size_t size, size_t n, void *arg)
{
	struct body *body = arg;

	if (body->b.len + size * n > body->max) {
		body->too_big = true;
		return 0;	/* aborts the transfer */
	}
	buf_append(&body->b, data, size * n);
	return size * n;
}

bool
cli_is_http_url(const char *s)
{
	return s != NULL && (strncmp(s, "https://", 8) == 0 ||
	    strncmp(s, "http://", 7) == 0);
}

char *
cli_http_get(const char *url, size_t max, size_t *len, char **cause)
{
	struct body body = { .max = max };
	CURL *curl;
	CURLcode rc;
	long status = 0;

	if (!cli_is_http_url(url)) {
		set_cause(cause, "%s: not an http(s) URL", url);
		return NULL;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (curl = curl_easy_init()) == NULL) {
		set_cause(cause, "%s: libcurl did not start", url);
		return NULL;
	}
	buf_init(&body.b);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 3L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "layerlab/" LL_VERSION);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
	rc = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(curl);
	curl_global_cleanup();
	if (body.too_big) {
		set_cause(cause, "%s: larger than %zu bytes", url, max);
		buf_free(&body.b);
		return NULL;
	}
	if (rc != CURLE_OK) {
		set_cause(cause, "%s: %s", url, curl_easy_strerror(rc));
		buf_free(&body.b);
		return NULL;
	}
	if (status != 200) {
		set_cause(cause, "%s: HTTP status %ld", url, status);
		buf_free(&body.b);
		return NULL;
	}
	*len = body.b.len;
	buf_append(&body.b, "", 1);	/* NUL-terminated for text */
	return buf_detach(&body.b);
}
