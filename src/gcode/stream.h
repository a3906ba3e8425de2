/*
 * stream: G-code files read as a stream, never loaded whole. A reader walks a
 * file line by line through one fixed buffer, so memory stays the same for a
 * 20 kB tab and a 2 GB vase. On top of it: a fast pre-scan (totals, layers,
 * the slicer's own estimates, extents) and a progress tracker that turns the
 * lines a printer has confirmed into percent, layer and ETA.
 *
 * The tracker has two sides because a host reads ahead of the printer: lines
 * are observed as they are read (layer comments, M73, Cura's TIME_ELAPSED),
 * each command carries a small mark of that state, and progress advances
 * only when the printer confirms the command the mark belongs to.
 */
#ifndef LL_GCODE_STREAM_H
#define LL_GCODE_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gcode.h"

struct gcode_reader;

/* One line of the file as the reader hands it out; valid until the next call. */
struct gcode_line {
	long lineno;		/* 1-based line number in the file */
	uint64_t offset;	/* byte offset of the line's first byte */
	uint64_t end;		/* byte offset just past its terminator */
	const char *text;	/* the raw line without terminator */
	size_t textlen;
	bool truncated;		/* text is only the start of a very long line */
	const char *cmd;	/* the command without comment or blanks */
	size_t cmdlen;		/* 0 for comment and blank lines */
};

/*
 * Opens path for streaming. Lines end in LF, CRLF or a lone CR; a last line
 * without terminator counts. Returns NULL with cause when the file cannot be
 * opened or is not a regular file.
 */
struct gcode_reader *gcode_reader_open(const char *path, char **cause);
void gcode_reader_free(struct gcode_reader *r);
/*
 * Reads the next line: 1 with a line, 0 at the end of the file, -1 with cause
 * ("FILE:LINE: ...") on a read error, a NUL byte (not text) or a command too
 * long to send.
 */
int gcode_reader_next(struct gcode_reader *r, struct gcode_line *out,
    char **cause);
/* Continues from a byte offset that starts line lineno (from a gcode_line). */
int gcode_reader_seek(struct gcode_reader *r, uint64_t offset, long lineno,
    char **cause);
const char *gcode_reader_path(const struct gcode_reader *r);

enum gcode_layer_source {
	GCODE_LAYERS_NONE,	/* no layer information at all */
	GCODE_LAYERS_PRUSA,	/* ;LAYER_CHANGE comments (PrusaSlicer, SuperSlicer) */
	GCODE_LAYERS_CURA,	/* ;LAYER:<n> comments (Cura) */
	GCODE_LAYERS_Z,		/* rising Z of extruding moves */
};

enum gcode_estimate_source {
	GCODE_ESTIMATE_NONE,
	GCODE_ESTIMATE_PRUSA,	/* ; estimated printing time (normal mode) = ... */
	GCODE_ESTIMATE_CURA,	/* ;TIME:<s> */
	GCODE_ESTIMATE_M73,	/* the R (minutes left) of the first M73 */
};

/* What a pre-scan learns about a file. */
struct gcode_scan {
	uint64_t bytes;
	long lines;
	long commands;		/* lines with something to send */
	size_t longest_command;	/* bytes, without framing */
	int layers;
	enum gcode_layer_source layer_source;
	double estimate_s;	/* slicer's total print time, -1 when unknown */
	double estimate_silent_s;	/* PrusaSlicer silent (stealth) mode, -1 */
	enum gcode_estimate_source estimate_source;
	double filament_mm;	/* slicer's figure, else the extruded length */
	bool filament_from_slicer;
	double extruded_mm;	/* sum of positive E moves as the file commands them */
	bool has_m73;		/* the file sends its own progress to the printer */
	bool has_moves;		/* the extents below are meaningful */
	double min[3], max[3];	/* X, Y, Z the head visits (known positions) */
	double print_min[3], print_max[3];	/* where it extrudes */
	char slicer[64];	/* "PrusaSlicer 2.5.0", "Cura_SteamEngine 4.13.0", "" */
};

/* Reads the whole file once; -1 with cause ("FILE:LINE: ...") on bad input. */
int gcode_scan_file(const char *path, struct gcode_scan *out, char **cause);

/*
 * The same scan a slice at a time, for a program that must keep serving its
 * event loop (the emergency stop) while a 500 MB file is read: each step
 * reads whole lines until about max_bytes more are done and returns 1 while
 * there is more, 0 when the scan is complete (the result is then ready), -1
 * with cause ("FILE:LINE: ...") on bad input. gcode_scanner_offset says how
 * far it got (bytes), for progress against the file's size.
 */
