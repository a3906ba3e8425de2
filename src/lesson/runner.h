/*
 * Internal to the lesson runtime (runner.c, bind_*.c): the sandboxed
 * state and the run's private structure. Nothing outside src/lesson/
 * includes this.
 */
#ifndef LL_LESSON_RUNNER_H
#define LL_LESSON_RUNNER_H

#include <lua.h>
#include <lauxlib.h>

#include "lesson.h"
#include "sandbox.h"

#if LUA_VERSION_RELEASE_NUM < 50406
#define vm_closethread(co, from) lua_resetthread(co)
#else
#define vm_closethread(co, from) lua_closethread(co, from)
#endif

/* {====== the lesson's state: a sandbox (sandbox.h) */

/* The run that owns L (stored in the state's extra space). */
static inline struct lesson_run *
vm_owner(lua_State *L)
{
	return sandbox_owner(L);
}
/* What the lesson is told when the budget runs out. */
#define VM_KILL_MESSAGE "the lesson used too many instructions without " \
    "waiting (an endless loop?)"
/* A busy lesson gives the loop its turn this often (the emergency stop is
 * read between two slices). */
#define VM_SLICE_MS 10

/* }====== */

/* What a waiting call is waiting for. */
enum run_wait {
	WAIT_NONE,
	WAIT_ASK,
	WAIT_CONFIRM,
	WAIT_PAUSE,
	WAIT_SIGNOFF,
	WAIT_SLEEP,
	WAIT_SEND,
	WAIT_TEMP,
	WAIT_PRINT,
	WAIT_GCHECK,		/* a G-code file checked in slices */
};

/* The result a waiting call is resumed with, kept in C until the resume. */
enum run_push {
	PUSH_NOTHING,
	PUSH_LINES,		/* a table of reply lines */
	PUSH_ANSWER,		/* { picks = {...}, number = n } */
	PUSH_BOOL,
	PUSH_SIGNOFF,		/* trainer id, passed */
	PUSH_STATUS,		/* printer.status() table */
	PUSH_PRINT,		/* { lines =, seconds = } */
	PUSH_GCHECK,		/* the file check's table (bind_gcode.c) */
};
struct run_result {
	bool ready;
	bool ok;
	char *why;		/* "timeout", "fault", "refused", "error" */
	char *message;
	enum run_push push;
	char **lines;
	size_t nlines;
	int *picks;
	size_t npicks;
	double number;
	long count;		/* PUSH_PRINT: commands printed */
	bool yes;
	char *trainer;
};

/* Host commands of one send, outliving a cancelled wait if they must. */
struct run_cmd {
	struct lesson_run *run;	/* NULL once the run no longer cares */
	unsigned seq;		/* the wait it belongs to */
	int outstanding;	/* commands not yet done */
	bool motion;
	struct run_cmd *next;
};

enum run_phase {
	PHASE_READY,		/* scheduled, not yet resumed */
	PHASE_RUNNING,		/* inside lua_resume */
	PHASE_WAITING,		/* yielded on a wait */
	PHASE_DONE,
};

struct po_cat;

struct lesson_run {
	struct lesson_run_config cfg;	/* strings below are copies */
	char *path, *display_name, *module_dir, *module_id, *module_version,
	    *module_hash, *learner_id, *station, *printer_profile, *lang,
	    *gcode_dir;
	char **outcomes;
	size_t noutcomes;
	/* The observations the run was given (cfg.observations_given), and
	 * those it recorded itself since. */
	struct rec_result *seen;
	size_t nseen;
	char *seen_error;
	/* The latest own-file print given (cfg.own_print_given) or handed
	 * over since (lesson_run_own_print). */
	struct rec_own_print_found own;
	bool own_known;
	char *own_error;

	struct sandbox *vm;
	lua_State *co;		/* the lesson's coroutine */
	int co_ref;		/* anchors co in the registry */
	int main_ref;		/* prelude's main(def, first) */
	int def_ref;		/* the lesson definition */
	char *title;
	char *lesson_id;
	int nsteps;
	int first_step;
	int step;		/* 0-based step running */

