/*
 * records: the store of everything a micro-credential rests on. Learners,
 * groups, trainers, the modules as they were run, attempts at lessons, the
 * results of competence checks and the credentials issued from them, kept in
 * one database: an SQLite file by default, or a PostgreSQL server shared by
 * every station of a workshop when the target is "postgresql://...". Nothing
 * outside src/records/ knows which one runs.
 *
 * Every write is one transaction that also appends an entry to a hash-chained
 * audit log, so rec_verify can prove that nothing was altered since. A write
 * that returns 0 is on disk (WAL, synchronous=FULL): a crash or power loss
 * after that cannot lose it. A write that returns -1 changed nothing.
 *
 * Conventions: every function that can fail returns 0 on success and -1 with
 * an allocated message in *cause (when cause is not NULL). Rows handed to
 * callers are plain structs whose strings the caller owns: free one row with
 * rec_<row>_clear, an array with rec_<row>_free_array. Times are Unix seconds
 * (UTC). Optional strings are NULL when absent; the id a write returns
 * through a pointer (attempt, result, credential) may be ignored with NULL.
 */
#ifndef LL_RECORDS_H
#define LL_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rec_store;

/* The schema this build writes (PRAGMA user_version). */
#define REC_SCHEMA_VERSION 5

/*
 * Opens and migrates the database to REC_SCHEMA_VERSION. path is a file
 * (created with its directories when missing; refused on a network share) or
 * a "postgresql://user@host/database" URI (the password from PGPASSFILE or
 * ~/.pgpass; a URI carrying one is refused). Refuses a database written by a
 * newer layerlab, one that is not a layerlab database, a damaged file and a
 * URI of another kind, each with a message that says which and names it.
 * Several processes may open one database: writers wait for each other.
 */
struct rec_store *rec_open(const char *path, char **cause);

/*
 * Opens the records for a station that runs lessons. When path names a
 * server, the lesson's writes (attempts, steps, ends, results) go through an
 * outbox, a small SQLite file at outbox on this station: each is kept there
 * first and delivered in order, exactly once. While the server cannot be
 * reached the writes still succeed and wait in the outbox; they are
 * delivered at the next write, rec_outbox_flush or opening, once the server
 * is back. Writes inside rec_transaction (a trainer's sign-off), sign-in and
 * everything else need the server here; a rec_worker answers them from the
 * station's copy instead. With a file, the writes go to the file; once
 * rec_outbox_background is called, a write that would wait for the file's
 * lock (another program is writing to it) is kept in the outbox instead,
 * with every write after it, until a delivery has written them in order.
 */
struct rec_store *rec_open_station(const char *path, const char *outbox,
    char **cause);
/* The outbox file in dir for the records at target. */
char *rec_station_outbox_path(const char *dir, const char *target);
/* Delivers what waits in the outbox; -1 (the cause) while the server is away. */
int rec_outbox_flush(struct rec_store *s, char **cause);
/*
 * For a program whose event loop must never wait for the network (the
 * training screen: the emergency stop is read there). From now on the
 * store's lesson writes only queue in the outbox, which is local; delivery
 * runs on a thread of its own with its own connections, started by the
 * writes and by rec_outbox_poll. The answer to a refused write comes later
 * (rec_outbox_state.refused), not from the write.
 */
void rec_outbox_background(struct rec_store *s);
/*
 * Never waits: takes the result of a delivery that has ended, and starts
 * the next one when writes wait (at once while the server answers, every
 * few seconds while it is away). Call it every second or so.
 */
void rec_outbox_poll(struct rec_store *s);
/*
 * At the end of a run in the background: waits for a delivery under way,
 * then delivers what still waits, here (this may wait for the server or
 * the file's lock). -1 (the cause) when something is left waiting.
 */
int rec_outbox_drain(struct rec_store *s, char **cause);
struct rec_outbox_state {
	bool used;		/* the store has an outbox */
	bool file;		/* the records are a file: waiting means its lock */
	bool offline;		/* the last delivery could not reach the server */
	bool delivering;	/* a delivery is under way (in the background) */
	size_t waiting;		/* writes not yet delivered */
	size_t refused;		/* writes the server refused, kept aside */
};
int rec_outbox_status(struct rec_store *s, struct rec_outbox_state *out,
    char **cause);
