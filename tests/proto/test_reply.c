/*
 * Reply classification on lines as Marlin 2.x, Marlin 1.x, Prusa-Firmware
 * 3.x, Klipper and RepRapFirmware print them.
 */
#include <string.h>

#include "reply.h"
#include "test.h"

struct kind_case {
	const char *line;
	enum gcode_reply_kind kind;
	const char *msg;	/* expected message, NULL: not checked */
};

static const struct kind_case kind_cases[] = {
	/* Marlin 2.x */
	{ "ok", GCODE_REPLY_OK, "" },
	{ "ok\r", GCODE_REPLY_OK, "" },
	{ "ok N12 P15 B3", GCODE_REPLY_OK, "" },
	{ "ok T:21.53 /0.00 B:21.84 /0.00 @:0 B@:0", GCODE_REPLY_OK, NULL },
	{ "Resend: 57", GCODE_REPLY_RESEND, NULL },
	{ "Error:Line Number is not Last Line Number+1, Last Line: 56",
	  GCODE_REPLY_ERROR, "Line Number is not Last Line Number+1, Last Line: 56" },
	{ "Error:checksum mismatch, Last Line: 3", GCODE_REPLY_ERROR, NULL },
	{ "Error:No Checksum with line number, Last Line: 9", GCODE_REPLY_ERROR, NULL },
	{ "echo:busy: processing", GCODE_REPLY_BUSY, "processing" },
	{ "echo:busy: paused for user", GCODE_REPLY_BUSY, "paused for user" },
	{ "busy: processing", GCODE_REPLY_BUSY, "processing" },
	{ "wait", GCODE_REPLY_WAIT, NULL },
	{ "start", GCODE_REPLY_START, NULL },
	{ "\xff\xfe" "start", GCODE_REPLY_START, NULL },
	{ "echo:Marlin 2.1.2.1", GCODE_REPLY_ECHO, "Marlin 2.1.2.1" },
	{ "echo: Last Updated: 2023-06-10 | Author: (none, default config)",
	  GCODE_REPLY_ECHO, NULL },
	{ "echo:Unknown command: \"G12345\"", GCODE_REPLY_ECHO, NULL },
	{ "echo: cold extrusion prevented", GCODE_REPLY_ECHO, "cold extrusion prevented" },
	{ "Cap:AUTOREPORT_TEMP:1", GCODE_REPLY_CAP, NULL },
	{ "FIRMWARE_NAME:Marlin 2.1.2.1 (Jun 10 2023 12:00:00) SOURCE_CODE_URL:"
	  "github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:"
	  "Ender-3 V2 EXTRUDER_COUNT:1 UUID:cede2a2f-41a2-4748-9b12-c55c62f367ff",
	  GCODE_REPLY_FIRMWARE, NULL },
	{ " T:209.87 /210.00 B:59.91 /60.00 @:62 B@:23", GCODE_REPLY_TEMPS, NULL },
	{ " T:180.35 /210.00 B:60.02 /60.00 @:127 B@:0 W:?", GCODE_REPLY_TEMPS, NULL },
	{ "X:10.00 Y:0.00 Z:5.00 E:0.00 Count X:800 Y:0 Z:2000",
	  GCODE_REPLY_POSITION, NULL },
	{ "//action:pause", GCODE_REPLY_ACTION, "pause" },
	{ "//action:prompt_begin Paused", GCODE_REPLY_ACTION, "prompt_begin Paused" },
	{ "//action:notification Heating...", GCODE_REPLY_ACTION, NULL },
	{ "Error:Thermal Runaway, system stopped! Heater_ID: 0", GCODE_REPLY_FATAL,
	  "Thermal Runaway, system stopped! Heater_ID: 0" },
	{ "Error:Printer halted. kill() called!", GCODE_REPLY_FATAL, NULL },
	{ "Error:MAXTEMP triggered, system stopped! Heater_ID: bed", GCODE_REPLY_FATAL, NULL },
	{ "Error:MINTEMP triggered, system stopped! Heater_ID: E0", GCODE_REPLY_FATAL, NULL },
	{ "Error:Heating failed, system stopped! Heater_ID: 0", GCODE_REPLY_FATAL, NULL },
	{ "Error:Printer stopped due to errors. Fix the error and use M999 to "
	  "restart. (Temperature is reset. Set it after restarting)",
	  GCODE_REPLY_FATAL, NULL },
	{ "Error:Failed to enable Bed Leveling", GCODE_REPLY_ERROR,
	  "Failed to enable Bed Leveling" },
	{ "echo:  M92 X80.00 Y80.00 Z400.00 E93.00", GCODE_REPLY_ECHO, NULL },
	{ "x_min: open", GCODE_REPLY_OTHER, NULL },
	{ "Bed X: 50.000 Y: 50.000 Z: 0.125", GCODE_REPLY_OTHER, NULL },
	{ "", GCODE_REPLY_EMPTY, NULL },
	{ "  \r", GCODE_REPLY_EMPTY, NULL },
	/* Marlin 1.x */
	{ "ok T:20.5 /0.0 B:20.2 /0.0 T0:20.5 /0.0 @:0 B@:0", GCODE_REPLY_OK, NULL },
	{ "T:150.1 E:0 W:?", GCODE_REPLY_TEMPS, NULL },
	{ "Error:No Line Number with checksum, Last Line: 12", GCODE_REPLY_ERROR, NULL },
	/* Prusa-Firmware 3.x */
	{ "ok T:24.9 /0.0 B:24.5 /0.0 T0:24.9 /0.0 @:0 B@:0 P:24.3 A:30.2",
	  GCODE_REPLY_OK, NULL },
	{ "T:25.3 E:0 B:40.1", GCODE_REPLY_TEMPS, NULL },
	{ "Error: THERMAL RUNAWAY ( PREHEAT HOTEND)", GCODE_REPLY_FATAL, NULL },
	{ "Error:0", GCODE_REPLY_ERROR, NULL },
	{ ": Extruder switched off. MAXTEMP triggered !", GCODE_REPLY_FATAL, NULL },
	{ "echo:Hotend THERMAL RUNAWAY", GCODE_REPLY_ECHO, NULL },
	{ "rs 34", GCODE_REPLY_RESEND, NULL },
	/* Klipper */
	{ "ok B:24.3 /0.0 T0:24.1 /0.0", GCODE_REPLY_OK, NULL },
	{ "// Klipper state: Ready", GCODE_REPLY_ECHO, "Klipper state: Ready" },
	{ "!! Must home axis first: 0.000 0.000 0.000 [0.000]", GCODE_REPLY_ERROR,
	  "Must home axis first: 0.000 0.000 0.000 [0.000]" },
	{ "// Klipper state: Shutdown", GCODE_REPLY_FATAL, NULL },
	{ "!! MCU 'mcu' shutdown: Timer too close", GCODE_REPLY_FATAL, NULL },
	{ "// action:cancel", GCODE_REPLY_ACTION, "cancel" },
	{ "ok FIRMWARE_NAME:Klipper FIRMWARE_VERSION:v0.12.0-85-gd785b396",
	  GCODE_REPLY_OK, NULL },
	/* RepRapFirmware */
	{ "Error: G0/G1: insufficient axes homed", GCODE_REPLY_ERROR,
	  "G0/G1: insufficient axes homed" },
	{ "Warning: Heater 1 appears to be over-powered", GCODE_REPLY_WARNING, NULL },
	{ "Error: Heater 1 fault: temperature rising much more slowly than the "
	  "expected 1.8\xc2\xb0" "C/sec", GCODE_REPLY_FATAL, NULL },
	{ "FIRMWARE_NAME: RepRapFirmware for Duet 2 WiFi/Ethernet FIRMWARE_VERSION: "
	  "3.4.5 ELECTRONICS: Duet WiFi 1.02 or later FIRMWARE_DATE: 2022-11-30 19:35:23",
	  GCODE_REPLY_FIRMWARE, NULL },
	{ "X:0.000 Y:0.000 Z:0.000 E:0.000 E0:-0.0 Count 0 0 0 Machine 0.000 "
	  "0.000 0.000 Bed comp 0.000", GCODE_REPLY_POSITION, NULL },
	/* Noise */
	{ "\x01\x02garbage\x7f", GCODE_REPLY_OTHER, NULL },
	{ "okay then", GCODE_REPLY_OTHER, NULL },
	{ "T:", GCODE_REPLY_OTHER, NULL },
};

