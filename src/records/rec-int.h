/*
 * Private to src/records/: the store's state and the helpers its files share.
 */
#ifndef LL_REC_INT_H
#define LL_REC_INT_H

#include "backend.h"
#include "core.h"
#include "records.h"

/* "LLab": marks the file as layerlab's, so another program's database is refused. */
#define REC_APPLICATION_ID 0x4c4c6162

struct rec_store {
	const struct rec_backend *be;
	void *conn;		/* the backend's connection */
	char *path;		/* the file, or the server's URI */
	int version;		/* schema version now */
	int opened_version;	/* before migrations */
	int depth;		/* nested write transactions */
	bool failed;		/* a write inside the open transaction failed */
	int64_t (*now)(void *);
	void *now_arg;
	int64_t fixed_now;	/* non-zero: the time of a write being delivered */
	struct rec_store *outbox;	/* a station's queue for a server (outbox.c) */
	bool offline;		/* the last delivery found the server away */
	uint64_t offline_since;	/* clock_ms() of that delivery */
	bool delivering;	/* writes go to the server, not the outbox */
	/* signoff_requires: the credential, and the modules exempt from it. */
	char *signoff_credential;
	char **signoff_exempt;
	size_t nsignoff_exempt;
	bool background;	/* writes only queue; a thread delivers */
	/*
	 * A station whose records are a file: its lesson writes go straight
	 * to the file, but in the background a write that would wait for the
	 * file's lock (another program writing to it) is kept in the outbox
	 * instead, and everything after it too (queued) until the delivery
	 * thread has written them, so that the order holds.
	 */
	bool file_outbox;
	bool queued;		/* the outbox may hold writes not yet delivered */
	bool nowait;		/* a write's BEGIN does not wait for the lock */
	bool transient;		/* the last error may pass: lock, disk, I/O */
	/*
	 * A station opened while its server could not be reached: nothing
	 * about the server's database is known yet, so the first connection
	 * that succeeds checks that it is a layerlab database at this
	 * version before anything is read or written there.
	 */
	bool unverified;
	struct rec_delivery *delivery;	/* that thread's, while it runs */
	/*
	 * The station's copy of groups, learners and trainers (station.c),
	 * opened as a store when the server cannot be reached: its writes
	 * only queue in the outbox, except a PIN check's (copy_local).
	 */
	bool is_copy;
	bool copy_local;
	int64_t copy_refreshed;	/* when it was last taken from the server */
	int64_t copy_max_age;	/* seconds its trainers count; 0: no limit */
};
void rec_signoff_rule_free(struct rec_store *s);

/* Ends a background delivery for rec_close: waits for none. */
void rec_outbox_release(struct rec_store *s);

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
struct rec_stmt *rec_prepare(struct rec_store *s, const char *sql,
    char **cause);
/* Steps a statement that returns no rows; finalizes it. */
int rec_step_done(struct rec_store *s, struct rec_stmt *st, const char *doing,
    char **cause);
int64_t rec_last_id(struct rec_store *s);

/* The statement calls of the storage interface. */
static inline int rec_step(struct rec_stmt *st) { return st->be->step(st); }
static inline void rec_finalize(struct rec_stmt *st)
{
	if (st != NULL)
		st->be->finalize(st);
}
static inline void rec_bind_int64(struct rec_stmt *st, int i, int64_t v)
{
	st->be->bind_int64(st, i, v);
}
static inline void rec_bind_double(struct rec_stmt *st, int i, double v)
{
	st->be->bind_double(st, i, v);
}
static inline void rec_bind_null(struct rec_stmt *st, int i)
{
	st->be->bind_null(st, i);
}
static inline int rec_column_count(struct rec_stmt *st)
{
	return st->be->column_count(st);
}
static inline const char *rec_column_name(struct rec_stmt *st, int c)
{
	return st->be->column_name(st, c);
}
static inline enum rec_type rec_column_type(struct rec_stmt *st, int c)
{
	return st->be->column_type(st, c);
}
static inline int64_t rec_column_int64(struct rec_stmt *st, int c)
{
	return st->be->column_int64(st, c);
}
static inline int rec_column_int(struct rec_stmt *st, int c)
{
	return (int)st->be->column_int64(st, c);
}
static inline double rec_column_double(struct rec_stmt *st, int c)
{
	return st->be->column_double(st, c);
}
static inline const char *rec_column_text(struct rec_stmt *st, int c)
{
	return st->be->column_text(st, c);
}
/*
 * Steps a prepared and bound statement to its end, reading each row into a
 * growing array of elements of elem_size bytes (zeroed before read_row);
 * finalizes it. When a step fails, the rows read so far are cleared and
 * freed, *out and *n are left alone, and -1 is returned.
 */
