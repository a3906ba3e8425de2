/*
 * The screen's frame: terminal set-up, the keyboard as a loop fd, one redraw
 * per loop iteration when something changed, the keys that work everywhere
 * (help, printer, console, trainer, language, quit and the emergency stop).
 * Dialogs are in dialog.c, the printer listener in printer_link.c.
 */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core.h"
#include "tui_int.h"

void
tui_dirty(struct tui *t)
{
	t->dirty = true;
}

const char *
tui_tr(struct tui *t, const char *key)
{
	return t->cfg->tr(t->lang, key, t->cfg->data);
}

const char *
tui_method(struct tui *t, enum rec_method method)
{
	char key[48];

	snprintf(key, sizeof key, "method.%s", rec_method_name(method));
	return tui_tr(t, key);
}

const char *
tui_credential_title(struct tui *t)
{
	const char *s = NULL;

	if (t->cfg->credential_title_tr != NULL)
		s = t->cfg->credential_title_tr(t->lang, t->cfg->data);
	return s != NULL ? s : t->cfg->credential_title;
}

void
tui_format(struct tui *t, char *out, size_t n, const char *key,
    const char *a1, const char *a2, const char *a3, const char *a4)
{
	const char *const args[4] = { a1, a2, a3, a4 };

	text_fill(out, n, tui_tr(t, key), args);
}

void
tui_flash(struct tui *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->flash, sizeof t->flash, fmt, ap);
	va_end(ap);
	t->flash_until = clock_ms() + 8000;
	tui_dirty(t);
}

void
tui_console_add(struct tui *t, int role, const char *fmt, ...)
{
	va_list ap;
	int slot;

	if (t->console_len < TUI_CONSOLE_LINES) {
		slot = (t->console_head + t->console_len) % TUI_CONSOLE_LINES;
		t->console_len++;
	} else {
		slot = t->console_head;
		t->console_head = (t->console_head + 1) % TUI_CONSOLE_LINES;
		free(t->console[slot].text);
	}
	va_start(ap, fmt);
	t->console[slot].text = xvasprintf(fmt, ap);
	va_end(ap);
	t->console[slot].role = role;
	/* A console scrolled back stays on what the trainer is reading. */
	if (t->console_scroll > 0 && t->console_scroll < t->console_len)
		t->console_scroll++;
	if (t->screen == SCREEN_CONSOLE)
		tui_dirty(t);
}

void
tui_set_screen(struct tui *t, enum tui_screen s)
{
	if (s == SCREEN_PRINTER || s == SCREEN_CONSOLE || s == SCREEN_TRAINER ||
	    s == SCREEN_FILES) {
		if (t->screen != SCREEN_PRINTER && t->screen != SCREEN_CONSOLE &&
		    t->screen != SCREEN_TRAINER && t->screen != SCREEN_FILES)
			t->back = t->screen;
	}
	t->screen = s;
	if (s == SCREEN_SIGNIN)
		signin_enter(t);
	else if (s == SCREEN_CATALOGUE)
		catalogue_enter(t);
	else if (s == SCREEN_TRAINER)
		trainer_view_enter(t);
	else if (s == SCREEN_FILES)
		files_view_enter(t);
	tui_dirty(t);
}


void
tui_trainer_signout(struct tui *t)
{
	free(t->trainer_id);
	free(t->trainer_name);
	t->trainer_id = t->trainer_name = NULL;
	if (t->screen == SCREEN_TRAINER || t->screen == SCREEN_CONSOLE)
		tui_set_screen(t, t->back == SCREEN_TRAINER ||
		    t->back == SCREEN_CONSOLE ? SCREEN_SIGNIN : t->back);
	tui_dirty(t);
}

