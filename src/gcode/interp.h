/*
 * interp: follows what a G-code file does to the machine's position, the
 * way the firmware does (internal to gcode/). Positions are kept both as
 * the file writes them (logical) and as the axes really are (machine):
 * G92 shifts one against the other, G28 puts the head at home and clears
 * the shift (Marlin's set_axis_is_at_home), G91/G90, M82/M83 and G20/G21
 * change how the numbers read.
 */
#ifndef LL_GCODE_INTERP_H
#define LL_GCODE_INTERP_H

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "lex.h"

enum interp_kind {
	INTERP_OTHER,
	INTERP_MOVE,		/* G0 G1 G2 G3: see the move */
	INTERP_HOME,		/* G28 */
	INTERP_SET,		/* G92 */
};

struct interp {
	bool abs_xyz;
	int e_mode;		/* 0 follows G90/G91 (Marlin), 1 M82, 2 M83 */
	double pos[4];		/* logical X Y Z E */
	double shift[4];	/* logical - machine */
	bool known[3];		/* the position of the axis is known */
	bool homed[3];
	double feed;		/* mm/s */
	double unit;		/* 1, or 25.4 after G20 */
	double home[3];
};

struct interp_move {
	double from[4], to[4];	/* logical */
	double d[4];		/* mm moved per axis, E included */
	double len;		/* path length in XYZ (arcs: the arc's) */
	bool xyz_given;		/* any of X Y Z was written */
	bool arc;		/* G2/G3 with a centre: len is the arc's */
	bool rapid;		/* G0 */
};

static inline void
interp_init(struct interp *it, const double home[3])
{
	memset(it, 0, sizeof *it);
	it->abs_xyz = true;
	it->feed = 25;		/* Marlin's start-up feed rate, 1500 mm/min */
	it->unit = 1;
	if (home != NULL)
		memcpy(it->home, home, sizeof it->home);
}

static inline bool
interp_e_relative(const struct interp *it)
{
	return it->e_mode == 0 ? !it->abs_xyz : it->e_mode == 2;
}

/* Machine coordinate of axis i now. */
static inline double
interp_machine(const struct interp *it, int i)
{
	return it->pos[i] - it->shift[i];
}

static inline enum interp_kind
interp_step(struct interp *it, const struct lex_line *l, struct interp_move *mv)
{
	static const char axes[4] = { 'X', 'Y', 'Z', 'E' };

	if (l->letter != 'G')
		return INTERP_OTHER;
	switch (l->code) {
	case 0: case 1: case 2: case 3: {
		bool rel_e = interp_e_relative(it);
		memcpy(mv->from, it->pos, sizeof mv->from);
		mv->xyz_given = false;
		mv->arc = false;
		mv->rapid = l->code == 0;
		if (LEX_HAS(l, 'F') && l->val['F' - 'A'] > 0)
			it->feed = l->val['F' - 'A'] * it->unit / 60.0;
		for (int i = 0; i < 4; i++) {
			double v;
			if (!LEX_HAS(l, axes[i]))
				continue;
			v = l->val[axes[i] - 'A'] * it->unit;
			if (i < 3) {
				mv->xyz_given = true;
				if (it->abs_xyz) {
					it->pos[i] = v;
					it->known[i] = true;
				} else
					it->pos[i] += v;
			} else
				it->pos[3] = rel_e ? it->pos[3] + v : v;
		}
		memcpy(mv->to, it->pos, sizeof mv->to);
		for (int i = 0; i < 4; i++)
			mv->d[i] = mv->to[i] - mv->from[i];
		mv->len = sqrt(mv->d[0] * mv->d[0] + mv->d[1] * mv->d[1] +
		    mv->d[2] * mv->d[2]);
		if ((l->code == 2 || l->code == 3) &&
		    (LEX_HAS(l, 'I') || LEX_HAS(l, 'J'))) {
			/* Arc length around the centre (I, J relative). */
			double cx = mv->from[0] + l->val['I' - 'A'] * it->unit;
			double cy = mv->from[1] + l->val['J' - 'A'] * it->unit;
			double r = hypot(mv->from[0] - cx, mv->from[1] - cy);
			double a0 = atan2(mv->from[1] - cy, mv->from[0] - cx);
			double a1 = atan2(mv->to[1] - cy, mv->to[0] - cx);
			double sweep = l->code == 2 ? a0 - a1 : a1 - a0;
			if (sweep <= 1e-9)
				sweep += 2 * M_PI;
			mv->len = hypot(r * sweep, mv->d[2]);
			mv->arc = true;
		}
		return INTERP_MOVE;
	}
	case 28: {
		bool all = !LEX_HAS(l, 'X') && !LEX_HAS(l, 'Y') &&
		    !LEX_HAS(l, 'Z');
		for (int i = 0; i < 3; i++) {
			if (!all && !LEX_HAS(l, axes[i]))
				continue;
			it->homed[i] = true;
			it->known[i] = true;
			it->shift[i] = 0;
			it->pos[i] = it->home[i];
		}
		return INTERP_HOME;
	}
	case 92: {
		bool any = false;
		for (int i = 0; i < 4; i++) {
			double v;
			if (!LEX_HAS(l, axes[i]))
				continue;
			any = true;
			v = l->val[axes[i] - 'A'] * it->unit;
			if (i < 3)
				it->shift[i] += v - it->pos[i];
			it->pos[i] = v;
		}
		if (!any) {
			for (int i = 0; i < 4; i++) {
				if (i < 3)
					it->shift[i] -= it->pos[i];
				it->pos[i] = 0;
			}
		}
		return INTERP_SET;
	}
	/* Marlin's set_relative_mode() also drops an M82/M83 override:
	 * the last of G90/G91 and M82/M83 decides for E. */
	case 90: it->abs_xyz = true; it->e_mode = 0; break;
	case 91: it->abs_xyz = false; it->e_mode = 0; break;
	case 20: it->unit = 25.4; break;
	case 21: it->unit = 1; break;
	default: break;
	}
	return INTERP_OTHER;
}

/* M82/M83, which interp_step leaves to the caller's M dispatch. */
static inline void
interp_m(struct interp *it, const struct lex_line *l)
{
	if (l->letter == 'M' && l->code == 82)
		it->e_mode = 1;
	else if (l->letter == 'M' && l->code == 83)
		it->e_mode = 2;
}

#endif
