/*
 * What an institution publishes next to its credentials: layerlab's JSON-LD
 * context for the EU fields, and the revocation list as a W3C Bitstring
 * Status List (a signed BitstringStatusListCredential whose encodedList is
 * the GZIP-compressed bitstring in multibase base64url). A verifier holding
 * the list sees a revocation without asking the school's records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <zlib.h>

#include "cred_internal.h"

#define PATH_CONTEXT "layerlab/credentials-v1.jsonld"
#define PATH_STATUS "layerlab/status/revocation.json"
#define PATH_VERIFY "layerlab/verify"

/* layerlab's context: src/credential/context-v1.jsonld, compiled in. */
extern const char cred_context_v1[];

char *
cred_context_url(const char *institution_url)
{
	return cred_iri(institution_url, PATH_CONTEXT, NULL);
}

char *
cred_status_list_url(const char *institution_url)
{
	return cred_iri(institution_url, PATH_STATUS, NULL);
}

char *
cred_verify_url(const char *institution_url, const char *credential_id)
{
	const char *uuid = credential_id;

	if (str_starts_with(uuid, "urn:uuid:"))
		uuid += strlen("urn:uuid:");
	return cred_iri(institution_url, PATH_VERIFY, uuid);
}

const char *
cred_context_document(void)
{
	return cred_context_v1;
}

int64_t
cred_status_index(const char *credential_json)
{
	json_t *doc = cred_json_parse(credential_json, strlen(credential_json),
	    NULL), *status;
	const char *index;
	int64_t v = -1;
	char *end;

	status = json_object_get(doc, "credentialStatus");
	index = json_string_value(json_object_get(status, "statusListIndex"));
	if (index != NULL && *index >= '0' && *index <= '9') {
		long long n = strtoll(index, &end, 10);

		if (*end == '\0' && n < CRED_STATUS_LIST_BITS)
			v = n;
	}
	json_decref(doc);
	return v;
}

int64_t
cred_status_index_pick(const int64_t *taken, size_t ntaken)
{
	uint8_t *used = xcalloc(CRED_STATUS_LIST_BITS / 8, 1);
	size_t nused = 0;
	int64_t pick = -1;

	for (size_t i = 0; i < ntaken; i++) {
		int64_t t = taken[i];

		if (t < 0 || t >= CRED_STATUS_LIST_BITS ||
		    (used[t / 8] & (1u << (t % 8))) != 0)
			continue;
		used[t / 8] |= (uint8_t)(1u << (t % 8));
		nused++;
	}
	if (nused < CRED_STATUS_LIST_BITS) {
		if (sodium_init() < 0)
			fatal("libsodium failed to initialise");
		/* The n-th free bit, n uniform over the free ones. */
		uint32_t n = randombytes_uniform((uint32_t)(CRED_STATUS_LIST_BITS -
		    nused));

		for (int64_t i = 0; i < CRED_STATUS_LIST_BITS; i++) {
			if ((used[i / 8] & (1u << (i % 8))) == 0 && n-- == 0) {
				pick = i;
				break;
			}
		}
	}
	free(used);
	return pick;
}

char *
cred_status_list_of(const char *credential_json)
{
	json_t *doc = cred_json_parse(credential_json, strlen(credential_json),
	    NULL);
	const char *url = cert_str(json_object_get(doc, "credentialStatus"),
	    "statusListCredential");
	char *out = url != NULL ? xstrdup(url) : NULL;

	json_decref(doc);
	return out;
}

/* ---- base64url without padding (multibase prefix 'u'). */

static const char b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static char *
base64url_encode(const uint8_t *data, size_t len)
{
	struct buf b;
	uint32_t acc = 0;
	int bits = 0;

	buf_init(&b);
	for (size_t i = 0; i < len; i++) {
		acc = (acc << 8) | data[i];
		bits += 8;
		while (bits >= 6) {
			bits -= 6;
			buf_append(&b, &b64url[(acc >> bits) & 63], 1);
		}
	}
	if (bits > 0)
		buf_append(&b, &b64url[(acc << (6 - bits)) & 63], 1);
	return buf_detach(&b);
}

