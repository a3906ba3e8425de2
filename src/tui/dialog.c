/*
 * Dialogs: one modal box over everything (a message, a choice, a line of
 * input checked as it is typed). A dialog closes before its callback runs,
 * so the callback may open the next one.
 */
#include <stdio.h>
#include <string.h>

#include "core.h"
#include "tui_int.h"

static void
dialog_open(struct tui *t, enum dialog_kind kind, const char *title,
    const char *text)
{
	struct tui_dialog *d = &t->dialog;

	memset(d, 0, sizeof *d);
	d->kind = kind;
	snprintf(d->title, sizeof d->title, "%s", title);
	snprintf(d->text, sizeof d->text, "%s", text);
	tui_dirty(t);
}

void
tui_dialog_message(struct tui *t, const char *title, const char *text,
    bool urgent)
{
	dialog_open(t, DIALOG_MESSAGE, title, text);
	t->dialog.urgent = urgent;
	snprintf(t->dialog.buttons[0], sizeof t->dialog.buttons[0], "%s",
	    tui_tr(t, "button.ok"));
	t->dialog.nbuttons = 1;
}

void
tui_dialog_choice(struct tui *t, const char *title, const char *text,
    const char *const *buttons, int n, int tag, dialog_cb cb)
{
	dialog_open(t, DIALOG_CHOICE, title, text);
	for (int i = 0; i < n && i < 4; i++)
		snprintf(t->dialog.buttons[i], sizeof t->dialog.buttons[i], "%s",
		    buttons[i]);
	t->dialog.nbuttons = n < 4 ? n : 4;
	t->dialog.tag = tag;
	t->dialog.cb = cb;
}

void
tui_dialog_input(struct tui *t, const char *title, const char *text,
    bool masked, bool digits, int tag, dialog_cb cb)
{
	dialog_open(t, DIALOG_INPUT, title, text);
	t->dialog.input.masked = masked;
	t->dialog.input.digits_only = digits;
	t->dialog.tag = tag;
	t->dialog.cb = cb;
}

static void
dialog_recheck(struct tui *t)
{
	struct tui_dialog *d = &t->dialog;
	char text[1024];

	if (d->check == NULL)
		return;
	input_text(&d->input, text, sizeof text);
	d->note[0] = '\0';
	d->note_bad = !d->check(t, text, d->note, sizeof d->note);
}

void
tui_dialog_checked(struct tui *t, const char *title, const char *text,
    const char *initial, int tag, dialog_cb cb, dialog_check check)
{
	tui_dialog_input(t, title, text, false, false, tag, cb);
	if (initial != NULL)
		input_set(&t->dialog.input, initial);
	t->dialog.check = check;
	dialog_recheck(t);
}

/* Closes the dialog first, so its callback may open the next one. */
static void
dialog_finish(struct tui *t, int button)
{
	struct tui_dialog d = t->dialog;
	char text[1024];

	t->dialog.kind = DIALOG_NONE;
	tui_dirty(t);
	input_text(&d.input, text, sizeof text);
	if (d.cb != NULL)
		d.cb(t, button, text);
}

bool
dialog_key(struct tui *t, struct tui_key k)
{
	struct tui_dialog *d = &t->dialog;

	if (k.fn || k.code == 27) {
		if (!k.fn && k.code == 27) {
			dialog_finish(t, -1);
			return true;
		}
		if (k.code == KEY_LEFT && d->kind == DIALOG_CHOICE) {
			d->selected = (d->selected + d->nbuttons - 1) % d->nbuttons;
			return true;
		}
		if (k.code == KEY_RIGHT && d->kind == DIALOG_CHOICE) {
			d->selected = (d->selected + 1) % d->nbuttons;
			return true;
		}
		if (k.code == KEY_ENTER) {
			dialog_recheck(t);
			if (d->kind == DIALOG_INPUT && d->check != NULL &&
			    d->note_bad)
				return true;
			dialog_finish(t, d->selected);
			return true;
		}
	}
	if (!k.fn && (k.code == '\n' || k.code == '\r')) {
		/* What is wrong stays on screen, and so does the input. */
		dialog_recheck(t);
		if (d->kind == DIALOG_INPUT && d->check != NULL && d->note_bad)
			return true;
		dialog_finish(t, d->selected);
		return true;
	}
	if (!k.fn && k.code == '\t' && d->nbuttons > 0) {
		d->selected = (d->selected + 1) % d->nbuttons;
		return true;
	}
	if (d->kind == DIALOG_INPUT) {
		bool used = input_key(&d->input, k);
		dialog_recheck(t);
		return used;
	}
	/* Digits pick a button directly. */
	if (!k.fn && k.code >= '1' && k.code < '1' + (wint_t)d->nbuttons) {
		dialog_finish(t, (int)(k.code - '1'));
		return true;
	}
	return true;	/* a dialog is modal: nothing leaks through */
}

void
dialog_draw(struct tui *t)
{
	struct tui_dialog *d = &t->dialog;
	struct text_lines tl;
	int w = t->cols - 8 < 70 ? t->cols - 8 : 70, h, y, x;
	int role = d->urgent ? ROLE_STOP : ROLE_NORMAL;

	if (w < 20)
		w = t->cols;
	text_wrap(d->text, w - 4, 1, &tl);
	h = (int)tl.n + 5 + (d->kind == DIALOG_INPUT ? 2 : 0) +
	    (d->check != NULL ? 1 : 0) + (d->input_rows > 1 ?
	    d->input_rows - 1 : 0);
	if (h > t->rows - 2)
		h = t->rows - 2;
	y = (t->rows - h) / 2;
	x = (t->cols - w) / 2;
	for (int r = 0; r < h; r++)
		draw_fill(y + r, x, w, d->urgent ? ROLE_STOP : ROLE_NORMAL, t);
	attron((attr_t)draw_attr(t, role));
	draw_box(y, x, h, w);
	attron(A_BOLD);
	draw_text(y, x + 2, d->title, w - 4);
	attroff(A_BOLD);
	attroff((attr_t)draw_attr(t, role));
	draw_lines(t, &tl, 0, y + 2, x + 2, h - 4, role);
	if (d->kind == DIALOG_INPUT && d->check != NULL) {
		int nr = d->note_bad ? ROLE_BAD : ROLE_DIM;
		attron((attr_t)draw_attr(t, nr));
		draw_text(y + 2 + (int)tl.n + 1 + (d->input_rows > 1 ?
		    d->input_rows : 1), x + 2, d->note, w - 4);
		attroff((attr_t)draw_attr(t, nr));
	}
	if (d->kind == DIALOG_INPUT && d->input_rows > 1)
		draw_input_rows(t, y + 2 + (int)tl.n + 1, x + 2, w - 4,
		    d->input_rows, &d->input);
	else if (d->kind == DIALOG_INPUT)
		draw_input(t, y + 2 + (int)tl.n + 1, x + 2, w - 4, &d->input,
		    true);
	else {
		int bx = x + 2;
		curs_set(0);
		for (int i = 0; i < d->nbuttons; i++) {
			char label[64];
			int r = i == d->selected ? ROLE_SELECTED : role;
			snprintf(label, sizeof label, "[%d %s]", i + 1,
			    d->buttons[i]);
			attron((attr_t)draw_attr(t, r));
			bx += draw_text(y + h - 2, bx, label, x + w - bx - 1) + 2;
			attroff((attr_t)draw_attr(t, r));
		}
	}
	text_lines_free(&tl);
}
