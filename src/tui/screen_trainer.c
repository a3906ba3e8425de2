/*
 * Trainer mode (after a PIN): the group overview (learners × outcomes),
 * sign-offs of practical outcomes with a note, issuing the micro-credential,
 * and faults for the virtual printer to rehearse troubleshooting.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


#include "core.h"
#include "tui_int.h"

enum { SIGNIN_ID = 1, SIGNIN_PIN, SIGNOFF_NOTE };

static char signin_id[128];
/* Where the trainer goes after the PIN: the screen the key asked for. */
static enum tui_screen signin_then = SCREEN_TRAINER;

/*
 * The PIN check and the trainer's row, on the records' worker: Argon2id,
 * the server and a locked database file all keep off the loop, so F12
 * works meanwhile.
 */
struct trainer_check {
	char id[128];
	char pin[REC_PASSPHRASE_MAX_BYTES + 2];
	struct rec_trainer tr;
};

static void
signin_check(struct rec_store *s, void *data, char **cause)
{
	struct trainer_check *c = data;

	if (rec_trainer_check_pin(s, c->id, c->pin, NULL, cause) == 0)
		rec_trainer_get(s, c->id, &c->tr, cause);
}

static void
signin_checked(struct tui *t, void *data, const char *cause)
{
	struct trainer_check *c = data;

	explicit_bzero(c->pin, sizeof c->pin);
	if (cause != NULL) {
		tui_dialog_message(t, tui_tr(t, "trainer.signin_failed"),
		    cause, false);
	} else {
		free(t->trainer_id);
		free(t->trainer_name);
		t->trainer_id = xstrdup(c->tr.id);
		t->trainer_name = xstrdup(c->tr.name);
		tui_flash(t, "%s: %s", tui_tr(t, "trainer.mode"),
		    t->trainer_name);
		tui_set_screen(t, signin_then);
	}
	rec_trainer_clear(&c->tr);
	free(c);
}

static void
signin_pin_cb(struct tui *t, int button, const char *pin)
{
	struct trainer_check *c;

	if (button < 0)
		return;
	c = xcalloc(1, sizeof *c);
	snprintf(c->id, sizeof c->id, "%s", signin_id);
	snprintf(c->pin, sizeof c->pin, "%s", pin);
	tui_records_job(t, signin_check, signin_checked, c);
}

static void
signin_id_cb(struct tui *t, int button, const char *id)
{
	if (button < 0 || *id == '\0')
		return;
	snprintf(signin_id, sizeof signin_id, "%s", id);
	str_trim(signin_id);
	tui_dialog_input(t, tui_tr(t, "trainer.signin"), tui_tr(t,
	    "trainer.pin"), true, true, SIGNIN_PIN, signin_pin_cb);
}

struct trainer_ids {
	struct rec_trainer *list;
	size_t n;
};

static void
trainer_ids_read(struct rec_store *s, void *data, char **cause)
{
	struct trainer_ids *ids = data;

	(void)cause;	/* without the list the id is typed all the same */
	rec_trainer_list(s, &ids->list, &ids->n, NULL);
}

static void
trainer_ids_done(struct tui *t, void *data, const char *cause)
{
	struct trainer_ids *ids = data;
	struct buf text;

	(void)cause;
	buf_init(&text);
	buf_append_str(&text, tui_tr(t, "trainer.id"));
	if (ids->n > 0) {
		buf_append_str(&text, " (");
		for (size_t i = 0; i < ids->n && i < 8; i++)
			buf_appendf(&text, "%s%s", i ? ", " : "",
			    ids->list[i].id);
		buf_append_str(&text, ")");
	}
	rec_trainer_free_array(ids->list, ids->n);
	free(ids);
	tui_dialog_input(t, tui_tr(t, "trainer.signin"), text.data, false, false,
	    SIGNIN_ID, signin_id_cb);
	buf_free(&text);
}

void
trainer_signin(struct tui *t, enum tui_screen then)
{
	struct trainer_ids *ids = xcalloc(1, sizeof *ids);

	signin_then = then;
	tui_records_job(t, trainer_ids_read, trainer_ids_done, ids);
}

