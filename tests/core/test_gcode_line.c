#include "gcode.h"
#include "test.h"

static void
test_frame(void)
{
	char out[GCODE_MAX_LINE];

	/* The example from Marlin's documentation. */
	CHECK_INT(gcode_frame(out, sizeof out, 0, "M110 N0"), 15);
	CHECK_STR(out, "N0 M110 N0*125\n");
	CHECK_INT(gcode_frame(out, 8, 0, "M110 N0"), -1);
}

static void
test_strip(void)
{
	char out[64];

	CHECK_INT(gcode_strip("G1 X10 ; move\r\n", 15, out, sizeof out), 6);
	CHECK_STR(out, "G1 X10");
	CHECK_INT(gcode_strip(";LAYER:1", 8, out, sizeof out), 0);
	CHECK_INT(gcode_strip("   \n", 4, out, sizeof out), 0);
	const char *q = "M862.3 P \"MK3;S\" ; model";
	CHECK(gcode_strip(q, strlen(q), out, sizeof out) > 0);
	CHECK_STR(out, "M862.3 P \"MK3;S\"");
	CHECK_INT(gcode_strip("G1 X1000000", 11, out, 5), -1);
}

static void
test_unframe(void)
{
	const char *cmd;
	size_t len;
	long n = -1;
	const char *good = "N0 M110 N0*125";

	CHECK_INT(gcode_unframe(good, strlen(good), &n, &cmd, &len), GCODE_FRAMED);
	CHECK_INT(n, 0);
	CHECK_INT(len, 7);
	CHECK(strncmp(cmd, "M110 N0", len) == 0);
	CHECK_INT(gcode_unframe("N0 M110 N0*124", 14, &n, &cmd, &len), GCODE_BAD_CHECKSUM);
	CHECK_INT(gcode_unframe("N5 G28", 6, &n, &cmd, &len), GCODE_NO_CHECKSUM);
	CHECK_INT(gcode_unframe("G28", 3, &n, &cmd, &len), GCODE_PLAIN);
	CHECK_INT(gcode_unframe("Nx G28*1", 8, &n, &cmd, &len), GCODE_MALFORMED);
}

/* A log of what was sent holds each command once, as the firmware runs it. */
static void
test_sent_once(void)
{
	const char *cmd;
	size_t len;
	long last = 0;
	char line[64];

	gcode_frame(line, sizeof line, 12, "M104 S0");
	line[strcspn(line, "\n")] = '\0';
	CHECK(gcode_sent_once(line, &last, &cmd, &len));
	CHECK(strncmp(cmd, "M104 S0", len) == 0 && len == 7);
	CHECK_INT(last, 12);
	/* Written again after a Resend: not a second command. */
	CHECK(!gcode_sent_once(line, &last, &cmd, &len));
	CHECK(gcode_sent_once("M112", &last, &cmd, &len));
	CHECK(!gcode_sent_once("N13 G28*1", &last, &cmd, &len));
	/* M110 renumbers: the next line is N1 again. */
	gcode_frame(line, sizeof line, 13, "M110 N0");
	line[strcspn(line, "\n")] = '\0';
	CHECK(gcode_sent_once(line, &last, &cmd, &len));
	CHECK_INT(last, 0);
	gcode_frame(line, sizeof line, 1, "M140 S0");
	line[strcspn(line, "\n")] = '\0';
	CHECK(gcode_sent_once(line, &last, &cmd, &len));
	/* A number no line carries is not taken (nor cast). */
	CHECK(gcode_sent_once("M110 N1e30", &last, &cmd, &len));
	CHECK_INT(last, 1);
}

static void
test_parse(void)
{
	struct gcode_cmd c;
	const char *s = "G1 X10.5 Y-2 E0.1 F1200";

	CHECK(gcode_parse(s, strlen(s), &c));
	CHECK(gcode_is(&c, 'G', 1));
	CHECK_INT(c.nparams, 4);
	CHECK_NEAR(gcode_value(&c, 'X', 0), 10.5, 1e-9);
	CHECK_NEAR(gcode_value(&c, 'Y', 0), -2, 1e-9);
	CHECK_NEAR(gcode_value(&c, 'Z', 7), 7, 1e-9);
	s = "M862.3 P \"MK3S\"";
	CHECK(gcode_parse(s, strlen(s), &c));
	CHECK_INT(c.code, 862);
	CHECK_INT(c.subcode, 3);
	CHECK(!gcode_parse("; x", 3, &c));
	CHECK(!gcode_parse("G", 1, &c));
}

int
main(void)
{
	RUN(test_frame);
	RUN(test_strip);
	RUN(test_unframe);
	RUN(test_sent_once);
	RUN(test_parse);
	TEST_MAIN_END();
}
