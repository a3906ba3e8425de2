/* The guard's rules, command by command, against a known profile. */
#include <stdlib.h>
#include <string.h>

#include "gcode.h"
#include "host.h"
#include "test.h"

static struct host_profile prof;
static struct guard_state st;
static char *reason;

static void
setup(void)
{
	host_profile_init(&prof);
	strcpy(prof.id, "test-printer");
	prof.axis[0].min = 0;
	prof.axis[0].max = 220;
	prof.axis[1].min = -5;
	prof.axis[1].max = 220;
	prof.axis[2].min = 0;
	prof.axis[2].max = 250;
	prof.max_nozzle = 240;
	prof.max_bed = 100;
	prof.min_extrude = 180;
	guard_state_init(&st);
	st.nozzle_current = 22;
	free(reason);
	reason = NULL;
}

/* Checks like the host does: accepted commands change the state. */
static int
send_as(const char *cmd, enum host_source src)
{
	free(reason);
	reason = NULL;
	if (guard_check(&st, &prof, cmd, src, &reason) != 0)
		return -1;
	guard_apply(&st, &prof, cmd);
	return 0;
}

static int
send(const char *cmd)
{
	return send_as(cmd, HOST_SRC_CONSOLE);
}

static bool
says(const char *what)
{
	return reason != NULL && strstr(reason, what) != NULL;
}

#define REFUSED(cmd, what) do { CHECK_INT(send(cmd), -1); \
	if (!says(what)) { test_failures++; fprintf(stderr, \
	"%s:%d: refusal of '%s' was '%s', expected it to name '%s'\n", \
	__FILE__, __LINE__, cmd, reason ? reason : "(accepted)", what); } } while (0)
#define ACCEPTED(cmd) do { int rc_ = send(cmd); CHECK_INT(rc_, 0); \
	if (rc_ != 0) fprintf(stderr, "  '%s' refused: %s\n", cmd, reason); } while (0)

static void
test_temperature_caps(void)
{
	setup();
	ACCEPTED("M104 S240");
	REFUSED("M104 S241", "240 °C");
	REFUSED("M104 S241", "max_nozzle");
	REFUSED("M109 S300", "nozzle target 300");
	REFUSED("M109 R250", "max_nozzle");
	ACCEPTED("M109 R200");
	REFUSED("M104 T1 S260", "max_nozzle");
	ACCEPTED("M140 S100");
	REFUSED("M140 S110", "max_bed");
	REFUSED("M190 S101", "100 °C");
	REFUSED("M190 R120", "bed target 120");
	REFUSED("M104 S-5", "not a temperature");
	/* A letter alone is ignored by M104 (seenval), so nothing changes. */
	ACCEPTED("M104 S");
	CHECK_INT(st.nozzle_target, 200);	/* M109 R200 before: unchanged */
	REFUSED("M104 Shot", "letters run together");
	REFUSED("M104 S1e999", "exponent");
	/* AUTOTEMP's B is a hotend target; a material preset is unknown. */
	REFUSED("M104 S200 B300 F1", "nozzle target 300");
	REFUSED("M109 I1", "material preset");
	ACCEPTED("M104 S0");
	ACCEPTED("m140 s0");
	REFUSED("M303 E0 S300 C8", "max_nozzle");
	REFUSED("M303 E-1 S120 C8", "max_bed");
	REFUSED("M303 E0 C8", "give the target with S");
	REFUSED("M303 E-2 S40", "not in this printer's profile");
	/* Extended commands are Klipper's only. */
	REFUSED("SET_HEATER_TEMPERATURE HEATER=extruder TARGET=300",
	    "not a G-code command");
}