/* Every outcome of every module, in catalogue order. */
static int
all_outcomes(struct tui *t, const struct tui_outcome **out,
    const struct tui_module **mods, int max)
{
	int n = 0;

	for (int m = 0; m < t->nmodules; m++) {
		for (int o = 0; o < t->modules[m].noutcomes && n < max; o++) {
			mods[n] = &t->modules[m];
			out[n++] = &t->modules[m].outcomes[o];
		}
	}
	return n;
}

static const char *
achieved_method(const struct rec_achievement *a, size_t n, const char *learner,
    const char *outcome)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(a[i].learner_id, learner) == 0 &&
		    strcmp(a[i].outcome_id, outcome) == 0)
			return rec_method_name(a[i].method);
	}
	return NULL;
}

/* The overview's lists, read on the records' worker. */
struct overview {
	char *learner;		/* the signed-in learner, or NULL */
	char *group;		/* the learner's group, found on the worker */
	struct rec_learner *learners;
	size_t nlearners;
	struct rec_achievement *ach;
	size_t nach;
};

static void
overview_read(struct rec_store *s, void *data, char **cause)
{
	struct overview *o = data;
	struct rec_filter f = { 0 };

	(void)cause;
	/*
	 * The overview is of the signed-in learner's group, starting at the
	 * learner: that is whom the trainer came to see.
	 */
	if (o->learner != NULL) {
		struct rec_learner me;

		if (rec_learner_get(s, o->learner, &me, NULL) == 0) {
			if (me.group_id != NULL)
				o->group = xstrdup(me.group_id);
			rec_learner_clear(&me);
		}
	}
	rec_learner_list(s, o->group, &o->learners, &o->nlearners, NULL);
	rec_achievement_list(s, &f, &o->ach, &o->nach, NULL);
}

static void
overview_done(struct tui *t, void *data, const char *cause)
{
	struct overview *o = data;

	(void)cause;
	rec_learner_free_array(t->learners, t->nlearners);
	t->learners = o->learners;
	t->nlearners = o->nlearners;
	free(t->trainer_group);
	t->trainer_group = o->group;
	if (t->learner_id != NULL && t->trainer_tab == 0) {
		for (size_t i = 0; i < t->nlearners; i++) {
			if (strcmp(t->learners[i].id, t->learner_id) == 0)
				t->trainer_cursor = (int)i;
		}
	}
	rec_achievement_free_array(t->group_ach, t->ngroup_ach);
	t->group_ach = o->ach;
	t->ngroup_ach = o->nach;
	free(o->learner);
	free(o);
}

void
trainer_view_enter(struct tui *t)
{
	struct overview *o = xcalloc(1, sizeof *o);

	o->learner = t->learner_id != NULL ? xstrdup(t->learner_id) : NULL;
	tui_records_job(t, overview_read, overview_done, o);
}

