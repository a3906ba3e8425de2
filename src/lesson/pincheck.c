/*
 * A trainer's PIN checked without stopping the loop: Argon2id (a tenth of
 * a second, 64 MiB) runs on a worker thread (loop_work_start), the reads
 * and writes of the store stay on the loop's thread, and the answer comes
 * back from the loop. Meanwhile the keyboard and the printer are served:
 * the emergency stop works during a sign-in or a sign-off.
 */
#include <stdlib.h>

#include "lesson.h"
#include "loop.h"

struct lesson_pin_check {
	struct rec_store *store;
	struct rec_pin_check *check;	/* NULL: refused before hashing */
	char *cause;
	int locked;
	lesson_pin_done done;
	void *data;
	bool cancelled;
};

static void
pin_work(void *data)
{
	struct lesson_pin_check *pc = data;

	if (pc->check != NULL)
		rec_pin_check_hash(pc->check);
}

static void
pin_done(void *data)
{
	struct lesson_pin_check *pc = data;
	int rc = -1;

	if (pc->cancelled) {
		/* Nobody waits: the attempt is not counted either way. */
		rec_pin_check_free(pc->check);
	} else {
		if (pc->check != NULL)
			rc = rec_pin_check_end(pc->store, pc->check,
			    &pc->locked, &pc->cause);
		pc->done(rc, pc->locked, pc->cause, pc->data);
	}
	free(pc->cause);
	free(pc);
}

struct lesson_pin_check *
lesson_pin_check_start(struct loop *loop, struct rec_store *store,
    const char *trainer_id, const char *pin, lesson_pin_done done, void *data)
{
	struct lesson_pin_check *pc = xcalloc(1, sizeof *pc);

	pc->store = store;
	pc->done = done;
	pc->data = data;
	pc->check = rec_pin_check_begin(store, trainer_id, pin, &pc->locked,
	    &pc->cause);
	if (pc->check == NULL && pc->cause == NULL)
		pc->cause = xstrdup("refused");
	loop_work_start(loop, pin_work, pin_done, pc);
	return pc;
}

void
lesson_pin_check_cancel(struct lesson_pin_check *pc)
{
	if (pc != NULL)
		pc->cancelled = true;
}
