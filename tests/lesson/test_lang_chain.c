/* The language fallback chains lessons and the interface share. */
#include "lesson.h"
#include "test.h"

static void
expect_chain(const char *tag, const char *want)
{
	char chain[LESSON_LANG_MAX][16], got[256] = "";
	int n = lesson_lang_chain(tag, chain, LESSON_LANG_MAX);

	for (int i = 0; i < n; i++) {
		if (i > 0)
			strcat(got, " ");
		strcat(got, chain[i]);
	}
	CHECK_STR(got, want);
}

static void
test_chains(void)
{
	expect_chain("en", "en");
	expect_chain("sl", "sl en");
	/* Never to Latin script: lint reports what sr-Cyrl lacks. */
	expect_chain("sr-Cyrl", "sr-Cyrl en");
	expect_chain("sr-Latn", "sr-Latn bs hr cnr en");
	expect_chain("sr", "sr-Latn bs hr cnr en");
	expect_chain("hr", "hr bs sr-Latn cnr en");
	expect_chain("bs", "bs hr sr-Latn cnr en");
	expect_chain("cnr", "cnr sr-Latn bs hr en");
	expect_chain("de-AT", "de-AT de en");
	expect_chain("mk", "mk en");
	expect_chain("", "en");
	expect_chain(NULL, "en");
}

static void
test_short_buffer(void)
{
	char chain[2][16];

	CHECK_INT(lesson_lang_chain("cnr", chain, 2), 2);
	CHECK_STR(chain[0], "cnr");
	CHECK_STR(chain[1], "sr-Latn");
}

int
main(void)
{
	RUN(test_chains);
	RUN(test_short_buffer);
	TEST_MAIN_END();
}
