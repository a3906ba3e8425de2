/*
 * layerlab print: streams a G-code file to a printer and shows how far it
 * is. Wires the loop, the host (with the printer's profile), an in-process
 * virtual printer for --port virtual, and one job.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "host.h"
#include "job.h"
#include "loop.h"
#include "precheck.h"
#include "resume_prep.h"
#include "stream.h"

struct print_run {
	struct loop *loop;
	struct host *host;
	struct job *job;
	struct cli_link *link;
	struct loop_timer *timer;
	struct loop_fd *input;
	bool tty;		/* stdout is a terminal: redraw a bar in place */
	bool bar_shown;
	unsigned interval_ms;	/* between progress lines off a terminal */
	struct host_status st;
	bool asking;		/* "resume or cancel?" is on screen */
	/* Nobody can answer "resume or cancel?": standard input is not a
	 * terminal when the guard refuses (a script, a service, CI), or it
	 * has ended. Then the print is cancelled safely at once. */
	bool stdin_tty;
	bool stdin_ended;
	bool refused;		/* the guard refused a line of the file */
	bool refusal_told;	/* ... and said so as FILE:LINE */
	int interrupts;
	bool stop_checking;	/* Ctrl-C or a signal before anything was sent */
	struct buf inbuf;
	/* --resume-from: the printer made ready first (host/resume_prep.c). */
	struct host_resume *resume;
	bool resume_planned, resume_asking, resume_answered, resume_over;
	bool resume_ok;
	char *resume_error;
};

static const char print_help[] =
"Streams FILE to the printer line by line (the file is never loaded whole,\n"
"so any size works) and shows progress: percent, lines, layer, elapsed\n"
"time, time left and temperatures. On a terminal this is a bar redrawn in\n"
"place; otherwise one progress line every few seconds.\n"
"\n"
"The file is checked first, before the port is opened: a line that cannot\n"
"be sent, or anything 'layerlab gcode check' finds for this printer (moves\n"
"outside the axes, temperatures above its limits, extrusion before\n"
"heating, ...), refuses the print with every problem listed as\n"
"FILE:LINE: problem. Every command then passes the guard of the printer's\n"
"profile; a refusal pauses the print and names the limit. Without a\n"
"terminal on standard input (a script, a service, CI) a refusal cancels\n"
"the print safely at once, and so does any pause once standard input has\n"
"ended: nobody could answer.\n"
"\n"
"Ctrl-C pauses the print (the head is lifted and parked) and asks whether\n"
"to resume or cancel. Cancelling turns the heaters off, parks the head and\n"
"switches the motors off. While printing, these words on standard input\n"
"do the same: pause, resume, cancel. The printer itself may pause, resume\n"
"or cancel with //action: messages. SIGTERM or a closed terminal (SIGHUP)\n"
"cancel the print safely; a second one stops at once.\n"
"\n"
"Options:\n"
CLI_PRINTER_HELP
"  --ping-pong      one line in flight: works with every firmware\n"
"  --windowed       several lines in flight within the printer's receive\n"
"                   buffer (faster; default where the firmware allows it)\n"
"  --interval SEC   seconds between progress lines off a terminal (5)\n"
"  --resume-from LINE\n"
"                   go on with a print that stopped (a halt, a lost port)\n"
"                   from this line, which the message at its end named:\n"
"                   with the nozzle where it stopped the printer heats the\n"
"                   bed and nozzle to the file's temperatures there, takes\n"
"                   the last printed layer's height as Z (G92), lifts, homes\n"
"                   X and Y only (never Z), returns over the part and\n"
"                   restores fan, modes and feed rate; then the file goes\n"
"                   on from LINE. On a terminal you are asked to confirm\n"
"                   the nozzle stands above the part first\n"
"  --nozzle-above-part\n"
"                   with --resume-from: you have looked, the part is firm on\n"
"                   the bed and the nozzle stands right above it (no\n"
"                   question asked; needed without a terminal)\n"
"\n"
"Exit status: 0 when the printer acknowledged every line of the file;\n"
"1 when the print was cancelled, the printer halted or disconnected (the\n"
"last line it confirmed is printed, to resume from), or the file is bad;\n"
"2 for a usage error.\n"
"\n"
"Examples:\n"
"  layerlab print --port virtual tests/data/tab_ender3_0.20mm.gcode\n"
"  layerlab print --port /dev/serial/by-id/usb-1a86_USB_Serial-if00-port0 \\\n"
"      --profile creality-ender3-v2 benchy.gcode\n"
"  layerlab print --port /dev/ttyACM0 --profile prusa-mk3s --ping-pong part.gcode\n";

