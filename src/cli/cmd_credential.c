/*
 * layerlab credential: issue a learner's micro-credential from their
 * recorded results, verify a credential file, revoke or list issued ones.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "catalogue.h"
#include "cli.h"
#include "credential.h"
#include "records.h"

/*
 * Writes text to path.tmp, syncs, and returns the temporary name: the
 * caller renames it into place once the store has the credential, so a
 * file on disk always matches a recorded credential.
 */
static char *
write_temp(const char *path, const char *text, size_t len, char **cause)
{
	char *tmp = xasprintf("%s.tmp", path);
	size_t off = 0;
	int fd;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1) {
		set_cause(cause, "%s: %s", tmp, strerror(errno));
		free(tmp);
		return NULL;
	}
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			set_cause(cause, "%s: %s", tmp, strerror(errno));
			close(fd);
			unlink(tmp);
			free(tmp);
			return NULL;
		}
		off += (size_t)n;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		set_cause(cause, "%s: %s", tmp, strerror(errno));
		unlink(tmp);
		free(tmp);
		return NULL;
	}
	return tmp;
}

static int
refuse_existing(const char *what, const char *path)
{
	struct stat st;

	if (path != NULL && stat(path, &st) == 0) {
		cli_error(what, "%s already exists (not replaced: choose another "
		    "file name)", path);
		return -1;
	}
	return 0;
}

