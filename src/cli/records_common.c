/*
 * What the record-keeping subcommands (learner, group, trainer, progress,
 * records) share: opening the store, their option errors, JSON output and
 * table cells.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "cli.h"
#include "credential.h"
#include "records.h"

/*
 * signoff_requires: the records refuse sign-offs by trainers without that
 * credential, except in its own modules (installed or planned). A name
 * that is no installed credential is refused, so that a typo cannot
 * silently let everybody sign.
 */
static int
signoff_rule(const struct cli_config *cfg, struct rec_store *s, char **cause)
{
	struct lesson_catalogue *cat;
	struct cred_definition def;
	const char **exempt;
	size_t n = 0;

	if (cfg->signoff_requires == NULL)
		return 0;
	cat = lesson_catalogue_load((const char *const *)cfg->modules_dirs,
	    cfg->nmodules_dirs, cause);
	if (cat == NULL)
		return -1;
	if (lesson_credential_find(cat, cfg->signoff_requires, &def,
	    NULL) != 0) {
		set_cause(cause, "signoff_requires = %s: no such credential "
		    "is installed (modules/credentials/%s.lua)",
		    cfg->signoff_requires, cfg->signoff_requires);
		lesson_catalogue_free(cat);
		return -1;
	}
	exempt = xcalloc(def.nmodules + def.nabsent_modules + 1,
	    sizeof *exempt);
	for (size_t i = 0; i < def.nmodules; i++)
		exempt[n++] = def.modules[i];
	for (size_t i = 0; i < def.nabsent_modules; i++)
		exempt[n++] = def.absent_modules[i];
	rec_set_signoff_rule(s, def.id, exempt, n);
	free(exempt);
	cred_definition_free(&def);
	lesson_catalogue_free(cat);
	return 0;
}

struct rec_store *
cli_records_open(const struct cli_config *cfg, const char *what)
{
	char *cause = NULL;
	struct rec_store *s = rec_open(cfg->db, &cause);

	if (s != NULL && signoff_rule(cfg, s, &cause) != 0) {
		rec_close(s);
		s = NULL;
	}
	if (s == NULL) {
		cli_error(what, "%s", cause);
		free(cause);
	}
	return s;
}

struct rec_store *
cli_records_open_station(const struct cli_config *cfg, char **cause)
{
	char *data = paths_data_dir();
	char *outbox = rec_station_outbox_path(data, cfg->db);
	struct rec_store *s = rec_open_station(cfg->db, outbox, cause);

	free(outbox);
	free(data);
	if (s != NULL && signoff_rule(cfg, s, cause) != 0) {
		rec_close(s);
		s = NULL;
	}
	return s;
}

void
cli_records_outbox_report(struct rec_store *s, FILE *out)
{
	struct rec_outbox_state st;

	if (rec_outbox_status(s, &st, NULL) != 0 || !st.used)
		return;
	if (st.waiting > 0 && st.file) {
		fprintf(out, "records: %s is busy (another program is writing "
		    "to it): %zu %s kept at this station and written when it "
		    "is free\n", rec_path(s), st.waiting, st.waiting == 1 ?
		    "write is" : "writes are");
	} else if (st.waiting > 0) {
		fprintf(out, "records: the records server %s cannot be reached: "
		    "%zu %s kept at this station and sent when it is back\n",
		    rec_path(s), st.waiting, st.waiting == 1 ? "write is" :
		    "writes are");
	}
	if (st.refused > 0) {
		fprintf(out, "records: the records server refused %zu %s from "
		    "this station's outbox (kept aside in it)\n", st.refused,
		    st.refused == 1 ? "write" : "writes");
	}
}

int
cli_getopt(int argc, char **argv, const struct option *opts)
{
	opterr = 0;
	return getopt_long(argc, argv, "", opts, NULL);
}

/* "learner: add: ..." for a subcommand; just "send: ..." for a command. */
static const char *
cli_sub_prefix(const struct cli_command *cmd, char **argv, char *out,
    size_t outsz)
{
	if (strcmp(argv[0], cmd->name) == 0)
		return "";
	snprintf(out, outsz, "%s: ", argv[0]);
	return out;
}

int
cli_bad_option(const struct cli_command *cmd, char **argv)
{
	const char *arg = argv[optind - 1];
	char prefix[64];
	const char *p = cli_sub_prefix(cmd, argv, prefix, sizeof prefix);

	/* getopt sets optopt for a known option that lacks its value. */
	if (optopt != 0 && strncmp(arg, "--", 2) == 0)
		return cli_usage_error(cmd, "%s'%s' needs a value", p, arg);
	/* The virtual printer's time scale had two spellings; one is left. */
	if (strcmp(arg, "--speed") == 0 || strncmp(arg, "--speed=", 8) == 0)
		return cli_usage_error(cmd, "%sunknown option '--speed': the "
		    "virtual printer's time scale is --sim-speed", p);
	return cli_usage_error(cmd, "%sunknown option '%s'", p, arg);
}

int
cli_unexpected(const struct cli_command *cmd, char **argv)
{
	char prefix[64];

	return cli_usage_error(cmd, "%sunexpected '%s'",
	    cli_sub_prefix(cmd, argv, prefix, sizeof prefix), argv[optind]);
}

int
cli_print_text(char *text)
{
	puts(text);
	free(text);
	return EXIT_OK;
}

void
cli_cell(const char *text, int width)
{
	int w;

	if (text == NULL)
		text = "-";
	w = utf8_width(text);
	fputs(text, stdout);
	for (; w < width; w++)
		putchar(' ');
}

int
cli_cell_width(const char *text, int width)
{
	int w = utf8_width(text != NULL ? text : "-");

	return w > width ? w : width;
}

int
cli_run_subcommand(const struct cli_command *cmd,
    const struct cli_subcommand *subs, size_t nsubs, int argc, char **argv,
    struct cli_config *cfg)
{
	struct buf choices;
	char *text;
	int rc;

	if (argc >= 2) {
		for (size_t i = 0; i < nsubs; i++) {
			if (strcmp(argv[1], subs[i].name) == 0)
				return subs[i].run(argc - 1, argv + 1, cfg);
		}
		return cli_usage_error(cmd, "unknown subcommand '%s'", argv[1]);
	}
	buf_init(&choices);
	for (size_t i = 0; i < nsubs; i++) {
		if (i > 0)
			buf_append_str(&choices, i + 1 == nsubs ? " or " : ", ");
		buf_append_str(&choices, subs[i].name);
	}
	text = buf_detach(&choices);
	rc = cli_usage_error(cmd, "give a subcommand: %s", text);
	free(text);
	return rc;
}
