#include "motion.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

/* Marlin's MINIMUM_PLANNER_SPEED (mm/s): no junction is planned slower. */
#define MIN_PLANNER_SPEED 0.05
#define MAX_LOOKAHEAD 64
#define RING 128		/* a power of two above MAX_LOOKAHEAD */

struct block {
	double len;		/* mm */
	double nominal;		/* mm/s */
	double accel;		/* mm/s² */
	double max_entry_sqr;
	double entry_sqr;
};

struct gcode_planner {
	struct gcode_motion lim;
	struct block ring[RING];
	int head, count, size;
	double elapsed;
	double entry_v;		/* block 0's entry speed, once known */
	bool have_entry;
	/* The previous move, for junction speeds. */
	bool have_prev;
	double prev_speed[4];	/* mm/s per axis */
	double prev_nominal;
	double prev_safe;
	double prev_unit[4];
};

void
gcode_motion_default(struct gcode_motion *mo)
{
	/* Marlin's example configuration for a Creality Ender-3 (stock). */
	static const double fr[4] = { 500, 500, 5, 25 };
	static const double ac[4] = { 500, 500, 100, 5000 };
	static const double jk[4] = { 10, 10, 0.3, 5 };

	memset(mo, 0, sizeof *mo);
	memcpy(mo->max_feedrate, fr, sizeof fr);
	memcpy(mo->max_accel, ac, sizeof ac);
	memcpy(mo->jerk, jk, sizeof jk);
	mo->accel = mo->retract_accel = mo->travel_accel = 500;
	mo->junction_deviation = 0.013;
	mo->junction = GCODE_JERK_MARLIN1;
	mo->lookahead = 16;
}

struct gcode_planner *
gcode_planner_new(const struct gcode_motion *limits)
{
	struct gcode_planner *p = xcalloc(1, sizeof *p);

	p->lim = *limits;
	return p;
}

void
gcode_planner_free(struct gcode_planner *p)
{
	free(p);
}

struct gcode_motion *
gcode_planner_limits(struct gcode_planner *p)
{
	return &p->lim;
}

double
gcode_planner_elapsed(const struct gcode_planner *p)
{
	return p->elapsed;
}

double
gcode_trapezoid_time(double v0, double v1, double vmax, double a, double len)
{
	double da, dd, vp;

	if (len <= 0)
		return 0;
	if (vmax <= 0)
		return 0;
	if (v0 > vmax)
		v0 = vmax;
	if (v1 > vmax)
		v1 = vmax;
	if (a <= 0)
		return len / vmax;
	da = (vmax * vmax - v0 * v0) / (2 * a);
	dd = (vmax * vmax - v1 * v1) / (2 * a);
	if (da + dd <= len)
		return (2 * vmax - v0 - v1) / a + (len - da - dd) / vmax;
	/* No cruise: accelerate to the peak that still lets it brake in time. */
	vp = sqrt((2 * a * len + v0 * v0 + v1 * v1) / 2);
	if (vp < v0)
		vp = v0;
	if (vp < v1)
		vp = v1;
	return (2 * vp - v0 - v1) / a;
}

static struct block *
at(struct gcode_planner *p, int i)
{
	return &p->ring[(p->head + i) & (RING - 1)];
}

/*
 * Marlin's recalculate(): the reverse pass raises entry speeds as far as
 * braking to a stop after the newest block allows, and ends at the first
 * block it cannot change (reverse_pass_kernel); the forward pass lowers
 * them to what accelerating from the block before allows. Block 0 is the
 * one the stepper takes next: its entry speed is fixed.
 */
static void
replan(struct gcode_planner *p)
{
	double next_sqr = MIN_PLANNER_SPEED * MIN_PLANNER_SPEED, v;
	struct block *b, *prev;
	int lo = p->count - 1;

	for (int i = p->count - 1; i >= 1; i--) {
		b = at(p, i);
		if (b->entry_sqr == b->max_entry_sqr && i < p->count - 1)
			break;
		v = next_sqr + 2 * b->accel * b->len;
		if (v > b->max_entry_sqr)
			v = b->max_entry_sqr;
		if (v == b->entry_sqr && i < p->count - 1)
			break;
		b->entry_sqr = v;
		next_sqr = v;
		lo = i;
	}
	/* Blocks before the first one changed were consistent already. */
	if (lo < 1)
		return;
	prev = at(p, lo - 1);
	for (int i = lo; i < p->count; i++) {
		b = at(p, i);
		v = prev->entry_sqr + 2 * prev->accel * prev->len;
		if (b->entry_sqr > v)
			b->entry_sqr = v;
		prev = b;
	}
}

