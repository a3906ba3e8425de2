/*
 * credential: the EU micro-credential as an Open Badges 3.0
 * OpenBadgeCredential signed with a Data Integrity proof (eddsa-jcs-2022)
 * by an issuer identified by did:key; the xAPI 1.0.3 statements that carry
 * each assessed result to a learning record store; the human-readable
 * certificate with its QR code.
 *
 * Everything here is pure over plain structs and JSON text: the caller (the
 * lesson loader, the CLI) fills the inputs from the module files and the
 * records store. JSON goes in and out as UTF-8 text so callers need no JSON
 * library. The format, field by field, is in docs/credentials.md.
 */
#ifndef LL_CREDENTIAL_H
#define LL_CREDENTIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "records.h"

/* ------------------------------------------------------------------ */
/* The definition of a credential (modules/credentials/<id>.lua).      */
/* ------------------------------------------------------------------ */

/*
 * Text in several languages. Entries are owned by the list: add them with
 * cred_text_add, free with cred_definition_free. The first entry is the
 * fallback when a language is missing.
 */
struct cred_text_entry {
	char *lang;		/* BCP 47: "en", "sl", "sr-Latn" */
	char *text;		/* UTF-8 */
};
struct cred_text {
	struct cred_text_entry *v;
	size_t n;
};

/* EQF descriptor category of a learning outcome. */
enum cred_kind {
	CRED_KIND_KNOWLEDGE,		/* "K" */
	CRED_KIND_SKILL,		/* "S" */
	CRED_KIND_RESPONSIBILITY,	/* "RA": responsibility and autonomy */
};

/* How a result was (or an outcome is) assessed. */
enum cred_method {
	CRED_METHOD_QUIZ,	/* questions answered at the station */
	CRED_METHOD_PRINTER,	/* verified on the printer itself */
	CRED_METHOD_TRAINER,	/* a trainer's sign-off at the station */
	CRED_METHOD_OBSERVATION,	/* one occasion a trainer saw; never passes an outcome */
};

enum cred_participation {
	CRED_PARTICIPATION_ONSITE,
	CRED_PARTICIPATION_ONLINE,
	CRED_PARTICIPATION_BLENDED,
};

enum cred_supervision {
	CRED_SUPERVISION_UNSUPERVISED_NO_ID,
	CRED_SUPERVISION_SUPERVISED_NO_ID,
	CRED_SUPERVISION_SUPERVISED_ONSITE_WITH_ID,
	CRED_SUPERVISION_SUPERVISED_ONLINE_WITH_ID,
};

struct cred_outcome {
	char *id;		/* "M4.LO2": unique within the definition */
	char *module;		/* "M4": the module that teaches it */
	enum cred_kind kind;
	enum cred_method method;	/* how it is assessed */
	struct cred_text title;		/* short name (alignment targetName) */
	struct cred_text description;	/* the outcome statement */
};

/* A credential another one builds on (stacks into it). */
struct cred_part {
	char *id;		/* "fdm-workshop-safety" */
	struct cred_text title;
	char **modules;		/* the modules it covers */
	size_t nmodules;
};

struct cred_definition {
	char *id;		/* "fdm-operator": the file name without .lua */
	char *version;		/* "1.0" */
	struct cred_text title;
	struct cred_text description;
	char **modules;		/* the modules the credential requires */
	size_t nmodules;
	struct cred_outcome *outcomes;	/* every outcome it requires */
	size_t noutcomes;
	int eqf_level;		/* 1..8 */
	double ects;		/* credits, e.g. 2.5; 0 when not expressed in ECTS */
	int workload_hours;	/* notional learner workload */
	struct cred_text assessment;	/* type of assessment, in words */
	enum cred_participation participation;
	struct cred_text quality_assurance;	/* empty: the institution's */
	struct cred_text prerequisites;		/* optional */
	enum cred_supervision supervision;
	struct cred_text stackability;		/* optional */
	char *further_information;		/* optional URL */
	/* What a school states beside the Annex I elements (0 / empty: not
	 * stated). The hours add up to workload_hours. */
	struct cred_text national_level;	/* "SOK 5", "HKO 4", ... */
	int contact_hours, practice_hours, self_study_hours;
	int minimum_age;
	struct cred_text assessment_rules;	/* per outcome, compensation, re-sit */
	int refresh_months;			/* renew after this long */
	/* Credentials whose holders need not repeat their modules here. */
	struct cred_part *builds_on;
	size_t nbuilds_on;
	/* Required modules that are not installed: nothing can be issued. */
	char **absent_modules;
	size_t nabsent_modules;
};

