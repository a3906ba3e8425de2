#include "check.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "core.h"
#include "gcode.h"
#include "interp.h"
#include "lex.h"
#include "lines.h"
#include "slicer.h"

/* Coordinates are compared with this much slack for rounding in files. */
#define SLACK 0.001

enum rule {
	RULE_BINARY,
	RULE_OUTSIDE,
	RULE_NOZZLE_TEMP,
	RULE_BED_TEMP,
	RULE_COLD_EXTRUSION,
	RULE_NOT_HOMED,
	RULE_FILAMENT,
	RULE_NOZZLE,
	RULE_PRUSA_MODEL,
	RULE_PRINTER_NAME,
	RULE_UNSENDABLE,
	RULE_COUNT,
};

static const char *const rule_names[RULE_COUNT] = {
	"binary G-code",
	"moves outside the axes",
	"nozzle temperatures above the limit",
	"bed temperatures above the limit",
	"extrusion before the nozzle is hot",
	"moves before homing",
	"filament diameter",
	"nozzle diameter",
	"M862 printer checks",
	"slicer's printer",
	"lines that cannot be sent",
};

struct gcode_check {
	char *path;
	struct gcode_machine m;
	struct lines *r;
	struct interp it;
	struct slicer_info info;
	struct buf listed;
	long count[RULE_COUNT];
	long last_line[RULE_COUNT];
	long problems;
	bool done;
	bool binary;
	uint64_t offset;	/* bytes read */
	double nozzle_target;
	bool nozzle_waited;	/* an M109 reached a temperature since */
	char *report;
};

static void LL_PRINTF(4, 5)
problem(struct gcode_check *c, enum rule rule, long line, const char *fmt, ...)
{
	va_list ap;

	c->problems++;
	c->count[rule]++;
	c->last_line[rule] = line;
	if (c->count[rule] > GCODE_CHECK_LIST_MAX)
		return;
	buf_appendf(&c->listed, "%s:%ld: ", c->path, line);
	va_start(ap, fmt);
	{
		char *t = xvasprintf(fmt, ap);
		buf_append_str(&c->listed, t);
		free(t);
	}
	va_end(ap);
	buf_append_str(&c->listed, "\n");
}

struct gcode_check *
gcode_check_open(const char *path, const struct gcode_machine *m, char **cause)
{
	struct gcode_check *c;
	struct lines *r;
	char head[4];

	r = lines_open(path, cause);
	if (r == NULL)
		return NULL;
	c = xcalloc(1, sizeof *c);
	c->path = xstrdup(path);
	c->m = *m;
	c->r = r;
	buf_init(&c->listed);
	interp_init(&c->it, m->home);
	slicer_info_init(&c->info);
	if (lines_head(r, head, 4) == 4 && memcmp(head, "GCDE", 4) == 0) {
		problem(c, RULE_BINARY, 1, "binary G-code (.bgcode): this "
		    "printer is sent plain G-code; export the file as text");
		c->binary = true;
		c->done = true;
	}
	return c;
}

void
gcode_check_free(struct gcode_check *c)
{
	if (c == NULL)
		return;
	lines_free(c->r);
	buf_free(&c->listed);
	free(c->report);
	free(c->path);
	free(c);
}

double
gcode_check_progress(const struct gcode_check *c)
{
	uint64_t size = lines_size(c->r);

	if (c->done || size == 0)
		return 1;
	return (double)c->offset / (double)size;
}

long
gcode_check_problems(const struct gcode_check *c)
{
	return c->problems;
}

/* A printer model named in free text: "ender3", "mk3", ... or "". */
static const char *
model_token(const char *text)
{
	static const char *const models[] = {
		"ender3", "ender5", "ender6", "ender7", "cr10", "cr6", "k1",
		"mk4", "mk3", "mk2", "mini", "xl", "i3mega", "kobra", "vyper",
		"sidewinder", "genius", "voron", "x1c", "p1p", "p1s", "a1",
		"ultimaker", "sovol", "neptune", "elegoo", NULL,
	};
	static char flat[160];
	size_t n = 0;

	for (const char *p = text; *p != '\0' && n + 1 < sizeof flat; p++) {
		if (isalnum((unsigned char)*p))
			flat[n++] = (char)tolower((unsigned char)*p);
	}
	flat[n] = '\0';
	for (int i = 0; models[i] != NULL; i++) {
		if (strstr(flat, models[i]) != NULL)
			return models[i];
	}
	return "";
}

