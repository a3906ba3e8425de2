/*
 * Internal to src/tui/: the screen's state and the pieces the screens share.
 * Curses is included here and nowhere else in the project.
 */
#ifndef LL_TUI_INT_H
#define LL_TUI_INT_H

#include <curses.h>
#include <stdbool.h>
#include <wchar.h>

#include "lesson_setup.h"
#include "text.h"
#include "tui.h"

/* A key: a function key (KEY_* codes) or a character. */
struct tui_key {
	bool fn;
	wint_t code;
};
#define KEY_CTRL(c) ((c) & 0x1f)

/* Colour roles; each has a monochrome fallback attribute. */
enum tui_role {
	ROLE_NORMAL,
	ROLE_TITLE,
	ROLE_BAR,
	ROLE_BAR_KEY,
	ROLE_STOP,
	ROLE_OK,
	ROLE_WARN,
	ROLE_BAD,
	ROLE_HEADING,
	ROLE_CODE,
	ROLE_NOTE,
	ROLE_WARNING,
	ROLE_SELECTED,
	ROLE_DIM,
	ROLE_BANNER,
	ROLE_NOZZLE,
	ROLE_BED,
	ROLE_COUNT,
};

enum tui_screen {
	SCREEN_SIGNIN,
	SCREEN_CATALOGUE,
	SCREEN_LESSON,
	SCREEN_PRINTER,
	SCREEN_CONSOLE,
	SCREEN_TRAINER,
	SCREEN_FILES,
};

/* A one-line editor for answers, names, PINs and console commands. */
struct tui_input {
	wchar_t text[256];
	int len;
	int cursor;
	bool masked;		/* PINs */
	bool digits_only;
};

/* A modal dialog on top of everything. */
enum dialog_kind {
	DIALOG_NONE,
	DIALOG_MESSAGE,		/* text + OK */
	DIALOG_CHOICE,		/* text + buttons */
	DIALOG_INPUT,		/* text + one input line */
};
struct tui;
typedef void (*dialog_cb)(struct tui *t, int button, const char *input);
/* Checks an input dialog's text as it is typed: false keeps the dialog
 * open on Enter. Writes what is wrong, or a hint, into note. */
typedef bool (*dialog_check)(struct tui *t, const char *input, char *note,
    size_t n);
struct tui_dialog {
	enum dialog_kind kind;
	char title[128];
	char text[1024];
	char buttons[4][48];
	int nbuttons;
	int selected;
	struct tui_input input;
	bool urgent;		/* drawn in the stop colours */
	dialog_cb cb;
	int tag;		/* what the dialog is about, for cb */
	char arg[128];
	dialog_check check;	/* input dialogs, optional */
	int input_rows;		/* > 1: the input wraps over that many rows */
	char note[256];		/* the check's words under the input */
	bool note_bad;
};

/* Block kinds of the screen's own next to the lesson's. */
#define BLOCK_FEEDBACK_OK 100
#define BLOCK_FEEDBACK_BAD 101
#define BLOCK_RECORDED 102

/* Copies of what a lesson showed, re-wrapped at every draw. */
struct tui_block {
	enum lesson_block_kind kind;
	char *text;
	char *caption;
	char **items;
	size_t nitems;
	size_t ncols, nrows;	/* tables: header row first when has_header */
	bool has_header;
	bool ordered;
	int role_override;	/* feedback lines: ROLE_OK / ROLE_BAD, else -1 */
};

struct tui_question {
	bool active;
	struct lesson_run *run;
	enum lesson_question_kind kind;
	char *id;
	char *text;
	char **choices;
	size_t nchoices;
	char *unit;
	int cursor;
	bool picked[32];
	int order[32];		/* ORDER: the current arrangement */
	bool grabbed;
	int try_no, tries, quiz_index, quiz_count;
	struct tui_input input;	/* NUMERIC */
};

enum tui_pending {
	PENDING_NONE,
	PENDING_CONFIRM,
	PENDING_CONTINUE,
	PENDING_SIGNOFF,
};