	int64_t attempt_id;
	uint64_t seed;
	uint64_t started_ms;
	double slept_s;		/* sleeps skipped by cfg.instant_sleep */
	/* A trainer's yes covers the next wait only (the command asked
	 * about): granted when that wait starts, gone at the one after. */
	bool grant_next, granted;
	char *grant_trainer;	/* who said yes */

	enum run_phase phase;
	enum lesson_status status;
	struct loop_timer *kick;	/* resumes from the loop, never inline */
	bool cancel_requested;
	char *cancel_reason;
	int resume_nargs;	/* values for the first resume */
	bool paused;		/* yielded for the loop: resume on the budget left */

	enum run_wait wait;
	unsigned wait_seq;
	struct run_result res;
	struct loop_timer *timer;	/* sleep and wait timeouts */
	uint64_t wait_started;
	double wait_timeout;	/* seconds, 0: none */
	uint64_t wait_last_banner;
	struct lesson_wait banner;
	char *banner_what;

	/* WAIT_TEMP */
	bool want_nozzle, want_bed, want_below;
	double nozzle_limit, bed_limit, within;

	/* WAIT_ASK / WAIT_SIGNOFF */
	enum lesson_question_kind q_kind;
	size_t q_nchoices;
	char *sign_id, *sign_outcome, *sign_prompt;
	char *sign_error;	/* why the previous try failed */
	int sign_try;
	bool sign_reprompt;	/* ask the front end again from the loop */
	bool sign_observation;
	struct lesson_pin_check *pin_check;	/* a PIN being hashed */
	void *pin_check_answer;	/* its context, freed by its answer */

	/* The printer. */
	int listener;		/* host listener id, -1 none */
	int lastword;		/* closes the attempt if layerlab crashes; -1 */
	struct run_cmd *cmds;	/* outstanding sends */
	bool heated;		/* the lesson set a heater target above 0 */
	int motion_outstanding;
	char *fault;		/* a fault seen since the last printer wait */
	bool ended_by_fault;
	bool link_seen_ready;	/* the handshake completed while attached */
	bool fault_silent;	/* fault: the printer never answered */
	struct run_job *job;	/* print_file in progress */
	struct run_gcheck *gcheck;	/* check_gcode in progress or done */

	/* Records. */
	struct run_verdict {
		char *outcome;
		bool passed;
	} *verdicts;		/* latest result per outcome in this run */
	size_t nverdicts;
	char *records_error;	/* the attempt's end could not be written */

	/* Translations (bind_i18n.c): the catalogues of the run's language
	 * chain, read at the first text. */
	struct po_cat *po_cats[LESSON_LANG_MAX];
	int npo_cats;
	bool po_loaded;
};

/* runner.c */
uint64_t run_random_seed(void);
void run_ready(struct lesson_run *run);	/* res filled: resume soon */
void run_result_clear(struct run_result *r);
void run_fail_wait(struct lesson_run *run, const char *why,
    const char *fmt, ...) LL_PRINTF(3, 4);
/* Ends the current wait's timers and listeners (not the result). */
void run_wait_end(struct lesson_run *run);
void run_arm_timeout(struct lesson_run *run, double seconds);
/* The lesson's clock in seconds since it started, and real milliseconds
 * for lesson seconds (cfg.time_scale). */
double run_elapsed(const struct lesson_run *run);
uint64_t run_real_ms(const struct lesson_run *run, double seconds);
/* The longest a lesson may wait or sleep in one call: a day. */
#define RUN_MAX_WAIT_S 86400
/* The optional "timeout" field of the options table at idx, checked: 0 when
 * absent, a Lua error unless 0 to RUN_MAX_WAIT_S seconds. */
