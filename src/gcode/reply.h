/*
 * reply: what a printer says back, classified one line at a time. Pure text
 * in, plain data out; no state. The host's protocol engine (host/proto.c)
 * decides what each kind means for the queue; the virtual printer and the
 * TUI use the same parsers for temperatures and positions.
 *
 * Grammar covered (docs: ../shared domain.md §3): Marlin 1.x and 2.x,
 * Prusa-Firmware 3.x, Klipper's G-code port and RepRapFirmware's Marlin
 * emulation. Lines arrive without their newline; a trailing CR is ignored.
 */
#ifndef LL_GCODE_REPLY_H
#define LL_GCODE_REPLY_H

#include <stdbool.h>
#include <stddef.h>

enum gcode_reply_kind {
	GCODE_REPLY_EMPTY,	/* blank line or only whitespace/NULs */
	GCODE_REPLY_OK,		/* "ok" [N P B] [temperatures | firmware info] */
	GCODE_REPLY_RESEND,	/* "Resend: n", "rs n", "rs Nn": resend_line */
	GCODE_REPLY_BUSY,	/* "echo:busy: processing", "busy: ..." */
	GCODE_REPLY_WAIT,	/* "wait": idle queue (NO_TIMEOUTS builds) */
	GCODE_REPLY_ERROR,	/* recoverable "Error:", Klipper "!!", RRF "Error: " */
	GCODE_REPLY_WARNING,	/* RRF "Warning: " */
	GCODE_REPLY_FATAL,	/* the firmware stopped: see gcode_reply_is_fatal */
	GCODE_REPLY_START,	/* "start": the board (re)booted */
	GCODE_REPLY_TEMPS,	/* an unsolicited temperature report (M155, M109) */
	GCODE_REPLY_CAP,	/* "Cap:NAME:0|1" */
	GCODE_REPLY_FIRMWARE,	/* "FIRMWARE_NAME:..." (M115) */
	GCODE_REPLY_ACTION,	/* "//action:<text>" or "// action:<text>" */
	GCODE_REPLY_ECHO,	/* "echo:...", Klipper "// ..." and other info */
	GCODE_REPLY_POSITION,	/* M114 "X:.. Y:.. Z:.. E:.. Count ..." */
	GCODE_REPLY_OTHER,	/* anything else (M503 dumps, M119, noise) */
	GCODE_REPLY_SKIP,	/* Repetier "skip N": a duplicate line, ok follows */
};

enum gcode_flavour {
	GCODE_FLAVOUR_UNKNOWN,
	GCODE_FLAVOUR_MARLIN,
	GCODE_FLAVOUR_PRUSA,	/* Prusa-Firmware (MK2/MK3), "based on Marlin" */
	GCODE_FLAVOUR_KLIPPER,
	GCODE_FLAVOUR_RRF,	/* RepRapFirmware */
	GCODE_FLAVOUR_REPETIER,	/* Repetier-Firmware: ok when a line is taken */
};

/*
 * One sensor of a temperature report. name is the key as the firmware wrote
 * it: "T" (active hotend), "T0".."Tn", "B" (bed), "C" (chamber), "P" (probe,
 * PINDA), "A" (ambient), "X" (heatbreak on Prusa Buddy), "R" (redundant).
 */
#define GCODE_TEMP_NAME 8
struct gcode_temp {
	char name[GCODE_TEMP_NAME];
	double current;		/* °C */
	double target;		/* °C, 0 when has_target is false */
	bool has_target;
};

#define GCODE_MAX_TEMPS 16
struct gcode_temps {
	struct gcode_temp sensors[GCODE_MAX_TEMPS];
	size_t n;
	/* Heater power as reported ("@:" and "B@:"), in the firmware's own
	 * scale (0-127 or 0-255); -1 when absent. */
	int hotend_power;
	int bed_power;
	/* M109/M190 residency: "W:<s>" seconds left, -1 for "W:?", -2 absent. */
	int wait_seconds;
	/* Prusa and Marlin 1.x wait lines carry "E:<n>", the tool heating. */
	int wait_tool;		/* -1 when absent */
};

