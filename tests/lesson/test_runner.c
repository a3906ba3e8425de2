/*
 * The runner driven the way the TUI drives it: answers arrive later, from
 * loop timers, never inside the ops callbacks; cancels arrive while the
 * lesson waits; configured limits apply. No printer (host NULL).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lesson.h"
#include "test.h"

struct fe {
	struct loop *loop;
	struct lesson_run *run;		/* the run waiting for an answer */
	enum { NONE, ASK, CONFIRM, PAUSE } pending;
	struct lesson_question q;	/* copy of kind and count only */
	int picks[8];
	size_t npicks;
	int asks, confirms, pauses, blocks, checks;
	bool finished;
	enum lesson_status status;
	char message[512];
	char traceback[512];
	char last_block[256];
	int answer_choice;		/* origin number to pick */
	bool cancel_on_sleep;
	bool cancel_now;
};

static char tmpdir[] = "/tmp/ll-runner.XXXXXX";

static void
fe_show(const struct lesson_block *b, void *data)
{
	struct fe *fe = data;

	fe->blocks++;
	snprintf(fe->last_block, sizeof fe->last_block, "%s",
	    b->text != NULL ? b->text : "");
}

static void
fe_ask(struct lesson_run *run, const struct lesson_question *q, void *data)
{
	struct fe *fe = data;

	fe->asks++;
	fe->run = run;
	fe->pending = ASK;
	fe->q.kind = q->kind;
	fe->q.nchoices = q->nchoices;
	fe->npicks = 0;
	for (size_t i = 0; i < q->nchoices; i++) {
		if (q->origin[i] == fe->answer_choice)
			fe->picks[fe->npicks++] = (int)i;
	}
}

static void
fe_confirm(struct lesson_run *run, const char *id, const char *text,
    void *data)
{
	struct fe *fe = data;

	(void)id;
	(void)text;
	fe->confirms++;
	fe->run = run;
	fe->pending = CONFIRM;
}

static void
fe_pause(struct lesson_run *run, const char *text, void *data)
{
	struct fe *fe = data;

	(void)text;
	fe->pauses++;
	fe->run = run;
	fe->pending = PAUSE;
}

static void
fe_wait(const struct lesson_wait *w, void *data)
{
	struct fe *fe = data;

	if (w != NULL && w->kind == LESSON_WAIT_SLEEP && fe->cancel_on_sleep)
		fe->cancel_now = true;	/* from the timer, as a key press */
}

static void
fe_checked(const struct lesson_check *c, void *data)
{
	struct fe *fe = data;

	(void)c;
	fe->checks++;
}

static void
fe_finished(const struct lesson_end *end, void *data)
{
	struct fe *fe = data;

	fe->finished = true;
	fe->status = end->status;
	snprintf(fe->message, sizeof fe->message, "%s",
	    end->message != NULL ? end->message : "");
	snprintf(fe->traceback, sizeof fe->traceback, "%s",
	    end->traceback != NULL ? end->traceback : "");
	loop_stop(fe->loop);
}

static const struct lesson_ui_ops fe_ops = {
	.show = fe_show,
	.ask = fe_ask,
	.confirm = fe_confirm,
	.pause = fe_pause,
	.wait = fe_wait,
	.checked = fe_checked,
	.finished = fe_finished,
};

/* The trainee answers 30 ms after being asked. */
static uint64_t
fe_tick(uint64_t now, void *data)
{
	struct fe *fe = data;
	struct lesson_answer a;
	int bad = 99;

	if (fe->pending == ASK) {
		/* Invalid answers are refused and change nothing. */
		memset(&a, 0, sizeof a);
		a.picks = &bad;
		a.npicks = 1;
		CHECK_INT(lesson_run_answer(fe->run, &a), -1);
		CHECK_INT(lesson_run_confirm(fe->run, true), -1);
		a.picks = fe->picks;
		a.npicks = fe->npicks;
		CHECK_INT(lesson_run_answer(fe->run, &a), 0);
		/* A second answer to the same question is refused. */
		CHECK_INT(lesson_run_answer(fe->run, &a), -1);
	} else if (fe->pending == CONFIRM)
		CHECK_INT(lesson_run_confirm(fe->run, true), 0);
	else if (fe->pending == PAUSE)
		CHECK_INT(lesson_run_continue(fe->run), 0);
	else if (fe->cancel_now && fe->run != NULL) {
		fe->cancel_now = false;
		lesson_run_cancel(fe->run, "the trainee left");
	}
	fe->pending = NONE;
	return now + 30;
}

