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

void
sim_report_settings(struct sim *sim)
{
	const struct sim_settings *s = &sim->settings;

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
