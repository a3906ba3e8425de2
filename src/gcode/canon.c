#include "canon.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

struct out {
	struct gcode_canon *c;
	bool overflow;
};

static int
refuse(char **reason, const char *fmt, ...) LL_PRINTF(2, 3);

static int
refuse(char **reason, const char *fmt, ...)
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

static bool
is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static bool
is_letter(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
}

static bool
is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

static char
upper(char ch)
{
	return ch >= 'a' && ch <= 'z' ? (char)(ch - 'a' + 'A') : ch;
}

static bool
starts_number(char ch)
{
	return is_digit(ch) || ch == '-' || ch == '+' || ch == '.';
}

static void
put(struct out *o, const char *s, size_t n)
{
	struct gcode_canon *c = o->c;

	if (c->len + n >= sizeof c->text) {
		o->overflow = true;
		return;
	}
	memcpy(c->text + c->len, s, n);
	c->len += n;
	c->text[c->len] = '\0';
}

static void
putc_(struct out *o, char ch)
{
	put(o, &ch, 1);
}

bool
gcode_canon_number(const char *s, size_t len, double *value)
{
	size_t i = 0, digits = 0;
	double v = 0, scale = 1;
	bool neg = false, point = false;

	if (i < len && (s[i] == '-' || s[i] == '+')) {
		neg = s[i] == '-';
		i++;
	}
	for (; i < len; i++) {
		if (is_digit(s[i])) {
			if (++digits > 15)
				return false;
			if (point) {
				scale /= 10;
				v += (s[i] - '0') * scale;
			} else
				v = v * 10 + (s[i] - '0');
		} else if (s[i] == '.' && !point)
			point = true;
		else
			return false;
	}
	if (digits == 0)
		return false;
	*value = neg ? -v : v;
	return true;
}

/* Commands whose rest of line is text, as each firmware reads them. */
static bool
takes_text(enum gcode_dialect d, char letter, int code)
{
	if (letter != 'M')
		return false;
	switch (d) {
	case GCODE_DIALECT_MARLIN:
		/* M115 U3.11.0: Prusa-Firmware's version check (PrusaSlicer
		 * writes it). M9000 is the virtual printer's own: "M9000
		 * Fdisconnect". M0/M1 take a message after an optional S or P
		 * (Marlin's parser.cpp keeps the first word without a value
		 * as the message: "M0 S5 You Win!"; Prusa-Firmware's M0 shows
		 * the rest on its display): "M0 Check the first layer". */
		return code == 0 || code == 1 ||
		    code == 16 || code == 23 || code == 28 || code == 30 ||
		    code == 32 || code == 115 || code == 117 || code == 118 ||
		    code == 928 || (code >= 810 && code <= 819) || code == 9000;
	case GCODE_DIALECT_KLIPPER:
		return code == 23 || code == 117 || code == 118;
	case GCODE_DIALECT_RRF:
		return code == 117;
	}
	return false;
}

/* Quoted parameter values: RepRapFirmware's strings, Prusa's M862 checks. */
static bool
takes_quotes(enum gcode_dialect d, const struct gcode_canon *c)
{
	return d == GCODE_DIALECT_RRF ||
	    (d == GCODE_DIALECT_MARLIN && c->letter == 'M' && c->code == 862);
}

static const char *
describe(char ch, char buf[8])
{
	if ((unsigned char)ch >= 0x80 || (unsigned char)ch < 0x20)
		snprintf(buf, 8, "0x%02x", (unsigned char)ch);
	else
		snprintf(buf, 8, "'%c'", ch);
	return buf;
}

/*
 * Marlin's M118 reads up to three options "A1", "E1", "Pn" before its text
 * (M118.cpp: two characters each, then spaces). The canonical form always
 * has E1, so the printer prints "echo:<text>", a line no host reads as a
 * protocol reply; A1 ("//", a host action) is dropped.
 */
static int
marlin_m118(const char *t, size_t n, struct out *o, char **reason)
{
	struct gcode_canon *c = o->c;
	size_t i = 0;
	int port = -1;
	char buf[8];

	for (int round = 0; round < 3; round++) {
		if (i + 1 < n && (t[i] == 'A' || t[i] == 'E') && t[i + 1] == '1')
			;
		else if (i + 1 < n && t[i] == 'P' && is_digit(t[i + 1]))
			port = t[i + 1] - '0';
		else
			break;
		i += 2;
		while (i < n && t[i] == ' ')
			i++;
	}
	if (i + 1 < n && (((t[i] == 'A' || t[i] == 'E') && t[i + 1] == '1') ||
	    (t[i] == 'P' && is_digit(t[i + 1]))))
		return refuse(reason, "M118 text that starts like an option "
		    "(%.2s) is read differently once E1 is added: reword it",
		    t + i);
	put(o, " E1", 3);
	if (port >= 0) {
		snprintf(buf, sizeof buf, " P%d", port);
		put(o, buf, strlen(buf));
	}
	if (i < n) {
		putc_(o, ' ');
		c->has_string = true;
		c->stroff = (uint16_t)c->len;
		c->strlen_ = (uint16_t)(n - i);
		put(o, t + i, n - i);
	}
	return 0;
}