static char *
write_lesson(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s.lua", tmpdir, name);
	FILE *f = fopen(path, "w");

	if (f == NULL)
		fatal("cannot write %s", path);
	fputs(text, f);
	fclose(f);
	return path;
}

static struct rec_store *store;
static int64_t completed_attempt;
static int64_t resume_attempt;	/* for start(): 0 a new attempt */

static struct lesson_run *
start(struct fe *fe, const char *path, const char *const *outcomes,
    size_t n, size_t cap, long budget, char **cause)
{
	struct lesson_run_config rc;
	struct lesson_run *run;

	memset(&rc, 0, sizeof rc);
	rc.loop = fe->loop;
	rc.store = store;
	rc.path = path;
	rc.display_name = "T/test.lua";
	rc.module_dir = tmpdir;
	rc.module_id = "T";
	rc.module_version = "1";
	rc.outcomes = outcomes;
	rc.noutcomes = n;
	rc.learner_id = "ana";
	rc.lang = "sl";
	rc.has_seed = true;
	rc.seed = 42;
	rc.resume_attempt = resume_attempt;
	rc.memory_cap = cap;
	rc.instruction_budget = budget;
	rc.ops = &fe_ops;
	rc.ui_data = fe;
	run = lesson_run_start(&rc, cause);
	fe->run = run;
	return run;
}

/* Runs the loop until the lesson ends; the deadline only ends a lesson
 * that hangs, so it is far beyond what a loaded machine running the
 * sanitizers needs (a slow pattern lesson took over 20 s there). */
static void
run_to_end(struct fe *fe)
{
	struct loop_timer *t = loop_timer_add(fe->loop, clock_ms() + 30,
	    fe_tick, fe);
	uint64_t deadline = clock_ms() + 150000;

	while (!fe->finished && clock_ms() < deadline)
		loop_run_once(fe->loop, 100);
	loop_timer_remove(t);
}

static void
test_async_answers(void)
{
	static const char *const outcomes[] = { "T.Q" };
	struct fe fe = { .answer_choice = 2 };
	char *cause = NULL, *path;
	struct lesson_run *run;
	struct rec_attempt a;

	path = write_lesson("async",
	    "return lesson { id = 'async', title = { en = 'A', sl = 'B' },\n"
	    "  step('one', function()\n"
	    "    say { en = 'hello', sl = 'živjo' }\n"
	    "    local ok = ask { id = 'q', q = 'Q?', choices = { 'a', 'b', 'c' }, correct = 2 }\n"
	    "    check { outcome = 'T.Q', by = 'quiz', passed = ok, score = ok and 1 or 0 }\n"
	    "    assert(confirm { id = 'c', text = 'sure?' })\n"
	    "    sleep(0.05)\n"
	    "  end),\n"
	    "  step('two', function() say 'done' end),\n"
	    "}\n");
	fe.loop = loop_new();
	run = start(&fe, path, outcomes, 1, 0, 0, &cause);
	CHECK(run != NULL);
	if (run == NULL) {
		fprintf(stderr, "%s\n", cause);
		free(cause);
		goto out;
	}
	/* Nothing runs before the loop does. */
	CHECK_INT(fe.blocks, 0);
	CHECK_INT(lesson_run_continue(run), -1);
	run_to_end(&fe);
	CHECK(fe.finished);
	CHECK_INT(fe.status, LESSON_COMPLETED);
	CHECK_INT(fe.asks, 1);
	CHECK_INT(fe.confirms, 1);
	/* Only step two ends on unread content: one Continue. */
	CHECK_INT(fe.pauses, 1);
	CHECK_INT(fe.checks, 1);
	CHECK_STR(fe.last_block, "done");
	CHECK_INT(lesson_run_status(run), LESSON_COMPLETED);
	CHECK_INT(rec_attempt_get(store, lesson_run_attempt(run), &a, NULL), 0);
	CHECK_INT(a.status, REC_ATTEMPT_COMPLETED);
	CHECK_INT(a.step_index, 1);
	CHECK_INT((long long)a.seed, 42);
	CHECK_STR(a.lang, "sl");
	rec_attempt_clear(&a);
	completed_attempt = lesson_run_attempt(run);
	lesson_run_free(run);
out:
	loop_free(fe.loop);
	free(path);
}

