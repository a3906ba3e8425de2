#include "job.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "gcode.h"

/*
 * Marks of the commands handed to the host and not yet confirmed. The
 * protocol keeps at most a receive buffer's worth in flight, so this bounds
 * memory without ever being the limit in practice.
 */
#define JOB_MARKS 1024
#define JOB_MARK(j, tag) (&(j)->marks[(tag) & (JOB_MARKS - 1)])

/* Pause and cancel moves: fast travel, gentle Z. */
#define PARK_FEED_XY 6000
#define PARK_FEED_Z 600
#define RETRACT_MM 2.0
#define RETRACT_FEED 2400
/* M108s one cancel sends at most to end the printer's waits for the user:
 * one per question and keepalive, enough for M600's few. */
#define JOB_WAIT_ANSWERS 16

/* A run of commands the job sends itself (pause, resume, cancel). */
enum job_seq {
	SEQ_NONE,
	SEQ_PAUSE_QUERY,	/* M400 + M114: where is the head */
	SEQ_PAUSE_PARK,
	SEQ_RESUME,
	SEQ_CANCEL,
};

struct job_cmd {
	struct job *job;	/* NULL once the job is freed */
	unsigned seq_id;
	bool query_position;
	struct job_cmd *next;
};

/* What a pause changed, so resume can undo it. */
struct job_saved {
	bool position_known;
	double x, y, z, e;
	double nozzle, bed;	/* targets at the pause */
	bool lowered;		/* nozzle turned down */
	bool retracted;
	bool parked;
	bool absolute_xyz, absolute_e;
};

struct job {
	struct host *host;
	char *path;
	struct job_events ev;
	int listener;
	struct gcode_scan scan;
	struct gcode_progress progress;
	struct gcode_reader *reader;
	struct gcode_scanner *scanner;	/* JOB_SCANNING */
	struct loop_timer *scan_timer;
	/* A command that waits for the user (M0, M1, M600) is in flight:
	 * nothing more is fed until it is acknowledged, so the window has
	 * room for the answer (M876, M108) the printer is waiting for. */
	uint64_t hold_tag;
	/* The printer's question is open (//action:prompt_begin ... show):
	 * it waits for the user, also for an M600 of its own (a runout). */
	bool prompt_open;
	int wait_answers;	/* M108s sent by this cancel */
	bool start_wanted;	/* job_start while scanning */
	long start_line;
	/* Starting at a late line reads up to it in slices too (a sliced
	 * job): a resume near the end of a long file must not hold the
	 * emergency stop for the seconds the reading takes. */
	bool sliced;
	struct loop_timer *seek_timer;	/* armed while seeking */
	bool seek_any;		/* a command was read on the way */

	enum job_state state;
	char *reason;
	bool eof;
	bool attached;		/* the feeder is the host's */

	uint64_t fed;		/* commands handed out (tags 1..fed) */
	uint64_t acked;		/* of which the printer acknowledged */
	struct gcode_mark marks[JOB_MARKS];
	bool ring_full;
	bool has_retry;		/* a refused command to offer again */
	uint64_t retry_tag;
	char retry_cmd[GCODE_MAX_LINE];

	/* Fed heat-up and homing commands not yet acknowledged, oldest first:
	 * the printer is in such a wait once the line before it is done. */
	uint64_t wait_tags[8];
	int nwait;

	long last_confirmed;
	unsigned long complaints;
	double feedrate;	/* the file's last F, to restore after a pause */

	enum job_seq seq;
	unsigned seq_id;
	int seq_pending;
	bool seq_sent_all;
	struct job_cmd *cmds;	/* outstanding job_send contexts */
	struct job_saved saved;
	bool resume_wanted;	/* resume asked while still pausing */
	bool pause_wanted;	/* pause asked while still resuming */
	char *pause_reason;
};

static void job_set_state(struct job *j, enum job_state state,
    const char *reason);
static void job_fail(struct job *j, const char *fmt, ...) LL_PRINTF(2, 3);
static void job_seq_complete(struct job *j);

static void
job_notice(struct job *j, const char *fmt, ...) LL_PRINTF(2, 3);

static void
job_notice(struct job *j, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	if (j->ev.notice != NULL)
		j->ev.notice(text, j->ev.data);
	free(text);
}

const char *
job_state_name(enum job_state state)
{
	switch (state) {
	case JOB_SCANNING: return "scanning";
	case JOB_READY: return "ready";
	case JOB_RUNNING: return "printing";
	case JOB_PAUSING: return "pausing";
	case JOB_PAUSED: return "paused";
	case JOB_RESUMING: return "resuming";
	case JOB_CANCELLING: return "cancelling";
	case JOB_DONE: return "done";
	case JOB_CANCELLED: return "cancelled";
	case JOB_FAILED: return "failed";
	}
	return "unknown";
}

