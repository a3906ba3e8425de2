/*
 * Groups, learners and trainers.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rec-int.h"

/* 1: the row exists, 0: it does not, -1: error. */
static int
rec_exists(struct rec_store *s, const char *table, const char *id,
    char **cause)
{
	char *sql = xasprintf("SELECT 1 FROM %s WHERE id = ?", table);
	struct rec_stmt *st = rec_prepare(s, sql, cause);
	int rc;

	free(sql);
	if (st == NULL)
		return -1;
	rec_bind_str(st, 1, id);
	rc = rec_step(st);
	rec_finalize(st);
	if (rc == REC_ROW)
		return 1;
	if (rc == REC_DONE)
		return 0;
	rec_db_error(s, cause, "reading");
	return -1;
}

static int
rec_require(struct rec_store *s, const char *table, const char *what,
    const char *id, char **cause)
{
	int rc = rec_exists(s, table, id, cause);

	if (rc == 0)
		set_cause(cause, "no %s '%s'", what, id);
	return rc == 1 ? 0 : -1;
}

/*
 * The one row of sql (which selects by "id = ?") read into out, or
 * "no WHAT 'ID'" when there is none.
 */
static int
rec_read_by_id(struct rec_store *s, const char *sql, const char *what,
    const char *id, void (*read_row)(struct rec_stmt *, void *), void *out,
    char **cause)
{
	struct rec_stmt *st = rec_prepare(s, sql, cause);
	int rc;

	if (st == NULL)
		return -1;
	rec_bind_str(st, 1, id);
	rc = rec_step(st);
	if (rc == REC_ROW)
		read_row(st, out);
	else if (rc == REC_DONE)
		set_cause(cause, "no %s '%s'", what, id);
	else
		rec_db_error(s, cause, "reading");
	rec_finalize(st);
	return rc == REC_ROW ? 0 : -1;
}

/* Groups. */

int
rec_group_add(struct rec_store *s, const char *id, const char *name,
    char **cause)
{
	struct rec_stmt *st;
	bool ok = false;
	int rc;

	if (name == NULL)
		name = id;
	if (rec_check_id("group", id, cause) != 0 ||
	    rec_check_name("group name", name, cause) != 0)
		return -1;
	if (rec_tx_begin(s, cause) != 0)
		return -1;
	rc = rec_exists(s, "groups", id, cause);
	if (rc == 1)
		set_cause(cause, "group '%s' already exists", id);
	else if (rc == 0) {
		st = rec_prepare(s, "INSERT INTO groups (id, name, created) "
		    "VALUES (?, ?, ?)", cause);
		if (st != NULL) {
			rec_bind_str(st, 1, id);
			rec_bind_str(st, 2, name);
			rec_bind_int64(st, 3, rec_now(s));
			ok = rec_step_done(s, st, "writing", cause) == 0 &&
			    rec_audit_row(s, "groups", id, "insert", cause) == 0;
		}
	}
	return rec_tx_end(s, ok, cause);
}

static void
rec_group_read(struct rec_stmt *st, void *elem)
{
	struct rec_group *g = elem;

	g->id = rec_column_str(st, 0);
	g->name = rec_column_str(st, 1);
	g->created = rec_column_int64(st, 2);
}

static void
rec_group_clear_row(void *elem)
{
	rec_group_clear(elem);
}

int
rec_group_list(struct rec_store *s, struct rec_group **out, size_t *n,
    char **cause)
{
	struct rec_stmt *st;
	void *rows;

	st = rec_prepare(s, "SELECT id, name, created FROM groups ORDER BY id",
	    cause);
	if (st == NULL)
		return -1;
	if (rec_collect_rows(s, st, sizeof **out, rec_group_read,
	    rec_group_clear_row, &rows, n, cause) != 0)
		return -1;
	*out = rows;
	return 0;
}

void
rec_group_clear(struct rec_group *g)
{
	free(g->id);
	free(g->name);
	memset(g, 0, sizeof *g);
}

void
rec_group_free_array(struct rec_group *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rec_group_clear(&a[i]);
	free(a);
}