static void
check_printer_name(struct gcode_check *c, const char *named, long line)
{
	char mine[200];
	const char *theirs, *ours;

	snprintf(mine, sizeof mine, "%s %s", c->m.name, c->m.id);
	theirs = model_token(named);
	if (*theirs == '\0')
		return;
	{
		char t[32];
		snprintf(t, sizeof t, "%s", theirs);
		ours = model_token(mine);
		if (*ours != '\0' && strcmp(t, ours) != 0)
			problem(c, RULE_PRINTER_NAME, line, "sliced for \"%s\", "
			    "not for this printer (%s)", named, c->m.name);
	}
}

static void
check_comment(struct gcode_check *c, const char *text, size_t len, long line)
{
	struct slicer_info *si = &c->info;

	slicer_comment(si, text, len, line);
	if (si->filament_diameter_line == line &&
	    si->filament_diameter > 0 && c->m.filament_diameter > 0 &&
	    fabs(si->filament_diameter - c->m.filament_diameter) > 0.05)
		problem(c, RULE_FILAMENT, line, "sliced for %.2f mm filament, "
		    "this printer takes %.2f mm", si->filament_diameter,
		    c->m.filament_diameter);
	if (si->nozzle_line == line && si->nozzle_diameter > 0 &&
	    c->m.nozzle_diameter > 0 &&
	    fabs(si->nozzle_diameter - c->m.nozzle_diameter) > 0.01)
		problem(c, RULE_NOZZLE, line, "sliced for a %.2f mm nozzle, "
		    "this printer has %.2f mm", si->nozzle_diameter,
		    c->m.nozzle_diameter);
	if (si->printer_line == line && si->printer[0] != '\0')
		check_printer_name(c, si->printer, line);
	else if (si->model_line == line && si->model[0] != '\0')
		check_printer_name(c, si->model, line);
}

/* The quoted or bare P value of an M862 line. */
static void
m862_text(const struct lex_line *l, char *out, size_t outsz)
{
	const char *p = l->args, *end = l->args + l->argslen, *q;
	size_t n;

	out[0] = '\0';
	while (p < end && *p != 'P')
		p++;
	if (p >= end)
		return;
	p++;
	while (p < end && *p == ' ')
		p++;
	if (p < end && *p == '"') {
		p++;
		q = memchr(p, '"', (size_t)(end - p));
		if (q == NULL)
			q = end;
	} else {
		q = p;
		while (q < end && *q != ' ')
			q++;
	}
	n = (size_t)(q - p) < outsz - 1 ? (size_t)(q - p) : outsz - 1;
	memcpy(out, p, n);
	out[n] = '\0';
}

static void
check_m862(struct gcode_check *c, const struct lex_line *l, long line)
{
	char v[64];

	if (l->sub == 3) {
		m862_text(l, v, sizeof v);
		if (v[0] == '\0')
			return;
		if (!c->m.prusa_checks)
			problem(c, RULE_PRUSA_MODEL, line, "made for a Prusa %s "
			    "(M862.3), not for this printer (%s)", v,
			    c->m.name);
		else if (c->m.model[0] != '\0' &&
		    strncmp(v, c->m.model, strlen(c->m.model)) != 0)
			problem(c, RULE_PRUSA_MODEL, line, "made for a Prusa %s "
			    "(M862.3), this printer is a %s", v, c->m.model);
	} else if (l->sub == 1 && LEX_HAS(l, 'P') && c->m.nozzle_diameter > 0 &&
	    fabs(l->val['P' - 'A'] - c->m.nozzle_diameter) > 0.01)
		problem(c, RULE_NOZZLE, line, "checks for a %.2f mm nozzle "
		    "(M862.1), this printer has %.2f mm", l->val['P' - 'A'],
		    c->m.nozzle_diameter);
}

static void
check_m(struct gcode_check *c, const struct lex_line *l, long line)
{
	double v;

	switch (l->code) {
	case 82: case 83:
		interp_m(&c->it, l);
		break;
	case 104: case 109:
		v = LEX_HAS(l, 'S') ? l->val['S' - 'A'] : LEX_HAS(l, 'R') ?
		    l->val['R' - 'A'] : -1;
		if (v >= 0) {
			if (c->m.max_nozzle > 0 && v > c->m.max_nozzle)
				problem(c, RULE_NOZZLE_TEMP, line, "nozzle "
				    "%.0f °C is above this printer's limit "
				    "(%.0f °C)", v, c->m.max_nozzle);
			c->nozzle_target = v;
			if (l->code == 104 && v < c->m.min_extrude)
				c->nozzle_waited = false;
		}
		if (l->code == 109)
			c->nozzle_waited = c->nozzle_target >= c->m.min_extrude;
		break;
	case 140: case 190:
		v = LEX_HAS(l, 'S') ? l->val['S' - 'A'] : LEX_HAS(l, 'R') ?
		    l->val['R' - 'A'] : -1;
		if (v >= 0 && c->m.max_bed > 0 && v > c->m.max_bed)
			problem(c, RULE_BED_TEMP, line, "bed %.0f °C is above "
			    "this printer's limit (%.0f °C)", v, c->m.max_bed);
		break;
	case 862:
		check_m862(c, l, line);
		break;
	default:
		break;
	}
}

