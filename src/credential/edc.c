/*
 * The same achievement as a Europass credential: the European Learning
 * Model (ELM 3) in the European Digital Credentials application profile,
 * JSON-LD, unsigned. The school's EDC issuer (Europass's free tools) seals
 * it; layerlab's did:key cannot, EDC wants an eSeal. Everything comes from
 * the signed Open Badges credential, so the two never disagree, plus what
 * only the profile asks for: the learner's full name, the awarding body's
 * legal identifier, the certificate image as its display.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cred_internal.h"

#define EDC_CONTEXT "http://data.europa.eu/snb/model/context/edc-ap"
/* Europass's ELM 3 credentials are VC 1.1 documents: the edc-ap context
 * redefines terms the VC 2.0 context protects. */
#define VC1_CONTEXT "https://www.w3.org/2018/credentials/v1"
#define EU_AUTHORITY "http://publications.europa.eu/resource/authority/"
#define SNB "http://data.europa.eu/snb/"

/* ISO 3166-1 alpha-2 to the EU country authority's alpha-3 codes. */
static const char *const countries[][2] = {
	{ "AL", "ALB" }, { "AT", "AUT" }, { "BA", "BIH" }, { "BE", "BEL" },
	{ "BG", "BGR" }, { "CH", "CHE" }, { "CY", "CYP" }, { "CZ", "CZE" },
	{ "DE", "DEU" }, { "DK", "DNK" }, { "EE", "EST" }, { "ES", "ESP" },
	{ "FI", "FIN" }, { "FR", "FRA" }, { "GR", "GRC" }, { "HR", "HRV" },
	{ "HU", "HUN" }, { "IE", "IRL" }, { "IS", "ISL" }, { "IT", "ITA" },
	{ "LI", "LIE" }, { "LT", "LTU" }, { "LU", "LUX" }, { "LV", "LVA" },
	{ "MD", "MDA" }, { "ME", "MNE" }, { "MK", "MKD" }, { "MT", "MLT" },
	{ "NL", "NLD" }, { "NO", "NOR" }, { "PL", "POL" }, { "PT", "PRT" },
	{ "RO", "ROU" }, { "RS", "SRB" }, { "SE", "SWE" }, { "SI", "SVN" },
	{ "SK", "SVK" }, { "TR", "TUR" }, { "UA", "UKR" }, { "XK", "XKX" },
};

/* BCP 47 to the EU language authority, and the key of language maps
 * (ISO 639-1; Montenegrin has none and is written under "sr"). */
static const char *const languages[][3] = {
	{ "en", "ENG", "en" }, { "sl", "SLV", "sl" }, { "hr", "HRV", "hr" },
	{ "sr", "SRP", "sr" }, { "bs", "BOS", "bs" }, { "cnr", "CNR", "sr" },
	{ "mk", "MKD", "mk" }, { "el", "ELL", "el" }, { "lv", "LAV", "lv" },
	{ "de", "DEU", "de" }, { "it", "ITA", "it" }, { "hu", "HUN", "hu" },
};

static const char *
lang_row(const char *lang, int column)
{
	size_t base = strcspn(lang, "-_");

	for (size_t i = 0; i < LL_ARRAY_LEN(languages); i++) {
		if (strlen(languages[i][0]) == base &&
		    strncmp(languages[i][0], lang, base) == 0)
			return languages[i][column];
	}
	return column == 1 ? "ENG" : "en";
}

struct edc {
	const char *key;	/* language map key */
	json_t *org;		/* the awarding body, shared */
	json_t *process;	/* its awarding process, shared */
};

static json_t *
text(const struct edc *e, const char *s)
{
	return json_pack("{s:s}", e->key, s != NULL ? s : "");
}

static json_t *
concept(const char *id, const char *scheme, const char *label,
    const char *notation)
{
	json_t *c = json_pack("{s:s, s:s, s:{s:s, s:s}, s:{s:s}}", "id", id,
	    "type", "Concept", "inScheme", "id", scheme, "type",
	    "ConceptScheme", "prefLabel", "en", label);

	if (notation != NULL)
		json_object_set_new(c, "notation", json_string(notation));
	return c;
}

