/*
 * Catalogue: the installed modules with the signed-in learner's status per
 * learning outcome, the prerequisites, and the progress toward the
 * micro-credential.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "lesson_setup.h"
#include "tui_int.h"

enum outcome_state { OUTCOME_NOT_STARTED, OUTCOME_IN_PROGRESS, OUTCOME_ACHIEVED };

/* The learner's outcomes, read on the records' worker. */
struct learner_status {
	char *learner;
	struct rec_achievement *achieved;
	size_t nachieved;
	struct rec_result *results;
	size_t nresults;
};

static void
status_read(struct rec_store *s, void *data, char **cause)
{
	struct learner_status *ls = data;
	struct rec_filter f = { .learner_id = ls->learner };

	if (rec_achievement_list(s, &f, &ls->achieved, &ls->nachieved,
	    cause) == 0)
		rec_result_list(s, &f, &ls->results, &ls->nresults, cause);
}

static void
status_done(struct tui *t, void *data, const char *cause)
{
	struct learner_status *ls = data;

	/* Only while the same learner is signed in. */
	if (t->learner_id != NULL && strcmp(t->learner_id, ls->learner) == 0) {
		/* A refresh of what is shown: the learner goes on working,
		 * so the failure is said on the strip, not in a dialog that
		 * would take the next key. */
		if (cause != NULL)
			tui_flash(t, "%s: %s", tui_tr(t, "error.title"), cause);
		rec_achievement_free_array(t->achieved, t->nachieved);
		rec_result_free_array(t->results, t->nresults);
		t->achieved = ls->achieved;
		t->nachieved = ls->nachieved;
		t->results = ls->results;
		t->nresults = ls->nresults;
	} else {
		rec_achievement_free_array(ls->achieved, ls->nachieved);
		rec_result_free_array(ls->results, ls->nresults);
	}
	free(ls->learner);
	free(ls);
}

void
catalogue_enter(struct tui *t)
{
	struct learner_status *ls;

	rec_achievement_free_array(t->achieved, t->nachieved);
	t->achieved = NULL;
	t->nachieved = 0;
	rec_result_free_array(t->results, t->nresults);
	t->results = NULL;
	t->nresults = 0;
	if (t->learner_id == NULL)
		return;
	ls = xcalloc(1, sizeof *ls);
	ls->learner = xstrdup(t->learner_id);
	tui_records_refresh(t, status_read, status_done, ls);
}

static enum outcome_state
outcome_state(struct tui *t, const char *outcome, const char **method)
{
	for (size_t i = 0; i < t->nachieved; i++) {
		if (strcmp(t->achieved[i].outcome_id, outcome) == 0) {
			*method = tui_method(t, t->achieved[i].method);
			return OUTCOME_ACHIEVED;
		}
	}
	for (size_t i = 0; i < t->nresults; i++) {
		if (strcmp(t->results[i].outcome_id, outcome) == 0)
			return OUTCOME_IN_PROGRESS;
	}
	return OUTCOME_NOT_STARTED;
}

static bool
module_done(struct tui *t, const char *id)
{
	const char *m;

	for (int i = 0; i < t->nmodules; i++) {
		if (strcmp(t->modules[i].id, id) != 0)
			continue;
		for (int o = 0; o < t->modules[i].noutcomes; o++) {
			if (outcome_state(t, t->modules[i].outcomes[o].id, &m) !=
			    OUTCOME_ACHIEVED)
				return false;
		}
		return true;
	}
	return false;
}

static void
draw_credential(struct tui *t, int y)
{
	int done = 0, n = t->cfg->ncredential_outcomes;
	const char *m;
	char line[256];

	if (n == 0)
		return;
	for (int i = 0; i < n; i++)
		done += outcome_state(t, t->cfg->credential_outcomes[i], &m) ==
		    OUTCOME_ACHIEVED;
	snprintf(line, sizeof line, "%s: %s — %d/%d %s", tui_tr(t,
	    "catalogue.credential"), tui_credential_title(t) ?
	    tui_credential_title(t) : "", done, n, tui_tr(t,
	    "catalogue.outcomes_achieved"));
	attron((attr_t)draw_attr(t, done == n ? ROLE_OK : ROLE_HEADING));
	/* Too long for the line: the count matters more than the title. */
	if (utf8_width(line) > t->cols - 4)
		snprintf(line, sizeof line, "%s: %d/%d %s", tui_tr(t,
		    "catalogue.credential"), done, n, tui_tr(t,
		    "catalogue.outcomes_achieved"));
	draw_text(y, 2, line, t->cols - 4);
	attroff((attr_t)draw_attr(t, done == n ? ROLE_OK : ROLE_HEADING));
}

