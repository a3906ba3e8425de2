#include "stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "interp.h"
#include "lex.h"
#include "lines.h"
#include "motion.h"
#include "preview.h"
#include "slicer.h"

/* How far from the end PrusaSlicer's configuration block reaches. */
#define TAIL_BYTES (256 * 1024)

struct heater {
	double target, temp, since;	/* temp at time since (estimate clock) */
	double rate;
};

struct pass {
	const struct gcode_machine *m;
	struct gcode_stats *s;
	struct gcode_layer_index *index;
	struct interp it;
	struct gcode_planner *plan;
	struct slicer_info info;
	struct heater nozzle, bed;
	double extra_s;		/* heating waits, kept out of the planner */
	int layer_src;		/* 0 none yet, 1 comments, 2 Z */
	double layer_z;		/* Z of the current layer */
	double layer_top;	/* highest Z extruded at */
	bool in_layer_pending;	/* a layer comment waits for its Z */
	double pending_height;	/* ;HEIGHT: of the pending layer */
	uint64_t z_move_offset;	/* last line that changed Z (Z layers) */
	long z_move_line;
	struct gcode_layer_mark z_move_mark;
	bool retracted;
	double prev_layer_z;
	bool estimate;		/* run the planner (not for an index alone) */
};

void
gcode_format_duration(char *out, size_t outsz, double s)
{
	long t;

	if (s < 0) {
		snprintf(out, outsz, "-");
		return;
	}
	t = (long)(s + 0.5);
	if (t >= 86400)
		snprintf(out, outsz, "%ldd %ldh %02ldm %02lds", t / 86400,
		    t / 3600 % 24, t / 60 % 60, t % 60);
	else if (t >= 3600)
		snprintf(out, outsz, "%ldh %02ldm %02lds", t / 3600,
		    t / 60 % 60, t % 60);
	else
		snprintf(out, outsz, "%ldm %02lds", t / 60, t % 60);
}

void
gcode_layer_index_free(struct gcode_layer_index *index)
{
	if (index == NULL)
		return;
	free(index->marks);
	memset(index, 0, sizeof *index);
}

static void
add_temp(double *list, int *n, double t)
{
	for (int i = 0; i < *n; i++) {
		if (fabs(list[i] - t) < 0.05)
			return;
	}
	if (*n < GCODE_STATS_MAX_TEMPS)
		list[(*n)++] = t;
}

static void
add_height(struct gcode_stats *s, double h)
{
	h = round(h * 1000) / 1000;
	if (h <= 0)
		return;
	for (int i = 0; i < s->nheights; i++) {
		if (fabs(s->heights[i].height - h) < 0.0005) {
			s->heights[i].layers++;
			return;
		}
	}
	if (s->nheights < GCODE_STATS_MAX_HEIGHTS) {
		s->heights[s->nheights].height = h;
		s->heights[s->nheights].layers = 1;
		s->nheights++;
	}
}

static void
mark_state(struct pass *ps, struct gcode_layer_mark *mk, uint64_t offset,
    long lineno)
{
	mk->offset = offset;
	mk->lineno = lineno;
	memcpy(mk->pos, ps->it.pos, sizeof mk->pos);
	memcpy(mk->shift, ps->it.shift, sizeof mk->shift);
	mk->abs_xyz = ps->it.abs_xyz;
	mk->e_mode = ps->it.e_mode;
	mk->unit = ps->it.unit;
}

static void
index_add(struct pass *ps, const struct gcode_layer_mark *mk)
{
	struct gcode_layer_index *ix = ps->index;

	if (ix == NULL)
		return;
	if (ix->n == ix->cap) {
		ix->cap = ix->cap ? ix->cap * 2 : 256;
		ix->marks = xrealloc(ix->marks, (size_t)ix->cap *
		    sizeof *ix->marks);
	}
	ix->marks[ix->n++] = *mk;
}

/* A new layer begins at offset (a layer comment, or the move to a new Z). */
static void
begin_layer(struct pass *ps, const struct gcode_layer_mark *at)
{
	ps->s->layers++;
	index_add(ps, at);
	ps->in_layer_pending = true;
}

