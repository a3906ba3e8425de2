/*
 * The virtual printer's firmware driven with bytes and a made-up clock: no
 * terminal, no loop. Every expected reply is what Marlin 2.1 prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "gcode.h"
#include "sim.h"
#include "sim_drive.h"
#include "test.h"

static void
send_framed(struct sim *sim, long n, const char *cmd)
{
	char line[256];

	gcode_frame(line, sizeof line, n, cmd);
	drive_send(sim, line);
}

/* Advances the clock in steps until the output contains want; returns the
 * simulated milliseconds it took, or -1. */
static long
run_until(struct sim *sim, const char *want, long step, long max, struct buf *seen)
{
	for (long t = 0; t <= max; t += step) {
		const char *o = drive_take(sim);
		if (seen != NULL)
			buf_append_str(seen, o);
		if (strstr(o, want) != NULL)
			return t;
		drive_now_ms += (uint64_t)step;
		sim_tick(sim, drive_now_ms);
	}
	return -1;
}

static void
test_banner(void)
{
	struct sim_options o;
	struct sim *sim;
	size_t len;
	const char *out;

	sim_options_default(&o);
	sim = sim_new(NULL, &o, NULL);
	out = sim_output(sim, &len);
	CHECK(strncmp(out, "start\n", 6) == 0);
	CHECK(strstr(out, "echo:Marlin 2.1") != NULL);
	CHECK(strstr(out, "echo:V86 stored settings retrieved (") != NULL);
	CHECK(strstr(out, "echo:  M92 X80.00 Y80.00 Z400.00 E93.00\n") != NULL);
	sim_free(sim);
}

static void
test_m115(void)
{
	struct sim *sim = drive_new(NULL);
	const char *out;

	drive_send(sim, "M115\n");
	out = drive_take(sim);
	CHECK(strncmp(out, "FIRMWARE_NAME:Marlin 2.1", 24) == 0);
	CHECK(strstr(out, "\nCap:AUTOREPORT_TEMP:1\n") != NULL);
	CHECK(strstr(out, "\nCap:EMERGENCY_PARSER:1\n") != NULL);
	CHECK(strstr(out, "\nCap:PROMPT_SUPPORT:1\n") != NULL);
	CHECK(strstr(out, "\nCap:HOST_ACTION_COMMANDS:1\n") != NULL);
	CHECK(strstr(out, "\nCap:EEPROM:1\n") != NULL);
	CHECK(str_ends_with(out, "\nok\n"));
	sim_free(sim);
}

static void
test_line_errors(void)
{
	struct sim *sim = drive_new(NULL);

	drive_send(sim, "N0 M110 N0*125\n");
	CHECK_STR(drive_take(sim), "ok\n");
	send_framed(sim, 2, "G90");
	CHECK_STR(drive_take(sim), "Error:Line Number is not Last Line Number+1, "
	    "Last Line: 0\nResend: 1\nok\n");
	drive_send(sim, "N1 G90*0\n");
	CHECK_STR(drive_take(sim), "Error:checksum mismatch, Last Line: 0\n"
	    "Resend: 1\nok\n");
	drive_send(sim, "N1 G90\n");
	CHECK_STR(drive_take(sim), "Error:No Checksum with line number, "
	    "Last Line: 0\nResend: 1\nok\n");
	send_framed(sim, 1, "G90");
	CHECK_STR(drive_take(sim), "ok\n");
	/* The line number is checked before the checksum, as Marlin does. */
	drive_send(sim, "N5 G90*0\n");
	CHECK_STR(drive_take(sim), "Error:Line Number is not Last Line Number+1, "
	    "Last Line: 1\nResend: 2\nok\n");
	/* M110 sets the number whatever the line's own N says. */
	send_framed(sim, 77, "M110 N40");
	CHECK_STR(drive_take(sim), "ok\n");
	send_framed(sim, 41, "G91");
	CHECK_STR(drive_take(sim), "ok\n");
	/* A plain M110 sets the number too. */
	drive_send(sim, "M110 N9\n");
	CHECK_STR(drive_take(sim), "ok\n");
	send_framed(sim, 10, "G90");
	CHECK_STR(drive_take(sim), "ok\n");
	/* Plain lines and empty lines. */
	drive_send(sim, "G90\n\n\r\n");
	CHECK_STR(drive_take(sim), "ok\n");
	sim_free(sim);
}

static void
test_error_drains_rx_buffer(void)
{
	struct sim *sim = drive_new(NULL);
	char buf[512];
	int n;

	/* A bad line, then two good ones in the same burst: Marlin empties
	 * its receive buffer after the error, so only the Resend counts. */
	n = snprintf(buf, sizeof buf, "N1 G90*0\n");
	n += gcode_frame(buf + n, sizeof buf - (size_t)n, 2, "G91");
	n += gcode_frame(buf + n, sizeof buf - (size_t)n, 3, "G90");
	sim_feed(sim, buf, (size_t)n, drive_now_ms);
	CHECK_STR(drive_take(sim), "Error:checksum mismatch, Last Line: 0\n"
	    "Resend: 1\nok\n");
	sim_free(sim);

	/* The buffer ends inside a line: its tail, arriving later, is a
	 * line without N, which Marlin 2 queues unchecked and runs (the
	 * host must never let this happen; see docs/host-protocol.md). */
	sim = drive_new(NULL);
	n = snprintf(buf, sizeof buf, "N1 G90*0\nN2 ");
	sim_feed(sim, buf, (size_t)n, drive_now_ms);
	CHECK_STR(drive_take(sim), "Error:checksum mismatch, Last Line: 0\n"
	    "Resend: 1\nok\n");
	drive_send(sim, "G1 X5*99\n");
	CHECK_STR(drive_take(sim), "ok\n");
	send_framed(sim, 1, "G90");
	CHECK_STR(drive_take(sim), "ok\n");
	sim_free(sim);
}

static void
test_ok_after_resend(void)
{
	struct sim_options o;
	struct sim *sim;

	sim_options_default(&o);
	o.speed = 0;
	o.ok_after_resend = true;
	sim = drive_new(&o);
	drive_send(sim, "N3 G90*0\n");
	CHECK_STR(drive_take(sim), "Error:Line Number is not Last Line Number+1, "
	    "Last Line: 0\nResend: 1\nok\n");
	sim_free(sim);
}

static void
test_advanced_ok(void)
{
	struct sim_options o;
	struct sim *sim;

	sim_options_default(&o);
	o.speed = 0;
	o.advanced_ok = true;
	sim = drive_new(&o);
	send_framed(sim, 1, "G90");
	CHECK_STR(drive_take(sim), "ok N1 P15 B3\n");
	drive_send(sim, "G91\n");
	CHECK_STR(drive_take(sim), "ok P15 B3\n");
	sim_free(sim);
}

