#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lua.h>

#include "content.h"
#include "gcode.h"

static const char *const profile_keys[] = {
	"name", "firmware", "usb", "fallback", "baud", "reset_on_open",
	"volume", "axes", "vendor_max", "max_nozzle", "max_bed",
	"min_extrude", "levelling", "send_mode", "rx_buffer", "ok_timeout",
	"resume_purge", "start_gcode",
	"end_gcode", "pause_gcode", "cancel_gcode", "pause", "quirks",
	"unverified", "notes", "nozzle_diameter", "filament_diameter",
	"heat_rate", "motion", NULL,
};

static const char *const levelling_methods[] = {
	"none", "manual", "g29", "g80", "bed-mesh", "g32", NULL,
};

/* Names the host acts on; docs/printer-profiles.md explains each. */
static const char *const known_quirks[] = {
	"m862-checks",		/* Prusa: M862.x checks stop on mismatch */
	"stop-not-kill",	/* thermal faults end in Stopped (M999) */
	"extra-temp-fields",	/* M105 adds P: A: and friends */
	"no-emergency-parser",	/* M112 may wait behind queued moves */
	"no-autoreport",	/* no M155: poll M105 */
	"mesh-lost-after-g28",	/* re-enable the mesh with M420 S1 */
	"ptfe-lined-hotend",	/* keep the nozzle at or below 240 °C */
	"home-w",		/* G28 W: home without mesh levelling */
	"extra-ok-after-resend",
	"z-homes-to-max",
	NULL,
};

static const int known_bauds[] = {
	9600, 19200, 38400, 57600, 115200, 230400, 250000, 500000, 1000000,
};

/* Keys that may appear in 'unverified': every top-level key, plus a few
 * sub-keys ("usb.pid", "vendor_max.bed", "volume.z"). */
static bool
unverified_key_ok(const char *key)
{
	char top[64];
	const char *dot = strchr(key, '.');
	size_t n = dot != NULL ? (size_t)(dot - key) : strlen(key);

	if (n == 0 || n >= sizeof top)
		return false;
	memcpy(top, key, n);
	top[n] = '\0';
	for (int i = 0; profile_keys[i] != NULL; i++) {
		if (strcmp(profile_keys[i], top) == 0)
			return strcmp(top, "unverified") != 0;
	}
	return false;
}

static bool
in_list(const char *const *list, const char *s)
{
	for (int i = 0; list[i] != NULL; i++) {
		if (strcmp(list[i], s) == 0)
			return true;
	}
	return false;
}

static char *
join_list(const char *const *list)
{
	struct buf b;

	buf_init(&b);
	for (int i = 0; list[i] != NULL; i++)
		buf_appendf(&b, "%s%s", i > 0 ? ", " : "", list[i]);
	return buf_detach(&b);
}

static bool
choice(struct datafile *df, struct diags *d, const char *key,
    const char *const *choices, bool required, char **out)
{
	char *v = NULL;

	if (!datafile_string(df, d, 1, "", key, required, &v))
		return false;
	if (v == NULL)
		return true;
	if (!in_list(choices, v)) {
		char *all = join_list(choices);
		datafile_error(df, d, key, "'%s' must be one of %s, not '%s'",
		    key, all, v);
		free(all);
		free(v);
		return false;
	}
	free(*out);
	*out = v;
	return true;
}

char **
content_split_lines(const char *text, int *n)
{
	char **v = xcalloc(1, sizeof *v);
	const char *s = text;

	*n = 0;
	while (*s != '\0') {
		const char *e = strchr(s, '\n');
		size_t len = e != NULL ? (size_t)(e - s) : strlen(s);
		v = xrealloc(v, (size_t)(*n + 2) * sizeof *v);
		v[(*n)++] = xstrndup(s, len);
		v[*n] = NULL;
		s += len;
		if (*s == '\n')
			s++;
	}
	return v;
}

