#include "reply.h"

#include <limits.h>
#include <string.h>

/*
 * Every parser here works on (pointer, length) because reply lines come
 * straight from the serial buffer: not NUL-terminated, possibly holding NULs
 * or noise. Numbers are parsed by hand so the C locale never matters.
 */

struct span {
	const char *s;
	size_t len;
};

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static char
to_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Leading noise: control bytes and bytes that can never start UTF-8. */
static bool
is_junk(unsigned char c)
{
	return c < 0x20 || c == 0x7f || c == 0xc0 || c == 0xc1 || c >= 0xf5;
}

static struct span
span_trim(const char *s, size_t len)
{
	struct span sp = { s, len };

	while (sp.len > 0 && (is_space(sp.s[0]) || is_junk((unsigned char)sp.s[0]))) {
		sp.s++;
		sp.len--;
	}
	while (sp.len > 0 && (is_space(sp.s[sp.len - 1]) || sp.s[sp.len - 1] == '\0'))
		sp.len--;
	return sp;
}

static bool
span_starts(struct span sp, const char *prefix)
{
	size_t n = strlen(prefix);

	return sp.len >= n && memcmp(sp.s, prefix, n) == 0;
}

static bool
span_starts_nocase(struct span sp, const char *prefix)
{
	size_t n = strlen(prefix);

	if (sp.len < n)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (to_lower(sp.s[i]) != to_lower(prefix[i]))
			return false;
	}
	return true;
}

static bool
span_equals(struct span sp, const char *word)
{
	return sp.len == strlen(word) && memcmp(sp.s, word, sp.len) == 0;
}

static struct span
span_skip(struct span sp, size_t n)
{
	if (n > sp.len)
		n = sp.len;
	sp.s += n;
	sp.len -= n;
	while (sp.len > 0 && is_space(sp.s[0])) {
		sp.s++;
		sp.len--;
	}
	return sp;
}

static bool
mem_find(const char *s, size_t len, const char *needle, bool nocase)
{
	size_t n = strlen(needle);

	if (n == 0 || n > len)
		return n == 0;
	for (size_t i = 0; i + n <= len; i++) {
		size_t j;

		for (j = 0; j < n; j++) {
			char a = s[i + j], b = needle[j];

			if (nocase ? to_lower(a) != to_lower(b) : a != b)
				break;
		}
		if (j == n)
			return true;
	}
	return false;
}

/* Offset just past needle in s, or -1. */
static long
mem_after(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= len; i++) {
		if (memcmp(s + i, needle, n) == 0)
			return (long)(i + n);
	}
	return -1;
}

/* A decimal number: [+-]digits[.digits] or [+-].digits. */
static bool
parse_number(const char *s, size_t len, size_t *pos, double *value)
{
	size_t i = *pos;
	double v = 0, scale = 1;
	bool neg = false, any = false;

	if (i < len && (s[i] == '-' || s[i] == '+')) {
		neg = s[i] == '-';
		i++;
	}
	while (i < len && is_digit(s[i])) {
		v = v * 10 + (s[i] - '0');
		any = true;
		i++;
	}
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && is_digit(s[i])) {
			scale /= 10;
			v += (s[i] - '0') * scale;
			any = true;
			i++;
		}
	}
	if (!any)
		return false;
	*pos = i;
	*value = neg ? -v : v;
	return true;
}

/*
 * Numbers from the printer go into ints only through here: a value out of
 * range (noise, "@:99999999999999999999") is clamped, never converted with
 * undefined behaviour.
 */
static int
to_int(double v, int lo, int hi)
{
	if (!(v >= lo))		/* NaN too */
		return lo;
	if (v > hi)
		return hi;
	return (int)v;
}

static bool
parse_long(const char *s, size_t len, size_t *pos, long *value)
{
	size_t i = *pos;
	long v = 0;
	bool neg = false;

	if (i < len && (s[i] == '-' || s[i] == '+')) {
		neg = s[i] == '-';
		i++;
	}
	if (i >= len || !is_digit(s[i]))
		return false;
	while (i < len && is_digit(s[i])) {
		if (v > 100000000000L)
			return false;
		v = v * 10 + (s[i] - '0');
		i++;
	}
	*pos = i;
	*value = neg ? -v : v;
	return true;
}

