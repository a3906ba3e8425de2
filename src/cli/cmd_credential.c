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
#include "i18n.h"
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

static bool
placeholder_url(const char *url)
{
	static const char *const hosts[] = { "example.org", "example.com",
	    "example.net", "www.example.org", "www.example.com",
	    "www.example.net" };
	const char *host;
	size_t len;

	if (url == NULL || *url == '\0')
		return true;
	host = strstr(url, "://");
	host = host != NULL ? host + 3 : url;
	len = strcspn(host, "/:?#");
	for (size_t i = 0; i < LL_ARRAY_LEN(hosts); i++) {
		if (strlen(hosts[i]) == len && strncmp(host, hosts[i], len) == 0)
			return true;
	}
	return false;
}

int
cli_institution(const struct cli_config *cfg, struct cred_institution *inst,
    char **cause)
{
	memset(inst, 0, sizeof *inst);
	inst->name = cfg->institution_name;
	inst->url = cfg->institution_url;
	inst->country = cfg->institution_country;
	inst->region = cfg->institution_region;
	inst->quality_assurance = cfg->quality_assurance;
	if (inst->name == NULL || *inst->name == '\0' ||
	    strcmp(inst->name, CLI_PLACEHOLDER_INSTITUTION_NAME) == 0 ||
	    placeholder_url(inst->url)) {
		set_cause(cause, "institution.name and institution.url are "
		    "still the placeholders ('%s', %s): set the school's own in "
		    "the configuration first (see docs/configuration.md); every "
		    "credential and xAPI id is made from them and can never be "
		    "changed afterwards", inst->name != NULL ? inst->name : "",
		    inst->url != NULL ? inst->url : "no url");
		return -1;
	}
	return 0;
}

/* Labels of certificates come from the interface catalogues. */
static struct cred_cert_options
cert_options(const char *lang, const char *display_name)
{
	struct cred_cert_options o = {
		.lang = lang != NULL ? lang : "en",
		.display_name = display_name,
		.label = i18n_get_lang,
	};

	return o;
}

/* The certificates of a credential into temporary files next to their
 * names; NULL paths are skipped. */
static int
write_certificates(const char *doc, const struct cred_cert_options *o,
    const char *const paths[3], char *tmps[3], char **cause)
{
	for (int i = 0; i < 3; i++) {
		uint8_t *bytes = NULL;
		size_t len = 0;

		tmps[i] = NULL;
		if (paths[i] == NULL)
			continue;
		if (i == 0) {
			char *page = cred_certificate_html(doc, o, cause);

			bytes = (uint8_t *)page;
			len = page != NULL ? strlen(page) : 0;
		} else if (i == 1)
			bytes = cred_certificate_pdf(doc, o, &len, cause);
		else
			bytes = cred_certificate_png(doc, o, &len, cause);
		if (bytes == NULL)
			return -1;
		tmps[i] = write_temp(paths[i], (const char *)bytes, len, cause);
		free(bytes);
		if (tmps[i] == NULL)
			return -1;
	}
	return 0;
}

/*
 * The records must prove themselves before a credential rests on them: they
 * verify, and the heads signed into the credentials issued so far are still
 * in the chain (a log cut short or computed again is found). The head it
 * will be issued from is signed into the new one.
 */
static int
records_sound(struct rec_store *s, const struct cred_key *key, int64_t *seq,
    char hash[65], char **cause)
{
	char *why = NULL;
	int rc;

	rc = cred_records_trust(s, cred_key_did(key), NULL, &why);
	if (rc != 0)
		set_cause(cause, "%s: no credential is issued from them; run "
		    "'layerlab records verify' and see docs/records.md", why);
	else
		rc = rec_chain_head(s, seq, hash, cause);
	free(why);
	return rc;
}

/* A free bit of the revocation list for a new credential. */
static int64_t
new_status_index(const struct rec_credential *all, size_t n)
{
	int64_t *taken = xcalloc(n + 1, sizeof *taken), pick;

	for (size_t i = 0; i < n; i++)
		taken[i] = cred_status_index(all[i].document);
	pick = cred_status_index_pick(taken, n);
	free(taken);
	return pick;
}

