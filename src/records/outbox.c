/*
 * A station's outbox: what a lesson writes (attempts, steps, ends, results)
 * when the records live on a server. Each write is first kept in a small
 * SQLite file on the station, then delivered in order; a station that cannot
 * reach the server keeps writing there and delivers everything when the
 * server is back.
 *
 * Exactly once: every write carries an id made at the station, and the
 * server stores that id (table deliveries) in the same transaction as the
 * write. Delivering checks it first, so a write whose commit reached the
 * server but whose answer was lost (the network dropped at that moment) is
 * not written twice when it is delivered again.
 *
 * An attempt started while the server is away gets a local id (from
 * REC_LOCAL_ID_BASE); its later steps and results refer to it, and delivery
 * turns it into the server's id.
 */
#include <libgen.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rec-int.h"

#define REC_OUTBOX_RETRY_MS 10000
/* In the background nothing waits on a try: the server is tried sooner. */
#define REC_BACKGROUND_RETRY_MS 3000

static const char rec_outbox_schema[] =
    "CREATE TABLE IF NOT EXISTS ops ("
    "  seq INTEGER PRIMARY KEY,"
    "  uid TEXT NOT NULL UNIQUE,"
    "  kind TEXT NOT NULL,"
    "  time INTEGER NOT NULL,"
    "  attempt INTEGER,"
    "  learner TEXT, module_id TEXT, module_version TEXT, module_hash TEXT,"
    "  lesson TEXT, station TEXT, profile TEXT, firmware TEXT, lang TEXT,"
    "  seed INTEGER, step_index INTEGER, step_id TEXT, status INTEGER,"
    "  outcome TEXT, method INTEGER, passed INTEGER, score REAL,"
    "  score_max REAL, evidence TEXT, trainer TEXT,"
    "  failed TEXT"
    ");"
    "CREATE TABLE IF NOT EXISTS attempt_map ("
    "  local INTEGER PRIMARY KEY,"
    "  server INTEGER NOT NULL"
    ");";

/* One queued write, as read back from the outbox. */
struct rec_op {
	int64_t seq;
	char *uid, *kind;
	int64_t time, attempt;
	struct rec_attempt_start start;
	int step_index;
	char *step_id;
	enum rec_attempt_status status;
	struct rec_result_new result;
	char *strings[13];	/* owned copies behind the const pointers */
};

int
rec_outbox_open(struct rec_store *s, const char *path, char **cause)
{
	struct rec_store *box;
	char *inner = NULL;

	if (!s->be->networked && !s->is_copy && !s->file_outbox)
		return 0;
	box = xcalloc(1, sizeof *box);
	box->be = &rec_backend_sqlite;
	box->path = xstrdup(path);
	box->now = s->now;
	box->now_arg = s->now_arg;
	if (rec_file_check(path, &inner) != 0 ||
	    box->be->open(box, &inner) != 0 ||
	    rec_exec(box, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL",
	    &inner) != 0 ||
	    rec_exec(box, rec_outbox_schema, &inner) != 0) {
		set_cause(cause, "the station's outbox %s: %s", path, inner);
		free(inner);
		rec_close(box);
		return -1;
	}
	s->outbox = box;
	return 0;
}

/*
 * A server's outbox keeps the name it always had. A file's is named after
 * the file's full path: what waits for one records file must never be
 * delivered to another that the station is pointed at later.
 */
char *
rec_station_outbox_path(const char *dir, const char *target)
{
	unsigned char hash[8];
	char hex[2 * sizeof hash + 1], *copy, *full, *real;
	const char *base;

	if (str_starts_with(target, "postgresql://") ||
	    str_starts_with(target, "postgres://"))
		return xasprintf("%s/outbox.db", dir);
	copy = xstrdup(target);
	base = strrchr(target, '/') != NULL ? strrchr(target, '/') + 1 : target;
	real = realpath(base == target ? "." : dirname(copy), NULL);
	full = xasprintf("%s/%s", real != NULL ? real : ".", base);
	crypto_generichash(hash, sizeof hash, (const unsigned char *)full,
	    strlen(full), NULL, 0);
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	free(real);
	free(full);
	free(copy);
	return xasprintf("%s/outbox-%s.db", dir, hex);
}