static json_t *
country_concept(const char *alpha2)
{
	char *id;
	json_t *c;

	for (size_t i = 0; i < LL_ARRAY_LEN(countries); i++) {
		if (alpha2 != NULL && strcmp(countries[i][0], alpha2) == 0) {
			id = xasprintf(EU_AUTHORITY "country/%s",
			    countries[i][1]);
			c = concept(id, EU_AUTHORITY "country", countries[i][1],
			    "country");
			free(id);
			return c;
		}
	}
	return NULL;
}

static json_t *
language_concept(const char *lang)
{
	char *id = xasprintf(EU_AUTHORITY "language/%s", lang_row(lang, 1));
	json_t *c = concept(id, EU_AUTHORITY "language", lang_row(lang, 1),
	    "language");

	free(id);
	return c;
}

static json_t *
note(const struct edc *e, int n, const char *s)
{
	char *id = xasprintf("urn:epass:note:%d", n);
	json_t *v = json_pack("{s:s, s:s, s:o}", "id", id, "type", "Note",
	    "noteLiteral", text(e, s));

	free(id);
	return v;
}

static json_t *
organisation(const struct edc *e, const json_t *issuer, const char *legal_id,
    json_t *country)
{
	const char *url = cert_str(issuer, "url");

	return json_pack("{s:s, s:s, s:o, s:{s:s, s:s, s:s, s:O}, "
	    "s:[{s:s, s:s, s:[{s:s, s:s, s:O}]}], s:[{s:s, s:s, s:s}]}",
	    "id", "urn:epass:org:1", "type", "Organisation",
	    "legalName", text(e, cert_str(issuer, "name")),
	    "registration", "id", "urn:epass:legalIdentifier:1", "type",
	    "LegalIdentifier", "notation", legal_id, "spatial", country,
	    "location", "id", "urn:epass:location:1", "type", "Location",
	    "address", "id", "urn:epass:address:1", "type", "Address",
	    "countryCode", country,
	    "homepage", "id", "urn:epass:webResource:1", "type",
	    "WebResource", "contentURL", url);
}

static json_t *
outcomes(const struct edc *e, const json_t *align)
{
	json_t *list = json_array(), *a;
	size_t i;
	int n = 0;

	json_array_foreach(align, i, a) {
		const char *type = cert_str(a, "targetType");
		char *id, *title;

		if (type == NULL || strcmp(type, "ceasn:Competency") != 0)
			continue;
		id = xasprintf("urn:epass:learningOutcome:%d", ++n);
		title = xasprintf("%s: %s", cert_str(a, "targetName"),
		    cert_str(a, "targetDescription"));
		json_array_append_new(list, json_pack("{s:s, s:s, s:o}", "id",
		    id, "type", "LearningOutcome", "title", text(e, title)));
		free(id);
		free(title);
	}
	return list;
}

static const char *
eqf_level(const json_t *align)
{
	json_t *a;
	size_t i;

	json_array_foreach(align, i, a) {
		const char *fw = cert_str(a, "targetFramework");

		if (fw != NULL && strcmp(fw, "European Qualifications "
		    "Framework") == 0)
			return cert_str(a, "targetCode");
	}
	return NULL;
}

static json_t *
mode_concept(const char *participation)
{
	if (participation == NULL)
		return NULL;
	if (strcmp(participation, "onsite") == 0)
		return concept(SNB "learning-assessment/9191af2ed9",
		    SNB "learning-assessment/25831c2", "Presential", NULL);
	if (strcmp(participation, "online") == 0)
		return concept(SNB "learning-assessment/920fbb3cbe",
		    SNB "learning-assessment/25831c2", "Online", NULL);
	if (strcmp(participation, "blended") == 0)
		return concept(SNB "learning-assessment/e92d221e4d",
		    SNB "learning-assessment/25831c2", "Blended", NULL);
	return NULL;
}

