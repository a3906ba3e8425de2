#include "text.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core.h"

int
text_width(const char *s, size_t len)
{
	size_t i = 0;
	int width = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		int w = wcwidth((wchar_t)cp);

		width += w > 0 ? w : 0;
		i += n;
	}
	return width;
}

size_t
text_fit(const char *s, size_t len, int width, int *used)
{
	size_t i = 0;
	int total = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		int w = wcwidth((wchar_t)cp);

		if (w < 0)
			w = 0;
		if (total + w > width)
			break;
		total += w;
		i += n;
	}
	if (used != NULL)
		*used = total;
	return i;
}

/* A word: bytes of one style between spaces (a word may span styles). */
struct piece {
	size_t start, len;	/* into storage */
	int style;
	bool space_before;	/* a space separates it from the previous piece */
	bool newline_before;
};

struct pieces {
	struct piece *a;
	size_t n, cap;
};

static void
pieces_add(struct pieces *p, size_t start, size_t len, int style, bool space,
    bool newline)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 32;
		p->a = xrealloc(p->a, p->cap * sizeof *p->a);
	}
	p->a[p->n++] = (struct piece){ start, len, style, space, newline };
}

/*
 * Splits text into pieces and copies the visible characters (markup
 * removed) into storage.
 */
static void
tokenize(const char *text, int markup, struct buf *storage, struct pieces *out)
{
	int style = TEXT_PLAIN;
	bool space = false, newline = false;
	size_t start = 0;
	const char *p = text;

	buf_reserve(storage, strlen(text));
	for (;;) {
		char c = *p;
		bool boundary = c == '\0' || c == ' ' || c == '\t' || c == '\n';
		int toggle = 0;

		if (markup && !boundary) {
			if (c == '`')
				toggle = TEXT_CODE;
			else if (!(style & TEXT_CODE) && c == '*' && p[1] == '*')
				toggle = TEXT_STRONG;
			else if (!(style & TEXT_CODE) && c == '*')
				toggle = TEXT_EM;
		}
		if (boundary || toggle) {
			if (storage->len > start) {
				pieces_add(out, start, storage->len - start, style,
				    space, newline);
				space = newline = false;
			}
			if (toggle) {
				style ^= toggle;
				p += toggle == TEXT_STRONG ? 2 : 1;
				start = storage->len;
				continue;
			}
			if (c == '\0')
				break;
			if (c == '\n')
				newline = true;
			else
				space = true;
			p++;
			start = storage->len;
			continue;
		}
		buf_append(storage, p, 1);
		p++;
	}
}

/* Lines keep the index of their first run until the pool stops growing. */
struct layout {
	struct text_lines *out;
	size_t line_cap, pool_cap;
	size_t *first;		/* first run index per line */
};

static void
layout_new_line(struct layout *ly)
{
	struct text_lines *tl = ly->out;

	if (tl->n == ly->line_cap) {
		ly->line_cap = ly->line_cap ? ly->line_cap * 2 : 8;
		tl->lines = xrealloc(tl->lines, ly->line_cap * sizeof *tl->lines);
		ly->first = xrealloc(ly->first, ly->line_cap * sizeof *ly->first);
	}
	tl->lines[tl->n] = (struct text_line){ NULL, 0, 0 };
	ly->first[tl->n] = tl->n > 0 ? ly->first[tl->n - 1] +
	    tl->lines[tl->n - 1].nruns : 0;
	tl->n++;
}

static void
layout_add_run(struct layout *ly, const char *s, size_t len, int style,
    bool space)
{
	struct text_lines *tl = ly->out;
	struct text_line *line = &tl->lines[tl->n - 1];
	size_t idx = ly->first[tl->n - 1] + line->nruns;
	int w = text_width(s, len);

	if (idx >= ly->pool_cap) {
		ly->pool_cap = ly->pool_cap ? ly->pool_cap * 2 : 32;
		tl->run_pool = xrealloc(tl->run_pool,
		    ly->pool_cap * sizeof *tl->run_pool);
	}
	tl->run_pool[idx] = (struct text_run){ s, len, style, w, space };
	line->nruns++;
	line->width += w + (space ? 1 : 0);
}