/* Appends a translation (copied). */
void cred_text_add(struct cred_text *t, const char *lang, const char *text);
/* The text in lang, else its base language ("sr" for "sr-Latn"), else "en",
 * else the first entry; NULL when empty. */
const char *cred_text_get(const struct cred_text *t, const char *lang);
void cred_text_free(struct cred_text *t);
/* Adds an outcome to def and returns it zeroed, for the caller to fill. */
struct cred_outcome *cred_definition_add_outcome(struct cred_definition *def);
void cred_definition_add_module(struct cred_definition *def, const char *id);
/* Adds a credential def builds on and returns it zeroed, for the caller. */
struct cred_part *cred_definition_add_part(struct cred_definition *def);
/* Frees everything the definition owns (not def itself). */
void cred_definition_free(struct cred_definition *def);
/* Checks that every mandatory field is filled and in range; the cause names
 * the field. */
int cred_definition_check(const struct cred_definition *def, char **cause);

const char *cred_kind_code(enum cred_kind kind);	/* "K", "S", "RA" */
const char *cred_method_name(enum cred_method method);	/* "quiz", ... */
int cred_method_parse(const char *name, enum cred_method *method);
const char *cred_participation_name(enum cred_participation p);
int cred_participation_parse(const char *name, enum cred_participation *p);
const char *cred_supervision_name(enum cred_supervision s);
int cred_supervision_parse(const char *name, enum cred_supervision *s);

/* ------------------------------------------------------------------ */
/* Inputs from the records store.                                      */
/* ------------------------------------------------------------------ */

/* The awarding body, from the configuration (institution.* keys). */
struct cred_institution {
	const char *name;
	const char *url;	/* home page; xAPI account homePage and IRI base */
	const char *country;	/* ISO 3166-1 alpha-2 */
	const char *region;	/* optional */
	const char *quality_assurance;	/* used when the definition has none */
};

/* One attempt at a lesson, as stored. */
struct cred_attempt {
	const char *learner_id;
	const char *lesson_id;
	const char *module_id;	/* optional */
	const char *station;	/* optional */
	const char *lang;	/* optional */
	int64_t started;	/* unix seconds */
	int64_t ended;		/* unix seconds, 0 while running */
	const char *status;	/* "completed", "abandoned", "running", ... */
};

/*
 * One assessed result. Its identity (learner, lesson, attempt start,
 * outcome, method, time) determines its xAPI statement id, so exporting it
 * twice gives the same id.
 */
struct cred_result {
	const char *learner_id;
	const char *lesson_id;
	int64_t attempt_started;	/* unix seconds: names the attempt */
	const char *outcome_id;		/* "M4.LO2" */
	enum cred_method method;
	bool passed;
	bool has_score;
	double score, score_min, score_max;	/* raw score and its range */
	int64_t duration_ms;		/* < 0: unknown */
	const char *trainer;		/* the trainer who signed, or NULL */
	int64_t recorded;		/* unix seconds */
	const char *question_id;	/* set for one answered quiz question:
					   the statement is "answered" */
	const char *module_id;		/* the lesson's module, optional */
	const char *title;		/* the outcome's title, optional, */
	const char *title_lang;		/* in this language (a BCP 47 tag) */
};

/*
 * Views of store rows (strings borrowed from the row, which must outlive the
 * view). A result's duration is the time from the attempt's start to it.
 */
void cred_result_from_rec(const struct rec_result *r, struct cred_result *out);
void cred_attempt_from_rec(const struct rec_attempt *a,
    struct cred_attempt *out);

/* ------------------------------------------------------------------ */
/* Keys and did:key.                                                   */
/* ------------------------------------------------------------------ */

struct cred_key;

/* Creates a new Ed25519 key pair in dir (created 0700; the secret file
 * 0600). Refuses when a key is already there. */
struct cred_key *cred_key_create(const char *dir, char **cause);
/* Loads the key pair; refuses a secret file readable by others. */
struct cred_key *cred_key_load(const char *dir, char **cause);
/* A key from a 32-byte seed (tests, known vectors). */
struct cred_key *cred_key_from_seed(const uint8_t seed[32]);
void cred_key_free(struct cred_key *key);
const char *cred_key_did(const struct cred_key *key);	/* did:key:z6Mk... */
/* did:key:z6Mk...#z6Mk... */
const char *cred_key_verification_method(const struct cred_key *key);
/* The path of the secret file under dir (allocated). */
char *cred_key_path(const char *dir);

