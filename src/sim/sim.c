/*
 * The firmware of the virtual printer: Marlin 2.1's serial behaviour
 * (gcode/queue.cpp, gcode/gcode.cpp, module/temperature.cpp,
 * feature/pause.cpp, feature/host_actions.cpp) rebuilt as a state machine
 * over a simulated clock. Bytes come in through sim_feed, replies collect in
 * sim->out; nothing here touches a file descriptor except the command log.
 *
 * Time: sim->t is simulated milliseconds. At speed S it advances S times as
 * fast as the real clock. At speed 0 it stands still, heaters settle at once
 * and a command that would wait for time (G4, G28, M109 residency) jumps
 * the clock to the moment its wait ends, so whole print jobs run as fast as
 * the bytes arrive.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim_int.h"

#define MARLIN_VERSION "2.1.2.1"
#define KEEPALIVE_S 2
#define TEMP_WINDOW 1.0
#define TEMP_HYSTERESIS 3.0
#define TEMP_RESIDENCY_MS 10000.0
#define EXTRUDE_MAXLENGTH 200.0
#define BED_SIZE 235.0
#define Z_MAX 250.0

static void sim_run(struct sim *sim);
static void heater_protect(struct sim *sim, struct heater *h);
static void kill_printer(struct sim *sim, const char *why);

/* {==== Options and fault names */

void
sim_options_default(struct sim_options *o)
{
	memset(o, 0, sizeof *o);
	o->speed = 1.0;
	o->rx_buffer = 128;
	o->bufsize = 4;
	o->block_buffer = 16;
	o->seed = 1;
	/* Marlin 2.1's flush_and_request_resend() ends with an ok. */
	o->ok_after_resend = true;
}

static const char *const fault_names[SIM_FAULT_COUNT] = {
	[SIM_FAULT_NOISE] = "noise",
	[SIM_FAULT_DROP_OK] = "drop-ok",
	[SIM_FAULT_DISCONNECT] = "disconnect",
	[SIM_FAULT_THERMAL_RUNAWAY] = "thermal-runaway",
	[SIM_FAULT_HEATER_FAILURE] = "heater-failure",
	[SIM_FAULT_MAXTEMP] = "maxtemp",
	[SIM_FAULT_MINTEMP] = "mintemp",
	[SIM_FAULT_RUNOUT] = "runout",
};

static const char *const all_fault_names[] = {
	"noise", "drop-ok", "disconnect", "thermal-runaway",
	"bed-thermal-runaway", "heater-failure", "bed-heater-failure",
	"maxtemp", "bed-maxtemp", "mintemp", "bed-mintemp", "runout", NULL,
};

const char *
sim_fault_name(enum sim_fault f)
{
	return (unsigned)f < SIM_FAULT_COUNT ? fault_names[f] : "?";
}

const char *const *
sim_fault_names(void)
{
	return all_fault_names;
}

int
sim_fault_parse(const char *name, enum sim_fault *f, int *heater)
{
	*heater = 0;
	if (strncmp(name, "bed-", 4) == 0) {
		*heater = -1;
		name += 4;
	}
	for (int i = 0; i < SIM_FAULT_COUNT; i++) {
		if (strcmp(name, fault_names[i]) != 0)
			continue;
		if (*heater == -1 && i != SIM_FAULT_THERMAL_RUNAWAY &&
		    i != SIM_FAULT_HEATER_FAILURE && i != SIM_FAULT_MAXTEMP &&
		    i != SIM_FAULT_MINTEMP)
			return -1;
		*f = (enum sim_fault)i;
		return 0;
	}
	return -1;
}

/* }==== */
/* {==== Output */

static void
out_str(struct sim *sim, const char *s)
{
	if (!sim->halted && !sim->disconnected)
		buf_append_str(&sim->out, s);
}

static void LL_PRINTF(2, 3)
out_fmt(struct sim *sim, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	if (sim->halted || sim->disconnected)
		return;
	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n > 0)
		buf_append(&sim->out, tmp, (size_t)n < sizeof tmp ? (size_t)n :
		    sizeof tmp - 1);
}

/* Marlin prints floats with two decimals; never as "-0.00". */
static double
nz(double v)
{
	return fabs(v) < 0.005 ? 0.0 : v;
}

static void
send_ok(struct sim *sim, const struct sim_qcmd *q)
{
	sim->oks++;
	if (sim->drop_arm) {
		/* M9000 Fdrop-ok: its own ok goes out, the next one not. */
		sim->drop_arm = false;
		sim->drop_next_ok = true;
	} else
	if (sim->drop_next_ok ||
	    (sim->opt.drop_ok != 0 && sim->oks == sim->opt.drop_ok)) {
		sim->drop_next_ok = false;
		return;
	}
	if (!sim->opt.advanced_ok) {
		out_str(sim, "ok\n");
		return;
	}
	unsigned planner_free = sim->mv_cap - sim->mv_count;
	unsigned queue_free = sim->opt.bufsize - sim->q_count;
	if (q != NULL && q->numbered)
		out_fmt(sim, "ok N%ld P%u B%u\n", q->n, planner_free, queue_free);
	else
		out_fmt(sim, "ok P%u B%u\n", planner_free, queue_free);
}

static void
temp_report(struct sim *sim, struct buf *b)
{
	buf_appendf(b, " T:%.2f /%.2f B:%.2f /%.2f @:%d B@:%d",
	    nz(sim->hotend.temp), sim->hotend.target, nz(sim->bed.temp),
	    sim->bed.target, (int)lround(sim->hotend.power * 127),
	    (int)lround(sim->bed.power * 127));
}

static void
out_temps(struct sim *sim, const char *prefix, const char *suffix)
{
	struct buf b;

	if (sim->halted || sim->disconnected)
		return;
	buf_init(&b);
	buf_append_str(&b, prefix);
	temp_report(sim, &b);
	buf_append_str(&b, suffix);
	buf_append_str(&b, "\n");
	buf_append(&sim->out, b.data, b.len);
	buf_free(&b);
}

static void
prompt(struct sim *sim, const char *text, const char *b1, const char *b2)
{
	out_str(sim, "//action:prompt_end\n");
	out_fmt(sim, "//action:prompt_begin %s\n", text);
	if (b1 != NULL)
		out_fmt(sim, "//action:prompt_button %s\n", b1);
	if (b2 != NULL)
		out_fmt(sim, "//action:prompt_button %s\n", b2);
	out_str(sim, "//action:prompt_show\n");
}

static void
log_command(struct sim *sim, const struct sim_qcmd *q)
{
	char tmp[SIM_MAX_CMD + 1];

	if (sim->log_fd < 0 || !q->from_host)
		return;
	memcpy(tmp, q->text, q->len);
	tmp[q->len] = '\n';
	/* One write per line on an O_APPEND fd: a crash never leaves half a
	 * line, and a reader sees each command as soon as it ran. */
	if (write(sim->log_fd, tmp, q->len + 1) < 0)
		log_debug("sim: log write: %s", strerror(errno));
}

/* }==== */
/* {==== Thermal model */

static void
heater_init(struct heater *h, const char *id, double gain, double tau_s,
    double maxtemp, double overshoot, double hyst, double period_s,
    double watch_inc, double watch_s)
{
	memset(h, 0, sizeof *h);
	h->id = id;
	h->ambient = 25.0;
	h->temp = h->ambient;
	h->gain = gain;
	h->tau_ms = tau_s * 1000.0;
	h->maxtemp = maxtemp;
	h->max_target = maxtemp - overshoot;
	h->hysteresis = hyst;
	h->period_ms = period_s * 1000.0;
	h->watch_increase = watch_inc;
	h->watch_period_ms = watch_s * 1000.0;
	h->below_since = -1;
}

/*
 * First-order heating: dT/dt = (ambient + gain * power - T) / tau, solved
 * exactly over dt so a coarse step costs the same as a fine one. The
 * controller runs the heater at full power below the target and holds it
 * there; a dead heater or a runaway sensor gets no heat.
 */
static void
heater_advance(struct heater *h, double dt)
{
	bool heat_ok = !h->dead && !h->runaway && !h->open_sensor;

	if (dt <= 0)
		return;
	if (h->open_sensor) {
		h->temp = -14.0;
		h->power = h->target > 0 ? 1.0 : 0.0;
		return;
	}
	if (heat_ok && h->target > 0 && h->temp < h->target - 0.01) {
		double eq = h->ambient + h->gain;
		double reach = eq - h->target > 0.01 ? h->tau_ms *
		    log((eq - h->temp) / (eq - h->target)) : INFINITY;

		h->power = 1.0;
		if (reach <= dt) {
			h->temp = h->target;
			h->power = (h->target - h->ambient) / h->gain;
		} else
			h->temp = eq + (h->temp - eq) * exp(-dt / h->tau_ms);
		return;
	}
	if (heat_ok && h->target > 0 && h->temp <= h->target + 0.01) {
		h->temp = h->target;
		h->power = h->target > h->ambient ?
		    (h->target - h->ambient) / h->gain : 0.0;
		return;
	}
	/* Cooling: the heater is off (or believes it is heating while the
	 * sensor drifts away: runaway shows full power). */
	h->power = h->runaway && h->target > 0 ? 1.0 : 0.0;
	{
		double t = h->ambient + (h->temp - h->ambient) *
		    exp(-dt / (h->tau_ms * 1.5));
		if (heat_ok && h->target > 0 && t < h->target)
			t = h->target;
		h->temp = t;
	}
}