void
trainer_view_draw(struct tui *t, int top, int height)
{
	const struct tui_outcome *oc[128];
	const struct tui_module *om[128];
	int n = all_outcomes(t, oc, om, 128), y = top, namew = 0, colw = 9;
	int visible, first_col;
	char line[512];

	snprintf(line, sizeof line, "%s%s%s%s%s   %s%s%s",
	    t->trainer_tab == 0 ? "[" : " ", tui_tr(t, "trainer.matrix"),
	    t->trainer_group != NULL ? ": " : "", t->trainer_group != NULL ?
	    t->trainer_group : "",
	    t->trainer_tab == 0 ? "]" : " ", t->trainer_tab == 1 ? "[" : " ",
	    tui_tr(t, "trainer.faults"), t->trainer_tab == 1 ? "]" : " ");
	attron(A_BOLD);
	draw_text(y++, 1, line, t->cols - 2);
	attroff(A_BOLD);
	y++;
	if (t->trainer_tab == 1) {
		if (t->cfg->nfaults == 0) {
			draw_text(y, 2, tui_tr(t, "trainer.no_faults"), t->cols - 4);
			return;
		}
		{
			struct text_lines tl;

			text_wrap(tui_tr(t, "trainer.faults_hint"), t->cols - 4, 1,
			    &tl);
			y += draw_lines(t, &tl, 0, y, 2, 3, ROLE_NORMAL);
			text_lines_free(&tl);
		}
		if (t->last_fault[0] != '\0') {
			snprintf(line, sizeof line, "%s: %s", tui_tr(t,
			    "trainer.fault_injected"), t->last_fault);
			attron((attr_t)draw_attr(t, ROLE_WARN));
			draw_text(top + height - 1, 2, line, t->cols - 4);
			attroff((attr_t)draw_attr(t, ROLE_WARN));
		}
		for (int i = 0; i < t->cfg->nfaults && y < top + height; i++) {
			char key[96];
			snprintf(key, sizeof key, "fault.%s", t->cfg->faults[i]);
			snprintf(line, sizeof line, "%d) %s — %s", i + 1,
			    t->cfg->faults[i], tui_tr(t, key));
			if (i == t->trainer_cursor)
				draw_fill(y, 2, t->cols - 4, ROLE_SELECTED, t);
			attron((attr_t)draw_attr(t, i == t->trainer_cursor ?
			    ROLE_SELECTED : ROLE_NORMAL));
			draw_text(y++, 2, line, t->cols - 4);
			attroff((attr_t)draw_attr(t, ROLE_SELECTED));
		}
		return;
	}
	if (t->nlearners == 0) {
		draw_text(y, 2, tui_tr(t, "signin.empty"), t->cols - 4);
		return;
	}
	if (t->trainer_cursor >= (int)t->nlearners)
		t->trainer_cursor = (int)t->nlearners - 1;
	if (t->trainer_col >= n)
		t->trainer_col = n > 0 ? n - 1 : 0;
	/* Names as wide as they are, up to a third of the screen. */
	for (size_t r = 0; r < t->nlearners; r++)
		if (utf8_width(t->learners[r].name) > namew)
			namew = utf8_width(t->learners[r].name);
	if (namew > t->cols / 3)
		namew = t->cols / 3;
	if (namew < 8)
		namew = 8;
	visible = (t->cols - namew - 2) / colw;
	if (visible < 1)
		visible = 1;
	first_col = t->trainer_col >= visible ? t->trainer_col - visible + 1 : 0;
	attron((attr_t)draw_attr(t, ROLE_HEADING));
	for (int c = first_col; c < n && c < first_col + visible; c++)
		draw_text(y, namew + 2 + (c - first_col) * colw, oc[c]->id,
		    colw - 1);
	attroff((attr_t)draw_attr(t, ROLE_HEADING));
	y++;
	/* The selected learner stays in view. */
	size_t first_row = 0;
	int rows = top + height - 3 - y;
	if (rows > 0 && t->trainer_cursor >= rows)
		first_row = (size_t)(t->trainer_cursor - rows + 1);
	for (size_t r = first_row; r < t->nlearners && y < top + height - 3;
	    r++, y++) {
		const struct rec_learner *l = &t->learners[r];
		bool me = t->learner_id != NULL &&
		    strcmp(l->id, t->learner_id) == 0;

		if (me)
			attron(A_BOLD);
		draw_text(y, 1, l->name, namew);
		if (me)
			attroff(A_BOLD);
		for (int c = first_col; c < n && c < first_col + visible; c++) {
			const char *m = achieved_method(t->group_ach, t->ngroup_ach,
			    l->id, oc[c]->id);
			bool sel = (int)r == t->trainer_cursor && c == t->trainer_col;
			int role = sel ? ROLE_SELECTED : m ? ROLE_OK : ROLE_DIM;

			snprintf(line, sizeof line, "%s", m ? m : "·");
			if (m)
				snprintf(line, sizeof line, "✓%c", m[0]);
			attron((attr_t)draw_attr(t, role));
			draw_text(y, namew + 2 + (c - first_col) * colw, line,
			    colw - 1);
			attroff((attr_t)draw_attr(t, role));
		}
	}
	if (n > 0 && t->trainer_col < n) {
		struct text_lines tl;

		snprintf(line, sizeof line, "%s (%s): %s", oc[t->trainer_col]->id,
		    oc[t->trainer_col]->assessed_by, oc[t->trainer_col]->text);
		text_wrap(line, t->cols - 2, 1, &tl);
		draw_lines(t, &tl, 0, top + height - 2, 1, 2, ROLE_DIM);
		text_lines_free(&tl);
	}
}

