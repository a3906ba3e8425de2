/*
 * The certificate as a PDF, written by hand: A4 pages of text in the
 * standard Helvetica fonts (which every PDF viewer has, so nothing is
 * embedded) and the QR code drawn as filled squares. The standard fonts
 * are addressed through an encoding built for the document: the non-ASCII
 * characters it uses get codes 128-255 under their Adobe glyph names, which
 * covers the Latin scripts of the workshops (č ć đ š ž, ö ß ...). Other
 * scripts (Cyrillic) are not in those fonts; they print as '?' and the
 * HTML certificate is the one to use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cred_internal.h"

#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN 50.0
#define BOTTOM 60.0

/* Adobe glyph names of U+00A0..U+017F, in order. */
static const char *const latin_names[] = {
	"space", "exclamdown", "cent", "sterling", "currency", "yen",
	"brokenbar", "section", "dieresis", "copyright", "ordfeminine",
	"guillemotleft", "logicalnot", "hyphen", "registered", "macron",
	"degree", "plusminus", "twosuperior", "threesuperior", "acute", "mu",
	"paragraph", "periodcentered", "cedilla", "onesuperior",
	"ordmasculine", "guillemotright", "onequarter", "onehalf",
	"threequarters", "questiondown", "Agrave", "Aacute", "Acircumflex",
	"Atilde", "Adieresis", "Aring", "AE", "Ccedilla", "Egrave", "Eacute",
	"Ecircumflex", "Edieresis", "Igrave", "Iacute", "Icircumflex",
	"Idieresis", "Eth", "Ntilde", "Ograve", "Oacute", "Ocircumflex",
	"Otilde", "Odieresis", "multiply", "Oslash", "Ugrave", "Uacute",
	"Ucircumflex", "Udieresis", "Yacute", "Thorn", "germandbls", "agrave",
	"aacute", "acircumflex", "atilde", "adieresis", "aring", "ae",
	"ccedilla", "egrave", "eacute", "ecircumflex", "edieresis", "igrave",
	"iacute", "icircumflex", "idieresis", "eth", "ntilde", "ograve",
	"oacute", "ocircumflex", "otilde", "odieresis", "divide", "oslash",
	"ugrave", "uacute", "ucircumflex", "udieresis", "yacute", "thorn",
	"ydieresis", "Amacron", "amacron", "Abreve", "abreve", "Aogonek",
	"aogonek", "Cacute", "cacute", "Ccircumflex", "ccircumflex",
	"Cdotaccent", "cdotaccent", "Ccaron", "ccaron", "Dcaron", "dcaron",
	"Dcroat", "dcroat", "Emacron", "emacron", "Ebreve", "ebreve",
	"Edotaccent", "edotaccent", "Eogonek", "eogonek", "Ecaron", "ecaron",
	"Gcircumflex", "gcircumflex", "Gbreve", "gbreve", "Gdotaccent",
	"gdotaccent", "Gcommaaccent", "gcommaaccent", "Hcircumflex",
	"hcircumflex", "Hbar", "hbar", "Itilde", "itilde", "Imacron",
	"imacron", "Ibreve", "ibreve", "Iogonek", "iogonek", "Idotaccent",
	"dotlessi", "IJ", "ij", "Jcircumflex", "jcircumflex", "Kcommaaccent",
	"kcommaaccent", "kgreenlandic", "Lacute", "lacute", "Lcommaaccent",
	"lcommaaccent", "Lcaron", "lcaron", "Ldot", "ldot", "Lslash",
	"lslash", "Nacute", "nacute", "Ncommaaccent", "ncommaaccent",
	"Ncaron", "ncaron", "napostrophe", "Eng", "eng", "Omacron", "omacron",
	"Obreve", "obreve", "Ohungarumlaut", "ohungarumlaut", "OE", "oe",
	"Racute", "racute", "Rcommaaccent", "rcommaaccent", "Rcaron",
	"rcaron", "Sacute", "sacute", "Scircumflex", "scircumflex",
	"Scedilla", "scedilla", "Scaron", "scaron", "Tcommaaccent",
	"tcommaaccent", "Tcaron", "tcaron", "Tbar", "tbar", "Utilde",
	"utilde", "Umacron", "umacron", "Ubreve", "ubreve", "Uring", "uring",
	"Uhungarumlaut", "uhungarumlaut", "Uogonek", "uogonek", "Wcircumflex",
	"wcircumflex", "Ycircumflex", "ycircumflex", "Ydieresis", "Zacute",
	"zacute", "Zdotaccent", "zdotaccent", "Zcaron", "zcaron", "longs",
};

