#include "stream.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core.h"
#include "lines.h"

/*
 * 64 KiB per read keeps system calls rare without making the reader's size
 * depend on the file. A line longer than the buffer (PrusaSlicer's config
 * block and thumbnails can be long) keeps its first LONG_KEEP bytes, enough
 * to find the command and the start of any comment.
 */
#define READ_BUFSZ (64 * 1024)
#define LONG_KEEP 4096
/* Room for "N<line> " and "*<cs>\n" when the host frames the command. */
#define FRAMING_ROOM 24

struct gcode_reader {
	char *path;
	int fd;
	bool eof;
	char buf[READ_BUFSZ];
	size_t start, end;	/* unread bytes are buf[start..end) */
	uint64_t buf_offset;	/* file offset of buf[0] */
	long lineno;		/* of the last line handed out */
	char longline[LONG_KEEP];
	char cmd[GCODE_MAX_LINE];
};

struct gcode_reader *
gcode_reader_open(const char *path, char **cause)
{
	struct gcode_reader *r;
	struct stat st;
	int fd;

	if ((fd = gcode_file_open(path, &st, cause)) == -1)
		return NULL;
	r = xcalloc(1, sizeof *r);
	r->path = xstrdup(path);
	r->fd = fd;
	return r;
}

void
gcode_reader_free(struct gcode_reader *r)
{
	if (r == NULL)
		return;
	close(r->fd);
	free(r->path);
	free(r);
}

const char *
gcode_reader_path(const struct gcode_reader *r)
{
	return r->path;
}

int
gcode_reader_seek(struct gcode_reader *r, uint64_t offset, long lineno,
    char **cause)
{
	if (lseek(r->fd, (off_t)offset, SEEK_SET) == -1) {
		set_cause(cause, "%s: %s", r->path, strerror(errno));
		return -1;
	}
	r->eof = false;
	r->start = r->end = 0;
	r->buf_offset = offset;
	r->lineno = lineno - 1;
	return 0;
}

/* Moves unread bytes to the front and reads more; -1 on a read error. */
static int
reader_fill(struct gcode_reader *r, char **cause)
{
	ssize_t n;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->buf_offset += r->start;
		r->end -= r->start;
		r->start = 0;
	}
	while (r->end < sizeof r->buf && !r->eof) {
		n = read(r->fd, r->buf + r->end, sizeof r->buf - r->end);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			set_cause(cause, "%s: %s", r->path, strerror(errno));
			return -1;
		}
		if (n == 0)
			r->eof = true;
		r->end += (size_t)n;
		/* One read is enough unless the buffer holds no whole line. */
		break;
	}
	return 0;
}

/* The first LF or CR in [from, end), or NULL. */
static char *
find_terminator(char *from, char *end)
{
	char *lf = memchr(from, '\n', (size_t)(end - from));
	char *cr = memchr(from, '\r', (size_t)((lf != NULL ? lf : end) - from));

	return cr != NULL ? cr : lf;
}

/*
 * Skips the rest of a line longer than the buffer; returns the offset just
 * past its terminator, or -1.
 */
static int
reader_skip_long(struct gcode_reader *r, uint64_t *end, char **cause)
{
	char *t;

	for (;;) {
		t = find_terminator(r->buf + r->start, r->buf + r->end);
		if (t != NULL) {
			r->start = (size_t)(t - r->buf) + 1;
			if (*t == '\r') {
				if (r->start == r->end && !r->eof &&
				    reader_fill(r, cause) == -1)
					return -1;
				if (r->start < r->end && r->buf[r->start] == '\n')
					r->start++;
			}
			*end = r->buf_offset + r->start;
			return 0;
		}
		r->start = r->end;
		if (r->eof) {
			*end = r->buf_offset + r->end;
			return 0;
		}
		if (reader_fill(r, cause) == -1)
			return -1;
	}
}

