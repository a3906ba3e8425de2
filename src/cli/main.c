#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_command *const commands[] = {
	&cmd_tui, &cmd_ports, &cmd_send, &cmd_console, &cmd_print, &cmd_sim,
	&cmd_modules, &cmd_i18n, &cmd_lint, &cmd_lesson, &cmd_learner, &cmd_group,
	&cmd_trainer, &cmd_progress, &cmd_records, &cmd_keys, &cmd_credential, &cmd_gcode,
};

void
cli_error(const char *what, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "layerlab: %s: ", what);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "layerlab: %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: %s\n", cmd->usage);
	return EXIT_USAGE;
}

const struct cli_command *
cli_find_command(const char *name)
{
	for (size_t i = 0; i < LL_ARRAY_LEN(commands); i++) {
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	}
	return NULL;
}

static void
print_help(FILE *f)
{
	fputs("layerlab - 3D-printing training for vocational workshops\n\n"
	    "usage: layerlab [GLOBAL OPTIONS] [COMMAND [ARGS...]]\n\n"
	    "Without a command, layerlab opens the training screen (the TUI).\n\n"
	    "Commands:\n", f);
	for (size_t i = 0; i < LL_ARRAY_LEN(commands); i++)
		fprintf(f, "  %-12s %s\n", commands[i]->name, commands[i]->summary);
	fputs("  help         show the full help of a command\n\n"
	    "Global options (before the command):\n"
	    "  --config FILE    read this configuration file\n"
	    "  --db FILE        the records database\n"
	    "  --lang TAG       interface and lesson language (en, sl, hr, sr-Latn, ...)\n"
	    "  --modules DIR    add a directory of lesson modules (repeatable)\n"
	    "  --help, -h       this text\n"
	    "  --version        the version\n\n"
	    "Run 'layerlab help COMMAND' for the options of a command.\n"
	    "Exit codes: 0 success, 1 failure, 2 usage error.\n", f);
}

static int
print_command_help(const char *name)
{
	const struct cli_command *cmd = cli_find_command(name);

	if (cmd == NULL) {
		cli_error("help", "unknown command '%s' (try 'layerlab --help')",
		    name);
		return EXIT_USAGE;
	}
	printf("usage: %s\n\n%s\n\n%s", cmd->usage, cmd->summary, cmd->help);
	return EXIT_OK;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'd' },
		{ "lang", required_argument, NULL, 'l' },
		{ "modules", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_config cfg;
	const char *config_path = NULL, *db = NULL, *lang = NULL;
	const char *extra_modules[16];
	int nextra = 0, opt, rc;
	char *cause = NULL;
	const struct cli_command *cmd;

	setlocale(LC_ALL, "");
	if (getenv("LAYERLAB_LOG") != NULL)
		log_open(getenv("LAYERLAB_LOG"));

	/* '+' stops at the first non-option: the rest belongs to the command. */
	while ((opt = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': config_path = optarg; break;
		case 'd': db = optarg; break;
		case 'l': lang = optarg; break;
		case 'm':
			if (nextra < (int)LL_ARRAY_LEN(extra_modules))
				extra_modules[nextra++] = optarg;
			break;
		case 'h': print_help(stdout); return EXIT_OK;
		case 'V': printf("layerlab %s\n", LL_VERSION); return EXIT_OK;
		default:
			fputs("Try 'layerlab --help'.\n", stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;

	if (argc > 0 && strcmp(argv[0], "help") == 0) {
		if (argc < 2) {
			print_help(stdout);
			return EXIT_OK;
		}
		return print_command_help(argv[1]);
	}
	if (argc == 0)
		cmd = &cmd_tui;
	else if ((cmd = cli_find_command(argv[0])) == NULL) {
		cli_error(argv[0], "unknown command (try 'layerlab --help')");
		return EXIT_USAGE;
	}

	if (cli_config_load(&cfg, config_path, &cause) != 0) {
		cli_error("config", "%s", cause);
		free(cause);
		cli_config_free(&cfg);
		return EXIT_FAIL;
	}
	if (db != NULL)
		cli_config_set(&cfg.db, db);
	if (lang != NULL)
		cli_config_set(&cfg.lang, lang);
	for (int i = 0; i < nextra; i++)
		cli_config_add_modules_dir(&cfg, extra_modules[i]);

	/* Commands see argv[0] = their own name, as getopt expects. */
	if (argc == 0) {
		static char tui_name[] = "tui";
		static char *tui_argv[] = { tui_name, NULL };
		rc = cmd->run(1, tui_argv, &cfg);
	} else {
		optind = 1;
		rc = cmd->run(argc, argv, &cfg);
	}
	cli_config_free(&cfg);
	return rc;
}
