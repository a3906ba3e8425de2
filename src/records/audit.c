/*
 * The audit log: a hash chain over every change. Each entry names one row
 * (table and id), what was done, and the SHA-256 of the row's whole content
 * after the change; the entry's own hash covers all of that plus the previous
 * entry's hash. Altering a row, an entry, or removing entries from the middle
 * breaks either the chain or the match between a row and its latest entry.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rec-int.h"

const struct rec_table rec_tables[] = {
	{ "groups", false },
	{ "learners", false },
	{ "trainers", false },
	{ "modules", true },
	{ "attempts", true },
	{ "results", true },
	{ "credentials", true },
};
const size_t rec_ntables = LL_ARRAY_LEN(rec_tables);

static const char rec_zero_hash[65] =
    "0000000000000000000000000000000000000000000000000000000000000000";

static const struct rec_table *
rec_table_find(const char *name)
{
	for (size_t i = 0; i < rec_ntables; i++) {
		if (strcmp(rec_tables[i].name, name) == 0)
			return &rec_tables[i];
	}
	return NULL;
}

static void
rec_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char digest[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(digest, data, len);
	sodium_bin2hex(out, 65, digest, sizeof digest);
}

/* Length-prefixed so no field can run into the next. */
static void
rec_canon_field(struct buf *b, const char *field)
{
	buf_appendf(b, "%zu:", strlen(field));
	buf_append_str(b, field);
	buf_append(b, "\n", 1);
}

struct rec_column {
	const char *name;
	char *value;
};

static int
rec_column_cmp(const void *a, const void *b)
{
	return strcmp(((const struct rec_column *)a)->name,
	    ((const struct rec_column *)b)->name);
}

/*
 * The canonical content of a row: its non-NULL columns sorted by name, each
 * with a type tag. NULL columns are left out so a migration that adds an
 * optional column leaves the hashes of existing rows unchanged.
 */
static void
rec_row_canon(struct buf *b, const char *table, struct rec_stmt *st)
{
	int ncols = rec_column_count(st), n = 0;
	struct rec_column *cols = xcalloc((size_t)ncols + 1, sizeof *cols);

	for (int i = 0; i < ncols; i++) {
		const char *text;

		switch (rec_column_type(st, i)) {
		case REC_NULL:
			continue;
		case REC_INT:
			cols[n].value = xasprintf("i%lld",
			    (long long)rec_column_int64(st, i));
			break;
		case REC_REAL:
			cols[n].value = xasprintf("r%.17g",
			    rec_column_double(st, i));
			break;
		case REC_TEXT:
			text = rec_column_text(st, i);
			cols[n].value = xasprintf("t%zu:%s", strlen(text), text);
			break;
		}
		cols[n++].name = rec_column_name(st, i);
	}
	qsort(cols, (size_t)n, sizeof *cols, rec_column_cmp);
	buf_append_str(b, "layerlab-row-v1\n");
	rec_canon_field(b, table);
	for (int i = 0; i < n; i++) {
		rec_canon_field(b, cols[i].name);
		rec_canon_field(b, cols[i].value);
		free(cols[i].value);
	}
	free(cols);
}

int
rec_row_hash(struct rec_store *s, const struct rec_table *t, const char *key,
    char out[65], char **cause)
{
	char *sql = xasprintf("SELECT * FROM %s WHERE id = ?", t->name);
	struct rec_stmt *st = rec_prepare(s, sql, cause);
	struct buf b;
	int rc;

	free(sql);
	if (st == NULL)
		return -1;
	if (t->int_key)
		rec_bind_int64(st, 1, strtoll(key, NULL, 10));
	else
		rec_bind_str(st, 1, key);
	rc = rec_step(st);
	if (rc != REC_ROW) {
		if (rc == REC_DONE)
			set_cause(cause, "%s row '%s' is missing", t->name, key);
		else
			rec_db_error(s, cause, "reading");
		rec_finalize(st);
		return -1;
	}
	buf_init(&b);
	rec_row_canon(&b, t->name, st);
	rec_finalize(st);
	rec_sha256_hex(b.data, b.len, out);
	buf_free(&b);
	return 0;
}

