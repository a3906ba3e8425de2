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

#define MARLIN_VERSION "2.1.2.1"
#define PRUSA_VERSION "3.13.2"
#define KEEPALIVE_S 2
#define TEMP_WINDOW 1.0
#define TEMP_HYSTERESIS 3.0
#define TEMP_RESIDENCY_MS 10000.0
#define EXTRUDE_MAXLENGTH 200.0
#define BED_SIZE 235.0
#define Z_MAX 250.0
#define EEPROM_BYTES 649

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
	/* temp-swing and draft: what the sensor reads while the heater
	 * holds its target (sim_heater_reading). */
	double swing_amp;	/* °C; 0: the reading is the model's */
	double swing_period_ms;
	bool swing_draft;	/* one-sided, below the target */
	double swing_t;		/* phase, simulated ms */
};

/* Prusa-Firmware's steel sheets (eeprom.h Sheets): the Live-Z of each,
 * in Z microsteps, kept in EEPROM apart from the M500 settings. */
#define SIM_SHEETS 8
struct sim_sheet {
	char name[8];		/* 7 characters, not always terminated there */
	int16_t z_raw;		/* -1 (0xffff): never calibrated */
	uint8_t bed_temp, pinda_temp;
};

/* When a firmware acts on M112 and the other urgent commands. */
enum sim_estop {
	SIM_ESTOP_PARSER,	/* Marlin: M108 M112 M410 M876 as bytes arrive */
	SIM_ESTOP_AT_READ,	/* Prusa: "M112" alone, read into the queue */
	SIM_ESTOP_LINE,		/* Klipper: an M112 line once it has arrived */
	SIM_ESTOP_PREFETCH,	/* Repetier: M108, M112 in an arrived line */
	SIM_ESTOP_IN_ORDER,	/* RRF on USB: M112 in its turn */
};

/* What M112 leaves behind. */
enum sim_halt_kind {
	SIM_HALT_SILENT,	/* kill(): one line, then nothing until reset */
	SIM_HALT_ANSWERS,	/* answers every line with the halt (Klipper,
				 * RRF), until a restart command */
	SIM_HALT_RESETS,	/* reboots at once (Repetier's KILL_METHOD 1) */
};

/* How a firmware reads and answers (firmware.c has the table). */
struct sim_personality {
	const char *name;
	bool numbered;		/* checks N and checksum, asks for resends */
	bool silent_bad_checksum;	/* drops a bad line without a word */
	bool reject_star_without_n;	/* "*" without N is an error */
	bool ok_on_receipt;	/* "ok <N>" when queued, before it runs */
	bool skips;		/* "skip N" for a line taken before */
	bool last_param_wins;	/* of a repeated parameter */
	bool boots;		/* "start" and a banner at power-up */
	bool idle_wait;		/* "wait" every second while idle */
	bool keepalive;		/* "echo:busy: processing" every 2 s */
	enum sim_estop estop;
	enum sim_halt_kind halt;
	bool reads_while_busy;	/* takes lines into its queue during waits */
	bool host_prompts;	/* //action:prompt_begin for M0/M1 */
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
	unsigned long bytes_lost;
	int repetier_skips;	/* lines skipped quietly after a Resend */
	unsigned long lines_in;	/* lines received, for drop_line */
	double next_wait;	/* Repetier's idle "wait" */

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
	double knob_at;		/* report_t the user presses the knob at (0: never) */
	int saved_fan;		/* Prusa's M600 turns the fan off meanwhile */
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
	unsigned held_switches;	/* bit per sim_switch_names() entry */