void
tui_emergency_stop(struct tui *t)
{
	struct host_status st;
	char text[1024];

	/*
	 * Act first: the confirmation must not slow the stop down. A running
	 * lesson is not cancelled: it learns of the halted printer like of
	 * any printer fault (the panic drill checks for exactly that), and
	 * its next printer call ends it as a printer fault otherwise.
	 */
	host_emergency_stop(t->cfg->host);
	host_status(t->cfg->host, &st);
	tui_console_add(t, ROLE_BAD, "!! %s", tui_tr(t, "stop.title"));
	/* The virtual printer's reset button is on the screen: say where. */
	snprintf(text, sizeof text, "%s%s%s", st.estop_at_once ?
	    tui_tr(t, "stop.text") : tui_tr(t, "stop.text_no_parser"),
	    t->cfg->virtual_printer ? "\n\n" : "", t->cfg->virtual_printer ?
	    tui_tr(t, "halt.virtual_reset") : "");
	tui_dialog_message(t, tui_tr(t, "stop.title"), text, true);
}

/*
 * Desktop terminals take F1, F10, F11 and F12 for themselves: help and quit
 * also have keys that need no F-key (? and Ctrl-Q), first among the global
 * keys so that a narrow bar drops others before them.
 */
static const char *const global_keys[] = {
	"F1/?\thelp", "F10/^Q\tquit", "F2\tprinter", "F3\tconsole",
	"F4\ttrainer", "F5\tlanguage", "F6\tprint_file",
};

static void
quit_cb(struct tui *t, int button, const char *input)
{
	(void)input;
	if (button != 0)
		return;
	if (t->run != NULL && lesson_run_status(t->run) == LESSON_RUNNING)
		lesson_run_cancel(t->run, tui_tr(t, "quit.lesson_reason"));
	host_heaters_off(t->cfg->host);
	t->quit = true;
}

static void
ask_quit(struct tui *t)
{
	bool lesson = t->run != NULL && lesson_run_status(t->run) == LESSON_RUNNING;
	const char *buttons[2] = { tui_tr(t, "quit.safe"), tui_tr(t, "quit.stay") };

	if (!lesson && !host_heating(t->cfg->host)) {
		t->quit = true;
		return;
	}
	tui_dialog_choice(t, tui_tr(t, "quit.title"), lesson ?
	    tui_tr(t, "quit.lesson") : tui_tr(t, "quit.heating"), buttons, 2, 0,
	    quit_cb);
}

static void
switch_language(struct tui *t)
{
	int i;

	if (t->cfg->nlangs == 0)
		return;
	for (i = 0; i < t->cfg->nlangs; i++) {
		if (strcmp(t->cfg->langs[i], t->lang) == 0)
			break;
	}
	i = (i + 1) % t->cfg->nlangs;
	snprintf(t->lang, sizeof t->lang, "%s", t->cfg->langs[i]);
	t->modules = t->cfg->modules(t->lang, &t->nmodules, t->cfg->data);
	/* The lesson on screen follows, not only its frame. */
	lesson_view_relang(t);
	tui_flash(t, "%s: %s", tui_tr(t, "lang.switched"), t->lang);
}

static void
global_help_draw(struct tui *t)
{
	const char *keys[48];
	int n = screen_keys(t, keys, 40), h, w = t->cols - 10, y, x, row;

	for (size_t i = 0; i < LL_ARRAY_LEN(global_keys); i++)
		keys[n++] = global_keys[i];
	h = n + 5;
	if (h > t->rows - 2)
		h = t->rows - 2;
	if (w > 64)
		w = 64;
	y = (t->rows - h) / 2;
	x = (t->cols - w) / 2;
	for (int r = 0; r < h; r++)
		draw_fill(y + r, x, w, ROLE_NORMAL, t);
	draw_box(y, x, h, w);
	attron(A_BOLD);
	draw_text(y, x + 2, tui_tr(t, "help.title"), w - 4);
	attroff(A_BOLD);
	attron((attr_t)draw_attr(t, ROLE_STOP));
	draw_text(y + 1, x + 2, tui_tr(t, "help.stop"), w - 4);
	attroff((attr_t)draw_attr(t, ROLE_STOP));
	row = y + 2;
	for (int i = 0; i < n && row < y + h - 2; i++, row++) {
		const char *tab = strchr(keys[i], '\t');
		attron((attr_t)draw_attr(t, ROLE_HEADING));
		draw_textn(row, x + 2, keys[i], tab ? (size_t)(tab - keys[i]) :
		    strlen(keys[i]), 12);
		attroff((attr_t)draw_attr(t, ROLE_HEADING));
		if (tab != NULL) {
			char key[48];
			snprintf(key, sizeof key, "keybar.%s", tab + 1);
			draw_text(row, x + 15, tui_tr(t, key), w - 17);
		}
	}
	draw_text(y + h - 2, x + 2, tui_tr(t, "help.close"), w - 4);
}

