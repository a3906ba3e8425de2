/*
 * M303 PID autotune as Marlin 2.1 runs it (module/temperature.cpp
 * PID_autotune, strings from core/language.h): a relay around the target
 * whose bias and swing are printed each cycle, Ku and Tu from cycle 3 on,
 * the classic PID rule (Kp = 0.6 Ku, Ki = 2 Kp / Tu, Kd = Kp Tu / 8; the
 * bed: 0.2 Ku and Tu / 3), "#define DEFAULT_Kp ..." at the end, and with U1
 * the result put in use. The heater's target reads 0 meanwhile (autotune
 * drives the PWM, not the target), and M108 ends it with the heaters off.
 *
 * The relay is not integrated from the thermal model: each cycle takes the
 * plant's period and swings by the amount its ultimate gain gives, with a
 * few per cent of variation, so the result lands near the printer's
 * stock PID values, as a real autotune of a healthy hotend does.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim_int.h"

#define PID_MAX 255
#define MIN_CYCLES 3	/* Marlin: "cycles > ncycles && cycles > 2" */

/* The plant as a well-tuned printer's stock PID describes it. */
static void
plant(const struct sim *sim, bool bed, double *ku, double *tu)
{
	if (bed) {
		*ku = 350.0;
		*tu = 60.0;
	} else {
		/* Kp 21.73, Ki 1.54: Ku = Kp / 0.6, Tu = 2 Kp / Ki. */
		*ku = 21.73 / 0.6;
		*tu = 2.0 * 21.73 / 1.54;
	}
	(void)sim;
}

static double
vary(struct sim *sim, double v, double frac)
{
	return v * (1.0 + frac * (2.0 * sim_rng_unit(sim) - 1.0));
}

static void
tune_end(struct sim *sim)
{
	struct sim_tune *tu = &sim->tune;

	tu->active = false;
	sim->report_due = 0;
	sim->wait_until = 0;
	sim->wait_for_heatup = false;
	/* The target was never set: the heater is left without one. */
	tu->h->target = 0;
	tu->h->below_since = -1;
}

/* One relay switch: Marlin prints from the second on, the PID from the
 * fourth. */
static void
tune_cycle(struct sim *sim)
{
	struct sim_tune *tu = &sim->tune;
	double ku_plant, tu_plant, half, minT, maxT, hold, frac;
	double t_high, t_low, period;

	plant(sim, tu->bed, &ku_plant, &tu_plant);
	period = vary(sim, tu_plant, 0.02);
	if (tu->cycles > 0) {
		/* The share of the period spent heating follows from the
		 * power the target needs against the relay's two levels. */
		hold = (tu->target - tu->h->ambient) / tu->h->gain * PID_MAX;
		frac = (hold - (double)(tu->bias - tu->d)) / (2.0 * tu->d);
		if (frac < 0.1)
			frac = 0.1;
		if (frac > 0.9)
			frac = 0.9;
		t_high = period * frac * 1000.0;
		t_low = period * 1000.0 - t_high;
		tu->bias += (long)((tu->d * (t_high - t_low)) / (t_low + t_high));
		if (tu->bias < 20)
			tu->bias = 20;
		if (tu->bias > PID_MAX - 20)
			tu->bias = PID_MAX - 20;
		tu->d = tu->bias > PID_MAX >> 1 ? PID_MAX - 1 - tu->bias : tu->bias;
		half = 4.0 * tu->d / (M_PI * ku_plant);
		minT = tu->target - vary(sim, half, 0.03);
		maxT = tu->target + vary(sim, half, 0.03);
		sim_out_fmt(sim, " bias: %ld d: %ld min: %.2f max: %.2f", tu->bias,
		    tu->d, minT, maxT);
		if (tu->cycles > 2) {
			double ku = 4.0 * tu->d / (M_PI * (maxT - minT) * 0.5);
			double pf = tu->bed ? 0.2 : 0.6;
			double df = tu->bed ? 1.0 / 3.0 : 1.0 / 8.0;

			tu->kp = ku * pf;
			tu->ki = tu->kp * 2.0 / period;
			tu->kd = tu->kp * period * df;
			sim_out_fmt(sim, " Ku: %.2f Tu: %.2f\n", ku, period);
			sim_out_str(sim, tu->bed ? " No overshoot\n" :
			    " Classic PID \n");
			sim_out_fmt(sim, " Kp: %.2f Ki: %.2f Kd: %.2f\n", tu->kp,
			    tu->ki, tu->kd);
		} else {
			/* No end of line: Marlin's next output, the heater
			 * report, finishes the line. */
			sim_fw_temps(sim, "", "");
			sim->report_due = sim->report_t + 2000.0;
		}
	}
	tu->cycles++;
	tu->next_switch = sim->t + period * 1000.0;
}