static int
parse_text(const char *s, size_t n, size_t i, enum gcode_dialect d,
    struct out *o, char **reason)
{
	struct gcode_canon *c = o->c;

	while (i < n && is_blank(s[i]))
		i++;
	if (memchr(s + i, '"', n - i) != NULL)
		return refuse(reason, "a quote in the text of M%d: firmware "
		    "builds with and without quoted strings read it differently",
		    c->code);
	if (!utf8_valid(s + i, n - i))
		return refuse(reason, "the text of M%d is not valid UTF-8",
		    c->code);
	for (size_t k = i; k < n; k++) {
		if (s[k] == '\t')
			return refuse(reason, "a tab in the text of M%d", c->code);
	}
	if (d == GCODE_DIALECT_MARLIN && c->code == 118)
		return marlin_m118(s + i, n - i, o, reason);
	if (i < n) {
		putc_(o, ' ');
		c->has_string = true;
		c->stroff = (uint16_t)c->len;
		c->strlen_ = (uint16_t)(n - i);
		put(o, s + i, n - i);
	}
	return 0;
}

static int
parse_quoted(const char *s, size_t n, size_t *pos, char letter,
    enum gcode_dialect d, struct out *o, char **reason)
{
	struct gcode_canon *c = o->c;
	size_t start = *pos + 1, end = start;
	int bit = letter - 'A';

	while (end < n && s[end] != '"')
		end++;
	if (end >= n)
		return refuse(reason, "a quote that is not closed");
	if (!utf8_valid(s + start, end - start))
		return refuse(reason, "the text after %c is not valid UTF-8",
		    letter);
	if (end + 1 < n && !is_blank(s[end + 1]))
		return refuse(reason, "'%c' right after a quoted value",
		    s[end + 1]);
	putc_(o, ' ');
	putc_(o, letter);
	if (d != GCODE_DIALECT_RRF)
		putc_(o, ' ');	/* Prusa's M862.3 P "MK3S" */
	putc_(o, '"');
	c->qoff[bit] = (uint16_t)c->len;
	c->qlen[bit] = (uint16_t)(end - start);
	put(o, s + start, end - start);
	putc_(o, '"');
	c->quoted |= 1u << bit;
	*pos = end + 1;
	return 0;
}

static int
parse_params(const char *s, size_t n, size_t i, enum gcode_dialect d,
    struct out *o, char **reason)
{
	struct gcode_canon *c = o->c;
	char buf[8];

