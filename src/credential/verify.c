/*
 * Verifying a credential as a holder or employer would: the proof, that the
 * key which signed is the issuer's own did:key, and that every mandatory EU
 * element is present and well formed. Each check is reported, passed or
 * not, so the output says what was looked at.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cred_internal.h"

static void
report_add(struct cred_report *rep, const char *what, bool ok,
    const char *fmt, ...) LL_PRINTF(4, 5);

static void
report_add(struct cred_report *rep, const char *what, bool ok,
    const char *fmt, ...)
{
	struct cred_check *c;
	va_list ap;

	rep->checks = xrealloc(rep->checks, (rep->n + 1) * sizeof *rep->checks);
	c = &rep->checks[rep->n++];
	c->what = xstrdup(what);
	c->ok = ok;
	if (fmt != NULL) {
		va_start(ap, fmt);
		c->detail = xvasprintf(fmt, ap);
		va_end(ap);
	} else
		c->detail = NULL;
	if (!ok)
		rep->ok = false;
}

void
cred_report_free(struct cred_report *rep)
{
	for (size_t i = 0; i < rep->n; i++) {
		free(rep->checks[i].what);
		free(rep->checks[i].detail);
	}
	free(rep->checks);
	free(rep->id);
	free(rep->issuer);
	free(rep->holder);
	memset(rep, 0, sizeof *rep);
}

/* A non-empty string at path "a.b.c" (objects only), or NULL. */
static const char *
str_at(const json_t *v, const char *path)
{
	char *copy = xstrdup(path), *save = NULL;
	const char *s;

	for (char *k = strtok_r(copy, ".", &save); k != NULL && v != NULL;
	    k = strtok_r(NULL, ".", &save))
		v = json_object_get(v, k);
	free(copy);
	s = json_string_value(v);
	return s != NULL && *s != '\0' ? s : NULL;
}

static bool
type_has(const json_t *type, const char *want)
{
	size_t i;
	json_t *t;

	if (json_is_string(type))
		return strcmp(json_string_value(type), want) == 0;
	json_array_foreach(type, i, t) {
		if (json_is_string(t) && strcmp(json_string_value(t), want) == 0)
			return true;
	}
	return false;
}

static bool
is_uri(const char *s)
{
	const char *colon;

	if (s == NULL || !isalpha((unsigned char)s[0]))
		return false;
	colon = strchr(s, ':');
	if (colon == NULL || colon[1] == '\0')
		return false;
	for (const char *p = s; p < colon; p++) {
		if (!isalnum((unsigned char)*p) && strchr("+-.", *p) == NULL)
			return false;
	}
	for (const char *p = s; *p != '\0'; p++) {
		if ((unsigned char)*p <= ' ')
			return false;
	}
	return true;
}

static bool
is_urn_uuid(const char *s)
{
	if (s == NULL || !str_starts_with(s, "urn:uuid:") || strlen(s) != 45)
		return false;
	for (int i = 0; i < 36; i++) {
		char c = s[9 + i];
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return false;
		} else if (!isxdigit((unsigned char)c))
			return false;
	}
	return true;
}

static void
check_carrier(const json_t *doc, struct cred_report *rep)
{
	static const char *const contexts[] = { CRED_CONTEXT_VC,
	    CRED_CONTEXT_OB };
	const json_t *ctx = json_object_get(doc, "@context");
	bool ok = json_is_array(ctx) && json_array_size(ctx) >= 2;

	for (size_t i = 0; ok && i < 2; i++)
		ok = json_is_string(json_array_get(ctx, i)) &&
		    strcmp(json_string_value(json_array_get(ctx, i)),
		    contexts[i]) == 0;
	for (size_t i = 2; ok && i < json_array_size(ctx); i++)
		ok = json_is_string(json_array_get(ctx, i));
	report_add(rep, "@context: VC 2.0, then Open Badges 3.0", ok,
	    ok ? NULL : "expected [\"%s\", \"%s\", ...] as strings",
	    contexts[0], contexts[1]);

	ok = type_has(json_object_get(doc, "type"), "VerifiableCredential") &&
	    type_has(json_object_get(doc, "type"), "OpenBadgeCredential");
	report_add(rep, "type: VerifiableCredential, OpenBadgeCredential", ok,
	    NULL);
	ok = is_urn_uuid(str_at(doc, "id"));
	report_add(rep, "id (a urn:uuid)", ok, "%s", ok ? str_at(doc, "id") :
	    "missing or not urn:uuid:<UUID>");
	ok = type_has(json_object_get(json_object_get(doc,
	    "credentialSubject"), "type"), "AchievementSubject") &&
	    type_has(json_object_get(json_object_get(json_object_get(doc,
	    "credentialSubject"), "achievement"), "type"), "Achievement");
	report_add(rep, "credentialSubject: AchievementSubject with an "
	    "Achievement", ok, NULL);
}