struct issue_request {
	const char *learner_id, *def_id, *lang;
	const char *out, *html, *pdf, *png;
	bool reissue;
};

struct record_args {
	const char *uri, *learner, *def, *doc, *replaces;
	char *why;
};

static int
record_credential(struct rec_store *s, void *arg)
{
	struct record_args *a = arg;
	int64_t row;
	char *reason;
	int rc;

	if (rec_credential_add(s, a->uri, a->learner, a->def, a->doc, &row,
	    &a->why) != 0)
		return -1;
	if (a->replaces == NULL)
		return 0;
	reason = xasprintf("reissued as %s", a->uri);
	rc = rec_credential_revoke(s, a->replaces, reason, &a->why);
	free(reason);
	return rc;
}

static int
issue(const struct cli_config *cfg, const struct issue_request *rq,
    char **cause_out)
{
	struct lesson_catalogue *cat = NULL;
	struct cred_definition def;
	struct rec_store *s = NULL;
	struct rec_learner learner;
	struct rec_result *rows = NULL;
	struct rec_credential *held = NULL;
	struct cred_held *mine = NULL;
	size_t nmine = 0;
	struct cred_result *results = NULL;
	struct rec_filter filter = { .learner_id = rq->learner_id };
	struct rec_filter everyone = { 0 };
	struct cred_key *key = NULL;
	struct cred_institution inst;
	const struct cred_outcome **missing = NULL;
	char *cause = NULL, *doc = NULL, *uri = NULL, *tmp = NULL;
	char *tmps[3] = { NULL, NULL, NULL }, *replaces = NULL;
	const char *const certs[3] = { rq->html, rq->pdf, rq->png };
	size_t nrows = 0, nheld = 0;
	int64_t status_index, head_seq = 0;
	char head_hash[65];
	int rc = EXIT_FAIL;

	memset(&def, 0, sizeof def);
	memset(&learner, 0, sizeof learner);
	{
		const char *files[] = { rq->out, rq->html, rq->pdf, rq->png };
		struct stat st;

		for (size_t i = 0; i < LL_ARRAY_LEN(files); i++) {
			if (files[i] != NULL && stat(files[i], &st) == 0) {
				cause = xasprintf("%s already exists (not "
				    "replaced: choose another file name)",
				    files[i]);
				goto fail;
			}
		}
	}
	if ((key = cred_key_load(cfg->keys_dir, &cause)) == NULL)
		goto fail;
	cat = lesson_catalogue_load((const char *const *)cfg->modules_dirs,
	    cfg->nmodules_dirs, &cause);
	if (cat == NULL)
		goto fail;
	if (lesson_credential_find(cat, rq->def_id, &def, &cause) != 0)
		goto fail;
	if ((s = rec_open(cfg->db, &cause)) == NULL)
		goto fail;
	if (rec_learner_get(s, rq->learner_id, &learner, &cause) != 0)
		goto fail;
	if (rec_result_list(s, &filter, &rows, &nrows, &cause) != 0)
		goto fail;
	results = xcalloc(nrows ? nrows : 1, sizeof *results);
	for (size_t i = 0; i < nrows; i++)
		cred_result_from_rec(&rows[i], &results[i]);
	/* What is still missing is the first thing a trainer needs to hear;
	 * cred_issue names it. The rest only matters once it is complete. */
	/* A credential this one builds on stands in for its modules. */
	if (rec_credential_list(s, &everyone, &held, &nheld, &cause) != 0)
		goto fail;
	mine = xcalloc(nheld ? nheld : 1, sizeof *mine);
	for (size_t i = 0; i < nheld; i++) {
		if (!held[i].revoked && strcmp(held[i].learner_id,
		    learner.id) == 0) {
			mine[nmine].definition_id = held[i].definition_id;
			mine[nmine++].uri = held[i].uri;
		}
	}
	if (cred_missing_outcomes(&def, learner.id, results, nrows, mine,
	    nmine, &missing) == 0) {
		if (cli_institution(cfg, &inst, &cause) != 0)
			goto fail;
		if (records_sound(s, key, &head_seq, head_hash, &cause) != 0)
			goto fail;
		for (size_t i = 0; i < nheld; i++) {
			char when[32];

			if (held[i].revoked || strcmp(held[i].learner_id,
			    learner.id) != 0 || strcmp(held[i].definition_id,
			    def.id) != 0)
				continue;
			if (!rq->reissue) {
				clock_iso8601(when, held[i].issued);
				when[10] = '\0';
				cause = xasprintf("learner %s already holds "
				    "credential %s, issued on %s (%s): not "
				    "issued again; --reissue issues a new one "
				    "and revokes that one", learner.id, def.id,
				    when, held[i].uri);
				goto fail;
			}
			free(replaces);
			replaces = xstrdup(held[i].uri);
		}
		if (rq->reissue && replaces == NULL) {
			cause = xasprintf("--reissue: learner %s holds no "
			    "unrevoked credential %s to replace", learner.id,
			    def.id);
			goto fail;
		}
		status_index = new_status_index(held, nheld);
		if (status_index < 0) {
			cause = xasprintf("the revocation list is full (%d "
			    "credentials)", CRED_STATUS_LIST_BITS);
			goto fail;
		}
	} else {
		/* cred_issue refuses below, naming the missing outcomes. */
		memset(&inst, 0, sizeof inst);
		inst.name = cfg->institution_name;
		inst.url = cfg->institution_url;
		inst.country = cfg->institution_country;
		inst.region = cfg->institution_region;
		inst.quality_assurance = cfg->quality_assurance;
		status_index = 0;
	}
	{
		struct cred_learner who = {
			.id = learner.id,
			.school_id = learner.school_id,
			.display_name = learner.name,
			.hash_name = cfg->hash_learner_name,
		};
		struct cred_issue in = {
			.def = &def, .institution = &inst, .key = key,
			.learner = &who, .results = results, .nresults = nrows,
			.held = mine, .nheld = nmine,
			.lang = rq->lang, .now = (int64_t)time(NULL),
			.with_status = true, .status_index = status_index,
			.head_seq = head_seq, .head_hash = head_hash,
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
	{
		struct cred_cert_options o = cert_options(rq->lang,
		    learner.name);

		if (write_certificates(doc, &o, certs, tmps, &cause) != 0)
			goto fail;
	}
	if ((tmp = write_temp(rq->out, doc, strlen(doc), &cause)) == NULL)
		goto fail;
	/* Recorded before it is handed out: no credential exists that the
	 * store does not know about. A reissue revokes the older one in the
	 * same transaction. */
	{
		struct record_args a = { uri, learner.id, def.id, doc,
		    replaces, NULL };

		if (rec_transaction(s, record_credential, &a, &cause) != 0) {
			if (a.why != NULL) {
				free(cause);
				cause = a.why;
			}
			goto fail;
		}
		free(a.why);
	}
	if (rename(tmp, rq->out) != 0) {
		cause = xasprintf("%s: %s (the credential %s is recorded; "
		    "its document is in %s)", rq->out, strerror(errno), uri,
		    tmp);
		free(tmp);
		tmp = NULL;
		goto fail;
	}
	for (int i = 0; i < 3; i++) {
		if (tmps[i] != NULL && rename(tmps[i], certs[i]) != 0) {
			cause = xasprintf("%s: %s", certs[i], strerror(errno));
			goto fail;
		}
	}
	if (cause_out == NULL) {
		printf("issued %s\n  credential: %s\n  learner:    %s (%s)\n  "
		    "issuer:     %s\n  file:       %s\n", uri, def.id,
		    learner.id, learner.name, cred_key_did(key), rq->out);
		for (int i = 0; i < 3; i++) {
			if (certs[i] != NULL)
				printf("  certificate: %s\n", certs[i]);
		}
		if (replaces != NULL)
			printf("  replaces:   %s (revoked)\n", replaces);
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
	for (int i = 0; i < 3; i++) {
		if (tmps[i] != NULL)
			unlink(tmps[i]);
	}
done:
	free(cause);
	free(tmp);
	for (int i = 0; i < 3; i++)
		free(tmps[i]);
	free(missing);
	free(replaces);
	free(uri);
	free(doc);
	free(results);
	free(mine);
	rec_result_free_array(rows, nrows);
	rec_credential_free_array(held, nheld);
	rec_learner_clear(&learner);
	if (s != NULL)
		rec_close(s);
	cred_definition_free(&def);
	if (cat != NULL)
		lesson_catalogue_free(cat);
	cred_key_free(key);
	return rc;
}

int
cli_credential_issue(const struct cli_config *cfg, const char *learner_id,
    const char *def_id, const char *out, const char *html, const char *pdf,
    const char *lang, char **cause_out)
{
	struct issue_request rq = { .learner_id = learner_id,
	    .def_id = def_id, .lang = lang, .out = out, .html = html,
	    .pdf = pdf };

	return issue(cfg, &rq, cause_out);
}

/* The store's word on a credential, when this machine has a store. */
static void
verify_revocation(struct cli_config *cfg, const char *uri, bool quiet,
    bool *ok)
{
	struct rec_credential c;
	struct rec_store *s;
	struct stat st;
	char *cause = NULL;

	if (uri == NULL || stat(cfg->db, &st) != 0)
		return;
	if ((s = rec_open(cfg->db, &cause)) == NULL) {
		if (!quiet)
			printf("skip  revocation: %s\n", cause);
		free(cause);
		return;
	}
	memset(&c, 0, sizeof c);
	if (rec_credential_get(s, uri, &c, NULL) == 0) {
		if (c.revoked) {
			if (!quiet)
				printf("FAIL  not revoked: revoked on this "
				    "station's records: %s\n", c.revoke_reason);
			*ok = false;
		} else if (!quiet)
			printf("ok    not revoked (records %s)\n", cfg->db);
		rec_credential_clear(&c);
	}
	rec_close(s);
}

/* The largest revocation list read or fetched: the list of 131 072 bits
 * compresses to a few kilobytes. */
#define STATUS_LIST_MAX (1u << 20)

/* The published revocation list's word, from a file or its URL. */
static void
verify_status_list(const char *text, const char *source, bool quiet,
    bool *ok)
{
	char *cause = NULL, *list;
	size_t len;
	bool revoked = false;

	list = cli_is_http_url(source) ? cli_http_get(source, STATUS_LIST_MAX,
	    &len, &cause) : file_read_all(source, &len, &cause);
	if (list == NULL || cred_status_check(text, list, len, &revoked,
	    &cause) != 0) {
		if (!quiet)
			printf("FAIL  status list %s: %s\n", source, cause);
		*ok = false;
	} else if (revoked) {
		if (!quiet)
			printf("FAIL  not revoked: revoked in the issuer's "
			    "status list %s\n", source);
		*ok = false;
	} else if (!quiet)
		printf("ok    not revoked (status list %s)\n", source);
	free(list);
	free(cause);
}

static int
credential_verify(struct cli_config *cfg, const char *path,
    const char *status_list, bool online, bool quiet)
{
	char *named = NULL;
	struct cred_report rep;
	char *cause = NULL, *text;
	size_t len;
	bool ok;

	if ((text = file_read_max(path, CRED_DOCUMENT_MAX, &len, &cause)) ==
	    NULL) {
		cli_error("credential verify", "%s", cause);
		free(cause);
		return EXIT_FAIL;
	}
	ok = cred_verify(text, len, &rep) == 0;
	if (!quiet) {
		printf("credential: %s\n", path);
		for (size_t i = 0; i < rep.n; i++) {
			printf("%s  %s", rep.checks[i].ok ? "ok  " : "FAIL",
			    rep.checks[i].what);
			if (rep.checks[i].detail != NULL)
				printf(": %s", rep.checks[i].detail);
			putchar('\n');
		}
	}
	/* --online: the list the credential names, from the issuer's site. */
	if (status_list == NULL && online) {
		if ((named = cred_status_list_of(text)) != NULL)
			status_list = named;
		else if (!quiet)
			printf("skip  status list: the credential names none\n");
	}
	if (status_list != NULL) {
		bool list_ok = true;

		verify_status_list(text, status_list, quiet, &list_ok);
		ok = ok && list_ok;
	}
	free(named);
	/* --quiet prints only the verdict; it still checks everything. */
	verify_revocation(cfg, rep.id, quiet, &ok);
	free(text);
	if (ok)
		printf("valid: %s issued by %s%s%s\n", rep.id, rep.issuer,
		    rep.holder != NULL ? " to " : "",
		    rep.holder != NULL ? rep.holder : "");
	else {
		size_t failed = 0;

		for (size_t i = 0; i < rep.n; i++)
			failed += !rep.checks[i].ok;
		if (failed > 0)
			cli_error("credential verify", "%s: NOT valid (%zu of "
			    "%zu checks failed)", path, failed, rep.n);
		else
			cli_error("credential verify", "%s: NOT valid "
			    "(revoked)", path);
	}
	cred_report_free(&rep);
	return ok ? EXIT_OK : EXIT_FAIL;
}

/*
 * The signed revocation list of every credential these records issued,
 * for the school's web site (cred_status_list_url says where).
 */
static int
credential_status_list(struct cli_config *cfg, const char *out)
{
	struct rec_store *s = NULL;
	struct rec_credential *all = NULL;
	struct rec_filter everyone = { 0 };
	struct cred_institution inst;
	struct cred_key *key = NULL;
	int64_t *revoked = NULL;
	size_t n = 0, nrevoked = 0;
	char *cause = NULL, *doc = NULL, *tmp = NULL, *url = NULL;
	int rc = EXIT_FAIL;

	if (refuse_existing("credential status-list", out) != 0)
		return EXIT_FAIL;
	if (cli_institution(cfg, &inst, &cause) != 0 ||
	    (key = cred_key_load(cfg->keys_dir, &cause)) == NULL ||
	    (s = rec_open(cfg->db, &cause)) == NULL ||
	    rec_credential_list(s, &everyone, &all, &n, &cause) != 0)
		goto out;
	revoked = xcalloc(n + 1, sizeof *revoked);
	for (size_t i = 0; i < n; i++) {
		int64_t idx = cred_status_index(all[i].document);

		if (all[i].revoked && idx >= 0)
			revoked[nrevoked++] = idx;
	}
	if ((doc = cred_status_list(&inst, key, revoked, nrevoked,
	    (int64_t)time(NULL), &cause)) == NULL)
		goto out;
	if ((tmp = write_temp(out, doc, strlen(doc), &cause)) == NULL)
		goto out;
	if (rename(tmp, out) != 0) {
		cause = xasprintf("%s: %s", out, strerror(errno));
		unlink(tmp);
		goto out;
	}
	url = cred_status_list_url(inst.url);
	printf("wrote %s: %zu credentials, %zu revoked\n  publish it at %s\n",
	    out, n, nrevoked, url);
	rc = EXIT_OK;
out:
	if (rc != EXIT_OK)
		cli_error("credential status-list", "%s", cause);
	free(cause);
	free(tmp);
	free(url);
	free(doc);
	free(revoked);
	rec_credential_free_array(all, n);
	if (s != NULL)
		rec_close(s);
	cred_key_free(key);
	return rc;
}

/* layerlab's JSON-LD context, for the school's web site. */
static int
credential_context(struct cli_config *cfg, const char *out)
{
	const char *doc = cred_context_document();
	char *cause = NULL, *tmp, *url;

	if (refuse_existing("credential context", out) != 0)
		return EXIT_FAIL;
	if ((tmp = write_temp(out, doc, strlen(doc), &cause)) == NULL ||
	    rename(tmp, out) != 0) {
		cli_error("credential context", "%s", cause != NULL ? cause :
		    strerror(errno));
		if (tmp != NULL)
			unlink(tmp);
		free(tmp);
		free(cause);
		return EXIT_FAIL;
	}
	free(tmp);
	url = cred_context_url(cfg->institution_url);
	printf("wrote %s\n  publish it at %s\n", out, url);
	free(url);
	return EXIT_OK;
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
 * its certificates (for a learner who lost the file), or as a Europass
 * credential (--format edc).
 */
struct export_request {
	const char *uri, *out, *html, *pdf, *png, *lang, *format;
};

static int
credential_export(struct cli_config *cfg, const struct export_request *rq)
{
	struct rec_store *s;
	struct rec_credential c;
	struct rec_learner learner;
	char *cause = NULL, *tmp = NULL, *tmps[3] = { NULL, NULL, NULL };
	char *edc = NULL;
	const char *const certs[3] = { rq->html, rq->pdf, rq->png };
	const char *const files[] = { rq->out, rq->html, rq->pdf, rq->png };
	bool as_edc = rq->format != NULL && strcmp(rq->format, "edc") == 0;
	int rc = EXIT_FAIL;

	memset(&c, 0, sizeof c);
	memset(&learner, 0, sizeof learner);
	for (size_t i = 0; i < LL_ARRAY_LEN(files); i++) {
		if (refuse_existing("credential export", files[i]) != 0)
			return EXIT_FAIL;
	}
	if ((s = rec_open(cfg->db, &cause)) == NULL ||
	    rec_credential_get(s, rq->uri, &c, &cause) != 0)
		goto out;
	/* A learner since removed: the name the credential carries. */
	if (rec_learner_get(s, c.learner_id, &learner, NULL) != 0)
		memset(&learner, 0, sizeof learner);
	if (as_edc) {
		struct cred_cert_options o = cert_options(rq->lang,
		    learner.name);

		if ((edc = cred_edc_export(c.document,
		    cfg->institution_legal_id, &o, &cause)) == NULL)
			goto out;
	}
	{
		struct cred_cert_options o = cert_options(rq->lang,
		    learner.name);

		if (write_certificates(c.document, &o, certs, tmps,
		    &cause) != 0)
			goto out;
	}
	if (rq->out != NULL) {
		const char *data = as_edc ? edc : c.document;

		if ((tmp = write_temp(rq->out, data, strlen(data),
		    &cause)) == NULL)
			goto out;
		if (rename(tmp, rq->out) != 0) {
			cause = xasprintf("%s: %s", rq->out, strerror(errno));
			goto out;
		}
		printf("wrote %s\n", rq->out);
	}
	for (int i = 0; i < 3; i++) {
		if (tmps[i] == NULL)
			continue;
		if (rename(tmps[i], certs[i]) != 0) {
			cause = xasprintf("%s: %s", certs[i], strerror(errno));
			goto out;
		}
		free(tmps[i]);
		tmps[i] = NULL;
		printf("wrote %s\n", certs[i]);
	}
	if (c.revoked)
		fprintf(stderr, "layerlab: credential export: note: %s was "
		    "revoked: %s\n", rq->uri, c.revoke_reason);
	rc = EXIT_OK;
out:
	if (rc != EXIT_OK) {
		cli_error("credential export", "%s", cause);
		if (tmp != NULL)
			unlink(tmp);
		for (int i = 0; i < 3; i++) {
			if (tmps[i] != NULL)
				unlink(tmps[i]);
		}
	}
	free(cause);
	free(tmp);
	for (int i = 0; i < 3; i++)
		free(tmps[i]);
	free(edc);
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
		{ "png", required_argument, NULL, 'G' },
		{ "id", required_argument, NULL, 'i' },
		{ "reason", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "status-list", required_argument, NULL, 'S' },
		{ "reissue", no_argument, NULL, 'R' },
		{ "online", no_argument, NULL, 'N' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *learner = NULL, *def = NULL, *out = NULL, *html = NULL;
	const char *pdf = NULL, *png = NULL, *format = NULL, *list = NULL;
	const char *id = NULL, *reason = NULL, *sub;
	bool quiet = false, reissue = false, online = false;
	int opt;

	if (argc < 2)
		return cli_usage_error(&cmd_credential, "expected issue, verify, "
		    "revoke, export, list, status-list or context");
	sub = argv[1];
	argc--;
	argv++;
	optind = 0;	/* 0: glibc starts afresh, permuting FILE past options */
	while ((opt = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (opt) {
		case 'l': learner = optarg; break;
		case 'c': def = optarg; break;
		case 'o': out = optarg; break;
		case 'H': html = optarg; break;
		case 'P': pdf = optarg; break;
		case 'G': png = optarg; break;
		case 'i': id = optarg; break;
		case 'r': reason = optarg; break;
		case 'f': format = optarg; break;
		case 'S': list = optarg; break;
		case 'R': reissue = true; break;
		case 'N': online = true; break;
		case 'q': quiet = true; break;
		case 'h': printf("usage: %s\n\n%s", cmd_credential.usage,
		    cmd_credential.help); return EXIT_OK;
		default: return cli_bad_option(&cmd_credential, argv);
		}
	}
	if (strcmp(sub, "verify") != 0 && optind < argc)
		return cli_usage_error(&cmd_credential, "unexpected argument "
		    "'%s'", argv[optind]);
	if (strcmp(sub, "issue") == 0) {
		struct issue_request rq = { .learner_id = learner,
		    .def_id = def, .lang = cfg->lang, .out = out, .html = html,
		    .pdf = pdf, .png = png, .reissue = reissue };

		if (learner == NULL || def == NULL || out == NULL)
			return cli_usage_error(&cmd_credential, "issue needs "
			    "--learner ID, --credential ID and --out FILE");
		return issue(cfg, &rq, NULL);
	}
	if (strcmp(sub, "verify") == 0) {
		if (argc - optind != 1)
			return cli_usage_error(&cmd_credential, "verify takes one "
			    "FILE");
		return credential_verify(cfg, argv[optind], list, online,
		    quiet);
	}
	if (strcmp(sub, "revoke") == 0) {
		if (reason == NULL || *reason == '\0')
			return cli_usage_error(&cmd_credential, "revoke needs "
			    "--reason TEXT");
		if ((id == NULL) == (learner == NULL || def == NULL))
			return cli_usage_error(&cmd_credential, "revoke needs "
			    "--id URN, or --learner ID and --credential ID");
		return credential_revoke(cfg, id, learner, def, reason);
	}
	if (strcmp(sub, "export") == 0) {
		struct export_request rq = { .uri = id, .out = out,
		    .html = html, .pdf = pdf, .png = png, .lang = cfg->lang,
		    .format = format };

		if (id == NULL || (out == NULL && html == NULL && pdf == NULL &&
		    png == NULL))
			return cli_usage_error(&cmd_credential, "export needs "
			    "--id URN and --out, --html, --pdf or --png FILE");
		if (format != NULL && strcmp(format, "edc") != 0 &&
		    strcmp(format, "obv3") != 0)
			return cli_usage_error(&cmd_credential, "--format is "
			    "obv3 (the signed credential) or edc (Europass), "
			    "not '%s'", format);
		if (format != NULL && strcmp(format, "edc") == 0 && out == NULL)
			return cli_usage_error(&cmd_credential, "--format edc "
			    "needs --out FILE");
		return credential_export(cfg, &rq);
	}
	if (strcmp(sub, "list") == 0)
		return credential_list(cfg, learner);
	if (strcmp(sub, "status-list") == 0) {
		if (out == NULL)
			return cli_usage_error(&cmd_credential, "status-list "
			    "needs --out FILE");
		return credential_status_list(cfg, out);
	}
	if (strcmp(sub, "context") == 0) {
		if (out == NULL)
			return cli_usage_error(&cmd_credential, "context needs "
			    "--out FILE");
		return credential_context(cfg, out);
	}
	return cli_usage_error(&cmd_credential, "unknown subcommand '%s'", sub);
}

const struct cli_command cmd_credential = {
	.name = "credential",
	.summary = "issue, verify, revoke, export and list micro-credentials",
	.usage = "layerlab credential issue --learner ID --credential ID "
	    "--out FILE [--html FILE] [--pdf FILE] [--png FILE] [--reissue] | "
	    "verify FILE [--status-list FILE|URL] [--online] | revoke (--id URN | "
	    "--learner ID --credential ID) --reason TEXT | export --id URN "
	    "[--format obv3|edc] [--out FILE] [--html FILE] [--pdf FILE] "
	    "[--png FILE] | list [--learner ID] | status-list --out FILE | "
	    "context --out FILE",
	.help =
	    "A micro-credential is an Open Badges 3.0 credential carrying every\n"
	    "mandatory element of the EU micro-credential, signed with the\n"
	    "institution's key (see 'layerlab keys'). Definitions live in\n"
	    "modules/credentials/<ID>.lua. Issuing needs institution.name and\n"
	    "institution.url set to the school's own (not the placeholders).\n"
	    "\n"
	    "  issue --learner ID --credential ID --out FILE [--html FILE]\n"
	    "        [--pdf FILE] [--png FILE] [--reissue]\n"
	    "      Issues the credential when every outcome it requires has a\n"
	    "      passing result and 'records verify' passes; otherwise says\n"
	    "      why and changes nothing. Writes the signed JSON to FILE,\n"
	    "      records it, and with --html / --pdf / --png writes the\n"
	    "      certificate (in --lang, with a QR code of the credential's\n"
	    "      verification page). A credential the learner already holds\n"
	    "      is refused; --reissue issues a new one and revokes the old.\n"
	    "      No file is ever overwritten.\n"
	    "  verify FILE [--status-list FILE|URL] [--online] [--quiet]\n"
	    "      Checks the signature, that the signing key is the issuer's\n"
	    "      did:key, and every mandatory EU element; prints each check\n"
	    "      and whose credential it is. With --status-list, that the\n"
	    "      issuer's published list (a file or its address) does not\n"
	    "      revoke it; with --online, the list the credential names,\n"
	    "      fetched from the issuer's site. When this station's records\n"
	    "      know it, that they do not. Without --online or a URL it\n"
	    "      needs no network. Exit 0 only when everything holds.\n"
	    "      --quiet prints only the verdict.\n"
	    "  revoke --id URN --reason TEXT\n"
	    "  revoke --learner ID --credential ID --reason TEXT\n"
	    "      Marks an issued credential revoked, with the reason; the next\n"
	    "      status-list publishes it.\n"
	    "  export --id URN [--out FILE] [--html FILE] [--pdf FILE] [--png FILE]\n"
	    "      Writes an issued credential again, byte for byte as it was\n"
	    "      issued, and its certificates (for a lost file).\n"
	    "  export --id URN --format edc --out FILE\n"
	    "      Writes it as a Europass (ELM 3, EDC profile) credential,\n"
	    "      unsigned, for the school's Europass issuer to seal.\n"
	    "  list [--learner ID]\n"
	    "      The credentials issued, with their ids.\n"
	    "  status-list --out FILE\n"
	    "      Writes the signed revocation list (W3C Bitstring Status\n"
	    "      List) for the school's web site; prints where to publish it.\n"
	    "  context --out FILE\n"
	    "      Writes layerlab's JSON-LD context for the EU fields, to\n"
	    "      publish next to the status list.\n"
	    "\n"
	    "Examples:\n"
	    "  layerlab credential issue --learner ana.novak --credential "
	    "fdm-operator \\\n"
	    "      --out ana-fdm.json --html ana-fdm.html --pdf ana-fdm.pdf\n"
	    "  layerlab credential verify ana-fdm.json\n"
	    "  layerlab credential revoke --learner ana.novak --credential "
	    "fdm-operator \\\n"
	    "      --reason \"issued to the wrong learner\"\n"
	    "  layerlab credential status-list --out revocation.json\n",
	.run = run,
};