/* did:key for a raw Ed25519 public key (allocated). */
char *cred_did_key_from_public(const uint8_t pk[32]);
/* The public key inside a did:key or a verification method id. */
int cred_did_key_public(const char *did, uint8_t pk[32], char **cause);

/*
 * base58btc (Bitcoin alphabet). Decoding is quadratic in the length, so it
 * refuses (-1) more than CRED_BASE58_MAX characters, far more than any key
 * or signature needs, as well as a bad character.
 */
#define CRED_BASE58_MAX 256
char *cred_base58_encode(const uint8_t *data, size_t len);
int cred_base58_decode(const char *s, uint8_t **out, size_t *outlen);

/* ------------------------------------------------------------------ */
/* JSON canonicalization (RFC 8785).                                   */
/* ------------------------------------------------------------------ */

/* Canonical form of a JSON text (allocated, not NUL-safe inside strings:
 * see outlen). */
char *cred_jcs(const char *json, size_t len, size_t *outlen, char **cause);
/* ECMAScript Number.prototype.toString form of a finite double; -1 for NaN
 * and infinities. out needs 32 bytes. */
int cred_jcs_number(double value, char out[32]);

/* ------------------------------------------------------------------ */
/* Issuing and verifying.                                              */
/* ------------------------------------------------------------------ */

struct cred_learner {
	const char *id;			/* the learner id in the store */
	const char *school_id;		/* optional: hashed instead of id */
	const char *display_name;	/* the full name, as on the certificate */
	bool hash_name;			/* the name as a salted hash, not plain */
};

/*
 * The required outcomes that have no passing result among results (for
 * this learner). Returns the count; *missing (allocated array of pointers
 * into def, caller frees the array) lists them in definition order.
 */
/* A credential the learner holds (issued and not revoked). */
struct cred_held {
	const char *definition_id;
	const char *uri;	/* "urn:uuid:..." */
};

/* The held credential def builds on that covers module, or NULL: its
 * outcomes need not be repeated. */
const struct cred_held *cred_held_for_module(const struct cred_definition *def,
    const char *module, const struct cred_held *held, size_t nheld,
    const struct cred_part **part);

/* As above, not counting outcomes of modules a held credential covers
 * (held may be NULL). */
size_t cred_missing_outcomes(const struct cred_definition *def,
    const char *learner_id, const struct cred_result *results, size_t n,
    const struct cred_held *held, size_t nheld,
    const struct cred_outcome ***missing);

struct cred_issue {
	const struct cred_definition *def;
	const struct cred_institution *institution;
	const struct cred_key *key;
	const struct cred_learner *learner;
	const struct cred_result *results;	/* this learner's results */
	size_t nresults;
	const struct cred_held *held;	/* the learner's credentials */
	size_t nheld;
	const char *lang;	/* language of the texts in the credential */
	int64_t now;		/* unix seconds: validFrom and proof created */
	const uint8_t *salt;	/* 16 bytes for the identity hash, or NULL
				   for a random one */
	const char *credential_id;	/* "urn:uuid:..." or NULL: random */
	bool with_status;	/* a credentialStatus entry (revocation list) */
	int64_t status_index;	/* its bit in that list */
	/* The records' audit chain head it is issued from (rec_chain_head),
	 * signed into the evidence; head_hash NULL: none. */
	int64_t head_seq;
	const char *head_hash;
};

/* Builds and signs the credential. Refuses (cause lists them) while any
 * required outcome is missing. Returns the JSON text (allocated). */
char *cred_issue(const struct cred_issue *in, char **cause);

/*
 * Anchoring the records (anchor.c). cred_records_head reads the records head
 * a credential carries: 1 found, 0 none, -1 unreadable. cred_records_trust
 * is what must hold before anything is issued from s: the records verify,
 * every credential kept in them verifies, and the head signed into each
 * one by issuer_did (NULL: by anyone) is still in the chain with the same
 * hash. anchors receives how many heads were checked.
 */
char *cred_records_head_id(int64_t seq, const char *hash);
int cred_records_head(const char *json, size_t len, int64_t *seq,
    char hash[65]);
int cred_records_trust(struct rec_store *s, const char *issuer_did,
    size_t *anchors, char **cause);
