/*
 * The console (trainers): the raw traffic with the guard's refusals, and a
 * command line. Commands typed here go through the same guard as
 * everything else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "tui_int.h"

void
console_view_draw(struct tui *t, int top, int height)
{
	int rows = height - 2, first;

	first = t->console_len - rows - t->console_scroll;
	if (first < 0)
		first = 0;
	for (int i = 0; i < rows && first + i < t->console_len; i++) {
		const struct tui_console_line *l =
		    &t->console[(t->console_head + first + i) % TUI_CONSOLE_LINES];
		attron((attr_t)draw_attr(t, l->role));
		/* A line too long for the screen ends in "…" rather than silently. */
		if (utf8_width(l->text) > t->cols - 2) {
			draw_text(top + i, 1, l->text, t->cols - 3);
			draw_text(top + i, t->cols - 2, "…", 1);
		} else
			draw_text(top + i, 1, l->text, t->cols - 2);
		attroff((attr_t)draw_attr(t, l->role));
	}
	mvhline(top + height - 2, 0, ACS_HLINE, t->cols);
	draw_text(top + height - 1, 0, "G-code>", 8);
	draw_input(t, top + height - 1, 8, t->cols - 9, &t->console_input,
	    t->dialog.kind == DIALOG_NONE && !t->help);
}

static void
console_sent(const struct host_reply *r, void *data)
{
	struct tui *t = data;

	if (r->result != HOST_RESULT_OK)
		tui_console_add(t, ROLE_BAD, "! %s: %s", r->cmd, r->message ?
		    r->message : host_result_name(r->result));
}

bool
console_view_key(struct tui *t, struct tui_key k)
{
	char cmd[512], *refusal = NULL;
	unsigned long seen;

	if (!k.fn && k.code == 27) {
		tui_set_screen(t, t->back);
		return true;
	}
	if (k.fn && (k.code == KEY_PPAGE || k.code == KEY_NPAGE)) {
		t->console_scroll += k.code == KEY_PPAGE ? t->rows / 2 :
		    -t->rows / 2;
		if (t->console_scroll < 0)
			t->console_scroll = 0;
		if (t->console_scroll > t->console_len)
			t->console_scroll = t->console_len;
		return true;
	}
	if (k.fn && (k.code == KEY_UP || k.code == KEY_DOWN)) {
		if (t->nhistory == 0)
			return true;
		t->history_pos += k.code == KEY_UP ? -1 : 1;
		if (t->history_pos < 0)
			t->history_pos = 0;
		if (t->history_pos >= t->nhistory) {
			t->history_pos = t->nhistory;
			input_clear(&t->console_input);
		} else
			input_set(&t->console_input, t->history[t->history_pos]);
		return true;
	}
	if ((!k.fn && k.code == '\n') || (k.fn && k.code == KEY_ENTER)) {
		input_text(&t->console_input, cmd, sizeof cmd);
		str_trim(cmd);
		if (cmd[0] == '\0')
			return true;
		if (t->nhistory == (int)LL_ARRAY_LEN(t->history)) {
			free(t->history[0]);
			memmove(t->history, t->history + 1,
			    (size_t)(t->nhistory - 1) * sizeof *t->history);
			t->nhistory--;
		}
		t->history[t->nhistory++] = xstrdup(cmd);
		t->history_pos = t->nhistory;
		input_clear(&t->console_input);
		t->console_scroll = 0;
		seen = t->refusals;
		if (host_send(t->cfg->host, cmd, HOST_SRC_TRAINER, console_sent,
		    t, &refusal) != 0) {
			/* The guard's refusals reach the console through the
			 * listener already; others (the link's state) do not. */
			if (t->refusals == seen)
				tui_console_add(t, ROLE_BAD, "! %s: %s", cmd,
				    refusal);
			free(refusal);
		}
		return true;
	}
	if (!k.fn && k.code == KEY_CTRL('t')) {
		t->console_temps = !t->console_temps;
		tui_flash(t, "%s", tui_tr(t, t->console_temps ?
		    "console.temps_shown" : "console.temps_hidden"));
		return true;
	}
	return input_key(&t->console_input, k);
}
