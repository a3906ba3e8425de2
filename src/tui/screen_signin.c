/* Sign-in: who sits at the station. Learners are listed by group. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core.h"
#include "tui_int.h"

enum { ADD_ID = 1, ADD_NAME, ADD_GROUP, TRAINER_PICK, TRAINER_PIN };

static char add_id[128], add_name[256];

/* The lists, read on the records' worker (the loop never waits for them). */
struct signin_lists {
	struct rec_group *groups;
	size_t ngroups;
	struct rec_learner *learners;
	size_t nlearners;
	char *select;		/* the learner to put the cursor on */
};

static void
signin_read(struct rec_store *s, void *data, char **cause)
{
	struct signin_lists *l = data;

	rec_group_list(s, &l->groups, &l->ngroups, NULL);
	rec_learner_list(s, NULL, &l->learners, &l->nlearners, cause);
}

static void
signin_read_done(struct tui *t, void *data, const char *cause)
{
	struct signin_lists *l = data;

	if (cause != NULL)
		tui_dialog_message(t, tui_tr(t, "error.title"), cause, false);
	rec_learner_free_array(t->learners, t->nlearners);
	rec_group_free_array(t->groups, t->ngroups);
	t->learners = l->learners;
	t->nlearners = l->nlearners;
	t->groups = l->groups;
	t->ngroups = l->ngroups;
	for (size_t i = 0; l->select != NULL && i < t->nlearners; i++) {
		if (strcmp(t->learners[i].id, l->select) == 0)
			t->signin_cursor = (int)i;
	}
	if (t->signin_cursor >= (int)t->nlearners)
		t->signin_cursor = t->nlearners > 0 ? (int)t->nlearners - 1 : 0;
	free(l->select);
	free(l);
}

static void
signin_reload(struct tui *t, const char *select)
{
	struct signin_lists *l = xcalloc(1, sizeof *l);

	l->select = select != NULL ? xstrdup(select) : NULL;
	tui_records_job(t, signin_read, signin_read_done, l);
}

void
signin_enter(struct tui *t)
{
	signin_reload(t, NULL);
}

static const char *
group_name(struct tui *t, const char *id)
{
	for (size_t i = 0; i < t->ngroups; i++) {
		if (strcmp(t->groups[i].id, id) == 0)
			return t->groups[i].name;
	}
	return id;
}

void
signin_draw(struct tui *t, int top, int height)
{
	int y = top + 1, first = 0, rows = height - 4, bottom = top + height - 1;
	const char *group = NULL;

	attron((attr_t)draw_attr(t, ROLE_HEADING));
	draw_text(y++, 2, tui_tr(t, "signin.title"), t->cols - 4);
	attroff((attr_t)draw_attr(t, ROLE_HEADING));
	/* Offline: whom the list comes from, and why, stays in sight. */
	if (t->records_note[0] != '\0') {
		attron((attr_t)draw_attr(t, ROLE_WARN));
		draw_text(top + height - 1, 2, t->records_note, t->cols - 4);
		attroff((attr_t)draw_attr(t, ROLE_WARN));
		rows--;
		bottom--;
	}
	if (t->nlearners == 0) {
		draw_text(y + 1, 2, tui_tr(t, t->records_busy ?
		    "records.asking" : "signin.empty"), t->cols - 4);
		return;
	}
	if (t->signin_cursor >= rows / 2)
		first = t->signin_cursor - rows / 2;
	for (size_t i = (size_t)first; i < t->nlearners && y < bottom; i++) {
		const struct rec_learner *l = &t->learners[i];
		char line[512];

		if (group == NULL || (l->group_id ? strcmp(group, l->group_id) :
		    group[0]) != 0) {
			group = l->group_id ? l->group_id : "";
			attron((attr_t)draw_attr(t, ROLE_DIM));
			draw_text(y++, 2, *group ? group_name(t, group) :
			    tui_tr(t, "signin.nogroup"), t->cols - 4);
			attroff((attr_t)draw_attr(t, ROLE_DIM));
			if (y >= bottom)
				break;
		}
		snprintf(line, sizeof line, "  %s  (%s)", l->name, l->id);
		if ((int)i == t->signin_cursor) {
			draw_fill(y, 2, t->cols - 4, ROLE_SELECTED, t);
			attron((attr_t)draw_attr(t, ROLE_SELECTED));
		}
		draw_text(y, 2, line, t->cols - 4);
		attroff((attr_t)draw_attr(t, ROLE_SELECTED));
		y++;
	}
}

/*
 * Adding a learner at the station: three fields in turn, each checked as it
 * is typed, so a wrong id is seen before the name is typed and nothing
 * typed is lost. Groups are only chosen from those the records have (as
 * the CLI requires); a different case finds the group meant.
 */
static const struct rec_group *
group_find(struct tui *t, const char *typed, bool *exact)
{
	const struct rec_group *found = NULL;

	*exact = false;
	for (size_t i = 0; i < t->ngroups; i++) {
		if (strcmp(t->groups[i].id, typed) == 0) {
			*exact = true;
			return &t->groups[i];
		}
		if (strcasecmp(t->groups[i].id, typed) == 0 ||
		    strcasecmp(t->groups[i].name, typed) == 0)
			found = &t->groups[i];
	}
	return found;
}

static bool
check_id(struct tui *t, const char *input, char *note, size_t n)
{
	char id[256];

	snprintf(id, sizeof id, "%s", input);
	str_trim(id);
	if (id[0] == '\0') {
		snprintf(note, n, "%s", tui_tr(t, "signin.id_empty"));
		return false;
	}
	if (strpbrk(id, " \t") != NULL) {
		snprintf(note, n, "%s", tui_tr(t, "signin.id_space"));
		return false;
	}
	if (strlen(id) > 64) {
		snprintf(note, n, "%s", tui_tr(t, "signin.id_long"));
		return false;
	}
	for (size_t i = 0; i < t->nlearners; i++) {
		if (strcmp(t->learners[i].id, id) == 0) {
			tui_format(t, note, n, "signin.id_taken",
			    t->learners[i].name, NULL, NULL, NULL);
			return false;
		}
	}
	snprintf(note, n, "%s", tui_tr(t, "signin.id_ok"));
	return true;
}