static void
format_duration(char *out, size_t outsz, double s)
{
	long t;

	if (s < 0) {
		snprintf(out, outsz, "--:--");
		return;
	}
	t = (long)(s + 0.5);
	if (t >= 3600)
		snprintf(out, outsz, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60,
		    t % 60);
	else
		snprintf(out, outsz, "%ld:%02ld", t / 60, t % 60);
}

/*
 * The progress line's fields, each whole or not at all: a cut field reads
 * as another value ("T 210/2" for a target of 215 °C). Where the width is
 * short the least needed go first (drop order: elapsed, lines, layer);
 * the percentage, the time left, the temperatures with their units and
 * the state always stay.
 */
enum progress_field {
	PF_PERCENT, PF_LINES, PF_LAYER, PF_ELAPSED, PF_LEFT, PF_NOZZLE,
	PF_BED, PF_STATE, PF_COUNT,
};
static const enum progress_field drop_order[] = { PF_ELAPSED, PF_LINES,
    PF_LAYER };

struct progress_fields {
	char text[PF_COUNT][64];
	bool shown[PF_COUNT];
};

/* "43.2%  lines 1234/30798  layer 37/100  elapsed 0:12:03  left 15:40
 * nozzle 215/215 °C  bed 60/60 °C" */
static void
progress_fields(struct print_run *r, struct progress_fields *f)
{
	const struct gcode_progress *p = job_progress(r->job);
	uint64_t now = clock_ms();
	char elapsed[32], left[32];

	memset(f, 0, sizeof *f);
	format_duration(elapsed, sizeof elapsed,
	    gcode_progress_elapsed(p, now));
	format_duration(left, sizeof left, gcode_progress_eta(p, now));
	snprintf(f->text[PF_PERCENT], sizeof f->text[0], "%5.1f%%",
	    gcode_progress_commands(p) * 100);
	snprintf(f->text[PF_LINES], sizeof f->text[0], "lines %ld/%ld",
	    p->done.lineno, p->total_lines);
	if (p->total_layers > 0)
		snprintf(f->text[PF_LAYER], sizeof f->text[0], "layer %d/%d",
		    p->done.layer, p->total_layers);
	snprintf(f->text[PF_ELAPSED], sizeof f->text[0], "elapsed %s",
	    elapsed);
	snprintf(f->text[PF_LEFT], sizeof f->text[0], "left %s", left);
	if (r->st.has_temps) {
		snprintf(f->text[PF_NOZZLE], sizeof f->text[0],
		    "nozzle %.0f/%.0f °C", r->st.nozzle, r->st.nozzle_target);
		snprintf(f->text[PF_BED], sizeof f->text[0], "bed %.0f/%.0f °C",
		    r->st.bed, r->st.bed_target);
	}
	if (job_state(r->job) != JOB_RUNNING)
		snprintf(f->text[PF_STATE], sizeof f->text[0], "[%s]",
		    job_state_name(job_state(r->job)));
	for (int i = 0; i < PF_COUNT; i++)
		f->shown[i] = f->text[i][0] != '\0';
}

static void
progress_join(const struct progress_fields *f, struct buf *b)
{
	for (int i = 0; i < PF_COUNT; i++) {
		if (!f->shown[i])
			continue;
		buf_appendf(b, "%s%s", b->len > 0 ? "  " : "", f->text[i]);
	}
}

static void
progress_text(struct print_run *r, struct buf *b)
{
	struct progress_fields f;

	progress_fields(r, &f);
	progress_join(&f, b);
}

static int
terminal_width(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		return ws.ws_col;
	return 80;
}