/* Klipper reads classic commands and its own extended ones. */
static void
test_klipper(void)
{
	setup();
	st.flavour = HOST_FLAVOUR_KLIPPER;
	REFUSED("SET_HEATER_TEMPERATURE HEATER=extruder TARGET=300",
	    "max_nozzle");
	REFUSED("set_heater_temperature heater=extruder1 target=241",
	    "max_nozzle");
	REFUSED("SET_HEATER_TEMPERATURE HEATER=heater_bed TARGET=130",
	    "max_bed");
	REFUSED("SET_HEATER_TEMPERATURE HEATER=heater_bed TARGET=\"130\"",
	    "max_bed");
	ACCEPTED("SET_HEATER_TEMPERATURE HEATER=extruder TARGET=200");
	ACCEPTED("SET_HEATER_TEMPERATURE HEATER=extruder");
	/* Klipper keeps the last of two keys: refused, never guessed. */
	REFUSED("SET_HEATER_TEMPERATURE HEATER=extruder TARGET=300 TARGET=100",
	    "more than once");
	REFUSED("SET_HEATER_TEMPERATURE HEATER=extruder TARGET=1e3",
	    "not a number");
	REFUSED("SET_HEATER_TEMPERATURE HEATER=chamber TARGET=60",
	    "not in this printer's profile");
	REFUSED("SET_HEATER_TEMPERATURE HEATER=extruder TARGET=200#x",
	    "comment");
	REFUSED("PID_CALIBRATE HEATER=extruder TARGET=300", "max_nozzle");
	REFUSED("PID_CALIBRATE HEATER=extruder", "TARGET");
	ACCEPTED("PID_CALIBRATE HEATER=heater_bed TARGET=60");
	REFUSED("SET_KINEMATIC_POSITION Z=0", "homing");
	REFUSED("FORCE_MOVE STEPPER=stepper_z DISTANCE=-20 VELOCITY=5",
	    "homing");
	REFUSED("SAVE_CONFIG", "trainer");
	CHECK_INT(send_as("SAVE_CONFIG", HOST_SRC_TRAINER), 0);
	REFUSED("RESPOND PREFIX=ok MSG=x", "PREFIX");
	REFUSED("RESPOND TYPE=command MSG=action:cancel", "TYPE=echo");
	REFUSED("RESPOND MSG=\"ok\"", "looks like a reply");
	ACCEPTED("RESPOND MSG=\"Nozzle is hot, keep hands away\"");
	REFUSED("M118 T:25 /0 B:25 /0", "temperature report");
	ACCEPTED("M118 layer 2 of 10");
	/* Macros and unknown commands: lessons cannot send what is not judged. */
	ACCEPTED("PRINT_START BED=60 EXTRUDER=200");
	CHECK_INT(send_as("PRINT_START BED=60 EXTRUDER=200", HOST_SRC_LESSON), -1);
	CHECK(says("cannot judge PRINT_START"));
	CHECK_INT(send_as("TURN_OFF_HEATERS", HOST_SRC_LESSON), 0);
	ACCEPTED("M104 S200");
	REFUSED("M104 S300", "max_nozzle");
	/* Klipper repeats a bad command in "!! Error on '...'". */
	REFUSED("SET_FAN_SPEED FAN=shutdown", "halting");
	REFUSED("SET_FAN_SPEED FAN=MAXTEMP", "halting");
	REFUSED("SET_FAN_SPEED FAN=\"Printer halted\"", "halting");
	REFUSED("ECHO Klipper state: Shutdown", "KEY=value");
}

/* RepRapFirmware's tool temperatures, its own heater limit and quoting. */
static void
test_rrf(void)
{
	setup();
	st.flavour = HOST_FLAVOUR_RRF;
	REFUSED("G10 P0 S300 R150", "max_nozzle");
	REFUSED("G10 P0 S200 R250", "max_nozzle");
	ACCEPTED("G10 P0 S200 R150");
	REFUSED("G10 P0 X10", "offsets");
	REFUSED("M568 P0 S270", "max_nozzle");
	ACCEPTED("M568 P0 S210 R160 A2");
	REFUSED("M143 H1 S300", "raise the firmware's own limit");
	REFUSED("M143 H0 S150", "max_bed");
	ACCEPTED("M143 H1 S240");
	REFUSED("M303 H0 S120", "max_bed");
	REFUSED("M564 S0", "axis limits must stay on");
	REFUSED("M564 H0", "axis limits must stay on");
	ACCEPTED("M564 S1 H1");
	ACCEPTED("G28");
	REFUSED("G1 H2 Z-10", "ignore the axis limits");
	ACCEPTED("M118 S\"layer 2\" P0");
	REFUSED("M118 S\"ok\"", "looks like a reply");
	REFUSED("M104 S\"300\"", "quoted value");
	CHECK_INT(send_as("M98 P\"macro.g\"", HOST_SRC_LESSON), -1);
	CHECK(says("cannot judge"));
	ACCEPTED("M98 P\"macro.g\"");
}

