#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "test.h"

/* Renders a wrapped line back to plain text (spaces included). */
static char *
line_text(const struct text_line *l)
{
	static char out[512];
	size_t n = 0;

	for (size_t i = 0; i < l->nruns; i++) {
		if (l->runs[i].space_before)
			out[n++] = ' ';
		memcpy(out + n, l->runs[i].s, l->runs[i].len);
		n += l->runs[i].len;
	}
	out[n] = '\0';
	return out;
}

static void
test_wrap_words(void)
{
	struct text_lines tl;

	text_wrap("the quick brown fox jumps", 10, 1, &tl);
	CHECK_INT(tl.n, 3);
	CHECK_STR(line_text(&tl.lines[0]), "the quick");
	CHECK_STR(line_text(&tl.lines[1]), "brown fox");
	CHECK_STR(line_text(&tl.lines[2]), "jumps");
	for (size_t i = 0; i < tl.n; i++)
		CHECK(tl.lines[i].width <= 10);
	text_lines_free(&tl);
}

static void
test_wrap_utf8_width(void)
{
	struct text_lines tl;

	/* 9 columns each, more bytes than columns. */
	text_wrap("Εκπαίδευση čšžćđ ђћџљњ", 10, 1, &tl);
	CHECK_INT(tl.n, 3);
	CHECK_STR(line_text(&tl.lines[0]), "Εκπαίδευση");
	CHECK_INT(tl.lines[0].width, 10);
	CHECK_STR(line_text(&tl.lines[1]), "čšžćđ");
	CHECK_STR(line_text(&tl.lines[2]), "ђћџљњ");
	text_lines_free(&tl);
}

static void
test_markup(void)
{
	struct text_lines tl;

	text_wrap("a **hot** *nozzle* `M104`", 80, 1, &tl);
	CHECK_INT(tl.n, 1);
	CHECK_STR(line_text(&tl.lines[0]), "a hot nozzle M104");
	CHECK_INT(tl.lines[0].nruns, 4);
	CHECK_INT(tl.lines[0].runs[1].style, TEXT_STRONG);
	CHECK_INT(tl.lines[0].runs[2].style, TEXT_EM);
	CHECK_INT(tl.lines[0].runs[3].style, TEXT_CODE);
	CHECK_INT(tl.lines[0].width, 17);
	text_lines_free(&tl);
}

static void
test_long_word_and_newlines(void)
{
	struct text_lines tl;

	text_wrap("abcdefghijkl\nxy", 5, 1, &tl);
	CHECK_INT(tl.n, 4);
	CHECK_STR(line_text(&tl.lines[0]), "abcde");
	CHECK_STR(line_text(&tl.lines[1]), "fghij");
	CHECK_STR(line_text(&tl.lines[2]), "kl");
	CHECK_STR(line_text(&tl.lines[3]), "xy");
	text_lines_free(&tl);

	text_wrap("  a  *b\n\n c", 3, 0, &tl);
	CHECK_INT(tl.n, 3);
	CHECK_STR(line_text(&tl.lines[0]), "  a  *b");
	CHECK_STR(line_text(&tl.lines[1]), "");
	CHECK_STR(line_text(&tl.lines[2]), " c");
	text_lines_free(&tl);
}

/* Every line of a table fits, and every word of every cell is there. */
static void
test_table_wraps(void)
{
	static const char *const cells[] = {
		"Stop", "What it does", "Use it when",
		"Panic key in layerlab",
		"sends M112: motors and heaters stop at once; the printer needs a reset",
		"anything goes wrong right now: a crash, smoke, a hand in the machine",
		"Power switch", "cuts all power", "smoke or fire",
	};
	static const int widths[] = { 116, 76, 36 };

	for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
		char *t = text_table(cells, 3, 3, true, widths[i]);
		char *copy = strdup(t), *save = NULL;
		int lines = 0;

		for (char *l = strtok_r(copy, "\n", &save); l != NULL;
		    l = strtok_r(NULL, "\n", &save)) {
			CHECK(text_width(l, strlen(l)) <= widths[i]);
			lines++;
		}
		CHECK(strstr(t, "…") == NULL);
		CHECK(strstr(t, "reset") != NULL);
		CHECK(strstr(t, "machine") != NULL);
		CHECK(strstr(t, "├") != NULL);
		/* Narrower means more lines, never a cut. */
		CHECK(lines >= (i == 0 ? 4 : 6));
		free(copy);
		free(t);
	}
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	RUN(test_wrap_words);
	RUN(test_wrap_utf8_width);
	RUN(test_markup);
	RUN(test_long_word_and_newlines);
	RUN(test_table_wraps);
	TEST_MAIN_END();
}
