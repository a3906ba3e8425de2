/*
 * layerlab send: a few G-code commands to a printer, its replies on stdout.
 * Also home of the small printer-link helper that send and console share
 * (cli_link_*): choosing the profile, starting the in-process virtual
 * printer for "--port virtual", and waiting for the handshake.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "host.h"
#include "loop.h"
#include "sim.h"
#include "virtual.h"
#include "../lesson/profile.h"

/* A backstop: the link itself reports a silent printer after ~35 s. */
#define CLI_LINK_READY_MS 45000

struct cli_link {
	struct loop *loop;
	struct host_profile profile;
	bool profile_loaded;
	struct host *host;
	struct sim *sim;
	char *path;
	int baud;
	bool waiting;
};

/*
 * No profile named: a USB port whose ids match one in printers/ gets that
 * one (the best match first), anything else the cautious generic profile.
 */
static char *
cli_link_guess_profile(const struct cli_config *cfg, const char *port)
{
	struct host_port_info *ports;
	struct lesson_profile_match *m = NULL;
	char real[PATH_MAX], *id = NULL;
	size_t n = 0;
	int nm;

	if (strcmp(port, "virtual") == 0)
		return xstrdup("virtual");
	if (realpath(port, real) != NULL &&
	    (ports = host_ports_list(&n, NULL)) != NULL) {
		for (size_t i = 0; i < n && id == NULL; i++) {
			if (!ports[i].usb || strcmp(ports[i].path, real) != 0)
				continue;
			nm = lesson_profile_match_usb(cfg->printers_dir,
			    ports[i].vid, ports[i].pid, &m, NULL);
			if (nm > 0)
				id = xstrdup(m[0].id);
			if (nm > 0)
				lesson_profile_matches_free(m, nm);
		}
		host_ports_free(ports, n);
	}
	return id != NULL ? id : xstrdup("generic-marlin");
}

struct cli_link *
cli_link_open(const struct cli_config *cfg, const char *port, int baud,
    const char *profile_id, char **cause)
{
	struct cli_link *l = xcalloc(1, sizeof *l);
	struct sim_options o;
	char *id;

	if (port == NULL || *port == '\0') {
		set_cause(cause, "which printer? (give --port PATH, or --port "
		    "virtual)");
		free(l);
		return NULL;
	}
	if (profile_id == NULL)
		profile_id = cfg->profile;
	id = profile_id != NULL ? xstrdup(profile_id) :
	    cli_link_guess_profile(cfg, port);
	if (lesson_profile_load(cfg->printers_dir, id, &l->profile,
	    cause) != 0) {
		free(id);
		free(l);
		return NULL;
	}
	free(id);
	l->profile_loaded = true;
	l->loop = loop_new();
	l->host = host_new(l->loop, &l->profile);
	if (strcmp(port, "virtual") == 0) {
		sim_options_default(&o);
		o.speed = cfg->sim_speed;
		/* Unplugged (a fault lesson), it comes back like a real one. */
		o.reconnect_after_ms = 3000;
		if ((l->sim = cli_virtual_start(l->loop, &o, &l->path,
		    cause)) == NULL) {
			cli_link_free(l);
			return NULL;
		}
	} else
		l->path = xstrdup(port);
	l->baud = baud;
	if (host_open(l->host, l->path, baud, cause) != 0) {
		cli_link_free(l);
		return NULL;
	}
	return l;
}

static void
cli_link_state(const struct host_status *st, void *data)
{
	struct cli_link *l = data;

	if (l->waiting && st->link != HOST_LINK_CONNECTING)
		loop_stop(l->loop);
}

static uint64_t
cli_link_timeout(uint64_t now, void *data)
{
	struct cli_link *l = data;

	(void)now;
	loop_stop(l->loop);
	return 0;
}

int
cli_link_wait_ready(struct cli_link *l, char **cause)
{
	struct host_listener hl;
	struct loop_timer *t;
	struct host_status st;
	int id;

	memset(&hl, 0, sizeof hl);
	hl.state_changed = cli_link_state;
	hl.data = l;
	id = host_listen(l->host, &hl);
	t = loop_timer_add(l->loop, clock_ms() + CLI_LINK_READY_MS,
	    cli_link_timeout, l);
	l->waiting = true;
	host_status(l->host, &st);
	if (st.link == HOST_LINK_CONNECTING)
		loop_run(l->loop);
	l->waiting = false;
	loop_timer_remove(t);
	host_unlisten(l->host, id);
	host_status(l->host, &st);
	switch (st.link) {
	case HOST_LINK_READY:
		return 0;
	case HOST_LINK_CONNECTING:
		set_cause(cause, "%s: the printer did not answer within %d s "
		    "(is it switched on, and is the baud rate %d right? try "
		    "--baud)", l->path, CLI_LINK_READY_MS / 1000, st.baud);
		return -1;
	case HOST_LINK_HALTED:
		set_cause(cause, "%s: the printer has halted: %s", l->path,
		    st.halt_message);
		return -1;
	default:
		set_cause(cause, "%s: %s", l->path, st.last_error[0] != '\0' ?
		    st.last_error : host_link_name(st.link));
		return -1;
	}
}

