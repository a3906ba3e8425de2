/*
 * A reference model of how Marlin 2 reads one line from the serial port,
 * written from its source (gcode/queue.cpp: process_stream_char and the
 * N/checksum check; gcode/parser.cpp and parser.h: parse, seen, value_*),
 * one behaviour per build option that changes the reading:
 *
 *   FASTER_GCODE_PARSER      parameters pre-scanned, the LAST of a letter
 *                            wins and spaces before a value are skipped;
 *                            without it seen() is strchr: the FIRST wins and
 *                            a space means no value
 *   GCODE_CASE_INSENSITIVE   lower-case letters read as upper case
 *   GCODE_QUOTED_STRINGS     "..." is a value; ';' inside it is not a comment
 *   PAREN_COMMENTS           ( ... ) is a comment
 *
 * The fuzz targets hold the canonical form (src/gcode/canon.c) and the guard
 * to this model: every build must read the canonical form the same way,
 * the way the guard read it. Kept independent of src/ on purpose.
 */
#ifndef LL_MARLIN_MODEL_H
#define LL_MARLIN_MODEL_H

#include <stdbool.h>
#include <stdint.h>

struct mm_options {
	bool faster;
	bool case_insensitive;
	bool quoted_strings;
	bool paren_comments;
};
#define MM_OPTION_SETS 16
void mm_options_nth(int n, struct mm_options *o);

struct mm_cmd {
	char buffer[128];	/* the line as the queue kept it */
	bool rejected;		/* the queue refused it (checksum, line number) */
	char letter;		/* 'G', 'M', 'T', or '?' when not a command */
	int codenum;
	int subcode;
	const char *string_arg;	/* text commands, or NULL */
	/* FASTER_GCODE_PARSER's table, or the slow scan's start. */
	uint32_t codebits;
	const char *param[26];
	const char *command_args;
	struct mm_options o;
};

/* Feeds one framed line ("N5 G1 X10*cs", no newline) through the queue and
 * the parser. */
void mm_read_line(const char *line, const struct mm_options *o,
    struct mm_cmd *c);

/* parser.seen(), then the value accessors, as in parser.h. */
bool mm_seen(const struct mm_cmd *c, char letter, const char **value_ptr);
float mm_value_float(const char *value_ptr);
long mm_value_long(const char *value_ptr);
bool mm_value_bool(const char *value_ptr);
/* value_celsius() without and with TEMPERATURE_UNITS_SUPPORT. */
int16_t mm_value_celsius_int(const char *value_ptr);
long mm_value_celsius_round(const char *value_ptr);

#endif
