/*
 * The screen's records work (sign-in, the trainer's PIN and lists,
 * sign-offs, adding a learner) runs on a worker thread (loop_work_start)
 * with a records handle of its own (rec_worker), so the loop, and with it
 * the emergency stop, never waits for the records server or for a database
 * file another station holds locked. One job at a time, in the order they
 * were asked for (the worker's handle serves one thread at a time): while
 * they run, the screen says it is waiting for the records and stays live:
 * the emergency stop and quitting act at once, and other keys wait for the
 * answer (tui.c), unless the job only refreshes what is shown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "loop.h"
#include "tui_int.h"

struct records_job {
	struct records_job *next;	/* waiting behind this one */
	struct tui *t;
	tui_records_work work;
	tui_records_done done;
	void *data;
	char *cause;
	struct rec_copy_state copy;
	bool holds_keys;
};

static void
job_work(void *arg)
{
	struct records_job *j = arg;
	struct rec_store *s = rec_worker_store(j->t->worker, &j->cause);

	rec_worker_state(j->t->worker, &j->copy);
	if (s != NULL)
		j->work(s, j->data, &j->cause);
}

static void
job_done(void *arg)
{
	struct records_job *j = arg;
	struct tui *t = j->t;

	t->records_note[0] = '\0';
	if (j->copy.from_copy) {
		char age[32];

		text_age((long long)j->copy.age, age, sizeof age);
		tui_format(t, t->records_note, sizeof t->records_note,
		    "records.copy", j->copy.reason, age, NULL, NULL);
	}
	t->records_jobs = j->next;
	t->records_busy = t->records_jobs != NULL;
	if (j->holds_keys)
		t->records_holding--;
	if (t->records_busy)
		loop_work_start(t->cfg->loop, job_work, job_done,
		    t->records_jobs);
	if (!t->records_busy)
		t->records_slow = false;
	if (t->records_note[0] != '\0')
		tui_flash(t, "%s", t->records_note);
	j->done(t, j->data, j->cause);
	free(j->cause);
	free(j);
	tui_keys_release(t);
	tui_dirty(t);
}

static void
records_job(struct tui *t, tui_records_work work, tui_records_done done,
    void *data, bool holds_keys)
{
	struct records_job *j = xcalloc(1, sizeof *j), **tail;

	j->t = t;
	j->work = work;
	j->done = done;
	j->data = data;
	j->holds_keys = holds_keys;
	if (holds_keys)
		t->records_holding++;
	for (tail = &t->records_jobs; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = j;
	/* A quick job says nothing: the sampler announces one that lasts. */
	if (!t->records_busy) {
		t->records_busy = true;
		loop_work_start(t->cfg->loop, job_work, job_done, j);
	}
	tui_dirty(t);
}

void
tui_records_job(struct tui *t, tui_records_work work, tui_records_done done,
    void *data)
{
	records_job(t, work, done, data, true);
}

void
tui_records_refresh(struct tui *t, tui_records_work work,
    tui_records_done done, void *data)
{
	records_job(t, work, done, data, false);
}