/*
 * The seal of a records backup (anchor.c): the head of the backed-up chain
 * (entry seq, its hash) signed with the institution key. Checking it: the
 * proof holds, signer_did made it, and it names exactly that head (a
 * backup altered and its chain computed again ends elsewhere).
 */
char *cred_backup_seal(int64_t seq, const char *hash,
    const struct cred_key *key, int64_t created, char **cause);
int cred_backup_seal_check(const char *doc, const char *signer_did,
    int64_t seq, const char *hash, char **cause);

/* Signs a credential document (JSON text without "proof") with
 * eddsa-jcs-2022; returns the document with its proof. */
char *cred_sign(const char *json, const struct cred_key *key,
    int64_t created, char **cause);

/* What verification checked: one line per check, in order. */
struct cred_check {
	char *what;
	bool ok;
	char *detail;	/* why it failed, or what was found */
};
struct cred_report {
	struct cred_check *checks;
	size_t n;
	bool ok;		/* every check held */
	char *id;		/* the credential id, when readable */
	char *issuer;		/* the issuer id, when readable */
	char *holder;		/* the learner's name, when given in plain */
};

/* The largest credential document read or verified (bytes). */
#define CRED_DOCUMENT_MAX (1u << 20)
/* Verifies a credential: JSON, proof, issuer key against did:key, and
 * every mandatory EU element. Always fills report (holder: the learner's
 * plain name when the credential carries it); returns 0 when all hold. */
int cred_verify(const char *json, size_t len, struct cred_report *report);
void cred_report_free(struct cred_report *report);

/*
 * What an institution publishes under institution.url, next to the
 * credentials it issues (allocated): layerlab's JSON-LD context for the EU
 * fields, the revocation list, and the page a certificate's QR code opens.
 */
char *cred_context_url(const char *institution_url);
char *cred_status_list_url(const char *institution_url);
char *cred_verify_url(const char *institution_url, const char *credential_id);
/* The context document itself (static, the one context_url names). */
const char *cred_context_document(void);

/*
 * W3C Bitstring Status List (revocation). Each issued credential has a bit
 * (its credentialStatus.statusListIndex); the list is a signed
 * BitstringStatusListCredential with those of revoked credentials set.
 */
#define CRED_STATUS_LIST_BITS 131072	/* the specification's minimum */
/* The status index a credential carries, or -1. */
int64_t cred_status_index(const char *credential_json);
/*
 * A free bit for a new credential, at random among those not in taken (as
 * the specification advises: neighbouring bits say nothing about who or
 * when, and two stations whose records are merged later rarely collide);
 * -1 when the list is full.
 */
int64_t cred_status_index_pick(const int64_t *taken, size_t ntaken);
/* The URL of the status list it names (allocated), or NULL. */
char *cred_status_list_of(const char *credential_json);
/* The signed list (JSON text, allocated); revoked holds the set indexes. */
char *cred_status_list(const struct cred_institution *inst,
    const struct cred_key *key, const int64_t *revoked, size_t nrevoked,
    int64_t now, char **cause);
/*
 * Checks credential_json's status against a list: the list's proof, that
 * the issuer signed it, that it is the list the credential names, then the
 * bit. *revoked says which; -1 with cause when the list cannot tell.
 */
int cred_status_check(const char *credential_json, const char *list_json,
    size_t list_len, bool *revoked, char **cause);

/* The learner's identity hash as it appears in identifier[]:
 * "sha256$" + hex(SHA-256(value ‖ salt-hex)). Allocated. */
char *cred_identity_hash(const char *value, const char *salt_hex);

/* ------------------------------------------------------------------ */
/* xAPI 1.0.3.                                                         */
/* ------------------------------------------------------------------ */

/*
 * Statement ids and registrations are name-based UUIDs (version 5, SHA-1)
 * over the institution URL and the record's identity: the same record
 * always gives the same id. out needs 37 bytes.
 */
void cred_uuid5(const char *name, char out[37]);
void cred_xapi_result_id(const struct cred_institution *inst,
    const struct cred_result *r, char out[37]);
/* module_id may be NULL; lesson ids are unique only within a module. */
void cred_xapi_registration(const struct cred_institution *inst,
    const char *learner_id, const char *module_id, const char *lesson_id,
    int64_t started, char out[37]);

