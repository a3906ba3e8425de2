/*
 * The lesson screen: the front end of the lesson runner. The runner's ops
 * callbacks only copy what they are given and mark the screen dirty; keys
 * turn into lesson_run_answer/_confirm/_continue/_signoff calls. The page
 * shows the current step's blocks, a banner while the printer works, and at
 * the bottom whatever the lesson is waiting for.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core.h"
#include "tui_int.h"

#define BLOCK_FEEDBACK_OK 100
#define BLOCK_FEEDBACK_BAD 101
#define BLOCK_RECORDED 102

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

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
	b->text = dup_or_null(text);
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
	t->step_title = dup_or_null(title);
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

	b->caption = dup_or_null(lb->caption);
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
	q->unit = dup_or_null(lq->unit);
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
	t->pending_text = dup_or_null(text);
	tui_dirty(t);
}

static void
op_signoff(struct lesson_run *run, const struct lesson_signoff *s, void *data)
{
	struct tui *t = data;
	char *cause = NULL;

	(void)run;
	pending_clear(t);
	t->pending = PENDING_SIGNOFF;
	snprintf(t->signoff_outcome, sizeof t->signoff_outcome, "%s",
	    s->outcome ? s->outcome : "");
	snprintf(t->signoff_prompt, sizeof t->signoff_prompt, "%s",
	    s->prompt ? s->prompt : "");
	snprintf(t->signoff_error, sizeof t->signoff_error, "%s",
	    s->error ? s->error : "");
	/* After a wrong PIN the same trainer types it again. */
	t->signoff_stage = s->error != NULL && t->ntrainers > 0 ? 1 : 0;
	input_clear(&t->q.input);
	if (t->signoff_stage == 0) {
		rec_trainer_free_array(t->trainers, t->ntrainers);
		t->trainers = NULL;
		t->ntrainers = 0;
		if (rec_trainer_list(t->cfg->store, &t->trainers, &t->ntrainers,
		    &cause) != 0) {
			snprintf(t->signoff_error, sizeof t->signoff_error, "%s",
			    cause);
			free(cause);
		}
		t->signoff_trainer = 0;
	}
	tui_dirty(t);
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
static void
op_checked(const struct lesson_check *c, void *data)
{
	struct tui *t = data;
	const char *title = outcome_title(t, c->outcome);
	char line[768];
	size_t n;

	snprintf(line, sizeof line, "%s %s%s%s: %s (%s)", c->passed ? "✓" :
	    "·", c->outcome, title != NULL ? " " : "", title != NULL ? title :
	    "", tui_tr(t, c->passed ? "check.passed" : "check.not_yet"),
	    tui_method(t, c->method));
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

void
lesson_view_start(struct tui *t, const struct tui_module *m,
    const struct tui_lesson *l, bool resume)
{
	struct lesson_run_config rc;
	const char *outcomes[64];
	struct rec_attempt a;
	bool found = false;
	char *cause = NULL, display[256];

	/* A printer lesson does not open on a stopped printer: it would
	 * announce heating and then fail. */
	if (!lesson_view_printer_ready(t, l)) {
		t->goon_step = 0;
		return;
	}
	lesson_view_free(t);
	memset(&rc, 0, sizeof rc);
	for (int i = 0; i < m->noutcomes && i < 64; i++)
		outcomes[i] = m->outcomes[i].id;
	if (rec_attempt_find_resumable(t->cfg->store, t->learner_id, l->id, &a,
	    &found, NULL) == 0 && found) {
		if (resume)
			rc.resume_attempt = a.id;
		else
			rec_attempt_finish(t->cfg->store, a.id,
			    REC_ATTEMPT_CANCELLED, NULL);
		rec_attempt_clear(&a);
	}
	snprintf(display, sizeof display, "%s/%s.lua", m->id, l->id);
	rc.loop = t->cfg->loop;
	rc.host = t->cfg->host;
	rc.store = t->cfg->store;
	rc.path = l->path;
	rc.display_name = display;
	rc.module_dir = m->dir;
	rc.gcode_dir = t->cfg->gcode_dir;
	rc.module_id = m->id;
	rc.module_version = m->version;
	rc.module_hash = m->hash;
	rc.outcomes = outcomes;
	rc.noutcomes = (size_t)(m->noutcomes < 64 ? m->noutcomes : 64);
	rc.learner_id = t->learner_id;
	rc.station = t->cfg->station;
	rc.printer_profile = t->cfg->printer_profile;
	rc.lang = t->lang;
	if (!resume && t->goon_step > 0) {
		rc.start_step = t->goon_step;
		rc.has_seed = true;
		rc.seed = t->goon_seed;
	}
	t->goon_step = 0;
	rc.ops = &tui_lesson_ops;
	rc.ui_data = t;
	t->run_finished = false;
	t->run_module = (int)(m - t->modules);
	t->run_lesson = (int)(l - m->lessons);
	t->run = lesson_run_start(&rc, &cause);
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

/* {{{ drawing */

/* One wrapped paragraph of the page, with how to draw it. */
struct para {
	struct text_lines tl;
	int role;
	int indent;
	bool fill;		/* paint the whole width (warnings) */
	char bullet[16];	/* drawn left of the first line (lists) */
};

struct page {
	struct para *a;
	size_t n, cap;
	size_t lines;
};

static void
page_add(struct page *pg, const char *text, int width, int markup, int role,
    int indent, bool fill)
{
	struct para *p;

	if (pg->n == pg->cap) {
		pg->cap = pg->cap ? pg->cap * 2 : 32;
		pg->a = xrealloc(pg->a, pg->cap * sizeof *pg->a);
	}
	p = &pg->a[pg->n++];
	text_wrap(text, markup ? width - indent : 0, markup, &p->tl);
	p->role = role;
	p->indent = indent;
	p->fill = fill;
	p->bullet[0] = '\0';
	pg->lines += p->tl.n;
}

static void
page_free(struct page *pg)
{
	for (size_t i = 0; i < pg->n; i++)
		text_lines_free(&pg->a[i].tl);
	free(pg->a);
}

/* Tables are laid out as preformatted text; their cells wrap, never cut. */
static void
page_table(struct page *pg, const struct tui_block *b, int width)
{
	char *text = text_table((const char *const *)b->items, b->nrows,
	    b->ncols, b->has_header, width - 2);

	page_add(pg, text, width, 0, ROLE_NORMAL, 2, false);
	free(text);
}

static void
page_build(struct tui *t, struct page *pg, int width)
{
	char line[2048];

	memset(pg, 0, sizeof *pg);
	for (size_t i = 0; i < t->nblocks; i++) {
		const struct tui_block *b = &t->blocks[i];

		switch ((int)b->kind) {
		case LESSON_BLOCK_HEADING:
			page_add(pg, b->text, width, 1, ROLE_HEADING, 0, false);
			break;
		case LESSON_BLOCK_SUBHEADING:
			snprintf(line, sizeof line, "**%s**", b->text);
			page_add(pg, line, width, 1, ROLE_NORMAL, 0, false);
			break;
		case LESSON_BLOCK_PARAGRAPH:
			page_add(pg, b->text, width, 1, ROLE_NORMAL, 0, false);
			break;
		case LESSON_BLOCK_LIST:
			/* Hanging indent: wrapped lines align with the text. */
			for (size_t k = 0; k < b->nitems; k++) {
				page_add(pg, b->items[k], width, 1, ROLE_NORMAL,
				    b->ordered ? 6 : 4, false);
				if (b->ordered)
					snprintf(pg->a[pg->n - 1].bullet,
					    sizeof pg->a[0].bullet, "%d.", (int)(k % 1000) + 1);
				else
					snprintf(pg->a[pg->n - 1].bullet,
					    sizeof pg->a[0].bullet, "•");
			}
			break;
		case LESSON_BLOCK_CODE:
			page_add(pg, b->text, width, 0, ROLE_CODE, 4, false);
			break;
		case LESSON_BLOCK_TABLE:
			page_table(pg, b, width);
			break;
		case LESSON_BLOCK_FIGURE:
			page_add(pg, b->text, width, 0, ROLE_NORMAL, 4, false);
			if (b->caption != NULL) {
				snprintf(line, sizeof line, "*%s*", b->caption);
				page_add(pg, line, width, 1, ROLE_DIM, 4, false);
			}
			break;
		case LESSON_BLOCK_NOTE:
			snprintf(line, sizeof line, "ℹ %s", b->text);
			page_add(pg, line, width, 1, ROLE_NOTE, 2, false);
			break;
		case LESSON_BLOCK_WARNING:
			snprintf(line, sizeof line, "⚠ %s", b->text);
			page_add(pg, line, width - 2, 1, ROLE_WARNING, 1, true);
			break;
		case BLOCK_FEEDBACK_OK:
			page_add(pg, b->text, width, 1, ROLE_OK, 2, false);
			break;
		case BLOCK_FEEDBACK_BAD:
			page_add(pg, b->text, width, 1, ROLE_BAD, 2, false);
			break;
		case BLOCK_RECORDED:
			page_add(pg, b->text, width, 1, ROLE_DIM, 2, false);
			break;
		}
		/* A blank line between blocks, but not inside lists. */
		if (b->kind != LESSON_BLOCK_HEADING)
			page_add(pg, "", width, 1, ROLE_NORMAL, 0, false);
	}
}

static void
page_draw(struct tui *t, struct page *pg, size_t first, int y, int rows, int x)
{
	size_t skip = first;

	for (size_t i = 0; i < pg->n && rows > 0; i++) {
		struct para *p = &pg->a[i];
		size_t start = 0;
		int drawn;

		if (skip >= p->tl.n) {
			skip -= p->tl.n;
			continue;
		}
		start = skip;
		skip = 0;
		if (p->fill) {
			for (size_t k = start; k < p->tl.n && (int)(k - start) < rows;
			    k++)
				draw_fill(y + (int)(k - start), x, t->cols - 2 * x,
				    p->role, t);
		}
		if (p->bullet[0] != '\0' && start == 0)
			draw_text(y, x + p->indent - utf8_width(p->bullet) - 1,
			    p->bullet, utf8_width(p->bullet));
		drawn = draw_lines(t, &p->tl, start, y, x + p->indent, rows,
		    p->role);
		y += drawn;
		rows -= drawn;
	}
}

/* The interaction area: returns the rows it needs (drawn when draw). */
static int
interaction(struct tui *t, int y, int width, bool draw)
{
	struct tui_question *q = &t->q;
	int rows = 0;
	char line[1024];

#define EMIT(role, text) do { if (draw) { \
	attron((attr_t)draw_attr(t, role)); draw_text(y + rows, 2, text, width); \
	attroff((attr_t)draw_attr(t, role)); } rows++; } while (0)

	if (t->run_finished) {
		struct text_lines tl;
		text_wrap(t->run_message ? t->run_message : "", width, 1, &tl);
		if (draw)
			draw_lines(t, &tl, 0, y, 2, (int)tl.n, t->run_end.status ==
			    LESSON_COMPLETED ? ROLE_OK : t->run_end.status ==
			    LESSON_CANCELLED ? ROLE_WARN : ROLE_BAD);
		rows += (int)tl.n;
		text_lines_free(&tl);
		EMIT(ROLE_DIM, tui_tr(t, "lesson.back_hint"));
		return rows;
	}
	if (q->active) {
		struct text_lines tl;
		if (q->quiz_count > 0)
			snprintf(line, sizeof line, "%s %d/%d", tui_tr(t,
			    "question.quiz"), q->quiz_index, q->quiz_count);
		else
			snprintf(line, sizeof line, "%s", tui_tr(t,
			    "question.title"));
		if (q->tries > 1) {
			size_t n = strlen(line);
			snprintf(line + n, sizeof line - n, " · %s %d/%d",
			    tui_tr(t, "question.try"), q->try_no, q->tries);
		}
		EMIT(ROLE_HEADING, line);
		text_wrap(q->text, width, 1, &tl);
		if (draw)
			draw_lines(t, &tl, 0, y + rows, 2, (int)tl.n, ROLE_NORMAL);
		rows += (int)tl.n;
		text_lines_free(&tl);
		if (q->kind == LESSON_Q_NUMERIC) {
			if (draw && q->unit)
				draw_text(y + rows, 21, q->unit, width - 20);
			rows++;
			EMIT(ROLE_DIM, tui_tr(t, "question.hint_number"));
			/* Last, so the terminal cursor stays in the field. */
			if (draw)
				draw_input(t, y + rows - 2, 4, 16, &q->input, true);
			return rows;
		}
		for (size_t i = 0; i < q->nchoices; i++) {
			int idx = q->kind == LESSON_Q_ORDER ? q->order[i] : (int)i;
			const char *mark = "";

			if (q->kind == LESSON_Q_MULTI)
				mark = q->picked[i] ? "[x] " : "[ ] ";
			else if (q->kind == LESSON_Q_ORDER)
				mark = q->grabbed && (int)i == q->cursor ? "⇕ " : "  ";
			snprintf(line, sizeof line, "%s%zu) %s", mark, i + 1,
			    q->choices[idx]);
			if (draw && (int)i == q->cursor)
				draw_fill(y + rows, 2, width, ROLE_SELECTED, t);
			EMIT((int)i == q->cursor ? ROLE_SELECTED : ROLE_NORMAL, line);
		}
		EMIT(ROLE_DIM, tui_tr(t, q->kind == LESSON_Q_MULTI ?
		    "question.hint_multi" : q->kind == LESSON_Q_ORDER ?
		    "question.hint_order" : "question.hint_single"));
		return rows;
	}
	switch (t->pending) {
	case PENDING_CONFIRM: {
		struct text_lines tl;
		text_wrap(t->pending_text, width, 1, &tl);
		if (draw)
			draw_lines(t, &tl, 0, y, 2, (int)tl.n, ROLE_HEADING);
		rows += (int)tl.n;
		text_lines_free(&tl);
		snprintf(line, sizeof line, "%s%s]   %s%s]",
		    t->confirm_cursor == 0 ? "[▶ " : "[", tui_tr(t, "button.yes"),
		    t->confirm_cursor == 1 ? "[▶ " : "[", tui_tr(t, "button.no"));
		EMIT(ROLE_NORMAL, line);
		EMIT(ROLE_DIM, tui_tr(t, "confirm.hint"));
		return rows;
	}
	case PENDING_CONTINUE:
		if (t->pending_text != NULL) {
			struct text_lines tl;
			text_wrap(t->pending_text, width, 1, &tl);
			if (draw)
				draw_lines(t, &tl, 0, y, 2, (int)tl.n, ROLE_HEADING);
			rows += (int)tl.n;
			text_lines_free(&tl);
		}
		snprintf(line, sizeof line, "▶ %s", tui_tr(t, "lesson.continue"));
		EMIT(ROLE_SELECTED, line);
		return rows;
	case PENDING_SIGNOFF: {
		struct text_lines tl;
		snprintf(line, sizeof line, "%s: %s", tui_tr(t, "signoff.title"),
		    t->signoff_outcome);
		EMIT(ROLE_HEADING, line);
		text_wrap(t->signoff_prompt, width, 1, &tl);
		if (draw)
			draw_lines(t, &tl, 0, y + rows, 2, (int)tl.n, ROLE_NORMAL);
		rows += (int)tl.n;
		text_lines_free(&tl);
		if (t->signoff_error[0] != '\0')
			EMIT(ROLE_BAD, t->signoff_error);
		if (t->signoff_stage == 0) {
			EMIT(ROLE_DIM, tui_tr(t, "signoff.pick_trainer"));
			for (size_t i = 0; i < t->ntrainers; i++) {
				snprintf(line, sizeof line, "  %s (%s)",
				    t->trainers[i].name, t->trainers[i].id);
				if (draw && (int)i == t->signoff_trainer)
					draw_fill(y + rows, 2, width, ROLE_SELECTED, t);
				EMIT((int)i == t->signoff_trainer ? ROLE_SELECTED :
				    ROLE_NORMAL, line);
			}
			if (t->ntrainers == 0)
				EMIT(ROLE_BAD, tui_tr(t, "signoff.no_trainers"));
		} else if (t->signoff_stage == 1) {
			snprintf(line, sizeof line, "%s %s:", tui_tr(t,
			    "signoff.pin_for"), t->trainers[t->signoff_trainer].name);
			EMIT(ROLE_NORMAL, line);
			if (draw)
				draw_input(t, y + rows, 4, 12, &t->q.input, true);
			rows++;
		} else {
			EMIT(ROLE_NORMAL, tui_tr(t, "signoff.verdict"));
			snprintf(line, sizeof line, "%s%s]   %s%s]",
			    t->confirm_cursor == 0 ? "[▶ " : "[",
			    tui_tr(t, "signoff.competent"),
			    t->confirm_cursor == 1 ? "[▶ " : "[",
			    tui_tr(t, "signoff.not_yet"));
			EMIT(ROLE_NORMAL, line);
		}
		return rows;
	}
	case PENDING_NONE:
		break;
	}
#undef EMIT
	return rows;
}

