/*
 * The schema and its migrations. The database's PRAGMA user_version is the
 * number of migrations applied; each runs in its own transaction together
 * with the new user_version and an audit entry, so an interrupted upgrade
 * leaves the previous version intact. Migrations are never edited once
 * shipped: a change is a new migration.
 */
#include <stdio.h>
#include <stdlib.h>

#include "rec-int.h"

static const char rec_migration_1[] =
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
static const char rec_migration_2[] =
    "ALTER TABLE learners ADD COLUMN school_id TEXT;"
    "ALTER TABLE attempts ADD COLUMN station TEXT;";

static const char *const rec_migrations[] = {
	NULL,
	rec_migration_1,
	rec_migration_2,
};

static int
rec_read_version(struct rec_store *s, int *version, char **cause)
{
	sqlite3_stmt *st = rec_prepare(s, "PRAGMA user_version", cause);
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int(st, 0);
	else
		rec_db_error(s, cause, "reading");
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

int
rec_migrate(struct rec_store *s, int target, char **cause)
{
	if (target >= (int)LL_ARRAY_LEN(rec_migrations))
		fatal("no migration to records schema %d", target);
	while (s->version < target) {
		int next = s->version + 1, now;
		char key[16], content[64], *sql;
		bool ok;

		if (rec_tx_begin(s, cause) != 0)
			return -1;
		/* Another station may have migrated while we waited for the lock. */
		if (rec_read_version(s, &now, cause) != 0) {
			rec_tx_end(s, false, NULL);
			return -1;
		}
		if (now != s->version) {
			if (rec_tx_end(s, true, cause) != 0)
				return -1;
			if (now > REC_SCHEMA_VERSION) {
				set_cause(cause, "%s was upgraded by a newer "
				    "layerlab meanwhile (records schema version "
				    "%d)", s->path, now);
				return -1;
			}
			s->version = now;
			continue;
		}
		snprintf(key, sizeof key, "%d", next);
		snprintf(content, sizeof content, "records schema version %d",
		    next);
		sql = xasprintf("PRAGMA user_version = %d; PRAGMA "
		    "application_id = %d", next, REC_APPLICATION_ID);
		ok = rec_exec(s, rec_migrations[next], cause) == 0 &&
		    rec_exec(s, sql, cause) == 0 &&
		    rec_audit_event(s, "schema", key, "migrate", content,
		    cause) == 0;
		free(sql);
		if (rec_tx_end(s, ok, cause) != 0) {
			if (cause != NULL && *cause != NULL) {
				char *inner = *cause;

				*cause = NULL;
				set_cause(cause, "upgrading %s to records schema "
				    "version %d: %s", s->path, next, inner);
				free(inner);
			}
			return -1;
		}
		s->version = next;
	}
	return 0;
}
