/*
 * layerlab console: type G-code, see what the printer says. On a terminal
 * the prompt carries the latest temperatures and up/down recall earlier
 * commands; without a terminal the commands come from standard input one
 * per line (for scripts and tests) and temperatures are printed as lines.
 * Leaving a printer with its heaters on is a question, not an accident.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "host.h"
#include "loop.h"
#include "reply.h"

#define CONSOLE_HISTORY 100
/* Waiting for "heaters off" to be acknowledged before leaving. */
#define CONSOLE_LEAVE_MS 5000
/* Waiting for the temperatures before deciding whether to ask. */
#define CONSOLE_READ_TEMPS_MS 5000

struct console {
	struct loop *loop;
	struct host *host;
	bool tty;
	bool raw;
	bool started;		/* the prompt may be drawn */
	struct termios saved;
	struct loop_fd *input;
	bool eof;
	struct buf in;		/* bytes read, not yet a line */
	struct buf line;	/* the line being edited (terminal) */
	int esc;		/* escape sequence state */
	char *history[CONSOLE_HISTORY];
	int nhistory;
	int hpos;
	bool asking;		/* the leave question is open */
	bool leaving;		/* heaters-off sent, waiting for the printer */
	int leave_pending;
	uint64_t leave_deadline;
	bool reading_temps;	/* leaving waits for an M105's answer */
	bool read_ask;		/* ...and then asks (or only says) */
	uint64_t read_deadline;
	bool failed;		/* a command failed or was refused */
	int outstanding;	/* typed commands not answered yet */
	struct host_status st;
	double shown_nozzle, shown_bed, shown_nozzle_target, shown_bed_target;
	bool shown_temps;
};

static const char console_help[] =
"An interactive G-code console. Type a command and press Enter; the\n"
"printer's replies appear below it, temperatures as they arrive (in the\n"
"prompt on a terminal). Up and down recall earlier commands. Every command\n"
"passes the guard of the printer's profile, which names the limit when it\n"
"refuses one.\n"
"\n"
"Words the console understands itself:\n"
"  help      this list\n"
"  status    link, firmware, temperatures, position, counters\n"
"  stop      emergency stop (M112 at once, heaters off); M112 does the same\n"
"  quit      leave (also Ctrl-C or Ctrl-D)\n"
"\n"
"Leaving while a heater is on asks first: y turns the heaters off and\n"
"leaves, n (or any other answer) stays, k leaves with the heaters on.\n"
"Without a terminal, commands are read from standard input, one per line;\n"
"at the end of the input the console waits for the printer to answer them\n"
"all, then exits (1 if any command failed or was refused). A USB drop is\n"
"reported and the port re-opened when the printer comes back.\n"
"\n"
"Options:\n"
CLI_PRINTER_HELP
"\n"
"Examples:\n"
"  layerlab console --port virtual\n"
"  layerlab console --port /dev/serial/by-id/usb-Prusa_Research__prusa3d.com"
"_Original_Prusa_i3_MK3_CZPX1234-if00 --profile prusa-mk3s\n"
"  printf 'G28\\nM114\\n' | layerlab console --port /dev/ttyUSB0\n";

static const char console_words[] =
"  help      this list\n"
"  status    link, firmware, temperatures, position, counters\n"
"  stop      emergency stop (M112 at once, heaters off)\n"
"  quit      leave (asks first when a heater is on)\n"
"Anything else is sent to the printer as G-code.\n";

/*
 * "No" must never be the way out of a hot printer: a trainee reads the
 * question as "do you want to leave?". Leaving hot is its own letter.
 */
#define LEAVE_QUESTION "Heaters are on. y: turn them off and leave, " \
	"n: stay, k: keep them on and leave [y/n/k]"

static void console_leave(struct console *c, bool ask);
static void console_stop(struct console *c);
static void console_drain(struct console *c);

/* Output. On a terminal the prompt line is cleared first and redrawn after. */

static void
console_prompt_text(struct console *c, struct buf *b)
{
	if (c->asking) {
		buf_appendf(b, "%s ", LEAVE_QUESTION);
		return;
	}
	if (c->st.has_temps) {
		buf_appendf(b, "[T %.1f/%.0f", c->st.nozzle, c->st.nozzle_target);
		buf_appendf(b, " B %.1f/%.0f] ", c->st.bed, c->st.bed_target);
	} else
		buf_appendf(b, "[%s] ", host_link_name(c->st.link));
	buf_append_str(b, "> ");
}

