/*
 * layerlab records: verify the records database, export, back up and
 * restore it.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "catalogue.h"
#include "cli.h"
#include "credential.h"
#include "i18n.h"
#include "records.h"

static int
records_verify(int argc, char **argv, struct cli_config *cfg)
{
	struct rec_verify_report r;
	struct rec_audit_entry *head = NULL;
	struct rec_store *s;
	size_t nhead = 0;
	char *cause = NULL;
	int rc;

	(void)argv;
	if (argc != 1)
		return cli_usage_error(&cmd_records, "verify takes no arguments");
	if ((s = cli_records_open(cfg, "records verify")) == NULL)
		return EXIT_FAIL;
	printf("database:     %s (records schema version %d)\n", rec_path(s),
	    REC_SCHEMA_VERSION);
	rc = rec_verify(s, &r, &cause);
	/* Without a check (the server could not be reached) there is no verdict. */
	if (r.integrity_check != NULL && r.integrity_ok)
		printf("file:         ok (%s)\n", r.integrity_check);
	else if (r.integrity_check != NULL)
		printf("file:         DAMAGED\n");
	if (r.integrity_ok) {
		printf("foreign keys: %s\n", r.foreign_keys_ok ? "ok" :
		    "BROKEN");
		printf("audit chain:  %lld entries, %s\n", (long long)r.entries,
		    r.chain_ok ? "ok" : "BROKEN");
		printf("rows:         %lld rows checked against their audit "
		    "entries, %s\n", (long long)r.rows, r.rows_ok ? "ok" :
		    "MISMATCH");
		if (r.entries > 0 && rec_audit_list(s, r.entries - 1, 1, &head,
		    &nhead, NULL) == 0 && nhead == 1) {
			printf("head:         entry %lld, %s\n",
			    (long long)head[0].seq, head[0].hash);
		}
		rec_audit_free_array(head, nhead);
	}
	if (rc == 0) {
		struct cred_key *key = cred_key_load(cfg->keys_dir, NULL);
		size_t anchors = 0;

		/* Without this station's key, heads signed by any issuer count. */
		rc = cred_records_trust(s, key != NULL ? cred_key_did(key) :
		    NULL, &anchors, &cause);
		cred_key_free(key);
		printf("signed heads: %zu in issued credentials, %s\n", anchors,
		    rc == 0 ? "ok" : "MISMATCH");
	}
	if (rc != 0) {
		if (r.first_bad_seq != 0)
			printf("first bad entry: %lld\n",
			    (long long)r.first_bad_seq);
		cli_error("records verify", "%s", cause);
		free(cause);
	} else
		puts("all records verified");
	rec_verify_report_clear(&r);
	rec_close(s);
	return rc == 0 ? EXIT_OK : EXIT_FAIL;
}

/* "2026-11-22" (midnight UTC) or "2026-11-22T08:30:00Z". */
int
records_parse_date(const char *text, int64_t *out)
{
	struct tm tm;
	char tail[8] = "";
	int n;

	memset(&tm, 0, sizeof tm);
	n = sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2d%7s", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, tail);
	if (n == 3 && strlen(text) != 10)
		return -1;
	if (n != 3 && !(n == 7 && strcmp(tail, "Z") == 0))
		return -1;
	if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 60 || tm.tm_year < 1970)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = (int64_t)timegm(&tm);
	return 0;
}

static void
records_csv_number(struct buf *b, bool has, double value)
{
	char num[32] = "";

	if (has)
		snprintf(num, sizeof num, "%.15g", value);
	buf_append_csv(b, num, ",");
}