/* A sign-off as the worker writes it: copies, nothing of the screen. */
struct signoff_write {
	char *module, *version, *hash;
	char *outcome, *learner, *note;
	char *station, *profile, *lang, *trainer;
	bool passed;
};

static int
signoff_rows(struct rec_store *s, void *arg)
{
	struct signoff_write *w = arg;
	struct rec_attempt_start a = {
		.learner_id = w->learner,
		.module_id = w->module,
		.module_version = w->version,
		.module_hash = w->hash,
		.lesson_id = "trainer-signoff",
		.station = w->station,
		.printer_profile = w->profile,
		.lang = w->lang,
	};
	struct rec_result_new r = { 0 };
	char *evidence = rec_evidence_signoff(w->note, w->station);
	int64_t attempt;
	int rc = -1;

	if (rec_attempt_start(s, &a, &attempt, NULL) != 0)
		goto out;
	r.attempt_id = attempt;
	r.outcome_id = w->outcome;
	r.method = REC_METHOD_TRAINER;
	r.passed = w->passed;
	r.evidence = evidence;
	r.trainer_id = w->trainer;
	if (rec_result_add(s, &r, NULL, NULL) != 0)
		goto out;
	rc = rec_attempt_finish(s, attempt, REC_ATTEMPT_COMPLETED, NULL);
out:
	free(evidence);
	return rc;
}

static void
signoff_write(struct rec_store *s, void *data, char **cause)
{
	if (rec_transaction(s, signoff_rows, data, cause) != 0 &&
	    *cause == NULL)
		*cause = xstrdup("sign-off not recorded");
}

static void
signoff_free(struct signoff_write *w)
{
	free(w->module);
	free(w->version);
	free(w->hash);
	free(w->outcome);
	free(w->learner);
	free(w->note);
	free(w->station);
	free(w->profile);
	free(w->lang);
	free(w->trainer);
	free(w);
}

static void
signoff_written(struct tui *t, void *data, const char *cause)
{
	struct signoff_write *w = data;

	if (cause != NULL)
		tui_dialog_message(t, tui_tr(t, "error.title"), cause, false);
	else {
		tui_flash(t, "%s: %s · %s", tui_tr(t, "trainer.signed"),
		    w->learner, w->outcome);
		trainer_view_enter(t);
	}
	signoff_free(w);
}

static void
signoff_verdict_cb(struct tui *t, int button, const char *input)
{
	const struct tui_outcome *oc[128];
	const struct tui_module *om[128];
	int n = all_outcomes(t, oc, om, 128);
	struct signoff_write *w;

	(void)input;
	if (button < 0 || t->trainer_col >= n || t->nlearners == 0)
		return;
	w = xcalloc(1, sizeof *w);
	w->module = xstrdup_opt(om[t->trainer_col]->id);
	w->version = xstrdup_opt(om[t->trainer_col]->version);
	w->hash = xstrdup_opt(om[t->trainer_col]->hash);
	w->outcome = xstrdup_opt(oc[t->trainer_col]->id);
	w->learner = xstrdup_opt(t->learners[t->trainer_cursor].id);
	w->note = xstrdup_opt(t->signoff_note);
	w->station = xstrdup_opt(t->cfg->station);
	w->profile = xstrdup_opt(t->cfg->printer_profile);
	w->lang = xstrdup_opt(t->lang);
	w->trainer = xstrdup_opt(t->trainer_id);
	w->passed = button == 0;
	tui_records_job(t, signoff_write, signoff_written, w);
}

static void
signoff_note_cb(struct tui *t, int button, const char *note)
{
	const char *buttons[2] = { tui_tr(t, "signoff.competent"),
	    tui_tr(t, "signoff.not_yet") };

	if (button < 0)
		return;
	snprintf(t->signoff_note, sizeof t->signoff_note, "%s", note);
	tui_dialog_choice(t, tui_tr(t, "trainer.signoff"), tui_tr(t,
	    "signoff.verdict"), buttons, 2, 'V', signoff_verdict_cb);
}

