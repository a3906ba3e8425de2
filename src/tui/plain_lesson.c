/*
 * The plain line mode's lesson: the runner's ops said as lines. Blocks are
 * read out in order (tables row by row with their headers, lists numbered
 * or dashed, warnings and notes named as such), questions list numbered
 * choices and say how to answer, waits say their goal and live values
 * every few seconds. Typed lines become lesson_run_answer / _confirm /
 * _continue / _signoff calls, as keys do on the screen.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lesson_setup.h"
#include "plain_int.h"

/* How often a wait's news is said: often enough to follow, rarely enough
 * not to drown a screen reader. */
#define PLAIN_WAIT_NEWS_MS 10000

/* {{{ lesson_ui_ops */

static void
op_begin(const struct lesson_info *info, void *data)
{
	struct plain *p = data;
	char n[32], line[512];

	snprintf(n, sizeof n, "%d", info->nsteps);
	plain_format(p, line, sizeof line, "plain.lesson_begin", info->title,
	    n, NULL, NULL);
	plain_say(p, line, false);
}

static void
op_step(int index, int count, const char *title, void *data)
{
	struct plain *p = data;
	char i[32], n[32], line[512];

	snprintf(i, sizeof i, "%d", index + 1);
	snprintf(n, sizeof n, "%d", count);
	plain_format(p, line, sizeof line, "plain.step", i, n, title ? title :
	    "", NULL);
	plain_say(p, line, false);
}

/* "Row 2: Key: F12; What it does: sends M112." */
static void
say_table(struct plain *p, const struct lesson_block *b)
{
	char n[32], row[64];
	struct buf line;

	if (b->caption != NULL)
		plain_sayf(p, "%s: %s", plain_tr(p, "plain.table"), b->caption);
	else
		plain_say(p, plain_tr(p, "plain.table"), false);
	buf_init(&line);
	for (size_t r = 0; r < b->nrows; r++) {
		snprintf(n, sizeof n, "%zu", r + 1);
		plain_format(p, row, sizeof row, "plain.row", n, NULL, NULL,
		    NULL);
		buf_reset(&line);
		buf_appendf(&line, "%s:", row);
		for (size_t c = 0; c < b->ncols; c++) {
			const char *cell = b->cells[r * b->ncols + c];

			if (b->header != NULL)
				buf_appendf(&line, " %s: %s%s", b->header[c], cell,
				    c + 1 < b->ncols ? ";" : ".");
			else
				buf_appendf(&line, " %s%s", cell, c + 1 < b->ncols ?
				    ";" : ".");
		}
		plain_say(p, line.data, true);
	}
	buf_free(&line);
}

static void
op_show(const struct lesson_block *b, void *data)
{
	struct plain *p = data;

	switch (b->kind) {
	case LESSON_BLOCK_HEADING:
	case LESSON_BLOCK_SUBHEADING:
	case LESSON_BLOCK_PARAGRAPH:
		plain_say(p, b->text, true);
		break;
	case LESSON_BLOCK_LIST:
		for (size_t i = 0; i < b->nitems; i++) {
			if (b->ordered)
				plain_sayf(p, "%zu. %s", i + 1, b->items[i]);
			else
				plain_sayf(p, "- %s", b->items[i]);
		}
		break;
	case LESSON_BLOCK_CODE:
		plain_say(p, plain_tr(p, "plain.code"), false);
		plain_say(p, b->text, false);
		plain_say(p, plain_tr(p, "plain.code_end"), false);
		break;
	case LESSON_BLOCK_TABLE:
		say_table(p, b);
		break;
	case LESSON_BLOCK_FIGURE:
		plain_sayf(p, "%s: %s", plain_tr(p, "plain.figure"),
		    b->caption != NULL ? b->caption : "");
		plain_say(p, b->text, false);
		break;
	case LESSON_BLOCK_NOTE:
		plain_sayf(p, "%s %s", plain_tr(p, "plain.note"), b->text);
		break;
	case LESSON_BLOCK_WARNING:
		plain_sayf(p, "%s %s", plain_tr(p, "plain.warning"), b->text);
		break;
	}
}

