/*
 * sim: the virtual printer. A Marlin 2.1 firmware as seen from its serial
 * port: the UART receive buffer, the command queue with line numbers and
 * checksums, ok/Resend/busy replies, a thermal model, a motion planner,
 * host prompts, and faults on demand for troubleshooting lessons.
 *
 * The firmware itself is bytes in, bytes out, with time passed in by the
 * caller (sim_feed, sim_tick, sim_output), so tests drive it without a
 * terminal. sim_open_pty and sim_attach_fd serve it on a file descriptor
 * from the event loop; it never includes anything of the host side: the two
 * meet only as bytes through a pseudo-terminal.
 */
#ifndef LL_SIM_H
#define LL_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct loop;
struct sim;

/* What can go wrong on demand. Names (sim_fault_name) are used by
 * "M9000 F<name>", --fault and the trainer's fault menu. */
enum sim_fault {
	SIM_FAULT_NOISE,		/* the next received line is corrupted */
	SIM_FAULT_DROP_OK,		/* the next ok is not sent */
	SIM_FAULT_DISCONNECT,		/* the port goes away (USB unplugged) */
	SIM_FAULT_THERMAL_RUNAWAY,	/* the reading drops while heating */
	SIM_FAULT_HEATER_FAILURE,	/* the heater gives no more heat */
	SIM_FAULT_MAXTEMP,		/* shorted thermistor */
	SIM_FAULT_MINTEMP,		/* open thermistor */
	SIM_FAULT_RUNOUT,		/* the filament sensor reports runout */
	SIM_FAULT_TEMP_SWING,		/* the reading swings around the target */
	SIM_FAULT_DRAFT,		/* the reading sags below the target */
	SIM_FAULT_COUNT
};

#define SIM_MAX_START_FAULTS 8

/* Whose serial behaviour the virtual printer has (firmware.c). */
enum sim_firmware {
	SIM_FW_MARLIN2,		/* Marlin 2.1 (the default) */
	SIM_FW_PRUSA,		/* Prusa-Firmware 3.x (MK3S) */
	SIM_FW_KLIPPER,		/* Klipper's G-code pseudo-terminal */
	SIM_FW_RRF,		/* RepRapFirmware 3, Marlin emulation */
	SIM_FW_REPETIER,	/* Repetier-Firmware 1.0 */
};
const char *sim_firmware_name(enum sim_firmware fw);
int sim_firmware_parse(const char *name, enum sim_firmware *fw);

struct sim_options {
	enum sim_firmware firmware;
	/* The board resets when a host opens the port (DTR): input is lost
	 * for boot_ms, then it boots with its banner. */
	bool reset_on_open;
	unsigned boot_ms;
	double speed;			/* time scale: 1 real time, 0 instant */
	unsigned baud;			/* 0: unthrottled; else N/10 bytes/s */
	unsigned rx_buffer;		/* UART receive buffer bytes (128) */
	unsigned bufsize;		/* command queue entries; 0: the firmware's */
	unsigned block_buffer;		/* planner blocks, BLOCK_BUFFER_SIZE (16) */
	bool advanced_ok;		/* ok N<n> P<planner> B<queue> */
	bool ok_after_resend;		/* ok after Resend: (Marlin 2.1: yes) */
	/* Marlin built with AUTO_REPORT_POSITION: M154 S<seconds> and
	 * Cap:AUTOREPORT_POS:1 (off in Marlin's default configuration). */
	bool auto_report_position;
	double error_rate;		/* probability a received line is corrupted */
	uint64_t seed;			/* for the noise and the bed mesh */
	unsigned long drop_ok;		/* the Nth ok is not sent (0: never) */
	unsigned long drop_line;	/* the Nth line received is lost whole */
	unsigned long disconnect_after;	/* close after N commands (0: never) */
	unsigned reconnect_after_ms;	/* re-create the port after a disconnect */
	unsigned knob_after_ms;		/* a user presses the knob this long
					   after a wait for it began, in the
					   keepalive's time (0: nobody does) */
	const char *log_path;		/* executed commands, one per line */
	const char *link_path;		/* stable symlink to the pty (or NULL);
					   sim_new copies it */
	/* Faults armed at start: each fires once its command count is reached
	 * (0: at once). */
	int nstart_faults;
	struct {
		enum sim_fault fault;
		int heater;		/* 0 hotend, -1 bed */
		unsigned long after;
		double amount;		/* temp-swing, draft: °C; 0: default */
	} start_faults[SIM_MAX_START_FAULTS];
};
void sim_options_default(struct sim_options *o);