/*
 * Records work off the loop (station.c): a handle for one worker thread (a
 * connection is never shared between threads; the handle serves one job
 * at a time). rec_worker_new never waits. rec_worker_store runs on the
 * worker: it connects when needed (this may wait for the network) and
 * gives the store to use. With a server, every contact also takes the
 * station's copy of groups, learners and trainers anew (copy_path, a file
 * on the station); while the server cannot be reached, the copy answers:
 * reads and PIN checks work, a sign-off (rec_transaction) queues in the
 * outbox, other changes are refused. A trainer's PIN is taken from a copy
 * older than copy_max_age seconds (0: no limit) only with a refusal.
 * copy_path NULL: no copy; without the server the worker gives no store.
 */
struct rec_worker;
struct rec_worker *rec_worker_new(struct rec_store *s, const char *copy_path,
    int64_t copy_max_age);
struct rec_store *rec_worker_store(struct rec_worker *w, char **cause);
struct rec_copy_state {
	bool from_copy;		/* the last store given was the copy */
	char reason[256];	/* why the server could not be used */
	int64_t age;		/* seconds since the copy was taken; -1: never */
	bool trainers_expired;	/* older than copy_max_age */
};
/* On the worker, after rec_worker_store: 1 when the copy answered. */
int rec_worker_state(struct rec_worker *w, struct rec_copy_state *out);
void rec_worker_free(struct rec_worker *w);
void rec_close(struct rec_store *s);
const char *rec_path(const struct rec_store *s);
/* The schema version found on disk before rec_open migrated it (0: new file). */
int rec_opened_version(const struct rec_store *s);

/*
 * Testing only: creates or opens a database migrated no further than
 * max_version, to build older databases that rec_open must upgrade.
 */
struct rec_store *rec_open_at_version(const char *path, int max_version,
    char **cause);

/*
 * The clock used for every time the store writes and for PIN lockouts;
 * defaults to the wall clock. Tests replace it to step over a lockout.
 */
void rec_set_clock(struct rec_store *s, int64_t (*now)(void *), void *arg);

/* A filter for lists and exports; zeroed means everything. */
struct rec_filter {
	const char *learner_id;
	const char *group_id;
	int64_t since;		/* results/attempts at or after; 0: no limit */
};

/* Groups (a class, a course intake). */
struct rec_group {
	char *id;
	char *name;		/* display name; defaults to the id */
	int64_t created;
};
int rec_group_add(struct rec_store *s, const char *id, const char *name,
    char **cause);
int rec_group_list(struct rec_store *s, struct rec_group **out, size_t *n,
    char **cause);
void rec_group_clear(struct rec_group *g);
void rec_group_free_array(struct rec_group *a, size_t n);

/* Learners. Ids are chosen by the institution ("ana.novak", "2026-017"). */
struct rec_learner {
	char *id;
	char *name;		/* display name, UTF-8 */
	char *group_id;		/* NULL: in no group */
	char *school_id;	/* the school's own learner number, optional */
	int64_t created;
};
/* group_id must name an existing group. Fails when the id is taken. */
int rec_learner_add(struct rec_store *s, const char *id, const char *name,
    const char *group_id, const char *school_id, char **cause);
/* Fails with "no learner 'ID'" when there is none. */
int rec_learner_get(struct rec_store *s, const char *id,
    struct rec_learner *out, char **cause);
/* group_id NULL lists everyone; sorted by group, then name. */
int rec_learner_list(struct rec_store *s, const char *group_id,
    struct rec_learner **out, size_t *n, char **cause);
int rec_learner_rename(struct rec_store *s, const char *id, const char *name,
    char **cause);
/* Moves a learner to another group (NULL: none). */
int rec_learner_set_group(struct rec_store *s, const char *id,
    const char *group_id, char **cause);
void rec_learner_clear(struct rec_learner *l);
void rec_learner_free_array(struct rec_learner *a, size_t n);

/*
 * Trainers sign off practical work with a PIN of at least REC_PIN_MIN_DIGITS
 * digits or a passphrase of at least REC_PASSPHRASE_MIN_CHARS characters,
 * kept only as Argon2id hashes (crypto_pwhash). Every REC_PIN_MAX_FAILURES
 * wrong PINs in a row lock the trainer, each time for longer (1 minute, 5
 * minutes, 30 minutes, 3 hours, then a day); while locked even the right
 * PIN is refused. The right PIN clears the count.
 */