/* Position from M114 (the planned position, before "Count"). */
struct gcode_position {
	double x, y, z, e;
	bool has_x, has_y, has_z, has_e;
};

/* Identity from M115's FIRMWARE_NAME line (or Klipper's "ok FIRMWARE_NAME"). */
struct gcode_firmware {
	char name[96];		/* "Marlin 2.1.2.1 (Jun 10 2023 12:00:00)" */
	char version[48];	/* "2.1.2.1", from FIRMWARE_VERSION or the name */
	char machine_type[64];	/* "Ender-3 V2" */
	int extruder_count;	/* 0 when absent */
	enum gcode_flavour flavour;
};

#define GCODE_CAP_NAME 40
struct gcode_reply {
	enum gcode_reply_kind kind;
	/* The message after any prefix ("Error:", "echo:", "//action:", "!! ",
	 * "ok "), pointing into the parsed line; msglen bytes, not terminated. */
	const char *msg;
	size_t msglen;

	long resend_line;	/* RESEND: the first line to send again */
	/* ERROR: "Last Line: N" (the last line that ran), -1 when absent. */
	long last_line;
	/* ERROR: the complaint is about line numbers or checksums (a resend
	 * repairs it), as opposed to a command that failed. */
	bool comm_error;

	/* OK with ADVANCED_OK: "ok N<line> P<planner free> B<buffer free>",
	 * or Repetier's "ok <line>"; SKIP: the duplicate line. -1 for each
	 * field absent. */
	long ok_line;
	int ok_planner;
	int ok_buffer;

	bool has_temps;		/* TEMPS, or OK with trailing temperatures */
	struct gcode_temps temps;

	bool has_position;	/* POSITION (also "ok X:.." from Klipper) */
	struct gcode_position position;

	bool has_firmware;	/* FIRMWARE, or OK with firmware info (Klipper) */
	struct gcode_firmware firmware;

	char cap_name[GCODE_CAP_NAME];	/* CAP: "AUTOREPORT_TEMP" */
	bool cap_value;
};

/*
 * Classifies one line (without its newline) and fills out. Never fails:
 * what is not recognised is GCODE_REPLY_OTHER. Returns out->kind.
 */
enum gcode_reply_kind gcode_reply_parse(const char *line, size_t len,
    struct gcode_reply *out);
const char *gcode_reply_kind_name(enum gcode_reply_kind kind);

/*
 * True when the line says the firmware has stopped and needs a reset or
 * M999: thermal runaway, MAXTEMP/MINTEMP, heating failed, kill() called,
 * "Printer halted", "Printer stopped due to errors", Prusa's THERMAL
 * RUNAWAY, Klipper shutdown. Case matters as in the firmware's strings.
 * "echo:" and "//" lines never count (M118 prints them, so a lesson could),
 * except Klipper's "// Klipper state: Shutdown".
 */
bool gcode_reply_is_fatal(const char *line, size_t len);

/*
 * Parses "KEY:cur [/target]" tokens in any order (optionally after "ok ").
 * True when at least one T, Tn or B sensor was found.
 */
bool gcode_temps_parse(const char *s, size_t len, struct gcode_temps *out);
const struct gcode_temp *gcode_temps_find(const struct gcode_temps *t,
    const char *name);
/* The active hotend: "T", else "T0"; NULL when neither is present. */
const struct gcode_temp *gcode_temps_nozzle(const struct gcode_temps *t);
/* The bed: "B"; NULL when absent. */
const struct gcode_temp *gcode_temps_bed(const struct gcode_temps *t);

/* Parses "X:.. Y:.. Z:.. E:.." up to "Count". True when X, Y and Z were found. */
bool gcode_position_parse(const char *s, size_t len, struct gcode_position *out);

/* Parses an M115 identity line ("FIRMWARE_NAME:..."). */
bool gcode_firmware_parse(const char *s, size_t len,
    struct gcode_firmware *out);
/* Which firmware a FIRMWARE_NAME value describes. */
enum gcode_flavour gcode_flavour_detect(const char *firmware_name);
const char *gcode_flavour_name(enum gcode_flavour flavour);

#endif
