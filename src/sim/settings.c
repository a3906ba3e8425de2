/*
 * Settings as the EEPROM holds them (M500/M501/M502/M503), with Marlin's
 * CRC and report format (module/settings.cpp).
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
sim_settings_default(struct sim_settings *s)
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

unsigned
sim_settings_crc(const struct sim_settings *s)
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

/*
 * Prusa-Firmware's M503 (ConfigurationStore.cpp Config_PrintSettings, the
 * TMC2130 form of the MK3S, with FWRETRACT): no M851 and no M420, the
 * Live-Z is per sheet (M850). The thermal model's M310 lines that the
 * MK3S adds at the end are left out.
 */
static void
report_prusa(struct sim *sim)
{
	const struct sim_settings *s = &sim->settings;
	const char *e = "echo:";

	sim_out_fmt(sim, "%sSteps per unit:\n%s  M92 X%.2f Y%.2f Z%.2f E%.2f\n"
	    "%sUStep resolution: \n%s M350 X16 Y16 Z16 E32\n", e, e,
	    s->steps[0], s->steps[1], s->steps[2], s->steps[3], e, e);
	for (int mode = 0; mode < 2; mode++)
		sim_out_fmt(sim, "%sMaximum feedrates - %s (mm/s):\n"
		    "%s  M203 X%.2f Y%.2f Z%.2f E%.2f\n", e, mode == 0 ?
		    "normal" : "stealth", e, s->max_feedrate[0],
		    s->max_feedrate[1], s->max_feedrate[2], s->max_feedrate[3]);
	for (int mode = 0; mode < 2; mode++)
		sim_out_fmt(sim, "%sMaximum acceleration - %s (mm/s2):\n"
		    "%s  M201 X%lu Y%lu Z%lu E%lu\n", e, mode == 0 ? "normal" :
		    "stealth", e, (unsigned long)s->max_accel[0],
		    (unsigned long)s->max_accel[1], (unsigned long)s->max_accel[2],
		    (unsigned long)s->max_accel[3]);
	sim_out_fmt(sim, "%sAcceleration: P=print, R=retract, T=travel\n"
	    "%s  M204 P%.2f R%.2f T%.2f\n", e, e, s->accel_print,
	    s->accel_retract, s->accel_travel);
	sim_out_fmt(sim, "%sAdvanced variables: S=Min feedrate (mm/s), T=Min "
	    "travel feedrate (mm/s), B=minimum segment time (us), X=maximum XY "
	    "jerk (mm/s),  Z=maximum Z jerk (mm/s),  E=maximum E jerk (mm/s)\n"
	    "%s  M205 S0.00 T0.00 B20000 X10.00 Y10.00 Z0.40 E4.50\n"
	    "%sHome offset (mm):\n%s  M206 X0.00 Y0.00 Z0.00\n", e, e, e, e);
	sim_out_fmt(sim, "%sPID settings:\n%s   M301 P%.2f I%.2f D%.2f\n",
	    e, e, s->pid[0], s->pid[1], s->pid[2]);
	sim_out_fmt(sim, "%sPID heatbed settings:\n%s   M304 P%.2f I%.2f "
	    "D%.2f\n", e, e, s->bed_pid[0], s->bed_pid[1], s->bed_pid[2]);
	sim_out_fmt(sim, "%sRetract: S=Length (mm) F:Speed (mm/m) Z: ZLift "
	    "(mm)\n%s   M207 S3.00 F2700.00 Z0.00\n"
	    "%sRecover: S=Extra length (mm) F:Speed (mm/m)\n"
	    "%s   M208 S0.00 F480.00\n"
	    "%sAuto-Retract: S=0 to disable, 1 to interpret extrude-only moves "
	    "as retracts or recoveries\n%s   M209 S0\n"
	    "%sFilament settings: Disabled\n", e, e, e, e, e, e, e);
	sim_out_fmt(sim, "%sArc Settings: P:Max length(mm) S:Min length (mm) "
	    "N:Corrections R:Min segments F:Segments/sec.\n"
	    "%s  M214 P1.00 S0.50 N25 R20 F0\n", e, e);
}

