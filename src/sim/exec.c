/*
 * What each command does once the queue runs it (gcode/gcode.cpp's
 * process_parsed_command): temperatures and waits, filament change with
 * host prompts, messages, settings, reports. Replies whose text differs
 * between firmware come from the personality (firmware.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim_int.h"

bool
sim_dry_run(const struct sim *sim)
{
	return (sim->debug_flags & 8) != 0;
}

bool
sim_too_cold(const struct sim *sim)
{
	return !sim->allow_cold && !sim_dry_run(sim) &&
	    sim->hotend.temp < sim->extrude_min;
}

static enum sim_result
cmd_heat_wait(struct sim *sim, struct heater *h)
{
	const struct gcode_cmd *c = &sim->cmd;
	double diff;

	if (sim->phase == 0) {
		bool has_s = gcode_param(c, 'S') != NULL;
		bool has_r = gcode_param(c, 'R') != NULL;

		if (!has_s && !has_r)
			return CMD_DONE;
		if (sim_dry_run(sim))
			return CMD_DONE;
		sim_heater_set_target(sim, h, gcode_value(c, has_s ? 'S' : 'R', 0));
		/* S waits only while heating. */
		if (has_s && h->temp > h->target)
			return CMD_DONE;
		sim->phase = 1;
		sim->wait_for_heatup = true;
		sim->residency_start = -1;
		sim->report_due = sim->report_t;
	}
	if (!sim->wait_for_heatup) {
		sim->report_due = 0;
		sim->wait_until = 0;
		return CMD_DONE;
	}
	diff = fabs(h->target - h->temp);
	if (sim->residency_start < 0) {
		if (diff < TEMP_WINDOW)
			sim->residency_start = sim->t;
	} else if (diff > TEMP_HYSTERESIS)
		sim->residency_start = sim->t;
	if (h->target == 0 && h->temp < 30)
		sim->residency_start = sim->t - TEMP_RESIDENCY_MS;
	/* Klipper's wait ends once within 1 °C (heaters.py), no residency. */
	if (sim->opt.firmware == SIM_FW_KLIPPER && diff < 1.0)
		sim->residency_start = sim->t - TEMP_RESIDENCY_MS;
	if (sim->report_t >= sim->report_due) {
		char w[32] = "";
		/* The residency countdown is Marlin's; Klipper, RRF and
		 * Repetier report plain temperatures while they wait. */
		bool marlin = sim->opt.firmware == SIM_FW_MARLIN2 ||
		    sim->opt.firmware == SIM_FW_PRUSA;
		if (marlin && sim->residency_start < 0)
			snprintf(w, sizeof w, " W:?");
		else if (marlin)
			snprintf(w, sizeof w, " W:%ld", (long)((TEMP_RESIDENCY_MS -
			    (sim->t - sim->residency_start)) / 1000.0 + 0.999));
		sim_fw_temps(sim, "", w);
		sim->report_due = sim->report_t + 1000.0;
	}
	if (sim->residency_start >= 0 &&
	    sim->t - sim->residency_start >= TEMP_RESIDENCY_MS) {
		sim->report_due = 0;
		sim->wait_until = 0;
		return CMD_DONE;
	}
	sim->wait_until = sim->residency_start >= 0 ?
	    sim->residency_start + TEMP_RESIDENCY_MS : 0;
	return CMD_WAIT;
}

static void
cmd_m118(struct sim *sim)
{
	const char *p = sim->cmd.rest;
	const char *end = sim->cur->text + sim->cur->len;
	bool echo = false, action = false;

	/* Leading E1, A1 and Pn flags, then the text. */
	for (;;) {
		while (p < end && *p == ' ')
			p++;
		if (end - p >= 2 && (p[0] == 'E' || p[0] == 'A' || p[0] == 'P') &&
		    p[1] >= '0' && p[1] <= '9' && (end - p == 2 || p[2] == ' ')) {
			if (p[0] == 'E')
				echo = p[1] != '0';
			if (p[0] == 'A')
				action = p[1] != '0';
			p += 2;
			continue;
		}
		break;
	}
	sim_out_fmt(sim, "%s%s%.*s\n", echo ? "echo:" : "", action ? "//" : "",
	    (int)(end - p), p);
}