int
cli_credential_issue(const struct cli_config *cfg, const char *learner_id,
    const char *def_id, const char *out, const char *html, const char *pdf,
    const char *lang, char **cause_out)
{
	struct lesson_catalogue *cat = NULL;
	struct cred_definition def;
	struct rec_store *s = NULL;
	struct rec_learner learner;
	struct rec_result *rows = NULL;
	struct cred_result *results = NULL;
	struct rec_filter filter = { .learner_id = learner_id };
	struct cred_key *key = NULL;
	char *cause = NULL, *doc = NULL, *uri = NULL, *tmp = NULL;
	char *tmp_html = NULL, *page = NULL, *tmp_pdf = NULL;
	uint8_t *pdf_bytes = NULL;
	size_t pdf_len = 0;
	size_t nrows = 0;
	int64_t row_id;
	int rc = EXIT_FAIL;

	memset(&def, 0, sizeof def);
	memset(&learner, 0, sizeof learner);
	if (cause_out != NULL) {
		const char *files[] = { out, html, pdf };
		struct stat st;

		for (size_t i = 0; i < LL_ARRAY_LEN(files); i++) {
			if (files[i] != NULL && stat(files[i], &st) == 0) {
				set_cause(cause_out, "%s already exists", files[i]);
				return EXIT_FAIL;
			}
		}
	} else if (refuse_existing("credential issue", out) != 0 ||
	    refuse_existing("credential issue", html) != 0 ||
	    refuse_existing("credential issue", pdf) != 0)
		return EXIT_FAIL;
	if ((key = cred_key_load(cfg->keys_dir, &cause)) == NULL)
		goto fail;
	cat = lesson_catalogue_load((const char *const *)cfg->modules_dirs,
	    cfg->nmodules_dirs, &cause);
	if (cat == NULL)
		goto fail;
	if (lesson_credential_find(cat, def_id, &def, &cause) != 0)
		goto fail;
	if ((s = rec_open(cfg->db, &cause)) == NULL)
		goto fail;
	if (rec_learner_get(s, learner_id, &learner, &cause) != 0)
		goto fail;
	if (rec_result_list(s, &filter, &rows, &nrows, &cause) != 0)
		goto fail;
	results = xcalloc(nrows ? nrows : 1, sizeof *results);
	for (size_t i = 0; i < nrows; i++)
		cred_result_from_rec(&rows[i], &results[i]);
	{
		struct cred_institution inst = {
			.name = cfg->institution_name,
			.url = cfg->institution_url,
			.country = cfg->institution_country,
			.region = cfg->institution_region,
			.quality_assurance = cfg->quality_assurance,
		};
		struct cred_learner who = {
			.id = learner.id,
			.school_id = learner.school_id,
			.display_name = learner.name,
		};
		struct cred_issue in = {
			.def = &def, .institution = &inst, .key = key,
			.learner = &who, .results = results, .nresults = nrows,
			.lang = lang, .now = (int64_t)time(NULL),
		};

		if ((doc = cred_issue(&in, &cause)) == NULL)
			goto fail;
	}
	{
		/* Never hand out what would not verify. */
		struct cred_report rep;

		if (cred_verify(doc, strlen(doc), &rep) != 0)
			fatal("an issued credential does not verify");
		uri = xstrdup(rep.id);
		cred_report_free(&rep);
	}
	if (html != NULL) {
		page = cred_certificate_html(doc, learner.name, lang, &cause);
		if (page == NULL ||
		    (tmp_html = write_temp(html, page, strlen(page),
		    &cause)) == NULL)
			goto fail;
	}
	if (pdf != NULL) {
		pdf_bytes = cred_certificate_pdf(doc, learner.name, lang,
		    &pdf_len, &cause);
		if (pdf_bytes == NULL || (tmp_pdf = write_temp(pdf,
		    (const char *)pdf_bytes, pdf_len, &cause)) == NULL)
			goto fail;
	}
	if ((tmp = write_temp(out, doc, strlen(doc), &cause)) == NULL)
		goto fail;
	/* Recorded before it is handed out: no credential exists that the
	 * store does not know about. */
	if (rec_credential_add(s, uri, learner.id, def.id, doc, &row_id,
	    &cause) != 0)
		goto fail;
	if (rename(tmp, out) != 0) {
		cause = xasprintf("%s: %s (the credential %s is recorded; "
		    "its document is in %s)", out, strerror(errno), uri, tmp);
		free(tmp);
		tmp = NULL;
		goto fail;
	}
	if (tmp_html != NULL && rename(tmp_html, html) != 0) {
		cause = xasprintf("%s: %s", html, strerror(errno));
		goto fail;
	}
	if (tmp_pdf != NULL && rename(tmp_pdf, pdf) != 0) {
		cause = xasprintf("%s: %s", pdf, strerror(errno));
		goto fail;
	}
	if (cause_out == NULL) {
		printf("issued %s\n  credential: %s\n  learner:    %s (%s)\n  "
		    "issuer:     %s\n  file:       %s\n", uri, def.id,
		    learner.id, learner.name, cred_key_did(key), out);
		if (html != NULL)
			printf("  certificate: %s\n", html);
		if (pdf != NULL)
			printf("  certificate: %s\n", pdf);
	}
	rc = EXIT_OK;
	goto done;

fail:
	if (cause_out != NULL) {
		set_cause(cause_out, "%s", cause != NULL ? cause : "failed");
	} else
		cli_error("credential issue", "%s", cause != NULL ? cause :
		    "failed");
	if (tmp != NULL)
		unlink(tmp);
	if (tmp_html != NULL)
		unlink(tmp_html);
	if (tmp_pdf != NULL)
		unlink(tmp_pdf);
done:
	free(cause);
	free(tmp);
	free(tmp_html);
	free(tmp_pdf);
	free(pdf_bytes);
	free(page);
	free(uri);
	free(doc);
	free(results);
	rec_result_free_array(rows, nrows);
	rec_learner_clear(&learner);
	if (s != NULL)
		rec_close(s);
	cred_definition_free(&def);
	if (cat != NULL)
		lesson_catalogue_free(cat);
	cred_key_free(key);
	return rc;
}

/* The store's word on a credential, when this machine has a store. */
static void
verify_revocation(struct cli_config *cfg, const char *uri, bool *ok)
{
	struct rec_credential c;
	struct rec_store *s;
	struct stat st;
	char *cause = NULL;

	if (uri == NULL || stat(cfg->db, &st) != 0)
		return;
	if ((s = rec_open(cfg->db, &cause)) == NULL) {
		printf("skip  revocation: %s\n", cause);
		free(cause);
		return;
	}
	memset(&c, 0, sizeof c);
	if (rec_credential_get(s, uri, &c, NULL) == 0) {
		if (c.revoked) {
			printf("FAIL  not revoked: revoked on this station's "
			    "records: %s\n", c.revoke_reason);
			*ok = false;
		} else
			printf("ok    not revoked (records %s)\n", cfg->db);
		rec_credential_clear(&c);
	}
	rec_close(s);
}