/* Europass's list of methods of supervision and identity verification;
 * layerlab's "supervised-no-id" has no entry there and is left out. */
static json_t *
verification_concept(const char *supervision)
{
	if (supervision == NULL)
		return NULL;
	if (strcmp(supervision, "supervised-onsite-with-id") == 0 ||
	    strcmp(supervision, "supervised-online-with-id") == 0)
		return concept(SNB "supervision-verification/70be69aaf9",
		    SNB "supervision-verification/25831c2",
		    "Supervised with ID Verification", NULL);
	if (strcmp(supervision, "unsupervised-no-id") == 0)
		return concept(SNB "supervision-verification/c598449d64",
		    SNB "supervision-verification/25831c2",
		    "Unsupervised without ID Verification", NULL);
	return NULL;
}

static json_t *
assessment(const struct edc *e, const json_t *subject, const json_t *eu)
{
	json_t *results = json_object_get(subject, "result"), *r, *v, *spec;
	const char *grade = NULL;
	char *grade_text;
	size_t i;

	json_array_foreach(results, i, r) {
		if (cert_str(r, "value") != NULL)
			grade = cert_str(r, "value");
	}
	grade_text = grade != NULL ? xasprintf("Passed (%s %%)", grade) :
	    xstrdup("Passed");
	spec = json_pack("{s:s, s:s, s:o}", "id",
	    "urn:epass:learningAssessmentSpec:1", "type",
	    "LearningAssessmentSpecification", "title", text(e,
	    cert_str(eu, "assessmentType")));
	if ((v = mode_concept(cert_str(eu, "participationForm"))) != NULL)
		json_object_set_new(spec, "mode", v);
	v = json_pack("{s:s, s:s, s:o, s:o, s:O, s:o}", "id",
	    "urn:epass:learningAssessment:1", "type", "LearningAssessment",
	    "title", text(e, cert_str(eu, "assessmentType")),
	    "grade", note(e, 1, grade_text), "awardedBy", e->process,
	    "specifiedBy", spec);
	free(grade_text);
	if ((r = verification_concept(cert_str(eu, "supervision"))) != NULL)
		json_object_set_new(v, "idVerification", r);
	return v;
}

static json_t *
qualification(const struct edc *e, const json_t *ach, const json_t *eu,
    const char *lang)
{
	const json_t *align = json_object_get(ach, "alignment");
	const char *level = eqf_level(align), *s;
	json_t *q, *v;
	char num[32], *id;

	q = json_pack("{s:s, s:s, s:o, s:o, s:o, s:b, s:[o]}", "id",
	    "urn:epass:qualification:1", "type", "Qualification",
	    "title", text(e, cert_str(ach, "name")),
	    "description", text(e, cert_str(ach, "description")),
	    "learningOutcome", outcomes(e, align),
	    "isPartialQualification", 0,
	    "language", language_concept(lang));
	if (level != NULL) {
		char *label = xasprintf("Level %s", level);

		id = xasprintf(SNB "eqf/%s", level);
		json_object_set_new(q, "eqfLevel", concept(id, SNB
		    "eqf/25831c2", label, NULL));
		free(id);
		free(label);
	}
	v = json_object_get(ach, "creditsAvailable");
	if (json_is_number(v) && json_number_value(v) > 0) {
		cred_jcs_number(json_number_value(v), num);
		json_object_set_new(q, "creditPoint", json_pack("[{s:s, s:s, "
		    "s:o, s:s}]", "id", "urn:epass:creditPoint:1", "type",
		    "CreditPoint", "framework", concept(SNB
		    "education-credit/6fcec5c5af", SNB
		    "education-credit/25831c2",
		    "European Credit Transfer System", NULL), "point", num));
	}
	v = json_object_get(eu, "workloadHours");
	if (json_is_number(v)) {
		char *duration = xasprintf("PT%lldH", (long long)
		    json_number_value(v));

		json_object_set_new(q, "volumeOfLearning",
		    json_string(duration));
		free(duration);
	}
	if ((v = mode_concept(cert_str(eu, "participationForm"))) != NULL)
		json_object_set_new(q, "mode", v);
	json_object_set_new(q, "learningSetting", concept(SNB
	    "learning-setting/e207a81fc7", SNB "learning-setting/25831c2",
	    "non-formal learning", NULL));
	if ((s = cert_str(eu, "prerequisites")) != NULL)
		json_object_set_new(q, "entryRequirement", note(e, 2, s));
	v = json_array();
	if ((s = cert_str(eu, "qualityAssurance")) != NULL)
		json_array_append_new(v, note(e, 3, s));
	if ((s = cert_str(eu, "stackability")) != NULL)
		json_array_append_new(v, note(e, 4, s));
	if (json_array_size(v) > 0)
		json_object_set_new(q, "additionalNote", v);
	else
		json_decref(v);
	if ((s = cert_str(eu, "furtherInformation")) != NULL)
		json_object_set_new(q, "homepage", json_pack("[{s:s, s:s, "
		    "s:s}]", "id", "urn:epass:webResource:2", "type",
		    "WebResource", "contentURL", s));
	return q;
}