static void
cmd_m111(struct sim *sim)
{
	static const char *const names[] = { "ECHO", "INFO", "ERRORS",
	    "DRYRUN", "COMMUNICATION", "LEVELING" };
	struct buf b;

	if (gcode_param(&sim->cmd, 'S') != NULL)
		sim->debug_flags = (unsigned)gcode_value(&sim->cmd, 'S', 0) & 0xff;
	buf_init(&b);
	buf_append_str(&b, "echo:DEBUG:");
	if (sim->debug_flags == 0)
		buf_append_str(&b, "off");
	for (unsigned i = 0, n = 0; i < LL_ARRAY_LEN(names); i++) {
		if (sim->debug_flags & (1u << i))
			buf_appendf(&b, "%s%s", n++ ? "," : "", names[i]);
	}
	buf_append_str(&b, "\n");
	sim_out_str(sim, b.data);
	buf_free(&b);
}

static void
cmd_m420(struct sim *sim)
{
	const struct gcode_cmd *c = &sim->cmd;
	bool want = gcode_value(c, 'S', 0) != 0;

	if (gcode_param(c, 'Z') != NULL)
		sim->settings.fade_height = gcode_value(c, 'Z', 0);
	bool seen_v = gcode_param(c, 'V') != NULL;

	if (gcode_param(c, 'S') != NULL && !want)
		sim->leveling = false;
	/* M420.cpp: V or enabling without a mesh says so and skips to the
	 * report; V prints the grid, then S and Z take effect. */
	if (!sim->mesh_valid && ((gcode_param(c, 'S') != NULL && want) ||
	    seen_v))
		sim_out_str(sim, "echo:Invalid mesh.\n");
	else {
		if (seen_v)
			sim_report_mesh(sim);
		if (gcode_param(c, 'Z') != NULL)
			sim->settings.fade_height = gcode_value(c, 'Z', 0);
		if (gcode_param(c, 'S') != NULL)
			sim->leveling = want;
	}
	if (gcode_param(c, 'S') != NULL && want && !sim->leveling)
		sim_out_str(sim, "Error:Failed to enable Bed Leveling\n");
	sim_out_fmt(sim, "echo:Bed Leveling %s\n", sim->leveling ? "ON" : "OFF");
	if (sim->settings.fade_height > 0)
		sim_out_fmt(sim, "echo:Fade Height %.2f\n",
		    sim->settings.fade_height);
	else
		sim_out_str(sim, "echo:Fade Height OFF\n");
}

static void
set_axes(const struct gcode_cmd *c, double *v, int n)
{
	static const char axes[4] = { 'X', 'Y', 'Z', 'E' };

	for (int i = 0; i < n; i++)
		v[i] = gcode_value(c, axes[i], v[i]);
}

static void
cmd_m9000(struct sim *sim)
{
	const struct gcode_param *p = gcode_param(&sim->cmd, 'F');
	char name[48];
	enum sim_fault f;
	int heater;

	if (p == NULL || p->textlen == 0 || p->textlen >= sizeof name) {
		sim_out_str(sim, "echo:M9000: name a fault with F<name>\n");
		return;
	}
	memcpy(name, p->text, p->textlen);
	name[p->textlen] = '\0';
	/* "action-pause": what the printer's own menu sends the host. */
	if (strncmp(name, "action-", 7) == 0) {
		sim_out_fmt(sim, "//action:%s\n", name + 7);
		return;
	}
	/* The trainee's hand on a switch, and faults with an amount. */
	if (strncmp(name, "hold-", 5) == 0 || strncmp(name, "release", 7) == 0 ||
	    strchr(name, ':') != NULL) {
		char full[56], *cause = NULL;

		snprintf(full, sizeof full, "%s%s", gcode_param(&sim->cmd, 'B') !=
		    NULL && strchr(name, ':') != NULL ? "bed-" : "", name);
		if (sim_inject_name(sim, full, &cause) != 0) {
			sim_out_fmt(sim, "echo:M9000: %s\n", cause);
			free(cause);
		} else
			sim_out_fmt(sim, "echo:M9000: %s\n", full);
		return;
	}
	if (sim_fault_parse(name, &f, &heater) != 0) {
		sim_out_fmt(sim, "echo:M9000: unknown fault \"%s\"\n", name);
		return;
	}
	if (gcode_param(&sim->cmd, 'B') != NULL)
		heater = -1;
	/* The reply first: the fault may be the connection itself. */
	sim_out_fmt(sim, "echo:M9000: %s%s\n", heater < 0 ? "bed-" : "", name);
	if (f == SIM_FAULT_DISCONNECT) {
		sim->disconnected = true;
		sim_port_disconnect(sim);
		return;
	}
	if (f == SIM_FAULT_DROP_OK) {
		sim->drop_arm = true;
		return;
	}
	sim_inject(sim, f, heater);
}