static void
test_kinds(void)
{
	for (size_t i = 0; i < sizeof kind_cases / sizeof kind_cases[0]; i++) {
		const struct kind_case *c = &kind_cases[i];
		struct gcode_reply r;
		enum gcode_reply_kind k = gcode_reply_parse(c->line, strlen(c->line), &r);

		if (k != c->kind)
			fprintf(stderr, "line %zu: \"%s\" is %s, expected %s\n", i,
			    c->line, gcode_reply_kind_name(k),
			    gcode_reply_kind_name(c->kind));
		CHECK_INT(k, c->kind);
		CHECK_INT(r.kind, k);
		if (c->msg != NULL) {
			char msg[256];

			snprintf(msg, sizeof msg, "%.*s", (int)r.msglen, r.msg);
			CHECK_STR(msg, c->msg);
		}
	}
}

static struct gcode_reply
parse(const char *line)
{
	struct gcode_reply r;

	gcode_reply_parse(line, strlen(line), &r);
	return r;
}

static void
test_resend_numbers(void)
{
	CHECK_INT(parse("Resend: 57").resend_line, 57);
	CHECK_INT(parse("Resend:5").resend_line, 5);
	CHECK_INT(parse("resend: 6").resend_line, 6);
	CHECK_INT(parse("rs 34").resend_line, 34);
	CHECK_INT(parse("rs N35").resend_line, 35);
	CHECK_INT(parse("Resend: x").resend_line, -1);
}