static void
draw_title(struct tui *t)
{
	char left[256], right[128];
	static const char *const names[] = {
		[SCREEN_SIGNIN] = "screen.signin",
		[SCREEN_CATALOGUE] = "screen.catalogue",
		[SCREEN_LESSON] = "screen.lesson",
		[SCREEN_PRINTER] = "screen.printer",
		[SCREEN_CONSOLE] = "screen.console",
		[SCREEN_TRAINER] = "screen.trainer",
		[SCREEN_FILES] = "screen.files",
	};

	draw_fill(0, 0, t->cols, ROLE_TITLE, t);
	snprintf(left, sizeof left, " layerlab · %s%s%s",
	    tui_tr(t, names[t->screen]), t->learner_name ? " · " : "",
	    t->learner_name ? t->learner_name : "");
	snprintf(right, sizeof right, "%s%s%s [%s] ", t->trainer_name ?
	    tui_tr(t, "trainer.mode") : "", t->trainer_name ? ": " : "",
	    t->trainer_name ? t->trainer_name : "", t->lang);
	attron((attr_t)draw_attr(t, ROLE_TITLE));
	draw_text(0, 0, left, t->cols);
	int rw = utf8_width(right);
	if (rw < t->cols - utf8_width(left))
		draw_text(0, t->cols - rw, right, rw);
	attroff((attr_t)draw_attr(t, ROLE_TITLE));
}

/*
 * With LAYERLAB_TUI_TRACE=FILE each redraw that follows a key appends the
 * wall-clock microseconds of the key's arrival and of the finished screen
 * update, for scripts/bench/tui.sh. Off (and free) otherwise.
 */
static uint64_t
wall_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void
trace_redraw(struct tui *t)
{
	if (t->trace == NULL || t->key_us == 0)
		return;
	fprintf(t->trace, "%llu %llu\n", (unsigned long long)t->key_us,
	    (unsigned long long)wall_us());
	fflush(t->trace);
	t->key_us = 0;
}

