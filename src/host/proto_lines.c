/*
 * The protocol engine's lines: the queues they wait in (a ring each), a
 * line framed with its number, the events the owner hears and the trace of
 * the last lines each way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto_int.h"

static void
ring_grow(struct ring *r)
{
	size_t cap = r->cap == 0 ? 16 : r->cap * 2;
	struct pline **v = xcalloc(cap, sizeof *v);

	for (size_t i = 0; i < r->len; i++)
		v[i] = r->v[(r->head + i) % r->cap];
	free(r->v);
	r->v = v;
	r->cap = cap;
	r->head = 0;
}

void
proto_ring_push_back(struct ring *r, struct pline *l)
{
	if (r->len == r->cap)
		ring_grow(r);
	r->v[(r->head + r->len) % r->cap] = l;
	r->len++;
}

void
proto_ring_push_front(struct ring *r, struct pline *l)
{
	if (r->len == r->cap)
		ring_grow(r);
	r->head = (r->head + r->cap - 1) % r->cap;
	r->v[r->head] = l;
	r->len++;
}

/* Puts l at index i (0: the front), the lines from there one later. */
void
proto_ring_insert(struct ring *r, size_t i, struct pline *l)
{
	proto_ring_push_back(r, l);
	for (size_t k = r->len - 1; k > i; k--)
		r->v[(r->head + k) % r->cap] = r->v[(r->head + k - 1) % r->cap];
	r->v[(r->head + i) % r->cap] = l;
}

struct pline *
proto_ring_pop_front(struct ring *r)
{
	struct pline *l;

	if (r->len == 0)
		return NULL;
	l = r->v[r->head];
	r->head = (r->head + 1) % r->cap;
	r->len--;
	return l;
}

struct pline *
proto_ring_at(const struct ring *r, size_t i)
{
	return r->v[(r->head + i) % r->cap];
}

void
proto_pline_free(struct pline *l)
{
	if (l != NULL) {
		free(l->cmd);
		free(l->framed);
		free(l);
	}
}

void
proto_ring_clear(struct ring *r)
{
	struct pline *l;

	while ((l = proto_ring_pop_front(r)) != NULL)
		proto_pline_free(l);
}

void
proto_ring_free(struct ring *r)
{
	proto_ring_clear(r);
	free(r->v);
	memset(r, 0, sizeof *r);
}

static bool
cmd_is_long(const struct gcode_cmd *c)
{
	static const int g_long[] = { 4, 28, 29, 33, 34, 35, 76, 80 };
	static const int m_long[] = { 0, 1, 48, 109, 116, 190, 191, 226, 303,
	    400, 600, 701, 702 };

	if (c->letter == 'G') {
		for (size_t i = 0; i < LL_ARRAY_LEN(g_long); i++)
			if (c->code == g_long[i])
				return true;
	} else if (c->letter == 'M') {
		for (size_t i = 0; i < LL_ARRAY_LEN(m_long); i++)
			if (c->code == m_long[i])
				return true;
	}
	return false;
}

struct pline *
proto_pline_new(const char *cmd, uint64_t tag, bool internal)
{
	struct pline *l = xcalloc(1, sizeof *l);
	struct gcode_cmd c;

	l->cmd = xstrdup(cmd);
	l->tag = tag;
	l->internal = internal;
	l->n = -1;
	if (gcode_word(cmd, strlen(cmd), &c)) {
		l->is_long = cmd_is_long(&c);
		l->is_m105 = gcode_is(&c, 'M', 105);
		l->answer = gcode_is(&c, 'M', 108) || gcode_is(&c, 'M', 876);
		l->waits = gcode_is(&c, 'M', 0) || gcode_is(&c, 'M', 1) ||
		    gcode_is(&c, 'M', 600);
	}
	return l;
}

void
proto_pline_number(struct pline *l, long n)
{
	char buf[GCODE_MAX_LINE + 32];
	int len = gcode_frame(buf, sizeof buf, n, l->cmd);

	if (len < 0)
		fatal("proto: cannot frame line %ld", n);	/* checked at queue */
	free(l->framed);
	l->n = n;
	l->framed = xstrndup(buf, (size_t)len);
	l->framed_len = (size_t)len;
}