int
gcode_reader_next(struct gcode_reader *r, struct gcode_line *out, char **cause)
{
	char *line, *t;
	size_t len;
	int n;

	memset(out, 0, sizeof *out);
	for (;;) {
		t = find_terminator(r->buf + r->start, r->buf + r->end);
		/* A CR at the very end may be the first half of a CRLF. */
		if (t != NULL && (*t == '\n' || t + 1 < r->buf + r->end || r->eof))
			break;
		if (r->eof) {
			if (r->start == r->end)
				return 0;
			t = NULL;	/* a last line without terminator */
			break;
		}
		if (r->end - r->start == sizeof r->buf) {
			/* Longer than the buffer: keep its start, skip the rest. */
			out->lineno = ++r->lineno;
			out->offset = r->buf_offset + r->start;
			memcpy(r->longline, r->buf + r->start, sizeof r->longline);
			out->text = r->longline;
			out->textlen = sizeof r->longline;
			out->truncated = true;
			r->start = r->end;
			if (reader_skip_long(r, &out->end, cause) == -1)
				return -1;
			goto strip;
		}
		if (reader_fill(r, cause) == -1)
			return -1;
	}

	line = r->buf + r->start;
	len = t != NULL ? (size_t)(t - line) : r->end - r->start;
	out->lineno = ++r->lineno;
	out->offset = r->buf_offset + r->start;
	out->text = line;
	out->textlen = len;
	r->start += len;
	if (t != NULL) {
		r->start++;
		if (*t == '\r' && r->start < r->end && r->buf[r->start] == '\n')
			r->start++;
	}
	out->end = r->buf_offset + r->start;

strip:
	if (memchr(out->text, '\0', out->textlen) != NULL) {
		set_cause(cause, "%s:%ld: a NUL byte: this is not a G-code text "
		    "file", r->path, out->lineno);
		return -1;
	}
	n = gcode_strip(out->text, out->textlen, r->cmd,
	    sizeof r->cmd - FRAMING_ROOM);
	if (n == -1 || (out->truncated && n > 0 &&
	    memchr(out->text, ';', out->textlen) == NULL)) {
		set_cause(cause, "%s:%ld: command too long (at most %zu "
		    "characters can be sent)", r->path, out->lineno,
		    sizeof r->cmd - FRAMING_ROOM - 1);
		return -1;
	}
	out->cmd = r->cmd;
	out->cmdlen = (size_t)n;
	return 1;
}

/*
 * Modal state that both the scan and the tracker follow: positioning modes,
 * position, extruder, and the layer as the file's comments or Z tell it.
 */
struct modal {
	bool absolute_xyz;
	int e_mode;		/* 0 follows G90/G91, 1 M82, 2 M83 (as Marlin) */
	double pos[3];
	bool known[3];
	double e;
	int layer;
	double layer_z;		/* highest Z printed at, for GCODE_LAYERS_Z */
	double z;		/* Z of the current layer */
};

static void
modal_init(struct modal *m)
{
	memset(m, 0, sizeof *m);
	m->absolute_xyz = true;
	m->layer_z = -INFINITY;
}

static bool
e_relative(const struct modal *m)
{
	if (m->e_mode != 0)
		return m->e_mode == 2;
	return !m->absolute_xyz;
}

/* What a move did, for the scan's extents and extrusion figures. */
struct move {
	bool is_move;
	bool has_xy;
	double de;		/* extruder delta */
	bool new_layer;		/* extruded at a new highest Z */
};

/* Quick test for "G0 "/"G1 ", the bulk of any file, before parsing. */
static bool
is_move_text(const char *cmd, size_t len)
{
	return len >= 2 && (cmd[0] == 'G' || cmd[0] == 'g') &&
	    (cmd[1] == '0' || cmd[1] == '1') &&
	    (len == 2 || cmd[2] == ' ' || cmd[2] == '\t');
}