#define REC_PIN_MIN_DIGITS 6
#define REC_PASSPHRASE_MIN_CHARS 10
#define REC_PASSPHRASE_MAX_BYTES 128
#define REC_PIN_MAX_FAILURES 5
struct rec_trainer {
	char *id;
	char *name;
	int failures;		/* wrong PINs since the last right one */
	int64_t locked_until;	/* 0: not locked */
	int64_t created;
};
/* Fails when the PIN is neither REC_PIN_MIN_DIGITS or more digits nor a
 * passphrase of REC_PASSPHRASE_MIN_CHARS or more characters. */
int rec_trainer_add(struct rec_store *s, const char *id, const char *name,
    const char *pin, char **cause);
int rec_trainer_get(struct rec_store *s, const char *id,
    struct rec_trainer *out, char **cause);
int rec_trainer_list(struct rec_store *s, struct rec_trainer **out, size_t *n,
    char **cause);
/* Sets a new PIN (the caller checks the old one first) and clears a lock. */
int rec_trainer_set_pin(struct rec_store *s, const char *id, const char *pin,
    char **cause);
/*
 * Checks a PIN. 0: right. -1 with the cause "wrong PIN (N tries left)",
 * "wrong PIN: locked for 60 seconds after 5 wrong PINs" or "locked, N
 * seconds left"; when locked_seconds is not NULL it receives the seconds left
 * of a lock (0 when not locked). Wrong PINs and locks are written to the
 * audit log.
 */
int rec_trainer_check_pin(struct rec_store *s, const char *id,
    const char *pin, int *locked_seconds, char **cause);
/*
 * The same check in three parts, for a program that must keep serving its
 * loop while Argon2id runs (about 0.1 s and 64 MiB): begin reads the
 * trainer (NULL with the cause when there is none or it is locked), hash
 * does the slow part and touches neither the store nor anything else
 * shared, so it may run on another thread, and end records the outcome
 * (returning like rec_trainer_check_pin) and frees the check.
 */
struct rec_pin_check;
struct rec_pin_check *rec_pin_check_begin(struct rec_store *s, const char *id,
    const char *pin, int *locked_seconds, char **cause);
void rec_pin_check_hash(struct rec_pin_check *c);
int rec_pin_check_end(struct rec_store *s, struct rec_pin_check *c,
    int *locked_seconds, char **cause);
void rec_pin_check_free(struct rec_pin_check *c);
void rec_trainer_clear(struct rec_trainer *t);
void rec_trainer_free_array(struct rec_trainer *a, size_t n);

/* Attempts: one run of one lesson by one learner at one station. */
enum rec_attempt_status {
	REC_ATTEMPT_RUNNING,	/* started, not finished: can be resumed */
	REC_ATTEMPT_COMPLETED,
	REC_ATTEMPT_FAILED,
	REC_ATTEMPT_CANCELLED,
	REC_ATTEMPT_ERROR,
};
const char *rec_attempt_status_name(enum rec_attempt_status status);

struct rec_attempt_start {
	const char *learner_id;
	const char *module_id;		/* the module as run: */
	const char *module_version;
	const char *module_hash;	/* SHA-256 hex of its content */
	const char *lesson_id;
	const char *station;		/* optional */
	const char *printer_profile;	/* optional */
	const char *firmware;		/* as the printer reported it; optional */
	const char *lang;		/* optional */
	uint64_t seed;			/* randomisation seed of the lesson */
};
struct rec_attempt {
	int64_t id;
	char *learner_id;
	char *module_id;
	char *module_version;
	char *module_hash;
	char *lesson_id;
	char *station;
	char *printer_profile;
	char *firmware;
	char *lang;
	uint64_t seed;
	int step_index;		/* step reached, from 0 */
	char *step_id;		/* its id, when the lesson names steps */
	enum rec_attempt_status status;
	int64_t started;
	int64_t finished;	/* 0 while running */
};
/* Records the module as run (once per id, version and hash) and the attempt. */
int rec_attempt_start(struct rec_store *s, const struct rec_attempt_start *a,
    int64_t *attempt_id, char **cause);
int rec_attempt_step(struct rec_store *s, int64_t attempt_id, int step_index,
    const char *step_id, char **cause);