static void
console_redraw(struct console *c)
{
	struct buf b;

	if (!c->tty || c->leaving || !c->started)
		return;
	buf_init(&b);
	buf_append_str(&b, "\r\033[K");
	console_prompt_text(c, &b);
	if (c->line.len > 0)
		buf_append(&b, c->line.data, c->line.len);
	fputs(b.data, stdout);
	fflush(stdout);
	buf_free(&b);
}

static void
console_say(struct console *c, const char *fmt, ...) LL_PRINTF(2, 3);

static void
console_say(struct console *c, const char *fmt, ...)
{
	va_list ap;

	if (c->tty)
		fputs("\r\033[K", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
	console_redraw(c);
}

/* Host events. */

static void
console_received(const char *line, void *data)
{
	struct console *c = data;
	struct gcode_reply r;

	/* ok lines belong to a command (shown with it); temperature reports
	 * and busy keepalives are summarised, not echoed. */
	switch (gcode_reply_parse(line, strlen(line), &r)) {
	case GCODE_REPLY_ERROR:
		/* Line-number and checksum complaints are the link's to
		 * repair (resends; 'status' counts them). */
		if (!r.comm_error)
			console_say(c, "%s", line);
		return;
	case GCODE_REPLY_FATAL:
		console_say(c, "%s", line);
		return;
	default:
		break;
	}
	/* The boot banner and M115's capability list are noise here:
	 * 'status' summarises them. */
	if (c->st.link != HOST_LINK_READY)
		return;
	switch (r.kind) {
	case GCODE_REPLY_OK:
	case GCODE_REPLY_TEMPS:
	case GCODE_REPLY_BUSY:
	case GCODE_REPLY_EMPTY:
	case GCODE_REPLY_WAIT:		/* an idle queue, every second */
	case GCODE_REPLY_SKIP:
	case GCODE_REPLY_RESEND:
		return;
	default:
		console_say(c, "%s", line);
	}
}

static void
console_temps(const struct host_status *st, void *data)
{
	struct console *c = data;

	c->st = *st;
	if (c->tty) {
		console_redraw(c);
		return;
	}
	if (c->shown_temps && fabs(st->nozzle - c->shown_nozzle) < 0.5 &&
	    fabs(st->bed - c->shown_bed) < 0.5 &&
	    st->nozzle_target == c->shown_nozzle_target &&
	    st->bed_target == c->shown_bed_target)
		return;
	c->shown_temps = true;
	c->shown_nozzle = st->nozzle;
	c->shown_bed = st->bed;
	c->shown_nozzle_target = st->nozzle_target;
	c->shown_bed_target = st->bed_target;
	console_say(c, "temperatures: nozzle %.1f/%.0f °C, bed %.1f/%.0f °C",
	    st->nozzle, st->nozzle_target, st->bed, st->bed_target);
}

static void
console_state(const struct host_status *st, void *data)
{
	struct console *c = data;
	enum host_link before = c->st.link;

	c->st = *st;
	if (st->link == HOST_LINK_READY && before != HOST_LINK_READY)
		console_say(c, "printer ready: %s", st->firmware_name[0] != '\0' ?
		    st->firmware_name : "firmware did not say its name");
	else if (st->link == HOST_LINK_NOT_RESPONDING) {
		console_say(c, "! the printer is not responding: %s",
		    st->last_error);
		/* Nobody is typing: do not wait forever for the replies. */
		if (c->eof && !c->tty) {
			c->failed = true;
			console_stop(c);
		}
	} else
		console_redraw(c);
}

static void
console_notice(const char *text, void *data)
{
	console_say(data, "! %s", text);
}

static void
console_refused(const char *cmd, enum host_source source, const char *reason,
    void *data)
{
	struct console *c = data;

	if (source == HOST_SRC_CONSOLE)
		return;		/* reported where it was typed */
	console_say(c, "! refused %s (from %s): %s", cmd,
	    host_source_name(source), reason);
}

static void
console_halted(const char *message, void *data)
{
	struct console *c = data;

	c->failed = true;
	console_say(c, "! the printer has halted: %s", message);
	console_say(c, "! reset or power-cycle it; 'quit' to leave");
}

static void
console_disconnected(const char *why, void *data)
{
	struct console *c = data;

	console_say(c, "! %s", why);
	console_say(c, "! waiting for the printer to come back "
	    "(quit to give up)");
}

static void
console_reconnected(void *data)
{
	console_say(data, "! the printer is connected again");
}

static void
console_prompt(const char *message, const char *const *buttons, int nbuttons,
    void *data)
{
	struct console *c = data;

	if (message == NULL)
		return;
	console_say(c, "printer asks: %s", message);
	for (int i = 0; i < nbuttons; i++)
		console_say(c, "  answer with M876 S%d: %s", i, buttons[i]);
}

static void
console_done(const struct host_reply *r, void *data)
{
	struct console *c = data;

	switch (r->result) {
	case HOST_RESULT_OK:
		if (r->ok_text != NULL && *r->ok_text != '\0')
			console_say(c, "ok %s", r->ok_text);
		else
			console_say(c, "ok");
		break;
	case HOST_RESULT_ERROR:
		c->failed = true;
		console_say(c, "! %s: the printer reported: %s", r->cmd,
		    r->message != NULL ? r->message : "an error");
		break;
	case HOST_RESULT_HALTED:
	case HOST_RESULT_DISCONNECTED:
		/* The reason was shown when it happened. */
		c->failed = true;
		console_say(c, "! %s: not confirmed (the printer %s first)",
		    r->cmd, r->result == HOST_RESULT_HALTED ? "halted" :
		    "disconnected");
		break;
	case HOST_RESULT_REFUSED:
		c->failed = true;
		console_say(c, "! %s: %s", r->cmd, r->message != NULL ?
		    r->message : "refused");
		break;
	}
	c->outstanding--;
	if (!c->tty)
		console_drain(c);
}

/* Commands. */

static void
console_status(struct console *c)
{
	struct host_status st;

	host_status(c->host, &st);
	console_say(c, "link: %s on %s at %d baud (%s)", host_link_name(st.link),
	    st.port, st.baud, st.windowed ? "windowed" : "ping-pong");
	console_say(c, "firmware: %s (%s)", st.firmware_name,
	    host_flavour_name(st.flavour));
	console_say(c, "profile: %s (%s)", host_profile(c->host)->id,
	    host_profile(c->host)->name);
	/* What the stop and the waits for the user can count on. */
	console_say(c, "firmware reports: emergency parser %s, temperature "
	    "reports %s, host prompts %s; M112 acts at once: %s",
	    st.cap_emergency_parser ? "yes" : "no",
	    st.cap_autoreport_temp ? "yes" : "no",
	    st.cap_prompt_support ? "yes" : "no",
	    st.estop_at_once ? "yes" : "no");
	if (st.has_temps)
		console_say(c, "temperatures: nozzle %.1f/%.0f °C, bed %.1f/%.0f "
		    "°C%s", st.nozzle, st.nozzle_target, st.bed, st.bed_target,
		    st.unsupervised ? " (no recent report!)" : "");
	console_say(c, "homed: X %s, Y %s, Z %s", st.homed[0] ? "yes" : "no",
	    st.homed[1] ? "yes" : "no", st.homed[2] ? "yes" : "no");
	if (st.has_position)
		console_say(c, "position: X %.2f Y %.2f Z %.2f E %.2f", st.x,
		    st.y, st.z, st.e);
	console_say(c, "lines: %lu sent, %lu confirmed, %lu resends, %lu "
	    "errors, %lu refused", st.lines_sent, st.lines_acked, st.resends,
	    st.errors, st.refused);
	if (st.link == HOST_LINK_HALTED)
		console_say(c, "halted: %s", st.halt_message);
}

static bool
console_is_m112(const char *s)
{
	return (s[0] == 'M' || s[0] == 'm') && strncmp(s + 1, "112", 3) == 0 &&
	    (s[4] == '\0' || s[4] == ' ' || s[4] == ';');
}

static void
console_command(struct console *c, char *line)
{
	char *cause = NULL;

	str_trim(line);
	if (*line == '\0')
		return;
	if (c->tty) {
		if (c->nhistory == CONSOLE_HISTORY) {
			free(c->history[0]);
			memmove(c->history, c->history + 1,
			    (CONSOLE_HISTORY - 1) * sizeof *c->history);
			c->nhistory--;
		}
		c->history[c->nhistory++] = xstrdup(line);
		c->hpos = c->nhistory;
	}
	if (strcmp(line, "quit") == 0 || strcmp(line, "exit") == 0) {
		console_leave(c, true);
		return;
	}
	if (strcmp(line, "help") == 0) {
		console_say(c, "%s", console_words);
		return;
	}
	if (strcmp(line, "status") == 0) {
		console_status(c);
		return;
	}
	if (strcmp(line, "stop") == 0 || console_is_m112(line)) {
		host_emergency_stop(c->host);
		console_say(c, "emergency stop sent (M112): %s",
		    host_estop_advice(c->host));
		return;
	}
	if (!c->tty)
		console_say(c, "> %s", line);
	if (host_send(c->host, line, HOST_SRC_CONSOLE, console_done, c,
	    &cause) == 0)
		c->outstanding++;
	else {
		c->failed = true;
		console_say(c, "! refused %s: %s", line, cause);
		free(cause);
	}
}

/* Leaving. */

static void
console_stop(struct console *c)
{
	loop_stop(c->loop);
}

static void
console_heaters_done(const struct host_reply *r, void *data)
{
	struct console *c = data;

	if (r->result != HOST_RESULT_OK)
		console_say(c, "! %s: %s", r->cmd, r->message != NULL ?
		    r->message : host_result_name(r->result));
	if (--c->leave_pending == 0) {
		console_say(c, "heaters are off");
		console_stop(c);
	}
}

static void
console_heaters_off_and_leave(struct console *c)
{
	static const char *const cmds[] = { "M104 S0", "M140 S0" };

	c->asking = false;
	c->leaving = true;
	c->leave_deadline = clock_ms() + CONSOLE_LEAVE_MS;
	if (c->tty)
		fputs("\r\033[K", stdout);
	for (size_t i = 0; i < LL_ARRAY_LEN(cmds); i++) {
		if (host_send(c->host, cmds[i], HOST_SRC_CONSOLE,
		    console_heaters_done, c, NULL) == 0)
			c->leave_pending++;
	}
	if (c->leave_pending == 0) {
		console_say(c, "! could not turn the heaters off: switch the "
		    "printer off at its power switch");
		console_stop(c);
	}
}

static bool
console_link_usable(const struct console *c)
{
	struct host_status st;

	host_status(c->host, &st);
	return st.link == HOST_LINK_READY || st.link == HOST_LINK_CONNECTING ||
	    st.link == HOST_LINK_NOT_RESPONDING;
}

static void
console_temps_read(const struct host_reply *r, void *data)
{
	struct console *c = data;

	(void)r;
	if (!c->reading_temps)
		return;
	c->reading_temps = false;
	console_leave(c, c->read_ask);
}

static void
console_leave(struct console *c, bool ask)
{
	struct host_status st;

	if (c->leaving || c->reading_temps)
		return;
	host_status(c->host, &st);
	if (!host_heating(c->host) && st.link == HOST_LINK_READY &&
	    !st.has_temps && c->read_deadline == 0) {
		/* No temperature report yet: an earlier session may have left
		 * the heaters on. Read them before deciding not to ask. */
		c->read_deadline = clock_ms() + CONSOLE_READ_TEMPS_MS;
		if (host_send(c->host, "M105", HOST_SRC_HOST,
		    console_temps_read, c, NULL) == 0) {
			c->reading_temps = true;
			c->read_ask = ask;
			return;
		}
	}
	if (!host_heating(c->host) || !console_link_usable(c)) {
		console_stop(c);
		return;
	}
	if (!ask) {
		host_status(c->host, &c->st);
		console_say(c, "! leaving with the heaters on (nozzle target "
		    "%.0f °C, bed target %.0f °C)", c->st.nozzle_target,
		    c->st.bed_target);
		console_stop(c);
		return;
	}
	c->asking = true;
	if (c->tty)
		console_redraw(c);
	else
		console_say(c, "%s", LEAVE_QUESTION);
}

static void
console_answer(struct console *c, const char *line)
{
	char *s = xstrdup(line);

	str_trim(s);
	c->asking = false;
	if (s[0] == 'y' || s[0] == 'Y')
		console_heaters_off_and_leave(c);
	else if (s[0] == 'k' || s[0] == 'K') {
		console_say(c, "! leaving with the heaters on");
		console_stop(c);
	} else {
		/* No, or anything unclear: stay at the printer. */
		console_say(c, "staying: the heaters are still on");
		console_redraw(c);
	}
	free(s);
}

static void
console_sigint(int signo, void *data)
{
	struct console *c = data;

	(void)signo;
	if (c->asking) {
		/* A second Ctrl-C insists on leaving, not on leaving hot. */
		c->asking = false;
		console_heaters_off_and_leave(c);
		return;
	}
	if (c->tty)
		fputs("^C\n", stdout);
	console_leave(c, true);
}

static void
console_sigterm(int signo, void *data)
{
	struct console *c = data;

	(void)signo;
	/* Killed, not asked: nobody stays to watch, so make it safe. */
	if (host_heating(c->host) && console_link_usable(c) && !c->leaving)
		console_heaters_off_and_leave(c);
	else
		console_stop(c);
}

static uint64_t
console_tick(uint64_t now, void *data)
{
	struct console *c = data;

	if (c->reading_temps && now >= c->read_deadline) {
		/* No answer: decide on what is known. */
		c->reading_temps = false;
		console_leave(c, c->read_ask);
	}
	if (c->leaving && now >= c->leave_deadline) {
		console_say(c, "! the printer did not confirm the heaters are "
		    "off: check it");
		console_stop(c);
	}
	return now + 200;
}

/* Input. */

static void
console_history(struct console *c, int dir)
{
	int pos = c->hpos + dir;

	if (pos < 0 || pos > c->nhistory)
		return;
	c->hpos = pos;
	buf_reset(&c->line);
	if (pos < c->nhistory)
		buf_append_str(&c->line, c->history[pos]);
	console_redraw(c);
}

static void
console_line(struct console *c, char *line)
{
	if (c->asking)
		console_answer(c, line);
	else if (!c->leaving)
		console_command(c, line);
}

/* Terminal keys: printable text, Enter, Backspace, Ctrl-D, Up, Down. */
static void
console_key(struct console *c, unsigned char ch)
{
	/* The leave question takes one key, no Enter needed. */
	if (c->asking && c->esc == 0 && strchr("yYnNkK", ch) != NULL &&
	    ch != '\0') {
		char answer[2] = { (char)ch, '\0' };
		fputs(answer, stdout);
		fputs("\r\n", stdout);
		console_answer(c, answer);
		return;
	}
	if (c->esc == 1) {
		c->esc = ch == '[' || ch == 'O' ? 2 : 0;
		return;
	}
	if (c->esc == 2) {
		c->esc = 0;
		if (ch == 'A')
			console_history(c, -1);
		else if (ch == 'B')
			console_history(c, 1);
		return;
	}
	switch (ch) {
	case 27:
		c->esc = 1;
		break;
	case '\r':
	case '\n': {
		char *line = buf_detach(&c->line);
		fputs("\r\n", stdout);
		console_line(c, line);
		free(line);
		console_redraw(c);
		break;
	}
	case 127:
	case 8:
		/* Drop one UTF-8 character, continuation bytes first. */
		while (c->line.len > 0 &&
		    (c->line.data[c->line.len - 1] & 0xc0) == 0x80)
			c->line.len--;
		if (c->line.len > 0)
			c->line.len--;
		if (c->line.data != NULL)
			c->line.data[c->line.len] = '\0';
		console_redraw(c);
		break;
	case 4:
		if (c->line.len == 0)
			console_leave(c, true);
		break;
	case 21:		/* Ctrl-U */
		buf_reset(&c->line);
		console_redraw(c);
		break;
	default:
		if (ch >= 32 || ch == '\t') {
			buf_append(&c->line, &ch, 1);
			console_redraw(c);
		}
	}
}

static void
console_input(int fd, short revents, void *data)
{
	struct console *c = data;
	char tmp[512];
	ssize_t n;

	(void)revents;
	n = read(fd, tmp, sizeof tmp);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		loop_fd_remove(c->input);
		c->input = NULL;
		c->eof = true;
		if (c->in.len > 0 && c->in.data[c->in.len - 1] != '\n')
			buf_append(&c->in, "\n", 1);	/* a last unfinished line */
		if (c->asking)
			console_answer(c, "");
		else if (c->tty)
			console_leave(c, true);
		else
			console_drain(c);
		return;
	}
	if (c->tty) {
		for (ssize_t i = 0; i < n; i++)
			console_key(c, (unsigned char)tmp[i]);
		return;
	}
	buf_append(&c->in, tmp, (size_t)n);
	console_drain(c);
}

