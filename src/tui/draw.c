#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "tui_int.h"

struct role_style {
	short fg, bg;
	attr_t colour_attr;
	attr_t mono_attr;	/* used when the terminal has no colours */
};

static const struct role_style roles[ROLE_COUNT] = {
	[ROLE_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[ROLE_TITLE] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD },
	[ROLE_BAR] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE },
	[ROLE_BAR_KEY] = { COLOR_BLUE, COLOR_WHITE, A_BOLD, A_REVERSE | A_BOLD },
	[ROLE_STOP] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD | A_BLINK },
	[ROLE_OK] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[ROLE_WARN] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[ROLE_BAD] = { COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[ROLE_HEADING] = { COLOR_CYAN, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[ROLE_CODE] = { COLOR_GREEN, -1, A_NORMAL, A_DIM },
	[ROLE_NOTE] = { COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
	[ROLE_WARNING] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD },
	[ROLE_SELECTED] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[ROLE_DIM] = { -1, -1, A_DIM, A_DIM },
	[ROLE_BANNER] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_REVERSE },
	[ROLE_NOZZLE] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[ROLE_BED] = { COLOR_BLUE, -1, A_BOLD, A_NORMAL },
};

void
draw_init_colours(struct tui *t)
{
	/* no-color.org: only a set, non-empty NO_COLOR turns colours off. */
	t->colour = has_colors() && (getenv("NO_COLOR") == NULL ||
	    *getenv("NO_COLOR") == '\0');
	if (!t->colour)
		return;
	start_color();
	use_default_colors();
	for (int r = 1; r < ROLE_COUNT; r++)
		init_pair((short)r, roles[r].fg, roles[r].bg);
}

int
draw_attr(struct tui *t, int role)
{
	if (role <= ROLE_NORMAL || role >= ROLE_COUNT)
		return A_NORMAL;
	if (!t->colour)
		return (int)roles[role].mono_attr;
	return (int)(COLOR_PAIR(role) | roles[role].colour_attr);
}

int
draw_textn(int y, int x, const char *s, size_t len, int width)
{
	int used;
	size_t n;

	if (width <= 0)
		return 0;
	/* Control characters would move the cursor or retitle the terminal,
	 * invalid bytes draw as anything: shown as escapes and U+FFFD. */
	if (!text_is_visible(s, len)) {
		struct buf b;

		buf_init(&b);
		buf_append_visible(&b, s, len, false);
		n = text_fit(b.data, b.len, width, &used);
		mvaddnstr(y, x, b.data, (int)n);
		buf_free(&b);
		return used;
	}
	n = text_fit(s, len, width, &used);
	mvaddnstr(y, x, s, (int)n);
	return used;
}

int
draw_text(int y, int x, const char *s, int width)
{
	return draw_textn(y, x, s, strlen(s), width);
}

void
draw_fill(int y, int x, int width, int role, struct tui *t)
{
	attr_t a = (attr_t)draw_attr(t, role);

	attron(a);
	for (int i = 0; i < width; i++)
		mvaddch(y, x + i, ' ');
	attroff(a);
}

void
draw_box(int y, int x, int h, int w)
{
	mvaddch(y, x, ACS_ULCORNER);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
}

int
draw_lines(struct tui *t, const struct text_lines *tl, size_t first, int y,
    int x, int maxrows, int role)
{
	int drawn = 0;

	for (size_t i = first; i < tl->n && drawn < maxrows; i++, drawn++) {
		const struct text_line *l = &tl->lines[i];
		int col = x;

		for (size_t r = 0; r < l->nruns; r++) {
			const struct text_run *run = &l->runs[r];
			int a = draw_attr(t, role);

			if (run->space_before)
				col++;
			if (run->style & TEXT_STRONG)
				a |= A_BOLD;
			if (run->style & TEXT_EM)
				a |= A_UNDERLINE;
			if (run->style & TEXT_CODE)
				a = draw_attr(t, ROLE_CODE);
			attron((attr_t)a);
			col += draw_textn(y + drawn, col, run->s, run->len,
			    COLS - col);
			attroff((attr_t)a);
		}
	}
	return drawn;
}

