/*
 * The lesson screen: the front end of the lesson runner. The runner's ops
 * callbacks only copy what they are given and mark the screen dirty; keys
 * (lesson_keys.c) turn into lesson_run_answer/_confirm/_continue/_signoff
 * calls. The page (lesson_page.c) shows the current step's blocks, a banner
 * while the printer works, and at the bottom whatever the lesson is waiting
 * for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core.h"
#include "lesson_setup.h"
#include "tui_int.h"

static void
blocks_clear(struct tui *t)
{
	for (size_t i = 0; i < t->nblocks; i++) {
		struct tui_block *b = &t->blocks[i];
		free(b->text);
		free(b->caption);
		for (size_t k = 0; k < b->nitems; k++)
			free(b->items[k]);
		free(b->items);
	}
	t->nblocks = 0;
	t->scroll = 0;
	t->follow = false;
}

static struct tui_block *
block_add(struct tui *t, int kind, const char *text)
{
	struct tui_block *b;

	if (t->nblocks == t->blocks_cap) {
		t->blocks_cap = t->blocks_cap ? t->blocks_cap * 2 : 16;
		t->blocks = xrealloc(t->blocks, t->blocks_cap * sizeof *t->blocks);
	}
	b = &t->blocks[t->nblocks++];
	memset(b, 0, sizeof *b);
	b->kind = (enum lesson_block_kind)kind;
	b->text = xstrdup_opt(text);
	b->role_override = -1;
	tui_dirty(t);
	return b;
}

static void
question_clear(struct tui *t)
{
	struct tui_question *q = &t->q;

	free(q->id);
	free(q->text);
	free(q->unit);
	for (size_t i = 0; i < q->nchoices; i++)
		free(q->choices[i]);
	free(q->choices);
	memset(q, 0, sizeof *q);
}

static void
pending_clear(struct tui *t)
{
	t->pending = PENDING_NONE;
	free(t->pending_id);
	free(t->pending_text);
	t->pending_id = t->pending_text = NULL;
}

/* {{{ lesson_ui_ops */

static void
op_begin(const struct lesson_info *info, void *data)
{
	struct tui *t = data;

	free(t->run_title);
	t->run_title = xstrdup(info->title);
	t->step_count = info->nsteps;
	t->step_index = info->first_step;
	blocks_clear(t);
	tui_dirty(t);
}

static void
op_step(int index, int count, const char *title, void *data)
{
	struct tui *t = data;

	t->step_index = index;
	t->step_count = count;
	free(t->step_title);
	t->step_title = xstrdup_opt(title);
	/*
	 * A step is a page, but feedback the trainee has not yet seen stays:
	 * a step that ends with a question goes on without a Continue.
	 */
	if (t->unseen_feedback) {
		if (title != NULL)
			block_add(t, LESSON_BLOCK_HEADING, title);
	} else
		blocks_clear(t);
}

static void
op_show(const struct lesson_block *lb, void *data)
{
	struct tui *t = data;
	struct tui_block *b = block_add(t, lb->kind, lb->text);

	b->caption = xstrdup_opt(lb->caption);
	b->ordered = lb->ordered;
	if (lb->kind == LESSON_BLOCK_LIST) {
		b->nitems = lb->nitems;
		b->items = xcalloc(lb->nitems ? lb->nitems : 1, sizeof *b->items);
		for (size_t i = 0; i < lb->nitems; i++)
			b->items[i] = xstrdup(lb->items[i]);
	} else if (lb->kind == LESSON_BLOCK_TABLE) {
		size_t cells = lb->nrows * lb->ncols, k = 0;

		b->has_header = lb->header != NULL;
		b->ncols = lb->ncols;
		b->nrows = lb->nrows + (b->has_header ? 1 : 0);
		b->nitems = b->nrows * b->ncols;
		b->items = xcalloc(b->nitems ? b->nitems : 1, sizeof *b->items);
		if (b->has_header) {
			for (size_t c = 0; c < lb->ncols; c++)
				b->items[k++] = xstrdup(lb->header[c]);
		}
		for (size_t i = 0; i < cells; i++)
			b->items[k++] = xstrdup(lb->cells[i]);
	}
}

static void
op_ask(struct lesson_run *run, const struct lesson_question *lq, void *data)
{
	struct tui *t = data;
	struct tui_question *q = &t->q;

	question_clear(t);
	q->active = true;
	q->run = run;
	q->kind = lq->kind;
	q->id = xstrdup(lq->id);
	q->text = xstrdup(lq->text);
	q->unit = xstrdup_opt(lq->unit);
	q->nchoices = lq->nchoices < 32 ? lq->nchoices : 32;
	q->choices = xcalloc(q->nchoices ? q->nchoices : 1, sizeof *q->choices);
	for (size_t i = 0; i < q->nchoices; i++) {
		q->choices[i] = xstrdup(lq->choices[i]);
		q->order[i] = (int)i;
	}
	q->try_no = lq->try_no;
	q->tries = lq->tries;
	q->quiz_index = lq->quiz_index;
	q->quiz_count = lq->quiz_count;
	q->input.digits_only = true;
	tui_dirty(t);
}

