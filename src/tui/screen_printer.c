/*
 * The printer panel (one key away from everywhere) and the status strip
 * above the key bar (always visible): link and firmware, temperatures with
 * targets and a graph of the last minutes, position, homed axes, and what
 * the printer is doing.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "tui_int.h"

static int
link_role(enum host_link l)
{
	switch (l) {
	case HOST_LINK_READY: return ROLE_OK;
	case HOST_LINK_CONNECTING:
	case HOST_LINK_RECONNECTING: return ROLE_WARN;
	default: return ROLE_BAD;
	}
}

static const char *
link_text(struct tui *t, enum host_link l)
{
	char key[64];

	snprintf(key, sizeof key, "link.%s", host_link_name(l));
	return tui_tr(t, key);
}

void
printer_view_strip(struct tui *t, int y)
{
	const struct host_status *st = &t->st;
	char line[512];
	int x = 0;

	draw_fill(y, 0, t->cols, ROLE_NORMAL, t);
	mvhline(y, 0, ' ', t->cols);
	attron((attr_t)draw_attr(t, link_role(st->link)));
	snprintf(line, sizeof line, "● %s", link_text(t, st->link));
	x += draw_text(y, x, line, t->cols) + 1;
	attroff((attr_t)draw_attr(t, link_role(st->link)));
	if (st->has_temps) {
		/* Readings from before a halt or a drop are not the printer's
		 * temperature now: marked with "?" and dimmed. */
		bool stale = st->link != HOST_LINK_READY;
		const char *mark = stale ? "?" : "";

		attron((attr_t)draw_attr(t, stale ? ROLE_DIM : ROLE_NOZZLE));
		snprintf(line, sizeof line, "%s %.1f%s/%.0f°C", tui_tr(t,
		    "printer.nozzle_short"), st->nozzle, mark, st->nozzle_target);
		x += draw_text(y, x, line, t->cols - x) + 1;
		attroff((attr_t)draw_attr(t, stale ? ROLE_DIM : ROLE_NOZZLE));
		attron((attr_t)draw_attr(t, stale ? ROLE_DIM : ROLE_BED));
		snprintf(line, sizeof line, "%s %.1f%s/%.0f°C", tui_tr(t,
		    "printer.bed_short"), st->bed, mark, st->bed_target);
		x += draw_text(y, x, line, t->cols - x) + 1;
		attroff((attr_t)draw_attr(t, stale ? ROLE_DIM : ROLE_BED));
	}
	if (st->has_position && x < t->cols) {
		snprintf(line, sizeof line, "X%.1f Y%.1f Z%.2f %s%c%c%c",
		    st->x, st->y, st->z, tui_tr(t, "printer.homed_short"),
		    st->homed[0] ? 'X' : '-', st->homed[1] ? 'Y' : '-',
		    st->homed[2] ? 'Z' : '-');
		x += draw_text(y, x, line, t->cols - x) + 1;
	}
	if (t->records_slow && x < t->cols) {
		attron((attr_t)draw_attr(t, ROLE_WARN));
		x += draw_text(y, x, tui_tr(t, "records.asking"), t->cols - x) +
		    1;
		attroff((attr_t)draw_attr(t, ROLE_WARN));
	}
	if (t->flash[0] != '\0' && x < t->cols) {
		attron((attr_t)draw_attr(t, ROLE_WARN));
		draw_text(y, x, t->flash, t->cols - x);
		attroff((attr_t)draw_attr(t, ROLE_WARN));
	}
}