static void
rec_entry_hash(int64_t seq, int64_t time, const char *table, const char *key,
    const char *action, const char *row_hash, const char *prev_hash,
    char out[65])
{
	struct buf b;
	char num[32];

	buf_init(&b);
	buf_append_str(&b, "layerlab-audit-v1\n");
	snprintf(num, sizeof num, "%lld", (long long)seq);
	rec_canon_field(&b, num);
	snprintf(num, sizeof num, "%lld", (long long)time);
	rec_canon_field(&b, num);
	rec_canon_field(&b, table);
	rec_canon_field(&b, key);
	rec_canon_field(&b, action);
	rec_canon_field(&b, row_hash);
	rec_canon_field(&b, prev_hash);
	rec_sha256_hex(b.data, b.len, out);
	buf_free(&b);
}

static int
rec_audit_append(struct rec_store *s, const char *table, const char *key,
    const char *action, const char *row_hash, char **cause)
{
	struct rec_stmt *st;
	int64_t seq = 1, now = rec_now(s);
	char prev[65], hash[65];
	int rc;

	memcpy(prev, rec_zero_hash, sizeof prev);
	st = rec_prepare(s, "SELECT seq, hash FROM audit ORDER BY seq DESC "
	    "LIMIT 1", cause);
	if (st == NULL)
		return -1;
	rc = rec_step(st);
	if (rc == REC_ROW) {
		seq = rec_column_int64(st, 0) + 1;
		snprintf(prev, sizeof prev, "%s",
		    (const char *)rec_column_text(st, 1));
	} else if (rc != REC_DONE) {
		rec_db_error(s, cause, "reading");
		rec_finalize(st);
		return -1;
	}
	rec_finalize(st);

	rec_entry_hash(seq, now, table, key, action, row_hash, prev, hash);
	st = rec_prepare(s, "INSERT INTO audit (seq, time, tbl, row_key, "
	    "action, row_hash, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?)", cause);
	if (st == NULL)
		return -1;
	rec_bind_int64(st, 1, seq);
	rec_bind_int64(st, 2, now);
	rec_bind_str(st, 3, table);
	rec_bind_str(st, 4, key);
	rec_bind_str(st, 5, action);
	rec_bind_str(st, 6, row_hash);
	rec_bind_str(st, 7, prev);
	rec_bind_str(st, 8, hash);
	return rec_step_done(s, st, "writing", cause);
}

int
rec_audit_row(struct rec_store *s, const char *table, const char *key,
    const char *action, char **cause)
{
	const struct rec_table *t = rec_table_find(table);
	char row_hash[65];

	if (t == NULL)
		fatal("audit of unknown table %s", table);
	if (rec_row_hash(s, t, key, row_hash, cause) != 0)
		return -1;
	return rec_audit_append(s, table, key, action, row_hash, cause);
}

int
rec_audit_row_int(struct rec_store *s, const char *table, int64_t key,
    const char *action, char **cause)
{
	char text[32];

	snprintf(text, sizeof text, "%lld", (long long)key);
	return rec_audit_row(s, table, text, action, cause);
}

int
rec_audit_event(struct rec_store *s, const char *table, const char *key,
    const char *action, const char *content, char **cause)
{
	char hash[65];

	rec_sha256_hex(content, strlen(content), hash);
	return rec_audit_append(s, table, key, action, hash, cause);
}

static void
rec_audit_read(struct rec_stmt *st, void *elem)
{
	struct rec_audit_entry *e = elem;

	e->seq = rec_column_int64(st, 0);
	e->time = rec_column_int64(st, 1);
	e->table = rec_column_str(st, 2);
	e->row_key = rec_column_str(st, 3);
	e->action = rec_column_str(st, 4);
	e->row_hash = rec_column_str(st, 5);
	e->prev_hash = rec_column_str(st, 6);
	e->hash = rec_column_str(st, 7);
}

static void
rec_audit_clear(void *elem)
{
	struct rec_audit_entry *e = elem;

	free(e->table);
	free(e->row_key);
	free(e->action);
	free(e->row_hash);
	free(e->prev_hash);
	free(e->hash);
}

int
rec_audit_list(struct rec_store *s, int64_t after, size_t limit,
    struct rec_audit_entry **out, size_t *n, char **cause)
{
	struct rec_stmt *st;
	void *rows;

