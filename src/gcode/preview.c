#include "preview.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "interp.h"
#include "lex.h"
#include "lines.h"

#define MAX_WIDTH 400

struct grid {
	int w, h;		/* in dots */
	unsigned char *ext;	/* 1 where extrusion passes */
	unsigned char *trv;	/* 1 where only travel passes */
	double x0, y0, sx, sy;	/* mm to dots */
};

static void
plot(struct grid *g, unsigned char *layer, double x, double y)
{
	int ix = (int)floor((x - g->x0) * g->sx);
	/* Y grows upwards on the bed, downwards on the screen. */
	int iy = g->h - 1 - (int)floor((y - g->y0) * g->sy);

	if (ix < 0 || iy < 0 || ix >= g->w || iy >= g->h)
		return;
	layer[iy * g->w + ix] = 1;
}

static void
line(struct grid *g, unsigned char *layer, const double *a, const double *b)
{
	double dx = (b[0] - a[0]) * g->sx, dy = (b[1] - a[1]) * g->sy;
	int steps = (int)ceil(fmax(fabs(dx), fabs(dy)));

	if (steps > 4 * (g->w + g->h))
		steps = 4 * (g->w + g->h);
	for (int i = 0; i <= steps; i++) {
		double t = steps > 0 ? (double)i / steps : 0;
		plot(g, layer, a[0] + (b[0] - a[0]) * t,
		    a[1] + (b[1] - a[1]) * t);
	}
}

/* One pass over the layer's lines: extent, or drawing. */
static int
walk_layer(const char *path, const struct gcode_layer_index *ix, int layer,
    struct grid *g, double *mn, double *mx, char **cause)
{
	const struct gcode_layer_mark *mk = &ix->marks[layer];
	uint64_t end = layer + 1 < ix->n ? ix->marks[layer + 1].offset :
	    UINT64_MAX;
	struct lines *r;
	struct interp it;
	struct interp_move mv;
	struct lex_line l;
	const char *text;
	size_t len;
	uint64_t offset;
	long lineno;
	int rc;

	r = lines_open(path, cause);
	if (r == NULL)
		return -1;
	if (lines_seek(r, mk->offset, mk->lineno, cause) != 0) {
		lines_free(r);
		return -1;
	}
	interp_init(&it, NULL);
	memcpy(it.pos, mk->pos, sizeof it.pos);
	memcpy(it.shift, mk->shift, sizeof it.shift);
	it.abs_xyz = mk->abs_xyz;
	it.e_mode = mk->e_mode;
	it.unit = mk->unit > 0 ? mk->unit : 1;
	for (int i = 0; i < 3; i++)
		it.known[i] = true;
	while ((rc = lines_next(r, &text, &len, &offset, &lineno, cause)) == 1) {
		if (offset >= end)
			break;
		if (!lex_line(text, len, &l))
			continue;
		if (l.letter == 'M') {
			interp_m(&it, &l);
			continue;
		}
		if (l.letter != 'G' || interp_step(&it, &l, &mv) != INTERP_MOVE)
			continue;
		if (fabs(mv.d[0]) < 1e-9 && fabs(mv.d[1]) < 1e-9)
			continue;
		if (g == NULL) {
			for (int i = 0; i < 2; i++) {
				mn[i] = fmin(mn[i], fmin(mv.from[i], mv.to[i]));
				mx[i] = fmax(mx[i], fmax(mv.from[i], mv.to[i]));
			}
		} else if (mv.d[3] > 1e-9)
			line(g, g->ext, mv.from, mv.to);
		else
			line(g, g->trv, mv.from, mv.to);
	}
	lines_free(r);
	return rc == -1 ? -1 : 0;
}