void
text_wrap(const char *text, int width, int markup, struct text_lines *out)
{
	struct buf storage;
	struct pieces pc = { 0 };
	struct layout ly = { out, 0, 0, NULL };
	bool wrap = width > 0 && markup;
	struct buf visible;

	memset(out, 0, sizeof *out);
	/* Text from a lesson, a file or the printer: escapes are shown, not
	 * obeyed, and laid out at the width they are shown with. */
	buf_init(&visible);
	if (text == NULL)
		text = "";
	if (!text_is_visible(text, strlen(text)) || strchr(text, '\t')) {
		buf_append_visible(&visible, text, strlen(text), true);
		buf_append(&visible, "", 1);
		text = visible.data;
	}
	buf_init(&storage);
	if (!markup) {
		/* Preformatted: only newlines split; spaces stay as written. */
		const char *p = text;
		for (;;) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			pieces_add(&pc, storage.len, len, TEXT_PLAIN, false,
			    p != text);
			buf_append(&storage, p, len);
			if (nl == NULL)
				break;
			p = nl + 1;
		}
	} else
		tokenize(text, markup, &storage, &pc);
	out->storage = buf_detach(&storage);
	layout_new_line(&ly);

	for (size_t i = 0; i < pc.n; i++) {
		const struct piece *pi = &pc.a[i];
		const char *s = out->storage + pi->start;
		size_t len = pi->len;
		struct text_line *line = &out->lines[out->n - 1];
		bool space = pi->space_before && line->nruns > 0;
		int w = text_width(s, len);

		if (pi->newline_before) {
			layout_new_line(&ly);
			space = false;
		} else if (wrap && line->nruns > 0 &&
		    line->width + (space ? 1 : 0) + w > width) {
			layout_new_line(&ly);
			space = false;
		}
		/* A word wider than a whole line is cut where it must be. */
		while (wrap && w > width - out->lines[out->n - 1].width -
		    (space ? 1 : 0)) {
			int room = width - out->lines[out->n - 1].width -
			    (space ? 1 : 0);
			size_t take = room > 0 ? text_fit(s, len, room, NULL) : 0;

			if (take == 0 && out->lines[out->n - 1].nruns == 0) {
				uint32_t cp;
				take = utf8_decode(s, len, &cp);
			}
			if (take > 0)
				layout_add_run(&ly, s, take, pi->style, space);
			s += take;
			len -= take;
			w = text_width(s, len);
			layout_new_line(&ly);
			space = false;
		}
		if (len > 0 || (!markup && pi->len == 0))
			layout_add_run(&ly, s, len, pi->style, space);
	}
	for (size_t k = 0; k < out->n; k++)
		out->lines[k].runs = out->run_pool != NULL ?
		    out->run_pool + ly.first[k] : NULL;
	free(ly.first);
	free(pc.a);
	buf_free(&visible);
}

void
text_lines_free(struct text_lines *tl)
{
	free(tl->lines);
	free(tl->run_pool);
	free(tl->storage);
	memset(tl, 0, sizeof *tl);
}

/* A cell's wrapped lines as plain text (the markup is dropped). */
static char **
cell_lines(const char *cell, int width, size_t *n)
{
	struct text_lines tl;
	char **out;

	text_wrap(cell, width, 1, &tl);
	out = xcalloc(tl.n ? tl.n : 1, sizeof *out);
	for (size_t i = 0; i < tl.n; i++) {
		struct buf b;

		buf_init(&b);
		for (size_t r = 0; r < tl.lines[i].nruns; r++) {
			const struct text_run *run = &tl.lines[i].runs[r];
			if (run->space_before)
				buf_append_str(&b, " ");
			buf_append(&b, run->s, run->len);
		}
		out[i] = buf_detach(&b);
	}
	*n = tl.n;
	text_lines_free(&tl);
	return out;
}

static void
table_rule(struct buf *out, const int *w, size_t ncols)
{
	buf_append_str(out, "├");
	for (size_t c = 0; c < ncols; c++) {
		for (int k = 0; k < w[c] + 2; k++)
			buf_append_str(out, "─");
		buf_append_str(out, c + 1 < ncols ? "┼" : "┤");
	}
	buf_append_str(out, "\n");
}

