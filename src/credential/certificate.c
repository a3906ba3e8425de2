/*
 * The certificate people read: drawn from the signed credential itself, so
 * it can never say more than the credential does. The QR code carries the
 * credential id and the issuer's did:key, which is what a verifier needs
 * to find the signed file and check who issued it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cred_internal.h"

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

static const char *
get_str(const json_t *v, const char *key)
{
	return json_string_value(json_object_get(v, key));
}

static void
row(struct buf *b, const char *label, const char *value)
{
	if (value == NULL || *value == '\0')
		return;
	buf_append_str(b, "<tr><th>");
	html_text(b, label);
	buf_append_str(b, "</th><td>");
	html_text(b, value);
	buf_append_str(b, "</td></tr>\n");
}

/* The text the QR code carries: two lines, id and issuer. */
char *
cred_certificate_qr_text(const char *id, const char *issuer)
{
	return xasprintf("%s\n%s", id, issuer);
}

char *
cred_certificate_html(const char *credential_json, const char *display_name,
    const char *lang, char **cause)
{
	json_t *doc, *issuer, *subject, *ach, *eu, *align, *a, *results, *r;
	const char *id, *issuer_id, *s;
	char *qr_text, *svg, *why = NULL, num[32];
	struct cred_qr qr;
	struct buf b;
	size_t i;

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
	id = get_str(doc, "id");
	issuer_id = get_str(issuer, "id");
	if (id == NULL || issuer_id == NULL || ach == NULL || eu == NULL) {
		set_cause(cause, "not a layerlab micro-credential (no id, "
		    "issuer, achievement or euMicroCredential)");
		json_decref(doc);
		return NULL;
	}
	qr_text = cred_certificate_qr_text(id, issuer_id);
	if (cred_qr_encode((const uint8_t *)qr_text, strlen(qr_text),
	    CRED_QR_ECC_M, &qr, cause) != 0) {
		free(qr_text);
		json_decref(doc);
		return NULL;
	}
	svg = cred_qr_svg(&qr, 4);
	cred_qr_free(&qr);

	buf_init(&b);
	buf_appendf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>", lang != NULL ? lang : "en");
	html_text(&b, get_str(ach, "name"));
	buf_append_str(&b, "</title>\n<style>\n"
	    "body{font-family:sans-serif;max-width:50em;margin:2em auto;"
	    "color:#222}\n"
	    "h1{font-size:1.8em;margin-bottom:.2em}\n"
	    ".learner{font-size:1.4em;margin:.5em 0 1em}\n"
	    "table{border-collapse:collapse;width:100%}\n"
	    "th{text-align:left;vertical-align:top;width:16em;padding:.3em}\n"
	    "td{padding:.3em}\n"
	    "tr{border-bottom:1px solid #ddd}\n"
	    ".qr{float:right;margin-left:1em}\n"
	    ".verify{font-size:.85em;color:#555;word-break:break-all}\n"
	    "@media print{body{margin:0}}\n"
	    "</style>\n</head>\n<body>\n");
	buf_append_str(&b, svg);
	free(svg);
	buf_append_str(&b, "\n<p>");
	html_text(&b, get_str(issuer, "name"));
	buf_append_str(&b, "</p>\n<h1>");
	html_text(&b, get_str(ach, "name"));
	buf_append_str(&b, "</h1>\n<p>Micro-credential awarded to</p>\n"
	    "<p class=\"learner\">");
	if (display_name != NULL)
		html_text(&b, display_name);
	else {
		json_t *ident = json_array_get(json_object_get(subject,
		    "identifier"), 0);
		buf_append_str(&b, "learner ");
		html_text(&b, get_str(ident, "identityHash"));
	}
	buf_append_str(&b, "</p>\n<p>");
	html_text(&b, get_str(ach, "description"));
	buf_append_str(&b, "</p>\n\n<h2>Learning outcomes achieved</h2>\n<ul>\n");
	align = json_object_get(ach, "alignment");
	json_array_foreach(align, i, a) {
		s = get_str(a, "targetType");
		if (s == NULL || strcmp(s, "ceasn:Competency") != 0)
			continue;
		buf_append_str(&b, "<li><strong>");
		html_text(&b, get_str(a, "targetName"));
		buf_append_str(&b, "</strong><br>");
		html_text(&b, get_str(a, "targetDescription"));
		buf_append_str(&b, "</li>\n");
	}
	buf_append_str(&b, "</ul>\n\n<h2>The micro-credential</h2>\n<table>\n");
	row(&b, "Awarding body", get_str(issuer, "name"));
	{
		json_t *addr = json_object_get(issuer, "address");
		char *where = xasprintf("%s%s%s",
		    get_str(addr, "addressCountryCode") ?
		    get_str(addr, "addressCountryCode") : "",
		    get_str(addr, "addressRegion") ? ", " : "",
		    get_str(addr, "addressRegion") ?
		    get_str(addr, "addressRegion") : "");
		row(&b, "Country of the awarding body", where);
		free(where);
	}
	row(&b, "Date of issuing", get_str(doc, "validFrom"));
	json_array_foreach(align, i, a) {
		s = get_str(a, "targetFramework");
		if (s != NULL && strcmp(s, "European Qualifications "
		    "Framework") == 0)
			row(&b, "Level", get_str(a, "targetName"));
	}
	{
		char *work;

		cred_jcs_number(json_number_value(json_object_get(ach,
		    "creditsAvailable")), num);
		work = xasprintf("%s ECTS, %lld hours", num, (long long)
		    json_number_value(json_object_get(eu, "workloadHours")));
		row(&b, "Notional workload", work);
		free(work);
	}
	row(&b, "Type of assessment", get_str(eu, "assessmentType"));
	row(&b, "Form of participation", get_str(eu, "participationForm"));
	row(&b, "Quality assurance", get_str(eu, "qualityAssurance"));
	row(&b, "Supervision and identity verification",
	    get_str(eu, "supervision"));
	results = json_object_get(subject, "result");
	json_array_foreach(results, i, r) {
		if ((s = get_str(r, "value")) != NULL) {
			char *grade = xasprintf("%s %%", s);
			row(&b, "Grade (scored checks)", grade);
			free(grade);
		}
	}
	row(&b, "Prerequisites", get_str(eu, "prerequisites"));
	row(&b, "Stackability", get_str(eu, "stackability"));
	row(&b, "Further information", get_str(eu, "furtherInformation"));
	buf_append_str(&b, "</table>\n\n<p class=\"verify\">Credential ");
	html_text(&b, id);
	buf_append_str(&b, "<br>Issuer ");
	html_text(&b, issuer_id);
	buf_append_str(&b, "<br>This certificate summarises a signed Open "
	    "Badges 3.0 credential (Data Integrity proof, eddsa-jcs-2022). "
	    "Only the signed file is proof: check it with "
	    "<code>layerlab credential verify FILE</code> or any Verifiable "
	    "Credentials verifier.</p>\n</body>\n</html>\n");
	free(qr_text);
	json_decref(doc);
	return buf_detach(&b);
}
