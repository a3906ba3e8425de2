/*
 * A station's screen and its records, off the loop. The screen's loop also
 * reads the emergency stop, so sign-in, sign-off and the trainer's lists
 * run on a worker thread, with a handle of their own (rec_worker): SQLite
 * and libpq connections are never shared between threads.
 *
 * With a records server, the worker keeps the station's copy of groups,
 * learners and trainers (names, PIN hashes and lock state; no school ids,
 * no results) in a file on the station, taken again at every contact. While
 * the server cannot be reached, sign-in answers from that copy and says so,
 * with the reason and the copy's age; a trainer signs in from it only for
 * as long as the school allows (a trainer removed on the server must not
 * stay usable for ever), and a sign-off made meanwhile waits in the outbox
 * with the lesson's results.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rec-int.h"

/* After a failed contact, the copy answers at once for this long. */
#define REC_WORKER_RETRY_MS 3000

struct rec_worker {
	char *target, *outbox, *copy_path;
	char *file_outbox;	/* a file's outbox: read, so the lists show it */
	int64_t copy_max_age;
	struct rec_store *rule;		/* the sign-off rule only */
	int64_t (*now)(void *);
	void *now_arg;
	struct rec_store *server;	/* opened on the worker thread */
	struct rec_store *copy;		/* while the server is away */
	bool offline;
	uint64_t offline_since;
	char *reason;
};

struct rec_worker *
rec_worker_new(struct rec_store *s, const char *copy_path,
    int64_t copy_max_age)
{
	struct rec_worker *w = xcalloc(1, sizeof *w);

	w->target = xstrdup(s->path);
	/* A file's worker waits for the lock itself: off the loop. */
	if (s->outbox != NULL && !s->be->networked)
		w->file_outbox = xstrdup(s->outbox->path);
	if (s->outbox != NULL && s->be->networked) {
		w->outbox = xstrdup(s->outbox->path);
		if (copy_path != NULL)
			w->copy_path = xstrdup(copy_path);
	}
	w->copy_max_age = copy_max_age;
	w->now = s->now;
	w->now_arg = s->now_arg;
	if (s->signoff_credential != NULL) {
		w->rule = xcalloc(1, sizeof *w->rule);
		rec_set_signoff_rule(w->rule, s->signoff_credential,
		    (const char *const *)s->signoff_exempt,
		    s->nsignoff_exempt);
	}
	return w;
}

void
rec_worker_free(struct rec_worker *w)
{
	if (w == NULL)
		return;
	rec_close(w->server);
	rec_close(w->copy);
	if (w->rule != NULL) {
		rec_signoff_rule_free(w->rule);
		free(w->rule);
	}
	free(w->target);
	free(w->outbox);
	free(w->file_outbox);
	free(w->copy_path);
	free(w->reason);
	free(w);
}

static void
rec_worker_prepare(struct rec_worker *w, struct rec_store *s)
{
	rec_set_clock(s, w->now, w->now_arg);
	if (w->rule != NULL)
		rec_set_signoff_rule(s, w->rule->signoff_credential,
		    (const char *const *)w->rule->signoff_exempt,
		    w->rule->nsignoff_exempt);
}

static const char rec_copy_meta[] =
    "CREATE TABLE IF NOT EXISTS station_copy (refreshed INTEGER NOT NULL)";

/* What the copy holds, table by table, parents first. */
static const struct {
	const char *table, *columns;
} rec_copied[] = {
	{ "groups", "id, name, created" },
	{ "learners", "id, name, group_id, created" },
	{ "trainers", "id, name, pin_hash, failures, locked_until, created" },
};

/*
 * Takes the copy anew from the server, in one transaction of the copy's
 * file: a sign-in never sees half a copy.
 */
static int
rec_copy_refresh(struct rec_worker *w, struct rec_store *server,
    char **cause)
{
	struct rec_store *copy;
	bool ok;

	if ((copy = rec_open(w->copy_path, cause)) == NULL)
		return -1;
	ok = rec_exec(copy, rec_copy_meta, cause) == 0 &&
	    rec_tx_begin(copy, cause) == 0;
	if (!ok) {
		rec_close(copy);
		return -1;
	}
	for (size_t i = LL_ARRAY_LEN(rec_copied); ok && i-- > 0;) {
		char *sql = xasprintf("DELETE FROM %s", rec_copied[i].table);

		ok = rec_exec(copy, sql, cause) == 0;
		free(sql);
	}
	for (size_t i = 0; ok && i < LL_ARRAY_LEN(rec_copied); i++) {
		char *sel = xasprintf("SELECT %s FROM %s", rec_copied[i].columns,
		    rec_copied[i].table);
		char *ins = xasprintf("INSERT INTO %s (%s) VALUES (?, ?, ?%s)",
		    rec_copied[i].table, rec_copied[i].columns, i == 0 ? "" :
		    i == 1 ? ", ?" : ", ?, ?, ?");
		struct rec_stmt *st = rec_prepare(server, sel, cause);
		int rc = st != NULL ? rec_step(st) : REC_ERROR;

		while (ok && rc == REC_ROW) {
			struct rec_stmt *put = rec_prepare(copy, ins, cause);

			ok = put != NULL;
			if (ok) {
				rec_bind_row(put, st);
				ok = rec_step_done(copy, put, "writing", cause) == 0;
			}
			rc = ok ? rec_step(st) : REC_DONE;
		}
		if (ok && rc == REC_ERROR) {
			rec_db_error(server, cause, "reading");
			ok = false;
		}
		rec_finalize(st);
		free(sel);
		free(ins);
	}
	if (ok) {
		struct rec_stmt *st;

		ok = rec_exec(copy, "DELETE FROM station_copy", cause) == 0 &&
		    (st = rec_prepare(copy, "INSERT INTO station_copy "
		    "(refreshed) VALUES (?)", cause)) != NULL;
		if (ok) {
			rec_bind_int64(st, 1, rec_now(server));
			ok = rec_step_done(copy, st, "writing", cause) == 0;
		}
	}
	ok = rec_tx_end(copy, ok, cause) == 0 && ok;
	rec_close(copy);
	return ok ? 0 : -1;
}

