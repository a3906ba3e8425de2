/*
 * lesson: runs one Lua lesson (docs/lesson-api.md) as a coroutine inside the
 * event loop, in a sandbox with a memory cap and an instruction budget.
 *
 *                    lesson_ui_ops (show, ask, confirm, sign-off, waits)
 *   front end  ◄──────────────────────────────────────────────  runner
 *  (TUI, headless) ──────────────────────────────────────────►  (coroutine)
 *                    lesson_run_answer/_confirm/_continue/         │   │
 *                    _signoff/_cancel                              │   │
 *                                                       host_send ─┘   └─ rec_*
 *
 * The runner never blocks and never calls back into the front end from the
 * front end's own calls: answers given inside an ops callback are stored and
 * acted on from the loop a moment later, so a front end may answer at once
 * (headless) or minutes later (a trainee at the TUI).
 *
 * Strings handed to ops callbacks are already resolved to the run's
 * language (docs/lesson-api.md, "Texts and languages") and are valid only
 * during the call: copy what must be kept. Texts may carry inline markup:
 * **strong**, *emphasis*, `code`.
 */
#ifndef LL_LESSON_H
#define LL_LESSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "host.h"
#include "loop.h"
#include "records.h"

struct lesson_run;

/* Defaults; a lesson that reaches them ends with an error. */
#define LESSON_MEMORY_CAP (64u << 20)		/* bytes of Lua heap */
#define LESSON_INSTRUCTION_BUDGET 10000000L	/* per resume */

/* One content block. Fields not used by a kind are NULL/0. */
enum lesson_block_kind {
	LESSON_BLOCK_HEADING,
	LESSON_BLOCK_SUBHEADING,
	LESSON_BLOCK_PARAGRAPH,
	LESSON_BLOCK_LIST,	/* items, ordered */
	LESSON_BLOCK_CODE,	/* text (preformatted), lang hint or NULL */
	LESSON_BLOCK_TABLE,	/* header (ncols, may be NULL), cells */
	LESSON_BLOCK_FIGURE,	/* text: ASCII art, never wrapped; caption */
	LESSON_BLOCK_NOTE,
	LESSON_BLOCK_WARNING,	/* safety: must stand out */
};
struct lesson_block {
	enum lesson_block_kind kind;
	const char *text;
	const char *caption;
	const char *lang;
	bool ordered;
	const char *const *items;
	size_t nitems;
	const char *const *header;	/* ncols entries, or NULL */
	size_t ncols;
	const char *const *cells;	/* nrows * ncols, row by row */
	size_t nrows;
};

/*
 * A graded question. Choices are listed in the order to show them (maybe
 * shuffled); origin[i] is choice i's number as the lesson wrote it (1-based),
 * which is what answer files use. True/false questions come as two choices,
 * "true" first. Ordering questions list their items shuffled; the trainee
 * puts all of them in order.
 */
enum lesson_question_kind {
	LESSON_Q_SINGLE,
	LESSON_Q_MULTI,
	LESSON_Q_TRUEFALSE,
	LESSON_Q_NUMERIC,
	LESSON_Q_ORDER,
};
struct lesson_question {
	const char *id;
	enum lesson_question_kind kind;
	const char *text;
	const char *const *choices;
	const int *origin;
	size_t nchoices;
	const char *unit;	/* numeric: "°C", or NULL */
	int try_no;		/* 1 for the first answer */
	int tries;		/* answers allowed */
	int quiz_index;		/* 1-based position in a quiz, 0 outside one */
	int quiz_count;
};
/*
 * An answer. picks are indexes into the choices as shown (0-based):
 * SINGLE and TRUEFALSE one, MULTI any number, ORDER every item in the
 * trainee's order. NUMERIC uses number.
 */
struct lesson_answer {
	const int *picks;
	size_t npicks;
	double number;
};