static void
job_detach(struct job *j)
{
	if (j->attached) {
		j->attached = false;
		host_set_feeder(j->host, NULL);
	}
}

static void
job_set_state(struct job *j, enum job_state state, const char *reason)
{
	if (reason != NULL) {
		free(j->reason);
		j->reason = xstrdup(reason);
	}
	if (state == JOB_PAUSING || state == JOB_PAUSED)
		gcode_progress_pause(&j->progress, clock_ms());
	else if (state == JOB_RUNNING)
		gcode_progress_resume(&j->progress, clock_ms());
	if (state == JOB_DONE || state == JOB_CANCELLED || state == JOB_FAILED)
		job_detach(j);
	j->state = state;
	if (j->ev.state_changed != NULL)
		j->ev.state_changed(state, j->reason, j->ev.data);
}

static void
job_fail(struct job *j, const char *fmt, ...)
{
	va_list ap;
	char *why;

	if (job_finished(j))
		return;
	va_start(ap, fmt);
	why = xvasprintf(fmt, ap);
	va_end(ap);
	j->seq = SEQ_NONE;
	job_set_state(j, JOB_FAILED, why);
	free(why);
}

/* ---- Commands the job sends itself ---- */

static void
job_cmd_done(const struct host_reply *reply, void *data)
{
	struct job_cmd *c = data, **pp;
	struct job *j = c->job;

	if (j != NULL) {
		for (pp = &j->cmds; *pp != NULL; pp = &(*pp)->next) {
			if (*pp == c) {
				*pp = c->next;
				break;
			}
		}
	}
	if (j == NULL || c->seq_id != j->seq_id || j->seq == SEQ_NONE) {
		free(c);
		return;
	}
	switch (reply->result) {
	case HOST_RESULT_OK:
		if (c->query_position) {
			for (size_t i = 0; i < reply->nlines; i++) {
				const char *l = reply->lines[i];
				double x, y, z, e;
				if (sscanf(l, "X:%lf Y:%lf Z:%lf E:%lf", &x, &y,
				    &z, &e) == 4) {
					j->saved.position_known = true;
					j->saved.x = x;
					j->saved.y = y;
					j->saved.z = z;
					j->saved.e = e;
				}
			}
		}
		break;
	case HOST_RESULT_ERROR:
	case HOST_RESULT_REFUSED:
		job_notice(j, "%s: %s", reply->cmd, reply->message != NULL ?
		    reply->message : host_result_name(reply->result));
		break;
	case HOST_RESULT_HALTED:
		free(c);
		job_fail(j, "the printer halted: %s", reply->message != NULL ?
		    reply->message : "no message");
		return;
	case HOST_RESULT_DISCONNECTED:
		free(c);
		job_fail(j, "the printer disconnected: %s",
		    reply->message != NULL ? reply->message : "port closed");
		return;
	}
	free(c);
	if (--j->seq_pending == 0 && j->seq_sent_all)
		job_seq_complete(j);
}

static void
job_seq_begin(struct job *j, enum job_seq seq)
{
	j->seq = seq;
	j->seq_id++;
	j->seq_pending = 0;
	j->seq_sent_all = false;
}

/* Sends one command of the current run; a refusal is told, not fatal. */
static void
job_send(struct job *j, bool query_position, const char *fmt, ...)
    LL_PRINTF(3, 4);

static void
job_send(struct job *j, bool query_position, const char *fmt, ...)
{
	struct job_cmd *c;
	va_list ap;
	char *cmd, *refusal = NULL;

	va_start(ap, fmt);
	cmd = xvasprintf(fmt, ap);
	va_end(ap);
	c = xcalloc(1, sizeof *c);
	c->job = j;
	c->seq_id = j->seq_id;
	c->query_position = query_position;
	c->next = j->cmds;
	j->cmds = c;
	j->seq_pending++;
	if (host_send(j->host, cmd, HOST_SRC_HOST, job_cmd_done, c,
	    &refusal) == -1) {
		j->cmds = c->next;
		free(c);
		j->seq_pending--;
		job_notice(j, "%s: %s", cmd, refusal != NULL ? refusal :
		    "refused");
		free(refusal);
	}
	free(cmd);
}

