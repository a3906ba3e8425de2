/*
 * Faults on demand (the trainer's menu, --fault, M9000) and the kill()
 * that ends in a halted printer, as Marlin's temperature.cpp and
 * MarlinCore.cpp report them; the noise generator.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim_int.h"

static const char *const fault_names[SIM_FAULT_COUNT] = {
	[SIM_FAULT_NOISE] = "noise",
	[SIM_FAULT_DROP_OK] = "drop-ok",
	[SIM_FAULT_DISCONNECT] = "disconnect",
	[SIM_FAULT_THERMAL_RUNAWAY] = "thermal-runaway",
	[SIM_FAULT_HEATER_FAILURE] = "heater-failure",
	[SIM_FAULT_MAXTEMP] = "maxtemp",
	[SIM_FAULT_MINTEMP] = "mintemp",
	[SIM_FAULT_RUNOUT] = "runout",
	[SIM_FAULT_TEMP_SWING] = "temp-swing",
	[SIM_FAULT_DRAFT] = "draft",
};

/* How far and how fast a temperature swings unless an amount is given:
 * 3 °C stays inside Marlin's TEMP_HYSTERESIS, so M109 still ends and no
 * protection fires, but fails a ±2 °C stability check. The hotend's period
 * is near the relay period M303 measures on it (autotune.c, 28 s). */
#define SWING_DEFAULT_C 3.0
#define SWING_MAX_C 20.0
#define SWING_HOTEND_MS 20000.0
#define SWING_BED_MS 60000.0

static const char *const all_fault_names[] = {
	"noise", "drop-ok", "disconnect", "thermal-runaway",
	"bed-thermal-runaway", "heater-failure", "bed-heater-failure",
	"maxtemp", "bed-maxtemp", "mintemp", "bed-mintemp", "runout",
	"temp-swing", "bed-temp-swing", "draft", "bed-draft",
	"hold-x_min", "hold-y_min", "hold-z_min", "release", NULL,
};

/* The switches each personality's M119 reports, in its order: Marlin's
 * endstops.cpp report_states() for a printer with X, Y and Z min switches
 * (the probe on the Z min pin, Z_MIN_PROBE_USES_Z_MIN_ENDSTOP_PIN) and
 * one runout sensor; Prusa-Firmware's M119 (Marlin_main.cpp) on the Einsy
 * board, whose pins_Einsy_1_0.h defines X/Y/Z min and max (X and Y max
 * are the TMC2130 stall outputs, Z min the PINDA probe). */
static const char *const marlin_switches[] = {
	"x_min", "y_min", "z_min", "filament", NULL,
};
static const char *const prusa_switches[] = {
	"x_min", "x_max", "y_min", "y_max", "z_min", "z_max", NULL,
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
		    i != SIM_FAULT_MINTEMP && i != SIM_FAULT_TEMP_SWING &&
		    i != SIM_FAULT_DRAFT)
			return -1;
		*f = (enum sim_fault)i;
		return 0;
	}
	return -1;
}

/*
 * Halts for why: "M112", or a fault's error. What an M112 leaves differs by
 * firmware (urgent.c); a fault is Marlin's kill() on every personality.
 */
void
sim_kill_printer(struct sim *sim, const char *why)
{
	enum sim_halt_kind kind = sim_fw(sim)->halt;

	if (sim->halted || sim->shutdown || sim->restart_pending)
		return;
	if (strcmp(why, "M112") != 0)
		kind = SIM_HALT_SILENT;
	if (kind == SIM_HALT_RESETS) {
		/* The board resets: the run loop restarts it. */
		sim->restart_pending = true;
		return;
	}
	sim_fw_halt(sim, why);
	snprintf(sim->halt_reason, sizeof sim->halt_reason, "%s",
	    sim->opt.firmware == SIM_FW_KLIPPER ?
	    "Shutdown due to M112 command" : why);
	sim->hotend.target = 0;
	sim->bed.target = 0;
	sim->mv_count = 0;
	if (kind == SIM_HALT_ANSWERS) {
		sim->shutdown = true;
		return;
	}
	sim->halted = true;
	sim->executing = false;
	sim->q_count = 0;
	sim->rx_len = 0;
}

static void
runout(struct sim *sim)
{
	if (sim->halted)
		return;
	sim_prompt(sim, "FilamentRunout T0", NULL, NULL);
	sim_out_str(sim, "//action:paused filament_runout 0\n");
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
		sim_heater_protect(sim, h);
		break;
	case SIM_FAULT_MINTEMP:
		h->open_sensor = true;
		h->temp = -14.0;
		sim_heater_protect(sim, h);
		break;
	case SIM_FAULT_RUNOUT:
		runout(sim);
		break;
	case SIM_FAULT_TEMP_SWING:
	case SIM_FAULT_DRAFT:
		sim_set_deviation(sim, heater, SWING_DEFAULT_C,
		    f == SIM_FAULT_DRAFT);
		break;
	case SIM_FAULT_COUNT:
		break;
	}
	if (sim->opt.speed == 0 && (f == SIM_FAULT_THERMAL_RUNAWAY ||
	    f == SIM_FAULT_HEATER_FAILURE)) {
		/* A frozen clock: the reading falls and the protection
		 * period passes at once. */
		sim_heater_advance(h, 1e12);
		sim_heater_protect(sim, h);
	}
	if (!sim->disconnected && sim->started)
		sim_run(sim);
	sim_port_kick(sim);
}

