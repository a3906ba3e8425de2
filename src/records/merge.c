/*
 * Merging another station's database into this one (a file carried on a USB
 * stick to the trainer's laptop): its groups, learners, trainers, attempts,
 * results and credentials.
 *
 * Every attempt and result has an identity that survives copying: the id of
 * the database it was first written in (table identity) and its id there. A
 * merged row's identity is kept in deliveries ("merge:ORIGIN:TABLE:ID"), so
 * merging the same file twice, merging back the other way, or merging a file
 * that already holds rows merged from a third station never adds a row
 * twice. Learners, groups and trainers are matched by their ids; one that
 * differs (another name, another PIN) is a conflict that needs an explicit
 * choice, and without one the merge changes nothing. The whole merge is one
 * transaction, every row it adds or changes gets its audit entry, and a last
 * entry records the merge itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rec-int.h"

struct rec_idmap {
	int64_t from, to;
};

struct rec_merge {
	struct rec_store *s, *o;
	const struct rec_merge_options *opt;
	struct rec_merge_report *r;
	char *our_id, *their_id;
	struct rec_idmap *modules, *attempts;
	size_t nmodules, nattempts;
};

static int
rec_identity(struct rec_store *s, char **out, char **cause)
{
	struct rec_stmt *st = rec_prepare(s, "SELECT id FROM identity", cause);
	int rc;

	if (st == NULL)
		return -1;
	rc = rec_step(st);
	if (rc == REC_ROW)
		*out = rec_column_str(st, 0);
	else if (rc == REC_DONE)
		set_cause(cause, "%s has no database id", s->path);
	else
		rec_db_error(s, cause, "reading");
	rec_finalize(st);
	return rc == REC_ROW ? 0 : -1;
}

static void
rec_map_add(struct rec_idmap **map, size_t *n, int64_t from, int64_t to)
{
	*map = xrealloc(*map, (*n + 1) * sizeof **map);
	(*map)[*n].from = from;
	(*map)[*n].to = to;
	(*n)++;
}

/* Rows are read in id order, so the maps are sorted. */
static int64_t
rec_map_find(const struct rec_idmap *map, size_t n, int64_t from)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (map[mid].from == from)
			return map[mid].to;
		if (map[mid].from < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* The choice for one conflict: 1 theirs, 0 ours, -1 none given. */
static int
rec_merge_choice(const struct rec_merge_options *o, const char *kind,
    const char *id)
{
	for (size_t i = 0; i < o->nchoices; i++) {
		if (strcmp(o->choices[i].kind, kind) == 0 &&
		    strcmp(o->choices[i].id, id) == 0)
			return o->choices[i].theirs ? 1 : 0;
	}
	if (o->prefer == REC_MERGE_PREFER_OURS)
		return 0;
	if (o->prefer == REC_MERGE_PREFER_THEIRS)
		return 1;
	return -1;
}

static void
rec_merge_conflict(struct rec_merge *m, const char *kind, const char *id,
    const char *what, const char *ours, const char *theirs, int choice)
{
	struct rec_merge_report *r = m->r;
	struct rec_merge_conflict *c;

	r->conflicts = xrealloc(r->conflicts, (r->nconflicts + 1) *
	    sizeof *r->conflicts);
	c = &r->conflicts[r->nconflicts++];
	c->kind = xstrdup(kind);
	c->id = xstrdup(id);
	c->what = xstrdup(what);
	c->ours = xstrdup(ours != NULL ? ours : "");
	c->theirs = xstrdup(theirs != NULL ? theirs : "");
	c->resolution = choice;
	if (choice < 0)
		r->unresolved++;
}

static bool
rec_same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/*
 * Groups, learners or trainers: the row of ours with the same id, compared
 * column by column (those in cols). Adds the missing, reports differences,
 * takes theirs where chosen.
 */
struct rec_people_table {
	const char *table, *kind;
	const char *cols[5];	/* compared and copied; [0] is "id" */
	const char *what[5];	/* how a difference is named */
	const char *extra;	/* columns set on insert only */
	const char *extra_values;
};

static const struct rec_people_table rec_people[] = {
	{ "groups", "group", { "id", "name", NULL }, { NULL, "name", NULL },
	    "created", "?" },
	{ "learners", "learner", { "id", "name", "group_id", "school_id",
	    NULL }, { NULL, "name", "group", "school id", NULL }, "created",
	    "?" },
	{ "trainers", "trainer", { "id", "name", "pin_hash", NULL },
	    { NULL, "name", "PIN", NULL }, "created", "?" },
};

static char *
rec_cols_list(const struct rec_people_table *t)
{
	struct buf b;

	buf_init(&b);
	for (int i = 0; t->cols[i] != NULL; i++)
		buf_appendf(&b, "%s%s", i > 0 ? ", " : "", t->cols[i]);
	return buf_detach(&b);
}

static int
rec_merge_people(struct rec_merge *m, const struct rec_people_table *t,
    bool write, char **cause)
{
	char *cols = rec_cols_list(t), *sql;
	struct rec_stmt *theirs, *ours, *st;
	int ncols = 0, rc;
	bool ok = true;

	while (t->cols[ncols] != NULL)
		ncols++;
	sql = xasprintf("SELECT %s, created FROM %s ORDER BY id", cols,
	    t->table);
	theirs = rec_prepare(m->o, sql, cause);
	free(sql);
	if (theirs == NULL) {
		free(cols);
		return -1;
	}
	while (ok && (rc = rec_step(theirs)) == REC_ROW) {
		const char *id = rec_column_text(theirs, 0);
		int choice = -1, differs = 0;

		sql = xasprintf("SELECT %s FROM %s WHERE id = ?", cols,
		    t->table);
		ours = rec_prepare(m->s, sql, cause);
		free(sql);
		if (ours == NULL) {
			ok = false;
			break;
		}
		rec_bind_str(ours, 1, id);
		rc = rec_step(ours);
		if (rc == REC_ERROR) {
			rec_db_error(m->s, cause, "reading");
			rec_finalize(ours);
			ok = false;
			break;
		}
		if (rc == REC_DONE) {
			rec_finalize(ours);
			if (!write)
				continue;
			/* Missing here: added as it is there. */
			struct buf b;

			buf_init(&b);
			buf_appendf(&b, "INSERT INTO %s (%s, created) VALUES (",
			    t->table, cols);
			for (int i = 0; i <= ncols; i++)
				buf_append_str(&b, i > 0 ? ", ?" : "?");
			buf_append_str(&b, ")");
			sql = buf_detach(&b);
			st = rec_prepare(m->s, sql, cause);
			free(sql);
			if (st == NULL) {
				ok = false;
				break;
			}
			for (int i = 0; i < ncols; i++)
				rec_bind_str(st, i + 1, rec_column_text(theirs,
				    i));
			rec_bind_int64(st, ncols + 1, rec_column_int64(theirs,
			    ncols));
			ok = rec_step_done(m->s, st, "writing", cause) == 0 &&
			    rec_audit_row(m->s, t->table, id, "merge",
			    cause) == 0;
			if (ok && strcmp(t->table, "learners") == 0)
				m->r->learners++;
			else if (ok && strcmp(t->table, "trainers") == 0)
				m->r->trainers++;
			else if (ok)
				m->r->groups++;
			continue;
		}
		for (int i = 1; i < ncols; i++) {
			if (!rec_same(rec_column_text(ours, i),
			    rec_column_text(theirs, i)))
				differs |= 1 << i;
		}
		if (differs == 0) {
			rec_finalize(ours);
			continue;
		}
		choice = rec_merge_choice(m->opt, t->kind, id);
		if (!write) {
			for (int i = 1; i < ncols; i++) {
				bool secret = strcmp(t->cols[i], "pin_hash") == 0;

				if (!(differs & (1 << i)))
					continue;
				rec_merge_conflict(m, t->kind, id, t->what[i],
				    secret ? "(set here)" :
				    rec_column_text(ours, i), secret ?
				    "(set there)" : rec_column_text(theirs, i),
				    choice);
			}
		}
		rec_finalize(ours);
		if (!write || choice != 1)
			continue;
		/* Theirs chosen: our row takes their values. */
		struct buf b;

		buf_init(&b);
		buf_appendf(&b, "UPDATE %s SET ", t->table);
		for (int i = 1; i < ncols; i++)
			buf_appendf(&b, "%s%s = ?", i > 1 ? ", " : "",
			    t->cols[i]);
		buf_appendf(&b, " WHERE id = ?");
		sql = buf_detach(&b);
		st = rec_prepare(m->s, sql, cause);
		free(sql);
		if (st == NULL) {
			ok = false;
			break;
		}
		for (int i = 1; i < ncols; i++)
			rec_bind_str(st, i, rec_column_text(theirs, i));
		rec_bind_str(st, ncols, id);
		ok = rec_step_done(m->s, st, "writing", cause) == 0 &&
		    rec_audit_row(m->s, t->table, id, "merge-theirs",
		    cause) == 0;
		if (ok)
			m->r->updated++;
	}
	if (ok && rc == REC_ERROR) {
		rec_db_error(m->o, cause, "reading");
		ok = false;
	}
	rec_finalize(theirs);
	free(cols);
	return ok ? 0 : -1;
}

/*
 * Runs row(m, theirs, cause) for every row their sql selects, in order,
 * stopping at the first failure: the walk every kind of row shares.
 */
static int
rec_merge_rows(struct rec_merge *m, const char *sql,
    int (*row)(struct rec_merge *, struct rec_stmt *, char **), char **cause)
{
	struct rec_stmt *theirs = rec_prepare(m->o, sql, cause);
	int rc;
	bool ok = true;

	if (theirs == NULL)
		return -1;
	while (ok && (rc = rec_step(theirs)) == REC_ROW)
		ok = row(m, theirs, cause) == 0;
	if (ok && rc == REC_ERROR) {
		rec_db_error(m->o, cause, "reading");
		ok = false;
	}
	rec_finalize(theirs);
	return ok ? 0 : -1;
}

/* Column col of their row into parameter param, of the same type. */
static void
rec_copy_column(struct rec_stmt *st, int param, struct rec_stmt *theirs,
    int col)
{
	switch (rec_column_type(theirs, col)) {
	case REC_NULL:
		rec_bind_null(st, param);
		break;
	case REC_INT:
		rec_bind_int64(st, param, rec_column_int64(theirs, col));
		break;
	case REC_REAL:
		rec_bind_double(st, param, rec_column_double(theirs, col));
		break;
	default:
		rec_bind_str(st, param, rec_column_text(theirs, col));
		break;
	}
}

/*
 * Inserts their row here: sql's parameters are their columns first..last,
 * in order, except those binds fills (it may be NULL). *ours gets the new
 * id; the row gets its audit entry.
 */
static int
rec_merge_insert(struct rec_merge *m, const char *table, const char *sql,
    struct rec_stmt *theirs, int first, int last,
    void (*binds)(struct rec_merge *, struct rec_stmt *, struct rec_stmt *),
    int64_t *ours, char **cause)
{
	struct rec_stmt *st = rec_prepare(m->s, sql, cause);

	if (st == NULL)
		return -1;
	for (int i = first; i <= last; i++)
		rec_copy_column(st, i - first + 1, theirs, i);
	if (binds != NULL)
		binds(m, st, theirs);
	if (rec_step_done(m->s, st, "writing", cause) != 0)
		return -1;
	*ours = rec_last_id(m->s);
	return rec_audit_row_int(m->s, table, *ours, "merge", cause);
}

/* Modules are matched by id, version and content hash. */
static int
rec_merge_module(struct rec_merge *m, struct rec_stmt *theirs, char **cause)
{
	struct rec_stmt *st;
	int64_t ours = 0;
	int rc;

	st = rec_prepare(m->s, "SELECT id FROM modules WHERE module_id = ? AND "
	    "version = ? AND content_hash = ?", cause);
	if (st == NULL)
		return -1;
	for (int i = 1; i <= 3; i++)
		rec_copy_column(st, i, theirs, i);
	rc = rec_step(st);
	if (rc == REC_ROW)
		ours = rec_column_int64(st, 0);
	else if (rc == REC_ERROR)
		rec_db_error(m->s, cause, "reading");
	rec_finalize(st);
	if (rc == REC_ERROR)
		return -1;
	if (ours == 0 && rec_merge_insert(m, "modules", "INSERT INTO modules "
	    "(module_id, version, content_hash, first_run) VALUES (?, ?, ?, "
	    "?)", theirs, 1, 4, NULL, &ours, cause) != 0)
		return -1;
	rec_map_add(&m->modules, &m->nmodules, rec_column_int64(theirs, 0),
	    ours);
	return 0;
}

/*
 * Where a row of theirs comes from: the database and id it was first
 * written with (*origin allocated), from their own merge records.
 */
static int
rec_origin(struct rec_merge *m, const char *table, int64_t id,
    char **origin, int64_t *orig_id, char **cause)
{
	struct rec_stmt *st;
	char *pattern = xasprintf("merge:%%:%s:%%", table);
	int rc;

	st = rec_prepare(m->o, "SELECT uid FROM deliveries WHERE uid LIKE ? "
	    "AND row_id = ?", cause);
	if (st == NULL) {
		free(pattern);
		return -1;
	}
	rec_bind_str(st, 1, pattern);
	rec_bind_int64(st, 2, id);
	free(pattern);
	rc = rec_step(st);
	if (rc == REC_ROW) {
		/* merge:ORIGIN:TABLE:ID */
		const char *uid = rec_column_text(st, 0) + 6;
		const char *colon = strchr(uid, ':');
		const char *last = strrchr(uid, ':');

		*origin = xstrndup(uid, (size_t)(colon - uid));
		*orig_id = strtoll(last + 1, NULL, 10);
	} else if (rc == REC_DONE) {
		*origin = xstrdup(m->their_id);
		*orig_id = id;
	} else
		rec_db_error(m->o, cause, "reading");
	rec_finalize(st);
	return rc == REC_ERROR ? -1 : 0;
}

/*
 * Our id of the row with that identity: 1 found (*ours), 0 not here yet,
 * -1 error.
 */
static int
rec_known(struct rec_merge *m, const char *table, const char *origin,
    int64_t orig_id, int64_t *ours, char **cause)
{
	char *uid;
	struct rec_stmt *st;
	int rc;

	if (strcmp(origin, m->our_id) == 0) {
		*ours = orig_id;	/* one of ours, come back */
		return 1;
	}
	uid = xasprintf("merge:%s:%s:%lld", origin, table, (long long)orig_id);
	st = rec_prepare(m->s, "SELECT row_id FROM deliveries WHERE uid = ?",
	    cause);
	if (st == NULL) {
		free(uid);
		return -1;
	}
	rec_bind_str(st, 1, uid);
	free(uid);
	rc = rec_step(st);
	if (rc == REC_ROW)
		*ours = rec_column_int64(st, 0);
	else if (rc == REC_ERROR)
		rec_db_error(m->s, cause, "reading");
	rec_finalize(st);
	return rc == REC_ROW ? 1 : rc == REC_DONE ? 0 : -1;
}

static int
rec_note_merged(struct rec_merge *m, const char *table, const char *origin,
    int64_t orig_id, int64_t ours, char **cause)
{
	char *uid = xasprintf("merge:%s:%s:%lld", origin, table,
	    (long long)orig_id);
	struct rec_stmt *st = rec_prepare(m->s, "INSERT INTO deliveries (uid, "
	    "row_id, time) VALUES (?, ?, ?)", cause);
	int rc = -1;

	if (st != NULL) {
		rec_bind_str(st, 1, uid);
		rec_bind_int64(st, 2, ours);
		rec_bind_int64(st, 3, rec_now(m->s));
		rc = rec_step_done(m->s, st, "writing", cause);
	}
	free(uid);
	return rc;
}

#define REC_ATTEMPT_COLS "learner_id, lesson_id, printer_profile, firmware, " \
	"lang, seed, step_index, step_id, status, started, finished, station"

/*
 * Attempts and results keep the identity of the database they were first
 * written in: 1 when their row is here already (*ours), 0 when it is new
 * (*origin and *orig_id name it for rec_note_merged), -1 on an error.
 */
static int
rec_merge_identity(struct rec_merge *m, const char *table, int64_t id,
    char **origin, int64_t *orig_id, int64_t *ours, char **cause)
{
	*origin = NULL;
	if (rec_origin(m, table, id, origin, orig_id, cause) != 0)
		return -1;
	return rec_known(m, table, *origin, *orig_id, ours, cause);
}

/* Known here: an attempt finished there since is finished here. */
static int
rec_merge_attempt_finish(struct rec_merge *m, struct rec_stmt *theirs,
    int64_t ours, char **cause)
{
	struct rec_stmt *st;
	bool finish = false;

	st = rec_prepare(m->s, "SELECT status FROM attempts WHERE id = ?",
	    cause);
	if (st == NULL)
		return -1;
	rec_bind_int64(st, 1, ours);
	if (rec_step(st) == REC_ROW)
		finish = strcmp(rec_column_text(st, 0), "running") == 0 &&
		    strcmp(rec_column_text(theirs, 10), "running") != 0;
	rec_finalize(st);
	if (!finish)
		return 0;
	st = rec_prepare(m->s, "UPDATE attempts SET status = ?, finished = ?, "
	    "step_index = ?, step_id = ? WHERE id = ?", cause);
	if (st == NULL)
		return -1;
	rec_copy_column(st, 1, theirs, 10);
	rec_copy_column(st, 2, theirs, 12);
	rec_copy_column(st, 3, theirs, 8);
	rec_copy_column(st, 4, theirs, 9);
	rec_bind_int64(st, 5, ours);
	if (rec_step_done(m->s, st, "writing", cause) != 0 ||
	    rec_audit_row_int(m->s, "attempts", ours, "merge-finish",
	    cause) != 0)
		return -1;
	m->r->updated++;
	return 0;
}

/* Their module id becomes ours. */
static void
rec_bind_attempt_module(struct rec_merge *m, struct rec_stmt *st,
    struct rec_stmt *theirs)
{
	rec_bind_int64(st, 13, rec_map_find(m->modules, m->nmodules,
	    rec_column_int64(theirs, 1)));
}

static int
rec_merge_attempt(struct rec_merge *m, struct rec_stmt *theirs, char **cause)
{
	int64_t id = rec_column_int64(theirs, 0), ours = 0, orig_id;
	char *origin;
	int known, rc = -1;

	known = rec_merge_identity(m, "attempts", id, &origin, &orig_id, &ours,
	    cause);
	if (known == 1)
		rc = rec_merge_attempt_finish(m, theirs, ours, cause);
	else if (known == 0 && rec_merge_insert(m, "attempts", "INSERT INTO "
	    "attempts (" REC_ATTEMPT_COLS ", module) VALUES (?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?)", theirs, 2, 13, rec_bind_attempt_module,
	    &ours, cause) == 0 && rec_note_merged(m, "attempts", origin,
	    orig_id, ours, cause) == 0) {
		m->r->attempts++;
		rc = 0;
	}
	if (rc == 0)
		rec_map_add(&m->attempts, &m->nattempts, id, ours);
	free(origin);
	return rc;
}

/* Their attempt id becomes ours. */
static void
rec_bind_result_attempt(struct rec_merge *m, struct rec_stmt *st,
    struct rec_stmt *theirs)
{
	rec_bind_int64(st, 9, rec_map_find(m->attempts, m->nattempts,
	    rec_column_int64(theirs, 1)));
}

static int
rec_merge_result(struct rec_merge *m, struct rec_stmt *theirs, char **cause)
{
	int64_t id = rec_column_int64(theirs, 0), ours, orig_id;
	char *origin;
	int known, rc = -1;

	known = rec_merge_identity(m, "results", id, &origin, &orig_id, &ours,
	    cause);
	if (known == 1)
		rc = 0;
	else if (known == 0 && rec_merge_insert(m, "results", "INSERT INTO "
	    "results (outcome_id, method, passed, score, score_max, evidence, "
	    "trainer_id, time, attempt_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    theirs, 2, 9, rec_bind_result_attempt, &ours, cause) == 0 &&
	    rec_note_merged(m, "results", origin, orig_id, ours, cause) == 0) {
		m->r->results++;
		rc = 0;
	}
	free(origin);
	return rc;
}

/* Credentials are known by their own id (urn:uuid:...). */
static int
rec_merge_credential(struct rec_merge *m, struct rec_stmt *theirs,
    char **cause)
{
	struct rec_stmt *st;
	int64_t ours = 0;
	bool revoked_here = false;
	int rc;

	st = rec_prepare(m->s, "SELECT id, revoked FROM credentials WHERE uri "
	    "= ?", cause);
	if (st == NULL)
		return -1;
	rec_copy_column(st, 1, theirs, 0);
	rc = rec_step(st);
	if (rc == REC_ROW) {
		ours = rec_column_int64(st, 0);
		revoked_here = rec_column_int64(st, 1) != 0;
	} else if (rc == REC_ERROR)
		rec_db_error(m->s, cause, "reading");
	rec_finalize(st);
	if (rc == REC_ERROR)
		return -1;
	if (ours == 0) {
		if (rec_merge_insert(m, "credentials", "INSERT INTO credentials "
		    "(uri, learner_id, definition_id, document, issued, "
		    "revoked, revoke_reason, revoked_at) VALUES (?, ?, ?, ?, "
		    "?, ?, ?, ?)", theirs, 0, 7, NULL, &ours, cause) != 0)
			return -1;
		m->r->credentials++;
		return 0;
	}
	/* A revocation made there holds here too. */
	if (revoked_here || rec_column_int64(theirs, 5) == 0)
		return 0;
	st = rec_prepare(m->s, "UPDATE credentials SET revoked = 1, "
	    "revoke_reason = ?, revoked_at = ? WHERE id = ?", cause);
	if (st == NULL)
		return -1;
	rec_copy_column(st, 1, theirs, 6);
	rec_copy_column(st, 2, theirs, 7);
	rec_bind_int64(st, 3, ours);
	if (rec_step_done(m->s, st, "writing", cause) != 0 ||
	    rec_audit_row_int(m->s, "credentials", ours, "merge-revoke",
	    cause) != 0)
		return -1;
	m->r->updated++;
	return 0;
}

static int
rec_merge_run(struct rec_store *s, void *arg)
{
	struct rec_merge *m = arg;
	char *cause = NULL, content[256];
	bool ok;

	/* Conflicts first: one without a choice stops the merge before any write. */
	for (size_t i = 0; i < LL_ARRAY_LEN(rec_people); i++) {
		if (rec_merge_people(m, &rec_people[i], false, &cause) != 0)
			goto fail;
	}
	if (m->r->unresolved > 0) {
		set_cause(&cause, "%zu conflict%s between the two databases "
		    "need%s a choice (--prefer ours|theirs, or --take "
		    "KIND:ID=ours|theirs): nothing was merged",
		    m->r->unresolved, m->r->unresolved == 1 ? "" : "s",
		    m->r->unresolved == 1 ? "s" : "");
		goto fail;
	}
	ok = true;
	for (size_t i = 0; ok && i < LL_ARRAY_LEN(rec_people); i++)
		ok = rec_merge_people(m, &rec_people[i], true, &cause) == 0;
	ok = ok && rec_merge_rows(m, "SELECT id, module_id, version, "
	    "content_hash, first_run FROM modules ORDER BY id",
	    rec_merge_module, &cause) == 0 &&
	    rec_merge_rows(m, "SELECT id, module, " REC_ATTEMPT_COLS " FROM "
	    "attempts ORDER BY id", rec_merge_attempt, &cause) == 0 &&
	    rec_merge_rows(m, "SELECT id, attempt_id, outcome_id, method, "
	    "passed, score, score_max, evidence, trainer_id, time FROM "
	    "results ORDER BY id", rec_merge_result, &cause) == 0 &&
	    rec_merge_rows(m, "SELECT uri, learner_id, definition_id, "
	    "document, issued, revoked, revoke_reason, revoked_at FROM "
	    "credentials ORDER BY id", rec_merge_credential, &cause) == 0;
	if (!ok)
		goto fail;
	/* Nothing new: the merge leaves no trace, so merging twice changes nothing. */
	if (m->r->groups + m->r->learners + m->r->trainers + m->r->attempts +
	    m->r->results + m->r->credentials + m->r->updated == 0)
		return 0;
	snprintf(content, sizeof content, "merged %s: %zu learners, %zu "
	    "attempts, %zu results, %zu credentials, %zu updated",
	    m->their_id, m->r->learners, m->r->attempts, m->r->results,
	    m->r->credentials, m->r->updated);
	if (rec_audit_event(s, "merge", m->their_id, "merge", content,
	    &cause) != 0)
		goto fail;
	return 0;
fail:
	m->r->problem = cause;
	return -1;
}

int
rec_merge(struct rec_store *s, struct rec_store *other,
    const struct rec_merge_options *opt, struct rec_merge_report *r,
    char **cause)
{
	static const struct rec_merge_options none;
	struct rec_merge m = { .s = s, .o = other, .opt = opt != NULL ? opt :
	    &none, .r = r };
	int rc = -1;

	memset(r, 0, sizeof *r);
	if (rec_identity(s, &m.our_id, cause) != 0 ||
	    rec_identity(other, &m.their_id, cause) != 0)
		goto out;
	if (strcmp(m.our_id, m.their_id) == 0) {
		set_cause(cause, "%s is this same database (or a copy of it): "
		    "there is nothing to merge", other->path);
		goto out;
	}
	/* Their rows are read from one snapshot. */
	if (other->be->begin_read(other, cause) != 0)
		goto out;
	rc = rec_transaction(s, rec_merge_run, &m, NULL);
	other->be->rollback(other);
	if (rc != 0 && r->problem != NULL && r->unresolved > 0)
		set_cause(cause, "%s", r->problem);
	else if (rc != 0)
		set_cause(cause, "merging %s: %s: nothing was changed",
		    other->path, r->problem != NULL ? r->problem :
		    "the merge was abandoned");
out:
	free(m.our_id);
	free(m.their_id);
	free(m.modules);
	free(m.attempts);
	return rc;
}

void
rec_merge_report_clear(struct rec_merge_report *r)
{
	for (size_t i = 0; i < r->nconflicts; i++) {
		free(r->conflicts[i].kind);
		free(r->conflicts[i].id);
		free(r->conflicts[i].what);
		free(r->conflicts[i].ours);
		free(r->conflicts[i].theirs);
	}
	free(r->conflicts);
	free(r->problem);
	memset(r, 0, sizeof *r);
}