void
catalogue_draw(struct tui *t, int top, int height)
{
	int left = 28, y = top + 2, x, w;
	const struct tui_module *m;

	/* The list as wide as its titles, up to two fifths of the screen;
	 * a title longer than that wraps under itself. */
	for (int i = 0; i < t->nmodules; i++) {
		int need = utf8_width(t->modules[i].title) + 3;
		if (need > left)
			left = need;
		for (int l = 0; l < t->modules[i].nlessons; l++) {
			need = utf8_width(t->modules[i].lessons[l].title) + 8;
			if (need > left)
				left = need;
		}
	}
	if (left > t->cols * 2 / 5)
		left = t->cols * 2 / 5;
	x = left + 2;
	w = t->cols - x - 1;

	draw_credential(t, top);
	if (t->nmodules == 0) {
		draw_text(y, 2, tui_tr(t, "catalogue.empty"), t->cols - 4);
		return;
	}
	if (t->cat_module >= t->nmodules)
		t->cat_module = 0;
	/* Left: modules, and the selected module's lessons under it. */
	for (int i = 0; i < t->nmodules && y < top + height; i++) {
		bool sel = i == t->cat_module && !t->cat_in_lessons;
		struct text_lines mt;
		int mrows;

		text_wrap(t->modules[i].title, left - 2, 1, &mt);
		mrows = (int)mt.n > 0 ? (int)mt.n : 1;
		if (mrows > top + height - y)
			mrows = top + height - y;
		for (int r = 0; sel && r < mrows; r++)
			draw_fill(y + r, 1, left, ROLE_SELECTED, t);
		draw_lines(t, &mt, 0, y, 2, mrows, sel ? ROLE_SELECTED :
		    ROLE_HEADING);
		text_lines_free(&mt);
		y += mrows;
		if (i != t->cat_module)
			continue;
		for (int l = 0; l < t->modules[i].nlessons && y < top + height;
		    l++) {
			bool lsel = t->cat_in_lessons && l == t->cat_lesson;
			struct text_lines tl;
			char num[16];
			int nw, rows;

			snprintf(num, sizeof num, "%d.", l + 1);
			nw = utf8_width(num) + 1;
			text_wrap(t->modules[i].lessons[l].title, left - 4 - nw, 1,
			    &tl);
			rows = (int)tl.n > 0 ? (int)tl.n : 1;
			if (rows > top + height - y)
				rows = top + height - y;
			for (int r = 0; lsel && r < rows; r++)
				draw_fill(y + r, 3, left - 2, ROLE_SELECTED, t);
			attron((attr_t)draw_attr(t, lsel ? ROLE_SELECTED :
			    ROLE_NORMAL));
			draw_text(y, 4, num, nw);
			attroff((attr_t)draw_attr(t, lsel ? ROLE_SELECTED :
			    ROLE_NORMAL));
			draw_lines(t, &tl, 0, y, 4 + nw, rows, lsel ?
			    ROLE_SELECTED : ROLE_NORMAL);
			text_lines_free(&tl);
			y += rows;
		}
	}
	mvvline(top + 2, left + 1, ACS_VLINE, height - 2);

	/* Right: the module's summary, prerequisites and outcomes, scrolled
	 * as one column of wrapped paragraphs (PgUp/PgDn). */
	m = &t->modules[t->cat_module];
	{
		struct { struct text_lines tl; int role, indent; } para[72];
		int npara = 0, total = 0, skip, row = top + 2;
		char line[768];
		struct buf pre;

#define PARA(text, role_, indent_) do { if (npara < 72) { \
	text_wrap((text), w - (indent_), 1, &para[npara].tl); \
	para[npara].role = (role_); para[npara].indent = (indent_); \
	total += (int)para[npara].tl.n; npara++; } } while (0)

		snprintf(line, sizeof line, "**%s**", m->title);
		PARA(line, ROLE_NORMAL, 0);
		if (m->summary != NULL && *m->summary != '\0')
			PARA(m->summary, ROLE_NORMAL, 0);
		if (m->nprerequisites > 0) {
			bool all = true;

			buf_init(&pre);
			buf_appendf(&pre, "%s:", tui_tr(t, "catalogue.prerequisites"));
			for (int p = 0; p < m->nprerequisites; p++) {
				bool ok = module_done(t, m->prerequisites[p]);
				all = all && ok;
				buf_appendf(&pre, " %s %s", ok ? "✓" : "·",
				    m->prerequisites[p]);
			}
			PARA(pre.data, all ? ROLE_OK : ROLE_WARN, 0);
			buf_free(&pre);
		}
		PARA("", ROLE_NORMAL, 0);
		PARA(tui_tr(t, "catalogue.outcomes"), ROLE_HEADING, 0);
		for (int o = 0; o < m->noutcomes; o++) {
			const char *method = "";
			enum outcome_state st = outcome_state(t, m->outcomes[o].id,
			    &method);

			if (st == OUTCOME_ACHIEVED)
				snprintf(line, sizeof line, "✓ %s (%s)",
				    tui_tr(t, "outcome.achieved"), method);
			else
				snprintf(line, sizeof line, "%s %s",
				    st == OUTCOME_IN_PROGRESS ? "…" : "·",
				    tui_tr(t, st == OUTCOME_IN_PROGRESS ?
				    "outcome.in_progress" : "outcome.not_started"));
			PARA(line, st == OUTCOME_ACHIEVED ? ROLE_OK :
			    st == OUTCOME_IN_PROGRESS ? ROLE_WARN : ROLE_DIM, 0);
			snprintf(line, sizeof line, "%s %s%s%s", m->outcomes[o].id,
			    m->outcomes[o].title ? m->outcomes[o].title : "",
			    m->outcomes[o].title ? ": " : "", m->outcomes[o].text);
			PARA(line, ROLE_NORMAL, 2);
		}
