/*
 * precheck: what the host knows of a printer, handed to gcode/ (statistics,
 * estimate, check, preview), and the whole-file check run from the loop in
 * slices before a job sends anything: a large file is checked while the
 * keyboard, the printer's replies and the emergency stop are still served.
 */
#ifndef LL_HOST_PRECHECK_H
#define LL_HOST_PRECHECK_H

#include <stdbool.h>

#include "machine.h"
#include "profile.h"

/* The gcode/ view of a profile: volume, temperatures, model, defaults. */
void host_profile_machine(const struct host_profile *p, struct gcode_machine *m);

#endif