#define TUI_HISTORY 300
#define TUI_TRAINER_IDLE_MS (10 * 60 * 1000)		/* temperature samples, one a second */
#define TUI_CONSOLE_LINES 500

struct tui_console_line {
	char *text;
	int role;
};

struct tui {
	const struct tui_config *cfg;
	char lang[16];
	bool dirty;
	bool quit;
	bool colour;
	int rows, cols;
	enum tui_screen screen;
	enum tui_screen back;	/* where Esc from printer/console/help goes */
	bool help;
	struct tui_dialog dialog;
	char flash[256];	/* a one-line message in the status strip */
	uint64_t flash_until;

	/* Who is at the station. */
	char *learner_id;
	char *learner_name;
	char *trainer_id;	/* trainer mode when set */
	char *trainer_name;

	/* Sign-in screen. */
	struct rec_learner *learners;
	size_t nlearners;
	struct rec_group *groups;
	size_t ngroups;
	int signin_cursor;

	/* Catalogue screen. */
	const struct tui_module *modules;
	int nmodules;
	int cat_module, cat_lesson;	/* selection */
	bool cat_in_lessons;
	struct rec_achievement *achieved;
	size_t nachieved;
	struct rec_result *results;	/* the learner's, for "in progress" */
	size_t nresults;

	/* Lesson screen. */
	struct lesson_run *run;
	char *run_title;
	int step_index, step_count;
	char *step_title;
	struct tui_block *blocks;
	size_t nblocks, blocks_cap;
	int scroll;		/* first transcript line shown */
	bool follow;		/* keep the end in view */
	struct tui_question q;
	enum tui_pending pending;
	char *pending_id;
	char *pending_text;
	int confirm_cursor;
	bool waiting;
	struct lesson_wait wait;
	char wait_what[128];
	bool run_finished;
	bool unseen_feedback;	/* keep the page when the next step starts */
	struct lesson_end run_end;
	char *run_message;
	struct lesson_signoff signoff;
	char signoff_outcome[64];
	char signoff_prompt[512];
	bool signoff_observation;	/* seen or not, not a verdict */
	char signoff_error[128];
	int signoff_stage;	/* 0 trainer, 1 PIN, 2 verdict */
	int signoff_trainer;
	struct rec_trainer *trainers;
	size_t ntrainers;
	char signoff_pin[64];

	/* Printer. */
	struct host_status st;
	int listener;
	float hist_nozzle[TUI_HISTORY], hist_bed[TUI_HISTORY];
	float hist_nozzle_t[TUI_HISTORY], hist_bed_t[TUI_HISTORY];
	int hist_len;
	int records_tick;	/* seconds since what waits was said again */
	size_t records_waiting;	/* writes kept at the station, last seen */
	struct rec_worker *worker;	/* the records, off the loop */
	bool records_busy;	/* a records job runs (records_job.c) */
	int records_holding;	/* jobs queued that hold the keys typed */
	/* A job has lasted past a sampler tick: the strip says it waits
	 * (apart from the flash, so a message such as "Signed off" stays). */
	bool records_slow;
	struct records_job *records_jobs;	/* it, and those waiting */
	char records_note[512];	/* signed in from the station's copy: why */
	/* Keys typed while a records job runs wait for its answer (tui.c). */
	struct tui_key held[128];
	int nheld;
	struct loop_timer *sampler;
	char prompt_text[256];
	char prompt_buttons[4][48];
	int prompt_nbuttons;

	/* Console. */
	struct tui_console_line console[TUI_CONSOLE_LINES];
	int console_head, console_len;
	int console_scroll;
	struct tui_input console_input;
	bool console_temps;	/* show temperature traffic (Ctrl-T) */
	unsigned long refusals;	/* guard refusals seen by the listener */
	char *history[64];
	int nhistory, history_pos;

	/* Trainer screen. */
	int trainer_tab;	/* 0 matrix, 1 sign-off, 2 faults, 3 credential */
	int trainer_cursor;
	int trainer_col;
	struct rec_achievement *group_ach;	/* everyone's, for the matrix */
	char *trainer_group;	/* the overview's group: the learner's */
	size_t ngroup_ach;

