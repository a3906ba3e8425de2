/*
 * layerlab progress: which learning outcomes each learner has achieved.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "cli.h"
#include "credential.h"
#include "records.h"

struct progress {
	struct rec_learner *learners;
	size_t nlearners;
	struct rec_achievement *ach;
	size_t nach;
	struct rec_result *results;
	size_t nresults;
	const char **outcomes;	/* required first, then others checked */
	size_t noutcomes;
	size_t nrequired;	/* the first nrequired are required */
	char **required;	/* owned copies of the required ids */
	char *credential;	/* the definition that requires them */
};

static int
progress_cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The outcomes the installation's micro-credential requires (the first
 * definition, as the training screen uses): shown even before a learner has
 * tried them, so "1/4" says what is left.
 */
static void
progress_load_required(struct progress *p, const struct cli_config *cfg)
{
	struct lesson_catalogue *cat;
	struct cred_definition def;

	cat = lesson_catalogue_load((const char *const *)cfg->modules_dirs,
	    cfg->nmodules_dirs, NULL);
	if (cat == NULL)
		return;
	if (lesson_credential_for_learners(cat, &def) == 0) {
		p->required = xcalloc(def.noutcomes + 1, sizeof *p->required);
		for (size_t i = 0; i < def.noutcomes; i++)
			p->required[p->nrequired++] = xstrdup(
			    def.outcomes[i].id);
		p->credential = xstrdup(def.id);
		cred_definition_free(&def);
	}
	lesson_catalogue_free(cat);
}

static bool
progress_is_required(const struct progress *p, const char *outcome)
{
	for (size_t i = 0; i < p->nrequired; i++) {
		if (strcmp(p->required[i], outcome) == 0)
			return true;
	}
	return false;
}

static void
progress_collect_outcomes(struct progress *p)
{
	size_t kept = 0, extra;

	p->outcomes = xcalloc(p->nrequired + p->nresults + 1,
	    sizeof *p->outcomes);
	for (size_t i = 0; i < p->nrequired; i++)
		p->outcomes[p->noutcomes++] = p->required[i];
	extra = p->noutcomes;
	for (size_t i = 0; i < p->nresults; i++) {
		if (!progress_is_required(p, p->results[i].outcome_id))
			p->outcomes[p->noutcomes++] = p->results[i].outcome_id;
	}
	/* Outcomes outside the credential follow, sorted, each once. */
	qsort(p->outcomes + extra, p->noutcomes - extra, sizeof *p->outcomes,
	    progress_cmp_str);
	kept = extra;
	for (size_t i = extra; i < p->noutcomes; i++) {
		if (kept == extra || strcmp(p->outcomes[kept - 1],
		    p->outcomes[i]) != 0)
			p->outcomes[kept++] = p->outcomes[i];
	}
	p->noutcomes = kept;
}

static const struct rec_achievement *
progress_find(const struct progress *p, const char *learner,
    const char *outcome)
{
	for (size_t i = 0; i < p->nach; i++) {
		if (strcmp(p->ach[i].learner_id, learner) == 0 &&
		    strcmp(p->ach[i].outcome_id, outcome) == 0)
			return &p->ach[i];
	}
	return NULL;
}

/*
 * Whether the learner was checked on the outcome, and on how many occasions
 * a trainer observed it (the evidence a sign-off of M1.LO5 cites; an
 * observation never achieves the outcome itself).
 */
static bool
progress_tried(const struct progress *p, const char *learner,
    const char *outcome, size_t *observed)
{
	bool tried = false;

	*observed = 0;
	for (size_t i = 0; i < p->nresults; i++) {
		if (strcmp(p->results[i].learner_id, learner) != 0 ||
		    strcmp(p->results[i].outcome_id, outcome) != 0)
			continue;
		tried = true;
		if (p->results[i].method == REC_METHOD_OBSERVATION)
			(*observed)++;
	}
	return tried;
}

/*
 * What a learner's cell of an outcome says: how it was achieved, "observed
 * N" when trainers only observed it so far, "not yet" or "-". *achieved
 * tells whether it counts.
 */
static const char *
progress_cell(const struct progress *p, const char *learner,
    const char *outcome, char seen[32], bool *achieved)
{
	const struct rec_achievement *a = progress_find(p, learner, outcome);
	size_t observed;

	*achieved = a != NULL;
	if (a != NULL)
		return rec_method_name(a->method);
	if (!progress_tried(p, learner, outcome, &observed))
		return "-";
	if (observed == 0)
		return "not yet";
	snprintf(seen, 32, "observed %zu", observed);
	return seen;
}