static void
draw_progress(struct print_run *r)
{
	struct buf b, line;
	int width, barw, filled;
	double f;

	buf_init(&b);
	if (!r->tty) {
		progress_text(r, &b);
		printf("%s\n", b.data);
		fflush(stdout);
		buf_free(&b);
		return;
	}
	/*
	 * The bar gets what the text leaves (10 to 40 columns); where even
	 * 10 do not leave room, whole fields go, never part of one.
	 */
	struct progress_fields pf;
	width = terminal_width();
	progress_fields(r, &pf);
	progress_join(&pf, &b);
	for (size_t i = 0; i < LL_ARRAY_LEN(drop_order) &&
	    utf8_width(b.data) > width - 10 - 4; i++) {
		pf.shown[drop_order[i]] = false;
		buf_reset(&b);
		progress_join(&pf, &b);
	}
	barw = width - utf8_width(b.data) - 4;
	if (barw > 40)
		barw = 40;
	if (barw < 10)
		barw = 10;
	buf_init(&line);
	buf_append_str(&line, "\r\033[K");
	f = gcode_progress_commands(job_progress(r->job));
	filled = (int)(f * barw + 0.5);
	buf_append_str(&line, "[");
	for (int i = 0; i < barw; i++)
		buf_append_str(&line, i < filled ? "#" : "-");
	buf_append_str(&line, "] ");
	buf_append_str(&line, b.data);
	fputs(line.data, stdout);
	fflush(stdout);
	r->bar_shown = true;
	buf_free(&line);
	buf_free(&b);
}

/* Ends the bar's line before printing anything else. */
static void
clear_bar(struct print_run *r)
{
	if (r->tty && r->bar_shown) {
		fputs("\r\033[K", stdout);
		fflush(stdout);
		r->bar_shown = false;
	}
}

static uint64_t
progress_timer(uint64_t now, void *data)
{
	struct print_run *r = data;

	if (job_state(r->job) != JOB_READY && !r->asking)
		draw_progress(r);
	return now + (r->tty ? 250 : r->interval_ms);
}

static void
ask(struct print_run *r)
{
	clear_bar(r);
	if ((r->refused && !r->stdin_tty) || r->stdin_ended) {
		fprintf(stderr, "layerlab: print: nobody at a terminal to say "
		    "resume or cancel: cancelling safely\n");
		job_cancel(r->job);
		return;
	}
	r->asking = true;
	fprintf(stderr, "Print paused. Type 'r' (resume) or 'c' (cancel "
	    "safely: heaters off, park, motors off), then Enter.\n");
}

static void
on_state(enum job_state state, const char *reason, void *data)
{
	struct print_run *r = data;

	switch (state) {
	case JOB_PAUSING:
		clear_bar(r);
		if (r->refusal_told) {
			/* Said above, as FILE:LINE. */
			r->refusal_told = false;
			fprintf(stderr, "layerlab: print: pausing: a line of "
			    "the file was refused (above)\n");
		} else
			fprintf(stderr, "layerlab: print: pausing: %s\n",
			    reason != NULL ? reason : "paused");
		break;
	case JOB_PAUSED:
		ask(r);
		break;
	case JOB_RESUMING:
		r->asking = false;
		clear_bar(r);
		fprintf(stderr, "resuming: heating and returning to the "
		    "print\n");
		break;
	case JOB_CANCELLING:
		r->asking = false;
		clear_bar(r);
		fprintf(stderr, "cancelling: heaters off, parking, motors "
		    "off\n");
		break;
	case JOB_DONE:
	case JOB_CANCELLED:
	case JOB_FAILED:
		loop_stop(r->loop);
		break;
	default:
		break;
	}
}

/*
 * What the printer or the guard said about a line of the file, as every
 * problem with a file is told: FILE:LINE: the command, what happened,
 * what was expected and what happens now.
 */
static void
on_complaint(long lineno, const char *cmd, const char *message, void *data)
{
	struct print_run *r = data;
	char *said = text_visible(message);

	clear_bar(r);
	fprintf(stderr, "%s:%ld: %s: the printer did not run it (%s); "
	    "expected a command this printer runs; the print goes on\n",
	    job_path(r->job), lineno, cmd, said);
	free(said);
}

static void
on_line_refused(long lineno, const char *cmd, const char *reason, void *data)
{
	struct print_run *r = data;

	clear_bar(r);
	r->refusal_told = true;
	fprintf(stderr, "%s:%ld: %s: refused, %s; the print pauses\n",
	    job_path(r->job), lineno, cmd, reason);
}

