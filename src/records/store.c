/*
 * Opening the database, transactions and the error messages shared by every
 * file of the store.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "rec-int.h"

/* Other stations may hold the write lock for a moment (a PIN hash takes ~0.1 s). */
#define REC_BUSY_TIMEOUT_MS 10000

static int64_t
rec_wall_clock(void *arg)
{
	(void)arg;
	return (int64_t)time(NULL);
}

int64_t
rec_now(struct rec_store *s)
{
	return s->now(s->now_arg);
}

void
rec_set_clock(struct rec_store *s, int64_t (*now)(void *), void *arg)
{
	s->now = now != NULL ? now : rec_wall_clock;
	s->now_arg = arg;
}

const char *
rec_path(const struct rec_store *s)
{
	return s->path;
}

int
rec_opened_version(const struct rec_store *s)
{
	return s->opened_version;
}

static bool
rec_errno_is_full(int e)
{
	return e == ENOSPC || e == EFBIG || e == EDQUOT;
}

/*
 * SQLite does not always keep the errno of a failed write, so when it is
 * lost, look at the places a write runs out of room.
 */
static const char *
rec_why_full(const struct rec_store *s, int sys)
{
	struct statvfs vfs;
	struct rlimit lim;
	char *dir_copy;
	bool no_space = false;

	if (rec_errno_is_full(sys))
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

void
rec_db_error(struct rec_store *s, char **cause, const char *doing)
{
	int code = sqlite3_extended_errcode(s->db);
	int sys = sqlite3_system_errno(s->db);
	const char *msg = sqlite3_errmsg(s->db), *full;

	switch (code & 0xff) {
	case SQLITE_FULL:
		set_cause(cause, "disk full while %s %s: nothing was changed",
		    doing, s->path);
		break;
	case SQLITE_IOERR:
		if ((full = rec_why_full(s, sys)) != NULL) {
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

int
rec_exec(struct rec_store *s, const char *sql, char **cause)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		rec_db_error(s, cause, "writing");
		return -1;
	}
	return 0;
}

sqlite3_stmt *
rec_prepare(struct rec_store *s, const char *sql, char **cause)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		rec_db_error(s, cause, "reading");
		return NULL;
	}
	return st;
}

int
rec_step_done(struct rec_store *s, sqlite3_stmt *st, const char *doing,
    char **cause)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		rec_db_error(s, cause, doing);
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

int
rec_collect_rows(struct rec_store *s, sqlite3_stmt *st, size_t elem_size,
    void (*read_row)(sqlite3_stmt *, void *), void (*clear)(void *),
    void **out, size_t *n, char **cause)
{
	unsigned char *rows = NULL;
	size_t count = 0, cap = 0;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		void *elem;

		if (count == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			rows = xrealloc(rows, cap * elem_size);
		}
		elem = rows + count++ * elem_size;
		memset(elem, 0, elem_size);
		read_row(st, elem);
	}
	if (rc != SQLITE_DONE) {
		rec_db_error(s, cause, "reading");
		sqlite3_finalize(st);
		for (size_t i = 0; i < count; i++)
			clear(rows + i * elem_size);
		free(rows);
		return -1;
	}
	sqlite3_finalize(st);
	*out = rows;
	*n = count;
	return 0;
}

char *
rec_column_str(sqlite3_stmt *st, int col)
{
	const unsigned char *text;

	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return NULL;
	text = sqlite3_column_text(st, col);
	return xstrndup((const char *)text, (size_t)sqlite3_column_bytes(st, col));
}

void
rec_bind_str(sqlite3_stmt *st, int idx, const char *str)
{
	if (str == NULL)
		sqlite3_bind_null(st, idx);
	else
		sqlite3_bind_text(st, idx, str, -1, SQLITE_TRANSIENT);
}

int
rec_tx_begin(struct rec_store *s, char **cause)
{
	if (s->depth++ > 0)
		return 0;
	s->failed = false;
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		rec_db_error(s, cause, "writing");
		s->depth = 0;
		return -1;
	}
	return 0;
}

