/*
 * The firmware personality: how bytes on the serial port become queued
 * commands and what the printer says back, for each firmware the virtual
 * printer can be. The emergency parser, line numbers and checksums, the
 * receive buffer, the ok and Resend: habits, boot banners and report
 * formats follow each firmware's own source (see the table below).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim_int.h"

/*
 * Each firmware's serial behaviour, from its source:
 *
 * marlin2  Marlin 2.1 gcode/queue.cpp get_serial_commands(): N must be
 *          last_N + 1 (M110 excepted), "*" checksum required with N;
 *          gcode_line_error() empties the RX buffer, flush_and_request_
 *          resend() prints "Resend: N" and "ok". Lines without N are
 *          queued unchecked. parser.cpp with FASTER_GCODE_PARSER: the
 *          last of a repeated parameter wins. "echo:busy: processing"
 *          every 2 s (HOST_KEEPALIVE_FEATURE).
 * prusa    Prusa-Firmware cmdqueue.cpp get_command(): the same numbering,
 *          and a line with "*" but no N is refused ("No Line Number with
 *          checksum"); FlushSerialRequestResend() prints "Resend: N" and
 *          ok; "Full RX Buffer" when the ring is full. code_seen() uses
 *          strchr: the first of a repeated parameter wins. No emergency
 *          parser: a line that is exactly "M112" (after N, before "*")
 *          kills when get_command() reads it, even while a command runs,
 *          as manage_inactivity() reads lines during every wait while
 *          fewer than BUFSIZE - 1 (3) are queued; M108, M410 and M876 do
 *          not exist ("Unknown M code: $<N> M108"), and M0/M1 wait for a
 *          click of the knob (marlin_wait_for_click()) without a host
 *          prompt. M115 lists five Cap: lines.
 * klipper  klippy/gcode.py _process_commands(): a leading N is skipped,
 *          checksums are ignored, never a resend; params is a dict, so
 *          the last repeated parameter wins; "ok" after the output, M105
 *          "ok B:.. /.. T0:.. /..", M115 on the ok line, no boot banner.
 * rrf      RepRapFirmware 3 StringParser::LineFinished(): a bad checksum
 *          drops the line without a word, line numbers are not checked;
 *          Marlin emulation puts "ok" after the reply, "ok T:.." for M105.
 * repetier Repetier-Firmware gcode.cpp checkAndPushCommand(): "ok <N>"
 *          (ACK_WITH_LINENUMBER) as soon as a line is queued, before it
 *          runs; a line seen before is answered "skip N" and ok; a gap
 *          prints "Error:expected line N got M", then requestResend():
 *          the RX buffer is emptied, "\r\nResend:N" and ok; "wait" every
 *          second while idle (WAITING_IDENTIFIER); while a command runs,
 *          "busy:processing" or "busy:heating" every 2 s (keepAlive(),
 *          KEEP_ALIVE_INTERVAL). GCODE_BUFFER_SIZE 1: the next line is
 *          read, and acknowledged, only when the last one has run.
 *
 * M112, the other urgent commands and a halt: urgent.c.
 */
static const struct sim_personality personalities[] = {
	[SIM_FW_MARLIN2] = { "marlin2", true, false, false, false, false,
	    true, true, false, true, SIM_ESTOP_PARSER, SIM_HALT_SILENT, false,
	    true },
	[SIM_FW_PRUSA] = { "prusa", true, false, true, false, false,
	    false, true, false, true, SIM_ESTOP_AT_READ, SIM_HALT_SILENT, true,
	    false },
	[SIM_FW_KLIPPER] = { "klipper", false, false, false, false, false,
	    true, false, false, false, SIM_ESTOP_LINE, SIM_HALT_ANSWERS, false,
	    false },
	[SIM_FW_RRF] = { "rrf", false, true, false, false, false,
	    false, false, false, false, SIM_ESTOP_IN_ORDER, SIM_HALT_ANSWERS,
	    false, false },
	[SIM_FW_REPETIER] = { "repetier", true, false, false, true, true,
	    true, true, true, true, SIM_ESTOP_PREFETCH, SIM_HALT_RESETS, false,
	    false },
};