struct gcode_scanner;
struct gcode_scanner *gcode_scanner_open(const char *path, char **cause);
int gcode_scanner_step(struct gcode_scanner *sc, size_t max_bytes,
    char **cause);
uint64_t gcode_scanner_offset(const struct gcode_scanner *sc);
/* NULL until gcode_scanner_step returned 0. */
const struct gcode_scan *gcode_scanner_result(const struct gcode_scanner *sc);
void gcode_scanner_free(struct gcode_scanner *sc);

/* The tracker's state at the moment a command was read (see above). */
struct gcode_mark {
	long lineno;
	uint64_t end;		/* bytes of the file done once this line ran */
	long command;		/* 1-based index among the file's commands */
	int layer;		/* 1-based, 0 before the first layer */
	double slicer_left_s;	/* slicer's time left after this line, -1 unknown */
	int slicer_percent;	/* the last M73 P, -1 when none */
	double z;		/* Z of the latest extruding move (or ;Z:) */
};

struct gcode_progress {
	/* From the scan. */
	uint64_t total_bytes;
	long total_lines;
	long total_commands;
	int total_layers;
	double estimate_s;
	enum gcode_layer_source layer_source;

	/* Read side: where the reader is. */
	struct gcode_mark read;
	bool absolute_xyz;	/* G90/G91 as read */
	bool absolute_e;	/* M82/M83 as read */
	double read_e;
	double read_pos_z;	/* the head's Z as read */
	bool read_z_known;
	double layer_z;		/* Z of the current layer (GCODE_LAYERS_Z) */

	/* Confirmed side: the last command the printer confirmed. */
	struct gcode_mark done;
	struct gcode_mark base;	/* where this run started (resume from a line) */

	/* Time, in the caller's clock (ms). */
	uint64_t started_ms;
	uint64_t paused_ms;	/* total time spent paused */
	uint64_t pause_began_ms;	/* 0 when running */
	bool paused;
	/* Heat-up and homing waits, which slicers leave out of estimates. */
	uint64_t waited_ms;
	uint64_t wait_began_ms;
	bool waiting;
};

void gcode_progress_init(struct gcode_progress *p, const struct gcode_scan *scan,
    uint64_t now_ms);
/*
 * Feeds a line just read (comment lines too) and, for a command, fills mark
 * with the state after it. Returns true when the line is a command.
 */
bool gcode_progress_read(struct gcode_progress *p, const struct gcode_line *l,
    struct gcode_mark *mark);
/* The printer confirmed the command that mark belongs to. */
void gcode_progress_confirm(struct gcode_progress *p,
    const struct gcode_mark *mark);
/* Every line has been read and every command confirmed: done = read. */
void gcode_progress_finish(struct gcode_progress *p);
/* Makes this run start at mark (resuming from a line): the lines before
 * count as done, but no time was spent on them in this run. */
void gcode_progress_skip_to(struct gcode_progress *p,
    const struct gcode_mark *mark);
/*
 * The printer is in (or out of) a wait that slicers do not count: heating
 * (M109, M190), homing or probing. Keeps the ETA from extrapolating it.
 */
void gcode_progress_wait(struct gcode_progress *p, bool waiting,
    uint64_t now_ms);
/* True for commands whose duration slicers leave out (see above). */
bool gcode_is_wait_command(const char *cmd, size_t len);
void gcode_progress_pause(struct gcode_progress *p, uint64_t now_ms);
void gcode_progress_resume(struct gcode_progress *p, uint64_t now_ms);

/* Fractions done in [0, 1]. */
double gcode_progress_bytes(const struct gcode_progress *p);
/* Confirmed commands of the file's commands: what a percentage shows (the
 * slicer's trailing comment block is no work left). */
double gcode_progress_commands(const struct gcode_progress *p);
double gcode_progress_lines(const struct gcode_progress *p);
/* Printing time so far, without pauses, in seconds. */
double gcode_progress_elapsed(const struct gcode_progress *p, uint64_t now_ms);
/*
 * Seconds left: the slicer's own figure for the confirmed position (M73 R,
 * Cura TIME_ELAPSED, or its total scaled by bytes), corrected by how fast
 * the print has actually gone compared with the slicer so far. Without a
 * slicer estimate, extrapolated from the byte rate. -1 while unknown.
 */
double gcode_progress_eta(const struct gcode_progress *p, uint64_t now_ms);

/* Parses PrusaSlicer's "1d 2h 3m 4s" (any subset); -1 when not a duration. */
double gcode_parse_duration(const char *s);

#endif
