/*
 * The guard: the printer profile's limits, enforced on every command from
 * every source before it reaches the protocol. Pure functions of (state,
 * profile, command); the host owns the state and applies accepted commands
 * to it, so a streamed file is judged by where the printer will be when the
 * line runs, not by where it is now.
 *
 * The guard judges the command's canonical form (gcode/canon.h) and the
 * host sends exactly that form, so what was judged is what runs. Values are
 * read as the firmware reads them: Marlin's value_bool() is true for a
 * letter alone and false for "S0.5" or "S-1" (strtol, then 0..255); its
 * value_celsius() truncates to 16 bits, so "M302 S65536" sets 0 °C.
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "core.h"
#include "gcode.h"
#include "host.h"
#include "reply.h"

/* Marlin's EXTRUDE_MAXLENGTH is often 200 mm; domain §4 keeps lessons lower. */
#define GUARD_MAX_EXTRUDE 150.0
/* M221 flow, percent: slicers tune it by a few percent (M221 S95); ten
 * times the filament is no tuning. */
#define GUARD_FLOW_MIN 10.0
#define GUARD_FLOW_MAX 200.0
/* M200 D: below this a volumetric E pushes many times what it says. */
#define GUARD_MIN_FILAMENT 1.0
/* Under the cold-extrusion exception (HOST_SRC_EXCEPTION): enough filament
 * for the firmware to refuse visibly, too little to grind a groove. */
#define GUARD_EXCEPTION_EXTRUDE 10.0
/* Before homing, XY moves are allowed only with the nozzle this high. */
#define GUARD_SAFE_Z 5.0
#define GUARD_EPSILON 0.0005

static const char guard_axis_names[3] = { 'X', 'Y', 'Z' };

static enum gcode_dialect
guard_dialect(const struct guard_state *st)
{
	return host_flavour_dialect(st->flavour);
}