const struct sim_personality *
sim_fw(const struct sim *sim)
{
	return &personalities[sim->opt.firmware];
}

const char *
sim_firmware_name(enum sim_firmware fw)
{
	return (unsigned)fw < LL_ARRAY_LEN(personalities) ?
	    personalities[fw].name : "?";
}

int
sim_firmware_parse(const char *name, enum sim_firmware *fw)
{
	for (size_t i = 0; i < LL_ARRAY_LEN(personalities); i++) {
		if (strcmp(name, personalities[i].name) == 0) {
			*fw = (enum sim_firmware)i;
			return 0;
		}
	}
	return -1;
}

void
sim_banner(struct sim *sim)
{
	switch (sim->opt.firmware) {
	case SIM_FW_MARLIN2:
		sim_out_str(sim, "start\n"
		    "echo:PowerUp\n"
		    "echo:Marlin " MARLIN_VERSION "\n"
		    "echo: Last Updated: 2023-06-10 | Author: (layerlab, virtual printer)\n"
		    "echo: Compiled: Jun 10 2023\n"
		    "echo: Free Memory: 2717  PlannerBufferBytes: 1312\n");
		sim_out_fmt(sim, "echo:V86 stored settings retrieved (%d bytes; "
		    "crc %u)\n", EEPROM_BYTES, sim_settings_crc(&sim->eeprom));
		sim_report_settings(sim);
		break;
	case SIM_FW_PRUSA:
		sim_out_str(sim, "start\necho: " PRUSA_VERSION "-7080\n"
		    "echo: Last Updated: Jan 10 2024 12:00:00 | Author: (none, default config)\n"
		    "Compiled: Jan 10 2024\necho: Free Memory: 1672  PlannerBufferBytes: 1392\n"
		    "echo:Stored settings retrieved\n"
		    "adc_init\nCrash Detection ON\nLA10C: Linear Advance mode: 1.5\n");
		break;
	case SIM_FW_REPETIER:
		sim_out_str(sim, "start\nInfo:External Reset\n"
		    "Info:Free RAM:3008\nInfo:SelectExtruder:0\n"
		    "Info:FlowMultiply:100\nInfo:PowerUp\n");
		break;
	case SIM_FW_KLIPPER:	/* a host program: nothing reboots */
	case SIM_FW_RRF:	/* native USB: the boot is not on the port */
		break;
	}
}

