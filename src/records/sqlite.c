/*
 * The embedded backend: one SQLite file (WAL, synchronous=FULL), shared by
 * the processes of one machine. The only user of SQLite in layerlab.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "rec-int.h"

/* Other stations may hold the write lock for a moment (a PIN hash takes ~0.1 s). */
#define SQ_BUSY_TIMEOUT_MS 10000

struct sq_stmt {
	struct rec_stmt base;
	sqlite3_stmt *st;
};

#define SQ_DB(s) ((sqlite3 *)(s)->conn)
#define SQ_ST(st) (((struct sq_stmt *)(st))->st)

static bool
sq_errno_is_full(int e)
{
	return e == ENOSPC || e == EFBIG || e == EDQUOT;
}

/*
 * SQLite does not always keep the errno of a failed write, so when it is
 * lost, look at the places a write runs out of room.
 */
static const char *
sq_why_full(const struct rec_store *s, int sys)
{
	struct statvfs vfs;
	struct rlimit lim;
	char *dir_copy;
	bool no_space = false;

	if (sq_errno_is_full(sys))
		return strerror(sys);
	if (sys != 0)
		return NULL;
	if (getrlimit(RLIMIT_FSIZE, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY)
		return "file size limit reached";
	dir_copy = xstrdup(s->path);
	if (statvfs(dirname(dir_copy), &vfs) == 0)
		no_space = (uint64_t)vfs.f_bavail * vfs.f_frsize < 1024 * 1024;
	free(dir_copy);
	return no_space ? strerror(ENOSPC) : NULL;
}

static void
sq_error(struct rec_store *s, char **cause, const char *doing)
{
	int code = sqlite3_extended_errcode(SQ_DB(s));
	int sys = sqlite3_system_errno(SQ_DB(s));
	const char *msg = sqlite3_errmsg(SQ_DB(s)), *full;

	switch (code & 0xff) {
	case SQLITE_BUSY: case SQLITE_LOCKED: case SQLITE_FULL:
	case SQLITE_IOERR: case SQLITE_CANTOPEN:
		s->transient = true;
		break;
	default:
		s->transient = false;
		break;
	}
	switch (code & 0xff) {
	case SQLITE_FULL:
		set_cause(cause, "disk full while %s %s: nothing was changed",
		    doing, s->path);
		break;
	case SQLITE_IOERR:
		if ((full = sq_why_full(s, sys)) != NULL) {
			set_cause(cause, "disk full while %s %s (%s): nothing "
			    "was changed", doing, s->path, full);
		} else if (code == SQLITE_IOERR_FSYNC ||
		    code == SQLITE_IOERR_DIR_FSYNC) {
			/* The data may have reached the disk before the sync failed. */
			set_cause(cause, "I/O error while syncing %s (%s): the "
			    "last change may or may not be stored; check with "
			    "'layerlab records verify'", s->path,
			    sys != 0 ? strerror(sys) : msg);
		} else {
			set_cause(cause, "I/O error while %s %s (%s): nothing "
			    "was changed", doing, s->path,
			    sys != 0 ? strerror(sys) : msg);
		}
		break;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		set_cause(cause, "%s is damaged (%s): restore it from a "
		    "backup", s->path, msg);
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		set_cause(cause, "%s is busy (another station is writing to "
		    "it): nothing was changed, try again", s->path);
		break;
	case SQLITE_READONLY:
		set_cause(cause, "%s cannot be written (%s)", s->path, msg);
		break;
	case SQLITE_CANTOPEN:
		set_cause(cause, "cannot open %s (%s)", s->path,
		    sys != 0 ? strerror(sys) : msg);
		break;
	default:
		set_cause(cause, "%s %s: %s", doing, s->path, msg);
		break;
	}
}

/* A locked file, a full disk: what waits in an outbox is tried again later. */
static bool
sq_unreachable(struct rec_store *s)
{
	return s->transient;
}

static int
sq_exec(struct rec_store *s, const char *sql, char **cause)
{
	if (sqlite3_exec(SQ_DB(s), sql, NULL, NULL, NULL) != SQLITE_OK) {
		sq_error(s, cause, "writing");
		return -1;
	}
	return 0;
}

static struct rec_stmt *
sq_prepare(struct rec_store *s, const char *sql, char **cause)
{
	struct sq_stmt *st;
	sqlite3_stmt *raw;

	if (sqlite3_prepare_v2(SQ_DB(s), sql, -1, &raw, NULL) != SQLITE_OK) {
		sq_error(s, cause, "reading");
		return NULL;
	}
	st = xcalloc(1, sizeof *st);
	st->base.be = &rec_backend_sqlite;
	st->st = raw;
	return &st->base;
}

static void
sq_bind_null(struct rec_stmt *st, int idx)
{
	sqlite3_bind_null(SQ_ST(st), idx);
}

static void
sq_bind_int64(struct rec_stmt *st, int idx, int64_t v)
{
	sqlite3_bind_int64(SQ_ST(st), idx, v);
}

static void
sq_bind_double(struct rec_stmt *st, int idx, double v)
{
	sqlite3_bind_double(SQ_ST(st), idx, v);
}

static void
sq_bind_text(struct rec_stmt *st, int idx, const char *v)
{
	sqlite3_bind_text(SQ_ST(st), idx, v, -1, SQLITE_TRANSIENT);
}

static int
sq_step(struct rec_stmt *st)
{
	switch (sqlite3_step(SQ_ST(st))) {
	case SQLITE_ROW:
		return REC_ROW;
	case SQLITE_DONE:
		return REC_DONE;
	default:
		return REC_ERROR;
	}
}

static int
sq_column_count(struct rec_stmt *st)
{
	return sqlite3_column_count(SQ_ST(st));
}

static const char *
sq_column_name(struct rec_stmt *st, int col)
{
	return sqlite3_column_name(SQ_ST(st), col);
}

static enum rec_type
sq_column_type(struct rec_stmt *st, int col)
{
	switch (sqlite3_column_type(SQ_ST(st), col)) {
	case SQLITE_NULL:
		return REC_NULL;
	case SQLITE_INTEGER:
		return REC_INT;
	case SQLITE_FLOAT:
		return REC_REAL;
	default:
		return REC_TEXT;
	}
}

static int64_t
sq_column_int64(struct rec_stmt *st, int col)
{
	return sqlite3_column_int64(SQ_ST(st), col);
}

static double
sq_column_double(struct rec_stmt *st, int col)
{
	return sqlite3_column_double(SQ_ST(st), col);
}

static const char *
sq_column_text(struct rec_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(SQ_ST(st), col);
}

static void
sq_finalize(struct rec_stmt *st)
{
	sqlite3_finalize(SQ_ST(st));
	free(st);
}

static int
sq_last_id(struct rec_store *s, int64_t *id, char **cause)
{
	(void)cause;
	*id = sqlite3_last_insert_rowid(SQ_DB(s));
	return 0;
}

static int
sq_begin_write(struct rec_store *s, char **cause)
{
	int rc;

	/* IMMEDIATE takes the file's write lock now: the chain's lock. */
	if (!s->nowait)
		return sq_exec(s, "BEGIN IMMEDIATE", cause);
	sqlite3_busy_timeout(SQ_DB(s), 0);
	rc = sq_exec(s, "BEGIN IMMEDIATE", cause);
	sqlite3_busy_timeout(SQ_DB(s), SQ_BUSY_TIMEOUT_MS);
	return rc;
}

static int
sq_begin_read(struct rec_store *s, char **cause)
{
	return sq_exec(s, "BEGIN", cause);
}

static int
sq_commit(struct rec_store *s, char **cause)
{
	return sq_exec(s, "COMMIT", cause);
}

static void
sq_rollback(struct rec_store *s)
{
	if (!sqlite3_get_autocommit(SQ_DB(s)))
		sqlite3_exec(SQ_DB(s), "ROLLBACK", NULL, NULL, NULL);
}

static int
sq_pragma_int(struct rec_store *s, const char *sql, int *out, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(SQ_DB(s), sql, -1, &st, NULL) != SQLITE_OK) {
		sq_error(s, cause, "opening");
		return -1;
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sq_error(s, cause, "opening");
		sqlite3_finalize(st);
		return -1;
	}
	*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/*
 * A new database is made under another name and linked into place once it
 * is a database (private, with layerlab's application id), so no station
 * ever sees a half-made file, and an empty file at path is never one of
 * ours: it is refused rather than silently taken for a new database.
 */
static int
sq_create_file(const char *path, char **cause)
{
	sqlite3 *db = NULL;
	char *tmp = xasprintf("%s.new-%ld", path, (long)getpid()), *sql;
	int fd, rc = -1;

	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		set_cause(cause, "cannot create %s: %s", path, strerror(errno));
		goto out;
	}
	close(fd);
	sql = xasprintf("PRAGMA application_id = %d", REC_APPLICATION_ID);
	if (sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		set_cause(cause, "cannot create %s: %s", path, db != NULL ?
		    sqlite3_errmsg(db) : "out of memory");
		free(sql);
		goto out;
	}
	free(sql);
	sqlite3_close(db);
	db = NULL;
	/* Another station that made it first wins; theirs is as good. */
	if (link(tmp, path) != 0 && errno != EEXIST) {
		set_cause(cause, "cannot create %s: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (db != NULL)
		sqlite3_close(db);
	unlink(tmp);
	free(tmp);
	return rc;
}

/* Refuses what cannot be a database and keeps the PIN hashes private. */
static int
sq_check_file(const char *path, char **cause)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		if (errno == ENOENT)
			return sq_create_file(path, cause);
		set_cause(cause, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		set_cause(cause, "%s is not a file", path);
		return -1;
	}
	if (st.st_size == 0) {
		set_cause(cause, "%s is empty (0 bytes), so it is not a layerlab "
		    "records database: restore it from a backup, or remove it "
		    "to start a new one", path);
		return -1;
	}
	/* Made readable to others by an older layerlab or by hand. */
	if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0 && st.st_uid == geteuid())
		(void)chmod(path, st.st_mode & 07700);
	return 0;
}

