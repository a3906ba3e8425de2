/*
 * The screen as a printer listener: host callbacks copy what the printer
 * said into the shown state and mark the screen dirty, never draw; a
 * one-second timer samples the temperature history, counts the wait banner,
 * looks at the records' outbox and ends an idle trainer's mode.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "tui_int.h"

/*
 * With a records server, the lesson's results wait in the station's outbox
 * while the server is away, and with a records file while another program
 * holds its lock longer than a delivery waits: say so plainly, and when
 * they have gone. Looked
 * at every second, so a delivery starts as soon as its retry is due and the
 * news is shown as soon as it is known; the notice of what waits is said
 * again every few seconds (remind) so that it stays in the strip.
 */
static void
records_check(struct tui *t, bool remind)
{
	struct rec_outbox_state st;

	if (t->cfg->store == NULL)
		return;
	/* Delivery runs on its own thread: nothing here waits for the
	 * network, so the emergency stop is read meanwhile. */
	rec_outbox_poll(t->cfg->store);
	if (rec_outbox_status(t->cfg->store, &st, NULL) != 0 || !st.used)
		return;
	if (st.waiting > 0 && st.offline) {
		if (remind || st.waiting != t->records_waiting)
			tui_flash(t, "%s (%zu %s)", tui_tr(t, st.file ?
			    "records.busy" : "records.offline"), st.waiting,
			    tui_tr(t, "records.waiting"));
		t->records_waiting = st.waiting;
	} else if (t->records_waiting > 0 && st.waiting == 0) {
		tui_flash(t, "%s", tui_tr(t, st.file ? "records.written" :
		    "records.delivered"));
		t->records_waiting = 0;
	}
}

static uint64_t
sample_temps(uint64_t now, void *data)
{
	struct tui *t = data;
	int n = t->hist_len < TUI_HISTORY ? t->hist_len : TUI_HISTORY - 1;

	if (t->st.has_temps) {
		memmove(t->hist_nozzle + 1, t->hist_nozzle, (size_t)n * sizeof(float));
		memmove(t->hist_bed + 1, t->hist_bed, (size_t)n * sizeof(float));
		memmove(t->hist_nozzle_t + 1, t->hist_nozzle_t, (size_t)n * sizeof(float));
		memmove(t->hist_bed_t + 1, t->hist_bed_t, (size_t)n * sizeof(float));
		t->hist_nozzle[0] = (float)t->st.nozzle;
		t->hist_bed[0] = (float)t->st.bed;
		t->hist_nozzle_t[0] = (float)t->st.nozzle_target;
		t->hist_bed_t[0] = (float)t->st.bed_target;
		t->hist_len = n + 1;
		if (t->screen == SCREEN_PRINTER)
			tui_dirty(t);
	}
	/* Records work that takes long stays announced until it ends. */
	if (t->records_busy && !t->records_slow) {
		t->records_slow = true;
		tui_dirty(t);
	}
	/* The wait banner counts seconds even when nothing else changes. */
	if (t->waiting)
		tui_dirty(t);
	if (++t->records_tick >= 5)
		t->records_tick = 0;
	records_check(t, t->records_tick == 0);
	/* Trainer mode does not outlive the trainer at the station. */
	if (t->trainer_id != NULL && now - t->last_key_ms > TUI_TRAINER_IDLE_MS) {
		tui_trainer_signout(t);
		tui_flash(t, "%s", tui_tr(t, "trainer.signed_out"));
	}
	return now + 1000;
}

/* Printer listener: keep the shown state current, never draw here. */
static void
on_state(const struct host_status *st, void *data)
{
	struct tui *t = data;

	t->st = *st;
	tui_dirty(t);
}

/* The strip shows where the head is going while it moves. */
static void
on_position(const struct host_status *st, void *data)
{
	struct tui *t = data;

	t->st = *st;
	tui_dirty(t);
}

/*
 * Temperature reports arrive every second or two and would push commands
 * and their replies off the console within moments: they are shown only
 * on request (Ctrl-T), like the host's own polling of them.
 */
static bool
is_temperature_traffic(const char *line)
{
	const char *p = line;

	if (str_starts_with(p, "ok "))
		p += 3;
	while (*p == ' ')
		p++;
	return (str_starts_with(p, "T:") || str_starts_with(p, "T0:") ||
	    str_starts_with(p, "B:")) && strstr(p, "/") != NULL;
}