static char *
records_csv(const struct rec_result *r, size_t n)
{
	static const char *const header[] = {
		"result_id", "time", "learner_id", "learner_name", "group",
		"module", "module_version", "lesson", "attempt_id",
		"attempt_started", "outcome", "method", "passed", "score",
		"score_max", "trainer", "evidence",
	};
	struct buf b;
	char num[32], when[32];

	buf_init(&b);
	for (size_t i = 0; i < LL_ARRAY_LEN(header); i++)
		buf_append_csv(&b, header[i], i + 1 == LL_ARRAY_LEN(header) ?
		    "\r\n" : ",");
	for (size_t i = 0; i < n; i++) {
		snprintf(num, sizeof num, "%lld", (long long)r[i].id);
		buf_append_csv(&b, num, ",");
		clock_iso8601(when, r[i].time);
		buf_append_csv(&b, when, ",");
		buf_append_csv_text(&b, r[i].learner_id, ",");
		buf_append_csv_text(&b, r[i].learner_name, ",");
		buf_append_csv_text(&b, r[i].group_id, ",");
		buf_append_csv_text(&b, r[i].module_id, ",");
		buf_append_csv_text(&b, r[i].module_version, ",");
		buf_append_csv_text(&b, r[i].lesson_id, ",");
		snprintf(num, sizeof num, "%lld", (long long)r[i].attempt_id);
		buf_append_csv(&b, num, ",");
		clock_iso8601(when, r[i].attempt_started);
		buf_append_csv(&b, when, ",");
		buf_append_csv_text(&b, r[i].outcome_id, ",");
		buf_append_csv(&b, rec_method_name(r[i].method), ",");
		buf_append_csv(&b, r[i].passed ? "yes" : "no", ",");
		records_csv_number(&b, r[i].has_score, r[i].score);
		records_csv_number(&b, r[i].has_score, r[i].score_max);
		buf_append_csv_text(&b, r[i].trainer_id, ",");
		buf_append_csv_text(&b, r[i].evidence, "\r\n");
	}
	return buf_detach(&b);
}

char *
records_xapi(const struct cli_config *cfg, const struct rec_result *r,
    size_t nr, const struct rec_attempt *a, size_t na, char **cause)
{
	struct cred_institution inst;
	struct lesson_catalogue *cat;
	struct cred_attempt *ca;
	struct cred_result *cr;
	const char *lang = cfg->lang != NULL ? cfg->lang : "en";
	char *text;

	/* Statement ids are made from institution.url: never from the
	 * placeholder. */
	if (cli_institution(cfg, &inst, cause) != 0)
		return NULL;
	ca = xcalloc(na + 1, sizeof *ca);
	cr = xcalloc(nr + 1, sizeof *cr);
	for (size_t i = 0; i < na; i++)
		cred_attempt_from_rec(&a[i], &ca[i]);
	/* Activity names: the outcomes' titles in the export's language. */
	cat = lesson_catalogue_load((const char *const *)cfg->modules_dirs,
	    cfg->nmodules_dirs, NULL);
	for (size_t i = 0; i < nr; i++) {
		const struct lesson_module *m;
		const struct lesson_outcome *o;

		cred_result_from_rec(&r[i], &cr[i]);
		if (cat == NULL || r[i].module_id == NULL ||
		    (m = lesson_catalogue_module(cat, r[i].module_id)) == NULL ||
		    (o = lesson_module_outcome(m, r[i].outcome_id)) == NULL ||
		    o->title.n == 0)
			continue;
		cr[i].title = i18n_text_get(&o->title, lang);
		cr[i].title_lang = i18n_text_has(&o->title, lang) ? lang :
		    o->title.v[0].lang;
	}
	text = cred_xapi_export(&inst, ca, na, cr, nr, cause);
	lesson_catalogue_free(cat);
	free(ca);
	free(cr);
	return text;
}