/* "Nozzle to 200 °C: 118.3 °C now", "Nozzle below 45 °C: 132.0 °C now". */
static void
banner_goal(struct tui *t, struct buf *out, const char *heater, double goal,
    double now)
{
	char g[32], n[32], text[256];

	snprintf(g, sizeof g, "%.0f", goal);
	snprintf(n, sizeof n, "%.1f", now);
	tui_format(t, text, sizeof text, t->wait.kind == LESSON_WAIT_COOL ?
	    "wait.goal_cool" : "wait.goal_heat", tui_tr(t, heater), g, n, NULL);
	buf_appendf(out, " · %s", text);
}

/*
 * The wait banner says what the lesson waits for, the live values that
 * tell how far it is, and counts the seconds. It wraps rather than cut:
 * returns the rows it used (drawn when draw).
 */
static int
draw_banner(struct tui *t, int y, bool draw)
{
	static const char *const kinds[] = {
		[LESSON_WAIT_COMMAND] = "wait.command",
		[LESSON_WAIT_HEAT] = "wait.heat",
		[LESSON_WAIT_COOL] = "wait.cool",
		[LESSON_WAIT_IDLE] = "wait.idle",
		[LESSON_WAIT_PRINT] = "wait.print",
		[LESSON_WAIT_SLEEP] = "wait.sleep",
	};
	const struct lesson_wait *w = &t->wait;
	bool temps = t->st.has_temps || w->has_temps;
	double nozzle = t->st.has_temps ? t->st.nozzle : w->nozzle;
	double bed = t->st.has_temps ? t->st.bed : w->bed;
	double nozzle_target = t->st.has_temps ? t->st.nozzle_target :
	    w->nozzle_target;
	double bed_target = t->st.has_temps ? t->st.bed_target : w->bed_target;
	double since = (double)(clock_ms() - t->wait_start_ms) / 1000.0;
	struct text_lines tl;
	struct buf line;
	int rows;

	if (since < w->elapsed)
		since = w->elapsed;
	buf_init(&line);
	buf_appendf(&line, "⏳ %s", tui_tr(t, kinds[w->kind]));
	if (w->what != NULL && *w->what != '\0')
		buf_appendf(&line, " %s", w->what);
	if (w->kind == LESSON_WAIT_HEAT || w->kind == LESSON_WAIT_COOL) {
		if (w->goal_nozzle)
			banner_goal(t, &line, "printer.nozzle", w->nozzle_goal,
			    nozzle);
		if (w->goal_bed)
			banner_goal(t, &line, "printer.bed", w->bed_goal, bed);
		/* A heater not waited for is shown only while it is on. */
		if (!w->goal_nozzle && temps && nozzle_target > 0)
			buf_appendf(&line, " · %s %.1f/%.0f °C", tui_tr(t,
			    "printer.nozzle"), nozzle, nozzle_target);
		if (!w->goal_bed && temps && bed_target > 0)
			buf_appendf(&line, " · %s %.1f/%.0f °C", tui_tr(t,
			    "printer.bed"), bed, bed_target);
	} else if (temps) {
		/* Moves and pauses: where the head is, and the heat. */
		if ((w->kind == LESSON_WAIT_COMMAND || w->kind ==
		    LESSON_WAIT_IDLE) && t->st.has_position)
			buf_appendf(&line, " · X%.1f Y%.1f Z%.2f", t->st.x,
			    t->st.y, t->st.z);
		buf_appendf(&line, " · %s %.1f/%.0f °C · %s %.1f/%.0f °C",
		    tui_tr(t, "printer.nozzle"), nozzle, nozzle_target,
		    tui_tr(t, "printer.bed"), bed, bed_target);
	}
	if (w->progress >= 0)
		buf_appendf(&line, " · %.0f%%", w->progress * 100);
	if (w->kind == LESSON_WAIT_PRINT && w->layers > 0)
		buf_appendf(&line, " · %s %d/%d", tui_tr(t, "printer.layer"),
		    w->layer, w->layers);
	if (w->kind == LESSON_WAIT_PRINT && w->eta >= 0)
		buf_appendf(&line, " · %s %d:%02d", tui_tr(t, "printer.eta"),
		    (int)(w->eta / 60), (int)w->eta % 60);
	/* Between the runner's updates the clock still runs. */
	if (w->kind == LESSON_WAIT_SLEEP && w->timeout > 0) {
		char a[32], b[32], text[128];

		snprintf(a, sizeof a, "%.0f", since < w->timeout ? since :
		    w->timeout);
		snprintf(b, sizeof b, "%.0f", w->timeout);
		tui_format(t, text, sizeof text, "wait.of", a, b, NULL, NULL);
		buf_appendf(&line, " · %s", text);
	} else
		buf_appendf(&line, " · %.0f s", since);
	/* Wrapped by words; the banner has no markup. */
	{
		char *plain = xstrdup(line.data);
		for (char *c = plain; *c; c++)
			if (*c == '*' || *c == '`')
				*c = ' ';
		text_wrap(plain, t->cols - 2, 1, &tl);
		free(plain);
	}
	rows = (int)tl.n > 0 ? (int)tl.n : 1;
	if (rows > 3)
		rows = 3;
	if (draw) {
		for (int r = 0; r < rows; r++)
			draw_fill(y + r, 0, t->cols, ROLE_BANNER, t);
		draw_lines(t, &tl, 0, y, 1, rows, ROLE_BANNER);
	}
	text_lines_free(&tl);
	buf_free(&line);
	return rows;
}