double run_opt_timeout(lua_State *L, int idx, const char *what);
char *run_resolve_path(struct lesson_run *run, const char *rel, char **cause);

/* The wait parts of H.wait: -1 not this binding's kind, 0 yield, > 0
 * settled at once with that many values pushed. */
int bind_ui_wait(lua_State *L, struct lesson_run *run, const char *kind);
/* H.layer_text: one layer of a G-code file as text; H.own_print: the
 * learner's latest own-file print (bind_gcode.c). */
int bind_gcode_layer_text(lua_State *L);
int bind_gcode_own_print(lua_State *L);
/* H.station_files, and the "gcheck" wait (check_gcode). */
int bind_gcode_station_files(lua_State *L);
int bind_gcode_wait(lua_State *L, struct lesson_run *run, const char *kind);
void bind_gcode_push_result(lua_State *L, struct lesson_run *run);
void bind_gcode_free(struct lesson_run *run);
/* bind_printer.c: an instant sleep asks the printer how it is now. */
bool bind_printer_refresh(struct lesson_run *run);
int bind_printer_wait(lua_State *L, struct lesson_run *run,
    const char *kind);
int bind_time_wait(lua_State *L, struct lesson_run *run, const char *kind);
/* Pushes false, why, message: a wait that failed before it began. */
int run_fail_now(lua_State *L, const char *why, const char *fmt, ...)
    LL_PRINTF(3, 4);

/* bind_ui.c */
void bind_ui_register(lua_State *L);
/* Work the loop does for the front end (a sign-off asked again). */
void bind_ui_kick(struct lesson_run *run);
/* Drops a PIN check still running when the run ends. */
void bind_ui_forget_pin_check(struct lesson_run *run);
/* bind_printer.c */
void bind_printer_register(lua_State *L);
void bind_printer_attach(struct lesson_run *run);
void bind_printer_detach(struct lesson_run *run);
/* Detaches and frees what the printer side holds (a finished print). */
void bind_printer_free(struct lesson_run *run);
/* Leaves the printer safe after an abnormal end or completion. */
void bind_printer_make_safe(struct lesson_run *run, bool abnormal);
void bind_printer_timeout(struct lesson_run *run);
void bind_printer_push_status(lua_State *L, struct lesson_run *run);
/* The table a wait on a print (print_file, print_wait, ...) returns. */
void bind_printer_push_print(lua_State *L, struct lesson_run *run,
    const struct run_result *r);
/* bind_records.c */
void bind_records_register(lua_State *L);
/* Before the file runs: the attempt to resume (step, seed) or a new seed. */
int bind_records_begin(struct lesson_run *run, char **cause);
/* After it loaded: records a new attempt (a resumed one exists). */
int bind_records_start_attempt(struct lesson_run *run, char **cause);
int bind_records_step(struct lesson_run *run, const char *step_id,
    char **cause);
/* True when the latest result of every outcome checked in this run passed. */
bool bind_records_all_passed(const struct lesson_run *run);
/* Copies the observations and the own print cfg gives (the caller's
 * memory is not kept). */
void bind_records_take_given(struct lesson_run *run);
void bind_records_free(struct lesson_run *run);
void bind_records_finish(struct lesson_run *run);
/* bind_time.c */
void bind_time_register(lua_State *L);
/* bind_i18n.c */
void bind_i18n_register(lua_State *L);
void bind_i18n_free(struct lesson_run *run);

/* A C-side check raised as a Lua error without position (the runner adds
 * the lesson's file and line). */
int run_error(lua_State *L, const char *fmt, ...) LL_PRINTF(2, 3);
/* Sets a field of the table on top of the stack (a NULL string: none). */
void run_set_string(lua_State *L, const char *key, const char *value);
void run_set_number(lua_State *L, const char *key, double value);
void run_set_integer(lua_State *L, const char *key, lua_Integer value);
/* The text of field k of the table at idx, or NULL. */
const char *run_field_string(lua_State *L, int idx, const char *k);

#endif
