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
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "rec-int.h"

static int64_t
rec_wall_clock(void *arg)
{
	(void)arg;
	return (int64_t)time(NULL);
}

int64_t
rec_now(struct rec_store *s)
{
	return s->fixed_now != 0 ? s->fixed_now : s->now(s->now_arg);
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

void
rec_db_error(struct rec_store *s, char **cause, const char *doing)
{
	s->be->error(s, cause, doing);
}

int
rec_exec(struct rec_store *s, const char *sql, char **cause)
{
	return s->be->exec(s, sql, cause);
}

struct rec_stmt *
rec_prepare(struct rec_store *s, const char *sql, char **cause)
{
	return s->be->prepare(s, sql, cause);
}

int
rec_step_done(struct rec_store *s, struct rec_stmt *st, const char *doing,
    char **cause)
{
	int rc = rec_step(st);

	if (rc == REC_ERROR) {
		rec_db_error(s, cause, doing);
		rec_finalize(st);
		return -1;
	}
	rec_finalize(st);
	return 0;
}

int64_t
rec_last_id(struct rec_store *s)
{
	int64_t id = 0;

	if (s->be->last_id(s, &id, NULL) != 0)
		fatal("the database gave no id for a row just written");
	return id;
}

int
rec_collect_rows(struct rec_store *s, struct rec_stmt *st, size_t elem_size,
    void (*read_row)(struct rec_stmt *, void *), void (*clear)(void *),
    void **out, size_t *n, char **cause)
{
	unsigned char *rows = NULL;
	size_t count = 0, cap = 0;
	int rc;

	while ((rc = rec_step(st)) == REC_ROW) {
		void *elem;

		if (count == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			rows = xrealloc(rows, cap * elem_size);
		}
		elem = rows + count++ * elem_size;
		memset(elem, 0, elem_size);
		read_row(st, elem);
	}
	if (rc != REC_DONE) {
		rec_db_error(s, cause, "reading");
		rec_finalize(st);
		for (size_t i = 0; i < count; i++)
			clear(rows + i * elem_size);
		free(rows);
		return -1;
	}
	rec_finalize(st);
	*out = rows;
	*n = count;
	return 0;
}

char *
rec_column_str(struct rec_stmt *st, int col)
{
	const char *text = rec_column_text(st, col);

	return text != NULL ? xstrdup(text) : NULL;
}

void
rec_bind_str(struct rec_stmt *st, int idx, const char *str)
{
	st->be->bind_text(st, idx, str);
}

int
rec_tx_begin(struct rec_store *s, char **cause)
{
	if (s->is_copy && !s->copy_local && s->depth == 0) {
		set_cause(cause, "the records server cannot be reached: this "
		    "station has only its copy of learners and trainers, and "
		    "this change needs the server");
		return -1;
	}
	if (s->depth++ > 0)
		return 0;
	s->failed = false;
	s->transient = false;
	if (s->be->begin_write(s, cause) != 0) {
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
		if (s->be->commit(s, cause) == 0)
			return 0;
		/* Keep the commit's error; the rollback below would replace it. */
		ok = false;
	}
	s->be->rollback(s);
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

	/*
	 * On the station's copy the writes (a trainer's sign-off) are queued
	 * in the outbox one by one, in order, and delivered so.
	 */
	if (s->is_copy)
		return fn(s, arg) == 0 ? 0 : -1;
	if (rec_tx_begin(s, cause) != 0)
		return -1;
	rc = fn(s, arg);
	if (rc != 0 && cause != NULL && *cause == NULL)
		set_cause(cause, "the change was abandoned: nothing was changed");
	return rec_tx_end(s, rc == 0, rc == 0 ? cause : NULL) == 0 && rc == 0 ?
	    0 : -1;
}


/*
 * "postgresql://..." selects the server; anything else that looks like a URI
 * is refused rather than taken for a file name.
 */
static const struct rec_backend *
rec_pick_backend(const char *target, char **cause)
{
	const char *colon = strstr(target, "://");
	size_t scheme = colon != NULL ? (size_t)(colon - target) : 0;

	if (str_starts_with(target, "postgresql://") ||
	    str_starts_with(target, "postgres://"))
		return &rec_backend_pg;
	if (colon != NULL && scheme > 0 && strspn(target, "abcdefghijklmnop"
	    "qrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-") == scheme) {
		set_cause(cause, "the records database '%s' looks like a URI of "
		    "a kind layerlab does not know: give a file path or a "
		    "postgresql://user@host/database URI", target);
		return NULL;
	}
	if (*target == '\0') {
		set_cause(cause, "the records database path is empty");
		return NULL;
	}
	return &rec_backend_sqlite;
}

/*
 * station: a station with an outbox may open a server it cannot reach yet
 * (unverified): it starts, keeps what lessons write, and checks the server
 * once it answers.
 */
static struct rec_store *
rec_open_internal(const char *path, int max_version, bool station,
    char **cause)
{
	const struct rec_backend *be;
	struct rec_store *s;
	int version;

	if (sodium_init() < 0) {
		set_cause(cause, "libsodium cannot start");
		return NULL;
	}
	if ((be = rec_pick_backend(path, cause)) == NULL)
		return NULL;
	if (be == &rec_backend_sqlite && rec_file_check(path, cause) != 0)
		return NULL;

	s = xcalloc(1, sizeof *s);
	s->be = be;
	s->path = xstrdup(path);
	s->now = rec_wall_clock;
	if (be->open(s, cause) != 0) {
		if (station && be->networked && s->conn != NULL &&
		    be->unreachable(s)) {
			log_debug("records: %s cannot be reached: the station "
			    "starts and checks it once it answers", path);
			s->unverified = true;
			s->version = s->opened_version = max_version;
			if (cause != NULL) {
				free(*cause);
				*cause = NULL;
			}
			return s;
		}
		goto fail;
	}
	if (be->identify(s, &version, cause) != 0)
		goto fail;
	if (version > REC_SCHEMA_VERSION) {
		set_cause(cause, "%s was written by a newer layerlab (records "
		    "schema version %d; this layerlab reads up to version %d): "
		    "upgrade layerlab to use it", s->path, version,
		    REC_SCHEMA_VERSION);
		goto fail;
	}
	s->opened_version = s->version = version;
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
	return rec_open_internal(path, REC_SCHEMA_VERSION, false, cause);
}

struct rec_store *
rec_open_station_store(const char *path, char **cause)
{
	return rec_open_internal(path, REC_SCHEMA_VERSION, true, cause);
}

struct rec_store *
rec_open_at_version(const char *path, int max_version, char **cause)
{
	if (max_version < 1 || max_version > REC_SCHEMA_VERSION) {
		set_cause(cause, "no records schema version %d", max_version);
		return NULL;
	}
	return rec_open_internal(path, max_version, false, cause);
}

void
rec_close(struct rec_store *s)
{
	if (s == NULL)
		return;
	rec_outbox_release(s);
	rec_close(s->outbox);
	s->be->close(s);
	rec_signoff_rule_free(s);
	free(s->path);
	free(s);
}

/* File systems on which SQLite's locks and WAL do not work. */
bool
rec_fs_is_network(unsigned long type)
{
	static const unsigned long network[] = {
		0x6969,		/* NFS */
		0x517b,		/* SMB */
		0xff534d42,	/* CIFS */
		0xfe534d42,	/* SMB2 */
		0x5346414f,	/* AFS */
		0x564c,		/* NCP */
		0x73757245,	/* Coda */
		0x00c36400,	/* Ceph */
		0x01161970,	/* GFS2 */
	};

	for (size_t i = 0; i < LL_ARRAY_LEN(network); i++) {
		if (type == network[i])
			return true;
	}
	return false;
}

int
rec_refuse_network_fs(const char *path, unsigned long type, char **cause)
{
	if (!rec_fs_is_network(type))
		return 0;
	set_cause(cause, "%s is on a network share: SQLite cannot lock a "
	    "database there and would corrupt it when two stations write. "
	    "Keep the file on this station's own disk, or let all stations "
	    "share one PostgreSQL server (--db postgresql://user@host/"
	    "database)", path);
	return -1;
}

/*
 * Before SQLite opens a file: its directory exists (made when missing) and is
 * on a local disk.
 */
int
rec_file_check(const char *path, char **cause)
{
	struct statfs fs;
	char *dir_copy = xstrdup(path), *dir = dirname(dir_copy);
	int rc = 0;

	if (strcmp(dir, ".") != 0 && paths_mkdir_p(dir, cause) != 0)
		rc = -1;
	else if (statfs(dir, &fs) == 0)
		rc = rec_refuse_network_fs(path, (unsigned long)fs.f_type,
		    cause);
	free(dir_copy);
	return rc;
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