void
lesson_view_draw(struct tui *t, int top, int height)
{
	struct page pg;
	char line[512];
	int width = t->cols - 4, y = top, inter, area;

	snprintf(line, sizeof line, "%s · %s %d/%d%s%s", t->run_title ?
	    t->run_title : "", tui_tr(t, "lesson.step"), t->step_index + 1,
	    t->step_count, t->step_title ? ": " : "", t->step_title ?
	    t->step_title : "");
	attron(A_BOLD);
	draw_text(y++, 1, line, t->cols - 2);
	attroff(A_BOLD);
	if (t->waiting)
		y += draw_banner(t, y, true);
	inter = interaction(t, 0, width, false);
	if (inter > height / 2)
		inter = height / 2;
	area = top + height - y - inter - (inter > 0 ? 1 : 0);
	page_build(t, &pg, width);
	if (t->follow || t->scroll > (int)pg.lines - area)
		t->scroll = (int)pg.lines > area ? (int)pg.lines - area : 0;
	if (t->scroll < 0)
		t->scroll = 0;
	page_draw(t, &pg, (size_t)t->scroll, y, area, 2);
	if (t->scroll + area < (int)pg.lines) {
		attron((attr_t)draw_attr(t, ROLE_DIM));
		draw_text(y + area - 1, t->cols - 3, "↓", 1);
		attroff((attr_t)draw_attr(t, ROLE_DIM));
	}
	if (t->scroll > 0) {
		attron((attr_t)draw_attr(t, ROLE_DIM));
		draw_text(y, t->cols - 3, "↑", 1);
		attroff((attr_t)draw_attr(t, ROLE_DIM));
	}
	page_free(&pg);
	if (inter > 0) {
		mvhline(top + height - inter - 1, 1, ACS_HLINE, t->cols - 2);
		interaction(t, top + height - inter, width, true);
	}
}