/* status must not be REC_ATTEMPT_RUNNING; a finished attempt stays finished. */
int rec_attempt_finish(struct rec_store *s, int64_t attempt_id,
    enum rec_attempt_status status, char **cause);
int rec_attempt_get(struct rec_store *s, int64_t attempt_id,
    struct rec_attempt *out, char **cause);
/* The latest running attempt of a learner at a lesson; *found false if none. */
int rec_attempt_find_resumable(struct rec_store *s, const char *learner_id,
    const char *lesson_id, struct rec_attempt *out, bool *found, char **cause);
/* Oldest first. since filters on the start time. */
int rec_attempt_list(struct rec_store *s, const struct rec_filter *f,
    struct rec_attempt **out, size_t *n, char **cause);
void rec_attempt_clear(struct rec_attempt *a);
void rec_attempt_free_array(struct rec_attempt *a, size_t n);

/* Results of competence checks, one per outcome checked. */
enum rec_method {
	REC_METHOD_QUIZ,	/* answered questions */
	REC_METHOD_PRINTER,	/* verified on the printer itself */
	REC_METHOD_TRAINER,	/* signed off by a trainer at the station */
	/* One occasion a trainer saw the learner at work (M1.LO5: the
	 * workshop rules kept unprompted), recorded where it happened, as
	 * evidence for a later sign-off; never an achievement itself. */
	REC_METHOD_OBSERVATION,
};
const char *rec_method_name(enum rec_method method);
/* Parses "quiz", "printer", "trainer", "observation"; -1 otherwise. */
int rec_method_parse(const char *name, enum rec_method *out);

struct rec_result_new {
	int64_t attempt_id;
	const char *outcome_id;
	enum rec_method method;
	bool passed;
	bool has_score;
	double score;		/* raw score, 0 <= score <= score_max */
	double score_max;
	const char *evidence;	/* a JSON document (checked to parse); optional */
	const char *trainer_id;	/* required for REC_METHOD_TRAINER and
				   REC_METHOD_OBSERVATION */
	int64_t time;		/* 0: now */
};
/*
 * The evidence of a trainer's sign-off outside a lesson, as compact JSON
 * with sorted keys: {"note":...,"station":...}, or NULL when a text is not
 * UTF-8. Free with free().
 */
char *rec_evidence_signoff(const char *note, const char *station);

/*
 * A print of a trainee's own G-code file (the training screen's F6), as the
 * evidence of its printer result: compact JSON with sorted keys. file is
 * the file's name (any bytes: what is not UTF-8 is replaced), sha256 its
 * digest (rec_sha256_*), outcome "done", "cancelled" or "failed".
 * resumed_from_line is 0 for a print that ran from the first line.
 */
/*
 * Readings against their target (rec_heat_span_note; counted false only
 * follows the settling, as before the layers watched): counted once the
 * heater has settled on that target, come within 1 °C of it (Marlin's
 * TEMP_WINDOW), so heating up to it or moving to a new one (a first-layer
 * temperature, then the rest's) is not taken for straying. below_c and
 * above_c are the farthest a counted reading was under and over (≥ 0).
 */
struct rec_heat_span {
	int reports;		/* readings counted */
	double below_c, above_c;
	double target;		/* the target being settled on or held */
	bool settled;
};
void rec_heat_span_note(struct rec_heat_span *h, double reading,
    double target, bool counted);

struct rec_own_print {
	const char *file;
	const char *sha256;
	uint64_t bytes;
	const char *outcome;
	const char *reason;		/* why it ended so, or NULL */
	long lines_done, lines;
	int layer, layers;
	double nozzle_max_c, bed_max_c;
	/* How far the readings strayed from their targets while layers 1
	 * and 2 printed: where a first layer fails for heat, both ways. */
	struct rec_heat_span first_nozzle, first_bed;
	double estimated_s;
	long resumed_from_line;
	/* A cancelled print: the commands the host sent to cancel it, one per
	 * line, without line numbers and checksums (NULL when there were
	 * none), so a cancel can be judged safe from the evidence alone. */
	const char *cancel_sent;
};
char *rec_evidence_own_print(const struct rec_own_print *p);
/*
 * The learner's latest print of their own file (result print.own-file)
 * recorded at or after since (Unix seconds, 0: any): 1 with *out filled
 * from its evidence (free with rec_own_print_clear), 0 when there is none,
 * -1 with cause. With an outbox, a print still waiting there is not seen.
 */
