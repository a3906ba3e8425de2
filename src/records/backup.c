/*
 * Backup and restore. A backup is a consistent copy taken while stations
 * keep writing, verified before it gets its name; it may carry a seal, the
 * head of its chain signed by the caller (the institution key), so that a
 * restore can tell the backup that was taken from one altered since, even
 * one whose chain was computed again. A restore checks all of that on a
 * copy and only then gives the copy the database's name: a backup that is
 * refused changes nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rec-int.h"

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

static void
rec_fsync_dir_of(const char *path)
{
	char *dir = xstrdup(path);

	rec_fsync_path(dirname(dir), true);
	free(dir);
}

/* A copy that did not make it, with the WAL files opening it made. */
static void
rec_remove_db_files(const char *path)
{
	char *side;

	unlink(path);
	side = xasprintf("%s-wal", path);
	unlink(side);
	free(side);
	side = xasprintf("%s-shm", path);
	unlink(side);
	free(side);
}

/* Kept in a backup beside its records, outside the audited tables. */
static const char rec_seal_table[] =
    "CREATE TABLE backup_seal (document TEXT NOT NULL)";

static int
rec_seal_copy(struct rec_store *copy, rec_seal_fn seal, void *arg,
    char **cause)
{
	struct rec_stmt *st;
	char hash[65], *doc;
	int64_t seq;
	int rc;

	if (rec_chain_head(copy, &seq, hash, cause) != 0 ||
	    (doc = seal(seq, hash, arg, cause)) == NULL)
		return -1;
	rc = rec_exec(copy, "DROP TABLE IF EXISTS backup_seal", cause);
	if (rc == 0)
		rc = rec_exec(copy, rec_seal_table, cause);
	if (rc == 0 && (st = rec_prepare(copy, "INSERT INTO backup_seal "
	    "(document) VALUES (?)", cause)) != NULL) {
		rec_bind_str(st, 1, doc);
		rc = rec_step_done(copy, st, "sealing the copy", cause);
	} else
		rc = -1;
	free(doc);
	return rc;
}