static void
on_job_notice(const char *text, void *data)
{
	struct print_run *r = data;

	char *shown = text_visible(text);

	clear_bar(r);
	fprintf(stderr, "layerlab: print: %s\n", shown);
	free(shown);
}

static void
on_temps(const struct host_status *st, void *data)
{
	struct print_run *r = data;

	r->st = *st;
}

static void
on_refused(const char *cmd, enum host_source source, const char *reason,
    void *data)
{
	struct print_run *r = data;

	(void)cmd;
	(void)reason;
	if (source == HOST_SRC_JOB)
		r->refused = true;
}

static void
on_host_notice(const char *text, void *data)
{
	struct print_run *r = data;

	char *shown = text_visible(text);

	clear_bar(r);
	fprintf(stderr, "layerlab: printer: %s\n", shown);
	free(shown);
}

/* True while the file is still being checked: nothing was sent yet. */
static bool
checking(const struct print_run *r)
{
	return r->job == NULL || job_state(r->job) == JOB_SCANNING;
}

static void
on_sigint(int signo, void *data)
{
	struct print_run *r = data;
	enum job_state s;

	(void)signo;
	if (checking(r)) {
		r->stop_checking = true;
		return;
	}
	s = job_state(r->job);
	r->interrupts++;
	if (s == JOB_RUNNING || s == JOB_RESUMING)
		job_pause(r->job, "paused from the keyboard (Ctrl-C)");
	else if (s == JOB_PAUSED || s == JOB_PAUSING) {
		/* A second Ctrl-C: the user wants out; leave it safe. */
		job_cancel(r->job);
	} else if (s == JOB_READY) {
		r->stop_checking = true;
		loop_stop(r->loop);
	}
}

/* SIGTERM, SIGHUP: nobody is left to ask, so leave the printer safe. */
static void
on_sigterm(int signo, void *data)
{
	struct print_run *r = data;

	if (checking(r)) {
		r->stop_checking = true;
		return;
	}
	if (job_finished(r->job) || job_state(r->job) == JOB_READY ||
	    job_state(r->job) == JOB_CANCELLING) {
		r->stop_checking = true;
		loop_stop(r->loop);
		return;
	}
	clear_bar(r);
	fprintf(stderr, "layerlab: print: %s: cancelling the print safely\n",
	    strsignal(signo));
	job_cancel(r->job);
}

static void
handle_input_line(struct print_run *r, const char *line)
{
	char word[32];

	if (sscanf(line, "%31s", word) != 1)
		return;
	if (r->resume_asking) {
		r->resume_asking = false;
		r->resume_answered = strcmp(word, "yes") == 0;
		if (!r->resume_answered)
			r->stop_checking = true;
		return;
	}
	if (strcmp(word, "r") == 0 || strcmp(word, "resume") == 0) {
		if (job_resume(r->job) == -1)
			fprintf(stderr, "layerlab: print: nothing to resume "
			    "(the print is %s)\n",
			    job_state_name(job_state(r->job)));
	} else if (strcmp(word, "c") == 0 || strcmp(word, "cancel") == 0)
		job_cancel(r->job);
	else if (strcmp(word, "p") == 0 || strcmp(word, "pause") == 0)
		job_pause(r->job, "paused by the user");
	else
		fprintf(stderr, "layerlab: print: '%s': type r (resume), "
		    "c (cancel) or p (pause)\n", word);
}

static void
on_input(int fd, short revents, void *data)
{
	struct print_run *r = data;
	char tmp[256], *nl;
	ssize_t n;

	(void)revents;
	n = read(fd, tmp, sizeof tmp);
	if (n <= 0) {
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			return;
		/* End of input: keep printing, stop listening; a pause
		 * from now on cannot be answered. */
		loop_fd_remove(r->input);
		r->input = NULL;
		r->stdin_ended = true;
		if (job_state(r->job) == JOB_PAUSED)
			ask(r);
		return;
	}
	buf_append(&r->inbuf, tmp, (size_t)n);
	while ((nl = memchr(r->inbuf.data, '\n', r->inbuf.len)) != NULL) {
		*nl = '\0';
		handle_input_line(r, r->inbuf.data);
		buf_consume(&r->inbuf, (size_t)(nl - r->inbuf.data) + 1);
	}
	if (r->inbuf.len > 1024)
		buf_reset(&r->inbuf);
}

