/*
 * Resuming from a line: the state the file left before it, read in small
 * slices, and the plan that brings a reset printer back to it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "resume.h"
#include "test.h"

static char path[64];

static void
write_file(const char *text)
{
	FILE *f;

	snprintf(path, sizeof path, "/tmp/ll-resume-%d.gcode", (int)getpid());
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

/* Lines 1..25: heat, home, two layers; a hop and a fan on layer 2. */
static const char file[] =
    "M140 S60\n"		/* 1 */
    "M104 S200\n"
    "M190 S60\n"
    "M109 S200\n"
    "G28\n"			/* 5 */
    "G90\n"
    "M82\n"
    "G92 E0\n"
    ";LAYER_CHANGE\n"
    "G1 Z0.2 F600\n"		/* 10 */
    "G1 X50 Y50 F6000\n"
    "G1 X150 Y50 E5 F1200\n"
    "G1 X150 Y150 E10\n"
    "M106 S128\n"
    "M104 S205\n"		/* 15 */
    ";LAYER_CHANGE\n"
    "G1 E9 F2400\n"		/* retract */
    "G1 Z0.6 F600\n"		/* hop */
    "G1 X100 Y100 F6000\n"
    "G1 Z0.4\n"			/* 20: down to layer 2 */
    "G1 E10 F2400\n"
    "G1 X150 Y100 E12.5 F1200\n"
    "G1 Z0.8 F600\n"		/* hop again, layer 2 still printing */
    "G1 X100 Y150 F6000\n"
    "M107\n";			/* 25 */

static const struct gcode_resume_state *
read_to(struct gcode_resume_reader **rd, long line)
{
	char *cause = NULL;
	int rc, steps = 0;

	*rd = gcode_resume_open(path, line, &cause);
	CHECK(*rd != NULL);
	if (*rd == NULL)
		return NULL;
	/* 40 bytes at a time: the state must not depend on the slices. */
	while ((rc = gcode_resume_step(*rd, 40, &cause)) == 1)
		steps++;
	CHECK_INT(rc, 0);
	CHECK(steps >= 1);
	return gcode_resume_result(*rd);
}

static void
test_state(void)
{
	struct gcode_resume_reader *rd;
	const struct gcode_resume_state *st = read_to(&rd, 24);

	CHECK_INT(st->lineno, 24);
	CHECK(st->printed);
	/* The head is hopped to 0.8 but the last extrusion was at 0.4. */
	CHECK_NEAR(st->layer_z, 0.4, 1e-9);
	CHECK_NEAR(st->pos[0], 150, 1e-9);
	CHECK_NEAR(st->pos[1], 100, 1e-9);
	CHECK_NEAR(st->pos[2], 0.8, 1e-9);
	CHECK_NEAR(st->pos[3], 12.5, 1e-9);
	CHECK_NEAR(st->nozzle, 205, 1e-9);
	CHECK_NEAR(st->bed, 60, 1e-9);
	CHECK_INT(st->fan, 128);
	CHECK(st->abs_xyz && st->abs_e);
	CHECK_NEAR(st->feed_mm_min, 600, 1e-9);
	gcode_resume_free(rd);

	/* Line 25 itself (M107) has not run: the fan is still on. */
	st = read_to(&rd, 25);
	CHECK_INT(st->fan, 128);
	CHECK_NEAR(st->pos[1], 150, 1e-9);
	gcode_resume_free(rd);
}

static void
test_plan(void)
{
	struct gcode_resume_reader *rd;
	const struct gcode_resume_state *st = read_to(&rd, 24);
	struct gcode_resume_machine m = { 250, 2, false, 0 };
	struct gcode_resume_step plan[GCODE_RESUME_MAX_STEPS];
	struct buf b;
	char *cause = NULL;
	int n = gcode_resume_plan(st, &m, plan, GCODE_RESUME_MAX_STEPS,
	    &cause);

	buf_init(&b);
	for (int i = 0; i < n; i++)
		buf_appendf(&b, "%s%s\n", plan[i].cmd, plan[i].declares_z ?
		    " <" : "");
	/* Heat before any move, Z declared at the printed height, lifted,
	 * X and Y homed (never Z), back, down to the hop, then the modes. */
	CHECK_STR(b.data,
	    "M140 S60\n"
	    "M104 S205\n"
	    "M190 S60\n"
	    "M109 S205\n"
	    "G90\n"
	    "G92 Z0.400 <\n"
	    "G1 Z2.400 F600\n"
	    "G28 X Y\n"
	    "G1 X150.000 Y100.000 F3000\n"
	    "G1 Z0.800 F600\n"
	    "M106 S128\n"
	    "M82\n"
	    "G92 E12.50000\n"
	    "G1 F600\n");

	/* A profile's purge primes at the homed X/Y, in relative extrusion,
	 * before the nozzle goes back; the file's own modes come after. */
	m.purge = 20;
	n = gcode_resume_plan(st, &m, plan, GCODE_RESUME_MAX_STEPS, &cause);
	buf_reset(&b);
	for (int i = 0; i < n; i++)
		buf_appendf(&b, "%s\n", plan[i].cmd);
	CHECK(strstr(b.data, "G28 X Y\nM83\nG1 E20.00 F120\n"
	    "G1 X150.000 Y100.000 F3000\n") != NULL);
	CHECK(strstr(b.data, "M82\nG92 E12.50000\n") != NULL);
	m.purge = 0;
	buf_free(&b);
	gcode_resume_free(rd);

	/* Near the top of the travel the lift stops at the axis' end. */
	st = read_to(&rd, 24);
	m.z_max = 1.5;
	n = gcode_resume_plan(st, &m, plan, GCODE_RESUME_MAX_STEPS, &cause);
	CHECK_STR(plan[6].cmd, "G1 Z1.500 F600");
	gcode_resume_free(rd);

	/* Before anything was printed there is nothing to resume. */
	st = read_to(&rd, 11);
	CHECK(!st->printed);
	n = gcode_resume_plan(st, &m, plan, GCODE_RESUME_MAX_STEPS, &cause);
	CHECK_INT(n, -1);
	CHECK(cause != NULL && strstr(cause, "nothing was printed before "
	    "line 11") != NULL);
	free(cause);
	cause = NULL;
	gcode_resume_free(rd);
}