/* The stepper takes block 0: its exit is block 1's entry (or a stop). */
static void
run_first(struct gcode_planner *p)
{
	struct block *b = at(p, 0);
	double exit_sqr = p->count > 1 ? at(p, 1)->entry_sqr :
	    MIN_PLANNER_SPEED * MIN_PLANNER_SPEED;

	double exit_v = sqrt(exit_sqr);

	/* Block 1's entry is fixed from here on: keep its root for later. */
	p->elapsed += gcode_trapezoid_time(p->have_entry ? p->entry_v :
	    sqrt(b->entry_sqr), exit_v, b->nominal, b->accel, b->len);
	p->entry_v = exit_v;
	p->have_entry = p->count > 1;
	p->head = (p->head + 1) & (RING - 1);
	p->count--;
}

void
gcode_planner_sync(struct gcode_planner *p)
{
	if (p->count > 0)
		replan(p);
	while (p->count > 0)
		run_first(p);
	/* The next move starts from a standstill. */
	p->have_prev = false;
}

void
gcode_planner_dwell(struct gcode_planner *p, double seconds)
{
	gcode_planner_sync(p);
	if (seconds > 0)
		p->elapsed += seconds;
}

double
gcode_planner_finish(struct gcode_planner *p)
{
	gcode_planner_sync(p);
	return p->elapsed;
}

/* Jerk at an axis between exit speed and entry speed, Marlin 1.1 style:
 * on a reversal the larger of the two counts, not their difference. */
static double
jerk_m1(double v_exit, double v_entry)
{
	if (v_exit > v_entry)
		return (v_entry > 0 || v_exit < 0) ? v_exit - v_entry :
		    fmax(v_exit, -v_entry);
	return (v_entry < 0 || v_exit > 0) ? v_entry - v_exit :
	    fmax(-v_exit, v_entry);
}

static double
junction_marlin1(struct gcode_planner *p, const double speed[4],
    double nominal)
{
	const double *maxj = p->lim.jerk;
	double safe = nominal, vmax, factor, v_factor = 1, v_exit, v_entry, j;
	bool limited = false, prev_larger;

	/* The speed it may start at from a standstill. */
	for (int i = 0; i < 4; i++) {
		j = fabs(speed[i]);
		if (j > maxj[i] && maxj[i] > 0) {
			if (limited) {
				if (j * safe > maxj[i] * nominal)
					safe = maxj[i] * nominal / j;
			} else {
				limited = true;
				safe = maxj[i];
			}
		}
	}
	if (safe > nominal)
		safe = nominal;
	if (!p->have_prev || p->prev_nominal <= 1e-6) {
		vmax = safe;
	} else {
		prev_larger = p->prev_nominal > nominal;
		factor = prev_larger ? nominal / p->prev_nominal :
		    p->prev_nominal / nominal;
		vmax = prev_larger ? nominal : p->prev_nominal;
		limited = false;
		for (int i = 0; i < 4; i++) {
			v_exit = p->prev_speed[i];
			v_entry = speed[i];
			if (prev_larger)
				v_exit *= factor;
			if (limited) {
				v_exit *= v_factor;
				v_entry *= v_factor;
			}
			j = jerk_m1(v_exit, v_entry);
			if (j > maxj[i] && maxj[i] > 0) {
				v_factor *= maxj[i] / j;
				limited = true;
			}
		}
		if (limited)
			vmax *= v_factor;
		/* Both sides may start from a standstill at least this fast. */
		if (p->prev_safe > vmax * 0.99 && safe > vmax * 0.99)
			vmax = safe;
	}
	p->prev_safe = safe;
	return vmax * vmax;
}

static double
junction_marlin2(struct gcode_planner *p, const double speed[4],
    double nominal)
{
	double diff[4], vmax, scale, v_factor = 1, j;

	memcpy(diff, speed, sizeof diff);
	if (!p->have_prev || p->prev_nominal <= 1e-6)
		vmax = nominal;
	else if (nominal < p->prev_nominal) {
		vmax = nominal;
		scale = vmax / p->prev_nominal;
		for (int i = 0; i < 4; i++)
			diff[i] -= p->prev_speed[i] * scale;
	} else {
		vmax = p->prev_nominal;
		scale = vmax / nominal;
		for (int i = 0; i < 4; i++)
			diff[i] = diff[i] * scale - p->prev_speed[i];
	}
	for (int i = 0; i < 4; i++) {
		j = fabs(diff[i]);
		if (j * v_factor > p->lim.jerk[i] && p->lim.jerk[i] > 0)
			v_factor = p->lim.jerk[i] / j;
	}
	vmax *= v_factor;
	return vmax * vmax;
}