	st = rec_prepare(s, "SELECT seq, time, tbl, row_key, action, row_hash, "
	    "prev_hash, hash FROM audit WHERE seq > ? ORDER BY seq LIMIT ?",
	    cause);
	if (st == NULL)
		return -1;
	rec_bind_int64(st, 1, after);
	rec_bind_int64(st, 2, limit == 0 ? INT64_MAX : (int64_t)limit);
	if (rec_collect_rows(s, st, sizeof **out, rec_audit_read,
	    rec_audit_clear, &rows, n, cause) != 0)
		return -1;
	*out = rows;
	return 0;
}

void
rec_audit_free_array(struct rec_audit_entry *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rec_audit_clear(&a[i]);
	free(a);
}

/* Remembers the problem with the lowest entry number: the first to fix. */
void
rec_report_problem(struct rec_verify_report *r, int64_t seq, char *problem)
{
	if (r->problem == NULL || (seq != 0 &&
	    (r->first_bad_seq == 0 || seq < r->first_bad_seq))) {
		free(r->problem);
		r->problem = problem;
		r->first_bad_seq = seq;
	} else
		free(problem);
}

static void
rec_verify_chain(struct rec_store *s, struct rec_verify_report *r)
{
	struct rec_stmt *st;
	char prev[65], hash[65], *cause = NULL;
	int64_t expect = 1;
	int rc;

	r->chain_ok = true;
	memcpy(prev, rec_zero_hash, sizeof prev);
	st = rec_prepare(s, "SELECT seq, time, tbl, row_key, action, row_hash, "
	    "prev_hash, hash FROM audit ORDER BY seq", &cause);
	if (st == NULL) {
		r->chain_ok = false;
		rec_report_problem(r, 0, cause);
		return;
	}
	while ((rc = rec_step(st)) == REC_ROW) {
		int64_t seq = rec_column_int64(st, 0);
		const char *f[6];

		for (int i = 0; i < 6; i++) {
			f[i] = (const char *)rec_column_text(st, i + 2);
			if (f[i] == NULL)
				f[i] = "";
		}
		r->entries++;
		if (seq != expect) {
			rec_report_problem(r, expect, xasprintf("audit entry "
			    "%lld is missing (the log jumps from %lld to %lld)",
			    (long long)expect, (long long)expect - 1,
			    (long long)seq));
			r->chain_ok = false;
			break;
		}
		if (strcmp(f[4], prev) != 0) {
			rec_report_problem(r, seq, xasprintf("audit entry %lld "
			    "(%s %s, %s) does not follow entry %lld: its "
			    "previous hash differs", (long long)seq, f[0], f[1],
			    f[2], (long long)seq - 1));
			r->chain_ok = false;
			break;
		}
		rec_entry_hash(seq, rec_column_int64(st, 1), f[0], f[1],
		    f[2], f[3], f[4], hash);
		if (strcmp(hash, f[5]) != 0) {
			rec_report_problem(r, seq, xasprintf("audit entry %lld "
			    "(%s %s, %s) was altered: its content does not "
			    "match its hash", (long long)seq, f[0], f[1], f[2]));
			r->chain_ok = false;
			break;
		}
		memcpy(prev, f[5], sizeof prev);
		expect++;
	}
	if (r->chain_ok && rc != REC_DONE) {
		rec_db_error(s, &cause, "checking");
		rec_report_problem(r, 0, cause);
		r->chain_ok = false;
	}
	rec_finalize(st);
}

static void
rec_verify_table(struct rec_store *s, const struct rec_table *t,
    struct rec_verify_report *r)
{
	struct rec_stmt *st;
	char *sql, *cause = NULL, hash[65];
	int rc;

