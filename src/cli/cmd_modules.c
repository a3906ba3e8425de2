#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "cli.h"
#include "i18n.h"
#include "translations.h"

static const char *
assessment_label(enum lesson_assessment a)
{
	switch (a) {
	case LESSON_ASSESS_QUIZ: return i18n_get("outcome.by_quiz");
	case LESSON_ASSESS_PRINTER: return i18n_get("outcome.by_printer");
	case LESSON_ASSESS_TRAINER: return i18n_get("outcome.by_trainer");
	}
	return "?";
}

/* "Translations: en (source) · sl 100 % · hr 80 % (3 fuzzy) · mk 12 %*":
 * a star marks a language the module does not declare complete. */
static void
print_translations(const struct lesson_module *m)
{
	struct translation_status *st;
	int n;

	if (translations_status(m, &st, &n) != 0)
		return;
	printf("    %s:", i18n_get("module.translations"));
	for (int i = 0; i < n; i++) {
		const struct translation_status *t = &st[i];
		printf("%s %s", i > 0 ? " ·" : "", t->lang);
		if (t->source) {
			printf(" (%s)", i18n_get("module.source_language"));
			continue;
		}
		printf(" %d %%", t->total > 0 ? t->translated * 100 / t->total :
		    100);
		if (t->fuzzy > 0 || t->errors > 0 || t->obsolete > 0) {
			const char *sep = "";
			printf(" (");
			if (t->fuzzy > 0) {
				printf("%d fuzzy", t->fuzzy);
				sep = ", ";
			}
			if (t->errors > 0) {
				printf("%s%d broken", sep, t->errors);
				sep = ", ";
			}
			if (t->obsolete > 0)
				printf("%s%d obsolete", sep, t->obsolete);
			printf(")");
		}
		if (!t->declared)
			printf("*");
	}
	printf("\n");
	free(st);
}

static void
print_module(const struct lesson_module *m, const char *lang)
{
	const char *summary = i18n_text_get(&m->summary, lang);

	printf("%s  %s\n", m->id, i18n_text_get(&m->title, lang));
	char eqf[16], hours[32], *s1, *s2;

	snprintf(eqf, sizeof eqf, "%d", m->eqf_level);
	snprintf(hours, sizeof hours, "%g", m->workload_hours);
	s1 = i18n_format("module.eqf", eqf, (char *)NULL);
	s2 = i18n_format("module.workload", hours, (char *)NULL);
	printf("    %s · %s · %s · %s\n", m->version, s1, s2, m->dir);
	free(s1);
	free(s2);
	if (summary != NULL)
		printf("    %s\n", summary);
	if (m->nprerequisites > 0) {
		printf("    %s:", i18n_get("module.prerequisites"));
		for (int i = 0; i < m->nprerequisites; i++)
			printf(" %s", m->prerequisites[i]);
		printf("\n");
	}
	print_translations(m);
	printf("    %s:", i18n_get("module.lessons"));
	for (int i = 0; i < m->nlessons; i++)
		printf(" %s/%s", m->id, m->lessons[i].id);
	printf("\n    %s:\n", i18n_get("module.outcomes"));
	for (int i = 0; i < m->noutcomes; i++) {
		const struct lesson_outcome *o = &m->outcomes[i];
		printf("      %-8s %-2s  %s (%s)\n", o->id,
		    lesson_outcome_kind_code(o->kind),
		    i18n_text_get(&o->text, lang), assessment_label(o->assessed_by));
	}
}

static int
run(int argc, char **argv, struct cli_config *cfg)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct lesson_catalogue *cat;
	char *cause = NULL;
	int opt, rc = EXIT_OK;

	while ((opt = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			printf("usage: %s\n\n%s", cmd_modules.usage,
			    cmd_modules.help);
			return EXIT_OK;
		default:
			return cli_bad_option(&cmd_modules, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_modules, "unexpected argument '%s'",
		    argv[optind]);
	i18n_set_lang(cfg->lang);
	cat = lesson_catalogue_load((const char *const *)cfg->modules_dirs,
	    cfg->nmodules_dirs, &cause);
	if (cat == NULL) {
		cli_error("modules", "%s", cause);
		free(cause);
		i18n_reset();
		return EXIT_FAIL;
	}
	if (cat->nmodules == 0)
		printf("No modules installed (looked in");
	for (int i = 0; cat->nmodules == 0 && i < cfg->nmodules_dirs; i++)
		printf(" %s", cfg->modules_dirs[i]);
	if (cat->nmodules == 0)
		printf(").\n");
	for (int i = 0; i < cat->nmodules; i++) {
		if (i > 0)
			printf("\n");
		print_module(cat->modules[i], cfg->lang);
	}
	for (int i = 0; i < cat->ncredentials; i++) {
		struct cred_definition def;
		if (lesson_credential_load(cat->credentials[i], cat, &def,
		    &cause) != 0) {
			cli_error("modules", "%s (run 'layerlab lint' for "
			    "details)", cause);
			free(cause);
			cause = NULL;
			rc = EXIT_FAIL;
			continue;
		}
		printf("\n%s  %s\n    EQF %d · %g ECTS · %d h ·", def.id,
		    cred_text_get(&def.title, cfg->lang), def.eqf_level,
		    def.ects, def.workload_hours);
		for (size_t k = 0; k < def.nmodules; k++)
			printf(" %s", def.modules[k]);
		printf(" (%zu)\n", def.noutcomes);
		cred_definition_free(&def);
	}
	for (int i = 0; i < cat->nproblems; i++) {
		cli_error("modules", "%s (run 'layerlab lint' for details)",
		    cat->problems[i]);
		rc = EXIT_FAIL;
	}
	lesson_catalogue_free(cat);
	i18n_reset();
	return rc;
}

const struct cli_command cmd_modules = {
	.name = "modules",
	.summary = "list the installed lesson modules and their outcomes",
	.usage = "layerlab modules",
	.help =
	    "Global options that apply: --lang TAG (the language of titles and\n"
	    "outcomes), --modules DIR (add a directory of modules).\n"
	    "\n"
	    "Lists every installed module with its version, folder, EQF level,\n"
	    "notional workload, summary, prerequisites, lessons (as\n"
	    "MODULE/LESSON, the name 'layerlab lesson run' takes) and learning\n"
	    "outcomes: id, kind (K knowledge, S skill, RA responsibility and\n"
	    "autonomy), the outcome in the chosen language and how it is\n"
	    "assessed. Then the micro-credentials defined in credentials/\n"
	    "folders, with the modules they require.\n"
	    "\n"
	    "Modules come from the shipped modules/ directory, every --modules\n"
	    "DIR (a global option, repeatable) and every 'modules = DIR' line\n"
	    "of the configuration, so a school can keep its own modules beside\n"
	    "the shipped ones. A module that does not load is named on stderr\n"
	    "and the exit status is 1; 'layerlab lint' says what is wrong.\n"
	    "\n"
	    "Examples:\n"
	    "  layerlab modules\n"
	    "  layerlab --lang sl modules\n"
	    "  layerlab --modules ~/school-modules modules\n",
	.run = run,
};