static void
modal_command(struct modal *m, const char *cmd, size_t len, struct move *mv)
{
	struct gcode_cmd c;
	static const char axes[3] = { 'X', 'Y', 'Z' };

	memset(mv, 0, sizeof *mv);
	if (!gcode_parse(cmd, len, &c))
		return;
	if (c.letter == 'G' && (c.code == 0 || c.code == 1)) {
		const struct gcode_param *e;

		mv->is_move = true;
		for (int i = 0; i < 3; i++) {
			const struct gcode_param *p = gcode_param(&c, axes[i]);
			if (p == NULL || !p->has_value)
				continue;
			if (m->absolute_xyz) {
				m->pos[i] = p->value;
				m->known[i] = true;
			} else
				m->pos[i] += p->value;
			if (i < 2)
				mv->has_xy = true;
		}
		e = gcode_param(&c, 'E');
		if (e != NULL && e->has_value) {
			if (e_relative(m))
				mv->de = e->value;
			else {
				mv->de = e->value - m->e;
				m->e = e->value;
			}
		}
		if (mv->de > 0 && mv->has_xy && m->known[2] &&
		    m->pos[2] > m->layer_z + 1e-6) {
			m->layer_z = m->pos[2];
			mv->new_layer = true;
		}
		return;
	}
	if (c.letter == 'G' && c.code == 90)
		m->absolute_xyz = true;
	else if (c.letter == 'G' && c.code == 91)
		m->absolute_xyz = false;
	else if (c.letter == 'M' && c.code == 82)
		m->e_mode = 1;
	else if (c.letter == 'M' && c.code == 83)
		m->e_mode = 2;
	else if (c.letter == 'G' && c.code == 92) {
		const struct gcode_param *p;
		for (int i = 0; i < 3; i++) {
			p = gcode_param(&c, axes[i]);
			if (p != NULL && p->has_value) {
				m->pos[i] = p->value;
				m->known[i] = true;
			}
		}
		p = gcode_param(&c, 'E');
		if (p != NULL && p->has_value)
			m->e = p->value;
		else if (c.nparams == 0)
			m->e = 0;
	} else if (c.letter == 'G' && c.code == 28) {
		/* Homed axes sit at an unknown spot near 0: forget them. */
		bool all = c.nparams == 0;
		for (int i = 0; i < 3; i++) {
			if (all || gcode_param(&c, axes[i]) != NULL)
				m->known[i] = false;
		}
	}
}

/* "text" after a fixed prefix, or NULL. */
static const char *
after(const char *text, size_t len, const char *prefix)
{
	size_t plen = strlen(prefix);

	if (len < plen || memcmp(text, prefix, plen) != 0)
		return NULL;
	return text + plen;
}

double
gcode_parse_duration(const char *s)
{
	double total = 0, v;
	bool any = false;
	char *end;

	for (;;) {
		while (*s == ' ')
			s++;
		if (*s == '\0' || *s == '\r' || *s == '\n')
			break;
		v = strtod(s, &end);
		if (end == s || v < 0)
			return -1;
		switch (*end) {
		case 'd': total += v * 86400; break;
		case 'h': total += v * 3600; break;
		case 'm': total += v * 60; break;
		case 's': total += v; break;
		default: return -1;
		}
		any = true;
		s = end + 1;
	}
	return any ? total : -1;
}

/* Copies a comment line into a NUL-terminated scratch string. */
static const char *
comment_string(const struct gcode_line *l, char *tmp, size_t tmpsz)
{
	size_t n = l->textlen < tmpsz - 1 ? l->textlen : tmpsz - 1;

	memcpy(tmp, l->text, n);
	tmp[n] = '\0';
	return tmp;
}

