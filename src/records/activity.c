/*
 * What learners did: modules as run, attempts, results and the outcomes
 * they achieved (the credentials issued to them: credentials.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rec-int.h"

static const char *const rec_status_names[] = {
	[REC_ATTEMPT_RUNNING] = "running",
	[REC_ATTEMPT_COMPLETED] = "completed",
	[REC_ATTEMPT_FAILED] = "failed",
	[REC_ATTEMPT_CANCELLED] = "cancelled",
	[REC_ATTEMPT_ERROR] = "error",
};

static const char *const rec_method_names[] = {
	[REC_METHOD_QUIZ] = "quiz",
	[REC_METHOD_PRINTER] = "printer",
	[REC_METHOD_TRAINER] = "trainer",
	[REC_METHOD_OBSERVATION] = "observation",
};

const char *
rec_attempt_status_name(enum rec_attempt_status status)
{
	if ((size_t)status >= LL_ARRAY_LEN(rec_status_names))
		return "unknown";
	return rec_status_names[status];
}

static enum rec_attempt_status
rec_status_parse(const char *name)
{
	for (size_t i = 0; i < LL_ARRAY_LEN(rec_status_names); i++) {
		if (name != NULL && strcmp(name, rec_status_names[i]) == 0)
			return (enum rec_attempt_status)i;
	}
	return REC_ATTEMPT_ERROR;
}

const char *
rec_method_name(enum rec_method method)
{
	if ((size_t)method >= LL_ARRAY_LEN(rec_method_names))
		return "unknown";
	return rec_method_names[method];
}

int
rec_method_parse(const char *name, enum rec_method *out)
{
	for (size_t i = 0; i < LL_ARRAY_LEN(rec_method_names); i++) {
		if (name != NULL && strcmp(name, rec_method_names[i]) == 0) {
			*out = (enum rec_method)i;
			return 0;
		}
	}
	return -1;
}

int
rec_count(struct rec_store *s, const char *sql, const char *text, int64_t num,
    char **cause)
{
	struct rec_stmt *st = rec_prepare(s, sql, cause);
	int rc, count = -1;

	if (st == NULL)
		return -1;
	if (text != NULL)
		rec_bind_str(st, 1, text);
	else
		rec_bind_int64(st, 1, num);
	rc = rec_step(st);
	if (rc == REC_ROW)
		count = rec_column_int(st, 0);
	else
		rec_db_error(s, cause, "reading");
	rec_finalize(st);
	return count;
}

int
rec_json_valid(struct rec_store *s, const char *json, char **cause)
{
	int valid = rec_count(s, "SELECT json_valid(?)", json, 0, cause);

	return valid < 0 ? -1 : valid;
}

/* Modules and attempts. */

static int
rec_module_note(struct rec_store *s, const struct rec_attempt_start *a,
    int64_t *module, char **cause)
{
	struct rec_stmt *st;
	int rc;

	st = rec_prepare(s, "SELECT id FROM modules WHERE module_id = ? AND "
	    "version = ? AND content_hash = ?", cause);
	if (st == NULL)
		return -1;
	rec_bind_str(st, 1, a->module_id);
	rec_bind_str(st, 2, a->module_version);
	rec_bind_str(st, 3, a->module_hash);
	rc = rec_step(st);
	if (rc == REC_ROW)
		*module = rec_column_int64(st, 0);
	else if (rc != REC_DONE)
		rec_db_error(s, cause, "reading");
	rec_finalize(st);
	if (rc == REC_ROW)
		return 0;
	if (rc != REC_DONE)
		return -1;

	st = rec_prepare(s, "INSERT INTO modules (module_id, version, "
	    "content_hash, first_run) VALUES (?, ?, ?, ?)", cause);
	if (st == NULL)
		return -1;
	rec_bind_str(st, 1, a->module_id);
	rec_bind_str(st, 2, a->module_version);
	rec_bind_str(st, 3, a->module_hash);
	rec_bind_int64(st, 4, rec_now(s));
	if (rec_step_done(s, st, "writing", cause) != 0)
		return -1;
	*module = rec_last_id(s);
	return rec_audit_row_int(s, "modules", *module, "insert", cause);
}