/* Splits the next whitespace-separated token off *sp. */
static bool
next_token(struct span *sp, struct span *tok)
{
	size_t i = 0;

	while (i < sp->len && is_space(sp->s[i]))
		i++;
	if (i == sp->len)
		return false;
	tok->s = sp->s + i;
	while (i < sp->len && !is_space(sp->s[i]))
		i++;
	tok->len = (size_t)(sp->s + i - tok->s);
	sp->s += i;
	sp->len -= i;
	return true;
}

static void
copy_span(char *dst, size_t dstsz, const char *s, size_t len)
{
	if (len >= dstsz)
		len = dstsz - 1;
	memcpy(dst, s, len);
	dst[len] = '\0';
}

/* ---- temperatures ---- */

static void
temps_init(struct gcode_temps *t)
{
	memset(t, 0, sizeof *t);
	t->hotend_power = -1;
	t->bed_power = -1;
	t->wait_seconds = -2;
	t->wait_tool = -1;
}

/* Sensor keys: an upper-case letter and up to 5 more letters or digits. */
static bool
is_sensor_key(const char *k, size_t n)
{
	if (n == 0 || n >= GCODE_TEMP_NAME || !is_upper(k[0]))
		return false;
	for (size_t i = 1; i < n; i++) {
		if (!is_upper(k[i]) && !is_digit(k[i]))
			return false;
	}
	return true;
}

/*
 * Tokens look like "T:210.00", "/215.00", "T:21.9/0.0", "@:0", "B@:127",
 * "W:?", "E:0" and Marlin's raw ADC values "(4012.0000)". Targets come as
 * the next token ("/215.00") or glued to the value.
 */
bool
gcode_temps_parse(const char *s, size_t len, struct gcode_temps *out)
{
	struct span rest = span_trim(s, len), tok;
	struct gcode_temp *last = NULL;
	bool found = false, want_target = false;

	temps_init(out);
	if (span_starts(rest, "ok") && (rest.len == 2 || is_space(rest.s[2])))
		rest = span_skip(rest, 2);
	while (next_token(&rest, &tok)) {
		const char *colon = memchr(tok.s, ':', tok.len);
		size_t klen, pos;
		double v;

		/* M114's stepper counts: "Count X:.. Y:.." or, on CoreXY and
		 * delta machines, "Count A:.. B:.. C:..", never a bed. */
		if (span_starts(tok, "Count"))
			break;
		if (want_target) {
			/* "T:21.30/ 200.00": the target is the next token. */
			want_target = false;
			pos = 0;
			if (last != NULL && parse_number(tok.s, tok.len, &pos, &v) &&
			    pos == tok.len) {
				last->target = v;
				last->has_target = true;
				last = NULL;
				continue;
			}
		}
		if (tok.s[0] == '/') {
			pos = 1;
			if (tok.len == 1) {
				/* "T:20 / 0": the number is the next token. */
				struct span save = rest;

				if (!next_token(&rest, &tok)) {
					break;
				}
				pos = 0;
				if (last == NULL || !parse_number(tok.s, tok.len, &pos, &v)) {
					rest = save;
					continue;
				}
			} else if (last == NULL || !parse_number(tok.s, tok.len, &pos, &v))
				continue;
			last->target = v;
			last->has_target = true;
			last = NULL;
			continue;
		}
		last = NULL;
		if (colon == NULL || tok.s[0] == '(')
			continue;
		klen = (size_t)(colon - tok.s);
		pos = klen + 1;
		if (klen == 1 && tok.s[0] == 'W') {
			if (pos < tok.len && tok.s[pos] == '?')
				out->wait_seconds = -1;
			else if (parse_number(tok.s, tok.len, &pos, &v))
				out->wait_seconds = to_int(v, 0, INT_MAX);
			continue;
		}
		if (klen == 1 && tok.s[0] == 'E') {
			if (parse_number(tok.s, tok.len, &pos, &v))
				out->wait_tool = to_int(v, -1, 99);
			continue;
		}
		if (klen >= 1 && tok.s[klen - 1] == '@') {
			if (!parse_number(tok.s, tok.len, &pos, &v))
				continue;
			if (klen == 1 || (klen == 2 && tok.s[0] == 'B')) {
				if (klen == 1)
					out->hotend_power = to_int(v, 0, INT_MAX);
				else
					out->bed_power = to_int(v, 0, INT_MAX);
			}
			continue;
		}
		if (klen >= 1 && tok.s[0] == '@') {
			/* "@0:" per-tool power: the active tool's is "@:". */
			if (out->hotend_power < 0 && parse_number(tok.s, tok.len, &pos, &v))
				out->hotend_power = to_int(v, 0, INT_MAX);
			continue;
		}
		if (!is_sensor_key(tok.s, klen) || out->n == GCODE_MAX_TEMPS)
			continue;
		if (!parse_number(tok.s, tok.len, &pos, &v))
			continue;
		last = &out->sensors[out->n++];
		copy_span(last->name, sizeof last->name, tok.s, klen);
		last->current = v;
		if (pos < tok.len && tok.s[pos] == '/') {
			pos++;
			if (pos == tok.len) {
				want_target = true;
				continue;
			}
			if (parse_number(tok.s, tok.len, &pos, &v)) {
				last->target = v;
				last->has_target = true;
			}
			last = NULL;
		}
	}
	/* Only T, Tn and B make a temperature report: "T0:" yes, "TX:" no. */
	for (size_t i = 0; i < out->n; i++) {
		const char *nm = out->sensors[i].name;

		if ((nm[0] == 'T' && (nm[1] == '\0' || is_digit(nm[1]))) ||
		    (nm[0] == 'B' && nm[1] == '\0'))
			found = true;
	}
	return found;
}