static void
test_errors(void)
{
	struct gcode_reply r;

	r = parse("Error:Line Number is not Last Line Number+1, Last Line: 56");
	CHECK_INT(r.last_line, 56);
	CHECK(r.comm_error);
	r = parse("Error:checksum mismatch, Last Line: 3");
	CHECK_INT(r.last_line, 3);
	CHECK(r.comm_error);
	r = parse("Error:No Checksum with line number, Last Line: 0");
	CHECK_INT(r.last_line, 0);
	CHECK(r.comm_error);
	r = parse("Error: Bad command checksum");	/* no Last Line */
	CHECK_INT(r.last_line, -1);
	CHECK(r.comm_error);
	r = parse("Error:Failed to enable Bed Leveling");
	CHECK(!r.comm_error);
	CHECK_INT(r.last_line, -1);
	r = parse("!! Must home axis first: 0.000 0.000 0.000 [0.000]");
	CHECK(!r.comm_error);
}

static void
test_advanced_ok(void)
{
	struct gcode_reply r = parse("ok N12 P15 B3");

	CHECK_INT(r.ok_line, 12);
	CHECK_INT(r.ok_planner, 15);
	CHECK_INT(r.ok_buffer, 3);
	CHECK(!r.has_temps);
	r = parse("ok");
	CHECK_INT(r.ok_line, -1);
	CHECK_INT(r.ok_planner, -1);
	CHECK_INT(r.ok_buffer, -1);
	/* "B:" is the bed, "B3" the buffer. */
	r = parse("ok T:20.0 /0.0 B:21.0 /0.0");
	CHECK_INT(r.ok_buffer, -1);
	CHECK(r.has_temps);
	CHECK_NEAR(gcode_temps_bed(&r.temps)->current, 21.0, 1e-9);
}

static void
test_temps_marlin2(void)
{
	struct gcode_reply r = parse("ok T:21.53 /0.00 B:21.84 /60.00 @:0 B@:127");
	const struct gcode_temp *t;

	CHECK(r.has_temps);
	t = gcode_temps_nozzle(&r.temps);
	CHECK(t != NULL);
	if (t != NULL) {
		CHECK_STR(t->name, "T");
		CHECK_NEAR(t->current, 21.53, 1e-9);
		CHECK_NEAR(t->target, 0.0, 1e-9);
		CHECK(t->has_target);
	}
	t = gcode_temps_bed(&r.temps);
	CHECK(t != NULL);
	if (t != NULL)
		CHECK_NEAR(t->target, 60.0, 1e-9);
	CHECK_INT(r.temps.hotend_power, 0);
	CHECK_INT(r.temps.bed_power, 127);
	CHECK_INT(r.temps.wait_seconds, -2);
}