/*
 * Begins one of a lesson's writes. 1: the write is to be queued in the
 * outbox instead: the store delivers through it, the attempt is still
 * waiting there, or (a file, in the background) the file's lock is held by
 * another program right now, and the loop that writes must not wait for it
 * (the emergency stop is read there). 0: the transaction is open. -1: cause.
 */
static int
rec_lesson_write_begin(struct rec_store *s, int64_t attempt, char **cause)
{
	char *why = NULL;
	int rc;

	if (rec_use_outbox(s))
		return 1;
	/* An attempt still in the outbox: what follows it waits there too. */
	if (s->outbox != NULL && s->depth == 0 && !s->delivering &&
	    attempt >= REC_LOCAL_ID_BASE &&
	    rec_outbox_translate(s, attempt) == attempt) {
		s->queued = true;
		return 1;
	}
	if (!s->file_outbox || !s->background || s->delivering || s->depth > 0)
		return rec_tx_begin(s, cause);
	s->nowait = true;
	rc = rec_tx_begin(s, &why);
	s->nowait = false;
	if (rc == 0)
		return 0;
	if (s->transient) {
		log_debug("records: %s: kept in the outbox", why);
		free(why);
		s->queued = true;
		return 1;
	}
	set_cause(cause, "%s", why);
	free(why);
	return -1;
}

int
rec_attempt_start(struct rec_store *s, const struct rec_attempt_start *a,
    int64_t *attempt_id, char **cause)
{
	int rc;
	struct rec_stmt *st;
	int64_t module, id;
	bool ok = false;
	int n;

	if (rec_check_id("learner", a->learner_id, cause) != 0 ||
	    rec_check_id("module", a->module_id, cause) != 0 ||
	    rec_check_id("lesson", a->lesson_id, cause) != 0)
		return -1;
	if (a->module_version == NULL || *a->module_version == '\0' ||
	    a->module_hash == NULL || *a->module_hash == '\0') {
		set_cause(cause, "module '%s' has no version or content hash",
		    a->module_id);
		return -1;
	}
	if ((rc = rec_lesson_write_begin(s, 0, cause)) != 0)
		return rc < 0 ? -1 :
		    rec_outbox_attempt_start(s, a, attempt_id, cause);
	n = rec_count(s, "SELECT count(*) FROM learners WHERE id = ?",
	    a->learner_id, 0, cause);
	if (n == 0)
		set_cause(cause, "no learner '%s'", a->learner_id);
	if (n != 1 || rec_module_note(s, a, &module, cause) != 0)
		goto out;
	st = rec_prepare(s, s->version >= 2 ?
	    "INSERT INTO attempts (learner_id, module, lesson_id, "
	    "printer_profile, firmware, lang, seed, status, started, station) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?)" :
	    "INSERT INTO attempts (learner_id, module, lesson_id, "
	    "printer_profile, firmware, lang, seed, status, started) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?)", cause);
	if (st == NULL)
		goto out;
	rec_bind_str(st, 1, a->learner_id);
	rec_bind_int64(st, 2, module);
	rec_bind_str(st, 3, a->lesson_id);
	rec_bind_str(st, 4, a->printer_profile);
	rec_bind_str(st, 5, a->firmware);
	rec_bind_str(st, 6, a->lang);
	rec_bind_int64(st, 7, (int64_t)a->seed);
	rec_bind_int64(st, 8, rec_now(s));
	if (s->version >= 2)
		rec_bind_str(st, 9, a->station);
	if (rec_step_done(s, st, "writing", cause) != 0)
		goto out;
	id = rec_last_id(s);
	if (attempt_id != NULL)
		*attempt_id = id;
	ok = rec_audit_row_int(s, "attempts", id, "insert", cause) == 0;
out:
	return rec_tx_end(s, ok, cause);
}