static double
junction_deviation(struct gcode_planner *p, const double unit[4],
    double nominal, double accel, double len)
{
	double cos_theta = 0, ju[4], norm = 0, ja = accel, sin_d2, v_sqr;

	if (!p->have_prev || p->prev_nominal <= 1e-6)
		return MIN_PLANNER_SPEED * MIN_PLANNER_SPEED;
	for (int i = 0; i < 4; i++)
		cos_theta -= p->prev_unit[i] * unit[i];
	if (cos_theta > 0.999999)
		return MIN_PLANNER_SPEED * MIN_PLANNER_SPEED;
	for (int i = 0; i < 4; i++) {
		ju[i] = unit[i] - p->prev_unit[i];
		norm += ju[i] * ju[i];
	}
	norm = sqrt(norm);
	for (int i = 0; i < 4; i++) {
		double c = norm > 0 ? fabs(ju[i]) / norm : 0;
		if (c > 1e-9 && p->lim.max_accel[i] / c < ja)
			ja = p->lim.max_accel[i] / c;
	}
	if (cos_theta < -0.999999)
		cos_theta = -0.999999;
	sin_d2 = sqrt(0.5 * (1 - cos_theta));
	v_sqr = ja * p->lim.junction_deviation * sin_d2 / (1 - sin_d2);
	/* JD_HANDLE_SMALL_SEGMENTS: short moves around a curve. */
	if (len < 1 && cos_theta < -0.7071067812) {
		double theta = acos(-cos_theta);
		if (theta < 0.033)
			theta = 0.033;
		if (len * ja / theta < v_sqr)
			v_sqr = len * ja / theta;
	}
	if (v_sqr > nominal * nominal)
		v_sqr = nominal * nominal;
	if (v_sqr > p->prev_nominal * p->prev_nominal)
		v_sqr = p->prev_nominal * p->prev_nominal;
	return v_sqr;
}

void
gcode_planner_move(struct gcode_planner *p, const double d[4], double xyz_len,
    double feed)
{
	const struct gcode_motion *lim = &p->lim;
	double len, inv, speed[4], factor = 1, accel, unit[4], cs, min_sqr;
	bool xyz = fabs(d[0]) > 1e-9 || fabs(d[1]) > 1e-9 || fabs(d[2]) > 1e-9;
	bool e = fabs(d[3]) > 1e-9;
	struct block *b;
	int size;

	if (xyz)
		len = xyz_len >= 0 ? xyz_len : sqrt(d[0] * d[0] + d[1] * d[1] +
		    d[2] * d[2]);
	else
		len = fabs(d[3]);
	if (len < 1e-6)
		return;
	if (feed < (e ? lim->min_feedrate : lim->min_travel_feedrate))
		feed = e ? lim->min_feedrate : lim->min_travel_feedrate;
	if (feed <= 0)
		feed = 1;
	inv = feed / len;
	for (int i = 0; i < 4; i++) {
		speed[i] = d[i] * inv;
		cs = fabs(speed[i]);
		if (lim->max_feedrate[i] > 0 && cs > lim->max_feedrate[i] &&
		    lim->max_feedrate[i] / cs < factor)
			factor = lim->max_feedrate[i] / cs;
	}
	for (int i = 0; i < 4; i++)
		speed[i] *= factor;
	feed *= factor;

	accel = !xyz ? lim->retract_accel : e ? lim->accel : lim->travel_accel;
	for (int i = 0; i < 4; i++) {
		if (fabs(d[i]) > 1e-9 && lim->max_accel[i] > 0 &&
		    lim->max_accel[i] * len / fabs(d[i]) < accel)
			accel = lim->max_accel[i] * len / fabs(d[i]);
	}
	if (accel <= 0)
		accel = 1;

	size = lim->lookahead < 2 ? 2 : lim->lookahead > MAX_LOOKAHEAD ?
	    MAX_LOOKAHEAD : lim->lookahead;
	if (p->count == size) {
		replan(p);
		run_first(p);
	}
	b = at(p, p->count);
	b->len = len;
	b->nominal = feed;
	b->accel = accel;
	min_sqr = MIN_PLANNER_SPEED * MIN_PLANNER_SPEED;
	switch (lim->junction) {
	case GCODE_JERK_MARLIN2:
		b->max_entry_sqr = junction_marlin2(p, speed, feed);
		break;
	case GCODE_JUNCTION_DEVIATION: {
		double n = 0;
		for (int i = 0; i < 4; i++) {
			unit[i] = (e || i < 3) ? d[i] : 0;
			n += unit[i] * unit[i];
		}
		n = sqrt(n);
		for (int i = 0; i < 4; i++)
			unit[i] /= n;
		b->max_entry_sqr = junction_deviation(p, unit, feed, accel, len);
		memcpy(p->prev_unit, unit, sizeof unit);
		break;
	}
	default:
		b->max_entry_sqr = junction_marlin1(p, speed, feed);
		break;
	}
	if (b->max_entry_sqr < min_sqr)
		b->max_entry_sqr = min_sqr;
	/* From a standstill it starts at the speed the junction allows,
	 * if it can still brake within its length. */
	b->entry_sqr = p->count == 0 ? fmin(b->max_entry_sqr,
	    min_sqr + 2 * accel * len) : min_sqr;
	p->count++;
	memcpy(p->prev_speed, speed, sizeof speed);
	p->prev_nominal = feed;
	p->have_prev = true;
}
