/*
 * The lesson screen's keys: answers (arrows, digits, Space, Enter and a
 * number field), confirmations, Continue, the trainer's sign-off (trainer,
 * PIN, verdict), paging and leaving the lesson.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "tui_int.h"

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