struct rec_own_print_found {
	struct rec_own_print print;	/* its strings are owned */
	int64_t time;			/* when it was recorded */
	int64_t result_id;
	char *owned[5];
};
int rec_own_print_last(struct rec_store *s, const char *learner_id,
    int64_t since, struct rec_own_print_found *out, char **cause);
/* out (cleared first) holds its own copy of p's strings. */
void rec_own_print_copy(struct rec_own_print_found *out,
    const struct rec_own_print *p, int64_t time, int64_t result_id);
void rec_own_print_clear(struct rec_own_print_found *f);

/*
 * SHA-256 of bytes handed over in pieces, so that a file read in slices
 * from the event loop (the statistics pass over a trainee's file) is hashed
 * on the way without a second read.
 */
struct rec_sha256;
struct rec_sha256 *rec_sha256_new(void);
void rec_sha256_update(struct rec_sha256 *h, const void *data, size_t len);
/* The digest as 64 lower-case hex digits; the hash cannot be fed after. */
void rec_sha256_final(struct rec_sha256 *h, char out[65]);
void rec_sha256_free(struct rec_sha256 *h);

struct rec_result {
	int64_t id;
	int64_t attempt_id;
	char *outcome_id;
	enum rec_method method;
	bool passed;
	bool has_score;
	double score;
	double score_max;
	char *evidence;		/* JSON text or NULL */
	char *trainer_id;	/* who signed or observed; NULL otherwise */
	int64_t time;
	/* From the attempt and the learner, for reports and exports: */
	char *learner_id;
	char *learner_name;
	char *group_id;
	char *module_id;
	char *module_version;
	char *lesson_id;
	char *lang;
	int64_t attempt_started;
	int64_t attempt_finished;	/* 0 while running */
};
int rec_result_add(struct rec_store *s, const struct rec_result_new *r,
    int64_t *result_id, char **cause);

/*
 * signoff_requires: from now on a trainer's sign-off (rec_result_add with
 * REC_METHOD_TRAINER) or observation (REC_METHOD_OBSERVATION) of an outcome
 * outside exempt_modules (the module of the attempt) is refused unless
 * the trainer holds an unrevoked credential_id, issued to the learner with
 * the trainer's id. NULL lifts the rule.
 */
int rec_set_signoff_rule(struct rec_store *s, const char *credential_id,
    const char *const *exempt_modules, size_t n);
/* 0 when trainer_id may sign off outcome_id in attempt_id; -1 with a cause
 * that names the rule otherwise. */
int rec_signoff_allowed(struct rec_store *s, const char *trainer_id,
    int64_t attempt_id, const char *outcome_id, char **cause);
/* Oldest first, filtered by learner, group and time of the result. */
int rec_result_list(struct rec_store *s, const struct rec_filter *f,
    struct rec_result **out, size_t *n, char **cause);
/*
 * The learner's observations of outcome_id (NULL: of every outcome;
 * REC_METHOD_OBSERVATION, each
 * one occasion a trainer saw), oldest first, filled as rec_result_list
 * fills them; for a sign-off that cites them. Read from the store itself:
 * with an outbox, an observation still waiting there is not seen; the
 * station's copy (a rec_worker store while the server is away) holds no
 * results, so there it fails with a cause that says so. Free with
 * rec_result_free_array.
 */
int rec_observation_list(struct rec_store *s, const char *learner_id,
    const char *outcome_id, struct rec_result **out, size_t *n, char **cause);
void rec_result_clear(struct rec_result *r);
void rec_result_free_array(struct rec_result *a, size_t n);

/*
 * Outcomes achieved: for each learner and outcome, the latest passing result,
 * sorted by learner, then outcome. A later failed result does not take an
 * achieved outcome away. Observations never achieve one, passed or not.
 */
struct rec_achievement {
	char *learner_id;
	char *outcome_id;
	enum rec_method method;
	int64_t result_id;
	int64_t time;
	char *trainer_id;	/* who signed, for REC_METHOD_TRAINER */
};
int rec_achievement_list(struct rec_store *s, const struct rec_filter *f,
    struct rec_achievement **out, size_t *n, char **cause);
void rec_achievement_free_array(struct rec_achievement *a, size_t n);

