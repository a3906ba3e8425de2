/*
 * The certificate people read, as one model that the PDF, the PNG and the
 * HTML page all draw: drawn from the signed credential itself, so it can
 * never say more than the credential does, with every label from the
 * caller's catalogue in the certificate's language and every value written
 * for people (dates, country names, "on site", hours and ECTS with the
 * language's decimal sign). The QR code opens the credential's
 * verification page at the institution's site.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cred_internal.h"

const char *
cert_str(const json_t *v, const char *key)
{
	return json_string_value(json_object_get(v, key));
}

/* The label for key ("certificate." is prepended), or NULL when the
 * catalogue has none in any language. */
static const char *
label_or_null(const struct cred_cert_options *o, const char *key)
{
	char *full = xasprintf("certificate.%s", key);
	const char *s = o->label(o->lang, full);

	if (s != NULL && strcmp(s, full) == 0)
		s = NULL;
	free(full);
	return s;
}

static const char *
label(const struct cred_cert_options *o, const char *key)
{
	const char *s = label_or_null(o, key);

	/* A missing label shows its key: a visible bug, never a crash. */
	return s != NULL ? s : key;
}

/* Replaces {1}..{3} in fmt with the arguments. */
static char *
fill(const char *fmt, const char *a1, const char *a2, const char *a3)
{
	const char *args[3] = { a1, a2, a3 };
	struct buf b;

	buf_init(&b);
	for (const char *p = fmt; *p != '\0'; p++) {
		if (p[0] == '{' && p[1] >= '1' && p[1] <= '3' && p[2] == '}') {
			const char *a = args[p[1] - '1'];

			buf_append_str(&b, a != NULL ? a : "");
			p += 2;
		} else
			buf_append(&b, p, 1);
	}
	return buf_detach(&b);
}

/* A number for people: shortest form, the language's decimal sign. */
static char *
number(const struct cred_cert_options *o, double v)
{
	char num[32], *dot;
	const char *sep = label_or_null(o, "decimal_sign");

	cred_jcs_number(v, num);
	if ((dot = strchr(num, '.')) != NULL && sep != NULL)
		return xasprintf("%.*s%s%s", (int)(dot - num), num, sep, dot + 1);
	return xstrdup(num);
}

/* "2026-12-03T10:00:00Z" as the language writes a date. */
static char *
date_for_people(const struct cred_cert_options *o, const char *iso)
{
	int y, m, d;
	const char *months = label_or_null(o, "months");
	const char *fmt = label_or_null(o, "date");
	char day[8], year[8], month[64] = "";

	if (iso == NULL || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
	    m < 1 || m > 12 || months == NULL || fmt == NULL)
		return xstrdup(iso != NULL ? iso : "");
	/* months: the twelve names, comma-separated, in the form the date
	 * format needs (genitive where the language declines them). */
	for (int i = 1; i <= m && months != NULL; i++) {
		const char *end = strchr(months, ',');
		size_t len = end != NULL ? (size_t)(end - months) :
		    strlen(months);

		if (i == m)
			snprintf(month, sizeof month, "%.*s", (int)len, months);
		months = end != NULL ? end + 1 : NULL;
		while (months != NULL && *months == ' ')
			months++;
	}
	snprintf(day, sizeof day, "%d", d);
	snprintf(year, sizeof year, "%d", y);
	return fill(fmt, day, month, year);
}

static void
add_row(struct cert_model *m, const char *label_text, const char *value)
{
	if (value == NULL || *value == '\0')
		return;
	m->rows = xrealloc(m->rows, (m->nrows + 1) * sizeof *m->rows);
	m->rows[m->nrows].label = xstrdup(label_text);
	m->rows[m->nrows].value = xstrdup(value);
	m->nrows++;
}

static void
add_row_owned(struct cert_model *m, const char *label_text, char *value)
{
	add_row(m, label_text, value);
	free(value);
}

/* A value of a closed list ("onsite") in words, or the value itself. */
static const char *
enum_words(const struct cred_cert_options *o, const char *prefix,
    const char *value)
{
	char *key;
	const char *s;

	if (value == NULL)
		return NULL;
	key = xasprintf("%s_%s", prefix, value);
	for (char *p = key; *p != '\0'; p++) {
		if (*p == '-')
			*p = '_';
	}
	s = label_or_null(o, key);
	free(key);
	return s != NULL ? s : value;
}

static const char *
learner_name(const json_t *subject, const char *display_name)
{
	const json_t *ids = json_object_get(subject, "identifier"), *id;
	size_t i;

	if (display_name != NULL && *display_name != '\0')
		return display_name;
	json_array_foreach(ids, i, id) {
		const char *type = cert_str(id, "identityType");

		if (type != NULL && strcmp(type, "name") == 0 &&
		    json_is_false(json_object_get(id, "hashed")))
			return cert_str(id, "identityHash");
	}
	return NULL;
}