static void
test_motion_before_homing(void)
{
	setup();
	REFUSED("G1 Z10", "G28");
	REFUSED("G0 X10 Y10", "homed");
	REFUSED("G1 Y10", "G28");
	ACCEPTED("G1 F3000");		/* no axis: nothing moves */
	ACCEPTED("G91");
	ACCEPTED("G1 Z0");		/* relative zero: no move */
	REFUSED("G1 Z5", "Z moves are blocked");
	ACCEPTED("G90");
	ACCEPTED("G28 Z");
	CHECK(st.homed[2] && !st.homed[0]);
	/* Z homed at 0: XY still blocked until Z is high enough. */
	REFUSED("G1 X10", "5 mm");
	REFUSED("G1 X10 Z3", "5 mm");
	ACCEPTED("G1 X10 Z6");
	ACCEPTED("G1 Y20");
	ACCEPTED("G28");
	ACCEPTED("G1 X10 Y10 Z0.2");
	ACCEPTED("G1 X220 Y-5 Z250");
}

static void
test_axis_ranges(void)
{
	setup();
	ACCEPTED("G28");
	REFUSED("G1 X221", "X range 0 to 220");
	REFUSED("G1 X221", "test-printer");
	REFUSED("G0 Y-6", "Y range -5 to 220");
	REFUSED("G1 Z-0.1", "Z range 0 to 250");
	REFUSED("G1 Z251", "Z range");
	/* Marlin reads parameters without spaces; so must the guard. */
	REFUSED("G1X10Y300", "Y range");
	REFUSED("G1 X1e400", "exponent");
	REFUSED("G1 Y-inf", "not a number");
	/* A placeholder the slicer did not fill in is not guessed at. */
	REFUSED("G1 X10 Y{machine_depth}", "placeholder");
	REFUSED("G1 Xnan", "letters run together");
	/* Marlin 2 ignores a bare axis, Marlin 1 moves it to 0. */
	REFUSED("G1 X", "without a value");
	/* Relative moves add up. */
	ACCEPTED("G1 X100 Y100 Z10");
	ACCEPTED("G91");
	ACCEPTED("G1 X100");
	REFUSED("G1 X30", "X 230 mm");
	REFUSED("G1 Z-11", "Z range");
	ACCEPTED("G1 Z-10");
	ACCEPTED("G90");
	/* G92 shifts logical coordinates; the box stays in machine ones. */
	ACCEPTED("G1 X100");
	ACCEPTED("G92 X0");
	ACCEPTED("G1 X120");		/* machine 220 */
	REFUSED("G1 X121", "X 121 mm");
	ACCEPTED("G28 X");
	ACCEPTED("G1 X220");		/* G28 clears the shift */
	/* Arcs: the end point and the whole circle are checked. */
	REFUSED("G2 X230 Y10 I5 J5", "X range");
	ACCEPTED("G1 X100 Y100");
	REFUSED("G2 X100 Y100 I150 J0", "circle");
	REFUSED("G3 X110 Y100 R200", "circle");
	ACCEPTED("G2 X110 Y100 I5 J0");
	REFUSED("G20", "millimetres");
	/* M84 and M410 lose the position: homing again is required. */
	ACCEPTED("M84 S120");
	ACCEPTED("G1 Z5");
	ACCEPTED("M84 E");
	ACCEPTED("G1 Z6");
	ACCEPTED("M84");
	REFUSED("G1 Z5", "G28");
	ACCEPTED("G28");
	ACCEPTED("M410");
	REFUSED("G1 Z5", "G28");
	/* Z homed at the top (Ultimaker 2+): relative moves start there. */
	strcpy(prof.quirks[prof.nquirks++], "z-homes-to-max");
	ACCEPTED("G28");
	ACCEPTED("G91");
	REFUSED("G1 Z1", "Z 251 mm");
	ACCEPTED("G1 Z-10");
	CHECK_NEAR(st.pos[2], 240, 1e-9);
}