/* Shown after an answer. text and explain may be NULL. */
struct lesson_feedback {
	const char *id;
	bool correct;
	bool final;		/* no tries left, or right */
	const char *text;
	const char *explain;
};

/* A trainer sign-off request; error is why the previous try failed. */
struct lesson_signoff {
	const char *id;
	const char *outcome;
	const char *prompt;
	const char *error;	/* "wrong PIN (4 tries left)", or NULL */
	int try_no;
	/* One occasion the trainer saw (observe): the answer is "seen" or
	 * "not this time", not a verdict on the outcome. */
	bool observation;
};

/* The printer-wait banner. */
enum lesson_wait_kind {
	LESSON_WAIT_COMMAND,	/* a command running (send, home, move) */
	LESSON_WAIT_HEAT,	/* temperatures rising toward targets */
	LESSON_WAIT_COOL,	/* temperatures falling below limits */
	LESSON_WAIT_IDLE,	/* moves finishing */
	LESSON_WAIT_PRINT,	/* a file printing: progress */
	LESSON_WAIT_SLEEP,
};
struct lesson_wait {
	enum lesson_wait_kind kind;
	const char *what;	/* the command or file, or NULL */
	bool has_temps;
	double nozzle, nozzle_target;
	double bed, bed_target;
	double progress;	/* 0..1, or -1 when unknown */
	int layer, layers;	/* printing: the confirmed layer of how many (0: unknown) */
	double eta;		/* printing: seconds left, or -1 when unknown */
	double elapsed;		/* seconds since the wait began */
	double timeout;		/* seconds, 0 for none; a sleep: its length */
	/* Temperature waits: the limit the lesson waits for per heater,
	 * reached within `within` (HEAT) or gone below (COOL). */
	bool goal_nozzle, goal_bed;
	double nozzle_goal, bed_goal;
	double within;
};

/* A result recorded through check or trainer_signoff. */
struct lesson_check {
	const char *outcome;
	enum rec_method method;
	bool passed;
	bool has_score;
	double score, max;
	double pass_mark;	/* fraction of max needed; < 0: none given */
	const char *trainer_id;	/* sign-offs */
	const char *evidence;	/* JSON */
};

/* What the front end learns when the run starts. */
struct lesson_info {
	const char *module_id;
	const char *lesson_id;
	const char *title;
	const char *lang;
	int nsteps;
	int first_step;		/* 0-based step it starts (resumes) at */
	int64_t attempt_id;
	uint64_t seed;
};

enum lesson_status {
	LESSON_RUNNING,
	LESSON_COMPLETED,
	LESSON_CANCELLED,	/* by the front end: the attempt stays resumable */
	LESSON_ERROR,		/* a script error, budget or memory: attempt "error" */
	LESSON_FAULT,		/* a printer fault the lesson did not handle */
};
const char *lesson_status_name(enum lesson_status status);

struct lesson_end {
	enum lesson_status status;
	const char *message;	/* error: "M1/rules.lua:12: ...", cancel: why */
	const char *traceback;	/* lesson frames only, or NULL */
	int step_index;		/* 0-based step reached */
};

/*
 * The front end. Every callback is optional. Those that wait (ask,
 * confirm, pause, signoff) must, now or later, lead to exactly one
 * lesson_run_answer/_confirm/_continue/_signoff (a sign-off with a wrong
 * PIN calls signoff again, with error set), or a cancel. Without pause the
 * lesson goes straight on; without ask, confirm or signoff the waiting
 * call fails with an error the lesson can catch.
 */