static void
put_utf8(struct buf *b, unsigned cp)
{
	char u[4];

	if (cp < 0x80) {
		u[0] = (char)cp;
		buf_append(b, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_append(b, u, 2);
	} else {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_append(b, u, 3);
	}
}

static void
frame_row(struct buf *b, int cols, unsigned left, unsigned right)
{
	put_utf8(b, left);
	for (int i = 0; i < cols; i++)
		put_utf8(b, 0x2500);
	put_utf8(b, right);
	buf_append_str(b, "\n");
}

static char *
render(const struct grid *g, int cols, int rows, int cw, int ch,
    enum gcode_preview_style style, bool travel)
{
	/* Braille dot bits by (column, row) within a cell. */
	static const unsigned bits[2][4] = {
		{ 0x01, 0x02, 0x04, 0x40 }, { 0x08, 0x10, 0x20, 0x80 },
	};
	struct buf b;

	buf_init(&b);
	frame_row(&b, cols, 0x250c, 0x2510);
	for (int r = 0; r < rows; r++) {
		put_utf8(&b, 0x2502);
		for (int c = 0; c < cols; c++) {
			unsigned dots = 0;
			bool any_trv = false, top = false, bottom = false;
			for (int dy = 0; dy < ch; dy++) {
				for (int dx = 0; dx < cw; dx++) {
					int x = c * cw + dx, y = r * ch + dy;
					if (g->ext[y * g->w + x]) {
						if (style == GCODE_PREVIEW_BRAILLE)
							dots |= bits[dx][dy];
						else if (dy == 0)
							top = true;
						else
							bottom = true;
					} else if (g->trv[y * g->w + x])
						any_trv = true;
				}
			}
			if (style == GCODE_PREVIEW_BRAILLE && dots != 0)
				put_utf8(&b, 0x2800 + dots);
			else if (top && bottom)
				put_utf8(&b, 0x2588);
			else if (top)
				put_utf8(&b, 0x2580);
			else if (bottom)
				put_utf8(&b, 0x2584);
			else if (any_trv && travel)
				put_utf8(&b, 0x00b7);
			else
				buf_append_str(&b, " ");
		}
		put_utf8(&b, 0x2502);
		buf_append_str(&b, "\n");
	}
	frame_row(&b, cols, 0x2514, 0x2518);
	return buf_detach(&b);
}

char *
gcode_preview_layer(const char *path, const struct gcode_layer_index *ix,
    int layer, const struct gcode_machine *m,
    const struct gcode_preview_opts *opts, char **cause)
{
	struct grid g;
	double mn[2] = { INFINITY, INFINITY }, mx[2] = { -INFINITY, -INFINITY };
	double bw, bh;
	int cols, rows, cw, ch;
	char *text;

	if (layer < 0 || layer >= ix->n) {
		set_cause(cause, "%s: no layer %d (the file has %d)", path,
		    layer + 1, ix->n);
		return NULL;
	}
	cols = opts->width < 8 ? 8 : opts->width > MAX_WIDTH ? MAX_WIDTH :
	    opts->width;
	if (m->bed[0] > 0 && m->bed[1] > 0) {
		mn[0] = m->min[0] < 0 ? m->min[0] : 0;
		mn[1] = m->min[1] < 0 ? m->min[1] : 0;
		mx[0] = m->bed[0];
		mx[1] = m->bed[1];
	} else {
		if (walk_layer(path, ix, layer, NULL, mn, mx, cause) != 0)
			return NULL;
		if (!isfinite(mn[0])) {
			mn[0] = mn[1] = 0;
			mx[0] = mx[1] = 1;
		}
	}
	bw = fmax(mx[0] - mn[0], 1e-3);
	bh = fmax(mx[1] - mn[1], 1e-3);
	cw = opts->style == GCODE_PREVIEW_BRAILLE ? 2 : 1;
	ch = opts->style == GCODE_PREVIEW_BRAILLE ? 4 : 2;
	/* Terminal cells are about twice as tall as wide. */
	rows = (int)ceil(cols * bh / bw / 2);
	if (rows < 1)
		rows = 1;
	memset(&g, 0, sizeof g);
	g.w = cols * cw;
	g.h = rows * ch;
	g.x0 = mn[0];
	g.y0 = mn[1];
	g.sx = g.w / bw;
	g.sy = g.h / bh;
	g.ext = xcalloc((size_t)g.w * (size_t)g.h, 1);
	g.trv = xcalloc((size_t)g.w * (size_t)g.h, 1);
	if (walk_layer(path, ix, layer, &g, NULL, NULL, cause) != 0) {
		free(g.ext);
		free(g.trv);
		return NULL;
	}
	text = render(&g, cols, rows, cw, ch, opts->style, opts->travel);
	free(g.ext);
	free(g.trv);
	return text;
}