static void
test_rx_overflow_loses_bytes(void)
{
	struct sim_options o;
	struct sim_status st;
	struct sim *sim;
	struct buf b;

	sim_options_default(&o);
	o.bufsize = 1;
	sim = drive_new(&o);
	/* G4 holds the only queue slot for ten seconds; meanwhile 300 bytes
	 * arrive and the 128-byte buffer keeps what fits. */
	drive_send(sim, "G4 S10\n");
	buf_init(&b);
	for (int i = 0; i < 50; i++)
		buf_append_str(&b, "G1 X1\n");
	sim_feed(sim, b.data, b.len, drive_now_ms);
	sim_status(sim, &st);
	CHECK_INT(st.bytes_lost, 300 - 128);
	CHECK_STR(drive_take(sim), "");
	drive_now_ms += 10001;
	sim_tick(sim, drive_now_ms);
	sim_status(sim, &st);
	/* G4 plus the 21 whole lines in 128 bytes; "G1" waits for its
	 * newline. */
	CHECK_INT(st.commands, 1 + 21);
	buf_free(&b);
	sim_free(sim);

	/* 128 bytes of whole lines fill the buffer, the next bytes are lost
	 * in the middle of a line: its tail, arriving later, is a line of
	 * its own ("20": an unknown command here). */
	sim = drive_new(&o);
	drive_send(sim, "G4 S10\n");
	buf_init(&b);
	for (int i = 0; i < 16; i++)
		buf_append_str(&b, "G1 X100\n");
	buf_append_str(&b, "G1 Y");
	sim_feed(sim, b.data, b.len, drive_now_ms);
	drive_now_ms += 10001;
	sim_tick(sim, drive_now_ms);
	drive_send(sim, "20\nG1 X9\n");
	sim_status(sim, &st);
	CHECK_INT(st.bytes_lost, 4);
	CHECK_INT(st.commands, 1 + 16 + 1 + 1);
	CHECK(strstr(drive_take(sim), "Unknown command: \"20\"") != NULL);
	buf_free(&b);
	sim_free(sim);
}

static void
test_heat_instant(void)
{
	struct sim *sim = drive_new(NULL);
	struct sim_status st;
	const char *out;

	drive_send(sim, "M109 S200\n");
	out = drive_take(sim);
	CHECK(strstr(out, " T:200.00 /200.00 B:25.00 /0.00 @:") != NULL);
	CHECK(str_ends_with(out, "ok\n"));
	drive_send(sim, "M190 S60\n");
	CHECK(str_ends_with(drive_take(sim), "ok\n"));
	sim_status(sim, &st);
	CHECK_NEAR(st.hotend, 200, 0.01);
	CHECK_NEAR(st.bed, 60, 0.01);
	drive_send(sim, "M105\n");
	out = drive_take(sim);
	CHECK(str_starts_with(out, "ok T:200.00 /200.00 B:60.00 /60.00 @:"));
	sim_free(sim);
}

static void
test_heat_takes_real_time(void)
{
	struct sim_options o;
	struct sim *sim;
	struct buf seen;
	long ms;

	sim_options_default(&o);
	sim = drive_new(&o);
	buf_init(&seen);
	drive_send(sim, "M109 S200\n");
	ms = run_until(sim, "ok\n", 500, 600000, &seen);
	/* A hotend takes about a minute to 200 °C, then 10 s residency. */
	CHECK(ms >= 60000 && ms <= 120000);
	CHECK(strstr(seen.data, " W:?\n") != NULL);
	CHECK(strstr(seen.data, " W:9\n") != NULL);
	CHECK(strstr(seen.data, "echo:busy: processing\n") != NULL);
	buf_reset(&seen);
	drive_send(sim, "M190 S60\n");
	ms = run_until(sim, "ok\n", 1000, 3600000, &seen);
	CHECK(ms >= 50000 && ms <= 200000);
	sim_free(sim);
	buf_free(&seen);
}

static void
test_heat_wait_interrupted(void)
{
	struct sim_options o;
	struct sim *sim;

	sim_options_default(&o);
	sim = drive_new(&o);
	drive_send(sim, "M109 S200\nM105\n");
	drive_now_ms += 5000;
	sim_tick(sim, drive_now_ms);
	drive_take(sim);
	/* M108 reaches the emergency parser though the queue is blocked. */
	drive_send(sim, "M108\n");
	CHECK(strstr(drive_take(sim), "ok\nok T:") != NULL);
	sim_free(sim);
}

/* M303 as Marlin 2.1's PID_autotune prints it; U1 puts the result in use. */
static void
test_pid_autotune(void)
{
	struct sim *sim = drive_new(NULL);
	const char *out;
	double kp = 0, ki = 0, kd = 0;
	const char *d;

	drive_send(sim, "M303 E0 S210 C8 U1\n");
	out = drive_take(sim);
	CHECK(strncmp(out, "PID Autotune start\n", 19) == 0);
	/* Cycles 1 and 2: the bias line is finished by the heater report,
	 * whose target reads 0 while autotune drives the heater. */
	CHECK(strstr(out, " max: 2") != NULL);
	CHECK(strstr(out, " T:210.00 /0.00 B:") != NULL);
	CHECK(strstr(out, " Ku: ") != NULL && strstr(out, " Tu: ") != NULL);
	CHECK(strstr(out, "\n Classic PID \n Kp: ") != NULL);
	CHECK(strstr(out, "PID Autotune finished! Put the last Kp, Ki and Kd "
	    "constants from below into Configuration.h\n") != NULL);
	d = strstr(out, "#define DEFAULT_Kp ");
	CHECK(d != NULL);
	if (d != NULL)
		CHECK(sscanf(d, "#define DEFAULT_Kp %lf\n#define DEFAULT_Ki %lf\n"
		    "#define DEFAULT_Kd %lf", &kp, &ki, &kd) == 3);
	CHECK(kp > 18 && kp < 26 && ki > 1 && ki < 2 && kd > 60 && kd < 95);
	CHECK(str_ends_with(out, "ok\n"));
	/* Six cycles with a result: C8 means cycles 3..8. */
	{
		int n = 0;
		for (const char *p = out; (p = strstr(p, " Classic PID")) != NULL; p++)
			n++;
		CHECK(n == 6);
	}
	drive_send(sim, "M503\n");
	out = drive_take(sim);
	{
		char want[64];
		snprintf(want, sizeof want, "echo:  M301 P%.2f I%.2f D%.2f\n",
		    kp, ki, kd);
		CHECK(strstr(out, want) != NULL);
	}
	drive_send(sim, "M105\n");
	CHECK(str_starts_with(drive_take(sim), "ok T:25.00 /0.00"));
	drive_send(sim, "M303 E0 S280\n");
	CHECK(strcmp(drive_take(sim), "PID Autotune failed! Temperature too high\n"
	    "ok\n") == 0);
	sim_free(sim);
}

