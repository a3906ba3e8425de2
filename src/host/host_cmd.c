/*
 * The printer link's commands: each one judged by the guard, queued, handed
 * to the protocol engine and finished by its answer, whichever way the
 * firmware orders an ok and the output (Repetier says ok when it takes a
 * line, before running it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_int.h"
#include "reply.h"

void
host_list_push(struct host_cmd_list *l, struct host_cmd *c)
{
	c->next = NULL;
	if (l->tail != NULL)
		l->tail->next = c;
	else
		l->head = c;
	l->tail = c;
	l->n++;
}

/* The command a reply belongs to: the one the link names, or the oldest. */
static struct host_cmd *
host_list_owner(const struct host_cmd_list *l, uint64_t tag)
{
	for (struct host_cmd *c = l->head; tag != 0 && c != NULL; c = c->next) {
		if (c->tag == tag)
			return c;
	}
	return l->head;
}

struct host_cmd *
host_list_take(struct host_cmd_list *l, uint64_t tag)
{
	struct host_cmd *prev = NULL;

	for (struct host_cmd *c = l->head; c != NULL; prev = c, c = c->next) {
		if (c->tag != tag)
			continue;
		if (prev != NULL)
			prev->next = c->next;
		else
			l->head = c->next;
		if (l->tail == c)
			l->tail = prev;
		l->n--;
		c->next = NULL;
		return c;
	}
	return NULL;
}

static void
host_cmd_free(struct host_cmd *c)
{
	for (size_t i = 0; i < c->nlines; i++)
		free(c->lines[i]);
	free(c->lines);
	free(c->cmd);
	free(c->message);
	free(c->ok_text);
	free(c);
}

static void
host_cmd_add_line(struct host_cmd *c, const char *line)
{
	c->lines = xrealloc(c->lines, (c->nlines + 1) * sizeof *c->lines);
	c->lines[c->nlines++] = xstrdup(line);
}

/* Calls the command's completion (or the feeder's) and frees it. */
void
host_cmd_finish(struct host *h, struct host_cmd *c, enum host_result result,
    const char *message)
{
	struct host_reply r;

	if (c->internal && c->tag != 0 && str_starts_with(c->cmd, "M105"))
		h->poll_outstanding = false;
	memset(&r, 0, sizeof r);
	r.result = result;
	r.cmd = c->cmd;
	r.lines = (const char *const *)c->lines;
	r.nlines = c->nlines;
	r.message = message != NULL ? message : c->message;
	r.ok_text = c->ok_text;
	if (c->fed) {
		if (h->has_feeder && h->feeder.done != NULL)
			h->feeder.done(c->feed_tag, &r, h->feeder.data);
	} else if (c->done != NULL)
		c->done(&r, c->data);
	host_cmd_free(c);
}

/* Ends every outstanding command with result; new ones may be queued meanwhile. */
void
host_finish_all(struct host *h, enum host_result result, const char *message)
{
	struct host_cmd_list lists[3] = { h->taken, h->sent, h->waiting };

	memset(&h->taken, 0, sizeof h->taken);
	memset(&h->sent, 0, sizeof h->sent);
	memset(&h->waiting, 0, sizeof h->waiting);
	h->poll_outstanding = false;
	for (int i = 0; i < 3; i++) {
		struct host_cmd *c = lists[i].head, *next;
		for (; c != NULL; c = next) {
			next = c->next;
			host_cmd_finish(h, c, result, message);
		}
	}
}

/* Prusa-Firmware's process_commands(): "Unknown M code: $12 M9999". */
static bool
unknown_code(const char *line)
{
	return str_starts_with(line, "Unknown ") && line[8] >= 'A' &&
	    line[8] <= 'Z' && str_starts_with(line + 9, " code:");
}

/* RepRapFirmware's "Warning: M410: Command is not supported" (its
 * HandleResult() for a code it lacks). */
static bool
unsupported_code(const char *line)
{
	return str_starts_with(line, "Warning: ") &&
	    strstr(line, ": Command is not supported") != NULL;
}

static bool
host_line_is_failure(const char *line)
{
	return str_starts_with(line, "Error:") || str_starts_with(line, "!!") ||
	    strstr(line, "Unknown command") != NULL || unknown_code(line) ||
	    unsupported_code(line) ||
	    strstr(line, "cold extrusion prevented") != NULL ||
	    strstr(line, "too long extrusion prevented") != NULL;
}

