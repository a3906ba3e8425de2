/*
 * The server backend: one PostgreSQL database for a whole workshop, through
 * libpq (the only user of libpq in layerlab). Selected by a
 * "postgresql://user@host/database" target; the password comes from the file
 * PGPASSFILE names or ~/.pgpass, never from the command line.
 *
 * Every write transaction first takes one transaction-level advisory lock,
 * so the audit chain is extended by one station at a time and never forks;
 * the lock goes with the transaction's end, also when a station dies.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rec-int.h"

#define PG_TEXT_OID 25
#define PG_INT8_OID 20
#define PG_FLOAT8_OID 701

/* Waiting longer for a server that does not answer only stalls the lesson. */
#define PG_CONNECT_TIMEOUT "5"

struct pg_conn {
	PGconn *conn;
	char *error;		/* the last error's text */
	char sqlstate[6];
	bool lost;		/* the connection broke: reconnect first */
};

struct pg_stmt {
	struct rec_stmt base;
	struct rec_store *s;
	char *sql;
	int nparams;
	char **values;
	unsigned int *types;
	PGresult *res;
	int row, nrows;
	bool executed;
};

#define PG(s) ((struct pg_conn *)(s)->conn)
#define PST(st) ((struct pg_stmt *)(st))

static void
pg_quiet(void *arg, const char *message)
{
	/* NOTICEs ("table already exists, skipping") are not for the user. */
	(void)arg;
	(void)message;
}

static void
pg_note_error(struct rec_store *s, const PGresult *res)
{
	struct pg_conn *c = PG(s);
	const char *msg = NULL, *state = NULL;
	size_t len;

	if (res != NULL) {
		msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	}
	if (msg == NULL)
		msg = PQerrorMessage(c->conn);
	free(c->error);
	c->error = xstrdup(msg != NULL ? msg : "unknown error");
	/* libpq's own messages end in a newline. */
	len = strlen(c->error);
	while (len > 0 && (c->error[len - 1] == '\n' || c->error[len - 1] == ' '))
		c->error[--len] = '\0';
	snprintf(c->sqlstate, sizeof c->sqlstate, "%s",
	    state != NULL ? state : "");
	/* A server shutting down or a broken link: reconnect before the next write. */
	if (PQstatus(c->conn) != CONNECTION_OK ||
	    str_starts_with(c->sqlstate, "08") ||
	    str_starts_with(c->sqlstate, "57P"))
		c->lost = true;
}

static void
pg_error(struct rec_store *s, char **cause, const char *doing)
{
	struct pg_conn *c = PG(s);
	const char *msg = c->error != NULL ? c->error : "unknown error";

	if (c->lost) {
		set_cause(cause, "cannot reach the records server %s (%s): "
		    "nothing was changed", s->path, msg);
	} else if (strcmp(c->sqlstate, "42501") == 0) {
		set_cause(cause, "%s %s: the database user may not do this "
		    "(%s)", doing, s->path, msg);
	} else if (strcmp(c->sqlstate, "53100") == 0) {
		set_cause(cause, "the records server %s has a full disk: "
		    "nothing was changed", s->path);
	} else
		set_cause(cause, "%s %s: %s", doing, s->path, msg);
}

static bool
pg_unreachable(struct rec_store *s)
{
	return PG(s) != NULL && PG(s)->lost;
}

static int pg_identify(struct rec_store *s, int *version, char **cause);

/* A station that started without its server meets it: is it ours? */
static int
pg_verify_reached(struct rec_store *s, char **cause)
{
	int version;

	if (pg_identify(s, &version, cause) != 0)
		return -1;
	if (version != REC_SCHEMA_VERSION) {
		set_cause(cause, "the records server %s holds records at "
		    "schema version %d; this station writes version %d: "
		    "upgrade layerlab on every station and run any layerlab "
		    "command with --db %s once", s->path, version,
		    REC_SCHEMA_VERSION, s->path);
		return -1;
	}
	s->unverified = false;
	s->version = s->opened_version = version;
	return 0;
}

