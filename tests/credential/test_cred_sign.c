/*
 * Keys, did:key, the eddsa-jcs-2022 proof and the micro-credential:
 * published test vectors, then issue -> verify -> change any single field
 * -> verify fails, the EU elements, refusal while outcomes are missing.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "credential.h"
#include "test.h"

static void
hex_decode(const char *hex, uint8_t *out)
{
	for (size_t i = 0; hex[2 * i] != '\0'; i++) {
		unsigned v;
		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = (uint8_t)v;
	}
}

static void
test_base58(void)
{
	uint8_t *out;
	size_t len;
	char *s;
	static const uint8_t zeros[] = { 0, 0, 1, 2 };

	/* The Bitcoin alphabet's usual example. */
	s = cred_base58_encode((const uint8_t *)"Hello World!", 12);
	CHECK_STR(s, "2NEpo7TZRRrLZSi2U");
	free(s);
	CHECK_INT(cred_base58_decode("2NEpo7TZRRrLZSi2U", &out, &len), 0);
	CHECK_INT(len, 12);
	CHECK(memcmp(out, "Hello World!", 12) == 0);
	free(out);
	/* Leading zero bytes become '1's and come back. */
	s = cred_base58_encode(zeros, sizeof zeros);
	CHECK(strncmp(s, "11", 2) == 0 && s[2] != '1');
	CHECK_INT(cred_base58_decode(s, &out, &len), 0);
	CHECK_INT(len, 4);
	CHECK(memcmp(out, zeros, 4) == 0);
	free(out);
	free(s);
	/* 0, O, I and l are not in the alphabet. */
	CHECK_INT(cred_base58_decode("2NEpo0", &out, &len), -1);
	CHECK_INT(cred_base58_decode("Il", &out, &len), -1);
}

/*
 * The W3C vc-di-eddsa test key (secretKeyMultibase
 * z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq, publicKeyMultibase
 * z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2): the seed and public key
 * below are those multibase values decoded by an independent base58
 * implementation.
 */
#define SEED_HEX "c96ef9ea10c5e414c471723aff9de72c35fa5b70fae97e8832ecac7d2e2b8ed6"
#define PUBLIC_HEX "b00d8d938e7f773d51565aad36a623f5344f7f5d1960f9cf3e8e12620ea2810f"
#define VECTOR_DID "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"

static void
test_did_key(void)
{
	uint8_t seed[32], pk[32], want_pk[32];
	struct cred_key *key;
	char *did, *cause = NULL;

	hex_decode(SEED_HEX, seed);
	key = cred_key_from_seed(seed);
	CHECK_STR(cred_key_did(key), VECTOR_DID);
	CHECK_STR(cred_key_verification_method(key), VECTOR_DID
	    "#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2");
	cred_key_free(key);

	hex_decode(PUBLIC_HEX, want_pk);
	did = cred_did_key_from_public(want_pk);
	CHECK_STR(did, VECTOR_DID);
	CHECK_INT(cred_did_key_public(did, pk, NULL), 0);
	CHECK(memcmp(pk, want_pk, 32) == 0);
	free(did);
	CHECK_INT(cred_did_key_public("did:web:example.org", pk, &cause), -1);
	CHECK(cause != NULL);
	free(cause);
	cause = NULL;
	/* A fragment naming another key is not this key's method. */
	CHECK_INT(cred_did_key_public(VECTOR_DID "#z6Mkother", pk, &cause), -1);
	free(cause);
}

static char *
temp_dir(void)
{
	char *dir = strdup("/tmp/ll-cred-test.XXXXXX");

	CHECK(mkdtemp(dir) != NULL);
	return dir;
}

static void
rm_rf(const char *dir)
{
	char *cmd = malloc(strlen(dir) + 16);

	sprintf(cmd, "rm -rf '%s'", dir);
	CHECK_INT(system(cmd), 0);
	free(cmd);
}

