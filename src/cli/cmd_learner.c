/*
 * layerlab learner: the trainees whose results are recorded.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "records.h"

static void
learner_time(int64_t t, char out[32])
{
	if (t == 0)
		snprintf(out, 32, "-");
	else
		clock_iso8601(out, t);
}

static int
learner_add(int argc, char **argv, struct cli_config *cfg)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "group", required_argument, NULL, 'g' },
		{ "school-id", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = NULL, *group = NULL, *school_id = NULL;
	struct rec_store *s;
	char *cause = NULL;
	int opt, rc = EXIT_OK;

	optind = 0;
	while ((opt = cli_getopt(argc, argv, opts)) != -1) {
		switch (opt) {
		case 'n': name = optarg; break;
		case 'g': group = optarg; break;
		case 's': school_id = optarg; break;
		default: return cli_bad_option(&cmd_learner, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(&cmd_learner, "add: give one learner id");
	if (name == NULL)
		return cli_usage_error(&cmd_learner, "add: --name is required");
	if ((s = cli_records_open(cfg, "learner")) == NULL)
		return EXIT_FAIL;
	if (rec_learner_add(s, argv[optind], name, group, school_id,
	    &cause) != 0) {
		if (group != NULL && cause != NULL &&
		    str_starts_with(cause, "no group")) {
			cli_error("learner add", "%s (add it first with "
			    "'layerlab group add %s')", cause, group);
		} else
			cli_error("learner add", "%s", cause);
		free(cause);
		rc = EXIT_FAIL;
	} else
		printf("added learner %s\n", argv[optind]);
	rec_close(s);
	return rc;
}

static int
learner_list(int argc, char **argv, struct cli_config *cfg)
{
	static const struct option opts[] = {
		{ "group", required_argument, NULL, 'g' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	const char *group = NULL;
	bool as_json = false;
	struct rec_store *s;
	struct rec_learner *l;
	size_t n;
	char *cause = NULL;
	int opt, wid = 2, wname = 4, wgroup = 5;

	optind = 0;
	while ((opt = cli_getopt(argc, argv, opts)) != -1) {
		switch (opt) {
		case 'g': group = optarg; break;
		case 'j': as_json = true; break;
		default: return cli_bad_option(&cmd_learner, argv);
		}
	}
	if (optind != argc)
		return cli_unexpected(&cmd_learner, argv);
	if ((s = cli_records_open(cfg, "learner")) == NULL)
		return EXIT_FAIL;
	if (rec_learner_list(s, group, &l, &n, &cause) != 0) {
		cli_error("learner list", "%s", cause);
		free(cause);
		rec_close(s);
		return EXIT_FAIL;
	}
	rec_close(s);
	if (as_json) {
		char *text = rec_json_learners(l, n);

		rec_learner_free_array(l, n);
		return cli_print_text(text);
	}
	if (n == 0) {
		printf(group != NULL ? "no learners in group %s\n" :
		    "no learners yet (add one with 'layerlab learner add')\n",
		    group);
		rec_learner_free_array(l, n);
		return EXIT_OK;
	}
	for (size_t i = 0; i < n; i++) {
		wid = cli_cell_width(l[i].id, wid);
		wname = cli_cell_width(l[i].name, wname);
		wgroup = cli_cell_width(l[i].group_id, wgroup);
	}
	cli_cell("ID", wid + 2);
	cli_cell("NAME", wname + 2);
	cli_cell("GROUP", wgroup + 2);
	puts("SCHOOL ID");
	for (size_t i = 0; i < n; i++) {
		cli_cell(l[i].id, wid + 2);
		cli_cell(l[i].name, wname + 2);
		cli_cell(l[i].group_id, wgroup + 2);
		puts(l[i].school_id != NULL ? l[i].school_id : "-");
	}
	rec_learner_free_array(l, n);
	return EXIT_OK;
}

static int
learner_show(int argc, char **argv, struct cli_config *cfg)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	bool as_json = false;
	struct rec_store *s;
	struct rec_learner l;
	struct rec_achievement *ach = NULL;
	struct rec_attempt *att = NULL;
	struct rec_result *res = NULL;
	struct rec_filter f = { 0 };
	size_t nach = 0, natt = 0, nres = 0, running = 0, observed = 0;
	char *cause = NULL, when[32];
	int opt, rc = EXIT_FAIL, wout = 7;

	optind = 0;
	while ((opt = cli_getopt(argc, argv, opts)) != -1) {
		switch (opt) {
		case 'j': as_json = true; break;
		default: return cli_bad_option(&cmd_learner, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(&cmd_learner, "show: give one learner id");
	if ((s = cli_records_open(cfg, "learner")) == NULL)
		return EXIT_FAIL;
	f.learner_id = argv[optind];
	if (rec_learner_get(s, argv[optind], &l, &cause) != 0) {
		cli_error("learner show", "%s", cause);
		goto out;
	}
	if (rec_achievement_list(s, &f, &ach, &nach, &cause) != 0 ||
	    rec_attempt_list(s, &f, &att, &natt, &cause) != 0 ||
	    rec_result_list(s, &f, &res, &nres, &cause) != 0) {
		cli_error("learner show", "%s", cause);
		rec_learner_clear(&l);
		goto out;
	}
	for (size_t i = 0; i < natt; i++)
		running += att[i].status == REC_ATTEMPT_RUNNING;

	if (as_json) {
		rc = cli_print_text(rec_json_learner(&l, ach, nach, natt,
		    running));
	} else {
		learner_time(l.created, when);
		printf("Learner:    %s\n", l.id);
		printf("Name:       %s\n", l.name);
		printf("Group:      %s\n", l.group_id != NULL ? l.group_id : "-");
		printf("School id:  %s\n", l.school_id != NULL ? l.school_id : "-");
		printf("Added:      %s\n", when);
		printf("Attempts:   %zu (%zu running)\n", natt, running);
		printf("Outcomes achieved: %zu\n", nach);
		for (size_t i = 0; i < nach; i++)
			wout = cli_cell_width(ach[i].outcome_id, wout);
		for (size_t i = 0; i < nach; i++) {
			clock_iso8601(when, ach[i].time);
			fputs("  ", stdout);
			cli_cell(ach[i].outcome_id, wout + 2);
			cli_cell(rec_method_name(ach[i].method), 9);
			fputs(when, stdout);
			if (ach[i].trainer_id != NULL)
				printf("  signed by %s", ach[i].trainer_id);
			putchar('\n');
		}
		/* The occasions a trainer saw, which a sign-off cites. */
		for (size_t i = 0; i < nres; i++)
			observed += res[i].method == REC_METHOD_OBSERVATION;
		if (observed > 0)
			printf("Observed by a trainer (evidence for a sign-off, "
			    "not achieved by itself): %zu\n", observed);
		for (size_t i = 0; i < nres; i++) {
			if (res[i].method != REC_METHOD_OBSERVATION)
				continue;
			clock_iso8601(when, res[i].time);
			fputs("  ", stdout);
			cli_cell(res[i].outcome_id, wout + 2);
			cli_cell(res[i].passed ? "rules kept" : "not kept", 12);
			printf("%s  seen by %s in %s/%s\n", when,
			    res[i].trainer_id != NULL ? res[i].trainer_id : "?",
			    res[i].module_id, res[i].lesson_id);
		}
		rc = EXIT_OK;
	}
	rec_learner_clear(&l);
