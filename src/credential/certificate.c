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

const char *
cert_str(const json_t *v, const char *key)
{
	return json_string_value(json_object_get(v, key));
}

int
cert_source_open(const char *credential_json, struct cert_source *src,
    char **cause)
{
	char *why = NULL, *qr_text;
	int rc;

	memset(src, 0, sizeof *src);
	if ((src->doc = cred_json_parse(credential_json, strlen(credential_json),
	    &why)) == NULL) {
		set_cause(cause, "the credential is not JSON: %s", why);
		free(why);
		return -1;
	}
	src->issuer = json_object_get(src->doc, "issuer");
	src->subject = json_object_get(src->doc, "credentialSubject");
	src->ach = json_object_get(src->subject, "achievement");
	src->eu = json_object_get(src->ach, "euMicroCredential");
	src->id = cert_str(src->doc, "id");
	src->issuer_id = cert_str(src->issuer, "id");
	if (src->id == NULL || src->issuer_id == NULL || src->ach == NULL ||
	    src->eu == NULL) {
		set_cause(cause, "not a layerlab micro-credential (no id, "
		    "issuer, achievement or euMicroCredential)");
		json_decref(src->doc);
		src->doc = NULL;
		return -1;
	}
	qr_text = cred_certificate_qr_text(src->id, src->issuer_id);
	rc = cred_qr_encode((const uint8_t *)qr_text, strlen(qr_text),
	    CRED_QR_ECC_M, &src->qr, cause);
	free(qr_text);
	if (rc != 0) {
		json_decref(src->doc);
		src->doc = NULL;
		return -1;
	}
	return 0;
}

void
cert_source_close(struct cert_source *src)
{
	if (src->doc == NULL)
		return;
	cred_qr_free(&src->qr);
	json_decref(src->doc);
	src->doc = NULL;
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
	struct cert_source src;
	json_t *doc, *issuer, *subject, *ach, *eu, *align, *a, *results, *r;
	const char *s;
	char *svg, num[32];
	struct buf b;
	size_t i;

	if (cert_source_open(credential_json, &src, cause) != 0)
		return NULL;
	doc = src.doc;
	issuer = src.issuer;
	subject = src.subject;
	ach = src.ach;
	eu = src.eu;
	svg = cred_qr_svg(&src.qr, 4);

	buf_init(&b);
	buf_appendf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>", lang != NULL ? lang : "en");
	html_text(&b, cert_str(ach, "name"));
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
	html_text(&b, cert_str(issuer, "name"));
	buf_append_str(&b, "</p>\n<h1>");
	html_text(&b, cert_str(ach, "name"));
	buf_append_str(&b, "</h1>\n<p>Micro-credential awarded to</p>\n"
	    "<p class=\"learner\">");
	if (display_name != NULL)
		html_text(&b, display_name);
	else {
		json_t *ident = json_array_get(json_object_get(subject,
		    "identifier"), 0);
		buf_append_str(&b, "learner ");
		html_text(&b, cert_str(ident, "identityHash"));
	}
	buf_append_str(&b, "</p>\n<p>");
	html_text(&b, cert_str(ach, "description"));
	buf_append_str(&b, "</p>\n\n<h2>Learning outcomes achieved</h2>\n<ul>\n");
	align = json_object_get(ach, "alignment");
	json_array_foreach(align, i, a) {
		s = cert_str(a, "targetType");
		if (s == NULL || strcmp(s, "ceasn:Competency") != 0)
			continue;
		buf_append_str(&b, "<li><strong>");
		html_text(&b, cert_str(a, "targetName"));
		buf_append_str(&b, "</strong><br>");
		html_text(&b, cert_str(a, "targetDescription"));
		buf_append_str(&b, "</li>\n");
	}
	buf_append_str(&b, "</ul>\n\n<h2>The micro-credential</h2>\n<table>\n");
	row(&b, "Awarding body", cert_str(issuer, "name"));
	{
		json_t *addr = json_object_get(issuer, "address");
		char *where = xasprintf("%s%s%s",
		    cert_str(addr, "addressCountryCode") ?
		    cert_str(addr, "addressCountryCode") : "",
		    cert_str(addr, "addressRegion") ? ", " : "",
		    cert_str(addr, "addressRegion") ?
		    cert_str(addr, "addressRegion") : "");
		row(&b, "Country of the awarding body", where);
		free(where);
	}
	row(&b, "Date of issuing", cert_str(doc, "validFrom"));
	json_array_foreach(align, i, a) {
		s = cert_str(a, "targetFramework");
		if (s != NULL && strcmp(s, "European Qualifications "
		    "Framework") == 0)
			row(&b, "Level", cert_str(a, "targetName"));
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
	row(&b, "Type of assessment", cert_str(eu, "assessmentType"));
	row(&b, "Form of participation", cert_str(eu, "participationForm"));
	row(&b, "Quality assurance", cert_str(eu, "qualityAssurance"));
	row(&b, "Supervision and identity verification",
	    cert_str(eu, "supervision"));
	results = json_object_get(subject, "result");
	json_array_foreach(results, i, r) {
		if ((s = cert_str(r, "value")) != NULL) {
			char *grade = xasprintf("%s %%", s);
			row(&b, "Grade (scored checks)", grade);
			free(grade);
		}
	}
	row(&b, "Prerequisites", cert_str(eu, "prerequisites"));
	row(&b, "Stackability", cert_str(eu, "stackability"));
	row(&b, "Further information", cert_str(eu, "furtherInformation"));
	buf_append_str(&b, "</table>\n\n<p class=\"verify\">Credential ");
	html_text(&b, src.id);
	buf_append_str(&b, "<br>Issuer ");
	html_text(&b, src.issuer_id);
	buf_append_str(&b, "<br>This certificate summarises a signed Open "
	    "Badges 3.0 credential (Data Integrity proof, eddsa-jcs-2022). "
	    "Only the signed file is proof: check it with "
	    "<code>layerlab credential verify FILE</code> or any Verifiable "
	    "Credentials verifier.</p>\n</body>\n</html>\n");
	cert_source_close(&src);
	return buf_detach(&b);
}