struct lesson_ui_ops {
	void (*begin)(const struct lesson_info *info, void *data);
	/* A step starts: index 0-based of count. */
	void (*step)(int index, int count, const char *title, void *data);
	void (*show)(const struct lesson_block *block, void *data);
	void (*ask)(struct lesson_run *run, const struct lesson_question *q,
	    void *data);
	void (*feedback)(const struct lesson_feedback *fb, void *data);
	/* Yes/no, not graded. */
	void (*confirm)(struct lesson_run *run, const char *id,
	    const char *text, void *data);
	/* "Continue" (text NULL at the end of a step). */
	void (*pause)(struct lesson_run *run, const char *text, void *data);
	void (*signoff)(struct lesson_run *run, const struct lesson_signoff *s,
	    void *data);
	/* The lesson now wants the trainee to press the emergency stop (its
	 * text came just before as a warning block). Nothing waits for an
	 * answer: the stop key is live in every state anyway; a front end
	 * that plays the trainee (headless) may press it. */
	void (*expect_stop)(struct lesson_run *run, const char *id,
	    void *data);
	/* The banner: on start, on each change (at most twice a second), and
	 * NULL when the wait ends. */
	void (*wait)(const struct lesson_wait *w, void *data);
	void (*checked)(const struct lesson_check *c, void *data);
	/* print() from the lesson: for authors, not trainees. */
	void (*print)(const char *text, void *data);
	/* The run ended; called once. Do not free the run inside. */
	void (*finished)(const struct lesson_end *end, void *data);
};

struct lesson_run_config {
	struct loop *loop;
	struct host *host;		/* NULL: printer.* raise "no printer" */
	struct rec_store *store;
	/* The station's copy of trainers (rec_worker_new): a sign-off's PIN
	 * is checked there while the records server is away. NULL: none. */
	const char *records_copy;
	int64_t records_copy_max_age;
	/*
	 * The learner's observations (rec_observation_list, every outcome),
	 * read before the run where a read may wait (the training screen
	 * reads them on its records worker, as the loop that serves the
	 * emergency stop never waits for a server): observations_given set,
	 * and observations_error why they could not be read (then lessons
	 * asking for them get that error). Copied at lesson_run_start.
	 * Unset: observations are read from store when a lesson asks.
	 */
	bool observations_given;
	const struct rec_result *observations;
	size_t nobservations;
	const char *observations_error;
	/*
	 * The same for the learner's latest print of their own file
	 * (rec_own_print_last, any time): own_print_given set, own_print
	 * the print or NULL when there is none, own_print_error why it could
	 * not be read. A print that ends while the run is open is handed to
	 * it with lesson_run_own_print. Unset: read from store when asked.
	 */
	bool own_print_given;
	const struct rec_own_print_found *own_print;
	const char *own_print_error;
	const char *path;		/* the lesson file */
	const char *display_name;	/* for messages ("M1/rules.lua"); NULL: path */
	const char *module_dir;		/* print_file paths are relative to it */
	const char *gcode_dir;		/* trainees' own G-code files (check_gcode) */
	const char *module_id;
	const char *module_version;
	const char *module_hash;
	const char *lesson_id;		/* NULL: the id the file declares */
	const char *const *outcomes;	/* the module's outcome ids, or NULL */
	size_t noutcomes;
	const char *learner_id;
	const char *station;
	const char *printer_profile;
	const char *lang;		/* "en" when NULL */
	int64_t resume_attempt;		/* > 0: continue it at its step */
	/*
	 * The attempt's step and seed as the caller read them off the loop
	 * (the training screen's records worker, or the run being resumed
	 * in another language): resumed without a records read here, which
	 * could wait on a server or a locked file with the stop unserved.
	 */
	bool resume_known;
	int resume_step;
	uint64_t resume_seed;
	int start_step;			/* a new attempt begins at this step
					 * (0-based): going on after a fault
					 * ended the previous one */
	bool has_seed;			/* new attempts: use seed */
	uint64_t seed;
	/*
	 * The lesson's clock (elapsed, sleep, wait timeouts) against the
	 * printer's: time_scale lesson seconds pass per real second (the
	 * virtual printer's --speed; 0 or 1: real time); instant_sleep ends
	 * every sleep at once and counts it as slept (the virtual printer at
	 * speed 0, where heating and moves take no time either).
	 */
	double time_scale;
	bool instant_sleep;
	/* The printer is layerlab's own virtual printer: a lesson's guard
	 * exception (printer.guard_exception) needs no trainer there. */
	bool virtual_printer;
	/* Plays a fault on layerlab's virtual printer for a fault drill
	 * (printer.drill_fault): a name `layerlab sim --fault` knows. NULL
	 * on any other printer, where a lesson cannot make a fault. */
	int (*inject_fault)(const char *fault, char **cause, void *data);
	void *inject_data;
	size_t memory_cap;		/* 0: LESSON_MEMORY_CAP */
	long instruction_budget;	/* 0: LESSON_INSTRUCTION_BUDGET */
	const struct lesson_ui_ops *ops;
	void *ui_data;
};

