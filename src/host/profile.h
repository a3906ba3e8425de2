/*
 * A printer profile as the host uses it: plain data, filled from
 * printers/<id>.lua by the lesson module's loader (the only Lua user) and
 * handed to the host by whoever wires them (cli, tests). Format and meaning
 * of every field: docs/printer-profiles.md.
 */
#ifndef LL_HOST_PROFILE_H
#define LL_HOST_PROFILE_H

#include <stdbool.h>

#include "canon.h"

enum host_flavour {
	HOST_FLAVOUR_MARLIN,
	HOST_FLAVOUR_PRUSA,
	HOST_FLAVOUR_KLIPPER,
	HOST_FLAVOUR_RRF,
	HOST_FLAVOUR_REPETIER,
};

enum host_send_mode {
	HOST_SEND_AUTO,		/* windowed when M115/Cap shows a Marlin that can */
	HOST_SEND_PINGPONG,
	HOST_SEND_WINDOWED,
};

#define HOST_PROFILE_MAX_USB 8
#define HOST_PROFILE_MAX_QUIRKS 16

struct host_usb_id {
	unsigned vid, pid;
};

struct host_axis_limits {
	double min, max;	/* mm, machine coordinates */
};

/* The firmware's motion settings (M201, M203, M204, M205), for estimates. */
struct host_motion {
	bool set;		/* the profile states them */
	double max_feedrate[4];	/* mm/s, X Y Z E */
	double max_accel[4];	/* mm/s² */
	double accel, retract_accel, travel_accel;	/* mm/s² */
	double jerk[4];		/* mm/s; used when junction_deviation is 0 */
	double junction_deviation;	/* mm; > 0: Marlin 2.1's default planner */
};

struct host_profile {
	char id[64];		/* file name without .lua */
	char name[128];
	enum host_flavour flavour;
	struct host_usb_id usb[HOST_PROFILE_MAX_USB];
	int nusb;
	int baud;
	bool reset_on_open;	/* DTR resets the board: wait for start */
	struct host_axis_limits axis[3];	/* X, Y, Z */
	double max_nozzle;	/* highest target the guard lets through, °C */
	double max_bed;
	double min_extrude;	/* no E moves below this nozzle temperature */
	char levelling[32];	/* "manual", "g29", "g80", ... */
	enum host_send_mode send_mode;
	int rx_buffer;		/* firmware serial receive buffer, bytes */
	/* Seconds of silence with lines in flight before the host asks
	 * again (M105): proto's poke_ms. */
	double ok_timeout;
	char *start_gcode;	/* newline-separated commands, owned */
	char *end_gcode;
	char *pause_gcode;
	char *cancel_gcode;
	char quirks[HOST_PROFILE_MAX_QUIRKS][48];
	int nquirks;
	bool keep_temps_on_pause;
	double pause_lift;	/* mm Z lift on pause */
	double resume_purge;	/* mm primed when a stopped print resumes */
	double park_x, park_y;	/* where pause and cancel park the head */
	double nozzle_diameter;	/* mm, 0: not stated */
	double filament_diameter;	/* mm, 0: not stated */
	double heat_nozzle_rate, heat_bed_rate;	/* °C/s heating, 0: not stated */
	struct host_motion motion;
};

void host_profile_init(struct host_profile *p);	/* safe generic defaults */
void host_profile_free(struct host_profile *p);	/* frees the G-code strings */
bool host_profile_has_quirk(const struct host_profile *p, const char *quirk);
const char *host_flavour_name(enum host_flavour f);
/* How a firmware of this flavour reads a line of G-code. */
enum gcode_dialect host_flavour_dialect(enum host_flavour f);

#endif