const struct gcode_temp *
gcode_temps_find(const struct gcode_temps *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++) {
		if (strcmp(t->sensors[i].name, name) == 0)
			return &t->sensors[i];
	}
	return NULL;
}

const struct gcode_temp *
gcode_temps_nozzle(const struct gcode_temps *t)
{
	const struct gcode_temp *s = gcode_temps_find(t, "T");

	return s != NULL ? s : gcode_temps_find(t, "T0");
}

const struct gcode_temp *
gcode_temps_bed(const struct gcode_temps *t)
{
	return gcode_temps_find(t, "B");
}

/* True when the first token of sp has the "KEY:number" shape. */
static bool
starts_with_key_value(struct span sp)
{
	struct span tok;
	const char *colon;
	size_t pos;
	double v;

	if (!next_token(&sp, &tok))
		return false;
	colon = memchr(tok.s, ':', tok.len);
	if (colon == NULL || colon == tok.s)
		return false;
	pos = (size_t)(colon - tok.s) + 1;
	return parse_number(tok.s, tok.len, &pos, &v);
}

/* ---- positions ---- */

bool
gcode_position_parse(const char *s, size_t len, struct gcode_position *out)
{
	struct span rest = span_trim(s, len), tok;

	memset(out, 0, sizeof *out);
	if (span_starts(rest, "ok") && (rest.len == 2 || is_space(rest.s[2])))
		rest = span_skip(rest, 2);
	while (next_token(&rest, &tok)) {
		size_t pos = 2;
		double v;

		if (span_equals(tok, "Count") || span_starts(tok, "Count"))
			break;
		if (tok.len < 3 || tok.s[1] != ':')
			continue;
		if (!parse_number(tok.s, tok.len, &pos, &v))
			continue;
		switch (tok.s[0]) {
		case 'X':
			if (!out->has_x) {
				out->x = v;
				out->has_x = true;
			}
			break;
		case 'Y':
			if (!out->has_y) {
				out->y = v;
				out->has_y = true;
			}
			break;
		case 'Z':
			if (!out->has_z) {
				out->z = v;
				out->has_z = true;
			}
			break;
		case 'E':
			if (!out->has_e) {
				out->e = v;
				out->has_e = true;
			}
			break;
		default:
			break;
		}
	}
	return out->has_x && out->has_y && out->has_z;
}

