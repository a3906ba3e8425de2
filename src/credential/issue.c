/*
 * Building the OpenBadgeCredential: every mandatory element of the EU
 * micro-credential (Council Recommendation 2022/C 243/02, Annex I) in the
 * Open Badges 3.0 field that carries it, then the eddsa-jcs-2022 proof.
 * Which field holds which element is tabled in docs/credentials.md and
 * checked again, element by element, by cred_verify.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cred_internal.h"

/*
 * The latest passing result for an outcome, or NULL. An observation is one
 * occasion a trainer saw, evidence for the sign-off that cites it: it never
 * passes an outcome itself, nor stands as the evidence of one.
 */
static const struct cred_result *
passing_result(const char *learner_id, const char *outcome_id,
    const struct cred_result *results, size_t n)
{
	const struct cred_result *best = NULL;

	for (size_t i = 0; i < n; i++) {
		const struct cred_result *r = &results[i];

		if (!r->passed || r->outcome_id == NULL ||
		    r->question_id != NULL ||
		    r->method == CRED_METHOD_OBSERVATION ||
		    strcmp(r->outcome_id, outcome_id) != 0)
			continue;
		if (learner_id != NULL && (r->learner_id == NULL ||
		    strcmp(r->learner_id, learner_id) != 0))
			continue;
		if (best == NULL || r->recorded >= best->recorded)
			best = r;
	}
	return best;
}

const struct cred_held *
cred_held_for_module(const struct cred_definition *def, const char *module,
    const struct cred_held *held, size_t nheld, const struct cred_part **part)
{
	for (size_t i = 0; module != NULL && i < def->nbuilds_on; i++) {
		const struct cred_part *p = &def->builds_on[i];
		bool covers = false;

		for (size_t k = 0; k < p->nmodules; k++)
			covers = covers || strcmp(p->modules[k], module) == 0;
		if (!covers)
			continue;
		for (size_t h = 0; h < nheld; h++) {
			if (strcmp(held[h].definition_id, p->id) == 0) {
				if (part != NULL)
					*part = p;
				return &held[h];
			}
		}
	}
	return NULL;
}

size_t
cred_missing_outcomes(const struct cred_definition *def,
    const char *learner_id, const struct cred_result *results, size_t n,
    const struct cred_held *held, size_t nheld,
    const struct cred_outcome ***missing)
{
	size_t count = 0;

	*missing = xcalloc(def->noutcomes ? def->noutcomes : 1,
	    sizeof **missing);
	for (size_t i = 0; i < def->noutcomes; i++) {
		if (passing_result(learner_id, def->outcomes[i].id, results,
		    n) == NULL && cred_held_for_module(def,
		    def->outcomes[i].module, held, nheld, NULL) == NULL)
			(*missing)[count++] = &def->outcomes[i];
	}
	return count;
}

char *
cred_identity_hash(const char *value, const char *salt_hex)
{
	uint8_t hash[32];
	char hex[65];
	crypto_hash_sha256_state st;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)value,
	    strlen(value));
	crypto_hash_sha256_update(&st, (const unsigned char *)salt_hex,
	    strlen(salt_hex));
	crypto_hash_sha256_final(&st, hash);
	cred_hex(hash, sizeof hash, hex);
	return xasprintf("sha256$%s", hex);
}

static const char *
text_or(const struct cred_text *t, const char *lang, const char *fallback)
{
	const char *s = cred_text_get(t, lang);

	return s != NULL ? s : fallback;
}

static json_t *
typed(const char *type)
{
	json_t *o = json_object();

	json_object_set_new(o, "type", json_pack("[s]", type));
	return o;
}