/* Learners. */

static const char *
rec_learner_columns(const struct rec_store *s)
{
	return s->version >= 2 ?
	    "SELECT id, name, group_id, created, school_id FROM learners " :
	    "SELECT id, name, group_id, created, NULL FROM learners ";
}

static void
rec_learner_read(struct rec_stmt *st, void *elem)
{
	struct rec_learner *l = elem;

	l->id = rec_column_str(st, 0);
	l->name = rec_column_str(st, 1);
	l->group_id = rec_column_str(st, 2);
	l->created = rec_column_int64(st, 3);
	l->school_id = rec_column_str(st, 4);
}

static void
rec_learner_clear_row(void *elem)
{
	rec_learner_clear(elem);
}

int
rec_learner_add(struct rec_store *s, const char *id, const char *name,
    const char *group_id, const char *school_id, char **cause)
{
	struct rec_stmt *st;
	bool ok = false;
	int rc;

	if (rec_check_id("learner", id, cause) != 0 ||
	    rec_check_name("learner name", name, cause) != 0 ||
	    (school_id != NULL &&
	    rec_check_name("school id", school_id, cause) != 0))
		return -1;
	if (school_id != NULL && s->version < 2) {
		set_cause(cause, "%s is at records schema version %d, which "
		    "has no school ids", s->path, s->version);
		return -1;
	}
	if (rec_tx_begin(s, cause) != 0)
		return -1;
	if (group_id != NULL && rec_require(s, "groups", "group", group_id,
	    cause) != 0)
		goto out;
	rc = rec_exists(s, "learners", id, cause);
	if (rc == 1)
		set_cause(cause, "learner '%s' already exists", id);
	if (rc != 0)
		goto out;
	st = rec_prepare(s, s->version >= 2 ?
	    "INSERT INTO learners (id, name, group_id, created, school_id) "
	    "VALUES (?, ?, ?, ?, ?)" :
	    "INSERT INTO learners (id, name, group_id, created) "
	    "VALUES (?, ?, ?, ?)", cause);
	if (st == NULL)
		goto out;
	rec_bind_str(st, 1, id);
	rec_bind_str(st, 2, name);
	rec_bind_str(st, 3, group_id);
	rec_bind_int64(st, 4, rec_now(s));
	if (s->version >= 2)
		rec_bind_str(st, 5, school_id);
	ok = rec_step_done(s, st, "writing", cause) == 0 &&
	    rec_audit_row(s, "learners", id, "insert", cause) == 0;
out:
	return rec_tx_end(s, ok, cause);
}

int
rec_learner_get(struct rec_store *s, const char *id, struct rec_learner *out,
    char **cause)
{
	char *sql = xasprintf("%sWHERE id = ?", rec_learner_columns(s));
	int rc = rec_read_by_id(s, sql, "learner", id, rec_learner_read, out,
	    cause);

	free(sql);
	return rc;
}

int
rec_learner_list(struct rec_store *s, const char *group_id,
    struct rec_learner **out, size_t *n, char **cause)
{
	char *sql;
	struct rec_stmt *st;
	void *rows;

	if (group_id != NULL && rec_require(s, "groups", "group", group_id,
	    cause) != 0)
		return -1;
	sql = xasprintf("%sWHERE ?1 IS NULL OR group_id = ?1 "
	    "ORDER BY group_id, name, id", rec_learner_columns(s));
	st = rec_prepare(s, sql, cause);
	free(sql);
	if (st == NULL)
		return -1;
	rec_bind_str(st, 1, group_id);
	if (rec_collect_rows(s, st, sizeof **out, rec_learner_read,
	    rec_learner_clear_row, &rows, n, cause) != 0)
		return -1;
	*out = rows;
	return 0;
}