static void
test_key_files(void)
{
	char *dir = temp_dir(), *cause = NULL, *path;
	char sub[512];
	struct cred_key *key, *again;
	struct stat st;
	FILE *f;

	snprintf(sub, sizeof sub, "%s/keys", dir);
	key = cred_key_create(sub, &cause);
	CHECK(key != NULL);
	CHECK(strncmp(cred_key_did(key), "did:key:z6Mk", 12) == 0);
	path = cred_key_path(sub);
	CHECK_INT(stat(path, &st), 0);
	CHECK_INT(st.st_mode & 0777, 0600);
	CHECK_INT(stat(sub, &st), 0);
	CHECK_INT(st.st_mode & 0077, 0);

	/* Never replaced. */
	CHECK(cred_key_create(sub, &cause) == NULL);
	CHECK(cause != NULL && strstr(cause, "already exists") != NULL);
	free(cause);
	cause = NULL;

	again = cred_key_load(sub, &cause);
	CHECK(again != NULL);
	if (again != NULL)
		CHECK_STR(cred_key_did(again), cred_key_did(key));
	cred_key_free(again);

	/* A secret key others can read is refused. */
	CHECK_INT(chmod(path, 0644), 0);
	CHECK(cred_key_load(sub, &cause) == NULL);
	CHECK(cause != NULL && strstr(cause, "readable by others") != NULL);
	free(cause);
	cause = NULL;
	free(path);
	cred_key_free(key);

	/* The Multikey form of the W3C test key loads to its did:key. */
	snprintf(sub, sizeof sub, "%s/vector", dir);
	CHECK_INT(mkdir(sub, 0700), 0);
	path = cred_key_path(sub);
	f = fopen(path, "w");
	fputs("{\"type\": \"Multikey\", \"publicKeyMultibase\": "
	    "\"z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2\", "
	    "\"secretKeyMultibase\": "
	    "\"z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq\"}\n", f);
	fclose(f);
	CHECK_INT(chmod(path, 0600), 0);
	key = cred_key_load(sub, &cause);
	CHECK(key != NULL);
	if (key != NULL)
		CHECK_STR(cred_key_did(key), VECTOR_DID);
	cred_key_free(key);
	free(path);

	/* No key yet: the message says how to make one. */
	snprintf(sub, sizeof sub, "%s/none", dir);
	CHECK(cred_key_load(sub, &cause) == NULL);
	CHECK(cause != NULL && strstr(cause, "keys init") != NULL);
	free(cause);
	rm_rf(dir);
	free(dir);
}

/*
 * The W3C vc-di-eddsa "Representation: eddsa-jcs-2022" example: Ed25519 is
 * deterministic, so signing the same document at the same time with the
 * same key must give the published proofValue byte for byte.
 */
static void
test_w3c_vector(void)
{
	static const char doc[] =
	    "{\"@context\": [\"https://www.w3.org/ns/credentials/v2\", "
	    "\"https://www.w3.org/ns/credentials/examples/v2\"], "
	    "\"id\": \"urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33\", "
	    "\"type\": [\"VerifiableCredential\", \"AlumniCredential\"], "
	    "\"name\": \"Alumni Credential\", "
	    "\"description\": \"A minimum viable example of an Alumni Credential.\", "
	    "\"issuer\": \"https://vc.example/issuers/5678\", "
	    "\"validFrom\": \"2023-01-01T00:00:00Z\", "
	    "\"credentialSubject\": {\"id\": \"did:example:abcdefgh\", "
	    "\"alumniOf\": \"The School of Examples\"}}";
	uint8_t seed[32];
	struct cred_key *key;
	struct cred_report rep;
	char *cause = NULL, *signed_doc;
	json_t *v;

	hex_decode(SEED_HEX, seed);
	key = cred_key_from_seed(seed);
	signed_doc = cred_sign(doc, key, 1677281798, &cause);
	CHECK(signed_doc != NULL);
	v = json_loads(signed_doc, 0, NULL);
	CHECK_STR(json_string_value(json_object_get(json_array_get(
	    json_object_get(v, "proof"), 0), "proofValue")), "z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJD"
	    "MWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX");
	CHECK_STR(json_string_value(json_object_get(json_array_get(
	    json_object_get(v, "proof"), 0), "created")), "2023-02-24T23:36:38Z");
	json_decref(v);

	/* The signature check passes; the EU checks cannot, it is no
	 * micro-credential. */
	CHECK_INT(cred_verify(signed_doc, strlen(signed_doc), &rep), -1);
	for (size_t i = 0; i < rep.n; i++) {
		if (strncmp(rep.checks[i].what, "signature", 9) == 0)
			CHECK(rep.checks[i].ok);
	}
	cred_report_free(&rep);
	free(signed_doc);
	cred_key_free(key);
}

/* ---- A definition built in C, as the lesson loader fills it. */