	struct loop_fd *keyboard;
	FILE *trace;		/* LAYERLAB_TUI_TRACE, for the benchmark */
	uint64_t last_key_ms;	/* trainer mode ends after a quiet while */
	uint64_t wait_start_ms;	/* when the lesson's current wait began */
	int cat_scroll;		/* the catalogue's detail pane */
	char last_fault[64];	/* shown to the trainer, not the trainee */
	char signoff_note[512];	/* between the note and the verdict */
	uint64_t key_us;	/* wall clock of the first unanswered key */
	struct files_view *files;	/* the print-a-file screen (F6) */
	/* The next lesson_view_start goes on from a stopped attempt. */
	struct lesson_found found;	/* the lesson's open attempt, if any */
	/* What the lesson reads of the learner's records, read with found. */
	struct lesson_reads reads;
	/* The latest own-file print this screen recorded, and whose: the
	 * records may not show it yet (an outbox, a server away). */
	struct rec_own_print_found own_here;
	char *own_here_learner;
	/* The head's position the lesson strip last showed: each new one
	 * goes to the debug log, so a test sees every position drawn. */
	char shown_position[64];
	int goon_step;		/* 0-based; 0: from the start */
	uint64_t goon_seed;	/* the stopped attempt's, so draws repeat */
	/* The running lesson, to start it again in another language. */
	int run_module, run_lesson;
	bool relang;		/* cancelled for a language switch */
	bool relang_due;	/* ... and cancelled: start it again */
};

/* tui.c */
void tui_dirty(struct tui *t);
void tui_flash(struct tui *t, const char *fmt, ...) LL_PRINTF(2, 3);
const char *tui_tr(struct tui *t, const char *key);
/* How an outcome was achieved, in the interface language. */
const char *tui_method(struct tui *t, enum rec_method method);
/* The micro-credential's title in the interface language, or NULL. */
const char *tui_credential_title(struct tui *t);
/* The translation of key with {1}..{4} replaced by a1..a4 (NULL: ""). */
void tui_format(struct tui *t, char *out, size_t n, const char *key,
    const char *a1, const char *a2, const char *a3, const char *a4);
void tui_set_screen(struct tui *t, enum tui_screen s);
void tui_emergency_stop(struct tui *t);
void tui_trainer_signout(struct tui *t);
void tui_dialog_message(struct tui *t, const char *title, const char *text,
    bool urgent);
void tui_dialog_choice(struct tui *t, const char *title, const char *text,
    const char *const *buttons, int n, int tag, dialog_cb cb);
void tui_dialog_input(struct tui *t, const char *title, const char *text,
    bool masked, bool digits, int tag, dialog_cb cb);
/* An input dialog whose text is checked as it is typed, starting with
 * initial (NULL: empty). */
void tui_dialog_checked(struct tui *t, const char *title, const char *text,
    const char *initial, int tag, dialog_cb cb, dialog_check check);
void tui_console_add(struct tui *t, int role, const char *fmt, ...)
    LL_PRINTF(3, 4);

/* dialog.c (the tui_dialog_* above are there too) */
/* Keys go to an open dialog first: it is modal. */
bool dialog_key(struct tui *t, struct tui_key k);
void dialog_draw(struct tui *t);

/* printer_link.c */
/* Listens to the printer and reads its state; stop undoes both. */
void printer_link_start(struct tui *t);
/* The one-second sampler (temperature history, banner clock, outbox). */
void printer_link_sample(struct tui *t);
void printer_link_stop(struct tui *t);

/* draw.c */
void draw_init_colours(struct tui *t);
int draw_attr(struct tui *t, int role);
/* Writes UTF-8 text clipped to width columns; returns the columns used. */
int draw_text(int y, int x, const char *s, int width);
int draw_textn(int y, int x, const char *s, size_t len, int width);
void draw_fill(int y, int x, int width, int role, struct tui *t);
void draw_box(int y, int x, int h, int w);
/* Draws wrapped lines with styles; returns the number of lines drawn. */
int draw_lines(struct tui *t, const struct text_lines *tl, size_t first,
    int y, int x, int maxrows, int role);