/* Issued credentials: the signed document exactly as it was handed out. */
struct rec_credential {
	int64_t id;
	char *uri;		/* the credential's own id ("urn:uuid:...") */
	char *learner_id;
	char *definition_id;	/* which micro-credential */
	char *document;		/* the issued JSON, byte for byte */
	int64_t issued;
	bool revoked;
	char *revoke_reason;
	int64_t revoked_at;
};
int rec_credential_add(struct rec_store *s, const char *uri,
    const char *learner_id, const char *definition_id, const char *document,
    int64_t *credential_id, char **cause);
/* Fails with "no issued credential 'URI'" when there is none. */
int rec_credential_get(struct rec_store *s, const char *uri,
    struct rec_credential *out, char **cause);
/* Fails when there is no such credential or it is already revoked. */
int rec_credential_revoke(struct rec_store *s, const char *uri,
    const char *reason, char **cause);
int rec_credential_list(struct rec_store *s, const struct rec_filter *f,
    struct rec_credential **out, size_t *n, char **cause);
void rec_credential_clear(struct rec_credential *c);
void rec_credential_free_array(struct rec_credential *a, size_t n);

/*
 * The audit log. Entry n carries SHA-256(entry n-1) and a canonical
 * description of one change: the table, the row's key, the action and the
 * SHA-256 of the row's content after it.
 */
struct rec_audit_entry {
	int64_t seq;
	int64_t time;
	char *table;
	char *row_key;
	char *action;		/* "insert", "update", "pin-failed", ... */
	char *row_hash;		/* hex */
	char *prev_hash;	/* hex */
	char *hash;		/* hex, of this entry */
};
/* Entries with seq > after, oldest first, at most limit (0: all). */
int rec_audit_list(struct rec_store *s, int64_t after, size_t limit,
    struct rec_audit_entry **out, size_t *n, char **cause);
void rec_audit_free_array(struct rec_audit_entry *a, size_t n);

/*
 * Checks PRAGMA integrity_check, foreign keys, the audit chain from its
 * first entry, and that every row's current content matches the latest audit
 * entry that wrote it (and that no audited row is missing or unrecorded).
 * Returns 0 when all hold; -1 with cause naming the first entry (or row)
 * that does not match. The report says what was checked either way.
 */
struct rec_verify_report {
	const char *integrity_check;	/* how the storage was checked */
	bool integrity_ok;
	bool foreign_keys_ok;
	bool chain_ok;
	bool rows_ok;
	int64_t entries;	/* audit entries checked */
	int64_t rows;		/* rows compared with their entries */
	int64_t first_bad_seq;	/* 0 when none */
	char *problem;		/* the first problem, NULL when none */
};
int rec_verify(struct rec_store *s, struct rec_verify_report *report,
    char **cause);
void rec_verify_report_clear(struct rec_verify_report *r);

/*
 * The chain's head: the last entry's number and hash (0 and 64 zeros for an
 * empty log). An issuer signs it (in each credential it issues) so that a
 * log cut short or computed again from altered rows no longer matches.
 */
int rec_chain_head(struct rec_store *s, int64_t *seq, char hash[65],
    char **cause);
/* The hash of entry seq; -1 with the cause when the log has no such entry. */
int rec_chain_hash(struct rec_store *s, int64_t seq, char hash[65],
    char **cause);

/*
 * Writes a consistent copy of the whole database to path, safe while other
 * stations keep writing (SQLite's VACUUM INTO, from one read snapshot). The
 * copy goes to path.tmp, is synced, checked with rec_verify and only then
 * renamed to path; an existing path is refused.
 */
int rec_backup(struct rec_store *s, const char *path, char **cause);
/*
 * The same, sealed: once the copy verifies, seal(seq, hash) makes a document
 * from the head of the copy's chain (the institution signs it), which the
 * copy keeps beside its records (outside the audited tables).
 */
typedef char *(*rec_seal_fn)(int64_t seq, const char *hash, void *arg,
    char **cause);
int rec_backup_sealed(struct rec_store *s, const char *path, rec_seal_fn seal,
    void *arg, char **cause);
/* The seal a backup carries: 1 with *doc (free it), 0 when it has none. */
int rec_backup_seal(struct rec_store *backup, char **doc, char **cause);
/*
 * Restores a backup as the database file path: copies it (the backup is
 * only read), verifies the copy as rec_verify does, lets accept judge it
 * (its seal against its head), and only then gives it the name path. An
 * existing path is refused unless replace; then it is moved aside (with its
 * WAL files) and *moved_aside names where. Any refusal changes nothing.
 */
