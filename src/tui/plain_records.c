/*
 * The line mode's records work (the learners to sign in; a lesson's
 * earlier work, with what the lesson reads of the records; the trainers
 * for a sign-off, plain_lesson.c) runs on a worker thread with a records
 * handle of its own (rec_worker), as the screen's does (records_job.c): the
 * loop that reads "stop" and Ctrl-C never waits for a records server that
 * went silent or for a database file another station holds locked, and
 * while the server is away the station's copy answers sign-in. One job at
 * a time, in order; lines typed meanwhile wait for its answer (plain.c),
 * except the commands that work everywhere.
 */
#include <stdlib.h>
#include <string.h>

#include "lesson_setup.h"
#include "loop.h"
#include "plain_int.h"

struct plain_job {
	struct plain_job *next;
	struct plain *p;
	plain_records_work work;
	plain_records_done done;
	void *data;
	char *cause;
	struct rec_copy_state copy;
};

static void
job_work(void *arg)
{
	struct plain_job *j = arg;
	struct rec_store *s = rec_worker_store(j->p->worker, &j->cause);

	rec_worker_state(j->p->worker, &j->copy);
	if (s != NULL)
		j->work(s, j->data, &j->cause);
}

static void
job_done(void *arg)
{
	struct plain_job *j = arg;
	struct plain *p = j->p;

	p->jobs = j->next;
	p->records_told_busy = false;
	if (p->jobs != NULL) {
		p->job_started_ms = clock_ms();
		loop_work_start(p->cfg->loop, job_work, job_done, p->jobs);
	}
	/* Said once when the copy starts answering, not at every read. */
	if (j->copy.from_copy && !p->records_from_copy) {
		char age[32], line[512];

		text_age((long long)j->copy.age, age, sizeof age);
		plain_format(p, line, sizeof line, "records.copy",
		    j->copy.reason, age, NULL, NULL);
		plain_say(p, line, false);
	}
	p->records_from_copy = j->copy.from_copy;
	j->done(p, j->data, j->cause);
	free(j->cause);
	free(j);
	if (p->jobs == NULL && !p->quit)
		plain_take_lines(p);
}

void
plain_records_job(struct plain *p, plain_records_work work,
    plain_records_done done, void *data)
{
	struct plain_job *j = xcalloc(1, sizeof *j), **tail;

	j->p = p;
	j->work = work;
	j->done = done;
	j->data = data;
	for (tail = &p->jobs; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = j;
	if (p->jobs == j) {
		p->job_started_ms = clock_ms();
		loop_work_start(p->cfg->loop, job_work, job_done, j);
	}
}

void
plain_records_tick(struct plain *p)
{
	/* A quick read says nothing; one that lasts is named, so the
	 * trainee knows why nothing happens. */
	if (p->jobs != NULL && !p->records_told_busy &&
	    clock_ms() - p->job_started_ms >= 1000) {
		plain_say(p, plain_tr(p, "records.asking"), false);
		p->records_told_busy = true;
	}
}

void
plain_records_wait(struct plain *p, uint64_t deadline)
{
	while (p->jobs != NULL && clock_ms() < deadline)
		loop_run_once(p->cfg->loop, 50);
}

/* {{{ the reads */

struct learners_read {
	struct rec_learner *learners;
	size_t n;
};

static void
learners_read(struct rec_store *s, void *data, char **cause)
{
	struct learners_read *r = data;

	rec_learner_list(s, NULL, &r->learners, &r->n, cause);
}

static void
learners_done(struct plain *p, void *data, const char *cause)
{
	struct learners_read *r = data;

	if (p->quit) {
		rec_learner_free_array(r->learners, r->n);
		free(r);
		return;
	}
	rec_learner_free_array(p->learners, p->nlearners);
	p->learners = r->learners;
	p->nlearners = r->n;
	free(r);
	if (cause != NULL)
		plain_sayf(p, "%s: %s", plain_tr(p, "error.title"), cause);
	if (p->nlearners == 0) {
		plain_say(p, plain_tr(p, "plain.no_learners"), false);
		return;
	}
	plain_say(p, plain_tr(p, "signin.title"), false);
	for (size_t i = 0; i < p->nlearners; i++)
		plain_sayf(p, "%zu. %s", i + 1, p->learners[i].name);
	plain_say(p, plain_tr(p, "plain.pick"), false);
}

/* Who is at the station: the records' answer lists them. */
void
plain_list_learners(struct plain *p)
{
	p->state = PLAIN_SIGNIN;
	if (p->worker == NULL) {
		learners_done(p, xcalloc(1, sizeof(struct learners_read)),
		    NULL);
		return;
	}
	plain_records_job(p, learners_read, learners_done,
	    xcalloc(1, sizeof(struct learners_read)));
}

/* What the records hold of the learner's earlier work on a lesson, and
 * what the lesson will read of them. */
struct lesson_lookup {
	char *learner, *module_id, *lesson_id;
	struct lesson_found found;
	bool found_read;
	struct lesson_reads reads;
};

static void
lookup_read(struct rec_store *s, void *data, char **cause)
{
	struct lesson_lookup *lk = data;

	(void)cause;
	/* A failed read offers nothing to resume. */
	lk->found_read = lesson_find(s, lk->learner, lk->module_id,
	    lk->lesson_id, &lk->found, NULL) == 0;
	lesson_reads_fetch(s, lk->learner, &lk->reads);
}

static void
lookup_done(struct plain *p, void *data, const char *cause)
{
	struct lesson_lookup *lk = data;

	/* Only for the learner, at the lessons, that asked. */
	if (!p->quit && p->learner_id != NULL &&
	    strcmp(p->learner_id, lk->learner) == 0 &&
	    p->state == PLAIN_LESSONS) {
		memset(&p->found, 0, sizeof p->found);
		if (lk->found_read)
			p->found = lk->found;
		if (cause != NULL)
			lesson_reads_failed(&lk->reads, cause);
		lesson_reads_take(&p->reads, &lk->reads);
		plain_offer_lesson(p);
	}
	lesson_reads_clear(&lk->reads);
	free(lk->learner);
	free(lk->module_id);
	free(lk->lesson_id);
	free(lk);
}

/* Asked on the records worker; the answer offers the lesson. */
void
plain_open_lesson(struct plain *p)
{
	const struct tui_module *m = &p->modules[p->module];
	const struct tui_lesson *l = &m->lessons[p->lesson];
	struct lesson_lookup *lk = xcalloc(1, sizeof *lk);

	lk->learner = xstrdup(p->learner_id);
	lk->module_id = xstrdup(m->id);
	lk->lesson_id = xstrdup(l->id);
	if (p->worker == NULL) {
		lookup_done(p, lk, NULL);
		return;
	}
	plain_records_job(p, lookup_read, lookup_done, lk);
}

/* }}} */