struct rec_store *
rec_open_station(const char *target, const char *outbox, char **cause)
{
	struct rec_store *s = outbox != NULL ?
	    rec_open_station_store(target, cause) : rec_open(target, cause);

	if (s != NULL && outbox != NULL && !s->be->networked)
		s->file_outbox = true;
	if (s != NULL && outbox != NULL &&
	    rec_outbox_open(s, outbox, cause) != 0) {
		rec_close(s);
		return NULL;
	}
	if (s != NULL && s->unverified) {
		s->offline = true;	/* found away just now */
		s->offline_since = clock_ms();
	}
	/* Whatever an earlier run left waiting goes first. */
	else if (s != NULL && s->outbox != NULL &&
	    rec_outbox_flush(s, NULL) != 0)
		s->queued = true;
	return s;
}

static void
rec_new_uid(char out[33])
{
	unsigned char raw[16];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, 33, raw, sizeof raw);
}

/* Queues one write; *seq receives its place in the outbox. */
static int
rec_outbox_add(struct rec_store *s, const char *kind, int64_t attempt,
    const struct rec_attempt_start *a, int step_index, const char *step_id,
    int status, const struct rec_result_new *r, int64_t *seq, char **cause)
{
	struct rec_store *box = s->outbox;
	struct rec_stmt *st;
	char uid[33];
	int64_t now = rec_now(s);

	rec_new_uid(uid);
	st = rec_prepare(box, "INSERT INTO ops (uid, kind, time, attempt, "
	    "learner, module_id, module_version, module_hash, lesson, station, "
	    "profile, firmware, lang, seed, step_index, step_id, status, "
	    "outcome, method, passed, score, score_max, evidence, trainer) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
	    "?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)", cause);
	if (st == NULL)
		return -1;
	rec_bind_str(st, 1, uid);
	rec_bind_str(st, 2, kind);
	rec_bind_int64(st, 3, r != NULL && r->time != 0 ? r->time : now);
	rec_bind_int64(st, 4, attempt);
	if (a != NULL) {
		rec_bind_str(st, 5, a->learner_id);
		rec_bind_str(st, 6, a->module_id);
		rec_bind_str(st, 7, a->module_version);
		rec_bind_str(st, 8, a->module_hash);
		rec_bind_str(st, 9, a->lesson_id);
		rec_bind_str(st, 10, a->station);
		rec_bind_str(st, 11, a->printer_profile);
		rec_bind_str(st, 12, a->firmware);
		rec_bind_str(st, 13, a->lang);
		rec_bind_int64(st, 14, (int64_t)a->seed);
	}
	rec_bind_int64(st, 15, step_index);
	rec_bind_str(st, 16, step_id);
	rec_bind_int64(st, 17, status);
	if (r != NULL) {
		rec_bind_str(st, 18, r->outcome_id);
		rec_bind_int64(st, 19, r->method);
		rec_bind_int64(st, 20, r->passed ? 1 : 0);
		if (r->has_score) {
			rec_bind_double(st, 21, r->score);
			rec_bind_double(st, 22, r->score_max);
		}
		rec_bind_str(st, 23, r->evidence);
		rec_bind_str(st, 24, r->trainer_id);
	}
	if (rec_step_done(box, st, "writing", cause) != 0)
		return -1;
	*seq = rec_last_id(box);
	return 0;
}

/* The columns rec_op_read reads, in its order. */
#define REC_OP_SELECT "SELECT seq, uid, kind, time, attempt, learner, " \
	"module_id, module_version, module_hash, lesson, station, profile, " \
	"firmware, lang, seed, step_index, step_id, status, outcome, method, " \
	"passed, score, score_max, evidence, trainer FROM ops "

static void
rec_op_read(struct rec_stmt *st, void *elem)
{
	struct rec_op *op = elem;
	char **str = op->strings;

	op->seq = rec_column_int64(st, 0);
	op->uid = rec_column_str(st, 1);
	op->kind = rec_column_str(st, 2);
	op->time = rec_column_int64(st, 3);
	op->attempt = rec_column_int64(st, 4);
	for (int i = 0; i < 9; i++)
		str[i] = rec_column_str(st, 5 + i);
	op->start.learner_id = str[0];
	op->start.module_id = str[1];
	op->start.module_version = str[2];
	op->start.module_hash = str[3];
	op->start.lesson_id = str[4];
	op->start.station = str[5];
	op->start.printer_profile = str[6];
	op->start.firmware = str[7];
	op->start.lang = str[8];
	op->start.seed = (uint64_t)rec_column_int64(st, 14);
	op->step_index = rec_column_int(st, 15);
	op->step_id = rec_column_str(st, 16);
	op->status = (enum rec_attempt_status)rec_column_int(st, 17);
	str[9] = rec_column_str(st, 18);
	op->result.outcome_id = str[9];
	op->result.method = (enum rec_method)rec_column_int(st, 19);
	op->result.passed = rec_column_int(st, 20) != 0;
	op->result.has_score = rec_column_type(st, 21) != REC_NULL;
	op->result.score = rec_column_double(st, 21);
	op->result.score_max = rec_column_double(st, 22);
	str[10] = rec_column_str(st, 23);
	op->result.evidence = str[10];
	str[11] = rec_column_str(st, 24);
	op->result.trainer_id = str[11];
	op->result.time = op->time;
}