void
sim_report_settings(struct sim *sim)
{
	const struct sim_settings *s = &sim->settings;

	if (sim->opt.firmware == SIM_FW_PRUSA) {
		report_prusa(sim);
		return;
	}

	sim_out_str(sim, "echo:; Linear Units:\necho:  G21 ; (mm)\n"
	    "echo:; Temperature Units:\necho:  M149 C ; Units in Celsius\n"
	    "echo:; Filament settings (Disabled):\necho:  M200 S0 D1.75\n");
	sim_out_fmt(sim, "echo:; Steps per unit:\n"
	    "echo:  M92 X%.2f Y%.2f Z%.2f E%.2f\n",
	    s->steps[0], s->steps[1], s->steps[2], s->steps[3]);
	sim_out_fmt(sim, "echo:; Max feedrates (units/s):\n"
	    "echo:  M203 X%.2f Y%.2f Z%.2f E%.2f\n", s->max_feedrate[0],
	    s->max_feedrate[1], s->max_feedrate[2], s->max_feedrate[3]);
	sim_out_fmt(sim, "echo:; Max Acceleration (units/s2):\n"
	    "echo:  M201 X%.2f Y%.2f Z%.2f E%.2f\n", s->max_accel[0],
	    s->max_accel[1], s->max_accel[2], s->max_accel[3]);
	sim_out_fmt(sim, "echo:; Acceleration (units/s2) (P<print-accel> "
	    "R<retract-accel> T<travel-accel>):\n"
	    "echo:  M204 P%.2f R%.2f T%.2f\n", s->accel_print,
	    s->accel_retract, s->accel_travel);
	sim_out_str(sim, "echo:; Advanced (B<min_segment_time_us> S<min_feedrate> "
	    "T<min_travel_feedrate> J<junc_dev>):\n"
	    "echo:  M205 B20000.00 S0.00 T0.00 J0.08\n"
	    "echo:; Home offset:\necho:  M206 X0.00 Y0.00 Z0.00\n");
	sim_out_fmt(sim, "echo:; Auto Bed Leveling:\n"
	    "echo:  M420 S%d Z%.2f ; Leveling %s\n", sim->leveling ? 1 : 0,
	    s->fade_height, sim->leveling ? "ON" : "OFF");
	sim_out_fmt(sim, "echo:; Hotend PID:\necho:  M301 P%.2f I%.2f D%.2f\n",
	    s->pid[0], s->pid[1], s->pid[2]);
	sim_out_fmt(sim, "echo:; Bed PID:\necho:  M304 P%.2f I%.2f D%.2f\n",
	    s->bed_pid[0], s->bed_pid[1], s->bed_pid[2]);
	sim_out_fmt(sim, "echo:; Z-Probe Offset:\n"
	    "echo:  M851 X%.2f Y%.2f Z%.2f ; (mm)\n", sim_nz(s->probe_offset[0]),
	    sim_nz(s->probe_offset[1]), sim_nz(s->probe_offset[2]));
	sim_out_str(sim, "echo:; Filament load/unload:\n"
	    "echo:  M603 L400.00 U400.00 ; (mm)\n"
	    "echo:; Filament runout sensor:\necho:  M412 S1 ; Sensor ON\n");
}

/*
 * A printer as it leaves Prusa's first-layer calibration: the first sheet
 * (Smooth1) calibrated and active, the others never used. Names from
 * eeprom.cpp eeprom_default_sheet_name(); an uncalibrated sheet's Live-Z
 * reads 0xffff. The -0.700 mm is an example value (MK3S printers usually
 * end somewhere between about -0.5 and -1.2 mm), not a maker's figure.
 */
