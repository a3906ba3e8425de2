/*
 * A helper for the records shell tests: writes what lessons would write
 * (attempts, results) and reaches into the file the way an outside program
 * could, to tamper with it.
 *
 *   rec_tool seed DB            learners, a trainer, attempts and results
 *   rec_tool make-v1 DB         a database at records schema version 1
 *   rec_tool make-v4 DB         one at version 4, a result of each method
 *   rec_tool observe DB LEARNER OUTCOME TRAINER 1|0  an observation (rules
 *                               kept or not) in an attempt of its own,
 *                               printing its id; TRAINER "-": none
 *   rec_tool writer DB          adds results forever, printing each id once
 *                               its commit has returned
 *   rec_tool check DB IDS       every id listed in IDS is a stored result
 *   rec_tool big DB BYTES       adds one result with BYTES of evidence
 *   rec_tool sql DB SQL         runs SQL directly, printing rows (tampering)
 *   rec_tool count DB           prints the number of results
 *   rec_tool fill DB N          adds N results, one commit each, and prints
 *                               the rate (scripts/bench/records.sh)
 *   rec_tool station DB OUTBOX  a station running lessons through its outbox,
 *                               one command per line on stdin ("start
 *                               LEARNER", "result OUTCOME", "observe
 *                               OUTCOME TRAINER", "step N",
 *                               "finish", "flush"), answering each with one
 *                               line: "ok waiting=N offline=0|1" or
 *                               "error ..."; "attempts LEARNER" answers
 *                               "attempts file|outbox:STATUS:STEP ..."
 *   rec_tool station-background DB OUTBOX  the same as the training screen
 *                               runs it: writes only queue, a thread
 *                               delivers ("poll", "settle": until that
 *                               delivery ended); answers add
 *                               "delivering=0|1 ms=N" (the command's time)
 *   rec_tool outcomes DB LEARNER  the learner's results, oldest first, one
 *                               "outcome attempt" per line
 *   rec_tool worker DB OUTBOX COPY HOURS  the screen's records worker (the
 *                               station's copy at COPY, trainers from it
 *                               for HOURS): "learners", "pin TRAINER PIN",
 *                               "signoff LEARNER OUTCOME TRAINER",
 *                               "observations LEARNER OUTCOME", "flush"; answers "ok copy=0|1 ..." or
 *                               "error copy=0|1 CAUSE"
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core.h"
#include "records.h"

static struct rec_store *
open_or_die(const char *path, int version)
{
	char *cause = NULL;
	struct rec_store *s = version == 0 ? rec_open(path, &cause) :
	    rec_open_at_version(path, version, &cause);

	if (s == NULL) {
		fprintf(stderr, "rec_tool: %s\n", cause);
		exit(1);
	}
	return s;
}

/* Takes the address: the cause is read only after the call has set it. */
static void
ok(int rc, char **cause)
{
	if (rc != 0) {
		fprintf(stderr, "rec_tool: %s\n", *cause);
		exit(1);
	}
}

static int64_t
attempt(struct rec_store *s, const char *learner, const char *lesson,
    const char *station)
{
	struct rec_attempt_start a = {
		.learner_id = learner,
		.module_id = "m2-first-print",
		.module_version = "1.2",
		.module_hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		.lesson_id = lesson,
		.station = station,
		.printer_profile = "virtual-marlin",
		.firmware = "Marlin 2.1.2.4",
		.lang = "sl",
		.seed = 7,
	};
	int64_t id;
	char *cause = NULL;

	ok(rec_attempt_start(s, &a, &id, &cause), &cause);
	return id;
}

static int64_t
result(struct rec_store *s, int64_t att, const char *outcome,
    enum rec_method method, bool passed, const char *trainer,
    const char *evidence)
{
	struct rec_result_new r = {
		.attempt_id = att,
		.outcome_id = outcome,
		.method = method,
		.passed = passed,
		.has_score = method == REC_METHOD_QUIZ,
		.score = passed ? 5 : 2,
		.score_max = 5,
		.evidence = evidence,
		.trainer_id = trainer,
	};
	int64_t id;
	char *cause = NULL;

	ok(rec_result_add(s, &r, &id, &cause), &cause);
	return id;
}