static void
test_temps_multi_tool(void)
{
	struct gcode_temps t;

	{
		const char *s = " T:200.00 /200.00 B:60.00 /60.00 T0:200.00 /200.00 "
		    "T1:150.30 /0.00 C:35.20 /40.00 @:60 B@:10 @0:60 @1:0";

		CHECK(gcode_temps_parse(s, strlen(s), &t));
	}
	CHECK_INT(t.n, 5);
	CHECK(gcode_temps_find(&t, "T1") != NULL);
	if (gcode_temps_find(&t, "T1") != NULL)
		CHECK_NEAR(gcode_temps_find(&t, "T1")->current, 150.3, 1e-9);
	CHECK(gcode_temps_find(&t, "C") != NULL);
	if (gcode_temps_find(&t, "C") != NULL)
		CHECK_NEAR(gcode_temps_find(&t, "C")->target, 40.0, 1e-9);
	CHECK_INT(t.hotend_power, 60);
	CHECK_INT(t.bed_power, 10);
}

static void
test_temps_variants(void)
{
	struct gcode_temps t;
	const char *s;

	/* Marlin wait line with residency countdown. */
	s = " T:205.12 /210.00 B:60.00 /60.00 @:90 B@:0 W:7";
	CHECK(gcode_temps_parse(s, strlen(s), &t));
	CHECK_INT(t.wait_seconds, 7);
	s = " T:180.35 /210.00 @:127 W:?";
	CHECK(gcode_temps_parse(s, strlen(s), &t));
	CHECK_INT(t.wait_seconds, -1);
	/* Prusa / Marlin 1.x wait lines: E is the tool, not a sensor. */
	s = "T:150.1 E:0 W:?";
	CHECK(gcode_temps_parse(s, strlen(s), &t));
	CHECK_INT(t.n, 1);
	CHECK_INT(t.wait_tool, 0);
	CHECK(!t.sensors[0].has_target);
	/* Prusa M105 with PINDA and ambient. */
	s = "ok T:24.9 /0.0 B:24.5 /0.0 T0:24.9 /0.0 @:0 B@:0 P:24.3 A:30.2";
	CHECK(gcode_temps_parse(s, strlen(s), &t));
	CHECK(gcode_temps_find(&t, "P") != NULL);
	CHECK(gcode_temps_find(&t, "A") != NULL);
	if (gcode_temps_find(&t, "A") != NULL)
		CHECK_NEAR(gcode_temps_find(&t, "A")->current, 30.2, 1e-9);
	/* Klipper: bed first, T0 only. */
	s = "B:60.1 /60.0 T0:215.3 /215.0";
	CHECK(gcode_temps_parse(s, strlen(s), &t));
	CHECK(gcode_temps_nozzle(&t) != NULL);
	if (gcode_temps_nozzle(&t) != NULL) {
		CHECK_STR(gcode_temps_nozzle(&t)->name, "T0");
		CHECK_NEAR(gcode_temps_nozzle(&t)->target, 215.0, 1e-9);
	}
	/* Glued targets, negative readings, raw ADC values. */
	s = "T:21.9/0.0 B:-14.00 /0.00 (4012.0000)";
	CHECK(gcode_temps_parse(s, strlen(s), &t));
	CHECK_NEAR(gcode_temps_nozzle(&t)->target, 0.0, 1e-9);
	CHECK(gcode_temps_nozzle(&t)->has_target);
	CHECK_NEAR(gcode_temps_bed(&t)->current, -14.0, 1e-9);
	/* Old firmware: a bare reading. */
	s = "T:206.00";
	CHECK(gcode_temps_parse(s, strlen(s), &t));
	CHECK(!gcode_temps_nozzle(&t)->has_target);
	CHECK(gcode_temps_bed(&t) == NULL);
	/* Not temperatures. */
	s = "X:10.00 Y:0.00 Z:5.00 E:0.00 Count X:800 Y:0 Z:2000";
	CHECK(!gcode_temps_parse(s, strlen(s), &t));
	s = "TX:12";
	CHECK(!gcode_temps_parse(s, strlen(s), &t));
}