static int
base64url_decode(const char *s, uint8_t **out, size_t *outlen)
{
	size_t n = strlen(s), o = 0;
	uint8_t *bytes = xmalloc(n * 3 / 4 + 3);
	uint32_t acc = 0;
	int bits = 0;

	for (size_t i = 0; i < n; i++) {
		const char *p = s[i] != '\0' ? strchr(b64url, s[i]) : NULL;

		if (p == NULL) {
			free(bytes);
			return -1;
		}
		acc = (acc << 6) | (uint32_t)(p - b64url);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			bytes[o++] = (uint8_t)(acc >> bits);
		}
	}
	*out = bytes;
	*outlen = o;
	return 0;
}

/* ---- GZIP (RFC 1952), as the Bitstring Status List specifies. */

static uint8_t *
gzip_bytes(const uint8_t *data, size_t len, size_t *outlen)
{
	z_stream z;
	uLong bound;
	uint8_t *out;

	memset(&z, 0, sizeof z);
	/* windowBits 15 + 16: a gzip header and trailer, not zlib's. */
	if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		fatal("zlib: deflateInit2 failed");
	bound = deflateBound(&z, (uLong)len) + 32;
	out = xmalloc(bound);
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)bound;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		fatal("zlib: deflate did not finish");
	*outlen = z.total_out;
	deflateEnd(&z);
	return out;
}

/* Inflates a gzip stream of exactly want bytes; -1 otherwise. */
static int
gunzip_exact(const uint8_t *data, size_t len, uint8_t *out, size_t want)
{
	z_stream z;
	int rc;

	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return -1;
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)want;
	rc = inflate(&z, Z_FINISH);
	inflateEnd(&z);
	return rc == Z_STREAM_END && z.total_out == want ? 0 : -1;
}

char *
cred_status_list(const struct cred_institution *inst,
    const struct cred_key *key, const int64_t *revoked, size_t nrevoked,
    int64_t now, char **cause)
{
	uint8_t bits[CRED_STATUS_LIST_BITS / 8], *gz;
	char *url, *encoded, *text, *signed_text, when[32];
	size_t gzlen;
	json_t *doc;

	memset(bits, 0, sizeof bits);
	for (size_t i = 0; i < nrevoked; i++) {
		if (revoked[i] < 0 || revoked[i] >= CRED_STATUS_LIST_BITS) {
			set_cause(cause, "status index %lld is outside the list",
			    (long long)revoked[i]);
			return NULL;
		}
		/* Index 0 is the left-most bit of the first byte. */
		bits[revoked[i] / 8] |= (uint8_t)(0x80 >> (revoked[i] % 8));
	}
	gz = gzip_bytes(bits, sizeof bits, &gzlen);
	encoded = base64url_encode(gz, gzlen);
	free(gz);
	url = cred_status_list_url(inst->url);
	clock_iso8601(when, now);
	/* The issuer as a plain did: "Profile" is not a VC 2.0 term. */
	doc = json_pack("{s:[s], s:s, s:[ss], s:s, s:s, "
	    "s:{s:s+, s:s, s:s, s:s+}}",
	    "@context", CRED_CONTEXT_VC,
	    "id", url,
	    "type", "VerifiableCredential", "BitstringStatusListCredential",
	    "issuer", cred_key_did(key),
	    "validFrom", when,
	    "credentialSubject", "id", url, "#list", "type",
	    "BitstringStatusList", "statusPurpose", "revocation",
	    "encodedList", "u", encoded);
	free(encoded);
	free(url);
	if (doc == NULL)
		fatal("status list: json_pack failed");
	text = cred_json_dump(doc);
	json_decref(doc);
	signed_text = cred_sign(text, key, now, cause);
	free(text);
	return signed_text;
}

static const char *
issuer_id(const json_t *doc)
{
	const json_t *issuer = json_object_get(doc, "issuer");

	return json_is_string(issuer) ? json_string_value(issuer) :
	    cert_str(issuer, "id");
}

