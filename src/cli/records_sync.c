/*
 * layerlab records merge (another station's database into this one) and
 * push (xAPI statements to a learning record store).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "credential.h"
#include "records.h"

/* "learner:ana=theirs" */
static int
merge_parse_take(const char *text, struct rec_merge_choice *out)
{
	const char *colon = strchr(text, ':'), *eq = strrchr(text, '=');
	size_t kind_len;

	if (colon == NULL || eq == NULL || eq < colon || eq == colon + 1)
		return -1;
	kind_len = (size_t)(colon - text);
	if (strcmp(eq + 1, "ours") != 0 && strcmp(eq + 1, "theirs") != 0)
		return -1;
	if (!((kind_len == 5 && strncmp(text, "group", 5) == 0) ||
	    (kind_len == 7 && (strncmp(text, "learner", 7) == 0 ||
	    strncmp(text, "trainer", 7) == 0))))
		return -1;
	out->kind = xstrndup(text, kind_len);
	out->id = xstrndup(colon + 1, (size_t)(eq - colon - 1));
	out->theirs = strcmp(eq + 1, "theirs") == 0;
	return 0;
}

static void
merge_print_conflicts(const struct rec_merge_report *r, FILE *out)
{
	for (size_t i = 0; i < r->nconflicts; i++) {
		const struct rec_merge_conflict *c = &r->conflicts[i];

		fprintf(out, "conflict: %s %s: %s here '%s', there '%s': %s\n",
		    c->kind, c->id, c->what, c->ours, c->theirs,
		    c->resolution == 1 ? "taking theirs" : c->resolution == 0 ?
		    "keeping ours" : "needs a choice");
	}
}