/* Sends each line of a profile's newline-separated G-code. */
static void
job_send_block(struct job *j, const char *block)
{
	char cmd[GCODE_MAX_LINE];
	const char *p = block, *nl;
	int n;

	while (p != NULL && *p != '\0') {
		nl = strchr(p, '\n');
		n = gcode_strip(p, nl != NULL ? (size_t)(nl - p) : strlen(p),
		    cmd, sizeof cmd);
		if (n > 0)
			job_send(j, false, "%s", cmd);
		p = nl != NULL ? nl + 1 : NULL;
	}
}

static void
job_seq_end(struct job *j)
{
	j->seq_sent_all = true;
	if (j->seq_pending == 0)
		job_seq_complete(j);
}

/* ---- Pause, resume, cancel ---- */

/* Everything fed has been answered: nothing of the file is in flight. */
static bool
job_drained(const struct job *j)
{
	return j->acked + (j->has_retry ? 1 : 0) >= j->fed;
}

static void
job_park(struct job *j)
{
	const struct host_profile *p = host_profile(j->host);
	struct host_status st;
	struct job_saved *s = &j->saved;
	double lift;

	host_status(j->host, &st);
	s->nozzle = st.nozzle_target;
	s->bed = st.bed_target;
	s->absolute_xyz = j->progress.absolute_xyz;
	s->absolute_e = j->progress.absolute_e;
	s->lowered = s->retracted = s->parked = false;
	if (!s->position_known && st.has_position) {
		s->position_known = true;
		s->x = st.x;
		s->y = st.y;
		s->z = st.z;
		s->e = st.e;
	}

	job_seq_begin(j, SEQ_PAUSE_PARK);
	if (!s->position_known) {
		job_notice(j, "the head's position is unknown, so it stays "
		    "where it is");
	} else {
		if (st.has_temps && st.nozzle >= p->min_extrude &&
		    p->min_extrude > 0) {
			job_send(j, false, "M83");
			job_send(j, false, "G1 E-%.1f F%d", RETRACT_MM,
			    RETRACT_FEED);
			s->retracted = true;
		}
		lift = p->pause_lift;
		if (p->axis[2].max > p->axis[2].min && s->z + lift >
		    p->axis[2].max)
			lift = p->axis[2].max - s->z;
		if (lift > 0) {
			job_send(j, false, "G91");
			job_send(j, false, "G1 Z%.3f F%d", lift, PARK_FEED_Z);
		}
		job_send(j, false, "G90");
		job_send(j, false, "G1 X%.3f Y%.3f F%d", p->park_x, p->park_y,
		    PARK_FEED_XY);
		s->parked = true;
	}
	if (!p->keep_temps_on_pause && s->nozzle > 0) {
		job_send(j, false, "M104 S0");
		s->lowered = true;
	}
	job_send_block(j, p->pause_gcode);
	job_seq_end(j);
}

static void
job_pause_when_drained(struct job *j)
{
	if (j->state != JOB_PAUSING || j->seq != SEQ_NONE || !job_drained(j))
		return;
	memset(&j->saved, 0, sizeof j->saved);
	job_seq_begin(j, SEQ_PAUSE_QUERY);
	job_send(j, false, "M400");
	job_send(j, true, "M114");
	job_seq_end(j);
}

static void
job_unpark(struct job *j)
{
	struct host_status st;
	struct job_saved *s = &j->saved;

	host_status(j->host, &st);
	job_seq_begin(j, SEQ_RESUME);
	if (s->nozzle > 0 && (s->lowered || !st.has_temps ||
	    st.nozzle < s->nozzle - 5))
		job_send(j, false, "M109 S%.0f", s->nozzle);
	if (s->bed > 0 && (!st.has_temps || st.bed < s->bed - 5))
		job_send(j, false, "M190 S%.0f", s->bed);
	if (s->parked) {
		job_send(j, false, "G90");
		job_send(j, false, "G1 X%.3f Y%.3f F%d", s->x, s->y,
		    PARK_FEED_XY);
		job_send(j, false, "G1 Z%.3f F%d", s->z, PARK_FEED_Z);
	}
	if (s->retracted) {
		job_send(j, false, "M83");
		job_send(j, false, "G1 E%.1f F%d", RETRACT_MM, RETRACT_FEED);
	}
	if (s->absolute_e) {
		job_send(j, false, "M82");
		if (s->position_known)
			job_send(j, false, "G92 E%.5f", s->e);
	} else
		job_send(j, false, "M83");
	if (!s->absolute_xyz)
		job_send(j, false, "G91");
	if (j->feedrate > 0)
		job_send(j, false, "G1 F%.0f", j->feedrate);
	job_seq_end(j);
}

