/*
 * The certificates drawn from one model: the HTML page, the PDF and the PNG
 * carry the learner, title, outcomes, EU elements and issuer, every label
 * in the certificate's language and values in words. Read back with
 * independent tools when installed: pdftotext finds names in Latin with
 * diacritics, Cyrillic and Greek, pdffonts shows every font embedded,
 * pdfinfo the metadata, zbarimg the QR code (the verification URL) in the
 * PDF (after pdftoppm) and in the PNG.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "credential.h"
#include "i18n.h"
#include "test.h"

static char *
make_credential(const char *title, int noutcomes, const char *name)
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
	struct cred_learner learner = { .id = "luka", .display_name = name };
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

/* Text with every run of whitespace as one space: pdftotext breaks lines
 * where the layout does. */
static char *
flatten(char *s)
{
	char *w = s;
	bool space = false;

	for (char *r = s; *r != '\0'; r++) {
		if (*r == ' ' || *r == '\n' || *r == '\t' || *r == '\f') {
			space = true;
			continue;
		}
		if (space && w != s)
			*w++ = ' ';
		space = false;
		*w++ = *r;
	}
	*w = '\0';
	return s;
}

static struct cred_cert_options
options(const char *lang, const char *name)
{
	struct cred_cert_options o = { .lang = lang, .display_name = name,
	    .label = i18n_get_lang };

	return o;
}

static void
write_file(const char *path, const uint8_t *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	CHECK(f != NULL);
	if (f == NULL)
		return;
	CHECK_INT(fwrite(data, 1, len, f), (long long)len);
	fclose(f);
}

/* Every English certificate label (as far as it is not a placeholder):
 * none may appear in a certificate in another language. */
static void
check_no_english(const char *text, const char *what)
{
	const char **keys = i18n_keys("en");

	for (size_t i = 0; keys[i] != NULL; i++) {
		const char *k = keys[i], *en;
		char label[128];
		size_t n;

		if (strncmp(k, "certificate.", 12) != 0 ||
		    strcmp(k, "certificate.decimal_sign") == 0 ||
		    strcmp(k, "certificate.date") == 0)
			continue;
		en = i18n_get_lang("en", k);
		/* The words before the first placeholder. */
		n = strcspn(en, "{");
		while (n > 0 && en[n - 1] == ' ')
			n--;
		if (n < 4 || n >= sizeof label)
			continue;
		snprintf(label, sizeof label, "%.*s", (int)n, en);
		if (strcmp(k, "certificate.months") == 0)
			snprintf(label, sizeof label, "September");
		if (strstr(text, label) != NULL) {
			fprintf(stderr, "%s: English label %s \"%s\"\n", what,
			    k, label);
			CHECK(0);
		}
	}
	free(keys);
}

static void
test_html(void)
{
	char *doc = make_credential("Upravljavec <3D> tiskalnika & co", 3,
	    "Luka Žagar");
	struct cred_cert_options o = options("sl", NULL);
	char *html = cred_certificate_html(doc, &o, NULL);

	CHECK(html != NULL);
	CHECK(strstr(html, "<html lang=\"sl\">") != NULL);
	/* The name the credential carries, when none is given. */
	CHECK(strstr(html, "Luka Žagar") != NULL);
	/* Markup in texts is escaped. */
	CHECK(strstr(html, "Upravljavec &lt;3D&gt; tiskalnika &amp; co") != NULL);
	CHECK(strstr(html, "<3D>") == NULL);
	CHECK(strstr(html, "M1.LO3 Izid") != NULL);
	/* Values for people, in Slovenian. */
	CHECK(strstr(html, "2,5 kreditne točke ECTS, 70 ur") != NULL);
	CHECK(strstr(html, "raven 4 evropskega ogrodja kvalifikacij") != NULL);
	CHECK(strstr(html, "Slovenija, Gorenjska") != NULL);
	CHECK(strstr(html, "21. september 2026") != NULL);
	CHECK(strstr(html, "v živo") != NULL);
	CHECK(strstr(html, "pod nadzorom, istovetnost preverjena na kraju "
	    "samem") != NULL);
	CHECK(strstr(html, "Spretnost: Izid") != NULL);
	CHECK(strstr(html, "Notranja presoja") != NULL);
	CHECK(strstr(html, "<svg xmlns=") != NULL);
	CHECK(strstr(html, "did:key:z6Mk") != NULL);
	CHECK(strstr(html, "https://tsc.example/layerlab/verify/") != NULL);
	/* Raw values are gone. */
	CHECK(strstr(html, "supervised-onsite-with-id") == NULL);
	CHECK(strstr(html, "onsite") == NULL);
	CHECK(strstr(html, "2026-09-21T") == NULL);
	check_no_english(html, "sl HTML");
	free(html);
	/* English, and Serbian in Cyrillic. */
	o = options("en", "Luka Zagar");
	html = cred_certificate_html(doc, &o, NULL);
	CHECK(strstr(html, "2.5 ECTS credits, 70 hours") != NULL);
	CHECK(strstr(html, "21 September 2026") != NULL);
	CHECK(strstr(html, "Slovenia, Gorenjska") != NULL);
	free(html);
	o = options("sr-Cyrl", NULL);
	html = cred_certificate_html(doc, &o, NULL);
	CHECK(strstr(html, "21. септембар 2026.") != NULL);
	CHECK(strstr(html, "Словенија, Gorenjska") != NULL);
	check_no_english(html, "sr-Cyrl HTML");
	free(html);
	/* Not a credential: refused with a reason. */
	{
		char *cause = NULL;

		o = options("en", NULL);
		CHECK(cred_certificate_html("{\"a\":1}", &o, &cause) == NULL);
		CHECK(cause != NULL);
		free(cause);
	}
	free(doc);
}

