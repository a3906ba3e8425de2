/*
 * layerlab group: groups of learners (a class, a course intake).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "records.h"

static int
group_add(int argc, char **argv, struct cli_config *cfg)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = NULL;
	struct rec_store *s;
	char *cause = NULL;
	int opt, rc = EXIT_OK;

	optind = 0;
	while ((opt = cli_getopt(argc, argv, opts)) != -1) {
		if (opt != 'n')
			return cli_bad_option(&cmd_group, argv);
		name = optarg;
	}
	if (argc - optind != 1)
		return cli_usage_error(&cmd_group, "add: give one group id");
	if ((s = cli_records_open(cfg, "group")) == NULL)
		return EXIT_FAIL;
	if (rec_group_add(s, argv[optind], name, &cause) != 0) {
		cli_error("group add", "%s", cause);
		free(cause);
		rc = EXIT_FAIL;
	} else
		printf("added group %s\n", argv[optind]);
	rec_close(s);
	return rc;
}

static int
group_list(int argc, char **argv, struct cli_config *cfg)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct rec_store *s;
	struct rec_group *g;
	struct rec_learner *l;
	size_t ng, nl;
	char *cause = NULL;
	bool as_json = false;
	int opt, rc = EXIT_OK, wid = 2, wname = 4;

	optind = 0;
	while ((opt = cli_getopt(argc, argv, opts)) != -1) {
		if (opt != 'j')
			return cli_bad_option(&cmd_group, argv);
		as_json = true;
	}
	if (optind != argc)
		return cli_unexpected(&cmd_group, argv);
	if ((s = cli_records_open(cfg, "group")) == NULL)
		return EXIT_FAIL;
	if (rec_group_list(s, &g, &ng, &cause) != 0) {
		cli_error("group list", "%s", cause);
		free(cause);
		rec_close(s);
		return EXIT_FAIL;
	}
	if (rec_learner_list(s, NULL, &l, &nl, &cause) != 0) {
		cli_error("group list", "%s", cause);
		free(cause);
		rec_group_free_array(g, ng);
		rec_close(s);
		return EXIT_FAIL;
	}
	rec_close(s);

	if (as_json) {
		rc = cli_print_text(rec_json_groups(g, ng, l, nl));
	} else if (ng == 0)
		puts("no groups yet (add one with 'layerlab group add')");
	else {
		for (size_t i = 0; i < ng; i++) {
			wid = cli_cell_width(g[i].id, wid);
			wname = cli_cell_width(g[i].name, wname);
		}
		cli_cell("ID", wid + 2);
		cli_cell("NAME", wname + 2);
		puts("LEARNERS");
		for (size_t i = 0; i < ng; i++) {
			size_t members = 0;

			for (size_t j = 0; j < nl; j++)
				members += l[j].group_id != NULL &&
				    strcmp(l[j].group_id, g[i].id) == 0;
			cli_cell(g[i].id, wid + 2);
			cli_cell(g[i].name, wname + 2);
			printf("%zu\n", members);
		}
	}
	rec_group_free_array(g, ng);
	rec_learner_free_array(l, nl);
	return rc;
}

static int
run(int argc, char **argv, struct cli_config *cfg)
{
	static const struct cli_subcommand subs[] = {
		{ "add", group_add },
		{ "list", group_list },
	};

	return cli_run_subcommand(&cmd_group, subs, LL_ARRAY_LEN(subs),
	    argc, argv, cfg);
}

const struct cli_command cmd_group = {
	.name = "group",
	.summary = "add and list groups of learners",
	.usage = "layerlab group add ID [--name NAME] | list [--json]",
	.help =
	    "A group is a class or a course intake. Learners belong to at most\n"
	    "one group; progress and exports can be limited to a group.\n"
	    "\n"
	    "  add ID [--name NAME]   adds a group (the name defaults to the id)\n"
	    "  list [--json]          lists the groups with their learner counts\n"
	    "\n"
	    "Examples:\n"
	    "  layerlab group add 3a --name \"3.A mechatronics\"\n"
	    "  layerlab group add 2026-spring\n"
	    "  layerlab group list\n",
	.run = run,
};
