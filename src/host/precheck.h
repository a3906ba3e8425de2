/*
 * precheck: what the host knows of a printer, handed to gcode/ (statistics,
 * estimate, check, preview), and the whole-file check run from the loop in
 * slices before a job sends anything: a large file is checked while the
 * keyboard, the printer's replies and the emergency stop are still served.
 */
#ifndef LL_HOST_PRECHECK_H
#define LL_HOST_PRECHECK_H

#include <stdbool.h>

#include "check.h"
#include "machine.h"
#include "profile.h"

/* The gcode/ view of a profile: volume, temperatures, model, defaults. */
void host_profile_machine(const struct host_profile *p, struct gcode_machine *m);

struct loop;
struct host_precheck;

/*
 * Called once when the check is over: ok when it found nothing; report
 * lists every problem ("FILE:LINE: problem" lines) or says why the file
 * could not be read. The precheck may be freed from here.
 */
typedef void (*host_precheck_done)(bool ok, const char *report, void *data);

/*
 * Starts checking path against the profile; the loop does the work in
 * slices of at most a few milliseconds. NULL with cause when the file
 * cannot be opened.
 */
struct host_precheck *host_precheck_start(struct loop *loop, const char *path,
    const struct host_profile *profile, host_precheck_done done, void *data,
    char **cause);
/* Stops a check (done is not called) and frees it; also after done. */
void host_precheck_free(struct host_precheck *pc);
/* Fraction of the file checked, 0..1. */
double host_precheck_progress(const struct host_precheck *pc);

#endif