static void
test_position(void)
{
	struct gcode_reply r;

	r = parse("X:10.00 Y:-2.50 Z:5.00 E:1.25 Count X:800 Y:0 Z:2000");
	CHECK(r.has_position);
	CHECK_NEAR(r.position.x, 10.0, 1e-9);
	CHECK_NEAR(r.position.y, -2.5, 1e-9);
	CHECK_NEAR(r.position.z, 5.0, 1e-9);
	CHECK_NEAR(r.position.e, 1.25, 1e-9);
	/* Prusa prints the counts with spaces: the planned values win. */
	r = parse("X:0.00 Y:0.00 Z:0.15 E:0.00 Count X: 1.00 Y:2.00 Z:3.00 E:0.00");
	CHECK(r.has_position);
	CHECK_NEAR(r.position.z, 0.15, 1e-9);
	r = parse("ok X:1.000 Y:2.000 Z:3.000 E:4.000");	/* Klipper-like ok */
	CHECK_INT(r.kind, GCODE_REPLY_OK);
	CHECK(r.has_position);
	CHECK_NEAR(r.position.e, 4.0, 1e-9);
}

static void
test_firmware(void)
{
	struct gcode_reply r;

	r = parse("FIRMWARE_NAME:Marlin 2.1.2.1 (Jun 10 2023 12:00:00) "
	    "SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 "
	    "MACHINE_TYPE:Ender-3 V2 EXTRUDER_COUNT:1 UUID:cede2a2f-41a2-4748-9b12-c55c62f367ff");
	CHECK(r.has_firmware);
	CHECK_STR(r.firmware.name, "Marlin 2.1.2.1 (Jun 10 2023 12:00:00)");
	CHECK_STR(r.firmware.version, "2.1.2.1");
	CHECK_STR(r.firmware.machine_type, "Ender-3 V2");
	CHECK_INT(r.firmware.extruder_count, 1);
	CHECK_INT(r.firmware.flavour, GCODE_FLAVOUR_MARLIN);

	r = parse("FIRMWARE_NAME:Marlin 1.1.9 (Github) SOURCE_CODE_URL:https://"
	    "github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:"
	    "3D Printer EXTRUDER_COUNT:1 UUID:cede2a2f-41a2-4748-9b12-c55c62f367ff");
	CHECK_STR(r.firmware.version, "1.1.9");
	CHECK_STR(r.firmware.machine_type, "3D Printer");
	CHECK_INT(r.firmware.flavour, GCODE_FLAVOUR_MARLIN);

	r = parse("FIRMWARE_NAME:Prusa-Firmware 3.13.2 based on Marlin "
	    "FIRMWARE_URL:https://github.com/prusa3d/Prusa-Firmware "
	    "PROTOCOL_VERSION:1.0 MACHINE_TYPE:Prusa i3 MK3S EXTRUDER_COUNT:1 "
	    "UUID:00000000-0000-0000-0000-000000000000");
	CHECK_STR(r.firmware.version, "3.13.2");
	CHECK_STR(r.firmware.machine_type, "Prusa i3 MK3S");
	CHECK_INT(r.firmware.flavour, GCODE_FLAVOUR_PRUSA);

	r = parse("ok FIRMWARE_NAME:Klipper FIRMWARE_VERSION:v0.12.0-85-gd785b396");
	CHECK_INT(r.kind, GCODE_REPLY_OK);
	CHECK(r.has_firmware);
	CHECK_STR(r.firmware.name, "Klipper");
	CHECK_STR(r.firmware.version, "v0.12.0-85-gd785b396");
	CHECK_INT(r.firmware.flavour, GCODE_FLAVOUR_KLIPPER);

	r = parse("FIRMWARE_NAME: RepRapFirmware for Duet 2 WiFi/Ethernet "
	    "FIRMWARE_VERSION: 3.4.5 ELECTRONICS: Duet WiFi 1.02 or later "
	    "FIRMWARE_DATE: 2022-11-30 19:35:23");
	CHECK_STR(r.firmware.name, "RepRapFirmware for Duet 2 WiFi/Ethernet");
	CHECK_STR(r.firmware.version, "3.4.5");
	CHECK_INT(r.firmware.flavour, GCODE_FLAVOUR_RRF);

	CHECK_INT(gcode_flavour_detect("Repetier_1.0.3"), GCODE_FLAVOUR_REPETIER);
	CHECK_INT(gcode_flavour_detect("Smoothieware"), GCODE_FLAVOUR_UNKNOWN);
	CHECK_STR(gcode_flavour_name(GCODE_FLAVOUR_PRUSA), "Prusa-Firmware");
}

