#include "marlin_model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void
mm_options_nth(int n, struct mm_options *o)
{
	o->faster = n & 1;
	o->case_insensitive = n & 2;
	o->quoted_strings = n & 4;
	o->paren_comments = n & 8;
}

static bool
numeric(char c)
{
	return c >= '0' && c <= '9';
}

static char
upcase(const struct mm_options *o, char c)
{
	if (o->case_insensitive && c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	return c;
}

/* queue.cpp process_stream_char(): comments, escapes, quotes, backspace. */
enum { PS_NORMAL, PS_EOL, PS_QUOTED, PS_PAREN, PS_ESC };

static void
queue_line(const char *line, const struct mm_options *o, char *buf,
    size_t bufsz)
{
	int sis = PS_NORMAL;
	size_t ind = 0;

	for (const char *p = line; *p != '\0'; p++) {
		char c = *p;

		if (sis == PS_EOL)
			continue;
		if (sis == PS_PAREN) {
			if (c == ')')
				sis = PS_NORMAL;
			continue;
		}
		if (sis >= PS_ESC)
			sis -= PS_ESC;
		else if (c == '\\') {
			sis += PS_ESC;
			if (sis == PS_ESC)
				continue;
		} else if (o->quoted_strings && sis == PS_QUOTED) {
			if (c == '"')
				sis = PS_NORMAL;
		} else if (o->quoted_strings && c == '"')
			sis = PS_QUOTED;
		else if (c == ';') {
			sis = PS_EOL;
			continue;
		} else if (o->paren_comments && c == '(') {
			sis = PS_PAREN;
			continue;
		}
		if (c == 0x08) {
			if (ind > 0)
				buf[--ind] = '\0';
		} else {
			buf[ind++] = c;
			if (ind >= bufsz - 1)
				sis = PS_EOL;	/* MAX_CMD_SIZE overflow */
		}
	}
	buf[ind] = '\0';
}

static bool
valid_signless(const char *p)
{
	return numeric(p[0]) || (p[0] == '.' && numeric(p[1]));
}

static bool
valid_float(const char *p)
{
	return valid_signless(p) ||
	    ((p[0] == '-' || p[0] == '+') && valid_signless(p + 1));
}

/* GCODE_QUOTED_STRINGS' unescape_string(): skips the quote, ends at the
 * next bare one, drops backslashes. Works in place as Marlin does. */
static char *
unescape(char *src)
{
	char *s = src, *dst;

	if (*s == '"')
		s++;
	dst = s;
	for (char *r = s;;) {
		char c = *r++;

		if (c == '\\')
			c = *r++;
		else if (c == '"')
			c = '\0';
		if ((*dst++ = c) == '\0')
			break;
	}
	return s;
}

static bool
takes_text(int code)
{
	return code == 23 || code == 28 || code == 30 || code == 117 ||
	    code == 118 || code == 928;
}

static void
parse(char *p, struct mm_cmd *c)
{
	const struct mm_options *o = &c->o;
	char letter;
	char *star;

	c->letter = '?';
	c->codenum = 0;
	c->subcode = 0;
	c->string_arg = NULL;
	c->codebits = 0;
	while (*p == ' ')
		p++;
	if (upcase(o, p[0]) == 'N' && (numeric(p[1]) || p[1] == '-')) {
		char *sp = strchr(p, ' ');

		p = sp != NULL ? sp + 1 : p + strlen(p);
		while (*p == ' ')
			p++;
	}
	letter = upcase(o, p[0]);
	/* Nullify the first asterisk and the spaces before it. */
	star = strchr(p, '*');
	if (star != NULL) {
		char *e = star;

		while (e > p && e[-1] == ' ')
			e--;
		*e = '\0';
	}
	if (letter != 'G' && letter != 'M' && letter != 'T')
		return;
	p++;
	while (*p == ' ')
		p++;
	if (!numeric(*p))
		return;
	c->letter = letter;
	while (numeric(*p))	/* uint16_t codenum */
		c->codenum = (uint16_t)(c->codenum * 10 + (*p++ - '0'));
	if (*p == '.') {
		p++;
		while (numeric(*p))	/* uint8_t subcode */
			c->subcode = (uint8_t)(c->subcode * 10 + (*p++ - '0'));
	}
	while (*p == ' ')
		p++;
	c->command_args = p;
	if (letter == 'M' && takes_text(c->codenum)) {
		c->string_arg = o->quoted_strings ? unescape(p) : p;
		return;
	}
	for (;;) {
		char param = upcase(o, *p);

		if (param == '\0')
			break;
		p++;
		if (o->quoted_strings && param == '"' && c->string_arg == NULL)
			c->string_arg = unescape(p);
		if (!o->faster || (param >= 'A' && param <= 'Z')) {
			bool has_val;
			char *val;

			while (*p == ' ')
				p++;
			if (o->quoted_strings && *p == '"') {
				has_val = true;
				val = unescape(p);
			} else {
				has_val = valid_float(p);
				val = has_val ? p : NULL;
			}
			if (!has_val && c->string_arg == NULL)
				c->string_arg = p - 1;
			if (o->faster && param >= 'A' && param <= 'Z') {
				c->codebits |= 1u << (param - 'A');
				c->param[param - 'A'] = val;
			}
		} else if (c->string_arg == NULL)
			c->string_arg = p - 1;
		if (!(*p >= 'A' && *p <= 'Z')) {
			while (*p != '\0' && (numeric(*p) || *p == '.' ||
			    *p == '+' || *p == '-'))
				p++;
			while (*p == ' ')
				p++;
		}
	}
}

void
mm_read_line(const char *line, const struct mm_options *o, struct mm_cmd *c)
{
	char *cmd;

	memset(c, 0, sizeof *c);
	c->o = *o;
	queue_line(line, o, c->buffer, 96);	/* MAX_CMD_SIZE */
	cmd = c->buffer;
	while (*cmd == ' ')
		cmd++;
	if (*cmd == 'N') {
		char *apos = strrchr(cmd, '*');
		unsigned char sum = 0;

		if (apos == NULL) {
			c->rejected = true;
			return;
		}
		for (char *q = cmd; q < apos; q++)
			sum ^= (unsigned char)*q;
		if (strtol(apos + 1, NULL, 10) != sum) {
			c->rejected = true;
			return;
		}
	}
	parse(c->buffer, c);
}

bool
mm_seen(const struct mm_cmd *c, char letter, const char **value_ptr)
{
	const char *p;

	if (c->o.faster) {
		if ((c->codebits & (1u << (letter - 'A'))) == 0)
			return false;
		p = c->param[letter - 'A'];
		*value_ptr = p != NULL && valid_float(p) ? p : NULL;
		return true;
	}
	/* strchr, or strgchr with GCODE_CASE_INSENSITIVE. */
	for (p = c->command_args; p != NULL && *p != '\0'; p++) {
		char u = c->o.case_insensitive && *p >= 'a' && *p <= 'z' ?
		    (char)(*p - 'a' + 'A') : *p;

		if (u == letter) {
			*value_ptr = valid_float(p + 1) ? p + 1 : NULL;
			return true;
		}
	}
	return false;
}

float
mm_value_float(const char *v)
{
	char tmp[128];
	const char *e;
	size_t n;

	if (v == NULL)
		return 0;
	e = strchr(v, 'E');
	n = e != NULL ? (size_t)(e - v) : strlen(v);
	if (n >= sizeof tmp)
		n = sizeof tmp - 1;
	memcpy(tmp, v, n);
	tmp[n] = '\0';
	return strtof(tmp, NULL);
}

long
mm_value_long(const char *v)
{
	long l;

	if (v == NULL)
		return 0;
	l = strtol(v, NULL, 10);
	/* int32_t on the printer */
	if (l > 2147483647L)
		l = 2147483647L;
	if (l < -2147483647L - 1)
		l = -2147483647L - 1;
	return l;
}

bool
mm_value_bool(const char *v)
{
	long l;

	if (v == NULL)
		return true;
	l = mm_value_long(v);
	return (l < 0 ? 0 : l > 255 ? 255 : l) != 0;
}

int16_t
mm_value_celsius_int(const char *v)
{
	return (int16_t)(uint16_t)((unsigned long)mm_value_long(v) & 0xffff);
}

long
mm_value_celsius_round(const char *v)
{
	return lroundf(mm_value_float(v));
}