out:
	free(cause);
	rec_achievement_free_array(ach, nach);
	rec_attempt_free_array(att, natt);
	rec_result_free_array(res, nres);
	rec_close(s);
	return rc;
}

static int
learner_rename(int argc, char **argv, struct cli_config *cfg)
{
	struct rec_store *s;
	char *cause = NULL;
	int rc = EXIT_OK;

	if (argc != 3)
		return cli_usage_error(&cmd_learner,
		    "rename: give the learner id and the new name");
	if ((s = cli_records_open(cfg, "learner")) == NULL)
		return EXIT_FAIL;
	if (rec_learner_rename(s, argv[1], argv[2], &cause) != 0) {
		cli_error("learner rename", "%s", cause);
		free(cause);
		rc = EXIT_FAIL;
	} else
		printf("learner %s is now %s\n", argv[1], argv[2]);
	rec_close(s);
	return rc;
}

static int
run(int argc, char **argv, struct cli_config *cfg)
{
	static const struct cli_subcommand subs[] = {
		{ "add", learner_add },
		{ "list", learner_list },
		{ "show", learner_show },
		{ "rename", learner_rename },
	};

	return cli_run_subcommand(&cmd_learner, subs, LL_ARRAY_LEN(subs),
	    argc, argv, cfg);
}

const struct cli_command cmd_learner = {
	.name = "learner",
	.summary = "add, list, show and rename learners",
	.usage = "layerlab learner add ID --name NAME [--group G] "
	    "[--school-id S] | list [--group G] [--json] | show ID [--json] | "
	    "rename ID NAME",
	.help =
	    "Learners are the trainees whose attempts and results are recorded.\n"
	    "Their ids are chosen by the institution and never change; names\n"
	    "are UTF-8 and may be corrected later.\n"
	    "\n"
	    "  add ID --name NAME [--group G] [--school-id S]\n"
	    "        adds a learner; the group must exist (layerlab group add);\n"
	    "        --school-id keeps the school's own learner number\n"
	    "  list [--group G] [--json]\n"
	    "        lists learners, sorted by group and name\n"
	    "  show ID [--json]\n"
	    "        shows a learner with the outcomes achieved so far\n"
	    "  rename ID NAME\n"
	    "        corrects a learner's display name\n"
	    "\n"
	    "Every change is written to the audit log (layerlab records verify).\n"
	    "The records database is --db FILE, else 'db' in the configuration,\n"
	    "else $XDG_DATA_HOME/layerlab/layerlab.db.\n"
	    "\n"
	    "Examples:\n"
	    "  layerlab group add 3a --name \"3.A mechatronics\"\n"
	    "  layerlab learner add ana.novak --name \"Ana Novak\" --group 3a\n"
	    "  layerlab learner add 2026-017 --name \"Đorđe Šćepanović\" "
	    "--school-id 77120\n"
	    "  layerlab learner list --group 3a\n"
	    "  layerlab learner show ana.novak\n"
	    "  layerlab learner rename ana.novak \"Ana Novak Kos\"\n",
	.run = run,
};