void
sim_fw_m115(struct sim *sim)
{
	switch (sim->opt.firmware) {
	case SIM_FW_MARLIN2:
		sim_out_str(sim, "FIRMWARE_NAME:Marlin " MARLIN_VERSION
		    " (Jun 10 2023 12:00:00) SOURCE_CODE_URL:github.com/"
		    "MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 "
		    "MACHINE_TYPE:Virtual Printer EXTRUDER_COUNT:1 "
		    "UUID:cede2a2f-41a2-4748-9b12-c55c62f367ff\n"
		    "Cap:SERIAL_XON_XOFF:0\nCap:BINARY_FILE_TRANSFER:0\n"
		    "Cap:EEPROM:1\nCap:VOLUMETRIC:1\n");
		sim_out_str(sim, sim->opt.auto_report_position ?
		    "Cap:AUTOREPORT_POS:1\n" : "Cap:AUTOREPORT_POS:0\n");
		sim_out_str(sim, "Cap:AUTOREPORT_TEMP:1\nCap:PROGRESS:0\n"
		    "Cap:PRINT_JOB:1\nCap:AUTOLEVEL:1\nCap:RUNOUT:1\n"
		    "Cap:Z_PROBE:1\nCap:LEVELING_DATA:1\n"
		    "Cap:BUILD_PERCENT:1\nCap:SOFTWARE_POWER:0\n"
		    "Cap:TOGGLE_LIGHTS:0\nCap:CASE_LIGHT_BRIGHTNESS:0\n"
		    "Cap:EMERGENCY_PARSER:1\nCap:HOST_ACTION_COMMANDS:1\n"
		    "Cap:PROMPT_SUPPORT:1\nCap:SDCARD:0\nCap:REPEAT:0\n"
		    "Cap:SD_WRITE:0\nCap:AUTOREPORT_SD_STATUS:0\n"
		    "Cap:LONG_FILENAME:0\nCap:LFN_WRITE:0\n"
		    "Cap:CUSTOM_FIRMWARE_UPLOAD:0\nCap:EXTENDED_M20:0\n"
		    "Cap:THERMAL_PROTECTION:1\nCap:MOTION_MODES:0\n"
		    "Cap:ARCS:1\nCap:BABYSTEPPING:0\n"
		    "Cap:CHAMBER_TEMPERATURE:0\nCap:COOLER_TEMPERATURE:0\n"
		    "Cap:MEATPACK:0\nCap:CONFIG_EXPORT:0\n");
		break;
	case SIM_FW_PRUSA:
		sim_out_str(sim, "FIRMWARE_NAME:Prusa-Firmware " PRUSA_VERSION
		    " based on Marlin FIRMWARE_URL:https://github.com/prusa3d/"
		    "Prusa-Firmware PROTOCOL_VERSION:1.0 MACHINE_TYPE:Prusa i3 "
		    "MK3S EXTRUDER_COUNT:1 UUID:00000000-0000-0000-0000-"
		    "000000000000\nCap:AUTOREPORT_TEMP:1\nCap:AUTOREPORT_FANS:1\n"
		    "Cap:AUTOREPORT_POSITION:1\nCap:EXTENDED_M20:1\n"
		    "Cap:PRUSA_MMU2:1\n");
		break;
	case SIM_FW_KLIPPER:
		/* gcmd.ack(msg): on the ok line itself. */
		sim_out_str(sim, "ok FIRMWARE_NAME:Klipper FIRMWARE_VERSION:"
		    "v0.12.0-85-gd785b396\n");
		break;
	case SIM_FW_RRF:
		sim_out_str(sim, "FIRMWARE_NAME: RepRapFirmware for Duet 3 MB6HC "
		    "FIRMWARE_VERSION: 3.5.0 ELECTRONICS: Duet 3 MB6HC v1.01 "
		    "FIRMWARE_DATE: 2024-01-10 12:00:00\n");
		break;
	case SIM_FW_REPETIER:
		sim_out_str(sim, "FIRMWARE_NAME:Repetier_1.0.4 COMPILED:Jan 10 "
		    "2024 FIRMWARE_URL:https://github.com/repetier/Repetier-"
		    "Firmware/ PROTOCOL_VERSION:1.0 MACHINE_TYPE:Mendel "
		    "EXTRUDER_COUNT:1 REPETIER_PROTOCOL:3\n");
		/* Commands.cpp, case 115, with the sample Configuration.h
		 * (a display, HOST_RESCUE, EEPROM_MODE 1, no probe, no power
		 * or light pins, EMERGENCY_PARSER 1); then the printer's usage
		 * from its EEPROM and its mode. */
		sim_out_str(sim, "Cap:PROGRESS:1\nCap:AUTOREPORT_TEMP:1\n"
		    "Cap:HOST_RESCUE:1\nCap:EEPROM:1\nCap:AUTOLEVEL:0\n"
		    "Cap:Z_PROBE:0\nCap:SOFTWARE_POWER:0\nCap:TOGGLE_LIGHTS:0\n"
		    "Cap:PAUSESTOP:1\nCap:PREHEAT:1\nCap:EMERGENCY_PARSER:1\n"
		    "Printed filament:0.00m Printing time:0 days 0 hours 0 min\n"
		    "PrinterMode:FFF\n");
		break;
	}
}

static int
power(const struct heater *h)
{
	return (int)lround(h->power * 127);
}

/* A temperature report as the firmware prints it: prefix ("ok", "" for
 * M155 and heating waits) and suffix (" W:5"). */