static void
op_ask(struct lesson_run *run, const struct lesson_question *q, void *data)
{
	struct plain *p = data;
	char line[512];
	const char *hint;

	(void)run;
	if (q->quiz_count > 0)
		snprintf(line, sizeof line, "%s %d/%d", plain_tr(p,
		    "question.quiz"), q->quiz_index, q->quiz_count);
	else
		snprintf(line, sizeof line, "%s", plain_tr(p, "question.title"));
	if (q->tries > 1) {
		size_t n = strlen(line);
		snprintf(line + n, sizeof line - n, ", %s %d/%d", plain_tr(p,
		    "question.try"), q->try_no, q->tries);
	}
	plain_sayf(p, "%s: %s", line, q->text);
	p->q_kind = q->kind;
	p->q_nchoices = q->nchoices < PLAIN_MAX_CHOICES ? q->nchoices :
	    PLAIN_MAX_CHOICES;
	for (size_t i = 0; i < p->q_nchoices; i++)
		plain_sayf(p, "%zu. %s", i + 1, q->choices[i]);
	switch (q->kind) {
	case LESSON_Q_MULTI: hint = "plain.hint_multi"; break;
	case LESSON_Q_ORDER: hint = "plain.hint_order"; break;
	case LESSON_Q_NUMERIC: hint = "plain.hint_number"; break;
	default: hint = "plain.hint_single"; break;
	}
	if (q->kind == LESSON_Q_NUMERIC && q->unit != NULL) {
		plain_format(p, line, sizeof line, "plain.hint_number_unit",
		    q->unit, NULL, NULL, NULL);
		plain_say(p, line, false);
	} else
		plain_say(p, plain_tr(p, hint), false);
	p->pending = PLAIN_ANSWER;
}

/* The verdict once, in words: the lesson's feedback may open with it. */
static void
op_feedback(const struct lesson_feedback *fb, void *data)
{
	struct plain *p = data;
	const char *verdict = plain_tr(p, fb->correct ? "feedback.right" :
	    "feedback.wrong");
	size_t n = strlen(verdict);

	while (n > 0 && strchr(".:!,; ", verdict[n - 1]) != NULL)
		n--;
	if (fb->text != NULL && n > 0 && strncasecmp(fb->text, verdict, n) == 0)
		plain_say(p, fb->text, true);
	else
		plain_sayf(p, "%s%s%s", verdict, fb->text ? " " : "", fb->text ?
		    fb->text : "");
	if (fb->explain != NULL && fb->final)
		plain_sayf(p, "%s %s", plain_tr(p, "plain.note"), fb->explain);
}

static void
say_yes_no(struct plain *p)
{
	plain_sayf(p, "1. %s", plain_tr(p, "button.yes"));
	plain_sayf(p, "2. %s", plain_tr(p, "button.no"));
	plain_say(p, plain_tr(p, "plain.pick"), false);
}

static void
op_confirm(struct lesson_run *run, const char *id, const char *text,
    void *data)
{
	struct plain *p = data;

	(void)run;
	(void)id;
	plain_say(p, text, true);
	say_yes_no(p);
	p->pending = PLAIN_CONFIRM;
}

static void
op_pause(struct lesson_run *run, const char *text, void *data)
{
	struct plain *p = data;

	(void)run;
	if (text != NULL)
		plain_say(p, text, true);
	plain_say(p, plain_tr(p, "plain.continue"), false);
	p->pending = PLAIN_CONTINUE;
}

/* The trainers who may sign off, read on the records worker. */
struct trainers_read {
	struct rec_trainer *trainers;
	size_t n;
};

static void
trainers_read(struct rec_store *s, void *data, char **cause)
{
	struct trainers_read *r = data;

	rec_trainer_list(s, &r->trainers, &r->n, cause);
}

static void
trainers_done(struct plain *p, void *data, const char *cause)
{
	struct trainers_read *r = data;

	/* Only while the lesson still waits for its sign-off. */
	if (p->quit || p->run == NULL ||
	    lesson_run_status(p->run) != LESSON_RUNNING ||
	    p->pending != PLAIN_NOTHING || p->state != PLAIN_LESSON) {
		rec_trainer_free_array(r->trainers, r->n);
		free(r);
		return;
	}
	rec_trainer_free_array(p->trainers, p->ntrainers);
	p->trainers = r->trainers;
	p->ntrainers = r->n;
	free(r);
	if (cause != NULL)
		plain_sayf(p, "%s: %s", plain_tr(p, "error.title"), cause);
	if (p->ntrainers == 0) {
		plain_say(p, plain_tr(p, "signoff.no_trainers"), false);
		return;
	}
	plain_say(p, plain_tr(p, "plain.pick_trainer"), false);
	for (size_t i = 0; i < p->ntrainers; i++)
		plain_sayf(p, "%zu. %s", i + 1, p->trainers[i].name);
	p->pending = PLAIN_TRAINER;
}