static void
heater_set_target(struct sim *sim, struct heater *h, double target)
{
	if (target < 0)
		target = 0;
	if (target > h->max_target)
		target = h->max_target;
	h->target = target;
	h->watch_since = sim->t;
	h->watch_temp = h->temp;
	h->below_since = -1;
	if (sim->opt.speed == 0) {
		heater_advance(h, 1e12);
		heater_protect(sim, h);
	}
}

static bool
protect_elapsed(const struct sim *sim, double since, double period)
{
	return sim->opt.speed == 0 || sim->t - since >= period;
}

static void
temp_error(struct sim *sim, struct heater *h, const char *what)
{
	char why[96];

	out_fmt(sim, "Error:%s, system stopped! Heater_ID: %s\n", what, h->id);
	snprintf(why, sizeof why, "%s, Heater_ID: %s", what, h->id);
	kill_printer(sim, why);
}

/* Marlin's checks, run after every step of the model. */
static void
heater_protect(struct sim *sim, struct heater *h)
{
	if (sim->halted)
		return;
	if (h->temp >= h->maxtemp) {
		temp_error(sim, h, "MAXTEMP triggered");
		return;
	}
	if (h->open_sensor && h->target > 0) {
		temp_error(sim, h, "MINTEMP triggered");
		return;
	}
	if (h->target <= 0)
		return;
	if (h->dead && h->temp < h->target - h->hysteresis - 1) {
		/* WATCH: the reading must rise watch_increase per period. */
		if (h->temp >= h->watch_temp + h->watch_increase) {
			h->watch_since = sim->t;
			h->watch_temp = h->temp;
		} else if (protect_elapsed(sim, h->watch_since,
		    h->watch_period_ms)) {
			temp_error(sim, h, "Heating failed");
			return;
		}
	}
	if (h->runaway) {
		if (h->temp >= h->target - h->hysteresis)
			h->below_since = -1;
		else if (h->below_since < 0)
			h->below_since = sim->t;
		if (h->below_since >= 0 &&
		    protect_elapsed(sim, h->below_since, h->period_ms))
			temp_error(sim, h, "Thermal Runaway");
	}
}

/* }==== */
/* {==== Planner */

static void
planner_advance(struct sim *sim, double dt)
{
	while (dt > 0 && sim->mv_count > 0) {
		struct sim_move *m = &sim->moves[sim->mv_head];
		double left = m->duration_ms - sim->mv_elapsed;

		if (dt < left) {
			sim->mv_elapsed += dt;
			return;
		}
		dt -= left;
		sim->mv_elapsed = 0;
		sim->mv_head = (sim->mv_head + 1) % sim->mv_cap;
		sim->mv_count--;
	}
}

static double
planner_busy_until(const struct sim *sim)
{
	double total = -sim->mv_elapsed;

	for (unsigned i = 0; i < sim->mv_count; i++)
		total += sim->moves[(sim->mv_head + i) % sim->mv_cap].duration_ms;
	return sim->t + total;
}

static void
planner_push(struct sim *sim, const double to[4], double duration_ms)
{
	struct sim_move *m;

	if (sim->opt.speed == 0 || duration_ms <= 0)
		return;
	m = &sim->moves[(sim->mv_head + sim->mv_count) % sim->mv_cap];
	memcpy(m->to, to, sizeof m->to);
	m->duration_ms = duration_ms;
	sim->mv_count++;
}

/* }==== */
/* {==== Time */

static double
report_now(const struct sim *sim, uint64_t now)
{
	double scale = sim->opt.speed > 1 ? sim->opt.speed : 1;

	return (double)(now - sim->real0) * scale;
}

static void
physics(struct sim *sim, double dt)
{
	if (dt <= 0)
		return;
	sim->t += dt;
	planner_advance(sim, dt);
	heater_advance(&sim->hotend, dt);
	heater_advance(&sim->bed, dt);
	heater_protect(sim, &sim->hotend);
	heater_protect(sim, &sim->bed);
}

static void
advance(struct sim *sim, uint64_t now)
{
	if (!sim->started) {
		sim->started = true;
		sim->real0 = sim->real_last = now;
		sim->autoreport_due = 0;
		sim->next_busy = KEEPALIVE_S * 1000.0;
	}
	if (now < sim->real_last)
		now = sim->real_last;
	if (sim->opt.speed > 0)
		physics(sim, (double)(now - sim->real_last) * sim->opt.speed);
	else {
		/* Frozen clock: heaters settle at once, faults fire at once. */
		heater_advance(&sim->hotend, 1e12);
		heater_advance(&sim->bed, 1e12);
		heater_protect(sim, &sim->hotend);
		heater_protect(sim, &sim->bed);
	}
	sim->real_last = now;
	sim->report_t = report_now(sim, now);

	if (sim->halted || sim->disconnected)
		return;
	if (sim->autoreport_s > 0 && sim->report_t >= sim->autoreport_due) {
		out_temps(sim, "", "");
		sim->autoreport_due = sim->report_t + sim->autoreport_s * 1000.0;
	}
	if (sim->executing && sim->keepalive_s > 0 &&
	    sim->report_t >= sim->next_busy) {
		out_str(sim, sim->busy == BUSY_PAUSED_FOR_USER ?
		    "echo:busy: paused for user\n" :
		    "echo:busy: processing\n");
		sim->next_busy = sim->report_t + sim->keepalive_s * 1000.0;
	}
}

static uint64_t
real_at_report(const struct sim *sim, double report_t)
{
	double scale = sim->opt.speed > 1 ? sim->opt.speed : 1;
	double ms = report_t / scale;

	if (ms < (double)(sim->real_last - sim->real0))
		return sim->real_last;
	return sim->real0 + (uint64_t)ceil(ms);
}

static uint64_t
real_at_sim(const struct sim *sim, double t)
{
	if (sim->opt.speed == 0 || t <= sim->t)
		return sim->real_last;
	return sim->real_last + (uint64_t)ceil((t - sim->t) / sim->opt.speed);
}

static uint64_t
earliest(uint64_t a, uint64_t b)
{
	if (a == 0)
		return b;
	if (b == 0)
		return a;
	return a < b ? a : b;
}

uint64_t
sim_next_wakeup(const struct sim *sim)
{
	uint64_t due = 0;

	if (!sim->started || sim->halted || sim->disconnected) {
		/* A halted printer still cools down for the status panel. */
		if (sim->started && sim->halted && sim->opt.speed > 0 &&
		    (sim->hotend.temp > 30 || sim->bed.temp > 30))
			return sim->real_last + 1000;
		return 0;
	}
	if (sim->autoreport_s > 0)
		due = earliest(due, real_at_report(sim, sim->autoreport_due));
	if (sim->executing) {
		if (sim->keepalive_s > 0)
			due = earliest(due, real_at_report(sim, sim->next_busy));
		if (sim->report_due > 0)
			due = earliest(due, real_at_report(sim, sim->report_due));
		if (sim->wait_until > 0)
			due = earliest(due, real_at_sim(sim, sim->wait_until));
		if (sim->mv_count > 0)
			due = earliest(due, real_at_sim(sim, sim->t +
			    sim->moves[sim->mv_head].duration_ms -
			    sim->mv_elapsed));
	}
	if (sim->opt.speed > 0) {
		const struct heater *hs[2] = { &sim->hotend, &sim->bed };
		for (int i = 0; i < 2; i++) {
			const struct heater *h = hs[i];
			bool moving = fabs(h->temp - (h->target > 0 ?
			    h->target : h->ambient)) > 0.05;
			/* Faults are checked, and the panel follows the
			 * temperature, once a simulated second. */
			if (h->dead || h->runaway || h->open_sensor || moving)
				due = earliest(due, real_at_sim(sim,
				    sim->t + 1000));
		}
	}
	return due;
}

/* }==== */
/* {==== Faults */

static void
kill_printer(struct sim *sim, const char *why)
{
	if (sim->halted)
		return;
	out_str(sim, "Error:Printer halted. kill() called!\n");
	snprintf(sim->halt_reason, sizeof sim->halt_reason, "%s", why);
	sim->halted = true;
	sim->hotend.target = 0;
	sim->bed.target = 0;
	sim->mv_count = 0;
	sim->executing = false;
	sim->q_count = 0;
	sim->rx_len = 0;
}

static void
runout(struct sim *sim)
{
	if (sim->halted)
		return;
	prompt(sim, "FilamentRunout T0", NULL, NULL);
	out_str(sim, "//action:paused filament_runout 0\n");
	/* Marlin injects FILAMENT_RUNOUT_SCRIPT, run before the next queued
	 * command and acknowledged to nobody. */
	memcpy(sim->injected.text, "M600", 4);
	sim->injected.len = 4;
	sim->injected.numbered = false;
	sim->injected.from_host = false;
	sim->inject_pending = true;
}