static int
seed(const char *path)
{
	struct rec_store *s = open_or_die(path, 0);
	char *cause = NULL;
	int64_t a;

	ok(rec_group_add(s, "3a", "3.A mehatronika", &cause), &cause);
	ok(rec_group_add(s, "3b", NULL, &cause), &cause);
	ok(rec_learner_add(s, "ana", "Ana Novak", "3a", "77120", &cause), &cause);
	ok(rec_learner_add(s, "dj", "Đorđe Šćepanović", "3a", NULL, &cause),
	    &cause);
	ok(rec_learner_add(s, "eva", "Eva Horvat", "3b", NULL, &cause), &cause);
	ok(rec_trainer_add(s, "mk", "Marija Kovač", "482193", &cause), &cause);

	a = attempt(s, "ana", "l1-first-layer", "bench-1");
	result(s, a, "M2.LO1", REC_METHOD_QUIZ, true, NULL,
	    "{\"answers\":[2,1,3],\"comment\":\"says \\\"ok\\\", twice\"}");
	result(s, a, "M2.LO2", REC_METHOD_PRINTER, false, NULL,
	    "{\"first_layer_mm\":0.31}");
	result(s, a, "M2.LO2", REC_METHOD_PRINTER, true, NULL,
	    "{\"first_layer_mm\":0.21}");
	result(s, a, "M2.LO3", REC_METHOD_TRAINER, true, "mk", NULL);
	ok(rec_attempt_finish(s, a, REC_ATTEMPT_COMPLETED, &cause), &cause);

	a = attempt(s, "dj", "l1-first-layer", "bench-2");
	result(s, a, "M2.LO1", REC_METHOD_QUIZ, false, NULL, NULL);
	a = attempt(s, "eva", "l1-first-layer", NULL);
	result(s, a, "M2.LO1", REC_METHOD_QUIZ, true, NULL, NULL);
	rec_close(s);
	return 0;
}

/*
 * A database at schema 4 (before observations) with a result of every
 * method of its time, for the migration that rebuilds results.
 */
static int
make_v4(const char *path)
{
	struct rec_store *s = open_or_die(path, 4);
	char *cause = NULL;
	int64_t a;

	ok(rec_group_add(s, "old", "Class of 2026", &cause), &cause);
	ok(rec_learner_add(s, "mia", "Mia Zupan", "old", "S-4", &cause), &cause);
	ok(rec_trainer_add(s, "jh", "Jure Horvat", "135792", &cause), &cause);
	a = attempt(s, "mia", "l1-first-layer", "bench-4");
	result(s, a, "M2.LO1", REC_METHOD_QUIZ, false, NULL,
	    "{\"answers\":[1,1,2]}");
	result(s, a, "M2.LO1", REC_METHOD_QUIZ, true, NULL,
	    "{\"answers\":[2,1,3]}");
	result(s, a, "M2.LO2", REC_METHOD_PRINTER, true, NULL,
	    "{\"first_layer_mm\":0.21}");
	result(s, a, "M2.LO3", REC_METHOD_TRAINER, true, "jh", NULL);
	ok(rec_attempt_finish(s, a, REC_ATTEMPT_COMPLETED, &cause), &cause);
	rec_close(s);
	return 0;
}

/* One observation in an attempt of its own (a lesson of module M4). */
static int
observe(const char *path, const char *learner, const char *outcome,
    const char *trainer, bool kept)
{
	struct rec_store *s = open_or_die(path, 0);
	struct rec_attempt_start st = {
		.learner_id = learner, .module_id = "M4",
		.module_version = "1.0", .module_hash = "4a4a",
		.lesson_id = "levelling", .station = "bench-2", .seed = 3,
	};
	struct rec_result_new r = {
		.outcome_id = outcome, .method = REC_METHOD_OBSERVATION,
		.passed = kept,
		.trainer_id = strcmp(trainer, "-") != 0 ? trainer : NULL,
		.evidence = "{\"note\":\"guard closed before reaching in\"}",
	};
	char *cause = NULL;
	int64_t id;

	ok(rec_attempt_start(s, &st, &r.attempt_id, &cause), &cause);
	ok(rec_result_add(s, &r, &id, &cause), &cause);
	ok(rec_attempt_finish(s, r.attempt_id, REC_ATTEMPT_COMPLETED, &cause),
	    &cause);
	printf("%lld\n", (long long)id);
	rec_close(s);
	return 0;
}