static int
credential_verify(struct cli_config *cfg, const char *path, bool quiet)
{
	struct cred_report rep;
	char *cause = NULL, *text;
	size_t len;
	bool ok;

	if ((text = file_read_all(path, &len, &cause)) == NULL) {
		cli_error("credential verify", "%s", cause);
		free(cause);
		return EXIT_FAIL;
	}
	ok = cred_verify(text, len, &rep) == 0;
	free(text);
	if (!quiet) {
		printf("credential: %s\n", path);
		for (size_t i = 0; i < rep.n; i++) {
			printf("%s  %s", rep.checks[i].ok ? "ok  " : "FAIL",
			    rep.checks[i].what);
			if (rep.checks[i].detail != NULL)
				printf(": %s", rep.checks[i].detail);
			putchar('\n');
		}
		verify_revocation(cfg, rep.id, &ok);
	}
	if (ok)
		printf("valid: %s issued by %s\n", rep.id, rep.issuer);
	else {
		size_t failed = 0;

		for (size_t i = 0; i < rep.n; i++)
			failed += !rep.checks[i].ok;
		cli_error("credential verify", "%s: NOT valid (%zu of %zu "
		    "checks failed)", path, failed, rep.n);
	}
	cred_report_free(&rep);
	return ok ? EXIT_OK : EXIT_FAIL;
}

static int
credential_revoke(struct cli_config *cfg, const char *uri, const char *learner_id,
    const char *def_id, const char *reason)
{
	struct rec_store *s;
	struct rec_credential *list = NULL;
	struct rec_filter filter = { .learner_id = learner_id };
	char *cause = NULL, *found = NULL;
	size_t n = 0, matches = 0;
	int rc = EXIT_FAIL;

	if ((s = rec_open(cfg->db, &cause)) == NULL)
		goto out;
	if (uri == NULL) {
		if (rec_credential_list(s, &filter, &list, &n, &cause) != 0)
			goto out;
		for (size_t i = 0; i < n; i++) {
			if (list[i].revoked || strcmp(list[i].definition_id,
			    def_id) != 0)
				continue;
			matches++;
			free(found);
			found = xstrdup(list[i].uri);
		}
		if (matches == 0) {
			cause = xasprintf("learner %s holds no unrevoked "
			    "credential %s", learner_id, def_id);
			goto out;
		}
		if (matches > 1) {
			cause = xasprintf("learner %s holds %zu credentials %s: "
			    "name one with --id (see 'layerlab credential "
			    "list --learner %s')", learner_id, matches, def_id,
			    learner_id);
			goto out;
		}
		uri = found;
	}
	if (rec_credential_revoke(s, uri, reason, &cause) != 0)
		goto out;
	printf("revoked %s: %s\n", uri, reason);
	rc = EXIT_OK;
out:
	if (rc != EXIT_OK)
		cli_error("credential revoke", "%s", cause);
	free(cause);
	free(found);
	rec_credential_free_array(list, n);
	if (s != NULL)
		rec_close(s);
	return rc;
}

/*
 * Writes an issued credential again, exactly as the store keeps it, with
 * its certificates: for a learner who lost the file.
 */
static int
credential_export(struct cli_config *cfg, const char *uri, const char *out,
    const char *html, const char *pdf, const char *lang)
{
	struct rec_store *s;
	struct rec_credential c;
	struct rec_learner learner;
	char *cause = NULL, *page = NULL, *tmp = NULL;
	uint8_t *pdf_bytes = NULL;
	size_t pdf_len;
	const struct {
		const char *path;
		int kind;
	} files[] = { { out, 0 }, { html, 1 }, { pdf, 2 } };
	int rc = EXIT_FAIL;

	memset(&c, 0, sizeof c);
	memset(&learner, 0, sizeof learner);
	for (size_t i = 0; i < LL_ARRAY_LEN(files); i++) {
		if (refuse_existing("credential export", files[i].path) != 0)
			return EXIT_FAIL;
	}
	if ((s = rec_open(cfg->db, &cause)) == NULL ||
	    rec_credential_get(s, uri, &c, &cause) != 0)
		goto out;
	/* The name is on the certificate only; a learner since removed
	 * gets the hashed identifier instead. */
	if (rec_learner_get(s, c.learner_id, &learner, NULL) != 0)
		memset(&learner, 0, sizeof learner);
	for (size_t i = 0; i < LL_ARRAY_LEN(files); i++) {
		const char *data;
		size_t len;

		if (files[i].path == NULL)
			continue;
		if (files[i].kind == 0) {
			data = c.document;
			len = strlen(c.document);
		} else if (files[i].kind == 1) {
			free(page);
			if ((page = cred_certificate_html(c.document,
			    learner.name, lang, &cause)) == NULL)
				goto out;
			data = page;
			len = strlen(page);
		} else {
			if ((pdf_bytes = cred_certificate_pdf(c.document,
			    learner.name, lang, &pdf_len, &cause)) == NULL)
				goto out;
			data = (const char *)pdf_bytes;
			len = pdf_len;
		}
		if ((tmp = write_temp(files[i].path, data, len, &cause)) ==
		    NULL)
			goto out;
		if (rename(tmp, files[i].path) != 0) {
			cause = xasprintf("%s: %s", files[i].path,
			    strerror(errno));
			unlink(tmp);
			goto out;
		}
		free(tmp);
		tmp = NULL;
		printf("wrote %s\n", files[i].path);
	}
	if (c.revoked)
		fprintf(stderr, "layerlab: credential export: note: %s was "
		    "revoked: %s\n", uri, c.revoke_reason);
	rc = EXIT_OK;
out:
	if (rc != EXIT_OK)
		cli_error("credential export", "%s", cause);
	free(cause);
	free(tmp);
	free(page);
	free(pdf_bytes);
	rec_credential_clear(&c);
	rec_learner_clear(&learner);
	if (s != NULL)
		rec_close(s);
	return rc;
}