static void
test_extrusion(void)
{
	setup();
	REFUSED("G1 E5 F300", "22 °C");
	REFUSED("G1 E5 F300", "180 °C");
	REFUSED("G1 E-2", "min_extrude");
	ACCEPTED("G1 E0");		/* absolute E 0 from 0: no extrusion */
	/* An accepted M109 guarantees the temperature before later lines run. */
	ACCEPTED("M109 S200");
	ACCEPTED("G1 E5 F300");
	ACCEPTED("M104 S150");
	REFUSED("G1 E10", "min_extrude");
	st.nozzle_current = 205;	/* the report says it is still hot */
	ACCEPTED("G1 E10");
	/* Absolute E: the length is the difference. */
	ACCEPTED("G92 E0");
	ACCEPTED("G1 E150");
	REFUSED("G1 E301", "longer than the 150 mm");
	ACCEPTED("G1 E300");
	ACCEPTED("M83");
	REFUSED("G1 E151", "151 mm");
	ACCEPTED("G1 E-150");
	/* M83 stays in force through G90; G91 makes E relative whatever
	 * M82 said, as Cura's end G-code expects ("G91", "G1 E-2"). */
	ACCEPTED("G90");
	CHECK(st.e_relative);
	ACCEPTED("M82");
	CHECK(!st.e_relative);
	ACCEPTED("G1 E290");
	ACCEPTED("G91");
	CHECK(st.e_relative);
	ACCEPTED("G1 E-2");		/* a 2 mm retraction, not -292 */
	ACCEPTED("G90");
	CHECK(!st.e_relative);
	REFUSED("G1 E100", "188 mm");	/* from 288: absolute again */
	setup();
	ACCEPTED("G91");
	CHECK(st.e_relative);
	ACCEPTED("G90");
	CHECK(!st.e_relative);
	/* G92: only axes given with a value; a bare G92 changes nothing. */
	ACCEPTED("G92 E5");
	ACCEPTED("G92");
	CHECK_NEAR(st.e, 5, 1e-9);
	ACCEPTED("G92 E");
	CHECK_NEAR(st.e, 5, 1e-9);
	/* M109 S179.9 waits for 179 °C: value_celsius() truncates. */
	setup();
	ACCEPTED("M109 S179.9");
	REFUSED("G1 E5", "min_extrude");
	REFUSED("M302 P1", "cold extrusion");
	REFUSED("M302 S0", "cold extrusion");
	/* As Marlin reads them: a bare P is true, a bare S is 0 °C, S0.5 is
	 * 0, S65536 wraps to 0 in 16 bits. */
	REFUSED("M302 P", "cold extrusion");
	REFUSED("M302 S", "cold extrusion");
	REFUSED("M302 S0.5", "cold extrusion");
	REFUSED("M302 S65536", "cold extrusion");
	REFUSED("M302 P0.5 S170", "cold extrusion");
	ACCEPTED("M302 P0");
	ACCEPTED("M302 S190");
	ACCEPTED("M302");
}

/* The guard exception of a cold-extrusion demonstration: a short
 * extrusion without motion only, and nothing else changes. */
