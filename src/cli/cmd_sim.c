/*
 * layerlab sim: the virtual printer on a pseudo-terminal, for tests, demos
 * and troubleshooting practice with any host program.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "loop.h"
#include "sim.h"
#include "virtual.h"

static const char sim_help[] =
"Starts a virtual printer on a serial port that behaves like Marlin 2.1\n"
"(or, with --firmware, Prusa-Firmware, Klipper, RepRapFirmware or\n"
"Repetier, each as its own source reads and answers lines): boot banner,\n"
"M115 capabilities, line numbers and checksums with Resend, ok and busy\n"
"replies, a small receive buffer that loses bytes when a host sends too\n"
"much, heaters that take real time to heat, a motion planner, filament\n"
"change with host prompts (Prusa-Firmware: on its display), and faults on\n"
"demand.\n"
"\n"
"The first line on standard output is the device to open (the --link path\n"
"when given). The printer serves until interrupted (Ctrl-C or SIGTERM).\n"
"\n"
"Options:\n"
"  --firmware NAME        marlin2 (default), prusa, klipper, rrf, repetier\n"
"  --reset-on-open        reset when a host opens the port, as boards with\n"
"                         DTR wired to reset do: input is lost while the\n"
"                         bootloader runs, then the boot banner\n"
"  --link PATH            also publish the port as this symbolic link\n"
"  --sim-speed X          time runs X times faster (0: moves and heating\n"
"                         finish at once; default: the configuration's\n"
"                         sim_speed, else 1)\n"
"  --baud N               limit both directions to N/10 bytes per second\n"
"  --rx-buffer BYTES      receive buffer; bytes beyond it are lost (128)\n"
"  --bufsize N            command queue entries, BUFSIZE (4; rrf, repetier 1)\n"
"  --planner N            planner blocks, BLOCK_BUFFER_SIZE (16)\n"
"  --advanced-ok          reply 'ok N<line> P<planner free> B<queue free>'\n"
"  --no-ok-after-resend   no ok after Resend: (Marlin 2.0.1 to 2.0.9)\n"
"  --auto-report-position a Marlin built with AUTO_REPORT_POSITION:\n"
"                         Cap:AUTOREPORT_POS:1, M154 S<seconds> reports the\n"
"                         position as M114 does\n"
"  --error-rate P         corrupt each received line with probability P\n"
"  --seed N               seed for the noise (default 1)\n"
"  --drop-ok N            never send the Nth ok\n"
"  --drop-line N          lose the Nth line received, every byte of it\n"
"  --disconnect-after N   drop the connection after N commands (the Nth\n"
"                         runs, its ok is never sent)\n"
"  --reconnect-after MS   after a disconnect, come back on a new pty after\n"
"                         MS milliseconds and re-point --link to it\n"
"  --knob-after MS        a user presses the printer's knob MS milliseconds\n"
"                         after it began to wait for a press (M0, M600;\n"
"                         Prusa-Firmware asks all its questions on its\n"
"                         display); above 2000, the printer says that it\n"
"                         waits before each press\n"
"  --fault NAME[:C][@N]   inject a fault after N commands (default 0: at\n"
"                         once); repeatable; temp-swing and draft take\n"
"                         how many °C (temp-swing:6)\n"
"  --log FILE             append every command the printer ran, one per\n"
"                         line, without line number and checksum\n"
"\n"
"Faults (also at run time with the G-code 'M9000 F<name>', a test hook that\n"
"real firmware does not have): noise, drop-ok, disconnect, thermal-runaway,\n"
"heater-failure, maxtemp, mintemp (prefix bed- for the bed), runout.\n"
"\n"
"Examples:\n"
"  layerlab sim\n"
"  layerlab sim --sim-speed 0 --link /tmp/printer --log /tmp/printer.log\n"
"  layerlab sim --baud 115200 --error-rate 0.02 --seed 7\n"
"  layerlab sim --link /tmp/printer --disconnect-after 500 --reconnect-after 2000\n"
"  layerlab sim --fault thermal-runaway@20\n"
"  layerlab sim --firmware prusa --reset-on-open --rx-buffer 64\n";

static void
sim_cmd_signal(int signo, void *data)
{
	(void)signo;
	loop_stop(data);
}

static int
sim_cmd_number(const char *opt, const char *arg, double min, double max,
    double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (*arg == '\0' || *end != '\0' || errno != 0 || isnan(v) ||
	    v < min || v > max)
		return cli_usage_error(&cmd_sim, "%s: '%s' is not a number from "
		    "%g to %g", opt, arg, min, max);
	*out = v;
	return 0;
}

static int
sim_cmd_fault(struct sim_options *o, const char *arg)
{
	char name[64], *colon;
	const char *at = strchr(arg, '@');
	size_t len = at != NULL ? (size_t)(at - arg) : strlen(arg);
	double after = 0, amount = 0;
	int heater;

	if (o->nstart_faults >= SIM_MAX_START_FAULTS)
		return cli_usage_error(&cmd_sim, "--fault: at most %d faults",
		    SIM_MAX_START_FAULTS);
	if (len >= sizeof name)
		len = sizeof name - 1;
	memcpy(name, arg, len);
	name[len] = '\0';
	/* A swing or a draft may say how many °C: temp-swing:6. */
	if ((colon = strchr(name, ':')) != NULL) {
		*colon = '\0';
		if (sim_cmd_number("--fault", colon + 1, 0.1, 20, &amount) != 0)
			return EXIT_USAGE;
	}
	if (sim_fault_parse(name, &o->start_faults[o->nstart_faults].fault,
	    &heater) != 0)
		return cli_usage_error(&cmd_sim, "--fault: unknown fault '%s' "
		    "(known: noise, drop-ok, disconnect, [bed-]thermal-runaway, "
		    "[bed-]heater-failure, [bed-]maxtemp, [bed-]mintemp, runout, "
		    "[bed-]temp-swing[:C], [bed-]draft[:C])", name);
	if (colon != NULL && o->start_faults[o->nstart_faults].fault !=
	    SIM_FAULT_TEMP_SWING && o->start_faults[o->nstart_faults].fault !=
	    SIM_FAULT_DRAFT)
		return cli_usage_error(&cmd_sim, "--fault: '%s': only "
		    "temp-swing and draft take an amount (°C)", arg);
	if (at != NULL && sim_cmd_number("--fault", at + 1, 0, 1e12,
	    &after) != 0)
		return EXIT_USAGE;
	o->start_faults[o->nstart_faults].heater = heater;
	o->start_faults[o->nstart_faults].after = (unsigned long)after;
	o->start_faults[o->nstart_faults].amount = amount;
	o->nstart_faults++;
	return 0;
}