struct pline *
proto_line_at(const struct proto *p, long n)
{
	if (n < p->sent_first || n >= p->next_n)
		return NULL;
	return proto_ring_at(&p->sent, (size_t)(n - p->sent_first));
}

/* Appends a numbered line at next_n. */
struct pline *
proto_line_append(struct proto *p, struct pline *l)
{
	proto_pline_number(l, p->next_n);
	if (p->sent.len == 0)
		p->sent_first = p->next_n;
	proto_ring_push_back(&p->sent, l);
	p->next_n++;
	return l;
}

size_t
proto_bytes_in_flight(const struct proto *p)
{
	size_t bytes = 0;

	for (long n = p->ack_n; n < p->send_pos; n++)
		bytes += proto_line_at(p, n)->framed_len;
	return bytes;
}

bool
proto_long_in_flight(const struct proto *p)
{
	for (long n = p->ack_n; n < p->send_pos; n++) {
		if (proto_line_at(p, n)->is_long)
			return true;
	}
	return false;
}

/*
 * Event text is valid UTF-8 without control characters: printer noise must
 * not reach a terminal as escape sequences. (Not text_clean: this fills the
 * protocol's own fixed buffer, once per line received.)
 */
const char *
proto_sanitise(struct proto *p, const char *s, size_t len)
{
	size_t o = 0, i = 0;

	while (i < len && o + 4 < sizeof p->text) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t used;

		if (c < 0x20 || c == 0x7f) {
			if (c == '\t')
				p->text[o++] = ' ';
			i++;
			continue;
		}
		if (c < 0x80) {
			p->text[o++] = (char)c;
			i++;
			continue;
		}
		used = utf8_decode(s + i, len - i, &cp);
		/* Broken UTF-8 and the C1 controls (U+009B is a CSI to some
		 * terminals) show as U+FFFD, as in text_clean: visibly. */
		if ((cp == 0xfffd && !(used == 3 && c == 0xef)) ||
		    (cp >= 0x80 && cp <= 0x9f)) {
			memcpy(p->text + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i += used;
			continue;
		}
		memcpy(p->text + o, s + i, used);
		o += used;
		i += used;
	}
	p->text[o] = '\0';
	return p->text;
}

void
proto_emit(struct proto *p, enum proto_event_kind kind, const char *text,
    uint64_t tag, long line, const struct gcode_temps *temps)
{
	struct proto_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	ev.text = text;
	ev.tag = tag;
	ev.line = line;
	ev.temps = temps;
	p->cb(&ev, p->data);
}

void
proto_emit_text(struct proto *p, enum proto_event_kind kind, const char *s,
    size_t len, long line)
{
	proto_emit(p, kind, proto_sanitise(p, s, len), 0, line, NULL);
}

/* Like Klipper's serialqueue debug ring: the last lines each way, so a
 * report from a real printer shows what led to a failure. */
void
proto_trace_add(struct proto *p, char dir, const char *s, size_t len)
{
	struct trace_entry *e = &p->trace[p->trace_next];
	size_t o = 0;

	e->at = p->now;
	e->dir = dir;
	for (size_t i = 0; i < len && o + 1 < sizeof e->text; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n' || c == '\r')
			continue;
		e->text[o++] = c < 0x20 || c >= 0x7f ? '?' : (char)c;
	}
	e->text[o] = '\0';
	p->trace_next = (p->trace_next + 1) % PROTO_TRACE;
	if (p->trace_len < PROTO_TRACE)
		p->trace_len++;
}

size_t
proto_trace(const struct proto *p, struct buf *out)
{
	size_t start = out->len;
	unsigned first = (p->trace_next + PROTO_TRACE - p->trace_len) % PROTO_TRACE;
	uint64_t last = p->trace_len > 0 ?
	    p->trace[(p->trace_next + PROTO_TRACE - 1) % PROTO_TRACE].at : 0;

	for (unsigned i = 0; i < p->trace_len; i++) {
		const struct trace_entry *e = &p->trace[(first + i) % PROTO_TRACE];

		buf_appendf(out, "%7.3f s %s %s\n",
		    -(double)(last - e->at) / 1000.0,
		    e->dir == '>' ? "sent" : "recv", e->text);
	}
	return out->len - start;
}