static void
rec_op_clear(void *elem)
{
	struct rec_op *op = elem;

	free(op->uid);
	free(op->kind);
	free(op->step_id);
	for (size_t i = 0; i < LL_ARRAY_LEN(op->strings); i++)
		free(op->strings[i]);
	memset(op, 0, sizeof *op);
}

/* The server's id of an attempt the outbox may know by its local id. */
static int
rec_outbox_server_id(struct rec_store *s, int64_t id, int64_t *out,
    char **cause)
{
	struct rec_stmt *st;
	int rc;

	if (id < REC_LOCAL_ID_BASE || s->outbox == NULL) {
		*out = id;
		return 0;
	}
	st = rec_prepare(s->outbox, "SELECT server FROM attempt_map WHERE "
	    "local = ?", cause);
	if (st == NULL)
		return -1;
	rec_bind_int64(st, 1, id);
	rc = rec_step(st);
	if (rc == REC_ROW)
		*out = rec_column_int64(st, 0);
	else if (rc == REC_DONE)
		set_cause(cause, "attempt %lld is still in this station's "
		    "outbox: it reaches the records server when the server is "
		    "back", (long long)id);
	else
		rec_db_error(s->outbox, cause, "reading");
	rec_finalize(st);
	return rc == REC_ROW ? 0 : -1;
}

int64_t
rec_outbox_translate(struct rec_store *s, int64_t id)
{
	int64_t server;

	return rec_outbox_server_id(s, id, &server, NULL) == 0 ? server : id;
}

/* 1: the server has this write already (row id in *row_id), 0: not, -1. */
static int
rec_delivered(struct rec_store *s, const char *uid, int64_t *row_id,
    char **cause)
{
	struct rec_stmt *st = rec_prepare(s, "SELECT row_id FROM deliveries "
	    "WHERE uid = ?", cause);
	int rc;

	if (st == NULL)
		return -1;
	rec_bind_str(st, 1, uid);
	rc = rec_step(st);
	if (rc == REC_ROW)
		*row_id = rec_column_int64(st, 0);
	else if (rc == REC_ERROR)
		rec_db_error(s, cause, "reading");
	rec_finalize(st);
	return rc == REC_ROW ? 1 : rc == REC_DONE ? 0 : -1;
}

/* Inside the server transaction: the write itself and its delivery id. */
static int
rec_deliver_op(struct rec_store *s, struct rec_op *op, int64_t *row_id,
    char **cause)
{
	struct rec_stmt *st;
	int64_t attempt = 0;
	int rc;

	if ((rc = rec_delivered(s, op->uid, row_id, cause)) != 0)
		return rc < 0 ? -1 : 0;
	if (strcmp(op->kind, "start") != 0 &&
	    rec_outbox_server_id(s, op->attempt, &attempt, cause) != 0)
		return -1;
	*row_id = 0;
	if (strcmp(op->kind, "start") == 0)
		rc = rec_attempt_start(s, &op->start, row_id, cause);
	else if (strcmp(op->kind, "step") == 0)
		rc = rec_attempt_step(s, attempt, op->step_index, op->step_id,
		    cause);
	else if (strcmp(op->kind, "finish") == 0)
		rc = rec_attempt_finish(s, attempt, op->status, cause);
	else {
		op->result.attempt_id = attempt;
		rc = rec_result_add(s, &op->result, row_id, cause);
	}
	if (rc != 0)
		return -1;
	st = rec_prepare(s, "INSERT INTO deliveries (uid, row_id, time) "
	    "VALUES (?, ?, ?)", cause);
	if (st == NULL)
		return -1;
	rec_bind_str(st, 1, op->uid);
	rec_bind_int64(st, 2, *row_id);
	rec_bind_int64(st, 3, rec_now(s));
	return rec_step_done(s, st, "writing", cause);
}