	/* Prusa's steel sheets (EEPROM: they survive a reset). */
	struct sim_sheet sheets[SIM_SHEETS];
	uint8_t active_sheet;

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
	/* M303 in progress (autotune.c). */
	struct sim_tune {
		bool active;
		bool bed;
		bool apply;
		struct heater *h;
		double target;
		int ncycles, cycles;
		long bias, d;
		double next_switch;	/* simulated ms of the next relay switch */
		double kp, ki, kd;
	} tune;
	double extrude_min;
	bool allow_cold;
	unsigned debug_flags;
	unsigned keepalive_s;
	unsigned autoreport_s;
	double autoreport_due;
	unsigned pos_report_s;	/* M154 */
	double pos_report_due;
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
	bool shutdown;		/* halted, and still answering (SIM_HALT_ANSWERS) */
	bool restart_pending;	/* the firmware restarts once this command ends */
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

/* sim.c: output, the run loop */
void sim_out_str(struct sim *sim, const char *s);
void LL_PRINTF(2, 3) sim_out_fmt(struct sim *sim, const char *fmt, ...);
double sim_nz(double v);
void sim_send_ok(struct sim *sim, const struct sim_qcmd *q);
void sim_prompt(struct sim *sim, const char *text, const char *b1, const char *b2);
void sim_run(struct sim *sim);

/* faults.c */
int sim_fault_parse(const char *name, enum sim_fault *f, int *heater);
void sim_kill_printer(struct sim *sim, const char *why);
void sim_inject(struct sim *sim, enum sim_fault f, int heater);
void sim_start_faults(struct sim *sim);
uint64_t sim_rng_next(struct sim *sim);
double sim_rng_unit(struct sim *sim);

/* thermal.c */
void sim_heater_init(struct heater *h, const char *id, double gain, double tau_s,
    double maxtemp, double overshoot, double hyst, double period_s,
    double watch_inc, double watch_s);
void sim_heater_advance(struct heater *h, double dt);
void sim_heater_set_target(struct sim *sim, struct heater *h, double target);
void sim_heater_protect(struct sim *sim, struct heater *h);
double sim_heater_reading(const struct heater *h);
void sim_heater_swing_advance(struct sim *sim, double dt);

/* motion.c */
void sim_planner_advance(struct sim *sim, double dt);
enum sim_result sim_wait_sim_time(struct sim *sim, double until);
bool sim_synced(struct sim *sim);
enum sim_result sim_cmd_move(struct sim *sim, bool arc, bool ccw);
enum sim_result sim_cmd_home(struct sim *sim);
enum sim_result sim_cmd_probe_mesh(struct sim *sim);
enum sim_result sim_cmd_prusa_g80(struct sim *sim);
void sim_report_mesh(struct sim *sim);
enum sim_result sim_cmd_dwell(struct sim *sim);

/* autotune.c */
enum sim_result sim_cmd_autotune(struct sim *sim);

/* settings.c */
void sim_settings_default(struct sim_settings *s);
unsigned sim_settings_crc(const struct sim_settings *s);
void sim_report_settings(struct sim *sim);
void sim_sheets_default(struct sim *sim);
void sim_cmd_prusa_m850(struct sim *sim);

/* faults.c: switches */
void sim_report_endstops(struct sim *sim);

/* exec.c */
bool sim_dry_run(const struct sim *sim);
bool sim_too_cold(const struct sim *sim);
enum sim_result sim_execute(struct sim *sim);

/* firmware.c: the personality */
void sim_banner(struct sim *sim);
const struct sim_personality *sim_fw(const struct sim *sim);
void sim_fw_m115(struct sim *sim);
void sim_fw_temps(struct sim *sim, const char *prefix, const char *suffix);
enum sim_result sim_fw_m105(struct sim *sim);
void sim_fw_m114(struct sim *sim);
void sim_fw_unknown(struct sim *sim);
void sim_fw_halt(struct sim *sim, const char *why);
void sim_m112_early(struct sim *sim);
bool sim_fw_intercept(struct sim *sim, enum sim_result *r);
void sim_fw_restarted(struct sim *sim);
void sim_fw_keepalive(struct sim *sim);
void sim_fw_ok(struct sim *sim, const struct sim_qcmd *q);
void sim_emergency_byte(struct sim *sim, char ch);
void sim_read_serial(struct sim *sim, unsigned limit);

/* pause.c */
enum sim_result sim_cmd_filament_change(struct sim *sim);
enum sim_result sim_cmd_user_stop(struct sim *sim);
void sim_knob_click(struct sim *sim);

#endif