void
sim_sheets_default(struct sim *sim)
{
	static const char *const names[SIM_SHEETS] = { "Smooth1", "Smooth2",
		"Textur1", "Textur2", "Satin  ", "NylonPA", "Custom1",
		"Custom2" };

	for (int i = 0; i < SIM_SHEETS; i++) {
		memcpy(sim->sheets[i].name, names[i], 7);
		sim->sheets[i].name[7] = '\0';
		sim->sheets[i].z_raw = -1;
		sim->sheets[i].bed_temp = 0xff;
		sim->sheets[i].pinda_temp = 0xff;
	}
	sim->sheets[0].z_raw = (int16_t)(-0.700 * 400);
	sim->sheets[0].bed_temp = 60;
	sim->sheets[0].pinda_temp = 35;
	sim->active_sheet = 0;
}

/*
 * M850 [S<sheet>] [Z<mm>] [L<label>] [B<bed>] [P<pinda>] [A<0|1>]: reads
 * and writes a sheet straight in EEPROM (no M500), and prints it as
 * Prusa-Firmware's Marlin_main.cpp does:
 * "Sheet 0 Z-0.7000 R-280 LSmooth1 B60 P35 A1". Z is kept in Z microsteps
 * (Z_BABYSTEP_MIN -3999 .. Z_BABYSTEP_MAX 0, MK3S.h).
 */
void
sim_cmd_prusa_m850(struct sim *sim)
{
	const struct gcode_cmd *c = &sim->cmd;
	const struct gcode_param *p;
	struct sim_sheet *sh;
	float steps = (float)sim->settings.steps[2];
	unsigned sel = sim->active_sheet;
	double z;
	bool active;

	if (gcode_param(c, 'S') != NULL) {
		double v = gcode_value(c, 'S', 0);

		if (v < 0 || v >= SIM_SHEETS) {
			sim_out_fmt(sim, "Invalid sheet ID. Allowed: 0..%d\n",
			    SIM_SHEETS - 1);
			return;
		}
		sel = (unsigned)v;
	}
	sh = &sim->sheets[sel];
	if (gcode_param(c, 'Z') != NULL) {
		/* int16_t zraw = z_val * cs.axis_steps_per_mm[Z_AXIS], in
		 * the firmware's single-precision floats. */
		double raw = trunc((float)gcode_value(c, 'Z', 0) * steps);

		if (raw < -3999 || raw > 0) {
			sim_out_str(sim, " Z VALUE OUT OF RANGE\n");
			return;
		}
		sh->z_raw = (int16_t)raw;
		z = (float)gcode_value(c, 'Z', 0);
	} else
		z = (float)sh->z_raw / steps;
	if ((p = gcode_param(c, 'L')) != NULL && p->textlen > 0) {
		size_t n = p->textlen < 7 ? p->textlen : 7;

		memset(sh->name, 0, sizeof sh->name);
		memcpy(sh->name, p->text, n);
	}
	if (gcode_param(c, 'B') != NULL)
		sh->bed_temp = (uint8_t)gcode_value(c, 'B', 0);
	if (gcode_param(c, 'P') != NULL)
		sh->pinda_temp = (uint8_t)gcode_value(c, 'P', 0);
	active = sim->active_sheet == sel;
	if (gcode_param(c, 'A') != NULL) {
		active = gcode_value(c, 'A', 0) != 0 || active;
		if (active && sh->z_raw != -1)
			sim->active_sheet = (uint8_t)sel;
		else
			active = false;
	}
	sim_out_fmt(sim, "Sheet %u", sel);
	if (sh->z_raw == -1)
		sim_out_str(sim, " NOT INITIALIZED\n");
	sim_out_fmt(sim, " Z%.4f R%d L%.7s B%d P%d A%d\n", z, sh->z_raw,
	    sh->name, sh->bed_temp, sh->pinda_temp, active ? 1 : 0);
}
