/*
 * canon: one command, parsed once, in the only form layerlab judges and
 * sends. A firmware reads a line in its own way (Marlin keeps the last of
 * two "S" parameters or the first, depending on a build option; it skips a
 * space between a letter and its number, Marlin 1 and Prusa-Firmware do
 * not; it cuts the line at the first '*', reads "\;" as text and '(' as a
 * comment in some builds). The guard can only promise something about what
 * the printer will run if there is one reading that every firmware shares:
 * the canonical form. Whatever could be read two ways is refused with the
 * reason, never guessed.
 *
 * Canonical form of a G-code command: the command letter in upper case and
 * its number ("M104", "M862.3"), then each parameter once, as its upper-case
 * letter directly followed by its number, if any ("S200", "X-1.5", "E.04",
 * a bare "X"), separated by single spaces; no comment, no line number, no
 * checksum. Commands that carry text (M117, M118, M23, ...) keep their text
 * after one space. Klipper's extended commands are "NAME KEY=value ...",
 * name and keys in upper case.
 */
#ifndef LL_GCODE_CANON_H
#define LL_GCODE_CANON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gcode.h"

/* How the firmware at the other end reads G-code. */
enum gcode_dialect {
	GCODE_DIALECT_MARLIN,	/* Marlin 1 and 2, Prusa-Firmware */
	GCODE_DIALECT_KLIPPER,	/* classic commands and extended ones */
	GCODE_DIALECT_RRF,	/* RepRapFirmware: quoted string values */
};

#define GCODE_CANON_MAX_WORDS 16

struct gcode_canon {
	char text[GCODE_MAX_LINE];	/* what is judged and sent */
	size_t len;
	bool extended;		/* a Klipper extended command */

	/* Classic commands. */
	char letter;		/* 'G', 'M' or 'T' */
	int code;
	int subcode;		/* -1 when absent */
	uint32_t seen;		/* bit per parameter letter, A = bit 0 */
	uint32_t valued;	/* ... given with a number */
	uint32_t quoted;	/* ... given with a quoted text (RRF, M862) */
	double value[26];
	uint16_t qoff[26], qlen[26];	/* quoted text, inside text[] */
	bool has_string;	/* M117, M118, M23, ...: the text argument */
	uint16_t stroff, strlen_;

	/* Extended commands: the name is text[0..namelen). */
	size_t namelen;
	size_t nwords;
	struct gcode_canon_word {
		uint16_t koff, klen, voff, vlen;	/* inside text[] */
	} words[GCODE_CANON_MAX_WORDS];
};

/*
 * Parses one command (a line of a file, a console entry, a lesson's string:
 * a trailing ';' comment and line end are allowed) into out. Returns 0, or
 * -1 with *reason saying what is ambiguous or malformed (reason may be
 * NULL). An empty command is refused as "nothing to send".
 */
int gcode_canon_parse(const char *line, size_t len, enum gcode_dialect dialect,
    struct gcode_canon *out, char **reason);

bool gcode_canon_is(const struct gcode_canon *c, char letter, int code);
/* The parameter appears (with or without a value). */
bool gcode_canon_has(const struct gcode_canon *c, char letter);
/* The parameter appears with a number. */
bool gcode_canon_valued(const struct gcode_canon *c, char letter);
/* Its number; 0 when absent or without one. */
double gcode_canon_value(const struct gcode_canon *c, char letter);
/* The quoted text of a parameter, or the string argument (letter 0). */
const char *gcode_canon_text(const struct gcode_canon *c, char letter,
    size_t *len);
/* Extended commands: the name matches (upper case). */
bool gcode_canon_named(const struct gcode_canon *c, const char *name);
/* Extended commands: the value of KEY (upper case), NULL when absent. */
const char *gcode_canon_word(const struct gcode_canon *c, const char *key,
    size_t *len);

/*
 * A strict decimal number as the canonical form allows it:
 * [-+]?(digits[.digits] | .digits), at most 15 digits. The C locale never
 * matters. False when s[0..len) is not exactly that.
 */
bool gcode_canon_number(const char *s, size_t len, double *value);

#endif