int
rec_backup_sealed(struct rec_store *s, const char *path, rec_seal_fn seal,
    void *arg, char **cause)
{
	struct rec_store *copy;
	struct rec_verify_report report;
	char *tmp, *inner = NULL;
	int rc = -1;

	if (access(path, F_OK) == 0) {
		set_cause(cause, "%s already exists", path);
		return -1;
	}
	tmp = xasprintf("%s.tmp", path);
	unlink(tmp);	/* left by an earlier backup that was interrupted */
	if ((s->be->snapshot != NULL ? s->be->snapshot(s, tmp, cause) :
	    rec_copy_to_sqlite(s, tmp, cause)) != 0)
		goto out;
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
	if (seal != NULL && rec_seal_copy(copy, seal, arg, &inner) != 0) {
		set_cause(cause, "the copy cannot be sealed: %s", inner);
		rec_close(copy);
		goto out;
	}
	/* Closing checkpoints the WAL into the file, which is then synced. */
	rec_close(copy);
	if (rec_fsync_path(tmp, false) != 0) {
		set_cause(cause, "cannot sync %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (rename(tmp, path) != 0) {
		set_cause(cause, "cannot rename %s to %s: %s", tmp, path,
		    strerror(errno));
		goto out;
	}
	rec_fsync_dir_of(path);
	rc = 0;
out:
	if (rc != 0)
		rec_remove_db_files(tmp);
	free(inner);
	free(tmp);
	return rc;
}

int
rec_backup(struct rec_store *s, const char *path, char **cause)
{
	return rec_backup_sealed(s, path, NULL, NULL, cause);
}

int
rec_backup_seal(struct rec_store *backup, char **doc, char **cause)
{
	struct rec_stmt *st;
	int rc;

	*doc = NULL;
	if (backup->be->networked)
		return 0;
	st = rec_prepare(backup, "SELECT count(*) FROM sqlite_schema WHERE "
	    "type = 'table' AND name = 'backup_seal'", cause);
	if (st == NULL)
		return -1;
	rc = rec_step(st);
	if (rc == REC_ROW && rec_column_int64(st, 0) == 0) {
		rec_finalize(st);
		return 0;
	}
	rec_finalize(st);
	if (rc != REC_ROW) {
		rec_db_error(backup, cause, "reading");
		return -1;
	}
	st = rec_prepare(backup, "SELECT document, (SELECT count(*) FROM "
	    "backup_seal) FROM backup_seal", cause);
	if (st == NULL)
		return -1;
	rc = rec_step(st);
	if (rc == REC_ROW && rec_column_int64(st, 1) == 1)
		*doc = rec_column_str(st, 0);
	else if (rc == REC_ROW || rc == REC_DONE)
		set_cause(cause, "its seal table holds %s documents, not one",
		    rc == REC_DONE ? "no" : "several");
	else
		rec_db_error(backup, cause, "reading");
	rec_finalize(st);
	return *doc != NULL ? 1 : -1;
}

/* The database moved aside as path.before-restore-TIME, WAL files too. */
static int
rec_move_aside(const char *path, char **aside, char **cause)
{
	static const char *const sides[] = { "", "-wal", "-shm" };
	char when[32];
	struct tm tm;
	time_t now = time(NULL);

	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y%m%dT%H%M%SZ", &tm);
	*aside = xasprintf("%s.before-restore-%s", path, when);
	for (size_t i = 0; i < LL_ARRAY_LEN(sides); i++) {
		char *from = xasprintf("%s%s", path, sides[i]);
		char *to = xasprintf("%s%s", *aside, sides[i]);
		int rc = rename(from, to);

		if (rc != 0 && (errno != ENOENT || i == 0)) {
			set_cause(cause, "cannot move %s aside to %s: %s",
			    from, to, strerror(errno));
			free(from);
			free(to);
			free(*aside);
			*aside = NULL;
			return -1;
		}
		free(from);
		free(to);
	}
	return 0;
}

int
rec_restore(const char *backup, const char *path, bool replace,
    int (*accept)(struct rec_store *copy, void *arg, char **cause),
    void *arg, char **moved_aside, char **cause)
{
	struct rec_store *from = NULL, *copy = NULL;
	struct rec_verify_report report;
	char *tmp = NULL, *inner = NULL;
	int rc = -1;

	*moved_aside = NULL;
	if (strstr(path, "://") != NULL) {
		set_cause(cause, "restore writes a database file, not %s: to "
		    "bring a backup into a server, use records merge there",
		    path);
		return -1;
	}
	if (access(backup, R_OK) != 0) {
		set_cause(cause, "%s: %s", backup, strerror(errno));
		return -1;
	}
	if (!replace && access(path, F_OK) == 0) {
		set_cause(cause, "%s exists: stop every station and add "
		    "--replace to move it aside", path);
		return -1;
	}
	/* The backup is only read: the checks run on a copy of it. */
	if ((from = rec_open(backup, &inner)) == NULL) {
		set_cause(cause, "%s: %s", backup, inner);
		goto out;
	}
	tmp = xasprintf("%s.restore-tmp", path);
	rec_remove_db_files(tmp);
	if (from->be->snapshot(from, tmp, &inner) != 0) {
		set_cause(cause, "cannot copy %s: %s", backup, inner);
		goto out;
	}
	if ((copy = rec_open(tmp, &inner)) == NULL) {
		set_cause(cause, "%s: %s", backup, inner);
		goto out;
	}
	if (rec_verify(copy, &report, &inner) != 0) {
		set_cause(cause, "%s does not verify: %s", backup, inner);
		rec_verify_report_clear(&report);
		goto out;
	}
	rec_verify_report_clear(&report);
	if (accept != NULL && accept(copy, arg, &inner) != 0) {
		set_cause(cause, "%s is refused: %s", backup, inner);
		goto out;
	}
	/* The seal belongs to the backup, not to the database restored. */
	if (rec_exec(copy, "DROP TABLE IF EXISTS backup_seal", &inner) != 0) {
		set_cause(cause, "%s: %s", tmp, inner);
		goto out;
	}
	rec_close(copy);
	copy = NULL;
	if (rec_fsync_path(tmp, false) != 0) {
		set_cause(cause, "cannot sync %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (access(path, F_OK) == 0 && rec_move_aside(path, moved_aside,
	    cause) != 0)
		goto out;
	if (rename(tmp, path) != 0) {
		set_cause(cause, "cannot rename %s to %s: %s", tmp, path,
		    strerror(errno));
		goto out;
	}
	rec_fsync_dir_of(path);
	rc = 0;
out:
	rec_close(copy);
	rec_close(from);
	if (rc != 0 && tmp != NULL)
		rec_remove_db_files(tmp);
	free(inner);
	free(tmp);
	return rc;
}
