/*
 * What the virtual printer offers lessons beyond the serial protocol: the
 * trainee's hand on an endstop switch (M119 as Marlin's endstops.cpp and
 * Prusa-Firmware's Marlin_main.cpp print it), Prusa's steel sheets and
 * their Live-Z (M850), and temperatures that will not hold still
 * (temp-swing, draft). Driven with bytes and a made-up clock.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "sim.h"
#include "sim_drive.h"
#include "test.h"

static struct sim *
make(enum sim_firmware fw, double speed)
{
	struct sim_options o;

	sim_options_default(&o);
	o.speed = speed;
	o.firmware = fw;
	return drive_new(&o);
}

static void
test_marlin_switch_held(void)
{
	struct sim *sim = make(SIM_FW_MARLIN2, 0);
	const char *const *names = sim_switch_names(sim);
	char *cause = NULL;

	CHECK_STR(names[0], "x_min");
	CHECK_STR(names[3], "filament");
	CHECK(names[4] == NULL);
	CHECK_INT(sim_switch_hold(sim, "x_min", true, NULL), 0);
	drive_send(sim, "M119\n");
	CHECK_STR(drive_take(sim), "Reporting endstop status\nx_min: TRIGGERED\n"
	    "y_min: open\nz_min: open\nfilament: TRIGGERED\nok\n");
	CHECK_INT(sim_switch_hold(sim, "x_min", false, NULL), 0);
	drive_send(sim, "M119\n");
	CHECK_STR(drive_take(sim), "Reporting endstop status\nx_min: open\n"
	    "y_min: open\nz_min: open\nfilament: TRIGGERED\nok\n");
	/* Marlin's report has no x_max on this printer. */
	CHECK_INT(sim_switch_hold(sim, "x_max", true, &cause), -1);
	CHECK(strstr(cause, "no switch 'x_max'") != NULL);
	free(cause);
	/* By name (the trainer's menu, --fault) and by M9000. */
	CHECK_INT(sim_inject_name(sim, "hold-z_min", NULL), 0);
	drive_send(sim, "M9000 Fhold-y_min\nM119\n");
	CHECK_STR(drive_take(sim), "echo:M9000: hold-y_min\nok\n"
	    "Reporting endstop status\nx_min: open\ny_min: TRIGGERED\n"
	    "z_min: TRIGGERED\nfilament: TRIGGERED\nok\n");
	drive_send(sim, "M9000 Frelease-y_min\nM9000 Fhold-q_min\nM119\n");
	CHECK_STR(drive_take(sim), "echo:M9000: release-y_min\nok\n"
	    "echo:M9000: this printer's M119 reports no switch 'q_min'\nok\n"
	    "Reporting endstop status\nx_min: open\ny_min: open\n"
	    "z_min: TRIGGERED\nfilament: TRIGGERED\nok\n");
	CHECK_INT(sim_inject_name(sim, "release", NULL), 0);
	/* Homed and at 0, the carriage itself presses a min switch. */
	drive_send(sim, "G28\nM119\n");
	CHECK_STR(drive_take(sim), "ok\nReporting endstop status\nx_min: TRIGGERED\n"
	    "y_min: TRIGGERED\nz_min: TRIGGERED\nfilament: TRIGGERED\nok\n");
	sim_free(sim);
}

static void
test_prusa_switches(void)
{
	struct sim *sim = make(SIM_FW_PRUSA, 0);

	/* The PINDA probe is z_min: a steel tool under it triggers it. */
	CHECK_INT(sim_switch_hold(sim, "z_min", true, NULL), 0);
	drive_send(sim, "M119\n");
	CHECK_STR(drive_take(sim), "Reporting endstop status\nx_min: open\n"
	    "x_max: open\ny_min: open\ny_max: open\nz_min: TRIGGERED\n"
	    "z_max: open\nok\n");
	CHECK_INT(sim_switch_hold(sim, "filament", true, NULL), -1);
	sim_free(sim);
}

static void
test_prusa_live_z(void)
{
	struct sim *sim = make(SIM_FW_PRUSA, 0);
	const char *out;

	/* The active sheet as first-layer calibration left it. */
	drive_send(sim, "M850\n");
	CHECK_STR(drive_take(sim), "Sheet 0 Z-0.7000 R-280 LSmooth1 B60 P35 A1\nok\n");
	drive_send(sim, "M850 S1\n");
	CHECK_STR(drive_take(sim), "Sheet 1 NOT INITIALIZED\n"
	    " Z-0.0025 R-1 LSmooth2 B255 P255 A0\nok\n");
	drive_send(sim, "M850 S4\n");
	CHECK_STR(drive_take(sim), "Sheet 4 NOT INITIALIZED\n"
	    " Z-0.0025 R-1 LSatin   B255 P255 A0\nok\n");
	/* Written straight to EEPROM: no M500, and it survives a reset. */
	drive_send(sim, "M850 S0 Z-0.8\n");
	CHECK_STR(drive_take(sim), "Sheet 0 Z-0.8000 R-320 LSmooth1 B60 P35 A1\nok\n");
	sim_reset(sim, drive_now_ms);
	drive_take(sim);
	drive_send(sim, "M850\n");
	CHECK_STR(drive_take(sim), "Sheet 0 Z-0.8000 R-320 LSmooth1 B60 P35 A1\nok\n");
	/* Z_BABYSTEP_MIN/MAX: -3999..0 microsteps. */
	drive_send(sim, "M850 Z0.5\nM850 Z-12\nM850 S8\n");
	CHECK_STR(drive_take(sim), " Z VALUE OUT OF RANGE\nok\n"
	    " Z VALUE OUT OF RANGE\nok\nInvalid sheet ID. Allowed: 0..7\nok\n");
	/* An uncalibrated sheet cannot be made active. */
	drive_send(sim, "M850 S2 A1\nM850 S2 Z-0.6 A1\nM850 S0\n");
	CHECK_STR(drive_take(sim), "Sheet 2 NOT INITIALIZED\n"
	    " Z-0.0025 R-1 LTextur1 B255 P255 A0\nok\n"
	    "Sheet 2 Z-0.6000 R-240 LTextur1 B255 P255 A1\nok\n"
	    "Sheet 0 Z-0.8000 R-320 LSmooth1 B60 P35 A0\nok\n");
	/* No M851 (ENABLE_AUTO_BED_LEVELING is off) and none in M503;
	 * process_commands() names the unknown code (MSG_UNKNOWN_CODE). */
	drive_send(sim, "M851 Z-1\n");
	CHECK_STR(drive_take(sim), "Unknown M code: M851 Z-1\nok\n");
	drive_send(sim, "M503\n");
	out = drive_take(sim);
	CHECK(strstr(out, "echo:Steps per unit:\necho:  M92 X80.00 Y80.00 "
	    "Z400.00 E93.00\n") != NULL);
	CHECK(strstr(out, "echo:PID settings:\necho:   M301 P21.73 I1.54 "
	    "D76.55\n") != NULL);
	CHECK(strstr(out, "M851") == NULL);
	sim_free(sim);
}

