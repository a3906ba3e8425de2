/*
 * Internal to the plain line mode (plain.c, plain_lesson.c): the training
 * station for a screen reader or a braille display. Everything is a line
 * of text and every choice a number; nothing moves a cursor. No curses
 * here.
 */
#ifndef LL_PLAIN_INT_H
#define LL_PLAIN_INT_H

#include <stdbool.h>
#include <stdio.h>
#include <termios.h>

#include "core.h"
#include "lesson_setup.h"
#include "text.h"
#include "tui.h"

/* What a line typed now answers. */
enum plain_state {
	PLAIN_SIGNIN,		/* a learner's number */
	PLAIN_MODULES,		/* a module's number */
	PLAIN_LESSONS,		/* a lesson's number, or back */
	PLAIN_RESUME,		/* 1 resume, 2 start again */
	PLAIN_LESSON,		/* the running lesson: see plain_pending */
	PLAIN_LESSON_OVER,	/* Enter: back to the lessons */
};

/* What the running lesson waits for from the trainee. */
enum plain_pending {
	PLAIN_NOTHING,		/* it works; only commands are read */
	PLAIN_ANSWER,		/* a question */
	PLAIN_CONFIRM,		/* yes or no */
	PLAIN_CONTINUE,		/* Enter */
	PLAIN_TRAINER,		/* sign-off: the trainer's number */
	PLAIN_PIN,		/* sign-off: the PIN, not echoed */
	PLAIN_VERDICT,		/* sign-off: 1 competent, 2 not yet */
};

#define PLAIN_MAX_CHOICES 32

struct plain {
	const struct tui_config *cfg;
	char lang[16];
	FILE *out;
	bool quit;
	bool stdin_tty;
	bool echo_off;
	struct termios saved_tio;
	struct loop_fd *input;
	struct buf inbuf;
	int listener;
	struct host_status st;
	struct loop_timer *ticker;	/* wait news, every few seconds */
	enum plain_state state;

	/* Who is at the station. */
	char *learner_id;
	char *learner_name;
	struct rec_learner *learners;
	size_t nlearners;

	/* The catalogue. */
	const struct tui_module *modules;
	int nmodules;
	int module, lesson;
	/* A lesson left part-way: resume it, or go on after a stop. */
	struct lesson_found found;	/* the lesson's open attempt, if any */
	struct lesson_reads reads;	/* read with found */
	int goon_step;
	uint64_t goon_seed;

	/* "language": the next number picks one; a lesson running then
	 * ends and goes on in it at its step (relang, then relang_due). */
	bool lang_pick;
	bool relang, relang_due;

	/* The running lesson. */
	struct lesson_run *run;
	bool run_over;		/* finished: freed from the loop */
	enum plain_pending pending;
	bool observation;	/* the trainer says seen or not, not a verdict */
	enum lesson_question_kind q_kind;
	size_t q_nchoices;
	struct rec_trainer *trainers;
	size_t ntrainers;
	int trainer;
	char pin[64];
	bool waiting;
	struct lesson_wait wait;
	char wait_what[128];
	uint64_t wait_start_ms;
	uint64_t wait_told_ms;

	/* A prompt from the printer (M876): its buttons are numbers. */
	int prompt_buttons;

	/* Records work off the loop (plain_records.c). */
	struct rec_worker *worker;	/* NULL: no records */
	struct plain_job *jobs;		/* running first, then waiting */
	uint64_t job_started_ms;
	bool records_told_busy;		/* "waiting for the records" said */
	bool records_from_copy;		/* the station's copy answered last */
};

/* plain.c */
const char *plain_tr(struct plain *p, const char *key);
/* The translation of key with {1}..{4} filled (NULL: ""). */
void plain_format(struct plain *p, char *out, size_t n, const char *key,
    const char *a1, const char *a2, const char *a3, const char *a4);
/* One or more lines (split at newlines); text from outside is shown with
 * visible escapes. markup: inline **strong**, *em* and `code` marks go. */
void plain_say(struct plain *p, const char *text, bool markup);
void plain_sayf(struct plain *p, const char *fmt, ...) LL_PRINTF(2, 3);
/* A line naming the commands: {1} stop, {2} status, {3} back, {4} quit. */
void plain_say_key(struct plain *p, const char *key);
/* The printer in words: link, heaters, position. */
void plain_status(struct plain *p);
/* The lessons of the chosen module, numbered. */
void plain_list_lessons(struct plain *p);
void plain_echo(struct plain *p, bool on);
/* Handles the lines typed so far, held while a records job ran. */
void plain_take_lines(struct plain *p);
/* The lesson picked, with what the records hold of it: resume, go on
 * after a stop, or start. */
void plain_offer_lesson(struct plain *p);

/* plain_records.c: work runs on the worker with its store (not when the
 * store cannot be had: then cause says why); done runs on the loop after,
 * with cause NULL on success. done frees data, and acts only while the
 * mode still runs (p->quit false). */
typedef void (*plain_records_work)(struct rec_store *s, void *data,
    char **cause);
typedef void (*plain_records_done)(struct plain *p, void *data,
    const char *cause);
void plain_records_job(struct plain *p, plain_records_work work,
    plain_records_done done, void *data);
/* Says a read that lasts, from the ticker. */
void plain_records_tick(struct plain *p);
/* At the end: lets a job under way finish until deadline (clock_ms). */
void plain_records_wait(struct plain *p, uint64_t deadline);
/* Reads who may sign in, then lists them. */
void plain_list_learners(struct plain *p);
/* Reads the learner's earlier work on the lesson picked, then offers it. */
void plain_open_lesson(struct plain *p);

/* plain_lesson.c */
void plain_lesson_start(struct plain *p, bool resume);
/* A line typed while a lesson runs (not a command). */
void plain_lesson_line(struct plain *p, const char *line);
/* The wait's news, from the ticker. */
void plain_lesson_tick(struct plain *p);
/* From the loop: frees a finished run. */
void plain_lesson_reap(struct plain *p);
void plain_lesson_free(struct plain *p);

#endif
