/*
 * stats: what a G-code file will do, read as a stream in one pass with
 * memory that does not grow with the file: counts, layers, extents,
 * filament, temperatures, fan, retractions, distances, and a print-time
 * estimate from the motion planner model (motion.h), next to the slicer's
 * own figure when the file carries one. The same pass can build a layer
 * index (where each layer starts) for the preview.
 */
#ifndef LL_GCODE_STATS_H
#define LL_GCODE_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine.h"

#define GCODE_STATS_MAX_TEMPS 8
#define GCODE_STATS_MAX_HEIGHTS 8

struct gcode_height_count {
	double height;		/* mm */
	int layers;
};

struct gcode_stats {
	uint64_t bytes;
	long lines, commands;
	long moves, extruding_moves, travel_moves;
	char slicer[64];	/* "PrusaSlicer 2.5.0", "" */
	char printer[128];	/* the slicer's printer name, "" */
	char flavour[32];	/* the slicer's G-code flavour, "" */

	int layers;
	struct gcode_height_count heights[GCODE_STATS_MAX_HEIGHTS];
	int nheights;		/* distinct layer heights, most common first */
	double first_layer_height;
	double max_z;		/* highest Z printed at */

	bool has_print, has_travel;
	double print_min[3], print_max[3];	/* where it extrudes */
	double travel_min[3], travel_max[3];	/* every position it moves to */

	double filament_mm;	/* net E pushed, mm */
	double filament_volume_mm3;
	double filament_g;
	double density;		/* g/cm³ used for the mass */
	const char *density_from;	/* "slicer", "profile" */
	double filament_diameter;	/* mm used for the volume */
	double slicer_filament_mm;	/* -1 when the file does not say */

	double nozzle_temps[GCODE_STATS_MAX_TEMPS];
	int nnozzle_temps;
	double bed_temps[GCODE_STATS_MAX_TEMPS];
	int nbed_temps;
	double max_nozzle_temp, max_bed_temp;

	long fan_commands;	/* M106 and M107 */
	double fan_max;		/* highest M106 S, 0..255 */

	long retractions;	/* moves that pull filament back */
	double retracted_mm;
	long firmware_retractions;	/* G10 */

	double extrude_distance;	/* mm of path while extruding */
	double travel_distance;	/* mm of path without extruding */

	double estimated_s;	/* motion + dwells, as slicers count it */
	double dwell_s;		/* G4 included in estimated_s */
	double heating_s;	/* waits for M109/M190 from the heat-up rates */
	double slicer_basis_s;	/* estimated_s counted as the slicer counts */
	double slicer_s;	/* the slicer's own figure, -1 when none */
	double slicer_silent_s;	/* PrusaSlicer's stealth mode, -1 */
	const char *slicer_s_from;	/* "; estimated printing time", ";TIME:", "M73" */
	const char *limits_from;	/* where the motion limits came from */
};

/* Where layer n starts, and the state the preview needs to draw it. */
struct gcode_layer_mark {
	uint64_t offset;	/* byte offset of the layer's first line */
	long lineno;
	double z;
	double height;
	double pos[4];		/* logical position there */
	double shift[4];
	bool abs_xyz;
	int e_mode;
	double unit;
};

struct gcode_layer_index {
	struct gcode_layer_mark *marks;
	int n, cap;
	uint64_t bytes;		/* the file's size when indexed */
	int64_t mtime;
};

/*
 * Reads path once. index may be NULL; otherwise it is filled (and must be
 * freed with gcode_layer_index_free). -1 with cause on a file that cannot
 * be read or is not text.
 */
int gcode_stats_file(const char *path, const struct gcode_machine *m,
    struct gcode_stats *out, struct gcode_layer_index *index, char **cause);
void gcode_layer_index_free(struct gcode_layer_index *index);

/*
 * The same pass in slices, for callers in an event loop: open, step with a
 * byte budget until it returns 0 (-1 with cause on a read error), finish to
 * get the figures, free.
 */
struct gcode_stats_run;
struct gcode_stats_run *gcode_stats_open(const char *path,
    const struct gcode_machine *m, struct gcode_layer_index *index,
    char **cause);
int gcode_stats_step(struct gcode_stats_run *run, size_t budget, char **cause);
/*
 * Call before the first step: tap gets every byte of the file once, in
 * order, as the pass reads it (to hash the file without reading it twice).
 */
void gcode_stats_tap(struct gcode_stats_run *run,
    void (*tap)(const void *bytes, size_t len, void *data), void *data);
double gcode_stats_progress(const struct gcode_stats_run *run);
void gcode_stats_finish(struct gcode_stats_run *run, struct gcode_stats *out);
void gcode_stats_free(struct gcode_stats_run *run);

/* "1h 02m 03s" */
void gcode_format_duration(char *out, size_t outsz, double seconds);

#endif
