/*
 * How both faces of the training screen (the curses screen and the plain
 * line mode) start a lesson: one set-up, so the two cannot drift apart on
 * what a lesson run is given (the virtual printer's clock, its faults, the
 * attempt to resume).
 */
#ifndef LL_TUI_LESSON_SETUP_H
#define LL_TUI_LESSON_SETUP_H

#include <stdbool.h>
#include <stdint.h>

#include "lesson.h"
#include "tui.h"

struct lesson_setup {
	struct lesson_run_config rc;
	/* What rc points into: keep the set-up until lesson_run_start. */
	const char *outcomes[64];
	char display[256];
};

/*
 * What the records hold of the learner's earlier work on the lesson:
 * resumable, an attempt left open (Esc, F10, quitting) at its step;
 * stopped, the latest attempt when an emergency stop or a printer fault
 * ended it part-way (the records keep it as ended by an error, so it is not
 * resumable as such; a new attempt can begin at its step, with its seed,
 * so the same questions are drawn).
 */
struct lesson_found {
	int64_t resumable;	/* its id, 0: none */
	int resumable_step;	/* 0-based */
	uint64_t resumable_seed;
	bool stopped;
	int stopped_step;	/* 0-based */
	uint64_t stopped_seed;
};

/*
 * Reads what lesson_found says: it may wait for the records (a server, a
 * file another process holds locked), so the training screen calls it on
 * its records worker, never on the loop that serves the emergency stop.
 */
int lesson_find(struct rec_store *s, const char *learner_id,
    const char *module_id, const char *lesson_id, struct lesson_found *out,
    char **cause);

/*
 * What a lesson reads of the learner's records (its observations, every
 * outcome; the latest print of their own file), read with lesson_find on a
 * records worker and given to the run, so that a lesson never reads them on
 * the loop; *_error: why they could not be read (a lesson asking for them
 * is told so, not "none").
 */
struct lesson_reads {
	struct rec_result *obs;
	size_t nobs;
	char *obs_error;
	struct rec_own_print_found own;
	bool own_known;
	char *own_error;
};
/* On the worker; out is empty before. */
void lesson_reads_fetch(struct rec_store *s, const char *learner_id,
    struct lesson_reads *out);
/* Nothing could be read (the worker had no store): cause says why. */
void lesson_reads_failed(struct lesson_reads *r, const char *cause);
/* Moves from into to, whose own are freed first; from is left empty. */
void lesson_reads_take(struct lesson_reads *to, struct lesson_reads *from);
void lesson_reads_clear(struct lesson_reads *r);

/*
 * Fills s->rc for lesson l of module m. found's resumable attempt (found
 * NULL or no such attempt: none) is resumed when resume is set, at the step
 * and with the seed found (no records read here), else closed as cancelled.
 * goon_step > 0 goes on from that step of a stopped attempt, with its
 * seed. reads (kept until lesson_run_start) are what the lesson reads of
 * the records. The caller sets rc.ops and rc.ui_data.
 */
void lesson_setup(struct lesson_setup *s, const struct tui_config *cfg,
    const struct tui_module *m, const struct tui_lesson *l,
    const char *learner_id, const char *lang,
    const struct lesson_found *found, const struct lesson_reads *reads,
    bool resume, int goon_step, uint64_t goon_seed);

#endif