/* After the server committed: the outbox forgets the write. */
static int
rec_outbox_done(struct rec_store *s, const struct rec_op *op, int64_t row_id,
    const char *failure, char **cause)
{
	struct rec_store *box = s->outbox;
	struct rec_stmt *st;
	bool ok;

	if (rec_tx_begin(box, cause) != 0)
		return -1;
	if (failure != NULL) {
		st = rec_prepare(box, "UPDATE ops SET failed = ? WHERE seq = ?",
		    cause);
		ok = st != NULL;
		if (ok) {
			rec_bind_str(st, 1, failure);
			rec_bind_int64(st, 2, op->seq);
			ok = rec_step_done(box, st, "writing", cause) == 0;
		}
		return rec_tx_end(box, ok, cause);
	}
	ok = true;
	if (strcmp(op->kind, "start") == 0) {
		st = rec_prepare(box, "INSERT OR REPLACE INTO attempt_map "
		    "(local, server) VALUES (?, ?)", cause);
		ok = st != NULL;
		if (ok) {
			rec_bind_int64(st, 1, REC_LOCAL_ID_BASE + op->seq);
			rec_bind_int64(st, 2, row_id);
			ok = rec_step_done(box, st, "writing", cause) == 0;
		}
	}
	if (ok) {
		st = rec_prepare(box, "DELETE FROM ops WHERE seq = ?", cause);
		ok = st != NULL;
		if (ok) {
			rec_bind_int64(st, 1, op->seq);
			ok = rec_step_done(box, st, "writing", cause) == 0;
		}
	}
	return rec_tx_end(box, ok, cause);
}

int
rec_outbox_flush(struct rec_store *s, char **cause)
{
	if (s->outbox == NULL)
		return 0;
	if (s->is_copy) {
		/* The copy is no server: delivery is the server's store's. */
		set_cause(cause, "the records server cannot be reached");
		return -1;
	}
	for (;;) {
		struct rec_stmt *st;
		struct rec_op *ops = NULL;
		size_t n = 0;
		int64_t row_id = 0;
		char *why = NULL;
		void *rows;
		int rc;

		st = rec_prepare(s->outbox, REC_OP_SELECT "WHERE failed IS NULL "
		    "ORDER BY seq LIMIT 1", cause);
		if (st == NULL || rec_collect_rows(s->outbox, st, sizeof *ops,
		    rec_op_read, rec_op_clear, &rows, &n, cause) != 0)
			return -1;
		ops = rows;
		if (n == 0) {
			free(ops);
			s->offline = false;
			s->queued = false;
			return 0;
		}
		/* The write keeps the time it was made at the station. */
		s->fixed_now = ops[0].time;
		s->delivering = true;
		rc = rec_tx_begin(s, &why);
		if (rc == 0)
			rc = rec_tx_end(s, rec_deliver_op(s, &ops[0], &row_id,
			    &why) == 0, &why);
		s->delivering = false;
		s->fixed_now = 0;
		if (rc != 0 && s->be->unreachable(s)) {
			s->offline = true;
			s->offline_since = clock_ms();
			set_cause(cause, "%s", why);
			free(why);
			rec_op_clear(&ops[0]);
			free(ops);
			return -1;
		}
		/*
		 * A write the server refuses for good (its learner was never
		 * created there) is set aside, not retried forever: it would
		 * hold up everything behind it.
		 */
		rc = rec_outbox_done(s, &ops[0], row_id, rc != 0 ? why : NULL,
		    cause);
		free(why);
		rec_op_clear(&ops[0]);
		free(ops);
		if (rc != 0)
			return -1;
	}
}

int
rec_sent_check(struct rec_store *s, const char *key, bool *sent,
    char **cause)
{
	char *uid = xasprintf("sent:%s", key);
	int64_t row_id;
	int rc = rec_delivered(s, uid, &row_id, cause);

	free(uid);
	*sent = rc == 1;
	return rc < 0 ? -1 : 0;
}

