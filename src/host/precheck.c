#include "precheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "loop.h"


void
host_profile_machine(const struct host_profile *p, struct gcode_machine *m)
{
	gcode_machine_default(m);
	snprintf(m->id, sizeof m->id, "%s", p->id);
	snprintf(m->name, sizeof m->name, "%s", p->name);
	m->prusa_checks = p->flavour == HOST_FLAVOUR_PRUSA;
	m->dialect = host_flavour_dialect(p->flavour);
	for (int i = 0; i < 3; i++) {
		m->min[i] = p->axis[i].min;
		m->max[i] = p->axis[i].max;
	}
	/* Bed-slingers and the MK3S home to the minimum of X and Y; Z's
	 * home is the bed surface. */
	m->home[0] = p->axis[0].min;
	m->home[1] = p->axis[1].min;
	m->home[2] = p->axis[2].min > 0 ? p->axis[2].min : 0;
	m->bed[0] = p->axis[0].max > 0 ? p->axis[0].max : 0;
	m->bed[1] = p->axis[1].max > 0 ? p->axis[1].max : 0;
	m->max_nozzle = p->max_nozzle;
	m->max_bed = p->max_bed;
	m->min_extrude = p->min_extrude;
	if (p->nozzle_diameter > 0)
		m->nozzle_diameter = p->nozzle_diameter;
	if (p->filament_diameter > 0)
		m->filament_diameter = p->filament_diameter;
	if (p->heat_nozzle_rate > 0)
		m->heat_nozzle_rate = p->heat_nozzle_rate;
	if (p->heat_bed_rate > 0)
		m->heat_bed_rate = p->heat_bed_rate;
	if (p->motion.set) {
		const struct host_motion *pm = &p->motion;
		memcpy(m->motion.max_feedrate, pm->max_feedrate,
		    sizeof pm->max_feedrate);
		memcpy(m->motion.max_accel, pm->max_accel, sizeof pm->max_accel);
		memcpy(m->motion.jerk, pm->jerk, sizeof pm->jerk);
		m->motion.accel = pm->accel;
		m->motion.retract_accel = pm->retract_accel;
		m->motion.travel_accel = pm->travel_accel;
		if (pm->junction_deviation > 0) {
			m->motion.junction_deviation = pm->junction_deviation;
			m->motion.junction = GCODE_JUNCTION_DEVIATION;
		} else
			m->motion.junction = p->flavour == HOST_FLAVOUR_PRUSA ?
			    GCODE_JERK_MARLIN1 : GCODE_JERK_MARLIN2;
		m->motion_set = true;
	}
	if (p->flavour == HOST_FLAVOUR_PRUSA) {
		/* Prusa-Firmware plans with classic jerk, with safe speeds. */
		m->motion.junction = GCODE_JERK_MARLIN1;
		snprintf(m->model, sizeof m->model, "%s",
		    strstr(p->name, "MK3S") != NULL ? "MK3S" :
		    strstr(p->name, "MK3") != NULL ? "MK3" :
		    strstr(p->name, "MINI") != NULL ? "MINI" : "");
	}
}

/* Time one slice may take: well inside the emergency stop's 50 ms. */
#define SLICE_MS 8
#define STEP_BYTES (64 * 1024)

struct host_precheck {
	struct loop_timer *timer;
	struct gcode_check *check;
	host_precheck_done done;
	void *data;
	bool finished;
};

static uint64_t
precheck_slice(uint64_t now, void *data)
{
	struct host_precheck *pc = data;
	uint64_t until = now + SLICE_MS;
	char *cause = NULL;
	int rc;

	do {
		rc = gcode_check_step(pc->check, STEP_BYTES, &cause);
	} while (rc == 1 && clock_ms() < until);
	if (rc == 1)
		return clock_ms();
	pc->finished = true;
	loop_timer_remove(pc->timer);
	pc->timer = NULL;
	if (rc == -1) {
		pc->done(false, cause, pc->data);
		free(cause);
	} else
		pc->done(gcode_check_problems(pc->check) == 0,
		    gcode_check_report(pc->check), pc->data);
	return 0;
}

struct host_precheck *
host_precheck_start(struct loop *loop, const char *path,
    const struct host_profile *profile, host_precheck_done done, void *data,
    char **cause)
{
	struct host_precheck *pc;
	struct gcode_machine m;
	struct gcode_check *c;

	host_profile_machine(profile, &m);
	c = gcode_check_open(path, &m, cause);
	if (c == NULL)
		return NULL;
	pc = xcalloc(1, sizeof *pc);
	pc->check = c;
	pc->done = done;
	pc->data = data;
	pc->timer = loop_timer_add(loop, clock_ms(), precheck_slice, pc);
	return pc;
}

void
host_precheck_free(struct host_precheck *pc)
{
	if (pc == NULL)
		return;
	if (pc->timer != NULL)
		loop_timer_remove(pc->timer);
	gcode_check_free(pc->check);
	free(pc);
}

double
host_precheck_progress(const struct host_precheck *pc)
{
	return pc->finished ? 1 : gcode_check_progress(pc->check);
}