void
sim_fw_temps(struct sim *sim, const char *prefix, const char *suffix)
{
	const struct heater *t = &sim->hotend, *b = &sim->bed;
	double tt, bt;

	if (sim->opt.speed == 0)
		sim_heater_swing_advance(sim, 1000.0);
	tt = sim_heater_reading(t);
	bt = sim_heater_reading(b);

	switch (sim->opt.firmware) {
	case SIM_FW_MARLIN2:
		/* M303 drives the heater without a target: it reads 0. */
		sim_out_fmt(sim, "%s T:%.2f /%.2f B:%.2f /%.2f @:%d B@:%d%s\n",
		    prefix, sim_nz(tt), sim->tune.active &&
		    sim->tune.h == t ? 0.0 : t->target, sim_nz(bt),
		    sim->tune.active && sim->tune.h == b ? 0.0 : b->target,
		    power(t), power(b), suffix);
		break;
	case SIM_FW_PRUSA:
		sim_out_fmt(sim, "%s T:%.1f /%.1f B:%.1f /%.1f T0:%.1f /%.1f "
		    "@:%d B@:%d P:%.1f A:%.1f%s\n", prefix, tt, t->target,
		    bt, b->target, tt, t->target, power(t), power(b),
		    bt, t->ambient, suffix);
		break;
	case SIM_FW_KLIPPER:	/* sorted gcode ids: B, then T0 */
		sim_out_fmt(sim, "%s%sB:%.1f /%.1f T0:%.1f /%.1f\n", prefix,
		    *prefix != '\0' ? " " : "", bt, b->target, tt,
		    t->target);
		break;
	case SIM_FW_RRF:
		sim_out_fmt(sim, "%s%sT:%.1f /%.1f B:%.1f /%.1f%s\n", prefix,
		    *prefix != '\0' ? " " : "", tt, t->target, bt,
		    b->target, suffix);
		break;
	case SIM_FW_REPETIER:
		sim_out_fmt(sim, "%s%sT:%.2f /%.0f B:%.2f /%.0f B@:%d @:%d%s\n",
		    prefix, *prefix != '\0' ? " " : "", tt, t->target,
		    bt, b->target, power(b), power(t), suffix);
		break;
	}
}

/* M105. Repetier's ok went out when the line was queued. */
enum sim_result
sim_fw_m105(struct sim *sim)
{
	if (sim_fw(sim)->ok_on_receipt) {
		sim_fw_temps(sim, "", "");
		return CMD_DONE;
	}
	sim_fw_temps(sim, "ok", "");
	sim->oks++;
	return CMD_DONE_NO_OK;
}

void
sim_fw_m114(struct sim *sim)
{
	const double *p = sim->pos, *steps = sim->settings.steps;

	switch (sim->opt.firmware) {
	case SIM_FW_MARLIN2:
		sim_out_fmt(sim, "X:%.2f Y:%.2f Z:%.2f E:%.2f Count X:%ld Y:%ld "
		    "Z:%ld\n", sim_nz(p[0]), sim_nz(p[1]), sim_nz(p[2]),
		    sim_nz(p[3]), lround(p[0] * steps[0]),
		    lround(p[1] * steps[1]), lround(p[2] * steps[2]));
		break;
	case SIM_FW_PRUSA:
		sim_out_fmt(sim, "X:%.2f Y:%.2f Z:%.2f E:%.2f Count X: %.2f "
		    "Y:%.2f Z:%.2f E:%.2f\n", sim_nz(p[0]), sim_nz(p[1]),
		    sim_nz(p[2]), sim_nz(p[3]), sim_nz(p[0]), sim_nz(p[1]),
		    sim_nz(p[2]), sim_nz(p[3]));
		break;
	case SIM_FW_KLIPPER:
		sim_out_fmt(sim, "X:%.3f Y:%.3f Z:%.3f E:%.3f\n", p[0], p[1],
		    p[2], p[3]);
		break;
	case SIM_FW_RRF:
		sim_out_fmt(sim, "X:%.3f Y:%.3f Z:%.3f E:%.3f E0:%.1f Count %ld "
		    "%ld %ld Machine %.3f %.3f %.3f Bed comp 0.000\n", p[0],
		    p[1], p[2], p[3], p[3], lround(p[0] * steps[0]),
		    lround(p[1] * steps[1]), lround(p[2] * steps[2]), p[0],
		    p[1], p[2]);
		break;
	case SIM_FW_REPETIER:
		sim_out_fmt(sim, "X:%.2f Y:%.2f Z:%.3f E:%.4f\n", p[0], p[1],
		    p[2], p[3]);
		break;
	}
}

