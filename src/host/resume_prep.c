#include "resume_prep.h"

#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "loop.h"

/* Slices of the read: the loop (and the emergency stop) is served between. */
#define RESUME_SLICE_MS 4
#define RESUME_STEP_BYTES (64u << 10)
/* Marlin's POWER_LOSS_ZRAISE default, when the profile names no lift. */
#define RESUME_LIFT_MM 2.0

/* One plan step in flight; outlives the resume when it is freed early. */
struct resume_cmd {
	struct host_resume *r;	/* NULL once the resume is freed */
	int index;
	struct resume_cmd *next;
};

struct host_resume {
	struct host *host;
	struct host_resume_events ev;
	struct gcode_resume_reader *reader;
	struct loop_timer *timer;
	struct gcode_resume_state st;
	struct gcode_resume_step plan[GCODE_RESUME_MAX_STEPS];
	int nplan;
	bool planned, sent, over;
	int confirmed;		/* steps the printer acknowledged */
	struct resume_cmd *cmds;
	char *skipped;		/* a may_fail step the firmware refused: why */
};

static void
resume_failed(struct host_resume *r, const char *why)
{
	if (r->over)
		return;
	r->over = true;
	/* Nothing is left heating for a print that will not go on. */
	host_heaters_off(r->host);
	if (r->ev.prepared != NULL)
		r->ev.prepared(false, why, r->ev.data);
}

static void
resume_cmd_done(const struct host_reply *reply, void *data)
{
	struct resume_cmd *c = data, **pp;
	struct host_resume *r = c->r;
	char *why;

	if (r == NULL) {
		free(c);
		return;
	}
	for (pp = &r->cmds; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	why = reply->result == HOST_RESULT_OK ? NULL : xasprintf("%s: %s",
	    reply->cmd, reply->message != NULL ? reply->message :
	    host_result_name(reply->result));
	/* Only the firmware's own refusal of an optional step is passed
	 * over: a halt or a lost port ends the resume whatever the step. */
	if (why != NULL && reply->result == HOST_RESULT_ERROR &&
	    r->plan[c->index].may_fail && r->skipped == NULL) {
		r->skipped = why;
		why = NULL;
	} else if (why != NULL) {
		resume_failed(r, why);
		free(why);
		free(c);
		return;
	}
	if (++r->confirmed == r->nplan && !r->over) {
		r->over = true;
		if (r->ev.prepared != NULL)
			r->ev.prepared(true, r->skipped, r->ev.data);
	}
	free(c);
}

static void
resume_plan(struct host_resume *r)
{
	const struct host_profile *p = host_profile(r->host);
	struct gcode_resume_machine m;
	char *cause = NULL;

	r->st = *gcode_resume_result(r->reader);
	memset(&m, 0, sizeof m);
	if (p->axis[2].max > p->axis[2].min)
		m.z_max = p->axis[2].max;
	m.lift = p->pause_lift > 0 ? p->pause_lift : RESUME_LIFT_MM;
	m.mesh_on_m420 = p->flavour == HOST_FLAVOUR_MARLIN;
	m.purge = p->resume_purge;
	r->nplan = gcode_resume_plan(&r->st, &m, r->plan,
	    GCODE_RESUME_MAX_STEPS, &cause);
	if (r->nplan < 0)
		r->nplan = 0;
	r->planned = r->nplan > 0;
	if (r->ev.planned != NULL)
		r->ev.planned(&r->st, r->plan, r->nplan, cause, r->ev.data);
	free(cause);
}

static uint64_t
resume_read_slice(uint64_t now, void *data)
{
	struct host_resume *r = data;
	uint64_t until = clock_ms() + RESUME_SLICE_MS;
	char *cause = NULL;
	int rc;

	(void)now;
	while ((rc = gcode_resume_step(r->reader, RESUME_STEP_BYTES,
	    &cause)) == 1) {
		if (clock_ms() >= until)
			return clock_ms();
	}
	loop_timer_remove(r->timer);
	r->timer = NULL;
	if (rc == 0)
		resume_plan(r);
	else if (r->ev.planned != NULL)
		r->ev.planned(NULL, NULL, 0, cause, r->ev.data);
	free(cause);
	return 0;
}

struct host_resume *
host_resume_new(struct host *h, const char *path, long lineno,
    const struct host_resume_events *ev, char **cause)
{
	struct gcode_resume_reader *rd;
	struct host_resume *r;

	if ((rd = gcode_resume_open(path, lineno, cause)) == NULL)
		return NULL;
	r = xcalloc(1, sizeof *r);
	r->host = h;
	r->reader = rd;
	if (ev != NULL)
		r->ev = *ev;
	r->timer = loop_timer_add(host_loop(h), clock_ms(), resume_read_slice,
	    r);
	return r;
}

int
host_resume_go(struct host_resume *r, char **cause)
{
	char *refusal = NULL;

	if (!r->planned || r->sent) {
		set_cause(cause, r->sent ? "the printer is already being "
		    "prepared" : "the file is still being read");
		return -1;
	}
	r->sent = true;
	host_measure_window(r->host);
	/* Queued at once, in order: the guard judges each against the state
	 * the ones before it leave (heated, Z declared, X and Y homed). */
	for (int i = 0; i < r->nplan; i++) {
		struct resume_cmd *c = xcalloc(1, sizeof *c);
		int rc;

		c->r = r;
		c->index = i;
		c->next = r->cmds;
		r->cmds = c;
		rc = r->plan[i].declares_z ?
		    host_send_declared_z(r->host, r->st.layer_z,
		    resume_cmd_done, c, &refusal) :
		    host_send(r->host, r->plan[i].cmd, HOST_SRC_HOST,
		    resume_cmd_done, c, &refusal);
		if (rc != 0) {
			char *why = xasprintf("%s: %s", r->plan[i].cmd,
			    refusal != NULL ? refusal : "refused");

			r->cmds = c->next;
			free(c);
			free(refusal);
			/* The steps already queued keep their contexts: they
			 * end in resume_cmd_done, which ignores them now. */
			r->over = true;
			host_heaters_off(r->host);
			set_cause(cause, "%s", why);
			free(why);
			return -1;
		}
	}
	return 0;
}

const char *
host_resume_doing(const struct host_resume *r)
{
	if (!r->sent || r->over || r->confirmed >= r->nplan)
		return NULL;
	return r->plan[r->confirmed].cmd;
}

double
host_resume_progress(const struct host_resume *r)
{
	return gcode_resume_progress(r->reader);
}

void
host_resume_free(struct host_resume *r)
{
	if (r == NULL)
		return;
	if (r->timer != NULL)
		loop_timer_remove(r->timer);
	/* Stopped while heating for a print that will not go on now. */
	if (r->sent && !r->over)
		host_heaters_off(r->host);
	for (struct resume_cmd *c = r->cmds; c != NULL; c = c->next)
		c->r = NULL;
	gcode_resume_free(r->reader);
	free(r->skipped);
	free(r);
}