static void
test_cancel_while_sleeping(void)
{
	struct fe fe = { .cancel_on_sleep = true };
	char *cause = NULL, *path;
	struct lesson_run *run;
	struct rec_attempt a;

	path = write_lesson("sleepy",
	    "return lesson { id = 'sleepy', title = 'S',\n"
	    "  step('wait', function()\n"
	    "    local ok = pcall(sleep, 60)\n"
	    "    say 'must not run'\n"
	    "  end),\n"
	    "}\n");
	fe.loop = loop_new();
	run = start(&fe, path, NULL, 0, 0, 0, &cause);
	CHECK(run != NULL);
	if (run != NULL) {
		uint64_t t0 = clock_ms();

		run_to_end(&fe);
		CHECK(clock_ms() - t0 < 5000);
		CHECK_INT(fe.status, LESSON_CANCELLED);
		CHECK_STR(fe.message, "the trainee left");
		CHECK(strcmp(fe.last_block, "must not run") != 0);
		CHECK_INT(rec_attempt_get(store, lesson_run_attempt(run), &a,
		    NULL), 0);
		CHECK_INT(a.status, REC_ATTEMPT_RUNNING);
		rec_attempt_clear(&a);
		lesson_run_free(run);
	}
	free(cause);
	loop_free(fe.loop);
	free(path);
}

static void
test_limits_and_no_printer(void)
{
	struct fe fe = { 0 };
	char *cause = NULL, *path;
	struct lesson_run *run;

	/* A 4 MB cap stops a 16 MB string that the default cap allows. */
	path = write_lesson("small",
	    "return lesson { id = 'small', title = 'S',\n"
	    "  step('x', function()\n"
	    "    say(tostring(printer.status().connected))\n"
	    "    local ok, e = pcall(printer.send, 'M105')\n"
	    "    say(e)\n"
	    "    local s = string.rep('x', 16 * 1024 * 1024)\n"
	    "  end),\n"
	    "}\n");
	fe.loop = loop_new();
	run = start(&fe, path, NULL, 0, 4u << 20, 0, &cause);
	CHECK(run != NULL);
	if (run != NULL) {
		run_to_end(&fe);
		CHECK_INT(fe.status, LESSON_ERROR);
		CHECK_STR(fe.message, "T/test.lua:6: not enough memory");
		CHECK(strstr(fe.traceback, "T/test.lua:6:") != NULL);
		lesson_run_free(run);
	}
	loop_free(fe.loop);
	free(path);

	/* A 200k-instruction budget stops a loop of a million. */
	memset(&fe, 0, sizeof fe);
	path = write_lesson("budget",
	    "return lesson { id = 'budget', title = 'S',\n"
	    "  step('x', function()\n"
	    "    local n = 0\n"
	    "    for i = 1, 1000000 do n = n + i end\n"
	    "  end),\n"
	    "}\n");
	fe.loop = loop_new();
	run = start(&fe, path, NULL, 0, 0, 200000, &cause);
	CHECK(run != NULL);
	if (run != NULL) {
		run_to_end(&fe);
		CHECK_INT(fe.status, LESSON_ERROR);
		CHECK(strstr(fe.message, "T/test.lua:4: the lesson used too "
		    "many instructions") != NULL);
		lesson_run_free(run);
	}
	loop_free(fe.loop);
	free(path);
}