void
draw_input(struct tui *t, int y, int x, int width, const struct tui_input *in,
    bool focused)
{
	char text[1024];
	int col = x, start = 0, used = 0;

	draw_fill(y, x, width, ROLE_SELECTED, t);
	/* Keep the cursor in view: scroll the text left if needed. */
	for (int i = in->cursor - 1; i >= 0; i--) {
		int w = in->masked ? 1 : wcwidth(in->text[i]);
		if (used + (w > 0 ? w : 0) >= width - 1) {
			start = i + 1;
			break;
		}
		used += w > 0 ? w : 0;
	}
	attron((attr_t)draw_attr(t, ROLE_SELECTED));
	for (int i = start; i < in->len; i++) {
		wchar_t c = in->masked ? L'•' : in->text[i];
		int w = wcwidth(c);
		wchar_t one[2] = { c, 0 };

		if (w < 0)
			continue;
		if (col + w > x + width)
			break;
		mvaddwstr(y, col, one);
		col += w;
	}
	attroff((attr_t)draw_attr(t, ROLE_SELECTED));
	(void)text;
	if (focused) {
		int cx = x;
		for (int i = start; i < in->cursor; i++) {
			int w = in->masked ? 1 : wcwidth(in->text[i]);
			cx += w > 0 ? w : 0;
		}
		move(y, cx < x + width ? cx : x + width - 1);
		curs_set(1);
	}
}

void
draw_keybar(struct tui *t, const char *const *keys, int n)
{
	int y = t->rows - 1, x = 0;

	draw_fill(y, 0, t->cols, ROLE_BAR, t);
	/* The stop key always comes first, in the stop colours. */
	attron((attr_t)draw_attr(t, ROLE_STOP));
	x += draw_text(y, x, tui_tr(t, "key.stop"), t->cols);
	attroff((attr_t)draw_attr(t, ROLE_STOP));
	x++;
	for (int i = 0; i < n && x < t->cols; i++) {
		const char *tab = strchr(keys[i], '\t');
		size_t klen = tab ? (size_t)(tab - keys[i]) : strlen(keys[i]);
		int need = text_width(keys[i], klen) + 1 +
		    (tab ? utf8_width(tab + 1) : 0) + 1;

		if (x + need > t->cols)
			break;
		attron((attr_t)draw_attr(t, ROLE_BAR_KEY));
		x += draw_textn(y, x, keys[i], klen, t->cols - x);
		attroff((attr_t)draw_attr(t, ROLE_BAR_KEY));
		attron((attr_t)draw_attr(t, ROLE_BAR));
		if (tab != NULL)
			x += 1 + draw_text(y, x + 1, tab + 1, t->cols - x - 1);
		attroff((attr_t)draw_attr(t, ROLE_BAR));
		x++;
	}
}

void
draw_input_rows(struct tui *t, int y, int x, int width, int rows,
    const struct tui_input *in)
{
	int row = 0, col = 0, cur_row = 0, cur_col = 0, first = 0;

	if (width < 2 || rows < 1)
		return;
	/* Where the cursor falls decides which rows are in view. */
	for (int i = 0; i <= in->len; i++) {
		int w = i < in->len ? wcwidth(in->text[i]) : 0;

		if (i == in->cursor) {
			cur_row = row;
			cur_col = col;
		}
		if (w < 0)
			w = 0;
		if (col + w > width - 1) {
			row++;
			col = 0;
		}
		col += w;
	}
	if (cur_row >= rows)
		first = cur_row - rows + 1;
	for (int r = 0; r < rows; r++)
		draw_fill(y + r, x, width, ROLE_SELECTED, t);
	attron((attr_t)draw_attr(t, ROLE_SELECTED));
	row = col = 0;
	for (int i = 0; i < in->len; i++) {
		wchar_t one[2] = { in->text[i], 0 };
		int w = wcwidth(in->text[i]);

		if (w < 0)
			continue;
		if (col + w > width - 1) {
			row++;
			col = 0;
		}
		if (row >= first && row < first + rows)
			mvaddwstr(y + row - first, x + col, one);
		col += w;
	}
	attroff((attr_t)draw_attr(t, ROLE_SELECTED));
	move(y + cur_row - first, x + cur_col);
	curs_set(1);
}
