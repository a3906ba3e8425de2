/*
 * Writes one attempt and its results to a records database, as a lesson
 * run would, so the credential command tests have results to issue from:
 *   cred_seed DB LEARNER MODULE LESSON OUTCOME:METHOD:PASS[:SCORE/MAX][:TRAINER]...
 * PASS is 1 or 0; METHOD quiz, printer, trainer or observation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "records.h"

int
main(int argc, char **argv)
{
	struct rec_store *s;
	struct rec_attempt_start a = { 0 };
	int64_t attempt;
	char *cause = NULL;

	if (argc < 6) {
		fprintf(stderr, "usage: cred_seed DB LEARNER MODULE LESSON "
		    "OUTCOME:METHOD:PASS[:SCORE/MAX][:TRAINER]...\n");
		return 2;
	}
	if ((s = rec_open(argv[1], &cause)) == NULL) {
		fprintf(stderr, "cred_seed: %s\n", cause);
		return 1;
	}
	a.learner_id = argv[2];
	a.module_id = argv[3];
	a.module_version = "1.0";
	a.module_hash = "0000000000000000000000000000000000000000000000000000"
	    "000000000000";
	a.lesson_id = argv[4];
	a.station = "station-1";
	a.lang = "en";
	if (rec_attempt_start(s, &a, &attempt, &cause) != 0) {
		fprintf(stderr, "cred_seed: %s\n", cause);
		return 1;
	}
	for (int i = 5; i < argc; i++) {
		struct rec_result_new r = { .attempt_id = attempt };
		char *spec = strdup(argv[i]), *save = NULL, *f;
		int64_t result_id;

		r.outcome_id = strtok_r(spec, ":", &save);
		if (rec_method_parse(strtok_r(NULL, ":", &save), &r.method) != 0) {
			fprintf(stderr, "cred_seed: bad method in %s\n", argv[i]);
			return 2;
		}
		r.passed = strcmp(strtok_r(NULL, ":", &save), "1") == 0;
		while ((f = strtok_r(NULL, ":", &save)) != NULL) {
			if (strchr(f, '/') != NULL) {
				r.has_score = true;
				r.score = atof(f);
				r.score_max = atof(strchr(f, '/') + 1);
			} else
				r.trainer_id = f;
		}
		if (rec_result_add(s, &r, &result_id, &cause) != 0) {
			fprintf(stderr, "cred_seed: %s\n", cause);
			return 1;
		}
		free(spec);
	}
	if (rec_attempt_finish(s, attempt, REC_ATTEMPT_COMPLETED, &cause) != 0) {
		fprintf(stderr, "cred_seed: %s\n", cause);
		return 1;
	}
	rec_close(s);
	return 0;
}