static int
rec_learner_update(struct rec_store *s, const char *id, const char *sql,
    const char *value, const char *action, char **cause)
{
	struct rec_stmt *st;
	bool ok = false;

	if (rec_tx_begin(s, cause) != 0)
		return -1;
	if (rec_require(s, "learners", "learner", id, cause) != 0)
		goto out;
	if ((st = rec_prepare(s, sql, cause)) == NULL)
		goto out;
	rec_bind_str(st, 1, value);
	rec_bind_str(st, 2, id);
	ok = rec_step_done(s, st, "writing", cause) == 0 &&
	    rec_audit_row(s, "learners", id, action, cause) == 0;
out:
	return rec_tx_end(s, ok, cause);
}

int
rec_learner_rename(struct rec_store *s, const char *id, const char *name,
    char **cause)
{
	if (rec_check_name("learner name", name, cause) != 0)
		return -1;
	return rec_learner_update(s, id, "UPDATE learners SET name = ? "
	    "WHERE id = ?", name, "rename", cause);
}

int
rec_learner_set_group(struct rec_store *s, const char *id,
    const char *group_id, char **cause)
{
	if (group_id != NULL && rec_require(s, "groups", "group", group_id,
	    cause) != 0)
		return -1;
	return rec_learner_update(s, id, "UPDATE learners SET group_id = ? "
	    "WHERE id = ?", group_id, "move", cause);
}

void
rec_learner_clear(struct rec_learner *l)
{
	free(l->id);
	free(l->name);
	free(l->group_id);
	free(l->school_id);
	memset(l, 0, sizeof *l);
}

void
rec_learner_free_array(struct rec_learner *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rec_learner_clear(&a[i]);
	free(a);
}

/* Trainers. */