/*
 * Without a terminal, one command at a time, as if typed after the answer
 * to the previous one: the output reads in order, and words like 'status'
 * see the effect of the commands before them.
 */
static void
console_drain(struct console *c)
{
	char *nl, *line;

	while ((c->outstanding == 0 || c->asking) && !c->leaving &&
	    c->in.len > 0 &&
	    (nl = memchr(c->in.data, '\n', c->in.len)) != NULL) {
		*nl = '\0';
		line = xstrdup(c->in.data);
		buf_consume(&c->in, (size_t)(nl - c->in.data) + 1);
		console_line(c, line);
		free(line);
		if (loop_stopped(c->loop))
			return;
	}
	if (c->eof && c->outstanding == 0 && !c->asking && !c->leaving &&
	    (c->in.len == 0 || memchr(c->in.data, '\n', c->in.len) == NULL))
		console_leave(c, false);
}

static void
console_raw_on(struct console *c)
{
	struct termios t;

	if (tcgetattr(STDIN_FILENO, &c->saved) != 0)
		return;
	t = c->saved;
	/* ISIG stays on: Ctrl-C arrives as SIGINT through the loop. */
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0)
		c->raw = true;
}

static void
console_raw_off(struct console *c)
{
	if (c->raw)
		tcsetattr(STDIN_FILENO, TCSANOW, &c->saved);
	c->raw = false;
}