/* The certificate's first page as Europass shows a credential. */
static json_t *
display(const struct edc *e, const char *credential_json,
    const struct cred_cert_options *o, const char *title, char **cause)
{
	uint8_t *png;
	size_t len, b64len;
	char *b64;
	json_t *v;

	if ((png = cred_certificate_png(credential_json, o, &len,
	    cause)) == NULL)
		return NULL;
	b64len = sodium_base64_encoded_len(len,
	    sodium_base64_VARIANT_ORIGINAL);
	b64 = xmalloc(b64len);
	sodium_bin2base64(b64, b64len, png, len,
	    sodium_base64_VARIANT_ORIGINAL);
	free(png);
	v = json_pack("{s:s, s:s, s:o, s:[o], s:o, s:[{s:s, s:s, s:o, "
	    "s:[{s:s, s:s, s:i, s:{s:s, s:s, s:s, s:o, s:o}}]}]}",
	    "id", "urn:epass:displayParameter:1", "type", "DisplayParameter",
	    "title", text(e, title),
	    "language", language_concept(o->lang),
	    "primaryLanguage", language_concept(o->lang),
	    "individualDisplay", "id", "urn:epass:individualDisplay:1",
	    "type", "IndividualDisplay", "language",
	    language_concept(o->lang), "displayDetail", "id",
	    "urn:epass:displayDetail:1", "type", "DisplayDetail", "page", 1,
	    "image", "id", "urn:epass:mediaObject:1", "type", "MediaObject",
	    "content", b64, "contentType", concept(EU_AUTHORITY
	    "file-type/PNG", EU_AUTHORITY "file-type", "PNG", "file-type"),
	    "contentEncoding", concept(SNB "encoding/6146cde7dd", SNB
	    "encoding/25831c2", "base64", NULL));
	free(b64);
	return v;
}