void
sim_inject(struct sim *sim, enum sim_fault f, int heater)
{
	struct heater *h = heater < 0 ? &sim->bed : &sim->hotend;

	switch (f) {
	case SIM_FAULT_NOISE:
		sim->noise_next = true;
		break;
	case SIM_FAULT_DROP_OK:
		sim->drop_next_ok = true;
		break;
	case SIM_FAULT_DISCONNECT:
		sim->disconnected = true;
		sim_port_disconnect(sim);
		break;
	case SIM_FAULT_THERMAL_RUNAWAY:
		h->runaway = true;
		h->below_since = -1;
		break;
	case SIM_FAULT_HEATER_FAILURE:
		h->dead = true;
		h->watch_since = sim->t;
		h->watch_temp = h->temp;
		break;
	case SIM_FAULT_MAXTEMP:
		h->temp = h->maxtemp + 5;
		heater_protect(sim, h);
		break;
	case SIM_FAULT_MINTEMP:
		h->open_sensor = true;
		h->temp = -14.0;
		heater_protect(sim, h);
		break;
	case SIM_FAULT_RUNOUT:
		runout(sim);
		break;
	case SIM_FAULT_COUNT:
		break;
	}
	if (sim->opt.speed == 0 && (f == SIM_FAULT_THERMAL_RUNAWAY ||
	    f == SIM_FAULT_HEATER_FAILURE)) {
		/* A frozen clock: the reading falls and the protection
		 * period passes at once. */
		heater_advance(h, 1e12);
		heater_protect(sim, h);
	}
	if (!sim->disconnected && sim->started)
		sim_run(sim);
	sim_port_kick(sim);
}

int
sim_inject_name(struct sim *sim, const char *name, char **cause)
{
	enum sim_fault f;
	int heater;

	if (sim_fault_parse(name, &f, &heater) != 0) {
		set_cause(cause, "unknown fault '%s' (known: noise, drop-ok, "
		    "disconnect, [bed-]thermal-runaway, [bed-]heater-failure, "
		    "[bed-]maxtemp, [bed-]mintemp, runout)", name);
		return -1;
	}
	sim_inject(sim, f, heater);
	return 0;
}

static void
start_faults(struct sim *sim)
{
	for (int i = 0; i < sim->opt.nstart_faults; i++) {
		if (sim->start_fault_done[i] ||
		    sim->host_commands < sim->opt.start_faults[i].after)
			continue;
		sim->start_fault_done[i] = true;
		sim_inject(sim, sim->opt.start_faults[i].fault,
		    sim->opt.start_faults[i].heater);
	}
}

static uint64_t
rng_next(struct sim *sim)
{
	/* xorshift64*: reproducible noise from --seed. */
	sim->rng ^= sim->rng >> 12;
	sim->rng ^= sim->rng << 25;
	sim->rng ^= sim->rng >> 27;
	return sim->rng * 2685821657736338717ULL;
}

static double
rng_unit(struct sim *sim)
{
	return (double)(rng_next(sim) >> 11) / 9007199254740992.0;
}

/* }==== */
/* {==== Settings */

static void
settings_default(struct sim_settings *s)
{
	static const struct sim_settings d = {
		.steps = { 80, 80, 400, 93 },
		.max_feedrate = { 500, 500, 5, 25 },
		.max_accel = { 500, 500, 100, 5000 },
		.accel_print = 500, .accel_retract = 500, .accel_travel = 500,
		.probe_offset = { -44, -5, -1.5 },
		.fade_height = 10,
		.pid = { 21.73, 1.54, 76.55 },
		.bed_pid = { 70.00, 1.22, 406.11 },
	};
	*s = d;
}

static unsigned
settings_crc(const struct sim_settings *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned crc = 0;

	/* CRC-16/XMODEM like Marlin's EEPROM check. */
	for (size_t i = 0; i < sizeof *s; i++) {
		crc ^= (unsigned)p[i] << 8;
		for (int k = 0; k < 8; k++)
			crc = (crc & 0x8000) ? ((crc << 1) ^ 0x1021) : (crc << 1);
		crc &= 0xffff;
	}
	return crc;
}

#define EEPROM_BYTES 649

static void
report_settings(struct sim *sim)
{
	const struct sim_settings *s = &sim->settings;

	out_str(sim, "echo:; Linear Units:\necho:  G21 ; (mm)\n"
	    "echo:; Temperature Units:\necho:  M149 C ; Units in Celsius\n"
	    "echo:; Filament settings (Disabled):\necho:  M200 S0 D1.75\n");
	out_fmt(sim, "echo:; Steps per unit:\n"
	    "echo:  M92 X%.2f Y%.2f Z%.2f E%.2f\n",
	    s->steps[0], s->steps[1], s->steps[2], s->steps[3]);
	out_fmt(sim, "echo:; Max feedrates (units/s):\n"
	    "echo:  M203 X%.2f Y%.2f Z%.2f E%.2f\n", s->max_feedrate[0],
	    s->max_feedrate[1], s->max_feedrate[2], s->max_feedrate[3]);
	out_fmt(sim, "echo:; Max Acceleration (units/s2):\n"
	    "echo:  M201 X%.2f Y%.2f Z%.2f E%.2f\n", s->max_accel[0],
	    s->max_accel[1], s->max_accel[2], s->max_accel[3]);
	out_fmt(sim, "echo:; Acceleration (units/s2) (P<print-accel> "
	    "R<retract-accel> T<travel-accel>):\n"
	    "echo:  M204 P%.2f R%.2f T%.2f\n", s->accel_print,
	    s->accel_retract, s->accel_travel);
	out_str(sim, "echo:; Advanced (B<min_segment_time_us> S<min_feedrate> "
	    "T<min_travel_feedrate> J<junc_dev>):\n"
	    "echo:  M205 B20000.00 S0.00 T0.00 J0.08\n"
	    "echo:; Home offset:\necho:  M206 X0.00 Y0.00 Z0.00\n");
	out_fmt(sim, "echo:; Auto Bed Leveling:\n"
	    "echo:  M420 S%d Z%.2f ; Leveling %s\n", sim->leveling ? 1 : 0,
	    s->fade_height, sim->leveling ? "ON" : "OFF");
	out_fmt(sim, "echo:; Hotend PID:\necho:  M301 P%.2f I%.2f D%.2f\n",
	    s->pid[0], s->pid[1], s->pid[2]);
	out_fmt(sim, "echo:; Bed PID:\necho:  M304 P%.2f I%.2f D%.2f\n",
	    s->bed_pid[0], s->bed_pid[1], s->bed_pid[2]);
	out_fmt(sim, "echo:; Z-Probe Offset:\n"
	    "echo:  M851 X%.2f Y%.2f Z%.2f ; (mm)\n", nz(s->probe_offset[0]),
	    nz(s->probe_offset[1]), nz(s->probe_offset[2]));
	out_str(sim, "echo:; Filament load/unload:\n"
	    "echo:  M603 L400.00 U400.00 ; (mm)\n"
	    "echo:; Filament runout sensor:\necho:  M412 S1 ; Sensor ON\n");
}

/* }==== */
/* {==== Boot */

static void
state_reset(struct sim *sim)
{
	sim->rx_len = 0;
	sim->skip_partial = false;
	sim->frag_pending = false;
	sim->line_len = 0;
	sim->line_comment = false;
	sim->ep_len = 0;
	sim->ep_overflow = false;
	sim->q_count = 0;
	sim->last_n = 0;
	sim->inject_pending = false;
	sim->executing = false;
	sim->mv_count = 0;
	sim->mv_elapsed = 0;
	memset(sim->pos, 0, sizeof sim->pos);
	memset(sim->homed, 0, sizeof sim->homed);
	sim->relative = false;
	sim->e_relative = false;
	sim->feedrate = 25.0;
	sim->feed_pct = 100;
	sim->flow_pct = 100;
	sim->fan = 0;
	sim->leveling = false;
	sim->soft_endstops = true;
	sim->hotend.target = 0;
	sim->bed.target = 0;
	sim->hotend.dead = sim->hotend.runaway = sim->hotend.open_sensor = false;
	sim->bed.dead = sim->bed.runaway = sim->bed.open_sensor = false;
	if (sim->hotend.temp < 0 || sim->hotend.temp > sim->hotend.maxtemp)
		sim->hotend.temp = sim->hotend.ambient;
	if (sim->bed.temp < 0 || sim->bed.temp > sim->bed.maxtemp)
		sim->bed.temp = sim->bed.ambient;
	sim->extrude_min = 170;
	sim->allow_cold = false;
	sim->debug_flags = 0;
	sim->keepalive_s = KEEPALIVE_S;
	sim->autoreport_s = 0;
	sim->prompt = PROMPT_NONE;
	sim->halted = false;
	sim->halt_reason[0] = '\0';
	sim->disconnected = false;
	sim->noise_next = false;
	sim->drop_next_ok = false;
	sim->drop_arm = false;
	sim->settings = sim->eeprom;
	snprintf(sim->message, sizeof sim->message, "Virtual printer ready.");
}

static void
banner(struct sim *sim)
{
	out_str(sim, "start\n"
	    "echo:PowerUp\n"
	    "echo:Marlin " MARLIN_VERSION "\n"
	    "echo: Last Updated: 2023-06-10 | Author: (layerlab, virtual printer)\n"
	    "echo: Compiled: Jun 10 2023\n"
	    "echo: Free Memory: 2717  PlannerBufferBytes: 1312\n");
	out_fmt(sim, "echo:V86 stored settings retrieved (%d bytes; crc %u)\n",
	    EEPROM_BYTES, settings_crc(&sim->eeprom));
	report_settings(sim);
}

