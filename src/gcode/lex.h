/*
 * lex: the one-pass G-code line reader shared by statistics, the check and
 * the preview (internal to gcode/). It exists because those read every line
 * of files of hundreds of megabytes: it splits a line into its code and
 * parameters without strtod or copies, which is most of what makes
 * `layerlab gcode stats` run at disk speed.
 */
#ifndef LL_GCODE_LEX_H
#define LL_GCODE_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#define LEX_MAX_WORDS 16

struct lex_line {
	char letter;		/* 'G', 'M', 'T', or 0 (no command) */
	int code;		/* -1 when the letter has no number */
	int sub;		/* 3 for M862.3, -1 when absent */
	unsigned have;		/* bit (letter - 'A') for each parameter seen */
	double val[26];		/* value by letter; valid where have says */
	const char *args;	/* text after the code (M117 text, M862 P "x") */
	size_t argslen;
	const char *comment;	/* text after ';', or NULL */
	size_t commentlen;
};

#define LEX_HAS(l, c) (((l)->have >> ((c) - 'A')) & 1u)

/*
 * Reads a decimal number (sign, digits, point, exponent) at *p, not past
 * end. Returns false when there is none; *p is left after it.
 */
static inline bool
lex_number(const char **p, const char *end, double *out)
{
	static const double pow10[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
	    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18 };
	/* Multiplying is several times faster than dividing, and G-code's
	 * few decimals lose nothing that matters (at most an ulp). */
	static const double pow10neg[] = { 1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5,
	    1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14, 1e-15,
	    1e-16, 1e-17, 1e-18 };
	const char *s = *p;
	bool neg = false, any = false;
	unsigned long long mant = 0;
	int scale = 0, digits = 0;
	double v;

	if (s < end && (*s == '-' || *s == '+')) {
		neg = *s == '-';
		s++;
	}
	while (s < end && *s >= '0' && *s <= '9') {
		if (digits < 18) {
			mant = mant * 10 + (unsigned)(*s - '0');
			if (mant != 0)
				digits++;
		} else
			scale++;
		any = true;
		s++;
	}
	if (s < end && *s == '.') {
		s++;
		while (s < end && *s >= '0' && *s <= '9') {
			if (digits < 18) {
				mant = mant * 10 + (unsigned)(*s - '0');
				if (mant != 0)
					digits++;
				scale--;
			}
			any = true;
			s++;
		}
	}
	if (!any)
		return false;
	v = (double)mant;
	if (s < end && (*s == 'e' || *s == 'E') && s + 1 < end &&
	    ((s[1] >= '0' && s[1] <= '9') || ((s[1] == '-' || s[1] == '+') &&
	    s + 2 < end && s[2] >= '0' && s[2] <= '9'))) {
		int ex = 0, sign = 1;
		s++;
		if (*s == '-' || *s == '+') {
			sign = *s == '-' ? -1 : 1;
			s++;
		}
		while (s < end && *s >= '0' && *s <= '9') {
			if (ex < 400)
				ex = ex * 10 + (*s - '0');
			s++;
		}
		scale += sign * ex;
	}
	while (scale > 18) {
		v *= 1e18;
		scale -= 18;
	}
	while (scale < -18) {
		v /= 1e18;
		scale += 18;
	}
	v = scale >= 0 ? v * pow10[scale] : v * pow10neg[-scale];
	*out = neg ? -v : v;
	*p = s;
	return true;
}

/*
 * Splits one line (no terminator). Returns false for a line with no
 * command (blank or comment only; comment is still set). Parameters are
 * read as Marlin reads them: an upper-case letter followed by a number,
 * spaces optional; a letter without a number counts as present with
 * value 0.
 * Text of M117/M118/M862/M23 and similar is left in args.
 */
static inline bool
lex_line(const char *s, size_t len, struct lex_line *l)
{
	const char *p = s, *end = s + len, *semi;
	double v;
	char c;

	l->letter = 0;
	l->have = 0;
	l->comment = NULL;
	l->commentlen = 0;
	l->args = NULL;
	l->argslen = 0;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	/* A line number is framing, not part of the command. */
	if (p < end && (*p == 'N' || *p == 'n')) {
		const char *q = p + 1;
		while (q < end && *q >= '0' && *q <= '9')
			q++;
		if (q > p + 1) {
			p = q;
			while (p < end && (*p == ' ' || *p == '\t'))
				p++;
		}
	}
	if (p >= end)
		return false;
	if (*p == ';') {
		l->comment = p + 1;
		l->commentlen = (size_t)(end - p - 1);
		return false;
	}
	c = *p;
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 32);
	if (c < 'A' || c > 'Z') {
		semi = memchr(p, ';', (size_t)(end - p));
		if (semi != NULL) {
			l->comment = semi + 1;
			l->commentlen = (size_t)(end - semi - 1);
		}
		return false;
	}
	l->letter = c;
	p++;
	l->code = -1;
	l->sub = -1;
	if (p < end && *p >= '0' && *p <= '9') {
		int code = 0;
		while (p < end && *p >= '0' && *p <= '9')
			code = code * 10 + (*p++ - '0');
		l->code = code;
		if (p < end && *p == '.' && p + 1 < end && p[1] >= '0' &&
		    p[1] <= '9') {
			int sub = 0;
			p++;
			while (p < end && *p >= '0' && *p <= '9')
				sub = sub * 10 + (*p++ - '0');
			l->sub = sub;
		}
	}
	l->args = p;
	semi = memchr(p, ';', (size_t)(end - p));
	/* A ';' inside double quotes (M862.3 P "x;y") is not a comment. */
	if (semi != NULL && memchr(p, '"', (size_t)(semi - p)) != NULL) {
		bool quoted = false;
		const char *q;
		semi = NULL;
		for (q = p; q < end; q++) {
			if (*q == '"')
				quoted = !quoted;
			else if (*q == ';' && !quoted) {
				semi = q;
				break;
			}
		}
	}
	if (semi != NULL) {
		l->comment = semi + 1;
		l->commentlen = (size_t)(end - semi - 1);
		end = semi;
	}
	l->argslen = (size_t)(end - p);
	/* Free text: no parameters to read. */
	if (l->letter == 'M' && (l->code == 117 || l->code == 118 ||
	    l->code == 23 || l->code == 28 || l->code == 30 || l->code == 32))
		return true;
	while (p < end) {
		c = *p;
		if (c == ' ' || c == '\t') {
			p++;
			continue;
		}
		/* Marlin (without GCODE_CASE_INSENSITIVE) and Prusa-Firmware
		 * read upper-case parameter letters only: "Y{machine_depth}"
		 * has no E in it. */
		if (c < 'A' || c > 'Z') {
			/* A quoted string or anything else: skip a word. */
			if (c == '*')
				break;
			if (c == '"') {
				const char *q = memchr(p + 1, '"',
				    (size_t)(end - p - 1));
				p = q != NULL ? q + 1 : end;
			} else
				p++;
			continue;
		}
		p++;
		if (!lex_number(&p, end, &v)) {
			v = 0;
			while (p < end && *p != ' ' && *p != '\t' &&
			    !(*p >= 'A' && *p <= 'Z'))
				p++;
		}
		l->have |= 1u << (c - 'A');
		l->val[c - 'A'] = v;
	}
	return true;
}

#endif