static int
run(int argc, char **argv, struct cli_config *cfg)
{
	enum { O_LINK = 256, O_BAUD, O_RX, O_BUFSIZE, O_PLANNER,
	    O_AOK, O_OKRESEND, O_ERR, O_SEED, O_DROP, O_DISC, O_RECONN,
	    O_FAULT, O_LOG, O_SIM_SPEED, O_FIRMWARE, O_RESET, O_DROPLINE, O_AUTOPOS,
	    O_KNOB };
	static const struct option opts[] = {
		{ "link", required_argument, NULL, O_LINK },
		{ "sim-speed", required_argument, NULL, O_SIM_SPEED },
		{ "baud", required_argument, NULL, O_BAUD },
		{ "rx-buffer", required_argument, NULL, O_RX },
		{ "bufsize", required_argument, NULL, O_BUFSIZE },
		{ "planner", required_argument, NULL, O_PLANNER },
		{ "advanced-ok", no_argument, NULL, O_AOK },
		{ "no-ok-after-resend", no_argument, NULL, O_OKRESEND },
		{ "error-rate", required_argument, NULL, O_ERR },
		{ "seed", required_argument, NULL, O_SEED },
		{ "drop-ok", required_argument, NULL, O_DROP },
		{ "disconnect-after", required_argument, NULL, O_DISC },
		{ "reconnect-after", required_argument, NULL, O_RECONN },
		{ "fault", required_argument, NULL, O_FAULT },
		{ "log", required_argument, NULL, O_LOG },
		{ "firmware", required_argument, NULL, O_FIRMWARE },
		{ "reset-on-open", no_argument, NULL, O_RESET },
		{ "drop-line", required_argument, NULL, O_DROPLINE },
		{ "auto-report-position", no_argument, NULL, O_AUTOPOS },
		{ "knob-after", required_argument, NULL, O_KNOB },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sim_options o;
	struct loop *loop;
	struct sim *sim;
	char *path = NULL, *cause = NULL;
	double v = 0;
	int opt;

	sim_options_default(&o);
	o.speed = cfg->sim_speed;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case O_LINK: o.link_path = optarg; break;
		case O_LOG: o.log_path = optarg; break;
		case O_AOK: o.advanced_ok = true; break;
		case O_AUTOPOS: o.auto_report_position = true; break;
		case O_OKRESEND: o.ok_after_resend = false; break;
		case O_FIRMWARE:
			if (sim_firmware_parse(optarg, &o.firmware) != 0)
				return cli_usage_error(&cmd_sim, "--firmware: "
				    "unknown firmware '%s' (known: marlin2, prusa, "
				    "klipper, rrf, repetier)", optarg);
			break;
		case O_RESET: o.reset_on_open = true; break;
		case O_SIM_SPEED:
			if (sim_cmd_number("--sim-speed", optarg, 0, 1e6,
			    &v) != 0)
				return EXIT_USAGE;
			o.speed = v;
			break;
		case O_BAUD:
			if (sim_cmd_number("--baud", optarg, 300, 1e8, &v) != 0)
				return EXIT_USAGE;
			o.baud = (unsigned)v;
			break;
		case O_RX:
			if (sim_cmd_number("--rx-buffer", optarg, 16, 65536,
			    &v) != 0)
				return EXIT_USAGE;
			o.rx_buffer = (unsigned)v;
			break;
		case O_BUFSIZE:
			if (sim_cmd_number("--bufsize", optarg, 1, 256, &v) != 0)
				return EXIT_USAGE;
			o.bufsize = (unsigned)v;
			break;
		case O_PLANNER:
			if (sim_cmd_number("--planner", optarg, 2, 1024, &v) != 0)
				return EXIT_USAGE;
			o.block_buffer = (unsigned)v;
			break;
		case O_ERR:
			if (sim_cmd_number("--error-rate", optarg, 0, 1, &v) != 0)
				return EXIT_USAGE;
			o.error_rate = v;
			break;
		case O_SEED:
			if (sim_cmd_number("--seed", optarg, 0, 1e15, &v) != 0)
				return EXIT_USAGE;
			o.seed = (uint64_t)v;
			break;
		case O_DROP:
			if (sim_cmd_number("--drop-ok", optarg, 1, 1e12, &v) != 0)
				return EXIT_USAGE;
			o.drop_ok = (unsigned long)v;
			break;
		case O_DROPLINE:
			if (sim_cmd_number("--drop-line", optarg, 1, 1e12, &v) != 0)
				return EXIT_USAGE;
			o.drop_line = (unsigned long)v;
			break;
		case O_DISC:
			if (sim_cmd_number("--disconnect-after", optarg, 1, 1e12,
			    &v) != 0)
				return EXIT_USAGE;
			o.disconnect_after = (unsigned long)v;
			break;
		case O_RECONN:
			if (sim_cmd_number("--reconnect-after", optarg, 1, 3.6e6,
			    &v) != 0)
				return EXIT_USAGE;
			o.reconnect_after_ms = (unsigned)v;
			break;
		case O_KNOB:
			if (sim_cmd_number("--knob-after", optarg, 1, 3.6e6,
			    &v) != 0)
				return EXIT_USAGE;
			o.knob_after_ms = (unsigned)v;
			break;
		case O_FAULT:
			if (sim_cmd_fault(&o, optarg) != 0)
				return EXIT_USAGE;
			break;
		case 'h':
			printf("usage: %s\n\n%s", cmd_sim.usage, sim_help);
			return EXIT_OK;
		default:
			return cli_bad_option(&cmd_sim, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_sim, "unexpected argument '%s'",
		    argv[optind]);
	if (o.reconnect_after_ms > 0 && o.link_path == NULL)
		return cli_usage_error(&cmd_sim, "--reconnect-after needs "
		    "--link: the new pty gets a new name, the link stays");

	loop = loop_new();
	if ((sim = cli_virtual_start(loop, &o, &path, &cause)) == NULL) {
		cli_error("sim", "%s", cause);
		free(cause);
		loop_free(loop);
		return EXIT_FAIL;
	}
	printf("%s\n", path);
	fflush(stdout);
	free(path);
	signal(SIGPIPE, SIG_IGN);
	loop_signal(loop, SIGINT, sim_cmd_signal, loop);
	loop_signal(loop, SIGTERM, sim_cmd_signal, loop);
	loop_run(loop);
	cli_virtual_stop(sim);
	loop_free(loop);
	return EXIT_OK;
}

const struct cli_command cmd_sim = {
	.name = "sim",
	.summary = "run the virtual printer (Marlin 2.1) on a pseudo-terminal",
	.usage = "layerlab sim [--link PATH] [--sim-speed X] [--baud N] "
	    "[--log FILE] [OPTIONS]",
	.help = sim_help,
	.run = run,
};