struct sim *
cli_link_sim(struct cli_link *l)
{
	return l->sim;
}

/*
 * Resets the printer and connects again, for a trainer after a halt: the
 * virtual printer reboots; a real port is re-opened (boards that reset on
 * open reboot then; others need their reset button pressed first).
 */
int
cli_link_reset(struct cli_link *l, char **cause)
{
	host_close(l->host);
	if (l->sim != NULL)
		sim_reset(l->sim, clock_ms());
	return host_open(l->host, l->path, l->baud, cause);
}

struct host *
cli_link_host(struct cli_link *l)
{
	return l->host;
}

struct loop *
cli_link_loop(struct cli_link *l)
{
	return l->loop;
}

void
cli_link_free(struct cli_link *l)
{
	if (l == NULL)
		return;
	if (l->host != NULL)
		host_free(l->host);
	if (l->sim != NULL)
		cli_virtual_stop(l->sim);
	if (l->loop != NULL)
		loop_free(l->loop);
	if (l->profile_loaded)
		host_profile_free(&l->profile);
	free(l->path);
	free(l);
}

/* The send command itself. */

struct send_run {
	struct loop *loop;
	bool done;
	bool failed;
	bool halt_reported;
	bool emergency;		/* M112 was given on purpose */
	const char *cmd;
};

static const char send_help[] =
"Sends each GCODE command to the printer in turn, waiting for the printer\n"
"to acknowledge it, and prints what the printer replied (ending with its\n"
"'ok'). Quote commands with spaces. Line numbers and checksums are added\n"
"by layerlab; every command passes the guard of the printer's profile\n"
"first (temperature caps, axis ranges, homing, cold extrusion).\n"
"\n"
"Stops at the first command the guard refuses or the printer rejects, and\n"
"then exits with status 1; the message names the limit or the printer's\n"
"complaint. M112 is sent at once as an emergency stop. Heaters set with\n"
"M104/M140 stay on after send exits.\n"
"\n"
"Options:\n"
"  --port PATH      the printer's port: /dev/ttyUSB0, /dev/ttyACM0, a\n"
"                   /dev/serial/by-id/ name, a pty, or 'virtual' for a\n"
"                   built-in virtual printer (default: the configuration's)\n"
"  --baud N         line speed, e.g. 115200 or 250000 (default: the\n"
"                   profile's)\n"
"  --profile ID     printer profile from printers/ (default: the\n"
"                   configuration's, else the one matching the USB ids,\n"
"                   else generic-marlin)\n"
"\n"
"Examples:\n"
"  layerlab send --port virtual M115\n"
"  layerlab send --port /dev/ttyUSB0 --profile creality-ender3-v2 G28 M114\n"
"  layerlab send --port /dev/ttyACM0 --baud 250000 'M104 S200' M105\n";

static void
send_print_lines(const struct host_reply *r)
{
	for (size_t i = 0; i < r->nlines; i++)
		printf("%s\n", r->lines[i]);
}

static void
send_done(const struct host_reply *r, void *data)
{
	struct send_run *s = data;

	switch (r->result) {
	case HOST_RESULT_OK:
		send_print_lines(r);
		if (r->ok_text != NULL && *r->ok_text != '\0')
			printf("ok %s\n", r->ok_text);
		else
			printf("ok\n");
		break;
	case HOST_RESULT_ERROR:
		send_print_lines(r);
		fflush(stdout);
		cli_error("send", "%s: the printer reported: %s", r->cmd,
		    r->message != NULL ? r->message : "an error");
		s->failed = true;
		break;
	case HOST_RESULT_HALTED:
		if (!s->halt_reported)
			cli_error("send", "%s: the printer halted: %s", r->cmd,
			    r->message != NULL ? r->message : "halted");
		s->halt_reported = true;
		s->failed = true;
		break;
	case HOST_RESULT_DISCONNECTED:
	case HOST_RESULT_REFUSED:
		cli_error("send", "%s: %s", r->cmd, r->message != NULL ?
		    r->message : host_result_name(r->result));
		s->failed = true;
		break;
	}
	fflush(stdout);
	s->done = true;
	loop_stop(s->loop);
}