/* The QR code's text: the verification page of the credential. */
static void
qr_expected(const char *doc, char *out, size_t cap)
{
	struct cred_report rep;
	char *url;

	cred_verify(doc, strlen(doc), &rep);
	url = cred_verify_url("https://tsc.example/", rep.id);
	snprintf(out, cap, "%s\n", url);
	free(url);
	cred_report_free(&rep);
}

/*
 * The PDF names its language: the catalog again with /Lang, appended as an
 * incremental update whose xref points at it.
 */
static void
check_lang(const uint8_t *pdf, size_t len, const char *lang)
{
	char *text = calloc(len + 1, 1), *tail, want[64];
	const char *p = NULL;
	long xref, obj;
	int root;

	/* The tail is text; search it from the last "startxref". */
	memcpy(text, pdf, len);
	/* Start where the 10 bytes compared still lie inside the file. */
	for (size_t i = len >= 10 ? len - 9 : 0; i-- > 0;) {
		if (memcmp(text + i, "startxref\n", 10) == 0) {
			p = text + i;
			break;
		}
	}
	CHECK(p != NULL);
	if (p == NULL) {
		free(text);
		return;
	}
	xref = atol(p + 10);
	CHECK(xref > 0 && (size_t)xref < len);
	tail = text + xref;
	CHECK(sscanf(tail, "xref\n%d 1\n%ld", &root, &obj) == 2);
	snprintf(want, sizeof want, "%d 0 obj\n<< /Type /Catalog", root);
	CHECK(obj > 0 && (size_t)obj < len &&
	    strncmp(text + obj, want, strlen(want)) == 0);
	snprintf(want, sizeof want, "/Lang (%s)", lang);
	CHECK(obj > 0 && strstr(text + obj, want) != NULL);
	CHECK(strstr(tail, "/Prev ") != NULL);
	free(text);
}