int
rec_sent_mark(struct rec_store *s, const char *const *keys, size_t n,
    char **cause)
{
	bool ok = true;

	if (rec_tx_begin(s, cause) != 0)
		return -1;
	for (size_t i = 0; ok && i < n; i++) {
		struct rec_stmt *st = rec_prepare(s, "INSERT INTO deliveries "
		    "(uid, row_id, time) SELECT ?1, 0, ?2 WHERE NOT EXISTS "
		    "(SELECT 1 FROM deliveries WHERE uid = ?1)", cause);
		char *uid = xasprintf("sent:%s", keys[i]);

		ok = st != NULL;
		if (ok) {
			rec_bind_str(st, 1, uid);
			rec_bind_int64(st, 2, rec_now(s));
			ok = rec_step_done(s, st, "writing", cause) == 0;
		}
		free(uid);
	}
	return rec_tx_end(s, ok, cause);
}

int
rec_outbox_status(struct rec_store *s, struct rec_outbox_state *out,
    char **cause)
{
	struct rec_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	if (s->outbox == NULL)
		return 0;
	out->used = true;
	out->file = !s->be->networked;
	out->offline = s->offline;
	out->delivering = s->delivery != NULL;
	st = rec_prepare(s->outbox, "SELECT count(*) - count(failed), "
	    "count(failed) FROM ops", cause);
	if (st == NULL)
		return -1;
	rc = rec_step(st);
	if (rc == REC_ROW) {
		out->waiting = (size_t)rec_column_int64(st, 0);
		out->refused = (size_t)rec_column_int64(st, 1);
	} else
		rec_db_error(s->outbox, cause, "reading");
	rec_finalize(st);
	return rc == REC_ROW ? 0 : -1;
}

/*
 * A write the server refused right away is the caller's error, as without an
 * outbox: it is taken out again and its reason returned.
 */
static int
rec_outbox_refused(struct rec_store *s, int64_t seq, char **cause)
{
	struct rec_stmt *st = rec_prepare(s->outbox, "SELECT failed FROM ops "
	    "WHERE seq = ? AND failed IS NOT NULL", cause);
	int rc;

	if (st == NULL)
		return -1;
	rec_bind_int64(st, 1, seq);
	rc = rec_step(st);
	if (rc == REC_ROW)
		set_cause(cause, "%s", rec_column_text(st, 0));
	rec_finalize(st);
	if (rc != REC_ROW)
		return 0;
	st = rec_prepare(s->outbox, "DELETE FROM ops WHERE seq = ?", NULL);
	if (st != NULL) {
		rec_bind_int64(st, 1, seq);
		rec_step_done(s->outbox, st, "writing", NULL);
	}
	return -1;
}

/*
 * The lesson's writes when the store has an outbox: queued, then delivered
 * with everything before them. Success means stored: on the server, or in
 * the outbox until the server is back. Another failure (the learner is
 * unknown) is the caller's to show.
 */
static int
rec_outbox_write(struct rec_store *s, const char *kind, int64_t attempt,
    const struct rec_attempt_start *a, int step_index, const char *step_id,
    int status, const struct rec_result_new *r, int64_t *local_id,
    char **cause)
{
	int64_t seq;

	if (rec_outbox_add(s, kind, attempt, a, step_index, step_id, status, r,
	    &seq, cause) != 0)
		return -1;
	if (local_id != NULL)
		*local_id = REC_LOCAL_ID_BASE + seq;
	/*
	 * In the background a trainer's sign-off queues too: delivering it
	 * here would hold the loop (and the emergency stop) for as long as
	 * the server takes to answer. A refusal is counted and kept aside
	 * (rec_outbox_state.refused) like any other.
	 */
	if (s->background) {
		rec_outbox_poll(s);
		return 0;
	}
	/*
	 * While the server is away, trying again at every write would stall
	 * each one; rec_outbox_flush (the screen calls it every few seconds)
	 * tries at once.
	 */
	if (!s->is_copy && (!s->offline ||
	    clock_ms() - s->offline_since >= REC_OUTBOX_RETRY_MS))
		rec_outbox_flush(s, NULL);
	return rec_outbox_refused(s, seq, cause);
}

int
rec_outbox_attempt_start(struct rec_store *s,
    const struct rec_attempt_start *a, int64_t *attempt_id, char **cause)
{
	int64_t local;

	if (rec_outbox_write(s, "start", 0, a, 0, NULL, 0, NULL, &local,
	    cause) != 0)
		return -1;
	if (attempt_id != NULL)
		*attempt_id = rec_outbox_translate(s, local);
	return 0;
}

