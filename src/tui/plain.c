/*
 * The plain line mode: the training station as a sequence of lines and
 * numbered choices, for a screen reader or a braille display (layerlab tui
 * --plain, and by itself on TERM=dumb). It is its own front end over the
 * same lesson runner, printer link and records as the screen: nothing is
 * drawn, no cursor is moved, and every cue the screen gives by colour or
 * symbol is said in words.
 *
 * The emergency stop is a line, "stop", or Ctrl-C (SIGINT): both reach
 * host_emergency_stop from the loop at once, whatever else is going on.
 * Every way out (quit, end of input, SIGTERM, SIGHUP) turns the heaters
 * off.
 */
#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "lesson_setup.h"
#include "plain_int.h"

const char *
plain_tr(struct plain *p, const char *key)
{
	return p->cfg->tr(p->lang, key, p->cfg->data);
}

void
plain_format(struct plain *p, char *out, size_t n, const char *key,
    const char *a1, const char *a2, const char *a3, const char *a4)
{
	const char *const args[4] = { a1, a2, a3, a4 };

	text_fill(out, n, plain_tr(p, key), args);
}

/*
 * Lines that name the commands take them as {1}.. arguments: the commands
 * are the same words in every language (a translation, or a script's
 * transliteration, must never change what is to be typed).
 */
void
plain_say_key(struct plain *p, const char *key)
{
	char line[1024];

	plain_format(p, line, sizeof line, key, "stop", "status", "back",
	    "quit");
	plain_say(p, line, false);
}

/* Inline marks a screen reader would spell out: ** * ` go. */
static void
strip_markup(char *s)
{
	char *w = s;

	for (char *r = s; *r != '\0'; r++) {
		if (*r == '`' || *r == '*')
			continue;
		*w++ = *r;
	}
	*w = '\0';
}

void
plain_say(struct plain *p, const char *text, bool markup)
{
	struct buf b;
	char *line, *next;

	buf_init(&b);
	buf_append_visible(&b, text != NULL ? text : "", text != NULL ?
	    strlen(text) : 0, true);
	buf_append(&b, "", 1);
	for (line = b.data; line != NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if (markup)
			strip_markup(line);
		fprintf(p->out, "%s\n", line);
	}
	fflush(p->out);
	buf_free(&b);
}

void
plain_sayf(struct plain *p, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	plain_say(p, text, false);
	free(text);
}

void
plain_echo(struct plain *p, bool on)
{
	struct termios tio;

	if (!p->stdin_tty || p->echo_off == !on)
		return;
	if (!on) {
		if (tcgetattr(STDIN_FILENO, &p->saved_tio) != 0)
			return;
		tio = p->saved_tio;
		tio.c_lflag &= ~(tcflag_t)ECHO;
		if (tcsetattr(STDIN_FILENO, TCSANOW, &tio) == 0)
			p->echo_off = true;
	} else {
		tcsetattr(STDIN_FILENO, TCSANOW, &p->saved_tio);
		p->echo_off = false;
	}
}

/* "Nozzle: 200 °C, heating to 215 °C" and the other states, in words. */
static void
say_heater(struct plain *p, const char *name, double now, double target)
{
	char n[32], g[32], line[256];
	const char *key;

	snprintf(n, sizeof n, "%.0f", now);
	snprintf(g, sizeof g, "%.0f", target);
	if (target <= 0)
		key = now >= 50 ? "plain.heater_off_hot" : "plain.heater_off";
	else if (now < target - 2)
		key = "plain.heater_heating";
	else if (now > target + 2)
		key = "plain.heater_cooling";
	else
		key = "plain.heater_holding";
	plain_format(p, line, sizeof line, key, name, n, g, NULL);
	plain_say(p, line, false);
}

static const char *
link_words(struct plain *p, enum host_link link)
{
	switch (link) {
	case HOST_LINK_READY: return plain_tr(p, "link.ready");
	case HOST_LINK_HALTED: return plain_tr(p, "link.halted");
	case HOST_LINK_CONNECTING: return plain_tr(p, "link.connecting");
	case HOST_LINK_RECONNECTING: return plain_tr(p, "link.reconnecting");
	case HOST_LINK_NOT_RESPONDING: return plain_tr(p, "link.not responding");
	case HOST_LINK_DISCONNECTED: break;
	}
	return plain_tr(p, "link.disconnected");
}

