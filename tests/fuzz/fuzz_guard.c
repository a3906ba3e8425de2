/*
 * The guard's promise, checked against the firmware's own reading: a
 * sequence of commands (one per input line) goes through the guard as a
 * streamed file would; every accepted command is framed as the host frames
 * it and run by a model of Marlin (tests/fuzz/marlin_model.c for reading,
 * the handlers below for what M104, G1, M211, M302... do with it) in each of
 * its parser builds. Property: nothing the firmware would run exceeds the
 * profile. No heater target above its limit, soft endstops and the cold
 * extrusion check stay on, a homed axis never leaves its range, no
 * extrusion before an accepted wait for the minimum temperature, no
 * single extrusion longer than the guard's limit, and nothing the printer
 * echoes reads as a reply.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "gcode.h"
#include "host.h"
#include "marlin_model.h"
#include "reply.h"

#define EPS 0.001

struct fw {
	struct mm_options o;
	bool homed[3];
	double pos[3];		/* machine coordinates */
	double offset[3];	/* logical = machine + offset */
	double e;
	bool relative, e_relative_m83;
	double assured;		/* what an M109 waited for, lowered by M104 */
	bool soft_endstops;
	bool cold_allowed;
	long min_extrude;
};

static struct host_profile prof;
static const char *current;

static void
violation(const struct fw *f, const char *what)
{
	fprintf(stderr, "guard: the firmware (parser options %d%d%d%d) would "
	    "run past the profile: %s, at '%s'\n", f->o.faster,
	    f->o.case_insensitive, f->o.quoted_strings, f->o.paren_comments,
	    what, current);
	abort();
}

static void
check_celsius(const struct fw *f, const char *vp, double max, const char *what)
{
	if (vp == NULL)
		return;
	if (mm_value_celsius_int(vp) > max + EPS ||
	    mm_value_celsius_round(vp) > max + EPS)
		violation(f, what);
}

static double
axis_value(const struct mm_cmd *m, char letter, bool *given)
{
	const char *vp = NULL;

	*given = mm_seen(m, letter, &vp) && vp != NULL;
	return *given ? mm_value_float(vp) : 0;
}

static void
run_move(struct fw *f, const struct mm_cmd *m)
{
	static const char axes[3] = { 'X', 'Y', 'Z' };
	bool given;
	double v;

	for (int i = 0; i < 3; i++) {
		v = axis_value(m, axes[i], &given);
		if (!given)
			continue;
		f->pos[i] = f->relative ? f->pos[i] + v : v - f->offset[i];
		if (f->homed[i] && (f->pos[i] < prof.axis[i].min - EPS ||
		    f->pos[i] > prof.axis[i].max + EPS))
			violation(f, "a homed axis leaves its range");
	}
	v = axis_value(m, 'E', &given);
	if (given) {
		double de = f->relative || f->e_relative_m83 ? v : v - f->e;

		if (fabs(de) > 150 + EPS)
			violation(f, "one extrusion longer than 150 mm");
		if (de != 0 && f->assured < prof.min_extrude - EPS)
			violation(f, "extrusion before the nozzle is hot");
		f->e += de;
	}
}

static void
run_axes(struct fw *f, const struct mm_cmd *m, bool home)
{
	static const char axes[3] = { 'X', 'Y', 'Z' };
	const char *vp;
	bool any = false;

	for (int i = 0; i < 3; i++)
		any |= mm_seen(m, axes[i], &vp);
	for (int i = 0; i < 3; i++) {
		if (any && !mm_seen(m, axes[i], &vp))
			continue;
		f->homed[i] = home;
		f->pos[i] = prof.axis[i].min;
		f->offset[i] = 0;
	}
}

static void
run_echo(const struct fw *f, const struct mm_cmd *m)
{
	const char *p = m->string_arg;
	bool has_e = false, has_a = false;
	char line[300];
	struct gcode_reply r;
	enum gcode_reply_kind k;

	if (p == NULL)
		p = "";
	/* M118.cpp: up to three A1, E1, Pn, then the text. */
	for (int i = 0; i < 3; i++) {
		if (!(((p[0] == 'A' || p[0] == 'E') && p[1] == '1') ||
		    (p[0] == 'P' && p[1] >= '0' && p[1] <= '9')))
			break;
		has_a |= p[0] == 'A';
		has_e |= p[0] == 'E';
		p += 2;
		while (*p == ' ')
			p++;
	}
	snprintf(line, sizeof line, "%s%s%s", has_e ? "echo:" : "",
	    has_a ? "//" : "", p);
	k = gcode_reply_parse(line, strlen(line), &r);
	if ((k != GCODE_REPLY_ECHO && k != GCODE_REPLY_OTHER &&
	    k != GCODE_REPLY_EMPTY) || r.has_temps || r.has_position ||
	    r.has_firmware)
		violation(f, "M118 prints a line that reads as a reply");
}