int
cred_status_check(const char *credential_json, const char *list_json,
    size_t list_len, bool *revoked, char **cause)
{
	json_t *cred = NULL, *list = NULL, *status, *subject;
	const char *list_url, *index, *encoded, *cred_issuer, *list_issuer;
	const char *method;
	uint8_t *gz = NULL, *bits = NULL;
	size_t gzlen;
	char *why = NULL, *end;
	long long n;
	int rc = -1;

	if ((cred = cred_json_parse(credential_json, strlen(credential_json),
	    &why)) == NULL) {
		set_cause(cause, "the credential is not JSON: %s", why);
		goto out;
	}
	status = json_object_get(cred, "credentialStatus");
	list_url = cert_str(status, "statusListCredential");
	index = cert_str(status, "statusListIndex");
	if (list_url == NULL || index == NULL ||
	    strcmp(cert_str(status, "type") ? cert_str(status, "type") : "",
	    "BitstringStatusListEntry") != 0 ||
	    strcmp(cert_str(status, "statusPurpose") ?
	    cert_str(status, "statusPurpose") : "", "revocation") != 0) {
		set_cause(cause, "the credential has no revocation entry "
		    "(credentialStatus BitstringStatusListEntry)");
		goto out;
	}
	n = strtoll(index, &end, 10);
	if (*index < '0' || *index > '9' || *end != '\0') {
		set_cause(cause, "statusListIndex '%s' is not a number", index);
		goto out;
	}
	if ((list = cred_json_parse(list_json, list_len, &why)) == NULL) {
		set_cause(cause, "the status list is not JSON: %s", why);
		goto out;
	}
	if (cred_proof_verify(list, &why) != 0) {
		set_cause(cause, "the status list's signature: %s", why);
		goto out;
	}
	cred_issuer = issuer_id(cred);
	list_issuer = issuer_id(list);
	method = cert_str(cred_proof_first(list), "verificationMethod");
	if (cred_issuer == NULL || list_issuer == NULL || method == NULL ||
	    strcmp(cred_issuer, list_issuer) != 0 ||
	    strncmp(method, list_issuer, strlen(list_issuer)) != 0 ||
	    method[strlen(list_issuer)] != '#') {
		set_cause(cause, "the status list was not signed by the "
		    "credential's issuer");
		goto out;
	}
	if (cert_str(list, "id") == NULL ||
	    strcmp(cert_str(list, "id"), list_url) != 0) {
		set_cause(cause, "the status list is %s, the credential names %s",
		    cert_str(list, "id") ? cert_str(list, "id") : "(no id)",
		    list_url);
		goto out;
	}
	subject = json_object_get(list, "credentialSubject");
	encoded = cert_str(subject, "encodedList");
	if (strcmp(cert_str(subject, "statusPurpose") ?
	    cert_str(subject, "statusPurpose") : "", "revocation") != 0 ||
	    encoded == NULL || encoded[0] != 'u' ||
	    base64url_decode(encoded + 1, &gz, &gzlen) != 0) {
		set_cause(cause, "the status list has no revocation "
		    "encodedList (multibase base64url)");
		goto out;
	}
	if (n >= CRED_STATUS_LIST_BITS) {
		set_cause(cause, "statusListIndex %lld is outside the list", n);
		goto out;
	}
	bits = xmalloc(CRED_STATUS_LIST_BITS / 8);
	if (gunzip_exact(gz, gzlen, bits, CRED_STATUS_LIST_BITS / 8) != 0) {
		set_cause(cause, "the status list's encodedList is not a "
		    "GZIP-compressed list of %d bits", CRED_STATUS_LIST_BITS);
		goto out;
	}
	*revoked = (bits[n / 8] & (0x80 >> (n % 8))) != 0;
	rc = 0;
out:
	free(why);
	free(gz);
	free(bits);
	json_decref(cred);
	json_decref(list);
	return rc;
}