void
sim_reboot(struct sim *sim, uint64_t now)
{
	state_reset(sim);
	if (sim->started)
		advance(sim, now);
	sim->next_busy = sim->report_t + KEEPALIVE_S * 1000.0;
	banner(sim);
}

struct sim *
sim_new(struct loop *loop, const struct sim_options *o, char **cause)
{
	struct sim *sim = xcalloc(1, sizeof *sim);

	sim->opt = *o;
	sim->opt.log_path = NULL;	/* opened here, not kept */
	/* Own copies: callers may free theirs. */
	sim->link_copy = o->link_path != NULL ? xstrdup(o->link_path) : NULL;
	sim->opt.link_path = sim->link_copy;
	if (sim->opt.rx_buffer < 2)
		sim->opt.rx_buffer = 2;
	if (sim->opt.bufsize < 1)
		sim->opt.bufsize = 1;
	if (sim->opt.block_buffer < 2)
		sim->opt.block_buffer = 2;
	if (sim->opt.speed < 0)
		sim->opt.speed = 0;
	sim->loop = loop;
	sim->log_fd = -1;
	if (o->log_path != NULL) {
		sim->log_fd = open(o->log_path,
		    O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (sim->log_fd < 0) {
			set_cause(cause, "%s: %s", o->log_path, strerror(errno));
			free(sim->link_copy);
			free(sim);
			return NULL;
		}
	}
	sim->rx = xmalloc(sim->opt.rx_buffer);
	sim->queue = xcalloc(sim->opt.bufsize, sizeof *sim->queue);
	/* Marlin's ring keeps one block free: BLOCK_BUFFER_SIZE - 1 moves. */
	sim->mv_cap = sim->opt.block_buffer - 1;
	sim->moves = xcalloc(sim->mv_cap, sizeof *sim->moves);
	sim->rng = o->seed != 0 ? o->seed : 0x9e3779b97f4a7c15ULL;
	buf_init(&sim->out);
	/* Hotend: 25 -> 200 °C in about 70 s; bed: 25 -> 60 °C in about
	 * 80 s, 100 °C in about 4 minutes. Protection as Marlin's defaults. */
	heater_init(&sim->hotend, "0", 300, 80, 275, 15, 4, 40, 2, 20);
	heater_init(&sim->bed, "bed", 130, 250, 150, 10, 2, 20, 2, 60);
	settings_default(&sim->eeprom);
	sim->axis_max[0] = BED_SIZE;
	sim->axis_max[1] = BED_SIZE;
	sim->axis_max[2] = Z_MAX;
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			sim->mesh[i][j] = ((double)(rng_next(sim) % 200) - 100)
			    / 1000.0;
	state_reset(sim);
	banner(sim);
	return sim;
}

void
sim_free(struct sim *sim)
{
	if (sim == NULL)
		return;
	sim_port_free(sim);
	if (sim->log_fd >= 0)
		close(sim->log_fd);
	buf_free(&sim->out);
	free(sim->link_copy);
	free(sim->rx);
	free(sim->queue);
	free(sim->moves);
	free(sim);
}

/* }==== */
/* {==== Commands */

static bool
dry_run(const struct sim *sim)
{
	return (sim->debug_flags & 8) != 0;
}

static bool
too_cold(const struct sim *sim)
{
	return !sim->allow_cold && !dry_run(sim) &&
	    sim->hotend.temp < sim->extrude_min;
}

static enum sim_result
wait_sim_time(struct sim *sim, double until)
{
	if (sim->t >= until) {
		sim->wait_until = 0;
		return CMD_DONE;
	}
	sim->wait_until = until;
	return CMD_WAIT;
}

/* planner.synchronize(): every move finished. */
static bool
synced(struct sim *sim)
{
	if (sim->mv_count == 0) {
		sim->wait_until = 0;
		return true;
	}
	sim->wait_until = planner_busy_until(sim);
	return false;
}

static enum sim_result
cmd_move(struct sim *sim, bool arc, bool ccw)
{
	const struct gcode_cmd *c = &sim->cmd;
	static const char axes[4] = { 'X', 'Y', 'Z', 'E' };
	double to[4], d[4], dist, v, dur;

	if (sim->mv_count >= sim->mv_cap) {
		sim->wait_until = sim->t + sim->moves[sim->mv_head].duration_ms
		    - sim->mv_elapsed;
		return CMD_WAIT;
	}
	sim->wait_until = 0;
	if (gcode_param(c, 'F') != NULL && gcode_value(c, 'F', 0) > 0)
		sim->feedrate = gcode_value(c, 'F', 0) / 60.0;
	for (int i = 0; i < 4; i++) {
		const struct gcode_param *p = gcode_param(c, axes[i]);
		bool rel = i == 3 ? (sim->relative || sim->e_relative) :
		    sim->relative;

		to[i] = sim->pos[i];
		if (p != NULL && p->has_value)
			to[i] = rel ? sim->pos[i] + p->value : p->value;
	}
	if (sim->soft_endstops) {
		for (int i = 0; i < 3; i++) {
			if (!sim->homed[i])
				continue;
			if (to[i] < 0)
				to[i] = 0;
			if (to[i] > sim->axis_max[i])
				to[i] = sim->axis_max[i];
		}
	}
	for (int i = 0; i < 4; i++)
		d[i] = to[i] - sim->pos[i];
	if (d[3] != 0 && !dry_run(sim)) {
		if (too_cold(sim)) {
			out_str(sim, "echo: cold extrusion prevented\n");
			d[3] = 0;
		} else if (fabs(d[3]) > EXTRUDE_MAXLENGTH) {
			out_str(sim, "echo: too long extrusion prevented\n");
			d[3] = 0;
		}
	}
	dist = sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
	if (arc) {
		double i = gcode_value(c, 'I', 0), j = gcode_value(c, 'J', 0);
		double r = hypot(i, j);
		if (r > 0) {
			double a0 = atan2(-j, -i);
			double a1 = atan2(to[1] - (sim->pos[1] + j),
			    to[0] - (sim->pos[0] + i));
			double sweep = ccw ? a1 - a0 : a0 - a1;
			while (sweep <= 0)
				sweep += 2 * M_PI;
			dist = hypot(r * sweep, d[2]);
		}
	}
	if (dist == 0)
		dist = fabs(d[3]);
	v = sim->feedrate * sim->feed_pct / 100.0;
	for (int i = 0; i < 4; i++) {
		double share = dist > 0 ? fabs(d[i]) / dist : 0;
		if (share * v > sim->settings.max_feedrate[i])
			v = sim->settings.max_feedrate[i] / share;
	}
	dur = v > 0 && dist > 0 ? dist / v * 1000.0 : 0;
	memcpy(sim->pos, to, sizeof sim->pos);
	planner_push(sim, to, dur);
	return CMD_DONE;
}

static enum sim_result
cmd_home(struct sim *sim)
{
	const struct gcode_cmd *c = &sim->cmd;
	bool any = gcode_param(c, 'X') || gcode_param(c, 'Y') ||
	    gcode_param(c, 'Z');
	bool which[3];

	for (int i = 0; i < 3; i++)
		which[i] = !any || gcode_param(c, "XYZ"[i]) != NULL;
	if (sim->phase == 0) {
		double ms = 2000;
		if (!synced(sim))
			return CMD_WAIT;
		/* Homing feedrates 50, 50, 4 mm/s from wherever the axes are
		 * (the far end when unknown), plus the bump. */
		for (int i = 0; i < 3; i++) {
			double from = sim->homed[i] ? sim->pos[i] :
			    (i == 2 ? 10 : sim->axis_max[i]);
			if (which[i])
				ms += fabs(from) / (i == 2 ? 4.0 : 50.0) * 1000;
		}
		sim->phase = 1;
		sim->wait_until = sim->t + ms;
	}
	if (wait_sim_time(sim, sim->wait_until) == CMD_WAIT)
		return CMD_WAIT;
	for (int i = 0; i < 3; i++) {
		if (which[i]) {
			sim->pos[i] = 0;
			sim->homed[i] = true;
		}
	}
	return CMD_DONE;
}

static enum sim_result
cmd_probe_mesh(struct sim *sim)
{
	if (sim->phase == 0) {
		if (!sim->homed[0] || !sim->homed[1] || !sim->homed[2]) {
			out_str(sim, "echo:Home XYZ First\n");
			return CMD_DONE;
		}
		if (!synced(sim))
			return CMD_WAIT;
		sim->phase = 1;
		/* Nine points, about three seconds each with the travel. */
		sim->wait_until = sim->t + 9 * 3000.0;
	}
	if (wait_sim_time(sim, sim->wait_until) == CMD_WAIT)
		return CMD_WAIT;
	sim->mesh_valid = true;
	sim->leveling = true;
	return CMD_DONE;
}

static enum sim_result
cmd_dwell(struct sim *sim)
{
	if (sim->phase == 0) {
		double ms = gcode_value(&sim->cmd, 'P', 0);
		if (gcode_param(&sim->cmd, 'S') != NULL)
			ms = gcode_value(&sim->cmd, 'S', 0) * 1000.0;
		if (!synced(sim))
			return CMD_WAIT;
		sim->phase = 1;
		sim->wait_until = sim->t + ms;
	}
	return wait_sim_time(sim, sim->wait_until);
}

static enum sim_result
cmd_heat_wait(struct sim *sim, struct heater *h)
{
	const struct gcode_cmd *c = &sim->cmd;
	double diff;

	if (sim->phase == 0) {
		bool has_s = gcode_param(c, 'S') != NULL;
		bool has_r = gcode_param(c, 'R') != NULL;

		if (!has_s && !has_r)
			return CMD_DONE;
		if (dry_run(sim))
			return CMD_DONE;
		heater_set_target(sim, h, gcode_value(c, has_s ? 'S' : 'R', 0));
		/* S waits only while heating. */
		if (has_s && h->temp > h->target)
			return CMD_DONE;
		sim->phase = 1;
		sim->wait_for_heatup = true;
		sim->residency_start = -1;
		sim->report_due = sim->report_t;
	}
	if (!sim->wait_for_heatup) {
		sim->report_due = 0;
		sim->wait_until = 0;
		return CMD_DONE;
	}
	diff = fabs(h->target - h->temp);
	if (sim->residency_start < 0) {
		if (diff < TEMP_WINDOW)
			sim->residency_start = sim->t;
	} else if (diff > TEMP_HYSTERESIS)
		sim->residency_start = sim->t;
	if (h->target == 0 && h->temp < 30)
		sim->residency_start = sim->t - TEMP_RESIDENCY_MS;
	if (sim->report_t >= sim->report_due) {
		char w[32];
		if (sim->residency_start < 0)
			snprintf(w, sizeof w, " W:?");
		else
			snprintf(w, sizeof w, " W:%ld", (long)((TEMP_RESIDENCY_MS -
			    (sim->t - sim->residency_start)) / 1000.0 + 0.999));
		out_temps(sim, "", w);
		sim->report_due = sim->report_t + 1000.0;
	}
	if (sim->residency_start >= 0 &&
	    sim->t - sim->residency_start >= TEMP_RESIDENCY_MS) {
		sim->report_due = 0;
		sim->wait_until = 0;
		return CMD_DONE;
	}
	sim->wait_until = sim->residency_start >= 0 ?
	    sim->residency_start + TEMP_RESIDENCY_MS : 0;
	return CMD_WAIT;
}

/*
 * M600, as feature/pause.cpp runs it with host prompts: park and unload,
 * wait for the user (Nozzle Parked / Continue), load and purge, then ask
 * PurgeMore or Continue until Continue.
 */
static enum sim_result
cmd_filament_change(struct sim *sim)
{
	for (;;) {
		switch (sim->phase) {
		case 0:
			if (!dry_run(sim) && sim->hotend.target < sim->extrude_min) {
				out_str(sim, "echo:Hotend too cold\n");
				return CMD_DONE;
			}
			if (!synced(sim))
				return CMD_WAIT;
			if (!sim->m600_from_runout)
				out_str(sim, "//action:paused\n");
			prompt(sim, "Pause", "Dismiss", NULL);
			sim->busy = BUSY_PROCESSING;
			sim->wait_until = sim->t + 12000.0;
			sim->phase = 1;
			break;
		case 1:
			if (wait_sim_time(sim, sim->wait_until) == CMD_WAIT)
				return CMD_WAIT;
			prompt(sim, "Nozzle Parked", "Continue", NULL);
			sim->prompt = PROMPT_PARKED;
			sim->prompt_answer = -1;
			sim->wait_for_user = true;
			sim->busy = BUSY_PAUSED_FOR_USER;
			sim->phase = 2;
			break;
		case 2:
			if (sim->wait_for_user && sim->prompt_answer < 0)
				return CMD_WAIT;
			sim->prompt = PROMPT_NONE;
			sim->busy = BUSY_PROCESSING;
			sim->wait_until = sim->t + 15000.0;
			sim->phase = 3;
			break;
		case 3:
			if (wait_sim_time(sim, sim->wait_until) == CMD_WAIT)
				return CMD_WAIT;
			prompt(sim, "Paused", "PurgeMore", "Continue");
			sim->prompt = PROMPT_PURGE;
			sim->prompt_answer = -1;
			sim->wait_for_user = true;
			sim->busy = BUSY_PAUSED_FOR_USER;
			sim->phase = 4;
			break;
		case 4:
			if (sim->wait_for_user && sim->prompt_answer < 0)
				return CMD_WAIT;
			sim->busy = BUSY_PROCESSING;
			if (sim->prompt_answer == 0) {
				/* PurgeMore: purge again and ask again. */
				sim->wait_until = sim->t + 5000.0;
				sim->phase = 3;
				break;
			}
			sim->prompt = PROMPT_NONE;
			out_str(sim, "//action:prompt_end\n//action:resumed\n");
			return CMD_DONE;
		}
	}
}

/* M0/M1: wait for the user, with a host prompt; S<s> or P<ms> time out. */
static enum sim_result
cmd_user_stop(struct sim *sim)
{
	const struct gcode_cmd *c = &sim->cmd;

	if (sim->phase == 0) {
		const char *p = c->rest, *end = sim->cur->text + sim->cur->len;
		double ms = 0;

		if (!synced(sim))
			return CMD_WAIT;
		if (gcode_param(c, 'P') != NULL)
			ms = gcode_value(c, 'P', 0);
		if (gcode_param(c, 'S') != NULL)
			ms = gcode_value(c, 'S', 0) * 1000.0;
		if (ms > 0) {
			/* Skip the S/P parameter to reach the message. */
			while (p < end && *p == ' ')
				p++;
			if (p < end && (*p == 'S' || *p == 'P'))
				while (p < end && *p != ' ')
					p++;
		}
		while (p < end && *p == ' ')
			p++;
		if (p < end) {
			char text[SIM_MAX_CMD];
			snprintf(text, sizeof text, "%.*s", (int)(end - p), p);
			prompt(sim, text, "Continue", NULL);
		} else
			prompt(sim, "Click to Resume...", "Continue", NULL);
		sim->prompt = PROMPT_PARKED;
		sim->prompt_answer = -1;
		sim->wait_for_user = true;
		sim->busy = BUSY_PAUSED_FOR_USER;
		sim->wait_until = ms > 0 ? sim->t + ms : 0;
		sim->phase = 1;
	}
	if (sim->wait_for_user && sim->prompt_answer < 0 &&
	    (sim->wait_until == 0 || sim->t < sim->wait_until))
		return CMD_WAIT;
	sim->wait_until = 0;
	sim->prompt = PROMPT_NONE;
	out_str(sim, "//action:prompt_end\n");
	return CMD_DONE;
}

static void
cmd_m118(struct sim *sim)
{
	const char *p = sim->cmd.rest;
	const char *end = sim->cur->text + sim->cur->len;
	bool echo = false, action = false;

	/* Leading E1, A1 and Pn flags, then the text. */
	for (;;) {
		while (p < end && *p == ' ')
			p++;
		if (end - p >= 2 && (p[0] == 'E' || p[0] == 'A' || p[0] == 'P') &&
		    p[1] >= '0' && p[1] <= '9' && (end - p == 2 || p[2] == ' ')) {
			if (p[0] == 'E')
				echo = p[1] != '0';
			if (p[0] == 'A')
				action = p[1] != '0';
			p += 2;
			continue;
		}
		break;
	}
	out_fmt(sim, "%s%s%.*s\n", echo ? "echo:" : "", action ? "//" : "",
	    (int)(end - p), p);
}

static void
cmd_m111(struct sim *sim)
{
	static const char *const names[] = { "ECHO", "INFO", "ERRORS",
	    "DRYRUN", "COMMUNICATION", "LEVELING" };
	struct buf b;

	if (gcode_param(&sim->cmd, 'S') != NULL)
		sim->debug_flags = (unsigned)gcode_value(&sim->cmd, 'S', 0) & 0xff;
	buf_init(&b);
	buf_append_str(&b, "echo:DEBUG:");
	if (sim->debug_flags == 0)
		buf_append_str(&b, "off");
	for (unsigned i = 0, n = 0; i < LL_ARRAY_LEN(names); i++) {
		if (sim->debug_flags & (1u << i))
			buf_appendf(&b, "%s%s", n++ ? "," : "", names[i]);
	}
	buf_append_str(&b, "\n");
	out_str(sim, b.data);
	buf_free(&b);
}

static void
cmd_m420(struct sim *sim)
{
	const struct gcode_cmd *c = &sim->cmd;
	bool want = gcode_value(c, 'S', 0) != 0;

	if (gcode_param(c, 'Z') != NULL)
		sim->settings.fade_height = gcode_value(c, 'Z', 0);
	if (gcode_param(c, 'S') != NULL)
		sim->leveling = want && sim->mesh_valid;
	if (gcode_param(c, 'V') != NULL && sim->mesh_valid) {
		out_str(sim, "Bilinear Leveling Grid:\n      0      1      2\n");
		for (int y = 0; y < 3; y++)
			out_fmt(sim, " %d %+.3f %+.3f %+.3f\n", y, sim->mesh[y][0],
			    sim->mesh[y][1], sim->mesh[y][2]);
	}
	if (gcode_param(c, 'S') != NULL && want && !sim->leveling)
		out_str(sim, "Error:Failed to enable Bed Leveling\n");
	out_fmt(sim, "echo:Bed Leveling %s\n", sim->leveling ? "ON" : "OFF");
	out_fmt(sim, "echo:Fade Height %.2f\n", sim->settings.fade_height);
}

static void
set_axes(const struct gcode_cmd *c, double *v, int n)
{
	static const char axes[4] = { 'X', 'Y', 'Z', 'E' };

	for (int i = 0; i < n; i++)
		v[i] = gcode_value(c, axes[i], v[i]);
}

static void
cmd_m9000(struct sim *sim)
{
	const struct gcode_param *p = gcode_param(&sim->cmd, 'F');
	char name[48];
	enum sim_fault f;
	int heater;

	if (p == NULL || p->textlen == 0 || p->textlen >= sizeof name) {
		out_str(sim, "echo:M9000: name a fault with F<name>\n");
		return;
	}
	memcpy(name, p->text, p->textlen);
	name[p->textlen] = '\0';
	/* "action-pause": what the printer's own menu sends the host. */
	if (strncmp(name, "action-", 7) == 0) {
		out_fmt(sim, "//action:%s\n", name + 7);
		return;
	}
	if (sim_fault_parse(name, &f, &heater) != 0) {
		out_fmt(sim, "echo:M9000: unknown fault \"%s\"\n", name);
		return;
	}
	if (gcode_param(&sim->cmd, 'B') != NULL)
		heater = -1;
	/* The reply first: the fault may be the connection itself. */
	out_fmt(sim, "echo:M9000: %s%s\n", heater < 0 ? "bed-" : "", name);
	if (f == SIM_FAULT_DISCONNECT) {
		sim->disconnected = true;
		sim_port_disconnect(sim);
		return;
	}
	if (f == SIM_FAULT_DROP_OK) {
		sim->drop_arm = true;
		return;
	}
	sim_inject(sim, f, heater);
}

static enum sim_result
execute(struct sim *sim)
{
	const struct gcode_cmd *c = &sim->cmd;
	struct sim_settings *s = &sim->settings;

	if (c->letter == 'G') {
		switch (c->code) {
		case 0:
		case 1:
			return cmd_move(sim, false, false);
		case 2:
		case 3:
			return cmd_move(sim, true, c->code == 3);
		case 4:
			return cmd_dwell(sim);
		case 21:
			return CMD_DONE;
		case 28:
			return cmd_home(sim);
		case 29:
			return cmd_probe_mesh(sim);
		case 90:
			sim->relative = false;
			return CMD_DONE;
		case 91:
			sim->relative = true;
			return CMD_DONE;
		case 92:
			set_axes(c, sim->pos, 4);
			return CMD_DONE;
		}
	} else if (c->letter == 'T') {
		if (c->code != 0)
			out_fmt(sim, "echo:T%d Invalid extruder\n", c->code);
		return CMD_DONE;
	} else if (c->letter == 'M') {
		switch (c->code) {
		case 0:
		case 1:
			return cmd_user_stop(sim);
		case 17: case 31: case 75: case 76: case 77: case 73:
		case 149: case 200: case 205: case 206: case 412: case 603:
		case 108: case 112: case 410: case 876: case 300:
			/* Nothing more to do here: accepted, or done by the
			 * emergency parser when the bytes arrived. */
			return CMD_DONE;
		case 110:
			/* A numbered M110 took its number when it was read;
			 * a plain one sets it now. */
			if (!sim->cur->numbered && gcode_param(c, 'N') != NULL)
				sim->last_n = (long)gcode_value(c, 'N', 0);
			return CMD_DONE;
		case 18:
		case 84:
			if (gcode_param(c, 'S') != NULL)
				return CMD_DONE;	/* only the idle timeout */
			if (!synced(sim))
				return CMD_WAIT;
			memset(sim->homed, 0, sizeof sim->homed);
			return CMD_DONE;
		case 82:
			sim->e_relative = false;
			return CMD_DONE;
		case 83:
			sim->e_relative = true;
			return CMD_DONE;
		case 92:
			if (c->nparams == 0)
				out_fmt(sim, "echo:  M92 X%.2f Y%.2f Z%.2f E%.2f\n",
				    s->steps[0], s->steps[1], s->steps[2], s->steps[3]);
			set_axes(c, s->steps, 4);
			return CMD_DONE;
		case 104:
		case 140:
			if (!dry_run(sim) && gcode_param(c, 'S') != NULL)
				heater_set_target(sim, c->code == 104 ?
				    &sim->hotend : &sim->bed,
				    gcode_value(c, 'S', 0));
			return CMD_DONE;
		case 105:
			out_temps(sim, "ok", "");
			sim->oks++;
			return CMD_DONE_NO_OK;
		case 106:
			sim->fan = (int)gcode_value(c, 'S', 255);
			if (sim->fan < 0)
				sim->fan = 0;
			if (sim->fan > 255)
				sim->fan = 255;
			return CMD_DONE;
		case 107:
			sim->fan = 0;
			return CMD_DONE;
		case 109:
			return cmd_heat_wait(sim, &sim->hotend);
		case 190:
			return cmd_heat_wait(sim, &sim->bed);
		case 111:
			cmd_m111(sim);
			return CMD_DONE;
		case 113:
			if (gcode_param(c, 'S') != NULL)
				sim->keepalive_s = (unsigned)gcode_value(c, 'S', 2);
			else
				out_fmt(sim, "echo:M113 S%u\n", sim->keepalive_s);
			return CMD_DONE;
		case 114:
			out_fmt(sim, "X:%.2f Y:%.2f Z:%.2f E:%.2f Count X:%ld Y:%ld "
			    "Z:%ld\n", nz(sim->pos[0]), nz(sim->pos[1]),
			    nz(sim->pos[2]), nz(sim->pos[3]),
			    lround(sim->pos[0] * s->steps[0]),
			    lround(sim->pos[1] * s->steps[1]),
			    lround(sim->pos[2] * s->steps[2]));
			return CMD_DONE;
		case 115:
			out_str(sim, "FIRMWARE_NAME:Marlin " MARLIN_VERSION
			    " (Jun 10 2023 12:00:00) SOURCE_CODE_URL:github.com/"
			    "MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 "
			    "MACHINE_TYPE:Virtual Printer EXTRUDER_COUNT:1 "
			    "UUID:cede2a2f-41a2-4748-9b12-c55c62f367ff\n"
			    "Cap:SERIAL_XON_XOFF:0\nCap:BINARY_FILE_TRANSFER:0\n"
			    "Cap:EEPROM:1\nCap:VOLUMETRIC:1\nCap:AUTOREPORT_POS:0\n"
			    "Cap:AUTOREPORT_TEMP:1\nCap:PROGRESS:0\n"
			    "Cap:PRINT_JOB:1\nCap:AUTOLEVEL:1\nCap:RUNOUT:1\n"
			    "Cap:Z_PROBE:1\nCap:LEVELING_DATA:1\n"
			    "Cap:BUILD_PERCENT:1\nCap:SOFTWARE_POWER:0\n"
			    "Cap:TOGGLE_LIGHTS:0\nCap:CASE_LIGHT_BRIGHTNESS:0\n"
			    "Cap:EMERGENCY_PARSER:1\nCap:HOST_ACTION_COMMANDS:1\n"
			    "Cap:PROMPT_SUPPORT:1\nCap:SDCARD:0\nCap:REPEAT:0\n"
			    "Cap:SD_WRITE:0\nCap:AUTOREPORT_SD_STATUS:0\n"
			    "Cap:LONG_FILENAME:0\nCap:LFN_WRITE:0\n"
			    "Cap:CUSTOM_FIRMWARE_UPLOAD:0\nCap:EXTENDED_M20:0\n"
			    "Cap:THERMAL_PROTECTION:1\nCap:MOTION_MODES:0\n"
			    "Cap:ARCS:1\nCap:BABYSTEPPING:0\n"
			    "Cap:CHAMBER_TEMPERATURE:0\nCap:COOLER_TEMPERATURE:0\n"
			    "Cap:MEATPACK:0\nCap:CONFIG_EXPORT:0\n");
			return CMD_DONE;
		case 117: {
			const char *p = c->rest;
			size_t n = (size_t)(sim->cur->text + sim->cur->len - p);
			while (n > 0 && *p == ' ')
				p++, n--;
			if (n >= sizeof sim->message)
				n = sizeof sim->message - 1;
			memcpy(sim->message, p, n);
			sim->message[n] = '\0';
			return CMD_DONE;
		}
		case 118:
			cmd_m118(sim);
			return CMD_DONE;
		case 119:
			out_str(sim, "Reporting endstop status\n");
			out_fmt(sim, "x_min: %s\ny_min: %s\nz_min: %s\n",
			    sim->homed[0] && sim->pos[0] == 0 ? "TRIGGERED" : "open",
			    sim->homed[1] && sim->pos[1] == 0 ? "TRIGGERED" : "open",
			    sim->homed[2] && sim->pos[2] == 0 ? "TRIGGERED" : "open");
			out_fmt(sim, "filament: %s\n",
			    sim->inject_pending || sim->m600_from_runout ?
			    "TRIGGERED" : "open");
			return CMD_DONE;
		case 155:
			sim->autoreport_s = (unsigned)gcode_value(c, 'S',
			    sim->autoreport_s);
			sim->autoreport_due = sim->report_t +
			    sim->autoreport_s * 1000.0;
			return CMD_DONE;
		case 201:
			set_axes(c, s->max_accel, 4);
			return CMD_DONE;
		case 203:
			set_axes(c, s->max_feedrate, 4);
			return CMD_DONE;
		case 204:
			s->accel_print = gcode_value(c, 'P', gcode_value(c, 'S',
			    s->accel_print));
			s->accel_retract = gcode_value(c, 'R', s->accel_retract);
			s->accel_travel = gcode_value(c, 'T', gcode_value(c, 'S',
			    s->accel_travel));
			return CMD_DONE;
		case 211:
			if (gcode_param(c, 'S') != NULL)
				sim->soft_endstops = gcode_value(c, 'S', 1) != 0;
			out_fmt(sim, "echo:; Soft Endstops:\n"
			    "echo:  M211 S%d ; %s\n"
			    "echo:  Min:  X0.00 Y0.00 Z0.00   Max:  X%.2f Y%.2f "
			    "Z%.2f\n", sim->soft_endstops ? 1 : 0,
			    sim->soft_endstops ? "ON" : "OFF", sim->axis_max[0],
			    sim->axis_max[1], sim->axis_max[2]);
			return CMD_DONE;
		case 220:
			if (gcode_param(c, 'S') != NULL)
				sim->feed_pct = (int)gcode_value(c, 'S', 100);
			else
				out_fmt(sim, "echo:FR:%d%%\n", sim->feed_pct);
			return CMD_DONE;
		case 221:
			if (gcode_param(c, 'S') != NULL)
				sim->flow_pct = (int)gcode_value(c, 'S', 100);
			else
				out_fmt(sim, "echo:E0 Flow: %d%%\n", sim->flow_pct);
			return CMD_DONE;
		case 301:
			s->pid[0] = gcode_value(c, 'P', s->pid[0]);
			s->pid[1] = gcode_value(c, 'I', s->pid[1]);
			s->pid[2] = gcode_value(c, 'D', s->pid[2]);
			return CMD_DONE;
		case 302: {
			bool seen_s = gcode_param(c, 'S') != NULL;

			if (seen_s) {
				sim->extrude_min = gcode_value(c, 'S', 170);
				sim->allow_cold = sim->extrude_min == 0;
			}
			if (gcode_param(c, 'P') != NULL)
				sim->allow_cold = sim->extrude_min == 0 ||
				    gcode_value(c, 'P', 1) != 0;
			else if (!seen_s)
				out_fmt(sim, "echo:Cold extrudes are %sabled (min "
				    "temp %.0fC)\n", sim->allow_cold ? "en" : "dis",
				    sim->extrude_min);
			return CMD_DONE;
		}
		case 304:
			s->bed_pid[0] = gcode_value(c, 'P', s->bed_pid[0]);
			s->bed_pid[1] = gcode_value(c, 'I', s->bed_pid[1]);
			s->bed_pid[2] = gcode_value(c, 'D', s->bed_pid[2]);
			return CMD_DONE;
		case 400:
			return synced(sim) ? CMD_DONE : CMD_WAIT;
		case 420:
			cmd_m420(sim);
			return CMD_DONE;
		case 500:
			sim->eeprom = sim->settings;
			out_fmt(sim, "echo:Settings Stored (%d bytes; crc %u)\n",
			    EEPROM_BYTES, settings_crc(&sim->eeprom));
			return CMD_DONE;
		case 501:
			sim->settings = sim->eeprom;
			out_fmt(sim, "echo:V86 stored settings retrieved (%d bytes; "
			    "crc %u)\n", EEPROM_BYTES, settings_crc(&sim->eeprom));
			return CMD_DONE;
		case 502:
			settings_default(&sim->settings);
			out_str(sim, "echo:Hardcoded Default Settings Loaded\n");
			return CMD_DONE;
		case 503:
			report_settings(sim);
			return CMD_DONE;
		case 600:
			return cmd_filament_change(sim);
		case 851:
			if (c->nparams == 0)
				out_fmt(sim, "echo:; Z-Probe Offset:\n"
				    "echo:  M851 X%.2f Y%.2f Z%.2f ; (mm)\n",
				    nz(s->probe_offset[0]), nz(s->probe_offset[1]),
				    nz(s->probe_offset[2]));
			set_axes(c, s->probe_offset, 3);
			return CMD_DONE;
		case 999:
			/* Leaves the Stopped state (never a kill) and asks for
			 * the line after the last one it took. */
			if (gcode_value(c, 'S', 0) == 0)
				out_fmt(sim, "Resend: %ld\n", sim->last_n + 1);
			return CMD_DONE;
		case 9000:
			cmd_m9000(sim);
			return CMD_DONE;
		}
	}
	out_fmt(sim, "echo:Unknown command: \"%.*s\"\n", (int)sim->cur->len,
	    sim->cur->text);
	return CMD_DONE;
}

/* }==== */
/* {==== The emergency parser */

static void
emergency(struct sim *sim, const char *line, size_t len)
{
	size_t p = 0;
	int code;

	if (p < len && (line[p] == 'N' || line[p] == 'n')) {
		p++;
		while (p < len && (line[p] == '-' || (line[p] >= '0' &&
		    line[p] <= '9')))
			p++;
		while (p < len && line[p] == ' ')
			p++;
	}
	if (len - p < 4 || line[p] != 'M')
		return;
	for (size_t i = 1; i <= 3; i++) {
		if (line[p + i] < '0' || line[p + i] > '9')
			return;
	}
	if (p + 4 < len && line[p + 4] != ' ' && line[p + 4] != '*')
		return;
	code = (line[p + 1] - '0') * 100 + (line[p + 2] - '0') * 10 +
	    (line[p + 3] - '0');
	switch (code) {
	case 108:
		sim->wait_for_heatup = false;
		sim->wait_for_user = false;
		break;
	case 112:
		if (sim->log_fd >= 0)
			(void)!write(sim->log_fd, "M112\n", 5);
		kill_printer(sim, "M112");
		break;
	case 410:
		/* Quickstop: the planned moves are gone; the head stays
		 * where it is (the planned position is close enough here). */
		sim->mv_count = 0;
		sim->mv_elapsed = 0;
		break;
	case 876: {
		const char *s = memchr(line + p, 'S', len - p);
		if (s != NULL && sim->prompt != PROMPT_NONE) {
			sim->prompt_answer = atoi(s + 1);
			sim->wait_for_user = false;
		}
		break;
	}
	}
}

static void
emergency_byte(struct sim *sim, char ch)
{
	if (ch == '\n' || ch == '\r') {
		if (!sim->ep_overflow && sim->ep_len > 0)
			emergency(sim, sim->ep_line, sim->ep_len);
		sim->ep_len = 0;
		sim->ep_overflow = false;
		return;
	}
	if (sim->ep_len < sizeof sim->ep_line)
		sim->ep_line[sim->ep_len++] = ch;
	else
		sim->ep_overflow = true;
}

/* }==== */
/* {==== The queue (gcode/queue.cpp) */

static void
line_error(struct sim *sim, const char *what)
{
	sim->line_errors++;
	out_fmt(sim, "Error:%s, Last Line: %ld\n", what, sim->last_n);
	/* Marlin drains the receive buffer, then asks for the next line. If
	 * the buffer ended inside a line, its tail still arrives; Marlin
	 * would run that fragment as a command of its own (an unnumbered
	 * line is not checked) and could run a command twice, so here the
	 * tail is dropped up to its newline. */
	if (sim->rx_len > 0) {
		char last = sim->rx[(sim->rx_head + sim->rx_len - 1) %
		    sim->opt.rx_buffer];
		sim->skip_partial = last != '\n' && last != '\r';
	}
	if (sim->frag_pending) {
		sim->frag_pending = false;
		sim->skip_partial = true;
	}
	sim->rx_len = 0;
	out_fmt(sim, "Resend: %ld\n", sim->last_n + 1);
	if (sim->opt.ok_after_resend)
		send_ok(sim, NULL);
}

static long
parse_long(const char *s, const char *end)
{
	long v = 0;
	bool neg = false;

	if (s < end && *s == '-') {
		neg = true;
		s++;
	}
	while (s < end && *s >= '0' && *s <= '9' && v < 100000000L)
		v = v * 10 + (*s++ - '0');
	return neg ? -v : v;
}

static void
line_done(struct sim *sim)
{
	char *line = sim->line, *end, *cmd, *star = NULL;
	size_t len = sim->line_len;
	bool numbered = false;
	long n = 0;
	struct sim_qcmd *q;

	sim->line_len = 0;
	sim->line_comment = false;
	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	while (len > 0 && (*line == ' ' || *line == '\t'))
		line++, len--;
	if (len == 0)
		return;
	if (sim->noise_next || (sim->opt.error_rate > 0 &&
	    rng_unit(sim) < sim->opt.error_rate)) {
		/* Never the leading N: a line that lost its number would
		 * run unchecked, which no checksum can catch. */
		size_t at = len > 1 ? 1 + (size_t)(rng_next(sim) % (len - 1)) : 0;
		char c = (char)('A' + rng_next(sim) % 26);
		line[at] = c == line[at] ? (char)(c == 'Z' ? 'Y' : c + 1) : c;
		sim->noise_next = false;
	}
	end = line + len;
	for (char *p = line; p < end; p++) {
		if (*p == '*')
			star = p;
	}
	if (*line == 'N') {
		/* M110 carries the new number as its own N parameter. */
		char *m110 = NULL, *npos = line;
		for (char *p = line; p + 4 <= end; p++) {
			if (memcmp(p, "M110", 4) == 0) {
				m110 = p;
				break;
			}
		}
		if (m110 != NULL) {
			for (char *p = line + 4 < end ? line + 4 : end; p < end; p++) {
				if (*p == 'N') {
					npos = p;
					break;
				}
			}
		}
		n = parse_long(npos + 1, end);
		if (n != sim->last_n + 1 && m110 == NULL) {
			line_error(sim, "Line Number is not Last Line Number+1");
			return;
		}
		if (star == NULL) {
			line_error(sim, "No Checksum with line number");
			return;
		}
		if (parse_long(star + 1, end) !=
		    gcode_checksum(line, (size_t)(star - line))) {
			line_error(sim, "checksum mismatch");
			return;
		}
		sim->last_n = n;
		numbered = true;
		n = parse_long(line + 1, end);
	}
	/* The command: after "N<n> ", before "*<cs>". */
	cmd = line;
	if (numbered) {
		cmd++;
		while (cmd < end && ((*cmd >= '0' && *cmd <= '9') || *cmd == '-'))
			cmd++;
	}
	if (star != NULL)
		end = star;
	while (cmd < end && *cmd == ' ')
		cmd++;
	while (end > cmd && end[-1] == ' ')
		end--;
	if (end == cmd)
		return;
	q = &sim->queue[(sim->q_head + sim->q_count) % sim->opt.bufsize];
	q->len = (unsigned short)(end - cmd);
	memcpy(q->text, cmd, q->len);
	q->numbered = numbered;
	q->n = n;
	q->from_host = true;
	sim->q_count++;
}

/* get_serial_commands(): only while the queue has room. */
static void
read_serial(struct sim *sim)
{
	while (sim->q_count < sim->opt.bufsize && sim->rx_len > 0 &&
	    !sim->halted && !sim->disconnected) {
		char ch = sim->rx[sim->rx_head];

		if (sim->frag_pending && sim->frag_at-- == 0) {
			sim->frag_pending = false;
			sim->skip_partial = true;
		}
		sim->rx_head = (sim->rx_head + 1) % sim->opt.rx_buffer;
		sim->rx_len--;
		if (sim->skip_partial) {
			sim->skip_partial = ch != '\n' && ch != '\r';
			continue;
		}
		if (ch == '\n' || ch == '\r') {
			line_done(sim);
			continue;
		}
		if (ch == ';')
			sim->line_comment = true;
		if (sim->line_comment)
			continue;
		/* Characters past MAX_CMD_SIZE are dropped; the checksum
		 * then fails and the host re-sends. */
		if (sim->line_len < SIM_MAX_CMD - 1)
			sim->line[sim->line_len++] = ch;
	}
}

static void
finish(struct sim *sim, enum sim_result r)
{
	struct sim_qcmd *q = sim->cur;

	sim->executing = false;
	sim->wait_until = 0;
	sim->report_due = 0;
	sim->busy = BUSY_PROCESSING;
	if (q == &sim->injected) {
		sim->m600_from_runout = false;
		return;
	}
	/* ok_to_send() runs while the command still holds its slot. */
	if (r == CMD_DONE)
		send_ok(sim, q);
	sim->q_head = (sim->q_head + 1) % sim->opt.bufsize;
	sim->q_count--;
}

static void
start(struct sim *sim, struct sim_qcmd *q)
{
	sim->cur = q;
	sim->executing = true;
	/* Marlin pushes its keepalive deadline on every idle pass: the first
	 * busy line comes one interval after the command started. */
	sim->next_busy = sim->report_t + sim->keepalive_s * 1000.0;
	sim->phase = 0;
	sim->wait_until = 0;
	sim->report_due = 0;
	sim->busy = BUSY_PROCESSING;
	sim->commands++;
	if (q->from_host)
		sim->host_commands++;
	log_command(sim, q);
	if (sim->debug_flags & 1)
		out_fmt(sim, "echo:%.*s\n", (int)q->len, q->text);
	if (!gcode_parse(q->text, q->len, &sim->cmd))
		memset(&sim->cmd, 0, sizeof sim->cmd);
}

static void
sim_run(struct sim *sim)
{
	int jumps = 0;

	if (sim->in_run)
		return;
	sim->in_run = true;
	while (!sim->halted && !sim->disconnected) {
		if (sim->executing) {
			enum sim_result r = execute(sim);

			if (sim->halted || sim->disconnected)
				break;
			if (r == CMD_WAIT) {
				/* A frozen clock jumps to the end of a wait for
				 * time; waits for the user stay. */
				if (sim->opt.speed == 0 && sim->wait_until > sim->t &&
				    jumps++ < 64) {
					double dt = sim->wait_until - sim->t;
					physics(sim, dt);
					continue;
				}
				break;
			}
			if (sim->opt.disconnect_after != 0 && sim->cur->from_host &&
			    sim->host_commands == sim->opt.disconnect_after) {
				/* The command ran; its ok never leaves. */
				sim->executing = false;
				sim->disconnected = true;
				sim_port_disconnect(sim);
				break;
			}
			finish(sim, r);
			start_faults(sim);
			continue;
		}
		if (sim->inject_pending) {
			sim->inject_pending = false;
			sim->m600_from_runout = true;
			start(sim, &sim->injected);
			continue;
		}
		read_serial(sim);
		if (sim->q_count == 0)
			break;
		start(sim, &sim->queue[sim->q_head]);
	}
	if (sim->in_run && sim->halted)
		sim->executing = false;
	if (!sim->executing)
		sim->next_busy = sim->report_t + sim->keepalive_s * 1000.0;
	sim->in_run = false;
}

/* }==== */
/* {==== The UART */

void
sim_feed(struct sim *sim, const char *data, size_t len, uint64_t now)
{
	advance(sim, now);
	start_faults(sim);
	while (len > 0) {
		size_t room = sim->opt.rx_buffer - sim->rx_len, n = 0;

		if (sim->halted || sim->disconnected)
			return;
		/* Bytes arrive one after another; the main loop drains the
		 * buffer into the queue as fast as commands finish, so process
		 * whenever the buffer fills. */
		while (n < len && n < room) {
			size_t at = (sim->rx_head + sim->rx_len) % sim->opt.rx_buffer;
			emergency_byte(sim, data[n]);
			sim->rx[at] = data[n];
			sim->rx_len++;
			n++;
		}
		data += n;
		len -= n;
		sim_run(sim);
		if (len > 0 && sim->rx_len == sim->opt.rx_buffer) {
			/* Full and nothing drains it: the rest is lost on the
			 * wire, though the emergency parser still sees it. */
			for (size_t i = 0; i < len; i++)
				emergency_byte(sim, data[i]);
			sim->bytes_lost += len;
			/* The next bytes to arrive may start inside a line:
			 * once the buffer's content is read, drop up to the
			 * next newline, as after a drain. */
			if (data[len - 1] != '\n' && data[len - 1] != '\r' &&
			    !sim->frag_pending) {
				sim->frag_pending = true;
				sim->frag_at = sim->rx_len;
			}
			len = 0;
			sim_run(sim);
		}
	}
	sim_run(sim);
}

void
sim_tick(struct sim *sim, uint64_t now)
{
	advance(sim, now);
	start_faults(sim);
	sim_run(sim);
}

const char *
sim_output(const struct sim *sim, size_t *len)
{
	*len = sim->out.len;
	return sim->out.data;
}

void
sim_output_consume(struct sim *sim, size_t n)
{
	buf_consume(&sim->out, n);
}

void
sim_reset(struct sim *sim, uint64_t now)
{
	buf_reset(&sim->out);
	/* After a disconnect, the reset is the replug: a new pty (behind
	 * the same link) that boots by itself. */
	if (sim->disconnected && sim_port_replug(sim) == 0)
		return;
	sim_port_discard_input(sim);
	sim_reboot(sim, now);
	sim_port_kick(sim);
}

void
sim_status(const struct sim *sim, struct sim_status *st)
{
	memset(st, 0, sizeof *st);
	if (sim->disconnected)
		st->state = SIM_DISCONNECTED;
	else if (sim->halted)
		st->state = SIM_HALTED;
	else if (sim->executing && sim->busy == BUSY_PAUSED_FOR_USER)
		st->state = SIM_PAUSED;
	else if (sim->executing)
		st->state = SIM_BUSY;
	else
		st->state = SIM_IDLE;
	st->hotend = sim->hotend.temp;
	st->hotend_target = sim->hotend.target;
	st->bed = sim->bed.temp;
	st->bed_target = sim->bed.target;
	st->hotend_power = (int)lround(sim->hotend.power * 127);
	st->bed_power = (int)lround(sim->bed.power * 127);
	st->x = sim->pos[0];
	st->y = sim->pos[1];
	st->z = sim->pos[2];
	st->e = sim->pos[3];
	st->homed = sim->homed[0] && sim->homed[1] && sim->homed[2];
	st->fan = sim->fan;
	st->leveling = sim->leveling;
	st->planner_moves = sim->mv_count;
	st->commands = sim->commands;
	st->line_errors = sim->line_errors;
	st->bytes_lost = sim->bytes_lost;
	snprintf(st->message, sizeof st->message, "%s", sim->message);
	snprintf(st->halt_reason, sizeof st->halt_reason, "%s",
	    sim->halt_reason);
}

/* }==== */
