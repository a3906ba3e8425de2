/*
 * Drawing the certificate model: pango lays the text out (any script, with
 * fontconfig's fallback when a font lacks a character) and cairo draws it
 * as an A4 PDF, fonts embedded and subset with their text kept extractable,
 * or as a PNG of the same layout on one long page for wallets and badge
 * displays. The QR code is drawn as squares, a link to the verification
 * page in the PDF.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "cred_internal.h"

#define PAGE_W 595.28	/* A4 in points */
#define PAGE_H 841.89
#define MARGIN 44.0
#define CONTENT_W (PAGE_W - 2 * MARGIN)
#define QR_SIDE 88.0
#define LABEL_W 140.0
#define PNG_SCALE 2.0	/* 144 dpi */
#define FONT "Noto Sans, DejaVu Sans"

struct draw {
	cairo_t *cr;
	/* A font map of its own, freed with the drawing: pango's default
	 * one keeps fontconfig patterns for the life of the process. */
	PangoFontMap *fonts;
	PangoContext *context;
	double page_h;	/* 0: one page as long as the content */
	double y;
};

static void
draw_begin(struct draw *d, cairo_t *cr, double page_h)
{
	d->cr = cr;
	d->fonts = pango_cairo_font_map_new();
	d->context = pango_font_map_create_context(d->fonts);
	pango_cairo_update_context(cr, d->context);
	d->page_h = page_h;
	d->y = 0;
}

static void
draw_end(struct draw *d)
{
	g_object_unref(d->context);
	g_object_unref(d->fonts);
	cairo_destroy(d->cr);
	d->cr = NULL;
}

