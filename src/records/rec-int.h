/*
 * Private to src/records/: the store's state and the helpers its files share.
 */
#ifndef LL_REC_INT_H
#define LL_REC_INT_H

#include <sqlite3.h>

#include "core.h"
#include "records.h"

/* "LLab": marks the file as layerlab's, so another program's database is refused. */
#define REC_APPLICATION_ID 0x4c4c6162

struct rec_store {
	sqlite3 *db;
	char *path;
	int version;		/* schema version now */
	int opened_version;	/* before migrations */
	int depth;		/* nested write transactions */
	bool failed;		/* a write inside the open transaction failed */
	int64_t (*now)(void *);
	void *now_arg;
};

/* A table under the audit log: its rows are hashed by "id". */
struct rec_table {
	const char *name;
	bool int_key;
};
extern const struct rec_table rec_tables[];
extern const size_t rec_ntables;

int64_t rec_now(struct rec_store *s);

/* Sets *cause from the connection's last error, phrased for what was done. */
void rec_db_error(struct rec_store *s, char **cause, const char *doing);
int rec_exec(struct rec_store *s, const char *sql, char **cause);
sqlite3_stmt *rec_prepare(struct rec_store *s, const char *sql, char **cause);
/* Steps a statement that returns no rows; finalizes it. */
int rec_step_done(struct rec_store *s, sqlite3_stmt *st, const char *doing,
    char **cause);
/*
 * Steps a prepared and bound statement to its end, reading each row into a
 * growing array of elements of elem_size bytes (zeroed before read_row);
 * finalizes it. When a step fails, the rows read so far are cleared and
 * freed, *out and *n are left alone, and -1 is returned.
 */
int rec_collect_rows(struct rec_store *s, sqlite3_stmt *st, size_t elem_size,
    void (*read_row)(sqlite3_stmt *, void *), void (*clear)(void *),
    void **out, size_t *n, char **cause);
char *rec_column_str(sqlite3_stmt *st, int col);
void rec_bind_str(sqlite3_stmt *st, int idx, const char *s);

/* Write transactions (BEGIN IMMEDIATE), nestable through rec_transaction. */
int rec_tx_begin(struct rec_store *s, char **cause);
/* Commits when ok and nothing inside failed, rolls back otherwise. */
int rec_tx_end(struct rec_store *s, bool ok, char **cause);

/* Appends the audit entry for a row just written (in the open transaction). */
int rec_audit_row(struct rec_store *s, const char *table, const char *key,
    const char *action, char **cause);
int rec_audit_row_int(struct rec_store *s, const char *table, int64_t key,
    const char *action, char **cause);
/* An audit entry for something that is not a row (a schema migration). */
int rec_audit_event(struct rec_store *s, const char *table, const char *key,
    const char *action, const char *content, char **cause);
/* SHA-256 of the row's canonical content, hex; -1 when the row is missing. */
int rec_row_hash(struct rec_store *s, const struct rec_table *t,
    const char *key, char out[65], char **cause);

int rec_migrate(struct rec_store *s, int target, char **cause);

/* Identifiers: non-empty, printable, no spaces, at most 64 bytes. */
int rec_check_id(const char *what, const char *id, char **cause);
/* Display names: non-empty valid UTF-8 without control characters. */
int rec_check_name(const char *what, const char *name, char **cause);

#endif