static const struct {
	uint32_t cp;
	const char *name;
} punct_names[] = {
	{ 0x2013, "endash" }, { 0x2014, "emdash" }, { 0x2018, "quoteleft" },
	{ 0x2019, "quoteright" }, { 0x201a, "quotesinglbase" },
	{ 0x201c, "quotedblleft" }, { 0x201d, "quotedblright" },
	{ 0x201e, "quotedblbase" }, { 0x2022, "bullet" },
	{ 0x2026, "ellipsis" }, { 0x20ac, "Euro" }, { 0x2122, "trademark" },
};

/* Helvetica advance widths of ASCII 32..126, in 1/1000 em. */
static const short helvetica_widths[95] = {
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333,
	278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278,
	584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
	500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944,
	667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556,
	278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
	278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
};

struct pdf {
	uint32_t codes[128];	/* code point of codes 128..255 */
	int ncodes;
	struct buf *pages;	/* one content stream per page */
	int npages;
	struct buf *page;	/* the current one */
	double y;		/* baseline of the next line */
};

static const char *
glyph_name(uint32_t cp)
{
	if (cp >= 0xa0 && cp <= 0x17f)
		return latin_names[cp - 0xa0];
	for (size_t i = 0; i < LL_ARRAY_LEN(punct_names); i++) {
		if (punct_names[i].cp == cp)
			return punct_names[i].name;
	}
	return NULL;
}

/* The byte that prints cp, adding it to the encoding on first use. */
static int
pdf_code(struct pdf *p, uint32_t cp)
{
	if (cp >= 32 && cp < 127)
		return (int)cp;
	if (glyph_name(cp) == NULL)
		return '?';
	for (int i = 0; i < p->ncodes; i++) {
		if (p->codes[i] == cp)
			return 128 + i;
	}
	if (p->ncodes == 128)
		return '?';
	p->codes[p->ncodes] = cp;
	return 128 + p->ncodes++;
}

/* Width in points of a UTF-8 string in Helvetica (bold a little wider). */
static double
text_width(const char *s, size_t len, double size, bool bold)
{
	double w = 0;
	size_t i = 0;

	while (i < len) {
		uint32_t cp;

		i += utf8_decode(s + i, len - i, &cp);
		w += cp >= 32 && cp < 127 ? helvetica_widths[cp - 32] : 600;
	}
	return w * size / 1000 * (bold ? 1.07 : 1.0);
}

static void
pdf_new_page(struct pdf *p)
{
	p->pages = xrealloc(p->pages, (p->npages + 1) * sizeof *p->pages);
	p->page = &p->pages[p->npages++];
	buf_init(p->page);
	p->y = PAGE_H - MARGIN;
}

static void
pdf_show(struct pdf *p, double x, double y, const char *s, size_t len,
    double size, bool bold)
{
	size_t i = 0;

	buf_appendf(p->page, "BT /%s %.1f Tf %.2f %.2f Td (", bold ? "F2" : "F1",
	    size, x, y);
	while (i < len) {
		uint32_t cp;
		int c;

		i += utf8_decode(s + i, len - i, &cp);
		if (cp == '\n' || cp == '\t')
			cp = ' ';
		c = pdf_code(p, cp);
		if (c == '(' || c == ')' || c == '\\')
			buf_appendf(p->page, "\\%c", c);
		else if (c >= 128)
			buf_appendf(p->page, "\\%03o", c);
		else
			buf_appendf(p->page, "%c", c);
	}
	buf_append_str(p->page, ") Tj ET\n");
}