static int
run(int argc, char **argv, struct cli_config *cfg)
{
	struct cli_printer po;
	struct cli_link *link;
	struct host_listener hl;
	struct loop_timer *tick;
	struct console c;
	struct host_status st;
	char *cause = NULL;
	int rc;

	cli_printer_init(&po, cfg);
	if ((rc = cli_printer_parse(&cmd_console, &po, argc, argv,
	    console_help)) >= 0)
		return rc;
	if (optind != argc)
		return cli_usage_error(&cmd_console, "unexpected '%s' (type "
		    "commands at the prompt, or use 'layerlab send')",
		    argv[optind]);

	memset(&c, 0, sizeof c);
	buf_init(&c.in);
	buf_init(&c.line);
	c.tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	if ((link = cli_link_open(cfg, &po, &cause)) == NULL) {
		cli_error("console", "%s", cause);
		free(cause);
		return EXIT_FAIL;
	}
	c.loop = cli_link_loop(link);
	c.host = cli_link_host(link);
	host_status(c.host, &c.st);
	printf("connecting to %s (profile %s)...\n", c.st.port,
	    host_profile(c.host)->id);
	fflush(stdout);

	memset(&hl, 0, sizeof hl);
	hl.line_received = console_received;
	hl.state_changed = console_state;
	hl.temps = console_temps;
	hl.refused = console_refused;
	hl.prompt = console_prompt;
	hl.halted = console_halted;
	hl.disconnected = console_disconnected;
	hl.reconnected = console_reconnected;
	hl.notice = console_notice;
	hl.data = &c;
	host_listen(c.host, &hl);
	loop_signal(c.loop, SIGINT, console_sigint, &c);
	loop_signal(c.loop, SIGTERM, console_sigterm, &c);
	loop_signal(c.loop, SIGHUP, console_sigterm, &c);

	if (cli_link_wait_ready(link, &cause) != 0) {
		cli_error("console", "%s", cause);
		free(cause);
		cli_link_free(link);
		buf_free(&c.in);
		buf_free(&c.line);
		return EXIT_FAIL;
	}
	if (c.tty) {
		printf("Type G-code and press Enter; 'help' for more, 'quit' "
		    "to leave.\n");
		console_raw_on(&c);
		c.started = true;
		console_redraw(&c);
	}
	c.input = loop_fd_add(c.loop, STDIN_FILENO, POLLIN, console_input, &c);
	tick = loop_timer_add(c.loop, clock_ms() + 200, console_tick, &c);
	loop_run(c.loop);
	loop_timer_remove(tick);
	console_raw_off(&c);
	if (c.tty)
		fputs("\r\033[K", stdout);
	fflush(stdout);

	host_status(c.host, &st);
	rc = EXIT_OK;
	if (st.link == HOST_LINK_HALTED || st.link == HOST_LINK_RECONNECTING ||
	    (!c.tty && c.failed))
		rc = EXIT_FAIL;
	if (c.input != NULL)
		loop_fd_remove(c.input);
	cli_link_free(link);
	for (int i = 0; i < c.nhistory; i++)
		free(c.history[i]);
	buf_free(&c.in);
	buf_free(&c.line);
	return rc;
}

const struct cli_command cmd_console = {
	.name = "console",
	.summary = "an interactive G-code console with live temperatures",
	.usage = "layerlab console " CLI_PRINTER_USAGE,
	.help = console_help,
	.run = run,
};