static void
scan_comment(struct gcode_scan *s, const struct gcode_line *l, int *prusa_layers,
    int *cura_layers)
{
	const char *t = l->text, *v;
	size_t len = l->textlen;
	char tmp[256];
	double d;

	if (len >= 13 && after(t, len, ";LAYER_CHANGE") != NULL)
		(*prusa_layers)++;
	else if (after(t, len, ";LAYER:") != NULL)
		(*cura_layers)++;
	else if ((v = after(t, len, ";TIME:")) != NULL) {
		d = atof(comment_string(l, tmp, sizeof tmp) + (v - t));
		if (d > 0 && s->estimate_source != GCODE_ESTIMATE_PRUSA) {
			s->estimate_s = d;
			s->estimate_source = GCODE_ESTIMATE_CURA;
		}
	} else if ((v = after(t, len,
	    "; estimated printing time (normal mode) = ")) != NULL) {
		d = gcode_parse_duration(comment_string(l, tmp, sizeof tmp) +
		    (v - t));
		if (d >= 0) {
			s->estimate_s = d;
			s->estimate_source = GCODE_ESTIMATE_PRUSA;
		}
	} else if ((v = after(t, len,
	    "; estimated printing time (silent mode) = ")) != NULL) {
		d = gcode_parse_duration(comment_string(l, tmp, sizeof tmp) +
		    (v - t));
		if (d >= 0)
			s->estimate_silent_s = d;
	} else if ((v = after(t, len, "; filament used [mm] = ")) != NULL) {
		s->filament_mm = atof(comment_string(l, tmp, sizeof tmp) +
		    (v - t));
		s->filament_from_slicer = true;
	} else if ((v = after(t, len, ";Filament used: ")) != NULL) {
		/* Cura writes metres, one figure per extruder. */
		s->filament_mm = atof(comment_string(l, tmp, sizeof tmp) +
		    (v - t)) * 1000.0;
		s->filament_from_slicer = true;
	} else if (s->slicer[0] == '\0' &&
	    ((v = after(t, len, "; generated by ")) != NULL ||
	    (v = after(t, len, ";Generated with ")) != NULL)) {
		const char *p = comment_string(l, tmp, sizeof tmp) + (v - t);
		const char *on = strstr(p, " on ");
		size_t n = on != NULL ? (size_t)(on - p) : strlen(p);
		if (n >= sizeof s->slicer)
			n = sizeof s->slicer - 1;
		memcpy(s->slicer, p, n);
		s->slicer[n] = '\0';
	}
}

/* The R (minutes left) of an M73, or -1. */
static double
m73_minutes_left(const struct gcode_cmd *c)
{
	return gcode_value(c, 'R', -1);
}

struct gcode_scanner {
	struct gcode_reader *reader;
	struct gcode_scan scan;
	struct modal m;
	int prusa_layers, cura_layers, z_layers;
	double first_m73_left;
	bool done;
};

struct gcode_scanner *
gcode_scanner_open(const char *path, char **cause)
{
	struct gcode_scanner *sc;
	struct gcode_reader *r = gcode_reader_open(path, cause);

	if (r == NULL)
		return NULL;
	sc = xcalloc(1, sizeof *sc);
	sc->reader = r;
	sc->scan.estimate_s = sc->scan.estimate_silent_s = -1;
	for (int i = 0; i < 3; i++) {
		sc->scan.min[i] = sc->scan.print_min[i] = INFINITY;
		sc->scan.max[i] = sc->scan.print_max[i] = -INFINITY;
	}
	sc->first_m73_left = -1;
	modal_init(&sc->m);
	return sc;
}

void
gcode_scanner_free(struct gcode_scanner *sc)
{
	if (sc == NULL)
		return;
	gcode_reader_free(sc->reader);
	free(sc);
}

static void
scan_line(struct gcode_scanner *sc, const struct gcode_line *l)
{
	struct gcode_scan *out = &sc->scan;
	struct modal *m = &sc->m;
	struct move mv;

	out->lines++;
	out->bytes = l->end;
	if (l->cmdlen == 0) {
		if (l->textlen > 0 && l->text[0] == ';')
			scan_comment(out, l, &sc->prusa_layers,
			    &sc->cura_layers);
		return;
	}
	out->commands++;
	if (l->cmdlen > out->longest_command)
		out->longest_command = l->cmdlen;
	if (is_move_text(l->cmd, l->cmdlen)) {
		modal_command(m, l->cmd, l->cmdlen, &mv);
		if (mv.new_layer)
			sc->z_layers++;
		for (int i = 0; i < 3; i++) {
			if (!m->known[i])
				continue;
			out->has_moves = true;
			if (m->pos[i] < out->min[i])
				out->min[i] = m->pos[i];
			if (m->pos[i] > out->max[i])
				out->max[i] = m->pos[i];
			if (mv.de <= 0 || !mv.has_xy)
				continue;
			if (m->pos[i] < out->print_min[i])
				out->print_min[i] = m->pos[i];
			if (m->pos[i] > out->print_max[i])
				out->print_max[i] = m->pos[i];
		}
		if (mv.de > 0 && mv.has_xy)
			out->extruded_mm += mv.de;
		return;
	}
	if ((l->cmd[0] == 'M' || l->cmd[0] == 'm') &&
	    after(l->cmd, l->cmdlen, "M73") != NULL) {
		struct gcode_cmd c;
		if (gcode_parse(l->cmd, l->cmdlen, &c) &&
		    gcode_is(&c, 'M', 73)) {
			out->has_m73 = true;
			if (sc->first_m73_left < 0)
				sc->first_m73_left = m73_minutes_left(&c);
		}
		return;
	}
	modal_command(m, l->cmd, l->cmdlen, &mv);
}