/* The copy as a store whose writes queue in the outbox. */
static struct rec_store *
rec_copy_open(struct rec_worker *w, char **cause)
{
	struct rec_store *copy;

	if (w->copy_path == NULL) {
		set_cause(cause, "the records server cannot be reached (%s)",
		    w->reason);
		return NULL;
	}
	if (access(w->copy_path, F_OK) != 0) {
		set_cause(cause, "this station has no copy of learners and "
		    "trainers yet: it has not reached the records server "
		    "since it was set up");
		return NULL;
	}
	if ((copy = rec_open(w->copy_path, cause)) == NULL)
		return NULL;
	copy->is_copy = true;
	copy->offline = true;
	copy->copy_max_age = w->copy_max_age;
	rec_worker_prepare(w, copy);
	if (rec_exec(copy, rec_copy_meta, cause) != 0 ||
	    rec_outbox_open(copy, w->outbox, cause) != 0) {
		rec_close(copy);
		return NULL;
	}
	return copy;
}

/* Reads when the copy was taken, at every use: it may be taken anew. */
static struct rec_store *
rec_copy_age(struct rec_store *copy)
{
	struct rec_stmt *st = rec_prepare(copy, "SELECT refreshed FROM "
	    "station_copy", NULL);

	copy->copy_refreshed = 0;
	if (st != NULL && rec_step(st) == REC_ROW)
		copy->copy_refreshed = rec_column_int64(st, 0);
	rec_finalize(st);
	return copy;
}

struct rec_store *
rec_worker_store(struct rec_worker *w, char **cause)
{
	char *why = NULL;

	if (w->outbox == NULL) {
		/* A file: a second connection, which may wait on its lock. */
		if (w->server == NULL &&
		    (w->server = rec_open(w->target, cause)) != NULL) {
			rec_worker_prepare(w, w->server);
			/* The lesson's writes kept while the file was locked
			 * are part of what the lists show. */
			w->server->file_outbox = w->file_outbox != NULL;
			if (w->file_outbox != NULL && rec_outbox_open(w->server,
			    w->file_outbox, &why) != 0) {
				log_debug("records: %s", why);
				free(why);
			}
		}
		return w->server;
	}
	if (w->offline && clock_ms() - w->offline_since < REC_WORKER_RETRY_MS &&
	    w->copy != NULL)
		return rec_copy_age(w->copy);
	/*
	 * A connection per job: connecting is bounded by the connect timeout,
	 * while a connection kept open could wait without end on a network
	 * that went silent in between (every byte acknowledged, none answered).
	 */
	rec_close(w->server);
	if ((w->server = rec_open(w->target, &why)) != NULL) {
		rec_worker_prepare(w, w->server);
		if (rec_outbox_open(w->server, w->outbox, &why) != 0) {
			rec_close(w->server);
			w->server = NULL;
		}
	}
	if (w->server != NULL && (w->copy_path == NULL ||
	    rec_copy_refresh(w, w->server, &why) == 0)) {
		rec_close(w->copy);
		w->copy = NULL;
		w->offline = false;
		free(w->reason);
		w->reason = NULL;
		free(why);
		return w->server;
	}
	/* The server is away: the copy answers, with the reason kept. */
	rec_close(w->server);
	w->server = NULL;
	w->offline = true;
	w->offline_since = clock_ms();
	free(w->reason);
	w->reason = why != NULL ? why : xstrdup("no answer");
	/* libpq's messages run over lines: the reason is shown on one. */
	for (char *p = w->reason; *p != '\0'; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	str_trim(w->reason);
	if (w->copy == NULL && (w->copy = rec_copy_open(w, cause)) == NULL)
		return NULL;
	return rec_copy_age(w->copy);
}

int
rec_worker_state(struct rec_worker *w, struct rec_copy_state *out)
{
	memset(out, 0, sizeof *out);
	if (!w->offline || w->copy == NULL)
		return 0;
	out->from_copy = true;
	snprintf(out->reason, sizeof out->reason, "%s", w->reason);
	out->age = w->copy->copy_refreshed > 0 ?
	    rec_now(w->copy) - w->copy->copy_refreshed : -1;
	out->trainers_expired = w->copy_max_age > 0 &&
	    out->age > w->copy_max_age;
	return 1;
}
