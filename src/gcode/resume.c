#include "resume.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core.h"
#include "interp.h"
#include "stream.h"

struct gcode_resume_reader {
	struct gcode_reader *r;
	char *path;
	long target;
	uint64_t size, offset;
	long lines;		/* read so far */
	struct interp it;
	struct gcode_resume_state st;
	bool done;
};

struct gcode_resume_reader *
gcode_resume_open(const char *path, long lineno, char **cause)
{
	struct gcode_resume_reader *rr;
	struct gcode_reader *r;
	struct stat sb;

	if (lineno < 1) {
		set_cause(cause, "%s: no line %ld to resume from", path, lineno);
		return NULL;
	}
	if ((r = gcode_reader_open(path, cause)) == NULL)
		return NULL;
	rr = xcalloc(1, sizeof *rr);
	rr->r = r;
	rr->path = xstrdup(path);
	rr->target = lineno;
	rr->size = stat(path, &sb) == 0 ? (uint64_t)sb.st_size : 0;
	interp_init(&rr->it, NULL);
	rr->st.lineno = lineno;
	rr->st.abs_xyz = true;
	rr->st.abs_e = true;
	return rr;
}

void
gcode_resume_free(struct gcode_resume_reader *r)
{
	if (r == NULL)
		return;
	gcode_reader_free(r->r);
	free(r->path);
	free(r);
}

static void
resume_m(struct gcode_resume_state *st, const struct lex_line *l)
{
	/* M109 R waits for cooling too: R is then the target. */
	double s = LEX_HAS(l, 'S') ? l->val['S' - 'A'] :
	    LEX_HAS(l, 'R') ? l->val['R' - 'A'] : -1;

	switch (l->code) {
	case 104:
	case 109:
		/* T1..: another hotend, which this printer does not have. */
		if (s >= 0 && (!LEX_HAS(l, 'T') || l->val['T' - 'A'] == 0))
			st->nozzle = s;
		break;
	case 140:
	case 190:
		if (s >= 0)
			st->bed = s;
		break;
	case 106:
		if (LEX_HAS(l, 'P') && l->val['P' - 'A'] != 0)
			break;
		/* Marlin: M106 without S runs the fan at full speed. */
		st->fan = LEX_HAS(l, 'S') ? (int)fmin(fmax(l->val['S' - 'A'],
		    0), 255) : 255;
		break;
	case 107:
		if (!LEX_HAS(l, 'P') || l->val['P' - 'A'] == 0)
			st->fan = 0;
		break;
	case 420:
		if (LEX_HAS(l, 'S'))
			st->leveling = l->val['S' - 'A'] != 0;
		if (LEX_HAS(l, 'Z'))
			st->fade_z = l->val['Z' - 'A'];
		break;
	}
}

static void
resume_line(struct gcode_resume_reader *rr, const struct gcode_line *gl)
{
	struct gcode_resume_state *st = &rr->st;
	struct interp_move mv;
	struct lex_line l;

	if (!lex_line(gl->cmd, gl->cmdlen, &l))
		return;
	if (l.letter == 'M') {
		interp_m(&rr->it, &l);
		resume_m(st, &l);
		return;
	}
	/* Marlin's G29 ends "Auto Bed Leveling is complete! Enable if
	 * possible." with levelling on; a dry run (D) or a query (Q) leaves
	 * it as it was. */
	if (l.letter == 'G' && l.code == 29 && !LEX_HAS(&l, 'D') &&
	    !LEX_HAS(&l, 'Q'))
		st->leveling = true;
	if (interp_step(&rr->it, &l, &mv) != INTERP_MOVE)
		return;
	if (LEX_HAS(&l, 'F') && l.val['F' - 'A'] > 0)
		st->feed_mm_min = l.val['F' - 'A'] * rr->it.unit;
	/* Printing: the nozzle lays plastic while the head moves. */
	if (mv.d[3] > 0 && (mv.d[0] != 0 || mv.d[1] != 0)) {
		st->printed = true;
		st->layer_z = mv.to[2];
	}
}