static void
test_speed_scales_time(void)
{
	struct sim_options o;
	struct sim *sim;
	long ms;

	sim_options_default(&o);
	o.speed = 10;
	sim = drive_new(&o);
	drive_send(sim, "M109 S200\n");
	ms = run_until(sim, "ok\n", 100, 60000, NULL);
	CHECK(ms >= 6000 && ms <= 12000);
	sim_free(sim);
}

static void
test_cold_extrusion(void)
{
	struct sim *sim = drive_new(NULL);

	drive_send(sim, "M83\nG1 E5 F100\n");
	CHECK_STR(drive_take(sim), "ok\necho: cold extrusion prevented\nok\n");
	drive_send(sim, "M302\n");
	CHECK_STR(drive_take(sim), "echo:Cold extrudes are disabled (min temp 170C)\nok\n");
	drive_send(sim, "M302 P1\nG1 E5\nM302 P0\nM302\n");
	CHECK_STR(drive_take(sim), "ok\nok\nok\n"
	    "echo:Cold extrudes are disabled (min temp 170C)\nok\n");
	drive_send(sim, "M109 S210\n");
	drive_take(sim);
	drive_send(sim, "G1 E5 F100\nG1 E250\n");
	CHECK_STR(drive_take(sim), "ok\necho: too long extrusion prevented\nok\n");
	sim_free(sim);
}

static void
test_m114(void)
{
	struct sim *sim = drive_new(NULL);

	drive_send(sim, "G28\nG1 X10 Y20 Z5 F3000\nM114\n");
	CHECK_STR(drive_take(sim), "ok\nok\nX:10.00 Y:20.00 Z:5.00 E:0.00 "
	    "Count X:800 Y:1600 Z:2000\nok\n");
	drive_send(sim, "G91\nG1 X-2.5\nG90\nG92 E12.5\nM114\n");
	CHECK_STR(drive_take(sim), "ok\nok\nok\nok\nX:7.50 Y:20.00 Z:5.00 E:12.50 "
	    "Count X:600 Y:1600 Z:2000\nok\n");
	/* Soft endstops keep a homed axis on the bed. */
	drive_send(sim, "G1 X-5 Z300\nM114\n");
	CHECK(strstr(drive_take(sim), "X:0.00 Y:20.00 Z:250.00") != NULL);
	sim_free(sim);
}

/*
 * M154 exists only in a Marlin built with AUTO_REPORT_POSITION (gcode.cpp
 * has no case for it otherwise): the default build says it does not know
 * it and M115 says Cap:AUTOREPORT_POS:0. With the option the reporter
 * prints the projected position, as M114 does, one interval after M154
 * and every interval after that, until M154 S0.
 */
static void
test_m154(void)
{
	struct sim_options o;
	struct sim *sim = drive_new(NULL);

	drive_send(sim, "M115\n");
	CHECK(strstr(drive_take(sim), "\nCap:AUTOREPORT_POS:0\n") != NULL);
	drive_send(sim, "M154 S1\n");
	CHECK_STR(drive_take(sim), "echo:Unknown command: \"M154 S1\"\nok\n");
	sim_free(sim);

	sim_options_default(&o);
	o.speed = 1;
	o.auto_report_position = true;
	sim = drive_new(&o);
	drive_send(sim, "M115\n");
	CHECK(strstr(drive_take(sim), "\nCap:AUTOREPORT_POS:1\n") != NULL);
	drive_send(sim, "G92 X0 Y0 Z0\nM154 S1\n");
	CHECK_STR(drive_take(sim), "ok\nok\n");
	drive_now_ms += 500;
	sim_tick(sim, drive_now_ms);
	CHECK_STR(drive_take(sim), "");
	/* A move of 100 mm at 50 mm/s: the report says where it ends. */
	drive_send(sim, "G1 X100 F3000\n");
	CHECK_STR(drive_take(sim), "ok\n");
	drive_now_ms += 500;
	sim_tick(sim, drive_now_ms);
	CHECK_STR(drive_take(sim), "X:100.00 Y:0.00 Z:0.00 E:0.00 Count X:8000 Y:0 "
	    "Z:0\n");
	drive_now_ms += 1000;
	sim_tick(sim, drive_now_ms);
	CHECK(strstr(drive_take(sim), "X:100.00 Y:0.00") != NULL);
	drive_send(sim, "M154 S0\n");
	CHECK_STR(drive_take(sim), "ok\n");
	drive_now_ms += 3000;
	sim_tick(sim, drive_now_ms);
	CHECK_STR(drive_take(sim), "");
	sim_free(sim);
}

static void
test_m503_and_eeprom(void)
{
	struct sim *sim = drive_new(NULL);
	const char *out;

	drive_send(sim, "M503\n");
	out = drive_take(sim);
	CHECK(strstr(out, "echo:; Steps per unit:\n"
	    "echo:  M92 X80.00 Y80.00 Z400.00 E93.00\n") != NULL);
	CHECK(strstr(out, "echo:  M851 X-44.00 Y-5.00 Z-1.50 ; (mm)\n") != NULL);
	CHECK(strstr(out, "echo:  M420 S0 Z10.00 ; Leveling OFF\n") != NULL);
	CHECK(str_ends_with(out, "\nok\n"));
	drive_send(sim, "M92 E100\nM851 Z-2.1\nM500\n");
	out = drive_take(sim);
	CHECK(strstr(out, "echo:Settings Stored (") != NULL);
	drive_send(sim, "M502\nM503\n");
	out = drive_take(sim);
	CHECK(strstr(out, "echo:Hardcoded Default Settings Loaded\n") != NULL);
	CHECK(strstr(out, "E93.00\n") != NULL);
	drive_send(sim, "M501\nM503\n");
	out = drive_take(sim);
	CHECK(strstr(out, "echo:V86 stored settings retrieved (") != NULL);
	CHECK(strstr(out, "echo:  M92 X80.00 Y80.00 Z400.00 E100.00\n") != NULL);
	CHECK(strstr(out, "echo:  M851 X-44.00 Y-5.00 Z-2.10 ; (mm)\n") != NULL);
	sim_free(sim);
}