int
rec_outbox_attempt_step(struct rec_store *s, int64_t attempt_id,
    int step_index, const char *step_id, char **cause)
{
	return rec_outbox_write(s, "step", attempt_id, NULL, step_index,
	    step_id, 0, NULL, NULL, cause);
}

int
rec_outbox_attempt_finish(struct rec_store *s, int64_t attempt_id,
    enum rec_attempt_status status, char **cause)
{
	return rec_outbox_write(s, "finish", attempt_id, NULL, 0, NULL,
	    (int)status, NULL, NULL, cause);
}

int
rec_outbox_result_add(struct rec_store *s, const struct rec_result_new *r,
    int64_t *result_id, char **cause)
{
	struct rec_result_new copy = *r;
	int64_t seq;

	/* What can be judged here is, so the station hears of it at once. */
	if (rec_result_check_fields(r, cause) != 0)
		return -1;
	if (copy.time == 0)
		copy.time = rec_now(s);
	if (rec_outbox_write(s, "result", r->attempt_id, NULL, 0, NULL, 0,
	    &copy, &seq, cause) != 0)
		return -1;
	if (result_id != NULL)
		*result_id = 0;	/* known once delivered */
	return 0;
}

/*
 * A delivery on a thread of its own: it opens its own connections to the
 * server and to the outbox file (SQLite and libpq connections are never
 * shared between threads), so it touches nothing of the store that
 * started it. The store reads the outcome once done is set; a store closed
 * first leaves the delivery to free itself (abandoned).
 */
enum { REC_DELIVERY_RUNNING, REC_DELIVERY_DONE, REC_DELIVERY_ABANDONED };

struct rec_delivery {
	char *target, *outbox;
	/* The store's signoff_requires rule, judged again at delivery. */
	struct rec_store *rule;	/* holds the rule only (never opened) */
	pthread_t thread;
	atomic_int state;
	bool offline;		/* the server could not be reached */
};

static void
rec_delivery_free(struct rec_delivery *d)
{
	if (d->rule != NULL) {
		rec_signoff_rule_free(d->rule);
		free(d->rule);
	}
	free(d->target);
	free(d->outbox);
	free(d);
}

static void *
rec_delivery_main(void *arg)
{
	struct rec_delivery *d = arg;
	struct rec_store *s;
	char *cause = NULL;
	int expected = REC_DELIVERY_RUNNING;

	s = rec_open(d->target, &cause);
	if (s != NULL && !s->be->networked)
		s->file_outbox = true;
	if (s != NULL && d->rule != NULL)
		rec_set_signoff_rule(s, d->rule->signoff_credential,
		    (const char *const *)d->rule->signoff_exempt,
		    d->rule->nsignoff_exempt);
	if (s == NULL || rec_outbox_open(s, d->outbox, &cause) != 0)
		d->offline = true;
	else
		d->offline = rec_outbox_flush(s, &cause) != 0 && s->offline;
	rec_close(s);
	free(cause);
	if (!atomic_compare_exchange_strong(&d->state, &expected,
	    REC_DELIVERY_DONE))
		rec_delivery_free(d);	/* nobody waits for it any more */
	return NULL;
}

void
rec_outbox_background(struct rec_store *s)
{
	s->background = s->outbox != NULL;
}

void
rec_outbox_poll(struct rec_store *s)
{
	struct rec_delivery *d = s->delivery;
	struct rec_outbox_state st;

	if (s->outbox == NULL || !s->background)
		return;
	if (d != NULL) {
		if (atomic_load(&d->state) != REC_DELIVERY_DONE)
			return;
		pthread_join(d->thread, NULL);
		s->offline = d->offline;
		if (d->offline)
			s->offline_since = clock_ms();
		rec_delivery_free(d);
		s->delivery = NULL;
	}
	if (s->offline && clock_ms() - s->offline_since <
	    REC_BACKGROUND_RETRY_MS)
		return;
	if (rec_outbox_status(s, &st, NULL) != 0)
		return;
	if (st.waiting == 0) {
		/* Nothing waits and no delivery runs: the file is written
		 * directly again. */
		s->queued = false;
		return;
	}
	d = xcalloc(1, sizeof *d);
	d->target = xstrdup(s->path);
	d->outbox = xstrdup(s->outbox->path);
	if (s->signoff_credential != NULL) {
		d->rule = xcalloc(1, sizeof *d->rule);
		rec_set_signoff_rule(d->rule, s->signoff_credential,
		    (const char *const *)s->signoff_exempt,
		    s->nsignoff_exempt);
	}
	atomic_init(&d->state, REC_DELIVERY_RUNNING);
	if (pthread_create(&d->thread, NULL, rec_delivery_main, d) != 0) {
		/* No thread now: the next poll tries again. */
		rec_delivery_free(d);
		return;
	}
	s->delivery = d;
}