	for (;;) {
		char letter, ch;
		int bit;
		size_t start, blanks = i;

		while (i < n && is_blank(s[i]))
			i++;
		blanks = i - blanks;
		if (i >= n)
			return 0;
		ch = s[i];
		if (!is_letter(ch)) {
			if (ch == '"')
				return refuse(reason, "a quote in %c%d, which "
				    "takes numbers only", c->letter, c->code);
			if (ch == '{' || ch == '}')
				return refuse(reason, "'%c' is not G-code (a "
				    "placeholder the slicer did not fill in?)",
				    ch);
			return refuse(reason, "%s is not G-code here: a "
			    "parameter is a letter and a number",
			    describe(ch, buf));
		}
		(void)blanks;
		letter = upper(ch);
		bit = letter - 'A';
		if (c->seen & (1u << bit))
			return refuse(reason, "%c given more than once: "
			    "firmware builds disagree on which one counts",
			    letter);
		c->seen |= 1u << bit;
		i++;
		if (i < n && starts_number(s[i])) {
			double v;

			start = i;
			while (i < n && starts_number(s[i]))
				i++;
			if (!gcode_canon_number(s + start, i - start, &v))
				return refuse(reason, "'%.*s' after %c is not a "
				    "number", (int)(i - start), s + start,
				    letter);
			if (i < n && upper(s[i]) == 'E')
				return refuse(reason, "'%c%.*s%c' is not a "
				    "number (an exponent is read differently by "
				    "each firmware)", letter, (int)(i - start),
				    s + start, s[i]);
			if (i < n && upper(s[i]) == 'X' && v == 0)
				return refuse(reason, "'%c%.*s%c' is not a "
				    "number (hexadecimal is read differently by "
				    "each firmware)", letter, (int)(i - start),
				    s + start, s[i]);
			if (i < n && !is_blank(s[i]) && !is_letter(s[i]))
				return refuse(reason, "%s right after %c%.*s is "
				    "not G-code", describe(s[i], buf), letter,
				    (int)(i - start), s + start);
			c->valued |= 1u << bit;
			c->value[bit] = v;
			putc_(o, ' ');
			putc_(o, letter);
			if (s[start] == '+')
				start++;
			put(o, s + start, i - start);
			continue;
		}
		if (i < n && s[i] == '"') {
			if (!takes_quotes(d, c))
				return refuse(reason, "a quoted value after %c: "
				    "%c%d takes numbers only", letter, c->letter,
				    c->code);
			if (parse_quoted(s, n, &i, letter, d, o, reason) != 0)
				return -1;
			continue;
		}
		if (i < n && is_letter(s[i]))
			return refuse(reason, "letters run together ('%c%c'): a "
			    "parameter is one letter and its number, separated "
			    "by spaces", letter, upper(s[i]));
		if (i < n && (s[i] == '{' || s[i] == '}'))
			return refuse(reason, "'%c' is not G-code (a placeholder "
			    "the slicer did not fill in?)", s[i]);
		if (i < n && !is_blank(s[i]))
			return refuse(reason, "%s right after %c is not G-code",
			    describe(s[i], buf), letter);
		/* A letter alone: what follows the blanks must not look
		 * like its value. */
		start = i;
		while (start < n && is_blank(s[start]))
			start++;
		if (start < n && starts_number(s[start]))
			return refuse(reason, "a space between %c and its value: "
			    "firmware builds read it differently (write %c%c...)",
			    letter, letter, s[start]);
		if (start < n && s[start] == '"' && takes_quotes(d, c)) {
			i = start;
			if (parse_quoted(s, n, &i, letter, d, o, reason) != 0)
				return -1;
			continue;
		}
		putc_(o, ' ');
		putc_(o, letter);
	}
}

static bool
is_name_char(char ch)
{
	return is_letter(ch) || is_digit(ch) || ch == '_';
}

/* A value keeps its quotes when the unquoted reading would stop at it or
 * refuse it: the canonical form must read back as itself. */
static bool
needs_quotes(const char *v, size_t n)
{
	if (n == 0)
		return true;
	for (size_t k = 0; k < n; k++) {
		unsigned char ch = (unsigned char)v[k];

		if (is_blank(v[k]) || ch == '\'' || ch == '#' || ch >= 0x80)
			return true;
	}
	return false;
}

/* Klipper's "NAME KEY=VALUE ...", read as gcode.py reads it (shlex). */
static int
parse_extended(const char *s, size_t n, struct out *o, char **reason)
{
	struct gcode_canon *c = o->c;
	size_t i = 0;
	char buf[8];

	while (i < n && is_name_char(s[i]))
		putc_(o, upper(s[i++]));
	c->extended = true;
	c->namelen = c->len;
	if (i < n && !is_blank(s[i]))
		return refuse(reason, "%s after the command name is not "
		    "G-code", describe(s[i], buf));
	for (;;) {
		size_t kstart, kend, vstart, vend;
		bool quoted = false;
		struct gcode_canon_word *w;

		while (i < n && is_blank(s[i]))
			i++;
		if (i >= n)
			return 0;
		kstart = i;
		if (!is_letter(s[i]) && s[i] != '_')
			return refuse(reason, "%s where a KEY=value was expected",
			    describe(s[i], buf));
		while (i < n && is_name_char(s[i]))
			i++;
		kend = i;
		if (i >= n || s[i] != '=')
			return refuse(reason, "'%.*s': Klipper's extended commands "
			    "take KEY=value", (int)(kend - kstart), s + kstart);
		i++;
		if (i < n && s[i] == '"') {
			vstart = ++i;
			while (i < n && s[i] != '"')
				i++;
			if (i >= n)
				return refuse(reason, "a quote that is not closed");
			vend = i++;
			quoted = true;
			if (i < n && !is_blank(s[i]))
				return refuse(reason, "%s right after a quoted "
				    "value", describe(s[i], buf));
			if (!utf8_valid(s + vstart, vend - vstart))
				return refuse(reason, "the value of %.*s is not "
				    "valid UTF-8", (int)(kend - kstart),
				    s + kstart);
		} else {
			vstart = i;
			while (i < n && !is_blank(s[i])) {
				char ch = s[i];

				if (ch == '#')
					return refuse(reason, "'#' starts a "
					    "comment in Klipper's extended "
					    "commands");
				if (ch == '"' || ch == '\'' ||
				    (unsigned char)ch >= 0x80)
					return refuse(reason, "%s inside the "
					    "value of %.*s", describe(ch, buf),
					    (int)(kend - kstart), s + kstart);
				i++;
			}
			vend = i;
		}
		for (size_t k = 0; k < c->nwords; k++) {
			const struct gcode_canon_word *p = &c->words[k];
			bool same = p->klen == kend - kstart;

			for (size_t m = 0; same && m < p->klen; m++)
				same = c->text[p->koff + m] == upper(s[kstart + m]);
			if (same)
				return refuse(reason, "%.*s given more than once: "
				    "Klipper keeps the last one", (int)(kend -
				    kstart), s + kstart);
		}
		if (c->nwords == GCODE_CANON_MAX_WORDS)
			return refuse(reason, "more than %d parameters",
			    GCODE_CANON_MAX_WORDS);
		w = &c->words[c->nwords++];
		putc_(o, ' ');
		w->koff = (uint16_t)c->len;
		w->klen = (uint16_t)(kend - kstart);
		for (size_t k = kstart; k < kend; k++)
			putc_(o, upper(s[k]));
		putc_(o, '=');
		quoted = quoted && needs_quotes(s + vstart, vend - vstart);
		if (quoted)
			putc_(o, '"');
		w->voff = (uint16_t)c->len;
		w->vlen = (uint16_t)(vend - vstart);
		put(o, s + vstart, vend - vstart);
		if (quoted)
			putc_(o, '"');
	}
}