/* A lost connection is tried again at the start of the next transaction. */
static int
pg_reconnect(struct rec_store *s, char **cause)
{
	struct pg_conn *c = PG(s);

	if (!c->lost && PQstatus(c->conn) == CONNECTION_OK)
		return 0;
	PQreset(c->conn);
	if (PQstatus(c->conn) != CONNECTION_OK) {
		c->lost = true;
		pg_note_error(s, NULL);
		pg_error(s, cause, "connecting to");
		return -1;
	}
	c->lost = false;
	PQsetNoticeProcessor(c->conn, pg_quiet, NULL);
	if (s->unverified && pg_verify_reached(s, cause) != 0) {
		/* Not to be written to: as good as away (the outbox keeps
		 * what the station writes), and asked again next time. */
		c->lost = true;
		return -1;
	}
	return 0;
}

static int
pg_exec(struct rec_store *s, const char *sql, char **cause)
{
	PGresult *res = PQexec(PG(s)->conn, sql);
	ExecStatusType st = PQresultStatus(res);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		pg_note_error(s, res);
		PQclear(res);
		pg_error(s, cause, "writing");
		return -1;
	}
	PQclear(res);
	return 0;
}

/*
 * "?" and "?N" become "$N"; quoted text is left alone. Returns the number of
 * parameters.
 */
static int
pg_translate(const char *sql, char **out)
{
	struct buf b;
	int next = 0, max = 0;
	char quote = 0;

	buf_init(&b);
	for (const char *p = sql; *p != '\0'; p++) {
		if (quote != 0) {
			if (*p == quote)
				quote = 0;
			buf_append(&b, p, 1);
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			buf_append(&b, p, 1);
		} else if (*p == '?') {
			int n;

			if (p[1] >= '0' && p[1] <= '9') {
				n = (int)strtol(p + 1, NULL, 10);
				while (p[1] >= '0' && p[1] <= '9')
					p++;
			} else
				n = ++next;
			if (n > max)
				max = n;
			buf_appendf(&b, "$%d", n);
		} else
			buf_append(&b, p, 1);
	}
	*out = buf_detach(&b);
	return max;
}

static struct rec_stmt *
pg_prepare(struct rec_store *s, const char *sql, char **cause)
{
	struct pg_stmt *st = xcalloc(1, sizeof *st);

	(void)cause;
	st->base.be = &rec_backend_pg;
	st->s = s;
	st->nparams = pg_translate(sql, &st->sql);
	st->values = xcalloc((size_t)st->nparams + 1, sizeof *st->values);
	st->types = xcalloc((size_t)st->nparams + 1, sizeof *st->types);
	return &st->base;
}

static void
pg_bind(struct rec_stmt *base, int idx, char *value, unsigned int type)
{
	struct pg_stmt *st = PST(base);

	if (idx < 1 || idx > st->nparams)
		fatal("parameter %d of %d bound", idx, st->nparams);
	free(st->values[idx - 1]);
	st->values[idx - 1] = value;
	st->types[idx - 1] = type;
}

static void
pg_bind_null(struct rec_stmt *st, int idx)
{
	pg_bind(st, idx, NULL, 0);
}

static void
pg_bind_int64(struct rec_stmt *st, int idx, int64_t v)
{
	pg_bind(st, idx, xasprintf("%lld", (long long)v), PG_INT8_OID);
}

static void
pg_bind_double(struct rec_stmt *st, int idx, double v)
{
	pg_bind(st, idx, xasprintf("%.17g", v), PG_FLOAT8_OID);
}

/* A NULL text stays typed: "?1 IS NULL OR id = ?1" needs to know. */
static void
pg_bind_text(struct rec_stmt *st, int idx, const char *v)
{
	pg_bind(st, idx, v != NULL ? xstrdup(v) : NULL, PG_TEXT_OID);
}

static int
pg_step(struct rec_stmt *base)
{
	struct pg_stmt *st = PST(base);

	if (!st->executed) {
		ExecStatusType status;

		st->executed = true;
		st->res = PQexecParams(PG(st->s)->conn, st->sql, st->nparams,
		    st->types, (const char *const *)st->values, NULL, NULL, 0);
		status = PQresultStatus(st->res);
		if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
			pg_note_error(st->s, st->res);
			PQclear(st->res);
			st->res = NULL;
			return REC_ERROR;
		}
		st->nrows = PQntuples(st->res);
		st->row = -1;
	}
	if (st->res == NULL)
		return REC_ERROR;
	if (st->row + 1 >= st->nrows) {
		st->row = st->nrows;
		return REC_DONE;
	}
	st->row++;
	return REC_ROW;
}