	/* The latest entry of each row of the table. */
	st = rec_prepare(s, "SELECT a.row_key, a.row_hash, a.action, a.seq "
	    "FROM audit a WHERE a.tbl = ?1 AND a.seq = (SELECT max(b.seq) "
	    "FROM audit b WHERE b.tbl = ?1 AND b.row_key = a.row_key) "
	    "ORDER BY a.seq", &cause);
	if (st == NULL) {
		rec_report_problem(r, 0, cause);
		r->rows_ok = false;
		return;
	}
	rec_bind_str(st, 1, t->name);
	while ((rc = rec_step(st)) == REC_ROW) {
		const char *key = (const char *)rec_column_text(st, 0);
		const char *want = (const char *)rec_column_text(st, 1);
		const char *action = (const char *)rec_column_text(st, 2);
		int64_t seq = rec_column_int64(st, 3);

		r->rows++;
		if (rec_row_hash(s, t, key, hash, &cause) != 0) {
			rec_report_problem(r, seq, xasprintf("audit entry %lld "
			    "(%s %s, %s) does not match: %s", (long long)seq,
			    t->name, key, action, cause));
			free(cause);
			cause = NULL;
			r->rows_ok = false;
		} else if (strcmp(hash, want) != 0) {
			rec_report_problem(r, seq, xasprintf("audit entry %lld "
			    "(%s %s, %s) does not match: the %s row '%s' was "
			    "changed outside layerlab after it was recorded",
			    (long long)seq, t->name, key, action, t->name, key));
			r->rows_ok = false;
		}
	}
	if (rc != REC_DONE) {
		rec_db_error(s, &cause, "checking");
		rec_report_problem(r, 0, cause);
		r->rows_ok = false;
	}
	rec_finalize(st);

	sql = xasprintf("SELECT CAST(id AS TEXT) FROM %s WHERE CAST(id AS TEXT) "
	    "NOT IN (SELECT row_key FROM audit WHERE tbl = ?) ORDER BY id",
	    t->name);
	st = rec_prepare(s, sql, &cause);
	free(sql);
	if (st == NULL) {
		rec_report_problem(r, 0, cause);
		r->rows_ok = false;
		return;
	}
	rec_bind_str(st, 1, t->name);
	if (rec_step(st) == REC_ROW) {
		rec_report_problem(r, 0, xasprintf("the %s row '%s' has no "
		    "audit entry: it was added outside layerlab", t->name,
		    rec_column_text(st, 0)));
		r->rows_ok = false;
	}
	rec_finalize(st);
}

int
rec_verify(struct rec_store *s, struct rec_verify_report *r, char **cause)
{
	memset(r, 0, sizeof *r);
	/* One read transaction: a station writing meanwhile is not seen half-way. */
	if (s->be->begin_read(s, cause) != 0)
		return -1;
	s->be->check(s, r);
	/* A damaged file makes every later answer meaningless. */
	if (r->integrity_ok) {
		rec_verify_chain(s, r);
		r->rows_ok = true;
		for (size_t i = 0; i < rec_ntables; i++)
			rec_verify_table(s, &rec_tables[i], r);
	}
	s->be->rollback(s);
	if (r->problem != NULL) {
		set_cause(cause, "%s", r->problem);
		return -1;
	}
	return 0;
}

int
rec_chain_head(struct rec_store *s, int64_t *seq, char hash[65],
    char **cause)
{
	struct rec_stmt *st;
	int rc;

	*seq = 0;
	memcpy(hash, rec_zero_hash, 65);
	st = rec_prepare(s, "SELECT seq, hash FROM audit ORDER BY seq DESC "
	    "LIMIT 1", cause);
	if (st == NULL)
		return -1;
	rc = rec_step(st);
	if (rc == REC_ROW) {
		const char *h = rec_column_text(st, 1);

		*seq = rec_column_int64(st, 0);
		snprintf(hash, 65, "%s", h != NULL ? h : "");
	} else if (rc != REC_DONE) {
		rec_db_error(s, cause, "reading");
		rec_finalize(st);
		return -1;
	}
	rec_finalize(st);
	return 0;
}

int
rec_chain_hash(struct rec_store *s, int64_t seq, char hash[65], char **cause)
{
	struct rec_stmt *st;
	int rc;

	st = rec_prepare(s, "SELECT hash FROM audit WHERE seq = ?", cause);
	if (st == NULL)
		return -1;
	rec_bind_int64(st, 1, seq);
	rc = rec_step(st);
	if (rc == REC_ROW) {
		const char *h = rec_column_text(st, 0);

		snprintf(hash, 65, "%s", h != NULL ? h : "");
	} else if (rc == REC_DONE)
		set_cause(cause, "the audit log has no entry %lld",
		    (long long)seq);
	else
		rec_db_error(s, cause, "reading");
	rec_finalize(st);
	return rc == REC_ROW ? 0 : -1;
}

void
rec_verify_report_clear(struct rec_verify_report *r)
{
	free(r->problem);
	memset(r, 0, sizeof *r);
}