/* }}} */

/* {{{ keys */

static bool
key_is_enter(struct tui_key k)
{
	return (!k.fn && k.code == '\n') || (k.fn && k.code == KEY_ENTER);
}

static void
answer_question(struct tui *t)
{
	struct tui_question *q = &t->q;
	struct lesson_answer a = { 0 };
	int picks[32];
	size_t n = 0;
	char text[64], *end;

	switch (q->kind) {
	case LESSON_Q_SINGLE:
	case LESSON_Q_TRUEFALSE:
		picks[n++] = q->cursor;
		break;
	case LESSON_Q_MULTI:
		for (size_t i = 0; i < q->nchoices; i++)
			if (q->picked[i])
				picks[n++] = (int)i;
		if (n == 0) {
			tui_flash(t, "%s", tui_tr(t, "question.pick_some"));
			return;
		}
		break;
	case LESSON_Q_ORDER:
		for (size_t i = 0; i < q->nchoices; i++)
			picks[n++] = q->order[i];
		break;
	case LESSON_Q_NUMERIC:
		input_text(&q->input, text, sizeof text);
		for (char *c = text; *c; c++)
			if (*c == ',')
				*c = '.';
		a.number = strtod(text, &end);
		if (end == text || *str_trim(end) != '\0' || !isfinite(a.number)) {
			tui_flash(t, "%s", tui_tr(t, "question.need_number"));
			return;
		}
		break;
	}
	a.picks = picks;
	a.npicks = n;
	lesson_run_answer(q->run, &a);
	q->active = false;
}

