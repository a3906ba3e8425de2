/*
 * layerlab ports: the serial ports on this machine, with what a trainer
 * needs to pick the right one in a room full of printers: USB ids, maker,
 * serial number, the stable /dev/serial/by-id/ name, and the printer
 * profile whose USB ids match.
 */
#include <getopt.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "host.h"
#include "../lesson/profile.h"

static const char ports_help[] =
"Lists the serial ports found on this machine. For USB devices it shows\n"
"the USB vendor and product ids (VID:PID), the manufacturer, the serial\n"
"number and the /dev/serial/by-id/ name, which stays the same when the\n"
"printer is plugged into another socket: use that name with --port. When\n"
"the USB ids match a profile in printers/, that profile is suggested\n"
"(generic ones last; the ids of common USB-serial chips are shared by many\n"
"printers, so check the suggestion against the machine).\n"
"\n"
"When nothing is found, the usual causes are listed. The virtual printer\n"
"needs no port: use --port virtual.\n"
"\n"
"Options:\n"
"  --all     also list serial ports that are not USB devices (ttyS*)\n"
"\n"
"Examples:\n"
"  layerlab ports\n"
"  layerlab send --port \"$(layerlab ports | awk '/by-id/ {print $2; exit}')\" M115\n";

static bool
ports_in_dialout(void)
{
	struct group *g = getgrnam("dialout");
	gid_t groups[256];
	int n;

	if (geteuid() == 0 || g == NULL)
		return true;
	if (getegid() == g->gr_gid)
		return true;
	n = getgroups((int)LL_ARRAY_LEN(groups), groups);
	for (int i = 0; i < n; i++) {
		if (groups[i] == g->gr_gid)
			return true;
	}
	return false;
}

static void
ports_suggest(const struct cli_config *cfg, const struct host_port_info *p)
{
	struct lesson_profile_match *m = NULL;
	char *cause = NULL;
	int n;

	n = lesson_profile_match_usb(cfg->printers_dir, p->vid, p->pid, &m,
	    &cause);
	if (n < 0) {
		printf("  profile:      (cannot read %s: %s)\n",
		    cfg->printers_dir, cause);
		free(cause);
		return;
	}
	if (n == 0) {
		printf("  profile:      none matches %04x:%04x; try "
		    "--profile generic-marlin\n", p->vid, p->pid);
		return;
	}
	for (int i = 0; i < n; i++) {
		printf("  %-13s %s (%s)%s%s%s%s\n", i == 0 ? "profile:" : "",
		    m[i].id, m[i].name,
		    m[i].exact ? "" : ", same USB vendor only",
		    m[i].fallback ? ", generic" : "",
		    m[i].unverified != NULL ? "; unverified: " : "",
		    m[i].unverified != NULL ? m[i].unverified : "");
	}
	lesson_profile_matches_free(m, n);
}

static void
ports_explain_empty(bool any_hidden)
{
	printf("No serial ports with a printer found.\n");
	if (any_hidden)
		printf("(Built-in serial ports were found: 'layerlab ports "
		    "--all' lists them.)\n");
	printf("\nUsual causes:\n"
	    "  - the printer is switched off, or its USB cable is not plugged "
	    "in at both ends;\n"
	    "  - the cable is a charge-only cable (no data wires): try another;\n"
	    "  - the board is powered only by USB and needs the printer's own "
	    "power switch on;\n");
	if (!ports_in_dialout())
		printf("  - you are not in the 'dialout' group, which may open "
		    "serial ports:\n"
		    "      sudo adduser $USER dialout   (then log out and in "
		    "again)\n");
	printf("  - Klipper printers have no serial G-code port on USB: use "
	    "the pty Klipper makes\n"
	    "    (--port ~/printer_data/comms/klippy.serial).\n"
	    "\nWithout a printer, the virtual printer always works: "
	    "--port virtual\n");
}

static int
run(int argc, char **argv, struct cli_config *cfg)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct host_port_info *ports;
	char *cause = NULL;
	size_t n = 0, shown = 0, hidden = 0;
	bool all = false;
	int opt;

	while ((opt = getopt_long(argc, argv, "ah", opts, NULL)) != -1) {
		switch (opt) {
		case 'a': all = true; break;
		case 'h':
			printf("usage: %s\n\n%s", cmd_ports.usage, ports_help);
			return EXIT_OK;
		default:
			return cli_bad_option(&cmd_ports, argv);
		}
	}
	if (optind != argc)
		return cli_usage_error(&cmd_ports, "unexpected '%s'",
		    argv[optind]);

	if ((ports = host_ports_list(&n, &cause)) == NULL) {
		cli_error("ports", "%s", cause);
		free(cause);
		return EXIT_FAIL;
	}
	for (size_t i = 0; i < n; i++) {
		const struct host_port_info *p = &ports[i];

		if (!p->usb && !all) {
			hidden++;
			continue;
		}
		if (shown++ > 0)
			putchar('\n');
		printf("%s\n", p->path);
		if (p->description != NULL)
			printf("  description:  %s\n", p->description);
		if (!p->usb) {
			printf("  type:         built-in serial port (not USB)\n");
			continue;
		}
		printf("  usb:          %04x:%04x\n", p->vid, p->pid);
		if (p->manufacturer != NULL)
			printf("  manufacturer: %s\n", p->manufacturer);
		if (p->product != NULL)
			printf("  product:      %s\n", p->product);
		if (p->serial != NULL)
			printf("  serial:       %s\n", p->serial);
		printf("  by-id:        %s\n", p->by_id != NULL ? p->by_id :
		    "(none: udev made no /dev/serial/by-id/ link)");
		ports_suggest(cfg, p);
	}
	if (shown == 0)
		ports_explain_empty(hidden > 0);
	host_ports_free(ports, n);
	return EXIT_OK;
}

const struct cli_command cmd_ports = {
	.name = "ports",
	.summary = "list serial ports, with USB ids and matching printer profiles",
	.usage = "layerlab ports [--all]",
	.help = ports_help,
	.run = run,
};
