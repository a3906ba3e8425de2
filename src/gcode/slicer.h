/*
 * slicer: what slicers write about themselves in comments (internal to
 * gcode/): name, printer, G-code flavour, their own time and filament
 * figures, material, nozzle, and the machine limits they assumed.
 * PrusaSlicer, SuperSlicer and OrcaSlicer ("; key = value" blocks,
 * "; estimated printing time"), Cura (";TIME:", ";Filament used:"),
 * Simplify3D ("; Build time:") and ideaMaker (";Print Time:").
 */
#ifndef LL_GCODE_SLICER_H
#define LL_GCODE_SLICER_H

#include <stdbool.h>
#include <stddef.h>

#include "lex.h"
#include "machine.h"
#include "stats.h"

struct slicer_info {
	char slicer[64];
	char printer[128];	/* printer_settings_id, MACHINE_NAME, ... */
	long printer_line;
	char model[32];		/* printer_model (Prusa: "MK3S") */
	long model_line;
	char flavour[32];
	double estimate_s, estimate_silent_s;
	const char *estimate_from;
	double m73_first_left_s;	/* minutes left in the first M73 R */
	double filament_mm;	/* -1 */
	double density;		/* g/cm³, 0 unknown */
	double filament_diameter;
	long filament_diameter_line;
	double nozzle_diameter;
	long nozzle_line;
	bool has_limits;
	double max_feedrate[4], max_accel[4], jerk[4];
	double accel_extruding, accel_retracting, accel_travel;
	double min_feedrate, min_travel_feedrate;
	bool have[4];		/* which of max_feedrate/max_accel/jerk/accels */
};

void slicer_info_init(struct slicer_info *si);
/* A comment's text after ';' at line lineno (0 when from the tail block). */
void slicer_comment(struct slicer_info *si, const char *c, size_t len,
    long lineno);
/*
 * Reads the comments of a block of text (the file's head or tail; partial:
 * it starts inside a line) for what is needed before the pass: the slicer,
 * its settings and limits. Its figures are read again in the pass.
 */
void slicer_scan_block(struct slicer_info *si, const char *text, size_t len,
    bool partial);
void slicer_m73(struct slicer_info *si, const struct lex_line *l);
bool slicer_is_cura(const struct slicer_info *si);
/* Whether the slicer's own figure includes G4 dwells. */
bool slicer_counts_dwell(const struct slicer_info *si);
/* The machine limits the slicer assumed, over mo. */
void slicer_apply_limits(const struct slicer_info *si, struct gcode_motion *mo);
void slicer_fill_stats(const struct slicer_info *si, struct gcode_stats *s);

#endif