static void
issue_cb(struct tui *t, int button, const char *input)
{
	char *path = NULL, *cause = NULL, text[1024];

	(void)input;
	if (button != 0 || t->nlearners == 0)
		return;
	if (t->cfg->issue_credential(t->learners[t->trainer_cursor].id, &path,
	    &cause, t->cfg->data) != 0) {
		tui_dialog_message(t, tui_tr(t, "trainer.not_issued"), cause,
		    false);
		free(cause);
		return;
	}
	snprintf(text, sizeof text, "%s\n%s", tui_tr(t, "trainer.issued_text"),
	    path);
	tui_dialog_message(t, tui_tr(t, "trainer.issued"), text, false);
	free(path);
}

/*
 * The occasions trainers recorded for the outcome (observe: M1.LO5 rests on
 * those of M4-M6), read on the worker and shown above the note, so that a
 * sign-off from the overview sees the evidence a lesson's sign-off sees.
 */
struct signoff_seen {
	char *learner, *outcome;
	struct rec_result *obs;
	size_t nobs;
	bool unknown;		/* the records could not say (station's copy) */
};

static void
signoff_seen_read(struct rec_store *s, void *data, char **cause)
{
	struct signoff_seen *w = data;

	(void)cause;
	w->unknown = rec_observation_list(s, w->learner, w->outcome, &w->obs,
	    &w->nobs, NULL) != 0;
}

#define SIGNOFF_SEEN_SHOWN 5	/* the latest occasions listed */

static void
signoff_seen_done(struct tui *t, void *data, const char *cause)
{
	struct signoff_seen *w = data;
	struct buf text;
	char line[256], seen[16], missed[16];
	size_t nseen = 0;

	(void)cause;
	buf_init(&text);
	if (t->nlearners > 0 && t->trainer_cursor < (int)t->nlearners) {
		const struct tui_outcome *oc[128];
		const struct tui_module *om[128];
		int n = all_outcomes(t, oc, om, 128);

		if (t->trainer_col < n)
			buf_appendf(&text, "%s %s — %s\n",
			    t->learners[t->trainer_cursor].name,
			    oc[t->trainer_col]->id, oc[t->trainer_col]->text);
	}
	for (size_t i = 0; i < w->nobs; i++)
		nseen += w->obs[i].passed;
	if (w->unknown)
		buf_appendf(&text, "%s\n", tui_tr(t, "trainer.observed_unknown"));
	else if (w->nobs > 0) {
		snprintf(seen, sizeof seen, "%zu", nseen);
		snprintf(missed, sizeof missed, "%zu", w->nobs - nseen);
		tui_format(t, line, sizeof line, "trainer.observed", seen, missed,
		    NULL, NULL);
		buf_appendf(&text, "%s\n", line);
		for (size_t i = w->nobs > SIGNOFF_SEEN_SHOWN ? w->nobs -
		    SIGNOFF_SEEN_SHOWN : 0; i < w->nobs; i++) {
			const struct rec_result *r = &w->obs[i];
			time_t when = (time_t)r->time;
			struct tm tm;
			char day[16] = "?";

			if (localtime_r(&when, &tm) != NULL)
				strftime(day, sizeof day, "%Y-%m-%d", &tm);
			buf_appendf(&text, "%s · %s/%s · %s · %s\n", day,
			    r->module_id != NULL ? r->module_id : "?",
			    r->lesson_id != NULL ? r->lesson_id : "?",
			    r->trainer_id != NULL ? r->trainer_id : "?",
			    tui_tr(t, r->passed ? "observe.seen" :
			    "observe.not_seen"));
		}
	}
	buf_append_str(&text, tui_tr(t, "trainer.note"));
	tui_dialog_input(t, tui_tr(t, "trainer.signoff"), text.data, false,
	    false, SIGNOFF_NOTE, signoff_note_cb);
	/* A note is read back whole, not as a scrolling line. */
	t->dialog.input_rows = 4;
	buf_free(&text);
	rec_result_free_array(w->obs, w->nobs);
	free(w->learner);
	free(w->outcome);
	free(w);
}