static void
op_signoff(struct lesson_run *run, const struct lesson_signoff *s, void *data)
{
	struct plain *p = data;

	(void)run;
	p->observation = s->observation;
	plain_sayf(p, "%s: %s", plain_tr(p, s->observation ? "observe.title" :
	    "signoff.title"), s->outcome ? s->outcome : "");
	if (s->prompt != NULL)
		plain_say(p, s->prompt, true);
	if (s->error != NULL)
		plain_say(p, s->error, false);
	/* After a wrong PIN the same trainer types it again. */
	if (s->error != NULL && p->ntrainers > 0) {
		/* Not echoed from before the question: a fast typist's PIN
		 * must not reach the screen. */
		plain_echo(p, false);
		plain_sayf(p, "%s %s:", plain_tr(p, "signoff.pin_for"),
		    p->trainers[p->trainer].name);
		p->pending = PLAIN_PIN;
		return;
	}
	p->pending = PLAIN_NOTHING;
	if (p->worker == NULL) {
		trainers_done(p, xcalloc(1, sizeof(struct trainers_read)),
		    NULL);
		return;
	}
	plain_records_job(p, trainers_read, trainers_done,
	    xcalloc(1, sizeof(struct trainers_read)));
}

static void
op_expect_stop(struct lesson_run *run, const char *id, void *data)
{
	struct plain *p = data;

	(void)run;
	(void)id;
	plain_say_key(p, "plain.stop_now");
}

/* "Heating: Nozzle to 150 °C: 118 °C now, 12 s" and the like. */
static void
say_wait(struct plain *p)
{
	static const char *const kinds[] = {
		[LESSON_WAIT_COMMAND] = "wait.command",
		[LESSON_WAIT_HEAT] = "wait.heat",
		[LESSON_WAIT_COOL] = "wait.cool",
		[LESSON_WAIT_IDLE] = "wait.idle",
		[LESSON_WAIT_PRINT] = "wait.print",
		[LESSON_WAIT_SLEEP] = "wait.sleep",
	};
	const struct lesson_wait *w = &p->wait;
	double since = (double)(clock_ms() - p->wait_start_ms) / 1000.0;
	char text[256], a[32], b[32], c[32];
	struct buf line;

	host_status(p->cfg->host, &p->st);
	if (since < w->elapsed)
		since = w->elapsed;
	buf_init(&line);
	buf_appendf(&line, "%s", plain_tr(p, kinds[w->kind]));
	if (w->what != NULL && *w->what != '\0')
		buf_appendf(&line, " %s", w->what);
	if (w->kind == LESSON_WAIT_HEAT || w->kind == LESSON_WAIT_COOL) {
		const char *key = w->kind == LESSON_WAIT_COOL ?
		    "wait.goal_cool" : "wait.goal_heat";

		if (w->goal_nozzle) {
			snprintf(a, sizeof a, "%.0f", w->nozzle_goal);
			snprintf(b, sizeof b, "%.0f", p->st.has_temps ?
			    p->st.nozzle : w->nozzle);
			plain_format(p, text, sizeof text, key, plain_tr(p,
			    "printer.nozzle"), a, b, NULL);
			buf_appendf(&line, ", %s", text);
		}
		if (w->goal_bed) {
			snprintf(a, sizeof a, "%.0f", w->bed_goal);
			snprintf(b, sizeof b, "%.0f", p->st.has_temps ?
			    p->st.bed : w->bed);
			plain_format(p, text, sizeof text, key, plain_tr(p,
			    "printer.bed"), a, b, NULL);
			buf_appendf(&line, ", %s", text);
		}
	}
	if (w->kind == LESSON_WAIT_PRINT && w->progress >= 0) {
		snprintf(a, sizeof a, "%.0f", w->progress * 100);
		plain_format(p, text, sizeof text, "plain.percent", a, NULL,
		    NULL, NULL);
		buf_appendf(&line, ", %s", text);
	}
	if (w->kind == LESSON_WAIT_PRINT && w->layers > 0)
		buf_appendf(&line, ", %s %d/%d", plain_tr(p, "printer.layer"),
		    w->layer, w->layers);
	if (w->kind == LESSON_WAIT_PRINT && w->eta >= 0)
		buf_appendf(&line, ", %s %d:%02d", plain_tr(p, "printer.eta"),
		    (int)(w->eta / 60), (int)w->eta % 60);
	if (w->kind == LESSON_WAIT_SLEEP && w->timeout > 0) {
		snprintf(a, sizeof a, "%.0f", since < w->timeout ? since :
		    w->timeout);
		snprintf(c, sizeof c, "%.0f", w->timeout);
		plain_format(p, text, sizeof text, "wait.of", a, c, NULL, NULL);
		buf_appendf(&line, ", %s", text);
	} else
		buf_appendf(&line, ", %.0f s", since);
	plain_say(p, line.data, true);
	buf_free(&line);
	p->wait_told_ms = clock_ms();
}

