/*
 * tui: the training screen (ncurses; the only ncurses user). It draws the
 * state that the printer link, the lesson runner and the records keep, and
 * turns keys into calls on them; it owns none of that state.
 *
 * Everything runs in the caller's loop: the keyboard is one more fd, redraws
 * happen once per loop iteration when something changed, and nothing here
 * ever waits.
 */
#ifndef LL_TUI_H
#define LL_TUI_H

#include <stdbool.h>

#include "host.h"
#include "lesson.h"
#include "loop.h"
#include "records.h"

/* One lesson as the catalogue screen lists it. */
struct tui_lesson {
	const char *id;
	const char *title;	/* in the interface language */
	const char *path;	/* the lesson file */
	bool needs_printer;	/* it cannot start while the printer is stopped */
};

/* One learning outcome of a module. */
struct tui_outcome {
	const char *id;
	const char *title;	/* short name, or NULL */
	const char *text;	/* in the interface language */
	const char *assessed_by;	/* "quiz", "printer", "trainer" */
};

/* One installed module, resolved to the interface language. */
struct tui_module {
	const char *id;
	const char *version;
	const char *hash;
	const char *dir;
	const char *title;
	const char *summary;
	const char *const *prerequisites;
	int nprerequisites;
	const struct tui_outcome *outcomes;
	int noutcomes;
	const struct tui_lesson *lessons;
	int nlessons;
};

/*
 * What the screen needs from the rest of the program, filled by the caller
 * (cli). Callbacks are optional unless noted.
 */
struct tui_config {
	struct loop *loop;
	struct host *host;
	struct rec_store *store;
	/* The station's copy of learners and trainers (a file), used while
	 * the records server is away; a trainer signs in from it for at
	 * most records_copy_max_age seconds after it was taken (0: always). */
	const char *records_copy;
	int64_t records_copy_max_age;
	const char *lang;
	const char *station;
	const char *printer_profile;
	const char *port;
	const char *gcode_dir;	/* trainees' own files; USB sticks are added */
	/* The installed modules for a language (called again when the
	 * interface language changes); the array stays valid until the next
	 * call or tui_run returns. Required. */
	const struct tui_module *(*modules)(const char *lang, int *n, void *data);
	/* The micro-credential a learner works toward: outcome ids required,
	 * and issuing it (trainer mode). */
	const char *credential_title;
	/* Its title in another interface language (NULL: credential_title). */
	const char *(*credential_title_tr)(const char *lang, void *data);
	const char *const *credential_outcomes;
	int ncredential_outcomes;
	int (*issue_credential)(const char *learner_id, char **out_path,
	    char **cause, void *data);
	/* Faults the virtual printer can play (NULL when on a real printer). */
	const char *const *faults;
	int nfaults;
	int (*inject_fault)(const char *fault, char **cause, void *data);
	/* A real printer found on USB while on the virtual one: offered at
	 * start. Choosing it calls use_port and ends tui_run, so the caller
	 * can reconnect and run the screen again. */
	const char *offer_port;
	const char *offer_name;
	void (*use_port)(void *data);
	/* Resets the printer and connects again (trainer, after a halt). */
	int (*reset_printer)(char **cause, void *data);
	/* The printer is layerlab's virtual printer, whose clock runs
	 * sim_speed times faster than real time (0: moves and heating take
	 * no time). A trainee may press its reset button from the screen, as
	 * on a real printer's display; lessons need no trainer for their
	 * guard exception there. */
	bool virtual_printer;
	double sim_speed;
	/* A translated interface string (never NULL: the key itself when
	 * unknown). Required. */
	const char *(*tr)(const char *lang, const char *key, void *data);
	/* Languages offered by the language switch. */
	const char *const *langs;
	int nlangs;
	void *data;
};

/* Runs the screen until the user quits; -1 with cause when the terminal
 * cannot be used (not a terminal, no UTF-8 locale, ...). */
int tui_run(const struct tui_config *cfg, char **cause);

/*
 * The same station as plain lines and numbered choices on standard input
 * and output, for a screen reader or a braille display: no cursor
 * addressing, every cue in words, "stop" or Ctrl-C for the emergency stop.
 * Runs until quit or the end of input; the heaters are off on every way
 * out.
 */
int tui_run_plain(const struct tui_config *cfg, char **cause);

#endif
