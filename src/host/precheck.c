#include "precheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"


void
host_profile_machine(const struct host_profile *p, struct gcode_machine *m)
{
	gcode_machine_default(m);
	snprintf(m->id, sizeof m->id, "%s", p->id);
	snprintf(m->name, sizeof m->name, "%s", p->name);
	m->prusa_checks = p->flavour == HOST_FLAVOUR_PRUSA;
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
	if (p->flavour == HOST_FLAVOUR_PRUSA) {
		/* Prusa-Firmware plans with classic jerk and the MK3S's
		 * limits (Configuration_prusa.h). */
		m->motion.junction = GCODE_JERK_MARLIN1;
		snprintf(m->model, sizeof m->model, "%s",
		    strstr(p->name, "MK3S") != NULL ? "MK3S" :
		    strstr(p->name, "MK3") != NULL ? "MK3" :
		    strstr(p->name, "MINI") != NULL ? "MINI" : "");
	}
}