int
gcode_resume_step(struct gcode_resume_reader *rr, size_t max_bytes,
    char **cause)
{
	struct gcode_resume_state *st = &rr->st;
	struct gcode_line gl;
	uint64_t start = rr->offset;
	int rc;

	if (rr->done)
		return 0;
	for (;;) {
		if (rr->offset - start >= max_bytes)
			return 1;
		rc = gcode_reader_next(rr->r, &gl, cause);
		if (rc == -1)
			return -1;
		if (rc == 0) {
			/* Resuming after the last line leaves nothing to send. */
			set_cause(cause, "%s: line %ld is past the end of the "
			    "file (%ld lines)", rr->path, rr->target,
			    rr->lines);
			return -1;
		}
		rr->lines = gl.lineno;
		if (gl.lineno >= rr->target)
			break;
		rr->offset = gl.end;
		if (gl.cmdlen > 0)
			resume_line(rr, &gl);
	}
	for (int i = 0; i < 3; i++) {
		st->known[i] = rr->it.known[i];
		st->shift[i] = rr->it.shift[i];
	}
	memcpy(st->pos, rr->it.pos, sizeof st->pos);
	st->abs_xyz = rr->it.abs_xyz;
	st->abs_e = !interp_e_relative(&rr->it);
	rr->done = true;
	return 0;
}

double
gcode_resume_progress(const struct gcode_resume_reader *r)
{
	if (r->done)
		return 1;
	return r->size > 0 ? (double)r->offset / (double)r->size : 0;
}

const struct gcode_resume_state *
gcode_resume_result(const struct gcode_resume_reader *r)
{
	return r->done ? &r->st : NULL;
}

/* ---- The plan ---- */

/* Nozzle moves: travel like Marlin's recovery (G1 F3000 X Y), Z gently. */
#define RESUME_FEED_XY 3000
#define RESUME_FEED_Z 600
/*
 * The prime, gently, at Prusa-Firmware's pace (power_panic.cpp: "G1 E5
 * F120"): Marlin's recovery pushes it at F3000, 50 mm/s of filament, more
 * than any common hot end melts.
 */
#define RESUME_FEED_PURGE 120

static void
plan_add(struct gcode_resume_step *steps, int max, int *n, bool declares_z,
    const char *why, const char *fmt, ...) LL_PRINTF(6, 7);

static void
plan_add(struct gcode_resume_step *steps, int max, int *n, bool declares_z,
    const char *why, const char *fmt, ...)
{
	va_list ap;

	if (*n >= max)
		return;
	va_start(ap, fmt);
	vsnprintf(steps[*n].cmd, sizeof steps[*n].cmd, fmt, ap);
	va_end(ap);
	steps[*n].why = why;
	steps[*n].declares_z = declares_z;
	steps[*n].may_fail = false;
	(*n)++;
}