static int
pg_column_count(struct rec_stmt *st)
{
	return PST(st)->res != NULL ? PQnfields(PST(st)->res) : 0;
}

static const char *
pg_column_name(struct rec_stmt *st, int col)
{
	return PQfname(PST(st)->res, col);
}

static enum rec_type
pg_column_type(struct rec_stmt *base, int col)
{
	struct pg_stmt *st = PST(base);

	if (PQgetisnull(st->res, st->row, col))
		return REC_NULL;
	switch (PQftype(st->res, col)) {
	case 16:	/* bool */
	case 20:	/* int8 */
	case 21:	/* int2 */
	case 23:	/* int4 */
	case 26:	/* oid */
		return REC_INT;
	case 700:	/* float4 */
	case 701:	/* float8 */
	case 1700:	/* numeric */
		return REC_REAL;
	default:
		return REC_TEXT;
	}
}

static const char *
pg_column_text(struct rec_stmt *base, int col)
{
	struct pg_stmt *st = PST(base);

	if (PQgetisnull(st->res, st->row, col))
		return NULL;
	return PQgetvalue(st->res, st->row, col);
}

static int64_t
pg_column_int64(struct rec_stmt *st, int col)
{
	const char *text = pg_column_text(st, col);

	if (text == NULL)
		return 0;
	if (strcmp(text, "t") == 0)
		return 1;
	return strtoll(text, NULL, 10);
}

static double
pg_column_double(struct rec_stmt *st, int col)
{
	const char *text = pg_column_text(st, col);

	return text != NULL ? strtod(text, NULL) : 0.0;
}

static void
pg_finalize(struct rec_stmt *base)
{
	struct pg_stmt *st = PST(base);

	PQclear(st->res);
	for (int i = 0; i < st->nparams; i++)
		free(st->values[i]);
	free(st->values);
	free(st->types);
	free(st->sql);
	free(st);
}

static int
pg_query_int(struct rec_store *s, const char *sql, int64_t *out,
    char **cause)
{
	PGresult *res = PQexec(PG(s)->conn, sql);

	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		pg_note_error(s, res);
		PQclear(res);
		pg_error(s, cause, "reading");
		return -1;
	}
	*out = PQgetisnull(res, 0, 0) ? 0 :
	    strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return 0;
}

static int
pg_last_id(struct rec_store *s, int64_t *id, char **cause)
{
	return pg_query_int(s, "SELECT lastval()", id, cause);
}

static int
pg_begin_write(struct rec_store *s, char **cause)
{
	if (pg_reconnect(s, cause) != 0)
		return -1;
	/* The key spells "LLab", the application id of the SQLite files. */
	if (pg_exec(s, "BEGIN", cause) != 0)
		return -1;
	if (pg_exec(s, "SELECT pg_advisory_xact_lock(1280066914)", cause) != 0) {
		pg_exec(s, "ROLLBACK", NULL);
		return -1;
	}
	return 0;
}

static int
pg_begin_read(struct rec_store *s, char **cause)
{
	if (pg_reconnect(s, cause) != 0)
		return -1;
	return pg_exec(s, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
	    cause);
}

static int
pg_commit(struct rec_store *s, char **cause)
{
	PGresult *res = PQexec(PG(s)->conn, "COMMIT");
	int rc = 0;

	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		pg_note_error(s, res);
		pg_error(s, cause, "writing");
		rc = -1;
	} else if (strcmp(PQcmdStatus(res), "ROLLBACK") == 0) {
		/* A failed transaction's COMMIT rolls back and says so. */
		set_cause(cause, "writing %s: the server rolled the change back: "
		    "nothing was changed", s->path);
		rc = -1;
	}
	PQclear(res);
	return rc;
}

static void
pg_rollback(struct rec_store *s)
{
	if (PQstatus(PG(s)->conn) != CONNECTION_OK)
		return;
	if (PQtransactionStatus(PG(s)->conn) != PQTRANS_IDLE)
		PQclear(PQexec(PG(s)->conn, "ROLLBACK"));
}