static int
sq_open(struct rec_store *s, char **cause)
{
	sqlite3 *db = NULL;

	if (sq_check_file(s->path, cause) != 0)
		return -1;
	if (sqlite3_open_v2(s->path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		s->conn = db;
		if (db != NULL)
			sq_error(s, cause, "opening");
		else
			set_cause(cause, "cannot open %s: out of memory",
			    s->path);
		return -1;
	}
	s->conn = db;
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, SQ_BUSY_TIMEOUT_MS);
	return 0;
}

/*
 * Turning a new file to WAL needs the file to itself. While another
 * station is in its first write to that same new file, SQLite answers BUSY
 * at once rather than wait (both would hold a lock the other needs): wait
 * for it as the busy timeout would, trying again, holding nothing between.
 */
static int
sq_wal(struct rec_store *s, char **cause)
{
	uint64_t until = clock_ms() + SQ_BUSY_TIMEOUT_MS;
	int rc;

	while ((rc = sqlite3_exec(SQ_DB(s), "PRAGMA journal_mode=WAL", NULL,
	    NULL, NULL)) != SQLITE_OK && (rc & 0xff) == SQLITE_BUSY &&
	    clock_ms() < until)
		sqlite3_sleep(10);
	if (rc != SQLITE_OK) {
		sq_error(s, cause, "opening");
		return -1;
	}
	return 0;
}