static void
op_wait(const struct lesson_wait *w, void *data)
{
	struct plain *p = data;
	bool began = w != NULL && !p->waiting;

	p->waiting = w != NULL;
	if (w == NULL)
		return;
	p->wait = *w;
	snprintf(p->wait_what, sizeof p->wait_what, "%s", w->what ? w->what :
	    "");
	p->wait.what = p->wait_what;
	if (began) {
		p->wait_start_ms = clock_ms();
		say_wait(p);
	}
}

static const char *
outcome_title(struct plain *p, const char *id)
{
	for (int m = 0; m < p->nmodules; m++) {
		for (int o = 0; o < p->modules[m].noutcomes; o++) {
			const struct tui_outcome *out = &p->modules[m].outcomes[o];
			if (strcmp(out->id, id) == 0)
				return out->title;
		}
	}
	return NULL;
}

/* "Recorded: T9.Q Nozzle heat: recorded as achieved (quiz), score 2 of 2." */
static void
op_checked(const struct lesson_check *c, void *data)
{
	struct plain *p = data;
	const char *title = outcome_title(p, c->outcome);
	char a[32], b[32], text[256], method[48];
	struct buf line;

	snprintf(method, sizeof method, "method.%s", rec_method_name(c->method));
	buf_init(&line);
	buf_appendf(&line, "%s %s%s%s: %s (%s)", plain_tr(p, "plain.recorded"),
	    c->outcome, title != NULL ? " " : "", title != NULL ? title : "",
	    plain_tr(p, c->method == REC_METHOD_OBSERVATION ? (c->passed ?
	    "check.observed" : "check.not_observed") : c->passed ?
	    "check.passed" : "check.not_yet"), plain_tr(p, method));
	if (c->has_score) {
		snprintf(a, sizeof a, "%g", c->score);
		snprintf(b, sizeof b, "%g", c->max);
		plain_format(p, text, sizeof text, "plain.score", a, b, NULL,
		    NULL);
		buf_appendf(&line, ", %s", text);
	}
	if (c->has_score && c->pass_mark >= 0) {
		snprintf(a, sizeof a, "%g", c->pass_mark * c->max);
		plain_format(p, text, sizeof text, "plain.pass_mark", a, b, NULL,
		    NULL);
		buf_appendf(&line, ", %s", text);
	}
	buf_appendf(&line, ".");
	plain_say(p, line.data, false);
	buf_free(&line);
}

static void
op_print(const char *text, void *data)
{
	(void)text;
	(void)data;	/* for lesson authors, not trainees */
}

static void
op_finished(const struct lesson_end *end, void *data)
{
	struct plain *p = data;
	const char *what;

	p->waiting = false;
	p->pending = PLAIN_NOTHING;
	plain_echo(p, true);
	/* Ended for a new language: it goes on at its step from the loop. */
	if (p->relang) {
		p->relang = false;
		if (end->status == LESSON_CANCELLED && !p->quit) {
			p->relang_due = true;
			memset(&p->found, 0, sizeof p->found);
			if (p->run != NULL) {
				p->found.resumable = lesson_run_attempt(p->run);
				lesson_run_position(p->run,
				    &p->found.resumable_step,
				    &p->found.resumable_seed);
			}
			p->run_over = true;
			return;
		}
	}
	switch (end->status) {
	case LESSON_COMPLETED:
		what = "plain.completed";
		break;
	case LESSON_CANCELLED:
		what = "lesson.cancelled";
		break;
	default:
		/* The trainee reads what happened and what to do; the file,
		 * line and traceback go to the log. */
		host_status(p->cfg->host, &p->st);
		what = end->status != LESSON_FAULT ? "lesson.error_trainee" :
		    p->st.link == HOST_LINK_HALTED ? "lesson.fault_halted" :
		    p->st.link != HOST_LINK_READY ? "lesson.fault_link" :
		    "lesson.fault_other";
		log_debug("plain: lesson %s: %s%s%s",
		    lesson_status_name(end->status), end->message ?
		    end->message : "", end->traceback ? "\n" : "",
		    end->traceback ? end->traceback : "");
		break;
	}
	plain_say(p, plain_tr(p, what), false);
	if (p->quit)
		return;
	plain_say(p, plain_tr(p, "plain.back_hint"), false);
	p->state = PLAIN_LESSON_OVER;
	p->run_over = true;
}