static int
credential_list(struct cli_config *cfg, const char *learner_id)
{
	struct rec_store *s;
	struct rec_credential *c = NULL;
	struct rec_filter filter = { .learner_id = learner_id };
	char *cause = NULL, when[32];
	size_t n = 0;

	if ((s = rec_open(cfg->db, &cause)) == NULL ||
	    rec_credential_list(s, &filter, &c, &n, &cause) != 0) {
		cli_error("credential list", "%s", cause);
		free(cause);
		if (s != NULL)
			rec_close(s);
		return EXIT_FAIL;
	}
	for (size_t i = 0; i < n; i++) {
		clock_iso8601(when, c[i].issued);
		printf("%s  %-14s %-16s %s%s%s\n", c[i].uri, c[i].learner_id,
		    c[i].definition_id, when, c[i].revoked ? "  REVOKED: " :
		    "", c[i].revoked ? c[i].revoke_reason : "");
	}
	if (n == 0)
		fprintf(stderr, "no credentials issued%s%s\n", learner_id ?
		    " to " : "", learner_id ? learner_id : "");
	rec_credential_free_array(c, n);
	rec_close(s);
	return EXIT_OK;
}

static int
run(int argc, char **argv, struct cli_config *cfg)
{
	static const struct option opts[] = {
		{ "learner", required_argument, NULL, 'l' },
		{ "credential", required_argument, NULL, 'c' },
		{ "out", required_argument, NULL, 'o' },
		{ "html", required_argument, NULL, 'H' },
		{ "pdf", required_argument, NULL, 'P' },
		{ "id", required_argument, NULL, 'i' },
		{ "reason", required_argument, NULL, 'r' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *learner = NULL, *def = NULL, *out = NULL, *html = NULL;
	const char *pdf = NULL;
	const char *id = NULL, *reason = NULL, *sub;
	bool quiet = false;
	int opt;

	if (argc < 2)
		return cli_usage_error(&cmd_credential, "expected issue, verify, "
		    "revoke or list");
	sub = argv[1];
	argc--;
	argv++;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (opt) {
		case 'l': learner = optarg; break;
		case 'c': def = optarg; break;
		case 'o': out = optarg; break;
		case 'H': html = optarg; break;
		case 'P': pdf = optarg; break;
		case 'i': id = optarg; break;
		case 'r': reason = optarg; break;
		case 'q': quiet = true; break;
		case 'h': printf("usage: %s\n\n%s", cmd_credential.usage,
		    cmd_credential.help); return EXIT_OK;
		default: return cli_usage_error(&cmd_credential, "bad option");
		}
	}
	if (strcmp(sub, "issue") == 0) {
		if (optind < argc)
			return cli_usage_error(&cmd_credential, "unexpected "
			    "argument '%s'", argv[optind]);
		if (learner == NULL || def == NULL || out == NULL)
			return cli_usage_error(&cmd_credential, "issue needs "
			    "--learner ID, --credential ID and --out FILE");
		return cli_credential_issue(cfg, learner, def, out, html, pdf,
		    cfg->lang, NULL);
	}
	if (strcmp(sub, "verify") == 0) {
		if (argc - optind != 1)
			return cli_usage_error(&cmd_credential, "verify takes one "
			    "FILE");
		return credential_verify(cfg, argv[optind], quiet);
	}
	if (strcmp(sub, "revoke") == 0) {
		if (optind < argc)
			return cli_usage_error(&cmd_credential, "unexpected "
			    "argument '%s'", argv[optind]);
		if (reason == NULL || *reason == '\0')
			return cli_usage_error(&cmd_credential, "revoke needs "
			    "--reason TEXT");
		if ((id == NULL) == (learner == NULL || def == NULL))
			return cli_usage_error(&cmd_credential, "revoke needs "
			    "--id URN, or --learner ID and --credential ID");
		return credential_revoke(cfg, id, learner, def, reason);
	}
	if (strcmp(sub, "export") == 0) {
		if (optind < argc)
			return cli_usage_error(&cmd_credential, "unexpected "
			    "argument '%s'", argv[optind]);
		if (id == NULL || (out == NULL && html == NULL && pdf == NULL))
			return cli_usage_error(&cmd_credential, "export needs "
			    "--id URN and --out, --html or --pdf FILE");
		return credential_export(cfg, id, out, html, pdf, cfg->lang);
	}
	if (strcmp(sub, "list") == 0) {
		if (optind < argc)
			return cli_usage_error(&cmd_credential, "unexpected "
			    "argument '%s'", argv[optind]);
		return credential_list(cfg, learner);
	}
	return cli_usage_error(&cmd_credential, "unknown subcommand '%s'", sub);
}

const struct cli_command cmd_credential = {
	.name = "credential",
	.summary = "issue, verify, revoke, export and list micro-credentials",
	.usage = "layerlab credential issue --learner ID --credential ID "
	    "--out FILE [--html FILE] [--pdf FILE] | verify FILE | revoke (--id URN | "
	    "--learner ID --credential ID) --reason TEXT | export --id URN "
	    "[--out FILE] [--html FILE] [--pdf FILE] | list [--learner ID]",
	.help =
	    "A micro-credential is an Open Badges 3.0 credential carrying every\n"
	    "mandatory element of the EU micro-credential, signed with the\n"
	    "institution's key (see 'layerlab keys'). Definitions live in\n"
	    "modules/credentials/<ID>.lua.\n"
	    "\n"
	    "  issue --learner ID --credential ID --out FILE [--html FILE]\n"
	    "        [--pdf FILE]\n"
	    "      Issues the credential when every outcome it requires has a\n"
	    "      passing result; otherwise lists the outcomes still missing\n"
	    "      and changes nothing. Writes the signed JSON to FILE, records\n"
	    "      it, and with --html / --pdf writes the printable certificate\n"
	    "      with a QR code (credential id and issuer). Texts are in\n"
	    "      --lang. No file is ever overwritten. The PDF uses the\n"
	    "      standard PDF fonts: Latin scripts only (use --html for\n"
	    "      Cyrillic).\n"
	    "  verify FILE [--quiet]\n"
	    "      Checks the signature, that the signing key is the issuer's\n"
	    "      did:key, and every mandatory EU element; prints each check.\n"
	    "      When this station's records know the credential, also that\n"
	    "      it is not revoked. Exit 0 only when everything holds.\n"
	    "  revoke --id URN --reason TEXT\n"
	    "  revoke --learner ID --credential ID --reason TEXT\n"
	    "      Marks an issued credential revoked, with the reason.\n"
	    "  export --id URN [--out FILE] [--html FILE] [--pdf FILE]\n"
	    "      Writes an issued credential again, byte for byte as it was\n"
	    "      issued, and its certificates (for a lost file).\n"
	    "  list [--learner ID]\n"
	    "      The credentials issued, with their ids.\n"
	    "\n"
	    "Examples:\n"
	    "  layerlab credential issue --learner ana.novak --credential "
	    "fdm-operator \\\n"
	    "      --out ana-fdm.json --html ana-fdm.html --pdf ana-fdm.pdf\n"
	    "  layerlab credential verify ana-fdm.json\n"
	    "  layerlab credential revoke --learner ana.novak --credential "
	    "fdm-operator \\\n"
	    "      --reason \"issued to the wrong learner\"\n",
	.run = run,
};