/*
 * WAL lets stations read while one writes; synchronous=FULL syncs the WAL at
 * every commit, so a write reported done survives power loss (NORMAL would
 * only protect the database from corruption).
 */
static int
sq_session(struct rec_store *s, char **cause)
{
	return sq_wal(s, cause) != 0 ||
	    sq_exec(s, "PRAGMA synchronous=FULL", cause) != 0 ||
	    sq_exec(s, "PRAGMA foreign_keys=ON", cause) != 0 ||
	    sq_exec(s, "PRAGMA secure_delete=ON", cause) != 0 ? -1 : 0;
}

/*
 * Reads the header fields that say whose file this is, which also makes
 * SQLite read page 1: a file that is not a database fails here.
 */
static int
sq_identify(struct rec_store *s, int *version, char **cause)
{
	int app_id, tables, rc;

	/* One snapshot: another station may be creating the schema right now. */
	if (sq_exec(s, "BEGIN", cause) != 0)
		return -1;
	rc = sq_pragma_int(s, "PRAGMA application_id", &app_id, cause) != 0 ||
	    sq_pragma_int(s, "PRAGMA user_version", version, cause) != 0 ||
	    sq_pragma_int(s, "SELECT count(*) FROM sqlite_schema", &tables,
	    cause) != 0;
	sqlite3_exec(SQ_DB(s), "COMMIT", NULL, NULL, NULL);
	if (rc != 0)
		return -1;
	if (app_id == 0 && tables == 0 && *version == 0)
		return sq_session(s, cause);	/* empty: ours to create */
	if (app_id != REC_APPLICATION_ID) {
		set_cause(cause, "%s is not a layerlab records database (it "
		    "belongs to another program)", s->path);
		return -1;
	}
	return sq_session(s, cause);
}