/* ---- firmware identity ---- */

const char *
gcode_flavour_name(enum gcode_flavour flavour)
{
	switch (flavour) {
	case GCODE_FLAVOUR_MARLIN:
		return "Marlin";
	case GCODE_FLAVOUR_PRUSA:
		return "Prusa-Firmware";
	case GCODE_FLAVOUR_KLIPPER:
		return "Klipper";
	case GCODE_FLAVOUR_RRF:
		return "RepRapFirmware";
	case GCODE_FLAVOUR_REPETIER:
		return "Repetier-Firmware";
	case GCODE_FLAVOUR_UNKNOWN:
		break;
	}
	return "unknown";
}

enum gcode_flavour
gcode_flavour_detect(const char *name)
{
	size_t len = strlen(name);

	/* Prusa first: its name says "based on Marlin". */
	if (mem_find(name, len, "Prusa", true))
		return GCODE_FLAVOUR_PRUSA;
	if (mem_find(name, len, "Klipper", true))
		return GCODE_FLAVOUR_KLIPPER;
	if (mem_find(name, len, "RepRapFirmware", true) ||
	    mem_find(name, len, "RRF", false))
		return GCODE_FLAVOUR_RRF;
	if (mem_find(name, len, "Repetier", true))
		return GCODE_FLAVOUR_REPETIER;
	if (mem_find(name, len, "Marlin", true))
		return GCODE_FLAVOUR_MARLIN;
	return GCODE_FLAVOUR_UNKNOWN;
}

/*
 * M115 fields are "KEY:value" where values contain spaces, so a key is an
 * upper-case word (A-Z, 0-9, _) of 3+ characters directly followed by ':'
 * at the start of the line or after a space.
 */
static bool
key_at(const char *s, size_t len, size_t i, size_t *keylen)
{
	size_t j = i;

	if (i > 0 && !is_space(s[i - 1]))
		return false;
	while (j < len && (is_upper(s[j]) || is_digit(s[j]) || s[j] == '_'))
		j++;
	if (j - i < 3 || j >= len || s[j] != ':' || !is_upper(s[i]))
		return false;
	*keylen = j - i;
	return true;
}

static void
version_from_name(const char *name, char *out, size_t outsz)
{
	const char *p = name;

	/* The first word after the product name that holds a digit. */
	while (*p != '\0' && *p != ' ')
		p++;
	while (*p != '\0') {
		const char *w;
		size_t n = 0;
		bool digit = false;

		while (*p == ' ')
			p++;
		w = p;
		while (p[n] != '\0' && p[n] != ' ') {
			if (is_digit(p[n]))
				digit = true;
			n++;
		}
		if (digit) {
			copy_span(out, outsz, w, n);
			return;
		}
		p += n;
	}
}

bool
gcode_firmware_parse(const char *s, size_t len, struct gcode_firmware *out)
{
	struct span sp = span_trim(s, len);
	size_t i = 0;
	bool found = false;

	memset(out, 0, sizeof *out);
	if (span_starts(sp, "ok") && sp.len > 2 && is_space(sp.s[2]))
		sp = span_skip(sp, 2);
	while (i < sp.len) {
		size_t klen, vstart, vend, j;

		if (!key_at(sp.s, sp.len, i, &klen)) {
			i++;
			continue;
		}
		vstart = i + klen + 1;
		for (j = vstart; j < sp.len; j++) {
			size_t k2;

			if (key_at(sp.s, sp.len, j, &k2))
				break;
		}
		vend = j;
		while (vstart < vend && is_space(sp.s[vstart]))
			vstart++;
		while (vend > vstart && is_space(sp.s[vend - 1]))
			vend--;
#define KEY_IS(k) (klen == strlen(k) && memcmp(sp.s + i, k, klen) == 0)
		if (KEY_IS("FIRMWARE_NAME")) {
			copy_span(out->name, sizeof out->name, sp.s + vstart,
			    vend - vstart);
			found = true;
		} else if (KEY_IS("FIRMWARE_VERSION"))
			copy_span(out->version, sizeof out->version, sp.s + vstart,
			    vend - vstart);
		else if (KEY_IS("MACHINE_TYPE"))
			copy_span(out->machine_type, sizeof out->machine_type,
			    sp.s + vstart, vend - vstart);
		else if (KEY_IS("EXTRUDER_COUNT")) {
			size_t pos = vstart;
			long v;

			if (parse_long(sp.s, vend, &pos, &v) && v >= 0 && v < 100)
				out->extruder_count = (int)v;
		}
#undef KEY_IS
		i = j;
	}
	if (!found)
		return false;
	if (out->version[0] == '\0')
		version_from_name(out->name, out->version, sizeof out->version);
	out->flavour = gcode_flavour_detect(out->name);
	return true;
}