/* The layer's Z is known (first extrusion in it). */
static void
layer_z_known(struct pass *ps, double z)
{
	struct gcode_stats *s = ps->s;
	double h;

	ps->in_layer_pending = false;
	h = ps->pending_height > 0 ? ps->pending_height :
	    z - (s->layers > 1 ? ps->prev_layer_z : 0);
	if (s->layers == 1)
		s->first_layer_height = h;
	add_height(s, h);
	if (ps->index != NULL && ps->index->n > 0) {
		ps->index->marks[ps->index->n - 1].z = z;
		ps->index->marks[ps->index->n - 1].height = h;
	}
	ps->prev_layer_z = z;
	ps->pending_height = 0;
}

static double
heat_wait(struct heater *h, double target, double now)
{
	double temp = h->temp, t;

	/* Heating started with the earlier M104/M140 has gone on meanwhile. */
	if (h->target > temp && h->rate > 0)
		temp = fmin(h->target, temp + h->rate * (now - h->since));
	else if (h->target < temp)
		temp = fmax(h->target, temp - 1.0 * (now - h->since));
	h->target = target;
	t = target > temp && h->rate > 0 ? (target - temp) / h->rate : 0;
	h->temp = target > temp ? target : temp;
	h->since = now + t;
	return t;
}

static void
heat_set(struct heater *h, double target, double now)
{
	if (h->target > h->temp && h->rate > 0)
		h->temp = fmin(h->target, h->temp + h->rate * (now - h->since));
	h->target = target;
	h->since = now;
}

static void
m_command(struct pass *ps, const struct lex_line *l)
{
	struct gcode_stats *s = ps->s;
	struct gcode_motion *mo = gcode_planner_limits(ps->plan);
	double now = gcode_planner_elapsed(ps->plan) + ps->extra_s;
	double v;

	switch (l->code) {
	case 82: case 83:
		interp_m(&ps->it, l);
		break;
	case 104: case 109:
		v = LEX_HAS(l, 'S') ? l->val['S' - 'A'] : LEX_HAS(l, 'R') ?
		    l->val['R' - 'A'] : -1;
		if (v > 0) {
			add_temp(s->nozzle_temps, &s->nnozzle_temps, v);
			if (v > s->max_nozzle_temp)
				s->max_nozzle_temp = v;
		}
		if (l->code == 104) {
			if (v >= 0)
				heat_set(&ps->nozzle, v, now);
		} else {
			gcode_planner_sync(ps->plan);
			now = gcode_planner_elapsed(ps->plan) + ps->extra_s;
			ps->extra_s += heat_wait(&ps->nozzle, v >= 0 ? v :
			    ps->nozzle.target, now);
		}
		break;
	case 140: case 190:
		v = LEX_HAS(l, 'S') ? l->val['S' - 'A'] : LEX_HAS(l, 'R') ?
		    l->val['R' - 'A'] : -1;
		if (v > 0) {
			add_temp(s->bed_temps, &s->nbed_temps, v);
			if (v > s->max_bed_temp)
				s->max_bed_temp = v;
		}
		if (l->code == 140) {
			if (v >= 0)
				heat_set(&ps->bed, v, now);
		} else {
			gcode_planner_sync(ps->plan);
			now = gcode_planner_elapsed(ps->plan) + ps->extra_s;
			ps->extra_s += heat_wait(&ps->bed, v >= 0 ? v :
			    ps->bed.target, now);
		}
		break;
	case 106:
		s->fan_commands++;
		v = LEX_HAS(l, 'S') ? l->val['S' - 'A'] : 255;
		if (v > s->fan_max)
			s->fan_max = v;
		break;
	case 107:
		s->fan_commands++;
		break;
	case 201:
		for (int i = 0; i < 4; i++) {
			if (LEX_HAS(l, "XYZE"[i]))
				mo->max_accel[i] = l->val["XYZE"[i] - 'A'];
		}
		break;
	case 203:
		for (int i = 0; i < 4; i++) {
			if (LEX_HAS(l, "XYZE"[i]))
				mo->max_feedrate[i] = l->val["XYZE"[i] - 'A'];
		}
		break;
	case 204:
		/* Marlin and Prusa-Firmware: S is the legacy form, print and
		 * travel at once; P, R, T set each. */
		if (LEX_HAS(l, 'S')) {
			mo->accel = mo->travel_accel = l->val['S' - 'A'];
			if (LEX_HAS(l, 'T') && !LEX_HAS(l, 'P'))
				mo->retract_accel = l->val['T' - 'A'];
		} else {
			if (LEX_HAS(l, 'P'))
				mo->accel = l->val['P' - 'A'];
			if (LEX_HAS(l, 'R'))
				mo->retract_accel = l->val['R' - 'A'];
			if (LEX_HAS(l, 'T'))
				mo->travel_accel = l->val['T' - 'A'];
		}
		break;
	case 205:
		for (int i = 0; i < 4; i++) {
			if (LEX_HAS(l, "XYZE"[i]))
				mo->jerk[i] = l->val["XYZE"[i] - 'A'];
		}
		if (LEX_HAS(l, 'S'))
			mo->min_feedrate = l->val['S' - 'A'];
		if (LEX_HAS(l, 'T'))
			mo->min_travel_feedrate = l->val['T' - 'A'];
		if (LEX_HAS(l, 'J') && l->val['J' - 'A'] > 0)
			mo->junction_deviation = l->val['J' - 'A'];
		break;
	case 400:
		gcode_planner_sync(ps->plan);
		break;
	default:
		break;
	}
}