static json_t *
issuer_profile(const struct cred_issue *in)
{
	const struct cred_institution *inst = in->institution;
	json_t *issuer = json_object(), *address = typed("Address");

	json_object_set_new(issuer, "id", json_string(cred_key_did(in->key)));
	json_object_set_new(issuer, "type", json_pack("[s]", "Profile"));
	json_object_set_new(issuer, "name", json_string(inst->name));
	json_object_set_new(issuer, "url", json_string(inst->url));
	json_object_set_new(address, "addressCountryCode",
	    json_string(inst->country));
	if (inst->region != NULL && *inst->region != '\0')
		json_object_set_new(address, "addressRegion",
		    json_string(inst->region));
	json_object_set_new(issuer, "address", address);
	return issuer;
}

static json_t *
outcome_alignment(const struct cred_issue *in, const struct cred_outcome *o)
{
	const char *lang = in->lang;
	json_t *a = typed("Alignment");
	char *url = cred_iri(in->institution->url, "outcomes", o->id);
	const char *title = text_or(&o->title, lang, NULL);
	const char *desc = text_or(&o->description, lang, title);

	json_object_set_new(a, "targetType", json_string("ceasn:Competency"));
	json_object_set_new(a, "targetName", json_pack("s++", o->id, " ",
	    title != NULL ? title : desc));
	json_object_set_new(a, "targetDescription", json_pack("s+++", "(",
	    cred_kind_code(o->kind), ") ", desc));
	json_object_set_new(a, "targetUrl", json_string(url));
	json_object_set_new(a, "targetCode", json_string(o->id));
	json_object_set_new(a, "targetFramework", json_pack("s+",
	    "layerlab learning outcomes: ", in->def->id));
	free(url);
	return a;
}

static json_t *
eqf_alignment(int level)
{
	json_t *a = typed("Alignment");
	char code[4];

	snprintf(code, sizeof code, "%d", level);
	json_object_set_new(a, "targetName", json_pack("s+", "EQF level ",
	    code));
	json_object_set_new(a, "targetUrl", json_pack("s+", CRED_EQF_URL,
	    code));
	json_object_set_new(a, "targetFramework",
	    json_string("European Qualifications Framework"));
	json_object_set_new(a, "targetCode", json_string(code));
	return a;
}

/* The modules, outcomes and assessment in one paragraph for people. */
static char *
criteria_narrative(const struct cred_issue *in)
{
	const struct cred_definition *def = in->def;
	struct buf b;

	buf_init(&b);
	buf_appendf(&b, "%s\n\n",
	    text_or(&def->assessment, in->lang, ""));
	for (size_t i = 0; i < def->noutcomes; i++) {
		const struct cred_outcome *o = &def->outcomes[i];

		buf_appendf(&b, "- %s (%s, %s): %s\n", o->id,
		    cred_kind_code(o->kind), cred_method_name(o->method),
		    text_or(&o->description, in->lang,
		    text_or(&o->title, in->lang, "")));
	}
	return buf_detach(&b);
}