static void
progress_table(const struct progress *p)
{
	int wid = 7, wname = 4, wcol[256];
	size_t ncols = p->noutcomes < 256 ? p->noutcomes : 256;
	char seen[32];
	bool achieved_here;

	for (size_t i = 0; i < p->nlearners; i++) {
		wid = cli_cell_width(p->learners[i].id, wid);
		wname = cli_cell_width(p->learners[i].name, wname);
	}
	for (size_t c = 0; c < ncols; c++) {
		wcol[c] = cli_cell_width(p->outcomes[c], 7);
		for (size_t i = 0; i < p->nlearners; i++)
			wcol[c] = cli_cell_width(progress_cell(p,
			    p->learners[i].id, p->outcomes[c], seen,
			    &achieved_here), wcol[c]);
	}

	cli_cell("LEARNER", wid + 2);
	cli_cell("NAME", wname + 2);
	for (size_t c = 0; c < ncols; c++)
		cli_cell(p->outcomes[c], wcol[c] + 2);
	puts(p->nrequired > 0 ? "REQUIRED" : "ACHIEVED");
	for (size_t i = 0; i < p->nlearners; i++) {
		const char *id = p->learners[i].id;
		size_t achieved = 0, required = 0;

		cli_cell(id, wid + 2);
		cli_cell(p->learners[i].name, wname + 2);
		for (size_t c = 0; c < p->noutcomes; c++) {
			const char *cell = progress_cell(p, id,
			    p->outcomes[c], seen, &achieved_here);

			if (achieved_here) {
				achieved++;
				if (c < p->nrequired)
					required++;
			}
			if (c < ncols)
				cli_cell(cell, wcol[c] + 2);
		}
		if (p->nrequired > 0)
			printf("%zu/%zu\n", required, p->nrequired);
		else
			printf("%zu/%zu\n", achieved, p->noutcomes);
	}
	if (p->nrequired > 0)
		printf("\nREQUIRED counts the %zu outcomes the micro-credential "
		    "'%s' requires;\nany columns after them were checked "
		    "outside it.\n", p->nrequired, p->credential);
	if (p->noutcomes > 0)
		puts("\nA cell names how the outcome was achieved (quiz, printer "
		    "check or trainer\nsign-off); 'not yet': checked but not "
		    "passed; 'observed N': seen by a\ntrainer on N occasions, "
		    "not yet signed off; '-': not checked.");
}

static int
progress_json(const struct progress *p)
{
	return cli_print_text(rec_json_progress(p->learners, p->nlearners,
	    p->ach, p->nach, p->outcomes, p->nrequired));
}

static int
run(int argc, char **argv, struct cli_config *cfg)
{
	static const struct option opts[] = {
		{ "learner", required_argument, NULL, 'l' },
		{ "group", required_argument, NULL, 'g' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct rec_filter f = { 0 };
	struct progress p = { 0 };
	struct rec_store *s;
	bool as_json = false;
	char *cause = NULL;
	int opt, rc = EXIT_FAIL;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'l': f.learner_id = optarg; break;
		case 'g': f.group_id = optarg; break;
		case 'j': as_json = true; break;
		default:
			return cli_bad_option(&cmd_progress, argv);
		}
	}
	if (optind != argc)
		return cli_usage_error(&cmd_progress, "unexpected '%s'",
		    argv[optind]);
	if (f.learner_id != NULL && f.group_id != NULL)
		return cli_usage_error(&cmd_progress, "give --learner or "
		    "--group, not both");
	if ((s = cli_records_open(cfg, "progress")) == NULL)
		return EXIT_FAIL;
	if (f.learner_id != NULL) {
		p.learners = xcalloc(1, sizeof *p.learners);
		if (rec_learner_get(s, f.learner_id, p.learners, &cause) != 0)
			goto fail;
		p.nlearners = 1;
	} else if (rec_learner_list(s, f.group_id, &p.learners, &p.nlearners,
	    &cause) != 0)
		goto fail;
	if (rec_achievement_list(s, &f, &p.ach, &p.nach, &cause) != 0 ||
	    rec_result_list(s, &f, &p.results, &p.nresults, &cause) != 0)
		goto fail;
	progress_load_required(&p, cfg);
	progress_collect_outcomes(&p);
	if (as_json)
		rc = progress_json(&p);
	else if (p.nlearners == 0) {
		puts("no learners yet (add one with 'layerlab learner add')");
		rc = EXIT_OK;
	} else {
		progress_table(&p);
		rc = EXIT_OK;
	}
	goto out;
fail:
	cli_error("progress", "%s", cause);
	free(cause);
out:
	free(p.outcomes);
	for (size_t i = 0; i < p.nrequired; i++)
		free(p.required[i]);
	free(p.required);
	free(p.credential);
	rec_learner_free_array(p.learners, p.nlearners);
	rec_achievement_free_array(p.ach, p.nach);
	rec_result_free_array(p.results, p.nresults);
	rec_close(s);
	return rc;
}

const struct cli_command cmd_progress = {
	.name = "progress",
	.summary = "outcomes achieved per learner",
	.usage = "layerlab progress [--learner ID | --group ID] [--json]",
	.help =
	    "Shows, for each learner, every learning outcome the installed\n"
	    "micro-credential requires (tried or not), then any other outcome\n"
	    "checked so far, and how each was achieved: by quiz, by a check on\n"
	    "the printer, or by a trainer's sign-off; REQUIRED counts what the\n"
	    "credential needs. With --json, \"missing\" lists what is left. The latest passing result counts; a later\n"
	    "failed attempt does not take an achieved outcome away.\n"
	    "\n"
	    "  --learner ID   one learner\n"
	    "  --group ID     the learners of one group\n"
	    "  --json         the same as JSON, with times and signing trainers\n"
	    "\n"
	    "Examples:\n"
	    "  layerlab progress --group 3a\n"
	    "  layerlab progress --learner ana.novak --json\n",
	.run = run,
};