/* Fails unless the attempt exists and is still running. */
static int
rec_attempt_require_running(struct rec_store *s, int64_t id, char **cause)
{
	struct rec_stmt *st = rec_prepare(s, "SELECT status FROM attempts WHERE "
	    "id = ?", cause);
	int rc, result = -1;

	if (st == NULL)
		return -1;
	rec_bind_int64(st, 1, id);
	rc = rec_step(st);
	if (rc == REC_ROW) {
		const char *status = (const char *)rec_column_text(st, 0);

		if (strcmp(status, "running") == 0)
			result = 0;
		else
			set_cause(cause, "attempt %lld is already %s",
			    (long long)id, status);
	} else if (rc == REC_DONE)
		set_cause(cause, "no attempt %lld", (long long)id);
	else
		rec_db_error(s, cause, "reading");
	rec_finalize(st);
	return result;
}

int
rec_attempt_step(struct rec_store *s, int64_t attempt_id, int step_index,
    const char *step_id, char **cause)
{
	int rc;
	struct rec_stmt *st;
	bool ok = false;

	if (step_index < 0) {
		set_cause(cause, "step %d is not a step", step_index);
		return -1;
	}
	if ((rc = rec_lesson_write_begin(s, attempt_id, cause)) != 0)
		return rc < 0 ? -1 : rec_outbox_attempt_step(s, attempt_id,
		    step_index, step_id, cause);
	attempt_id = rec_outbox_translate(s, attempt_id);
	if (rec_attempt_require_running(s, attempt_id, cause) != 0)
		goto out;
	st = rec_prepare(s, "UPDATE attempts SET step_index = ?, step_id = ? "
	    "WHERE id = ?", cause);
	if (st == NULL)
		goto out;
	rec_bind_int64(st, 1, step_index);
	rec_bind_str(st, 2, step_id);
	rec_bind_int64(st, 3, attempt_id);
	ok = rec_step_done(s, st, "writing", cause) == 0 &&
	    rec_audit_row_int(s, "attempts", attempt_id, "step", cause) == 0;
out:
	return rec_tx_end(s, ok, cause);
}

int
rec_attempt_finish(struct rec_store *s, int64_t attempt_id,
    enum rec_attempt_status status, char **cause)
{
	int rc;
	struct rec_stmt *st;
	bool ok = false;

	if (status == REC_ATTEMPT_RUNNING ||
	    (size_t)status >= LL_ARRAY_LEN(rec_status_names)) {
		set_cause(cause, "an attempt finishes as completed, failed, "
		    "cancelled or error");
		return -1;
	}
	if ((rc = rec_lesson_write_begin(s, attempt_id, cause)) != 0)
		return rc < 0 ? -1 :
		    rec_outbox_attempt_finish(s, attempt_id, status, cause);
	attempt_id = rec_outbox_translate(s, attempt_id);
	if (rec_attempt_require_running(s, attempt_id, cause) != 0)
		goto out;
	st = rec_prepare(s, "UPDATE attempts SET status = ?, finished = ? "
	    "WHERE id = ?", cause);
	if (st == NULL)
		goto out;
	rec_bind_str(st, 1, rec_status_names[status]);
	rec_bind_int64(st, 2, rec_now(s));
	rec_bind_int64(st, 3, attempt_id);
	ok = rec_step_done(s, st, "writing", cause) == 0 &&
	    rec_audit_row_int(s, "attempts", attempt_id, "finish", cause) == 0;
out:
	return rec_tx_end(s, ok, cause);
}

static char *
rec_attempt_select(struct rec_store *s, const char *where)
{
	return xasprintf("SELECT a.id, a.learner_id, m.module_id, m.version, "
	    "m.content_hash, a.lesson_id, %s, a.printer_profile, a.firmware, "
	    "a.lang, a.seed, a.step_index, a.step_id, a.status, a.started, "
	    "a.finished FROM attempts a JOIN modules m ON m.id = a.module "
	    "JOIN learners l ON l.id = a.learner_id %s",
	    s->version >= 2 ? "a.station" : "NULL", where);
}