static void
make_definition(struct cred_definition *def)
{
	struct cred_outcome *o;

	memset(def, 0, sizeof *def);
	def->id = strdup("fdm-operator");
	def->version = strdup("1.0");
	cred_text_add(&def->title, "en", "FDM 3D printing - operator level");
	cred_text_add(&def->title, "sl", "3D-tisk FDM - raven operaterja");
	cred_text_add(&def->description, "en", "Operates an FDM printer safely.");
	cred_text_add(&def->description, "sl", "Varno upravlja tiskalnik FDM.");
	cred_definition_add_module(def, "M1");
	cred_definition_add_module(def, "M4");
	o = cred_definition_add_outcome(def);
	o->id = strdup("M1.LO1");
	o->module = strdup("M1");
	o->kind = CRED_KIND_KNOWLEDGE;
	o->method = CRED_METHOD_QUIZ;
	cred_text_add(&o->title, "en", "Hazards of FDM work");
	cred_text_add(&o->description, "en", "Names the hazards of FDM work.");
	cred_text_add(&o->description, "sl", "Navede nevarnosti dela s FDM.");
	o = cred_definition_add_outcome(def);
	o->id = strdup("M4.LO2");
	o->module = strdup("M4");
	o->kind = CRED_KIND_SKILL;
	o->method = CRED_METHOD_PRINTER;
	cred_text_add(&o->title, "en", "Z offset");
	cred_text_add(&o->description, "en", "Sets the Z offset so the first "
	    "layer sticks \"evenly\" <everywhere>.");
	o = cred_definition_add_outcome(def);
	o->id = strdup("M4.LO3");
	o->module = strdup("M4");
	o->kind = CRED_KIND_RESPONSIBILITY;
	o->method = CRED_METHOD_TRAINER;
	cred_text_add(&o->title, "en", "First layer judged");
	cred_text_add(&o->description, "en", "Judges the first layer and acts.");
	def->eqf_level = 4;
	def->ects = 2.5;
	def->workload_hours = 70;
	cred_text_add(&def->assessment, "en", "Quizzes (pass mark 80%), checks "
	    "on the printer and trainer sign-offs");
	def->participation = CRED_PARTICIPATION_ONSITE;
	cred_text_add(&def->prerequisites, "en", "None");
	def->supervision = CRED_SUPERVISION_SUPERVISED_NO_ID;
	cred_text_add(&def->stackability, "en", "Counts toward the MC.VET "
	    "3D printing course");
}

static const struct cred_institution institution = {
	.name = "Obrtni\xc5\xa1ka \xc5\xa1ola Zagreb",
	.url = "https://school.example/",
	.country = "HR",
	.region = "Grad Zagreb",
	.quality_assurance = "ISO 9001 certified internal QA",
};

static struct cred_result results[] = {
	{ .learner_id = "ana", .lesson_id = "hazards", .attempt_started =
	    1790000000, .outcome_id = "M1.LO1", .method = CRED_METHOD_QUIZ,
	    .passed = false, .has_score = true, .score = 3, .score_max = 10,
	    .duration_ms = 60000, .recorded = 1790000060 },
	{ .learner_id = "ana", .lesson_id = "hazards", .attempt_started =
	    1790000100, .outcome_id = "M1.LO1", .method = CRED_METHOD_QUIZ,
	    .passed = true, .has_score = true, .score = 9, .score_max = 10,
	    .duration_ms = 90000, .recorded = 1790000190 },
	{ .learner_id = "ana", .lesson_id = "z-offset", .attempt_started =
	    1790001000, .outcome_id = "M4.LO2", .method = CRED_METHOD_PRINTER,
	    .passed = true, .duration_ms = 600000, .recorded = 1790001600 },
	{ .learner_id = "ana", .lesson_id = "z-offset", .attempt_started =
	    1790001000, .outcome_id = "M4.LO3", .method = CRED_METHOD_TRAINER,
	    .passed = true, .trainer = "marko", .duration_ms = 700000,
	    .recorded = 1790001700 },
	/* Someone else's result never counts for ana. */
	{ .learner_id = "ivan", .lesson_id = "z-offset", .attempt_started =
	    1790001000, .outcome_id = "M4.LO3", .method = CRED_METHOD_TRAINER,
	    .passed = true, .trainer = "marko", .recorded = 1790001700 },
};

static struct cred_key *
test_key(void)
{
	uint8_t seed[32];

	hex_decode(SEED_HEX, seed);
	return cred_key_from_seed(seed);
}

static char *
issue(const struct cred_definition *def, const struct cred_key *key,
    size_t nresults, char **cause)
{
	static const uint8_t salt[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
	    12, 13, 14, 15 };
	struct cred_learner learner = { .id = "ana", .display_name = "Ana" };
	struct cred_issue in = {
		.def = def, .institution = &institution, .key = key,
		.learner = &learner, .results = results, .nresults = nresults,
		.lang = "en", .now = 1790002000, .salt = salt,
	};

	return cred_issue(&in, cause);
}