void
sim_fw_unknown(struct sim *sim)
{
	const char *text = sim->cur->text;
	int len = (int)sim->cur->len;

	switch (sim->opt.firmware) {
	case SIM_FW_MARLIN2:
		sim_out_fmt(sim, "echo:Unknown command: \"%.*s\"\n", len, text);
		break;
	case SIM_FW_PRUSA: {
		/* process_commands() prints the queued string, whose N
		 * get_command() overwrote with '$'. */
		char n[24] = "";

		if (sim->cur->numbered)
			snprintf(n, sizeof n, "$%ld ", sim->cur->n);
		if (len > 0 && (text[0] == 'G' || text[0] == 'M'))
			sim_out_fmt(sim, "Unknown %c code: %s%.*s\n", text[0], n,
			    len, text);
		else
			sim_out_fmt(sim, "echo:Unknown command: \"%s%.*s\"(2)\n",
			    n, len, text);
		break;
	}
	case SIM_FW_KLIPPER: {
		/* cmd_default() quotes the command word, upper-cased. */
		char word[32];
		size_t n = 0;

		while ((int)n < len && n + 1 < sizeof word && text[n] != ' ') {
			char ch = text[n];
			word[n++] = ch >= 'a' && ch <= 'z' ? (char)(ch - 32) : ch;
		}
		word[n] = '\0';
		sim_out_fmt(sim, "// Unknown command:\"%s\"\n", word);
		break;
	}
	case SIM_FW_RRF:
		/* HandleResult(): gb.PrintCommand() and the warning. */
		if (sim->cmd.letter == 'G' || sim->cmd.letter == 'M' ||
		    sim->cmd.letter == 'T')
			sim_out_fmt(sim, "Warning: %c%d: Command is not supported\n",
			    sim->cmd.letter, sim->cmd.code);
		else
			sim_out_fmt(sim, "Error: Bad command: %.*s\n", len, text);
		break;
	case SIM_FW_REPETIER:
		sim_out_fmt(sim, "Unknown command:%.*s\n", len, text);
		break;
	}
}

/* The busy line while a command runs (HOST_KEEPALIVE_FEATURE; Repetier's
 * GCode::keepAlive(), without "echo:", saying what it waits for). */
void
sim_fw_keepalive(struct sim *sim)
{
	if (sim->opt.firmware == SIM_FW_REPETIER)
		sim_out_str(sim, sim->wait_for_heatup ? "busy:heating\n" :
		    "busy:processing\n");
	else
		sim_out_str(sim, sim->busy == BUSY_PAUSED_FOR_USER ?
		    "echo:busy: paused for user\n" :
		    "echo:busy: processing\n");
}

/* The ok for queued command q (NULL: the one after Resend:). */
void
sim_fw_ok(struct sim *sim, const struct sim_qcmd *q)
{
	if (sim_fw(sim)->ok_on_receipt) {
		/* checkAndPushCommand(): M110 returns before the numbered ok;
		 * a line without N gets the last N seen (actLineNumber). */
		if (q != NULL && q->len >= 4 && memcmp(q->text, "M110", 4) == 0 &&
		    (q->len == 4 || q->text[4] == ' '))
			sim_out_str(sim, "ok\n");
		else if (q != NULL)
			sim_out_fmt(sim, "ok %ld\n", q->numbered ? q->n :
			    sim->last_n);
		else
			sim_out_str(sim, "ok\n");
		return;
	}
	if (!sim->opt.advanced_ok || q == NULL) {
		/* Marlin 2.1 prints the ok after Resend: as a bare STR_OK. */
		sim_out_str(sim, "ok\n");
		return;
	}
	unsigned planner_free = sim->mv_cap - sim->mv_count;
	unsigned queue_free = sim->opt.bufsize - sim->q_count;
	if (q->numbered)
		sim_out_fmt(sim, "ok N%ld P%u B%u\n", q->n, planner_free,
		    queue_free);
	else
		sim_out_fmt(sim, "ok P%u B%u\n", planner_free, queue_free);
}

/*
 * A line refused for its number or checksum. Marlin and Prusa print the
 * complaint, empty the RX buffer (what is already in it is gone; the rest
 * of a line still on the wire arrives later as a line of its own, without
 * N) and ask for the next line; Repetier says "expected line" first.
 */