/* ---- fatal messages ---- */

bool
gcode_reply_is_fatal(const char *line, size_t len)
{
	static const char *const marks[] = {
		"Thermal Runaway", "THERMAL RUNAWAY", "thermal runaway",
		"MAXTEMP", "MINTEMP", "Heating failed", "kill() called",
		"Printer halted", "Printer stopped due to errors",
		"Klipper state: Shutdown",
	};
	struct span sp = span_trim(line, len);

	if (span_starts(sp, "Cap:") || span_starts(sp, "FIRMWARE_NAME:"))
		return false;
	if (span_starts(sp, "ok") && (sp.len == 2 || is_space(sp.s[2])))
		return false;
	/*
	 * Echo lines are what M118 prints, so a lesson can put any text
	 * there; firmware always announces a stop with an "Error:" line (or
	 * an unprefixed one, as Prusa's MAXTEMP report and Marlin's
	 * "Printer stopped" are).
	 */
	if (span_starts(sp, "echo:"))
		return false;
	if (span_starts(sp, "//") && !mem_find(sp.s, sp.len, "Klipper state:", false))
		return false;
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
		if (mem_find(sp.s, sp.len, marks[i], false))
			return true;
	}
	/* Klipper: "!! Shutdown due to ..." / "!! MCU 'mcu' shutdown: ...". */
	if (span_starts(sp, "!!") && mem_find(sp.s, sp.len, "shutdown", true))
		return true;
	/* RepRapFirmware: "Error: Heater 1 fault: ..." switches the heater off. */
	if (span_starts_nocase(sp, "Error:") && mem_find(sp.s, sp.len, "Heater", false) &&
	    mem_find(sp.s, sp.len, "fault", false))
		return true;
	return false;
}

/* ---- classification ---- */

const char *
gcode_reply_kind_name(enum gcode_reply_kind kind)
{
	static const char *const names[] = {
		[GCODE_REPLY_EMPTY] = "empty", [GCODE_REPLY_OK] = "ok",
		[GCODE_REPLY_RESEND] = "resend", [GCODE_REPLY_BUSY] = "busy",
		[GCODE_REPLY_WAIT] = "wait", [GCODE_REPLY_ERROR] = "error",
		[GCODE_REPLY_WARNING] = "warning", [GCODE_REPLY_FATAL] = "fatal",
		[GCODE_REPLY_START] = "start", [GCODE_REPLY_TEMPS] = "temps",
		[GCODE_REPLY_CAP] = "cap", [GCODE_REPLY_FIRMWARE] = "firmware",
		[GCODE_REPLY_ACTION] = "action", [GCODE_REPLY_ECHO] = "echo",
		[GCODE_REPLY_POSITION] = "position", [GCODE_REPLY_OTHER] = "other",
		[GCODE_REPLY_SKIP] = "skip",
	};

	if ((size_t)kind < sizeof names / sizeof names[0] && names[kind] != NULL)
		return names[kind];
	return "?";
}

static void
set_msg(struct gcode_reply *r, struct span sp)
{
	r->msg = sp.s;
	r->msglen = sp.len;
}

/* An M114 report starts with the X axis; a temperature report never does. */
static bool
is_position(struct span sp)
{
	return span_starts(sp, "X:");
}

