/*
 * The canonical form (src/gcode/canon.c) against the firmware's own
 * reading. For any input it accepts:
 *  - the canonical form is canonical: parsed again it gives itself;
 *  - framed as the host frames it, every Marlin build (tests/fuzz/
 *    marlin_model.c: first or last occurrence, case, quotes, parentheses)
 *    reads the same command, the same parameters, with and without values,
 *    and the same numbers as float (value_float) and integer (value_long);
 *  - Klipper's classic parser (gcode.py: split on letters, a dict) reads
 *    the same parameters and values.
 * Any difference is an ambiguity the guard could be fooled by: abort.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "fuzz.h"
#include "gcode.h"
#include "marlin_model.h"

static void
fail(const char *what, const struct gcode_canon *c, const char *detail)
{
	fprintf(stderr, "canon: %s: '%s' (%s)\n", what, c->text,
	    detail != NULL ? detail : "");
	abort();
}

/* Marlin's string-argument commands as parser.cpp lists them. */
static bool
marlin_text(const struct gcode_canon *c)
{
	return c->letter == 'M' && (c->code == 23 ||
	    c->code == 28 || c->code == 30 || c->code == 117 ||
	    c->code == 118 || c->code == 928);
}

/* The text after the command word, as the firmware's string_arg. */
static const char *
after_code(const struct gcode_canon *c)
{
	const char *sp = strchr(c->text, ' ');

	return sp != NULL ? sp + 1 : "";
}

static void
check_marlin(const struct gcode_canon *c)
{
	char framed[GCODE_MAX_LINE + 32];
	int n = gcode_frame(framed, sizeof framed, 12345, c->text);

	if (n <= 0)
		fail("cannot frame", c, NULL);
	framed[--n] = '\0';
	/* Past MAX_CMD_SIZE the printer drops the checksum and asks again:
	 * never run, so nothing to compare. */
	if (n >= 95)
		return;
	for (int k = 0; k < MM_OPTION_SETS; k++) {
		struct mm_options o;
		struct mm_cmd m;
		char detail[64];

		mm_options_nth(k, &o);
		snprintf(detail, sizeof detail, "options %d", k);
		mm_read_line(framed, &o, &m);
		if (m.rejected)
			fail("the printer rejects the framed line", c, detail);
		if (m.letter != c->letter || m.codenum != c->code ||
		    m.subcode != (c->subcode < 0 ? 0 : c->subcode))
			fail("the command is read differently", c, detail);
		if (marlin_text(c) || c->has_string || c->quoted != 0) {
			if (marlin_text(c) && (m.string_arg == NULL ||
			    strcmp(m.string_arg, after_code(c)) != 0))
				fail("the text is read differently", c, detail);
			continue;
		}
		for (char l = 'A'; l <= 'Z'; l++) {
			const char *vp = NULL;
			bool seen = mm_seen(&m, l, &vp);
			double v;

			if (seen != gcode_canon_has(c, l))
				fail("a parameter is seen differently", c, detail);
			if (!seen)
				continue;
			if ((vp != NULL) != gcode_canon_valued(c, l))
				fail("a value is seen differently", c, detail);
			if (vp == NULL)
				continue;
			v = gcode_canon_value(c, l);
			if (fabs(mm_value_float(vp) - v) > 1e-6 * fmax(1, fabs(v)))
				fail("a value reads as another float", c, detail);
			if (fabs(v) < 2e9 && mm_value_long(vp) != (long)v)
				fail("a value reads as another integer", c, detail);
		}
	}
}

/* gcode.py: parts = args_r.split(line.upper()), args_r = ([A-Z_]+|[A-Z*]). */
static void
check_klipper(const struct gcode_canon *c)
{
	uint32_t keys = 0;
	const char *p = c->text;
	bool first = true;

	if (c->has_string || c->quoted != 0)
		return;
	while (*p != '\0') {
		const char *k = p, *v, *ve;
		size_t klen;
		double num;

		while (*p != '\0' && ((*p >= 'A' && *p <= 'Z') || *p == '_'))
			p++;
		klen = (size_t)(p - k);
		if (klen == 0) {
			if (*p != '\0')
				fail("Klipper: text before a key", c, NULL);
			break;
		}
		v = p;
		while (*p != '\0' && !((*p >= 'A' && *p <= 'Z') || *p == '_' ||
		    *p == '*'))
			p++;
		ve = p;
		while (v < ve && *v == ' ')
			v++;
		while (ve > v && ve[-1] == ' ')
			ve--;
		if (first) {
			first = false;	/* the command itself */
			continue;
		}
		if (klen != 1)
			fail("Klipper: a key of several letters", c, NULL);
		if (keys & (1u << (*k - 'A')))
			fail("Klipper: a key twice", c, NULL);
		keys |= 1u << (*k - 'A');
		if ((ve > v) != gcode_canon_valued(c, *k))
			fail("Klipper: a value is seen differently", c, NULL);
		if (ve > v && (!gcode_canon_number(v, (size_t)(ve - v), &num) ||
		    num != gcode_canon_value(c, *k)))
			fail("Klipper: a value reads differently", c, NULL);
	}
	if (keys != c->seen)
		fail("Klipper: the parameters differ", c, NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum gcode_dialect dialects[] = { GCODE_DIALECT_MARLIN,
		GCODE_DIALECT_KLIPPER, GCODE_DIALECT_RRF };

	for (size_t i = 0; i < sizeof dialects / sizeof dialects[0]; i++) {
		struct gcode_canon c, again;

		if (gcode_canon_parse((const char *)data, size, dialects[i], &c,
		    NULL) != 0)
			continue;
		if (c.len == 0 || c.len != strlen(c.text))
			fail("bad length", &c, NULL);
		for (size_t k = 0; k < c.len; k++) {
			unsigned char ch = (unsigned char)c.text[k];

			if (ch < 0x20 || ch == 0x7f || ch == '*' || ch == ';' ||
			    ch == '\\' || ch == '(' || ch == ')')
				fail("a character the firmware treats specially",
				    &c, NULL);
		}
		if (gcode_canon_parse(c.text, c.len, dialects[i], &again,
		    NULL) != 0 || strcmp(c.text, again.text) != 0 ||
		    c.seen != again.seen || c.valued != again.valued)
			fail("not canonical: parsed again it changes", &c,
			    again.text);
		for (int l = 0; l < 26; l++) {
			if ((c.valued & (1u << l)) && c.value[l] != again.value[l])
				fail("a value changes when parsed again", &c, NULL);
		}
		if (c.extended)
			continue;
		if (dialects[i] == GCODE_DIALECT_MARLIN)
			check_marlin(&c);
		if (dialects[i] == GCODE_DIALECT_KLIPPER)
			check_klipper(&c);
	}
	return 0;
}