/* Open Badges 3.0's IdentifierTypeEnum; anything else must be "ext:..." */
static bool
identity_type_known(const char *t)
{
	static const char *const known[] = { "name", "sourcedId", "systemId",
	    "productId", "userName", "accountId", "emailAddress",
	    "nationalIdentityNumber", "isbn", "issn", "lisSourcedId",
	    "oneRosterSourcedId", "sisSourcedId", "ltiContextId",
	    "ltiDeploymentId", "ltiToolId", "ltiPlatformId", "ltiUserId",
	    "identifier" };

	if (str_starts_with(t, "ext:") && t[4] != '\0')
		return true;
	for (size_t i = 0; i < LL_ARRAY_LEN(known); i++) {
		if (strcmp(known[i], t) == 0)
			return true;
	}
	return false;
}

static void
check_learner(const json_t *subject, struct cred_report *rep)
{
	const json_t *ids = json_object_get(subject, "identifier"), *id;
	const char *subject_id = str_at(subject, "id");
	bool ok = false;
	size_t i;

	if (subject_id != NULL)
		ok = is_uri(subject_id);
	json_array_foreach(ids, i, id) {
		const char *hash = str_at(id, "identityHash");
		const char *type = str_at(id, "identityType");

		if (type == NULL || !identity_type_known(type) || hash == NULL ||
		    !json_is_boolean(json_object_get(id, "hashed"))) {
			ok = false;
			break;
		}
		if (json_is_true(json_object_get(id, "hashed")) &&
		    (!str_starts_with(hash, "sha256$") || strlen(hash) != 71)) {
			ok = false;
			break;
		}
		if (strcmp(type, "name") == 0 &&
		    json_is_false(json_object_get(id, "hashed")) &&
		    rep->holder == NULL)
			rep->holder = xstrdup(hash);
		ok = true;
	}
	report_add(rep, "EU 1 learner: credentialSubject id or identifier[]",
	    ok, "%s", ok ? (rep->holder != NULL ? rep->holder :
	    "identified by hash") : "expected credentialSubject.id or "
	    "identifier[] entries with identityType (Open Badges "
	    "IdentifierTypeEnum or ext:...), identityHash (sha256$... when "
	    "hashed) and hashed");
}

static void
check_issuer(const json_t *doc, struct cred_report *rep)
{
	const json_t *issuer = json_object_get(doc, "issuer");
	const char *cc = str_at(issuer, "address.addressCountryCode");
	bool ok;

	ok = str_at(issuer, "id") != NULL && str_at(issuer, "name") != NULL &&
	    type_has(json_object_get(issuer, "type"), "Profile") &&
	    is_uri(str_at(issuer, "url"));
	report_add(rep, "EU 4 awarding body: issuer Profile with id, name, url",
	    ok, "%s", ok ? str_at(issuer, "name") : "expected issuer "
	    "{id, type [Profile], name, url}");
	ok = cc != NULL && strlen(cc) == 2 && isupper((unsigned char)cc[0]) &&
	    isupper((unsigned char)cc[1]);
	report_add(rep, "EU 3 country of the issuer: "
	    "issuer.address.addressCountryCode", ok, "%s", ok ? cc :
	    "expected an ISO 3166-1 alpha-2 code");
}