static void
model_outcomes(struct cert_model *m, const struct cred_cert_options *o,
    const json_t *align)
{
	const json_t *a;
	size_t i;

	json_array_foreach(align, i, a) {
		const char *type = cert_str(a, "targetType");
		const char *desc = cert_str(a, "targetDescription");
		struct cert_outcome *out;
		const char *kind = NULL;

		if (type == NULL || strcmp(type, "ceasn:Competency") != 0)
			continue;
		m->outcomes = xrealloc(m->outcomes, (m->noutcomes + 1) *
		    sizeof *m->outcomes);
		out = &m->outcomes[m->noutcomes++];
		out->name = xstrdup(cert_str(a, "targetName") ?
		    cert_str(a, "targetName") : "");
		/* issue.c writes "(K) text": the category in words instead. */
		if (desc != NULL && desc[0] == '(' && strchr(desc, ')') != NULL) {
			const char *close = strchr(desc, ')');
			char code[8];

			snprintf(code, sizeof code, "%.*s",
			    (int)(close - desc - 1), desc + 1);
			if (strcmp(code, "K") == 0)
				kind = label(o, "kind_knowledge");
			else if (strcmp(code, "S") == 0)
				kind = label(o, "kind_skill");
			else if (strcmp(code, "RA") == 0)
				kind = label(o, "kind_responsibility");
			if (kind != NULL) {
				desc = close + 1;
				while (*desc == ' ')
					desc++;
			}
		}
		out->kind = kind != NULL ? xstrdup(kind) : NULL;
		out->text = xstrdup(desc != NULL ? desc : "");
	}
}