/*
 * Writes text from x, wrapped at width, one line below the other; starts
 * a new page when the bottom is reached.
 */
static void
pdf_paragraph(struct pdf *p, double x, double width, const char *text,
    double size, bool bold)
{
	const char *s = text != NULL ? text : "";
	double leading = size * 1.3;

	while (*s != '\0') {
		size_t len = strlen(s), fit = 0, last_space = 0, i = 0;
		size_t nl = strcspn(s, "\n");

		if (nl < len)
			len = nl;
		while (i < len) {
			uint32_t cp;
			size_t n = utf8_decode(s + i, len - i, &cp);

			if (text_width(s, i + n, size, bold) > width)
				break;
			i += n;
			if (cp == ' ')
				last_space = i;
			fit = i;
		}
		if (fit < len && last_space > 0)
			fit = last_space;
		if (fit == 0)
			fit = len > 0 ? utf8_decode(s, len, &(uint32_t){ 0 }) : 0;
		if (p->y < BOTTOM)
			pdf_new_page(p);
		p->y -= leading;
		pdf_show(p, x, p->y, s, fit, size, bold);
		s += fit;
		while (*s == ' ')
			s++;
		if (*s == '\n') {
			s++;
			if (*s == '\n')
				p->y -= leading / 2;
		}
	}
}

static void
pdf_row(struct pdf *p, const char *label, const char *value)
{
	double top;

	if (value == NULL || *value == '\0')
		return;
	if (p->y < BOTTOM + 20)
		pdf_new_page(p);
	top = p->y;
	pdf_paragraph(p, MARGIN, 175, label, 9.5, true);
	p->y = top;
	pdf_paragraph(p, MARGIN + 185, PAGE_W - 2 * MARGIN - 185, value, 9.5,
	    false);
	p->y -= 4;
}

static void
pdf_qr(struct pdf *p, const struct cred_qr *qr, double x, double y, double m)
{
	buf_append_str(p->page, "0 g\n");
	for (int r = 0; r < qr->size; r++) {
		for (int c = 0; c < qr->size; c++) {
			if (qr->modules[r * qr->size + c])
				buf_appendf(p->page, "%.2f %.2f %.2f %.2f re\n",
				    x + c * m, y - (r + 1) * m, m, m);
		}
	}
	buf_append_str(p->page, "f\n");
}