static bool
question_key(struct tui *t, struct tui_key k)
{
	struct tui_question *q = &t->q;
	int n = (int)q->nchoices;

	if (q->kind == LESSON_Q_NUMERIC) {
		if (key_is_enter(k)) {
			answer_question(t);
			return true;
		}
		return input_key(&q->input, k);
	}
	if (k.fn && (k.code == KEY_UP || k.code == KEY_DOWN)) {
		int to = q->cursor + (k.code == KEY_UP ? -1 : 1);
		if (to < 0 || to >= n)
			return true;
		if (q->kind == LESSON_Q_ORDER && q->grabbed) {
			int tmp = q->order[to];
			q->order[to] = q->order[q->cursor];
			q->order[q->cursor] = tmp;
		}
		q->cursor = to;
		return true;
	}
	if (!k.fn && k.code >= '1' && k.code <= '9' && (int)(k.code - '1') < n) {
		q->cursor = (int)(k.code - '1');
		if (q->kind == LESSON_Q_MULTI)
			q->picked[q->cursor] = !q->picked[q->cursor];
		return true;
	}
	if (!k.fn && k.code == ' ') {
		if (q->kind == LESSON_Q_MULTI)
			q->picked[q->cursor] = !q->picked[q->cursor];
		else if (q->kind == LESSON_Q_ORDER)
			q->grabbed = !q->grabbed;
		return true;
	}
	if (key_is_enter(k)) {
		answer_question(t);
		return true;
	}
	return false;
}