static void
line_error(struct sim *sim, const char *what)
{
	sim->line_errors++;
	if (sim->opt.firmware == SIM_FW_REPETIER) {
		sim_out_fmt(sim, "Error:%s\n", what);
		sim->rx_len = 0;
		sim->repetier_skips = 14;
		sim_out_fmt(sim, "\r\nResend:%ld\n", sim->last_n + 1);
		sim_fw_ok(sim, NULL);
		return;
	}
	sim_out_fmt(sim, "Error:%s, Last Line: %ld\n", what, sim->last_n);
	sim->rx_len = 0;
	sim_out_fmt(sim, "Resend: %ld\n", sim->last_n + 1);
	if (sim->opt.ok_after_resend)
		sim_send_ok(sim, NULL);
}

static long
parse_long(const char *s, const char *end)
{
	long v = 0;
	bool neg = false;

	if (s < end && *s == '-') {
		neg = true;
		s++;
	}
	while (s < end && *s >= '0' && *s <= '9' && v < 100000000L)
		v = v * 10 + (*s++ - '0');
	return neg ? -v : v;
}

static bool
checksum_ok(const char *line, const char *star, const char *end)
{
	return parse_long(star + 1, end) ==
	    gcode_checksum(line, (size_t)(star - line));
}

/* Repetier's answer to a line number it did not expect. */
static bool
repetier_unexpected(struct sim *sim, long n)
{
	char what[64];

	if ((unsigned short)(sim->last_n - n) < 40 || sim->repetier_skips > 0) {
		/* Seen before, or garbage after a resend request. */
		if ((unsigned short)(sim->last_n - n) >= 40)
			sim->repetier_skips--;
		sim_out_fmt(sim, "skip %ld\n", n);
		sim_out_str(sim, "ok\n");
		return true;
	}
	snprintf(what, sizeof what, "expected line %ld got %ld",
	    sim->last_n + 1, n);
	line_error(sim, what);
	return true;
}

/*
 * Prusa-Firmware's get_command(): "Handle KILL early, even when Stopped",
 * when the command after N and its spaces, up to "*" or the end of the
 * line as received, is exactly "M112".
 */
static bool
prusa_kill_line(struct sim *sim, const char *cmd, const char *end,
    bool numbered)
{
	if (end - cmd != 4 || memcmp(cmd, "M112", 4) != 0 ||
	    (!numbered && cmd != sim->line))
		return false;
	sim_m112_early(sim);
	return true;
}

