/*
 * gcode: G-code as text, no I/O. This header covers single lines: stripping
 * comments, N + checksum framing for the host, unframing for the virtual
 * printer, and reading a command's letter, number and parameters.
 * Reply classification and file streaming have their own headers
 * (reply.h, stream.h) in this module.
 */
#ifndef LL_GCODE_H
#define LL_GCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Marlin's MAX_CMD_SIZE is 96; framing adds "N<n> " and "*<cs>". */
#define GCODE_MAX_LINE 256

/* XOR of every byte, as Marlin computes it over "N<n> <cmd>". */
uint8_t gcode_checksum(const char *s, size_t len);

/*
 * Copies the command part of a G-code line into out: drops ';' comments
 * (but not inside double quotes, as in M862.3 P "MK3S"), leading and
 * trailing whitespace and a trailing CR/LF. Returns the length, 0 for a line
 * with nothing to send, or -1 when the command does not fit in outsz.
 */
int gcode_strip(const char *line, size_t len, char *out, size_t outsz);

/* Writes "N<lineno> <cmd>*<cs>\n"; returns its length or -1 if outsz is short. */
int gcode_frame(char *out, size_t outsz, long lineno, const char *cmd);

enum gcode_unframe_result {
	GCODE_PLAIN,		/* no line number, no checksum */
	GCODE_FRAMED,		/* N and a checksum that matches */
	GCODE_BAD_CHECKSUM,	/* N and a checksum that does not match */
	GCODE_NO_CHECKSUM,	/* N without checksum */
	GCODE_CHECKSUM_NO_N,	/* checksum without N: Marlin accepts these */
	GCODE_MALFORMED,	/* N without digits, '*' without digits */
};

/*
 * Parses a received line (no trailing newline) the way Marlin's queue does.
 * On GCODE_FRAMED, GCODE_PLAIN and GCODE_CHECKSUM_NO_N, cmd and cmdlen give the
 * command text inside line. *lineno is set when the line carries N.
 */
enum gcode_unframe_result gcode_unframe(const char *line, size_t len,
    long *lineno, const char **cmd, size_t *cmdlen);

/*
 * A line the host wrote (framed or plain) as the command the firmware
 * runs, counted once: false for a numbered line at or below *last (written
 * again after a resend) and for a line the firmware would refuse. *last
 * follows the numbering, M110's included, so a log of what was sent holds
 * each command once.
 */
bool gcode_sent_once(const char *line, long *last, const char **cmd,
    size_t *cmdlen);

/* A command split into its code and parameters. Points into the text. */
#define GCODE_MAX_PARAMS 16
struct gcode_param {
	char letter;		/* upper case */
	bool has_value;
	double value;
	const char *text;	/* the raw text after the letter */
	size_t textlen;
};
struct gcode_cmd {
	char letter;		/* 'G', 'M', 'T', or 0 for something else */
	int code;		/* 28 for G28 */
	int subcode;		/* 3 for M862.3, -1 when absent */
	const char *rest;	/* text after the code (for M117 messages) */
	size_t nparams;
	struct gcode_param params[GCODE_MAX_PARAMS];
};

/* False when the text does not start with a letter and a number. */
bool gcode_parse(const char *cmd, size_t len, struct gcode_cmd *out);
/* Only the command word (letter, code, subcode, rest; no parameters): for
 * the per-line paths that only ask which command a line is. */
bool gcode_word(const char *cmd, size_t len, struct gcode_cmd *out);
bool gcode_is(const struct gcode_cmd *c, char letter, int code);
const struct gcode_param *gcode_param(const struct gcode_cmd *c, char letter);
/* The parameter's value, or def when absent or without a value. */
double gcode_value(const struct gcode_cmd *c, char letter, double def);

#endif