static const struct lesson_ui_ops plain_ops = {
	.begin = op_begin,
	.step = op_step,
	.show = op_show,
	.ask = op_ask,
	.feedback = op_feedback,
	.confirm = op_confirm,
	.pause = op_pause,
	.signoff = op_signoff,
	.expect_stop = op_expect_stop,
	.wait = op_wait,
	.checked = op_checked,
	.print = op_print,
	.finished = op_finished,
};

/* }}} */

void
plain_lesson_start(struct plain *p, bool resume)
{
	const struct tui_module *m = &p->modules[p->module];
	const struct tui_lesson *l = &m->lessons[p->lesson];
	struct lesson_setup setup;
	char *cause = NULL;

	plain_lesson_free(p);
	/* A printer lesson does not open on a stopped printer: it would
	 * announce heating and then fail. */
	if (l->needs_printer) {
		host_status(p->cfg->host, &p->st);
		if (p->st.link != HOST_LINK_READY) {
			plain_say(p, plain_tr(p, p->st.link == HOST_LINK_HALTED ?
			    "lesson.printer_halted" : p->st.link ==
			    HOST_LINK_CONNECTING ? "lesson.printer_connecting" :
			    "lesson.printer_away"), false);
			plain_list_lessons(p);
			return;
		}
	}
	lesson_setup(&setup, p->cfg, m, l, p->learner_id, p->lang,
	    &p->found, &p->reads, resume, p->goon_step, p->goon_seed);
	p->goon_step = 0;
	memset(&p->found, 0, sizeof p->found);
	setup.rc.ops = &plain_ops;
	setup.rc.ui_data = p;
	p->state = PLAIN_LESSON;
	p->pending = PLAIN_NOTHING;
	if (l->needs_printer)
		plain_say_key(p, "plain.stop_how");
	p->run = lesson_run_start(&setup.rc, &cause);
	if (p->run == NULL) {
		plain_sayf(p, "%s: %s", plain_tr(p, "lesson.cannot_start"),
		    cause);
		free(cause);
		plain_list_lessons(p);
	}
}

/* "1 3" or "3,1,2": numbers from 1 to max, each at most once. */
static size_t
parse_picks(const char *line, int max, int *picks, size_t cap)
{
	bool seen[PLAIN_MAX_CHOICES + 1] = { false };
	size_t n = 0;
	const char *s = line;
	char *end;

	while (*s != '\0') {
		long v;

		while (*s == ' ' || *s == ',' || *s == ';')
			s++;
		if (*s == '\0')
			break;
		v = strtol(s, &end, 10);
		if (end == s || v < 1 || v > max || seen[v] || n == cap)
			return 0;
		seen[v] = true;
		picks[n++] = (int)v - 1;
		s = end;
	}
	return n;
}

static void
answer(struct plain *p, const char *line)
{
	struct lesson_answer a = { 0 };
	int picks[PLAIN_MAX_CHOICES];
	size_t n = 0;
	char text[64], max[32], say[256], *end;

	snprintf(max, sizeof max, "%zu", p->q_nchoices);
	switch (p->q_kind) {
	case LESSON_Q_SINGLE:
	case LESSON_Q_TRUEFALSE:
		n = parse_picks(line, (int)p->q_nchoices, picks, 1);
		if (n != 1) {
			plain_format(p, say, sizeof say, "plain.not_a_choice",
			    max, NULL, NULL, NULL);
			plain_say(p, say, false);
			return;
		}
		break;
	case LESSON_Q_MULTI:
		n = parse_picks(line, (int)p->q_nchoices, picks,
		    PLAIN_MAX_CHOICES);
		if (n == 0) {
			plain_say(p, plain_tr(p, "plain.hint_multi"), false);
			return;
		}
		break;
	case LESSON_Q_ORDER:
		n = parse_picks(line, (int)p->q_nchoices, picks,
		    PLAIN_MAX_CHOICES);
		if (n != p->q_nchoices) {
			plain_format(p, say, sizeof say, "plain.order_all", max,
			    NULL, NULL, NULL);
			plain_say(p, say, false);
			return;
		}
		break;
	case LESSON_Q_NUMERIC:
		snprintf(text, sizeof text, "%s", line);
		for (char *c = text; *c; c++)
			if (*c == ',')
				*c = '.';
		a.number = strtod(text, &end);
		if (end == text || *str_trim(end) != '\0' || !isfinite(a.number)) {
			plain_say(p, plain_tr(p, "question.need_number"), false);
			return;
		}
		break;
	}
	a.picks = picks;
	a.npicks = n;
	p->pending = PLAIN_NOTHING;
	lesson_run_answer(p->run, &a);
}