static int
make_v1(const char *path)
{
	struct rec_store *s = open_or_die(path, 1);
	char *cause = NULL;
	int64_t a;

	ok(rec_group_add(s, "old", "Class of 2025", &cause), &cause);
	ok(rec_learner_add(s, "mia", "Mia Zupan", "old", NULL, &cause), &cause);
	ok(rec_trainer_add(s, "jh", "Jure Horvat", "135792", &cause), &cause);
	a = attempt(s, "mia", "l1-first-layer", NULL);
	result(s, a, "M2.LO1", REC_METHOD_QUIZ, true, NULL, NULL);
	result(s, a, "M2.LO3", REC_METHOD_TRAINER, true, "jh", NULL);
	ok(rec_attempt_finish(s, a, REC_ATTEMPT_COMPLETED, &cause), &cause);
	rec_close(s);
	return 0;
}

static noreturn void
writer(const char *path)
{
	struct rec_store *s = open_or_die(path, 0);
	char *cause = NULL, learner[32];
	int64_t a;

	/* One learner per writer: several run at once on one database. */
	snprintf(learner, sizeof learner, "w%ld", (long)getpid());
	ok(rec_learner_add(s, learner, "Writer", NULL, NULL, &cause), &cause);
	a = attempt(s, learner, "loop", NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (;;) {
		int64_t id = result(s, a, "LOOP.LO1", REC_METHOD_QUIZ, true,
		    NULL, "{\"loop\":true}");

		/* Printed only after the commit returned: this id is promised. */
		printf("%lld\n", (long long)id);
		/*
		 * A breath between writes, as stations have: SQLite's busy
		 * wait polls, so a writer that never lets go would starve
		 * the other one on a loaded machine.
		 */
		usleep(1000);
	}
}

static int
check(const char *path, const char *ids_path)
{
	struct rec_store *s = open_or_die(path, 0);
	struct rec_result *r;
	size_t n, promised = 0;
	char *cause = NULL, line[64];
	FILE *f = fopen(ids_path, "r");
	int missing = 0;

	if (f == NULL) {
		perror(ids_path);
		return 1;
	}
	ok(rec_result_list(s, NULL, &r, &n, &cause), &cause);
	while (fgets(line, sizeof line, f) != NULL) {
		int64_t id;
		bool found = false;

		/* A line cut by the kill was never a complete promise. */
		if (strchr(line, '\n') == NULL)
			break;
		id = strtoll(line, NULL, 10);
		promised++;
		for (size_t i = 0; i < n && !found; i++)
			found = r[i].id == id;
		if (!found) {
			fprintf(stderr, "result %lld was reported written but "
			    "is missing\n", (long long)id);
			missing++;
		}
	}
	fclose(f);
	printf("%zu promised, %zu stored\n", promised, n);
	rec_result_free_array(r, n);
	rec_close(s);
	return missing == 0 ? 0 : 1;
}

static int
big(const char *path, long bytes)
{
	struct rec_store *s = open_or_die(path, 0);
	struct rec_learner l;
	struct rec_result_new r = { 0 };
	char *cause = NULL, *evidence;
	int64_t id;
	int rc;

	if (rec_learner_get(s, "big", &l, NULL) == 0)
		rec_learner_clear(&l);
	else
		ok(rec_learner_add(s, "big", "Big Evidence", NULL, NULL, &cause),
		    &cause);
	r.attempt_id = attempt(s, "big", "log", NULL);
	evidence = xmalloc((size_t)bytes + 32);
	strcpy(evidence, "{\"log\":\"");
	memset(evidence + 8, 'x', (size_t)bytes);
	strcpy(evidence + 8 + bytes, "\"}");
	r.outcome_id = "LOG.LO1";
	r.method = REC_METHOD_PRINTER;
	r.passed = true;
	r.evidence = evidence;
	rc = rec_result_add(s, &r, &id, &cause);
	if (rc != 0)
		fprintf(stderr, "rec_tool: %s\n", cause);
	else
		printf("%lld\n", (long long)id);
	free(evidence);
	free(cause);
	rec_close(s);
	return rc == 0 ? 0 : 1;
}

static int
print_row(void *arg, int ncols, char **values, char **names)
{
	(void)arg;
	(void)names;
	for (int i = 0; i < ncols; i++)
		printf("%s%s", i > 0 ? "|" : "", values[i] != NULL ? values[i] : "");
	putchar('\n');
	return 0;
}

static int
sql(const char *path, const char *text)
{
	sqlite3 *db;
	char *err = NULL;

	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, text, print_row, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "rec_tool: %s\n", err != NULL ? err :
		    sqlite3_errmsg(db));
		sqlite3_free(err);
		sqlite3_close(db);
		return 1;
	}
	sqlite3_close(db);
	return 0;
}

