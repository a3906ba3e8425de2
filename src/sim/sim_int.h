/*
 * Inside the virtual printer: shared by the firmware (sim.c) and the port
 * that serves it on a file descriptor (port.c). Nothing outside src/sim/
 * includes this.
 */
#ifndef LL_SIM_INT_H
#define LL_SIM_INT_H

#include "core.h"
#include "gcode.h"
#include "sim.h"

/* Marlin's MAX_CMD_SIZE: longer lines are cut, so their checksum fails. */
#define SIM_MAX_CMD 96

struct heater {
	const char *id;		/* "0" or "bed", as in Heater_ID: */
	double temp;		/* what the thermistor reads, °C */
	double target;
	double power;		/* 0..1 */
	double ambient;
	double gain;		/* full power holds ambient + gain */
	double tau_ms;		/* first-order time constant */
	double max_target;	/* MAXTEMP minus overshoot */
	double maxtemp;
	/* Protection, as Marlin's THERMAL_PROTECTION and WATCH settings. */
	double hysteresis, period_ms;
	double watch_increase, watch_period_ms;
	/* Faults. */
	bool dead;		/* heater-failure: no heat */
	bool runaway;		/* thermal-runaway: the reading drifts down */
	bool open_sensor;	/* mintemp */
	double watch_since, watch_temp;
	double below_since;	/* < 0: not below target - hysteresis */
};

struct sim_qcmd {
	char text[SIM_MAX_CMD];	/* the command without N and checksum */
	unsigned short len;
	bool numbered;
	bool from_host;		/* false: injected by the firmware (runout) */
	long n;
};

struct sim_move {
	double to[4];
	double duration_ms;	/* simulated */
};

enum sim_result {
	CMD_DONE,		/* finished: send ok */
	CMD_DONE_NO_OK,		/* finished; it printed its own ok (M105) */
	CMD_WAIT,		/* blocked: call again later */
};

enum sim_busy {
	BUSY_PROCESSING,
	BUSY_PAUSED_FOR_USER,
};

enum sim_prompt {
	PROMPT_NONE,
	PROMPT_PARKED,		/* Nozzle Parked: Continue */
	PROMPT_PURGE,		/* Paused: PurgeMore / Continue */
};

struct sim {
	struct sim_options opt;
	char *link_copy;	/* opt.link_path points here */
	struct loop *loop;

	/* Clocks. t is simulated milliseconds (physics); report_t runs at
	 * real time times max(speed, 1) and paces everything printed on a
	 * schedule (keepalive, autoreport, waits), so a frozen clock at
	 * speed 0 still reports. */
	bool started;
	uint64_t real0, real_last;
	double t;
	double report_t;

	/* The UART receive ring and the line being read from it. */
	char *rx;
	size_t rx_head, rx_len;
	char line[SIM_MAX_CMD];
	size_t line_len;
	bool line_comment;
	bool skip_partial;	/* drop the tail of a line cut by a drain */
	bool frag_pending;	/* bytes were lost mid-line: skip_partial */
	size_t frag_at;		/* once this many buffered bytes are read */
	unsigned long bytes_lost;

	/* The emergency parser sees bytes as they arrive. */
	char ep_line[32];
	size_t ep_len;
	bool ep_overflow;

	/* Command queue (BUFSIZE entries); the head runs. */
	struct sim_qcmd *queue;
	unsigned q_head, q_count;
	long last_n;
	struct sim_qcmd injected;
	bool inject_pending;
	bool executing;
	bool in_run;		/* sim_run is on the stack */
	struct sim_qcmd *cur;
	struct gcode_cmd cmd;
	int phase;
	double wait_until;	/* simulated ms the current command waits for */
	double report_due;	/* next temperature line during M109/M190 */
	double residency_start;	/* < 0 until the target is reached */
	enum sim_busy busy;
	double next_busy;
	bool wait_for_heatup, wait_for_user;
	enum sim_prompt prompt;
	int prompt_answer;	/* -1: none yet */
	bool m600_from_runout;

	/* Planner. */
	struct sim_move *moves;
	unsigned mv_head, mv_count, mv_cap;
	double mv_elapsed;
	double pos[4];		/* X Y Z E, planned (logical) */
	bool homed[3];
	bool relative, e_relative;
	double feedrate;	/* mm/s */
	int feed_pct, flow_pct;
	int fan;
	bool leveling, mesh_valid;
	double mesh[3][3];
	bool soft_endstops;
	double axis_max[3];

	/* Settings (EEPROM). */
	struct sim_settings {
		double steps[4];
		double max_feedrate[4];
		double max_accel[4];
		double accel_print, accel_retract, accel_travel;
		double probe_offset[3];
		double fade_height;
		double pid[3], bed_pid[3];
	} settings, eeprom;

	struct heater hotend, bed;
	double extrude_min;
	bool allow_cold;
	unsigned debug_flags;
	unsigned keepalive_s;
	unsigned autoreport_s;
	double autoreport_due;
	char message[64];

	/* Faults and counters. */
	uint64_t rng;
	bool noise_next;
	bool drop_next_ok;
	bool drop_arm;		/* drop the ok after the next one */
	unsigned long oks;
	unsigned long commands;
	unsigned long host_commands;
	unsigned long line_errors;
	bool start_fault_done[SIM_MAX_START_FAULTS];
	bool halted;
	char halt_reason[96];

	/* Output to the host. */
	struct buf out;

	/* Log of executed commands. */
	int log_fd;

	/* The port (port.c). */
	struct sim_port *port;
	bool disconnected;	/* the firmware asked to drop the line */
};

/* port.c */
void sim_port_free(struct sim *sim);
void sim_port_kick(struct sim *sim);	/* output or wakeup changed */
void sim_port_discard_input(struct sim *sim);	/* a reboot drops the UART */
void sim_port_disconnect(struct sim *sim);
/* Re-creates a pty that was disconnected (and reboots); -1 if none. */
int sim_port_replug(struct sim *sim);

/* sim.c, for the port. */
void sim_reboot(struct sim *sim, uint64_t now);

#endif
