/*
 * layerlab send: a few G-code commands to a printer, its replies on stdout.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "host.h"
#include "loop.h"

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
CLI_PRINTER_HELP
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
	struct cli_printer po;
	struct cli_link *link;
	struct host *h;
	struct host_listener hl;
	struct send_run s;
	char *cause = NULL;
	int rc;

	cli_printer_init(&po, cfg);
	if ((rc = cli_printer_parse(&cmd_send, &po, argc, argv,
	    send_help)) >= 0)
		return rc;
	if (optind >= argc)
		return cli_usage_error(&cmd_send, "which commands? (give one "
		    "or more G-code commands)");

	if ((link = cli_link_open(cfg, &po, &cause)) == NULL) {
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
			printf("emergency stop sent (M112): %s\n",
			    host_estop_advice(h));
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
	.usage = "layerlab send " CLI_PRINTER_USAGE " GCODE...",
	.help = send_help,
	.run = run,
};