/* A password in the URI would be on the command line or in a shared file. */
static int
pg_refuse_password(struct rec_store *s, char **cause)
{
	PQconninfoOption *opts;
	char *err = NULL;
	bool has = false;

	if ((opts = PQconninfoParse(s->path, &err)) == NULL) {
		set_cause(cause, "the records database URI '%s' is not valid "
		    "(%s)", s->path, err != NULL ? err : "out of memory");
		if (err != NULL) {
			size_t len = strlen(*cause);

			while (len > 0 && (*cause)[len - 1] != ')' &&
			    ((*cause)[len - 1] == '\n' || (*cause)[len - 1] == ' '))
				(*cause)[--len] = '\0';
		}
		PQfreemem(err);
		return -1;
	}
	for (PQconninfoOption *o = opts; o->keyword != NULL; o++) {
		if (strcmp(o->keyword, "password") == 0 && o->val != NULL &&
		    *o->val != '\0')
			has = true;
	}
	PQconninfoFree(opts);
	if (has) {
		set_cause(cause, "the records database URI carries a password: "
		    "remove it and put it in ~/.pgpass (or the file PGPASSFILE "
		    "names), where only you can read it");
		return -1;
	}
	return 0;
}

static int
pg_open(struct rec_store *s, char **cause)
{
	/*
	 * A network that drops silently must not hold a write for TCP's
	 * minutes: unacknowledged data and idle links give up after seconds.
	 * The URI may override these (it comes last).
	 */
	static const char *const keys[] = { "connect_timeout",
	    "tcp_user_timeout", "keepalives_idle", "keepalives_interval",
	    "keepalives_count", "application_name", "dbname", NULL };
	const char *values[] = { PG_CONNECT_TIMEOUT, "5000", "5", "2", "2",
	    "layerlab", s->path, NULL };
	struct pg_conn *c;

	if (pg_refuse_password(s, cause) != 0)
		return -1;
	c = xcalloc(1, sizeof *c);
	s->conn = c;
	c->conn = PQconnectdbParams(keys, values, 1);
	if (c->conn == NULL) {
		set_cause(cause, "cannot connect to %s: out of memory", s->path);
		return -1;
	}
	if (PQstatus(c->conn) != CONNECTION_OK) {
		pg_note_error(s, NULL);
		set_cause(cause, "cannot reach the records server %s: %s",
		    s->path, c->error);
		return -1;
	}
	PQsetNoticeProcessor(c->conn, pg_quiet, NULL);
	return pg_exec(s, "SET client_min_messages = warning", cause);
}

static void
pg_close(struct rec_store *s)
{
	struct pg_conn *c = PG(s);

	if (c == NULL)
		return;
	if (c->conn != NULL)
		PQfinish(c->conn);
	free(c->error);
	free(c);
	s->conn = NULL;
}

static int
pg_get_version(struct rec_store *s, int *version, char **cause)
{
	int64_t exists, v = 0;

	/*
	 * A query of the catalog, not to_regclass(): after waiting for the
	 * lock, the table another station just created must be seen.
	 */
	if (pg_query_int(s, "SELECT count(*) FROM pg_tables WHERE schemaname "
	    "= current_schema() AND tablename = 'layerlab_schema'", &exists,
	    cause) != 0)
		return -1;
	if (exists && pg_query_int(s, "SELECT max(version) FROM "
	    "layerlab_schema", &v, cause) != 0)
		return -1;
	*version = (int)v;
	return 0;
}

static int pg_identify_in(struct rec_store *s, int *version, char **cause);

/*
 * One snapshot: another station may be creating the schema right now, and
 * seeing its tables without its version would take it for another program's.
 */
static int
pg_identify(struct rec_store *s, int *version, char **cause)
{
	int rc;

	if (pg_exec(s, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
	    cause) != 0)
		return -1;
	rc = pg_identify_in(s, version, cause);
	pg_rollback(s);
	return rc;
}

static int
pg_identify_in(struct rec_store *s, int *version, char **cause)
{
	int64_t tables, app = 0;

	if (pg_get_version(s, version, cause) != 0)
		return -1;
	if (*version > 0) {
		if (pg_query_int(s, "SELECT max(application_id) FROM "
		    "layerlab_schema", &app, cause) != 0)
			return -1;
		if (app == REC_APPLICATION_ID)
			return 0;
	} else {
		if (pg_query_int(s, "SELECT count(*) FROM pg_tables WHERE "
		    "schemaname = current_schema()", &tables, cause) != 0)
			return -1;
		if (tables == 0)
			return 0;	/* empty: ours to create */
	}
	set_cause(cause, "%s is not a layerlab records database (it holds "
	    "another program's tables)", s->path);
	return -1;
}