static void
test_exception(void)
{
	setup();
	REFUSED("G1 E5 F100", "min_extrude");
	CHECK_INT(send_as("G1 E5 F100", HOST_SRC_LESSON), -1);
	CHECK_INT(send_as("M83", HOST_SRC_EXCEPTION), 0);
	CHECK_INT(send_as("G1 E5 F100", HOST_SRC_EXCEPTION), 0);
	CHECK_INT(send_as("G1 E-10", HOST_SRC_EXCEPTION), 0);
	CHECK_INT(send_as("G1 E10.5", HOST_SRC_EXCEPTION), -1);
	CHECK(says("min_extrude"));
	CHECK_INT(send_as("G28", HOST_SRC_EXCEPTION), 0);
	CHECK_INT(send_as("G1 X10 E5", HOST_SRC_EXCEPTION), -1);
	CHECK(says("min_extrude"));
	/* Everything a lesson may not send stays refused. */
	CHECK_INT(send_as("M302 P1", HOST_SRC_EXCEPTION), -1);
	CHECK_INT(send_as("M500", HOST_SRC_EXCEPTION), -1);
	CHECK_INT(send_as("M42 P4 S255", HOST_SRC_EXCEPTION), -1);
	CHECK_INT(send_as("M104 S400", HOST_SRC_EXCEPTION), -1);
}

static void
test_settings_and_link(void)
{
	setup();
	REFUSED("M211 S0", "soft endstops");
	REFUSED("M211 S-1", "soft endstops");
	REFUSED("M211 S0.9", "soft endstops");
	REFUSED("M211 S 0", "space between");
	ACCEPTED("M211 S1");
	ACCEPTED("M211 S");
	ACCEPTED("M211");
	REFUSED("M92 X160", "steps per mm");
	ACCEPTED("M92");
	REFUSED("M500", "trainer");
	REFUSED("M502", "trainer");
	CHECK_INT(send_as("M500", HOST_SRC_LESSON), -1);
	CHECK_INT(send_as("M500", HOST_SRC_JOB), -1);
	CHECK_INT(send_as("M500", HOST_SRC_TRAINER), 0);
	CHECK_INT(send_as("M502", HOST_SRC_TRAINER), 0);
	ACCEPTED("M501");
	ACCEPTED("M503");
	/* The probe offset and PID: reading is free, changing needs the
	 * trainer; lessons may read them. */
	ACCEPTED("M851");
	REFUSED("M851 Z-1.2", "bed");
	CHECK_INT(send_as("M851", HOST_SRC_LESSON), 0);
	CHECK_INT(send_as("M851 Z-1.2", HOST_SRC_LESSON), -1);
	CHECK_INT(send_as("M851 Z-1.2", HOST_SRC_TRAINER), 0);
	/* Prusa's steel sheets: the Live-Z is the Z offset. */
	ACCEPTED("M850");
	CHECK_INT(send_as("M850 S1", HOST_SRC_LESSON), 0);
	REFUSED("M850 Z-0.8", "Live-Z");
	REFUSED("M850 S2 B60", "Live-Z");
	REFUSED("M850 S2 A1", "trainer");
	CHECK_INT(send_as("M850 S0 Z-0.8", HOST_SRC_JOB), -1);
	CHECK_INT(send_as("M850 S0 Z-0.8", HOST_SRC_LESSON), -1);
	CHECK_INT(send_as("M850 S0 Z-0.8", HOST_SRC_TRAINER), 0);
	REFUSED("M301 P20 I1.5 D80", "trainer");
	REFUSED("M304 P70", "trainer");
	CHECK_INT(send_as("M301 P20 I1.5 D80", HOST_SRC_TRAINER), 0);
	CHECK_INT(send_as("M420 V", HOST_SRC_LESSON), 0);
	CHECK_INT(send_as("M420 S1", HOST_SRC_LESSON), 0);
	CHECK_INT(send_as("G81", HOST_SRC_LESSON), 0);
	REFUSED("M110 N0", "managed by layerlab");
	CHECK_INT(send_as("M110 N0", HOST_SRC_HOST), 0);
	REFUSED("N12 G28*33", "line numbers");
	REFUSED("", "nothing to send");
	ACCEPTED("M112");
	ACCEPTED("M862.3 P \"MK3S\"");
	ACCEPTED("M117 Z-99 X999 is only text");
	ACCEPTED("T1");
	REFUSED("FIRMWARE_RESTART", "not a G-code command");
}

