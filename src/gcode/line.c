#include "gcode.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint8_t
gcode_checksum(const char *s, size_t len)
{
	uint8_t cs = 0;

	for (size_t i = 0; i < len; i++)
		cs ^= (uint8_t)s[i];
	return cs;
}

int
gcode_strip(const char *line, size_t len, char *out, size_t outsz)
{
	size_t start = 0, end = 0;
	bool quoted = false;

	while (end < len && line[end] != '\n' && line[end] != '\r') {
		if (line[end] == '"')
			quoted = !quoted;
		else if (line[end] == ';' && !quoted)
			break;
		end++;
	}
	while (start < end && isspace((unsigned char)line[start]))
		start++;
	while (end > start && isspace((unsigned char)line[end - 1]))
		end--;
	if (end - start + 1 > outsz)
		return -1;
	memcpy(out, line + start, end - start);
	out[end - start] = '\0';
	return (int)(end - start);
}

/* Decimal digits of v into out (room for 20), most significant first. */
static size_t
frame_digits(char *out, unsigned long v)
{
	char tmp[24];
	size_t n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

/* Every line of a print is framed once: built by hand, as snprintf's
 * format parsing cost more than the rest of the framing. */
int
gcode_frame(char *out, size_t outsz, long lineno, const char *cmd)
{
	char num[24], csum[4];
	size_t cmdlen = strlen(cmd), nlen = 0, cslen, n;
	uint8_t cs;

	if (lineno < 0) {
		num[nlen++] = '-';
		nlen += frame_digits(num + nlen, 0UL - (unsigned long)lineno);
	} else
		nlen = frame_digits(num, (unsigned long)lineno);
	/* "N" num " " cmd, then "*" checksum "\n" and the NUL */
	n = 1 + nlen + 1 + cmdlen;
	if (n + 6 > outsz)
		return -1;
	out[0] = 'N';
	memcpy(out + 1, num, nlen);
	out[1 + nlen] = ' ';
	memcpy(out + 2 + nlen, cmd, cmdlen);
	cs = gcode_checksum(out, n);
	cslen = frame_digits(csum, cs);
	if (n + cslen + 3 > outsz)
		return -1;
	out[n++] = '*';
	memcpy(out + n, csum, cslen);
	n += cslen;
	out[n++] = '\n';
	out[n] = '\0';
	return (int)n;
}

static bool
parse_digits(const char *s, size_t len, size_t *pos, long *value)
{
	size_t start = *pos;
	long v = 0;
	bool neg = false;

	if (*pos < len && s[*pos] == '-') {
		neg = true;
		(*pos)++;
		start++;
	}
	while (*pos < len && isdigit((unsigned char)s[*pos])) {
		if (v > 100000000L)
			return false;
		v = v * 10 + (s[*pos] - '0');
		(*pos)++;
	}
	if (*pos == start)
		return false;
	*value = neg ? -v : v;
	return true;
}

enum gcode_unframe_result
gcode_unframe(const char *line, size_t len, long *lineno, const char **cmd,
    size_t *cmdlen)
{
	size_t pos = 0, star, body_start;
	bool has_n = false, quoted = false;
	long n = 0, cs;

	while (pos < len && isspace((unsigned char)line[pos]))
		pos++;
	if (pos < len && (line[pos] == 'N' || line[pos] == 'n')) {
		size_t npos = pos + 1;
		if (!parse_digits(line, len, &npos, &n))
			return GCODE_MALFORMED;
		has_n = true;
		*lineno = n;
		body_start = npos;
	} else
		body_start = pos;
	/* The checksum star is the last one outside quotes. */
	star = len;
	for (size_t i = body_start; i < len; i++) {
		if (line[i] == '"')
			quoted = !quoted;
		else if (line[i] == '*' && !quoted)
			star = i;
	}
	if (star < len) {
		size_t cpos = star + 1;
		if (!parse_digits(line, len, &cpos, &cs) || cs < 0 || cs > 255)
			return GCODE_MALFORMED;
		if (gcode_checksum(line + pos, star - pos) != (uint8_t)cs)
			return GCODE_BAD_CHECKSUM;
	}
	while (body_start < star && isspace((unsigned char)line[body_start]))
		body_start++;
	*cmd = line + body_start;
	*cmdlen = star - body_start;
	while (*cmdlen > 0 && isspace((unsigned char)(*cmd)[*cmdlen - 1]))
		(*cmdlen)--;
	if (has_n && star == len)
		return GCODE_NO_CHECKSUM;
	if (has_n)
		return GCODE_FRAMED;
	return star < len ? GCODE_CHECKSUM_NO_N : GCODE_PLAIN;
}

bool
gcode_sent_once(const char *line, long *last, const char **cmd,
    size_t *cmdlen)
{
	long lineno = 0;
	struct gcode_cmd c;

	switch (gcode_unframe(line, strlen(line), &lineno, cmd, cmdlen)) {
	case GCODE_FRAMED:
		if (lineno <= *last)
			return false;
		*last = lineno;
		break;
	case GCODE_PLAIN:
	case GCODE_CHECKSUM_NO_N:
		break;
	default:
		return false;
	}
	/* M110 N<n> numbers the next line n + 1 (Marlin's queue.cpp); a
	 * number no line can carry is left alone, never cast. */
	if (gcode_word(*cmd, *cmdlen, &c) && gcode_is(&c, 'M', 110) &&
	    gcode_parse(*cmd, *cmdlen, &c) && gcode_param(&c, 'N') != NULL) {
		double n = gcode_value(&c, 'N', -1);

		if (n >= 0 && n <= 2147483647.0)
			*last = (long)n;
	}
	return *cmdlen > 0;
}

/* The command word; *pos is left after it. */
static bool
parse_word(const char *cmd, size_t len, struct gcode_cmd *out, size_t *at)
{
	size_t pos = 0;
	long code;

	out->letter = 0;
	out->code = 0;
	out->subcode = -1;
	out->rest = NULL;
	out->nparams = 0;
	while (pos < len && isspace((unsigned char)cmd[pos]))
		pos++;
	if (pos >= len || !isalpha((unsigned char)cmd[pos]))
		return false;
	out->letter = (char)toupper((unsigned char)cmd[pos++]);
	if (!parse_digits(cmd, len, &pos, &code) || code < 0) {
		out->letter = 0;
		return false;
	}
	out->code = (int)code;
	if (pos < len && cmd[pos] == '.') {
		long sub;
		pos++;
		if (parse_digits(cmd, len, &pos, &sub))
			out->subcode = (int)sub;
	}
	out->rest = cmd + pos;
	*at = pos;
	return true;
}

bool
gcode_word(const char *cmd, size_t len, struct gcode_cmd *out)
{
	size_t pos;

	return parse_word(cmd, len, out, &pos);
}

bool
gcode_parse(const char *cmd, size_t len, struct gcode_cmd *out)
{
	size_t pos;

	memset(out, 0, sizeof *out);
	if (!parse_word(cmd, len, out, &pos))
		return false;
	while (pos < len && out->nparams < GCODE_MAX_PARAMS) {
		struct gcode_param *p;
		char *endp;
		size_t vstart;

		while (pos < len && isspace((unsigned char)cmd[pos]))
			pos++;
		if (pos >= len)
			break;
		if (cmd[pos] == '"') {
			/* Quoted strings belong to the previous parameter. */
			pos++;
			while (pos < len && cmd[pos] != '"')
				pos++;
			pos++;
			continue;
		}
		p = &out->params[out->nparams++];
		p->letter = (char)toupper((unsigned char)cmd[pos++]);
		vstart = pos;
		while (pos < len && !isspace((unsigned char)cmd[pos]))
			pos++;
		p->text = cmd + vstart;
		p->textlen = pos - vstart;
		if (p->textlen > 0 && p->textlen < 64) {
			char tmp[64];
			memcpy(tmp, p->text, p->textlen);
			tmp[p->textlen] = '\0';
			p->value = strtod(tmp, &endp);
			p->has_value = endp != tmp && *endp == '\0';
		}
	}
	return true;
}

bool
gcode_is(const struct gcode_cmd *c, char letter, int code)
{
	return c->letter == letter && c->code == code;
}

const struct gcode_param *
gcode_param(const struct gcode_cmd *c, char letter)
{
	for (size_t i = 0; i < c->nparams; i++) {
		if (c->params[i].letter == letter)
			return &c->params[i];
	}
	return NULL;
}

double
gcode_value(const struct gcode_cmd *c, char letter, double def)
{
	const struct gcode_param *p = gcode_param(c, letter);

	return p != NULL && p->has_value ? p->value : def;
}