enum sim_result
sim_execute(struct sim *sim)
{
	const struct gcode_cmd *c = &sim->cmd;
	struct sim_settings *s = &sim->settings;
	enum sim_result taken;

	if (sim_fw_intercept(sim, &taken))
		return taken;
	if (c->letter == 'G') {
		switch (c->code) {
		case 0:
		case 1:
			return sim_cmd_move(sim, false, false);
		case 2:
		case 3:
			return sim_cmd_move(sim, true, c->code == 3);
		case 4:
			return sim_cmd_dwell(sim);
		case 21:
			return CMD_DONE;
		case 28:
			return sim_cmd_home(sim);
		case 29:
			return sim_cmd_probe_mesh(sim);
		case 80:
		case 81:
			if (sim->opt.firmware != SIM_FW_PRUSA)
				break;	/* Marlin 2 has neither */
			if (c->code == 80)
				return sim_cmd_prusa_g80(sim);
			/* gcode_G81_M420() */
			if (sim->leveling)
				sim_report_mesh(sim);
			else
				sim_out_str(sim, "Mesh bed leveling not active.\n");
			return CMD_DONE;
		case 90:
			sim->relative = false;
			return CMD_DONE;
		case 91:
			sim->relative = true;
			return CMD_DONE;
		case 92:
			set_axes(c, sim->pos, 4);
			return CMD_DONE;
		}
	} else if (c->letter == 'T') {
		if (c->code != 0)
			sim_out_fmt(sim, "echo:T%d Invalid extruder\n", c->code);
		return CMD_DONE;
	} else if (c->letter == 'M') {
		switch (c->code) {
		case 0:
		case 1:
			return sim_cmd_user_stop(sim);
		case 108: case 410: case 876:
			if (sim_fw(sim)->estop != SIM_ESTOP_PARSER)
				break;	/* Prusa-Firmware has none of them */
			/* Done by the emergency parser when the bytes
			 * arrived. */
			return CMD_DONE;
		case 112:
			/* In its turn: a line no early check took ("M112 S0"
			 * at Prusa's, "M112*40" at Klipper's, any at RRF's). */
			if (sim_fw(sim)->estop != SIM_ESTOP_PARSER)
				sim_kill_printer(sim, "M112");
			return CMD_DONE;
		case 17: case 31: case 75: case 76: case 77: case 73:
		case 149: case 200: case 205: case 206: case 412: case 603:
		case 300:
			return CMD_DONE;
		case 110:
			/* A numbered M110 took its number when it was read;
			 * a plain one sets it now. */
			if (!sim->cur->numbered && gcode_param(c, 'N') != NULL)
				sim->last_n = (long)gcode_value(c, 'N', 0);
			return CMD_DONE;
		case 18:
		case 84:
			if (gcode_param(c, 'S') != NULL)
				return CMD_DONE;	/* only the idle timeout */
			if (!sim_synced(sim))
				return CMD_WAIT;
			memset(sim->homed, 0, sizeof sim->homed);
			return CMD_DONE;
		case 82:
			sim->e_relative = false;
			return CMD_DONE;
		case 83:
			sim->e_relative = true;
			return CMD_DONE;
		case 92:
			if (c->nparams == 0)
				sim_out_fmt(sim, "echo:  M92 X%.2f Y%.2f Z%.2f E%.2f\n",
				    s->steps[0], s->steps[1], s->steps[2], s->steps[3]);
			set_axes(c, s->steps, 4);
			return CMD_DONE;
		case 104:
		case 140:
			if (!sim_dry_run(sim) && gcode_param(c, 'S') != NULL)
				sim_heater_set_target(sim, c->code == 104 ?
				    &sim->hotend : &sim->bed,
				    gcode_value(c, 'S', 0));
			return CMD_DONE;
		case 105:
			return sim_fw_m105(sim);
		case 106:
			sim->fan = (int)gcode_value(c, 'S', 255);
			if (sim->fan < 0)
				sim->fan = 0;
			if (sim->fan > 255)
				sim->fan = 255;
			return CMD_DONE;
		case 107:
			sim->fan = 0;
			return CMD_DONE;
		case 109:
			return cmd_heat_wait(sim, &sim->hotend);
		case 190:
			return cmd_heat_wait(sim, &sim->bed);
		case 111:
			cmd_m111(sim);
			return CMD_DONE;
		case 113:
			if (gcode_param(c, 'S') != NULL)
				sim->keepalive_s = (unsigned)gcode_value(c, 'S', 2);
			else
				sim_out_fmt(sim, "echo:M113 S%u\n", sim->keepalive_s);
			return CMD_DONE;
		case 114:
			sim_fw_m114(sim);
			return CMD_DONE;
		case 115:
			sim_fw_m115(sim);
			if (sim->opt.firmware == SIM_FW_KLIPPER) {
				sim->oks++;	/* the identity is on the ok line */
				return CMD_DONE_NO_OK;
			}
			return CMD_DONE;
		case 117: {
			const char *p = c->rest;
			size_t n = (size_t)(sim->cur->text + sim->cur->len - p);
			while (n > 0 && *p == ' ')
				p++, n--;
			if (n >= sizeof sim->message)
				n = sizeof sim->message - 1;
			memcpy(sim->message, p, n);
			sim->message[n] = '\0';
			return CMD_DONE;
		}
		case 118:
			cmd_m118(sim);
			return CMD_DONE;
		case 119:
			sim_report_endstops(sim);
			return CMD_DONE;
		case 154:
			/* Only in a build with AUTO_REPORT_POSITION; like
			 * M155, at most 60 s, and the first report comes one
			 * interval later (libs/autoreport.h). */
			if (sim->opt.firmware != SIM_FW_MARLIN2 ||
			    !sim->opt.auto_report_position)
				break;
			if (gcode_param(c, 'S') != NULL &&
			    gcode_param(c, 'S')->has_value) {
				double v = gcode_value(c, 'S', 0);
				sim->pos_report_s = v <= 0 ? 0 : v >= 60 ? 60 :
				    (unsigned)v;
				sim->pos_report_due = sim->report_t +
				    sim->pos_report_s * 1000.0;
			}
			return CMD_DONE;
		case 155:
			sim->autoreport_s = (unsigned)gcode_value(c, 'S',
			    sim->autoreport_s);
			sim->autoreport_due = sim->report_t +
			    sim->autoreport_s * 1000.0;
			return CMD_DONE;
		case 201:
			set_axes(c, s->max_accel, 4);
			return CMD_DONE;
		case 203:
			set_axes(c, s->max_feedrate, 4);
			return CMD_DONE;
		case 204:
			s->accel_print = gcode_value(c, 'P', gcode_value(c, 'S',
			    s->accel_print));
			s->accel_retract = gcode_value(c, 'R', s->accel_retract);
			s->accel_travel = gcode_value(c, 'T', gcode_value(c, 'S',
			    s->accel_travel));
			return CMD_DONE;
		case 211:
			if (gcode_param(c, 'S') != NULL)
				sim->soft_endstops = gcode_value(c, 'S', 1) != 0;
			sim_out_fmt(sim, "echo:; Soft Endstops:\n"
			    "echo:  M211 S%d ; %s\n"
			    "echo:  Min:  X0.00 Y0.00 Z0.00   Max:  X%.2f Y%.2f "
			    "Z%.2f\n", sim->soft_endstops ? 1 : 0,
			    sim->soft_endstops ? "ON" : "OFF", sim->axis_max[0],
			    sim->axis_max[1], sim->axis_max[2]);
			return CMD_DONE;
		case 220:
			if (gcode_param(c, 'S') != NULL)
				sim->feed_pct = (int)gcode_value(c, 'S', 100);
			else
				sim_out_fmt(sim, "echo:FR:%d%%\n", sim->feed_pct);
			return CMD_DONE;
		case 221:
			if (gcode_param(c, 'S') != NULL)
				sim->flow_pct = (int)gcode_value(c, 'S', 100);
			else
				sim_out_fmt(sim, "echo:E0 Flow: %d%%\n", sim->flow_pct);
			return CMD_DONE;
		case 301:
			s->pid[0] = gcode_value(c, 'P', s->pid[0]);
			s->pid[1] = gcode_value(c, 'I', s->pid[1]);
			s->pid[2] = gcode_value(c, 'D', s->pid[2]);
			return CMD_DONE;
		case 302: {
			bool seen_s = gcode_param(c, 'S') != NULL;

			if (seen_s) {
				sim->extrude_min = gcode_value(c, 'S', 170);
				sim->allow_cold = sim->extrude_min == 0;
			}
			if (gcode_param(c, 'P') != NULL)
				sim->allow_cold = sim->extrude_min == 0 ||
				    gcode_value(c, 'P', 1) != 0;
			else if (!seen_s)
				sim_out_fmt(sim, "echo:Cold extrudes are %sabled (min "
				    "temp %.0fC)\n", sim->allow_cold ? "en" : "dis",
				    sim->extrude_min);
			return CMD_DONE;
		}
		case 304:
			s->bed_pid[0] = gcode_value(c, 'P', s->bed_pid[0]);
			s->bed_pid[1] = gcode_value(c, 'I', s->bed_pid[1]);
			s->bed_pid[2] = gcode_value(c, 'D', s->bed_pid[2]);
			return CMD_DONE;
		case 400:
			return sim_synced(sim) ? CMD_DONE : CMD_WAIT;
		case 420:
			cmd_m420(sim);
			return CMD_DONE;
		case 500:
			sim->eeprom = sim->settings;
			sim_out_fmt(sim, "echo:Settings Stored (%d bytes; crc %u)\n",
			    EEPROM_BYTES, sim_settings_crc(&sim->eeprom));
			return CMD_DONE;
		case 501:
			sim->settings = sim->eeprom;
			sim_out_fmt(sim, "echo:V86 stored settings retrieved (%d bytes; "
			    "crc %u)\n", EEPROM_BYTES, sim_settings_crc(&sim->eeprom));
			return CMD_DONE;
		case 502:
			sim_settings_default(&sim->settings);
			sim_out_str(sim, "echo:Hardcoded Default Settings Loaded\n");
			return CMD_DONE;
		case 503:
			sim_report_settings(sim);
			return CMD_DONE;
		case 303:
			return sim_cmd_autotune(sim);
		case 600:
			return sim_cmd_filament_change(sim);
		case 850:
			if (sim->opt.firmware != SIM_FW_PRUSA)
				break;	/* Marlin 2 has no sheets */
			sim_cmd_prusa_m850(sim);
			return CMD_DONE;
		case 851:
			/* Prusa-Firmware builds M851 only with
			 * ENABLE_AUTO_BED_LEVELING, off for the MK3S
			 * (Configuration.h): Live-Z is per sheet (M850). */
			if (sim->opt.firmware == SIM_FW_PRUSA)
				break;
			if (c->nparams == 0)
				sim_out_fmt(sim, "echo:; Z-Probe Offset:\n"
				    "echo:  M851 X%.2f Y%.2f Z%.2f ; (mm)\n",
				    sim_nz(s->probe_offset[0]), sim_nz(s->probe_offset[1]),
				    sim_nz(s->probe_offset[2]));
			set_axes(c, s->probe_offset, 3);
			return CMD_DONE;
		case 999:
			/* Leaves the Stopped state (never a kill) and asks for
			 * the line after the last one it took. */
			if (gcode_value(c, 'S', 0) == 0)
				sim_out_fmt(sim, "Resend: %ld\n", sim->last_n + 1);
			return CMD_DONE;
		case 9000:
			cmd_m9000(sim);
			return CMD_DONE;
		}
	}
	sim_fw_unknown(sim);
	return CMD_DONE;
}
