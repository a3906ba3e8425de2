#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lint.h"

static int
run(int argc, char **argv, struct cli_config *cfg)
{
	static const struct option opts[] = {
		{ "strict", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct lint_options o;
	struct lint_result r;
	char *cause = NULL;
	int opt;

	memset(&o, 0, sizeof o);
	while ((opt = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			o.strict = true;
			break;
		case 'h':
			printf("usage: %s\n\n%s", cmd_lint.usage, cmd_lint.help);
			return EXIT_OK;
		default:
			return cli_bad_option(&cmd_lint, argv);
		}
	}
	o.printers_dir = cfg->printers_dir;
	o.module_dirs = (const char *const *)cfg->modules_dirs;
	o.nmodule_dirs = cfg->nmodules_dirs;
	o.lang = cfg->lang;
	if (lint_run(&o, (const char *const *)argv + optind, argc - optind,
	    stdout, &r, &cause) != 0) {
		cli_error("lint", "%s", cause);
		free(cause);
		return EXIT_USAGE;
	}
	fflush(stdout);
	if (r.errors > 0 || r.warnings > 0)
		cli_error("lint", "%d error%s and %d warning%s in %d file%s "
		    "checked", r.errors, r.errors == 1 ? "" : "s", r.warnings,
		    r.warnings == 1 ? "" : "s", r.files, r.files == 1 ? "" : "s");
	return r.errors > 0 ? EXIT_FAIL : EXIT_OK;
}

const struct cli_command cmd_lint = {
	.name = "lint",
	.summary = "check modules, lessons, credentials and printer profiles",
	.usage = "layerlab lint [--strict] [PATH...]",
	.help =
	    "Checks lesson content the way a compiler checks code and prints\n"
	    "one line per finding:\n"
	    "\n"
	    "    file:line: error|warning|note: message\n"
	    "\n"
	    "Without PATH it checks everything installed: every module\n"
	    "directory (the shipped one, --modules and the configuration's\n"
	    "'modules' lines), the credential definitions in their\n"
	    "credentials/ folders, and the printer profiles. A PATH may be a\n"
	    "module directory, its module.lua or one of its lessons (the whole\n"
	    "module is checked), a directory of modules, a credential\n"
	    "definition (credentials/<id>.lua) or a printer profile\n"
	    "(printers/<id>.lua), or the printers/ directory.\n"
	    "\n"
	    "It finds syntax errors, unknown and missing keys, outcomes used\n"
	    "but not defined or defined but never assessed, duplicate ids,\n"
	    "prerequisite cycles, questions without a correct answer, missing\n"
	    "translations for a language the module declares (warnings), and\n"
	    "printer commands written with literal values that exceed a\n"
	    "printer profile's limits (printer.heat { nozzle = 320 },\n"
	    "printer.send \"M104 S400\"). Lessons are run once in a sandbox\n"
	    "with a stand-in printer, answering every question correctly; no\n"
	    "printer is touched and nothing is recorded. The messages are\n"
	    "explained in docs/authoring.md.\n"
	    "\n"
	    "Options:\n"
	    "  --strict   treat warnings (missing translations...) as errors\n"
	    "\n"
	    "Exit status: 0 when there are no errors, 1 when there are, 2 when a\n"
	    "PATH does not exist or is not something lint knows.\n"
	    "\n"
	    "Examples:\n"
	    "  layerlab lint\n"
	    "  layerlab lint --strict modules/M1\n"
	    "  layerlab --modules ~/school-modules lint ~/school-modules\n"
	    "  layerlab lint printers/creality-ender3-v2.lua\n",
	.run = run,
};