static void
job_seq_complete(struct job *j)
{
	enum job_seq seq = j->seq;

	j->seq = SEQ_NONE;
	switch (seq) {
	case SEQ_NONE:
		break;
	case SEQ_PAUSE_QUERY:
		if (j->state == JOB_PAUSING)
			job_park(j);
		break;
	case SEQ_PAUSE_PARK:
		if (j->state != JOB_PAUSING)
			break;
		job_set_state(j, JOB_PAUSED, NULL);
		if (j->resume_wanted) {
			j->resume_wanted = false;
			job_resume(j);
		}
		break;
	case SEQ_RESUME:
		if (j->state != JOB_RESUMING)
			break;
		free(j->reason);
		j->reason = NULL;
		job_set_state(j, JOB_RUNNING, NULL);
		if (j->pause_wanted) {
			j->pause_wanted = false;
			job_pause(j, j->pause_reason);
			break;
		}
		if (j->attached)
			host_feeder_wake(j->host);
		break;
	case SEQ_CANCEL:
		if (j->state == JOB_CANCELLING)
			job_set_state(j, JOB_CANCELLED, NULL);
		break;
	}
}

int
job_pause(struct job *j, const char *reason)
{
	if (reason == NULL)
		reason = "paused";
	if (j->state == JOB_RESUMING) {
		j->pause_wanted = true;
		free(j->pause_reason);
		j->pause_reason = xstrdup(reason);
		return 0;
	}
	if (j->state == JOB_PAUSING || j->state == JOB_PAUSED) {
		j->resume_wanted = false;
		return 0;
	}
	if (j->state != JOB_RUNNING)
		return -1;
	job_set_state(j, JOB_PAUSING, reason);
	job_pause_when_drained(j);
	return 0;
}

int
job_resume(struct job *j)
{
	if (j->state == JOB_PAUSING) {
		j->resume_wanted = true;
		return 0;
	}
	if (j->state == JOB_RESUMING || j->state == JOB_RUNNING) {
		j->pause_wanted = false;
		return 0;
	}
	if (j->state != JOB_PAUSED)
		return -1;
	job_set_state(j, JOB_RESUMING, NULL);
	job_unpark(j);
	return 0;
}

/*
 * M108 ends a wait for the user (M0, M1, M600, the firmware's own
 * question): Marlin's M108 clears wait_for_user, and it passes a full
 * window as an answer. Sent when the cancel starts with such a command in
 * flight, and again whenever the printer says it waits while the cancel
 * runs: an M0 still behind moves in the firmware's queue takes no notice
 * of an M108 that came before it began to wait (it sets wait_for_user
 * itself when it starts).
 */
static void
job_end_user_wait(struct job *j)
{
	struct host_status st;

	/* Without the emergency parser the M108 would wait in line behind
	 * the very command that waits (Prusa-Firmware's M0 ends only at the
	 * knob); the keepalive repeats every 2 s, so a printer that ignores
	 * the M108 gets a bounded number of them. */
	host_status(j->host, &st);
	if (!st.cap_emergency_parser || j->wait_answers >= JOB_WAIT_ANSWERS)
		return;
	j->wait_answers++;
	(void)host_send(j->host, "M108", HOST_SRC_HOST, NULL, NULL, NULL);
}

int
job_cancel(struct job *j)
{
	const struct host_profile *p = host_profile(j->host);

	if (job_finished(j) || j->state == JOB_CANCELLING)
		return job_finished(j) ? -1 : 0;
	if (j->state == JOB_SCANNING) {
		loop_timer_remove(j->scan_timer);
		j->scan_timer = NULL;
		gcode_scanner_free(j->scanner);
		j->scanner = NULL;
	}
	if (j->seek_timer != NULL)
		loop_timer_set(j->seek_timer, 0);
	if (j->state == JOB_READY || j->state == JOB_SCANNING) {
		job_set_state(j, JOB_CANCELLED, "cancelled before it started");
		return 0;
	}
	j->has_retry = false;
	j->wait_answers = 0;
	job_set_state(j, JOB_CANCELLING, NULL);
	/* A printer that waits for the user would hold the cancel sequence
	 * behind the wait, with the heaters on, until someone answers at the
	 * printer. */
	if ((j->hold_tag != 0 && j->acked < j->hold_tag) || j->prompt_open)
		job_end_user_wait(j);
	/* Queued behind whatever the printer still has: nothing new is fed. */
	job_seq_begin(j, SEQ_CANCEL);
	if (p->cancel_gcode != NULL && p->cancel_gcode[0] != '\0')
		job_send_block(j, p->cancel_gcode);
	else {
		job_send(j, false, "M104 S0");
		job_send(j, false, "M140 S0");
		job_send(j, false, "M107");
		job_send(j, false, "G91");
		job_send(j, false, "G1 Z%.3f F%d", p->pause_lift > 0 ?
		    p->pause_lift : 10.0, PARK_FEED_Z);
		job_send(j, false, "G90");
		job_send(j, false, "G1 X%.3f Y%.3f F%d", p->park_x, p->park_y,
		    PARK_FEED_XY);
		job_send(j, false, "M84");
	}
	job_seq_end(j);
	return 0;
}

