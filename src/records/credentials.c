/*
 * The credentials issued to learners: each signed document exactly as it was
 * handed out, and its revocation.
 */
#include <stdlib.h>
#include <string.h>

#include "rec-int.h"

int
rec_credential_add(struct rec_store *s, const char *uri,
    const char *learner_id, const char *definition_id, const char *document,
    int64_t *credential_id, char **cause)
{
	struct rec_stmt *st;
	int64_t id;
	bool ok = false;
	int n;

	if (uri == NULL || *uri == '\0' || definition_id == NULL ||
	    *definition_id == '\0' || document == NULL) {
		set_cause(cause, "an issued credential needs its id, its "
		    "definition and its document");
		return -1;
	}
	if (rec_tx_begin(s, cause) != 0)
		return -1;
	n = rec_count(s, "SELECT count(*) FROM learners WHERE id = ?",
	    learner_id, 0, cause);
	if (n == 0)
		set_cause(cause, "no learner '%s'", learner_id);
	if (n != 1)
		goto out;
	n = rec_count(s, "SELECT count(*) FROM credentials WHERE uri = ?", uri,
	    0, cause);
	if (n > 0)
		set_cause(cause, "credential '%s' was already issued", uri);
	if (n != 0)
		goto out;
	n = rec_json_valid(s, document, cause);
	if (n == 0)
		set_cause(cause, "credential '%s' is not valid JSON", uri);
	if (n != 1)
		goto out;
	st = rec_prepare(s, "INSERT INTO credentials (uri, learner_id, "
	    "definition_id, document, issued) VALUES (?, ?, ?, ?, ?)", cause);
	if (st == NULL)
		goto out;
	rec_bind_str(st, 1, uri);
	rec_bind_str(st, 2, learner_id);
	rec_bind_str(st, 3, definition_id);
	rec_bind_str(st, 4, document);
	rec_bind_int64(st, 5, rec_now(s));
	if (rec_step_done(s, st, "writing", cause) != 0)
		goto out;
	id = rec_last_id(s);
	if (credential_id != NULL)
		*credential_id = id;
	ok = rec_audit_row_int(s, "credentials", id, "issue", cause) == 0;
out:
	return rec_tx_end(s, ok, cause);
}

#define REC_CREDENTIAL_SELECT "SELECT c.id, c.uri, c.learner_id, " \
	"c.definition_id, c.document, c.issued, c.revoked, c.revoke_reason, " \
	"c.revoked_at FROM credentials c JOIN learners l ON l.id = c.learner_id "

static void
rec_credential_read(struct rec_stmt *st, void *elem)
{
	struct rec_credential *c = elem;

	c->id = rec_column_int64(st, 0);
	c->uri = rec_column_str(st, 1);
	c->learner_id = rec_column_str(st, 2);
	c->definition_id = rec_column_str(st, 3);
	c->document = rec_column_str(st, 4);
	c->issued = rec_column_int64(st, 5);
	c->revoked = rec_column_int(st, 6) != 0;
	c->revoke_reason = rec_column_str(st, 7);
	c->revoked_at = rec_column_int64(st, 8);
}

static void
rec_credential_clear_row(void *elem)
{
	rec_credential_clear(elem);
}

int
rec_credential_get(struct rec_store *s, const char *uri,
    struct rec_credential *out, char **cause)
{
	struct rec_stmt *st;
	int rc;

	st = rec_prepare(s, REC_CREDENTIAL_SELECT "WHERE c.uri = ?", cause);
	if (st == NULL)
		return -1;
	rec_bind_str(st, 1, uri);
	rc = rec_step(st);
	if (rc == REC_ROW)
		rec_credential_read(st, out);
	else if (rc == REC_DONE)
		set_cause(cause, "no issued credential '%s'", uri);
	else
		rec_db_error(s, cause, "reading");
	rec_finalize(st);
	return rc == REC_ROW ? 0 : -1;
}

int
rec_credential_revoke(struct rec_store *s, const char *uri,
    const char *reason, char **cause)
{
	struct rec_credential c;
	struct rec_stmt *st;
	bool ok = false;

	if (rec_check_name("revocation reason", reason, cause) != 0)
		return -1;
	if (rec_tx_begin(s, cause) != 0)
		return -1;
	if (rec_credential_get(s, uri, &c, cause) != 0)
		goto out;
	if (c.revoked) {
		set_cause(cause, "credential '%s' is already revoked (%s)", uri,
		    c.revoke_reason != NULL ? c.revoke_reason : "no reason");
		rec_credential_clear(&c);
		goto out;
	}
	st = rec_prepare(s, "UPDATE credentials SET revoked = 1, "
	    "revoke_reason = ?, revoked_at = ? WHERE id = ?", cause);
	if (st != NULL) {
		rec_bind_str(st, 1, reason);
		rec_bind_int64(st, 2, rec_now(s));
		rec_bind_int64(st, 3, c.id);
		ok = rec_step_done(s, st, "writing", cause) == 0 &&
		    rec_audit_row_int(s, "credentials", c.id, "revoke",
		    cause) == 0;
	}
	rec_credential_clear(&c);
out:
	return rec_tx_end(s, ok, cause);
}

int
rec_credential_list(struct rec_store *s, const struct rec_filter *f,
    struct rec_credential **out, size_t *n, char **cause)
{
	struct rec_stmt *st;
	void *rows;

	st = rec_prepare(s, REC_CREDENTIAL_SELECT "WHERE (?1 IS NULL OR "
	    "c.learner_id = ?1) AND (?2 IS NULL OR l.group_id = ?2) AND "
	    "c.issued >= ?3 ORDER BY c.issued, c.id", cause);
	if (st == NULL)
		return -1;
	rec_bind_filter(st, f);
	if (rec_collect_rows(s, st, sizeof **out, rec_credential_read,
	    rec_credential_clear_row, &rows, n, cause) != 0)
		return -1;
	*out = rows;
	return 0;
}

void
rec_credential_clear(struct rec_credential *c)
{
	free(c->uri);
	free(c->learner_id);
	free(c->definition_id);
	free(c->document);
	free(c->revoke_reason);
	memset(c, 0, sizeof *c);
}

void
rec_credential_free_array(struct rec_credential *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rec_credential_clear(&a[i]);
	free(a);
}