void
plain_status(struct plain *p)
{
	char line[256], x[32], y[32], z[32];

	host_status(p->cfg->host, &p->st);
	plain_format(p, line, sizeof line, "plain.printer", link_words(p,
	    p->st.link), NULL, NULL, NULL);
	plain_say(p, line, false);
	if (p->st.has_temps) {
		say_heater(p, plain_tr(p, "printer.nozzle"), p->st.nozzle,
		    p->st.nozzle_target);
		say_heater(p, plain_tr(p, "printer.bed"), p->st.bed,
		    p->st.bed_target);
	} else
		plain_say(p, plain_tr(p, "printer.no_temps"), false);
	if (p->st.has_position) {
		char axes[16] = "";

		snprintf(x, sizeof x, "%.1f", p->st.x);
		snprintf(y, sizeof y, "%.1f", p->st.y);
		snprintf(z, sizeof z, "%.2f", p->st.z);
		for (int i = 0; i < 3; i++) {
			if (p->st.homed[i])
				snprintf(axes + strlen(axes), sizeof axes -
				    strlen(axes), "%s%c", axes[0] ? " " : "",
				    "XYZ"[i]);
		}
		plain_format(p, line, sizeof line, axes[0] != '\0' ?
		    "plain.position_homed" : "plain.position", x, y, z, axes);
		plain_say(p, line, false);
	}
}

static void
say_stop_how(struct plain *p)
{
	plain_say_key(p, "plain.stop_how");
}

static void
emergency_stop(struct plain *p)
{
	/* Act first: the words must not slow the stop down. */
	host_emergency_stop(p->cfg->host);
	host_status(p->cfg->host, &p->st);
	plain_say(p, plain_tr(p, "stop.title"), false);
	plain_say(p, plain_tr(p, p->st.estop_at_once ? "stop.text" :
	    "stop.text_no_parser"), false);
}

/* Every way out: the lesson ends (resumable), the heaters go off. */
static void
quit_safely(struct plain *p, const char *why)
{
	if (p->run != NULL && lesson_run_status(p->run) == LESSON_RUNNING)
		lesson_run_cancel(p->run, why);
	host_heaters_off(p->cfg->host);
	p->quit = true;
	loop_stop(p->cfg->loop);
}

static void
list_modules(struct plain *p)
{
	p->modules = p->cfg->modules(p->lang, &p->nmodules, p->cfg->data);
	p->state = PLAIN_MODULES;
	if (p->nmodules == 0) {
		plain_say(p, plain_tr(p, "catalogue.empty"), false);
		return;
	}
	plain_say(p, plain_tr(p, "plain.modules"), false);
	for (int i = 0; i < p->nmodules; i++)
		plain_sayf(p, "%d. %s", i + 1, p->modules[i].title);
	plain_say(p, plain_tr(p, "plain.pick"), false);
}

void
plain_list_lessons(struct plain *p)
{
	const struct tui_module *m = &p->modules[p->module];
	char line[512];

	p->state = PLAIN_LESSONS;
	plain_format(p, line, sizeof line, "plain.lessons", m->title, NULL,
	    NULL, NULL);
	plain_say(p, line, false);
	if (m->summary != NULL)
		plain_say(p, m->summary, true);
	for (int i = 0; i < m->nlessons; i++) {
		if (m->lessons[i].needs_printer)
			plain_sayf(p, "%d. %s (%s)", i + 1, m->lessons[i].title,
			    plain_tr(p, "plain.uses_printer"));
		else
			plain_sayf(p, "%d. %s", i + 1, m->lessons[i].title);
	}
	plain_format(p, line, sizeof line, "plain.pick_or_back", "back", NULL,
	    NULL, NULL);
	plain_say(p, line, false);
}

/* A number from 1 to max typed on its own; 0 when it is not one. */
static int
choice(const char *line, int max)
{
	char *end;
	long v = strtol(line, &end, 10);

	if (end == line || *str_trim(end) != '\0' || v < 1 || v > max)
		return 0;
	return (int)v;
}

static void
not_a_choice(struct plain *p, int max)
{
	char n[32], line[256];

	snprintf(n, sizeof n, "%d", max);
	plain_format(p, line, sizeof line, "plain.not_a_choice", n, NULL,
	    NULL, NULL);
	plain_say(p, line, false);
}

void
plain_offer_lesson(struct plain *p)
{
	struct lesson_found *found = &p->found;
	char step[16], line[512];

	p->goon_step = 0;
	if (found->resumable > 0) {
		snprintf(line, sizeof line, "%s %d.", plain_tr(p,
		    "lesson.resume_text"), found->resumable_step + 1);
	} else if (found->stopped) {
		p->goon_step = found->stopped_step;
		p->goon_seed = found->stopped_seed;
		snprintf(step, sizeof step, "%d", p->goon_step + 1);
		plain_format(p, line, sizeof line, "lesson.resume_after_stop",
		    step, NULL, NULL, NULL);
	} else {
		plain_lesson_start(p, false);
		return;
	}
	plain_say(p, line, false);
	plain_sayf(p, "1. %s", plain_tr(p, "lesson.resume"));
	plain_sayf(p, "2. %s", plain_tr(p, "lesson.restart"));
	p->state = PLAIN_RESUME;
}

