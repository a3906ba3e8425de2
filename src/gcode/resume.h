/*
 * resume: what a print had set up by a given line of its file, and the
 * commands that bring a printer that lost its state (a reset after a halt,
 * a disconnect) back to exactly that point, so the rest of the file can be
 * sent from the line on.
 *
 * The plan follows the firmwares' own recoveries, which run on a printer
 * whose nozzle stands where the print stopped: Marlin's power-loss
 * recovery (feature/powerloss.cpp, PrintJobRecovery::resume: bed, then
 * nozzle heated first, Z set to the saved height with G92.9, raised, X and
 * Y homed without touching Z, back over the part, down, feed rate and E
 * restored) and Prusa-Firmware's recover_print (Z lifted, "G28 X Y", M109,
 * M190, then position, E mode, feed rate and fan restored). Z is never
 * homed: the nozzle would be driven through the part.
 */
#ifndef LL_GCODE_RESUME_H
#define LL_GCODE_RESUME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The machine as the file left it just before line lineno. */
struct gcode_resume_state {
	long lineno;		/* the first line still to send */
	bool printed;		/* an extruding move came before the line */
	double layer_z;		/* Z of the latest extruding move (logical) */
	bool known[3];		/* the head's X, Y, Z were set by the file */
	double pos[4];		/* the head, logical X Y Z E */
	double shift[3];	/* logical - machine, from the file's G92 */
	bool abs_xyz;		/* G90 (else G91) */
	bool abs_e;		/* E absolute (M82, or G90 without M83) */
	double feed_mm_min;	/* the last F of a move, 0 when none */
	double nozzle, bed;	/* the last targets set (°C, 0: off) */
	int fan;		/* part fan 0..255 (M106 S, M107) */
	/* Bed levelling was on: a completed G29 leaves Marlin's on, M420 S
	 * sets it; fade_z is M420's Z (0: none given). */
	bool leveling;
	double fade_z;
};

/* Reads a file up to a line in slices, for a program serving its loop. */
struct gcode_resume_reader;

/*
 * Opens path to find the state before line lineno (>= 1). NULL with cause
 * when the file cannot be opened.
 */
struct gcode_resume_reader *gcode_resume_open(const char *path, long lineno,
    char **cause);
/*
 * Reads about max_bytes more: 1 while there is more to read, 0 when the
 * state is ready, -1 with cause ("FILE:LINE: ..." or "FILE: line N is past
 * the end (M lines)").
 */
int gcode_resume_step(struct gcode_resume_reader *r, size_t max_bytes,
    char **cause);
/* Fraction read towards the line, 0..1. */
double gcode_resume_progress(const struct gcode_resume_reader *r);
/* NULL until gcode_resume_step returned 0. */
const struct gcode_resume_state *gcode_resume_result(
    const struct gcode_resume_reader *r);
void gcode_resume_free(struct gcode_resume_reader *r);

/* The printer the plan is for. */
struct gcode_resume_machine {
	double z_max;		/* Z travel (machine), 0: unknown */
	double lift;		/* mm to raise the nozzle before moving X/Y */
	/* M420 S1 turns the stored mesh on again (Marlin): a reset turns
	 * levelling off, and the print went on with it. */
	bool mesh_on_m420;
	/* mm of filament primed at the homed X/Y before going back over the
	 * part: the nozzle oozed while it waited hot (Marlin's recovery
	 * does the same with POWER_LOSS_PURGE_LEN). 0: none. */
	double purge;
};

/* One command of the plan and what it is for (shown to the user). */
struct gcode_resume_step {
	char cmd[96];
	const char *why;	/* static text */
	bool declares_z;	/* the G92 Z that says where the nozzle stands */
	/* The print can go on without it when the firmware refuses (bed
	 * levelling with no stored mesh): say so, do not stop. */
	bool may_fail;
};

/*
 * The commands, in order, that make a reset printer ready to go on at st:
 * heat (bed, then nozzle), levelling on again where the print had it and
 * the firmware can, declare Z at the last printed layer's height,
 * lift, home X and Y only, return over the part, lower to the head's
 * height, then fan, E mode and position, XYZ mode and feed rate. Fills at
 * most max steps and returns how many, or -1 with cause when the print
 * cannot be resumed there (nothing printed yet: start it again instead).
 */
int gcode_resume_plan(const struct gcode_resume_state *st,
    const struct gcode_resume_machine *m, struct gcode_resume_step *steps,
    int max, char **cause);
#define GCODE_RESUME_MAX_STEPS 24

#endif