/* "ok", then optional ADVANCED_OK "N<n> P<n> B<n>", then any report. */
static void
parse_ok(struct span rest, struct gcode_reply *r)
{
	struct span first = rest, word;
	size_t at = 0;
	long n;

	/* Repetier (ACK_WITH_LINENUMBER): "ok 123", the line it received. */
	if (next_token(&first, &word) && parse_long(word.s, word.len, &at, &n) &&
	    at == word.len && n >= 0) {
		r->ok_line = n;
		rest = first;
	}
	for (;;) {
		struct span save = rest, tok;
		size_t pos = 1;
		long v;

		if (!next_token(&rest, &tok) || tok.len < 2 ||
		    (tok.s[0] != 'N' && tok.s[0] != 'P' && tok.s[0] != 'B') ||
		    !parse_long(tok.s, tok.len, &pos, &v) || pos != tok.len) {
			rest = save;
			break;
		}
		if (tok.s[0] == 'N')
			r->ok_line = v;
		else if (tok.s[0] == 'P')
			r->ok_planner = to_int((double)v, 0, INT_MAX);
		else
			r->ok_buffer = to_int((double)v, 0, INT_MAX);
	}
	rest = span_trim(rest.s, rest.len);
	set_msg(r, rest);
	if (rest.len == 0)
		return;
	if (mem_find(rest.s, rest.len, "FIRMWARE_NAME:", false))
		r->has_firmware = gcode_firmware_parse(rest.s, rest.len, &r->firmware);
	else if (starts_with_key_value(rest)) {
		if (!is_position(rest) &&
		    gcode_temps_parse(rest.s, rest.len, &r->temps))
			r->has_temps = true;
		else if (gcode_position_parse(rest.s, rest.len, &r->position))
			r->has_position = true;
	}
}

static void
parse_error(struct span body, struct gcode_reply *r)
{
	long after = mem_after(body.s, body.len, "Last Line:");

	set_msg(r, body);
	if (after >= 0) {
		size_t pos = (size_t)after;
		long v;

		while (pos < body.len && is_space(body.s[pos]))
			pos++;
		if (parse_long(body.s, body.len, &pos, &v))
			r->last_line = v;
	}
	/* Repetier: "Error:expected line 100 got 101" (then Resend:100). */
	after = mem_after(body.s, body.len, "expected line");
	if (r->last_line < 0 && after >= 0) {
		size_t pos = (size_t)after;
		long v;

		while (pos < body.len && is_space(body.s[pos]))
			pos++;
		if (parse_long(body.s, body.len, &pos, &v) && v > 0)
			r->last_line = v - 1;
	}
	r->comm_error = r->last_line >= 0 ||
	    mem_find(body.s, body.len, "checksum", true) ||
	    mem_find(body.s, body.len, "line number", true) ||
	    mem_find(body.s, body.len, "expected line", true);
}

static void
parse_resend(struct span rest, struct gcode_reply *r)
{
	size_t pos = 0;
	long v;

	set_msg(r, rest);
	if (pos < rest.len && (rest.s[pos] == 'N' || rest.s[pos] == 'n'))
		pos++;
	if (parse_long(rest.s, rest.len, &pos, &v) && v >= 0)
		r->resend_line = v;
}