static void
help(struct plain *p)
{
	char line[512];

	plain_say_key(p, "plain.help");
	if (p->cfg->nlangs > 1) {
		plain_format(p, line, sizeof line, "plain.help_language",
		    "language", NULL, NULL, NULL);
		plain_say(p, line, false);
	}
	say_stop_how(p);
}

static void
list_languages(struct plain *p)
{
	if (p->cfg->nlangs < 2)
		return;
	plain_sayf(p, "%s:", plain_tr(p, "lang.switched"));
	for (int i = 0; i < p->cfg->nlangs; i++)
		plain_sayf(p, "%d. %s", i + 1, p->cfg->langs[i]);
	plain_say(p, plain_tr(p, "plain.pick"), false);
	p->lang_pick = true;
}

/*
 * Everything follows the language at once: the mode's own lines, the
 * lists, and a lesson that runs, which ends and goes on at its step in
 * the new language (as the screen's F5 does).
 */
static void
switch_language(struct plain *p, const char *tag)
{
	snprintf(p->lang, sizeof p->lang, "%s", tag);
	p->lang_pick = false;
	p->modules = p->cfg->modules(p->lang, &p->nmodules, p->cfg->data);
	plain_sayf(p, "%s: %s", plain_tr(p, "lang.switched"), p->lang);
	if (p->run != NULL && lesson_run_status(p->run) == LESSON_RUNNING) {
		p->relang = true;
		lesson_run_cancel(p->run, "the interface language changed");
		return;
	}
	switch (p->state) {
	case PLAIN_SIGNIN:
		plain_list_learners(p);
		break;
	case PLAIN_MODULES:
		list_modules(p);
		break;
	case PLAIN_LESSONS:
	case PLAIN_RESUME:
	case PLAIN_LESSON_OVER:
		plain_list_lessons(p);
		break;
	case PLAIN_LESSON:
		break;
	}
}

/* Words that work everywhere; true when line was one. */
static bool
command(struct plain *p, const char *line)
{
	if (strcasecmp(line, "stop") == 0) {
		emergency_stop(p);
		return true;
	}
	if (strcasecmp(line, "status") == 0) {
		plain_status(p);
		return true;
	}
	if (strcasecmp(line, "help") == 0 || strcmp(line, "?") == 0) {
		help(p);
		return true;
	}
	if (strcasecmp(line, "language") == 0) {
		list_languages(p);
		return true;
	}
	if (strcasecmp(line, "quit") == 0) {
		plain_say(p, plain_tr(p, "plain.bye"), false);
		quit_safely(p, plain_tr(p, "quit.lesson_reason"));
		return true;
	}
	return false;
}

static void
handle_line(struct plain *p, char *raw)
{
	char *line = str_trim(raw);
	int n;

	/* A PIN is never a command, and never shown. */
	if (p->state == PLAIN_LESSON && p->pending == PLAIN_PIN) {
		plain_lesson_line(p, line);
		return;
	}
	if (command(p, line))
		return;
	if (p->lang_pick) {
		if ((n = choice(line, p->cfg->nlangs)) == 0)
			not_a_choice(p, p->cfg->nlangs);
		else
			switch_language(p, p->cfg->langs[n - 1]);
		return;
	}
	if (p->prompt_buttons > 0 && (n = choice(line, p->prompt_buttons))) {
		char cmd[32];

		snprintf(cmd, sizeof cmd, "M876 S%d", n - 1);
		host_send(p->cfg->host, cmd, HOST_SRC_CONSOLE, NULL, NULL, NULL);
		p->prompt_buttons = 0;
		return;
	}
	switch (p->state) {
	case PLAIN_SIGNIN:
		if ((n = choice(line, (int)p->nlearners)) == 0) {
			if (p->nlearners > 0)
				not_a_choice(p, (int)p->nlearners);
			return;
		}
		free(p->learner_id);
		free(p->learner_name);
		p->learner_id = xstrdup(p->learners[n - 1].id);
		p->learner_name = xstrdup(p->learners[n - 1].name);
		plain_sayf(p, "%s: %s", plain_tr(p, "plain.signed_in"),
		    p->learner_name);
		list_modules(p);
		return;
	case PLAIN_MODULES:
		if (strcasecmp(line, "back") == 0) {
			plain_list_learners(p);
			return;
		}
		if ((n = choice(line, p->nmodules)) == 0) {
			not_a_choice(p, p->nmodules);
			return;
		}
		p->module = n - 1;
		plain_list_lessons(p);
		return;
	case PLAIN_LESSONS:
		if (strcasecmp(line, "back") == 0) {
			list_modules(p);
			return;
		}
		if ((n = choice(line, p->modules[p->module].nlessons)) == 0) {
			not_a_choice(p, p->modules[p->module].nlessons);
			return;
		}
		p->lesson = n - 1;
		plain_open_lesson(p);
		return;
	case PLAIN_RESUME:
		if ((n = choice(line, 2)) == 0) {
			not_a_choice(p, 2);
			return;
		}
		if (n == 2)
			p->goon_step = 0;
		plain_lesson_start(p, n == 1 && p->found.resumable > 0);
		return;
	case PLAIN_LESSON:
		plain_lesson_line(p, line);
		return;
	case PLAIN_LESSON_OVER:
		plain_lesson_free(p);
		plain_list_lessons(p);
		return;
	}
}