/* A graph of nozzle and bed temperature (newest at the right). */
static void
draw_graph(struct tui *t, int top, int left, int h, int w)
{
	float maxv = 50;
	int samples = t->hist_len < w ? t->hist_len : w;

	for (int i = 0; i < samples; i++) {
		maxv = fmaxf(maxv, fmaxf(t->hist_nozzle[i], t->hist_nozzle_t[i]));
		maxv = fmaxf(maxv, fmaxf(t->hist_bed[i], t->hist_bed_t[i]));
	}
	maxv = ceilf(maxv / 50) * 50;
	for (int r = 0; r < h; r++) {
		char label[16];
		if (r == 0 || r == h - 1 || r == h / 2) {
			snprintf(label, sizeof label, "%4.0f┤", maxv *
			    (float)(h - 1 - r) / (float)(h - 1));
			attron((attr_t)draw_attr(t, ROLE_DIM));
			draw_text(top + r, left, label, 6);
			attroff((attr_t)draw_attr(t, ROLE_DIM));
		} else
			mvaddch(top + r, left + 4, ACS_VLINE);
	}
	for (int i = 0; i < samples; i++) {
		int col = left + 5 + (w - 1 - i);
		int rn = (int)lroundf((float)(h - 1) * (1 - t->hist_nozzle[i] / maxv));
		int rb = (int)lroundf((float)(h - 1) * (1 - t->hist_bed[i] / maxv));

		if (col < left + 5)
			break;
		/* Two shapes, so the lines part without colour too. */
		if (rb >= 0 && rb < h) {
			attron((attr_t)draw_attr(t, ROLE_BED));
			draw_text(top + rb, col, "+", 1);
			attroff((attr_t)draw_attr(t, ROLE_BED));
		}
		if (rn >= 0 && rn < h) {
			attron((attr_t)draw_attr(t, ROLE_NOZZLE));
			draw_text(top + rn, col, "*", 1);
			attroff((attr_t)draw_attr(t, ROLE_NOZZLE));
		}
	}
}

void
printer_view_draw(struct tui *t, int top, int height)
{
	const struct host_status *st = &t->st;
	char line[512];
	int y = top + 1, w = t->cols - 4;

	attron((attr_t)draw_attr(t, link_role(st->link)));
	snprintf(line, sizeof line, "● %s — %s", link_text(t, st->link),
	    st->port[0] ? st->port : (t->cfg->port ? t->cfg->port : ""));
	draw_text(y++, 2, line, w);
	attroff((attr_t)draw_attr(t, link_role(st->link)));
	snprintf(line, sizeof line, "%s: %s %s%s%s", tui_tr(t,
	    "printer.firmware"), st->firmware_name, st->firmware_version,
	    st->machine_type[0] ? " · " : "", st->machine_type);
	draw_text(y++, 2, line, w);
	if (st->link == HOST_LINK_HALTED && st->halt_message[0]) {
		struct text_lines hl;

		text_wrap(st->halt_message, w, 1, &hl);
		y += draw_lines(t, &hl, 0, y, 2, 3, ROLE_BAD);
		text_lines_free(&hl);
		draw_text(y++, 2, tui_tr(t, t->trainer_id ? "printer.reset_hint" :
		    "printer.reset_trainer"), w);
	}
	if (st->has_temps) {
		/* As in the status line: "?" when the reading predates a halt
		 * or a drop. */
		const char *mark = st->link != HOST_LINK_READY ? "?" : "";

		attron((attr_t)draw_attr(t, ROLE_NOZZLE));
		snprintf(line, sizeof line, "%s %6.1f%s / %3.0f °C", tui_tr(t,
		    "printer.nozzle"), st->nozzle, mark, st->nozzle_target);
		draw_text(y, 2, line, w / 2);
		attroff((attr_t)draw_attr(t, ROLE_NOZZLE));
		attron((attr_t)draw_attr(t, ROLE_BED));
		snprintf(line, sizeof line, "%s %6.1f%s / %3.0f °C", tui_tr(t,
		    "printer.bed"), st->bed, mark, st->bed_target);
		draw_text(y++, 2 + w / 2, line, w / 2);
		attroff((attr_t)draw_attr(t, ROLE_BED));
	} else
		draw_text(y++, 2, tui_tr(t, "printer.no_temps"), w);
	if (st->unsupervised) {
		struct text_lines tl;

		text_wrap(tui_tr(t, "printer.unsupervised"), w, 1, &tl);
		y += draw_lines(t, &tl, 0, y, 2, 3, ROLE_BAD);
		text_lines_free(&tl);
	}
	snprintf(line, sizeof line, "%s X %.2f  Y %.2f  Z %.2f  E %.2f · %s %s%s%s",
	    tui_tr(t, "printer.position"), st->x, st->y, st->z, st->e,
	    tui_tr(t, "printer.homed"), st->homed[0] ? "X" : "-",
	    st->homed[1] ? "Y" : "-", st->homed[2] ? "Z" : "-");
	draw_text(y++, 2, line, w);
	snprintf(line, sizeof line, "%s %lu · %s %lu · %s %lu · %s %lu",
	    tui_tr(t, "printer.lines"), st->lines_acked, tui_tr(t,
	    "printer.resends"), st->resends, tui_tr(t, "printer.errors"),
	    st->errors, tui_tr(t, "printer.refused"), st->refused);
	attron((attr_t)draw_attr(t, ROLE_DIM));
	draw_text(y++, 2, line, w);
	attroff((attr_t)draw_attr(t, ROLE_DIM));
	if (t->waiting && t->wait.kind == LESSON_WAIT_PRINT) {
		int bar = w - 12, filled;
		double p = t->wait.progress < 0 ? 0 : t->wait.progress;

		filled = (int)(p * bar);
		snprintf(line, sizeof line, "%s %s", tui_tr(t, "printer.job"),
		    t->wait.what ? t->wait.what : "");
		draw_text(y++, 2, line, w);
		attron((attr_t)draw_attr(t, ROLE_SELECTED));
		for (int i = 0; i < filled; i++)
			mvaddch(y, 2 + i, ' ');
		attroff((attr_t)draw_attr(t, ROLE_SELECTED));
		snprintf(line, sizeof line, "%5.1f%%", p * 100);
		draw_text(y++, 4 + bar, line, 8);
		if (t->wait.layers > 0 || t->wait.eta >= 0) {
			int len = 0;
			if (t->wait.layers > 0)
				len = snprintf(line, sizeof line, "%s %d/%d   ",
				    tui_tr(t, "printer.layer"), t->wait.layer,
				    t->wait.layers);
			if (t->wait.eta >= 0)
				snprintf(line + len, sizeof line - (size_t)len,
				    "%s %d:%02d", tui_tr(t, "printer.eta"),
				    (int)(t->wait.eta / 60), (int)t->wait.eta % 60);
			draw_text(y++, 2, line, w);
		}
	}
	if (st->last_error[0] != '\0') {
		attron((attr_t)draw_attr(t, ROLE_WARN));
		draw_text(y++, 2, st->last_error, w);
		attroff((attr_t)draw_attr(t, ROLE_WARN));
	}
	y++;
	if (top + height - y >= 6) {
		attron((attr_t)draw_attr(t, ROLE_HEADING));
		draw_text(y++, 2, tui_tr(t, "printer.graph_title"), w);
		attroff((attr_t)draw_attr(t, ROLE_HEADING));
		snprintf(line, sizeof line, "* %s   + %s", tui_tr(t,
		    "printer.nozzle"), tui_tr(t, "printer.bed"));
		draw_text(y++, 4, line, w - 2);
		draw_graph(t, y, 2, top + height - y, w - 6);
	}
}