static void
test_refuses_missing(void)
{
	struct cred_definition def;
	struct cred_key *key = test_key();
	const struct cred_outcome **missing;
	char *cause = NULL;
	/* Without the last two results of ana's: M4.LO3 is still missing
	 * (ivan's sign-off is not hers). */
	size_t n;

	make_definition(&def);
	n = cred_missing_outcomes(&def, "ana", results, 3, NULL, 0, &missing);
	CHECK_INT(n, 1);
	CHECK_STR(missing[0]->id, "M4.LO3");
	free(missing);
	CHECK(issue(&def, key, 3, &cause) == NULL);
	CHECK(cause != NULL && strstr(cause, "M4.LO3") != NULL);
	CHECK(cause != NULL && strstr(cause, "M1.LO1") == NULL);
	free(cause);
	cause = NULL;
	/* Only the failed quiz: two outcomes missing and named. */
	n = cred_missing_outcomes(&def, "ana", results, 1, NULL, 0, &missing);
	CHECK_INT(n, 3);
	free(missing);
	CHECK(issue(&def, key, 1, &cause) == NULL);
	CHECK(cause != NULL && strstr(cause, "M1.LO1") != NULL &&
	    strstr(cause, "M4.LO2") != NULL);
	free(cause);
	cred_definition_free(&def);
	cred_key_free(key);
}

/*
 * An observation (a trainer saw the rules kept once) passes no outcome and
 * is never the evidence of one, however recent: only the sign-off that
 * cites observations does.
 */
static void
test_observation_never_passes(void)
{
	static const uint8_t salt[16] = { 0 };
	struct cred_definition def;
	struct cred_key *key = test_key();
	const struct cred_outcome **missing;
	struct cred_learner learner = { .id = "ana", .display_name = "Ana" };
	struct cred_result with_obs[5];
	struct cred_result observed = {
		.learner_id = "ana", .lesson_id = "z-offset",
		.attempt_started = 1790001000, .outcome_id = "M4.LO3",
		.method = CRED_METHOD_OBSERVATION, .passed = true,
		.trainer = "marko", .recorded = 1790001800,
	};
	struct cred_issue in = {
		.institution = &institution, .key = key, .learner = &learner,
		.results = with_obs, .lang = "en", .now = 1790002000,
		.salt = salt,
	};
	char *doc, *cause = NULL, signoff_id[37], observed_id[37], want[64];

	make_definition(&def);
	in.def = &def;
	/* The quizzes and the printer check, and M4.LO3 only observed. */
	memcpy(with_obs, results, 3 * sizeof *results);
	with_obs[3] = observed;
	CHECK_INT(cred_missing_outcomes(&def, "ana", with_obs, 4, NULL, 0,
	    &missing), 1);
	CHECK_STR(missing[0]->id, "M4.LO3");
	free(missing);
	in.nresults = 4;
	CHECK(cred_issue(&in, &cause) == NULL);
	CHECK(cause != NULL && strstr(cause, "M4.LO3") != NULL);
	free(cause);
	cause = NULL;

	/* With the sign-off too, the later observation is not its evidence. */
	with_obs[4] = results[3];
	in.nresults = 5;
	doc = cred_issue(&in, &cause);
	CHECK(doc != NULL);
	if (doc != NULL) {
		cred_xapi_result_id(&institution, &results[3], signoff_id);
		cred_xapi_result_id(&institution, &observed, observed_id);
		snprintf(want, sizeof want, "urn:uuid:%s", signoff_id);
		CHECK(strstr(doc, want) != NULL);
		CHECK(strstr(doc, observed_id) == NULL);
		CHECK(strstr(doc, "observation") == NULL);
	} else {
		fprintf(stderr, "%s\n", cause);
	}
	free(doc);
	free(cause);
	cred_definition_free(&def);
	cred_key_free(key);
}

/*
 * Stacking: a definition that builds on a credential covering M1. A learner
 * holding that credential, with no M1 result at all, is not asked for M1
 * again; the credential names what it builds on and rests on the held one.
 */
