#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdbool.h>
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

const struct cli_command *const *
cli_commands(size_t *n)
{
	*n = LL_ARRAY_LEN(commands);
	return commands;
}

const char cli_global_options_help[] =
"  --config FILE    read this configuration file (instead of the user's)\n"
"  --db FILE        the records database\n"
"  --lang TAG       interface and lesson language (en, sl, hr, sr-Latn, ...)\n"
"  --modules DIR    add a directory of lesson modules (repeatable)\n"
"  --help, -h       this text; after a command, the command's help\n"
"  --version        the version\n";

const char cli_files_help[] =
"  /etc/xdg/layerlab/layerlab.conf\n"
"                   settings shared by every station (each directory of\n"
"                   XDG_CONFIG_DIRS, default /etc/xdg, is read)\n"
"  ~/.config/layerlab/layerlab.conf\n"
"                   the user's settings, read last (XDG_CONFIG_HOME;\n"
"                   --config FILE reads FILE instead)\n"
"  /usr/share/layerlab/modules, /usr/share/layerlab/printers\n"
"                   the shipped lesson modules and printer profiles (the\n"
"                   first layerlab/ in XDG_DATA_DIRS; LAYERLAB_DATA_DIR\n"
"                   names another copy)\n"
"  ~/.local/share/layerlab/modules, ~/.local/share/layerlab/printers\n"
"                   a school's own modules and printer profiles, added to\n"
"                   the shipped ones (XDG_DATA_HOME)\n"
"  ~/.local/share/layerlab/layerlab.db\n"
"                   the records database (--db, the db setting)\n"
"  NO_COLOR         when set and not empty, no colours\n"
"  LAYERLAB_LOG     write a debug log to this file\n";

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
	    "Global options (before or after the command):\n", f);
	fputs(cli_global_options_help, f);
	fputs("\nFiles and environment:\n", f);
	fputs(cli_files_help, f);
	fputs("\nRun 'layerlab COMMAND --help' for the options of a command.\n"
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

struct global_opts {
	const char *config_path, *db, *lang;
	const char *extra_modules[16];
	int nextra;
};

/*
 * The global options (--config, --db, --lang, --modules) are also taken
 * after the command, unless the command has its own option of that name:
 * they are removed from argv, which is compacted.
 * Returns the new argc, -1 after a usage error. Stops at "--".
 */
static bool
command_owns(const struct cli_command *cmd, const char *name)
{
	for (int i = 0; cmd->own_options != NULL && cmd->own_options[i] != NULL;
	    i++) {
		if (strcmp(cmd->own_options[i], name) == 0)
			return true;
	}
	return false;
}

static int
take_global_options(const struct cli_command *cmd, int argc, char **argv,
    struct global_opts *g)
{
	static const char *const names[] = { "config", "db", "lang", "modules" };
	int out = 1;

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *value = NULL;
		size_t k, len;

		if (strcmp(arg, "--") == 0) {
			while (i < argc)
				argv[out++] = argv[i++];
			break;
		}
		for (k = 0; k < LL_ARRAY_LEN(names); k++) {
			len = strlen(names[k]);
			if (strncmp(arg, "--", 2) == 0 &&
			    strncmp(arg + 2, names[k], len) == 0 &&
			    (arg[2 + len] == '\0' || arg[2 + len] == '=') &&
			    !command_owns(cmd, names[k]))
				break;
		}
		if (k == LL_ARRAY_LEN(names)) {
			argv[out++] = argv[i];
			continue;
		}
		if (arg[2 + len] == '=')
			value = arg + 3 + len;
		else if (i + 1 < argc)
			value = argv[++i];
		else {
			cli_error(argv[0], "'%s' needs a value", arg);
			return -1;
		}
		switch (k) {
		case 0: g->config_path = value; break;
		case 1: g->db = value; break;
		case 2: g->lang = value; break;
		default:
			if (g->nextra < (int)LL_ARRAY_LEN(g->extra_modules))
				g->extra_modules[g->nextra++] = value;
			break;
		}
	}
	argv[out] = NULL;
	return out;
}

/* --help or -h anywhere among the command's arguments (before "--"). */
static bool
wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return false;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	}
	return false;
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
	struct global_opts g;
	int opt, rc;
	char *cause = NULL;
	const struct cli_command *cmd;

	setlocale(LC_ALL, "");
	/* A crash with a printer connected still switches its heaters off. */
	lastword_install();
	if (getenv("LAYERLAB_LOG") != NULL)
		log_open(getenv("LAYERLAB_LOG"));

	memset(&g, 0, sizeof g);
	/* Our own messages only: getopt's would name the binary's path. */
	opterr = 0;
	/* '+' stops at the first non-option: the rest belongs to the command. */
	while ((opt = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': g.config_path = optarg; break;
		case 'd': g.db = optarg; break;
		case 'l': g.lang = optarg; break;
		case 'm':
			if (g.nextra < (int)LL_ARRAY_LEN(g.extra_modules))
				g.extra_modules[g.nextra++] = optarg;
			break;
		case 'h': print_help(stdout); return EXIT_OK;
		case 'V': printf("layerlab %s\n", LL_VERSION); return EXIT_OK;
		default:
			if (optopt != 0 && strncmp(argv[optind - 1], "--", 2) == 0)
				fprintf(stderr, "layerlab: '%s' needs a value\n",
				    argv[optind - 1]);
			else
				fprintf(stderr, "layerlab: unknown option '%s' "
				    "(try 'layerlab --help')\n", argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;

	if (argc > 0 && strcmp(argv[0], "help") == 0) {
		/* "help --help" asks what help does: the general help. */
		if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
		    strcmp(argv[1], "-h") == 0) {
			print_help(stdout);
			return EXIT_OK;
		}
		if (strcmp(argv[1], "--man") == 0)
			return cli_print_man(stdout);
		if (strcmp(argv[1], "--bash-completion") == 0)
			return cli_print_bash_completion(stdout);
		return print_command_help(argv[1]);
	}
	if (argc == 0)
		cmd = &cmd_tui;
	else if ((cmd = cli_find_command(argv[0])) == NULL) {
		cli_error(argv[0], "unknown command (try 'layerlab --help')");
		return EXIT_USAGE;
	}
	if (argc > 0) {
		if (wants_help(argc, argv))
			return print_command_help(cmd->name);
		if ((argc = take_global_options(cmd, argc, argv, &g)) < 0)
			return EXIT_USAGE;
	}

	if (cli_config_load(&cfg, g.config_path, &cause) != 0) {
		cli_error("config", "%s", cause);
		free(cause);
		cli_config_free(&cfg);
		return EXIT_FAIL;
	}
	if (g.db != NULL)
		cli_config_set(&cfg.db, g.db);
	if (g.lang != NULL)
		cli_config_set(&cfg.lang, g.lang);
	for (int i = 0; i < g.nextra; i++)
		cli_config_add_modules_dir(&cfg, g.extra_modules[i]);

	/* Commands see argv[0] = their own name, as getopt expects. */
	if (argc == 0) {
		static char tui_name[] = "tui";
		static char *tui_argv[] = { tui_name, NULL };
		rc = cmd->run(1, tui_argv, &cfg);
	} else {
		/* 0, not 1: glibc then forgets main's stop-at-the-first-
		 * argument mode, so options may follow a command's arguments. */
		optind = 0;
		rc = cmd->run(argc, argv, &cfg);
	}
	cli_config_free(&cfg);
	return rc;
}