static int
rec_count_chars(const char *s)
{
	int n = 0;

	for (; s != NULL && *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/*
 * A PIN of REC_PIN_MIN_DIGITS digits has a million values; with the Argon2id
 * cost that is days of offline guessing per hash instead of the seconds four
 * digits took. A trainer who wants more types a passphrase.
 */
static int
rec_check_pin(const char *pin, char **cause)
{
	size_t len = pin != NULL ? strlen(pin) : 0;

	if (len > 0 && strspn(pin, "0123456789") == len) {
		if (len < REC_PIN_MIN_DIGITS) {
			set_cause(cause, "a PIN needs at least %d digits (or "
			    "use a passphrase of %d or more characters)",
			    REC_PIN_MIN_DIGITS, REC_PASSPHRASE_MIN_CHARS);
			return -1;
		}
		if (len > 32) {
			set_cause(cause, "a PIN has at most 32 digits");
			return -1;
		}
		return 0;
	}
	if (len > REC_PASSPHRASE_MAX_BYTES) {
		set_cause(cause, "a passphrase has at most %d bytes",
		    REC_PASSPHRASE_MAX_BYTES);
		return -1;
	}
	if (!utf8_valid(pin != NULL ? pin : "", len)) {
		set_cause(cause, "the passphrase is not valid UTF-8");
		return -1;
	}
	for (const unsigned char *p = (const unsigned char *)pin; p != NULL &&
	    *p != '\0'; p++) {
		if (*p < ' ' || *p == 0x7f) {
			set_cause(cause, "the passphrase contains a control "
			    "character");
			return -1;
		}
	}
	if (rec_count_chars(pin) < REC_PASSPHRASE_MIN_CHARS) {
		set_cause(cause, "a PIN has digits only (at least %d), a "
		    "passphrase at least %d characters",
		    REC_PIN_MIN_DIGITS, REC_PASSPHRASE_MIN_CHARS);
		return -1;
	}
	return 0;
}

static int
rec_hash_pin(const char *pin, char out[crypto_pwhash_STRBYTES], char **cause)
{
	if (crypto_pwhash_str_alg(out, pin, strlen(pin),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE,
	    crypto_pwhash_ALG_ARGON2ID13) != 0) {
		set_cause(cause, "not enough memory to hash the PIN");
		return -1;
	}
	return 0;
}

int
rec_trainer_add(struct rec_store *s, const char *id, const char *name,
    const char *pin, char **cause)
{
	char hash[crypto_pwhash_STRBYTES];
	struct rec_stmt *st;
	bool ok = false;
	int rc;

	if (rec_check_id("trainer", id, cause) != 0 ||
	    rec_check_name("trainer name", name, cause) != 0 ||
	    rec_check_pin(pin, cause) != 0)
		return -1;
	/* Hashed before the write lock is taken: it takes a moment. */
	if (rec_hash_pin(pin, hash, cause) != 0)
		return -1;
	if (rec_tx_begin(s, cause) != 0)
		return -1;
	rc = rec_exists(s, "trainers", id, cause);
	if (rc == 1)
		set_cause(cause, "trainer '%s' already exists", id);
	if (rc != 0)
		goto out;
	st = rec_prepare(s, "INSERT INTO trainers (id, name, pin_hash, "
	    "created) VALUES (?, ?, ?, ?)", cause);
	if (st == NULL)
		goto out;
	rec_bind_str(st, 1, id);
	rec_bind_str(st, 2, name);
	rec_bind_str(st, 3, hash);
	rec_bind_int64(st, 4, rec_now(s));
	ok = rec_step_done(s, st, "writing", cause) == 0 &&
	    rec_audit_row(s, "trainers", id, "insert", cause) == 0;
out:
	sodium_memzero(hash, sizeof hash);
	return rec_tx_end(s, ok, cause);
}

static void
rec_trainer_read(struct rec_stmt *st, void *elem)
{
	struct rec_trainer *t = elem;

	t->id = rec_column_str(st, 0);
	t->name = rec_column_str(st, 1);
	t->failures = rec_column_int(st, 2);
	t->locked_until = rec_column_int64(st, 3);
	t->created = rec_column_int64(st, 4);
}

static void
rec_trainer_clear_row(void *elem)
{
	rec_trainer_clear(elem);
}

int
rec_trainer_get(struct rec_store *s, const char *id, struct rec_trainer *out,
    char **cause)
{
	return rec_read_by_id(s, "SELECT id, name, failures, locked_until, "
	    "created FROM trainers WHERE id = ?", "trainer", id,
	    rec_trainer_read, out, cause);
}

int
rec_trainer_list(struct rec_store *s, struct rec_trainer **out, size_t *n,
    char **cause)
{
	struct rec_stmt *st;
	void *rows;

	st = rec_prepare(s, "SELECT id, name, failures, locked_until, created "
	    "FROM trainers ORDER BY name, id", cause);
	if (st == NULL)
		return -1;
	if (rec_collect_rows(s, st, sizeof **out, rec_trainer_read,
	    rec_trainer_clear_row, &rows, n, cause) != 0)
		return -1;
	*out = rows;
	return 0;
}

int
rec_trainer_set_pin(struct rec_store *s, const char *id, const char *pin,
    char **cause)
{
	char hash[crypto_pwhash_STRBYTES];
	struct rec_stmt *st;
	bool ok = false;

	if (rec_check_pin(pin, cause) != 0 || rec_hash_pin(pin, hash, cause) != 0)
		return -1;
	if (rec_tx_begin(s, cause) != 0)
		return -1;
	if (rec_require(s, "trainers", "trainer", id, cause) != 0)
		goto out;
	st = rec_prepare(s, "UPDATE trainers SET pin_hash = ?, failures = 0, "
	    "locked_until = 0 WHERE id = ?", cause);
	if (st == NULL)
		goto out;
	rec_bind_str(st, 1, hash);
	rec_bind_str(st, 2, id);
	ok = rec_step_done(s, st, "writing", cause) == 0 &&
	    rec_audit_row(s, "trainers", id, "pin-changed", cause) == 0;
out:
	sodium_memzero(hash, sizeof hash);
	return rec_tx_end(s, ok, cause);
}

static int
rec_trainer_set_failures(struct rec_store *s, const char *id, int failures,
    int64_t locked_until, const char *action, char **cause)
{
	struct rec_stmt *st;

	st = rec_prepare(s, "UPDATE trainers SET failures = ?, locked_until = ? "
	    "WHERE id = ?", cause);
	if (st == NULL)
		return -1;
	rec_bind_int64(st, 1, failures);
	rec_bind_int64(st, 2, locked_until);
	rec_bind_str(st, 3, id);
	if (rec_step_done(s, st, "writing", cause) != 0)
		return -1;
	return rec_audit_row(s, "trainers", id, action, cause);
}

/* How long the lock after the n-th run of wrong PINs lasts: each run locks
 * longer, so guessing at the keyboard gains a few tries a day at most. */
static int64_t
rec_lock_seconds(int failures)
{
	static const int64_t steps[] = { 60, 5 * 60, 30 * 60, 3 * 3600,
	    24 * 3600 };
	int run = failures / REC_PIN_MAX_FAILURES;

	if (run < 1)
		return 0;
	if (run > (int)LL_ARRAY_LEN(steps))
		run = (int)LL_ARRAY_LEN(steps);
	return steps[run - 1];
}

static void
rec_format_duration(char *out, size_t size, int64_t seconds)
{
	if (seconds < 120)
		snprintf(out, size, "%lld seconds", (long long)seconds);
	else if (seconds < 2 * 3600)
		snprintf(out, size, "%lld minutes", (long long)seconds / 60);
	else
		snprintf(out, size, "%lld hours", (long long)seconds / 3600);
}

struct rec_pin_check {
	char *id;
	char *pin;
	char *hash;
	bool right;
	bool hashed;
};

/* Reads the trainer's state; 1 found, 0 no trainer, -1 error. */
static int
rec_pin_state(struct rec_store *s, const char *id, char **hash, int *failures,
    int64_t *locked_until, char **cause)
{
	struct rec_stmt *st;
	int rc;

	st = rec_prepare(s, "SELECT pin_hash, failures, locked_until FROM "
	    "trainers WHERE id = ?", cause);
	if (st == NULL)
		return -1;
	rec_bind_str(st, 1, id);
	rc = rec_step(st);
	if (rc == REC_ROW) {
		if (hash != NULL)
			*hash = rec_column_str(st, 0);
		*failures = rec_column_int(st, 1);
		*locked_until = rec_column_int64(st, 2);
		rc = 1;
	} else if (rc == REC_DONE) {
		set_cause(cause, "no trainer '%s'", id);
		rc = 0;
	} else {
		rec_db_error(s, cause, "reading");
		rc = -1;
	}
	rec_finalize(st);
	return rc;
}

static int
rec_refuse_locked(int failures, int64_t left, int *locked_seconds,
    char **cause)
{
	if (locked_seconds != NULL)
		*locked_seconds = (int)left;
	set_cause(cause, "locked, %lld seconds left (after %d wrong PINs)",
	    (long long)left, failures);
	return -1;
}

struct rec_pin_check *
rec_pin_check_begin(struct rec_store *s, const char *id, const char *pin,
    int *locked_seconds, char **cause)
{
	struct rec_pin_check *c;
	char *hash = NULL;
	int failures = 0, rc;
	int64_t locked_until = 0, now = rec_now(s);

	if (locked_seconds != NULL)
		*locked_seconds = 0;
	if (s->is_copy && s->copy_max_age > 0 &&
	    now - s->copy_refreshed > s->copy_max_age) {
		set_cause(cause, "the records server cannot be reached, and "
		    "this station's copy of the trainers is %lld hours old: "
		    "the school lets a copy sign trainers in for %lld hours "
		    "(records_copy_hours)", (long long)((now -
		    s->copy_refreshed) / 3600), (long long)(s->copy_max_age /
		    3600));
		return NULL;
	}
	rc = rec_pin_state(s, id, &hash, &failures, &locked_until, cause);
	if (rc != 1)
		return NULL;
	if (locked_until > now) {
		free(hash);
		rec_refuse_locked(failures, locked_until - now, locked_seconds,
		    cause);
		return NULL;
	}
	c = xcalloc(1, sizeof *c);
	c->id = xstrdup(id);
	c->pin = xstrdup(pin != NULL ? pin : "");
	c->hash = hash;
	return c;
}

void
rec_pin_check_hash(struct rec_pin_check *c)
{
	/* Bounded so a pasted novel costs no more than a passphrase. */
	size_t len = strnlen(c->pin, REC_PASSPHRASE_MAX_BYTES + 1);

	c->right = len <= REC_PASSPHRASE_MAX_BYTES &&
	    crypto_pwhash_str_verify(c->hash, c->pin, len) == 0;
	c->hashed = true;
}

void
rec_pin_check_free(struct rec_pin_check *c)
{
	if (c == NULL)
		return;
	sodium_memzero(c->pin, strlen(c->pin));
	free(c->pin);
	free(c->hash);
	free(c->id);
	free(c);
}

/*
 * The count of wrong PINs is kept in the database, not in the process, so
 * restarting layerlab or moving to another station does not reset it. It is
 * read again inside the write: another station may have counted meanwhile.
 */
int
rec_pin_check_end(struct rec_store *s, struct rec_pin_check *c,
    int *locked_seconds, char **cause)
{
	char *commit_cause = NULL, span[32];
	int failures = 0, result = -1;
	int64_t locked_until = 0, now, lock;
	bool ok = false;

	if (locked_seconds != NULL)
		*locked_seconds = 0;
	if (!c->hashed)
		rec_pin_check_hash(c);
	/* A wrong PIN counts on the station's copy too: offline, the
	 * lockout holds at this station. */
	s->copy_local = true;
	if (rec_tx_begin(s, cause) != 0) {
		s->copy_local = false;
		rec_pin_check_free(c);
		return -1;
	}
	s->copy_local = false;
	now = rec_now(s);
	if (rec_pin_state(s, c->id, NULL, &failures, &locked_until,
	    cause) != 1)
		goto out;
	if (locked_until > now) {
		rec_refuse_locked(failures, locked_until - now, locked_seconds,
		    cause);
		ok = true;
		goto out;
	}
	if (c->right) {
		ok = true;
		if (failures != 0 || locked_until != 0)
			ok = rec_trainer_set_failures(s, c->id, 0, 0, "pin-ok",
			    cause) == 0;
		result = ok ? 0 : -1;
		goto out;
	}
	failures++;
	if (failures % REC_PIN_MAX_FAILURES == 0) {
		lock = rec_lock_seconds(failures);
		ok = rec_trainer_set_failures(s, c->id, failures, now + lock,
		    "pin-locked", cause) == 0;
		if (ok) {
			if (locked_seconds != NULL)
				*locked_seconds = (int)lock;
			rec_format_duration(span, sizeof span, lock);
			set_cause(cause, "wrong PIN: locked for %s after %d "
			    "wrong PINs", span, failures);
		}
	} else {
		ok = rec_trainer_set_failures(s, c->id, failures, 0,
		    "pin-failed", cause) == 0;
		if (ok) {
			int left = REC_PIN_MAX_FAILURES -
			    failures % REC_PIN_MAX_FAILURES;

			set_cause(cause, "wrong PIN (%d %s left)", left,
			    left == 1 ? "try" : "tries");
		}
	}
out:
	rec_pin_check_free(c);
	/* A wrong PIN is committed too: the count must survive. */
	if (rec_tx_end(s, ok, &commit_cause) != 0) {
		if (commit_cause != NULL) {
			set_cause(cause, "%s", commit_cause);
			free(commit_cause);
		}
		return -1;
	}
	return result;
}

int
rec_trainer_check_pin(struct rec_store *s, const char *id, const char *pin,
    int *locked_seconds, char **cause)
{
	struct rec_pin_check *c;

	if ((c = rec_pin_check_begin(s, id, pin, locked_seconds, cause)) ==
	    NULL)
		return -1;
	rec_pin_check_hash(c);
	return rec_pin_check_end(s, c, locked_seconds, cause);
}

void
rec_trainer_clear(struct rec_trainer *t)
{
	free(t->id);
	free(t->name);
	memset(t, 0, sizeof *t);
}

void
rec_trainer_free_array(struct rec_trainer *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rec_trainer_clear(&a[i]);
	free(a);
}