static void
test_builds_on(void)
{
	static const uint8_t salt[16] = { 0 };
	struct cred_definition def;
	struct cred_part *part;
	struct cred_key *key = test_key();
	const struct cred_outcome **missing;
	const struct cred_held held = { "fdm-workshop-safety",
	    "urn:uuid:11111111-2222-4333-8444-555555555555" };
	const struct cred_held other = { "something-else",
	    "urn:uuid:66666666-2222-4333-8444-555555555555" };
	struct cred_learner learner = { .id = "ana", .display_name = "Ana" };
	struct cred_issue in = {
		.institution = &institution, .learner = &learner,
		.results = results + 2, .nresults = 2, .lang = "en",
		.now = 1790002000, .salt = salt,
	};
	struct cred_report rep;
	char *doc, *cause = NULL;
	json_t *root, *eu, *ev;
	size_t i;
	bool found = false;

	make_definition(&def);
	part = cred_definition_add_part(&def);
	part->id = strdup("fdm-workshop-safety");
	cred_text_add(&part->title, "en", "FDM workshop safety");
	part->modules = calloc(1, sizeof *part->modules);
	part->modules[0] = strdup("M1");
	part->nmodules = 1;
	def.contact_hours = 20;
	def.practice_hours = 40;
	def.self_study_hours = 10;
	def.refresh_months = 24;
	def.minimum_age = 15;
	cred_text_add(&def.national_level, "en", "SOK 5");
	cred_text_add(&def.assessment_rules, "en", "M1 is not compensable");
	in.def = &def;
	in.key = key;
	/* Without the held credential M1.LO1 is missing (no result here). */
	CHECK_INT(cred_missing_outcomes(&def, "ana", results + 2, 2, NULL, 0,
	    &missing), 1);
	free(missing);
	/* A held credential that is not the one built on does not count. */
	CHECK_INT(cred_missing_outcomes(&def, "ana", results + 2, 2, &other, 1,
	    &missing), 1);
	free(missing);
	CHECK_INT(cred_missing_outcomes(&def, "ana", results + 2, 2, &held, 1,
	    &missing), 0);
	free(missing);
	in.held = &held;
	in.nheld = 1;
	doc = cred_issue(&in, &cause);
	CHECK(doc != NULL);
	if (doc == NULL) {
		fprintf(stderr, "%s\n", cause);
		free(cause);
		goto out;
	}
	CHECK_INT(cred_verify(doc, strlen(doc), &rep), 0);
	cred_report_free(&rep);
	root = json_loads(doc, 0, NULL);
	eu = json_object_get(json_object_get(json_object_get(root,
	    "credentialSubject"), "achievement"), "euMicroCredential");
	CHECK_STR(json_string_value(json_array_get(json_object_get(eu,
	    "buildsOn"), 0)), "https://school.example/credentials/"
	    "fdm-workshop-safety");
	CHECK_INT(json_integer_value(json_object_get(eu, "contactHours")), 20);
	CHECK_INT(json_integer_value(json_object_get(eu, "selfStudyHours")), 10);
	CHECK_STR(json_string_value(json_object_get(eu, "refreshPeriod")),
	    "P24M");
	CHECK_STR(json_string_value(json_object_get(eu, "nationalLevel")),
	    "SOK 5");
	CHECK_STR(json_string_value(json_object_get(eu, "assessmentRules")),
	    "M1 is not compensable");
	CHECK_INT(json_integer_value(json_object_get(eu, "minimumAge")), 15);
	json_array_foreach(json_object_get(root, "evidence"), i, ev) {
		const char *id = json_string_value(json_object_get(ev, "id"));

		if (id != NULL && strcmp(id, held.uri) == 0) {
			found = true;
			CHECK(strstr(json_string_value(json_object_get(ev,
			    "narrative")), "M1.LO1") != NULL);
		}
	}
	CHECK(found);
	json_decref(root);
	free(doc);
out:
	/* Hours that do not add up to the workload are refused. */
	def.self_study_hours = 11;
	CHECK(cred_definition_check(&def, &cause) != 0);
	CHECK(cause != NULL && strstr(cause, "add up") != NULL);
	free(cause);
	cred_definition_free(&def);
	cred_key_free(key);
}

static int
count_leaves(json_t *v)
{
	size_t i;
	const char *k;
	json_t *c;
	int n = 0;

	if (json_is_object(v)) {
		json_object_foreach(v, k, c)
			n += count_leaves(c);
		return n;
	}
	if (json_is_array(v)) {
		json_array_foreach(v, i, c)
			n += count_leaves(c);
		return n;
	}
	return 1;
}