/*
 * Statements (a JSON array, allocated): for each attempt "attempted", and
 * "completed" when its status is "completed"; for each result "passed" or
 * "failed" on the outcome, or "answered" on the question when question_id
 * is set. Either list may be empty.
 */
char *cred_xapi_export(const struct cred_institution *inst,
    const struct cred_attempt *attempts, size_t nattempts,
    const struct cred_result *results, size_t nresults, char **cause);

/*
 * Sending statements (a JSON array, as cred_xapi_export makes) to a learning
 * record store: url is its xAPI endpoint (statements go to url/statements),
 * authenticated with user and password (HTTP Basic) or, when token_url is
 * set, with a bearer token obtained there with client_id and client_secret
 * (OAuth 2.0 client credentials). Statements for which already() is true
 * are left out; the rest go in batches of batch (0: 50), and accepted() is
 * told the ids of each batch the LRS took (it may fail the push, keeping
 * the rest). Returns 0 when nothing is left waiting; -1 with cause, and the
 * report saying what was sent and what still waits, otherwise.
 */
struct cred_lrs_config {
	const char *url;
	const char *user, *password;
	const char *token_url, *client_id, *client_secret;
	size_t batch;
};
struct cred_lrs_report {
	size_t sent;		/* accepted by the LRS now */
	size_t batches;
	size_t skipped;		/* accepted by an earlier push */
	size_t waiting;		/* not accepted: for the next push */
};
int cred_lrs_push(const struct cred_lrs_config *c, const char *statements,
    bool (*already)(void *, const char *), int (*accepted)(void *,
    const char *const *, size_t, char **), void *arg,
    struct cred_lrs_report *r, char **cause);

/* ------------------------------------------------------------------ */
/* The human-readable certificate and its QR code.                     */
/* ------------------------------------------------------------------ */

enum cred_qr_ecc {
	CRED_QR_ECC_L,
	CRED_QR_ECC_M,
};

struct cred_qr {
	int version;		/* 1..40 */
	int size;		/* modules per side: 17 + 4 * version */
	uint8_t *modules;	/* size * size, 1 = dark */
};

/* Encodes bytes in byte mode at the smallest version that fits. */
int cred_qr_encode(const uint8_t *data, size_t len, enum cred_qr_ecc ecc,
    struct cred_qr *qr, char **cause);
void cred_qr_free(struct cred_qr *qr);
/* The symbol as an inline SVG element (allocated), with a 4-module quiet
 * zone, each module scale user units wide. */
char *cred_qr_svg(const struct cred_qr *qr, int scale);
/* A binary PGM image (allocated, *len bytes), for decoders in tests. */
uint8_t *cred_qr_pgm(const struct cred_qr *qr, int scale, size_t *len);

/*
 * The certificate of a signed credential. Labels come from the caller's
 * catalogue: label(lang, "certificate.<key>") returns the text, or the key
 * itself when no language has it (lesson/i18n's i18n_get_lang does both).
 */
typedef const char *(*cred_label_fn)(const char *lang, const char *key);
struct cred_cert_options {
	const char *lang;		/* the certificate's language */
	const char *display_name;	/* NULL: the name the credential carries */
	cred_label_fn label;
};
/* A standalone HTML page (allocated). */
char *cred_certificate_html(const char *credential_json,
    const struct cred_cert_options *o, char **cause);
/*
 * The same as an A4 PDF (fonts embedded and subset, any script, text
 * extractable, title/author/subject metadata) or a PNG of it (*len bytes,
 * allocated). Both are laid out by pango and drawn by cairo.
 */
uint8_t *cred_certificate_pdf(const char *credential_json,
    const struct cred_cert_options *o, size_t *len, char **cause);
uint8_t *cred_certificate_png(const char *credential_json,
    const struct cred_cert_options *o, size_t *len, char **cause);

/*
 * The credential as a Europass credential (ELM 3, EDC application profile,
 * JSON-LD text, unsigned: the school's EDC issuer seals it). legal_id is
 * the awarding body's registration number; o gives the learner's full
 * name (else the one the credential carries) and the labels of the
 * certificate image it embeds.
 */
char *cred_edc_export(const char *credential_json, const char *legal_id,
    const struct cred_cert_options *o, char **cause);

/*
 * 0 when code is an ISO 3166-1 alpha-2 country code (the iso-codes
 * package's list); else -1 and *cause says why (not one, or the list could
 * not be read).
 */
int cred_country_check(const char *code, char **cause);

#endif