static int
count(const char *path)
{
	struct rec_store *s = open_or_die(path, 0);
	struct rec_result *r;
	size_t n;
	char *cause = NULL;

	ok(rec_result_list(s, NULL, &r, &n, &cause), &cause);
	printf("%zu\n", n);
	rec_result_free_array(r, n);
	rec_close(s);
	return 0;
}

static uint64_t
clock_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int
fill(const char *path, long n)
{
	struct rec_store *s = open_or_die(path, 0);
	char *cause = NULL, learner[32];
	uint64_t start, *lat = xcalloc((size_t)n + 1, sizeof *lat);
	double secs;
	int64_t a;

	snprintf(learner, sizeof learner, "fill%ld", (long)getpid());
	ok(rec_learner_add(s, learner, "Fill", NULL, NULL, &cause), &cause);
	a = attempt(s, learner, "fill", NULL);
	start = clock_ms();
	for (long i = 0; i < n; i++) {
		uint64_t t0 = clock_us();

		result(s, a, i % 2 ? "FILL.LO1" : "FILL.LO2", REC_METHOD_QUIZ,
		    i % 3 != 0, NULL, "{\"answers\":[1,2,3,4],\"seconds\":41}");
		lat[i] = clock_us() - t0;
	}
	secs = (double)(clock_ms() - start) / 1000.0;
	qsort(lat, (size_t)n, sizeof *lat, cmp_u64);
	/* The lesson waits for each write: its worst cases matter. */
	printf("%ld results in %.2f s: %.0f durable writes/s, %.2f ms each, "
	    "p99 %.2f ms\n", n, secs, (double)n / secs,
	    secs * 1000.0 / (double)n, (double)lat[(size_t)n * 99 / 100] /
	    1000.0);
	free(lat);
	rec_close(s);
	return 0;
}

