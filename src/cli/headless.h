/*
 * The headless front end of the lesson runner: answers questions,
 * confirmations and sign-offs from an answer file (docs/lesson-api.md,
 * "Headless runs and answer files") and prints the lesson as a plain-text
 * transcript. The TUI implements the same lesson_ui_ops interactively.
 */
#ifndef LL_CLI_HEADLESS_H
#define LL_CLI_HEADLESS_H

#include <stdbool.h>
#include <stdio.h>

#include "lesson.h"

struct headless;

/* Reads the answer file; NULL with cause ("FILE:LINE: ...") when malformed. */
struct headless *headless_new(const char *answers_path, FILE *out,
    struct loop *loop, char **cause);
void headless_free(struct headless *hl);
const struct lesson_ui_ops *headless_ops(void);

/*
 * The trainee's hands on the printer: the emergency stop key, and the reset
 * button (NULL when the printer cannot be reset from here: only the virtual
 * printer can). An answer file presses them (expect_stop: "drill.stop = 3",
 * confirm: "drill.reset = reset").
 */
void headless_set_printer(struct headless *hl, void (*stop)(void *),
    int (*reset)(void *, char **), void *arg);

/*
 * The trainer's fault list on the virtual printer (the trainer screen's
 * Faults tab): a confirmation answered "fault NAME" plays that fault, as a
 * trainer does while the lesson waits, then answers yes. NULL: no faults.
 */
void headless_set_faults(struct headless *hl,
    int (*play)(void *, const char *, char **));

/*
 * The virtual printer's switches and faults by name (sim_inject_name; NULL
 * on a real printer): a confirmation answered "hold x_min" presses and
 * holds that switch, "release" lets go (then both answer yes). Plays each
 * "virtual.fault = NAME" line of the file at once (the trainer's fault
 * menu before the lesson starts); -1 with cause ("FILE:LINE: ...") when
 * one cannot be played.
 */
int headless_set_virtual(struct headless *hl,
    int (*virtual_cmd)(void *, const char *, char **), char **cause);

/* After the run: did it finish, how, and did every checked outcome pass. */
bool headless_finished(const struct headless *hl);
enum lesson_status headless_status(const struct headless *hl);
const char *headless_message(const struct headless *hl);
/* The outcomes whose latest result in this run failed, ", "-joined, or NULL. */
char *headless_failed_outcomes(const struct headless *hl);
/* Answers in the file that no question asked for (a typo in an id?). */
void headless_report_unused(const struct headless *hl, FILE *f);

#endif
