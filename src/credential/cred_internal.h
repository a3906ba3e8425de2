/*
 * Shared between the files of src/credential/ only: the jansson-level
 * helpers that the public header keeps out of callers' sight.
 */
#ifndef LL_CRED_INTERNAL_H
#define LL_CRED_INTERNAL_H

#include <jansson.h>

#include "core.h"
#include "credential.h"

#define CRED_CONTEXT_VC "https://www.w3.org/ns/credentials/v2"
#define CRED_CONTEXT_OB "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
#define CRED_CONTEXT_UNDEFINED "https://www.w3.org/ns/credentials/undefined-terms/v2"
#define CRED_EQF_URL "http://data.europa.eu/snb/eqf/"

/* Appends the RFC 8785 form of v to out; -1 with cause on a NaN/Infinity. */
int jcs_append(const json_t *v, struct buf *out, char **cause);
/* A JSON string with JCS's minimal escaping. */
void jcs_append_string(struct buf *out, const char *s, size_t len);
/* SHA-256 of the canonical form. */
int jcs_hash(const json_t *v, uint8_t hash[32], char **cause);

/* Parses JSON text strictly (duplicate keys rejected, numbers as doubles). */
json_t *cred_json_parse(const char *text, size_t len, char **cause);
/* Pretty text for files people read (allocated, ends with a newline). */
char *cred_json_dump(const json_t *v);

/* Joins a base URL and a path: "https://x.org" + "outcomes/M1" with one
 * slash; segments are percent-encoded. */
char *cred_iri(const char *base, const char *kind, const char *segment);

/* Checks "YYYY-MM-DDThh:mm:ssZ" (with optional fraction or offset). */
bool cred_datetime_valid(const char *s);
/* Parses the format clock_iso8601 writes; -1 when it is not that. */
int cred_datetime_parse(const char *s, int64_t *out);

/* SHA-1, for version 5 UUIDs only (libsodium has none). */
void cred_sha1(const uint8_t *data, size_t len, uint8_t digest[20]);
/* Checks the eddsa-jcs-2022 proof of a parsed document; *detail says why
 * not. */
int cred_proof_verify(const json_t *doc, char **detail);
void cred_hex(const uint8_t *data, size_t len, char *out);
/* A random version 4 UUID. */
void cred_uuid4(char out[37]);

/*
 * What both certificates (HTML and PDF) take from an issued credential:
 * its parts and the QR code of its id and issuer. cert_source_close frees
 * what cert_source_open made.
 */
struct cert_source {
	json_t *doc;
	json_t *issuer, *subject, *ach, *eu;
	const char *id, *issuer_id;
	struct cred_qr qr;
};
int cert_source_open(const char *credential_json, struct cert_source *src,
    char **cause);
void cert_source_close(struct cert_source *src);
/* A string member of an object, or NULL. */
const char *cert_str(const json_t *v, const char *key);

#endif