void
sim_set_deviation(struct sim *sim, int heater, double amplitude, bool draft)
{
	struct heater *h = heater < 0 ? &sim->bed : &sim->hotend;

	if (amplitude < 0)
		amplitude = 0;
	if (amplitude > SWING_MAX_C)
		amplitude = SWING_MAX_C;
	h->swing_amp = amplitude;
	h->swing_draft = draft;
	h->swing_period_ms = heater < 0 ? SWING_BED_MS : SWING_HOTEND_MS;
	h->swing_t = 0;
	sim_port_kick(sim);
}

const char *const *
sim_switch_names(const struct sim *sim)
{
	return sim->opt.firmware == SIM_FW_PRUSA ? prusa_switches :
	    marlin_switches;
}

int
sim_switch_hold(struct sim *sim, const char *name, bool held, char **cause)
{
	const char *const *names = sim_switch_names(sim);

	for (unsigned i = 0; names[i] != NULL; i++) {
		if (strcmp(names[i], name) != 0)
			continue;
		if (held)
			sim->held_switches |= 1u << i;
		else
			sim->held_switches &= ~(1u << i);
		return 0;
	}
	set_cause(cause, "this printer's M119 reports no switch '%s'", name);
	return -1;
}

/* Marlin's print_es_state(): "x_min: open", "z_min: TRIGGERED". A min
 * switch also reads TRIGGERED while a homed axis sits at 0 on it. The
 * runout sensor reads TRIGGERED while filament is present and open once it
 * ran out (READ(FIL_RUNOUT1_PIN) != FIL_RUNOUT1_STATE; Marlin #18592). */
void
sim_report_endstops(struct sim *sim)
{
	const char *const *names = sim_switch_names(sim);

	sim_out_str(sim, "Reporting endstop status\n");
	for (unsigned i = 0; names[i] != NULL; i++) {
		bool hit = (sim->held_switches & (1u << i)) != 0;
		const char *n = names[i];

		if (n[1] == '_' && strcmp(n + 1, "_min") == 0) {
			int axis = n[0] - 'x';
			hit = hit || (sim->homed[axis] && sim->pos[axis] == 0);
		} else if (strcmp(n, "filament") == 0)
			hit = hit || !(sim->inject_pending ||
			    sim->m600_from_runout);
		sim_out_fmt(sim, "%s: %s\n", n, hit ? "TRIGGERED" : "open");
	}
}

/* "hold-x_min", "release-x_min", "release": the trainee's hand. 1 when the
 * name was one of those (0: not a switch name; -1 with cause: unknown). */
static int
switch_by_name(struct sim *sim, const char *name, char **cause)
{
	if (strcmp(name, "release") == 0) {
		sim->held_switches = 0;
		return 1;
	}
	if (strncmp(name, "hold-", 5) == 0)
		return sim_switch_hold(sim, name + 5, true, cause) == 0 ? 1 : -1;
	if (strncmp(name, "release-", 8) == 0)
		return sim_switch_hold(sim, name + 8, false, cause) == 0 ? 1 :
		    -1;
	return 0;
}

int
sim_inject_name(struct sim *sim, const char *name, char **cause)
{
	char base[48], *colon, *end;
	double amount = -1;
	enum sim_fault f;
	int heater, sw;

	if ((sw = switch_by_name(sim, name, cause)) != 0)
		return sw > 0 ? 0 : -1;
	if (strlen(name) >= sizeof base) {
		set_cause(cause, "unknown fault '%s'", name);
		return -1;
	}
	strcpy(base, name);
	if ((colon = strchr(base, ':')) != NULL) {
		*colon = '\0';
		amount = strtod(colon + 1, &end);
		if (colon[1] == '\0' || *end != '\0' || !(amount > 0 &&
		    amount <= SWING_MAX_C)) {
			set_cause(cause, "'%s': the amount after ':' must be "
			    "a number of °C from 0 to %g", name, SWING_MAX_C);
			return -1;
		}
	}
	if (sim_fault_parse(base, &f, &heater) != 0) {
		set_cause(cause, "unknown fault '%s' (known: noise, drop-ok, "
		    "disconnect, [bed-]thermal-runaway, [bed-]heater-failure, "
		    "[bed-]maxtemp, [bed-]mintemp, runout, [bed-]temp-swing[:C], "
		    "[bed-]draft[:C], hold-SWITCH, release[-SWITCH])", name);
		return -1;
	}
	if (amount >= 0) {
		if (f != SIM_FAULT_TEMP_SWING && f != SIM_FAULT_DRAFT) {
			set_cause(cause, "'%s': only temp-swing and draft take "
			    "an amount", name);
			return -1;
		}
		sim_set_deviation(sim, heater, amount, f == SIM_FAULT_DRAFT);
		return 0;
	}
	sim_inject(sim, f, heater);
	return 0;
}

void
sim_start_faults(struct sim *sim)
{
	for (int i = 0; i < sim->opt.nstart_faults; i++) {
		if (sim->start_fault_done[i] ||
		    sim->host_commands < sim->opt.start_faults[i].after)
			continue;
		sim->start_fault_done[i] = true;
		if (sim->opt.start_faults[i].amount > 0)
			sim_set_deviation(sim, sim->opt.start_faults[i].heater,
			    sim->opt.start_faults[i].amount,
			    sim->opt.start_faults[i].fault == SIM_FAULT_DRAFT);
		else
			sim_inject(sim, sim->opt.start_faults[i].fault,
			    sim->opt.start_faults[i].heater);
	}
}

uint64_t
sim_rng_next(struct sim *sim)
{
	/* xorshift64*: reproducible noise from --seed. */
	sim->rng ^= sim->rng >> 12;
	sim->rng ^= sim->rng << 25;
	sim->rng ^= sim->rng >> 27;
	return sim->rng * 2685821657736338717ULL;
}

double
sim_rng_unit(struct sim *sim)
{
	return (double)(sim_rng_next(sim) >> 11) / 9007199254740992.0;
}
