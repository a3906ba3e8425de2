/*
 * Motion: the planner's block ring (BLOCK_BUFFER_SIZE), moves with
 * feedrate limits and soft endstops, homing, probing and dwell, as
 * gcode/motion and module/planner.cpp time them.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim_int.h"

void
sim_planner_advance(struct sim *sim, double dt)
{
	while (dt > 0 && sim->mv_count > 0) {
		struct sim_move *m = &sim->moves[sim->mv_head];
		double left = m->duration_ms - sim->mv_elapsed;

		if (dt < left) {
			sim->mv_elapsed += dt;
			return;
		}
		dt -= left;
		sim->mv_elapsed = 0;
		sim->mv_head = (sim->mv_head + 1) % sim->mv_cap;
		sim->mv_count--;
	}
}

static double
planner_busy_until(const struct sim *sim)
{
	double total = -sim->mv_elapsed;

	for (unsigned i = 0; i < sim->mv_count; i++)
		total += sim->moves[(sim->mv_head + i) % sim->mv_cap].duration_ms;
	return sim->t + total;
}

static void
planner_push(struct sim *sim, const double to[4], double duration_ms)
{
	struct sim_move *m;

	if (sim->opt.speed == 0 || duration_ms <= 0)
		return;
	m = &sim->moves[(sim->mv_head + sim->mv_count) % sim->mv_cap];
	memcpy(m->to, to, sizeof m->to);
	m->duration_ms = duration_ms;
	sim->mv_count++;
}

enum sim_result
sim_wait_sim_time(struct sim *sim, double until)
{
	if (sim->t >= until) {
		sim->wait_until = 0;
		return CMD_DONE;
	}
	sim->wait_until = until;
	return CMD_WAIT;
}

/* planner.synchronize(): every move finished. */
bool
sim_synced(struct sim *sim)
{
	if (sim->mv_count == 0) {
		sim->wait_until = 0;
		return true;
	}
	sim->wait_until = planner_busy_until(sim);
	return false;
}

enum sim_result
sim_cmd_move(struct sim *sim, bool arc, bool ccw)
{
	const struct gcode_cmd *c = &sim->cmd;
	static const char axes[4] = { 'X', 'Y', 'Z', 'E' };
	double to[4], d[4], dist, v, dur;

	if (sim->mv_count >= sim->mv_cap) {
		sim->wait_until = sim->t + sim->moves[sim->mv_head].duration_ms
		    - sim->mv_elapsed;
		return CMD_WAIT;
	}
	sim->wait_until = 0;
	if (gcode_param(c, 'F') != NULL && gcode_value(c, 'F', 0) > 0)
		sim->feedrate = gcode_value(c, 'F', 0) / 60.0;
	for (int i = 0; i < 4; i++) {
		const struct gcode_param *p = gcode_param(c, axes[i]);
		bool rel = i == 3 ? (sim->relative || sim->e_relative) :
		    sim->relative;

		to[i] = sim->pos[i];
		if (p != NULL && p->has_value)
			to[i] = rel ? sim->pos[i] + p->value : p->value;
	}
	if (sim->soft_endstops) {
		for (int i = 0; i < 3; i++) {
			if (!sim->homed[i])
				continue;
			if (to[i] < 0)
				to[i] = 0;
			if (to[i] > sim->axis_max[i])
				to[i] = sim->axis_max[i];
		}
	}
	for (int i = 0; i < 4; i++)
		d[i] = to[i] - sim->pos[i];
	if (d[3] != 0 && !sim_dry_run(sim)) {
		if (sim_too_cold(sim)) {
			sim_out_str(sim, "echo: cold extrusion prevented\n");
			d[3] = 0;
		} else if (fabs(d[3]) > EXTRUDE_MAXLENGTH) {
			sim_out_str(sim, "echo: too long extrusion prevented\n");
			d[3] = 0;
		}
	}
	dist = sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
	if (arc) {
		double i = gcode_value(c, 'I', 0), j = gcode_value(c, 'J', 0);
		double r = hypot(i, j);
		if (r > 0) {
			double a0 = atan2(-j, -i);
			double a1 = atan2(to[1] - (sim->pos[1] + j),
			    to[0] - (sim->pos[0] + i));
			double sweep = ccw ? a1 - a0 : a0 - a1;
			while (sweep <= 0)
				sweep += 2 * M_PI;
			dist = hypot(r * sweep, d[2]);
		}
	}
	if (dist == 0)
		dist = fabs(d[3]);
	v = sim->feedrate * sim->feed_pct / 100.0;
	for (int i = 0; i < 4; i++) {
		double share = dist > 0 ? fabs(d[i]) / dist : 0;
		if (share * v > sim->settings.max_feedrate[i])
			v = sim->settings.max_feedrate[i] / share;
	}
	dur = v > 0 && dist > 0 ? dist / v * 1000.0 : 0;
	memcpy(sim->pos, to, sizeof sim->pos);
	planner_push(sim, to, dur);
	return CMD_DONE;
}