static json_t *
eu_elements(const struct cred_issue *in, bool trainer_signed)
{
	const struct cred_definition *def = in->def;
	json_t *eu = json_object();
	enum cred_supervision sup = def->supervision;
	const char *qa = text_or(&def->quality_assurance, in->lang,
	    in->institution->quality_assurance);
	const char *s;

	/* A trainer confirmed the learner's identity at the station. */
	if (trainer_signed)
		sup = CRED_SUPERVISION_SUPERVISED_ONSITE_WITH_ID;
	json_object_set_new(eu, "workloadHours",
	    json_integer(def->workload_hours));
	json_object_set_new(eu, "ects", json_real(def->ects));
	json_object_set_new(eu, "eqfLevel", json_integer(def->eqf_level));
	json_object_set_new(eu, "assessmentType", json_string(text_or(
	    &def->assessment, in->lang, "")));
	json_object_set_new(eu, "participationForm",
	    json_string(cred_participation_name(def->participation)));
	json_object_set_new(eu, "qualityAssurance", json_string(qa != NULL ?
	    qa : ""));
	json_object_set_new(eu, "supervision",
	    json_string(cred_supervision_name(sup)));
	if ((s = cred_text_get(&def->prerequisites, in->lang)) != NULL)
		json_object_set_new(eu, "prerequisites", json_string(s));
	if ((s = cred_text_get(&def->stackability, in->lang)) != NULL)
		json_object_set_new(eu, "stackability", json_string(s));
	if (def->further_information != NULL)
		json_object_set_new(eu, "furtherInformation",
		    json_string(def->further_information));
	if ((s = cred_text_get(&def->national_level, in->lang)) != NULL)
		json_object_set_new(eu, "nationalLevel", json_string(s));
	if (def->contact_hours + def->practice_hours +
	    def->self_study_hours > 0) {
		json_object_set_new(eu, "contactHours",
		    json_integer(def->contact_hours));
		json_object_set_new(eu, "practiceHours",
		    json_integer(def->practice_hours));
		json_object_set_new(eu, "selfStudyHours",
		    json_integer(def->self_study_hours));
	}
	if (def->minimum_age > 0)
		json_object_set_new(eu, "minimumAge",
		    json_integer(def->minimum_age));
	if ((s = cred_text_get(&def->assessment_rules, in->lang)) != NULL)
		json_object_set_new(eu, "assessmentRules", json_string(s));
	if (def->refresh_months > 0) {
		char period[24];	/* an ISO 8601 duration */

		snprintf(period, sizeof period, "P%dM", def->refresh_months);
		json_object_set_new(eu, "refreshPeriod", json_string(period));
	}
	if (def->nbuilds_on > 0) {
		json_t *parts = json_array();

		for (size_t i = 0; i < def->nbuilds_on; i++) {
			char *iri = cred_iri(in->institution->url,
			    "credentials", def->builds_on[i].id);

			json_array_append_new(parts, json_string(iri));
			free(iri);
		}
		json_object_set_new(eu, "buildsOn", parts);
	}
	return eu;
}

static json_t *
result_description(const char *achievement_id, const char *fragment,
    const char *name, const char *result_type)
{
	json_t *rd = typed("ResultDescription");

	json_object_set_new(rd, "id", json_pack("s++", achievement_id, "#",
	    fragment));
	json_object_set_new(rd, "name", json_string(name));
	json_object_set_new(rd, "resultType", json_string(result_type));
	return rd;
}