static void
line_done(struct sim *sim)
{
	const struct sim_personality *fw = sim_fw(sim);
	char *line = sim->line, *end, *cmd, *star = NULL;
	char *const raw_end = sim->line + sim->line_len;
	size_t len = sim->line_len;
	bool numbered = false;
	long n = 0;
	struct sim_qcmd *q;

	sim->line_len = 0;
	sim->line_comment = false;
	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	while (len > 0 && (*line == ' ' || *line == '\t'))
		line++, len--;
	if (len == 0)
		return;
	if (++sim->lines_in == sim->opt.drop_line && sim->opt.drop_line != 0)
		return;		/* lost on the wire, every byte of it */
	if (sim->noise_next || (sim->opt.error_rate > 0 &&
	    sim_rng_unit(sim) < sim->opt.error_rate)) {
		/* Never the leading N: a line that lost its number would
		 * run unchecked, which no checksum can catch. */
		size_t at = len > 1 ? 1 + (size_t)(sim_rng_next(sim) % (len - 1)) : 0;
		char c = (char)('A' + sim_rng_next(sim) % 26);
		line[at] = c == line[at] ? (char)(c == 'Z' ? 'Y' : c + 1) : c;
		sim->noise_next = false;
	}
	end = line + len;
	for (char *p = line; p < end; p++) {
		if (*p == '*')
			star = p;
	}
	if (*line == 'N' && fw->numbered) {
		/* M110 carries the new number as its own N parameter. */
		char *m110 = NULL, *npos = line;
		for (char *p = line; p + 4 <= end; p++) {
			if (memcmp(p, "M110", 4) == 0) {
				m110 = p;
				break;
			}
		}
		if (m110 != NULL) {
			for (char *p = line + 4 < end ? line + 4 : end; p < end; p++) {
				if (*p == 'N') {
					npos = p;
					break;
				}
			}
		}
		n = parse_long(npos + 1, end);
		if (n != sim->last_n + 1 && m110 == NULL) {
			if (sim->opt.firmware == SIM_FW_REPETIER)
				repetier_unexpected(sim, parse_long(line + 1, end));
			else
				line_error(sim, "Line Number is not Last Line Number+1");
			return;
		}
		if (star == NULL) {
			line_error(sim, "No Checksum with line number");
			return;
		}
		if (!checksum_ok(line, star, end)) {
			line_error(sim, sim->opt.firmware == SIM_FW_REPETIER ?
			    "Wrong checksum" : "checksum mismatch");
			return;
		}
		sim->last_n = n;
		sim->repetier_skips = 0;
		numbered = true;
		n = parse_long(line + 1, end);
	} else if (*line == 'N') {
		/* Klipper skips the number and ignores the checksum; RRF
		 * checks the checksum and drops a bad line silently. */
		if (fw->silent_bad_checksum && star != NULL &&
		    !checksum_ok(line, star, end)) {
			sim->line_errors++;
			return;
		}
		numbered = true;
		n = parse_long(line + 1, end);
	} else if (star != NULL) {
		/* A line without N carrying a checksum: the tail of a line. */
		if (fw->reject_star_without_n) {
			line_error(sim, "No Line Number with checksum");
			return;
		}
		if (fw->silent_bad_checksum && !checksum_ok(line, star, end)) {
			sim->line_errors++;
			return;
		}
	}
	/* The command: after "N<n> ", before "*<cs>". */
	cmd = line;
	if (numbered) {
		cmd++;
		while (cmd < end && ((*cmd >= '0' && *cmd <= '9') || *cmd == '-'))
			cmd++;
	}
	if (star != NULL)
		end = star;
	while (cmd < end && *cmd == ' ')
		cmd++;
	if (fw->estop == SIM_ESTOP_AT_READ && prusa_kill_line(sim, cmd,
	    star != NULL ? star : raw_end, numbered))
		return;
	while (end > cmd && end[-1] == ' ')
		end--;
	if (end == cmd)
		return;
	q = &sim->queue[(sim->q_head + sim->q_count) % sim->opt.bufsize];
	q->len = (unsigned short)(end - cmd);
	memcpy(q->text, cmd, q->len);
	q->numbered = numbered;
	q->n = n;
	q->from_host = true;
	sim->q_count++;
	if (fw->ok_on_receipt)
		sim_send_ok(sim, q);
}

/*
 * get_serial_commands(): only while fewer than limit commands are queued
 * (the one running included). Bytes lost to a full buffer are simply
 * missing, as on a real UART: the line they were part of arrives garbled
 * and its checksum fails; after the drain that follows, the rest of a line
 * on its way arrives without its N.
 */
void
sim_read_serial(struct sim *sim, unsigned limit)
{
	if (sim->opt.firmware == SIM_FW_PRUSA && sim->rx_len >=
	    sim->opt.rx_buffer - 1 && sim->q_count < limit) {
		/* cmdqueue.cpp: "danger that reading of last gcode will not
		 * be completed". */
		sim->rx_len = 0;
		sim_out_str(sim, "Full RX Buffer\n");
	}
	while (sim->q_count < limit && sim->rx_len > 0 &&
	    !sim->halted && !sim->disconnected) {
		char ch = sim->rx[sim->rx_head];

		sim->rx_head = (sim->rx_head + 1) % sim->opt.rx_buffer;
		sim->rx_len--;
		if (ch == '\n' || ch == '\r') {
			line_done(sim);
			continue;
		}
		if (ch == ';')
			sim->line_comment = true;
		if (sim->line_comment)
			continue;
		/* Characters past MAX_CMD_SIZE are dropped; the checksum
		 * then fails and the host re-sends. */
		if (sim->line_len < SIM_MAX_CMD - 1)
			sim->line[sim->line_len++] = ch;
	}
}