static int
sq_get_version(struct rec_store *s, int *version, char **cause)
{
	return sq_pragma_int(s, "PRAGMA user_version", version, cause);
}

static int
sq_set_version(struct rec_store *s, int version, char **cause)
{
	char *sql = xasprintf("PRAGMA user_version = %d; PRAGMA "
	    "application_id = %d", version, REC_APPLICATION_ID);
	int rc = sq_exec(s, sql, cause);

	free(sql);
	return rc;
}

static void
sq_close(struct rec_store *s)
{
	if (s->conn != NULL)
		sqlite3_close_v2(SQ_DB(s));
	s->conn = NULL;
}

/* Migrations are never edited once shipped: a change is a new migration. */
static const char sq_migration_1[] =
    "CREATE TABLE groups ("
    "  id TEXT PRIMARY KEY NOT NULL,"
    "  name TEXT NOT NULL,"
    "  created INTEGER NOT NULL"
    ");"
    "CREATE TABLE learners ("
    "  id TEXT PRIMARY KEY NOT NULL,"
    "  name TEXT NOT NULL,"
    "  group_id TEXT REFERENCES groups(id),"
    "  created INTEGER NOT NULL"
    ");"
    "CREATE INDEX learners_group ON learners(group_id);"
    "CREATE TABLE trainers ("
    "  id TEXT PRIMARY KEY NOT NULL,"
    "  name TEXT NOT NULL,"
    "  pin_hash TEXT NOT NULL,"
    "  failures INTEGER NOT NULL DEFAULT 0,"
    "  locked_until INTEGER NOT NULL DEFAULT 0,"
    "  created INTEGER NOT NULL"
    ");"
    "CREATE TABLE modules ("
    "  id INTEGER PRIMARY KEY,"
    "  module_id TEXT NOT NULL,"
    "  version TEXT NOT NULL,"
    "  content_hash TEXT NOT NULL,"
    "  first_run INTEGER NOT NULL,"
    "  UNIQUE (module_id, version, content_hash)"
    ");"
    "CREATE TABLE attempts ("
    "  id INTEGER PRIMARY KEY,"
    "  learner_id TEXT NOT NULL REFERENCES learners(id),"
    "  module INTEGER NOT NULL REFERENCES modules(id),"
    "  lesson_id TEXT NOT NULL,"
    "  printer_profile TEXT,"
    "  firmware TEXT,"
    "  lang TEXT,"
    "  seed INTEGER NOT NULL,"
    "  step_index INTEGER NOT NULL DEFAULT 0,"
    "  step_id TEXT,"
    "  status TEXT NOT NULL CHECK (status IN ('running', 'completed',"
    "    'failed', 'cancelled', 'error')),"
    "  started INTEGER NOT NULL,"
    "  finished INTEGER"
    ");"
    "CREATE INDEX attempts_learner ON attempts(learner_id, lesson_id);"
    "CREATE TABLE results ("
    "  id INTEGER PRIMARY KEY,"
    "  attempt_id INTEGER NOT NULL REFERENCES attempts(id),"
    "  outcome_id TEXT NOT NULL,"
    "  method TEXT NOT NULL CHECK (method IN ('quiz', 'printer', 'trainer')),"
    "  passed INTEGER NOT NULL CHECK (passed IN (0, 1)),"
    "  score REAL,"
    "  score_max REAL,"
    "  evidence TEXT CHECK (evidence IS NULL OR json_valid(evidence)),"
    "  trainer_id TEXT REFERENCES trainers(id),"
    "  time INTEGER NOT NULL,"
    "  CHECK (method <> 'trainer' OR trainer_id IS NOT NULL)"
    ");"
    "CREATE INDEX results_attempt ON results(attempt_id);"
    "CREATE TABLE credentials ("
    "  id INTEGER PRIMARY KEY,"
    "  uri TEXT NOT NULL UNIQUE,"
    "  learner_id TEXT NOT NULL REFERENCES learners(id),"
    "  definition_id TEXT NOT NULL,"
    "  document TEXT NOT NULL,"
    "  issued INTEGER NOT NULL,"
    "  revoked INTEGER NOT NULL DEFAULT 0,"
    "  revoke_reason TEXT,"
    "  revoked_at INTEGER"
    ");"
    "CREATE TABLE audit ("
    "  seq INTEGER PRIMARY KEY,"
    "  time INTEGER NOT NULL,"
    "  tbl TEXT NOT NULL,"
    "  row_key TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  row_hash TEXT NOT NULL,"
    "  prev_hash TEXT NOT NULL,"
    "  hash TEXT NOT NULL"
    ");"
    "CREATE INDEX audit_row ON audit(tbl, row_key, seq);";