static bool
host_ok_on_receipt(const struct host *h)
{
	return h->st.flavour == HOST_FLAVOUR_REPETIER;
}

/* The line that ends a command's run, for commands that print one. */
static bool
host_cmd_answered_by(const struct host_cmd *c, const struct gcode_reply *r)
{
	struct gcode_cmd g;

	if (!gcode_word(c->cmd, strlen(c->cmd), &g))
		return false;
	if (gcode_is(&g, 'M', 105))	/* not M109's own W: reports */
		return r->kind == GCODE_REPLY_TEMPS &&
		    r->temps.wait_seconds == -2 && r->temps.wait_tool < 0;
	if (gcode_is(&g, 'M', 114))
		return r->kind == GCODE_REPLY_POSITION;
	return false;
}

/* A command taken by ok-on-receipt firmware has run: its reply is whole. */
static void
host_taken_finish(struct host *h, uint64_t tag)
{
	struct host_cmd *c = host_list_take(&h->taken, tag);

	if (c != NULL)
		host_cmd_finish(h, c, c->failed ? HOST_RESULT_ERROR :
		    HOST_RESULT_OK, NULL);
}

/* Every taken command up to (not including) tag has run. */
void
host_taken_finish_before(struct host *h, uint64_t tag)
{
	while (h->taken.head != NULL && h->taken.head->tag != tag)
		host_taken_finish(h, h->taken.head->tag);
}

/*
 * Repetier answers "ok <N>" when it takes a line and prints what the line
 * says when it runs it, later: a reply after an ok belongs to the oldest
 * command taken and not yet run. Commands run in order, so the line that
 * ends one command's run (M105's temperatures, M114's position) also says
 * that every command before it ran; "wait" (the queue is empty) says that
 * all of them did.
 */
static void
host_taken_line(struct host *h, const char *line, const struct gcode_reply *r)
{
	struct host_cmd *c;

	if (h->taken.head == NULL)
		return;
	switch (r->kind) {
	case GCODE_REPLY_WAIT:
		host_taken_finish_before(h, 0);
		return;
	case GCODE_REPLY_OK:
	case GCODE_REPLY_SKIP:
	case GCODE_REPLY_RESEND:
	case GCODE_REPLY_BUSY:
	case GCODE_REPLY_START:
	case GCODE_REPLY_EMPTY:
		return;
	case GCODE_REPLY_ERROR:
		if (r->comm_error)
			return;
		break;
	default:
		break;
	}
	for (c = h->taken.head; c != NULL; c = c->next) {
		if (host_cmd_answered_by(c, r))
			break;
	}
	if (c != NULL) {
		uint64_t tag = c->tag;

		host_taken_finish_before(h, tag);
		if ((c = h->taken.head) == NULL || c->tag != tag)
			return;
		if (r->kind == GCODE_REPLY_TEMPS) {
			free(c->ok_text);
			c->ok_text = xstrdup(line);	/* as "ok T:..." elsewhere */
		} else
			host_cmd_add_line(c, line);
		host_taken_finish(h, tag);
		return;
	}
	c = h->taken.head;
	host_cmd_add_line(c, line);
	if (host_line_is_failure(line) && !c->failed) {
		c->failed = true;
		c->message = xstrdup(line);
	}
}

void
host_received(struct host *h, const char *line)
{
	struct gcode_reply r;

	if (h->st.link == HOST_LINK_NOT_RESPONDING && h->proto != NULL &&
	    proto_info(h->proto)->ready) {
		host_notice(h, "the printer is responding again");
		host_set_link(h, HOST_LINK_READY);
	}
	h->last_rx = clock_ms();
	gcode_reply_parse(line, strlen(line), &r);
	if (r.has_position) {
		bool moved = !h->st.has_position || h->st.x != r.position.x ||
		    h->st.y != r.position.y || h->st.z != r.position.z ||
		    h->st.e != r.position.e;

		h->st.has_position = true;
		h->st.x = r.position.x;
		h->st.y = r.position.y;
		h->st.z = r.position.z;
		h->st.e = r.position.e;
		if (moved)
			HOST_NOTIFY(h, position, &h->st);
	}
	/* Text after "ok" other than temperatures reaches the command as an
	 * output line already. */
	if (r.kind == GCODE_REPLY_OK) {
		free(h->pending_ok_text);
		h->pending_ok_text = r.msglen > 0 && r.has_temps ?
		    xstrndup(r.msg, r.msglen) : NULL;
	}
	HOST_NOTIFY(h, line_received, line);
	if (host_ok_on_receipt(h))
		host_taken_line(h, line, &r);
}

