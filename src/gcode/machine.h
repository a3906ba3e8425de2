/*
 * machine: what the statistics, the estimate, the check and the preview
 * need to know about a printer, as plain data. gcode/ knows nothing of
 * printer profiles; whoever has one (host_profile_machine) fills this in.
 */
#ifndef LL_GCODE_MACHINE_H
#define LL_GCODE_MACHINE_H

#include <stdbool.h>

#include "canon.h"

enum gcode_junction {
	GCODE_JERK_MARLIN1,	/* classic jerk with safe speeds: Prusa-Firmware, Marlin 1.1 */
	GCODE_JERK_MARLIN2,	/* classic jerk as Marlin 2.1 computes it */
	GCODE_JUNCTION_DEVIATION,	/* Marlin 2.1's default */
};

/* Motion limits as the firmware holds them (M201, M203, M204, M205). */
struct gcode_motion {
	double max_feedrate[4];	/* mm/s, X Y Z E */
	double max_accel[4];	/* mm/s² */
	double accel;		/* printing moves (M204 P) */
	double retract_accel;	/* E-only moves (M204 R) */
	double travel_accel;	/* moves without E (M204 T) */
	double jerk[4];		/* mm/s (M205 X Y Z E) */
	double junction_deviation;	/* mm (M205 J) */
	enum gcode_junction junction;
	double min_feedrate, min_travel_feedrate;	/* M205 S T */
	int lookahead;		/* planner blocks (BLOCK_BUFFER_SIZE) */
};

struct gcode_machine {
	char id[64];		/* profile id, "" when none */
	char name[128];
	char model[32];		/* Prusa model for M862.3 ("MK3S"), "" */
	bool prusa_checks;	/* the firmware acts on M862 checks */
	enum gcode_dialect dialect;	/* how the firmware reads a line */
	double min[3], max[3];	/* axis limits, machine coordinates, mm */
	double home[3];		/* where G28 leaves the head */
	double bed[2];		/* bed size for the preview outline */
	double max_nozzle, max_bed, min_extrude;	/* °C */
	double nozzle_diameter, filament_diameter;	/* mm */
	double filament_density;	/* g/cm³, the material's */
	double heat_nozzle_rate, heat_bed_rate;	/* °C/s while heating */
	double ambient;		/* °C a cold printer starts from */
	struct gcode_motion motion;
	bool motion_set;	/* motion comes from the profile, not defaults */
};

/*
 * Cautious defaults: no volume limits (0 = unknown), stock Marlin motion
 * limits of a small bed-slinger, PLA density, 0.4 mm nozzle, 1.75 mm.
 */
void gcode_machine_default(struct gcode_machine *m);
void gcode_motion_default(struct gcode_motion *mo);

#endif