static void
check_g(struct gcode_check *c, const struct lex_line *l, long line)
{
	static const char axes[3] = { 'X', 'Y', 'Z' };
	struct interp_move mv;
	bool absolute = c->it.abs_xyz;

	if (interp_step(&c->it, l, &mv) != INTERP_MOVE)
		return;
	for (int i = 0; i < 3; i++) {
		double pos;
		if (!LEX_HAS(l, axes[i]))
			continue;
		if (!c->it.homed[i]) {
			if (absolute)
				problem(c, RULE_NOT_HOMED, line, "moves %c "
				    "before homing (G28 first)", axes[i]);
			continue;
		}
		if (!(c->m.max[i] > c->m.min[i]))
			continue;
		pos = interp_machine(&c->it, i);
		if (pos < c->m.min[i] - SLACK || pos > c->m.max[i] + SLACK)
			problem(c, RULE_OUTSIDE, line, "moves %c to %.2f, outside "
			    "this printer's %c axis (%.2f to %.2f mm)", axes[i],
			    pos, axes[i], c->m.min[i], c->m.max[i]);
	}
	if (mv.d[3] > 1e-9 && c->m.min_extrude > 0 &&
	    (!c->nozzle_waited || c->nozzle_target < c->m.min_extrude))
		problem(c, RULE_COLD_EXTRUSION, line, "extrudes before the "
		    "nozzle is hot (wait with M109 for at least %.0f °C first)",
		    c->m.min_extrude);
}

/*
 * The guard refuses what the canonical parser refuses, when the line's turn
 * comes: hours into a print for a slicer's unfilled end-code placeholder.
 * Found here, the print is refused before anything is sent.
 */
static void
check_sendable(struct gcode_check *c, const char *text, size_t len, long line)
{
	char cmd[GCODE_MAX_LINE];
	struct gcode_canon canon;
	char *reason = NULL;
	int n;

	n = gcode_strip(text, len, cmd, sizeof cmd);
	if (n <= 0)
		return;	/* nothing to send; too long is the stream's error */
	if (gcode_canon_parse(cmd, (size_t)n, c->m.dialect, &canon,
	    &reason) == 0)
		return;
	problem(c, RULE_UNSENDABLE, line, "%s: %s", cmd,
	    reason != NULL ? reason : "cannot be sent");
	free(reason);
}

int
gcode_check_step(struct gcode_check *c, size_t budget, char **cause)
{
	struct lex_line l;
	const char *text;
	size_t len;
	uint64_t offset, start = c->offset;
	long line;
	int rc;

	if (c->done)
		return 0;
	while (c->offset - start < budget) {
		rc = lines_next(c->r, &text, &len, &offset, &line, cause);
		if (rc == -1)
			return -1;
		if (rc == 0) {
			c->done = true;
			c->offset = lines_size(c->r);
			return 0;
		}
		c->offset = offset + len + 1;
		check_sendable(c, text, len, line);
		if (!lex_line(text, len, &l)) {
			if (l.comment != NULL)
				check_comment(c, l.comment, l.commentlen, line);
			continue;
		}
		if (l.letter == 'G')
			check_g(c, &l, line);
		else if (l.letter == 'M')
			check_m(c, &l, line);
	}
	return 1;
}

const char *
gcode_check_report(struct gcode_check *c)
{
	struct buf b;

	free(c->report);
	buf_init(&b);
	buf_append(&b, c->listed.data != NULL ? c->listed.data : "",
	    c->listed.len);
	for (int i = 0; i < RULE_COUNT; i++) {
		if (c->count[i] > GCODE_CHECK_LIST_MAX)
			buf_appendf(&b, "%s: %ld more lines with %s (the last "
			    "at line %ld)\n", c->path,
			    c->count[i] - GCODE_CHECK_LIST_MAX, rule_names[i],
			    c->last_line[i]);
	}
	buf_append(&b, "", 1);
	c->report = buf_detach(&b);
	return c->report;
}