/* Fault names, for menus and parsing. */
const char *sim_fault_name(enum sim_fault f);
/* Accepts a name like "thermal-runaway" or "bed-thermal-runaway". */
int sim_fault_parse(const char *name, enum sim_fault *f, int *heater);
/* Every name sim_fault_parse accepts, NULL-terminated. */
const char *const *sim_fault_names(void);

/*
 * Creates a printer that has just been powered on (its boot banner is
 * waiting in the output). loop may be NULL when the caller drives it with
 * sim_feed/sim_tick only. Returns NULL with cause when the log file cannot
 * be opened.
 */
struct sim *sim_new(struct loop *loop, const struct sim_options *o,
    char **cause);
/* Closes the port, removes the link and frees everything. */
void sim_free(struct sim *sim);

/* Bytes from the host arrive at real time now (ms, clock_ms() units). */
void sim_feed(struct sim *sim, const char *data, size_t len, uint64_t now);
/* Lets time pass without input. */
void sim_tick(struct sim *sim, uint64_t now);
/* When sim_tick must be called next (absolute ms), 0 for never. */
uint64_t sim_next_wakeup(const struct sim *sim);
/* Bytes the printer wants to send, and dropping those sent. */
const char *sim_output(const struct sim *sim, size_t *len);
void sim_output_consume(struct sim *sim, size_t n);

/* Run-time faults: the trainer's menu and "M9000 F<name>". heater: 0 for
 * the hotend, -1 for the bed (thermal faults only). */
void sim_inject(struct sim *sim, enum sim_fault f, int heater);
/* Also takes an amount where a fault has one: "temp-swing:5" swings by
 * 5 °C. The trainee's hand on a switch: "hold-x_min", "release-x_min",
 * "release" (every switch). */
int sim_inject_name(struct sim *sim, const char *name, char **cause);
/*
 * A temperature that will not hold still, for the fail side of stability
 * checks: while the heater holds its target the reading swings by
 * ±amplitude °C around it (a badly tuned PID, a loose thermistor), or with
 * draft sags by up to amplitude below it (a fan or an open door blowing on
 * the heater). heater: 0 hotend, -1 bed; amplitude 0 ends it.
 */
void sim_set_deviation(struct sim *sim, int heater, double amplitude,
    bool draft);
/*
 * The trainee's hand on a switch M119 reports ("x_min", "z_min", ... as
 * the personality prints them): held, it reads TRIGGERED until released.
 * Only what M119 reports changes (homing does not stop at a held switch).
 * -1 with cause for a switch this firmware does not report.
 */
int sim_switch_hold(struct sim *sim, const char *name, bool held,
    char **cause);
/* The switches this printer's M119 reports, NULL-terminated. */
const char *const *sim_switch_names(const struct sim *sim);
/* The reset button: reboots, clears faults and a halted state; after a
 * disconnect it also plugs the port back in. */
void sim_reset(struct sim *sim, uint64_t now);
/* The knob on the printer pressed: ends a wait for the user (M0, M600). */
void sim_press_knob(struct sim *sim, uint64_t now);

/*
 * Serving on a file descriptor. sim_open_pty creates a pseudo-terminal,
 * serves on its master side and returns the path the host opens (the
 * --link path when given, else /dev/pts/N; allocated). sim_attach_fd serves
 * any non-blocking fd (a socketpair in tests); the sim owns it.
 */
int sim_open_pty(struct sim *sim, char **path, char **cause);
void sim_attach_fd(struct sim *sim, int fd);
/* The pty slave currently served (changes after a reconnect), or NULL. */
const char *sim_pty_path(const struct sim *sim);

/* What the printer is doing, for a status panel. */
enum sim_state {
	SIM_IDLE,
	SIM_BUSY,		/* a long command: homing, heating, dwell */
	SIM_PAUSED,		/* waiting for the user (M600, runout) */
	SIM_HALTED,		/* kill(): silent until reset */
	SIM_DISCONNECTED,
};
struct sim_status {
	enum sim_state state;
	double hotend, hotend_target;
	double bed, bed_target;
	int hotend_power, bed_power;	/* 0..127 */
	double x, y, z, e;		/* planned position */
	bool homed;
	int fan;			/* 0..255 */
	bool leveling;
	unsigned planner_moves;		/* blocks waiting in the planner */
	unsigned long commands;		/* commands executed */
	unsigned long line_errors;	/* checksum and line-number errors */
	unsigned long bytes_lost;	/* dropped by a full receive buffer */
	char message[64];		/* the LCD line (M117) */
	char halt_reason[96];		/* the error that halted it */
};
void sim_status(const struct sim *sim, struct sim_status *st);

#endif