/* ---- The feeder ---- */

static void
job_track_feedrate(struct job *j, const char *cmd, size_t len)
{
	struct gcode_cmd c;

	if (len < 2 || (cmd[0] != 'G' && cmd[0] != 'g') ||
	    memchr(cmd, 'F', len) == NULL)
		return;
	if (gcode_parse(cmd, len, &c) && c.letter == 'G' && c.code <= 1)
		j->feedrate = gcode_value(&c, 'F', j->feedrate);
}

/* M0/M1 (unconditional stop) and M600 (filament change) block the
 * printer's queue until the user answers (Marlin's pause.cpp, M0_M1.cpp). */
static bool
job_waits_for_user(const char *cmd, size_t len)
{
	struct gcode_cmd c;

	if (len < 2 || !gcode_word(cmd, len, &c) || c.letter != 'M')
		return false;
	return c.code == 0 || c.code == 1 || c.code == 600;
}

static int
job_feed_next(char *cmd, size_t cmdsz, uint64_t *tag, void *data)
{
	struct job *j = data;
	struct gcode_line l;
	struct gcode_mark m;
	char *cause = NULL;
	int rc;

	if (j->state != JOB_RUNNING)
		return job_finished(j) ? -1 : 0;
	if (j->has_retry) {
		if (strlen(j->retry_cmd) >= cmdsz)
			return -1;
		strcpy(cmd, j->retry_cmd);
		*tag = j->retry_tag;
		j->has_retry = false;
		return 1;
	}
	if (j->eof)
		return -1;
	if (j->hold_tag != 0 && j->acked < j->hold_tag)
		return 0;
	if (j->fed - j->acked >= JOB_MARKS) {
		j->ring_full = true;
		return 0;
	}
	for (;;) {
		rc = gcode_reader_next(j->reader, &l, &cause);
		if (rc == 0) {
			j->eof = true;
			if (j->acked == j->fed) {
				gcode_progress_finish(&j->progress);
				job_set_state(j, JOB_DONE, NULL);
			}
			return -1;
		}
		if (rc == -1) {
			job_fail(j, "%s", cause);
			free(cause);
			return -1;
		}
		if (!gcode_progress_read(&j->progress, &l, &m))
			continue;
		if (l.cmdlen >= cmdsz) {
			job_fail(j, "%s:%ld: command too long to send", j->path,
			    l.lineno);
			return -1;
		}
		memcpy(cmd, l.cmd, l.cmdlen + 1);
		job_track_feedrate(j, l.cmd, l.cmdlen);
		/* The clock starts with the first line, not the handshake. */
		if (j->fed == 0)
			j->progress.started_ms = clock_ms();
		*tag = ++j->fed;
		*JOB_MARK(j, *tag) = m;
		if (job_waits_for_user(l.cmd, l.cmdlen))
			j->hold_tag = *tag;
		if (gcode_is_wait_command(l.cmd, l.cmdlen) &&
		    j->nwait < (int)LL_ARRAY_LEN(j->wait_tags)) {
			j->wait_tags[j->nwait++] = *tag;
			if (*tag == j->acked + 1)
				gcode_progress_wait(&j->progress, true,
				    clock_ms());
		}
		return 1;
	}
}

static void
job_feed_refused(uint64_t tag, const char *cmd, const char *reason,
    void *data)
{
	struct job *j = data;
	char *why;

	if (job_finished(j) || j->state == JOB_CANCELLING)
		return;
	j->has_retry = true;
	j->retry_tag = tag;
	snprintf(j->retry_cmd, sizeof j->retry_cmd, "%s", cmd);
	if (j->ev.refused != NULL)
		j->ev.refused(JOB_MARK(j, tag)->lineno, cmd, reason, j->ev.data);
	why = xasprintf("line %ld: %s: %s", JOB_MARK(j, tag)->lineno, cmd,
	    reason);
	if (j->state == JOB_RUNNING)
		job_pause(j, why);
	else {
		free(j->reason);
		j->reason = xstrdup(why);
		job_pause_when_drained(j);
	}
	free(why);
}