static void
leave_cb(struct tui *t, int button, const char *input)
{
	(void)input;
	if (button == 0 && t->run != NULL)
		lesson_run_cancel(t->run, tui_tr(t, "lesson.left"));
}

static bool
signoff_key(struct tui *t, struct tui_key k)
{
	char pin[64];

	if (t->signoff_stage == 0) {
		if (k.fn && k.code == KEY_UP && t->signoff_trainer > 0)
			t->signoff_trainer--;
		else if (k.fn && k.code == KEY_DOWN &&
		    t->signoff_trainer + 1 < (int)t->ntrainers)
			t->signoff_trainer++;
		else if (key_is_enter(k) && t->ntrainers > 0) {
			t->signoff_stage = 1;
			input_clear(&t->q.input);
			t->q.input.masked = true;
			t->q.input.digits_only = true;
		}
		return true;
	}
	if (t->signoff_stage == 1) {
		t->q.input.masked = true;
		t->q.input.digits_only = true;
		if (key_is_enter(k)) {
			input_text(&t->q.input, pin, sizeof pin);
			snprintf(t->signoff_pin, sizeof t->signoff_pin, "%s", pin);
			t->signoff_stage = 2;
			t->confirm_cursor = 0;
			return true;
		}
		return input_key(&t->q.input, k);
	}
	if (k.fn && (k.code == KEY_LEFT || k.code == KEY_RIGHT))
		t->confirm_cursor = !t->confirm_cursor;
	else if (!k.fn && (k.code == '1' || k.code == '2'))
		t->confirm_cursor = (int)(k.code - '1');
	else if (key_is_enter(k)) {
		const char *trainer = t->trainers[t->signoff_trainer].id;
		t->pending = PENDING_NONE;
		lesson_run_signoff(t->run, trainer, t->signoff_pin,
		    t->confirm_cursor == 0);
		memset(t->signoff_pin, 0, sizeof t->signoff_pin);
		input_clear(&t->q.input);
	}
	return true;
}