/* Changes the index-th leaf (depth first); returns its path. */
static bool
tamper_leaf(json_t *v, int *index, char *path, size_t cap)
{
	size_t i, len = strlen(path);
	const char *k;
	json_t *c;

	if (json_is_object(v)) {
		json_object_foreach(v, k, c) {
			snprintf(path + len, cap - len, ".%s", k);
			if (json_is_object(c) || json_is_array(c)) {
				if (tamper_leaf(c, index, path, cap))
					return true;
			} else if ((*index)-- == 0) {
				if (json_is_string(c)) {
					char *s = malloc(strlen(
					    json_string_value(c)) + 2);
					sprintf(s, "%sx", json_string_value(c));
					json_object_set_new(v, k,
					    json_string(s));
					free(s);
				} else if (json_is_number(c))
					json_object_set_new(v, k, json_real(
					    json_number_value(c) + 1));
				else if (json_is_true(c))
					json_object_set_new(v, k, json_false());
				else
					json_object_set_new(v, k, json_true());
				return true;
			}
		}
		path[len] = '\0';
		return false;
	}
	json_array_foreach(v, i, c) {
		snprintf(path + len, cap - len, "[%zu]", i);
		if (json_is_object(c) || json_is_array(c)) {
			if (tamper_leaf(c, index, path, cap))
				return true;
		} else if ((*index)-- == 0) {
			if (json_is_string(c)) {
				char *s = malloc(strlen(json_string_value(c)) + 2);
				sprintf(s, "%sx", json_string_value(c));
				json_array_set_new(v, i, json_string(s));
				free(s);
			} else
				json_array_set_new(v, i, json_string("x"));
			return true;
		}
	}
	path[len] = '\0';
	return false;
}

static void
test_issue_verify_tamper(void)
{
	struct cred_definition def;
	struct cred_key *key = test_key();
	struct cred_report rep;
	char *cause = NULL, *doc, *text, path[512];
	json_t *v, *ach, *eu;
	int leaves, eu_checks = 0, rejected = 0;

	make_definition(&def);
	doc = issue(&def, key, (sizeof results / sizeof results[0]), &cause);
	CHECK(doc != NULL);
	if (doc == NULL) {
		fprintf(stderr, "issue: %s\n", cause);
		free(cause);
		return;
	}
	CHECK_INT(cred_verify(doc, strlen(doc), &rep), 0);
	CHECK(rep.ok);
	for (size_t i = 0; i < rep.n; i++) {
		if (!rep.checks[i].ok)
			fprintf(stderr, "check failed: %s: %s\n",
			    rep.checks[i].what, rep.checks[i].detail);
		if (strncmp(rep.checks[i].what, "EU ", 3) == 0)
			eu_checks++;
	}
	CHECK_INT(eu_checks, 11);
	CHECK_STR(rep.issuer, VECTOR_DID);
	cred_report_free(&rep);

	/* The elements, where credential-format.md puts them. */
	v = json_loads(doc, 0, NULL);
	ach = json_object_get(json_object_get(v, "credentialSubject"),
	    "achievement");
	eu = json_object_get(ach, "euMicroCredential");
	CHECK_STR(json_string_value(json_array_get(json_object_get(v,
	    "@context"), 2)), "https://school.example/layerlab/credentials-v1.jsonld");
	/* A set of proofs, as Open Badges 3.0's schema wants. */
	CHECK(json_is_array(json_object_get(v, "proof")));
	CHECK_STR(json_string_value(json_object_get(ach, "achievementType")),
	    "MicroCredential");
	CHECK_STR(json_string_value(json_object_get(ach, "name")),
	    "FDM 3D printing - operator level");
	CHECK_STR(json_string_value(json_object_get(json_object_get(
	    json_object_get(v, "issuer"), "address"), "addressCountryCode")),
	    "HR");
	CHECK_STR(json_string_value(json_object_get(json_object_get(v,
	    "issuer"), "name")), institution.name);
	CHECK_STR(json_string_value(json_object_get(v, "validFrom")),
	    "2026-09-21T14:46:40Z");
	CHECK_INT(json_array_size(json_object_get(ach, "alignment")), 4);
	CHECK_NEAR(json_number_value(json_object_get(ach, "creditsAvailable")),
	    2.5, 0);
	CHECK_INT(json_integer_value(json_object_get(eu, "workloadHours")), 70);
	CHECK_STR(json_string_value(json_object_get(eu, "participationForm")),
	    "onsite");
	/* The definition has no QA text: the institution's is used. */
	CHECK_STR(json_string_value(json_object_get(eu, "qualityAssurance")),
	    institution.quality_assurance);
	/* A trainer signed off M4.LO3 at the station. */
	CHECK_STR(json_string_value(json_object_get(eu, "supervision")),
	    "supervised-onsite-with-id");
	CHECK_STR(json_string_value(json_object_get(eu, "prerequisites")),
	    "None");
	/* The learner's name in plain, then the id as a salted hash:
	 * SHA-256("ana" + salt hex). */
	{
		json_t *name = json_array_get(json_object_get(json_object_get(v,
		    "credentialSubject"), "identifier"), 0);
		json_t *id = json_array_get(json_object_get(json_object_get(v,
		    "credentialSubject"), "identifier"), 1);
		char *want = cred_identity_hash("ana",
		    "000102030405060708090a0b0c0d0e0f");

		CHECK_STR(json_string_value(json_object_get(id, "identityHash")),
		    want);
		CHECK_STR(json_string_value(json_object_get(id, "salt")),
		    "000102030405060708090a0b0c0d0e0f");
		CHECK(strstr(doc, "\"ana\"") == NULL);
		CHECK_STR(json_string_value(json_object_get(name, "identityType")),
		    "name");
		CHECK_STR(json_string_value(json_object_get(name, "identityHash")),
		    "Ana");
		CHECK(json_is_false(json_object_get(name, "hashed")));
		CHECK_STR(json_string_value(json_object_get(id, "identityType")),
		    "identifier");
		free(want);
		want = cred_identity_hash("ana.novak",
		    "000102030405060708090a0b0c0d0e0f");
		/* Computed independently (Python hashlib). */
		CHECK_STR(want, "sha256$4c2cc0b3036a2c162cedab03d0808e2acd0f885"
		    "1325ab16244a3cdc6b65443ff");
		free(want);
	}
	/* Evidence: the passing results' xAPI statement ids, the failed
	 * quiz attempt is not evidence. */
	{
		json_t *ev = json_object_get(v, "evidence");
		char id[37], urn[64];

		CHECK_INT(json_array_size(ev), 3);
		cred_xapi_result_id(&institution, &results[1], id);
		snprintf(urn, sizeof urn, "urn:uuid:%s", id);
		CHECK_STR(json_string_value(json_object_get(json_array_get(ev,
		    0), "id")), urn);
	}
	/* Grade: 9 of 10 points on the scored checks. */
	CHECK_STR(json_string_value(json_object_get(json_array_get(
	    json_object_get(json_object_get(v, "credentialSubject"), "result"),
	    1), "value")), "90");

	/* Every single leaf changed, one at a time: each is rejected. */
	leaves = count_leaves(v);
	CHECK(leaves > 60);
	for (int i = 0; i < leaves; i++) {
		json_t *copy = json_deep_copy(v);
		int index = i;

		path[0] = '\0';
		CHECK(tamper_leaf(copy, &index, path, sizeof path));
		text = json_dumps(copy, 0);
		if (cred_verify(text, strlen(text), &rep) == 0) {
			fprintf(stderr, "accepted after changing %s\n", path);
			CHECK(0);
		} else
			rejected++;
		cred_report_free(&rep);
		free(text);
		json_decref(copy);
	}
	CHECK_INT(rejected, leaves);
	/* A removed field and an added one are rejected too. */
	{
		json_t *copy = json_deep_copy(v);

		json_object_del(json_object_get(json_object_get(copy,
		    "credentialSubject"), "achievement"), "description");
		text = json_dumps(copy, 0);
		CHECK_INT(cred_verify(text, strlen(text), &rep), -1);
		cred_report_free(&rep);
		free(text);
		json_decref(copy);
		copy = json_deep_copy(v);
		json_object_set_new(copy, "validUntil",
		    json_string("2030-01-01T00:00:00Z"));
		text = json_dumps(copy, 0);
		CHECK_INT(cred_verify(text, strlen(text), &rep), -1);
		cred_report_free(&rep);
		free(text);
		json_decref(copy);
	}
	/* Reformatting does not matter: the signature is over JCS. */
	text = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
	CHECK_INT(cred_verify(text, strlen(text), &rep), 0);
	cred_report_free(&rep);
	free(text);

	json_decref(v);
	free(doc);
	cred_definition_free(&def);
	cred_key_free(key);
}

