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
 * Fills s->rc for lesson l of module m. An unfinished attempt of the
 * learner's is resumed when resume is set, else closed as cancelled.
 * goon_step > 0 goes on from that step of a stopped attempt, with its
 * seed (so the same questions are drawn). The caller sets rc.ops and
 * rc.ui_data.
 */
void lesson_setup(struct lesson_setup *s, const struct tui_config *cfg,
    const struct tui_module *m, const struct tui_lesson *l,
    const char *learner_id, const char *lang, bool resume, int goon_step,
    uint64_t goon_seed);

/*
 * The learner's latest attempt at the lesson, when an emergency stop or a
 * printer fault ended it part-way: the records keep it as ended by an
 * error, so it is not resumable as such; a new attempt can begin at its
 * step (*step, 0-based), with its seed.
 */
bool lesson_stopped_attempt(const struct tui_config *cfg,
    const char *learner_id, const struct tui_module *m,
    const struct tui_lesson *l, int *step, uint64_t *seed);

#endif