static void
test_leveling(void)
{
	struct sim *sim = drive_new(NULL);

	const char *out;
	double z[3][3], lo = 1, hi = -1;
	int row;

	/* M420.cpp: no mesh yet, so "Invalid mesh." and the error. */
	drive_send(sim, "M420 S1\n");
	CHECK_STR(drive_take(sim), "echo:Invalid mesh.\n"
	    "Error:Failed to enable Bed Leveling\n"
	    "echo:Bed Leveling OFF\necho:Fade Height 10.00\nok\n");
	drive_send(sim, "M420 V\n");
	CHECK_STR(drive_take(sim), "echo:Invalid mesh.\necho:Bed Leveling OFF\n"
	    "echo:Fade Height 10.00\nok\n");
	drive_send(sim, "G29\n");
	CHECK_STR(drive_take(sim), "echo:Home XYZ First\nok\n");
	/* G29 ends with the grid (bilinear: print_leveling_grid()). */
	drive_send(sim, "G28\nG29\n");
	out = drive_take(sim);
	CHECK(strncmp(out, "ok\nBilinear Leveling Grid:\n      0      1      2\n",
	    strlen("ok\nBilinear Leveling Grid:\n      0      1      2\n")) == 0);
	drive_send(sim, "M420 S1 Z0\n");
	CHECK_STR(drive_take(sim), "echo:Bed Leveling ON\necho:Fade Height OFF\nok\n");
	drive_send(sim, "M420 V\n");
	out = drive_take(sim);
	CHECK(strncmp(out, "Bilinear Leveling Grid:\n      0      1      2\n",
	    strlen("Bilinear Leveling Grid:\n      0      1      2\n")) == 0);
	/* Rows " 0 +0.012 -0.034 +0.056": a sign on every value, 3 places,
	 * then an empty line and the state. */
	out = strchr(strchr(out, '\n') + 1, '\n') + 1;
	for (row = 0; row < 3; row++) {
		char s[3][8];
		int y = -1;
		CHECK(sscanf(out, " %d %7s %7s %7s", &y, s[0], s[1], s[2]) == 4);
		CHECK_INT(y, row);
		for (int x = 0; x < 3; x++) {
			CHECK(s[x][0] == '+' || s[x][0] == '-');
			CHECK_INT((int)strlen(s[x]), 6);
			z[row][x] = atof(s[x]);
			lo = z[row][x] < lo ? z[row][x] : lo;
			hi = z[row][x] > hi ? z[row][x] : hi;
		}
		out = strchr(out, '\n') + 1;
	}
	CHECK_STR(out, "\necho:Bed Leveling ON\necho:Fade Height OFF\nok\n");
	CHECK(hi - lo > 0 && hi - lo <= 0.2);
	sim_free(sim);
}

/* Prusa's mesh bed levelling: G80 homes first when needed, G81 prints the
 * 7x7 grid top row first (mesh_bed_leveling.cpp print()). */
static void
test_prusa_mesh(void)
{
	struct sim_options o;
	struct sim *sim;
	const char *out;
	int rows = 0;

	sim_options_default(&o);
	o.speed = 0;
	o.firmware = SIM_FW_PRUSA;
	sim = drive_new(&o);
	drive_send(sim, "G81\n");
	CHECK_STR(drive_take(sim), "Mesh bed leveling not active.\nok\n");
	drive_send(sim, "G80\nG81\n");
	out = drive_take(sim);
	CHECK(strncmp(out, "ok\nNum X,Y: 7,7\nZ search height: 5.0f\n"
	    "Measured points:\n", strlen("ok\nNum X,Y: 7,7\nZ search "
	    "height: 5.0f\nMeasured points:\n")) == 0);
	out = strstr(out, "points:\n") + strlen("points:\n");
	while (strncmp(out, "  ", 2) == 0) {
		double v[7];
		CHECK(sscanf(out, "%lf %lf %lf %lf %lf %lf %lf", &v[0], &v[1],
		    &v[2], &v[3], &v[4], &v[5], &v[6]) == 7);
		rows++;
		out = strchr(out, '\n') + 1;
	}
	CHECK_INT(rows, 7);
	CHECK_STR(out, "ok\n");
	sim_free(sim);
}

static void
test_misc_commands(void)
{
	struct sim *sim = drive_new(NULL);
	struct sim_status st;

	drive_send(sim, "M9999 X1\n");
	CHECK_STR(drive_take(sim), "echo:Unknown command: \"M9999 X1\"\nok\n");
	drive_send(sim, "hello\n");
	CHECK_STR(drive_take(sim), "echo:Unknown command: \"hello\"\nok\n");
	drive_send(sim, "M118 E1 layer 3\nM118 A1 action:notification hi\n");
	CHECK_STR(drive_take(sim), "echo:layer 3\nok\n//action:notification hi\nok\n");
	drive_send(sim, "M111 S3\n");
	CHECK_STR(drive_take(sim), "echo:DEBUG:ECHO,INFO\nok\n");
	/* With ECHO on, each command is echoed as it starts. */
	drive_send(sim, "M111 S0\n");
	CHECK_STR(drive_take(sim), "echo:M111 S0\necho:DEBUG:off\nok\n");
	drive_send(sim, "M106 S128\nM117 Hello trainee\nM300 S440 P200\n");
	CHECK_STR(drive_take(sim), "ok\nok\nok\n");
	sim_status(sim, &st);
	CHECK_INT(st.fan, 128);
	CHECK_STR(st.message, "Hello trainee");
	drive_send(sim, "M119\n");
	CHECK_STR(drive_take(sim), "Reporting endstop status\nx_min: open\n"
	    "y_min: open\nz_min: open\nfilament: TRIGGERED\nok\n");
	drive_send(sim, "M211\n");
	CHECK(strstr(drive_take(sim), "echo:  M211 S1 ; ON\n") != NULL);
	drive_send(sim, "M155 S1\n");
	drive_take(sim);
	drive_now_ms += 1000;
	sim_tick(sim, drive_now_ms);
	CHECK_STR(drive_take(sim), " T:25.00 /0.00 B:25.00 /0.00 @:0 B@:0\n");
	drive_send(sim, "M155 S0\nM999\n");
	CHECK_STR(drive_take(sim), "ok\nResend: 1\nok\n");
	sim_free(sim);
}

static void
test_busy_while_homing(void)
{
	struct sim_options o;
	struct sim *sim;
	struct buf seen;
	long ms;

	sim_options_default(&o);
	sim = drive_new(&o);
	buf_init(&seen);
	/* Idle for a while first: the first busy line still comes 2 s after
	 * the command started, not at once. */
	drive_now_ms += 10000;
	sim_tick(sim, drive_now_ms);
	drive_send(sim, "G28\n");
	CHECK(run_until(sim, "busy", 250, 60000, NULL) == 2000);
	ms = 2000 + run_until(sim, "ok\n", 250, 60000, &seen);
	CHECK(ms >= 10000 && ms <= 40000);
	CHECK(strstr(seen.data, "echo:busy: processing\n") != NULL);
	buf_free(&seen);
	sim_free(sim);
}

