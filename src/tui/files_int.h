/*
 * Internal to the "print a file" screen (F6): its state, shared by the file
 * list, statistics, check and preview (screen_files.c) and the print started
 * from it (files_print.c).
 */
#ifndef LL_TUI_FILES_INT_H
#define LL_TUI_FILES_INT_H

#include "job.h"
#include "loop.h"
#include "precheck.h"
#include "preview.h"
#include "records.h"
#include "resume_prep.h"
#include "stats.h"
#include "tui_int.h"

#define MAX_FILES 256

struct files_view {
	char *paths[MAX_FILES];
	int n, cursor, scroll;
	/* The file opened. */
	char *path;
	struct gcode_machine m;
	struct gcode_stats_run *run;
	struct gcode_layer_index ix;
	bool have_stats;
	struct gcode_stats stats;
	/* The file's SHA-256, taken on the statistics pass: the evidence of
	 * a print names exactly the bytes that were checked. */
	struct rec_sha256 *hasher;
	char sha256[65];
	struct host_precheck *check;
	bool checked, check_ok;
	char *report;
	char *error;
	int layer;
	char *preview;
	int preview_layer, preview_width;
	struct loop_timer *timer;
	/* The print, once started from here. */
	struct job *job;
	bool job_over;
	double nozzle_max, bed_max;	/* temperatures seen while printing */
	struct rec_heat_span first_nozzle, first_bed;	/* in layers 1–2 */
	char job_result[128];
	/* What the host sent to cancel it, one command per line (M6.LO4
	 * judges a cancel from these), and the last line number kept, so a
	 * line sent again after a resend is kept once. */
	char cancel_sent[1024];
	long cancel_lineno;
	int listener;
	/* The printer waits for the trainee (M600, M0): its question. */
	bool prompt_open;
	char prompt_text[256];
	char prompt_buttons[4][48];
	int prompt_n;
	uint64_t paused_for_user_ms;	/* the latest "busy: paused for user" */
	/* After a halt or a lost port: where the print can go on. */
	long stop_confirmed, stop_resume, stop_sent;
	struct host_resume *resume;
	long resume_line;	/* the line the resume goes on from */
	long resumed_from;	/* the running job's, for its evidence */
	bool resume_confirmed;	/* the trainee said the nozzle is over the part */
};

/* screen_files.c: one line of text from y in a role; the next row. */
int files_para(struct tui *t, int y, int x, int w, int role,
    const char *text);
/* The same wrapped to w columns, at most 3 rows. */
int files_wrapped(struct tui *t, int y, int x, int w, int role,
    const char *text);

/* files_print.c */
void files_print_listen(struct tui *t, struct files_view *v);
void files_print_unlisten(struct tui *t, struct files_view *v);
/* The file is closed: no print to go on with any more. */
void files_print_forget(struct files_view *v);
/* p: prints the checked file from its first line. */
void files_print_start(struct tui *t, struct files_view *v);
/* R: goes on after a halt or a lost port, once the trainee confirms. */
void files_print_resume(struct tui *t, struct files_view *v);
/* c while the printer is made ready: stops that (heaters off). */
void files_print_stop_resume(struct files_view *v);
/* a: the printer's open question again. */
void files_print_ask_again(struct tui *t, struct files_view *v);
/* The print's lines from y; returns the row after them. */
int files_print_draw(struct tui *t, struct files_view *v, int y, int x,
    int w);

#endif