int
rec_tx_end(struct rec_store *s, bool ok, char **cause)
{
	if (!ok)
		s->failed = true;
	if (--s->depth > 0)
		return ok ? 0 : -1;
	if (!s->failed) {
		if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
			return 0;
		/* Keep the commit's error; the rollback below would replace it. */
		rec_db_error(s, cause, "writing");
		ok = false;
	}
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->failed = false;
	if (ok)
		set_cause(cause, "an earlier write in this transaction failed: "
		    "nothing was changed");
	return -1;
}

int
rec_transaction(struct rec_store *s, int (*fn)(struct rec_store *, void *),
    void *arg, char **cause)
{
	int rc;

	if (rec_tx_begin(s, cause) != 0)
		return -1;
	rc = fn(s, arg);
	if (rc != 0 && cause != NULL && *cause == NULL)
		set_cause(cause, "the change was abandoned: nothing was changed");
	return rec_tx_end(s, rc == 0, rc == 0 ? cause : NULL) == 0 && rc == 0 ?
	    0 : -1;
}

static int
rec_pragma_int(struct rec_store *s, const char *sql, int *out, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		rec_db_error(s, cause, "opening");
		return -1;
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rec_db_error(s, cause, "opening");
		sqlite3_finalize(st);
		return -1;
	}
	*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/*
 * Reads the header fields that say whose file this is, which also makes
 * SQLite read page 1: a file that is not a database fails here.
 */
static int
rec_identify(struct rec_store *s, int *version, char **cause)
{
	int app_id, tables, rc;

	/* One snapshot: another station may be creating the schema right now. */
	if (rec_exec(s, "BEGIN", cause) != 0)
		return -1;
	rc = rec_pragma_int(s, "PRAGMA application_id", &app_id, cause) != 0 ||
	    rec_pragma_int(s, "PRAGMA user_version", version, cause) != 0 ||
	    rec_pragma_int(s, "SELECT count(*) FROM sqlite_schema", &tables,
	    cause) != 0;
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (rc != 0)
		return -1;
	if (app_id == 0 && tables == 0 && *version == 0)
		return 0;	/* empty: ours to create */
	if (app_id != REC_APPLICATION_ID) {
		set_cause(cause, "%s is not a layerlab records database (it "
		    "belongs to another program)", s->path);
		return -1;
	}
	if (*version > REC_SCHEMA_VERSION) {
		set_cause(cause, "%s was written by a newer layerlab (records "
		    "schema version %d; this layerlab reads up to version %d): "
		    "upgrade layerlab to use it", s->path, *version,
		    REC_SCHEMA_VERSION);
		return -1;
	}
	return 0;
}

static struct rec_store *
rec_open_internal(const char *path, int max_version, char **cause)
{
	struct rec_store *s;
	char *dir_copy, *dir;
	int version;

	if (sodium_init() < 0) {
		set_cause(cause, "libsodium cannot start");
		return NULL;
	}
	dir_copy = xstrdup(path);
	dir = dirname(dir_copy);
	if (strcmp(dir, ".") != 0 && paths_mkdir_p(dir, cause) != 0) {
		free(dir_copy);
		return NULL;
	}
	free(dir_copy);

	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	s->now = rec_wall_clock;
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		if (s->db != NULL)
			rec_db_error(s, cause, "opening");
		else
			set_cause(cause, "cannot open %s: out of memory", path);
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, REC_BUSY_TIMEOUT_MS);
	if (rec_identify(s, &version, cause) != 0)
		goto fail;
	s->opened_version = s->version = version;

	/*
	 * WAL lets stations read while one writes; synchronous=FULL syncs the
	 * WAL at every commit, so a write reported done survives power loss
	 * (NORMAL would only protect the database from corruption).
	 */
	if (rec_exec(s, "PRAGMA journal_mode=WAL", cause) != 0 ||
	    rec_exec(s, "PRAGMA synchronous=FULL", cause) != 0 ||
	    rec_exec(s, "PRAGMA foreign_keys=ON", cause) != 0 ||
	    rec_exec(s, "PRAGMA secure_delete=ON", cause) != 0)
		goto fail;
	if (version < max_version && rec_migrate(s, max_version, cause) != 0)
		goto fail;
	return s;

fail:
	rec_close(s);
	return NULL;
}

struct rec_store *
rec_open(const char *path, char **cause)
{
	return rec_open_internal(path, REC_SCHEMA_VERSION, cause);
}