int
rec_outbox_drain(struct rec_store *s, char **cause)
{
	struct rec_delivery *d = s->delivery;

	if (d != NULL) {
		/* Still RUNNING: the thread ends as DONE and frees nothing. */
		pthread_join(d->thread, NULL);
		s->offline = d->offline;
		rec_delivery_free(d);
		s->delivery = NULL;
		/* It has just waited as long as a try would: once is enough. */
		if (s->offline) {
			s->offline_since = clock_ms();
			set_cause(cause, "%s cannot be written now", s->path);
			return -1;
		}
	}
	return rec_outbox_flush(s, cause);
}

void
rec_outbox_release(struct rec_store *s)
{
	struct rec_delivery *d = s->delivery;
	int expected = REC_DELIVERY_RUNNING;

	if (d == NULL)
		return;
	s->delivery = NULL;
	/* A delivery stuck on a silent network must not hold up quitting. */
	if (atomic_compare_exchange_strong(&d->state, &expected,
	    REC_DELIVERY_ABANDONED)) {
		pthread_detach(d->thread);
		return;
	}
	pthread_join(d->thread, NULL);
	rec_delivery_free(d);
}

static char *
rec_dup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* The attempt in a that op is about: its local or (delivered) server id. */
static struct rec_attempt *
rec_overlay_find(struct rec_store *s, struct rec_attempt *a, size_t n,
    int64_t id)
{
	int64_t server = rec_outbox_translate(s, id);

	for (size_t i = n; i-- > 0;)
		if (a[i].id == id || a[i].id == server)
			return &a[i];
	return NULL;
}

int
rec_outbox_overlay_attempts(struct rec_store *s, const struct rec_filter *f,
    struct rec_attempt **a, size_t *n, char **cause)
{
	struct rec_stmt *st;
	struct rec_op *ops;
	void *rows;
	size_t nops = 0;

	if (s->outbox == NULL || s->delivering)
		return 0;
	st = rec_prepare(s->outbox, REC_OP_SELECT "WHERE failed IS NULL AND "
	    "kind <> 'result' ORDER BY seq", cause);
	if (st == NULL || rec_collect_rows(s->outbox, st, sizeof *ops,
	    rec_op_read, rec_op_clear, &rows, &nops, cause) != 0)
		return -1;
	ops = rows;
	for (size_t i = 0; i < nops; i++) {
		const struct rec_op *op = &ops[i];
		const struct rec_attempt_start *sa = &op->start;
		struct rec_attempt *t;

		if (strcmp(op->kind, "start") == 0) {
			/* A group is not known before delivery: a list by
			 * group shows what the records hold. */
			if ((f->learner_id != NULL &&
			    strcmp(f->learner_id, sa->learner_id) != 0) ||
			    f->group_id != NULL || op->time < f->since)
				continue;
			*a = xrealloc(*a, (*n + 1) * sizeof **a);
			t = &(*a)[(*n)++];
			memset(t, 0, sizeof *t);
			t->id = REC_LOCAL_ID_BASE + op->seq;
			t->learner_id = rec_dup(sa->learner_id);
			t->module_id = rec_dup(sa->module_id);
			t->module_version = rec_dup(sa->module_version);
			t->module_hash = rec_dup(sa->module_hash);
			t->lesson_id = rec_dup(sa->lesson_id);
			t->station = rec_dup(sa->station);
			t->printer_profile = rec_dup(sa->printer_profile);
			t->firmware = rec_dup(sa->firmware);
			t->lang = rec_dup(sa->lang);
			t->seed = sa->seed;
			t->status = REC_ATTEMPT_RUNNING;
			t->started = op->time;
		} else if ((t = rec_overlay_find(s, *a, *n, op->attempt)) !=
		    NULL) {
			if (strcmp(op->kind, "step") == 0) {
				t->step_index = op->step_index;
				free(t->step_id);
				t->step_id = rec_dup(op->step_id);
			} else {
				t->status = op->status;
				t->finished = op->time;
			}
		}
	}
	for (size_t i = 0; i < nops; i++)
		rec_op_clear(&ops[i]);
	free(ops);
	return 0;
}