static void
rec_attempt_read(struct rec_stmt *st, void *elem)
{
	struct rec_attempt *a = elem;
	char *status;

	a->id = rec_column_int64(st, 0);
	a->learner_id = rec_column_str(st, 1);
	a->module_id = rec_column_str(st, 2);
	a->module_version = rec_column_str(st, 3);
	a->module_hash = rec_column_str(st, 4);
	a->lesson_id = rec_column_str(st, 5);
	a->station = rec_column_str(st, 6);
	a->printer_profile = rec_column_str(st, 7);
	a->firmware = rec_column_str(st, 8);
	a->lang = rec_column_str(st, 9);
	a->seed = (uint64_t)rec_column_int64(st, 10);
	a->step_index = rec_column_int(st, 11);
	a->step_id = rec_column_str(st, 12);
	status = rec_column_str(st, 13);
	a->status = rec_status_parse(status);
	free(status);
	a->started = rec_column_int64(st, 14);
	a->finished = rec_column_int64(st, 15);
}

static void
rec_attempt_clear_row(void *elem)
{
	rec_attempt_clear(elem);
}

int
rec_attempt_get(struct rec_store *s, int64_t attempt_id,
    struct rec_attempt *out, char **cause)
{
	char *sql = rec_attempt_select(s, "WHERE a.id = ?");
	struct rec_stmt *st = rec_prepare(s, sql, cause);
	int rc;

	free(sql);
	if (st == NULL)
		return -1;
	attempt_id = rec_outbox_translate(s, attempt_id);
	rec_bind_int64(st, 1, attempt_id);
	rc = rec_step(st);
	if (rc == REC_ROW)
		rec_attempt_read(st, out);
	else if (rc == REC_DONE)
		set_cause(cause, "no attempt %lld", (long long)attempt_id);
	else
		rec_db_error(s, cause, "reading");
	rec_finalize(st);
	return rc == REC_ROW ? 0 : -1;
}

int
rec_attempt_find_resumable(struct rec_store *s, const char *learner_id,
    const char *lesson_id, struct rec_attempt *out, bool *found, char **cause)
{
	char *sql = rec_attempt_select(s, "WHERE a.learner_id = ? AND "
	    "a.lesson_id = ? AND a.status = 'running' ORDER BY a.started DESC, "
	    "a.id DESC LIMIT 1");
	struct rec_stmt *st = rec_prepare(s, sql, cause);
	int rc;

	free(sql);
	*found = false;
	if (st == NULL)
		return -1;
	rec_bind_str(st, 1, learner_id);
	rec_bind_str(st, 2, lesson_id);
	rc = rec_step(st);
	if (rc == REC_ROW) {
		rec_attempt_read(st, out);
		*found = true;
	} else if (rc != REC_DONE)
		rec_db_error(s, cause, "reading");
	rec_finalize(st);
	return rc == REC_ROW || rc == REC_DONE ? 0 : -1;
}

/* Binds a filter as ?1 learner, ?2 group, ?3 since. */
void
rec_bind_filter(struct rec_stmt *st, const struct rec_filter *f)
{
	static const struct rec_filter none;

	if (f == NULL)
		f = &none;
	rec_bind_str(st, 1, f->learner_id);
	rec_bind_str(st, 2, f->group_id);
	rec_bind_int64(st, 3, f->since);
}

int
rec_attempt_list(struct rec_store *s, const struct rec_filter *f,
    struct rec_attempt **out, size_t *n, char **cause)
{
	char *sql = rec_attempt_select(s, "WHERE (?1 IS NULL OR a.learner_id "
	    "= ?1) AND (?2 IS NULL OR l.group_id = ?2) AND a.started >= ?3 "
	    "ORDER BY a.started, a.id");
	struct rec_stmt *st = rec_prepare(s, sql, cause);
	void *rows;