void
host_acked(struct host *h, uint64_t tag)
{
	struct host_cmd *c = host_list_take(&h->sent, tag);
	struct gcode_cmd g;

	if (c == NULL) {
		free(h->pending_ok_text);
		h->pending_ok_text = NULL;
		return;
	}
	/* "ok T:..." answers an M105; after a lost ok it may be a poke's. */
	if (str_starts_with(c->cmd, "M105")) {
		c->ok_text = h->pending_ok_text;
		h->pending_ok_text = NULL;
	}
	/* Only homing and motors off change what is homed: the parameters
	 * of every other acknowledged line are not worth reading. */
	if (gcode_word(c->cmd, strlen(c->cmd), &g) &&
	    (gcode_is(&g, 'G', 28) || gcode_is(&g, 'M', 84) ||
	    gcode_is(&g, 'M', 18) || gcode_is(&g, 'M', 410)) &&
	    gcode_parse(c->cmd, strlen(c->cmd), &g)) {
		bool x = gcode_param(&g, 'X') != NULL;
		bool y = gcode_param(&g, 'Y') != NULL;
		bool z = gcode_param(&g, 'Z') != NULL;
		bool all = !x && !y && !z;

		if (gcode_is(&g, 'G', 28) && !c->failed) {
			h->st.homed[0] |= all || x;
			h->st.homed[1] |= all || y;
			h->st.homed[2] |= all || z;
			h->m114_wanted = true;
		} else if (gcode_is(&g, 'M', 84) || gcode_is(&g, 'M', 18) ||
		    gcode_is(&g, 'M', 410)) {
			if (gcode_param(&g, 'S') == NULL || !all) {
				h->st.homed[0] &= !(all || x);
				h->st.homed[1] &= !(all || y);
				h->st.homed[2] &= !(all || z);
			}
		}
	}
	/* Taken, not run: its reply is still to come (a print's lines need
	 * none, and the job counts them as they are taken). */
	if (host_ok_on_receipt(h) && !c->fed) {
		host_list_push(&h->taken, c);
		return;
	}
	host_cmd_finish(h, c, c->failed ? HOST_RESULT_ERROR : HOST_RESULT_OK,
	    NULL);
}

void
host_output(struct host *h, const char *line, uint64_t tag)
{
	struct host_cmd *c = host_list_owner(&h->sent, tag);

	/* Output comes after the ok there: host_taken_line has it. */
	if (c == NULL || host_ok_on_receipt(h))
		return;
	host_cmd_add_line(c, line);
	if (host_line_is_failure(line) && !c->failed) {
		c->failed = true;
		c->message = xstrdup(line);
	}
}

void
host_error(struct host *h, const char *text, uint64_t tag)
{
	struct gcode_reply r;
	struct host_cmd *c = host_list_owner(&h->sent, tag);

	host_copy(h->st.last_error, sizeof h->st.last_error, text);
	gcode_reply_parse(text, strlen(text), &r);
	/* Line-number and checksum complaints are repaired by resends. */
	if (r.comm_error || strstr(text, "Last Line") != NULL ||
	    strstr(text, "checksum") != NULL || strstr(text, "Line Number") != NULL)
		return;
	if (host_ok_on_receipt(h))
		return;		/* a taken command's (host_taken_line) */
	if (c != NULL && !c->failed) {
		c->failed = true;
		c->message = xstrdup(text);
	}
}

static int
host_refuse_link(struct host *h, char **refusal)
{
	switch (h->st.link) {
	case HOST_LINK_DISCONNECTED:
		set_cause(refusal, "not connected to a printer");
		return -1;
	case HOST_LINK_RECONNECTING:
		set_cause(refusal, "the printer is disconnected (waiting for "
		    "%s to come back)", h->path != NULL ? h->path : "the port");
		return -1;
	case HOST_LINK_HALTED:
		set_cause(refusal, "the printer has halted (%s): reset or "
		    "power-cycle it, then reconnect", h->st.halt_message);
		return -1;
	case HOST_LINK_CONNECTING:
	case HOST_LINK_READY:
	case HOST_LINK_NOT_RESPONDING:
		break;
	}
	return 0;
}