static void
extend(double *mn, double *mx, const double *p)
{
	for (int i = 0; i < 3; i++) {
		if (p[i] < mn[i])
			mn[i] = p[i];
		if (p[i] > mx[i])
			mx[i] = p[i];
	}
}

static void
g_command(struct pass *ps, const struct lex_line *l, uint64_t offset,
    long lineno)
{
	struct gcode_stats *s = ps->s;
	struct interp_move mv;
	enum interp_kind k;
	bool xyz_known;

	if (l->code == 4) {
		double secs = LEX_HAS(l, 'S') ? l->val['S' - 'A'] : 0;
		if (LEX_HAS(l, 'P'))
			secs += l->val['P' - 'A'] / 1000.0;
		s->dwell_s += secs;
		gcode_planner_dwell(ps->plan, secs);
		return;
	}
	if (l->code == 10 || l->code == 11) {
		if (l->code == 10)
			s->firmware_retractions++;
		return;
	}
	k = interp_step(&ps->it, l, &mv);
	if (k == INTERP_HOME) {
		gcode_planner_sync(ps->plan);
		return;
	}
	if (k != INTERP_MOVE)
		return;
	s->moves++;
	if (mv.d[2] != 0 && ps->layer_src != 1) {
		/* Z layers: the move to a new Z starts the layer. */
		ps->z_move_offset = offset;
		ps->z_move_line = lineno;
		mark_state(ps, &ps->z_move_mark, offset, lineno);
		memcpy(ps->z_move_mark.pos, mv.from, sizeof mv.from);
	}
	if (ps->estimate) {
		double d[4] = { mv.d[0], mv.d[1], mv.d[2], mv.d[3] };
		if (mv.arc) {
			/* An arc: plan it as its length along X. */
			d[0] = mv.len;
			d[1] = d[2] = 0;
		}
		gcode_planner_move(ps->plan, d, mv.len, ps->it.feed);
	}
	xyz_known = ps->it.known[0] && ps->it.known[1];
	if (mv.d[3] < -1e-9) {
		if (!ps->retracted) {
			s->retractions++;
			ps->retracted = true;
		}
		s->retracted_mm -= mv.d[3];
	} else if (mv.d[3] > 1e-9)
		ps->retracted = false;
	s->filament_mm += mv.d[3];
	if (mv.d[3] > 1e-9 && mv.len > 1e-9) {
		s->extruding_moves++;
		s->extrude_distance += mv.len;
		if (xyz_known) {
			if (!s->has_print) {
				memcpy(s->print_min, mv.from, sizeof s->print_min);
				memcpy(s->print_max, mv.from, sizeof s->print_max);
				s->has_print = true;
			}
			extend(s->print_min, s->print_max, mv.from);
			extend(s->print_min, s->print_max, mv.to);
		}
		if (mv.to[2] > s->max_z)
			s->max_z = mv.to[2];
		if (ps->layer_src == 0)
			ps->layer_src = 2;
		if (ps->layer_src == 2 && mv.to[2] > ps->layer_top + 1e-6) {
			ps->layer_top = mv.to[2];
			begin_layer(ps, &ps->z_move_mark);
		}
		if (ps->in_layer_pending)
			layer_z_known(ps, mv.to[2]);
	} else if (mv.len > 1e-9) {
		s->travel_moves++;
		s->travel_distance += mv.len;
	}
	if (xyz_known && ps->it.known[2] && mv.len > 1e-9) {
		if (!s->has_travel) {
			memcpy(s->travel_min, mv.to, sizeof s->travel_min);
			memcpy(s->travel_max, mv.to, sizeof s->travel_max);
			s->has_travel = true;
		}
		extend(s->travel_min, s->travel_max, mv.to);
	}
}