	free(sql);
	if (st == NULL)
		return -1;
	rec_bind_filter(st, f);
	if (rec_collect_rows(s, st, sizeof **out, rec_attempt_read,
	    rec_attempt_clear_row, &rows, n, cause) != 0)
		return -1;
	*out = rows;
	if (rec_outbox_overlay_attempts(s, f, out, n, cause) != 0) {
		rec_attempt_free_array(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void
rec_attempt_clear(struct rec_attempt *a)
{
	free(a->learner_id);
	free(a->module_id);
	free(a->module_version);
	free(a->module_hash);
	free(a->lesson_id);
	free(a->station);
	free(a->printer_profile);
	free(a->firmware);
	free(a->lang);
	free(a->step_id);
	memset(a, 0, sizeof *a);
}

void
rec_attempt_free_array(struct rec_attempt *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rec_attempt_clear(&a[i]);
	free(a);
}

/* Results. */

int
rec_result_check_fields(const struct rec_result_new *r, char **cause)
{
	if (rec_check_id("outcome", r->outcome_id, cause) != 0)
		return -1;
	if ((size_t)r->method >= LL_ARRAY_LEN(rec_method_names)) {
		set_cause(cause, "unknown assessment method %d", (int)r->method);
		return -1;
	}
	if (r->has_score && (!isfinite(r->score) || !isfinite(r->score_max) ||
	    r->score_max <= 0 || r->score < 0 || r->score > r->score_max)) {
		set_cause(cause, "score %g of %g is not between 0 and the "
		    "maximum", r->score, r->score_max);
		return -1;
	}
	if (r->method == REC_METHOD_TRAINER && r->trainer_id == NULL) {
		set_cause(cause, "a trainer sign-off needs the trainer's id");
		return -1;
	}
	if (r->method == REC_METHOD_OBSERVATION && r->trainer_id == NULL) {
		set_cause(cause, "an observation needs the trainer's id");
		return -1;
	}
	return 0;
}

static int
rec_result_check(struct rec_store *s, const struct rec_result_new *r,
    char **cause)
{
	int n;

	if (rec_result_check_fields(r, cause) != 0)
		return -1;
	if (r->method == REC_METHOD_OBSERVATION && s->version < 5) {
		set_cause(cause, "%s is at records schema version %d, which "
		    "has no observations", s->path, s->version);
		return -1;
	}
	if (r->trainer_id != NULL) {
		n = rec_count(s, "SELECT count(*) FROM trainers WHERE id = ?",
		    r->trainer_id, 0, cause);
		if (n == 0)
			set_cause(cause, "no trainer '%s'", r->trainer_id);
		if (n != 1)
			return -1;
	}
	if (r->evidence != NULL) {
		n = rec_json_valid(s, r->evidence, cause);
		if (n == 0)
			set_cause(cause, "the evidence of outcome '%s' is not "
			    "valid JSON", r->outcome_id);
		if (n != 1)
			return -1;
	}
	n = rec_count(s, "SELECT count(*) FROM attempts WHERE id = ?", NULL,
	    r->attempt_id, cause);
	if (n == 0)
		set_cause(cause, "no attempt %lld", (long long)r->attempt_id);
	if (n != 1)
		return -1;
	/* Who may sign off an outcome may also be the one who saw it kept. */
	if (r->method == REC_METHOD_TRAINER ||
	    r->method == REC_METHOD_OBSERVATION)
		return rec_signoff_allowed(s, r->trainer_id, r->attempt_id,
		    r->outcome_id, cause);
	return 0;
}

int
rec_result_add(struct rec_store *s, const struct rec_result_new *r_in,
    int64_t *result_id, char **cause)
{
	int rc;
	struct rec_result_new copy = *r_in, *r = &copy;
	struct rec_stmt *st;
	int64_t id;
	bool ok = false;

	if ((rc = rec_lesson_write_begin(s, r_in->attempt_id, cause)) != 0)
		return rc < 0 ? -1 :
		    rec_outbox_result_add(s, r_in, result_id, cause);
	copy.attempt_id = rec_outbox_translate(s, r_in->attempt_id);
	if (rec_result_check(s, r, cause) != 0)
		goto out;
	st = rec_prepare(s, "INSERT INTO results (attempt_id, outcome_id, "
	    "method, passed, score, score_max, evidence, trainer_id, time) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", cause);
	if (st == NULL)
		goto out;
	rec_bind_int64(st, 1, r->attempt_id);
	rec_bind_str(st, 2, r->outcome_id);
	rec_bind_str(st, 3, rec_method_names[r->method]);
	rec_bind_int64(st, 4, r->passed ? 1 : 0);
	if (r->has_score) {
		rec_bind_double(st, 5, r->score);
		rec_bind_double(st, 6, r->score_max);
	}
	rec_bind_str(st, 7, r->evidence);
	rec_bind_str(st, 8, r->trainer_id);
	rec_bind_int64(st, 9, r->time != 0 ? r->time : rec_now(s));
	if (rec_step_done(s, st, "writing", cause) != 0)
		goto out;
	id = rec_last_id(s);
	if (result_id != NULL)
		*result_id = id;
	ok = rec_audit_row_int(s, "results", id, "insert", cause) == 0;
out:
	return rec_tx_end(s, ok, cause);
}

static void
rec_result_read(struct rec_stmt *st, void *elem)
{
	struct rec_result *r = elem;
	char *method;

	r->id = rec_column_int64(st, 0);
	r->attempt_id = rec_column_int64(st, 1);
	r->outcome_id = rec_column_str(st, 2);
	method = rec_column_str(st, 3);
	if (rec_method_parse(method, &r->method) != 0)
		r->method = REC_METHOD_QUIZ;
	free(method);
	r->passed = rec_column_int(st, 4) != 0;
	r->has_score = rec_column_type(st, 5) != REC_NULL;
	r->score = rec_column_double(st, 5);
	r->score_max = rec_column_double(st, 6);
	r->evidence = rec_column_str(st, 7);
	r->trainer_id = rec_column_str(st, 8);
	r->time = rec_column_int64(st, 9);
	r->learner_id = rec_column_str(st, 10);
	r->learner_name = rec_column_str(st, 11);
	r->group_id = rec_column_str(st, 12);
	r->module_id = rec_column_str(st, 13);
	r->module_version = rec_column_str(st, 14);
	r->lesson_id = rec_column_str(st, 15);
	r->lang = rec_column_str(st, 16);
	r->attempt_started = rec_column_int64(st, 17);
	r->attempt_finished = rec_column_int64(st, 18);
}

static void
rec_result_clear_row(void *elem)
{
	rec_result_clear(elem);
}

/* What rec_result_read reads, for the results that where selects. */
static struct rec_stmt *
rec_result_select(struct rec_store *s, const char *where, char **cause)
{
	char *sql = xasprintf("SELECT r.id, r.attempt_id, r.outcome_id, "
	    "r.method, r.passed, r.score, r.score_max, r.evidence, "
	    "r.trainer_id, r.time, a.learner_id, l.name, l.group_id, "
	    "m.module_id, m.version, a.lesson_id, a.lang, a.started, "
	    "a.finished FROM results r "
	    "JOIN attempts a ON a.id = r.attempt_id "
	    "JOIN learners l ON l.id = a.learner_id "
	    "JOIN modules m ON m.id = a.module "
	    "WHERE %s ORDER BY r.time, r.id", where);
	struct rec_stmt *st = rec_prepare(s, sql, cause);

	free(sql);
	return st;
}

int
rec_result_list(struct rec_store *s, const struct rec_filter *f,
    struct rec_result **out, size_t *n, char **cause)
{
	struct rec_stmt *st;
	void *rows;

	st = rec_result_select(s, "(?1 IS NULL OR a.learner_id = ?1) AND "
	    "(?2 IS NULL OR l.group_id = ?2) AND r.time >= ?3", cause);
	if (st == NULL)
		return -1;
	rec_bind_filter(st, f);
	if (rec_collect_rows(s, st, sizeof **out, rec_result_read,
	    rec_result_clear_row, &rows, n, cause) != 0)
		return -1;
	*out = rows;
	return 0;
}

int
rec_observation_list(struct rec_store *s, const char *learner_id,
    const char *outcome_id, struct rec_result **out, size_t *n, char **cause)
{
	struct rec_stmt *st;
	void *rows;

	*out = NULL;
	*n = 0;
	if (rec_check_id("learner", learner_id, cause) != 0 ||
	    (outcome_id != NULL &&
	    rec_check_id("outcome", outcome_id, cause) != 0))
		return -1;
	/* An empty list would read as "never observed". */
	if (s->is_copy) {
		set_cause(cause, "the records server cannot be reached, and "
		    "this station's copy holds no results: the observations "
		    "of %s cannot be listed until it is back", outcome_id != NULL ?
		    outcome_id : "this learner");
		return -1;
	}
	st = rec_result_select(s, "a.learner_id = ?1 AND (?2 IS NULL OR "
	    "r.outcome_id = ?2) AND r.method = ?3", cause);
	if (st == NULL)
		return -1;
	rec_bind_str(st, 1, learner_id);
	rec_bind_str(st, 2, outcome_id);
	rec_bind_str(st, 3, rec_method_names[REC_METHOD_OBSERVATION]);
	if (rec_collect_rows(s, st, sizeof **out, rec_result_read,
	    rec_result_clear_row, &rows, n, cause) != 0)
		return -1;
	*out = rows;
	return 0;
}

void
rec_result_clear(struct rec_result *r)
{
	free(r->outcome_id);
	free(r->evidence);
	free(r->trainer_id);
	free(r->learner_id);
	free(r->learner_name);
	free(r->group_id);
	free(r->module_id);
	free(r->module_version);
	free(r->lesson_id);
	free(r->lang);
	memset(r, 0, sizeof *r);
}

void
rec_result_free_array(struct rec_result *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rec_result_clear(&a[i]);
	free(a);
}

static void
rec_achievement_read(struct rec_stmt *st, void *elem)
{
	struct rec_achievement *e = elem;
	char *method;

	e->learner_id = rec_column_str(st, 0);
	e->outcome_id = rec_column_str(st, 1);
	method = rec_column_str(st, 2);
	if (rec_method_parse(method, &e->method) != 0)
		e->method = REC_METHOD_QUIZ;
	free(method);
	e->result_id = rec_column_int64(st, 3);
	e->time = rec_column_int64(st, 4);
	e->trainer_id = rec_column_str(st, 5);
}

static void
rec_achievement_clear(void *elem)
{
	struct rec_achievement *e = elem;

	free(e->learner_id);
	free(e->outcome_id);
	free(e->trainer_id);
}

int
rec_achievement_list(struct rec_store *s, const struct rec_filter *f,
    struct rec_achievement **out, size_t *n, char **cause)
{
	struct rec_stmt *st;
	void *rows;

	/* For each learner and outcome, the newest passing result wins. */
	st = rec_prepare(s, "SELECT learner_id, outcome_id, method, id, time, "
	    "trainer_id FROM (SELECT a.learner_id, r.outcome_id, r.method, "
	    "r.id, r.time, r.trainer_id, row_number() OVER (PARTITION BY "
	    "a.learner_id, r.outcome_id ORDER BY r.time DESC, r.id DESC) AS n "
	    "FROM results r JOIN attempts a ON a.id = r.attempt_id "
	    "JOIN learners l ON l.id = a.learner_id "
	    "WHERE r.passed = 1 AND r.method <> 'observation' AND "
	    "(?1 IS NULL OR a.learner_id = ?1) AND "
	    "(?2 IS NULL OR l.group_id = ?2) AND r.time >= ?3) AS latest "
	    "WHERE n = 1 ORDER BY learner_id, outcome_id", cause);
	if (st == NULL)
		return -1;
	rec_bind_filter(st, f);
	if (rec_collect_rows(s, st, sizeof **out, rec_achievement_read,
	    rec_achievement_clear, &rows, n, cause) != 0)
		return -1;
	*out = rows;
	return 0;
}

void
rec_achievement_free_array(struct rec_achievement *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rec_achievement_clear(&a[i]);
	free(a);
}