static void
test_wrong_issuer(void)
{
	struct cred_definition def;
	struct cred_key *key = test_key(), *other;
	struct cred_report rep;
	uint8_t seed[32] = { 7 };
	char *doc, *resigned;
	json_t *v;

	/* Signed by another key but naming the institution's did:key as
	 * issuer: the signature is valid, the issuer check is not. */
	make_definition(&def);
	doc = issue(&def, key, (sizeof results / sizeof results[0]), NULL);
	other = cred_key_from_seed(seed);
	v = json_loads(doc, 0, NULL);
	json_object_del(v, "proof");
	free(doc);
	doc = json_dumps(v, 0);
	resigned = cred_sign(doc, other, 1790002000, NULL);
	CHECK_INT(cred_verify(resigned, strlen(resigned), &rep), -1);
	for (size_t i = 0; i < rep.n; i++) {
		if (strncmp(rep.checks[i].what, "signature", 9) == 0)
			CHECK(rep.checks[i].ok);
		if (strncmp(rep.checks[i].what, "issuer key", 10) == 0)
			CHECK(!rep.checks[i].ok);
	}
	cred_report_free(&rep);
	free(resigned);
	free(doc);
	json_decref(v);
	cred_key_free(other);
	cred_key_free(key);
	cred_definition_free(&def);

	CHECK_INT(cred_verify("not json", 8, &rep), -1);
	CHECK(rep.n >= 1 && !rep.checks[0].ok);
	cred_report_free(&rep);
}

