/*
 * Who may sign off: an installation can require a credential of the
 * trainers who sign off outcomes (signoff_requires in the configuration,
 * docs/configuration.md). The modules of that credential itself are exempt,
 * or nobody could ever earn it. A trainer holds the credential when an
 * unrevoked one of that definition was issued to the learner with the
 * trainer's id: a teacher takes module T as a learner under that id.
 */
#include <stdlib.h>
#include <string.h>

#include "rec-int.h"

int
rec_set_signoff_rule(struct rec_store *s, const char *credential_id,
    const char *const *exempt_modules, size_t n)
{
	for (size_t i = 0; i < s->nsignoff_exempt; i++)
		free(s->signoff_exempt[i]);
	free(s->signoff_exempt);
	free(s->signoff_credential);
	s->signoff_exempt = NULL;
	s->nsignoff_exempt = 0;
	s->signoff_credential = NULL;
	if (credential_id == NULL || *credential_id == '\0')
		return 0;
	s->signoff_credential = xstrdup(credential_id);
	s->signoff_exempt = xcalloc(n ? n : 1, sizeof *s->signoff_exempt);
	for (size_t i = 0; i < n; i++)
		s->signoff_exempt[s->nsignoff_exempt++] =
		    xstrdup(exempt_modules[i]);
	return 0;
}

void
rec_signoff_rule_free(struct rec_store *s)
{
	rec_set_signoff_rule(s, NULL, NULL, 0);
}

/* The module an attempt belongs to (allocated), or NULL. */
static char *
attempt_module(struct rec_store *s, int64_t attempt_id, char **cause)
{
	struct rec_stmt *st = rec_prepare(s, "SELECT m.module_id FROM "
	    "attempts a JOIN modules m ON m.id = a.module WHERE a.id = ?",
	    cause);
	char *module = NULL;
	int rc;

	if (st == NULL)
		return NULL;
	rec_bind_int64(st, 1, attempt_id);
	rc = rec_step(st);
	if (rc == REC_ROW)
		module = rec_column_str(st, 0);
	else if (rc == REC_DONE)
		set_cause(cause, "no attempt %lld", (long long)attempt_id);
	else
		rec_db_error(s, cause, "reading");
	rec_finalize(st);
	return module;
}

int
rec_signoff_allowed(struct rec_store *s, const char *trainer_id,
    int64_t attempt_id, const char *outcome_id, char **cause)
{
	struct rec_stmt *st;
	char *module;
	int rc, held = -1;

	if (s->signoff_credential == NULL)
		return 0;
	if ((module = attempt_module(s, attempt_id, cause)) == NULL)
		return -1;
	for (size_t i = 0; i < s->nsignoff_exempt; i++) {
		if (strcmp(s->signoff_exempt[i], module) == 0) {
			free(module);
			return 0;
		}
	}
	st = rec_prepare(s, "SELECT count(*) FROM credentials WHERE "
	    "learner_id = ? AND definition_id = ? AND revoked = 0", cause);
	if (st != NULL) {
		rec_bind_str(st, 1, trainer_id);
		rec_bind_str(st, 2, s->signoff_credential);
		rc = rec_step(st);
		if (rc == REC_ROW)
			held = rec_column_int(st, 0);
		else
			rec_db_error(s, cause, "reading");
		rec_finalize(st);
	}
	if (held == 0)
		set_cause(cause, "trainer %s may not sign off %s (module %s): "
		    "this installation lets only holders of the '%s' "
		    "credential sign off (signoff_requires), and %s holds "
		    "none", trainer_id, outcome_id != NULL ? outcome_id :
		    "this outcome", module, s->signoff_credential,
		    trainer_id);
	free(module);
	return held > 0 ? 0 : -1;
}