int rec_collect_rows(struct rec_store *s, struct rec_stmt *st,
    size_t elem_size, void (*read_row)(struct rec_stmt *, void *),
    void (*clear)(void *), void **out, size_t *n, char **cause);
char *rec_column_str(struct rec_stmt *st, int col);
void rec_bind_str(struct rec_stmt *st, int idx, const char *s);

/* Write transactions (under the chain's lock), nestable through rec_transaction. */
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

/* The directory of an SQLite file exists and is on a local disk. */
int rec_file_check(const char *path, char **cause);

/* The outbox (outbox.c): true when a lesson's write should be queued. */
/* Attempt ids handed out by a station's outbox before delivery. */
#define REC_LOCAL_ID_BASE ((int64_t)1 << 53)
static inline bool rec_use_outbox(const struct rec_store *s)
{
	return s->outbox != NULL && !s->delivering && s->depth == 0 &&
	    (!s->file_outbox || s->queued);
}
int rec_outbox_open(struct rec_store *s, const char *path, char **cause);
/* The server's id for an attempt id handed out while it was queued. */
int64_t rec_outbox_translate(struct rec_store *s, int64_t id);
int rec_outbox_attempt_start(struct rec_store *s,
    const struct rec_attempt_start *a, int64_t *attempt_id, char **cause);
int rec_outbox_attempt_step(struct rec_store *s, int64_t attempt_id,
    int step_index, const char *step_id, char **cause);
int rec_outbox_attempt_finish(struct rec_store *s, int64_t attempt_id,
    enum rec_attempt_status status, char **cause);
int rec_outbox_result_add(struct rec_store *s, const struct rec_result_new *r,
    int64_t *result_id, char **cause);
/*
 * Adds to a list of attempts what the station's outbox still holds: the
 * attempts started here and not yet delivered (under their local ids), and
 * the steps and ends of any attempt, so a station sees its own writes.
 */
int rec_outbox_overlay_attempts(struct rec_store *s, const struct rec_filter *f,
    struct rec_attempt **a, size_t *n, char **cause);

/* Remembers the first problem verification found (the lowest entry). */
void rec_report_problem(struct rec_verify_report *r, int64_t seq,
    char *problem);

/* statfs types where SQLite must not keep its file; refusal with the reason. */
bool rec_fs_is_network(unsigned long type);
int rec_refuse_network_fs(const char *path, unsigned long type, char **cause);

/*
 * Copies every table row by row into a new SQLite database at path (same
 * schema version, same audit chain): a backend without a snapshot of its
 * own backs up this way.
 */
int rec_copy_to_sqlite(struct rec_store *s, const char *path, char **cause);
/* Binds every column of a row read by row to the parameters of ins, by type. */
void rec_bind_row(struct rec_stmt *ins, struct rec_stmt *row);

/* Identifiers: non-empty, printable, no spaces, at most 64 bytes. */
int rec_check_id(const char *what, const char *id, char **cause);
/* Display names: non-empty valid UTF-8 without control characters. */
int rec_check_name(const char *what, const char *name, char **cause);
/* The integer a query "SELECT count(*) ... ?" gives for one parameter (text,
 * or num when text is NULL); -1 with the cause when it cannot be read. */
int rec_count(struct rec_store *s, const char *sql, const char *text,
    int64_t num, char **cause);
/* 1 when json parses as JSON, 0 when not, -1 when it cannot be asked. */
int rec_json_valid(struct rec_store *s, const char *json, char **cause);
/* Binds a filter as ?1 learner, ?2 group, ?3 since (NULL: everything). */
void rec_bind_filter(struct rec_stmt *st, const struct rec_filter *f);
/* What a result must be in itself (ids, method, score, a trainer where
 * one is needed), before any row is read: also judged at a station's
 * outbox, where the records themselves cannot be asked. */
int rec_result_check_fields(const struct rec_result_new *r, char **cause);

/* rec_open for rec_open_station: a server it cannot reach is opened
 * unverified (rec_store.unverified) rather than refused. */
struct rec_store *rec_open_station_store(const char *path, char **cause);

#endif