static void
test_planner_buffer(void)
{
	struct sim_options o;
	struct sim_status st;
	struct sim *sim;
	const char *out;

	sim_options_default(&o);
	o.advanced_ok = true;
	o.bufsize = 8;
	sim = drive_new(&o);
	/* 20 slow moves: the planner takes 15, the G1 after waits for room
	 * and the queue behind it fills. */
	for (int i = 1; i <= 20; i++) {
		char line[32];
		snprintf(line, sizeof line, "G1 X%d F60\n", i * 10);
		drive_send(sim, line);
	}
	out = drive_take(sim);
	CHECK(strstr(out, "ok P0 B") != NULL);
	sim_status(sim, &st);
	CHECK_INT(st.planner_moves, 15);
	drive_send(sim, "M400\n");
	CHECK(run_until(sim, "ok P15 B7\n", 1000, 300000, NULL) >= 150000);
	sim_free(sim);
}

static void
test_kill(void)
{
	struct sim *sim = drive_new(NULL);
	struct sim_status st;

	drive_send(sim, "M112\n");
	CHECK_STR(drive_take(sim), "Error:Printer halted. kill() called!\n");
	drive_send(sim, "M105\nM999\n");
	drive_now_ms += 5000;
	sim_tick(sim, drive_now_ms);
	CHECK_STR(drive_take(sim), "");
	sim_status(sim, &st);
	CHECK_INT(st.state, SIM_HALTED);
	sim_reset(sim, drive_now_ms);
	CHECK(strncmp(drive_take(sim), "start\n", 6) == 0);
	drive_send(sim, "M105\n");
	CHECK(strncmp(drive_take(sim), "ok T:", 5) == 0);
	sim_free(sim);
}

static void
test_thermal_runaway(void)
{
	struct sim_options o;
	struct sim *sim;
	struct buf seen;
	long ms;

	sim_options_default(&o);
	sim = drive_new(&o);
	buf_init(&seen);
	drive_send(sim, "M104 S200\n");
	CHECK(run_until(sim, "never", 1000, 120000, NULL) == -1);
	drive_take(sim);
	drive_send(sim, "M9000 Fthermal-runaway\n");
	CHECK_STR(drive_take(sim), "echo:M9000: thermal-runaway\nok\n");
	ms = run_until(sim, "kill() called!", 1000, 300000, &seen);
	/* Below target - 4 °C within seconds, then Marlin's 40 s period. */
	CHECK(ms >= 40000 && ms <= 60000);
	CHECK(strstr(seen.data, "Error:Thermal Runaway, system stopped! "
	    "Heater_ID: E0\n\nError:Printer halted. kill() called!\n") != NULL);
	buf_free(&seen);
	sim_free(sim);
}

static void
test_heater_failure(void)
{
	struct sim_options o;
	struct sim *sim;
	struct buf seen;
	long ms;

	sim_options_default(&o);
	sim = drive_new(&o);
	buf_init(&seen);
	sim_inject(sim, SIM_FAULT_HEATER_FAILURE, -1);
	drive_send(sim, "M190 S60\n");
	ms = run_until(sim, "kill() called!", 1000, 300000, &seen);
	CHECK(ms >= 60000 && ms <= 70000);
	CHECK(strstr(seen.data, "Error:Heating failed, system stopped! "
	    "Heater_ID: bed\nError:Printer halted. kill() called!\n") != NULL);
	buf_free(&seen);
	sim_free(sim);
}

static void
test_sensor_faults(void)
{
	struct sim *sim = drive_new(NULL);

	CHECK(sim_inject_name(sim, "maxtemp", NULL) == 0);
	CHECK_STR(drive_take(sim), "Error:MAXTEMP triggered, system stopped! "
	    "Heater_ID: E0\n\nError:Printer halted. kill() called!\n");
	sim_free(sim);

	sim = drive_new(NULL);
	CHECK(sim_inject_name(sim, "bed-mintemp", NULL) == 0);
	drive_send(sim, "M105\n");
	CHECK(strstr(drive_take(sim), "B:-14.00 /0.00") != NULL);
	drive_send(sim, "M140 S60\n");
	CHECK_STR(drive_take(sim), "Error:MINTEMP triggered, system stopped! "
	    "Heater_ID: bed\nError:Printer halted. kill() called!\n");
	CHECK(sim_inject_name(sim, "bed-noise", NULL) == -1);
	CHECK(sim_inject_name(sim, "smoke", NULL) == -1);
	sim_free(sim);
}

static void
test_runout_and_prompts(void)
{
	struct sim_options o;
	struct sim *sim;
	const char *out;

	sim_options_default(&o);
	o.speed = 0;
	sim = drive_new(&o);
	drive_send(sim, "M104 S210\n");
	drive_take(sim);
	drive_send(sim, "M9000 Frunout\nG1 X5\n");
	out = drive_take(sim);
	CHECK(strstr(out, "//action:prompt_begin FilamentRunout T0\n"
	    "//action:prompt_show\n//action:paused filament_runout 0\n") != NULL);
	CHECK(strstr(out, "//action:prompt_begin Nozzle Parked\n"
	    "//action:prompt_button Continue\n//action:prompt_show\n") != NULL);
	CHECK(strstr(out, "//action:resumed") == NULL);
	drive_now_ms += 2000;
	sim_tick(sim, drive_now_ms);
	CHECK_STR(drive_take(sim), "echo:busy: paused for user\n");
	drive_send(sim, "M876 S0\n");
	out = drive_take(sim);
	CHECK(strstr(out, "//action:prompt_begin Paused\n"
	    "//action:prompt_button PurgeMore\n"
	    "//action:prompt_button Continue\n") != NULL);
	drive_send(sim, "M876 S1\n");
	out = drive_take(sim);
	/* Resumed; then the queued G1 and the two M876 get their oks. */
	CHECK(strstr(out, "//action:prompt_end\n//action:resumed\nok\nok\nok\n")
	    != NULL);
	sim_free(sim);
}

