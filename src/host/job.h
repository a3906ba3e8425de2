/*
 * job: one G-code file streamed to the printer through the host's feeder,
 * with progress, pause (park the head and remember where it was), resume,
 * and cancel. The file is read as the printer takes lines, never loaded.
 *
 * A job follows the printer, not only the user: //action:pause, resume and
 * cancel from the firmware are obeyed, a guard refusal pauses it with the
 * reason, and a halt or a lost port ends it with the last line the printer
 * confirmed, so the print can be resumed from there.
 */
#ifndef LL_HOST_JOB_H
#define LL_HOST_JOB_H

#include <stdbool.h>
#include <stdint.h>

#include "host.h"
#include "stream.h"

struct job;

enum job_state {
	JOB_SCANNING,		/* reading the file before anything is sent */
	JOB_READY,		/* scanned, not started */
	JOB_RUNNING,
	JOB_PAUSING,		/* draining the printer's queue, then parking */
	JOB_PAUSED,
	JOB_RESUMING,		/* restoring position and temperatures */
	JOB_CANCELLING,		/* heaters off, park, motors off */
	JOB_DONE,		/* every line acknowledged */
	JOB_CANCELLED,
	JOB_FAILED,		/* halted, disconnected, or a command failed */
};

struct job_events {
	/* Every state change; reason says why for pauses and failures. */
	void (*state_changed)(enum job_state state, const char *reason,
	    void *data);
	/* Things worth telling the user (firmware complaints, skipped moves). */
	void (*notice)(const char *text, void *data);
	/* The printer answered a line of the file with an error and the print
	 * went on: the line's number, the command and the printer's words
	 * (optional; without it the complaint is a notice). */
	void (*complaint)(long lineno, const char *cmd, const char *message,
	    void *data);
	/* The guard refused a line of the file (the job pauses after it;
	 * optional). */
	void (*refused)(long lineno, const char *cmd, const char *reason,
	    void *data);
	void *data;
};

/*
 * Scans path (the whole file, quickly: totals, layers, estimates) and makes a
 * job for host. NULL with cause ("FILE:LINE: ...") when the file cannot be
 * read or has a line that cannot be sent; nothing is sent then.
 */
struct job *job_new(struct host *host, const char *path,
    const struct job_events *events, char **cause);
/*
 * The same, for a program whose loop must keep running meanwhile (the
 * emergency stop is read there): the job starts in JOB_SCANNING and reads
 * the file in slices of a few milliseconds from the host's loop, then goes
 * to JOB_READY, or to JOB_FAILED with the reason ("FILE:LINE: ...").
 * NULL with cause only when the file cannot be opened. job_start may be
 * called at once: it starts when the scan is done. job_start_at reads up to
 * its line in slices too: the job stays JOB_READY until the line is reached,
 * then goes to JOB_RUNNING (or JOB_FAILED: the printer halted meanwhile).
 */
struct job *job_new_sliced(struct host *host, const char *path,
    const struct job_events *events, char **cause);
/* Detaches from the host (the printer is left as it is) and frees. */
void job_free(struct job *j);

/* Starts streaming from the first line. */
int job_start(struct job *j, char **cause);
/*
 * Starts streaming at file line lineno (from job_resume_line of an earlier
 * run): the lines before are read for progress and modes but not sent. The
 * caller makes sure the printer is homed, heated and positioned first.
 */
int job_start_at(struct job *j, long lineno, char **cause);

/* Pauses (reason shown to the user); -1 when not running. */
int job_pause(struct job *j, const char *reason);
/* Resumes a paused job: heats back up, returns to the print, continues. */
int job_resume(struct job *j);
/* Stops feeding and makes the printer safe: heaters off, park, motors off. */
int job_cancel(struct job *j);

enum job_state job_state(const struct job *j);
const char *job_state_name(enum job_state state);
/* Why the job paused or failed, or NULL. */
const char *job_reason(const struct job *j);
bool job_finished(const struct job *j);	/* DONE, CANCELLED or FAILED */

const struct gcode_scan *job_scan(const struct job *j);
const struct gcode_progress *job_progress(const struct job *j);
const char *job_path(const struct job *j);

/* The file line of the last command the printer confirmed (0: none). */
long job_last_confirmed(const struct job *j);
/* The file line to resume from after a failure (the next command's line). */
long job_resume_line(const struct job *j);
/*
 * The file line of the last command handed to the printer (0: none). When
 * it is past job_last_confirmed, the lines between were sent without a
 * confirmation: the printer may have run some of them (a disconnect eats
 * the ok of a line that ran), so resuming from job_resume_line could run
 * a line twice. Only the user, looking at the part, can tell.
 */
long job_last_sent_line(const struct job *j);
/* Commands the printer acknowledged with a complaint (Unknown command...). */
unsigned long job_complaints(const struct job *j);

#endif