static void
on_line_received(const char *line, void *data)
{
	struct tui *t = data;

	if (!t->console_temps && is_temperature_traffic(line))
		return;
	tui_console_add(t, ROLE_NORMAL, "< %s", line);
}

static void
on_line_sent(const char *line, void *data)
{
	struct tui *t = data;

	/* The host's own polling: "N12 M105*34", "N3 M155 S1*..". */
	if (!t->console_temps && (strstr(line, " M105*") != NULL ||
	    strstr(line, " M155 ") != NULL))
		return;
	tui_console_add(t, ROLE_DIM, "> %s", line);
}

static void
on_refused(const char *cmd, enum host_source source, const char *reason,
    void *data)
{
	struct tui *t = data;

	t->refusals++;
	tui_console_add(t, ROLE_BAD, "! %s (%s): %s", cmd,
	    host_source_name(source), reason);
	tui_flash(t, "%s: %s", tui_tr(t, "guard.refused"), reason);
}

static void
prompt_cb(struct tui *t, int button, const char *input)
{
	char cmd[32];

	(void)input;
	if (button < 0)
		return;
	snprintf(cmd, sizeof cmd, "M876 S%d", button);
	host_send(t->cfg->host, cmd, HOST_SRC_CONSOLE, NULL, NULL, NULL);
}

static void
on_prompt(const char *message, const char *const *buttons, int n, void *data)
{
	struct tui *t = data;
	const char *ok[1];

	if (message == NULL) {
		if (t->dialog.kind != DIALOG_NONE && t->dialog.tag == 'P')
			t->dialog.kind = DIALOG_NONE;
		tui_dirty(t);
		return;
	}
	if (n == 0) {
		ok[0] = tui_tr(t, "button.continue");
		buttons = ok;
		n = 1;
	}
	tui_dialog_choice(t, tui_tr(t, "printer.prompt"), message, buttons, n,
	    'P', prompt_cb);
}

static void
on_halted(const char *message, void *data)
{
	struct tui *t = data;
	char text[768];

	snprintf(text, sizeof text, "%s\n\n%s%s%s", message,
	    tui_tr(t, "halt.procedure"), t->cfg->virtual_printer ? "\n\n" : "",
	    t->cfg->virtual_printer ? tui_tr(t, "halt.virtual_reset") : "");
	tui_console_add(t, ROLE_BAD, "!! %s", message);
	tui_dialog_message(t, tui_tr(t, "halt.title"), text, true);
}

static void
on_disconnected(const char *why, void *data)
{
	struct tui *t = data;

	tui_console_add(t, ROLE_BAD, "!! %s", why);
	tui_flash(t, "%s: %s", tui_tr(t, "link.lost"), why);
}

static void
on_reconnected(void *data)
{
	struct tui *t = data;

	tui_console_add(t, ROLE_OK, "-- %s", tui_tr(t, "link.back"));
	tui_flash(t, "%s", tui_tr(t, "link.back"));
}

static void
on_notice(const char *text, void *data)
{
	struct tui *t = data;

	tui_console_add(t, ROLE_WARN, "-- %s", text);
	tui_flash(t, "%s", text);
}

void
printer_link_start(struct tui *t)
{
	struct host_listener l = {
		.line_received = on_line_received,
		.line_sent = on_line_sent,
		.state_changed = on_state,
		.temps = on_state,
		.refused = on_refused,
		.prompt = on_prompt,
		.halted = on_halted,
		.disconnected = on_disconnected,
		.reconnected = on_reconnected,
		.notice = on_notice,
		.position = on_position,
		.data = t,
	};

	t->listener = host_listen(t->cfg->host, &l);
	host_watch_position(t->cfg->host, true);
	host_status(t->cfg->host, &t->st);
}

void
printer_link_sample(struct tui *t)
{
	t->sampler = loop_timer_add(t->cfg->loop, clock_ms() + 1000,
	    sample_temps, t);
}

void
printer_link_stop(struct tui *t)
{
	if (t->sampler != NULL)
		loop_timer_remove(t->sampler);
	t->sampler = NULL;
	host_watch_position(t->cfg->host, false);
	host_unlisten(t->cfg->host, t->listener);
}