char *
cred_issue(const struct cred_issue *in, char **cause)
{
	const struct cred_definition *def = in->def;
	const struct cred_outcome **missing;
	const struct cred_result **used;
	size_t nmissing;
	json_t *doc, *subject, *ach, *align, *evidence, *identifier, *ids, *rds;
	json_t *results;
	char uuid[37], when[32], salt_hex[33], *ach_id, *s, *unsigned_text;
	char *signed_text;
	uint8_t salt[16];
	bool trainer_signed = false;
	double score_sum = 0, score_max = 0;

	if (cred_definition_check(def, cause) != 0)
		return NULL;
	if (def->nabsent_modules > 0) {
		struct buf b;

		buf_init(&b);
		for (size_t i = 0; i < def->nabsent_modules; i++)
			buf_appendf(&b, "%s%s", i > 0 ? ", " : "",
			    def->absent_modules[i]);
		set_cause(cause, "credential %s requires modules that are not "
		    "installed: %s; it cannot be issued until they are",
		    def->id, b.data);
		buf_free(&b);
		return NULL;
	}
	if (in->institution->country == NULL ||
	    strlen(in->institution->country) != 2) {
		set_cause(cause, "the institution's country must be an ISO "
		    "3166-1 alpha-2 code (institution.country)");
		return NULL;
	}
	{
		const char *qa = text_or(&def->quality_assurance, in->lang,
		    in->institution->quality_assurance);

		if (qa == NULL || *qa == '\0') {
			set_cause(cause, "no quality assurance text: set "
			    "quality_assurance in the configuration or in "
			    "credential %s", def->id);
			return NULL;
		}
	}
	if (in->institution->name == NULL || *in->institution->name == '\0' ||
	    in->institution->url == NULL || *in->institution->url == '\0') {
		set_cause(cause, "the awarding body needs institution.name and "
		    "institution.url in the configuration");
		return NULL;
	}
	nmissing = cred_missing_outcomes(def, in->learner->id, in->results,
	    in->nresults, in->held, in->nheld, &missing);
	if (nmissing > 0) {
		struct buf b;

		buf_init(&b);
		buf_appendf(&b, "learner %s has not yet achieved %zu of the %zu "
		    "outcomes credential %s requires:", in->learner->id,
		    nmissing, def->noutcomes, def->id);
		for (size_t i = 0; i < nmissing; i++)
			buf_appendf(&b, "\n  %s %s", missing[i]->id,
			    text_or(&missing[i]->title, in->lang,
			    text_or(&missing[i]->description, in->lang, "")));
		set_cause(cause, "%s", b.data);
		buf_free(&b);
		free(missing);
		return NULL;
	}
	free(missing);
	used = xcalloc(def->noutcomes, sizeof *used);
	for (size_t i = 0; i < def->noutcomes; i++) {
		/* A credential it builds on stands for its modules' outcomes
		 * (evidence below), results for the rest. */
		if (cred_held_for_module(def, def->outcomes[i].module,
		    in->held, in->nheld, NULL) != NULL)
			continue;
		used[i] = passing_result(in->learner->id, def->outcomes[i].id,
		    in->results, in->nresults);
		if (used[i]->method == CRED_METHOD_TRAINER)
			trainer_signed = true;
		if (used[i]->has_score && used[i]->score_max > 0) {
			score_sum += used[i]->score - used[i]->score_min;
			score_max += used[i]->score_max - used[i]->score_min;
		}
	}

	doc = json_object();
	s = cred_context_url(in->institution->url);
	json_object_set_new(doc, "@context", json_pack("[sss]", CRED_CONTEXT_VC,
	    CRED_CONTEXT_OB, s));
	free(s);
	if (in->credential_id != NULL)
		json_object_set_new(doc, "id", json_string(in->credential_id));
	else {
		cred_uuid4(uuid);
		json_object_set_new(doc, "id", json_pack("s+", "urn:uuid:",
		    uuid));
	}
	json_object_set_new(doc, "type", json_pack("[ss]",
	    "VerifiableCredential", "OpenBadgeCredential"));
	json_object_set_new(doc, "name", json_string(text_or(&def->title,
	    in->lang, def->id)));
	json_object_set_new(doc, "description", json_string(text_or(
	    &def->description, in->lang, "")));
	json_object_set_new(doc, "issuer", issuer_profile(in));
	clock_iso8601(when, in->now);
	json_object_set_new(doc, "validFrom", json_string(when));

	/*
	 * The learner: the name (as on the certificate, so paper and file can
	 * be matched; a salted hash when the configuration says so) and a
	 * salted hash of the school's number or layerlab's id.
	 */
	subject = json_object();
	json_object_set_new(subject, "type", json_pack("[s]",
	    "AchievementSubject"));
	if (in->salt != NULL)
		memcpy(salt, in->salt, sizeof salt);
	else {
		if (sodium_init() < 0)
			fatal("libsodium failed to initialise");
		randombytes_buf(salt, sizeof salt);
	}
	cred_hex(salt, sizeof salt, salt_hex);
	ids = json_array();
	if (in->learner->display_name != NULL &&
	    *in->learner->display_name != '\0') {
		identifier = json_object();
		json_object_set_new(identifier, "type",
		    json_string("IdentityObject"));
		json_object_set_new(identifier, "identityType",
		    json_string("name"));
		if (in->learner->hash_name) {
			s = cred_identity_hash(in->learner->display_name,
			    salt_hex);
			json_object_set_new(identifier, "identityHash",
			    json_string(s));
			json_object_set_new(identifier, "hashed", json_true());
			json_object_set_new(identifier, "salt",
			    json_string(salt_hex));
			free(s);
		} else {
			json_object_set_new(identifier, "identityHash",
			    json_string(in->learner->display_name));
			json_object_set_new(identifier, "hashed", json_false());
		}
		json_array_append_new(ids, identifier);
	}
	identifier = json_object();
	json_object_set_new(identifier, "type", json_string("IdentityObject"));
	if (in->learner->school_id != NULL && *in->learner->school_id != '\0') {
		s = cred_identity_hash(in->learner->school_id, salt_hex);
		json_object_set_new(identifier, "identityType",
		    json_string("ext:studentId"));
	} else {
		s = cred_identity_hash(in->learner->id, salt_hex);
		json_object_set_new(identifier, "identityType",
		    json_string("identifier"));
	}
	json_object_set_new(identifier, "identityHash", json_string(s));
	json_object_set_new(identifier, "hashed", json_true());
	json_object_set_new(identifier, "salt", json_string(salt_hex));
	free(s);
	json_array_append_new(ids, identifier);
	json_object_set_new(subject, "identifier", ids);

	ach = json_object();
	ach_id = cred_iri(in->institution->url, "credentials", def->id);
	json_object_set_new(ach, "id", json_string(ach_id));
	json_object_set_new(ach, "type", json_pack("[s]", "Achievement"));
	json_object_set_new(ach, "achievementType",
	    json_string("MicroCredential"));
	json_object_set_new(ach, "name", json_string(text_or(&def->title,
	    in->lang, def->id)));
	json_object_set_new(ach, "description", json_string(text_or(
	    &def->description, in->lang, "")));
	s = criteria_narrative(in);
	json_object_set_new(ach, "criteria", json_pack("{ss}", "narrative",
	    s));
	free(s);
	align = json_array();
	for (size_t i = 0; i < def->noutcomes; i++)
		json_array_append_new(align, outcome_alignment(in,
		    &def->outcomes[i]));
	json_array_append_new(align, eqf_alignment(def->eqf_level));
	json_object_set_new(ach, "alignment", align);
	json_object_set_new(ach, "creditsAvailable", json_real(def->ects));
	rds = json_array();
	json_array_append_new(rds, result_description(ach_id, "status",
	    text_or(&def->assessment, in->lang, "assessment"), "Status"));
	if (score_max > 0)
		json_array_append_new(rds, result_description(ach_id, "score",
		    "Scored checks, percent of the points available",
		    "Percent"));
	json_object_set_new(ach, "resultDescription", rds);
	if (in->lang != NULL)
		json_object_set_new(ach, "inLanguage", json_string(in->lang));
	if (def->version != NULL)
		json_object_set_new(ach, "version", json_string(def->version));
	json_object_set_new(ach, "euMicroCredential", eu_elements(in,
	    trainer_signed));
	json_object_set_new(subject, "achievement", ach);

	/* The grade: completed, and the share of points where scored. */
	results = json_array();
	{
		json_t *r = typed("Result");
		json_object_set_new(r, "resultDescription", json_pack("s+",
		    ach_id, "#status"));
		json_object_set_new(r, "status", json_string("Completed"));
		json_array_append_new(results, r);
	}
	if (score_max > 0) {
		json_t *r = typed("Result");
		char pct[32];

		cred_jcs_number(round(score_sum / score_max * 1000) / 10, pct);
		json_object_set_new(r, "resultDescription", json_pack("s+",
		    ach_id, "#score"));
		json_object_set_new(r, "value", json_string(pct));
		json_array_append_new(results, r);
	}
	json_object_set_new(subject, "result", results);
	json_object_set_new(doc, "credentialSubject", subject);

	/* Each outcome's passing result, by its xAPI statement id. */
	evidence = json_array();
	for (size_t i = 0; i < def->noutcomes; i++) {
		json_t *e;
		char id[37], at[32];

		if (used[i] == NULL)
			continue;
		e = json_object();
		cred_xapi_result_id(in->institution, used[i], id);
		clock_iso8601(at, used[i]->recorded);
		json_object_set_new(e, "id", json_pack("s+", "urn:uuid:", id));
		json_object_set_new(e, "type", json_pack("[s]", "Evidence"));
		json_object_set_new(e, "name", json_pack("s++", "Outcome ",
		    def->outcomes[i].id, " passed"));
		json_object_set_new(e, "genre", json_pack("s+",
		    "xAPI statement: ", cred_method_name(used[i]->method)));
		if (used[i]->trainer != NULL)
			json_object_set_new(e, "narrative", json_pack(
			    "s+++++", "Lesson ", used[i]->lesson_id ?
			    used[i]->lesson_id : "?", ", signed off by "
			    "trainer ", used[i]->trainer, " on ", at));
		else
			json_object_set_new(e, "narrative", json_pack(
			    "s+++++", "Lesson ", used[i]->lesson_id ?
			    used[i]->lesson_id : "?", ", ",
			    cred_method_name(used[i]->method), " check on ", at));
		json_array_append_new(evidence, e);
	}
	/* Each held credential that stands in for outcomes not repeated. */
	for (size_t p = 0; p < def->nbuilds_on; p++) {
		const struct cred_part *part = &def->builds_on[p];
		const struct cred_held *h = NULL;
		struct buf b;
		json_t *e;

		for (size_t i = 0; i < def->noutcomes && h == NULL; i++) {
			const struct cred_part *pp = NULL;
			const struct cred_held *hh;

			if (used[i] != NULL)
				continue;
			hh = cred_held_for_module(def, def->outcomes[i].module,
			    in->held, in->nheld, &pp);
			if (pp == part)
				h = hh;
		}
		if (h == NULL)
			continue;
		buf_init(&b);
		for (size_t i = 0; i < def->noutcomes; i++) {
			const struct cred_part *pp = NULL;

			if (used[i] == NULL && cred_held_for_module(def,
			    def->outcomes[i].module, in->held, in->nheld,
			    &pp) == h && pp == part)
				buf_appendf(&b, "%s%s", b.len > 0 ? ", " : "",
				    def->outcomes[i].id);
		}
		e = json_object();
		json_object_set_new(e, "id", json_string(h->uri));
		json_object_set_new(e, "type", json_pack("[s]", "Evidence"));
		json_object_set_new(e, "name", json_pack("s+", "Credential held: ",
		    text_or(&part->title, in->lang, part->id)));
		json_object_set_new(e, "genre", json_string("Credential"));
		json_object_set_new(e, "narrative", json_pack("s+", "Stands in "
		    "for outcomes ", b.data));
		json_array_append_new(evidence, e);
		buf_free(&b);
	}
	if (in->head_hash != NULL) {
		json_t *e = json_object();
		char *id = cred_records_head_id(in->head_seq, in->head_hash);

		json_object_set_new(e, "id", json_string(id));
		json_object_set_new(e, "type", json_pack("[s]", "Evidence"));
		json_object_set_new(e, "name", json_string("Records as issued"));
		json_object_set_new(e, "description", json_pack("s++", "The "
		    "issuer's records of these results end in audit entry ",
		    id + strlen("urn:layerlab:records-head:"), " (number:"
		    "SHA-256)."));
		json_array_append_new(evidence, e);
		free(id);
	}
	json_object_set_new(doc, "evidence", evidence);
	if (in->with_status) {
		char *list = cred_status_list_url(in->institution->url);
		char index[24];

		snprintf(index, sizeof index, "%lld", (long long)in->status_index);
		json_object_set_new(doc, "credentialStatus", json_pack(
		    "{s:s++, s:s, s:s, s:s, s:s}", "id", list, "#", index,
		    "type", "BitstringStatusListEntry", "statusPurpose",
		    "revocation", "statusListIndex", index,
		    "statusListCredential", list));
		free(list);
	}
	free(used);
	free(ach_id);

	unsigned_text = cred_json_dump(doc);
	json_decref(doc);
	signed_text = cred_sign(unsigned_text, in->key, in->now, cause);
	free(unsigned_text);
	return signed_text;
}