char *
cred_edc_export(const char *credential_json, const char *legal_id,
    const struct cred_cert_options *o, char **cause)
{
	json_t *doc, *issuer, *subject, *ach, *eu, *country, *out = NULL;
	json_t *person, *achievement, *shown;
	const char *id, *name = o->display_name, *lang;
	char *why = NULL, *text_out = NULL, *edc_id;
	struct edc e;
	size_t i;
	json_t *ident;

	if ((doc = cred_json_parse(credential_json, strlen(credential_json),
	    &why)) == NULL) {
		set_cause(cause, "the credential is not JSON: %s", why);
		free(why);
		return NULL;
	}
	issuer = json_object_get(doc, "issuer");
	subject = json_object_get(doc, "credentialSubject");
	ach = json_object_get(subject, "achievement");
	eu = json_object_get(ach, "euMicroCredential");
	id = cert_str(doc, "id");
	lang = cert_str(ach, "inLanguage") != NULL ?
	    cert_str(ach, "inLanguage") : o->lang != NULL ? o->lang : "en";
	json_array_foreach(json_object_get(subject, "identifier"), i, ident) {
		const char *t = cert_str(ident, "identityType");

		if (name == NULL && t != NULL && strcmp(t, "name") == 0 &&
		    json_is_false(json_object_get(ident, "hashed")))
			name = cert_str(ident, "identityHash");
	}
	country = country_concept(cert_str(json_object_get(issuer, "address"),
	    "addressCountryCode"));
	if (id == NULL || !str_starts_with(id, "urn:uuid:") || ach == NULL ||
	    eu == NULL) {
		set_cause(cause, "not a layerlab micro-credential");
		goto out;
	}
	if (name == NULL || *name == '\0') {
		set_cause(cause, "Europass needs the learner's full name: the "
		    "credential carries none and the records have no name for "
		    "the learner");
		goto out;
	}
	if (legal_id == NULL || *legal_id == '\0') {
		set_cause(cause, "Europass needs the awarding body's legal "
		    "identifier: set institution.legal_id in the "
		    "configuration (the business register number)");
		goto out;
	}
	if (country == NULL) {
		set_cause(cause, "country %s is not in layerlab's table of EU "
		    "country authority codes", cert_str(json_object_get(issuer,
		    "address"), "addressCountryCode"));
		goto out;
	}
	e.key = lang_row(lang, 2);
	e.org = organisation(&e, issuer, legal_id, country);
	e.process = json_pack("{s:s, s:s, s:[O], s:s}", "id",
	    "urn:epass:awardingProcess:1", "type", "AwardingProcess",
	    "awardingBody", e.org, "awardingDate",
	    cert_str(doc, "validFrom"));
	{
		struct cred_cert_options shown_o = *o;

		shown_o.lang = lang;
		shown_o.display_name = name;
		shown = display(&e, credential_json, &shown_o,
		    cert_str(ach, "name"), cause);
	}
	if (shown == NULL) {
		json_decref(e.org);
		json_decref(e.process);
		goto out;
	}
	achievement = json_pack("{s:s, s:s, s:o, s:o, s:O, s:[o], s:o}",
	    "id", "urn:epass:learningAchievement:1", "type",
	    "LearningAchievement", "title", text(&e, cert_str(ach, "name")),
	    "description", text(&e, cert_str(ach, "description")),
	    "awardedBy", e.process, "provenBy", assessment(&e, subject, eu),
	    "specifiedBy", qualification(&e, ach, eu, lang));
	person = json_pack("{s:s, s:s, s:o, s:[o]}", "id",
	    "urn:epass:person:1", "type", "Person", "fullName",
	    text(&e, name), "hasClaim", achievement);
	/* The Open Badges credential's UUID, so the two are known as one. */
	edc_id = xasprintf("urn:credential:%s", id + strlen("urn:uuid:"));
	out = json_pack("{s:[ss], s:s, s:[ss], s:[{s:s, s:s}], s:[o], s:o, "
	    "s:O, s:s, s:s, s:s, s:o}",
	    "@context", VC1_CONTEXT, EDC_CONTEXT,
	    "id", edc_id,
	    "type", "VerifiableCredential", "EuropeanDigitalCredential",
	    "credentialSchema", "id",
	    "http://data.europa.eu/snb/model/ap/edc-generic-full", "type",
	    "ShaclValidator2017",
	    "credentialProfiles", concept(SNB "credential/e34929035b",
	    SNB "credential/25831c2", "Generic", NULL),
	    "displayParameter", shown,
	    "issuer", e.org,
	    "issuanceDate", cert_str(doc, "validFrom"),
	    "issued", cert_str(doc, "validFrom"),
	    "validFrom", cert_str(doc, "validFrom"),
	    "credentialSubject", person);
	free(edc_id);
	json_decref(e.org);
	json_decref(e.process);
	if (out == NULL)
		fatal("edc: json_pack failed");
	text_out = cred_json_dump(out);
	json_decref(out);
out:
	json_decref(country);
	json_decref(doc);
	return text_out;
}
