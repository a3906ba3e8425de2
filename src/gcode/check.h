/*
 * check: what in a G-code file would not print on a given printer, each
 * problem as "FILE:LINE: problem": moves outside the axes (after homing,
 * following G92 and relative moves), temperatures above the profile's,
 * extrusion before the nozzle is hot, moves before homing, a filament or
 * nozzle size or a Prusa M862 check or a slicer printer name that names
 * another machine, binary G-code. The file is read in slices of a given
 * size so a caller in an event loop stays responsive.
 */
#ifndef LL_GCODE_CHECK_H
#define LL_GCODE_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "machine.h"

/* Lines listed per rule; further ones are counted in one closing line. */
#define GCODE_CHECK_LIST_MAX 10

struct gcode_check;

/* NULL with cause when the file cannot be opened. */
struct gcode_check *gcode_check_open(const char *path,
    const struct gcode_machine *m, char **cause);
void gcode_check_free(struct gcode_check *c);
/*
 * Checks about budget more bytes: 1 while there is more to read, 0 when the
 * whole file is checked, -1 with cause on a read error.
 */
int gcode_check_step(struct gcode_check *c, size_t budget, char **cause);
/* Fraction of the file read, 0..1. */
double gcode_check_progress(const struct gcode_check *c);
/* Problems found so far (every line, listed or counted). */
long gcode_check_problems(const struct gcode_check *c);
/* "FILE:LINE: problem\n" lines in file order, then the counts of lines not
 * listed; "" when none. Owned by the check. */
const char *gcode_check_report(struct gcode_check *c);

#endif