static void
redraw(struct tui *t)
{
	const char *keys[32];
	int n, body_top = 1, body_h;

	getmaxyx(stdscr, t->rows, t->cols);
	erase();
	curs_set(0);
	if (t->rows < 10 || t->cols < 40) {
		draw_text(0, 0, tui_tr(t, "screen.too_small"), t->cols);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	body_h = t->rows - 3;
	/* Counters change without a notification: read them as drawn. */
	host_status(t->cfg->host, &t->st);
	draw_title(t);
	switch (t->screen) {
	case SCREEN_SIGNIN: signin_draw(t, body_top, body_h); break;
	case SCREEN_CATALOGUE: catalogue_draw(t, body_top, body_h); break;
	case SCREEN_LESSON: lesson_view_draw(t, body_top, body_h); break;
	case SCREEN_PRINTER: printer_view_draw(t, body_top, body_h); break;
	case SCREEN_CONSOLE: console_view_draw(t, body_top, body_h); break;
	case SCREEN_FILES: files_view_draw(t, body_top, body_h); break;
	case SCREEN_TRAINER: trainer_view_draw(t, body_top, body_h); break;
	}
	printer_view_strip(t, t->rows - 2);
	n = screen_keys(t, keys, 24);
	for (size_t i = 0; i < LL_ARRAY_LEN(global_keys) && n < 32; i++)
		keys[n++] = global_keys[i];
	/* Show the translated meaning after each key. */
	const char *shown[32];
	char storage[32][64];
	for (int i = 0; i < n; i++) {
		const char *tab = strchr(keys[i], '\t');
		char k[48];
		snprintf(k, sizeof k, "keybar.%s", tab ? tab + 1 : keys[i]);
		snprintf(storage[i], sizeof storage[i], "%.*s\t%s",
		    tab ? (int)(tab - keys[i]) : 0, keys[i], tui_tr(t, k));
		shown[i] = storage[i];
	}
	draw_keybar(t, shown, n);
	if (t->help)
		global_help_draw(t);
	if (t->dialog.kind != DIALOG_NONE)
		dialog_draw(t);
	wnoutrefresh(stdscr);
	doupdate();
	trace_redraw(t);
}

static void
handle_key(struct tui *t, struct tui_key k)
{
	/* The stop works everywhere, dialogs and text fields included. */
	if ((k.fn && k.code == KEY_F(12)) || (!k.fn && k.code == KEY_CTRL('x'))) {
		tui_emergency_stop(t);
		return;
	}
	if (k.fn && k.code == KEY_RESIZE) {
		tui_dirty(t);
		return;
	}
	tui_dirty(t);
	if (t->dialog.kind != DIALOG_NONE) {
		dialog_key(t, k);
		return;
	}
	if (t->help) {
		t->help = false;
		return;
	}
	if (!k.fn && k.code == KEY_CTRL('q')) {
		ask_quit(t);
		return;
	}
	if (k.fn) {
		switch (k.code) {
		case KEY_F(1):
			t->help = true;
			return;
		case KEY_F(2):
			tui_set_screen(t, t->screen == SCREEN_PRINTER ? t->back :
			    SCREEN_PRINTER);
			return;
		case KEY_F(3):
			if (t->trainer_id == NULL) {
				tui_flash(t, "%s", tui_tr(t, "console.trainers_only"));
				trainer_signin(t, SCREEN_CONSOLE);
				return;
			}
			tui_set_screen(t, t->screen == SCREEN_CONSOLE ? t->back :
			    SCREEN_CONSOLE);
			return;
		case KEY_F(4):
			if (t->trainer_id == NULL) {
				trainer_signin(t, SCREEN_TRAINER);
				return;
			}
			tui_set_screen(t, t->screen == SCREEN_TRAINER ? t->back :
			    SCREEN_TRAINER);
			return;
		case KEY_F(5):
			switch_language(t);
			return;
		case KEY_F(6):
			/* Someone must be signed in: what they print is theirs. */
			if (t->learner_id == NULL && t->trainer_id == NULL)
				return;
			tui_set_screen(t, t->screen == SCREEN_FILES ? t->back :
			    SCREEN_FILES);
			return;
		case KEY_F(10):
			ask_quit(t);
			return;
		}
	}
	switch (t->screen) {
	case SCREEN_SIGNIN: signin_key(t, k); break;
	case SCREEN_CATALOGUE: catalogue_key(t, k); break;
	case SCREEN_LESSON: lesson_view_key(t, k); break;
	case SCREEN_PRINTER: printer_view_key(t, k); break;
	case SCREEN_CONSOLE: console_view_key(t, k); break;
	case SCREEN_TRAINER: trainer_view_key(t, k); break;
	case SCREEN_FILES: files_view_key(t, k); break;
	}
}

/* The help toggle sits above the screens: '?' is text only where typed. */
static void
dispatch_key(struct tui *t, struct tui_key k)
{
	if (!k.fn && k.code == '?' && t->dialog.kind == DIALOG_NONE &&
	    t->screen != SCREEN_CONSOLE && !t->q.active) {
		t->help = !t->help;
		tui_dirty(t);
		return;
	}
	handle_key(t, k);
}

/*
 * Type-ahead: what is typed while a records job runs (the trainer's id
 * list, the PIN check, a sign-in) belongs to the dialog or screen its
 * answer opens, not to the screen below. A trainer who types F4, the id,
 * Enter and the PIN at once must never have the PIN's digits pick a
 * learner. So keys wait, in order, until no job runs; only the emergency
 * stop, a resize, quitting (which drops what waits) and the answer to a
 * dialog already shown pass at once.
 */
enum key_hold { KEY_HELD, KEY_AT_ONCE, KEY_DROPS_HELD };

static enum key_hold
key_hold_kind(struct tui_key k)
{
	if ((k.fn && (k.code == KEY_F(12) || k.code == KEY_RESIZE)) ||
	    (!k.fn && k.code == KEY_CTRL('x')))
		return KEY_AT_ONCE;
	if ((k.fn && k.code == KEY_F(10)) || (!k.fn && k.code == KEY_CTRL('q')))
		return KEY_DROPS_HELD;
	return KEY_HELD;
}

void
tui_keys_release(struct tui *t)
{
	int next = 0;

	/* A released key may start a job of its own: the rest wait for it. */
	while (next < t->nheld && t->records_holding == 0)
		dispatch_key(t, t->held[next++]);
	memmove(t->held, t->held + next, (size_t)(t->nheld - next) *
	    sizeof t->held[0]);
	t->nheld -= next;
}

static void
on_key(struct tui *t, struct tui_key k)
{
	switch (key_hold_kind(k)) {
	case KEY_DROPS_HELD:
		t->nheld = 0;
		/* FALLTHROUGH */
	case KEY_AT_ONCE:
		handle_key(t, k);
		return;
	case KEY_HELD:
		break;
	}
	/* A dialog on screen (the stop's message, say) is answered at once. */
	if (t->dialog.kind != DIALOG_NONE ||
	    (t->records_holding == 0 && t->nheld == 0))
		dispatch_key(t, k);
	else if (t->nheld < (int)LL_ARRAY_LEN(t->held))
		t->held[t->nheld++] = k;
	else
		beep();
}

static void
on_keyboard(int fd, short revents, void *data)
{
	struct tui *t = data;
	wint_t ch;
	int rc;

	(void)fd;
	if (revents & (POLLHUP | POLLERR)) {
		t->quit = true;
		return;
	}
	while ((rc = get_wch(&ch)) != ERR) {
		struct tui_key k = { rc == KEY_CODE_YES, ch };

		if (t->trace != NULL && t->key_us == 0)
			t->key_us = wall_us();
		t->last_key_ms = clock_ms();
		if (!k.fn && ch == '\r')
			k.code = '\n';
		on_key(t, k);
	}
}

static void
before_poll(void *data)
{
	struct tui *t = data;

	if (t->flash[0] != '\0' && clock_ms() > t->flash_until) {
		t->flash[0] = '\0';
		t->dirty = true;
	}
	if (t->quit)
		loop_stop(t->cfg->loop);
	if (t->relang_due && !t->quit)
		lesson_view_relang_due(t);
	if (t->dirty) {
		t->dirty = false;
		redraw(t);
	}
}

/*
 * SIGTERM (shutdown, a killed session) and SIGHUP (the terminal closed)
 * end the screen the way F10 does, without asking: the lesson stops and
 * the heaters go off before layerlab exits.
 */
static void
on_terminate(int signo, void *data)
{
	struct tui *t = data;

	(void)signo;
	if (t->run != NULL && lesson_run_status(t->run) == LESSON_RUNNING)
		lesson_run_cancel(t->run, "layerlab was stopped");
	host_heaters_off(t->cfg->host);
	t->quit = true;
	loop_stop(t->cfg->loop);
}

static void
offer_cb(struct tui *t, int button, const char *input)
{
	(void)input;
	if (button != 0)
		return;
	t->cfg->use_port(t->cfg->data);
	t->quit = true;
}

static void
offer_printer(struct tui *t)
{
	const char *buttons[2] = { tui_tr(t, "offer.use"),
	    tui_tr(t, "offer.virtual") };
	char text[768];

	snprintf(text, sizeof text, "%s\n\n%s\n%s", tui_tr(t, "offer.text"),
	    t->cfg->offer_name, t->cfg->offer_port);
	tui_dialog_choice(t, tui_tr(t, "offer.title"), text, buttons, 2, 'U',
	    offer_cb);
}

int
tui_run(const struct tui_config *cfg, char **cause)
{
	struct tui *t;
	const char *codeset;
	uint64_t deadline;
	SCREEN *screen;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		set_cause(cause, "the training screen needs a terminal (for "
		    "scripts, use the subcommands: layerlab --help)");
		return -1;
	}
	codeset = nl_langinfo(CODESET);
	if (codeset == NULL || strcmp(codeset, "UTF-8") != 0) {
		set_cause(cause, "the terminal's locale is %s, not UTF-8: "
		    "workshop languages would not show (try LC_ALL=C.UTF-8)",
		    codeset ? codeset : "unknown");
		return -1;
	}
	t = xcalloc(1, sizeof *t);
	t->cfg = cfg;
	snprintf(t->lang, sizeof t->lang, "%s", cfg->lang ? cfg->lang : "en");
	t->modules = cfg->modules(t->lang, &t->nmodules, cfg->data);
	t->follow = true;
	t->last_key_ms = clock_ms();
	if (getenv("LAYERLAB_TUI_TRACE") != NULL)
		t->trace = fopen(getenv("LAYERLAB_TUI_TRACE"), "a");
	printer_link_start(t);

	if (getenv("ESCDELAY") == NULL)
		set_escdelay(25);
	if ((screen = newterm(NULL, stdout, stdin)) == NULL) {
		set_cause(cause, "cannot use this terminal (TERM=%s)",
		    getenv("TERM") ? getenv("TERM") : "unset");
		printer_link_stop(t);
		free(t);
		return -1;
	}
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	draw_init_colours(t);
	getmaxyx(stdscr, t->rows, t->cols);

	if (cfg->store != NULL)
		t->worker = rec_worker_new(cfg->store, cfg->records_copy,
		    cfg->records_copy_max_age);
	t->keyboard = loop_fd_add(cfg->loop, STDIN_FILENO, POLLIN, on_keyboard, t);
	printer_link_sample(t);
	loop_hook_add(cfg->loop, before_poll, t);
	loop_signal(cfg->loop, SIGTERM, on_terminate, t);
	loop_signal(cfg->loop, SIGHUP, on_terminate, t);
	tui_set_screen(t, SCREEN_SIGNIN);
	if (cfg->offer_port != NULL && cfg->use_port != NULL)
		offer_printer(t);
	loop_run(cfg->loop);

	/* Let the commands that make the printer safe reach it. */
	deadline = clock_ms() + 3000;
	loop_hook_remove(cfg->loop, before_poll, t);
	loop_fd_remove(t->keyboard);
	if (t->run != NULL && lesson_run_status(t->run) == LESSON_RUNNING)
		lesson_run_cancel(t->run, "quit");
	while (host_outstanding(cfg->host) > 0 && clock_ms() < deadline)
		loop_run_once(cfg->loop, 50);
	/* A records job still running finishes into the screen it began on. */
	deadline = clock_ms() + 10000;
	while (t->records_busy && clock_ms() < deadline)
		loop_run_once(cfg->loop, 50);
	endwin();
	delscreen(screen);
	printer_link_stop(t);
	lesson_view_free(t);
	lesson_reads_clear(&t->reads);
	rec_own_print_clear(&t->own_here);
	free(t->own_here_learner);
	files_view_free(t);
	rec_learner_free_array(t->learners, t->nlearners);
	rec_group_free_array(t->groups, t->ngroups);
	rec_achievement_free_array(t->achieved, t->nachieved);
	rec_result_free_array(t->results, t->nresults);
	rec_achievement_free_array(t->group_ach, t->ngroup_ach);
	free(t->trainer_group);
	rec_trainer_free_array(t->trainers, t->ntrainers);
	for (int i = 0; i < TUI_CONSOLE_LINES; i++)
		free(t->console[i].text);
	for (int i = 0; i < t->nhistory; i++)
		free(t->history[i]);
	free(t->learner_id);
	free(t->learner_name);
	free(t->trainer_id);
	free(t->trainer_name);
	if (t->trace != NULL)
		fclose(t->trace);
	/* A job stuck on a silent network keeps what it uses; we exit. */
	if (!t->records_busy) {
		rec_worker_free(t->worker);
		free(t);
	}
	return 0;
}