static int
parse_classic(const char *s, size_t n, enum gcode_dialect d, struct out *o,
    char **reason)
{
	struct gcode_canon *c = o->c;
	size_t i = 1, start;
	long code = 0;
	char buf[24], what[8];

	c->letter = upper(s[0]);
	start = i;
	while (i < n && is_digit(s[i])) {
		if (i - start >= 5)
			return refuse(reason, "%c with a number of more than 5 "
			    "digits", c->letter);
		code = code * 10 + (s[i++] - '0');
	}
	/* Marlin keeps the code in 16 bits and the sub-code in 8: G65536
	 * would run as G0. */
	if (code > 65535)
		return refuse(reason, "%c%ld: command numbers end at 65535",
		    c->letter, code);
	c->code = (int)code;
	if (i < n && s[i] == '.') {
		long sub = 0;

		start = ++i;
		while (i < n && is_digit(s[i]) && i - start < 3)
			sub = sub * 10 + (s[i++] - '0');
		if (i == start || (i < n && is_digit(s[i])) || sub > 255)
			return refuse(reason, "'%c%d.' needs a sub-code from 0 "
			    "to 255", c->letter, c->code);
		c->subcode = (int)sub;
	}
	if (c->subcode >= 0)
		snprintf(buf, sizeof buf, "%c%d.%d", c->letter, c->code,
		    c->subcode);
	else
		snprintf(buf, sizeof buf, "%c%d", c->letter, c->code);
	put(o, buf, strlen(buf));
	/* Marlin picks text commands by number alone: M117.5 is text too. */
	if (takes_text(d, c->letter, c->code))
		return parse_text(s, n, i, d, o, reason);
	if (i < n && !is_blank(s[i]) && !is_letter(s[i]))
		return refuse(reason, "%s right after %s is not G-code",
		    describe(s[i], what), buf);
	return parse_params(s, n, i, d, o, reason);
}

int
gcode_canon_parse(const char *line, size_t len, enum gcode_dialect d,
    struct gcode_canon *c, char **reason)
{
	struct out o = { c, false };
	size_t end = len, cut, start = 0, n;
	bool quoted = false;
	const char *s;
	char buf[8];
	int rc;

