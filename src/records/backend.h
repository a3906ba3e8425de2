/*
 * Private to src/records/: the storage interface. The store's logic (people,
 * activity, the audit chain, verification, merge) is written once against
 * it; sqlite.c (an embedded file) and pg.c (a PostgreSQL server through
 * libpq) implement it. Nothing outside src/records/ sees which one runs.
 *
 * SQL given to prepare is the common subset both databases understand;
 * parameters are written "?" or "?N" (the PostgreSQL backend turns them into
 * "$N"). Migrations are the only dialect-specific SQL, so each backend
 * carries its own.
 */
#ifndef LL_REC_BACKEND_H
#define LL_REC_BACKEND_H

#include <stdbool.h>
#include <stdint.h>

struct rec_store;
struct rec_verify_report;

/* What rec_step returns. */
enum { REC_ERROR = -1, REC_DONE = 0, REC_ROW = 1 };

/* A column's value as the store sees it. */
enum rec_type { REC_NULL, REC_INT, REC_REAL, REC_TEXT };

/* A prepared statement; each backend embeds this first in its own. */
struct rec_stmt {
	const struct rec_backend *be;
};

struct rec_backend {
	const char *name;		/* "SQLite", "PostgreSQL" */
	bool networked;			/* may lose its connection */

	/* Opens the target and prepares the session; s->target is set. */
	int (*open)(struct rec_store *s, char **cause);
	void (*close)(struct rec_store *s);
	/*
	 * The schema version on disk (0: empty, ours to create); refuses a
	 * database that belongs to another program. Outside a transaction.
	 */
	int (*identify)(struct rec_store *s, int *version, char **cause);
	/* Inside a write transaction: the version now and setting the next. */
	int (*get_version)(struct rec_store *s, int *version, char **cause);
	int (*set_version)(struct rec_store *s, int version, char **cause);
	/* The DDL of migration n (1..REC_SCHEMA_VERSION). */
	const char *(*migration)(int n);

	int (*exec)(struct rec_store *s, const char *sql, char **cause);
	struct rec_stmt *(*prepare)(struct rec_store *s, const char *sql,
	    char **cause);
	void (*bind_null)(struct rec_stmt *st, int idx);
	void (*bind_int64)(struct rec_stmt *st, int idx, int64_t v);
	void (*bind_double)(struct rec_stmt *st, int idx, double v);
	/* v NULL binds a NULL of type text. */
	void (*bind_text)(struct rec_stmt *st, int idx, const char *v);
	int (*step)(struct rec_stmt *st);
	int (*column_count)(struct rec_stmt *st);
	const char *(*column_name)(struct rec_stmt *st, int col);
	enum rec_type (*column_type)(struct rec_stmt *st, int col);
	int64_t (*column_int64)(struct rec_stmt *st, int col);
	double (*column_double)(struct rec_stmt *st, int col);
	/* NUL-terminated; NULL for a NULL column. Valid until the next step. */
	const char *(*column_text)(struct rec_stmt *st, int col);
	void (*finalize)(struct rec_stmt *st);
	/* The id the last INSERT gave an identity (INTEGER PRIMARY KEY) column. */
	int (*last_id)(struct rec_store *s, int64_t *id, char **cause);

	/*
	 * A write transaction holds the one lock that orders the audit chain:
	 * no two stations ever append after the same entry.
	 */
	int (*begin_write)(struct rec_store *s, char **cause);
	/* A read-only snapshot (verify, exports). */
	int (*begin_read)(struct rec_store *s, char **cause);
	int (*commit)(struct rec_store *s, char **cause);
	void (*rollback)(struct rec_store *s);

	/* Sets *cause from the last error, phrased for what was being done. */
	void (*error)(struct rec_store *s, char **cause, const char *doing);
	/* True when the last error was losing the server (worth retrying later). */
	bool (*unreachable)(struct rec_store *s);

	/* The database's own consistency checks (file pages, foreign keys). */
	void (*check)(struct rec_store *s, struct rec_verify_report *r);
	/*
	 * A consistent copy of the whole database as an SQLite file at tmp;
	 * NULL: the store copies it row by row (rec_copy_to_sqlite).
	 */
	int (*snapshot)(struct rec_store *s, const char *tmp, char **cause);
};

extern const struct rec_backend rec_backend_sqlite;
extern const struct rec_backend rec_backend_pg;

#endif