static int
station(const char *path, const char *outbox, bool background)
{
	char *cause = NULL, line[256];
	struct rec_store *s = rec_open_station(path, outbox, &cause);
	int64_t att = 0;

	if (s == NULL) {
		fprintf(stderr, "rec_tool: %s\n", cause);
		return 1;
	}
	if (background)
		rec_outbox_background(s);
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (fgets(line, sizeof line, stdin) != NULL) {
		struct rec_outbox_state st;
		uint64_t began = clock_ms();
		int rc = 0;

		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "start ", 6) == 0) {
			struct rec_attempt_start a = {
				.learner_id = line + 6,
				.module_id = "M1",
				.module_version = "1.0",
				.module_hash = "0d5f1c",
				.lesson_id = "hazards",
				.station = "bench-1",
				.seed = 1,
			};
			rc = rec_attempt_start(s, &a, &att, &cause);
		} else if (strncmp(line, "result ", 7) == 0) {
			struct rec_result_new r = {
				.attempt_id = att,
				.outcome_id = line + 7,
				.method = REC_METHOD_QUIZ,
				.passed = true,
				.has_score = true,
				.score = 4,
				.score_max = 5,
				.evidence = "{\"answers\":[1,2]}",
			};
			rc = rec_result_add(s, &r, NULL, &cause);
		} else if (strncmp(line, "observe ", 8) == 0) {
			/* "observe OUTCOME TRAINER": the trainer saw the
			 * rules kept during this attempt. */
			char *trainer = strchr(line + 8, ' ');
			struct rec_result_new r = {
				.attempt_id = att,
				.outcome_id = line + 8,
				.method = REC_METHOD_OBSERVATION,
				.passed = true,
				.evidence = "{\"note\":\"guard closed\"}",
			};

			if (trainer != NULL) {
				*trainer++ = '\0';
				r.trainer_id = trainer;
			}
			rc = rec_result_add(s, &r, NULL, &cause);
		} else if (strncmp(line, "step ", 5) == 0) {
			rc = rec_attempt_step(s, att, atoi(line + 5), "s",
			    &cause);
		} else if (strncmp(line, "attempts ", 9) == 0) {
			/* What the station sees of its attempts: in the file
			 * or only in the outbox, status and step reached. */
			struct rec_filter f = { .learner_id = line + 9 };
			struct rec_attempt *a = NULL;
			size_t n = 0;

			if (rec_attempt_list(s, &f, &a, &n, &cause) != 0) {
				printf("error %s\n", cause);
				free(cause);
				cause = NULL;
				continue;
			}
			printf("attempts");
			for (size_t i = 0; i < n; i++)
				printf(" %s:%s:%d", a[i].id >= (int64_t)1 << 53 ?
				    "outbox" : "file",
				    rec_attempt_status_name(a[i].status),
				    a[i].step_index);
			printf("\n");
			rec_attempt_free_array(a, n);
			continue;
		} else if (strcmp(line, "finish") == 0)
			rc = rec_attempt_finish(s, att, REC_ATTEMPT_COMPLETED,
			    &cause);
		else if (strcmp(line, "flush") == 0)
			rec_outbox_flush(s, NULL);
		else if (strcmp(line, "poll") == 0)
			rec_outbox_poll(s);
		else if (strcmp(line, "settle") == 0) {
			/* Until nothing waits, or a background delivery
			 * ran its course and left writes waiting. */
			bool ran = false;

			for (int i = 0; i < 6000; i++) {
				rec_outbox_poll(s);
				if (rec_outbox_status(s, &st, NULL) != 0)
					break;
				if (st.delivering)
					ran = true;
				else if (st.waiting == 0 || ran)
					break;
				usleep(10000);
			}
		}
		if (rc != 0) {
			printf("error %s\n", cause);
			free(cause);
			cause = NULL;
			continue;
		}
		if (rec_outbox_status(s, &st, &cause) != 0) {
			printf("error %s\n", cause);
			free(cause);
			cause = NULL;
			continue;
		}
		if (background)
			printf("ok waiting=%zu offline=%d delivering=%d ms=%llu\n",
			    st.waiting, st.offline ? 1 : 0, st.delivering ? 1 : 0,
			    (unsigned long long)(clock_ms() - began));
		else
			printf("ok waiting=%zu offline=%d\n", st.waiting,
			    st.offline ? 1 : 0);
	}
	rec_close(s);
	return 0;
}

static int
outcomes(const char *path, const char *learner)
{
	struct rec_store *s = open_or_die(path, 0);
	struct rec_filter f = { .learner_id = learner };
	struct rec_result *r;
	size_t n;
	char *cause = NULL;

	ok(rec_result_list(s, &f, &r, &n, &cause), &cause);
	for (size_t i = 0; i < n; i++)
		printf("%s %lld\n", r[i].outcome_id, (long long)r[i].attempt_id);
	rec_result_free_array(r, n);
	rec_close(s);
	return 0;
}

/* A trainer's sign-off outside a lesson, as the training screen writes it. */
struct signoff {
	const char *learner, *outcome, *trainer;
};