static int
pg_set_version(struct rec_store *s, int version, char **cause)
{
	char *sql = xasprintf("CREATE TABLE IF NOT EXISTS layerlab_schema ("
	    "application_id integer NOT NULL, version integer NOT NULL); "
	    "DELETE FROM layerlab_schema; INSERT INTO layerlab_schema VALUES "
	    "(%d, %d)", REC_APPLICATION_ID, version);
	int rc = pg_exec(s, sql, cause);

	free(sql);
	return rc;
}

/*
 * The same tables, columns and checks as the SQLite schema; text sorts
 * byte-wise (COLLATE "C") like SQLite's, and integers are 64 bits. Row
 * hashes are computed from the values, so both backends give one row the
 * same hash and the same audit chain.
 */
#define T "TEXT COLLATE \"C\""
#define ID "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"

static const char pg_migration_1[] =
    "CREATE FUNCTION json_valid(doc text) RETURNS integer LANGUAGE plpgsql "
    "IMMUTABLE AS $$ BEGIN PERFORM doc::json; RETURN 1; EXCEPTION WHEN "
    "others THEN RETURN 0; END $$;"
    "CREATE TABLE groups ("
    "  id " T " PRIMARY KEY NOT NULL,"
    "  name " T " NOT NULL,"
    "  created BIGINT NOT NULL"
    ");"
    "CREATE TABLE learners ("
    "  id " T " PRIMARY KEY NOT NULL,"
    "  name " T " NOT NULL,"
    "  group_id " T " REFERENCES groups(id),"
    "  created BIGINT NOT NULL"
    ");"
    "CREATE INDEX learners_group ON learners(group_id);"
    "CREATE TABLE trainers ("
    "  id " T " PRIMARY KEY NOT NULL,"
    "  name " T " NOT NULL,"
    "  pin_hash TEXT NOT NULL,"
    "  failures BIGINT NOT NULL DEFAULT 0,"
    "  locked_until BIGINT NOT NULL DEFAULT 0,"
    "  created BIGINT NOT NULL"
    ");"
    "CREATE TABLE modules ("
    "  id " ID ","
    "  module_id " T " NOT NULL,"
    "  version " T " NOT NULL,"
    "  content_hash " T " NOT NULL,"
    "  first_run BIGINT NOT NULL,"
    "  UNIQUE (module_id, version, content_hash)"
    ");"
    "CREATE TABLE attempts ("
    "  id " ID ","
    "  learner_id " T " NOT NULL REFERENCES learners(id),"
    "  module BIGINT NOT NULL REFERENCES modules(id),"
    "  lesson_id " T " NOT NULL,"
    "  printer_profile " T ","
    "  firmware " T ","
    "  lang " T ","
    "  seed BIGINT NOT NULL,"
    "  step_index BIGINT NOT NULL DEFAULT 0,"
    "  step_id " T ","
    "  status " T " NOT NULL CHECK (status IN ('running', 'completed',"
    "    'failed', 'cancelled', 'error')),"
    "  started BIGINT NOT NULL,"
    "  finished BIGINT"
    ");"
    "CREATE INDEX attempts_learner ON attempts(learner_id, lesson_id);"
    "CREATE TABLE results ("
    "  id " ID ","
    "  attempt_id BIGINT NOT NULL REFERENCES attempts(id),"
    "  outcome_id " T " NOT NULL,"
    "  method " T " NOT NULL CHECK (method IN ('quiz', 'printer', "
    "    'trainer')),"
    "  passed BIGINT NOT NULL CHECK (passed IN (0, 1)),"
    "  score DOUBLE PRECISION,"
    "  score_max DOUBLE PRECISION,"
    "  evidence TEXT CHECK (evidence IS NULL OR json_valid(evidence) = 1),"
    "  trainer_id " T " REFERENCES trainers(id),"
    "  time BIGINT NOT NULL,"
    "  CHECK (method <> 'trainer' OR trainer_id IS NOT NULL)"
    ");"
    "CREATE INDEX results_attempt ON results(attempt_id);"
    "CREATE TABLE credentials ("
    "  id " ID ","
    "  uri " T " NOT NULL UNIQUE,"
    "  learner_id " T " NOT NULL REFERENCES learners(id),"
    "  definition_id " T " NOT NULL,"
    "  document TEXT NOT NULL,"
    "  issued BIGINT NOT NULL,"
    "  revoked BIGINT NOT NULL DEFAULT 0,"
    "  revoke_reason TEXT,"
    "  revoked_at BIGINT"
    ");"
    "CREATE TABLE audit ("
    "  seq BIGINT PRIMARY KEY,"
    "  time BIGINT NOT NULL,"
    "  tbl " T " NOT NULL,"
    "  row_key " T " NOT NULL,"
    "  action " T " NOT NULL,"
    "  row_hash TEXT NOT NULL,"
    "  prev_hash TEXT NOT NULL,"
    "  hash TEXT NOT NULL"
    ");"
    "CREATE INDEX audit_row ON audit(tbl, row_key, seq);";

