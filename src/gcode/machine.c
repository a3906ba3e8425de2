#include "machine.h"

#include <string.h>

#include "motion.h"

void
gcode_machine_default(struct gcode_machine *m)
{
	memset(m, 0, sizeof *m);
	m->nozzle_diameter = 0.4;
	m->filament_diameter = 1.75;
	m->filament_density = 1.24;	/* PLA */
	/* A typical 24 V bed-slinger: the hotend gains about 2 °C/s from
	 * cold, a 220 mm bed about 0.5 °C/s to 60 °C. */
	m->heat_nozzle_rate = 2.0;
	m->heat_bed_rate = 0.5;
	m->ambient = 22;
	gcode_motion_default(&m->motion);
}