static void
comment(struct pass *ps, const char *c, size_t len, uint64_t offset,
    long lineno)
{
	struct gcode_layer_mark mk;

	/* Layer comments decide layers once seen (before the first print). */
	if ((len >= 12 && memcmp(c, "LAYER_CHANGE", 12) == 0) ||
	    (len >= 6 && memcmp(c, "LAYER:", 6) == 0)) {
		if (ps->layer_src == 2 && ps->s->layers <= 1) {
			/* Only the priming line came first: start over. */
			ps->s->layers = 0;
			ps->s->nheights = 0;
			if (ps->index != NULL)
				ps->index->n = 0;
		}
		if (ps->layer_src == 2 && ps->s->layers > 1)
			return;
		ps->layer_src = 1;
		mark_state(ps, &mk, offset, lineno);
		begin_layer(ps, &mk);
		return;
	}
	if (len >= 7 && memcmp(c, "HEIGHT:", 7) == 0 && ps->layer_src == 1) {
		ps->pending_height = atof(c + 7);
		return;
	}
	slicer_comment(&ps->info, c, len, lineno);
}

static void
finish_limits(struct pass *ps, struct gcode_motion *mo)
{
	const struct gcode_machine *m = ps->m;

	*mo = m->motion;
	ps->s->limits_from = m->motion_set ? "profile" : "defaults";
	if (!m->motion_set && (ps->info.has_limits ||
	    slicer_is_cura(&ps->info))) {
		slicer_apply_limits(&ps->info, mo);
		ps->s->limits_from = "slicer";
	}
}

struct gcode_stats_run {
	struct pass ps;
	struct lines *r;
	struct gcode_stats stats;
	struct gcode_machine m;
	uint64_t done;
	bool finished;
};

static void
stats_run_free(struct gcode_stats_run *run)
{
	if (run == NULL)
		return;
	gcode_planner_free(run->ps.plan);
	lines_free(run->r);
	free(run);
}

static struct gcode_stats_run *
stats_open(const char *path, const struct gcode_machine *m,
    struct gcode_layer_index *index, bool estimate, char **cause)
{
	struct gcode_stats_run *run;
	struct pass *ps;
	struct gcode_motion mo;
	struct lines *r;
	char *tail, head[4];
	size_t taillen;

	if (index != NULL)
		memset(index, 0, sizeof *index);
	r = lines_open(path, cause);
	if (r == NULL)
		return NULL;
	if (lines_head(r, head, 4) == 4 && memcmp(head, "GCDE", 4) == 0) {
		set_cause(cause, "%s:1: binary G-code (.bgcode): convert it to "
		    "plain G-code (PrusaSlicer: export as text)", path);
		lines_free(r);
		return NULL;
	}
	run = xcalloc(1, sizeof *run);
	run->r = r;
	run->m = *m;
	ps = &run->ps;
	ps->m = &run->m;
	ps->s = &run->stats;
	ps->estimate = estimate;
	ps->index = index;
	slicer_info_init(&ps->info);
	/* Slicers that write their settings at the end (PrusaSlicer and its
	 * forks) state the machine limits there: read them first. */
	tail = xmalloc(TAIL_BYTES);
	taillen = lines_head(r, tail, 16384);
	slicer_scan_block(&ps->info, tail, taillen, false);
	taillen = lines_tail(r, tail, TAIL_BYTES);
	slicer_scan_block(&ps->info, tail, taillen, lines_size(r) > TAIL_BYTES);
	free(tail);
	finish_limits(ps, &mo);
	ps->plan = gcode_planner_new(&mo);
	interp_init(&ps->it, m->home);
	ps->nozzle.temp = ps->bed.temp = m->ambient;
	ps->nozzle.rate = m->heat_nozzle_rate;
	ps->bed.rate = m->heat_bed_rate;
	ps->layer_top = -INFINITY;
	run->stats.slicer_s = run->stats.slicer_silent_s = -1;
	run->stats.slicer_filament_mm = -1;
	return run;
}

