/*
 * The guard: the printer profile's limits, enforced on every command from
 * every source before it reaches the protocol. Pure functions of (state,
 * profile, command); the host owns the state and applies accepted commands
 * to it, so a streamed file is judged by where the printer will be when the
 * line runs, not by where it is now.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "gcode.h"
#include "host.h"

/* Marlin's EXTRUDE_MAXLENGTH is often 200 mm; domain §4 keeps lessons lower. */
#define GUARD_MAX_EXTRUDE 150.0
/* Before homing, XY moves are allowed only with the nozzle this high. */
#define GUARD_SAFE_Z 5.0
#define GUARD_EPSILON 0.0005
#define GUARD_MAX_LINE GCODE_MAX_LINE

static const char guard_axis_names[3] = { 'X', 'Y', 'Z' };

/*
 * A command read the way Marlin reads it: a letter and code, then letters
 * each followed by an optional number, with or without spaces between
 * ("G1X10Y20" is G1 X10 Y20). gcode_parse needs the spaces; a guard cannot
 * afford to miss a parameter that the firmware would see. As in Marlin, a
 * letter without a number after it ("Y{machine_depth}", "Snan") carries no
 * value and the firmware ignores it; a number that is not finite ("X1e999")
 * is refused.
 */
struct guard_cmd {
	char letter;
	int code;
	int subcode;
	bool has[26];		/* the letter appears */
	bool valid[26];		/* with a finite number */
	bool bad[26];		/* with a number that is not finite */
	double value[26];
};

static bool
guard_scan(const char *cmd, struct guard_cmd *g)
{
	const char *s = cmd;
	char *end;
	long code;

	memset(g, 0, sizeof *g);
	g->subcode = -1;
	while (isspace((unsigned char)*s))
		s++;
	if (!isalpha((unsigned char)*s) || !isdigit((unsigned char)s[1]))
		return false;
	g->letter = (char)toupper((unsigned char)*s++);
	code = strtol(s, &end, 10);
	g->code = (int)code;
	s = end;
	if (*s == '.' && isdigit((unsigned char)s[1])) {
		g->subcode = (int)strtol(s + 1, &end, 10);
		s = end;
	}
	while (*s != '\0') {
		int i;

		if (*s == '"') {
			/* Quoted text (M862.3 P "MK3S") carries no parameters. */
			s = strchr(s + 1, '"');
			if (s == NULL)
				break;
			s++;
			continue;
		}
		if (!isalpha((unsigned char)*s)) {
			s++;
			continue;
		}
		i = toupper((unsigned char)*s) - 'A';
		s++;
		g->has[i] = true;
		if (isdigit((unsigned char)*s) || *s == '-' || *s == '+' ||
		    *s == '.') {
			double v = strtod(s, &end);
			if (end != s) {
				g->value[i] = v;
				g->valid[i] = isfinite(v);
				g->bad[i] = !isfinite(v);
				s = end;
			}
		}
	}
	return true;
}

static bool
guard_has(const struct guard_cmd *g, char letter)
{
	return g->has[letter - 'A'];
}

static double
guard_value(const struct guard_cmd *g, char letter)
{
	return g->value[letter - 'A'];
}

void
guard_state_init(struct guard_state *st)
{
	memset(st, 0, sizeof *st);
}

/* Messages name the limit and where it comes from, so a trainee can act. */
static int
guard_refuse(char **reason, const char *fmt, ...) LL_PRINTF(2, 3);