static void
test_user_stop(void)
{
	struct sim *sim = drive_new(NULL);

	drive_send(sim, "M0 Remove the print\nM105\n");
	CHECK_STR(drive_take(sim), "//action:prompt_end\n"
	    "//action:prompt_begin Remove the print\n"
	    "//action:prompt_button Continue\n//action:prompt_show\n");
	drive_send(sim, "M876 S0\n");
	CHECK(str_starts_with(drive_take(sim), "//action:prompt_end\nok\nok T:"));
	sim_free(sim);

	/* With a time limit the wait ends by itself (at speed 0: at once). */
	sim = drive_new(NULL);
	drive_send(sim, "M1 S5\n");
	CHECK_STR(drive_take(sim), "//action:prompt_end\n"
	    "//action:prompt_begin Click to Resume...\n"
	    "//action:prompt_button Continue\n//action:prompt_show\n"
	    "//action:prompt_end\nok\n");
	sim_free(sim);
}

/*
 * Prusa-Firmware has no emergency parser: M108, M410 and M876 are unknown,
 * M0 waits for the knob without a host prompt, and an "M112" line kills
 * when get_command() reads it, which manage_inactivity() does during the
 * wait only while fewer than BUFSIZE - 1 (3) commands are queued.
 */
static void
test_prusa_stops(void)
{
	struct sim_options o;
	struct sim_status st;
	struct sim *sim;

	sim_options_default(&o);
	o.speed = 0;
	o.firmware = SIM_FW_PRUSA;
	sim = drive_new(&o);
	send_framed(sim, 1, "M110 N1");
	CHECK_STR(drive_take(sim), "ok\n");
	send_framed(sim, 2, "M108");
	CHECK_STR(drive_take(sim), "Unknown M code: $2 M108\nok\n");
	drive_send(sim, "M876 S0\nhello\n");
	CHECK_STR(drive_take(sim), "Unknown M code: M876 S0\nok\n"
	    "echo:Unknown command: \"hello\"(2)\nok\n");
	drive_send(sim, "M0 Check the first layer\n");
	CHECK_STR(drive_take(sim), "");
	drive_send(sim, "M108\n");
	CHECK(run_until(sim, "echo:busy: paused for user\n", 500, 4000,
	    NULL) >= 0);
	sim_status(sim, &st);
	CHECK_INT(st.state == SIM_HALTED, 0);
	drive_send(sim, "M112\n");
	CHECK_STR(drive_take(sim), "Error:Printer halted. kill() called!\n");
	sim_status(sim, &st);
	CHECK_INT(st.state, SIM_HALTED);
	sim_free(sim);

	/* Two lines queued behind the M0: no more are read, and the M112
	 * waits in the RX buffer. */
	sim = drive_new(&o);
	drive_send(sim, "M0\n");
	drive_send(sim, "G90\nG90\n");
	drive_send(sim, "M112\n");
	CHECK(run_until(sim, "echo:busy: paused for user\n", 500, 4000,
	    NULL) >= 0);
	sim_status(sim, &st);
	CHECK_INT(st.state == SIM_HALTED, 0);
	sim_free(sim);

	/* Marlin's emergency parser ends the same wait with M108. */
	sim = drive_new(NULL);
	drive_send(sim, "M0\n");
	drive_take(sim);
	drive_send(sim, "M108\n");
	CHECK(strstr(drive_take(sim), "ok\nok\n") != NULL);
	sim_free(sim);
}

/*
 * Klipper (gcode.py): an M112 line is acted on as soon as it has arrived,
 * ahead of the lines queued before it; the shutdown then answers every
 * command with its message and ok, until FIRMWARE_RESTART. It has no M0,
 * M108, M600 of its own.
 */
static const char klipper_refusal[] =
    "// Shutdown due to M112 command\n"
    "// Once the underlying issue is corrected, use the\n"
    "// \"FIRMWARE_RESTART\" command to reset the firmware, reload the\n"
    "// config, and restart the host software.\n"
    "// Printer is shutdown\n"
    "!! Shutdown due to M112 command\n";

static void
test_klipper_stops(void)
{
	struct sim_options o;
	struct sim_status st;
	struct sim *sim;
	char want[1024];

	sim_options_default(&o);
	o.firmware = SIM_FW_KLIPPER;
	sim = drive_new(&o);
	drive_send(sim, "M0\nm600 x10\nM108\n");
	CHECK_STR(drive_take(sim), "// Unknown command:\"M0\"\nok\n"
	    "// Unknown command:\"M600\"\nok\n"
	    "// Unknown command:\"M108\"\nok\n");
	drive_send(sim, "M104 S200\nG4 P5000\nG1 X10\n");
	CHECK_STR(drive_take(sim), "ok\n");
	drive_send(sim, "N7 M112\n");
	snprintf(want, sizeof want, "// Klipper state: Shutdown\nok\n%sok\nok\n",
	    klipper_refusal);
	CHECK_STR(drive_take(sim), want);
	sim_status(sim, &st);
	CHECK_INT(st.state, SIM_HALTED);
	CHECK(st.hotend_target == 0);
	drive_send(sim, "M105\n");
	CHECK(strncmp(drive_take(sim), "ok B:", 5) == 0);
	drive_send(sim, "M104 S200\n");
	snprintf(want, sizeof want, "%sok\n", klipper_refusal);
	CHECK_STR(drive_take(sim), want);
	drive_send(sim, "FIRMWARE_RESTART\n");
	CHECK_STR(drive_take(sim), "ok\n// Klipper state: Disconnect\n"
	    "// Klipper state: Ready\n");
	sim_status(sim, &st);
	CHECK_INT(st.state, SIM_IDLE);
	drive_send(sim, "M104 S200\n");
	CHECK_STR(drive_take(sim), "ok\n");

	/* "M112*40" is not the early check's: it runs in its turn. */
	drive_send(sim, "G4 P5000\nM112*40\n");
	CHECK_STR(drive_take(sim), "");
	sim_status(sim, &st);
	CHECK_INT(st.state == SIM_HALTED, 0);
	CHECK(run_until(sim, "// Klipper state: Shutdown\nok\n", 500, 6000,
	    NULL) > 0);
	sim_free(sim);
}

/*
 * RepRapFirmware on USB: M112 waits its turn; then every command but a
 * few is "Machine is halted" until M999 restarts the board. M0 and M600
 * outside a file are errors; M410 it lacks.
 */