/* The emergency stop's view: a cancel from the loop while a lesson computes. */
static uint64_t
cancel_when_busy(uint64_t now, void *data)
{
	struct fe *fe = data;

	if (strcmp(fe->last_block, "busy") == 0 && fe->run != NULL &&
	    !fe->finished) {
		lesson_run_cancel(fe->run, "emergency stop");
		return 0;
	}
	return now + 1;
}

/*
 * A lesson that computes for longer than a slice gives the loop its turn:
 * a cancel asked for while it runs ends it before it reaches its end, as
 * the emergency stop does in the training screen.
 */
static void
test_busy_lesson_yields(void)
{
	struct fe fe = { 0 };
	char *cause = NULL, *path;
	struct lesson_run *run;
	struct loop_timer *t;

	path = write_lesson("busy",
	    "return lesson { id = 'busy', title = 'B',\n"
	    "  step('x', function()\n"
	    "    say 'busy'\n"
	    "    local n = 0\n"
	    "    for i = 1, 2000000 do n = n + i end\n"
	    "    say 'done'\n"
	    "  end),\n"
	    "}\n");
	fe.loop = loop_new();
	run = start(&fe, path, NULL, 0, 0, 0, &cause);
	CHECK(run != NULL);
	if (run != NULL) {
		t = loop_timer_add(fe.loop, clock_ms(), cancel_when_busy, &fe);
		run_to_end(&fe);
		loop_timer_remove(t);
		CHECK_INT(fe.status, LESSON_CANCELLED);
		CHECK_STR(fe.message, "emergency stop");
		CHECK_STR(fe.last_block, "busy");
		lesson_run_free(run);
	}
	loop_free(fe.loop);
	free(path);
}

/* The loop's turns during a lesson of slow pattern calls: the most calls
 * made between two turns. */
struct turns {
	struct fe *fe;
	long last, most;
};

static uint64_t
count_calls_between_turns(uint64_t now, void *data)
{
	struct turns *t = data;
	long said = atol(t->fe->last_block);

	if (said - t->last > t->most)
		t->most = said - t->last;
	t->last = said;
	return now + 1;
}

/*
 * Work in C (a pattern match) spends no instructions, so the slice's end
 * was noticed only every SANDBOX_HOOK_PERIOD instructions: here about a
 * sixty calls of some milliseconds each, with the loop unserved. Each call
 * that ends past the slice now pauses the lesson at the next instruction:
 * a slice of 10 ms holds a few calls (about four on a 2-core VM; the count
 * is read every ten calls), fewer on a loaded machine.
 */
static void
test_slow_patterns_yield(void)
{
	struct fe fe = { 0 };
	struct turns turns = { .fe = &fe };
	char *cause = NULL, *path;
	struct lesson_run *run;
	struct loop_timer *t;

	path = write_lesson("patterns",
	    "return lesson { id = 'patterns', title = 'P',\n"
	    "  step('x', function()\n"
	    "    local s, p = ('a'):rep(64), ('.-'):rep(12) .. 'b'\n"
	    "    for i = 1, 300 do\n"
	    "      pcall(string.find, s, p)\n"
	    "      if i % 10 == 0 then say(tostring(i)) end\n"
	    "    end\n"
	    "  end),\n"
	    "}\n");
	fe.loop = loop_new();
	run = start(&fe, path, NULL, 0, 0, 400000000L, &cause);
	CHECK(run != NULL);
	if (run != NULL) {
		t = loop_timer_add(fe.loop, clock_ms(),
		    count_calls_between_turns, &turns);
		run_to_end(&fe);
		loop_timer_remove(t);
		CHECK_INT(fe.status, LESSON_COMPLETED);
		CHECK_STR(fe.last_block, "300");
		if (turns.most > 40)
			CHECK_INT(turns.most, 40);
		lesson_run_free(run);
	}
	loop_free(fe.loop);
	free(path);
}

