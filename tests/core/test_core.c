#include <locale.h>
#include <stdlib.h>

#include "core.h"
#include "test.h"

static void
test_buf(void)
{
	struct buf b;

	buf_init(&b);
	buf_append_str(&b, "hello");
	buf_appendf(&b, " %d", 42);
	CHECK_STR(b.data, "hello 42");
	buf_consume(&b, 6);
	CHECK_STR(b.data, "42");
	CHECK_INT(b.len, 2);
	buf_consume(&b, 10);
	CHECK_INT(b.len, 0);
	CHECK_STR(b.data, "");
	buf_free(&b);
}

static void
test_utf8(void)
{
	uint32_t cp;

	CHECK(utf8_valid("čšž ђћџ Εκπαίδευση", strlen("čšž ђћџ Εκπαίδευση")));
	CHECK(!utf8_valid("\xff", 1));
	CHECK(!utf8_valid("\xc0\x80", 2));	/* overlong NUL */
	CHECK(!utf8_valid("\xed\xa0\x80", 3));	/* surrogate */
	CHECK_INT(utf8_decode("č", 2, &cp), 2);
	CHECK_INT(cp, 0x10D);
	CHECK_INT(utf8_width("čšž"), 3);
}

static void
test_paths(void)
{
	char *d;

	setenv("XDG_DATA_HOME", "/tmp/x", 1);
	d = paths_data_dir();
	CHECK_STR(d, "/tmp/x/layerlab");
	free(d);
	setenv("XDG_DATA_HOME", "relative", 1);
	setenv("HOME", "/home/t", 1);
	d = paths_data_dir();
	CHECK_STR(d, "/home/t/.local/share/layerlab");
	free(d);
}

static void
test_trim(void)
{
	char s[] = "  a b \t\n";

	CHECK_STR(str_trim(s), "a b");
	CHECK(str_starts_with("Resend: 4", "Resend:"));
	CHECK(str_ends_with("file.gcode", ".gcode"));
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	RUN(test_buf);
	RUN(test_utf8);
	RUN(test_paths);
	RUN(test_trim);
	TEST_MAIN_END();
}