static void
test_marlin_has_no_m850(void)
{
	struct sim *sim = make(SIM_FW_MARLIN2, 0);

	drive_send(sim, "M850\n");
	CHECK_STR(drive_take(sim), "echo:Unknown command: \"M850\"\nok\n");
	sim_free(sim);
}

/* The hotend reading of n successive M105 replies: min and max. */
static void
read_range(struct sim *sim, int n, double *lo, double *hi)
{
	*lo = 1e9;
	*hi = -1e9;
	for (int i = 0; i < n; i++) {
		double t;

		drive_send(sim, "M105\n");
		CHECK(sscanf(drive_take(sim), "ok T:%lf", &t) == 1);
		if (t < *lo)
			*lo = t;
		if (t > *hi)
			*hi = t;
	}
}

static void
test_temp_swing(void)
{
	struct sim *sim = make(SIM_FW_MARLIN2, 0);
	struct sim_status st;
	char *cause = NULL;
	double lo, hi;

	drive_send(sim, "M104 S200\n");
	drive_take(sim);
	read_range(sim, 20, &lo, &hi);
	CHECK(lo == 200 && hi == 200);
	/* At speed 0 each report is a second later: one 20 s period. */
	CHECK_INT(sim_inject_name(sim, "temp-swing", NULL), 0);
	read_range(sim, 20, &lo, &hi);
	CHECK(fabs(hi - 203) < 0.01 && fabs(lo - 197) < 0.01);
	sim_status(sim, &st);
	CHECK(st.hotend >= 197 && st.hotend <= 203);
	/* A draft only ever sags below the target. */
	drive_send(sim, "M9000 Fdraft:5\n");
	CHECK_STR(drive_take(sim), "echo:M9000: draft:5\nok\n");
	read_range(sim, 20, &lo, &hi);
	CHECK(fabs(lo - 195) < 0.01 && hi <= 200);
	/* The bed, and the end of it. */
	sim_set_deviation(sim, 0, 0, false);
	CHECK_INT(sim_inject_name(sim, "bed-temp-swing:4", NULL), 0);
	read_range(sim, 5, &lo, &hi);
	CHECK(lo == 200 && hi == 200);
	CHECK_INT(sim_inject_name(sim, "temp-swing:50", &cause), -1);
	CHECK(strstr(cause, "from 0 to 20") != NULL);
	free(cause);
	cause = NULL;
	CHECK_INT(sim_inject_name(sim, "runout:3", &cause), -1);
	CHECK(strstr(cause, "only temp-swing and draft") != NULL);
	free(cause);
	sim_free(sim);
}

/* In real time the swing follows the simulated clock, and a heat-up is
 * not disturbed: only the hold around the target swings. */
static void
test_temp_swing_in_time(void)
{
	struct sim *sim = make(SIM_FW_MARLIN2, 10);
	struct sim_status st;
	double lo = 1e9, hi = -1e9;

	sim_set_deviation(sim, 0, 2, false);
	drive_send(sim, "M104 S200\n");
	drive_take(sim);
	drive_now_ms += 2000;		/* 20 s simulated: still heating */
	sim_tick(sim, drive_now_ms);
	sim_status(sim, &st);
	CHECK(st.hotend > 25 && st.hotend < 199);
	drive_now_ms += 30000;	/* 300 s: at the target */
	sim_tick(sim, drive_now_ms);
	for (int i = 0; i < 40; i++) {
		drive_now_ms += 100;	/* 1 s simulated */
		sim_tick(sim, drive_now_ms);
		sim_status(sim, &st);
		if (st.hotend < lo)
			lo = st.hotend;
		if (st.hotend > hi)
			hi = st.hotend;
	}
	CHECK(lo < 198.5 && lo >= 198 && hi > 201.5 && hi <= 202);
	CHECK(sim_next_wakeup(sim) != 0);
	sim_free(sim);
}

int
main(void)
{
	RUN(test_marlin_switch_held);
	RUN(test_prusa_switches);
	RUN(test_prusa_live_z);
	RUN(test_marlin_has_no_m850);
	RUN(test_temp_swing);
	RUN(test_temp_swing_in_time);
	TEST_MAIN_END();
}