/* 1 or 2, or the words for yes and no (y and n too). */
static int
yes_no(struct plain *p, const char *line)
{
	if (strcmp(line, "1") == 0 || strcasecmp(line, "y") == 0 ||
	    strcasecmp(line, "yes") == 0 ||
	    strcasecmp(line, plain_tr(p, "button.yes")) == 0)
		return 1;
	if (strcmp(line, "2") == 0 || strcasecmp(line, "n") == 0 ||
	    strcasecmp(line, "no") == 0 ||
	    strcasecmp(line, plain_tr(p, "button.no")) == 0)
		return 2;
	return 0;
}

void
plain_lesson_line(struct plain *p, const char *line)
{
	int n;
	char max[32], say[256];

	if (p->run == NULL || lesson_run_status(p->run) != LESSON_RUNNING)
		return;
	switch (p->pending) {
	case PLAIN_NOTHING:
		if (*line != '\0')
			plain_say_key(p, "plain.working");
		return;
	case PLAIN_ANSWER:
		answer(p, line);
		return;
	case PLAIN_CONFIRM:
		if ((n = yes_no(p, line)) == 0) {
			say_yes_no(p);
			return;
		}
		p->pending = PLAIN_NOTHING;
		lesson_run_confirm(p->run, n == 1);
		return;
	case PLAIN_CONTINUE:
		p->pending = PLAIN_NOTHING;
		lesson_run_continue(p->run);
		return;
	case PLAIN_TRAINER:
		n = atoi(line);
		if (n < 1 || (size_t)n > p->ntrainers) {
			snprintf(max, sizeof max, "%zu", p->ntrainers);
			plain_format(p, say, sizeof say, "plain.not_a_choice",
			    max, NULL, NULL, NULL);
			plain_say(p, say, false);
			return;
		}
		p->trainer = n - 1;
		plain_echo(p, false);
		plain_sayf(p, "%s %s:", plain_tr(p, "signoff.pin_for"),
		    p->trainers[p->trainer].name);
		p->pending = PLAIN_PIN;
		return;
	case PLAIN_PIN:
		plain_echo(p, true);
		snprintf(p->pin, sizeof p->pin, "%s", line);
		plain_say(p, plain_tr(p, "signoff.verdict"), false);
		plain_sayf(p, "1. %s", plain_tr(p, p->observation ?
		    "observe.seen" : "signoff.competent"));
		plain_sayf(p, "2. %s", plain_tr(p, p->observation ?
		    "observe.not_seen" : "signoff.not_yet"));
		plain_say(p, plain_tr(p, "plain.pick"), false);
		p->pending = PLAIN_VERDICT;
		return;
	case PLAIN_VERDICT:
		if (strcmp(line, "1") != 0 && strcmp(line, "2") != 0) {
			plain_format(p, say, sizeof say, "plain.not_a_choice",
			    "2", NULL, NULL, NULL);
			plain_say(p, say, false);
			return;
		}
		p->pending = PLAIN_NOTHING;
		lesson_run_signoff(p->run, p->trainers[p->trainer].id, p->pin,
		    line[0] == '1');
		memset(p->pin, 0, sizeof p->pin);
		return;
	}
}

void
plain_lesson_tick(struct plain *p)
{
	if (p->waiting && clock_ms() - p->wait_told_ms >= PLAIN_WAIT_NEWS_MS)
		say_wait(p);
}

void
plain_lesson_reap(struct plain *p)
{
	p->run_over = false;
	if (p->run != NULL)
		lesson_run_free(p->run);
	p->run = NULL;
}

void
plain_lesson_free(struct plain *p)
{
	plain_lesson_reap(p);
	rec_trainer_free_array(p->trainers, p->ntrainers);
	p->trainers = NULL;
	p->ntrainers = 0;
	p->waiting = false;
	p->pending = PLAIN_NOTHING;
	memset(p->pin, 0, sizeof p->pin);
}