static void
scan_finish(struct gcode_scanner *sc)
{
	struct gcode_scan *out = &sc->scan;

	if (sc->prusa_layers > 0) {
		out->layers = sc->prusa_layers;
		out->layer_source = GCODE_LAYERS_PRUSA;
	} else if (sc->cura_layers > 0) {
		out->layers = sc->cura_layers;
		out->layer_source = GCODE_LAYERS_CURA;
	} else if (sc->z_layers > 0) {
		out->layers = sc->z_layers;
		out->layer_source = GCODE_LAYERS_Z;
	}
	if (out->estimate_s < 0 && sc->first_m73_left >= 0) {
		out->estimate_s = sc->first_m73_left * 60;
		out->estimate_source = GCODE_ESTIMATE_M73;
	}
	if (!out->filament_from_slicer)
		out->filament_mm = out->extruded_mm;
	for (int i = 0; i < 3; i++) {
		if (!out->has_moves)
			out->min[i] = out->max[i] = 0;
		if (out->extruded_mm <= 0)
			out->print_min[i] = out->print_max[i] = 0;
	}
	sc->done = true;
}

int
gcode_scanner_step(struct gcode_scanner *sc, size_t max_bytes, char **cause)
{
	struct gcode_line l;
	uint64_t stop = sc->scan.bytes + max_bytes;
	int rc;

	if (sc->done)
		return 0;
	while ((rc = gcode_reader_next(sc->reader, &l, cause)) == 1) {
		scan_line(sc, &l);
		if (sc->scan.bytes >= stop)
			return 1;
	}
	if (rc == -1)
		return -1;
	scan_finish(sc);
	return 0;
}

uint64_t
gcode_scanner_offset(const struct gcode_scanner *sc)
{
	return sc->scan.bytes;
}

const struct gcode_scan *
gcode_scanner_result(const struct gcode_scanner *sc)
{
	return sc->done ? &sc->scan : NULL;
}

int
gcode_scan_file(const char *path, struct gcode_scan *out, char **cause)
{
	struct gcode_scanner *sc = gcode_scanner_open(path, cause);
	int rc;

	memset(out, 0, sizeof *out);
	if (sc == NULL)
		return -1;
	rc = gcode_scanner_step(sc, SIZE_MAX, cause);
	if (rc == 0)
		*out = sc->scan;
	gcode_scanner_free(sc);
	return rc == 0 ? 0 : -1;
}

/*
 * The tracker keeps its modal state in the public struct's fields; this
 * mirrors them into a struct modal for the shared move logic.
 */
static void
progress_modal_load(const struct gcode_progress *p, struct modal *m)
{
	modal_init(m);
	m->absolute_xyz = p->absolute_xyz;
	m->e_mode = p->absolute_e ? 1 : 2;
	m->e = p->read_e;
	m->layer_z = p->layer_z;
	m->pos[2] = p->read_pos_z;
	m->known[2] = p->read_z_known;
}

void
gcode_progress_init(struct gcode_progress *p, const struct gcode_scan *scan,
    uint64_t now_ms)
{
	memset(p, 0, sizeof *p);
	p->total_bytes = scan->bytes;
	p->total_lines = scan->lines;
	p->total_commands = scan->commands;
	p->total_layers = scan->layers;
	p->estimate_s = scan->estimate_s;
	p->layer_source = scan->layer_source;
	p->absolute_xyz = true;
	p->absolute_e = true;
	p->layer_z = -INFINITY;
	p->read.slicer_left_s = -1;
	p->read.z = 0;
	p->read.slicer_percent = -1;
	p->done = p->base = p->read;
	p->started_ms = now_ms;
}