/* Version 2: the school's own learner number and the station of an attempt. */
static const char sq_migration_2[] =
    "ALTER TABLE learners ADD COLUMN school_id TEXT;"
    "ALTER TABLE attempts ADD COLUMN station TEXT;";

/*
 * Version 3: the station-made ids of writes delivered from a station's outbox
 * or brought in by a merge, so neither ever happens twice.
 */
static const char sq_migration_3[] =
    "CREATE TABLE deliveries ("
    "  uid TEXT PRIMARY KEY NOT NULL,"
    "  row_id INTEGER NOT NULL,"
    "  time INTEGER NOT NULL"
    ");";

/*
 * Version 4: the database's own random id, so a merge knows whose rows are
 * whose (two databases created in the same second have the same first audit
 * entry).
 */
static const char sq_migration_4[] =
    "CREATE TABLE identity (id TEXT NOT NULL);"
    "INSERT INTO identity (id) VALUES (lower(hex(randomblob(16))));";

/*
 * Version 5: a result may be an observation (one occasion a trainer saw the
 * learner at work), which like a sign-off names the trainer. SQLite cannot
 * change a CHECK, so results is built anew and every row copied with its
 * id: the rows' content, and so their audit hashes, stay as they were.
 * Nothing refers to results, so dropping the old table breaks no foreign
 * key; its index goes with it and is made again.
 */
static const char sq_migration_5[] =
    "CREATE TABLE results_v5 ("
    "  id INTEGER PRIMARY KEY,"
    "  attempt_id INTEGER NOT NULL REFERENCES attempts(id),"
    "  outcome_id TEXT NOT NULL,"
    "  method TEXT NOT NULL CHECK (method IN ('quiz', 'printer', 'trainer',"
    "    'observation')),"
    "  passed INTEGER NOT NULL CHECK (passed IN (0, 1)),"
    "  score REAL,"
    "  score_max REAL,"
    "  evidence TEXT CHECK (evidence IS NULL OR json_valid(evidence)),"
    "  trainer_id TEXT REFERENCES trainers(id),"
    "  time INTEGER NOT NULL,"
    "  CHECK (method NOT IN ('trainer', 'observation') OR"
    "    trainer_id IS NOT NULL)"
    ");"
    "INSERT INTO results_v5 (id, attempt_id, outcome_id, method, passed,"
    "  score, score_max, evidence, trainer_id, time)"
    "  SELECT id, attempt_id, outcome_id, method, passed, score, score_max,"
    "  evidence, trainer_id, time FROM results ORDER BY id;"
    "DROP TABLE results;"
    "ALTER TABLE results_v5 RENAME TO results;"
    "CREATE INDEX results_attempt ON results(attempt_id);";

static const char *
sq_migration(int n)
{
	static const char *const all[] = { NULL, sq_migration_1,
	    sq_migration_2, sq_migration_3, sq_migration_4, sq_migration_5 };

	return n > 0 && n < (int)LL_ARRAY_LEN(all) ? all[n] : NULL;
}