enum sim_result
sim_cmd_home(struct sim *sim)
{
	const struct gcode_cmd *c = &sim->cmd;
	bool any = gcode_param(c, 'X') || gcode_param(c, 'Y') ||
	    gcode_param(c, 'Z');
	bool which[3];

	for (int i = 0; i < 3; i++)
		which[i] = !any || gcode_param(c, "XYZ"[i]) != NULL;
	if (sim->phase == 0) {
		double ms = 2000;
		if (!sim_synced(sim))
			return CMD_WAIT;
		/* Homing feedrates 50, 50, 4 mm/s from wherever the axes are
		 * (the far end when unknown), plus the bump. */
		for (int i = 0; i < 3; i++) {
			double from = sim->homed[i] ? sim->pos[i] :
			    (i == 2 ? 10 : sim->axis_max[i]);
			if (which[i])
				ms += fabs(from) / (i == 2 ? 4.0 : 50.0) * 1000;
		}
		sim->phase = 1;
		sim->wait_until = sim->t + ms;
	}
	if (sim_wait_sim_time(sim, sim->wait_until) == CMD_WAIT)
		return CMD_WAIT;
	for (int i = 0; i < 3; i++) {
		if (which[i]) {
			sim->pos[i] = 0;
			sim->homed[i] = true;
		}
	}
	return CMD_DONE;
}

enum sim_result
sim_cmd_probe_mesh(struct sim *sim)
{
	if (sim->phase == 0) {
		if (!sim->homed[0] || !sim->homed[1] || !sim->homed[2]) {
			sim_out_str(sim, "echo:Home XYZ First\n");
			return CMD_DONE;
		}
		if (!sim_synced(sim))
			return CMD_WAIT;
		sim->phase = 1;
		/* Nine points, about three seconds each with the travel. */
		sim->wait_until = sim->t + 9 * 3000.0;
	}
	if (sim_wait_sim_time(sim, sim->wait_until) == CMD_WAIT)
		return CMD_WAIT;
	sim->mesh_valid = true;
	sim->leveling = true;
	/* Marlin 2.1 bilinear G29 ends with the grid it measured (G29.cpp:
	 * bedlevel.print_leveling_grid()); Prusa's G80 says nothing. */
	if (sim->opt.firmware != SIM_FW_PRUSA)
		sim_report_mesh(sim);
	return CMD_DONE;
}

/* The 3x3 mesh at a point of a finer grid (bilinear, as MBL would
 * measure a bed that bends smoothly). */
static double
mesh_at(const struct sim *sim, double fx, double fy)
{
	int x0 = fx >= 1 ? 1 : 0, y0 = fy >= 1 ? 1 : 0;
	double tx = fx - x0, ty = fy - y0;

	return sim->mesh[y0][x0] * (1 - tx) * (1 - ty) +
	    sim->mesh[y0][x0 + 1] * tx * (1 - ty) +
	    sim->mesh[y0 + 1][x0] * (1 - tx) * ty +
	    sim->mesh[y0 + 1][x0 + 1] * tx * ty;
}

/*
 * The stored mesh as each firmware prints it. Marlin: "Bilinear Leveling
 * Grid:", a column header, one row per Y with signed values to 3 places
 * and an empty line (feature/bedlevel/bedlevel.cpp print_2d_array()).
 * Prusa-Firmware (G81, mesh_bed_leveling.cpp print()): the 7x7 MK3S
 * grid, top row (largest Y) first, 5 places.
 */
void
sim_report_mesh(struct sim *sim)
{
	if (sim->opt.firmware == SIM_FW_PRUSA) {
		/* STRINGIFY(MESH_HOME_Z_SEARCH) of "5.0f" keeps the f. */
		sim_out_str(sim, "Num X,Y: 7,7\nZ search height: 5.0f\n"
		    "Measured points:\n");
		for (int y = 6; y >= 0; y--) {
			for (int x = 0; x < 7; x++)
				sim_out_fmt(sim, "  %.5f", mesh_at(sim, x / 3.0,
				    y / 3.0));
			sim_out_str(sim, "\n");
		}
		return;
	}
	sim_out_str(sim, "Bilinear Leveling Grid:\n      0      1      2\n");
	for (int y = 0; y < 3; y++) {
		sim_out_fmt(sim, " %d", y);
		for (int x = 0; x < 3; x++)
			sim_out_fmt(sim, " %s%.3f", sim->mesh[y][x] >= 0 ? "+" :
			    "", sim->mesh[y][x]);
		sim_out_str(sim, "\n");
	}
	sim_out_str(sim, "\n");
}

/* Prusa's G80: mesh bed levelling, homing first when the position is not
 * known (Marlin_main.cpp gcode_G80() queues G28 W and G80 again). */
enum sim_result
sim_cmd_prusa_g80(struct sim *sim)
{
	if (sim->phase == 0 && (!sim->homed[0] || !sim->homed[1] ||
	    !sim->homed[2])) {
		if (!sim_synced(sim))
			return CMD_WAIT;
		for (int i = 0; i < 3; i++) {
			sim->pos[i] = 0;
			sim->homed[i] = true;
		}
	}
	return sim_cmd_probe_mesh(sim);
}

enum sim_result
sim_cmd_dwell(struct sim *sim)
{
	if (sim->phase == 0) {
		double ms = gcode_value(&sim->cmd, 'P', 0);
		if (gcode_param(&sim->cmd, 'S') != NULL)
			ms = gcode_value(&sim->cmd, 'S', 0) * 1000.0;
		if (!sim_synced(sim))
			return CMD_WAIT;
		sim->phase = 1;
		sim->wait_until = sim->t + ms;
	}
	return sim_wait_sim_time(sim, sim->wait_until);
}