static void
job_track_waits(struct job *j, uint64_t tag)
{
	uint64_t now;

	/* Called for every acknowledged line: most have no wait to track. */
	if (j->nwait == 0 || j->wait_tags[0] > tag + 1)
		return;
	now = clock_ms();
	while (j->nwait > 0 && j->wait_tags[0] <= tag) {
		memmove(j->wait_tags, j->wait_tags + 1,
		    (size_t)--j->nwait * sizeof *j->wait_tags);
		gcode_progress_wait(&j->progress, false, now);
	}
	if (j->nwait > 0 && j->wait_tags[0] == tag + 1)
		gcode_progress_wait(&j->progress, true, now);
}

static void
job_feed_done(uint64_t tag, const struct host_reply *reply, void *data)
{
	struct job *j = data;
	const struct gcode_mark *m;

	if (tag == 0 || tag > j->fed)
		return;
	m = JOB_MARK(j, tag);
	switch (reply->result) {
	case HOST_RESULT_REFUSED:
		job_feed_refused(tag, reply->cmd, reply->message != NULL ?
		    reply->message : "refused", j);
		return;
	case HOST_RESULT_HALTED:
		job_fail(j, "the printer halted: %s", reply->message != NULL ?
		    reply->message : "no message");
		return;
	case HOST_RESULT_DISCONNECTED:
		job_fail(j, "the printer disconnected: %s",
		    reply->message != NULL ? reply->message : "port closed");
		return;
	case HOST_RESULT_ERROR:
		j->complaints++;
		if (j->ev.complaint != NULL)
			j->ev.complaint(m->lineno, reply->cmd, reply->message !=
			    NULL ? reply->message : "error", j->ev.data);
		else
			job_notice(j, "line %ld: %s: the printer said: %s",
			    m->lineno, reply->cmd, reply->message != NULL ?
			    reply->message : "error");
		break;
	case HOST_RESULT_OK:
		break;
	}
	if (tag > j->acked)
		j->acked = tag;
	job_track_waits(j, tag);
	gcode_progress_confirm(&j->progress, m);
	j->last_confirmed = m->lineno;
	if (j->ring_full && j->fed - j->acked < JOB_MARKS / 2) {
		j->ring_full = false;
		if (j->state == JOB_RUNNING)
			host_feeder_wake(j->host);
	}
	if (j->hold_tag != 0 && j->acked >= j->hold_tag) {
		j->hold_tag = 0;
		if (j->state == JOB_RUNNING)
			host_feeder_wake(j->host);
	}
	if (j->state == JOB_PAUSING)
		job_pause_when_drained(j);
	else if (j->state == JOB_RUNNING && j->eof && j->acked == j->fed) {
		gcode_progress_finish(&j->progress);
		job_set_state(j, JOB_DONE, NULL);
	}
}

/* ---- What the printer says ---- */

static void
job_on_prompt(const char *message, const char *const *buttons, int n,
    void *data)
{
	struct job *j = data;

	(void)buttons;
	(void)n;
	j->prompt_open = message != NULL;
	if (j->prompt_open && j->state == JOB_CANCELLING)
		job_end_user_wait(j);
}

/* Marlin's keepalive while it waits for the user, where the firmware asks
 * the host no question (no HOST_PROMPT_SUPPORT). */
static void
job_on_line(const char *line, void *data)
{
	struct job *j = data;

	if (j->state == JOB_CANCELLING &&
	    strstr(line, "busy: paused for user") != NULL)
		job_end_user_wait(j);
}

static void
job_on_action(const char *action, void *data)
{
	struct job *j = data;
	char word[32];
	size_t n = 0;

	while (*action == ' ')
		action++;
	while (action[n] != '\0' && action[n] != ' ' && n < sizeof word - 1) {
		word[n] = action[n];
		n++;
	}
	word[n] = '\0';
	if (strcmp(word, "pause") == 0)
		job_pause(j, "the printer asked to pause (//action:pause)");
	else if (strcmp(word, "resume") == 0)
		job_resume(j);
	else if (strcmp(word, "cancel") == 0) {
		if (j->state != JOB_CANCELLING && !job_finished(j))
			job_notice(j, "the printer asked to cancel "
			    "(//action:cancel)");
		job_cancel(j);
	}
}

static void
job_on_halted(const char *message, void *data)
{
	job_fail(data, "the printer halted: %s", message);
}

static void
job_on_disconnected(const char *why, void *data)
{
	if (str_starts_with(why, "the printer disconnected"))
		job_fail(data, "%s", why);
	else
		job_fail(data, "the printer disconnected: %s", why);
}

/* ---- Life cycle ---- */