int
records_merge(int argc, char **argv, struct cli_config *cfg)
{
	static const struct option opts[] = {
		{ "prefer", required_argument, NULL, 'p' },
		{ "take", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct rec_merge_options o = { 0 };
	struct rec_merge_choice *choices = NULL;
	struct rec_merge_report r;
	struct rec_store *s = NULL, *other = NULL;
	char *cause = NULL;
	int opt, rc = EXIT_FAIL;

	optind = 0;
	while ((opt = cli_getopt(argc, argv, opts)) != -1) {
		switch (opt) {
		case 'p':
			if (strcmp(optarg, "ours") == 0)
				o.prefer = REC_MERGE_PREFER_OURS;
			else if (strcmp(optarg, "theirs") == 0)
				o.prefer = REC_MERGE_PREFER_THEIRS;
			else {
				rc = cli_usage_error(&cmd_records, "merge: "
				    "--prefer takes ours or theirs, not '%s'",
				    optarg);
				goto out;
			}
			break;
		case 't':
			choices = xrealloc(choices, (o.nchoices + 1) *
			    sizeof *choices);
			if (merge_parse_take(optarg, &choices[o.nchoices]) != 0) {
				rc = cli_usage_error(&cmd_records, "merge: --take "
				    "'%s': expected KIND:ID=ours|theirs with KIND "
				    "group, learner or trainer", optarg);
				goto out;
			}
			o.nchoices++;
			break;
		default:
			rc = cli_bad_option(&cmd_records, argv);
			goto out;
		}
	}
	o.choices = choices;
	if (optind + 1 != argc) {
		rc = cli_usage_error(&cmd_records, "merge: give the other "
		    "station's database: records merge OTHER.db");
		goto out;
	}
	if ((s = cli_records_open(cfg, "records merge")) == NULL)
		goto out;
	if ((other = rec_open(argv[optind], &cause)) == NULL) {
		cli_error("records merge", "%s", cause);
		goto out;
	}
	if (rec_merge(s, other, &o, &r, &cause) != 0) {
		merge_print_conflicts(&r, stdout);
		cli_error("records merge", "%s", cause);
		rec_merge_report_clear(&r);
		goto out;
	}
	merge_print_conflicts(&r, stdout);
	printf("merged %s into %s: %zu groups, %zu learners, %zu trainers, "
	    "%zu attempts, %zu results, %zu credentials added, %zu updated\n",
	    rec_path(other), rec_path(s), r.groups, r.learners, r.trainers,
	    r.attempts, r.results, r.credentials, r.updated);
	rec_merge_report_clear(&r);
	rc = EXIT_OK;
out:
	free(cause);
	rec_close(other);
	rec_close(s);
	for (size_t i = 0; i < o.nchoices; i++) {
		free((char *)choices[i].kind);
		free((char *)choices[i].id);
	}
	free(choices);
	return rc;
}

/* What an LRS accepted is kept by endpoint and statement id. */
struct push_state {
	struct rec_store *s;
	const char *url;
};

static bool
push_already(void *arg, const char *id)
{
	struct push_state *p = arg;
	char *key = xasprintf("lrs %s %s", p->url, id);
	bool sent = false;

	rec_sent_check(p->s, key, &sent, NULL);
	free(key);
	return sent;
}

static int
push_accepted(void *arg, const char *const *ids, size_t n, char **cause)
{
	struct push_state *p = arg;
	char **keys = xcalloc(n + 1, sizeof *keys);
	int rc;

	for (size_t i = 0; i < n; i++)
		keys[i] = xasprintf("lrs %s %s", p->url, ids[i]);
	rc = rec_sent_mark(p->s, (const char *const *)keys, n, cause);
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	return rc;
}

int
records_push(int argc, char **argv, struct cli_config *cfg)
{
	static const struct option opts[] = {
		{ "lrs", required_argument, NULL, 'u' },
		{ "learner", required_argument, NULL, 'l' },
		{ "group", required_argument, NULL, 'g' },
		{ "since", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct cred_lrs_config c = {
		.url = cfg->lrs_url,
		.user = cfg->lrs_user,
		.password = cfg->lrs_password,
		.token_url = cfg->lrs_token_url,
		.client_id = cfg->lrs_client_id,
		.client_secret = cfg->lrs_client_secret,
	};
	struct cred_lrs_report rep;
	struct rec_filter f = { 0 };
	struct rec_result *r = NULL;
	struct rec_attempt *a = NULL;
	struct push_state ps;
	struct rec_store *s;
	size_t nr = 0, na = 0;
	char *cause = NULL, *text = NULL;
	int opt, rc = EXIT_FAIL;

	optind = 0;
	while ((opt = cli_getopt(argc, argv, opts)) != -1) {
		switch (opt) {
		case 'u': c.url = optarg; break;
		case 'l': f.learner_id = optarg; break;
		case 'g': f.group_id = optarg; break;
		case 's':
			if (records_parse_date(optarg, &f.since) != 0)
				return cli_usage_error(&cmd_records, "push: "
				    "--since '%s': expected a date like "
				    "2026-09-01 or 2026-09-01T08:00:00Z",
				    optarg);
			break;
		default:
			return cli_bad_option(&cmd_records, argv);
		}
	}
	if (optind != argc)
		return cli_unexpected(&cmd_records, argv);
	if (c.url == NULL)
		return cli_usage_error(&cmd_records, "push: give the LRS with "
		    "--lrs URL or lrs.url in the configuration");
	if (c.token_url != NULL && (c.client_id == NULL ||
	    c.client_secret == NULL)) {
		cli_error("records push", "lrs.token_url needs lrs.client_id "
		    "and lrs.client_secret in the configuration");
		return EXIT_FAIL;
	}
	if ((s = cli_records_open(cfg, "records push")) == NULL)
		return EXIT_FAIL;
	if (rec_result_list(s, &f, &r, &nr, &cause) != 0 ||
	    rec_attempt_list(s, &f, &a, &na, &cause) != 0 ||
	    (text = records_xapi(cfg, r, nr, a, na, &cause)) == NULL)
		goto fail;
	ps.s = s;
	ps.url = c.url;
	if (cred_lrs_push(&c, text, push_already, push_accepted, &ps, &rep,
	    &cause) != 0) {
		printf("sent %zu statements in %zu batches to %s; %zu wait for "
		    "the next push\n", rep.sent, rep.batches, c.url,
		    rep.waiting);
		goto fail;
	}
	printf("sent %zu statements in %zu batches to %s (%zu sent "
	    "before)\n", rep.sent, rep.batches, c.url, rep.skipped);
	rc = EXIT_OK;
	goto out;
fail:
	cli_error("records push", "%s", cause);
out:
	free(cause);
	free(text);
	rec_result_free_array(r, nr);
	rec_attempt_free_array(a, na);
	rec_close(s);
	return rc;
}