static void
test_load_errors(void)
{
	struct fe fe = { 0 };
	char *cause = NULL, *path;

	fe.loop = loop_new();
	path = write_lesson("noreturn", "local x = lesson { id = 'x', title = 't', run = function() end }\n");
	CHECK(start(&fe, path, NULL, 0, 0, 0, &cause) == NULL);
	CHECK(cause != NULL && strstr(cause, "must end with 'return lesson") != NULL);
	free(cause);
	cause = NULL;
	free(path);

	path = write_lesson("nosteps", "return lesson { id = 'x', title = 't' }\n");
	CHECK(start(&fe, path, NULL, 0, 0, 0, &cause) == NULL);
	CHECK_STR(cause, "T/test.lua:1: lesson: no steps (add step(...) entries or 'run')");
	free(cause);
	cause = NULL;
	free(path);

	path = write_lesson("badkey", "return lesson { id = 'x', title = 't',\n  tittle = 'typo', run = function() end }\n");
	CHECK(start(&fe, path, NULL, 0, 0, 0, &cause) == NULL);
	CHECK_STR(cause, "T/test.lua:1: lesson: unknown key 'tittle'");
	free(cause);
	cause = NULL;
	free(path);

	path = write_lesson("loops", "while true do end\n");
	CHECK(start(&fe, path, NULL, 0, 0, 0, &cause) == NULL);
	CHECK(cause != NULL && strstr(cause, "too many instructions") != NULL);
	free(cause);
	free(path);
	CHECK(!fe.finished);
	loop_free(fe.loop);
}

static void
test_resume_checks(void)
{
	struct fe fe = { 0 };
	struct rec_attempt_start as;
	char *cause = NULL, *path;
	int64_t other;

	fe.loop = loop_new();
	path = write_lesson("again", "return lesson { id = 'async', title = 't', run = function() end }\n");
	/* A finished attempt cannot be taken up again. */
	resume_attempt = completed_attempt;
	CHECK(start(&fe, path, NULL, 0, 0, 0, &cause) == NULL);
	CHECK(cause != NULL && strstr(cause, "is completed, it cannot be resumed") != NULL);
	free(cause);
	cause = NULL;
	/* Nor an open attempt at another module's lesson. */
	memset(&as, 0, sizeof as);
	as.learner_id = "ana";
	as.module_id = "OTHER";
	as.module_version = "1";
	as.module_hash = "x";
	as.lesson_id = "async";
	CHECK_INT(rec_attempt_start(store, &as, &other, NULL), 0);
	resume_attempt = other;
	CHECK(start(&fe, path, NULL, 0, 0, 0, &cause) == NULL);
	CHECK(cause != NULL && strstr(cause, "is at OTHER/async, not this lesson") != NULL);
	free(cause);
	resume_attempt = 0;
	CHECK(!fe.finished);
	loop_free(fe.loop);
	free(path);
}

int
main(void)
{
	char *db, *cause = NULL;

	if (mkdtemp(tmpdir) == NULL)
		fatal("mkdtemp");
	db = xasprintf("%s/records.db", tmpdir);
	if ((store = rec_open(db, &cause)) == NULL)
		fatal("%s", cause);
	if (rec_learner_add(store, "ana", "Ana", NULL, NULL, &cause) != 0)
		fatal("%s", cause);
	RUN(test_async_answers);
	RUN(test_cancel_while_sleeping);
	RUN(test_limits_and_no_printer);
	RUN(test_busy_lesson_yields);
	RUN(test_slow_patterns_yield);
	RUN(test_load_errors);
	RUN(test_resume_checks);
	rec_close(store);
	{
		char *cmd = xasprintf("rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", tmpdir);
		free(cmd);
	}
	free(db);
	TEST_MAIN_END();
}