/*
 * Whether the lesson's own feedback already opens with the verdict word
 * ("Right: 190–300 °C." after "Right."): then the word is said once.
 */
static bool
feedback_says_verdict(const char *text, const char *verdict)
{
	size_t n = strlen(verdict);

	while (n > 0 && strchr(".:!,; ", verdict[n - 1]) != NULL)
		n--;
	if (text == NULL || n == 0 || strncasecmp(text, verdict, n) != 0)
		return false;
	return text[n] == '\0' || strchr(".:!,; ", text[n]) != NULL;
}

static void
op_feedback(const struct lesson_feedback *fb, void *data)
{
	struct tui *t = data;
	const char *verdict = tui_tr(t, fb->correct ? "feedback.right" :
	    "feedback.wrong");
	char line[1024];

	if (feedback_says_verdict(fb->text, verdict))
		snprintf(line, sizeof line, "%s %s", fb->correct ? "✓" : "✗",
		    fb->text);
	else
		snprintf(line, sizeof line, "%s %s%s%s", fb->correct ? "✓" :
		    "✗", verdict, fb->text ? " " : "", fb->text ? fb->text :
		    "");
	block_add(t, fb->correct ? BLOCK_FEEDBACK_OK : BLOCK_FEEDBACK_BAD, line);
	t->unseen_feedback = true;
	t->follow = true;
	if (fb->explain != NULL && fb->final)
		block_add(t, LESSON_BLOCK_NOTE, fb->explain);
	if (fb->final || fb->correct)
		t->q.active = false;
}

static void
op_confirm(struct lesson_run *run, const char *id, const char *text,
    void *data)
{
	struct tui *t = data;

	(void)run;
	pending_clear(t);
	t->pending = PENDING_CONFIRM;
	t->pending_id = xstrdup(id);
	t->pending_text = xstrdup(text);
	t->confirm_cursor = 0;
	tui_dirty(t);
}

static void
op_pause(struct lesson_run *run, const char *text, void *data)
{
	struct tui *t = data;

	(void)run;
	pending_clear(t);
	t->pending = PENDING_CONTINUE;
	t->pending_text = xstrdup_opt(text);
	tui_dirty(t);
}

/* The trainers to choose from, read on the records' worker. */
struct signoff_trainers {
	struct rec_trainer *list;
	size_t n;
};

static void
signoff_trainers_read(struct rec_store *s, void *data, char **cause)
{
	struct signoff_trainers *st = data;

	rec_trainer_list(s, &st->list, &st->n, cause);
}

static void
signoff_trainers_done(struct tui *t, void *data, const char *cause)
{
	struct signoff_trainers *st = data;

	/* Still asked for: the same sign-off, at its first stage. */
	if (t->pending == PENDING_SIGNOFF && t->signoff_stage == 0) {
		rec_trainer_free_array(t->trainers, t->ntrainers);
		t->trainers = st->list;
		t->ntrainers = st->n;
		t->signoff_trainer = 0;
		if (cause != NULL)
			snprintf(t->signoff_error, sizeof t->signoff_error,
			    "%s", cause);
	} else
		rec_trainer_free_array(st->list, st->n);
	free(st);
}

static void
op_signoff(struct lesson_run *run, const struct lesson_signoff *s, void *data)
{
	struct tui *t = data;

	(void)run;
	pending_clear(t);
	t->pending = PENDING_SIGNOFF;
	snprintf(t->signoff_outcome, sizeof t->signoff_outcome, "%s",
	    s->outcome ? s->outcome : "");
	snprintf(t->signoff_prompt, sizeof t->signoff_prompt, "%s",
	    s->prompt ? s->prompt : "");
	t->signoff_observation = s->observation;
	snprintf(t->signoff_error, sizeof t->signoff_error, "%s",
	    s->error ? s->error : "");
	/* After a wrong PIN the same trainer types it again. */
	t->signoff_stage = s->error != NULL && t->ntrainers > 0 ? 1 : 0;
	input_clear(&t->q.input);
	if (t->signoff_stage == 0) {
		rec_trainer_free_array(t->trainers, t->ntrainers);
		t->trainers = NULL;
		t->ntrainers = 0;
		t->signoff_trainer = 0;
		tui_records_job(t, signoff_trainers_read, signoff_trainers_done,
		    xcalloc(1, sizeof(struct signoff_trainers)));
	}
	tui_dirty(t);
}

