#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "translations.h"

/* MODULE as an installed module id, else as a directory. */
static char *
module_dir(const struct cli_config *cfg, const char *arg)
{
	if (strchr(arg, '/') == NULL) {
		for (int i = 0; i < cfg->nmodules_dirs; i++) {
			char *dir = xasprintf("%s/%s", cfg->modules_dirs[i],
			    arg);
			char *file = xasprintf("%s/module.lua", dir);
			bool found = access(file, F_OK) == 0;
			free(file);
			if (found)
				return dir;
			free(dir);
		}
		/* "credentials": the micro-credential definitions. */
		for (int i = 0; strcmp(arg, "credentials") == 0 &&
		    i < cfg->nmodules_dirs; i++) {
			char *dir = xasprintf("%s/%s", cfg->modules_dirs[i],
			    arg);
			if (access(dir, F_OK) == 0)
				return dir;
			free(dir);
		}
	}
	return xstrdup(arg);
}

static int
run(int argc, char **argv, struct cli_config *cfg)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "lang", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	const char *lang = NULL, *action;
	char *dir, *cause = NULL;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "+hl:", opts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			printf("usage: %s\n\n%s", cmd_i18n.usage,
			    cmd_i18n.help);
			return EXIT_OK;
		case 'l':
			lang = optarg;
			break;
		default:
			return cli_bad_option(&cmd_i18n, argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error(&cmd_i18n, "missing action (extract, "
		    "update or translit)");
	action = argv[optind++];
	/* Options may follow the directory too. */
	while ((opt = getopt_long(argc, argv, "+hl:", opts, NULL)) != -1) {
		if (opt != 'l')
			return cli_bad_option(&cmd_i18n, argv);
		lang = optarg;
	}
	if (optind >= argc)
		return cli_usage_error(&cmd_i18n, "missing MODULE");
	dir = module_dir(cfg, argv[optind++]);
	while ((opt = getopt_long(argc, argv, "+hl:", opts, NULL)) != -1) {
		if (opt != 'l') {
			free(dir);
			return cli_bad_option(&cmd_i18n, argv);
		}
		lang = optarg;
	}
	if (optind < argc) {
		free(dir);
		return cli_usage_error(&cmd_i18n, "unexpected argument '%s'",
		    argv[optind]);
	}
	if (strcmp(action, "extract") == 0 && lang == NULL)
		rc = translations_extract(dir, stdout, &cause);
	else if (strcmp(action, "update") == 0)
		rc = translations_update(dir, lang, stdout, &cause);
	else if (strcmp(action, "translit") == 0 && lang == NULL)
		rc = translations_translit(dir, stdout, &cause);
	else {
		free(dir);
		return cli_usage_error(&cmd_i18n, lang != NULL ? "--lang "
		    "applies to update only" : "unknown action '%s' (extract, "
		    "update or translit)", action);
	}
	free(dir);
	if (rc != 0) {
		cli_error("i18n", "%s", cause);
		free(cause);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static const char *const i18n_own_options[] = { "lang", NULL };

const struct cli_command cmd_i18n = {
	.name = "i18n",
	/* --lang here is the catalogue's language, not the interface's. */
	.own_options = i18n_own_options,
	.summary = "make and update the translation catalogues of a module",
	.usage = "layerlab i18n extract MODULE | update MODULE|DIR [--lang TAG] "
	    "| translit MODULE|DIR",
	.help =
	    "Translations live in gettext PO files, one per language, beside\n"
	    "the module: modules/<id>/po/<lang>.po, made from the template\n"
	    "modules/<id>/po/<id>.pot. Translators use Poedit, Weblate or any\n"
	    "PO editor; nobody edits Lua to translate.\n"
	    "\n"
	    "  extract MODULE   writes po/<id>.pot: the texts of module.lua\n"
	    "                   (title, summary, outcomes) and every _\"...\"\n"
	    "                   of its lessons, with file:line references and\n"
	    "                   the '-- TRANSLATORS:' comments.\n"
	    "  update MODULE    merges the template into every po/<lang>.po:\n"
	    "                   unchanged texts keep their translation, a\n"
	    "                   changed text keeps the old one marked fuzzy,\n"
	    "                   texts no longer used become obsolete (#~);\n"
	    "                   the header (translator, team, plural forms)\n"
	    "                   and translators' own # comments are kept.\n"
	    "                   --lang TAG updates (or starts) one language.\n"
	    "  translit MODULE  writes po/sr-Cyrl.po from po/sr-Latn.po by\n"
	    "                   transliteration (sr-Cyrl is never a fallback\n"
	    "                   to Latin script).\n"
	    "\n"
	    "MODULE is an installed module id (M1) or a module directory;\n"
	    "'credentials' is the micro-credential definitions, whose texts\n"
	    "are translated the same way (modules/credentials/po/).\n"
	    "update and translit also take a catalogue directory holding one\n"
	    ".pot and its .po files, such as the interface's src/lesson/i18n.\n"
	    "'layerlab lint --strict' then reports, per language the module\n"
	    "declares complete, every untranslated, fuzzy or obsolete text and\n"
	    "every format placeholder (%s, %.0f, {1}) a translation lost;\n"
	    "'layerlab modules' shows how far each language is.\n",
	.run = run,
};
