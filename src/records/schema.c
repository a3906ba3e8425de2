/*
 * Migrating the schema. Each backend carries the DDL of every version in its
 * own dialect (sqlite.c, pg.c); the version stored in the database is the
 * number of migrations applied; each runs in its own transaction together
 * with the new user_version and an audit entry, so an interrupted upgrade
 * leaves the previous version intact. Migrations are never edited once
 * shipped: a change is a new migration.
 */
#include <stdio.h>
#include <stdlib.h>

#include "rec-int.h"

int
rec_migrate(struct rec_store *s, int target, char **cause)
{
	if (target > REC_SCHEMA_VERSION)
		fatal("no migration to records schema %d", target);
	while (s->version < target) {
		int next = s->version + 1, now;
		char key[16], content[64];
		bool ok;

		if (rec_tx_begin(s, cause) != 0)
			return -1;
		/* Another station may have migrated while we waited for the lock. */
		if (s->be->get_version(s, &now, cause) != 0) {
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
		ok = rec_exec(s, s->be->migration(next), cause) == 0 &&
		    s->be->set_version(s, next, cause) == 0 &&
		    rec_audit_event(s, "schema", key, "migrate", content,
		    cause) == 0;
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