/*
 * Every dialect in the reply table, on lines as each firmware prints them
 * (the format strings in Marlin temperature.cpp/M114.cpp, Prusa-Firmware
 * Marlin_main.cpp, Klipper heaters.py/gcode_move.py, RepRapFirmware
 * GCodes2.cpp, Repetier Commands.cpp, Smoothieware TemperatureControl).
 */
static void
test_dialects(void)
{
	struct gcode_reply r;
	const struct gcode_temp *t;

	/* A space after the slash keeps the target. */
	CHECK_INT(gcode_reply_parse("T:21.30/ 200.00 B:20.10/ 60.00", 30, &r),
	    GCODE_REPLY_TEMPS);
	CHECK(gcode_temps_nozzle(&r.temps)->has_target);
	CHECK(gcode_temps_nozzle(&r.temps)->target == 200.0);
	CHECK(gcode_temps_bed(&r.temps)->target == 60.0);
	/* CoreXY and delta M114: A/B/C counts are steppers, not a bed. */
	static const char *const corexy[] = {
		"X:10.00 Y:20.00 Z:0.30 E:1.00 Count A:1000 B:2000 Z:120",
		"X:0.00 Y:0.00 Z:250.00 E:0.00 Count A:80000 B:80000 C:80000",
		"X:0.000 Y:0.000 Z:0.000 E:0.000",			/* Klipper */
		"X:0.00 Y:0.00 Z:0.000 E:0.0000",			/* Repetier */
		"X:0.000 Y:0.000 Z:0.000 E0:0.0 Count 0 0 0 Machine 0.000 0.000 0.000 Bed comp 0.000",	/* RRF */
	};
	for (size_t i = 0; i < sizeof corexy / sizeof corexy[0]; i++) {
		CHECK_INT(gcode_reply_parse(corexy[i], strlen(corexy[i]), &r),
		    GCODE_REPLY_POSITION);
		CHECK(!r.has_temps);
	}
	CHECK_INT(gcode_reply_parse("ok X:1.000 Y:2.000 Z:3.000 E:0.000", 34, &r),
	    GCODE_REPLY_OK);
	CHECK(r.has_position && !r.has_temps);
	/* Temperature lines per firmware. */
	static const struct {
		const char *line;
		double nozzle, nozzle_target, bed;
	} temps[] = {
		{ "ok T:210.0 /210.0 B:60.0 /60.0 T0:210.0 /210.0 @:64 B@:0 P:35.9 A:40.1", 210, 210, 60 },	/* Prusa */
		{ "ok B:60.0 /60.0 T0:210.0 /210.0", 210, 210, 60 },	/* Klipper */
		{ "ok T:25.0 /0.0 B:24.9 /0.0", 25, 0, 24.9 },		/* RRF */
		{ "T:20.00 /0 B:20.00 /0 B@:0 @:0", 20, 0, 20 },	/* Repetier */
		{ "ok T:21.5 /0.0 @0 B:22.1 /0.0 @0", 21.5, 0, 22.1 },	/* Smoothie */
		{ "T:200.00 /200.00 B:60.00 /60.00 T0:200.00 /200.00 T1:25.00 /0.00 @:0 B@:0 @0:0 @1:0", 200, 200, 60 },
		{ " T:21.30 /0.00 (4012.0000) B:20.90 /0.00 (4020.0000) @:0 B@:0", 21.3, 0, 20.9 },
	};
	for (size_t i = 0; i < sizeof temps / sizeof temps[0]; i++) {
		gcode_reply_parse(temps[i].line, strlen(temps[i].line), &r);
		CHECK(r.has_temps);
		t = gcode_temps_nozzle(&r.temps);
		CHECK(t != NULL && t->current == temps[i].nozzle &&
		    t->target == temps[i].nozzle_target);
		CHECK(gcode_temps_bed(&r.temps) != NULL &&
		    gcode_temps_bed(&r.temps)->current == temps[i].bed);
	}
	/* Repetier: "ok <line>", "skip <line>", "expected line". */
	CHECK_INT(gcode_reply_parse("ok 123", 6, &r), GCODE_REPLY_OK);
	CHECK_INT(r.ok_line, 123);
	CHECK_INT(gcode_reply_parse("skip 57", 7, &r), GCODE_REPLY_SKIP);
	CHECK_INT(r.ok_line, 57);
	CHECK_INT(gcode_reply_parse("Error:expected line 100 got 101", 31, &r),
	    GCODE_REPLY_ERROR);
	CHECK(r.comm_error);
	CHECK_INT(r.last_line, 99);
	CHECK_INT(gcode_reply_parse("rs 12", 5, &r), GCODE_REPLY_RESEND);	/* RRF 1.x/2.x */
	CHECK_INT(r.resend_line, 12);
	/* Out-of-range numbers are clamped, never converted with undefined
	 * behaviour (clang's float-cast-overflow). */
	CHECK_INT(gcode_reply_parse("T:20 /0 @:99999999999999999999 B@:-5 W:1e400", 44, &r),
	    GCODE_REPLY_TEMPS);
	CHECK(r.temps.hotend_power > 0);
	CHECK_INT(r.temps.bed_power, 0);
	CHECK_INT(gcode_reply_parse("ok N5 P99999999999 B3", 21, &r), GCODE_REPLY_OK);
	CHECK(r.ok_planner > 0);
	CHECK_INT(gcode_reply_parse("T:20 E:99999999999999999999 W:99999999999999999999", 50, &r),
	    GCODE_REPLY_TEMPS);
	CHECK(r.temps.wait_seconds > 0 && r.temps.wait_tool == 99);
}

