/*
 * The certificates: the HTML page and the PDF carry the learner, title,
 * outcomes, EU elements and issuer; the PDF is well formed (every xref
 * offset points at its object) and, when poppler-utils and zbar-tools are
 * installed, its text reads back with pdftotext and its QR code with
 * zbarimg after rasterizing with pdftoppm.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "credential.h"
#include "test.h"

static char *
make_credential(const char *title, int noutcomes)
{
	static const uint8_t seed[32] = { 3 };
	static const uint8_t salt[16] = { 1 };
	struct cred_key *key = cred_key_from_seed(seed);
	struct cred_definition def;
	struct cred_result *results = calloc(noutcomes, sizeof *results);
	struct cred_institution inst = {
		.name = "Tehniški šolski center Kranj – delavnica",
		.url = "https://tsc.example/", .country = "SI",
		.region = "Gorenjska", .quality_assurance = "Notranja presoja",
	};
	struct cred_learner learner = { .id = "luka" };
	char *doc, *cause = NULL;

	memset(&def, 0, sizeof def);
	def.id = strdup("cert-test");
	cred_text_add(&def.title, "sl", title);
	cred_text_add(&def.description, "sl", "Opis mikrodokazila (čćđšž).");
	for (int i = 0; i < noutcomes; i++) {
		struct cred_outcome *o = cred_definition_add_outcome(&def);
		char id[16], text[160];

		snprintf(id, sizeof id, "M%d.LO%d", i / 3 + 1, i % 3 + 1);
		snprintf(text, sizeof text, "Izid %d: učenec samostojno nastavi "
		    "odmik Z in preveri prvo plast (%s).", i + 1, id);
		o->id = strdup(id);
		o->kind = (enum cred_kind)(i % 3);
		o->method = (enum cred_method)(i % 3);
		cred_text_add(&o->title, "sl", "Izid");
		cred_text_add(&o->description, "sl", text);
		results[i] = (struct cred_result){ .learner_id = "luka",
		    .lesson_id = "l", .outcome_id = o->id, .method = o->method,
		    .passed = true, .trainer = i % 3 == 2 ? "mojca" : NULL,
		    .recorded = 1790000000 + i };
	}
	def.eqf_level = 4;
	def.ects = 2.5;
	def.workload_hours = 70;
	cred_text_add(&def.assessment, "sl", "Kvizi, preverjanje na tiskalniku");
	{
		struct cred_issue in = { .def = &def, .institution = &inst,
		    .key = key, .learner = &learner, .results = results,
		    .nresults = noutcomes, .lang = "sl", .now = 1790003000,
		    .salt = salt };
		doc = cred_issue(&in, &cause);
	}
	if (doc == NULL)
		fprintf(stderr, "issue: %s\n", cause);
	free(cause);
	free(results);
	cred_definition_free(&def);
	cred_key_free(key);
	return doc;
}

static bool
has_bytes(const uint8_t *data, size_t len, const char *what)
{
	size_t n = strlen(what);

	for (size_t i = 0; i + n <= len; i++) {
		if (memcmp(data + i, what, n) == 0)
			return true;
	}
	return false;
}

static bool
have(const char *tool)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
	return system(cmd) == 0;
}

static char *
run_capture(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	char *out = calloc(1 << 16, 1);
	size_t n = fread(out, 1, (1 << 16) - 1, p);

	out[n] = '\0';
	pclose(p);
	return out;
}

/* The id and issuer of a credential, as the QR code should carry them. */
static void
qr_expected(const char *doc, char *out, size_t cap)
{
	struct cred_report rep;

	cred_verify(doc, strlen(doc), &rep);
	snprintf(out, cap, "%s\n%s", rep.id, rep.issuer);
	cred_report_free(&rep);
}

static void
test_html(void)
{
	char *doc = make_credential("Upravljavec <3D> tiskalnika & co", 3);
	char *html = cred_certificate_html(doc, "Luka Žagar", "sl", NULL);

	CHECK(html != NULL);
	CHECK(strstr(html, "<html lang=\"sl\">") != NULL);
	CHECK(strstr(html, "Luka Žagar") != NULL);
	/* Markup in texts is escaped. */
	CHECK(strstr(html, "Upravljavec &lt;3D&gt; tiskalnika &amp; co") != NULL);
	CHECK(strstr(html, "<3D>") == NULL);
	CHECK(strstr(html, "M1.LO3 Izid") != NULL);
	CHECK(strstr(html, "2.5 ECTS, 70 hours") != NULL);
	CHECK(strstr(html, "EQF level 4") != NULL);
	CHECK(strstr(html, "SI, Gorenjska") != NULL);
	CHECK(strstr(html, "supervised-onsite-with-id") != NULL);
	CHECK(strstr(html, "Notranja presoja") != NULL);
	CHECK(strstr(html, "<svg xmlns=") != NULL);
	CHECK(strstr(html, "did:key:z6Mk") != NULL);
	free(html);
	/* Not a credential: refused with a reason. */
	{
		char *cause = NULL;

		CHECK(cred_certificate_html("{\"a\":1}", NULL, "en", &cause) ==
		    NULL);
		CHECK(cause != NULL);
		free(cause);
	}
	free(doc);
}

