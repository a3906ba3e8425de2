/*
 * Evidence documents the records module composes itself, so that callers
 * (the training screen) need no JSON library of their own.
 */
#include <stdlib.h>

#include <jansson.h>

#include "records.h"

char *
rec_evidence_signoff(const char *note, const char *station)
{
	json_t *ev = json_pack("{s:s, s:s}", "note", note != NULL ? note : "",
	    "station", station != NULL ? station : "");
	char *text;

	/* Not UTF-8: no evidence rather than a broken document. */
	if (ev == NULL)
		return NULL;
	text = json_dumps(ev, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(ev);
	return text;
}