static void
test_rrf_stops(void)
{
	struct sim_options o;
	struct sim_status st;
	struct sim *sim;

	sim_options_default(&o);
	o.firmware = SIM_FW_RRF;
	sim = drive_new(&o);
	drive_send(sim, "M0\nM600\nM410\nM108\n");
	CHECK_STR(drive_take(sim), "Error: M0: Pause the print before "
	    "attempting to cancel it\nok\n"
	    "Error: M600: use M226 and M601 only within a file being "
	    "printed\nok\n"
	    "Warning: M410: Command is not supported\nok\n"
	    "ok\n");
	drive_send(sim, "M104 S200\nG4 P5000\nM112\n");
	CHECK_STR(drive_take(sim), "ok\n");
	sim_status(sim, &st);
	CHECK_INT(st.state == SIM_HALTED, 0);
	CHECK(run_until(sim, "ok\nEmergency Stop! Reset the controller to "
	    "continue.\nok\n", 500, 6000, NULL) > 0);
	sim_status(sim, &st);
	CHECK_INT(st.state, SIM_HALTED);
	CHECK(st.hotend_target == 0);
	drive_send(sim, "G1 X10\nM104 S200\n");
	CHECK_STR(drive_take(sim), "Error: G1: Machine is halted\nok\n"
	    "Error: M104: Machine is halted\nok\n");
	drive_send(sim, "M105\n");
	CHECK(strncmp(drive_take(sim), "ok T:", 5) == 0);
	drive_send(sim, "M999\n");
	CHECK_STR(drive_take(sim), "");
	sim_status(sim, &st);
	CHECK_INT(st.state, SIM_IDLE);
	drive_send(sim, "G1 X10\n");
	CHECK_STR(drive_take(sim), "ok\n");
	sim_free(sim);
}

/*
 * Repetier-Firmware parses every line as it arrives: M112 resets the board
 * at once (KILL_METHOD 1), M108 ends a heating wait; M0 and M410 it lacks.
 */
static void
test_repetier_stops(void)
{
	struct sim_options o;
	struct sim_status st;
	struct sim *sim;
	const char *out;

	sim_options_default(&o);
	o.firmware = SIM_FW_REPETIER;
	sim = drive_new(&o);
	drive_take(sim);
	send_framed(sim, 5, "M110 N5");
	CHECK_STR(drive_take(sim), "ok\n");
	drive_send(sim, "M0\nM410\n");
	CHECK_STR(drive_take(sim), "ok 5\nUnknown command:M0\n"
	    "ok 5\nUnknown command:M410\n");
	drive_send(sim, "M109 S200\n");
	drive_take(sim);
	drive_send(sim, "M108\n");
	CHECK(strstr(drive_take(sim), "ok 5\n") != NULL);
	sim_status(sim, &st);
	CHECK_INT(st.state, SIM_IDLE);
	CHECK(st.hotend_target == 200);

	drive_send(sim, "M109 S210\n");
	drive_take(sim);
	drive_send(sim, "G1 X10\nM112*7\n");	/* a checksum that fails */
	CHECK(strstr(drive_take(sim), "start\n") == NULL);
	send_framed(sim, 3, "M112");
	out = drive_take(sim);
	CHECK(strncmp(out, "start\n", 6) == 0);
	sim_status(sim, &st);
	CHECK_INT(st.state, SIM_IDLE);
	CHECK(st.hotend_target == 0);
	sim_free(sim);
}

/* How long M109 S200 takes to its ok, and what the printer said meanwhile. */
static long
heat_wait_ms(enum sim_firmware fw, struct buf *seen)
{
	struct sim_options o;
	struct sim *sim;
	long ms;

	sim_options_default(&o);
	o.firmware = fw;
	sim = drive_new(&o);
	drive_take(sim);
	buf_reset(seen);
	drive_send(sim, "M109 S200\n");
	ms = run_until(sim, "ok", 500, 600000, seen);
	sim_free(sim);
	return ms;
}

/*
 * Waiting for the hotend: Marlin counts down its 10 s residency ("W:"),
 * Klipper's wait ends once within 1 °C and reports plain temperatures,
 * Repetier says "busy:heating" every 2 s and "busy:processing" in a dwell.
 */
static void
test_waits_per_firmware(void)
{
	struct sim_options o;
	struct sim *sim;
	struct buf seen;
	long marlin, klipper;

	buf_init(&seen);
	marlin = heat_wait_ms(SIM_FW_MARLIN2, &seen);
	CHECK(strstr(seen.data, " W:9\n") != NULL);
	klipper = heat_wait_ms(SIM_FW_KLIPPER, &seen);
	CHECK(klipper > 0 && marlin - klipper >= 8000);
	CHECK(strstr(seen.data, "W:") == NULL);
	CHECK(strstr(seen.data, "T0:") != NULL);
	CHECK(heat_wait_ms(SIM_FW_RRF, &seen) > 0);
	CHECK(strstr(seen.data, "W:") == NULL);

	/* Repetier's ok came when it took the line: watch the wait. */
	sim_options_default(&o);
	o.firmware = SIM_FW_REPETIER;
	sim = drive_new(&o);
	drive_take(sim);
	buf_reset(&seen);
	drive_send(sim, "M109 S200\n");
	CHECK(run_until(sim, "busy:heating\n", 500, 5000, &seen) > 0);
	CHECK(run_until(sim, "T:", 500, 2000, &seen) >= 0);
	CHECK(strstr(seen.data, "W:") == NULL);
	CHECK(strstr(seen.data, "echo:busy") == NULL);
	sim_free(sim);

	sim = drive_new(&o);
	drive_take(sim);
	buf_reset(&seen);
	drive_send(sim, "G4 P5000\n");
	CHECK(run_until(sim, "busy:processing\n", 500, 4000, &seen) >= 0);
	CHECK(strstr(seen.data, "busy:heating") == NULL);
	sim_free(sim);
	buf_free(&seen);
}

/*
 * Prusa-Firmware's M600 asks everything on its display: the host sees the
 * keepalive, never a prompt, and the feed rate the firmware enqueues for
 * itself at the end. Four clicks of the knob: unload, unload went well,
 * filament inserted, colour right.
 */