static void
send_state(const struct host_status *st, void *data)
{
	struct send_run *s = data;

	if (st->link == HOST_LINK_NOT_RESPONDING && !s->done) {
		cli_error("send", "%s: the printer is not responding (%s)",
		    s->cmd, st->last_error);
		s->failed = true;
		loop_stop(s->loop);
	}
}

static void
send_halted(const char *message, void *data)
{
	struct send_run *s = data;

	if (s->emergency)
		return;		/* asked for: not a failure */
	if (!s->halt_reported)
		cli_error("send", "the printer halted: %s", message);
	s->halt_reported = true;
	s->failed = true;
	loop_stop(s->loop);
}

static void
send_notice(const char *text, void *data)
{
	(void)data;
	cli_error("send", "%s", text);
}

static void
send_sigint(int signo, void *data)
{
	struct send_run *s = data;

	(void)signo;
	cli_error("send", "interrupted");
	s->failed = true;
	loop_stop(s->loop);
}

static bool
send_is_m112(const char *cmd)
{
	while (*cmd == ' ' || *cmd == '\t')
		cmd++;
	return (cmd[0] == 'M' || cmd[0] == 'm') && strncmp(cmd + 1, "112", 3) == 0 &&
	    (cmd[4] == '\0' || cmd[4] == ' ' || cmd[4] == ';');
}

static int
run(int argc, char **argv, struct cli_config *cfg)
{
	static const struct option opts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "baud", required_argument, NULL, 'b' },
		{ "profile", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *port = cfg->port, *profile_id = NULL;
	struct cli_link *link;
	struct host *h;
	struct host_listener hl;
	struct send_run s;
	char *cause = NULL, *end;
	int baud = 0, opt;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'p': port = optarg; break;
		case 'P': profile_id = optarg; break;
		case 'b':
			errno = 0;
			baud = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || baud <= 0 || errno != 0)
				return cli_usage_error(&cmd_send,
				    "--baud: '%s' is not a baud rate", optarg);
			break;
		case 'h':
			printf("usage: %s\n\n%s", cmd_send.usage, send_help);
			return EXIT_OK;
		default:
			return cli_usage_error(&cmd_send, "unknown option");
		}
	}
	if (optind >= argc)
		return cli_usage_error(&cmd_send, "which commands? (give one "
		    "or more G-code commands)");

	if ((link = cli_link_open(cfg, port, baud, profile_id, &cause)) == NULL) {
		cli_error("send", "%s", cause);
		free(cause);
		return EXIT_FAIL;
	}
	h = cli_link_host(link);
	/* A one-shot command does not wait for a replugged printer. */
	host_set_reconnect(h, false);
	memset(&s, 0, sizeof s);
	s.loop = cli_link_loop(link);
	memset(&hl, 0, sizeof hl);
	hl.notice = send_notice;
	hl.data = &s;
	host_listen(h, &hl);
	loop_signal(s.loop, SIGINT, send_sigint, &s);
	loop_signal(s.loop, SIGTERM, send_sigint, &s);
	if (cli_link_wait_ready(link, &cause) != 0) {
		cli_error("send", "%s", cause);
		free(cause);
		cli_link_free(link);
		return EXIT_FAIL;
	}
	hl.notice = NULL;
	hl.state_changed = send_state;
	hl.halted = send_halted;
	host_listen(h, &hl);

	for (int i = optind; i < argc && !s.failed; i++) {
		s.cmd = argv[i];
		s.done = false;
		if (send_is_m112(argv[i])) {
			s.emergency = true;
			host_emergency_stop(h);
			printf("emergency stop sent (M112): reset or power-cycle "
			    "the printer before using it again\n");
			s.halt_reported = true;
			break;
		}
		if (host_send(h, argv[i], HOST_SRC_CONSOLE, send_done, &s,
		    &cause) != 0) {
			cli_error("send", "%s: refused: %s", argv[i], cause);
			s.failed = true;
			break;
		}
		while (!s.done && !s.failed)
			loop_run(s.loop);
	}
	fflush(stdout);
	free(cause);
	cli_link_free(link);
	return s.failed ? EXIT_FAIL : EXIT_OK;
}

const struct cli_command cmd_send = {
	.name = "send",
	.summary = "send G-code commands to a printer and print its replies",
	.usage = "layerlab send --port PATH|virtual [--baud N] [--profile ID] "
	    "GCODE...",
	.help = send_help,
	.run = run,
};
