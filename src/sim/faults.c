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

void
sim_kill_printer(struct sim *sim, const char *why)
{
	if (sim->halted)
		return;
	sim_fw_halt(sim);
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

void
sim_start_faults(struct sim *sim)
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