int
cert_model_build(const char *credential_json,
    const struct cred_cert_options *o, struct cert_model *m, char **cause)
{
	json_t *doc, *issuer, *subject, *ach, *eu, *addr, *a, *r;
	const char *s, *issuer_url, *country, *region;
	char *why = NULL, *v;
	size_t i;

	memset(m, 0, sizeof *m);
	if ((doc = cred_json_parse(credential_json, strlen(credential_json),
	    &why)) == NULL) {
		set_cause(cause, "the credential is not JSON: %s", why);
		free(why);
		return -1;
	}
	issuer = json_object_get(doc, "issuer");
	subject = json_object_get(doc, "credentialSubject");
	ach = json_object_get(subject, "achievement");
	eu = json_object_get(ach, "euMicroCredential");
	issuer_url = cert_str(issuer, "url");
	if (cert_str(doc, "id") == NULL || cert_str(issuer, "id") == NULL ||
	    issuer_url == NULL || ach == NULL || eu == NULL) {
		set_cause(cause, "not a layerlab micro-credential (no id, "
		    "issuer with url, achievement or euMicroCredential)");
		json_decref(doc);
		return -1;
	}
	m->lang = xstrdup(o->lang != NULL ? o->lang : "en");
	m->id = xstrdup(cert_str(doc, "id"));
	m->issuer_did = xstrdup(cert_str(issuer, "id"));
	m->issuer_name = xstrdup(cert_str(issuer, "name") ?
	    cert_str(issuer, "name") : "");
	m->title = xstrdup(cert_str(ach, "name") ? cert_str(ach, "name") : "");
	m->description = xstrdup(cert_str(ach, "description") ?
	    cert_str(ach, "description") : "");
	m->kind_label = xstrdup(label(o, "kind"));
	m->awarded_to = xstrdup(label(o, "awarded_to"));
	if ((s = learner_name(subject, o->display_name)) != NULL)
		m->learner = xstrdup(s);
	else {
		const json_t *ident = json_array_get(json_object_get(subject,
		    "identifier"), 0);

		m->learner = fill(label(o, "learner_hashed"),
		    cert_str(ident, "identityHash"), NULL, NULL);
	}
	m->outcomes_heading = xstrdup(label(o, "outcomes"));
	model_outcomes(m, o, json_object_get(ach, "alignment"));

	/* The EU elements, in the order of the Council Recommendation. */
	m->details_heading = xstrdup(label(o, "details"));
	add_row(m, label(o, "awarding_body"), m->issuer_name);
	addr = json_object_get(issuer, "address");
	country = cert_str(addr, "addressCountryCode");
	region = cert_str(addr, "addressRegion");
	if (country != NULL) {
		char *key = xasprintf("country_%s", country);
		const char *name = label_or_null(o, key);

		free(key);
		add_row_owned(m, label(o, "country"), xasprintf("%s%s%s",
		    name != NULL ? name : country, region ? ", " : "",
		    region ? region : ""));
	}
	m->date = date_for_people(o, cert_str(doc, "validFrom"));
	m->valid_from = xstrdup(cert_str(doc, "validFrom") ?
	    cert_str(doc, "validFrom") : "");
	add_row(m, label(o, "issued"), m->date);
	json_array_foreach(json_object_get(ach, "alignment"), i, a) {
		s = cert_str(a, "targetFramework");
		if (s != NULL && strcmp(s, "European Qualifications "
		    "Framework") == 0)
			add_row_owned(m, label(o, "level"), fill(label(o,
			    "level_value"), cert_str(a, "targetCode"), NULL,
			    NULL));
	}
	add_row(m, label(o, "national_level"), cert_str(eu, "nationalLevel"));
	{
		double ects = json_number_value(json_object_get(ach,
		    "creditsAvailable"));
		char *e = number(o, ects), *h = number(o, json_number_value(
		    json_object_get(eu, "workloadHours")));

		add_row_owned(m, label(o, "workload"), fill(label(o, ects > 0 ?
		    "workload_value" : "workload_hours_only"), e, h, NULL));
		free(e);
		free(h);
	}
	if (json_object_get(eu, "contactHours") != NULL) {
		char *c = number(o, json_number_value(json_object_get(eu,
		    "contactHours")));
		char *p = number(o, json_number_value(json_object_get(eu,
		    "practiceHours")));
		char *ss = number(o, json_number_value(json_object_get(eu,
		    "selfStudyHours")));

		add_row_owned(m, label(o, "hours"), fill(label(o,
		    "hours_value"), c, p, ss));
		free(c);
		free(p);
		free(ss);
	}
	add_row(m, label(o, "assessment"), cert_str(eu, "assessmentType"));
	add_row(m, label(o, "assessment_rules"), cert_str(eu,
	    "assessmentRules"));
	add_row(m, label(o, "participation"), enum_words(o, "participation",
	    cert_str(eu, "participationForm")));
	add_row(m, label(o, "supervision"), enum_words(o, "supervision",
	    cert_str(eu, "supervision")));
	add_row(m, label(o, "quality"), cert_str(eu, "qualityAssurance"));
	json_array_foreach(json_object_get(subject, "result"), i, r) {
		if ((s = cert_str(r, "value")) != NULL) {
			char *end;
			double pct = strtod(s, &end);

			v = *end == '\0' ? number(o, pct) : xstrdup(s);
			add_row_owned(m, label(o, "grade"), fill(label(o,
			    "grade_value"), v, NULL, NULL));
			free(v);
		}
	}
	add_row(m, label(o, "prerequisites"), cert_str(eu, "prerequisites"));
	add_row(m, label(o, "stackability"), cert_str(eu, "stackability"));
	if ((s = cert_str(eu, "refreshPeriod")) != NULL &&
	    strncmp(s, "P", 1) == 0 && s[strlen(s) - 1] == 'M') {
		char *months = xstrndup(s + 1, strlen(s) - 2);

		add_row_owned(m, label(o, "refresh"), fill(label(o,
		    "refresh_value"), months, NULL, NULL));
		free(months);
	}
	add_row(m, label(o, "further_information"),
	    cert_str(eu, "furtherInformation"));

	m->id_label = xstrdup(label(o, "credential_id"));
	m->issuer_label = xstrdup(label(o, "issuer_key"));
	m->verify_url = cred_verify_url(issuer_url, m->id);
	m->verify_label = xstrdup(label(o, "verify_at"));
	m->note = xstrdup(label(o, "note"));
	json_decref(doc);
	if (cred_qr_encode((const uint8_t *)m->verify_url,
	    strlen(m->verify_url), CRED_QR_ECC_M, &m->qr, cause) != 0) {
		cert_model_free(m);
		return -1;
	}
	return 0;
}

void
cert_model_free(struct cert_model *m)
{
	char **strings[] = { &m->lang, &m->id, &m->issuer_did,
	    &m->issuer_name, &m->kind_label, &m->title, &m->awarded_to,
	    &m->learner, &m->description, &m->outcomes_heading,
	    &m->details_heading, &m->date, &m->valid_from, &m->id_label,
	    &m->issuer_label, &m->verify_url, &m->verify_label, &m->note };

	for (size_t i = 0; i < LL_ARRAY_LEN(strings); i++) {
		free(*strings[i]);
		*strings[i] = NULL;
	}
	for (size_t i = 0; i < m->noutcomes; i++) {
		free(m->outcomes[i].name);
		free(m->outcomes[i].kind);
		free(m->outcomes[i].text);
	}
	free(m->outcomes);
	for (size_t i = 0; i < m->nrows; i++) {
		free(m->rows[i].label);
		free(m->rows[i].value);
	}
	free(m->rows);
	cred_qr_free(&m->qr);
	memset(m, 0, sizeof *m);
}

