/*
 * Copying a whole store, row by row and through the storage interface, into
 * a new SQLite file: the backup of a backend that has no snapshot of its own
 * (a PostgreSQL server), readable anywhere and checked like any database.
 * Row hashes depend only on the values, so the copy's audit chain is the
 * original's, entry for entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rec-int.h"

static char *
rec_insert_sql(struct rec_stmt *row, const char *table)
{
	int ncols = rec_column_count(row);
	struct buf b;

	buf_init(&b);
	buf_appendf(&b, "INSERT INTO %s (", table);
	for (int i = 0; i < ncols; i++)
		buf_appendf(&b, "%s%s", i > 0 ? ", " : "",
		    rec_column_name(row, i));
	buf_append_str(&b, ") VALUES (");
	for (int i = 0; i < ncols; i++)
		buf_append_str(&b, i > 0 ? ", ?" : "?");
	buf_append_str(&b, ")");
	return buf_detach(&b);
}

/* Binds every column of row, by type, to the parameters of ins. */
void
rec_bind_row(struct rec_stmt *ins, struct rec_stmt *row)
{
	int ncols = rec_column_count(row);

	for (int i = 0; i < ncols; i++) {
		switch (rec_column_type(row, i)) {
		case REC_NULL:
			rec_bind_null(ins, i + 1);
			break;
		case REC_INT:
			rec_bind_int64(ins, i + 1, rec_column_int64(row, i));
			break;
		case REC_REAL:
			rec_bind_double(ins, i + 1, rec_column_double(row, i));
			break;
		case REC_TEXT:
			rec_bind_str(ins, i + 1, rec_column_text(row, i));
			break;
		}
	}
}

static int
rec_copy_table(struct rec_store *from, struct rec_store *to,
    const char *table, const char *order, char **cause)
{
	struct rec_stmt *st, *ins;
	char *sql = xasprintf("SELECT * FROM %s ORDER BY %s", table, order);
	char *insert = NULL;
	int rc;

	st = rec_prepare(from, sql, cause);
	free(sql);
	if (st == NULL)
		return -1;
	while ((rc = rec_step(st)) == REC_ROW) {
		if (insert == NULL)
			insert = rec_insert_sql(st, table);
		if ((ins = rec_prepare(to, insert, cause)) == NULL)
			break;
		rec_bind_row(ins, st);
		if (rec_step_done(to, ins, "writing", cause) != 0)
			break;
	}
	if (rc == REC_ERROR)
		rec_db_error(from, cause, "reading");
	rec_finalize(st);
	free(insert);
	return rc == REC_DONE ? 0 : -1;
}

int
rec_copy_to_sqlite(struct rec_store *s, const char *path, char **cause)
{
	struct rec_store *to;
	bool ok;

	if ((to = rec_open_at_version(path, s->version, cause)) == NULL)
		return -1;
	if (s->be->begin_read(s, cause) != 0) {
		rec_close(to);
		return -1;
	}
	if (rec_tx_begin(to, cause) != 0) {
		s->be->rollback(s);
		rec_close(to);
		return -1;
	}
	/* The copy's own migrations are replaced by the original's log. */
	ok = rec_exec(to, "DELETE FROM audit", cause) == 0;
	for (size_t i = 0; ok && i < rec_ntables; i++)
		ok = rec_copy_table(s, to, rec_tables[i].name, "id",
		    cause) == 0;
	ok = ok && rec_copy_table(s, to, "audit", "seq", cause) == 0;
	s->be->rollback(s);
	ok = rec_tx_end(to, ok, cause) == 0 && ok;
	rec_close(to);
	return ok ? 0 : -1;
}