static uint8_t *
pdf_assemble(struct pdf *p, const char *lang, size_t *len)
{
	struct buf out;
	size_t *offsets;
	int nobj = 5 + 2 * p->npages;

	offsets = xcalloc(nobj + 1, sizeof *offsets);
	buf_init(&out);
	/* The binary comment tells transfer tools the file is not text. */
	buf_append_str(&out, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
	offsets[1] = out.len;
	buf_append_str(&out, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R");
	/* The language, for screen readers; tags are plain ASCII. */
	if (lang != NULL && strspn(lang, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == strlen(lang) &&
	    strlen(lang) < 36)
		buf_appendf(&out, " /Lang (%s)", lang);
	buf_append_str(&out, " >>\nendobj\n");
	offsets[2] = out.len;
	buf_append_str(&out, "2 0 obj\n<< /Type /Pages /Kids [");
	for (int i = 0; i < p->npages; i++)
		buf_appendf(&out, " %d 0 R", 6 + 2 * i);
	buf_appendf(&out, " ] /Count %d >>\nendobj\n", p->npages);
	offsets[3] = out.len;
	buf_append_str(&out, "3 0 obj\n<< /Type /Font /Subtype /Type1 "
	    "/BaseFont /Helvetica /Encoding 5 0 R >>\nendobj\n");
	offsets[4] = out.len;
	buf_append_str(&out, "4 0 obj\n<< /Type /Font /Subtype /Type1 "
	    "/BaseFont /Helvetica-Bold /Encoding 5 0 R >>\nendobj\n");
	offsets[5] = out.len;
	buf_append_str(&out, "5 0 obj\n<< /Type /Encoding /Differences [128");
	for (int i = 0; i < p->ncodes; i++)
		buf_appendf(&out, " /%s", glyph_name(p->codes[i]));
	buf_append_str(&out, "] >>\nendobj\n");
	for (int i = 0; i < p->npages; i++) {
		int page = 6 + 2 * i, content = page + 1;

		offsets[page] = out.len;
		buf_appendf(&out, "%d 0 obj\n<< /Type /Page /Parent 2 0 R "
		    "/MediaBox [0 0 %.2f %.2f] /Resources << /Font << /F1 3 0 R "
		    "/F2 4 0 R >> >> /Contents %d 0 R >>\nendobj\n", page,
		    PAGE_W, PAGE_H, content);
		offsets[content] = out.len;
		buf_appendf(&out, "%d 0 obj\n<< /Length %zu >>\nstream\n",
		    content, p->pages[i].len);
		buf_append(&out, p->pages[i].data, p->pages[i].len);
		buf_append_str(&out, "\nendstream\nendobj\n");
	}
	{
		size_t xref = out.len;

		buf_appendf(&out, "xref\n0 %d\n0000000000 65535 f \n", nobj + 1);
		for (int i = 1; i <= nobj; i++)
			buf_appendf(&out, "%010zu 00000 n \n", offsets[i]);
		buf_appendf(&out, "trailer\n<< /Size %d /Root 1 0 R >>\n"
		    "startxref\n%zu\n%%%%EOF\n", nobj + 1, xref);
	}
	free(offsets);
	*len = out.len;
	return (uint8_t *)buf_detach(&out);
}

uint8_t *
cred_certificate_pdf(const char *credential_json, const char *display_name,
    const char *lang, size_t *len, char **cause)
{
	json_t *doc, *issuer, *subject, *ach, *eu, *align, *a, *r;
	const char *s;
	char num[32], *tmp;
	struct cert_source src;
	struct pdf p;
	uint8_t *out;
	double qr_side, text_w;
	size_t i;

	if (cert_source_open(credential_json, &src, cause) != 0)
		return NULL;
	doc = src.doc;
	issuer = src.issuer;
	subject = src.subject;
	ach = src.ach;
	eu = src.eu;

	memset(&p, 0, sizeof p);
	pdf_new_page(&p);
	/* QR code top right, 2.2 pt per module, its quiet zone inside the
	 * margin. */
	qr_side = src.qr.size * 2.2;
	pdf_qr(&p, &src.qr, PAGE_W - MARGIN - qr_side, PAGE_H - MARGIN, 2.2);
	text_w = PAGE_W - 2 * MARGIN - qr_side - 20;

	pdf_paragraph(&p, MARGIN, text_w, cert_str(issuer, "name"), 11, false);
	p.y -= 14;
	pdf_paragraph(&p, MARGIN, text_w, cert_str(ach, "name"), 20, true);
	p.y -= 10;
	pdf_paragraph(&p, MARGIN, text_w, "Micro-credential awarded to", 11,
	    false);
	p.y -= 2;
	if (display_name != NULL)
		pdf_paragraph(&p, MARGIN, text_w, display_name, 16, true);
	else {
		tmp = xasprintf("learner %s", cert_str(json_array_get(
		    json_object_get(subject, "identifier"), 0),
		    "identityHash"));
		pdf_paragraph(&p, MARGIN, PAGE_W - 2 * MARGIN, tmp, 9, true);
		free(tmp);
	}
	if (p.y > PAGE_H - MARGIN - qr_side - 10)
		p.y = PAGE_H - MARGIN - qr_side - 10;
	p.y -= 8;
	pdf_paragraph(&p, MARGIN, PAGE_W - 2 * MARGIN,
	    cert_str(ach, "description"), 10, false);

	p.y -= 14;
	pdf_paragraph(&p, MARGIN, PAGE_W - 2 * MARGIN,
	    "Learning outcomes achieved", 13, true);
	p.y -= 4;
	align = json_object_get(ach, "alignment");
	json_array_foreach(align, i, a) {
		s = cert_str(a, "targetType");
		if (s == NULL || strcmp(s, "ceasn:Competency") != 0)
			continue;
		pdf_paragraph(&p, MARGIN, PAGE_W - 2 * MARGIN,
		    cert_str(a, "targetName"), 9.5, true);
		pdf_paragraph(&p, MARGIN + 12, PAGE_W - 2 * MARGIN - 12,
		    cert_str(a, "targetDescription"), 9, false);
		p.y -= 3;
	}

	p.y -= 12;
	pdf_paragraph(&p, MARGIN, PAGE_W - 2 * MARGIN, "The micro-credential",
	    13, true);
	p.y -= 4;
	pdf_row(&p, "Awarding body", cert_str(issuer, "name"));
	{
		json_t *addr = json_object_get(issuer, "address");

		tmp = xasprintf("%s%s%s", cert_str(addr, "addressCountryCode") ?
		    cert_str(addr, "addressCountryCode") : "",
		    cert_str(addr, "addressRegion") ? ", " : "",
		    cert_str(addr, "addressRegion") ?
		    cert_str(addr, "addressRegion") : "");
		pdf_row(&p, "Country of the awarding body", tmp);
		free(tmp);
	}
	pdf_row(&p, "Date of issuing", cert_str(doc, "validFrom"));
	json_array_foreach(align, i, a) {
		s = cert_str(a, "targetFramework");
		if (s != NULL && strcmp(s, "European Qualifications "
		    "Framework") == 0)
			pdf_row(&p, "Level", cert_str(a, "targetName"));
	}
	cred_jcs_number(json_number_value(json_object_get(ach,
	    "creditsAvailable")), num);
	tmp = xasprintf("%s ECTS, %lld hours", num, (long long)
	    json_number_value(json_object_get(eu, "workloadHours")));
	pdf_row(&p, "Notional workload", tmp);
	free(tmp);
	pdf_row(&p, "Type of assessment", cert_str(eu, "assessmentType"));
	pdf_row(&p, "Form of participation", cert_str(eu, "participationForm"));
	pdf_row(&p, "Quality assurance", cert_str(eu, "qualityAssurance"));
	pdf_row(&p, "Supervision and identity verification",
	    cert_str(eu, "supervision"));
	json_array_foreach(json_object_get(subject, "result"), i, r) {
		if ((s = cert_str(r, "value")) != NULL) {
			tmp = xasprintf("%s %%", s);
			pdf_row(&p, "Grade (scored checks)", tmp);
			free(tmp);
		}
	}
	pdf_row(&p, "Prerequisites", cert_str(eu, "prerequisites"));
	pdf_row(&p, "Stackability", cert_str(eu, "stackability"));
	pdf_row(&p, "Further information", cert_str(eu, "furtherInformation"));

	p.y -= 14;
	tmp = xasprintf("Credential %s\nIssuer %s\nThis certificate summarises "
	    "a signed Open Badges 3.0 credential (Data Integrity proof, "
	    "eddsa-jcs-2022). Only the signed file is proof: check it with "
	    "'layerlab credential verify FILE' or any Verifiable Credentials "
	    "verifier.", src.id, src.issuer_id);
	pdf_paragraph(&p, MARGIN, PAGE_W - 2 * MARGIN, tmp, 8, false);
	free(tmp);

	out = pdf_assemble(&p, lang, len);
	for (int k = 0; k < p.npages; k++)
		buf_free(&p.pages[k]);
	free(p.pages);
	cert_source_close(&src);
	return out;
}