static void
summary(struct print_run *r)
{
	const struct gcode_progress *p = job_progress(r->job);
	char elapsed[32];
	struct host_status st;
	double secs;

	host_status(r->host, &st);
	format_duration(elapsed, sizeof elapsed,
	    gcode_progress_elapsed(p, clock_ms()));
	clear_bar(r);
	switch (job_state(r->job)) {
	case JOB_DONE:
		secs = gcode_progress_elapsed(p, clock_ms());
		printf("done: %s: %ld commands, %ld lines", job_path(r->job),
		    p->total_commands, p->total_lines);
		if (p->total_layers > 0)
			printf(", %d layers", p->total_layers);
		printf("; streamed in %.3f s (%s, %.0f lines/s; %lu resends, "
		    "%lu printer complaints", secs, elapsed, secs > 0 ?
		    (double)p->total_commands / secs : 0.0, st.resends,
		    job_complaints(r->job));
		if (st.window > 0)
			printf("; send window %zu bytes", st.window);
		/* A stall a trainer notices has its reason here: answers
		 * lost, each waited for the profile's ok_timeout. */
		if (st.silences > 0)
			printf("; asked after %.1f s of silence: %lu",
			    st.ok_timeout_ms / 1000.0, st.silences);
		printf(")\n");
		break;
	case JOB_CANCELLED:
		printf("cancelled at line %ld of %ld (%.1f%%)\n",
		    job_last_confirmed(r->job), p->total_lines,
		    gcode_progress_commands(p) * 100);
		cli_error("print", "%s: cancelled; the printer's heaters are "
		    "off", job_path(r->job));
		break;
	default:
		cli_error("print", "%s: %s", job_path(r->job),
		    job_reason(r->job) != NULL ? job_reason(r->job) :
		    "stopped");
		fprintf(stderr, "layerlab: print: last line the printer "
		    "confirmed: %ld", job_last_confirmed(r->job));
		if (job_last_sent_line(r->job) > job_last_confirmed(r->job))
			fprintf(stderr, "; lines %ld to %ld were sent without a "
			    "confirmation, so the printer may have run some of "
			    "them: look at the part before starting again from "
			    "the first line it did not run\n",
			    job_resume_line(r->job), job_last_sent_line(r->job));
		else
			fprintf(stderr, " (to go on from there once the "
			    "printer is back: --resume-from %ld)\n",
			    job_resume_line(r->job));
		break;
	}
	fflush(stdout);
}

/* The whole-file check, run by the loop before the port is even opened. */
struct print_check {
	bool over, ok;
	char *report;
};

static void
on_checked(bool ok, const char *report, void *data)
{
	struct print_check *pc = data;

	pc->over = true;
	pc->ok = ok;
	pc->report = xstrdup(report);
}

static int
check_file(struct print_run *r, const char *file,
    const struct host_profile *profile)
{
	struct print_check pc = { 0 };
	struct host_precheck *check;
	char *cause = NULL;

	check = host_precheck_start(r->loop, file, profile, on_checked, &pc,
	    &cause);
	if (check == NULL) {
		cli_error("print", "%s", cause);
		free(cause);
		return -1;
	}
	while (!pc.over && !r->stop_checking)
		loop_run_once(r->loop, -1);
	host_precheck_free(check);
	if (r->stop_checking) {
		free(pc.report);
		return -1;
	}
	if (!pc.ok) {
		fputs(pc.report, stderr);
		if (strchr(pc.report, '\n') != NULL)
			cli_error("print", "%s: refused: it would not print on "
			    "%s (see above); nothing was sent", file,
			    profile->name);
		else
			cli_error("print", "%s", pc.report);
	}
	free(pc.report);
	return pc.ok ? 0 : -1;
}

static void
on_resume_planned(const struct gcode_resume_state *st,
    const struct gcode_resume_step *plan, int n, const char *error,
    void *data)
{
	struct print_run *r = data;

	r->resume_planned = true;
	if (n == 0) {
		r->resume_error = xstrdup(error != NULL ? error :
		    "the print cannot go on there");
		return;
	}
	fprintf(stderr, "Going on from line %ld. With the nozzle where it "
	    "stopped, the printer heats, takes %.2f mm (the last printed "
	    "layer) as Z and then returns to the print:\n", st->lineno,
	    st->layer_z);
	for (int i = 0; i < n; i++)
		fprintf(stderr, "  %-30s %s\n", plan[i].cmd, plan[i].why);
}