/* Words heard while the records are read: the rest waits for them. */
static bool
heard_while_reading(const struct plain *p, const char *raw)
{
	char line[64];

	if (p->state == PLAIN_LESSON && p->pending == PLAIN_PIN)
		return false;
	snprintf(line, sizeof line, "%s", raw);
	str_trim(line);
	return strcasecmp(line, "stop") == 0 ||
	    strcasecmp(line, "status") == 0 ||
	    strcasecmp(line, "help") == 0 || strcmp(line, "?") == 0 ||
	    strcasecmp(line, "quit") == 0;
}

void
plain_take_lines(struct plain *p)
{
	char *nl, *at = p->inbuf.data;
	size_t held = 0;

	if (at == NULL)
		return;		/* nothing typed yet */

	/* Lines held behind a records job stay in order; a command that
	 * works everywhere is taken out of them at once. */
	while (!p->quit && (nl = memchr(at, '\n', p->inbuf.len - held)) !=
	    NULL) {
		size_t len = (size_t)(nl - at) + 1;

		*nl = '\0';
		if (nl > at && nl[-1] == '\r')
			nl[-1] = '\0';
		if (p->jobs != NULL && !heard_while_reading(p, at)) {
			*nl = '\n';
			held += len;
			at += len;
			continue;
		}
		handle_line(p, at);
		memmove(at, at + len, p->inbuf.len - held - len);
		p->inbuf.len -= len;
		p->inbuf.data[p->inbuf.len] = '\0';
	}
}

static void
on_input(int fd, short revents, void *data)
{
	struct plain *p = data;
	char tmp[512];
	ssize_t n;

	(void)revents;
	n = read(fd, tmp, sizeof tmp);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		/* Nobody is left to type: leave as quit does. */
		loop_fd_remove(p->input);
		p->input = NULL;
		quit_safely(p, plain_tr(p, "quit.lesson_reason"));
		return;
	}
	buf_append(&p->inbuf, tmp, (size_t)n);
	plain_take_lines(p);
	if (p->inbuf.len > 4096)
		buf_reset(&p->inbuf);
}

static void
before_poll(void *data)
{
	struct plain *p = data;

	if (p->run_over)
		plain_lesson_reap(p);
	if (p->relang_due && !p->quit) {
		p->relang_due = false;
		plain_lesson_start(p, true);
	}
	if (p->quit)
		loop_stop(p->cfg->loop);
}

static uint64_t
tick(uint64_t now, void *data)
{
	struct plain *p = data;

	plain_lesson_tick(p);
	plain_records_tick(p);
	return now + 1000;
}

/* Ctrl-C: the emergency stop, as "stop" is. */
static void
on_sigint(int signo, void *data)
{
	(void)signo;
	emergency_stop(data);
}

static void
on_terminate(int signo, void *data)
{
	(void)signo;
	quit_safely(data, "layerlab was stopped");
}

/* {{{ the printer, in words */

static void
on_halted(const char *message, void *data)
{
	struct plain *p = data;

	plain_say(p, plain_tr(p, "halt.title"), false);
	plain_say(p, message, false);
	plain_say(p, plain_tr(p, "halt.procedure"), false);
}

static void
on_disconnected(const char *why, void *data)
{
	struct plain *p = data;

	plain_sayf(p, "%s: %s", plain_tr(p, "link.lost"), why);
}

static void
on_reconnected(void *data)
{
	struct plain *p = data;

	plain_say(p, plain_tr(p, "link.back"), false);
}