static void
check_pdf_structure(const uint8_t *pdf, size_t len)
{
	const char *s = (const char *)pdf, *xref, *p;
	int nobj;

	CHECK(len > 100 && memcmp(pdf, "%PDF-1.4\n", 9) == 0);
	CHECK(memcmp(pdf + len - 6, "%%EOF\n", 6) == 0);
	p = strstr(s, "startxref\n");
	CHECK(p != NULL);
	if (p == NULL)
		return;
	xref = s + atol(p + 10);
	CHECK(strncmp(xref, "xref\n0 ", 7) == 0);
	nobj = atoi(xref + 7);
	p = strchr(xref + 5, '\n') + 1 + 20;	/* past the free entry */
	for (int i = 1; i < nobj; i++, p += 20) {
		char want[32];
		long off = atol(p);

		snprintf(want, sizeof want, "%d 0 obj\n", i);
		CHECK(off > 0 && (size_t)off < len &&
		    strncmp(s + off, want, strlen(want)) == 0);
	}
}

static void
test_pdf(void)
{
	char *doc = make_credential("Upravljavec 3D-tiskalnika FDM", 27);
	char dir[] = "/tmp/ll-cert-XXXXXX", path[128], cmd[512], want[256];
	char *text, *cause = NULL;
	uint8_t *pdf;
	size_t len;
	FILE *f;

	CHECK(doc != NULL);
	pdf = cred_certificate_pdf(doc, "Luka Žagar Đurić", "sl", &len, &cause);
	CHECK(pdf != NULL);
	if (pdf == NULL)
		return;
	check_pdf_structure(pdf, len);
	/* Diacritics go through the document's own encoding. */
	CHECK(has_bytes(pdf, len, "/Zcaron"));
	CHECK(has_bytes(pdf, len, "/Dcroat"));
	CHECK(has_bytes(pdf, len, "/ccaron"));
	CHECK(has_bytes(pdf, len, "/Helvetica-Bold"));
	CHECK(has_bytes(pdf, len, "/Lang (sl)"));
	/* 27 outcomes do not fit one page. */
	CHECK(has_bytes(pdf, len, "/Count 2"));

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/c.pdf", dir);
	f = fopen(path, "wb");
	fwrite(pdf, 1, len, f);
	fclose(f);
	if (have("pdftotext")) {
		snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' - 2>&1",
		    path);
		text = run_capture(cmd);
		CHECK(strstr(text, "Luka Žagar Đurić") != NULL);
		CHECK(strstr(text, "Upravljavec 3D-tiskalnika FDM") != NULL);
		CHECK(strstr(text, "Tehniški šolski center Kranj – delavnica") != NULL);
		CHECK(strstr(text, "M9.LO3 Izid") != NULL);
		CHECK(strstr(text, "2.5 ECTS, 70 hours") != NULL);
		CHECK(strstr(text, "EQF level 4") != NULL);
		CHECK(strstr(text, "Notranja presoja") != NULL);
		CHECK(strstr(text, "supervised-onsite-with-id") != NULL);
		CHECK(strstr(text, "Syntax Error") == NULL);
		free(text);
	} else
		fprintf(stderr, "skip: pdftotext not installed (Debian package "
		    "poppler-utils): PDF text not read back\n");
	if (have("pdftoppm") && have("zbarimg")) {
		snprintf(cmd, sizeof cmd, "pdftoppm -r 150 -f 1 -l 1 -gray '%s' "
		    "'%s/page' && zbarimg -q --raw %s/page*.pgm 2>/dev/null",
		    path, dir, dir);
		text = run_capture(cmd);
		qr_expected(doc, want, sizeof want);
		strcat(want, "\n");
		CHECK_STR(text, want);
		free(text);
	} else
		fprintf(stderr, "skip: pdftoppm or zbarimg not installed "
		    "(poppler-utils, zbar-tools): PDF QR code not decoded\n");
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	CHECK_INT(system(cmd), 0);
	free(pdf);
	free(doc);
}

int
main(void)
{
	RUN(test_html);
	RUN(test_pdf);
	TEST_MAIN_END();
}
