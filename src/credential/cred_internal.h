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

/* Checks the eddsa-jcs-2022 proof of a parsed document; *detail says why
 * not. */
int cred_proof_verify(const json_t *doc, char **detail);
/* The first (or only) proof of doc, or NULL. */
const json_t *cred_proof_first(const json_t *doc);
void cred_hex(const uint8_t *data, size_t len, char *out);
/* A random version 4 UUID. */
void cred_uuid4(char out[37]);

/*
 * The certificate as PDF, PNG and HTML all show it: the rows in order, every
 * label already in the certificate's language and every value in words.
 */
struct cert_row {
	char *label, *value;
};
struct cert_outcome {
	char *name;	/* "M4.LO2 Z offset" */
	char *kind;	/* "Skill", or NULL */
	char *text;	/* the outcome statement */
};
struct cert_model {
	char *lang;
	char *issuer_name, *kind_label, *title, *awarded_to, *learner;
	char *description;
	char *outcomes_heading;
	struct cert_outcome *outcomes;
	size_t noutcomes;
	char *details_heading;
	struct cert_row *rows;
	size_t nrows;
	char *date, *valid_from;
	char *id_label, *id, *issuer_label, *issuer_did;
	char *verify_label, *verify_url, *note;
	struct cred_qr qr;	/* of verify_url */
};
int cert_model_build(const char *credential_json,
    const struct cred_cert_options *o, struct cert_model *m, char **cause);
void cert_model_free(struct cert_model *m);
/* A string member of an object, or NULL. */
const char *cert_str(const json_t *v, const char *key);

#endif