char *
profile_gcode_exceeds(const struct host_profile *p, const char *line)
{
	char cmd[GCODE_MAX_LINE];
	struct gcode_cmd c;
	int len = gcode_strip(line, strlen(line), cmd, sizeof cmd);
	double v;

	if (len <= 0 || !gcode_parse(cmd, (size_t)len, &c) || c.letter != 'M')
		return NULL;
	switch (c.code) {
	case 104: case 109:
		v = gcode_value(&c, 'S', gcode_value(&c, 'R', 0));
		if (v > p->max_nozzle)
			return xasprintf("%s: nozzle target %g °C is above the "
			    "limit of %g °C for %s", cmd, v, p->max_nozzle,
			    p->id);
		break;
	case 140: case 190:
		v = gcode_value(&c, 'S', gcode_value(&c, 'R', 0));
		if (v > p->max_bed)
			return xasprintf("%s: bed target %g °C is above the "
			    "limit of %g °C for %s", cmd, v, p->max_bed, p->id);
		break;
	case 211:
		if (gcode_param(&c, 'S') != NULL && gcode_value(&c, 'S', 1) == 0)
			return xasprintf("%s: switching soft endstops off is "
			    "never allowed", cmd);
		break;
	case 302:
		return xasprintf("%s: allowing cold extrusion is never "
		    "allowed", cmd);
	}
	return NULL;
}

/* A G-code key: a string of lines or a list of lines. */
static void
read_gcode(struct datafile *df, struct diags *d, const char *key, char **out)
{
	lua_State *L = df->L;
	struct buf b;
	bool ok = true;

	lua_getfield(L, 1, key);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		return;
	}
	buf_init(&b);
	if (lua_type(L, -1) == LUA_TSTRING)
		buf_append_str(&b, lua_tostring(L, -1));
	else if (lua_istable(L, -1)) {
		lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
		for (lua_Integer i = 1; i <= n; i++) {
			lua_rawgeti(L, -1, i);
			if (lua_type(L, -1) != LUA_TSTRING) {
				char *p = xasprintf("%s[%lld]", key, (long long)i);
				datafile_error(df, d, p, "'%s' must be a line of "
				    "G-code (a string)", p);
				free(p);
				ok = false;
			} else
				buf_appendf(&b, "%s%s", b.len > 0 ? "\n" : "",
				    lua_tostring(L, -1));
			lua_pop(L, 1);
		}
	} else {
		datafile_error(df, d, key, "'%s' must be G-code: a string or "
		    "a list of lines", key);
		ok = false;
	}
	lua_pop(L, 1);
	if (ok) {
		int n;
		char **lines = content_split_lines(b.data, &n);
		for (int i = 0; i < n; i++) {
			const unsigned char *c = (const unsigned char *)lines[i];
			for (; *c != '\0'; c++) {
				if (*c < 0x20 || *c > 0x7e) {
					datafile_error(df, d, key, "'%s' line %d: "
					    "G-code must be printable ASCII",
					    key, i + 1);
					ok = false;
					break;
				}
			}
			if (ok && strlen(lines[i]) > 96) {
				datafile_error(df, d, key, "'%s' line %d is "
				    "longer than 96 characters (Marlin's "
				    "MAX_CMD_SIZE)", key, i + 1);
				ok = false;
			}
		}
		datafile_free_list(lines);
	}
	if (ok) {
		free(*out);
		*out = buf_detach(&b);
	} else
		buf_free(&b);
}