static PangoLayout *
layout_for(struct draw *d, const char *text, double width, double size,
    bool bold)
{
	PangoLayout *layout = pango_layout_new(d->context);
	PangoFontDescription *font = pango_font_description_from_string(FONT);

	pango_font_description_set_size(font, (gint)(size * PANGO_SCALE));
	if (bold)
		pango_font_description_set_weight(font, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(layout, font);
	pango_font_description_free(font);
	pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(layout, text != NULL ? text : "", -1);
	return layout;
}

static double
layout_height(PangoLayout *layout)
{
	int w, h;

	pango_layout_get_size(layout, &w, &h);
	return (double)h / PANGO_SCALE;
}

/* Starts a new page when height does not fit on this one. */
static void
make_room(struct draw *d, double height)
{
	if (d->page_h > 0 && d->y + height > d->page_h - MARGIN &&
	    d->y > MARGIN) {
		cairo_show_page(d->cr);
		d->y = MARGIN;
	}
}

static void
grey(struct draw *d, double level)
{
	cairo_set_source_rgb(d->cr, level, level, level);
}

static void
show(struct draw *d, PangoLayout *layout, double x, double y)
{
	cairo_move_to(d->cr, x, y);
	pango_cairo_show_layout(d->cr, layout);
}

/* A paragraph across the given width; the cursor moves below it. */
static void
paragraph(struct draw *d, const char *text, double x, double width,
    double size, bool bold, double level, double after)
{
	PangoLayout *layout;
	double h;

	if (text == NULL || *text == '\0')
		return;
	layout = layout_for(d, text, width, size, bold);
	h = layout_height(layout);
	make_room(d, h);
	grey(d, level);
	show(d, layout, x, d->y);
	g_object_unref(layout);
	d->y += h + after;
}

static void
rule(struct draw *d, double after)
{
	grey(d, 0.75);
	cairo_set_line_width(d->cr, 0.6);
	cairo_move_to(d->cr, MARGIN, d->y);
	cairo_line_to(d->cr, PAGE_W - MARGIN, d->y);
	cairo_stroke(d->cr);
	d->y += after;
}

static char *
link_attributes(const char *url)
{
	struct buf b;

	buf_init(&b);
	buf_append_str(&b, "uri='");
	for (const char *p = url; *p != '\0'; p++) {
		if (*p == '\'' || *p == '\\')
			buf_append_str(&b, "\\");
		buf_append(&b, p, 1);
	}
	buf_append_str(&b, "'");
	return buf_detach(&b);
}

static void
draw_qr(struct draw *d, const struct cred_qr *qr, double x, double y,
    double side, const char *url)
{
	double m = side / (qr->size + 8);
	char *attrs = link_attributes(url);

	cairo_tag_begin(d->cr, CAIRO_TAG_LINK, attrs);
	cairo_set_source_rgb(d->cr, 1, 1, 1);
	cairo_rectangle(d->cr, x, y, side, side);
	cairo_fill(d->cr);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	for (int my = 0; my < qr->size; my++) {
		for (int mx = 0; mx < qr->size; mx++) {
			if (qr->modules[my * qr->size + mx])
				cairo_rectangle(d->cr, x + (mx + 4) * m,
				    y + (my + 4) * m, m, m);
		}
	}
	cairo_fill(d->cr);
	cairo_tag_end(d->cr, CAIRO_TAG_LINK);
	free(attrs);
}

/* A row of the details table: label left, value right, kept together. */
static void
table_row(struct draw *d, const struct cert_row *row)
{
	PangoLayout *l = layout_for(d, row->label, LABEL_W, 8.5, true);
	PangoLayout *v = layout_for(d, row->value, CONTENT_W - LABEL_W - 12,
	    9.5, false);
	double h = fmax(layout_height(l), layout_height(v));

	make_room(d, h + 6);
	grey(d, 0.33);
	show(d, l, MARGIN, d->y + 1);
	grey(d, 0.1);
	show(d, v, MARGIN + LABEL_W + 12, d->y);
	g_object_unref(l);
	g_object_unref(v);
	d->y += h + 2;
	grey(d, 0.88);
	cairo_set_line_width(d->cr, 0.4);
	cairo_move_to(d->cr, MARGIN, d->y);
	cairo_line_to(d->cr, PAGE_W - MARGIN, d->y);
	cairo_stroke(d->cr);
	d->y += 2;
}

static void
draw_certificate(struct draw *d, const struct cert_model *m)
{
	double text_w = CONTENT_W - QR_SIDE - 16, top;
	char *line;

	d->y = MARGIN;
	top = d->y;
	draw_qr(d, &m->qr, PAGE_W - MARGIN - QR_SIDE, top - 6, QR_SIDE,
	    m->verify_url);
	paragraph(d, m->issuer_name, MARGIN, text_w, 11, true, 0.25, 14);
	paragraph(d, m->kind_label, MARGIN, text_w, 10, false, 0.4, 4);
	paragraph(d, m->title, MARGIN, text_w, 20, true, 0.05, 8);
	if (d->y < top + QR_SIDE + 4)
		d->y = top + QR_SIDE + 4;
	paragraph(d, m->awarded_to, MARGIN, CONTENT_W, 10, false, 0.4, 2);
	paragraph(d, m->learner, MARGIN, CONTENT_W, 18, true, 0.05, 8);
	paragraph(d, m->description, MARGIN, CONTENT_W, 9.5, false, 0.15, 10);
	rule(d, 8);

	paragraph(d, m->outcomes_heading, MARGIN, CONTENT_W, 12, true, 0.1, 5);
	for (size_t i = 0; i < m->noutcomes; i++) {
		const struct cert_outcome *o = &m->outcomes[i];

		paragraph(d, o->name, MARGIN, CONTENT_W, 9.5, true, 0.1, 0);
		line = o->kind != NULL ? xasprintf("%s: %s", o->kind, o->text) :
		    xstrdup(o->text);
		paragraph(d, line, MARGIN + 10, CONTENT_W - 10, 9, false,
		    0.2, 4);
		free(line);
	}
	d->y += 4;
	paragraph(d, m->details_heading, MARGIN, CONTENT_W, 12, true, 0.1, 5);
	for (size_t i = 0; i < m->nrows; i++)
		table_row(d, &m->rows[i]);
	d->y += 8;

	line = xasprintf("%s %s", m->verify_label, m->verify_url);
	{
		char *attrs = link_attributes(m->verify_url);

		cairo_tag_begin(d->cr, CAIRO_TAG_LINK, attrs);
		paragraph(d, line, MARGIN, CONTENT_W, 7.5, false, 0.35, 1);
		cairo_tag_end(d->cr, CAIRO_TAG_LINK);
		free(attrs);
	}
	free(line);
	line = xasprintf("%s %s", m->id_label, m->id);
	paragraph(d, line, MARGIN, CONTENT_W, 7.5, false, 0.35, 1);
	free(line);
	line = xasprintf("%s %s", m->issuer_label, m->issuer_did);
	paragraph(d, line, MARGIN, CONTENT_W, 7.5, false, 0.35, 1);
	free(line);
	paragraph(d, m->note, MARGIN, CONTENT_W, 7.5, false, 0.35, 0);
}

static cairo_status_t
to_buf(void *closure, const unsigned char *data, unsigned int length)
{
	buf_append((struct buf *)closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

static uint8_t *
finish(struct draw *d, cairo_surface_t *surface, struct buf *out,
    size_t *len, char **cause)
{
	cairo_status_t st;

	if (d != NULL)
		draw_end(d);
	cairo_surface_finish(surface);
	st = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (st != CAIRO_STATUS_SUCCESS) {
		set_cause(cause, "drawing the certificate: %s",
		    cairo_status_to_string(st));
		buf_free(out);
		return NULL;
	}
	*len = out->len;
	return (uint8_t *)buf_detach(out);
}

/* The integer after key in the trailer's dictionary, or -1. */
static long
trailer_number(const char *trailer, const char *key)
{
	const char *p = strstr(trailer, key);

	return p != NULL ? strtol(p + strlen(key), NULL, 10) : -1;
}

/* The last occurrence of what in data (binary), or NULL. */
static const char *
find_last(const char *data, size_t len, const char *what)
{
	size_t n = strlen(what);

	for (size_t i = len >= n ? len - n + 1 : 0; i-- > 0;) {
		if (data[i] == what[0] && memcmp(data + i, what, n) == 0)
			return data + i;
	}
	return NULL;
}

/*
 * cairo 1.16 cannot name a document's language, which screen readers need:
 * an incremental update (PDF 1.7, 7.5.6) appends the catalog again with
 * /Lang. The trailer and the catalog are the last things cairo writes, as
 * text; a file laid out otherwise keeps no /Lang.
 */
static void
pdf_add_lang(struct buf *pdf, const char *lang)
{
	const char *trailer, *obj, *start, *end, *catalog;
	char head[32], tag[36], *tail, *dict;
	long size, root, info, prev;
	size_t n = 0, offset;

	for (const char *p = lang; *p != '\0' && n + 1 < sizeof tag; p++) {
		if (isalnum((unsigned char)*p) || *p == '-')
			tag[n++] = *p;
	}
	tag[n] = '\0';
	if (n == 0 || (trailer = find_last(pdf->data, pdf->len,
	    "\ntrailer\n")) == NULL)
		return;
	tail = xstrndup(trailer, pdf->len - (size_t)(trailer - pdf->data));
	size = trailer_number(tail, "/Size ");
	root = trailer_number(tail, "/Root ");
	info = trailer_number(tail, "/Info ");
	prev = trailer_number(tail, "startxref\n");
	free(tail);
	snprintf(head, sizeof head, "\n%ld 0 obj\n", root);
	obj = root > 0 ? find_last(pdf->data, pdf->len, head) : NULL;
	if (size <= 0 || info <= 0 || prev <= 0 || obj == NULL || obj > trailer)
		return;
	dict = xstrndup(obj, (size_t)(trailer - obj));
	start = strstr(dict, "<<");
	end = start != NULL ? strstr(start, ">>\nendobj") : NULL;
	catalog = start != NULL ? strstr(start, "/Type /Catalog") : NULL;
	if (end != NULL && catalog != NULL && catalog < end) {
		offset = pdf->len;
		buf_appendf(pdf, "%ld 0 obj\n%.*s   /Lang (%s)\n>>\nendobj\n",
		    root, (int)(end - start), start, tag);
		buf_appendf(pdf, "xref\n%ld 1\n%010zu 00000 n \ntrailer\n"
		    "<< /Size %ld\n   /Root %ld 0 R\n   /Info %ld 0 R\n"
		    "   /Prev %ld\n>>\nstartxref\n%zu\n%%%%EOF\n", root, offset,
		    size, root, info, prev, pdf->len);
	}
	free(dict);
}

uint8_t *
cred_certificate_pdf(const char *credential_json,
    const struct cred_cert_options *o, size_t *len, char **cause)
{
	struct cert_model m;
	cairo_surface_t *surface;
	struct draw d;
	struct buf out;
	char *subject;

	if (cert_model_build(credential_json, o, &m, cause) != 0)
		return NULL;
	buf_init(&out);
	surface = cairo_pdf_surface_create_for_stream(to_buf, &out, PAGE_W,
	    PAGE_H);
	subject = xasprintf("%s — %s", m.title, m.learner);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
	    subject);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR,
	    m.issuer_name);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT,
	    m.kind_label);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_KEYWORDS,
	    m.id);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
	    "layerlab " LL_VERSION);
	/* The issuing date, so the same credential gives the same file. */
	cairo_pdf_surface_set_metadata(surface,
	    CAIRO_PDF_METADATA_CREATE_DATE, m.valid_from);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE,
	    m.valid_from);
	free(subject);
	draw_begin(&d, cairo_create(surface), PAGE_H);
	draw_certificate(&d, &m);
	cairo_show_page(d.cr);
	draw_end(&d);
	cairo_surface_finish(surface);
	if (cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS)
		pdf_add_lang(&out, m.lang);
	cert_model_free(&m);
	return finish(NULL, surface, &out, len, cause);
}