static void
test_relative_and_errors(void)
{
	struct gcode_resume_reader *rd;
	const struct gcode_resume_state *st;
	struct gcode_resume_machine m = { 0, 5, false, 0 };
	struct gcode_resume_step plan[GCODE_RESUME_MAX_STEPS];
	char *cause = NULL;
	int n;

	write_file("G28\nM104 S210\nM109 S210\nG92 E0\nM83\nG1 Z0.3 F900\n"
	    "G1 X10 Y10 E1 F1500\nG91\nG1 X5 E0.5\nG1 X5 E0.5\n");
	st = read_to(&rd, 10);
	CHECK(!st->abs_xyz && !st->abs_e);
	CHECK_NEAR(st->pos[0], 15, 1e-9);
	n = gcode_resume_plan(st, &m, plan, GCODE_RESUME_MAX_STEPS, &cause);
	CHECK(n > 4);
	/* No bed heating when the file set none; relative modes last. */
	CHECK_STR(plan[0].cmd, "M104 S210");
	CHECK_STR(plan[n - 3].cmd, "G91");
	CHECK_STR(plan[n - 2].cmd, "M83");
	CHECK_STR(plan[n - 1].cmd, "G1 F1500");
	gcode_resume_free(rd);

	rd = gcode_resume_open(path, 12, &cause);
	CHECK(rd != NULL);
	while ((n = gcode_resume_step(rd, 1 << 20, &cause)) == 1)
		;
	CHECK_INT(n, -1);
	CHECK(cause != NULL && strstr(cause, "line 12 is past the end of the "
	    "file (10 lines)") != NULL);
	free(cause);
	gcode_resume_free(rd);
}

static long
count_lines(const char *text)
{
	long n = 0;

	for (; *text != '\0'; text++)
		n += *text == '\n';
	return n;
}

/* The plan's commands, one per line. */
static char *
plan_text(const struct gcode_resume_state *st,
    const struct gcode_resume_machine *m)
{
	struct gcode_resume_step plan[GCODE_RESUME_MAX_STEPS];
	struct buf b;
	char *cause = NULL;
	int n = gcode_resume_plan(st, m, plan, GCODE_RESUME_MAX_STEPS, &cause);

	CHECK(n > 0);
	buf_init(&b);
	buf_append_str(&b, "");
	for (int i = 0; i < n; i++)
		buf_appendf(&b, "%s\n", plan[i].cmd);
	free(cause);
	return b.data;
}

/* Levelling: on after G29 or M420 S1, off after M420 S0, untouched by a
 * dry run; the plan turns it on before Z is declared (as Marlin's own
 * recovery does), only where the firmware keeps a mesh for M420. */
static void
test_leveling(void)
{
	static const char *const cases[][2] = {
		{ "G28\nG29\n", "M420 S1\nG92 Z0.200" },
		{ "G28\nM420 S1 Z10\n", "M420 S1 Z10.00\nG92 Z0.200" },
		{ "G28\nG29\nM420 S0\n", "G90\nG92 Z0.200" },
		{ "G28\nG29 D\n", "G90\nG92 Z0.200" },
		{ "G28\n", "G90\nG92 Z0.200" },
	};
	struct gcode_resume_machine marlin = { 250, 2, true, 0 }, other = { 250,
	    2, false, 0 };

	for (size_t i = 0; i < LL_ARRAY_LEN(cases); i++) {
		struct gcode_resume_reader *rd;
		const struct gcode_resume_state *st;
		char text[512], *plan;

		snprintf(text, sizeof text, "M140 S60\nM104 S200\n%sG90\n"
		    "G1 Z0.2 F600\nG1 X50 Y50\nG1 X60 Y50 E1\nG1 X70 Y50 E2\n",
		    cases[i][0]);
		write_file(text);
		/* Before the last line: one extruding move has run. */
		st = read_to(&rd, count_lines(text));
		plan = plan_text(st, &marlin);
		if (strstr(plan, cases[i][1]) == NULL) {
			fprintf(stderr, "case %zu: no '%s' in:\n%s", i,
			    cases[i][1], plan);
			CHECK(false);
		}
		free(plan);
		plan = plan_text(st, &other);
		CHECK(strstr(plan, "M420") == NULL);
		free(plan);
		gcode_resume_free(rd);
	}
	write_file(file);
}

int
main(void)
{
	write_file(file);
	RUN(test_state);
	RUN(test_plan);
	RUN(test_relative_and_errors);
	RUN(test_leveling);
	unlink(path);
	TEST_MAIN_END();
}