static void
progress_comment(struct gcode_progress *p, const struct gcode_line *l)
{
	const char *v;
	char tmp[64];

	if (p->layer_source == GCODE_LAYERS_PRUSA &&
	    after(l->text, l->textlen, ";LAYER_CHANGE") != NULL)
		p->read.layer++;
	else if (p->layer_source == GCODE_LAYERS_CURA &&
	    after(l->text, l->textlen, ";LAYER:") != NULL)
		p->read.layer++;
	else if ((v = after(l->text, l->textlen, ";Z:")) != NULL)
		p->read.z = atof(comment_string(l, tmp, sizeof tmp) +
		    (v - l->text));
	else if (p->estimate_s > 0 &&
	    (v = after(l->text, l->textlen, ";TIME_ELAPSED:")) != NULL) {
		double elapsed = atof(comment_string(l, tmp, sizeof tmp) +
		    (v - l->text));
		p->read.slicer_left_s = p->estimate_s > elapsed ?
		    p->estimate_s - elapsed : 0;
	}
}

bool
gcode_progress_read(struct gcode_progress *p, const struct gcode_line *l,
    struct gcode_mark *mark)
{
	p->read.lineno = l->lineno;
	p->read.end = l->end;
	if (l->cmdlen == 0) {
		if (l->textlen > 0 && l->text[0] == ';')
			progress_comment(p, l);
		return false;
	}
	p->read.command++;
	if (is_move_text(l->cmd, l->cmdlen)) {
		/* Only Z and E matter here; skip the parse when neither is set. */
		if (memchr(l->cmd, 'Z', l->cmdlen) != NULL ||
		    memchr(l->cmd, 'E', l->cmdlen) != NULL) {
			struct modal m;
			struct move mv;

			progress_modal_load(p, &m);
			modal_command(&m, l->cmd, l->cmdlen, &mv);
			p->read_e = m.e;
			p->read_pos_z = m.pos[2];
			p->read_z_known = m.known[2];
			if (m.known[2] && mv.de > 0 && mv.has_xy)
				p->read.z = m.pos[2];
			p->layer_z = m.layer_z;
			if (mv.new_layer && p->layer_source == GCODE_LAYERS_Z)
				p->read.layer++;
		}
	} else if (l->cmd[0] == 'G' || l->cmd[0] == 'M' || l->cmd[0] == 'g' ||
	    l->cmd[0] == 'm') {
		struct gcode_cmd c;

		if (gcode_parse(l->cmd, l->cmdlen, &c)) {
			if (gcode_is(&c, 'G', 90))
				p->absolute_xyz = true;
			else if (gcode_is(&c, 'G', 91))
				p->absolute_xyz = false;
			else if (gcode_is(&c, 'M', 82))
				p->absolute_e = true;
			else if (gcode_is(&c, 'M', 83))
				p->absolute_e = false;
			else if (gcode_is(&c, 'G', 92))
				p->read_e = gcode_value(&c, 'E', c.nparams == 0 ?
				    0 : p->read_e);
			else if (gcode_is(&c, 'M', 73)) {
				double left = m73_minutes_left(&c);
				double pct = gcode_value(&c, 'P', -1);
				if (left >= 0)
					p->read.slicer_left_s = left * 60;
				if (pct >= 0 && pct <= 100)
					p->read.slicer_percent = (int)pct;
			}
		}
	}
	if (mark != NULL)
		*mark = p->read;
	return true;
}

void
gcode_progress_confirm(struct gcode_progress *p, const struct gcode_mark *mark)
{
	if (mark->command < p->done.command)
		return;
	p->done = *mark;
}

void
gcode_progress_finish(struct gcode_progress *p)
{
	p->done = p->read;
}

void
gcode_progress_skip_to(struct gcode_progress *p, const struct gcode_mark *mark)
{
	p->done = *mark;
	p->base = *mark;
}

void
gcode_progress_wait(struct gcode_progress *p, bool waiting, uint64_t now_ms)
{
	if (waiting == p->waiting)
		return;
	p->waiting = waiting;
	if (waiting)
		p->wait_began_ms = now_ms;
	else if (now_ms > p->wait_began_ms)
		p->waited_ms += now_ms - p->wait_began_ms;
}