static void
read_usb(struct datafile *df, struct diags *d, struct host_profile *p)
{
	lua_State *L = df->L;
	lua_Integer n;

	if (!datafile_table(df, d, 1, "", "usb", false))
		return;
	n = (lua_Integer)lua_rawlen(L, -1);
	for (lua_Integer i = 1; i <= n; i++) {
		char *path = datafile_path_index("usb", (int)i);
		static const char *const keys[] = { "vid", "pid", NULL };
		long long vid = 0, pid = 0;

		lua_rawgeti(L, -1, i);
		if (!lua_istable(L, -1)) {
			datafile_error(df, d, path, "'%s' must be a table "
			    "{ vid = 0x1a86, pid = 0x7523 }", path);
		} else if (p->nusb == HOST_PROFILE_MAX_USB) {
			datafile_error(df, d, path, "at most %d USB ids per "
			    "profile", HOST_PROFILE_MAX_USB);
		} else {
			datafile_check_keys(df, d, -1, path, keys);
			if (datafile_integer(df, d, -1, path, "vid", true, 1,
			    0xffff, &vid) && datafile_integer(df, d, -1, path,
			    "pid", false, 1, 0xffff, &pid)) {
				p->usb[p->nusb].vid = (unsigned)vid;
				p->usb[p->nusb].pid = (unsigned)pid;
				p->nusb++;
			}
		}
		lua_pop(L, 1);
		free(path);
	}
	lua_pop(L, 1);
}

static void
read_volume(struct datafile *df, struct diags *d, struct host_profile *p,
    struct profile_extra *x)
{
	static const char *const axes[] = { "x", "y", "z", NULL };
	lua_State *L = df->L;

	if (datafile_table(df, d, 1, "", "volume", true)) {
		datafile_check_keys(df, d, -1, "volume", axes);
		for (int a = 0; a < 3; a++) {
			if (datafile_number(df, d, -1, "volume", axes[a], true,
			    1, 2000, &x->volume[a])) {
				p->axis[a].min = 0;
				p->axis[a].max = x->volume[a];
			}
		}
		lua_pop(L, 1);
	}
	if (!datafile_table(df, d, 1, "", "axes", false))
		return;
	datafile_check_keys(df, d, -1, "axes", axes);
	for (int a = 0; a < 3; a++) {
		char *path = datafile_path("axes", axes[a]);
		double lo = 0, hi = 0;

		lua_getfield(L, -1, axes[a]);
		if (!lua_isnil(L, -1)) {
			bool ok = lua_istable(L, -1) && lua_rawlen(L, -1) == 2;
			if (ok) {
				lua_rawgeti(L, -1, 1);
				lua_rawgeti(L, -2, 2);
				ok = lua_type(L, -2) == LUA_TNUMBER &&
				    lua_type(L, -1) == LUA_TNUMBER;
				lo = lua_tonumber(L, -2);
				hi = lua_tonumber(L, -1);
				lua_pop(L, 2);
			}
			if (!ok)
				datafile_error(df, d, path, "'%s' must be "
				    "{ min, max } in mm", path);
			else if (!(lo < hi) || lo < -100 || hi > 2100)
				datafile_error(df, d, path, "'%s' must be "
				    "{ min, max } with min < max (got { %g, %g })",
				    path, lo, hi);
			else if (hi - lo < x->volume[a])
				datafile_error(df, d, path, "'%s' spans %g mm, "
				    "less than the build volume's %g mm", path,
				    hi - lo, x->volume[a]);
			else {
				p->axis[a].min = lo;
				p->axis[a].max = hi;
			}
		}
		lua_pop(L, 1);
		free(path);
	}
	lua_pop(L, 1);
}

static void
read_temperatures(struct datafile *df, struct diags *d, struct host_profile *p,
    struct profile_extra *x)
{
	static const char *const vkeys[] = { "nozzle", "bed", NULL };
	lua_State *L = df->L;
	bool have_vendor = false;