uint8_t *
cred_certificate_png(const char *credential_json,
    const struct cred_cert_options *o, size_t *len, char **cause)
{
	struct cert_model m;
	cairo_surface_t *surface;
	struct draw d;
	struct buf out;
	double height;
	cairo_status_t st;

	if (cert_model_build(credential_json, o, &m, cause) != 0)
		return NULL;
	/* Measure on an unbounded surface, then draw at that height. */
	surface = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA,
	    NULL);
	draw_begin(&d, cairo_create(surface), 0);
	draw_certificate(&d, &m);
	height = d.y + MARGIN;
	draw_end(&d);
	cairo_surface_destroy(surface);

	surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    (int)ceil(PAGE_W * PNG_SCALE), (int)ceil(height * PNG_SCALE));
	{
		cairo_t *cr = cairo_create(surface);

		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_paint(cr);
		cairo_scale(cr, PNG_SCALE, PNG_SCALE);
		draw_begin(&d, cr, 0);
	}
	draw_certificate(&d, &m);
	cert_model_free(&m);
	draw_end(&d);
	buf_init(&out);
	st = cairo_surface_write_to_png_stream(surface, to_buf, &out);
	cairo_surface_destroy(surface);
	if (st != CAIRO_STATUS_SUCCESS) {
		set_cause(cause, "writing the PNG: %s",
		    cairo_status_to_string(st));
		buf_free(&out);
		return NULL;
	}
	*len = out.len;
	return (uint8_t *)buf_detach(&out);
}