static struct job *
job_alloc(struct host *host, const char *path, const struct job_events *events)
{
	struct job *j = xcalloc(1, sizeof *j);

	j->host = host;
	j->path = xstrdup(path);
	if (events != NULL)
		j->ev = *events;
	j->listener = -1;
	return j;
}

/* The scan is complete: open the file for streaming. */
static int
job_scanned(struct job *j, const struct gcode_scan *scan, char **cause)
{
	if (scan->commands == 0) {
		set_cause(cause, "%s: no G-code commands in the file", j->path);
		return -1;
	}
	if ((j->reader = gcode_reader_open(j->path, cause)) == NULL)
		return -1;
	j->scan = *scan;
	gcode_progress_init(&j->progress, scan, clock_ms());
	return 0;
}

struct job *
job_new(struct host *host, const char *path, const struct job_events *events,
    char **cause)
{
	struct job *j;
	struct gcode_scan scan;

	if (gcode_scan_file(path, &scan, cause) == -1)
		return NULL;
	j = job_alloc(host, path, events);
	if (job_scanned(j, &scan, cause) != 0) {
		free(j->path);
		free(j);
		return NULL;
	}
	j->state = JOB_READY;
	return j;
}

/*
 * One slice of the scan: whole lines for about JOB_SCAN_SLICE_MS, then back
 * to the loop, which reads the keyboard and the printer before the next.
 */
#define JOB_SCAN_SLICE_MS 4
#define JOB_SCAN_STEP_BYTES (64u << 10)

static uint64_t
job_scan_slice(uint64_t now, void *data)
{
	struct job *j = data;
	uint64_t until = clock_ms() + JOB_SCAN_SLICE_MS;
	char *cause = NULL;
	int rc;

	(void)now;
	while ((rc = gcode_scanner_step(j->scanner, JOB_SCAN_STEP_BYTES,
	    &cause)) == 1) {
		if (clock_ms() >= until)
			return clock_ms();
	}
	if (rc == 0 && job_scanned(j, gcode_scanner_result(j->scanner),
	    &cause) == 0) {
		gcode_scanner_free(j->scanner);
		j->scanner = NULL;
		job_set_state(j, JOB_READY, NULL);
		if (j->start_wanted && j->state == JOB_READY &&
		    job_start_at(j, j->start_line, &cause) != 0) {
			job_fail(j, "%s", cause);
			free(cause);
		}
		return 0;
	}
	gcode_scanner_free(j->scanner);
	j->scanner = NULL;
	job_fail(j, "%s", cause);
	free(cause);
	return 0;
}

struct job *
job_new_sliced(struct host *host, const char *path,
    const struct job_events *events, char **cause)
{
	struct gcode_scanner *sc = gcode_scanner_open(path, cause);
	struct job *j;

	if (sc == NULL)
		return NULL;
	j = job_alloc(host, path, events);
	j->scanner = sc;
	j->sliced = true;
	j->state = JOB_SCANNING;
	j->scan_timer = loop_timer_add(host_loop(host), clock_ms(),
	    job_scan_slice, j);
	return j;
}

void
job_free(struct job *j)
{
	struct job_cmd *c;

	if (j == NULL)
		return;
	if (j->scan_timer != NULL)
		loop_timer_remove(j->scan_timer);
	if (j->seek_timer != NULL)
		loop_timer_remove(j->seek_timer);
	gcode_scanner_free(j->scanner);
	job_detach(j);
	if (j->listener != -1)
		host_unlisten(j->host, j->listener);
	/* Commands still queued at the host call back into nothing. */
	for (c = j->cmds; c != NULL; c = c->next)
		c->job = NULL;
	gcode_reader_free(j->reader);
	free(j->path);
	free(j->reason);
	free(j->pause_reason);
	free(j);
}

/* A halted printer answers nothing until it is reset: a feeder started
 * now would wait for ever. */
static int
job_refuse_halted(struct job *j, char **cause)
{
	struct host_status st;

	host_status(j->host, &st);
	if (st.link != HOST_LINK_HALTED)
		return 0;
	set_cause(cause, "%s: the printer has halted: %s", j->path,
	    st.halt_message[0] != '\0' ? st.halt_message : "reset it first");
	return -1;
}