	if (datafile_table(df, d, 1, "", "vendor_max", true)) {
		datafile_check_keys(df, d, -1, "vendor_max", vkeys);
		have_vendor = datafile_number(df, d, -1, "vendor_max", "nozzle",
		    true, 100, 500, &x->vendor_nozzle) &&
		    datafile_number(df, d, -1, "vendor_max", "bed", true, 0,
		    200, &x->vendor_bed);
		lua_pop(L, 1);
	}
	if (datafile_number(df, d, 1, "", "max_nozzle", true, 0, 500,
	    &p->max_nozzle) && have_vendor &&
	    p->max_nozzle > x->vendor_nozzle - 15)
		datafile_error(df, d, "max_nozzle", "'max_nozzle' %g °C is "
		    "above the vendor maximum %g °C less the 15 °C margin "
		    "(at most %g)", p->max_nozzle, x->vendor_nozzle,
		    x->vendor_nozzle - 15);
	if (datafile_number(df, d, 1, "", "max_bed", true, 0, 200,
	    &p->max_bed) && have_vendor && x->vendor_bed > 0 &&
	    p->max_bed > x->vendor_bed - 15)
		datafile_error(df, d, "max_bed", "'max_bed' %g °C is above "
		    "the vendor maximum %g °C less the 15 °C margin (at most "
		    "%g)", p->max_bed, x->vendor_bed, x->vendor_bed - 15);
	if (datafile_number(df, d, 1, "", "min_extrude", true, 170, 300,
	    &p->min_extrude) && p->min_extrude > p->max_nozzle &&
	    p->max_nozzle > 0)
		datafile_error(df, d, "min_extrude", "'min_extrude' %g °C is "
		    "above 'max_nozzle' %g °C: nothing could ever be extruded",
		    p->min_extrude, p->max_nozzle);
}

