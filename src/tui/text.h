/*
 * Text layout for the screens, with no curses inside so it can be tested:
 * inline markup (**strong**, *emphasis*, `code`) is parsed into styled runs
 * and wrapped on word boundaries by display width (wcwidth), so Cyrillic,
 * Greek and accented Latin text wrap as they look, not as they are stored.
 */
#ifndef LL_TUI_TEXT_H
#define LL_TUI_TEXT_H

#include <stdbool.h>
#include <stddef.h>

enum text_style {
	TEXT_PLAIN = 0,
	TEXT_STRONG = 1,
	TEXT_EM = 2,
	TEXT_CODE = 4,
};

struct text_run {
	const char *s;		/* UTF-8, not NUL-terminated */
	size_t len;
	int style;		/* enum text_style bits */
	int width;		/* display columns of the run itself */
	int space_before;	/* draw one blank column before the run */
};

struct text_line {
	struct text_run *runs;
	size_t nruns;
	int width;		/* columns, spaces included */
};

struct text_lines {
	struct text_line *lines;
	size_t n;
	char *storage;		/* the runs point into this */
	struct text_run *run_pool;
};

/*
 * Wraps text into lines of at most width columns. markup false keeps '*'
 * and '`' as they are (for code and figures, which are never re-flowed:
 * with markup false and width <= 0 lines are only split at newlines).
 */
void text_wrap(const char *text, int width, int markup, struct text_lines *out);
void text_lines_free(struct text_lines *tl);

/*
 * The longest prefix of s (len bytes) that fits in width columns; returns
 * its length in bytes and stores its width in *used.
 */
size_t text_fit(const char *s, size_t len, int width, int *used);

/*
 * A table as preformatted lines with box-drawing rules, at most width
 * columns wide where that is possible: columns narrow from the widest and
 * every cell wraps within its column, so nothing is cut. cells has nrows *
 * ncols entries, row by row (the header first when has_header). Returns a
 * malloc'd string, lines separated by newlines.
 */
#define TEXT_TABLE_MAX_COLS 16
char *text_table(const char *const *cells, size_t nrows, size_t ncols,
    bool has_header, int width);

/*
 * A translation with {1}..{4} replaced by args[0..3] (NULL: ""), into out
 * (size n, always terminated).
 */
/* "3 min", "26 h": an age in symbols every language reads; "?" when < 0. */
void text_age(long long seconds, char *out, size_t n);
void text_fill(char *out, size_t n, const char *tmpl,
    const char *const args[4]);

/* Display width of len bytes of UTF-8. */
int text_width(const char *s, size_t len);

#endif
