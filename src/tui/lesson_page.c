/*
 * The lesson screen's page: the step's blocks wrapped to the width there
 * is (tables as wrapped cells, never cut), the wait banner with its goal,
 * live values and clock, and the interaction area under them (a question,
 * a confirmation, Continue, the trainer's sign-off, the lesson's end).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "tui_int.h"

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
		snprintf(line, sizeof line, "%s: %s", tui_tr(t,
		    t->signoff_observation ? "observe.title" : "signoff.title"),
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
			bool seen = t->signoff_observation;

			EMIT(ROLE_NORMAL, tui_tr(t, "signoff.verdict"));
			snprintf(line, sizeof line, "%s%s]   %s%s]",
			    t->confirm_cursor == 0 ? "[▶ " : "[",
			    tui_tr(t, seen ? "observe.seen" :
			    "signoff.competent"),
			    t->confirm_cursor == 1 ? "[▶ " : "[",
			    tui_tr(t, seen ? "observe.not_seen" :
			    "signoff.not_yet"));
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
	/* In the lesson's seconds, which are the virtual printer's. */
	double scale = tui_time_scale(t);
	double since = (double)(clock_ms() - t->wait_start_ms) / 1000.0 * scale;
	struct text_lines tl;
	struct buf line;
	int rows;

	if (since < w->elapsed * scale)
		since = w->elapsed * scale;
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
		    LESSON_WAIT_IDLE) && t->st.has_position) {
			char pos[64];

			snprintf(pos, sizeof pos, "X%.1f Y%.1f Z%.2f", t->st.x,
			    t->st.y, t->st.z);
			buf_appendf(&line, " · %s", pos);
			if (strcmp(pos, t->shown_position) != 0) {
				log_debug("tui: strip shows %s", pos);
				snprintf(t->shown_position,
				    sizeof t->shown_position, "%s", pos);
			}
		}
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
	/* Say so when the seconds run faster than the wall clock's. */
	if (scale > 1) {
		char a[32], text[128];

		snprintf(a, sizeof a, "%g", scale);
		tui_format(t, text, sizeof text, "wait.speed", a, NULL, NULL,
		    NULL);
		buf_appendf(&line, " · %s", text);
	}
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