static void
test_pdf(void)
{
	static const char *const names[] = { "Luka Žagar Đurić Ștefănescu",
	    "Јована Петровић", "Γιώργος Παπαδόπουλος" };
	char dir[] = "/tmp/ll-cert-XXXXXX", path[128], cmd[512], want[256];
	char *text, *cause = NULL;
	uint8_t *pdf;
	size_t len;

	CHECK(mkdtemp(dir) != NULL);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		/* 27 outcomes do not fit one page. */
		char *doc = make_credential("Upravljavec 3D-tiskalnika FDM",
		    i == 0 ? 27 : 3, names[i]);
		struct cred_cert_options o = options(i == 1 ? "sr-Cyrl" : "sl",
		    NULL);

		CHECK(doc != NULL);
		pdf = cred_certificate_pdf(doc, &o, &len, &cause);
		CHECK(pdf != NULL);
		if (pdf == NULL)
			return;
		CHECK(len > 1000 && memcmp(pdf, "%PDF-1.", 7) == 0);
		check_lang(pdf, len, i == 1 ? "sr-Cyrl" : "sl");
		snprintf(path, sizeof path, "%s/c%zu.pdf", dir, i);
		write_file(path, pdf, len);
		free(pdf);
		if (have("pdftotext")) {
			snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' - "
			    "2>&1", path);
			text = flatten(run_capture(cmd));
			CHECK(strstr(text, names[i]) != NULL);
			/* pdftotext joins a title broken after its hyphen. */
			CHECK(strstr(text, "Upravljavec 3D") != NULL);
			CHECK(strstr(text, "tiskalnika FDM") != NULL);
			CHECK(strstr(text, "Tehniški šolski center Kranj – "
			    "delavnica") != NULL);
			CHECK(strstr(text, "Notranja presoja") != NULL);
			if (i == 0) {
				CHECK(strstr(text, "M9.LO3 Izid") != NULL);
				CHECK(strstr(text, "2,5 kreditne točke ECTS, 70 "
				    "ur") != NULL);
				CHECK(strstr(text, "21. september 2026") != NULL);
				check_no_english(text, "sl PDF");
			} else if (i == 1)
				CHECK(strstr(text, "Словенија") != NULL);
			free(text);
		} else if (i == 0)
			fprintf(stderr, "skip: pdftotext not installed (Debian "
			    "package poppler-utils): PDF text not read back\n");
		if (have("pdffonts")) {
			/* name type encoding emb sub uni object ID: every
			 * font embedded ("yes" in the fifth column from the
			 * end) and subset. */
			snprintf(cmd, sizeof cmd, "pdffonts '%s' | awk 'NR > 2 "
			    "{ n++; if ($(NF-4) != \"yes\" || $(NF-3) != "
			    "\"yes\") bad++ } END { print n + 0, bad + 0 }'",
			    path);
			text = run_capture(cmd);
			CHECK(atoi(text) > 0);
			CHECK_STR(strchr(text, ' ') + 1, "0\n");
			free(text);
		}
		if (have("pdfinfo")) {
			snprintf(cmd, sizeof cmd, "pdfinfo '%s' 2>&1", path);
			text = run_capture(cmd);
			CHECK(strstr(text, "Error") == NULL);
			CHECK(strstr(text, names[i]) != NULL);	/* Title */
			CHECK(strstr(text, "Tehniški šolski center") != NULL);
			{
				const char *p = strstr(text, "Pages:");

				CHECK(p != NULL);
				if (p != NULL)
					CHECK(i == 0 ? atoi(p + 6) > 1 :
					    atoi(p + 6) <= 2);
			}
			free(text);
		}
		if (i == 0 && have("pdftoppm") && have("zbarimg")) {
			snprintf(cmd, sizeof cmd, "pdftoppm -r 150 -f 1 -l 1 "
			    "-gray '%s' '%s/page' && zbarimg -q --raw "
			    "%s/page*.pgm 2>/dev/null", path, dir, dir);
			text = run_capture(cmd);
			qr_expected(doc, want, sizeof want);
			CHECK_STR(text, want);
			free(text);
		}
		free(doc);
	}
	if (getenv("LL_KEEP_CERT") == NULL) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		CHECK_INT(system(cmd), 0);
	} else
		fprintf(stderr, "kept %s\n", dir);
}

static void
test_png(void)
{
	char *doc = make_credential("Upravljavec 3D-tiskalnika FDM", 5,
	    "Γιώργος Παπαδόπουλος");
	struct cred_cert_options o = options("el", NULL);
	char dir[] = "/tmp/ll-cert-XXXXXX", path[128], cmd[512], want[256];
	char *text, *cause = NULL;
	uint8_t *png;
	size_t len;

	png = cred_certificate_png(doc, &o, &len, &cause);
	CHECK(png != NULL);
	if (png == NULL)
		return;
	CHECK(len > 1000 && memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0);
	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/c.png", dir);
	write_file(path, png, len);
	if (have("zbarimg")) {
		snprintf(cmd, sizeof cmd, "zbarimg -q --raw '%s' 2>/dev/null",
		    path);
		text = run_capture(cmd);
		qr_expected(doc, want, sizeof want);
		CHECK_STR(text, want);
		free(text);
	}
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	CHECK_INT(system(cmd), 0);
	free(png);
	free(doc);
}

int
main(void)
{
	RUN(test_html);
	RUN(test_pdf);
	RUN(test_png);
	i18n_reset();
	TEST_MAIN_END();
}