static void
check_achievement(const json_t *doc, struct cred_report *rep)
{
	const json_t *subject = json_object_get(doc, "credentialSubject");
	const json_t *ach = json_object_get(subject, "achievement");
	const json_t *eu = json_object_get(ach, "euMicroCredential");
	const json_t *align = json_object_get(ach, "alignment"), *a;
	const json_t *credits = json_object_get(ach, "creditsAvailable");
	const json_t *hours = json_object_get(eu, "workloadHours");
	const char *s, *level = NULL;
	size_t i, noutcomes = 0;
	bool ok, outcomes_ok = true;

	ok = str_at(ach, "name") != NULL && str_at(doc, "name") != NULL;
	report_add(rep, "EU 2 title: achievement.name and name", ok, "%s",
	    ok ? str_at(ach, "name") : "missing");
	ok = cred_datetime_valid(str_at(doc, "validFrom"));
	report_add(rep, "EU 5 date of issuing: validFrom", ok, "%s",
	    ok ? str_at(doc, "validFrom") : "missing or not ISO 8601");

	json_array_foreach(align, i, a) {
		const char *url = str_at(a, "targetUrl");

		if (url != NULL && str_starts_with(url, CRED_EQF_URL)) {
			const char *code = str_at(a, "targetCode");
			const char *tail = url + strlen(CRED_EQF_URL);

			if (code != NULL && strlen(tail) == 1 &&
			    tail[0] >= '1' && tail[0] <= '8' &&
			    strcmp(code, tail) == 0 &&
			    (s = str_at(a, "targetFramework")) != NULL &&
			    strcmp(s, "European Qualifications Framework") == 0)
				level = code;
			continue;
		}
		if ((s = str_at(a, "targetType")) == NULL ||
		    strcmp(s, "ceasn:Competency") != 0)
			continue;
		noutcomes++;
		if (!type_has(json_object_get(a, "type"), "Alignment") ||
		    str_at(a, "targetName") == NULL ||
		    str_at(a, "targetDescription") == NULL ||
		    !is_uri(url))
			outcomes_ok = false;
	}
	ok = noutcomes > 0 && outcomes_ok &&
	    str_at(ach, "criteria.narrative") != NULL;
	report_add(rep, "EU 6 learning outcomes: alignment[] "
	    "ceasn:Competency and criteria.narrative", ok, ok ? "%zu outcomes" :
	    "expected ceasn:Competency alignments with targetName, "
	    "targetDescription and targetUrl (%zu found) and a narrative",
	    noutcomes);
	ok = json_is_number(credits) && json_number_value(credits) >= 0 &&
	    json_is_number(hours) && json_number_value(hours) > 0 &&
	    json_number_value(hours) == floor(json_number_value(hours));
	report_add(rep, "EU 7 notional workload: creditsAvailable (ECTS) and "
	    "workloadHours", ok, ok ? "%g ECTS, %g hours" : "expected numbers "
	    "(got %g, %g)", json_number_value(credits),
	    json_number_value(hours));
	report_add(rep, "EU 8 level: EQF alignment", level != NULL, "%s",
	    level != NULL ? level : "expected an alignment to "
	    CRED_EQF_URL "<1-8> with targetCode and targetFramework");
	ok = str_at(eu, "assessmentType") != NULL &&
	    json_array_size(json_object_get(ach, "resultDescription")) > 0;
	report_add(rep, "EU 9 type of assessment: assessmentType and "
	    "resultDescription[]", ok, "%s", ok ? str_at(eu, "assessmentType") :
	    "missing");
	s = str_at(eu, "participationForm");
	ok = s != NULL && (strcmp(s, "onsite") == 0 ||
	    strcmp(s, "online") == 0 || strcmp(s, "blended") == 0);
	report_add(rep, "EU 10 form of participation: participationForm", ok,
	    "%s", ok ? s : "expected onsite, online or blended");
	ok = str_at(eu, "qualityAssurance") != NULL;
	report_add(rep, "EU 11 quality assurance: qualityAssurance", ok, "%s",
	    ok ? str_at(eu, "qualityAssurance") : "missing");

	if ((s = str_at(eu, "supervision")) != NULL) {
		enum cred_supervision sup;

		ok = cred_supervision_parse(s, &sup) == 0;
		report_add(rep, "supervision and identity verification", ok,
		    "%s", s);
	}
	s = str_at(ach, "achievementType");
	ok = s != NULL && strcmp(s, "MicroCredential") == 0;
	report_add(rep, "achievementType: MicroCredential", ok, NULL);
}

int
cred_verify(const char *json, size_t len, struct cred_report *rep)
{
	json_t *doc;
	char *why = NULL;
	const char *issuer, *method;
	bool ok;

	memset(rep, 0, sizeof *rep);
	rep->ok = true;
	if (len > CRED_DOCUMENT_MAX) {
		report_add(rep, "JSON", false, "larger than %u bytes",
		    CRED_DOCUMENT_MAX);
		return -1;
	}
	doc = cred_json_parse(json, len, &why);
	report_add(rep, "JSON", doc != NULL && json_is_object(doc), "%s",
	    doc == NULL ? why : json_is_object(doc) ? "parsed" :
	    "not an object");
	free(why);
	why = NULL;
	if (doc == NULL || !json_is_object(doc)) {
		json_decref(doc);
		return -1;
	}
	if (str_at(doc, "id") != NULL)
		rep->id = xstrdup(str_at(doc, "id"));

	ok = cred_proof_verify(doc, &why) == 0;
	report_add(rep, "signature: Data Integrity eddsa-jcs-2022, Ed25519",
	    ok, "%s", ok ? "valid" : why);
	free(why);
	why = NULL;

	issuer = str_at(json_object_get(doc, "issuer"), "id");
	if (issuer == NULL)
		issuer = str_at(doc, "issuer");
	if (issuer != NULL)
		rep->issuer = xstrdup(issuer);
	method = str_at(cred_proof_first(doc), "verificationMethod");
	{
		uint8_t pk[32];
		size_t ilen = issuer != NULL ? strlen(issuer) : 0;

		ok = issuer != NULL && method != NULL &&
		    cred_did_key_public(issuer, pk, &why) == 0 &&
		    strchr(issuer, '#') == NULL &&
		    strncmp(method, issuer, ilen) == 0 && method[ilen] == '#';
		report_add(rep, "issuer key: the signing key is the issuer's "
		    "did:key", ok, "%s", ok ? issuer : why != NULL ? why :
		    "the verification method is not the issuer's did:key");
		free(why);
		why = NULL;
	}
	check_carrier(doc, rep);
	check_learner(json_object_get(doc, "credentialSubject"), rep);
	check_issuer(doc, rep);
	check_achievement(doc, rep);
	json_decref(doc);
	return rep->ok ? 0 : -1;
}