char *
text_table(const char *const *cells, size_t nrows, size_t ncols,
    bool has_header, int width)
{
	int w[TEXT_TABLE_MAX_COLS] = { 0 }, total = 1, longest[TEXT_TABLE_MAX_COLS] = { 0 };
	size_t used_cols = ncols < TEXT_TABLE_MAX_COLS ? ncols : TEXT_TABLE_MAX_COLS;
	bool multi = false;
	struct buf out;

	for (size_t r = 0; r < nrows; r++) {
		for (size_t c = 0; c < used_cols; c++) {
			const char *cell = cells[r * ncols + c];
			int cw = text_width(cell, strlen(cell));
			const char *p = cell;

			if (cw > w[c])
				w[c] = cw;
			while (*p != '\0') {
				size_t len = strcspn(p, " \n");
				int ww = text_width(p, len);
				if (ww > longest[c])
					longest[c] = ww;
				p += len;
				p += strspn(p, " \n");
			}
		}
	}
	for (size_t c = 0; c < used_cols; c++)
		total += w[c] + 3;
	/*
	 * Too wide: narrow the widest column a column at a time, first down
	 * to its longest word (cells wrap between words), then further (long
	 * words are broken) down to 4 columns.
	 */
	for (int floor_pass = 0; floor_pass < 2 && total > width; floor_pass++) {
		while (total > width) {
			size_t widest = used_cols;
			for (size_t c = 0; c < used_cols; c++) {
				int floor = floor_pass == 0 ? (longest[c] > 4 ?
				    longest[c] : 4) : 4;
				if (w[c] > floor && (widest == used_cols ||
				    w[c] > w[widest]))
					widest = c;
			}
			if (widest == used_cols)
				break;
			w[widest]--;
			total--;
		}
	}
	/* Each row's cells wrapped; a row is as tall as its tallest cell. */
	char ***lines = xcalloc(nrows * used_cols + 1, sizeof *lines);
	size_t *nlines = xcalloc(nrows * used_cols + 1, sizeof *nlines);
	for (size_t r = 0; r < nrows; r++) {
		for (size_t c = 0; c < used_cols; c++) {
			size_t k = r * used_cols + c;
			lines[k] = cell_lines(cells[r * ncols + c], w[c], &nlines[k]);
			if (nlines[k] > 1)
				multi = true;
		}
	}
	buf_init(&out);
	for (size_t r = 0; r < nrows; r++) {
		size_t height = 1;

		for (size_t c = 0; c < used_cols; c++)
			if (nlines[r * used_cols + c] > height)
				height = nlines[r * used_cols + c];
		/* Rows that wrap are told apart by a rule between them. */
		if (multi && r > (has_header ? 1u : 0u))
			table_rule(&out, w, used_cols);
		for (size_t l = 0; l < height; l++) {
			buf_append_str(&out, "│");
			for (size_t c = 0; c < used_cols; c++) {
				size_t k = r * used_cols + c;
				const char *s = l < nlines[k] ? lines[k][l] : "";
				int sw = text_width(s, strlen(s));

				buf_append_str(&out, " ");
				buf_append_str(&out, s);
				for (int pad = sw; pad < w[c]; pad++)
					buf_append_str(&out, " ");
				buf_append_str(&out, " │");
			}
			buf_append_str(&out, "\n");
		}
		if (r == 0 && has_header)
			table_rule(&out, w, used_cols);
	}
	for (size_t k = 0; k < nrows * used_cols; k++) {
		for (size_t l = 0; l < nlines[k]; l++)
			free(lines[k][l]);
		free(lines[k]);
	}
	free(lines);
	free(nlines);
	if (out.len > 0 && out.data[out.len - 1] == '\n')
		out.data[--out.len] = '\0';
	return buf_detach(&out);
}

void
text_age(long long seconds, char *out, size_t n)
{
	if (seconds < 0)
		snprintf(out, n, "?");
	else if (seconds < 2 * 3600)
		snprintf(out, n, "%lld min", seconds / 60);
	else
		snprintf(out, n, "%lld h", seconds / 3600);
}

void
text_fill(char *out, size_t n, const char *tmpl, const char *const args[4])
{
	const char *p = tmpl;
	size_t len = 0;

	if (n == 0)
		return;
	while (*p != '\0' && len + 1 < n) {
		if (p[0] == '{' && p[1] >= '1' && p[1] <= '4' && p[2] == '}') {
			const char *a = args[p[1] - '1'];
			int w = snprintf(out + len, n - len, "%s", a ? a : "");
			len += (size_t)w < n - len ? (size_t)w : n - len - 1;
			p += 3;
			continue;
		}
		out[len++] = *p++;
	}
	out[len] = '\0';
}