bool
lesson_view_key(struct tui *t, struct tui_key k)
{
	if (k.fn && (k.code == KEY_PPAGE || k.code == KEY_NPAGE)) {
		t->follow = false;
		t->scroll += (k.code == KEY_PPAGE ? -1 : 1) * (t->rows / 2);
		if (k.code == KEY_NPAGE && t->scroll < 0)
			t->scroll = 0;
		if (k.code == KEY_NPAGE && t->scroll >= 100000)
			t->follow = true;
		return true;
	}
	if (t->run_finished) {
		if (key_is_enter(k) || (!k.fn && k.code == 27)) {
			lesson_view_close(t);
			catalogue_enter(t);
		}
		return true;
	}
	if (!k.fn && k.code == 27) {
		const char *buttons[2] = { tui_tr(t, "lesson.leave"),
		    tui_tr(t, "lesson.stay") };
		tui_dialog_choice(t, tui_tr(t, "lesson.leave_title"),
		    tui_tr(t, "lesson.leave_text"), buttons, 2, 'L', leave_cb);
		return true;
	}
	if (t->q.active)
		return question_key(t, k);
	switch (t->pending) {
	case PENDING_CONFIRM:
		if (k.fn && (k.code == KEY_LEFT || k.code == KEY_RIGHT ||
		    k.code == KEY_UP || k.code == KEY_DOWN))
			t->confirm_cursor = !t->confirm_cursor;
		else if (!k.fn && (k.code == 'y' || k.code == '1'))
			t->confirm_cursor = 0;
		else if (!k.fn && (k.code == 'n' || k.code == '2'))
			t->confirm_cursor = 1;
		else if (key_is_enter(k)) {
			t->pending = PENDING_NONE;
			t->unseen_feedback = false;
			lesson_run_confirm(t->run, t->confirm_cursor == 0);
		}
		return true;
	case PENDING_CONTINUE:
		if (key_is_enter(k) || (!k.fn && k.code == ' ')) {
			t->pending = PENDING_NONE;
			t->unseen_feedback = false;
			lesson_run_continue(t->run);
		}
		return true;
	case PENDING_SIGNOFF:
		return signoff_key(t, k);
	case PENDING_NONE:
		break;
	}
	return false;
}

/* }}} */