enum gcode_reply_kind
gcode_reply_parse(const char *line, size_t len, struct gcode_reply *r)
{
	struct span sp = span_trim(line, len);

	memset(r, 0, sizeof *r);
	r->resend_line = -1;
	r->last_line = -1;
	r->ok_line = -1;
	r->ok_planner = -1;
	r->ok_buffer = -1;
	temps_init(&r->temps);
	set_msg(r, sp);

	if (sp.len == 0)
		return r->kind = GCODE_REPLY_EMPTY;

	if (span_starts(sp, "ok") && (sp.len == 2 || is_space(sp.s[2]))) {
		parse_ok(span_skip(sp, 2), r);
		return r->kind = GCODE_REPLY_OK;
	}
	if (span_starts_nocase(sp, "Resend:")) {
		parse_resend(span_skip(sp, 7), r);
		return r->kind = GCODE_REPLY_RESEND;
	}
	if (span_starts(sp, "rs ") || span_starts(sp, "rs:")) {
		parse_resend(span_skip(sp, 3), r);
		return r->kind = GCODE_REPLY_RESEND;
	}
	if (gcode_reply_is_fatal(sp.s, sp.len)) {
		if (span_starts_nocase(sp, "Error:"))
			set_msg(r, span_skip(sp, 6));
		else if (span_starts(sp, "!!") || span_starts(sp, "//"))
			set_msg(r, span_skip(sp, 2));
		else if (span_starts(sp, "echo:"))
			set_msg(r, span_skip(sp, 5));
		return r->kind = GCODE_REPLY_FATAL;
	}
	if (span_starts(sp, "echo:busy:") || span_starts(sp, "busy:")) {
		set_msg(r, span_skip(sp, span_starts(sp, "busy:") ? 5 : 10));
		return r->kind = GCODE_REPLY_BUSY;
	}
	if (span_equals(sp, "wait"))
		return r->kind = GCODE_REPLY_WAIT;
	if (span_equals(sp, "start"))
		return r->kind = GCODE_REPLY_START;
	if (span_starts(sp, "skip ")) {
		/* Repetier: a line it has already taken came again (its ok
		 * follows); the number is that line's. */
		size_t pos = 0;
		long v;
		struct span body = span_skip(sp, 5);

		set_msg(r, body);
		if (parse_long(body.s, body.len, &pos, &v) && pos == body.len) {
			r->ok_line = v;
			return r->kind = GCODE_REPLY_SKIP;
		}
	}
	if (span_starts_nocase(sp, "Error:")) {
		parse_error(span_skip(sp, 6), r);
		return r->kind = GCODE_REPLY_ERROR;
	}
	if (span_starts(sp, "!!")) {
		parse_error(span_skip(sp, 2), r);
		return r->kind = GCODE_REPLY_ERROR;
	}
	if (span_starts_nocase(sp, "Warning:")) {
		set_msg(r, span_skip(sp, 8));
		return r->kind = GCODE_REPLY_WARNING;
	}
	if (span_starts(sp, "Cap:")) {
		struct span body = span_skip(sp, 4);
		const char *colon = memchr(body.s, ':', body.len);

		set_msg(r, body);
		if (colon != NULL) {
			size_t pos = (size_t)(colon - body.s) + 1;
			long v = 0;

			copy_span(r->cap_name, sizeof r->cap_name, body.s,
			    (size_t)(colon - body.s));
			r->cap_value = parse_long(body.s, body.len, &pos, &v) && v != 0;
		} else
			copy_span(r->cap_name, sizeof r->cap_name, body.s, body.len);
		return r->kind = GCODE_REPLY_CAP;
	}
	if (span_starts(sp, "FIRMWARE_NAME:")) {
		r->has_firmware = gcode_firmware_parse(sp.s, sp.len, &r->firmware);
		return r->kind = GCODE_REPLY_FIRMWARE;
	}
	if (span_starts(sp, "//action:") || span_starts(sp, "// action:")) {
		set_msg(r, span_skip(sp, sp.s[2] == ' ' ? 10 : 9));
		return r->kind = GCODE_REPLY_ACTION;
	}
	if (span_starts(sp, "echo:")) {
		set_msg(r, span_skip(sp, 5));
		return r->kind = GCODE_REPLY_ECHO;
	}
	if (span_starts(sp, "//")) {
		set_msg(r, span_skip(sp, 2));
		return r->kind = GCODE_REPLY_ECHO;
	}
	if (starts_with_key_value(sp)) {
		if (!is_position(sp) && gcode_temps_parse(sp.s, sp.len, &r->temps)) {
			r->has_temps = true;
			return r->kind = GCODE_REPLY_TEMPS;
		}
		if (gcode_position_parse(sp.s, sp.len, &r->position)) {
			r->has_position = true;
			return r->kind = GCODE_REPLY_POSITION;
		}
	}
	return r->kind = GCODE_REPLY_OTHER;
}