#undef PARA
		if (t->cat_scroll > total - (height - 2))
			t->cat_scroll = total - (height - 2) > 0 ?
			    total - (height - 2) : 0;
		skip = t->cat_scroll;
		for (int i = 0; i < npara; i++) {
			size_t first = 0;

			if (skip >= (int)para[i].tl.n) {
				skip -= (int)para[i].tl.n;
			} else {
				first = (size_t)skip;
				skip = 0;
				row += draw_lines(t, &para[i].tl, first, row,
				    x + para[i].indent, top + height - row,
				    para[i].role);
			}
			text_lines_free(&para[i].tl);
		}
		if (t->cat_scroll > 0)
			draw_text(top + 2, t->cols - 2, "↑", 1);
		if (t->cat_scroll + height - 2 < total)
			draw_text(top + height - 1, t->cols - 2, "↓", 1);
	}
}

static void
resume_cb(struct tui *t, int button, const char *input)
{
	const struct tui_module *m = &t->modules[t->cat_module];

	(void)input;
	if (button < 0)
		return;
	lesson_view_start(t, m, &m->lessons[t->cat_lesson], button == 0);
}

/* After a stop (F12, a printer fault): go on at the step, or start again. */
static void
goon_cb(struct tui *t, int button, const char *input)
{
	const struct tui_module *m = &t->modules[t->cat_module];

	(void)input;
	if (button < 0)
		return;
	if (button != 0)
		t->goon_step = 0;
	lesson_view_start(t, m, &m->lessons[t->cat_lesson], false);
}

/* What the records hold of this learner's earlier work on a lesson. */
struct lesson_lookup {
	char *learner, *module_id, *lesson_id;
	int module, lesson;
	struct lesson_found found;
	struct lesson_reads reads;
};

static void
lookup_read(struct rec_store *s, void *data, char **cause)
{
	struct lesson_lookup *lk = data;

	if (lesson_find(s, lk->learner, lk->module_id, lk->lesson_id,
	    &lk->found, cause) != 0)
		return;
	/* Read here, not by the lesson on the loop, where a silent records
	 * server would hold the emergency stop for seconds. */
	lesson_reads_fetch(s, lk->learner, &lk->reads);
}