static void
signoff_ask(struct tui *t, const char *learner, const char *outcome)
{
	struct signoff_seen *w = xcalloc(1, sizeof *w);

	w->learner = xstrdup(learner);
	w->outcome = xstrdup(outcome);
	tui_records_job(t, signoff_seen_read, signoff_seen_done, w);
}

bool
trainer_view_key(struct tui *t, struct tui_key k)
{
	const struct tui_outcome *oc[128];
	const struct tui_module *om[128];
	int n = all_outcomes(t, oc, om, 128);
	char *cause = NULL;

	if (!k.fn && k.code == 27) {
		tui_set_screen(t, t->back);
		return true;
	}
	if (!k.fn && k.code == '\t') {
		t->trainer_tab = !t->trainer_tab;
		t->trainer_cursor = 0;
		for (size_t i = 0; t->trainer_tab == 0 && t->learner_id != NULL &&
		    i < t->nlearners; i++) {
			if (strcmp(t->learners[i].id, t->learner_id) == 0)
				t->trainer_cursor = (int)i;
		}
		return true;
	}
	if (!k.fn && k.code == 'l') {
		free(t->trainer_id);
		free(t->trainer_name);
		t->trainer_id = t->trainer_name = NULL;
		tui_set_screen(t, t->back == SCREEN_TRAINER ? SCREEN_SIGNIN :
		    t->back);
		return true;
	}
	if (k.fn && k.code == KEY_UP && t->trainer_cursor > 0) {
		t->trainer_cursor--;
		return true;
	}
	if (k.fn && k.code == KEY_DOWN) {
		int max = t->trainer_tab ? t->cfg->nfaults : (int)t->nlearners;
		if (t->trainer_cursor + 1 < max)
			t->trainer_cursor++;
		return true;
	}
	if (t->trainer_tab == 1) {
		if ((!k.fn && k.code == '\n') || (k.fn && k.code == KEY_ENTER)) {
			const char *fault = t->cfg->faults[t->trainer_cursor];
			if (t->cfg->inject_fault(fault, &cause, t->cfg->data) != 0) {
				tui_dialog_message(t, tui_tr(t, "error.title"),
				    cause, false);
				free(cause);
			} else {
				/* The trainee should meet the fault, not its
				 * name: it shows here and in the console only. */
				tui_console_add(t, ROLE_WARN, "-- fault: %s", fault);
				snprintf(t->last_fault, sizeof t->last_fault, "%s",
				    fault);
			}
		}
		return true;
	}
	if (k.fn && k.code == KEY_LEFT && t->trainer_col > 0) {
		t->trainer_col--;
		return true;
	}
	if (k.fn && k.code == KEY_RIGHT && t->trainer_col + 1 < n) {
		t->trainer_col++;
		return true;
	}
	if (!k.fn && k.code == 's' && n > 0 && t->nlearners > 0) {
		char text[512];

		/* Quizzes and printer checks are the program's to judge. */
		if (strcmp(oc[t->trainer_col]->assessed_by, "trainer") != 0) {
			snprintf(text, sizeof text, "%s: %s (%s)",
			    oc[t->trainer_col]->id, tui_tr(t,
			    "trainer.not_trainer_outcome"),
			    oc[t->trainer_col]->assessed_by);
			tui_dialog_message(t, tui_tr(t, "trainer.signoff"), text,
			    false);
			return true;
		}
		signoff_ask(t, t->learners[t->trainer_cursor].id,
		    oc[t->trainer_col]->id);
		return true;
	}
	if (!k.fn && k.code == 'c' && t->nlearners > 0 &&
	    t->cfg->issue_credential != NULL) {
		const char *buttons[2] = { tui_tr(t, "trainer.issue"),
		    tui_tr(t, "button.cancel") };
		char text[512];
		snprintf(text, sizeof text, "%s: %s", tui_credential_title(t) ?
		    tui_credential_title(t) : "", t->learners[t->trainer_cursor].name);
		tui_dialog_choice(t, tui_tr(t, "trainer.issue"), text, buttons, 2,
		    'C', issue_cb);
		return true;
	}
	return false;
}