void
guard_state_init(struct guard_state *st)
{
	memset(st, 0, sizeof *st);
	st->flow = 100;
	st->flavour = HOST_FLAVOUR_MARLIN;
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

/* Marlin's value_long(): strtol, so the fraction is dropped. */
static long
fw_long(double v)
{
	if (v >= 2147483647.0)
		return 2147483647L;
	if (v <= -2147483648.0)
		return -2147483647L - 1;
	return (long)v;
}

/* Marlin's value_bool(): no value is true, else value_byte() != 0. */
static bool
fw_bool(const struct gcode_canon *c, char letter)
{
	long v;

	if (!gcode_canon_valued(c, letter))
		return true;
	v = fw_long(gcode_canon_value(c, letter));
	return (v < 0 ? 0 : v > 255 ? 255 : v) != 0;
}

/*
 * Marlin's value_celsius(): value_int() (16 bits of strtol) or, with
 * TEMPERATURE_UNITS_SUPPORT, LROUND of the float. The lower of the two.
 */
static double
fw_celsius_low(const struct gcode_canon *c, char letter)
{
	double v = gcode_canon_value(c, letter);
	int16_t as_int = (int16_t)(uint16_t)((unsigned long)fw_long(v) & 0xffff);
	double rounded = round(v);

	return as_int < rounded ? as_int : rounded;
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

/* Each listed parameter given with a number is a target for one heater. */
static int
guard_check_temps(const struct host_profile *p, const struct gcode_canon *c,
    bool bed, const char *letters, char **reason)
{
	for (const char *k = letters; *k != '\0'; k++) {
		if (gcode_canon_valued(c, *k) &&
		    guard_check_temp(p, bed, gcode_canon_value(c, *k), reason) != 0)
			return -1;
	}
	return 0;
}

/* Where axis i will be after the move, in machine coordinates. */
static bool
guard_target(const struct guard_state *st, const struct gcode_canon *c, int i,
    double *out)
{
	double v = gcode_canon_value(c, guard_axis_names[i]);

	if (!st->known[i])
		return false;
	if (st->relative_xyz)
		*out = st->pos[i] + v;
	else
		*out = v - st->offset[i];
	return true;
}

static int
guard_check_box(const struct guard_state *st, const struct host_profile *p,
    int i, double target, char **reason)
{
	const struct host_axis_limits *lim = &p->axis[i];

	if (target < lim->min - GUARD_EPSILON ||
	    target > lim->max + GUARD_EPSILON)
		return guard_refuse(reason, "%c %g mm is outside this "
		    "printer's %c range %g to %g mm (axis limits in "
		    "profile %s)", guard_axis_names[i],
		    target + st->offset[i], guard_axis_names[i],
		    lim->min, lim->max, p->id);
	return 0;
}

/*
 * An arc stays on its circle: with I and J the centre is known, with R the
 * circle lies within 2R of the start. The whole circle must fit the box.
 */
static int
guard_check_arc(const struct guard_state *st, const struct host_profile *p,
    const struct gcode_canon *c, char **reason)
{
	double cx = st->pos[0], cy = st->pos[1], r;

	if (gcode_canon_valued(c, 'I') || gcode_canon_valued(c, 'J')) {
		cx += gcode_canon_value(c, 'I');
		cy += gcode_canon_value(c, 'J');
		r = hypot(gcode_canon_value(c, 'I'), gcode_canon_value(c, 'J'));
	} else if (gcode_canon_valued(c, 'R'))
		r = 2 * fabs(gcode_canon_value(c, 'R'));
	else
		return 0;	/* the firmware refuses it: bad parameters */
	if (guard_check_box(st, p, 0, cx - r, NULL) != 0 ||
	    guard_check_box(st, p, 0, cx + r, NULL) != 0 ||
	    guard_check_box(st, p, 1, cy - r, NULL) != 0 ||
	    guard_check_box(st, p, 1, cy + r, NULL) != 0)
		return guard_refuse(reason, "the arc's circle (centre X %g Y "
		    "%g, radius %g mm) leaves this printer's bed (axis limits "
		    "in profile %s)", cx + st->offset[0], cy + st->offset[1],
		    r, p->id);
	return 0;
}

static int
guard_check_move(const struct guard_state *st, const struct host_profile *p,
    const struct gcode_canon *c, enum host_source source, char **reason)
{
	bool moves[3] = { false, false, false };
	bool arc = c->code == 2 || c->code == 3;
	double target[3], z_after;
	bool z_known;

	for (const char *a = "XYZE"; *a != '\0'; a++) {
		if (gcode_canon_has(c, *a) && !gcode_canon_valued(c, *a))
			return guard_refuse(reason, "%c without a value: Marlin 2 "
			    "ignores it, Marlin 1 and Prusa-Firmware move to 0",
			    *a);
	}
	if (guard_dialect(st) == GCODE_DIALECT_RRF && gcode_canon_has(c, 'H') &&
	    fw_long(gcode_canon_value(c, 'H')) != 0)
		return guard_refuse(reason, "G%d H moves ignore the axis "
		    "limits (RepRapFirmware): home with G28", c->code);
	for (int i = 0; i < 3; i++) {
		char a = guard_axis_names[i];

		if (!gcode_canon_valued(c, a))
			continue;
		moves[i] = !(st->relative_xyz && gcode_canon_value(c, a) == 0);
	}
	if (arc) {
		/* The head sweeps X and Y whatever the end point. */
		moves[0] = moves[1] = true;
	}

	/* Homing first (domain §4): no Z move until Z is homed. */
	if (moves[2] && !st->homed[2])
		return guard_refuse(reason, "Z moves are blocked until the "
		    "printer is homed: send G28 first");
	z_known = st->known[2];
	z_after = st->pos[2];
	if (moves[2])
		z_known = guard_target(st, c, 2, &z_after);
	for (int i = 0; i < 2; i++) {
		if (moves[i] && !st->homed[i] &&
		    !(z_known && z_after >= GUARD_SAFE_Z - GUARD_EPSILON))
			return guard_refuse(reason, "%c moves are blocked until "
			    "the printer is homed (or Z is at least %g mm): "
			    "send G28 first", guard_axis_names[i], GUARD_SAFE_Z);
	}

	/* The profile's box, once the position is known. */
	for (int i = 0; i < 3; i++) {
		if (!moves[i] || !gcode_canon_valued(c, guard_axis_names[i]) ||
		    !guard_target(st, c, i, &target[i]))
			continue;
		if (guard_check_box(st, p, i, target[i], reason) != 0)
			return -1;
	}
	if (arc && st->known[0] && st->known[1] &&
	    guard_check_arc(st, p, c, reason) != 0)
		return -1;

	if (gcode_canon_valued(c, 'E')) {
		double e = gcode_canon_value(c, 'E');
		double delta = st->e_relative ? e : e - st->e;
		double hot = fmax(st->nozzle_current, st->nozzle_assured);

		/* What the extruder really pushes: M221 scales every E. */
		double pushed = fabs(delta) * (st->flow > 0 ? st->flow : 100) /
		    100;

		if (pushed > GUARD_MAX_EXTRUDE + GUARD_EPSILON) {
			if (fabs(st->flow - 100) > GUARD_EPSILON)
				return guard_refuse(reason, "one extrusion of "
				    "%g mm at %g %% flow (M221) pushes %g mm, "
				    "longer than the %g mm limit for a single "
				    "move", fabs(delta), st->flow, pushed,
				    GUARD_MAX_EXTRUDE);
			return guard_refuse(reason, "one extrusion of %g mm is "
			    "longer than the %g mm limit for a single move",
			    fabs(delta), GUARD_MAX_EXTRUDE);
		}
		/* The one exception (docs/lesson-api.md, guard_exception): a
		 * short extrusion without motion may reach a cold nozzle, so
		 * the firmware's own protection answers it. */
		bool demo = source == HOST_SRC_EXCEPTION && !moves[0] &&
		    !moves[1] && !moves[2] &&
		    fabs(delta) <= GUARD_EXCEPTION_EXTRUDE + GUARD_EPSILON;

		if (delta != 0 && p->min_extrude > 0 && !demo &&
		    hot < p->min_extrude - GUARD_EPSILON)
			return guard_refuse(reason, "extrusion is blocked while "
			    "the nozzle is at %.0f °C, below the minimum of %g °C "
			    "(min_extrude in profile %s): heat with M109 first",
			    hot, p->min_extrude, p->id);
	}
	return 0;
}

/*
 * Text the printer prints back (M118, and M117 on firmware that reports
 * status to the host) must never read as a reply: not "ok", not a
 * temperature or position report, not an error, halt, resend or host
 * action, whatever prefix the firmware puts before it. Judged by the very
 * classifier the host reads replies with.
 */
static int
guard_check_echo(const char *text, size_t len, const char *what,
    char **reason)
{
	static const char *const prefixes[] = { "", "echo:", "echo: ", "//",
		"// " };
	char line[GCODE_MAX_LINE + 8];
	int shown = (int)(len > 40 ? 40 : len);

	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		size_t plen = strlen(prefixes[i]);
		struct gcode_reply r;
		enum gcode_reply_kind k;
		const char *looks;

		if (plen + len >= sizeof line)
			return guard_refuse(reason, "%s text is too long", what);
		memcpy(line, prefixes[i], plen);
		memcpy(line + plen, text, len);
		line[plen + len] = '\0';
		k = gcode_reply_parse(line, plen + len, &r);
		if (r.has_temps)
			looks = "a temperature report";
		else if (r.has_position)
			looks = "a position report";
		else if (r.has_firmware)
			looks = "the firmware's identity";
		else if (k == GCODE_REPLY_ECHO || k == GCODE_REPLY_OTHER ||
		    k == GCODE_REPLY_EMPTY)
			continue;
		else
			looks = gcode_reply_kind_name(k);
		return guard_refuse(reason, "%s text '%.*s' looks like a reply "
		    "from the printer (%s): the host would believe it", what,
		    shown, text, looks);
	}
	return 0;
}

static bool
heater_is_nozzle(const char *name, size_t len)
{
	if (len < 8 || strncasecmp(name, "extruder", 8) != 0)
		return false;
	for (size_t i = 8; i < len; i++) {
		if (!isdigit((unsigned char)name[i]))
			return false;
	}
	return true;
}

static int
guard_klipper_heater(const struct host_profile *p, const struct gcode_canon *c,
    bool need_target, char **reason)
{
	size_t hlen = 0, tlen = 0;
	const char *heater = gcode_canon_word(c, "HEATER", &hlen);
	const char *target = gcode_canon_word(c, "TARGET", &tlen);
	double t = 0;

	if (target == NULL && need_target)
		return guard_refuse(reason, "%.*s needs TARGET=",
		    (int)c->namelen, c->text);
	if (target != NULL && !gcode_canon_number(target, tlen, &t))
		return guard_refuse(reason, "TARGET=%.*s is not a number",
		    (int)tlen, target);
	if (heater == NULL)
		return 0;	/* Klipper refuses it: HEATER is required */
	if (heater_is_nozzle(heater, hlen))
		return guard_check_temp(p, false, t, reason);
	if (hlen == 10 && strncasecmp(heater, "heater_bed", 10) == 0)
		return guard_check_temp(p, true, t, reason);
	if (t > 0)
		return guard_refuse(reason, "heater '%.*s' is not in this "
		    "printer's profile: the guard cannot judge its target",
		    (int)hlen, heater);
	return 0;
}

/* Klipper commands lessons may send: judged here, or harmless. */
static bool
klipper_known(const struct gcode_canon *c)
{
	static const char *const names[] = {
		"SET_HEATER_TEMPERATURE", "PID_CALIBRATE", "TEMPERATURE_WAIT",
		"TURN_OFF_HEATERS", "SET_FAN_SPEED", "SET_VELOCITY_LIMIT",
		"SET_PRESSURE_ADVANCE", "STATUS", "HELP", "GET_POSITION",
		"QUERY_ENDSTOPS", "FIRMWARE_RESTART", "RESTART", "RESPOND",
		"SAVE_CONFIG",
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (gcode_canon_named(c, names[i]))
			return true;
	}
	return false;
}

static int
guard_check_klipper(const struct host_profile *p, const struct gcode_canon *c,
    enum host_source source, char **reason)
{
	size_t len;
	const char *v;

	if (gcode_canon_named(c, "SET_KINEMATIC_POSITION") ||
	    gcode_canon_named(c, "FORCE_MOVE") ||
	    gcode_canon_named(c, "MANUAL_STEPPER"))
		return guard_refuse(reason, "faking the position bypasses "
		    "homing and the axis limits");
	if (gcode_canon_named(c, "SET_HEATER_TEMPERATURE"))
		return guard_klipper_heater(p, c, false, reason);
	if (gcode_canon_named(c, "PID_CALIBRATE"))
		return guard_klipper_heater(p, c, true, reason);
	if (gcode_canon_named(c, "SAVE_CONFIG") && source != HOST_SRC_TRAINER)
		return guard_refuse(reason, "SAVE_CONFIG changes the printer's "
		    "saved settings: it needs a trainer's confirmation");
	if (gcode_canon_named(c, "RESPOND")) {
		if (gcode_canon_word(c, "PREFIX", &len) != NULL)
			return guard_refuse(reason, "RESPOND PREFIX= lets the "
			    "printer print any reply: leave it out");
		v = gcode_canon_word(c, "TYPE", &len);
		if (v != NULL && !(len == 4 && strncasecmp(v, "echo", 4) == 0))
			return guard_refuse(reason, "RESPOND TYPE=%.*s prints a "
			    "line the host acts on: use TYPE=echo", (int)len, v);
		v = gcode_canon_word(c, "MSG", &len);
		if (v != NULL)
			return guard_check_echo(v, len, "RESPOND", reason);
		return 0;
	}
	if ((source == HOST_SRC_LESSON || source == HOST_SRC_EXCEPTION) &&
	    !klipper_known(c))
		return guard_refuse(reason, "the guard cannot judge %.*s (a "
		    "Klipper command or macro it does not know) and it may heat "
		    "or move: lessons may not send it", (int)c->namelen, c->text);
	return 0;
}

/*
 * Commands a lesson may send: judged by the guard, or unable to heat, move
 * or change how the guard's model maps to the machine. Anything else could
 * do one of those (M42 drives a pin, M92 rescales the axes, M206 shifts
 * them, M808 loops, M810 runs a macro, G10 retracts by a stored length).
 */
static bool
lesson_known(const struct gcode_canon *c, enum gcode_dialect d)
{
	static const int g_codes[] = { 0, 1, 2, 3, 4, 21, 28, 29, 80, 81, 90,
		91, 92, -1 };
	static const int m_codes[] = { 17, 18, 31, 73, 75, 76, 77, 82, 83,
		84, 92, 104, 105, 106, 107, 109, 110, 112, 114, 115, 117, 118,
		119, 140, 143, 155, 190, 201, 203, 204, 205, 211, 220, 300, 301,
		302, 303, 304, 400, 410, 420, 500, 501, 502, 503, 850, 851, 862,
		876, -1 };
	const int *list;

	if (c->letter == 'T')
		return true;
	if (d == GCODE_DIALECT_RRF && ((c->letter == 'G' && c->code == 10) ||
	    (c->letter == 'M' && (c->code == 116 || c->code == 564 ||
	    c->code == 568))))
		return true;
	list = c->letter == 'G' ? g_codes : m_codes;
	for (; *list >= 0; list++) {
		if (*list == c->code)
			return c->subcode < 0 || c->code == 862;
	}
	return false;
}

/*
 * Klipper answers a bad command with "!! Error on '<the command>': ...",
 * and "// ..." for ECHO: a command that names a halt would be a halt.
 */
static bool
guard_klipper_echo_fatal(const struct gcode_canon *c)
{
	char line[GCODE_MAX_LINE + 8];
	int n = snprintf(line, sizeof line, "!! Error on '%s'", c->text);

	if (n < 0 || (size_t)n >= sizeof line)
		return true;
	if (gcode_reply_is_fatal(line, (size_t)n))
		return true;
	n = snprintf(line, sizeof line, "// %s", c->text);
	return n < 0 || (size_t)n >= sizeof line ||
	    gcode_reply_is_fatal(line, (size_t)n);
}

/* Commands whose parameters the guard reads as numbers. */
static bool
guard_judges_numbers(const struct gcode_canon *c)
{
	static const int g_codes[] = { 0, 1, 2, 3, 10, 28, 92, -1 };
	static const int m_codes[] = { 18, 84, 92, 104, 109, 140, 143, 190,
		200, 207, 208, 211, 221, 302, 303, 564, 568, -1 };
	const int *list = c->letter == 'G' ? g_codes : m_codes;

	if (c->letter != 'G' && c->letter != 'M')
		return false;
	for (; *list >= 0; list++) {
		if (*list == c->code)
			return true;
	}
	return false;
}

int
guard_judge(const struct guard_state *st, const struct host_profile *p,
    const char *cmd, enum host_source source, char *canon, size_t canonsz,
    char **reason)
{
	enum gcode_dialect d = guard_dialect(st);
	struct gcode_canon c;
	size_t len;
	const char *text;

	if (gcode_canon_parse(cmd, strlen(cmd), d, &c, reason) != 0)
		return -1;
	if (canon != NULL) {
		if (c.len >= canonsz)
			return guard_refuse(reason, "command longer than %zu "
			    "characters", canonsz - 1);
		memcpy(canon, c.text, c.len + 1);
	}
	if (d == GCODE_DIALECT_KLIPPER && guard_klipper_echo_fatal(&c))
		return guard_refuse(reason, "Klipper repeats a command in its "
		    "error messages, and this one would read as the printer "
		    "halting (shutdown, MAXTEMP, ...): reword it");
	if (c.extended)
		return guard_check_klipper(p, &c, source, reason);
	if ((source == HOST_SRC_LESSON || source == HOST_SRC_EXCEPTION) &&
	    !lesson_known(&c, d))
		return guard_refuse(reason, "the guard cannot judge %s and it "
		    "may heat or move: lessons may not send it", c.text);

	if (c.quoted != 0 && guard_judges_numbers(&c))
		return guard_refuse(reason, "a quoted value in %c%d, whose "
		    "parameters the guard judges as numbers", c.letter, c.code);
	if (c.letter == 'G') {
		switch (c.code) {
		case 0:
		case 1:
		case 2:
		case 3:
			return guard_check_move(st, p, &c, source, reason);
		case 10:
			if (d != GCODE_DIALECT_RRF)
				return 0;
			/* RepRapFirmware: tool temperatures and offsets. */
			for (const char *a = "XYZUVWL"; *a != '\0'; a++) {
				if (gcode_canon_has(&c, *a))
					return guard_refuse(reason, "G10 with "
					    "offsets (%c) is not judged: set "
					    "tool temperatures only", *a);
			}
			return guard_check_temps(p, &c, false, "SR", reason);
		case 20:
			return guard_refuse(reason, "inch units (G20): this "
			    "printer's limits are in millimetres");
		case 92:
			if (c.subcode > 1)
				return guard_refuse(reason, "G92.%d is not judged",
				    c.subcode);
			return 0;
		}
		return 0;
	}
	if (c.letter != 'M')
		return 0;
	switch (c.code) {
	case 104:
	case 109:
	case 140:
	case 190:
		if (gcode_canon_has(&c, 'I'))
			return guard_refuse(reason, "M%d I picks a material "
			    "preset the guard cannot judge: give the temperature "
			    "with S", c.code);
		/* B is AUTOTEMP's upper target on a hotend. */
		return guard_check_temps(p, &c, c.code == 140 || c.code == 190,
		    c.code == 104 || c.code == 109 ? "SRB" : "SR", reason);
	case 303: {
		bool bed = (gcode_canon_valued(&c, 'E') &&
		    fw_long(gcode_canon_value(&c, 'E')) == -1) ||
		    (d == GCODE_DIALECT_RRF && gcode_canon_valued(&c, 'H') &&
		    fw_long(gcode_canon_value(&c, 'H')) == 0);

		if (gcode_canon_valued(&c, 'E') &&
		    fw_long(gcode_canon_value(&c, 'E')) < -1)
			return guard_refuse(reason, "M303 on a heater that is "
			    "not in this printer's profile");
		if (!gcode_canon_valued(&c, 'S'))
			return guard_refuse(reason, "M303 without S heats to a "
			    "preset the guard cannot judge: give the target "
			    "with S");
		return guard_check_temp(p, bed, gcode_canon_value(&c, 'S'),
		    reason);
	}
	case 143: {
		/* RepRapFirmware's own limit: heater 0 is the bed. */
		bool bed = gcode_canon_valued(&c, 'H') &&
		    fw_long(gcode_canon_value(&c, 'H')) == 0;

		if (gcode_canon_has(&c, 'S') && !gcode_canon_valued(&c, 'S'))
			return guard_refuse(reason, "M143 S without a value");
		if (gcode_canon_valued(&c, 'S') && guard_check_temp(p, bed,
		    gcode_canon_value(&c, 'S'), NULL) != 0)
			return guard_refuse(reason, "M143 would raise the "
			    "firmware's own limit to %g °C, above this printer's "
			    "%g °C (%s in profile %s)", gcode_canon_value(&c, 'S'),
			    bed ? p->max_bed : p->max_nozzle,
			    bed ? "max_bed" : "max_nozzle", p->id);
		return 0;
	}
	case 568:
		if (d == GCODE_DIALECT_RRF)
			return guard_check_temps(p, &c, false, "SR", reason);
		return 0;
	case 110:
		if (source != HOST_SRC_HOST)
			return guard_refuse(reason, "M110 (line numbering) is "
			    "managed by layerlab");
		return 0;
	case 92:
		if (c.valued != 0 && source != HOST_SRC_TRAINER)
			return guard_refuse(reason, "M92 changes steps per mm, "
			    "so the guard's millimetres would no longer be the "
			    "printer's: it needs a trainer's confirmation");
		return 0;
	case 851:
		if (c.valued != 0 && source != HOST_SRC_TRAINER)
			return guard_refuse(reason, "M851 moves where the probe "
			    "puts Z 0, so a wrong value drives the nozzle into "
			    "the bed: it needs a trainer's confirmation");
		return 0;
	case 850:
		/* Prusa-Firmware's steel sheets: Z is the Live-Z (a wrong one
		 * drives the nozzle into the bed, as M851 does), and every
		 * other field is written to EEPROM at once. S alone reads. */
		if ((gcode_canon_has(&c, 'Z') || gcode_canon_has(&c, 'L') ||
		    gcode_canon_has(&c, 'B') || gcode_canon_has(&c, 'P') ||
		    gcode_canon_has(&c, 'A')) && source != HOST_SRC_TRAINER)
			return guard_refuse(reason, "M850 writes a steel sheet's "
			    "Live-Z and data to the printer's memory: it needs a "
			    "trainer's confirmation");
		return 0;
	case 301:
	case 304:
		if (c.valued != 0 && source != HOST_SRC_TRAINER)
			return guard_refuse(reason, "M%d changes how the heater "
			    "is regulated: it needs a trainer's confirmation",
			    c.code);
		return 0;
	case 211:
		if (gcode_canon_has(&c, 'S') && !fw_bool(&c, 'S'))
			return guard_refuse(reason, "soft endstops must stay on: "
			    "M211 %s would let moves leave the build volume",
			    c.text + 5);
		return 0;
	case 564:
		if ((gcode_canon_has(&c, 'S') && !fw_bool(&c, 'S')) ||
		    (gcode_canon_has(&c, 'H') && !fw_bool(&c, 'H')))
			return guard_refuse(reason, "axis limits must stay on: "
			    "%s would let moves leave the build volume or run "
			    "before homing", c.text);
		return 0;
	case 302:
		if ((gcode_canon_has(&c, 'P') && fw_bool(&c, 'P')) ||
		    (gcode_canon_has(&c, 'S') &&
		    fw_celsius_low(&c, 'S') < p->min_extrude))
			return guard_refuse(reason, "cold extrusion must stay "
			    "blocked (%s would allow it)", c.text);
		return 0;
	case 221:
		/* Flow scales what every later E pushes: judged on every
		 * source (a file or the console as much as a lesson). */
		if (gcode_canon_valued(&c, 'S') && (gcode_canon_value(&c, 'S') <
		    GUARD_FLOW_MIN - GUARD_EPSILON || gcode_canon_value(&c,
		    'S') > GUARD_FLOW_MAX + GUARD_EPSILON))
			return guard_refuse(reason, "M221 S%g: flow must stay "
			    "between %g and %g %% (it scales every extrusion "
			    "the guard judges)", gcode_canon_value(&c, 'S'),
			    GUARD_FLOW_MIN, GUARD_FLOW_MAX);
		return 0;
	case 200:
		if (gcode_canon_valued(&c, 'D') && gcode_canon_value(&c, 'D') >
		    GUARD_EPSILON && gcode_canon_value(&c, 'D') <
		    GUARD_MIN_FILAMENT)
			return guard_refuse(reason, "M200 D%g: volumetric "
			    "extrusion with a filament that thin pushes many "
			    "times the length each E says (at least %g mm, or "
			    "D0 to switch it off)", gcode_canon_value(&c, 'D'),
			    GUARD_MIN_FILAMENT);
		return 0;
	case 207:
	case 208:
		/* Firmware retraction: G10/G11 then move these lengths. */
		if (gcode_canon_valued(&c, 'S') &&
		    fabs(gcode_canon_value(&c, 'S')) > GUARD_MAX_EXTRUDE)
			return guard_refuse(reason, "M%d S%g: a firmware "
			    "retraction longer than the %g mm limit for a "
			    "single move", c.code, gcode_canon_value(&c, 'S'),
			    GUARD_MAX_EXTRUDE);
		return 0;
	case 0:
	case 1:
	case 117:
	case 118: {
		char what[8];

		/* M0's message comes back in the host prompt it opens. */
		text = gcode_canon_text(&c, c.has_string ? 0 : 'S', &len);
		snprintf(what, sizeof what, "M%d", c.code);
		if (text != NULL)
			return guard_check_echo(text, len, what, reason);
		return 0;
	}
	case 500:
	case 502:
		if (source != HOST_SRC_TRAINER)
			return guard_refuse(reason, "M%d changes the printer's "
			    "saved settings: it needs a trainer's confirmation",
			    c.code);
		return 0;
	}
	return 0;
}

int
guard_check(const struct guard_state *st, const struct host_profile *p,
    const char *cmd, enum host_source source, char **reason)
{
	return guard_judge(st, p, cmd, source, NULL, 0, reason);
}

static void
guard_apply_move(struct guard_state *st, const struct gcode_canon *c)
{
	for (int i = 0; i < 3; i++) {
		double t;

		if (!gcode_canon_valued(c, guard_axis_names[i]))
			continue;
		if (guard_target(st, c, i, &t))
			st->pos[i] = t;
	}
	if (gcode_canon_valued(c, 'E')) {
		if (st->e_relative)
			st->e += gcode_canon_value(c, 'E');
		else
			st->e = gcode_canon_value(c, 'E');
	}
}

static bool
guard_any_axis(const struct gcode_canon *c)
{
	return gcode_canon_has(c, 'X') || gcode_canon_has(c, 'Y') ||
	    gcode_canon_has(c, 'Z');
}

static void
guard_apply_home(struct guard_state *st, const struct host_profile *p,
    const struct gcode_canon *c)
{
	bool any = guard_any_axis(c);

	for (int i = 0; i < 3; i++) {
		if (any && !gcode_canon_has(c, guard_axis_names[i]))
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
guard_unhome(struct guard_state *st, const struct gcode_canon *c)
{
	bool any = guard_any_axis(c);

	for (int i = 0; i < 3; i++) {
		if (any && !gcode_canon_has(c, guard_axis_names[i]))
			continue;
		st->homed[i] = false;
		st->known[i] = false;
	}
}

static void
guard_apply_heat(struct guard_state *st, const struct gcode_canon *c)
{
	char k;
	double t;

	if (!gcode_canon_valued(c, 'S') && !gcode_canon_valued(c, 'R'))
		return;
	k = gcode_canon_valued(c, 'S') ? 'S' : 'R';
	/* The temperature the firmware will wait for: "M109 S179.9" waits
	 * for 179 °C (value_celsius() truncates). */
	t = fw_celsius_low(c, k);
	if (c->code == 140 || c->code == 190) {
		st->bed_target = t;
		return;
	}
	st->nozzle_target = t;
	if (c->code == 109 || t < st->nozzle_assured)
		st->nozzle_assured = t;
}

/*
 * The user has confirmed the nozzle stands at logical height z above a
 * print that stopped, and G92 Z<z> says so to the printer: Z counts as
 * known and homed from here, as Marlin's power-loss recovery marks every
 * axis homed after its G92.9 Z (feature/powerloss.cpp, set_all_homed()).
 */
void
guard_declare_z(struct guard_state *st, double z)
{
	st->homed[2] = true;
	st->known[2] = true;
	st->offset[2] = 0;
	st->pos[2] = z;
}

void
guard_apply(struct guard_state *st, const struct host_profile *p,
    const char *cmd)
{
	struct gcode_canon c;

	if (gcode_canon_parse(cmd, strlen(cmd), guard_dialect(st), &c,
	    NULL) != 0 || c.extended)
		return;
	if (c.letter == 'G') {
		switch (c.code) {
		case 0:
		case 1:
		case 2:
		case 3:
			guard_apply_move(st, &c);
			break;
		case 28:
			guard_apply_home(st, p, &c);
			break;
		case 90:
		case 91:
			st->relative_xyz = c.code == 91;
			st->e_relative = st->relative_xyz || st->e_m83;
			break;
		case 92:
			if (c.subcode == 1) {
				memset(st->offset, 0, sizeof st->offset);
				break;
			}
			/* Marlin 2 sets only the axes given with a value;
			 * a bare G92 changes nothing. */
			for (int i = 0; i < 3; i++) {
				char a = guard_axis_names[i];
				if (st->known[i] && gcode_canon_valued(&c, a))
					st->offset[i] = gcode_canon_value(&c,
					    a) - st->pos[i];
			}
			if (gcode_canon_valued(&c, 'E'))
				st->e = gcode_canon_value(&c, 'E');
			break;
		}
		return;
	}
	if (c.letter != 'M')
		return;
	switch (c.code) {
	case 82:
	case 83:
		st->e_m83 = c.code == 83;
		st->e_relative = st->relative_xyz || st->e_m83;
		break;
	case 18:
	case 84:
		/* "M84 S<seconds>" only sets the stepper timeout. */
		if (gcode_canon_has(&c, 'S') && !guard_any_axis(&c))
			break;
		if (gcode_canon_has(&c, 'E') && !guard_any_axis(&c))
			break;
		guard_unhome(st, &c);
		break;
	case 410:
		memset(st->homed, 0, sizeof st->homed);
		memset(st->known, 0, sizeof st->known);
		break;
	case 104:
	case 109:
	case 140:
	case 190:
		guard_apply_heat(st, &c);
		break;
	case 221:
		if (gcode_canon_valued(&c, 'S'))
			st->flow = gcode_canon_value(&c, 'S');
		break;
	}
}