/* Reading has reached the line to start at: feed from there. */
static int
job_begin_running(struct job *j, char **cause)
{
	struct host_listener l;
	struct host_feeder f;

	/* Stopped while the file was read (F12). */
	if (job_refuse_halted(j, cause) != 0)
		return -1;
	if (j->seek_any)
		gcode_progress_skip_to(&j->progress, &j->progress.read);
	j->progress.started_ms = clock_ms();

	memset(&l, 0, sizeof l);
	l.action = job_on_action;
	l.prompt = job_on_prompt;
	l.line_received = job_on_line;
	l.halted = job_on_halted;
	l.disconnected = job_on_disconnected;
	l.data = j;
	j->listener = host_listen(j->host, &l);

	memset(&f, 0, sizeof f);
	f.next = job_feed_next;
	f.done = job_feed_done;
	f.refused = job_feed_refused;
	f.data = j;
	j->attached = true;
	job_set_state(j, JOB_RUNNING, NULL);
	host_set_feeder(j->host, &f);
	return 0;
}

/*
 * Reads towards the line to start at, for layer, modes and marks, sending
 * nothing: until it is reached (0), until the clock passes until (1, more
 * to read; until 0: no limit), or -1 with cause.
 */
static int
job_seek(struct job *j, uint64_t until, char **cause)
{
	struct gcode_line line;
	struct gcode_mark m;
	unsigned n = 0;
	int rc;

	while (j->start_line > 1 &&
	    j->progress.read.lineno < j->start_line - 1) {
		if ((rc = gcode_reader_next(j->reader, &line, cause)) != 1) {
			if (rc == 0)
				set_cause(cause, "%s: the file ended before "
				    "line %ld (was it changed?)", j->path,
				    j->start_line);
			return -1;
		}
		if (gcode_progress_read(&j->progress, &line, &m)) {
			job_track_feedrate(j, line.cmd, line.cmdlen);
			j->seek_any = true;
		}
		if (until != 0 && (++n & 255) == 0 && clock_ms() >= until)
			return 1;
	}
	return 0;
}

static uint64_t
job_seek_slice(uint64_t now, void *data)
{
	struct job *j = data;
	char *cause = NULL;
	int rc;

	(void)now;
	if (j->state != JOB_READY)
		return 0;
	rc = job_seek(j, clock_ms() + JOB_SCAN_SLICE_MS, &cause);
	if (rc == 1)
		return clock_ms();
	if (rc == 0 && job_begin_running(j, &cause) == 0)
		return 0;
	job_fail(j, "%s", cause);
	free(cause);
	return 0;
}

int
job_start_at(struct job *j, long lineno, char **cause)
{
	int rc;

	if (j->state == JOB_SCANNING) {
		j->start_wanted = true;
		j->start_line = lineno;
		return 0;
	}
	if (j->state != JOB_READY || (j->seek_timer != NULL &&
	    loop_timer_due(j->seek_timer) != 0)) {
		set_cause(cause, "%s: the job has already started", j->path);
		return -1;
	}
	if (lineno > j->scan.lines) {
		set_cause(cause, "%s: line %ld is past the end (%ld lines)",
		    j->path, lineno, j->scan.lines);
		return -1;
	}
	if (job_refuse_halted(j, cause) != 0)
		return -1;
	j->start_line = lineno;
	if (j->sliced && lineno > 1) {
		if (j->seek_timer == NULL)
			j->seek_timer = loop_timer_add(host_loop(j->host),
			    clock_ms(), job_seek_slice, j);
		else
			loop_timer_set(j->seek_timer, clock_ms());
		return 0;
	}
	if ((rc = job_seek(j, 0, cause)) != 0)
		return -1;
	return job_begin_running(j, cause);
}

int
job_start(struct job *j, char **cause)
{
	return job_start_at(j, 1, cause);
}

enum job_state
job_state(const struct job *j)
{
	return j->state;
}

const char *
job_reason(const struct job *j)
{
	return j->reason;
}

bool
job_finished(const struct job *j)
{
	return j->state == JOB_DONE || j->state == JOB_CANCELLED ||
	    j->state == JOB_FAILED;
}

const struct gcode_scan *
job_scan(const struct job *j)
{
	return &j->scan;
}

const struct gcode_progress *
job_progress(const struct job *j)
{
	return &j->progress;
}

const char *
job_path(const struct job *j)
{
	return j->path;
}

long
job_last_confirmed(const struct job *j)
{
	return j->last_confirmed;
}

long
job_resume_line(const struct job *j)
{
	if (j->acked < j->fed)
		return JOB_MARK(j, j->acked + 1)->lineno;
	return j->progress.done.lineno + 1;
}

long
job_last_sent_line(const struct job *j)
{
	if (j->fed == 0)
		return 0;
	if (j->acked >= j->fed)
		return j->last_confirmed;
	return JOB_MARK(j, j->fed)->lineno;
}

unsigned long
job_complaints(const struct job *j)
{
	return j->complaints;
}
