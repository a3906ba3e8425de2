/*
 * The printer options that console, send, print, tui and lesson run share
 * (--port, --profile, --baud, --sim-speed, with the configuration's values
 * as defaults), and the printer link they open from them: the profile (the
 * one named, the configuration's, a USB match, else generic-marlin), an
 * in-process virtual printer for "virtual", a loop and a host.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "host.h"
#include "loop.h"
#include "sim.h"
#include "virtual.h"
#include "../lesson/profile.h"

void
cli_printer_init(struct cli_printer *p, const struct cli_config *cfg)
{
	memset(p, 0, sizeof *p);
	p->port = cfg->port;
	p->profile = cfg->profile;
	p->baud = cfg->baud;
	p->sim_speed = cfg->sim_speed;
	p->send_mode = HOST_SEND_AUTO;
}

int
cli_printer_option(const struct cli_command *cmd, struct cli_printer *p,
    int opt, const char *arg)
{
	char *end;
	long baud;
	double speed;

	switch (opt) {
	case CLI_OPT_PORT:
		if (*arg == '\0') {
			cli_usage_error(cmd, "--port: which printer? (a device "
			    "path, or 'virtual')");
			return -1;
		}
		p->port = arg;
		p->port_given = true;
		return 1;
	case CLI_OPT_PROFILE:
		p->profile = arg;
		return 1;
	case CLI_OPT_BAUD:
		errno = 0;
		baud = strtol(arg, &end, 10);
		if (*arg == '\0' || *end != '\0' || errno != 0 || baud < 300 ||
		    baud > 10000000) {
			cli_usage_error(cmd, "--baud: '%s' is not a baud rate "
			    "(such as 115200 or 250000)", arg);
			return -1;
		}
		p->baud = (int)baud;
		return 1;
	case CLI_OPT_SIM_SPEED:
		errno = 0;
		speed = strtod(arg, &end);
		if (*arg == '\0' || *end != '\0' || errno != 0 ||
		    !isfinite(speed) || speed < 0 || speed > 1e6) {
			cli_usage_error(cmd, "--sim-speed: '%s' is not a time "
			    "scale (a number from 0 to 1000000; 1 is real "
			    "time)", arg);
			return -1;
		}
		p->sim_speed = speed;
		return 1;
	default:
		return 0;
	}
}

/* getopt's value for the command's own switch i. */
#define CLI_OPT_SWITCH 0x2000

int
cli_printer_parse_switches(const struct cli_command *cmd,
    struct cli_printer *p, int argc, char **argv, const char *help,
    const struct cli_switch *switches, size_t nswitches)
{
	static const struct option printer_opts[] = { CLI_PRINTER_OPTIONS };
	size_t nprinter = LL_ARRAY_LEN(printer_opts);
	struct option *opts = xcalloc(nprinter + nswitches + 2, sizeof *opts);
	int opt, rc = -1;

	memcpy(opts, printer_opts, sizeof printer_opts);
	for (size_t i = 0; i < nswitches; i++)
		opts[nprinter + i] = (struct option){ switches[i].name,
		    no_argument, NULL, CLI_OPT_SWITCH + (int)i };
	opts[nprinter + nswitches] = (struct option){ "help", no_argument,
	    NULL, 'h' };
	while (rc == -1 && (opt = cli_getopt(argc, argv, opts)) != -1) {
		switch (cli_printer_option(cmd, p, opt, optarg)) {
		case 1: continue;
		case -1: rc = EXIT_USAGE; continue;
		}
		if (opt >= CLI_OPT_SWITCH &&
		    opt < CLI_OPT_SWITCH + (int)nswitches) {
			*switches[opt - CLI_OPT_SWITCH].on = true;
		} else if (opt == 'h') {
			printf("usage: %s\n\n%s", cmd->usage, help);
			rc = EXIT_OK;
		} else {
			rc = cli_bad_option(cmd, argv);
		}
	}
	free(opts);
	return rc;
}

int
cli_printer_parse(const struct cli_command *cmd, struct cli_printer *p,
    int argc, char **argv, const char *help)
{
	return cli_printer_parse_switches(cmd, p, argc, argv, help, NULL, 0);
}

/* A backstop: the link itself reports a silent printer after ~35 s. */
#define CLI_LINK_READY_MS 45000

struct cli_link {
	struct cli_printer opt;
	struct loop *loop;
	struct host_profile profile;
	bool profile_loaded;
	struct host *host;
	struct sim *sim;
	char *path;
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
cli_link_new(const struct cli_config *cfg, const struct cli_printer *p,
    char **cause)
{
	struct cli_link *l;
	char *id;

	if (p->port == NULL || *p->port == '\0') {
		set_cause(cause, "which printer? (give --port PATH, or --port "
		    "virtual)");
		return NULL;
	}
	l = xcalloc(1, sizeof *l);
	l->opt = *p;
	id = p->profile != NULL ? xstrdup(p->profile) :
	    cli_link_guess_profile(cfg, p->port);
	if (lesson_profile_load(cfg->printers_dir, id, &l->profile,
	    cause) != 0) {
		free(id);
		free(l);
		return NULL;
	}
	free(id);
	l->profile_loaded = true;
	if (p->send_mode != HOST_SEND_AUTO)
		l->profile.send_mode = (enum host_send_mode)p->send_mode;
	l->loop = loop_new();
	l->host = host_new(l->loop, &l->profile);
	return l;
}

int
cli_link_connect(struct cli_link *l, char **cause)
{
	struct sim_options o;

	if (strcmp(l->opt.port, "virtual") == 0) {
		sim_options_default(&o);
		o.speed = l->opt.sim_speed;
		/* Unplugged (a fault lesson), it comes back like a real one. */
		o.reconnect_after_ms = 3000;
		if ((l->sim = cli_virtual_start(l->loop, &o, &l->path,
		    cause)) == NULL)
			return -1;
	} else
		l->path = xstrdup(l->opt.port);
	return host_open(l->host, l->path, l->opt.baud, cause);
}

struct cli_link *
cli_link_open(const struct cli_config *cfg, const struct cli_printer *p,
    char **cause)
{
	struct cli_link *l = cli_link_new(cfg, p, cause);

	if (l != NULL && cli_link_connect(l, cause) != 0) {
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
 * Resets the printer and connects again after a halt. The virtual printer
 * has its reset button pressed: it reboots and says "start" on the open
 * port, as a real board does, and the host's restart handshake brings the
 * link back and tells its listeners (a lesson waiting to go on included),
 * exactly as `lesson run`'s "reset" answer does. A real port is re-opened
 * (boards that reset on open reboot then; others need their reset button
 * pressed first).
 */
int
cli_link_reset(struct cli_link *l, char **cause)
{
	if (l->sim != NULL) {
		sim_reset(l->sim, clock_ms());
		return 0;
	}
	host_close(l->host);
	return host_open(l->host, l->path, l->opt.baud, cause);
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