static void
reset_cb(struct tui *t, int button, const char *input)
{
	char *cause = NULL;

	(void)input;
	if (button != 0)
		return;
	if (t->cfg->reset_printer(&cause, t->cfg->data) != 0) {
		tui_dialog_message(t, tui_tr(t, "error.title"), cause, false);
		free(cause);
		return;
	}
	t->hist_len = 0;
	tui_console_add(t, ROLE_WARN, "-- %s", tui_tr(t, "printer.reset_done"));
	tui_flash(t, "%s", tui_tr(t, "printer.reset_done"));
}

bool
printer_view_key(struct tui *t, struct tui_key k)
{
	if (!k.fn && k.code == 27) {
		tui_set_screen(t, t->back);
		return true;
	}
	/* A trainer brings a stopped real printer back from here. */
	if (!k.fn && k.code == 'r' && t->cfg->reset_printer != NULL) {
		const char *buttons[2] = { tui_tr(t, "printer.reset"),
		    tui_tr(t, "button.cancel") };

		/* On a real printer the trainee presses its reset button;
		 * the virtual one has its button here. */
		if (t->trainer_id == NULL && !t->cfg->virtual_printer) {
			tui_flash(t, "%s", tui_tr(t, "printer.reset_trainer"));
			return true;
		}
		tui_dialog_choice(t, tui_tr(t, "printer.reset"), tui_tr(t,
		    "printer.reset_text"), buttons, 2, 'r', reset_cb);
		return true;
	}
	return false;
}