bool
gcode_is_wait_command(const char *cmd, size_t len)
{
	struct gcode_cmd c;

	if (len < 3 || !gcode_word(cmd, len, &c))
		return false;
	if (c.letter == 'M')
		return c.code == 109 || c.code == 190 || c.code == 191 ||
		    c.code == 116;
	return c.letter == 'G' && (c.code == 28 || c.code == 29);
}

/* Printing time without pauses and without the waits slicers leave out. */
static double
progress_active(const struct gcode_progress *p, uint64_t now_ms)
{
	double s = gcode_progress_elapsed(p, now_ms);
	uint64_t waited = p->waited_ms;

	if (p->waiting && now_ms > p->wait_began_ms)
		waited += now_ms - p->wait_began_ms;
	s -= (double)waited / 1000.0;
	return s > 0 ? s : 0;
}

void
gcode_progress_pause(struct gcode_progress *p, uint64_t now_ms)
{
	if (p->paused)
		return;
	p->paused = true;
	p->pause_began_ms = now_ms;
}

void
gcode_progress_resume(struct gcode_progress *p, uint64_t now_ms)
{
	if (!p->paused)
		return;
	p->paused = false;
	p->paused_ms += now_ms - p->pause_began_ms;
}

double
gcode_progress_bytes(const struct gcode_progress *p)
{
	if (p->total_bytes == 0)
		return 1;
	return (double)p->done.end / (double)p->total_bytes;
}

double
gcode_progress_commands(const struct gcode_progress *p)
{
	if (p->total_commands <= 0)
		return gcode_progress_bytes(p);
	if (p->done.command >= p->total_commands)
		return 1;
	return (double)p->done.command / (double)p->total_commands;
}

double
gcode_progress_lines(const struct gcode_progress *p)
{
	if (p->total_lines == 0)
		return 1;
	return (double)p->done.lineno / (double)p->total_lines;
}

double
gcode_progress_elapsed(const struct gcode_progress *p, uint64_t now_ms)
{
	uint64_t paused = p->paused_ms;

	if (p->paused)
		paused += now_ms - p->pause_began_ms;
	if (now_ms < p->started_ms + paused)
		return 0;
	return (double)(now_ms - p->started_ms - paused) / 1000.0;
}

/* The slicer's time left after mark, -1 without an estimate. */
static double
slicer_left(const struct gcode_progress *p, const struct gcode_mark *mark)
{
	double left;

	if (p->estimate_s <= 0)
		return -1;
	if (mark->slicer_left_s >= 0)
		left = mark->slicer_left_s;
	else if (p->total_bytes > 0)
		left = p->estimate_s * (1 - (double)mark->end /
		    (double)p->total_bytes);
	else
		left = 0;
	return left > p->estimate_s ? p->estimate_s : left;
}

double
gcode_progress_eta(const struct gcode_progress *p, uint64_t now_ms)
{
	double elapsed = progress_active(p, now_ms);
	double left, expected, rate, trust;
	uint64_t run_bytes;

	if (p->done.end >= p->total_bytes)
		return 0;
	if (p->estimate_s > 0) {
		left = slicer_left(p, &p->done);
		expected = slicer_left(p, &p->base) - left;
		if (expected < 1 || elapsed <= 0)
			return left;
		/*
		 * How much slower (or faster) than the slicer this printer
		 * goes, trusted fully once a tenth of the print is behind us:
		 * early on, heat-up waits the slicer leaves out would
		 * distort it.
		 */
		rate = elapsed / expected;
		if (rate < 0.1)
			rate = 0.1;
		if (rate > 10)
			rate = 10;
		trust = expected / (0.1 * p->estimate_s);
		if (trust > 1)
			trust = 1;
		return left * ((1 - trust) + trust * rate);
	}
	run_bytes = p->done.end - p->base.end;
	if (elapsed < 1 || run_bytes == 0 ||
	    (double)run_bytes < 0.005 * (double)p->total_bytes)
		return -1;
	return elapsed * (double)(p->total_bytes - p->done.end) /
	    (double)run_bytes;
}