static void
run(struct fw *f, const char *framed)
{
	struct mm_cmd m;
	const char *vp = NULL;

	mm_read_line(framed, &f->o, &m);
	if (m.rejected || m.letter == '?')
		return;
	if (m.letter == 'G') {
		switch (m.codenum) {
		case 0: case 1: case 2: case 3:
			run_move(f, &m);
			break;
		case 28:
			run_axes(f, &m, true);
			break;
		case 90: case 91:
			f->relative = m.codenum == 91;
			break;
		case 92:
			for (int i = 0; i < 3; i++) {
				bool given;
				double v = axis_value(&m, "XYZ"[i], &given);

				if (m.subcode == 1)
					f->offset[i] = 0;
				else if (given)
					f->offset[i] = v - f->pos[i];
			}
			if (mm_seen(&m, 'E', &vp) && vp != NULL)
				f->e = mm_value_float(vp);
			break;
		}
		return;
	}
	if (m.letter != 'M')
		return;
	switch (m.codenum) {
	case 82: case 83:
		f->e_relative_m83 = m.codenum == 83;
		break;
	case 18: case 84:
		if (mm_seen(&m, 'S', &vp) || mm_seen(&m, 'E', &vp)) {
			if (!mm_seen(&m, 'X', &vp) && !mm_seen(&m, 'Y', &vp) &&
			    !mm_seen(&m, 'Z', &vp))
				break;
		}
		run_axes(f, &m, false);
		break;
	case 410:
		memset(f->homed, 0, sizeof f->homed);
		break;
	case 104: case 109: {
		const char *sv = NULL, *rv = NULL, *bv = NULL;
		bool s = mm_seen(&m, 'S', &sv) && sv != NULL;
		bool r = m.codenum == 109 && mm_seen(&m, 'R', &rv) && rv != NULL;
		long t;

		if (mm_seen(&m, 'B', &bv))
			check_celsius(f, bv, prof.max_nozzle, "AUTOTEMP target");
		if (!s && !r)
			break;
		check_celsius(f, s ? sv : rv, prof.max_nozzle, "nozzle target");
		t = mm_value_celsius_int(s ? sv : rv);
		if (m.codenum == 109 || t < f->assured)
			f->assured = t;
		break;
	}
	case 140: case 190:
		if (mm_seen(&m, 'S', &vp))
			check_celsius(f, vp, prof.max_bed, "bed target");
		if (m.codenum == 190 && mm_seen(&m, 'R', &vp))
			check_celsius(f, vp, prof.max_bed, "bed target");
		break;
	case 303: {
		long e = mm_seen(&m, 'E', &vp) && vp != NULL ? mm_value_long(vp) : 0;

		if (!mm_seen(&m, 'S', &vp) || vp == NULL)
			violation(f, "M303 heats to a preset");
		check_celsius(f, vp, e == -1 ? prof.max_bed : prof.max_nozzle,
		    "autotune target");
		if (e < -1)
			violation(f, "autotune on a heater outside the profile");
		break;
	}
	case 211:
		if (mm_seen(&m, 'S', &vp))
			f->soft_endstops = mm_value_bool(vp);
		if (!f->soft_endstops)
			violation(f, "soft endstops off");
		break;
	case 302: {
		bool s = mm_seen(&m, 'S', &vp);

		if (s) {
			long a = mm_value_celsius_int(vp);
			long b = mm_value_celsius_round(vp);

			f->min_extrude = a < b ? a : b;
			f->cold_allowed = f->min_extrude == 0;
		}
		if (mm_seen(&m, 'P', &vp))
			f->cold_allowed = f->min_extrude == 0 || mm_value_bool(vp);
		if (f->cold_allowed || f->min_extrude < prof.min_extrude)
			violation(f, "cold extrusion allowed");
		break;
	}
	case 118:
		run_echo(f, &m);
		break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct guard_state st;
	struct fw fws[MM_OPTION_SETS];
	const char *p = (const char *)data, *end = p + size;
	long lineno = 0;

	if (prof.max_nozzle == 0) {
		host_profile_init(&prof);
		strcpy(prof.id, "fuzz");
		prof.axis[0].min = 0;
		prof.axis[0].max = 220;
		prof.axis[1].min = -5;
		prof.axis[1].max = 220;
		prof.axis[2].min = 0;
		prof.axis[2].max = 250;
		prof.max_nozzle = 240;
		prof.max_bed = 100;
		prof.min_extrude = 180;
	}
	guard_state_init(&st);
	for (int k = 0; k < MM_OPTION_SETS; k++) {
		memset(&fws[k], 0, sizeof fws[k]);
		mm_options_nth(k, &fws[k].o);
		fws[k].soft_endstops = true;
		fws[k].min_extrude = (long)prof.min_extrude;
	}
	while (p < end && lineno < 200) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		char line[GCODE_MAX_LINE * 2], canon[GCODE_MAX_LINE];
		char framed[GCODE_MAX_LINE + 32];
		int fl;

		if (n < sizeof line) {
			memcpy(line, p, n);
			line[n] = '\0';
			/* A NUL inside is refused by the canonical parser; the
			 * guard's string interface stops at it. */
			if (guard_judge(&st, &prof, line, HOST_SRC_JOB, canon,
			    sizeof canon, NULL) == 0) {
				guard_apply(&st, &prof, canon);
				fl = gcode_frame(framed, sizeof framed, ++lineno,
				    canon);
				if (fl <= 0)
					abort();
				framed[fl - 1] = '\0';
				current = canon;
				for (int k = 0; k < MM_OPTION_SETS; k++)
					run(&fws[k], framed);
			}
		}
		p += n + 1;
	}
	/* The other dialects: no model, but no crash and a reason always. */
	for (int f = 0; f < 2; f++) {
		char line[GCODE_MAX_LINE * 2], canon[GCODE_MAX_LINE];
		char *why = NULL;

		guard_state_init(&st);
		st.flavour = f == 0 ? HOST_FLAVOUR_KLIPPER : HOST_FLAVOUR_RRF;
		for (p = (const char *)data; p < end;) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t n = nl != NULL ? (size_t)(nl - p) :
			    (size_t)(end - p);

			if (n < sizeof line) {
				memcpy(line, p, n);
				line[n] = '\0';
				if (guard_judge(&st, &prof, line, HOST_SRC_LESSON,
				    canon, sizeof canon, &why) == 0)
					guard_apply(&st, &prof, canon);
				else if (why == NULL)
					abort();
				free(why);
				why = NULL;
			}
			p += n + 1;
		}
	}
	return 0;
}