static void
test_prusa_filament_change(void)
{
	struct sim_options o;
	struct buf seen;
	struct sim *sim;
	const char *out;
	int clicks = 0;

	sim_options_default(&o);
	o.speed = 1;
	o.firmware = SIM_FW_PRUSA;
	sim = drive_new(&o);
	buf_init(&seen);
	drive_send(sim, "M600\n");
	while (clicks < 4 && run_until(sim, "echo:busy: paused for user\n",
	    500, 120000, &seen) >= 0) {
		sim_press_knob(sim, drive_now_ms);
		clicks++;
	}
	CHECK_INT(clicks, 4);
	CHECK(run_until(sim, "echo:enqueing \"M220 S100\"\nok\n", 500, 120000,
	    &seen) >= 0);
	CHECK(strstr(seen.data, "action:") == NULL);
	CHECK(strstr(seen.data, "echo:busy: processing\n") != NULL);
	buf_free(&seen);
	sim_free(sim);

	/* --knob-after: the virtual printer's user presses it, on the
	 * keepalive's clock (at speed 0 too), so the printer says that it
	 * waits before every press. */
	o.speed = 0;
	o.knob_after_ms = 2500;
	sim = drive_new(&o);
	buf_init(&seen);
	drive_send(sim, "M600\nM0 Look\n");
	CHECK(run_until(sim, "echo:enqueing \"M220 S100\"\nok\n", 500,
	    60000, &seen) >= 0);
	out = seen.data;
	for (clicks = 0; (out = strstr(out, "echo:busy: paused for user\n"))
	    != NULL; out++)
		clicks++;
	CHECK(clicks >= 4);
	CHECK(run_until(sim, "ok\n", 500, 10000, NULL) >= 2000);
	buf_free(&seen);
	sim_free(sim);

	/* Marlin's M0 ends on the knob too. */
	o.firmware = SIM_FW_MARLIN2;
	o.knob_after_ms = 0;
	sim = drive_new(&o);
	drive_send(sim, "M0\n");
	drive_take(sim);
	sim_press_knob(sim, drive_now_ms);
	CHECK_STR(drive_take(sim), "//action:prompt_end\nok\n");
	sim_free(sim);
}

static void
test_m600_cold(void)
{
	struct sim *sim = drive_new(NULL);

	drive_send(sim, "M600\n");
	CHECK_STR(drive_take(sim), "echo:Hotend too cold\nok\n");
	sim_free(sim);
}

static void
test_drop_ok(void)
{
	struct sim_options o;
	struct sim *sim;

	sim_options_default(&o);
	o.speed = 0;
	o.drop_ok = 2;
	sim = drive_new(&o);
	drive_send(sim, "G90\nG90\nG90\n");
	CHECK_STR(drive_take(sim), "ok\nok\n");
	drive_send(sim, "M9000 Fdrop-ok\nG90\nG90\n");
	CHECK_STR(drive_take(sim), "echo:M9000: drop-ok\nok\nok\n");
	sim_free(sim);
}

static void
test_disconnect_after(void)
{
	struct sim_options o;
	struct sim_status st;
	struct sim *sim;

	sim_options_default(&o);
	o.speed = 0;
	o.disconnect_after = 2;
	sim = drive_new(&o);
	drive_send(sim, "G90\nG91\nG90\n");
	CHECK_STR(drive_take(sim), "");	/* dropped with the line */
	sim_status(sim, &st);
	CHECK_INT(st.state, SIM_DISCONNECTED);
	CHECK_INT(st.commands, 2);
	sim_free(sim);
}

static void
test_noise_and_log(void)
{
	struct sim_options o;
	struct sim_status st;
	struct sim *sim;
	char path[] = "/tmp/ll-sim-log.XXXXXX";
	char *log;
	int fd = mkstemp(path);

	close(fd);
	sim_options_default(&o);
	o.speed = 0;
	o.log_path = path;
	sim = drive_new(&o);
	send_framed(sim, 1, "G1 X1");
	sim_inject(sim, SIM_FAULT_NOISE, 0);
	send_framed(sim, 2, "G1 X2");
	CHECK(strstr(drive_take(sim), "Resend: 2\n") != NULL);
	send_framed(sim, 2, "G1 X2");
	send_framed(sim, 3, "G1 X3");
	CHECK_STR(drive_take(sim), "ok\nok\n");
	/* Marlin drops a comment as it reads, checksum and all. */
	send_framed(sim, 4, "G1 X4 ; a comment");
	CHECK_STR(drive_take(sim), "Error:No Checksum with line number, "
	    "Last Line: 3\nResend: 4\nok\n");
	log = file_read_all(path, NULL, NULL);
	CHECK_STR(log, "G1 X1\nG1 X2\nG1 X3\n");
	free(log);
	sim_free(sim);

	/* Every line corrupted: every one is refused, nothing runs. */
	o.error_rate = 1.0;
	o.log_path = NULL;
	sim = drive_new(&o);
	for (int i = 1; i <= 20; i++)
		send_framed(sim, 1, "G1 X10 Y10");
	sim_status(sim, &st);
	CHECK_INT(st.commands, 0);
	CHECK_INT(st.line_errors, 20);
	sim_free(sim);
	unlink(path);
}

static void
test_start_faults(void)
{
	struct sim_options o;
	struct sim *sim;

	sim_options_default(&o);
	o.speed = 0;
	CHECK(sim_fault_parse("bed-thermal-runaway", &o.start_faults[0].fault,
	    &o.start_faults[0].heater) == 0);
	CHECK_INT(o.start_faults[0].heater, -1);
	CHECK(sim_fault_parse("maxtemp", &o.start_faults[0].fault,
	    &o.start_faults[0].heater) == 0);
	o.start_faults[0].after = 3;
	o.nstart_faults = 1;
	sim = drive_new(&o);
	drive_send(sim, "G90\nG90\n");
	CHECK_STR(drive_take(sim), "ok\nok\n");
	drive_send(sim, "G90\nG90\n");
	CHECK_STR(drive_take(sim), "ok\nError:MAXTEMP triggered, system stopped! "
	    "Heater_ID: E0\n\nError:Printer halted. kill() called!\n");
	sim_free(sim);
}

int
main(void)
{
	RUN(test_banner);
	RUN(test_m115);
	RUN(test_line_errors);
	RUN(test_error_drains_rx_buffer);
	RUN(test_ok_after_resend);
	RUN(test_advanced_ok);
	RUN(test_rx_overflow_loses_bytes);
	RUN(test_heat_instant);
	RUN(test_heat_takes_real_time);
	RUN(test_pid_autotune);
	RUN(test_heat_wait_interrupted);
	RUN(test_speed_scales_time);
	RUN(test_cold_extrusion);
	RUN(test_m114);
	RUN(test_m154);
	RUN(test_m503_and_eeprom);
	RUN(test_leveling);
	RUN(test_prusa_mesh);
	RUN(test_misc_commands);
	RUN(test_busy_while_homing);
	RUN(test_planner_buffer);
	RUN(test_kill);
	RUN(test_thermal_runaway);
	RUN(test_heater_failure);
	RUN(test_sensor_faults);
	RUN(test_runout_and_prompts);
	RUN(test_user_stop);
	RUN(test_prusa_stops);
	RUN(test_klipper_stops);
	RUN(test_rrf_stops);
	RUN(test_repetier_stops);
	RUN(test_waits_per_firmware);
	RUN(test_prusa_filament_change);
	RUN(test_m600_cold);
	RUN(test_drop_ok);
	RUN(test_disconnect_after);
	RUN(test_noise_and_log);
	RUN(test_start_faults);
	TEST_MAIN_END();
}