/* ---- The HTML page. */

static void
html_text(struct buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '&': buf_append_str(b, "&amp;"); break;
		case '<': buf_append_str(b, "&lt;"); break;
		case '>': buf_append_str(b, "&gt;"); break;
		case '"': buf_append_str(b, "&quot;"); break;
		case '\n': buf_append_str(b, "<br>"); break;
		default: buf_append(b, s, 1);
		}
	}
}

char *
cred_certificate_html(const char *credential_json,
    const struct cred_cert_options *o, char **cause)
{
	struct cert_model m;
	struct buf b;
	char *svg;

	if (cert_model_build(credential_json, o, &m, cause) != 0)
		return NULL;
	svg = cred_qr_svg(&m.qr, 4);
	buf_init(&b);
	buf_append_str(&b, "<!DOCTYPE html>\n<html lang=\"");
	html_text(&b, m.lang);
	buf_append_str(&b, "\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	html_text(&b, m.title);
	buf_append_str(&b, " — ");
	html_text(&b, m.learner);
	buf_append_str(&b, "</title>\n<style>\n"
	    "body{font-family:\"Noto Sans\",\"DejaVu Sans\",sans-serif;"
	    "max-width:50em;margin:2em auto;color:#222}\n"
	    ".kind{text-transform:uppercase;letter-spacing:.1em;color:#555;"
	    "margin:1.5em 0 0}\n"
	    "h1{font-size:1.8em;margin:.2em 0}\n"
	    ".holder{font-size:1.5em;font-weight:bold;margin:.2em 0 1em}\n"
	    "table{border-collapse:collapse;width:100%}\n"
	    "th{text-align:left;vertical-align:top;width:16em;padding:.3em;"
	    "color:#444}\n"
	    "td{padding:.3em}\n"
	    "tr{border-bottom:1px solid #ddd}\n"
	    ".qr{float:right;margin-left:1em}\n"
	    ".verify{font-size:.85em;color:#555;word-break:break-all}\n"
	    "@media print{body{margin:0}}\n"
	    "</style>\n</head>\n<body>\n<a href=\"");
	html_text(&b, m.verify_url);
	buf_append_str(&b, "\">");
	buf_append_str(&b, svg);
	free(svg);
	buf_append_str(&b, "</a>\n<p>");
	html_text(&b, m.issuer_name);
	buf_append_str(&b, "</p>\n<p class=\"kind\">");
	html_text(&b, m.kind_label);
	buf_append_str(&b, "</p>\n<h1>");
	html_text(&b, m.title);
	buf_append_str(&b, "</h1>\n<p>");
	html_text(&b, m.awarded_to);
	buf_append_str(&b, "</p>\n<p class=\"holder\">");
	html_text(&b, m.learner);
	buf_append_str(&b, "</p>\n<p>");
	html_text(&b, m.description);
	buf_append_str(&b, "</p>\n\n<h2>");
	html_text(&b, m.outcomes_heading);
	buf_append_str(&b, "</h2>\n<ul>\n");
	for (size_t i = 0; i < m.noutcomes; i++) {
		buf_append_str(&b, "<li><strong>");
		html_text(&b, m.outcomes[i].name);
		buf_append_str(&b, "</strong><br>");
		if (m.outcomes[i].kind != NULL) {
			html_text(&b, m.outcomes[i].kind);
			buf_append_str(&b, ": ");
		}
		html_text(&b, m.outcomes[i].text);
		buf_append_str(&b, "</li>\n");
	}
	buf_append_str(&b, "</ul>\n\n<h2>");
	html_text(&b, m.details_heading);
	buf_append_str(&b, "</h2>\n<table>\n");
	for (size_t i = 0; i < m.nrows; i++) {
		buf_append_str(&b, "<tr><th>");
		html_text(&b, m.rows[i].label);
		buf_append_str(&b, "</th><td>");
		html_text(&b, m.rows[i].value);
		buf_append_str(&b, "</td></tr>\n");
	}
	buf_append_str(&b, "</table>\n\n<p class=\"verify\">");
	html_text(&b, m.verify_label);
	buf_append_str(&b, " <a href=\"");
	html_text(&b, m.verify_url);
	buf_append_str(&b, "\">");
	html_text(&b, m.verify_url);
	buf_append_str(&b, "</a><br>");
	html_text(&b, m.id_label);
	buf_append_str(&b, " ");
	html_text(&b, m.id);
	buf_append_str(&b, "<br>");
	html_text(&b, m.issuer_label);
	buf_append_str(&b, " ");
	html_text(&b, m.issuer_did);
	buf_append_str(&b, "<br>");
	html_text(&b, m.note);
	buf_append_str(&b, "</p>\n</body>\n</html>\n");
	cert_model_free(&m);
	return buf_detach(&b);
}