static int
guard_refuse(char **reason, const char *fmt, ...)
{
	va_list ap;

	if (reason != NULL) {
		free(*reason);
		va_start(ap, fmt);
		*reason = xvasprintf(fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int
guard_check_temp(const struct host_profile *p, bool bed, double value,
    char **reason)
{
	double max = bed ? p->max_bed : p->max_nozzle;
	const char *what = bed ? "bed" : "nozzle";

	if (value < 0)
		return guard_refuse(reason, "a %s target of %g °C is not a "
		    "temperature", what, value);
	if (value > max + GUARD_EPSILON)
		return guard_refuse(reason, "%s target %g °C is above this "
		    "printer's limit of %g °C (%s in profile %s)", what, value,
		    max, bed ? "max_bed" : "max_nozzle", p->id);
	return 0;
}

/* Where axis i will be after the move, in machine coordinates. */
static bool
guard_target(const struct guard_state *st, const struct guard_cmd *g, int i,
    double *out)
{
	double v = guard_value(g, guard_axis_names[i]);

	if (!st->known[i])
		return false;
	if (st->relative_xyz)
		*out = st->pos[i] + v;
	else
		*out = v - st->offset[i];
	return true;
}

static int
guard_check_move(const struct guard_state *st, const struct host_profile *p,
    const struct guard_cmd *g, char **reason)
{
	bool moves[3] = { false, false, false };
	double target[3], z_after;
	bool z_known;

	for (int i = 0; i < 3; i++) {
		char a = guard_axis_names[i];

		if (g->bad[a - 'A'])
			return guard_refuse(reason, "%c is not a finite number",
			    a);
		if (!g->valid[a - 'A'])
			continue;
		moves[i] = !(st->relative_xyz && guard_value(g, a) == 0);
	}
	if (g->bad['E' - 'A'])
		return guard_refuse(reason, "E is not a finite number");

	/* Homing first (domain §4): no Z move until Z is homed. */
	if (moves[2] && !st->homed[2])
		return guard_refuse(reason, "Z moves are blocked until the "
		    "printer is homed: send G28 first");
	z_known = st->known[2];
	z_after = st->pos[2];
	if (moves[2])
		z_known = guard_target(st, g, 2, &z_after);
	for (int i = 0; i < 2; i++) {
		if (moves[i] && !st->homed[i] &&
		    !(z_known && z_after >= GUARD_SAFE_Z - GUARD_EPSILON))
			return guard_refuse(reason, "%c moves are blocked until "
			    "the printer is homed (or Z is at least %g mm): "
			    "send G28 first", guard_axis_names[i], GUARD_SAFE_Z);
	}

	/* The profile's box, once the position is known. */
	for (int i = 0; i < 3; i++) {
		const struct host_axis_limits *lim = &p->axis[i];

		if (!moves[i] || !guard_target(st, g, i, &target[i]))
			continue;
		if (target[i] < lim->min - GUARD_EPSILON ||
		    target[i] > lim->max + GUARD_EPSILON)
			return guard_refuse(reason, "%c %g mm is outside this "
			    "printer's %c range %g to %g mm (axis limits in "
			    "profile %s)", guard_axis_names[i],
			    target[i] + st->offset[i], guard_axis_names[i],
			    lim->min, lim->max, p->id);
	}

	if (g->valid['E' - 'A']) {
		double e = guard_value(g, 'E');
		double delta = st->e_relative ? e : e - st->e;
		double hot = fmax(st->nozzle_current, st->nozzle_assured);

		if (fabs(delta) > GUARD_MAX_EXTRUDE + GUARD_EPSILON)
			return guard_refuse(reason, "one extrusion of %g mm is "
			    "longer than the %g mm limit for a single move",
			    fabs(delta), GUARD_MAX_EXTRUDE);
		if (delta != 0 && p->min_extrude > 0 &&
		    hot < p->min_extrude - GUARD_EPSILON)
			return guard_refuse(reason, "extrusion is blocked while "
			    "the nozzle is at %.0f °C, below the minimum of %g °C "
			    "(min_extrude in profile %s): heat with M109 first",
			    hot, p->min_extrude, p->id);
	}
	return 0;
}

/*
 * Klipper's extended commands (no letter-number code) that would step
 * around the limits: heater targets and faked positions.
 */
static int
guard_check_klipper(const char *cmd, const struct host_profile *p,
    char **reason)
{
	char upper[GUARD_MAX_LINE];
	size_t n = 0;
	const char *t;

	for (; cmd[n] != '\0' && n < sizeof upper - 1; n++)
		upper[n] = (char)toupper((unsigned char)cmd[n]);
	upper[n] = '\0';
	if (str_starts_with(upper, "SET_KINEMATIC_POSITION") ||
	    str_starts_with(upper, "FORCE_MOVE"))
		return guard_refuse(reason, "faking the position bypasses "
		    "homing and the axis limits");
	if (str_starts_with(upper, "SET_HEATER_TEMPERATURE") &&
	    (t = strstr(upper, "TARGET=")) != NULL) {
		bool bed = strstr(upper, "HEATER=HEATER_BED") != NULL;
		return guard_check_temp(p, bed, strtod(t + 7, NULL), reason);
	}
	return 0;
}

int
guard_check(const struct guard_state *st, const struct host_profile *p,
    const char *cmd, enum host_source source, char **reason)
{
	struct guard_cmd g;

	while (isspace((unsigned char)*cmd))
		cmd++;
	if (*cmd == '\0')
		return guard_refuse(reason, "empty command");
	if (strlen(cmd) >= GUARD_MAX_LINE)
		return guard_refuse(reason, "command longer than %d characters",
		    GUARD_MAX_LINE - 1);
	if ((*cmd == 'N' || *cmd == 'n') && isdigit((unsigned char)cmd[1]))
		return guard_refuse(reason, "line numbers and checksums are "
		    "added by layerlab: send the command without N");
	if (!guard_scan(cmd, &g))
		return guard_check_klipper(cmd, p, reason);

	if (g.letter == 'G') {
		switch (g.code) {
		case 0:
		case 1:
		case 2:
		case 3:
			return guard_check_move(st, p, &g, reason);
		}
		return 0;
	}
	if (g.letter != 'M')
		return 0;
	switch (g.code) {
	case 104:
	case 109:
	case 140:
	case 190: {
		bool bed = g.code == 140 || g.code == 190;
		for (const char *k = "SR"; *k != '\0'; k++) {
			if (g.bad[*k - 'A'])
				return guard_refuse(reason, "%c is not a finite "
				    "number", *k);
			if (!g.valid[*k - 'A'])
				continue;	/* ignored by the firmware too */
			if (guard_check_temp(p, bed, guard_value(&g, *k),
			    reason) != 0)
				return -1;
		}
		return 0;
	}
	case 303:
		/* PID autotune heats to S: E-1 is the bed. */
		if (g.valid['S' - 'A'])
			return guard_check_temp(p, g.valid['E' - 'A'] &&
			    guard_value(&g, 'E') < 0, guard_value(&g, 'S'),
			    reason);
		return 0;
	case 110:
		if (source != HOST_SRC_HOST)
			return guard_refuse(reason, "M110 (line numbering) is "
			    "managed by layerlab");
		return 0;
	case 211:
		if (g.valid['S' - 'A'] && guard_value(&g, 'S') == 0)
			return guard_refuse(reason, "soft endstops must stay on: "
			    "M211 S0 would let moves leave the build volume");
		return 0;
	case 302:
		if ((g.valid['P' - 'A'] && guard_value(&g, 'P') != 0) ||
		    (g.valid['S' - 'A'] && guard_value(&g, 'S') <
		    p->min_extrude))
			return guard_refuse(reason, "cold extrusion must stay "
			    "blocked (M302 would allow it)");
		return 0;
	case 500:
	case 502:
		if (source != HOST_SRC_TRAINER)
			return guard_refuse(reason, "M%d changes the printer's "
			    "saved settings: it needs a trainer's confirmation",
			    g.code);
		return 0;
	}
	return 0;
}

static void
guard_apply_move(struct guard_state *st, const struct guard_cmd *g)
{
	for (int i = 0; i < 3; i++) {
		double t;

		if (!guard_has(g, guard_axis_names[i]) ||
		    !g->valid[guard_axis_names[i] - 'A'])
			continue;
		if (guard_target(st, g, i, &t))
			st->pos[i] = t;
	}
	if (g->valid['E' - 'A']) {
		if (st->e_relative)
			st->e += guard_value(g, 'E');
		else
			st->e = guard_value(g, 'E');
	}
}

static void
guard_apply_home(struct guard_state *st, const struct host_profile *p,
    const struct guard_cmd *g)
{
	bool any = guard_has(g, 'X') || guard_has(g, 'Y') || guard_has(g, 'Z');

	for (int i = 0; i < 3; i++) {
		if (any && !guard_has(g, guard_axis_names[i]))
			continue;
		st->homed[i] = true;
		st->known[i] = true;
		st->offset[i] = 0;
		st->pos[i] = p->axis[i].min;
		if (i == 2 && host_profile_has_quirk(p, "z-homes-to-max"))
			st->pos[i] = p->axis[i].max;
	}
}

static void
guard_unhome(struct guard_state *st, const struct guard_cmd *g)
{
	bool any = guard_has(g, 'X') || guard_has(g, 'Y') || guard_has(g, 'Z');

	for (int i = 0; i < 3; i++) {
		if (any && !guard_has(g, guard_axis_names[i]))
			continue;
		st->homed[i] = false;
		st->known[i] = false;
	}
}

void
guard_apply(struct guard_state *st, const struct host_profile *p,
    const char *cmd)
{
	struct guard_cmd g;

	if (!guard_scan(cmd, &g))
		return;
	if (g.letter == 'G') {
		switch (g.code) {
		case 0:
		case 1:
		case 2:
		case 3:
			guard_apply_move(st, &g);
			break;
		case 28:
			guard_apply_home(st, p, &g);
			break;
		case 90:
		case 91:
			st->relative_xyz = g.code == 91;
			st->e_relative = st->relative_xyz || st->e_m83;
			break;
		case 92:
			/* Marlin 2 sets only the axes given with a value;
			 * a bare G92 changes nothing. */
			for (int i = 0; i < 3; i++) {
				char a = guard_axis_names[i];
				if (st->known[i] && g.valid[a - 'A'])
					st->offset[i] = guard_value(&g, a) -
					    st->pos[i];
			}
			if (g.valid['E' - 'A'])
				st->e = guard_value(&g, 'E');
			break;
		}
		return;
	}
	if (g.letter != 'M')
		return;
	switch (g.code) {
	case 82:
	case 83:
		st->e_m83 = g.code == 83;
		st->e_relative = st->relative_xyz || st->e_m83;
		break;
	case 18:
	case 84:
		/* "M84 S<seconds>" only sets the stepper timeout. */
		if (guard_has(&g, 'S') && !guard_has(&g, 'X') &&
		    !guard_has(&g, 'Y') && !guard_has(&g, 'Z'))
			break;
		if (guard_has(&g, 'E') && !guard_has(&g, 'X') &&
		    !guard_has(&g, 'Y') && !guard_has(&g, 'Z'))
			break;
		guard_unhome(st, &g);
		break;
	case 410:
		memset(st->homed, 0, sizeof st->homed);
		memset(st->known, 0, sizeof st->known);
		break;
	case 104:
	case 109:
		if (g.valid['S' - 'A'] || g.valid['R' - 'A']) {
			double t = guard_value(&g, g.valid['S' - 'A'] ? 'S' : 'R');
			st->nozzle_target = t;
			if (g.code == 109 || t < st->nozzle_assured)
				st->nozzle_assured = t;
		}
		break;
	case 140:
	case 190:
		if (g.valid['S' - 'A'] || g.valid['R' - 'A'])
			st->bed_target = guard_value(&g,
			    g.valid['S' - 'A'] ? 'S' : 'R');
		break;
	}
}