double
tui_time_scale(const struct tui *t)
{
	/* As the runner counts: never slower than real time. */
	return t->cfg->virtual_printer && t->cfg->sim_speed > 1 ?
	    t->cfg->sim_speed : 1;
}

static void
op_wait(const struct lesson_wait *w, void *data)
{
	struct tui *t = data;

	if (w != NULL && !t->waiting)
		t->wait_start_ms = clock_ms();
	t->waiting = w != NULL;
	if (w != NULL) {
		t->wait = *w;
		snprintf(t->wait_what, sizeof t->wait_what, "%s",
		    w->what ? w->what : "");
		t->wait.what = t->wait_what;
	}
	tui_dirty(t);
}

static const char *
outcome_title(const struct tui *t, const char *id)
{
	for (int m = 0; m < t->nmodules; m++) {
		for (int o = 0; o < t->modules[m].noutcomes; o++) {
			const struct tui_outcome *out = &t->modules[m].outcomes[o];
			if (strcmp(out->id, id) == 0)
				return out->title;
		}
	}
	return NULL;
}

/* A quiz's result names the outcome, the score and what passing takes. */
/* An observation records what the trainer saw, not an achievement. */
static const char *
check_verdict_key(const struct lesson_check *c)
{
	if (c->method == REC_METHOD_OBSERVATION)
		return c->passed ? "check.observed" : "check.not_observed";
	return c->passed ? "check.passed" : "check.not_yet";
}

static void
op_checked(const struct lesson_check *c, void *data)
{
	struct tui *t = data;
	const char *title = outcome_title(t, c->outcome);
	char line[768];
	size_t n;

	snprintf(line, sizeof line, "%s %s%s%s: %s (%s)", c->passed ? "✓" :
	    "·", c->outcome, title != NULL ? " " : "", title != NULL ? title :
	    "", tui_tr(t, check_verdict_key(c)), tui_method(t, c->method));
	n = strlen(line);
	if (c->has_score)
		snprintf(line + n, sizeof line - n, " · %s %g/%g", tui_tr(t,
		    "check.score"), c->score, c->max);
	n = strlen(line);
	if (c->has_score && c->pass_mark >= 0)
		snprintf(line + n, sizeof line - n, ", %s %g/%g", tui_tr(t,
		    "check.pass_mark"), c->pass_mark * c->max, c->max);
	block_add(t, BLOCK_RECORDED, line);
	t->unseen_feedback = true;
	t->follow = true;
}

static void
op_print(const char *text, void *data)
{
	tui_console_add(data, ROLE_DIM, "lesson: %s", text);
}

static void
op_finished(const struct lesson_end *end, void *data)
{
	struct tui *t = data;
	char line[1024];

	if (t->relang && end->status == LESSON_CANCELLED) {
		/* Started again from the loop, in the new language. */
		t->relang_due = true;
		tui_dirty(t);
		return;
	}
	t->relang = false;
	t->run_finished = true;
	t->run_end = *end;
	free(t->run_message);
	t->run_message = NULL;
	question_clear(t);
	pending_clear(t);
	t->waiting = false;
	switch (end->status) {
	case LESSON_COMPLETED:
		snprintf(line, sizeof line, "%s", tui_tr(t, "lesson.completed"));
		break;
	case LESSON_CANCELLED:
		snprintf(line, sizeof line, "%s", tui_tr(t, "lesson.cancelled"));
		break;
	default: {
		/*
		 * The trainee reads what happened and what to do, in their
		 * language; the file, line and traceback are for the trainer
		 * (the console, and the page in trainer mode) and the log.
		 */
		const char *what = "lesson.error_trainee";

		if (end->status == LESSON_FAULT) {
			host_status(t->cfg->host, &t->st);
			what = t->st.link == HOST_LINK_HALTED ?
			    "lesson.fault_halted" : t->st.link != HOST_LINK_READY ?
			    "lesson.fault_link" : "lesson.fault_other";
		}
		tui_console_add(t, ROLE_BAD, "!! %s: %s", tui_tr(t,
		    end->status == LESSON_FAULT ? "lesson.fault" : "lesson.error"),
		    end->message ? end->message : "");
		if (end->traceback != NULL)
			tui_console_add(t, ROLE_DIM, "%s", end->traceback);
		log_debug("tui: lesson %s: %s%s%s", lesson_status_name(end->status),
		    end->message ? end->message : "", end->traceback ? "\n" : "",
		    end->traceback ? end->traceback : "");
		if (t->trainer_id != NULL)
			snprintf(line, sizeof line, "%s\n\n%s: %s", tui_tr(t, what),
			    tui_tr(t, "lesson.detail"), end->message ?
			    end->message : "");
		else
			snprintf(line, sizeof line, "%s", tui_tr(t, what));
		break;
	}
	}
	t->run_message = xstrdup(line);
	t->follow = true;
	tui_dirty(t);
}