enum sim_result
sim_cmd_autotune(struct sim *sim)
{
	const struct gcode_cmd *c = &sim->cmd;
	struct sim_tune *tu = &sim->tune;

	if (sim->phase == 0) {
		long e = (long)gcode_value(c, 'E', 0);
		double max;

		if (e < -1 || e > 0) {
			sim_out_str(sim, "PID Autotune failed! Bad heater id\n");
			return CMD_DONE;
		}
		memset(tu, 0, sizeof *tu);
		tu->bed = e == -1;
		tu->h = tu->bed ? &sim->bed : &sim->hotend;
		tu->target = gcode_value(c, 'S', tu->bed ? 70 : 150);
		tu->ncycles = (int)gcode_value(c, 'C', 5);
		tu->apply = gcode_value(c, 'U', 0) != 0;
		max = tu->h->max_target;
		if (tu->target > max) {
			sim_out_str(sim, "PID Autotune failed! Temperature too high\n");
			return CMD_DONE;
		}
		if (sim_dry_run(sim))
			return CMD_DONE;
		sim_out_str(sim, "PID Autotune start\n");
		tu->bias = tu->d = PID_MAX >> 1;
		tu->active = true;
		sim->wait_for_heatup = true;
		sim_heater_set_target(sim, tu->h, tu->target);
		sim->report_due = sim->report_t;
		sim->phase = 1;
	}
	if (!sim->wait_for_heatup) {
		/* M108: the loop ends, every heater off, no result. */
		tune_end(sim);
		sim->hotend.target = sim->bed.target = 0;
		return CMD_DONE;
	}
	if (sim->report_due > 0 && sim->report_t >= sim->report_due) {
		sim_fw_temps(sim, "", "");
		sim->report_due = sim->report_t + 2000.0;
	}
	if (sim->phase == 1) {
		/* Heating to the target, the first switch of the relay. */
		if (tu->h->temp < tu->target - 0.01) {
			sim->wait_until = 0;
			return CMD_WAIT;
		}
		tune_cycle(sim);
		sim->phase = 2;
	}
	while (sim->t >= tu->next_switch) {
		tune_cycle(sim);
		if (tu->cycles > tu->ncycles && tu->cycles >= MIN_CYCLES) {
			sim_out_str(sim, "PID Autotune finished! Put the last Kp, Ki "
			    "and Kd constants from below into Configuration.h\n");
			sim_out_fmt(sim, "#define DEFAULT_%sKp %.2f\n"
			    "#define DEFAULT_%sKi %.2f\n#define DEFAULT_%sKd %.2f\n",
			    tu->bed ? "bed" : "", tu->kp, tu->bed ? "bed" : "",
			    tu->ki, tu->bed ? "bed" : "", tu->kd);
			if (tu->apply) {
				double *pid = tu->bed ? sim->settings.bed_pid :
				    sim->settings.pid;

				pid[0] = tu->kp;
				pid[1] = tu->ki;
				pid[2] = tu->kd;
			}
			tune_end(sim);
			return CMD_DONE;
		}
	}
	sim->wait_until = tu->next_switch;
	return CMD_WAIT;
}
