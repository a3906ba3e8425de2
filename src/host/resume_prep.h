/*
 * resume_prep: continues a print that stopped (a halt, a lost port) from a line
 * of its file on a printer that has lost its state. The file is read up to
 * the line in slices from the loop (gcode/resume.h says what the print had
 * set up there and plans the preparation); once the user has confirmed
 * that the nozzle stands above the part where it stopped, every command of
 * the plan goes through the guard and must be confirmed by the printer.
 * The caller then starts the job at the line (job_start_at).
 *
 * The training screen and `layerlab print --resume-from` both use this,
 * so the printer is made ready the same way wherever a print resumes.
 */
#ifndef LL_HOST_RESUME_PREP_H
#define LL_HOST_RESUME_PREP_H

#include <stdbool.h>

#include "host.h"
#include "resume.h"

struct host_resume;

struct host_resume_events {
	/* The state at the line is known: plan has n steps to show before
	 * asking the user, or n is 0 and error says why the print cannot
	 * be resumed there. */
	void (*planned)(const struct gcode_resume_state *st,
	    const struct gcode_resume_step *plan, int n, const char *error,
	    void *data);
	/* The printer confirmed every step (ok), or why it did not; the
	 * heaters are off after a failure. With ok, why is NULL or names a
	 * step the print goes on without (gcode_resume_step.may_fail) and
	 * the firmware's words. */
	void (*prepared)(bool ok, const char *why, void *data);
	void *data;
};

/* Starts reading path up to line lineno; NULL with cause when the file
 * cannot be opened. */
struct host_resume *host_resume_new(struct host *h, const char *path,
    long lineno, const struct host_resume_events *ev, char **cause);
/* The user confirmed the nozzle is above the part: sends the plan. -1
 * with cause (prepared is not called then, the heaters are off) when the
 * plan is not ready or the guard or the link refuses a step. */
int host_resume_go(struct host_resume *r, char **cause);
/* The command of the plan the printer is busy with now ("M190 S60"), or
 * NULL. */
const char *host_resume_doing(const struct host_resume *r);
/* Fraction of the file read towards the line, 0..1. */
double host_resume_progress(const struct host_resume *r);
/* Stops and frees; while the plan is being sent the heaters go off (the
 * commands already queued still run). */
void host_resume_free(struct host_resume *r);

#endif