struct rec_store *
rec_open_at_version(const char *path, int max_version, char **cause)
{
	if (max_version < 1 || max_version > REC_SCHEMA_VERSION) {
		set_cause(cause, "no records schema version %d", max_version);
		return NULL;
	}
	return rec_open_internal(path, max_version, cause);
}

void
rec_close(struct rec_store *s)
{
	if (s == NULL)
		return;
	if (s->db != NULL)
		sqlite3_close_v2(s->db);
	free(s->path);
	free(s);
}

int
rec_check_id(const char *what, const char *id, char **cause)
{
	size_t len;

	if (id == NULL || *id == '\0') {
		set_cause(cause, "%s id is empty", what);
		return -1;
	}
	len = strlen(id);
	if (len > 64) {
		set_cause(cause, "%s id '%.20s...' is longer than 64 bytes",
		    what, id);
		return -1;
	}
	if (!utf8_valid(id, len)) {
		set_cause(cause, "%s id is not valid UTF-8", what);
		return -1;
	}
	for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
		if (*p <= ' ' || *p == 0x7f) {
			set_cause(cause, "%s id '%s' contains a space or "
			    "control character", what, id);
			return -1;
		}
	}
	return 0;
}

int
rec_check_name(const char *what, const char *name, char **cause)
{
	size_t len;

	if (name == NULL || strspn(name, " \t") == strlen(name)) {
		set_cause(cause, "%s is empty", what);
		return -1;
	}
	len = strlen(name);
	if (len > 200) {
		set_cause(cause, "%s is longer than 200 bytes", what);
		return -1;
	}
	if (!utf8_valid(name, len)) {
		set_cause(cause, "%s is not valid UTF-8", what);
		return -1;
	}
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p < ' ' || *p == 0x7f) {
			set_cause(cause, "%s contains a control character", what);
			return -1;
		}
	}
	return 0;
}

static int
rec_fsync_path(const char *path, bool directory)
{
	int fd = open(path, (directory ? O_RDONLY | O_DIRECTORY : O_RDWR) |
	    O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int
rec_backup(struct rec_store *s, const char *path, char **cause)
{
	struct rec_store *copy;
	struct rec_verify_report report;
	sqlite3_stmt *st;
	char *tmp, *dir_copy, *inner = NULL;
	int rc = -1;

	if (access(path, F_OK) == 0) {
		set_cause(cause, "%s already exists", path);
		return -1;
	}
	tmp = xasprintf("%s.tmp", path);
	unlink(tmp);	/* left by an earlier backup that was interrupted */
	if ((st = rec_prepare(s, "VACUUM INTO ?", cause)) == NULL)
		goto out;
	rec_bind_str(st, 1, tmp);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rec_db_error(s, &inner, "backing up");
		set_cause(cause, "writing %s: %s", tmp, inner);
		sqlite3_finalize(st);
		goto out;
	}
	sqlite3_finalize(st);
	if (rec_fsync_path(tmp, false) != 0) {
		set_cause(cause, "cannot sync %s: %s", tmp, strerror(errno));
		goto out;
	}
	/* A backup that does not verify is no backup. */
	if ((copy = rec_open(tmp, &inner)) == NULL) {
		set_cause(cause, "the copy cannot be opened: %s", inner);
		goto out;
	}
	if (rec_verify(copy, &report, &inner) != 0) {
		set_cause(cause, "the copy does not verify: %s", inner);
		rec_verify_report_clear(&report);
		rec_close(copy);
		goto out;
	}
	rec_verify_report_clear(&report);
	rec_close(copy);
	if (rename(tmp, path) != 0) {
		set_cause(cause, "cannot rename %s to %s: %s", tmp, path,
		    strerror(errno));
		goto out;
	}
	dir_copy = xstrdup(path);
	rec_fsync_path(dirname(dir_copy), true);
	free(dir_copy);
	rc = 0;
out:
	if (rc != 0) {
		unlink(tmp);
		/* Opening the copy may have made its WAL files. */
		char *side = xasprintf("%s-wal", tmp);
		unlink(side);
		free(side);
		side = xasprintf("%s-shm", tmp);
		unlink(side);
		free(side);
	}
	free(inner);
	free(tmp);
	return rc;
}