	memset(c, 0, sizeof *c);
	c->subcode = -1;
	while (end > 0 && (line[end - 1] == '\n' || line[end - 1] == '\r'))
		end--;
	while (start < end && is_blank(line[start]))
		start++;
	if (end - start > 1 && upper(line[start]) == 'N' &&
	    (is_digit(line[start + 1]) || line[start + 1] == '-'))
		return refuse(reason, "line numbers and checksums are added by "
		    "layerlab: send the command without N");
	/* The command ends at the first ';' outside quotes. Everything the
	 * firmware's line reader treats specially before that is refused. */
	cut = end;
	for (size_t i = start; i < end; i++) {
		unsigned char ch = (unsigned char)line[i];

		if (ch == '"') {
			quoted = !quoted;
			continue;
		}
		if (ch == ';') {
			if (quoted)
				return refuse(reason, "a ';' inside quotes: some "
				    "firmware reads it as the start of a comment");
			cut = i;
			break;
		}
		if (ch == '\t' && quoted)
			return refuse(reason, "a tab inside quotes");
		if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
			return refuse(reason, "a control character (byte 0x%02x) "
			    "in the command", ch);
		if (ch == '*')
			return refuse(reason, "a '*' inside the command: the "
			    "firmware reads what follows as a checksum");
		if (ch == '\\')
			return refuse(reason, "a '\\' in the command: Marlin "
			    "reads it as an escape");
		if (ch == '(' || ch == ')')
			return refuse(reason, "'%c' in the command: some Marlin "
			    "builds read ( ) as a comment", ch);
	}
	if (quoted)
		return refuse(reason, "a quote that is not closed");
	while (start < cut && is_blank(line[start]))
		start++;
	while (cut > start && is_blank(line[cut - 1]))
		cut--;
	s = line + start;
	n = cut - start;
	if (n == 0)
		return refuse(reason, "nothing to send");
	if (n > 1 && (upper(s[0]) == 'G' || upper(s[0]) == 'M' ||
	    upper(s[0]) == 'T')) {
		size_t k = 1;

		while (k < n && is_blank(s[k]))
			k++;
		if (k > 1 && k < n && is_digit(s[k]))
			return refuse(reason, "a space between %c and its "
			    "number: firmware builds read it differently",
			    upper(s[0]));
	}
	if (n > 1 && is_letter(s[0]) && is_digit(s[1])) {
		if (upper(s[0]) != 'G' && upper(s[0]) != 'M' &&
		    upper(s[0]) != 'T')
			return refuse(reason, "'%c%c...' is not a G-code "
			    "command: commands start with G, M or T",
			    upper(s[0]), s[1]);
		rc = parse_classic(s, n, d, &o, reason);
	} else if (d == GCODE_DIALECT_KLIPPER &&
	    (is_letter(s[0]) || s[0] == '_'))
		rc = parse_extended(s, n, &o, reason);
	else if (is_letter(s[0]))
		return refuse(reason, "'%.*s' is not a G-code command: "
		    "commands start with G, M or T and a number",
		    (int)(n < 24 ? n : 24), s);
	else
		return refuse(reason, "%s is not the start of a G-code command",
		    describe(s[0], buf));
	if (rc != 0)
		return -1;
	if (o.overflow)
		return refuse(reason, "command longer than %d characters",
		    GCODE_MAX_LINE - 1);
	return 0;
}

bool
gcode_canon_is(const struct gcode_canon *c, char letter, int code)
{
	return !c->extended && c->letter == letter && c->code == code;
}

static bool
letter_bit(char letter, uint32_t *bit)
{
	letter = upper(letter);
	if (letter < 'A' || letter > 'Z')
		return false;
	*bit = 1u << (letter - 'A');
	return true;
}

bool
gcode_canon_has(const struct gcode_canon *c, char letter)
{
	uint32_t bit;

	return letter_bit(letter, &bit) && (c->seen & bit) != 0;
}

bool
gcode_canon_valued(const struct gcode_canon *c, char letter)
{
	uint32_t bit;

	return letter_bit(letter, &bit) && (c->valued & bit) != 0;
}

double
gcode_canon_value(const struct gcode_canon *c, char letter)
{
	return gcode_canon_valued(c, letter) ? c->value[upper(letter) - 'A'] : 0;
}

const char *
gcode_canon_text(const struct gcode_canon *c, char letter, size_t *len)
{
	uint32_t bit;

	if (letter == 0) {
		*len = c->strlen_;
		return c->has_string ? c->text + c->stroff : NULL;
	}
	if (!letter_bit(letter, &bit) || (c->quoted & bit) == 0)
		return NULL;
	*len = c->qlen[upper(letter) - 'A'];
	return c->text + c->qoff[upper(letter) - 'A'];
}

bool
gcode_canon_named(const struct gcode_canon *c, const char *name)
{
	return c->extended && strlen(name) == c->namelen &&
	    memcmp(c->text, name, c->namelen) == 0;
}

const char *
gcode_canon_word(const struct gcode_canon *c, const char *key, size_t *len)
{
	size_t klen = strlen(key);

	for (size_t i = 0; i < c->nwords; i++) {
		const struct gcode_canon_word *w = &c->words[i];

		if (w->klen == klen && memcmp(c->text + w->koff, key, klen) == 0) {
			*len = w->vlen;
			return c->text + w->voff;
		}
	}
	return NULL;
}