void draw_input(struct tui *t, int y, int x, int width,
    const struct tui_input *in, bool focused);
void draw_keybar(struct tui *t, const char *const *keys, int n);
/* An input wrapped over rows, the cursor's row in view (long notes). */
void draw_input_rows(struct tui *t, int y, int x, int width, int rows,
    const struct tui_input *in);

/* input.c */
void input_clear(struct tui_input *in);
/* true when the key was used */
bool input_key(struct tui_input *in, struct tui_key k);
/* UTF-8 copy of the text into out (size n). */
void input_text(const struct tui_input *in, char *out, size_t n);
void input_set(struct tui_input *in, const char *utf8);

/* Screens: one file each. draw fills the body rows [top, top + height). */
void signin_enter(struct tui *t);
void signin_draw(struct tui *t, int top, int height);
bool signin_key(struct tui *t, struct tui_key k);
void catalogue_enter(struct tui *t);
void catalogue_draw(struct tui *t, int top, int height);
bool catalogue_key(struct tui *t, struct tui_key k);
void lesson_view_start(struct tui *t, const struct tui_module *m,
    const struct tui_lesson *l, bool resume);
/* false, with a dialog saying why, when a printer lesson cannot start. */
bool lesson_view_printer_ready(struct tui *t, const struct tui_lesson *l);
void lesson_view_draw(struct tui *t, int top, int height);
bool lesson_view_key(struct tui *t, struct tui_key k);
void lesson_view_close(struct tui *t);
/* F5 during a lesson: the lesson follows the interface language, from the
 * start of its current step (false when no lesson runs). */
bool lesson_view_relang(struct tui *t);
/* From the loop, never from a lesson callback. */
void lesson_view_relang_due(struct tui *t);
void lesson_view_free(struct tui *t);
/* Lesson seconds per real second: the virtual printer's speed (>= 1). */
double tui_time_scale(const struct tui *t);
void printer_view_draw(struct tui *t, int top, int height);
bool printer_view_key(struct tui *t, struct tui_key k);
void printer_view_strip(struct tui *t, int y);
void console_view_draw(struct tui *t, int top, int height);
bool console_view_key(struct tui *t, struct tui_key k);
/* Reads the group overview from the records: on entering the screen and
 * after a sign-off, never from the redraw. */
void trainer_view_enter(struct tui *t);
void trainer_view_draw(struct tui *t, int top, int height);
bool trainer_view_key(struct tui *t, struct tui_key k);
void trainer_signin(struct tui *t, enum tui_screen then);
void files_view_enter(struct tui *t);
void files_view_draw(struct tui *t, int top, int height);
bool files_view_key(struct tui *t, struct tui_key k);
void files_view_free(struct tui *t);
/* Key help lines for the current screen: "key\tmeaning". */
int screen_keys(struct tui *t, const char **out, int max);

/*
 * Records work off the loop (records_job.c): work runs on a worker thread
 * with the worker's store (it must touch nothing of the screen: give it
 * what it needs in data), then done on the loop's thread with the cause
 * of a failure (NULL when none). Jobs run one after another, in order.
 */
typedef void (*tui_records_work)(struct rec_store *s, void *data,
    char **cause);
typedef void (*tui_records_done)(struct tui *t, void *data,
    const char *cause);
void tui_records_job(struct tui *t, tui_records_work work,
    tui_records_done done, void *data);
/*
 * A job whose answer only refreshes what the screen shows: keys typed
 * meanwhile act at once, where tui_records_job holds them for the dialog
 * or screen its answer opens.
 */
void tui_records_refresh(struct tui *t, tui_records_work work,
    tui_records_done done, void *data);
/* Hands the keys held during records jobs on, once none runs (tui.c). */
void tui_keys_release(struct tui *t);

#endif
