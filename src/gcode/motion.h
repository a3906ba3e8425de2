/*
 * motion: a model of the firmware's motion planner, for print-time
 * estimates. Moves become blocks with a nominal speed and an acceleration
 * limited per axis (M201/M203/M204); the junction speed between two blocks
 * comes from classic jerk (Prusa-Firmware / Marlin 1.1, or Marlin 2.1) or
 * from junction deviation, as the firmware's planner computes it; a
 * look-ahead of the firmware's buffer size plans entry and exit speeds with
 * a reverse and a forward pass; each block then takes the time of its
 * trapezoid. Memory is the look-ahead buffer, whatever the file's size.
 */
#ifndef LL_GCODE_MOTION_H
#define LL_GCODE_MOTION_H

#include "machine.h"

struct gcode_planner;

struct gcode_planner *gcode_planner_new(const struct gcode_motion *limits);
void gcode_planner_free(struct gcode_planner *p);
/* The limits in force; M201, M203, M204 and M205 change them in place. */
struct gcode_motion *gcode_planner_limits(struct gcode_planner *p);
/* A straight move by d (mm: X, Y, Z, E) at feed mm/s; xyz_len is its
 * length in X, Y and Z when the caller has it, else negative. */
void gcode_planner_move(struct gcode_planner *p, const double d[4],
    double xyz_len, double feed);
/* Waits until every planned move has run (M400, M109, G28...). */
void gcode_planner_sync(struct gcode_planner *p);
/* Waits for the moves, then seconds more (G4). */
void gcode_planner_dwell(struct gcode_planner *p, double seconds);
/* Seconds taken by the moves that have left the look-ahead so far. */
double gcode_planner_elapsed(const struct gcode_planner *p);
/* Runs every planned move and returns the total. */
double gcode_planner_finish(struct gcode_planner *p);

/* The time of one trapezoid: entry, exit and cruise speed, acceleration, length. */
double gcode_trapezoid_time(double v0, double v1, double vmax, double accel,
    double len);

#endif
