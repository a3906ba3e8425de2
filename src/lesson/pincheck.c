/*
 * A trainer's PIN checked without stopping the loop: the whole check runs
 * on a worker thread (loop_work_start) with a records handle of its own
 * (rec_worker): reading the trainer, Argon2id (a tenth of a second, 64
 * MiB) and recording a wrong PIN, so neither the hash, nor a records server
 * that does not answer, nor a database file another station holds locked
 * keeps the loop waiting. The answer comes back from the loop. Meanwhile
 * the keyboard and the printer are served: the emergency stop works during
 * a sign-in or a sign-off.
 */
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "loop.h"

struct lesson_pin_check {
	struct rec_worker *worker;
	char *trainer_id, *pin;
	int rc, locked;
	char *cause;
	lesson_pin_done done;
	void *data;
	bool cancelled;
};

static void
pin_work(void *data)
{
	struct lesson_pin_check *pc = data;
	struct rec_store *s = rec_worker_store(pc->worker, &pc->cause);

	pc->rc = s != NULL ? rec_trainer_check_pin(s, pc->trainer_id, pc->pin,
	    &pc->locked, &pc->cause) : -1;
	if (pc->rc != 0 && pc->cause == NULL)
		pc->cause = xstrdup("refused");
}

static void
pin_done(void *data)
{
	struct lesson_pin_check *pc = data;

	/* Cancelled: nobody waits for the answer (a wrong PIN still counts). */
	if (!pc->cancelled)
		pc->done(pc->rc, pc->locked, pc->cause, pc->data);
	rec_worker_free(pc->worker);
	explicit_bzero(pc->pin, strlen(pc->pin));
	free(pc->pin);
	free(pc->trainer_id);
	free(pc->cause);
	free(pc);
}

struct lesson_pin_check *
lesson_pin_check_start(struct loop *loop, struct rec_store *store,
    const char *copy_path, int64_t copy_max_age, const char *trainer_id,
    const char *pin, lesson_pin_done done, void *data)
{
	struct lesson_pin_check *pc = xcalloc(1, sizeof *pc);

	pc->worker = rec_worker_new(store, copy_path, copy_max_age);
	pc->trainer_id = xstrdup(trainer_id);
	pc->pin = xstrdup(pin != NULL ? pin : "");
	pc->done = done;
	pc->data = data;
	loop_work_start(loop, pin_work, pin_done, pc);
	return pc;
}

void
lesson_pin_check_cancel(struct lesson_pin_check *pc)
{
	if (pc != NULL)
		pc->cancelled = true;
}