/* 1 while more remains, 0 at the end, -1 with cause. */
static int
stats_step(struct gcode_stats_run *run, size_t budget, char **cause)
{
	struct pass *ps = &run->ps;
	struct gcode_stats *s = &run->stats;
	struct lex_line l;
	const char *text;
	size_t len;
	uint64_t offset, start = run->done;
	long lineno;
	int rc;

	if (run->finished)
		return 0;
	while (run->done - start < budget) {
		rc = lines_next(run->r, &text, &len, &offset, &lineno, cause);
		if (rc == -1) {
			gcode_layer_index_free(ps->index);
			return -1;
		}
		if (rc == 0) {
			run->finished = true;
			return 0;
		}
		run->done = offset + len + 1;
		s->lines++;
		if (!lex_line(text, len, &l)) {
			if (l.comment != NULL)
				comment(ps, l.comment, l.commentlen, offset,
				    lineno);
			continue;
		}
		s->commands++;
		if (l.letter == 'G')
			g_command(ps, &l, offset, lineno);
		else if (l.letter == 'M') {
			if (l.code == 73)
				slicer_m73(&ps->info, &l);
			else
				m_command(ps, &l);
		}
	}
	return 1;
}

static void
stats_finish(struct gcode_stats_run *run, struct gcode_stats *out)
{
	struct pass *ps = &run->ps;
	struct gcode_stats *s = &run->stats;
	const struct gcode_machine *m = &run->m;

	s->bytes = lines_size(run->r);
	if (ps->index != NULL) {
		ps->index->bytes = lines_size(run->r);
		ps->index->mtime = lines_mtime(run->r);
	}
	s->estimated_s = gcode_planner_finish(ps->plan);
	s->heating_s = ps->extra_s;
	/* Most common layer height first. */
	for (int i = 1; i < s->nheights; i++) {
		for (int j = i; j > 0 && s->heights[j].layers >
		    s->heights[j - 1].layers; j--) {
			struct gcode_height_count t = s->heights[j];
			s->heights[j] = s->heights[j - 1];
			s->heights[j - 1] = t;
		}
	}
	if (s->filament_mm < 0)
		s->filament_mm = 0;
	s->filament_diameter = ps->info.filament_diameter > 0 ?
	    ps->info.filament_diameter : m->filament_diameter;
	s->density = ps->info.density > 0 ? ps->info.density :
	    m->filament_density;
	s->density_from = ps->info.density > 0 ? "slicer" : "profile";
	s->filament_volume_mm3 = s->filament_mm * M_PI *
	    s->filament_diameter * s->filament_diameter / 4;
	s->filament_g = s->filament_volume_mm3 / 1000.0 * s->density;
	slicer_fill_stats(&ps->info, s);
	s->slicer_basis_s = s->estimated_s;
	if (!slicer_counts_dwell(&ps->info))
		s->slicer_basis_s -= s->dwell_s;
	*out = *s;
}

static int
stats_pass(const char *path, const struct gcode_machine *m,
    struct gcode_stats *s, struct gcode_layer_index *index, bool estimate,
    char **cause)
{
	struct gcode_stats_run *run;
	int rc;

	memset(s, 0, sizeof *s);
	run = stats_open(path, m, index, estimate, cause);
	if (run == NULL)
		return -1;
	while ((rc = stats_step(run, SIZE_MAX / 2, cause)) == 1)
		;
	if (rc == 0)
		stats_finish(run, s);
	stats_run_free(run);
	return rc;
}

struct gcode_stats_run *
gcode_stats_open(const char *path, const struct gcode_machine *m,
    struct gcode_layer_index *index, char **cause)
{
	return stats_open(path, m, index, true, cause);
}

int
gcode_stats_step(struct gcode_stats_run *run, size_t budget, char **cause)
{
	return stats_step(run, budget, cause);
}

void
gcode_stats_tap(struct gcode_stats_run *run,
    void (*tap)(const void *, size_t, void *), void *data)
{
	lines_tap(run->r, tap, data);
}

double
gcode_stats_progress(const struct gcode_stats_run *run)
{
	uint64_t size = lines_size(run->r);

	return run->finished || size == 0 ? 1 : (double)run->done / size;
}

void
gcode_stats_finish(struct gcode_stats_run *run, struct gcode_stats *out)
{
	stats_finish(run, out);
}

void
gcode_stats_free(struct gcode_stats_run *run)
{
	stats_run_free(run);
}

int
gcode_stats_file(const char *path, const struct gcode_machine *m,
    struct gcode_stats *s, struct gcode_layer_index *index, char **cause)
{
	return stats_pass(path, m, s, index, true, cause);
}

int
gcode_layer_index_build(const char *path, const struct gcode_machine *m,
    struct gcode_layer_index *ix, char **cause)
{
	struct gcode_stats s;

	return stats_pass(path, m, &s, ix, false, cause);
}
