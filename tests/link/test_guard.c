/* The guard's rules, command by command, against a known profile. */
#include <stdlib.h>
#include <string.h>

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
	/* A letter without a number is ignored, by Marlin and the guard. */
	ACCEPTED("M104 Shot");
	CHECK_INT(st.nozzle_target, 200);	/* M109 R200 before: unchanged */
	REFUSED("M104 S1e999", "S is not a finite number");
	ACCEPTED("M104 S0");
	ACCEPTED("m140 s0");
	REFUSED("M303 E0 S300 C8", "max_nozzle");
	REFUSED("M303 E-1 S120 C8", "max_bed");
	REFUSED("SET_HEATER_TEMPERATURE HEATER=extruder TARGET=300",
	    "max_nozzle");
	REFUSED("SET_HEATER_TEMPERATURE HEATER=heater_bed TARGET=130",
	    "max_bed");
	ACCEPTED("SET_HEATER_TEMPERATURE HEATER=extruder TARGET=200");
	REFUSED("SET_KINEMATIC_POSITION Z=0", "homing");
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
	REFUSED("G1 X1e400", "X is not a finite number");
	REFUSED("G1 Y-inf", "Y is not a finite number");
	/* No number: the firmware does not move that axis; neither does the
	 * guard's idea of the position (Cura leaves such placeholders). */
	ACCEPTED("G1 X10 Y{machine_depth}");
	ACCEPTED("G1 Xnan");
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
	/* Arcs: the end point is checked. */
	REFUSED("G2 X230 Y10 I5 J5", "X range");
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
	REFUSED("M302 P1", "cold extrusion");
	REFUSED("M302 S0", "cold extrusion");
	ACCEPTED("M302");
}

static void
test_settings_and_link(void)
{
	setup();
	REFUSED("M211 S0", "soft endstops");
	ACCEPTED("M211 S1");
	ACCEPTED("M211");
	REFUSED("M500", "trainer");
	REFUSED("M502", "trainer");
	CHECK_INT(send_as("M500", HOST_SRC_LESSON), -1);
	CHECK_INT(send_as("M500", HOST_SRC_JOB), -1);
	CHECK_INT(send_as("M500", HOST_SRC_TRAINER), 0);
	CHECK_INT(send_as("M502", HOST_SRC_TRAINER), 0);
	ACCEPTED("M501");
	ACCEPTED("M503");
	REFUSED("M110 N0", "managed by layerlab");
	CHECK_INT(send_as("M110 N0", HOST_SRC_HOST), 0);
	REFUSED("N12 G28*33", "line numbers");
	REFUSED("", "empty");
	ACCEPTED("M112");
	ACCEPTED("M862.3 P \"MK3S\"");
	ACCEPTED("M117 Z-99 X999 is only text");
	ACCEPTED("T1");
	ACCEPTED("FIRMWARE_RESTART");
}

int
main(void)
{
	RUN(test_temperature_caps);
	RUN(test_motion_before_homing);
	RUN(test_axis_ranges);
	RUN(test_extrusion);
	RUN(test_settings_and_link);
	free(reason);
	TEST_MAIN_END();
}