static void
lookup_done(struct tui *t, void *data, const char *cause)
{
	struct lesson_lookup *lk = data;
	const struct tui_module *m;
	const struct tui_lesson *l;
	const char *buttons[2];
	char text[256], step[16];

	/* Only for the learner, on the screen, that asked. */
	if (t->learner_id == NULL || strcmp(t->learner_id, lk->learner) != 0 ||
	    t->screen != SCREEN_CATALOGUE || lk->module >= t->nmodules ||
	    lk->lesson >= t->modules[lk->module].nlessons)
		goto out;
	m = &t->modules[lk->module];
	l = &m->lessons[lk->lesson];
	if (cause != NULL) {
		tui_dialog_message(t, tui_tr(t, "error.title"), cause, false);
		goto out;
	}
	t->cat_module = lk->module;
	t->cat_lesson = lk->lesson;
	t->found = lk->found;
	lesson_reads_take(&t->reads, &lk->reads);
	buttons[0] = tui_tr(t, "lesson.resume");
	buttons[1] = tui_tr(t, "lesson.restart");
	if (lk->found.resumable > 0) {
		snprintf(text, sizeof text, "%s %d.", tui_tr(t,
		    "lesson.resume_text"), lk->found.resumable_step + 1);
		tui_dialog_choice(t, l->title, text, buttons, 2, 'R', resume_cb);
	} else if (lk->found.stopped) {
		t->goon_step = lk->found.stopped_step;
		t->goon_seed = lk->found.stopped_seed;
		snprintf(step, sizeof step, "%d", t->goon_step + 1);
		tui_format(t, text, sizeof text, "lesson.resume_after_stop", step,
		    NULL, NULL, NULL);
		tui_dialog_choice(t, l->title, text, buttons, 2, 'G', goon_cb);
	} else {
		t->goon_step = 0;
		lesson_view_start(t, m, l, false);
	}
out:
	lesson_reads_clear(&lk->reads);
	free(lk->learner);
	free(lk->module_id);
	free(lk->lesson_id);
	free(lk);
}

/*
 * Whether the learner left this lesson open or stopped is the records'
 * to say: asked on the records worker, the answer opens the lesson.
 */
static void
open_lesson(struct tui *t)
{
	const struct tui_module *m = &t->modules[t->cat_module];
	const struct tui_lesson *l = &m->lessons[t->cat_lesson];
	struct lesson_lookup *lk;

	if (!lesson_view_printer_ready(t, l))
		return;
	lk = xcalloc(1, sizeof *lk);
	lk->learner = xstrdup(t->learner_id);
	lk->module_id = xstrdup(m->id);
	lk->lesson_id = xstrdup(l->id);
	lk->module = t->cat_module;
	lk->lesson = t->cat_lesson;
	tui_records_job(t, lookup_read, lookup_done, lk);
}

bool
catalogue_key(struct tui *t, struct tui_key k)
{
	const struct tui_module *m;

	if (t->nmodules == 0)
		goto other;
	m = &t->modules[t->cat_module];
	if (k.fn && k.code == KEY_UP) {
		if (t->cat_in_lessons && t->cat_lesson > 0)
			t->cat_lesson--;
		else if (t->cat_in_lessons)
			t->cat_in_lessons = false;
		else if (t->cat_module > 0) {
			t->cat_module--;
			t->cat_scroll = 0;
		}
		return true;
	}
	if (k.fn && k.code == KEY_DOWN) {
		if (t->cat_in_lessons && t->cat_lesson + 1 < m->nlessons)
			t->cat_lesson++;
		else if (!t->cat_in_lessons && t->cat_module + 1 < t->nmodules) {
			t->cat_module++;
			t->cat_scroll = 0;
		}
		return true;
	}
	if ((k.fn && (k.code == KEY_RIGHT || k.code == KEY_ENTER)) ||
	    (!k.fn && k.code == '\n')) {
		if (!t->cat_in_lessons) {
			if (m->nlessons > 0) {
				t->cat_in_lessons = true;
				t->cat_lesson = 0;
			}
		} else
			open_lesson(t);
		return true;
	}
	if ((k.fn && k.code == KEY_LEFT) || (!k.fn && k.code == 27)) {
		t->cat_in_lessons = false;
		return true;
	}
other:
	if (k.fn && (k.code == KEY_NPAGE || k.code == KEY_PPAGE)) {
		t->cat_scroll += k.code == KEY_NPAGE ? t->rows / 2 : -t->rows / 2;
		if (t->cat_scroll < 0)
			t->cat_scroll = 0;
		return true;
	}
	if (!k.fn && k.code == 's') {
		free(t->learner_id);
		free(t->learner_name);
		t->learner_id = t->learner_name = NULL;
		if (t->trainer_id != NULL)
			tui_trainer_signout(t);
		tui_set_screen(t, SCREEN_SIGNIN);
		return true;
	}
	return false;
}