static int
records_export(int argc, char **argv, struct cli_config *cfg)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "learner", required_argument, NULL, 'l' },
		{ "group", required_argument, NULL, 'g' },
		{ "since", required_argument, NULL, 's' },
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = NULL, *out = NULL;
	struct rec_filter f = { 0 };
	struct rec_store *s;
	struct rec_learner l;
	struct rec_result *r = NULL;
	struct rec_attempt *a = NULL;
	struct rec_group *g = NULL;
	size_t nr = 0, na = 0, ng = 0;
	char *cause = NULL, *text = NULL;
	int opt, rc = EXIT_FAIL;

	optind = 0;
	while ((opt = cli_getopt(argc, argv, opts)) != -1) {
		switch (opt) {
		case 'f': format = optarg; break;
		case 'l': f.learner_id = optarg; break;
		case 'g': f.group_id = optarg; break;
		case 'o': out = optarg; break;
		case 's':
			if (records_parse_date(optarg, &f.since) != 0)
				return cli_usage_error(&cmd_records, "export: "
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
	if (format == NULL || (strcmp(format, "csv") != 0 &&
	    strcmp(format, "json") != 0 && strcmp(format, "xapi") != 0 &&
	    strcmp(format, "moodle-competencies") != 0))
		return cli_usage_error(&cmd_records, "export: --format must be "
		    "csv, xapi, json or moodle-competencies");
	if (out == NULL)
		return cli_usage_error(&cmd_records, "export: --out FILE is "
		    "required ('-' for standard output)");
	/* The outcomes come from the installed modules, not from the records. */
	if (strcmp(format, "moodle-competencies") == 0) {
		if ((text = records_moodle(cfg, &cause)) == NULL ||
		    (strcmp(out, "-") == 0 ? fputs(text, stdout) < 0 :
		    file_write_replacing(out, text, strlen(text), &cause) != 0)) {
			cli_error("records export", "%s", cause != NULL ?
			    cause : "cannot write to standard output");
			free(cause);
			free(text);
			return EXIT_FAIL;
		}
		free(text);
		return EXIT_OK;
	}

	if ((s = cli_records_open(cfg, "records export")) == NULL)
		return EXIT_FAIL;
	/* A filter naming nobody is a mistake, not an empty export. */
	if (f.learner_id != NULL) {
		if (rec_learner_get(s, f.learner_id, &l, &cause) != 0)
			goto fail;
		rec_learner_clear(&l);
	}
	if (f.group_id != NULL) {
		bool found = false;

		if (rec_group_list(s, &g, &ng, &cause) != 0)
			goto fail;
		for (size_t i = 0; i < ng; i++)
			found = found || strcmp(g[i].id, f.group_id) == 0;
		if (!found) {
			set_cause(&cause, "no group '%s'", f.group_id);
			goto fail;
		}
	}
	if (rec_result_list(s, &f, &r, &nr, &cause) != 0 ||
	    rec_attempt_list(s, &f, &a, &na, &cause) != 0)
		goto fail;
	if (strcmp(format, "csv") == 0)
		text = records_csv(r, nr);
	else if (strcmp(format, "json") == 0)
		text = rec_export_json(s, &f, r, nr, a, na, &cause);
	else
		text = records_xapi(cfg, r, nr, a, na, &cause);
	if (text == NULL)
		goto fail;
	if (strcmp(out, "-") == 0) {
		fputs(text, stdout);
		if (fflush(stdout) != 0 || ferror(stdout)) {
			set_cause(&cause, "cannot write to standard output");
			goto fail;
		}
	} else if (file_write_replacing(out, text, strlen(text), &cause) != 0)
		goto fail;
	else
		fprintf(stderr, "exported %zu results and %zu attempts to %s\n",
		    nr, na, out);
	rc = EXIT_OK;
	goto done;
fail:
	cli_error("records export", "%s", cause);
	free(cause);
done:
	free(text);
	rec_result_free_array(r, nr);
	rec_attempt_free_array(a, na);
	rec_group_free_array(g, ng);
	rec_close(s);
	return rc;
}

static char *
backup_seal(int64_t seq, const char *hash, void *arg, char **cause)
{
	return cred_backup_seal(seq, hash, arg, (int64_t)time(NULL), cause);
}

static int
records_backup(int argc, char **argv, struct cli_config *cfg)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL;
	struct rec_store *s;
	struct cred_key *key;
	char *cause = NULL;
	int opt, rc = EXIT_OK;

	optind = 0;
	while ((opt = cli_getopt(argc, argv, opts)) != -1) {
		if (opt != 'o')
			return cli_bad_option(&cmd_records, argv);
		out = optarg;
	}
	if (optind != argc)
		return cli_unexpected(&cmd_records, argv);
	if (out == NULL)
		return cli_usage_error(&cmd_records, "backup: --out FILE is "
		    "required");
	if ((s = cli_records_open(cfg, "records backup")) == NULL)
		return EXIT_FAIL;
	/* Sealed with the institution key when this installation has one. */
	key = cred_key_load(cfg->keys_dir, NULL);
	if (rec_backup_sealed(s, out, key != NULL ? backup_seal : NULL, key,
	    &cause) != 0) {
		cli_error("records backup", "%s", cause);
		free(cause);
		rc = EXIT_FAIL;
	} else if (key != NULL)
		printf("backed up %s to %s (verified; head signed by %s)\n",
		    rec_path(s), out, cred_key_did(key));
	else
		printf("backed up %s to %s (verified; head not signed: this "
		    "installation has no institution key, see layerlab keys "
		    "init)\n", rec_path(s), out);
	cred_key_free(key);
	rec_close(s);
	return rc;
}

struct restore_check {
	const char *signer;	/* the did:key that must have sealed it */
	bool unsigned_ok;
};

/* A backup is restored only when its signed head is its chain's head. */
static int
restore_accept(struct rec_store *copy, void *arg, char **cause)
{
	struct restore_check *want = arg;
	char hash[65], *seal = NULL;
	int64_t seq;
	int found, ok;

	if ((found = rec_backup_seal(copy, &seal, cause)) < 0)
		return -1;
	if (found == 0) {
		if (want->unsigned_ok)
			return 0;
		set_cause(cause, "it carries no signed head (taken without an "
		    "institution key): add --unsigned to restore it on its "
		    "audit chain alone");
		return -1;
	}
	if (want->signer == NULL) {
		free(seal);
		set_cause(cause, "this installation has no institution key to "
		    "check its signed head against: give the institution's "
		    "did:key with --signer");
		return -1;
	}
	ok = rec_chain_head(copy, &seq, hash, cause) == 0 &&
	    cred_backup_seal_check(seal, want->signer, seq, hash, cause) == 0 &&
	    cred_records_trust(copy, want->signer, NULL, cause) == 0;
	free(seal);
	return ok ? 0 : -1;
}

static int
records_restore(int argc, char **argv, struct cli_config *cfg)
{
	static const struct option opts[] = {
		{ "replace", no_argument, NULL, 'r' },
		{ "signer", required_argument, NULL, 's' },
		{ "unsigned", no_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	struct restore_check check = { 0 };
	struct cred_key *key;
	bool replace = false;
	char *cause = NULL, *aside = NULL;
	int opt, rc;

	optind = 0;
	while ((opt = cli_getopt(argc, argv, opts)) != -1) {
		switch (opt) {
		case 'r': replace = true; break;
		case 's': check.signer = optarg; break;
		case 'u': check.unsigned_ok = true; break;
		default: return cli_bad_option(&cmd_records, argv);
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error(&cmd_records, "restore: which backup? "
		    "(restore BACKUP.db)");
	key = cred_key_load(cfg->keys_dir, NULL);
	if (check.signer == NULL && key != NULL)
		check.signer = cred_key_did(key);
	rc = rec_restore(argv[optind], cfg->db, replace, restore_accept,
	    &check, &aside, &cause);
	if (rc != 0) {
		cli_error("records restore", "%s", cause);
		free(cause);
	} else {
		if (aside != NULL)
			printf("moved the database that was there aside to %s\n",
			    aside);
		printf("restored %s to %s (verified%s)\n", argv[optind], cfg->db,
		    check.unsigned_ok ? "" : "; signed head matches");
	}
	free(aside);
	cred_key_free(key);
	return rc == 0 ? EXIT_OK : EXIT_FAIL;
}

static int
run(int argc, char **argv, struct cli_config *cfg)
{
	static const struct cli_subcommand subs[] = {
		{ "verify", records_verify },
		{ "export", records_export },
		{ "backup", records_backup },
		{ "restore", records_restore },
		{ "merge", records_merge },
		{ "push", records_push },
	};

	return cli_run_subcommand(&cmd_records, subs, LL_ARRAY_LEN(subs),
	    argc, argv, cfg);
}

const struct cli_command cmd_records = {
	.name = "records",
	.summary = "verify, export (CSV, xAPI, JSON), back up and restore the "
	    "records",
	.usage = "layerlab records verify | export --format "
	    "csv|xapi|json|moodle-competencies "
	    "[--learner ID] [--group ID] [--since DATE] --out FILE | "
	    "backup --out FILE | restore BACKUP [--replace] [--signer DID] "
	    "[--unsigned] | merge OTHER.db [--prefer ours|theirs] "
	    "[--take KIND:ID=ours|theirs]... | push [--lrs URL] [--learner ID] "
	    "[--group ID] [--since DATE]",
	.help =
	    "verify\n"
	    "    Checks the database file (PRAGMA integrity_check), its foreign\n"
	    "    keys, the audit chain from its first entry, and that every\n"
	    "    learner, trainer, attempt, result and credential still matches\n"
	    "    the audit entry that last wrote it. Prints what it checked and\n"
	    "    the head of the chain (note it down to prove later that no\n"
	    "    entries were cut off the end). Exits 1 on any damage, naming\n"
	    "    the first entry that does not match.\n"
	    "\n"
	    "export --format FORMAT --out FILE [--learner ID] [--group ID]\n"
	    "       [--since DATE]\n"
	    "    csv   one line per result, RFC 4180, UTF-8, for spreadsheets\n"
	    "    xapi  xAPI 1.0.3 statements (a JSON array) for a learning\n"
	    "          record store; needs institution.url in the configuration;\n"
	    "          statement ids are stable, so exporting twice never\n"
	    "          duplicates a statement\n"
	    "    moodle-competencies  the installed modules and their learning\n"
	    "          outcomes as a Moodle competency framework (Site\n"
	    "          administration > Competencies > Import competency\n"
	    "          framework), names in the --lang language\n"
	    "    json  everything: groups, learners, trainers (without PINs),\n"
	    "          attempts, results with their evidence, issued credentials\n"
	    "    DATE is 2026-09-01 (midnight UTC) or 2026-09-01T08:00:00Z.\n"
	    "    The file is written beside FILE and renamed into place, so a\n"
	    "    failure never leaves half an export; '-' writes to stdout.\n"
	    "\n"
	    "backup --out FILE\n"
	    "    Writes a consistent copy of the whole database while stations\n"
	    "    keep working, checks the copy as verify does, and only then\n"
	    "    names it FILE (an existing FILE is refused). With an\n"
	    "    institution key (layerlab keys init) the copy carries the head\n"
	    "    of its audit chain signed with it.\n"
	    "\n"
	    "restore BACKUP [--replace] [--signer DID] [--unsigned]\n"
	    "    Makes BACKUP the database (--db) again: checks a copy of it as\n"
	    "    verify does and its signed head against its chain (signed by\n"
	    "    this installation's key, or the did:key given with --signer),\n"
	    "    and only then gives it the database's name. A backup altered\n"
	    "    since it was taken is refused and nothing changes. An existing\n"
	    "    database is refused unless --replace: stop every station; it\n"
	    "    is moved aside, not deleted. --unsigned restores a backup\n"
	    "    without a signed head on its audit chain alone.\n"
	    "\n"
	    "merge OTHER.db [--prefer ours|theirs] [--take KIND:ID=ours|theirs]\n"
	    "    Brings another station's learners, groups, trainers, attempts,\n"
	    "    results, sign-offs and credentials into this database (a file\n"
	    "    carried on a USB stick). Merging twice changes nothing. The same\n"
	    "    learner, group or trainer id with another name, group, school id\n"
	    "    or PIN is a conflict: all are listed, and nothing is merged until\n"
	    "    each has a choice, --take learner:ana=theirs for one or --prefer\n"
	    "    for the rest. Every merged row is in the audit chain.\n"
	    "\n"
	    "push [--lrs URL] [--learner ID] [--group ID] [--since DATE]\n"
	    "    Sends the xAPI statements (as export --format xapi makes them)\n"
	    "    to a learning record store: URL is its xAPI endpoint (default\n"
	    "    lrs.url in the configuration), with lrs.user and lrs.password\n"
	    "    (HTTP Basic) or lrs.token_url, lrs.client_id and\n"
	    "    lrs.client_secret (OAuth client credentials). Statements go in\n"
	    "    batches of 50; what the LRS accepted is remembered, so a push\n"
	    "    that fails half-way sends the rest next time and a push twice\n"
	    "    sends nothing twice. Exits 1 while statements still wait.\n"
	    "\n"
	    "Examples:\n"
	    "  layerlab records verify\n"
	    "  layerlab records merge /media/usb/station-4.db --prefer ours\n"
	    "  layerlab records backup --out /media/usb/layerlab-2026-11-22.db\n"
	    "  layerlab records restore /media/usb/layerlab-2026-11-22.db "
	    "--replace\n"
	    "  layerlab records export --format csv --group 3a --out 3a.csv\n"
	    "  layerlab records export --format xapi --since 2026-09-01 "
	    "--out lrs.json\n"
	    "  layerlab --db /srv/layerlab/records.db records export --format "
	    "json --out backup.json\n",
	.run = run,
};
