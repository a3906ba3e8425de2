/*
 * The heaters: a first-order thermal model and Marlin's protection
 * (THERMAL_PROTECTION_HOTENDS/BED, WATCH_TEMP_PERIOD, MAXTEMP, MINTEMP),
 * as module/temperature.cpp checks them.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim_int.h"

void
sim_heater_init(struct heater *h, const char *id, double gain, double tau_s,
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
void
sim_heater_advance(struct heater *h, double dt)
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

void
sim_heater_set_target(struct sim *sim, struct heater *h, double target)
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
		sim_heater_advance(h, 1e12);
		sim_heater_protect(sim, h);
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

	/* Marlin 2.1's _temp_error ends a hot end's line with
	 * SERIAL_ECHOLNPGM("E", id) and then SERIAL_EOL(): an empty line
	 * follows; the bed's name gets the one newline. */
	sim_out_fmt(sim, "Error:%s, system stopped! Heater_ID: %s\n%s", what,
	    h->id, sim->opt.firmware == SIM_FW_MARLIN2 && h == &sim->hotend ?
	    "\n" : "");
	snprintf(why, sizeof why, "%s, Heater_ID: %s", what, h->id);
	sim_kill_printer(sim, why);
}

/* Marlin's checks, run after every step of the model. */
void
sim_heater_protect(struct sim *sim, struct heater *h)
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

/*
 * What the sensor reads. Under temp-swing or draft the reading moves
 * around the target only while the heater holds it (not while heating or
 * cooling), so a heat-up looks normal and the stability check after it
 * is what fails, as on a printer whose PID is badly tuned.
 */
double
sim_heater_reading(const struct heater *h)
{
	double phase;

	if (h->swing_amp <= 0 || h->target <= 0 || h->dead || h->runaway ||
	    h->open_sensor || fabs(h->temp - h->target) > 0.5)
		return h->temp;
	phase = 2 * M_PI * h->swing_t / h->swing_period_ms;
	if (h->swing_draft)
		return h->temp - h->swing_amp * (1 - cos(phase)) / 2;
	return h->temp + h->swing_amp * sin(phase);
}

/* At speed 0 the clock stands still: each report then counts as a second
 * later, as the lesson clock counts each of its one-second sleeps (which
 * ask for a report) as slept. */
void
sim_heater_swing_advance(struct sim *sim, double dt)
{
	sim->hotend.swing_t += dt;
	sim->bed.swing_t += dt;
}