static void
read_pause(struct datafile *df, struct diags *d, struct host_profile *p)
{
	static const char *const keys[] = { "keep_temps", "lift", "park", NULL };
	static const char *const xy[] = { "x", "y", NULL };
	lua_State *L = df->L;

	if (!datafile_table(df, d, 1, "", "pause", false))
		return;
	datafile_check_keys(df, d, -1, "pause", keys);
	datafile_boolean(df, d, -1, "pause", "keep_temps", false,
	    &p->keep_temps_on_pause);
	datafile_number(df, d, -1, "pause", "lift", false, 0, 100,
	    &p->pause_lift);
	if (datafile_table(df, d, -1, "pause", "park", false)) {
		datafile_check_keys(df, d, -1, "pause.park", xy);
		datafile_number(df, d, -1, "pause.park", "x", true,
		    p->axis[0].min, p->axis[0].max, &p->park_x);
		datafile_number(df, d, -1, "pause.park", "y", true,
		    p->axis[1].min, p->axis[1].max, &p->park_y);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

/* { x =, y =, z =, e = } into v[4]; all four required. */
static void
read_axes4(struct datafile *df, struct diags *d, const char *path,
    const char *key, double lo, double hi, double v[4])
{
	static const char *const axes[] = { "x", "y", "z", "e", NULL };
	char *sub = datafile_path(path, key);

	if (datafile_table(df, d, -1, path, key, false)) {
		datafile_check_keys(df, d, -1, sub, axes);
		for (int a = 0; a < 4; a++)
			datafile_number(df, d, -1, sub, axes[a], true, lo, hi,
			    &v[a]);
		lua_pop(df->L, 1);
	}
	free(sub);
}

/* What the G-code statistics and check use: nozzle, filament, heat-up
 * rates and the firmware's motion settings (docs/printer-profiles.md). */
static void
read_gcode_fields(struct datafile *df, struct diags *d, struct host_profile *p)
{
	static const char *const heat[] = { "nozzle", "bed", NULL };
	static const char *const motion[] = { "max_feedrate", "max_accel",
	    "accel", "retract_accel", "travel_accel", "jerk",
	    "junction_deviation", NULL };
	struct host_motion *m = &p->motion;

	datafile_number(df, d, 1, "", "nozzle_diameter", false, 0.1, 2,
	    &p->nozzle_diameter);
	datafile_number(df, d, 1, "", "filament_diameter", false, 1, 3.5,
	    &p->filament_diameter);
	if (datafile_table(df, d, 1, "", "heat_rate", false)) {
		datafile_check_keys(df, d, -1, "heat_rate", heat);
		datafile_number(df, d, -1, "heat_rate", "nozzle", false, 0.01,
		    50, &p->heat_nozzle_rate);
		datafile_number(df, d, -1, "heat_rate", "bed", false, 0.01, 20,
		    &p->heat_bed_rate);
		lua_pop(df->L, 1);
	}
	if (!datafile_table(df, d, 1, "", "motion", false))
		return;
	datafile_check_keys(df, d, -1, "motion", motion);
	read_axes4(df, d, "motion", "max_feedrate", 0.1, 2000, m->max_feedrate);
	read_axes4(df, d, "motion", "max_accel", 1, 100000, m->max_accel);
	read_axes4(df, d, "motion", "jerk", 0, 100, m->jerk);
	datafile_number(df, d, -1, "motion", "accel", true, 1, 100000,
	    &m->accel);
	m->retract_accel = m->travel_accel = m->accel;
	datafile_number(df, d, -1, "motion", "retract_accel", false, 1, 100000,
	    &m->retract_accel);
	datafile_number(df, d, -1, "motion", "travel_accel", false, 1, 100000,
	    &m->travel_accel);
	datafile_number(df, d, -1, "motion", "junction_deviation", false, 0,
	    1, &m->junction_deviation);
	m->set = true;
	lua_pop(df->L, 1);
}

static void
check_gcode_limits(struct datafile *df, struct diags *d,
    const struct host_profile *p, const char *key, const char *text)
{
	int n;
	char **lines;

	if (text == NULL)
		return;
	lines = content_split_lines(text, &n);
	for (int i = 0; i < n; i++) {
		char *why = profile_gcode_exceeds(p, lines[i]);
		if (why != NULL) {
			datafile_error(df, d, key, "'%s' line %d: %s", key,
			    i + 1, why);
			free(why);
		}
	}
	datafile_free_list(lines);
}

int
profile_check_file(const char *path, struct host_profile *p,
    struct profile_extra *x, struct diags *d)
{
	static const char *const flavours[] = {
		"marlin", "prusa", "klipper", "rrf", "repetier", NULL,
	};
	static const char *const modes[] = {
		"auto", "ping-pong", "windowed", NULL,
	};
	struct datafile *df;
	const char *base = strrchr(path, '/');
	char *s = NULL, **quirks = NULL;
	int errors = diags_count(d, DIAG_ERROR), nquirks = 0;
	long long v;
	size_t idlen;

	host_profile_init(p);
	memset(x, 0, sizeof *x);
	base = base != NULL ? base + 1 : path;
	idlen = strlen(base);
	if (str_ends_with(base, ".lua"))
		idlen -= 4;
	if (idlen >= sizeof p->id)
		idlen = sizeof p->id - 1;
	memcpy(p->id, base, idlen);
	p->id[idlen] = '\0';

	if ((df = datafile_load(path, d)) == NULL)
		goto out;
	datafile_check_keys(df, d, 1, "", profile_keys);

	if (datafile_string(df, d, 1, "", "name", true, &s)) {
		if (strlen(s) >= sizeof p->name)
			datafile_error(df, d, "name", "'name' is longer than "
			    "%zu bytes", sizeof p->name - 1);
		else
			strcpy(p->name, s);
	}
	free(s);
	s = NULL;
	if (choice(df, d, "firmware", flavours, true, &s) && s != NULL) {
		p->flavour = strcmp(s, "prusa") == 0 ? HOST_FLAVOUR_PRUSA :
		    strcmp(s, "klipper") == 0 ? HOST_FLAVOUR_KLIPPER :
		    strcmp(s, "rrf") == 0 ? HOST_FLAVOUR_RRF :
		    strcmp(s, "repetier") == 0 ? HOST_FLAVOUR_REPETIER :
		    HOST_FLAVOUR_MARLIN;
	}
	free(s);
	s = NULL;
	read_usb(df, d, p);
	datafile_boolean(df, d, 1, "", "fallback", false, &x->fallback);
	if (datafile_integer(df, d, 1, "", "baud", true, 1, 4000000, &v)) {
		bool known = false;
		for (size_t i = 0; i < LL_ARRAY_LEN(known_bauds); i++)
			known = known || known_bauds[i] == v;
		if (!known)
			datafile_error(df, d, "baud", "'baud' %lld is not a "
			    "serial speed printers use (115200 or 250000 are "
			    "usual)", v);
		else
			p->baud = (int)v;
	}
	datafile_boolean(df, d, 1, "", "reset_on_open", true,
	    &p->reset_on_open);
	read_volume(df, d, p, x);
	read_temperatures(df, d, p, x);
	if (choice(df, d, "levelling", levelling_methods, true, &s) &&
	    s != NULL)
		snprintf(p->levelling, sizeof p->levelling, "%s", s);
	free(s);
	s = NULL;
	if (choice(df, d, "send_mode", modes, false, &s) && s != NULL) {
		p->send_mode = strcmp(s, "ping-pong") == 0 ?
		    HOST_SEND_PINGPONG : strcmp(s, "windowed") == 0 ?
		    HOST_SEND_WINDOWED : HOST_SEND_AUTO;
	}
	free(s);
	s = NULL;
	if (datafile_integer(df, d, 1, "", "rx_buffer", false, 32, 65536, &v))
		p->rx_buffer = v > 0 ? (int)v : p->rx_buffer;
	datafile_number(df, d, 1, "", "ok_timeout", false, 0.1, 60,
	    &p->ok_timeout);
	datafile_number(df, d, 1, "", "resume_purge", false, 0, 50,
	    &p->resume_purge);
	read_gcode(df, d, "start_gcode", &p->start_gcode);
	read_gcode(df, d, "end_gcode", &p->end_gcode);
	read_gcode(df, d, "pause_gcode", &p->pause_gcode);
	read_gcode(df, d, "cancel_gcode", &p->cancel_gcode);
	check_gcode_limits(df, d, p, "start_gcode", p->start_gcode);
	check_gcode_limits(df, d, p, "end_gcode", p->end_gcode);
	check_gcode_limits(df, d, p, "pause_gcode", p->pause_gcode);
	check_gcode_limits(df, d, p, "cancel_gcode", p->cancel_gcode);
	read_pause(df, d, p);
	read_gcode_fields(df, d, p);

	if (datafile_string_list(df, d, 1, "", "quirks", false, &quirks,
	    &nquirks)) {
		for (int i = 0; i < nquirks; i++) {
			char *qp = datafile_path_index("quirks", i + 1);
			if (!in_list(known_quirks, quirks[i])) {
				char *all = join_list(known_quirks);
				datafile_error(df, d, qp, "unknown quirk '%s' "
				    "(known: %s)", quirks[i], all);
				free(all);
			} else if (p->nquirks == HOST_PROFILE_MAX_QUIRKS) {
				datafile_error(df, d, qp, "at most %d quirks",
				    HOST_PROFILE_MAX_QUIRKS);
			} else
				snprintf(p->quirks[p->nquirks++],
				    sizeof p->quirks[0], "%s", quirks[i]);
			free(qp);
		}
	}
	datafile_free_list(quirks);
	x->unverified_line = datafile_line(df, "unverified");
	if (datafile_string_list(df, d, 1, "", "unverified", false,
	    &x->unverified, &x->nunverified)) {
		for (int i = 0; i < x->nunverified; i++) {
			if (!unverified_key_ok(x->unverified[i])) {
				char *qp = datafile_path_index("unverified",
				    i + 1);
				datafile_error(df, d, qp, "'unverified' names "
				    "'%s', which is not a key of this profile",
				    x->unverified[i]);
				free(qp);
			}
		}
	}
	datafile_string(df, d, 1, "", "notes", false, &s);
	free(s);
	datafile_free(df);
out:
	if (diags_count(d, DIAG_ERROR) > errors) {
		host_profile_free(p);
		profile_extra_free(x);
		return -1;
	}
	return 0;
}

void
profile_extra_free(struct profile_extra *x)
{
	datafile_free_list(x->unverified);
	x->unverified = NULL;
	x->nunverified = 0;
}

static bool
id_ok(const char *id)
{
	if (*id == '\0' || *id == '.' || strlen(id) >= 64)
		return false;
	for (const char *c = id; *c != '\0'; c++) {
		if (!islower((unsigned char)*c) && !isdigit((unsigned char)*c) &&
		    *c != '-' && *c != '_' && *c != '.')
			return false;
	}
	return true;
}

int
lesson_profile_load_file(const char *path, struct host_profile *profile,
    char **cause)
{
	struct diags d;
	struct profile_extra x;
	int rc;

	diags_init(&d);
	rc = profile_check_file(path, profile, &x, &d);
	if (rc != 0) {
		char *msg = diags_first_error(&d);
		set_cause(cause, "%s", msg);
		free(msg);
	} else
		profile_extra_free(&x);
	diags_free(&d);
	return rc;
}

/*
 * printers_dir is a search path: directories separated by ':', the first
 * one holding <id>.lua wins (a school's own directory comes before the
 * shipped one, so its tuned copy of a profile is the one used).
 */
static char *
profile_find(const char *printers_dir, const char *id)
{
	const char *dir = printers_dir, *end;

	for (;; dir = end + 1) {
		end = strchr(dir, ':');
		if (end == NULL)
			end = dir + strlen(dir);
		if (end > dir) {
			char *path = xasprintf("%.*s/%s.lua", (int)(end - dir),
			    dir, id);
			if (access(path, F_OK) == 0)
				return path;
			free(path);
		}
		if (*end == '\0')
			return NULL;
	}
}

int
lesson_profile_load(const char *printers_dir, const char *id,
    struct host_profile *profile, char **cause)
{
	char *path;
	int rc;

	if (!id_ok(id)) {
		host_profile_init(profile);
		host_profile_free(profile);
		set_cause(cause, "'%s' is not a printer profile id (lower-case "
		    "letters, digits, '-', '_' and '.')", id);
		return -1;
	}
	if ((path = profile_find(printers_dir, id)) == NULL) {
		char **ids;
		int n;
		struct buf b;

		host_profile_init(profile);
		host_profile_free(profile);
		buf_init(&b);
		ids = lesson_profile_list(printers_dir, &n, NULL);
		for (int i = 0; ids != NULL && i < n; i++)
			buf_appendf(&b, "%s%s", i > 0 ? ", " : "", ids[i]);
		set_cause(cause, "no printer profile '%s' in %s (known: %s)",
		    id, printers_dir, b.len > 0 ? b.data : "none");
		buf_free(&b);
		lesson_profile_list_free(ids);
		return -1;
	}
	rc = lesson_profile_load_file(path, profile, cause);
	free(path);
	return rc;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
ids_have(char **ids, int count, const char *id)
{
	for (int i = 0; i < count; i++) {
		if (strcmp(ids[i], id) == 0)
			return true;
	}
	return false;
}

char **
lesson_profile_list(const char *printers_dir, int *n, char **cause)
{
	const char *dir = printers_dir, *end;
	char **ids = xcalloc(1, sizeof *ids);
	int count = 0, readable = 0, err = 0;

	*n = 0;
	for (;; dir = end + 1) {
		char *path;
		DIR *dp;
		struct dirent *de;

		end = strchr(dir, ':');
		if (end == NULL)
			end = dir + strlen(dir);
		path = xstrndup(dir, (size_t)(end - dir));
		if (*path != '\0' && (dp = opendir(path)) != NULL) {
			readable++;
			while ((de = readdir(dp)) != NULL) {
				size_t len = strlen(de->d_name);
				char *id;

				if (de->d_name[0] == '.' ||
				    !str_ends_with(de->d_name, ".lua"))
					continue;
				id = xstrndup(de->d_name, len - 4);
				if (ids_have(ids, count, id)) {
					free(id);
					continue;
				}
				ids = xrealloc(ids, (size_t)(count + 2) *
				    sizeof *ids);
				ids[count++] = id;
			}
			closedir(dp);
		} else if (*path != '\0')
			err = errno;
		free(path);
		if (*end == '\0')
			break;
	}
	if (readable == 0) {
		set_cause(cause, "%s: %s", printers_dir, err != 0 ?
		    strerror(err) : "no directory");
		free(ids);
		return NULL;
	}
	ids[count] = NULL;
	qsort(ids, (size_t)count, sizeof *ids, str_cmp);
	*n = count;
	return ids;
}

void
lesson_profile_list_free(char **ids)
{
	datafile_free_list(ids);
}

static char *
join_unverified(const struct profile_extra *x)
{
	struct buf b;

	if (x->nunverified == 0)
		return NULL;
	buf_init(&b);
	for (int i = 0; i < x->nunverified; i++)
		buf_appendf(&b, "%s%s", i > 0 ? ", " : "", x->unverified[i]);
	return buf_detach(&b);
}

static int
match_cmp(const void *a, const void *b)
{
	const struct lesson_profile_match *x = a, *y = b;

	if (x->exact != y->exact)
		return x->exact ? -1 : 1;
	if (x->fallback != y->fallback)
		return x->fallback ? 1 : -1;
	return strcmp(x->id, y->id);
}

int
lesson_profile_match_usb(const char *printers_dir, unsigned vid, unsigned pid,
    struct lesson_profile_match **matches, char **cause)
{
	char **ids;
	int n, count = 0;

	*matches = NULL;
	if ((ids = lesson_profile_list(printers_dir, &n, cause)) == NULL)
		return -1;
	for (int i = 0; i < n; i++) {
		struct host_profile p;
		struct profile_extra x;
		struct diags d;
		char *path = profile_find(printers_dir, ids[i]);
		int best = 0;	/* 2 exact, 1 VID only */

		diags_init(&d);
		if (path != NULL && profile_check_file(path, &p, &x, &d) == 0) {
			for (int u = 0; u < p.nusb; u++) {
				if (p.usb[u].vid != vid)
					continue;
				if (p.usb[u].pid == pid)
					best = 2;
				else if (p.usb[u].pid == 0 && best < 1)
					best = 1;
			}
			if (best > 0) {
				struct lesson_profile_match *m;
				*matches = xrealloc(*matches, (size_t)(count + 1) *
				    sizeof **matches);
				m = &(*matches)[count++];
				memset(m, 0, sizeof *m);
				snprintf(m->id, sizeof m->id, "%s", p.id);
				snprintf(m->name, sizeof m->name, "%s", p.name);
				m->exact = best == 2;
				m->fallback = x.fallback;
				m->unverified = join_unverified(&x);
			}
			host_profile_free(&p);
			profile_extra_free(&x);
		}
		diags_free(&d);
		free(path);
	}
	lesson_profile_list_free(ids);
	if (count > 1)
		qsort(*matches, (size_t)count, sizeof **matches, match_cmp);
	return count;
}

void
lesson_profile_matches_free(struct lesson_profile_match *matches, int n)
{
	for (int i = 0; i < n; i++)
		free(matches[i].unverified);
	free(matches);
}

char *
lesson_profile_unverified(const char *printers_dir, const char *id)
{
	struct host_profile p;
	struct profile_extra x;
	struct diags d;
	char *path, *s = NULL;

	if (!id_ok(id))
		return NULL;
	path = profile_find(printers_dir, id);
	diags_init(&d);
	if (path != NULL && profile_check_file(path, &p, &x, &d) == 0) {
		s = join_unverified(&x);
		host_profile_free(&p);
		profile_extra_free(&x);
	}
	diags_free(&d);
	free(path);
	return s;
}