static void
test_caps(void)
{
	struct gcode_reply r = parse("Cap:EMERGENCY_PARSER:1");

	CHECK_STR(r.cap_name, "EMERGENCY_PARSER");
	CHECK(r.cap_value);
	r = parse("Cap:AUTOREPORT_TEMP:0");
	CHECK_STR(r.cap_name, "AUTOREPORT_TEMP");
	CHECK(!r.cap_value);
}

static void
test_fatal_matcher(void)
{
	static const char *const fatal[] = {
		"Error:Thermal Runaway, system stopped! Heater_ID: bed",
		"Error: HOTEND THERMAL RUNAWAY",
		"Printer stopped due to errors. Fix the error and use M999 to restart.",
		"Error:Printer halted. kill() called!",
		"!! Shutdown due to webhooks request",
		"// Klipper state: Shutdown",
	};
	static const char *const harmless[] = {
		"Cap:THERMAL_PROTECTION:1",
		"ok T:21.0 /0.0",
		"echo:Thermal protection is on",
		"echo:Lesson 3: what Thermal Runaway means",	/* M118 E1 */
		"//action:notification MAXTEMP demo",		/* M118 A1 */
		"!! Must home axis first",
		"Error:Failed to enable Bed Leveling",
	};

	for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
		CHECK(gcode_reply_is_fatal(fatal[i], strlen(fatal[i])));
	for (size_t i = 0; i < sizeof harmless / sizeof harmless[0]; i++)
		CHECK(!gcode_reply_is_fatal(harmless[i], strlen(harmless[i])));
}

static void
test_unterminated_input(void)
{
	/* Parsers must stop at len, even inside a token. */
	const char s[] = "ok T:21.5 /60.0XXXXXXXX";
	struct gcode_reply r;

	gcode_reply_parse(s, 11, &r);	/* "ok T:21.5 /" */
	CHECK(r.has_temps);
	CHECK_NEAR(gcode_temps_nozzle(&r.temps)->current, 21.5, 1e-9);
	CHECK(!gcode_temps_nozzle(&r.temps)->has_target);
	/* NULs inside a line are noise, not terminators. */
	gcode_reply_parse("Resend: 4\0\0", 11, &r);
	CHECK_INT(r.kind, GCODE_REPLY_RESEND);
	CHECK_INT(r.resend_line, 4);
}

int
main(void)
{
	RUN(test_kinds);
	RUN(test_resend_numbers);
	RUN(test_errors);
	RUN(test_advanced_ok);
	RUN(test_temps_marlin2);
	RUN(test_temps_multi_tool);
	RUN(test_temps_variants);
	RUN(test_position);
	RUN(test_firmware);
	RUN(test_dialects);
	RUN(test_caps);
	RUN(test_fatal_matcher);
	RUN(test_unterminated_input);
	TEST_MAIN_END();
}