static void
on_resume_prepared(bool ok, const char *why, void *data)
{
	struct print_run *r = data;

	r->resume_over = true;
	r->resume_ok = ok;
	if (!ok)
		r->resume_error = xstrdup(why != NULL ? why : "failed");
	else if (why != NULL)
		cli_error("print", "the print goes on without this step, "
		    "which the printer refused: %s", why);
}

/*
 * --resume-from: reads the file up to the line (in slices), shows the plan,
 * has the user confirm the nozzle stands above the part, and makes the
 * printer ready; everything through the guard (host/resume_prep.c).
 */
static int
prepare_resume(struct print_run *r, const char *file, long line,
    bool confirmed)
{
	struct host_resume_events ev;
	char *cause = NULL;

	memset(&ev, 0, sizeof ev);
	ev.planned = on_resume_planned;
	ev.prepared = on_resume_prepared;
	ev.data = r;
	if ((r->resume = host_resume_new(r->host, file, line, &ev,
	    &cause)) == NULL) {
		cli_error("print", "%s", cause);
		free(cause);
		return -1;
	}
	while (!r->resume_planned && !r->stop_checking)
		loop_run_once(r->loop, -1);
	if (r->resume_error != NULL) {
		cli_error("print", "%s: %s", file, r->resume_error);
		return -1;
	}
	if (!confirmed && !r->stop_checking) {
		if (!r->stdin_tty) {
			cli_error("print", "%s: going on from line %ld needs "
			    "someone to confirm the nozzle stands above the "
			    "part: run it at a terminal, or add "
			    "--nozzle-above-part after looking", file, line);
			return -1;
		}
		fprintf(stderr, "Is the part still firm on the bed, and does "
		    "the nozzle stand right above it where the print stopped? "
		    "Do not move Z by hand. Type 'yes' and Enter to go on.\n");
		r->resume_asking = true;
		while (r->resume_asking && !r->stop_checking &&
		    !r->stdin_ended)
			loop_run_once(r->loop, -1);
		if (!r->resume_answered) {
			cli_error("print", "%s: not confirmed; nothing was "
			    "sent", file);
			return -1;
		}
	}
	if (r->stop_checking)
		return -1;
	if (host_resume_go(r->resume, &cause) != 0) {
		cli_error("print", "%s: the printer cannot be made ready: %s; "
		    "its heaters are off", file, cause);
		free(cause);
		return -1;
	}
	while (!r->resume_over && !r->stop_checking)
		loop_run_once(r->loop, -1);
	if (!r->resume_ok) {
		cli_error("print", "%s: the printer cannot be made ready: %s; "
		    "its heaters are off", file, r->resume_error != NULL ?
		    r->resume_error : "stopped");
		return -1;
	}
	return 0;
}