static void
sq_check(struct rec_store *s, struct rec_verify_report *r)
{
	sqlite3_stmt *st;
	struct buf lines;
	char *cause = NULL;
	int rc, nlines = 0;

	r->integrity_check = "PRAGMA integrity_check";
	r->integrity_ok = true;
	r->foreign_keys_ok = true;
	if (sqlite3_prepare_v2(SQ_DB(s), "PRAGMA integrity_check", -1, &st,
	    NULL) != SQLITE_OK) {
		r->integrity_ok = false;
		sq_error(s, &cause, "checking");
		rec_report_problem(r, 0, cause);
		return;
	}
	buf_init(&lines);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);

		if (strcmp(line, "ok") == 0 || str_starts_with(line, "***"))
			continue;
		r->integrity_ok = false;
		/* The first few are enough to say where. */
		if (++nlines <= 3) {
			if (lines.len > 0)
				buf_append_str(&lines, "; ");
			buf_append(&lines, line, strcspn(line, "\n"));
		}
	}
	if (!r->integrity_ok) {
		rec_report_problem(r, 0, xasprintf("%s is damaged (PRAGMA "
		    "integrity_check: %s%s): restore it from a backup",
		    s->path, lines.data, nlines > 3 ? "; ..." : ""));
	}
	buf_free(&lines);
	if (rc != SQLITE_DONE) {
		r->integrity_ok = false;
		sq_error(s, &cause, "checking");
		rec_report_problem(r, 0, cause);
	}
	sqlite3_finalize(st);
	if (!r->integrity_ok)
		return;

	if (sqlite3_prepare_v2(SQ_DB(s), "PRAGMA foreign_key_check", -1, &st,
	    NULL) != SQLITE_OK) {
		r->foreign_keys_ok = false;
		sq_error(s, &cause, "checking");
		rec_report_problem(r, 0, cause);
		return;
	}
	if (sqlite3_step(st) == SQLITE_ROW) {
		r->foreign_keys_ok = false;
		rec_report_problem(r, 0, xasprintf("%s row %lld refers to a "
		    "missing %s row", sqlite3_column_text(st, 0),
		    (long long)sqlite3_column_int64(st, 1),
		    sqlite3_column_text(st, 2)));
	}
	sqlite3_finalize(st);
}

/* VACUUM INTO copies from one read snapshot while other stations write. */
static int
sq_snapshot(struct rec_store *s, const char *tmp, char **cause)
{
	sqlite3_stmt *st;
	char *inner = NULL;
	int fd;

	/* VACUUM INTO fills an empty file: made first, it is private (the
	 * copy holds the PIN hashes too). */
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) < 0) {
		set_cause(cause, "cannot create %s: %s", tmp, strerror(errno));
		return -1;
	}
	close(fd);
	if (sqlite3_prepare_v2(SQ_DB(s), "VACUUM INTO ?", -1, &st, NULL) !=
	    SQLITE_OK) {
		sq_error(s, cause, "backing up");
		return -1;
	}
	sqlite3_bind_text(st, 1, tmp, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sq_error(s, &inner, "backing up");
		set_cause(cause, "writing %s: %s", tmp, inner);
		free(inner);
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

const struct rec_backend rec_backend_sqlite = {
	.name = "SQLite",
	.networked = false,
	.open = sq_open,
	.close = sq_close,
	.identify = sq_identify,
	.get_version = sq_get_version,
	.set_version = sq_set_version,
	.migration = sq_migration,
	.exec = sq_exec,
	.prepare = sq_prepare,
	.bind_null = sq_bind_null,
	.bind_int64 = sq_bind_int64,
	.bind_double = sq_bind_double,
	.bind_text = sq_bind_text,
	.step = sq_step,
	.column_count = sq_column_count,
	.column_name = sq_column_name,
	.column_type = sq_column_type,
	.column_int64 = sq_column_int64,
	.column_double = sq_column_double,
	.column_text = sq_column_text,
	.finalize = sq_finalize,
	.last_id = sq_last_id,
	.begin_write = sq_begin_write,
	.begin_read = sq_begin_read,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.error = sq_error,
	.unreachable = sq_unreachable,
	.check = sq_check,
	.snapshot = sq_snapshot,
};