static const struct lesson_ui_ops tui_lesson_ops = {
	.begin = op_begin,
	.step = op_step,
	.show = op_show,
	.ask = op_ask,
	.feedback = op_feedback,
	.confirm = op_confirm,
	.pause = op_pause,
	.signoff = op_signoff,
	.wait = op_wait,
	.checked = op_checked,
	.print = op_print,
	.finished = op_finished,
};

/* }}} */

bool
lesson_view_printer_ready(struct tui *t, const struct tui_lesson *l)
{
	const char *why;

	if (!l->needs_printer)
		return true;
	host_status(t->cfg->host, &t->st);
	switch (t->st.link) {
	case HOST_LINK_READY:
		return true;
	case HOST_LINK_HALTED:
		why = "lesson.printer_halted";
		break;
	case HOST_LINK_CONNECTING:
		why = "lesson.printer_connecting";
		break;
	default:
		why = "lesson.printer_away";
		break;
	}
	tui_dialog_message(t, tui_tr(t, "lesson.cannot_start"), tui_tr(t, why),
	    false);
	return false;
}

/* The learner's latest own-file print: as the records gave it, or the one
 * this screen recorded since, which they may not show yet. */
static const struct rec_own_print_found *
latest_own_print(const struct tui *t)
{
	bool here = t->own_here_learner != NULL && t->learner_id != NULL &&
	    strcmp(t->own_here_learner, t->learner_id) == 0;

	if (here && (!t->reads.own_known ||
	    t->own_here.time >= t->reads.own.time))
		return &t->own_here;
	return t->reads.own_known ? &t->reads.own : NULL;
}

void
lesson_view_start(struct tui *t, const struct tui_module *m,
    const struct tui_lesson *l, bool resume)
{
	struct lesson_setup setup;
	char *cause = NULL;

	/* A printer lesson does not open on a stopped printer: it would
	 * announce heating and then fail. */
	if (!lesson_view_printer_ready(t, l)) {
		t->goon_step = 0;
		memset(&t->found, 0, sizeof t->found);
		return;
	}
	lesson_view_free(t);
	lesson_setup(&setup, t->cfg, m, l, t->learner_id, t->lang,
	    &t->found, &t->reads, resume, t->goon_step, t->goon_seed);
	t->goon_step = 0;
	memset(&t->found, 0, sizeof t->found);
	setup.rc.ops = &tui_lesson_ops;
	setup.rc.ui_data = t;
	setup.rc.own_print = latest_own_print(t);
	t->run_finished = false;
	t->run_module = (int)(m - t->modules);
	t->run_lesson = (int)(l - m->lessons);
	t->run = lesson_run_start(&setup.rc, &cause);
	if (t->run == NULL) {
		tui_dialog_message(t, tui_tr(t, "lesson.cannot_start"), cause,
		    false);
		free(cause);
		return;
	}
	tui_set_screen(t, SCREEN_LESSON);
}

bool
lesson_view_relang(struct tui *t)
{
	if (t->run == NULL || lesson_run_status(t->run) != LESSON_RUNNING ||
	    t->run_module < 0 || t->run_module >= t->nmodules ||
	    t->run_lesson >= t->modules[t->run_module].nlessons)
		return false;
	t->relang = true;
	lesson_run_cancel(t->run, "the interface language changed");
	return true;
}

void
lesson_view_relang_due(struct tui *t)
{
	const struct tui_module *m;

	if (!t->relang_due)
		return;
	t->relang_due = t->relang = false;
	m = &t->modules[t->run_module];
	/* The attempt stayed open at its step: resume it. */
	memset(&t->found, 0, sizeof t->found);
	if (t->run != NULL) {
		t->found.resumable = lesson_run_attempt(t->run);
		lesson_run_position(t->run, &t->found.resumable_step,
		    &t->found.resumable_seed);
	}
	lesson_view_start(t, m, &m->lessons[t->run_lesson], true);
}

void
lesson_view_free(struct tui *t)
{
	if (t->run != NULL)
		lesson_run_free(t->run);
	t->run = NULL;
	blocks_clear(t);
	free(t->blocks);
	t->blocks = NULL;
	t->blocks_cap = 0;
	question_clear(t);
	pending_clear(t);
	free(t->run_title);
	free(t->step_title);
	free(t->run_message);
	t->run_title = t->step_title = t->run_message = NULL;
	t->waiting = false;
	t->run_finished = false;
}

void
lesson_view_close(struct tui *t)
{
	lesson_view_free(t);
	tui_set_screen(t, SCREEN_CATALOGUE);
}