/*
 * Loads the lesson and checks its definition; on success records the
 * attempt (or takes up resume_attempt) and schedules the first step on the
 * loop. NULL with cause ("file:line: ...") when the file does not load or
 * the lesson is malformed: nothing is recorded then.
 */
struct lesson_run *lesson_run_start(const struct lesson_run_config *cfg,
    char **cause);
/* Cancels first when still running; never from inside an ops callback. */
void lesson_run_free(struct lesson_run *run);

enum lesson_status lesson_run_status(const struct lesson_run *run);
int64_t lesson_run_attempt(const struct lesson_run *run);
/* The step (0-based) the run is at and the seed of its draws. */
void lesson_run_position(const struct lesson_run *run, int *step,
    uint64_t *seed);

/*
 * A print of the learner's own file ended while the run is open (the
 * screen recorded it at time): the lesson's own_print sees it at once,
 * also while the records still wait in the station's outbox.
 */
void lesson_run_own_print(struct lesson_run *run,
    const struct rec_own_print *p, int64_t time);

/* Answers to the waiting request; -1 when nothing of that kind is waiting. */
int lesson_run_answer(struct lesson_run *run, const struct lesson_answer *a);
int lesson_run_confirm(struct lesson_run *run, bool yes);
int lesson_run_continue(struct lesson_run *run);
/*
 * The trainer's id, PIN and verdict; a wrong PIN asks again. The PIN is
 * hashed off the loop: the answer (the next step, or the sign-off asked
 * again) follows from the loop. -1 when no sign-off waits, or one is being
 * checked already.
 */
int lesson_run_signoff(struct lesson_run *run, const char *trainer_id,
    const char *pin, bool passed);

/*
 * A trainer's PIN checked by rec_trainer_check_pin on a worker thread with
 * a records handle of its own (pincheck.c): done(rc, locked_seconds, cause)
 * is called later from the loop, never from inside this call; rc 0 is the
 * right PIN. lesson_pin_check_cancel (before done) means done is never
 * called; a wrong PIN is counted all the same.
 */
struct loop;
struct lesson_pin_check;
typedef void (*lesson_pin_done)(int rc, int locked_seconds, const char *cause,
    void *data);
struct lesson_pin_check *lesson_pin_check_start(struct loop *loop,
    struct rec_store *store, const char *copy_path, int64_t copy_max_age,
    const char *trainer_id, const char *pin, lesson_pin_done done,
    void *data);
void lesson_pin_check_cancel(struct lesson_pin_check *pc);
/*
 * Stops the lesson wherever it is (reason NULL: "cancelled"): heaters the
 * lesson turned on go off, a print is cancelled, moves stop; the attempt
 * stays open at its step. finished follows from the loop.
 */
void lesson_run_cancel(struct lesson_run *run, const char *reason);

/*
 * The language fallback chain for tag, ending at "en" (docs/lesson-api.md):
 * fills out with up to max tags and returns how many. Shared with the
 * interface catalogue so lessons and screens agree.
 */
#define LESSON_LANG_MAX 8
int lesson_lang_chain(const char *tag, char out[][16], int max);

#endif