static bool
host_is_m112(const char *cmd)
{
	struct gcode_cmd g;

	return gcode_parse(cmd, strlen(cmd), &g) && gcode_is(&g, 'M', 112) &&
	    g.subcode < 0;
}

/* A command that makes the planner move the head. */
static bool
host_is_move(const char *cmd)
{
	struct gcode_cmd g;

	if (!gcode_parse(cmd, strlen(cmd), &g) || g.letter != 'G')
		return false;
	return g.code <= 3 || g.code == 28 || g.code == 29 || g.code == 30 ||
	    g.code == 80;
}

int
host_queue(struct host *h, const char *cmd, enum host_source source,
    host_done_cb done, void *data, bool internal, char **refusal)
{
	char stripped[GCODE_MAX_LINE];
	char *reason = NULL;
	struct host_cmd *c;
	int n;

	n = gcode_strip(cmd, strlen(cmd), stripped, sizeof stripped);
	if (n <= 0) {
		set_cause(refusal, n == 0 ? "nothing to send" :
		    "command longer than %d characters", GCODE_MAX_LINE - 1);
		return -1;
	}
	if (host_is_m112(stripped) && h->open && h->proto != NULL) {
		/* Framed and queued it would wait its turn: never. */
		host_emergency_stop(h);
		if (done != NULL) {
			struct host_reply r;

			memset(&r, 0, sizeof r);
			r.result = HOST_RESULT_HALTED;
			r.cmd = stripped;
			r.message = h->st.halt_message;
			done(&r, data);
		}
		return 0;
	}
	if (host_refuse_link(h, refusal) != 0)
		return -1;
	/* The guard judges the whole command as given (a newline or '*'
	 * inside it is refused, not cut off) and the canonical form it
	 * judged replaces it: that is what the printer runs. */
	h->guard.flavour = h->st.flavour;
	if (guard_judge(&h->guard, h->profile, cmd, source, stripped,
	    sizeof stripped, &reason) != 0) {
		h->st.refused++;
		HOST_NOTIFY(h, refused, stripped, source, reason);
		if (refusal != NULL) {
			free(*refusal);
			*refusal = reason;
		} else
			free(reason);
		return -1;
	}
	guard_apply(&h->guard, h->profile, stripped);
	if (source != HOST_SRC_HOST)
		host_active(h);
	if (host_is_move(stripped))
		h->moves_queued++;
	c = xcalloc(1, sizeof *c);
	c->tag = ++h->next_tag;
	c->cmd = xstrdup(stripped);
	c->source = source;
	c->done = done;
	c->data = data;
	c->internal = internal;
	if (h->st.link == HOST_LINK_CONNECTING || h->proto == NULL) {
		host_list_push(&h->waiting, c);
		return 0;
	}
	host_list_push(&h->sent, c);
	if (proto_queue(h->proto, c->cmd, c->tag, false) != 0) {
		host_list_take(&h->sent, c->tag);
		host_cmd_free(c);
		set_cause(refusal, "command too long to send");
		return -1;
	}
	return 0;
}

int
host_send(struct host *h, const char *cmd, enum host_source source,
    host_done_cb done, void *data, char **refusal)
{
	return host_queue(h, cmd, source, done, data, false, refusal);
}

int
host_send_declared_z(struct host *h, double z, host_done_cb done, void *data,
    char **refusal)
{
	char cmd[48];

	snprintf(cmd, sizeof cmd, "G92 Z%.3f", z);
	if (host_queue(h, cmd, HOST_SRC_HOST, done, data, false, refusal) != 0)
		return -1;
	guard_declare_z(&h->guard, z);
	return 0;
}

int
host_check(struct host *h, const char *cmd, enum host_source source,
    char **refusal)
{
	char stripped[GCODE_MAX_LINE];
	int n = gcode_strip(cmd, strlen(cmd), stripped, sizeof stripped);

	if (n <= 0) {
		set_cause(refusal, n == 0 ? "nothing to send" :
		    "command longer than %d characters", GCODE_MAX_LINE - 1);
		return -1;
	}
	h->guard.flavour = h->st.flavour;
	return guard_check(&h->guard, h->profile, cmd, source, refusal);
}