static int
run(int argc, char **argv, struct cli_config *cfg)
{
	static const struct option opts[] = {
		CLI_PRINTER_OPTIONS,
		{ "ping-pong", no_argument, NULL, '1' },
		{ "windowed", no_argument, NULL, 'w' },
		{ "interval", required_argument, NULL, 'i' },
		{ "resume-from", required_argument, NULL, 'R' },
		{ "nozzle-above-part", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_printer po;
	const char *file;
	int opt, rc = EXIT_FAIL;
	double interval = 5, from = 0;
	bool above_part = false;
	struct print_run r;
	struct host_listener l;
	struct job_events ev;
	char *cause = NULL;

	memset(&r, 0, sizeof r);
	buf_init(&r.inbuf);
	cli_printer_init(&po, cfg);
	while ((opt = cli_getopt(argc, argv, opts)) != -1) {
		switch (cli_printer_option(&cmd_print, &po, opt, optarg)) {
		case 1: continue;
		case -1: return EXIT_USAGE;
		}
		switch (opt) {
		case '1': po.send_mode = HOST_SEND_PINGPONG; break;
		case 'w': po.send_mode = HOST_SEND_WINDOWED; break;
		case 'i':
			if (!number_parse(optarg, 0.1, 3600, &interval))
				return cli_usage_error(&cmd_print, "--interval: "
				    "'%s' is not a number of seconds (0.1 to "
				    "3600)", optarg);
			break;
		case 'R':
			if (!number_parse(optarg, 1, 1e12, &from) ||
			    from != (long)from)
				return cli_usage_error(&cmd_print, "--resume-from: "
				    "'%s' is not a line number", optarg);
			break;
		case 'N':
			above_part = true;
			break;
		case 'h':
			printf("usage: %s\n\n%s", cmd_print.usage, print_help);
			return EXIT_OK;
		default:
			return cli_bad_option(&cmd_print, argv);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_print, optind >= argc ?
		    "which file? (give one G-code file)" :
		    "one file at a time");
	file = argv[optind];

	if ((r.link = cli_link_new(cfg, &po, &cause)) == NULL) {
		cli_error("print", "%s", cause);
		free(cause);
		return EXIT_FAIL;
	}
	r.loop = cli_link_loop(r.link);
	r.host = cli_link_host(r.link);
	r.tty = isatty(STDOUT_FILENO);
	r.stdin_tty = isatty(STDIN_FILENO);
	r.interval_ms = (unsigned)(interval * 1000);

	memset(&ev, 0, sizeof ev);
	ev.state_changed = on_state;
	ev.notice = on_job_notice;
	ev.complaint = on_complaint;
	ev.refused = on_line_refused;
	ev.data = &r;
	/*
	 * The whole file is checked before the printer hears anything, in
	 * slices from the loop (a file of hundreds of megabytes takes
	 * seconds): Ctrl-C and signals are served meanwhile.
	 */
	loop_signal(r.loop, SIGINT, on_sigint, &r);
	loop_signal(r.loop, SIGTERM, on_sigterm, &r);
	loop_signal(r.loop, SIGHUP, on_sigterm, &r);
	if (check_file(&r, file, host_profile(r.host)) != 0)
		goto stopped;
	r.job = job_new_sliced(r.host, file, &ev, &cause);
	if (r.job == NULL) {
		cli_error("print", "%s", cause);
		goto out;
	}
	while (job_state(r.job) == JOB_SCANNING && !r.stop_checking)
		loop_run_once(r.loop, -1);
	if (job_state(r.job) == JOB_FAILED) {
		cli_error("print", "%s", job_reason(r.job));
		goto out;
	}
stopped:
	if (r.stop_checking) {
		cli_error("print", "%s: stopped while checking the file; "
		    "nothing was sent", file);
		goto out;
	}
	if (r.job == NULL)
		goto out;
	/* A print that lost its printer ends; resuming is the user's call. */
	host_set_reconnect(r.host, false);
	if (cli_link_connect(r.link, &cause) != 0) {
		cli_error("print", "%s", cause);
		goto out;
	}

	memset(&l, 0, sizeof l);
	l.temps = on_temps;
	l.notice = on_host_notice;
	l.refused = on_refused;
	l.data = &r;
	host_listen(r.host, &l);
	r.input = loop_fd_add(r.loop, STDIN_FILENO, POLLIN, on_input, &r);
	r.timer = loop_timer_add(r.loop, clock_ms() + (r.tty ? 250 :
	    r.interval_ms), progress_timer, &r);

	if (from > 0) {
		if (prepare_resume(&r, file, (long)from, above_part) != 0)
			goto out;
		if (job_start_at(r.job, (long)from, &cause) != 0) {
			cli_error("print", "%s", cause);
			goto out;
		}
	} else if (job_start(r.job, &cause) != 0) {
		cli_error("print", "%s", cause);
		goto out;
	}
	loop_run(r.loop);
	summary(&r);
	rc = job_state(r.job) == JOB_DONE ? EXIT_OK : EXIT_FAIL;

out:
	free(cause);
	host_resume_free(r.resume);
	free(r.resume_error);
	if (r.job != NULL)
		job_free(r.job);
	if (r.host != NULL)
		host_close(r.host);
	cli_link_free(r.link);
	buf_free(&r.inbuf);
	return rc;
}

const struct cli_command cmd_print = {
	.name = "print",
	.summary = "stream a G-code file to a printer, with progress",
	.usage = "layerlab print " CLI_PRINTER_USAGE " [--ping-pong|--windowed] "
	    "[--interval SEC] [--resume-from LINE [--nozzle-above-part]] FILE",
	.help = print_help,
	.run = run,
};