int
gcode_resume_plan(const struct gcode_resume_state *st,
    const struct gcode_resume_machine *m, struct gcode_resume_step *steps,
    int max, char **cause)
{
	double lifted, mx, my;
	int n = 0;

	if (!st->printed) {
		set_cause(cause, "nothing was printed before line %ld: start "
		    "the print again from the beginning", st->lineno);
		return -1;
	}
	if (!st->known[0] || !st->known[1] || !st->known[2]) {
		set_cause(cause, "the file had not placed the head on every axis "
		    "by line %ld, so there is nowhere to return to",
		    st->lineno);
		return -1;
	}
	/* Heat first, with the nozzle where it stopped: cold plastic holds
	 * it, and Marlin and Prusa both heat before the first move. Both
	 * heaters start together; the waits follow, bed first. */
	if (st->bed > 0)
		plan_add(steps, max, &n, false, "bed heating",
		    "M140 S%.0f", st->bed);
	if (st->nozzle > 0)
		plan_add(steps, max, &n, false, "nozzle heating",
		    "M104 S%.0f", st->nozzle);
	if (st->bed > 0)
		plan_add(steps, max, &n, false, "waiting for the bed",
		    "M190 S%.0f", st->bed);
	if (st->nozzle > 0)
		plan_add(steps, max, &n, false, "waiting for the nozzle",
		    "M109 S%.0f", st->nozzle);
	plan_add(steps, max, &n, false, "absolute positions", "G90");
	/* Marlin's own recovery (PrintJobRecovery::resume) turns levelling
	 * on before its G92 Z, so that declaring Z applies no correction;
	 * the mesh is the one the printer stored (M500). Without one the
	 * firmware refuses, and so does the resume. */
	if (st->leveling && m->mesh_on_m420 && n < max) {
		if (st->fade_z > 0)
			plan_add(steps, max, &n, false, "bed levelling on (the "
			    "stored mesh)", "M420 S1 Z%.2f", st->fade_z);
		else
			plan_add(steps, max, &n, false, "bed levelling on (the "
			    "stored mesh)", "M420 S1");
		/* The mesh a file measured with G29 is lost at a reset unless
		 * it was stored: above the fade height, or on a flat bed, the
		 * print goes on well without; Marlin's recovery goes on too. */
		steps[n - 1].may_fail = true;
	}
	/* The nozzle rests on the last layer printed: that is its height.
	 * A lower figure than the truth only prints a little high; this
	 * one is never above it, since layers only rise. */
	plan_add(steps, max, &n, true, "Z is the last printed layer's height",
	    "G92 Z%.3f", st->layer_z);
	lifted = st->layer_z + m->lift;
	if (m->z_max > 0 && lifted - st->shift[2] > m->z_max)
		lifted = m->z_max + st->shift[2];
	if (lifted > st->layer_z)
		plan_add(steps, max, &n, false, "lifting the nozzle off the part",
		    "G1 Z%.3f F%d", lifted, RESUME_FEED_Z);
	plan_add(steps, max, &n, false, "homing X and Y (never Z)", "G28 X Y");
	if (m->purge > 0) {
		/* The modes after it say how the file extrudes. */
		plan_add(steps, max, &n, false, "relative extrusion for the "
		    "prime", "M83");
		plan_add(steps, max, &n, false, "priming the nozzle (it oozed "
		    "while it waited)", "G1 E%.2f F%d", m->purge,
		    RESUME_FEED_PURGE);
	}
	/* After homing X and Y the printer's X and Y are the machine's; the
	 * file may have shifted them with its own G92. */
	mx = st->pos[0] - st->shift[0];
	my = st->pos[1] - st->shift[1];
	plan_add(steps, max, &n, false, "back over the part",
	    "G1 X%.3f Y%.3f F%d", mx, my, RESUME_FEED_XY);
	if (st->shift[0] != 0 || st->shift[1] != 0)
		plan_add(steps, max, &n, false, "the file's own X and Y "
		    "offsets", "G92 X%.3f Y%.3f", st->pos[0], st->pos[1]);
	plan_add(steps, max, &n, false, "down to the print",
	    "G1 Z%.3f F%d", st->pos[2], RESUME_FEED_Z);
	if (st->fan > 0)
		plan_add(steps, max, &n, false, "part fan", "M106 S%d",
		    st->fan);
	else
		plan_add(steps, max, &n, false, "part fan", "M107");
	/* Marlin's G90/G91 also drop an M82/M83 (set_relative_mode()): the
	 * XYZ mode goes first, the E mode after it. */
	if (!st->abs_xyz)
		plan_add(steps, max, &n, false, "relative positions", "G91");
	if (st->abs_e) {
		plan_add(steps, max, &n, false, "absolute extrusion", "M82");
		plan_add(steps, max, &n, false, "the extruder's position",
		    "G92 E%.5f", st->pos[3]);
	} else
		plan_add(steps, max, &n, false, "relative extrusion", "M83");
	if (st->feed_mm_min > 0)
		plan_add(steps, max, &n, false, "the print's feed rate",
		    "G1 F%.0f", st->feed_mm_min);
	return n;
}