static int
signoff_rows(struct rec_store *s, void *arg)
{
	struct signoff *so = arg;
	struct rec_attempt_start a = {
		.learner_id = so->learner,
		.module_id = "M1",
		.module_version = "1.0",
		.module_hash = "0d5f1c",
		.lesson_id = "trainer-signoff",
		.station = "bench-1",
	};
	struct rec_result_new r = {
		.outcome_id = so->outcome,
		.method = REC_METHOD_TRAINER,
		.passed = true,
		.evidence = "{\"note\":\"seen\"}",
		.trainer_id = so->trainer,
	};
	int64_t att;

	if (rec_attempt_start(s, &a, &att, NULL) != 0)
		return -1;
	r.attempt_id = att;
	if (rec_result_add(s, &r, NULL, NULL) != 0)
		return -1;
	return rec_attempt_finish(s, att, REC_ATTEMPT_COMPLETED, NULL);
}
static int
worker(const char *path, const char *outbox, const char *copy, int hours)
{
	char *cause = NULL, line[256];
	struct rec_store *s = rec_open_station(path, outbox, &cause);
	struct rec_worker *w;

	if (s == NULL) {
		fprintf(stderr, "rec_tool: %s\n", cause);
		return 1;
	}
	w = rec_worker_new(s, copy, (int64_t)hours * 3600);
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (fgets(line, sizeof line, stdin) != NULL) {
		struct rec_copy_state cs;
		struct rec_store *ws;
		struct buf out;
		char a[64], b[64], c[64];
		int rc = -1;

		line[strcspn(line, "\n")] = '\0';
		buf_init(&out);
		free(cause);
		cause = NULL;
		ws = rec_worker_store(w, &cause);
		rec_worker_state(w, &cs);
		if (ws == NULL)
			;
		else if (strcmp(line, "learners") == 0) {
			struct rec_learner *l = NULL;
			size_t n = 0;

			rc = rec_learner_list(ws, NULL, &l, &n, &cause);
			buf_append_str(&out, " learners=");
			for (size_t i = 0; rc == 0 && i < n; i++)
				buf_appendf(&out, "%s%s", i ? "," : "", l[i].id);
			rec_learner_free_array(l, n);
		} else if (sscanf(line, "pin %63s %63s", a, b) == 2) {
			rc = rec_trainer_check_pin(ws, a, b, NULL, &cause);
		} else if (sscanf(line, "signoff %63s %63s %63s", a, b, c) == 3) {
			struct signoff so = { a, b, c };

			rc = rec_transaction(ws, signoff_rows, &so, &cause);
		} else if (sscanf(line, "observations %63s %63s", a, b) == 2) {
			struct rec_result *r = NULL;
			size_t n = 0;

			rc = rec_observation_list(ws, a, b, &r, &n, &cause);
			buf_append_str(&out, " observations=");
			for (size_t i = 0; rc == 0 && i < n; i++)
				buf_appendf(&out, "%s%s:%s", i ? "," : "",
				    r[i].lesson_id, r[i].trainer_id);
			rec_result_free_array(r, n);
		} else if (strcmp(line, "flush") == 0) {
			rc = rec_outbox_flush(ws, &cause);
		}
		if (rc == 0)
			printf("ok copy=%d%s", cs.from_copy, out.data != NULL ?
			    out.data : "");
		else
			printf("error copy=%d %s", cs.from_copy, cause != NULL ?
			    cause : "unknown command");
		if (cs.from_copy)
			printf(" age=%lld expired=%d reason=%s", (long long)cs.age,
			    cs.trainers_expired, cs.reason);
		putchar('\n');
		buf_free(&out);
	}
	free(cause);
	rec_worker_free(w);
	rec_close(s);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "station") == 0)
		return station(argv[2], argv[3], false);
	if (argc == 4 && strcmp(argv[1], "station-background") == 0)
		return station(argv[2], argv[3], true);
	if (argc == 6 && strcmp(argv[1], "worker") == 0)
		return worker(argv[2], argv[3], argv[4], atoi(argv[5]));
	if (argc == 4 && strcmp(argv[1], "outcomes") == 0)
		return outcomes(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "seed") == 0)
		return seed(argv[2]);
	if (argc == 3 && strcmp(argv[1], "make-v1") == 0)
		return make_v1(argv[2]);
	if (argc == 3 && strcmp(argv[1], "make-v4") == 0)
		return make_v4(argv[2]);
	if (argc == 7 && strcmp(argv[1], "observe") == 0)
		return observe(argv[2], argv[3], argv[4], argv[5],
		    strcmp(argv[6], "1") == 0);
	if (argc == 3 && strcmp(argv[1], "writer") == 0)
		writer(argv[2]);
	if (argc == 4 && strcmp(argv[1], "check") == 0)
		return check(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "big") == 0)
		return big(argv[2], atol(argv[3]));
	if (argc == 4 && strcmp(argv[1], "sql") == 0)
		return sql(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "count") == 0)
		return count(argv[2]);
	if (argc == 4 && strcmp(argv[1], "fill") == 0)
		return fill(argv[2], atol(argv[3]));
	fprintf(stderr, "usage: rec_tool seed|make-v1|make-v4|writer|count DB | "
	    "observe DB LEARNER OUTCOME TRAINER 1|0 | "
	    "check DB IDS | big DB BYTES | sql DB SQL | fill DB N\n");
	return 2;
}