static void
on_notice(const char *text, void *data)
{
	struct plain *p = data;

	plain_sayf(p, "%s: %s", plain_tr(p, "screen.printer"), text);
}

static void
on_refused(const char *cmd, enum host_source source, const char *reason,
    void *data)
{
	struct plain *p = data;

	(void)cmd;
	(void)source;
	plain_sayf(p, "%s: %s", plain_tr(p, "guard.refused"), reason);
}

static void
on_prompt(const char *message, const char *const *buttons, int n,
    void *data)
{
	struct plain *p = data;

	if (message == NULL) {
		p->prompt_buttons = 0;
		return;
	}
	plain_sayf(p, "%s: %s", plain_tr(p, "printer.prompt"), message);
	if (n == 0) {
		plain_sayf(p, "1. %s", plain_tr(p, "button.continue"));
		n = 1;
	} else {
		for (int i = 0; i < n; i++)
			plain_sayf(p, "%d. %s", i + 1, buttons[i]);
	}
	p->prompt_buttons = n;
	plain_say(p, plain_tr(p, "plain.pick"), false);
}

static void
on_state(const struct host_status *st, void *data)
{
	struct plain *p = data;
	enum host_link before = p->st.link;

	p->st = *st;
	if (st->link == HOST_LINK_READY && before != HOST_LINK_READY &&
	    before != HOST_LINK_DISCONNECTED) {
		char line[256];

		plain_format(p, line, sizeof line, "plain.printer",
		    link_words(p, st->link), NULL, NULL, NULL);
		plain_say(p, line, false);
	}
}

/* }}} */

int
tui_run_plain(const struct tui_config *cfg, char **cause)
{
	struct plain *p;
	struct host_listener l = {
		.state_changed = on_state,
		.refused = on_refused,
		.prompt = on_prompt,
		.halted = on_halted,
		.disconnected = on_disconnected,
		.reconnected = on_reconnected,
		.notice = on_notice,
	};
	uint64_t deadline;

	(void)cause;
	p = xcalloc(1, sizeof *p);
	p->cfg = cfg;
	p->out = stdout;
	p->stdin_tty = isatty(STDIN_FILENO);
	snprintf(p->lang, sizeof p->lang, "%s", cfg->lang ? cfg->lang : "en");
	buf_init(&p->inbuf);
	if (cfg->store != NULL)
		p->worker = rec_worker_new(cfg->store, cfg->records_copy,
		    cfg->records_copy_max_age);
	l.data = p;
	p->listener = host_listen(cfg->host, &l);
	/* "status" says where the head is, during moves too. */
	host_watch_position(cfg->host, true);
	host_status(cfg->host, &p->st);

	{
		char line[512];

		plain_format(p, line, sizeof line, "plain.intro", "help", NULL,
		    NULL, NULL);
		plain_say(p, line, false);
	}
	say_stop_how(p);
	plain_say_key(p, "plain.help");
	p->input = loop_fd_add(cfg->loop, STDIN_FILENO, POLLIN, on_input, p);
	p->ticker = loop_timer_add(cfg->loop, clock_ms() + 1000, tick, p);
	loop_hook_add(cfg->loop, before_poll, p);
	loop_signal(cfg->loop, SIGINT, on_sigint, p);
	loop_signal(cfg->loop, SIGTERM, on_terminate, p);
	loop_signal(cfg->loop, SIGHUP, on_terminate, p);
	plain_list_learners(p);
	loop_run(cfg->loop);

	/* Let the commands that make the printer safe reach it. */
	host_heaters_off(cfg->host);
	deadline = clock_ms() + 3000;
	loop_hook_remove(cfg->loop, before_poll, p);
	if (p->input != NULL)
		loop_fd_remove(p->input);
	loop_timer_remove(p->ticker);
	if (p->run != NULL && lesson_run_status(p->run) == LESSON_RUNNING)
		lesson_run_cancel(p->run, "quit");
	while (host_outstanding(cfg->host) > 0 && clock_ms() < deadline)
		loop_run_once(cfg->loop, 50);
	plain_echo(p, true);
	host_watch_position(cfg->host, false);
	host_unlisten(cfg->host, p->listener);
	/* A records job finishes into a mode that is ending (its answer is
	 * dropped); one stuck on a silent network keeps what it uses. */
	plain_records_wait(p, clock_ms() + 10000);
	plain_lesson_free(p);
	lesson_reads_clear(&p->reads);
	rec_learner_free_array(p->learners, p->nlearners);
	free(p->learner_id);
	free(p->learner_name);
	buf_free(&p->inbuf);
	if (p->jobs == NULL) {
		rec_worker_free(p->worker);
		free(p);
	}
	return 0;
}