static bool
check_name(struct tui *t, const char *input, char *note, size_t n)
{
	if (strspn(input, " \t") == strlen(input)) {
		snprintf(note, n, "%s", tui_tr(t, "signin.name_empty"));
		return false;
	}
	if (strlen(input) > 200) {
		snprintf(note, n, "%s", tui_tr(t, "signin.name_long"));
		return false;
	}
	note[0] = '\0';
	return true;
}

static bool
check_group(struct tui *t, const char *input, char *note, size_t n)
{
	char typed[128];
	const struct rec_group *g;
	bool exact;

	snprintf(typed, sizeof typed, "%s", input);
	str_trim(typed);
	if (typed[0] == '\0') {
		snprintf(note, n, "%s", tui_tr(t, "signin.group_none"));
		return true;
	}
	if ((g = group_find(t, typed, &exact)) != NULL) {
		tui_format(t, note, n, "signin.group_is", g->id, g->name, NULL,
		    NULL);
		return true;
	}
	tui_format(t, note, n, "signin.group_unknown", typed, NULL, NULL, NULL);
	return false;
}

struct learner_new {
	char id[128], name[256], group[128];
	bool has_group;
};

static void
learner_write(struct rec_store *s, void *data, char **cause)
{
	struct learner_new *n = data;

	rec_learner_add(s, n->id, n->name, n->has_group ? n->group : NULL,
	    NULL, cause);
}

static void
learner_written(struct tui *t, void *data, const char *cause)
{
	struct learner_new *n = data;

	if (cause != NULL)
		tui_dialog_message(t, tui_tr(t, "error.title"), cause, false);
	else {
		tui_flash(t, "%s: %s", tui_tr(t, "signin.added"), n->name);
		signin_reload(t, n->id);
	}
	free(n);
}

static void
add_learner_group(struct tui *t, int button, const char *input)
{
	struct learner_new *n;
	char typed[128];
	const struct rec_group *g = NULL;
	bool exact;

	if (button < 0)
		return;
	snprintf(typed, sizeof typed, "%s", input);
	str_trim(typed);
	if (typed[0] != '\0')
		g = group_find(t, typed, &exact);
	n = xcalloc(1, sizeof *n);
	snprintf(n->id, sizeof n->id, "%s", add_id);
	snprintf(n->name, sizeof n->name, "%s", add_name);
	if (g != NULL) {
		snprintf(n->group, sizeof n->group, "%s", g->id);
		n->has_group = true;
	}
	tui_records_job(t, learner_write, learner_written, n);
}

static void
add_learner_name(struct tui *t, int button, const char *input)
{
	struct buf text;

	if (button < 0)
		return;
	snprintf(add_name, sizeof add_name, "%s", input);
	str_trim(add_name);
	/* The groups there are, to choose from. */
	buf_init(&text);
	buf_appendf(&text, "%s", tui_tr(t, "signin.add_group_pick"));
	if (t->ngroups > 0) {
		buf_appendf(&text, "\n%s", tui_tr(t, "signin.groups"));
		for (size_t i = 0; i < t->ngroups; i++)
			buf_appendf(&text, "%s %s%s%s%s", i > 0 ? "," : "",
			    t->groups[i].id, strcmp(t->groups[i].id,
			    t->groups[i].name) != 0 ? " (" : "",
			    strcmp(t->groups[i].id, t->groups[i].name) != 0 ?
			    t->groups[i].name : "", strcmp(t->groups[i].id,
			    t->groups[i].name) != 0 ? ")" : "");
	}
	tui_dialog_checked(t, tui_tr(t, "signin.add_title"), text.data, NULL,
	    ADD_GROUP, add_learner_group, check_group);
	buf_free(&text);
}

static void
add_learner_id(struct tui *t, int button, const char *input)
{
	if (button < 0)
		return;
	snprintf(add_id, sizeof add_id, "%s", input);
	str_trim(add_id);
	tui_dialog_checked(t, tui_tr(t, "signin.add_title"),
	    tui_tr(t, "signin.add_name"), NULL, ADD_NAME, add_learner_name,
	    check_name);
}

bool
signin_key(struct tui *t, struct tui_key k)
{
	if (k.fn && k.code == KEY_UP) {
		if (t->signin_cursor > 0)
			t->signin_cursor--;
		return true;
	}
	if (k.fn && k.code == KEY_DOWN) {
		if (t->signin_cursor + 1 < (int)t->nlearners)
			t->signin_cursor++;
		return true;
	}
	if ((!k.fn && k.code == '\n') || (k.fn && k.code == KEY_ENTER)) {
		if (t->nlearners == 0)
			return true;
		free(t->learner_id);
		free(t->learner_name);
		t->learner_id = xstrdup(t->learners[t->signin_cursor].id);
		t->learner_name = xstrdup(t->learners[t->signin_cursor].name);
		tui_set_screen(t, SCREEN_CATALOGUE);
		return true;
	}
	if (!k.fn && k.code == 'a') {
		tui_dialog_checked(t, tui_tr(t, "signin.add_title"),
		    tui_tr(t, "signin.add_id"), NULL, ADD_ID, add_learner_id,
		    check_id);
		return true;
	}
	if (!k.fn && k.code == 't') {
		trainer_signin(t, SCREEN_TRAINER);
		return true;
	}
	return false;
}