static const char pg_migration_2[] =
    "ALTER TABLE learners ADD COLUMN school_id TEXT;"
    "ALTER TABLE attempts ADD COLUMN station " T ";";

/* Version 3: the station-made ids of writes delivered from an outbox or merged. */
static const char pg_migration_3[] =
    "CREATE TABLE deliveries ("
    "  uid " T " PRIMARY KEY NOT NULL,"
    "  row_id BIGINT NOT NULL,"
    "  time BIGINT NOT NULL"
    ");";

/* Version 4: the database's own random id (see merge.c). */
static const char pg_migration_4[] =
    "CREATE TABLE identity (id " T " NOT NULL);"
    "INSERT INTO identity (id) VALUES (md5(random()::text || "
    "clock_timestamp()::text || pg_backend_pid()::text));";

/*
 * Version 5: a result may be an observation, which like a sign-off names
 * the trainer. The two checks had the names PostgreSQL gave them in
 * version 1 (a column's check is named after its column, a check on two
 * columns after the table alone); they come back with the same names.
 */
static const char pg_migration_5[] =
    "ALTER TABLE results DROP CONSTRAINT results_method_check;"
    "ALTER TABLE results DROP CONSTRAINT results_check;"
    "ALTER TABLE results ADD CONSTRAINT results_method_check"
    "  CHECK (method IN ('quiz', 'printer', 'trainer', 'observation'));"
    "ALTER TABLE results ADD CONSTRAINT results_check"
    "  CHECK (method NOT IN ('trainer', 'observation') OR"
    "  trainer_id IS NOT NULL);";

static const char *
pg_migration(int n)
{
	static const char *const all[] = { NULL, pg_migration_1,
	    pg_migration_2, pg_migration_3, pg_migration_4, pg_migration_5 };

	return n > 0 && n < (int)LL_ARRAY_LEN(all) ? all[n] : NULL;
}

/* The server keeps its pages and foreign keys consistent itself. */
static void
pg_check(struct rec_store *s, struct rec_verify_report *r)
{
	(void)s;
	r->integrity_check = "kept by the PostgreSQL server";
	r->integrity_ok = true;
	r->foreign_keys_ok = true;
}

const struct rec_backend rec_backend_pg = {
	.name = "PostgreSQL",
	.networked = true,
	.open = pg_open,
	.close = pg_close,
	.identify = pg_identify,
	.get_version = pg_get_version,
	.set_version = pg_set_version,
	.migration = pg_migration,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.bind_null = pg_bind_null,
	.bind_int64 = pg_bind_int64,
	.bind_double = pg_bind_double,
	.bind_text = pg_bind_text,
	.step = pg_step,
	.column_count = pg_column_count,
	.column_name = pg_column_name,
	.column_type = pg_column_type,
	.column_int64 = pg_column_int64,
	.column_double = pg_column_double,
	.column_text = pg_column_text,
	.finalize = pg_finalize,
	.last_id = pg_last_id,
	.begin_write = pg_begin_write,
	.begin_read = pg_begin_read,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.error = pg_error,
	.unreachable = pg_unreachable,
	.check = pg_check,
	.snapshot = NULL,
};