/* Text the printer prints back can never pass for one of its replies. */
static void
test_echo_text(void)
{
	setup();
	ACCEPTED("M118 Hello");
	ACCEPTED("M118 E1 A1 Layer 3");
	REFUSED("M118 ok", "looks like a reply");
	REFUSED("M118 E1 ok", "looks like a reply");
	REFUSED("M118 T:200.0 /200.0 B:60.0 /60.0", "temperature report");
	REFUSED("M118 X:0.00 Y:0.00 Z:10.00 E:0.00 Count X:0 Y:0 Z:0",
	    "position report");
	REFUSED("M118 Error:Printer halted", "looks like");
	REFUSED("M118 A1 action:cancel", "action");
	REFUSED("M118 busy: processing", "busy");
	REFUSED("M118 Resend: 3", "resend");
	REFUSED("M118 start", "start");
	REFUSED("M118 E1 E1 E1 E1 hi", "starts like an option");
	REFUSED("M117 ok", "looks like a reply");
	ACCEPTED("M117 Heating: wait");
	/* M0/M1 with a message, as Marlin and Prusa-Firmware read it. */
	CHECK_INT(send_as("M0 Check the first layer", HOST_SRC_JOB), 0);
	CHECK_INT(send_as("M0 S5 You Win!", HOST_SRC_JOB), 0);
	CHECK_INT(send_as("M1", HOST_SRC_JOB), 0);
	CHECK_INT(send_as("M0 ok", HOST_SRC_JOB), -1);
	CHECK(says("M0 text 'ok' looks like a reply"));
}

/* The canonical form the host sends is what was judged. */
static void
test_canonical_form(void)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "g1x10 y20  z5 ; move", "G1 X10 Y20 Z5" },
		{ "G1 X+1.50 E.04", "G1 X1.50 E.04" },
		{ "  M104 S200\r\n", "M104 S200" },
		{ "G28 X Y", "G28 X Y" },
		{ "m118 hello there", "M118 E1 hello there" },
		{ "M118 A1 E1 P0 hi", "M118 E1 P0 hi" },
		{ "M117  Printing...", "M117 Printing..." },
		{ "M862.3 P \"MK3S\"", "M862.3 P \"MK3S\"" },
		{ "G01 X1", "G1 X1" },
		{ "M862.3 P\"MK3S\"", "M862.3 P \"MK3S\"" },
	};
	char canon[GCODE_MAX_LINE];

	setup();
	st.nozzle_current = 200;
	ACCEPTED("G28");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		free(reason);
		reason = NULL;
		canon[0] = '\0';
		CHECK_INT(guard_judge(&st, &prof, cases[i].in, HOST_SRC_CONSOLE,
		    canon, sizeof canon, &reason), 0);
		CHECK_STR(canon, cases[i].out);
		if (reason != NULL)
			fprintf(stderr, "  '%s': %s\n", cases[i].in, reason);
	}
	REFUSED("M104 S255 S100", "more than once");
	REFUSED("M 104 S450", "space between");
	REFUSED("M104 S 450", "space between");
	REFUSED("M104 S100 \"S450\"", "quote");
	REFUSED("M104 S100 \"x S450", "not closed");
	REFUSED("M117 hi*S450", "'*'");
	REFUSED("M104 S2\b70", "control character");
	REFUSED("M104 S200\nM104 S300", "control character");
	REFUSED("M104 S200 \\; S300", "escape");
	REFUSED("M104 (S100) S250", "comment");
	REFUSED("M117 \"a;b\"", "inside quotes");
	REFUSED("X10 Y10", "not a G-code command");
	REFUSED("M104 S0x10", "hexadecimal");
	REFUSED("M104 S1.2.3", "not a number");
	/* Marlin's codenum is 16 bits: G65536 would run as G0. */
	REFUSED("G65536 X500", "65535");
	REFUSED("M862.256", "255");
	REFUSED("M118 S\"a\tb\"", "tab inside quotes");
}

int
main(void)
{
	RUN(test_temperature_caps);
	RUN(test_motion_before_homing);
	RUN(test_axis_ranges);
	RUN(test_extrusion);
	RUN(test_settings_and_link);
	RUN(test_exception);
	RUN(test_klipper);
	RUN(test_rrf);
	RUN(test_echo_text);
	RUN(test_canonical_form);
	free(reason);
	TEST_MAIN_END();
}