/* Signed by the issuer, yet an EU element missing: verify names it. */
static void
test_missing_element_signed(void)
{
	static const struct {
		const char *parent, *field, *check;
	} cases[] = {
		{ "eu", "qualityAssurance", "EU 11" },
		{ "eu", "participationForm", "EU 10" },
		{ "eu", "assessmentType", "EU 9" },
		{ "eu", "workloadHours", "EU 7" },
		{ "doc", "validFrom", "EU 5" },
		{ "ach", "alignment", "EU 6" },
		{ "subject", "identifier", "EU 1" },
	};
	struct cred_definition def;
	struct cred_key *key = test_key();
	struct cred_institution no_qa = institution;
	char *doc, *cause = NULL;

	make_definition(&def);
	doc = issue(&def, key, sizeof results / sizeof results[0], NULL);
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		json_t *v = json_loads(doc, 0, NULL), *subject, *ach, *target;
		struct cred_report rep;
		char *text, *resigned;
		bool named = false, sig_ok = false;

		subject = json_object_get(v, "credentialSubject");
		ach = json_object_get(subject, "achievement");
		target = strcmp(cases[c].parent, "eu") == 0 ?
		    json_object_get(ach, "euMicroCredential") :
		    strcmp(cases[c].parent, "ach") == 0 ? ach :
		    strcmp(cases[c].parent, "subject") == 0 ? subject : v;
		json_object_del(target, cases[c].field);
		json_object_del(v, "proof");
		text = json_dumps(v, 0);
		resigned = cred_sign(text, key, 1790002000, NULL);
		CHECK_INT(cred_verify(resigned, strlen(resigned), &rep), -1);
		for (size_t i = 0; i < rep.n; i++) {
			if (strncmp(rep.checks[i].what, "signature", 9) == 0)
				sig_ok = rep.checks[i].ok;
			if (strncmp(rep.checks[i].what, cases[c].check,
			    strlen(cases[c].check)) == 0 &&
			    rep.checks[i].what[strlen(cases[c].check)] == ' ')
				named = !rep.checks[i].ok;
		}
		CHECK(sig_ok);
		if (!named)
			fprintf(stderr, "removing %s was not reported as %s\n",
			    cases[c].field, cases[c].check);
		CHECK(named);
		cred_report_free(&rep);
		free(resigned);
		free(text);
		json_decref(v);
	}
	free(doc);

	/* Nothing to say about quality assurance: refused, not issued. */
	no_qa.quality_assurance = NULL;
	{
		static const uint8_t salt[16];
		struct cred_learner learner = { .id = "ana" };
		struct cred_issue in = {
			.def = &def, .institution = &no_qa, .key = key,
			.learner = &learner, .results = results,
			.nresults = sizeof results / sizeof results[0],
			.lang = "en", .now = 1790002000, .salt = salt,
		};

		CHECK(cred_issue(&in, &cause) == NULL);
		CHECK(cause != NULL && strstr(cause, "quality_assurance") != NULL);
		free(cause);
	}
	cred_definition_free(&def);
	cred_key_free(key);
}

static void
test_definition_check(void)
{
	struct cred_definition def;
	char *cause = NULL;

	make_definition(&def);
	CHECK_INT(cred_definition_check(&def, &cause), 0);
	def.eqf_level = 9;
	CHECK_INT(cred_definition_check(&def, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "eqf_level") != NULL);
	def.eqf_level = 4;
	free(def.outcomes[1].id);
	def.outcomes[1].id = strdup("M1.LO1");
	CHECK_INT(cred_definition_check(&def, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "twice") != NULL);
	free(cause);
	CHECK_STR(cred_text_get(&def.title, "sl"), "3D-tisk FDM - raven "
	    "operaterja");
	CHECK_STR(cred_text_get(&def.title, "hr"), "FDM 3D printing - "
	    "operator level");
	cred_definition_free(&def);
}

int
main(void)
{
	RUN(test_base58);
	RUN(test_did_key);
	RUN(test_key_files);
	RUN(test_w3c_vector);
	RUN(test_refuses_missing);
	RUN(test_observation_never_passes);
	RUN(test_builds_on);
	RUN(test_issue_verify_tamper);
	RUN(test_wrong_issuer);
	RUN(test_missing_element_signed);
	RUN(test_definition_check);
	TEST_MAIN_END();
}