int rec_restore(const char *backup, const char *path, bool replace,
    int (*accept)(struct rec_store *copy, void *arg, char **cause),
    void *arg, char **moved_aside, char **cause);

/*
 * Merges another database (another station's file) into s: its groups,
 * learners, trainers, modules, attempts, results and credentials. Merging
 * twice, or back the other way, adds nothing: attempts and results keep the
 * identity of the database they were first written in. Groups, learners and
 * trainers are matched by id; one whose name (group, school id, PIN) differs
 * is a conflict, resolved by an explicit choice per conflict or for all;
 * while one has no choice the merge changes nothing and the report lists
 * them all. Everything merged is audited in s's chain, and the merge itself
 * is the last entry. One transaction: a failure changes nothing.
 */
enum rec_merge_prefer {
	REC_MERGE_PREFER_NONE,
	REC_MERGE_PREFER_OURS,
	REC_MERGE_PREFER_THEIRS,
};
struct rec_merge_choice {
	const char *kind;	/* "group", "learner", "trainer" */
	const char *id;
	bool theirs;
};
struct rec_merge_options {
	enum rec_merge_prefer prefer;	/* for conflicts without a choice */
	const struct rec_merge_choice *choices;
	size_t nchoices;
};
struct rec_merge_conflict {
	char *kind, *id;
	char *what;		/* "name", "group", "school id", "PIN" */
	char *ours, *theirs;	/* the values ("(set here)" for a PIN) */
	int resolution;		/* 1 theirs, 0 ours, -1 no choice */
};
struct rec_merge_report {
	size_t groups, learners, trainers, attempts, results, credentials;
	size_t updated;		/* rows changed: theirs chosen, finished, revoked */
	struct rec_merge_conflict *conflicts;
	size_t nconflicts;
	size_t unresolved;
	char *problem;
};
int rec_merge(struct rec_store *s, struct rec_store *other,
    const struct rec_merge_options *opt, struct rec_merge_report *report,
    char **cause);
void rec_merge_report_clear(struct rec_merge_report *r);

/*
 * What was sent elsewhere and accepted there (xAPI statements by an LRS),
 * by key, so a later push sends only the rest: a persistent queue.
 */
int rec_sent_check(struct rec_store *s, const char *key, bool *sent,
    char **cause);
int rec_sent_mark(struct rec_store *s, const char *const *keys, size_t n,
    char **cause);

/*
 * Runs fn inside one transaction so several writes commit together or not at
 * all (a lesson's results with the attempt's end). Writes made by fn through
 * the functions above join it. fn returns 0 to commit, -1 to roll back.
 */
int rec_transaction(struct rec_store *s, int (*fn)(struct rec_store *, void *),
    void *arg, char **cause);

/* ------------------------------------------------------------------ */
/* JSON for the record-keeping commands (json.c): composed here so that  */
/* no caller needs a JSON library. Text indented by two spaces; free(). */
/* ------------------------------------------------------------------ */

char *rec_json_learners(const struct rec_learner *l, size_t n);
/* One learner with the outcomes achieved and the attempts made. */
char *rec_json_learner(const struct rec_learner *l,
    const struct rec_achievement *ach, size_t nach, size_t attempts,
    size_t running);
/* Groups with the number of learners of each among l. */
char *rec_json_groups(const struct rec_group *g, size_t ng,
    const struct rec_learner *l, size_t nl);
/* Trainers without their PIN hashes; locked as of now. */
char *rec_json_trainers(const struct rec_trainer *t, size_t n, int64_t now);
/* Per learner: every achievement, and which of required are missing. */
char *rec_json_progress(const struct rec_learner *l, size_t nl,
    const struct rec_achievement *ach, size_t nach,
    const char *const *required, size_t nrequired);
/*
 * Everything the filter selects, with the results r and attempts a read
 * with it: groups, learners, trainers (no PIN hashes), attempts, results
 * with their evidence as JSON, credentials with their documents, the
 * filter and the head of the audit chain (docs/records.md). NULL with
 * cause when the store cannot be read.
 */
char *rec_export_json(struct rec_store *s, const struct rec_filter *f,
    const struct rec_result *r, size_t nr, const struct rec_attempt *a,
    size_t na, char **cause);

#endif
