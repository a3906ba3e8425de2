/*
 * M112 and the other urgent commands, and what a halt leaves, for each
 * firmware the virtual printer can be; also the commands a firmware lacks
 * or answers its own way (M0, M600, ...), as they belong to the same
 * reading of its source:
 *
 * M112, the other urgent commands and the waits for the user:
 * marlin2  the emergency parser (EMERGENCY_PARSER) acts on M108, M112,
 *          M410 and M876 as their bytes arrive; kill() prints "Printer
 *          halted. kill() called!" and nothing more until a reset. M0/M1
 *          and M600 wait for the user with host prompts.
 * prusa    see above; kill() as Marlin's.
 * klipper  GCodeIO._process_data() runs M112 as soon as a line matching
 *          ^(N\d+)?\s*M112(\s|$) has arrived (so not "M112*40", which
 *          runs in its turn), ahead of queued lines. The shutdown prints
 *          "// Klipper state: Shutdown"; from then on every line but
 *          M105, M110, M112, M114, M115 gets the shutdown message as
 *          "// " lines and "!! <reason>", then ok, until FIRMWARE_RESTART
 *          or RESTART ("ok", "// Klipper state: Disconnect", and "//
 *          Klipper state: Ready" when klippy is back). M0, M1, M108, M410,
 *          M876 and M600 do not exist (cmd_default: "// Unknown
 *          command:"M600"", the command word alone, upper-cased).
 * rrf      GCodes2.cpp HandleMcode(): USB has no early check, M112 runs in
 *          its turn: DoEmergencyStop() prints "Emergency Stop! Reset the
 *          controller to continue." and the board answers every command
 *          but M105, M112, M115, M122, M408, M409 with "Error: <cmd>:
 *          Machine is halted" until M999 restarts it. M0/M1 outside a
 *          file print "Pause the print before attempting to cancel it",
 *          M600/M226 "use M226 and M601 only within a file being
 *          printed"; M108 only ends other channels' heating waits; a
 *          command it lacks: "Warning: M410: Command is not supported".
 * repetier gcode.cpp prefetchContent() parses each line as it arrives:
 *          M112 (any line whose checksum holds) calls emergencyStop(),
 *          which with the default KILL_METHOD 1 resets the board (the boot
 *          banner again, heaters off); M108 ends a heating wait. M0, M1,
 *          M410 and M876 do not exist; M600 is the display's filament
 *          wizard, not modelled: this is a Repetier printer without one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim_int.h"

/* The number after "*", as the firmware reads it. */
static long
checksum_of(const char *s, const char *end)
{
	long v = 0;

	while (s < end && *s >= '0' && *s <= '9' && v < 100000)
		v = v * 10 + (*s++ - '0');
	return v;
}

/*
 * M112 taken before its turn: it never reaches the queue's log of executed
 * commands the usual way, so it is logged here, where it acts.
 */
void
sim_m112_early(struct sim *sim)
{
	if (sim->log_fd >= 0)
		(void)!write(sim->log_fd, "M112\n", 5);
	sim_kill_printer(sim, "M112");
}

/* What the firmware says when it halts for why ("M112" or a fault). */
void
sim_fw_halt(struct sim *sim, const char *why)
{
	switch (sim->opt.firmware) {
	case SIM_FW_KLIPPER:
		sim_out_str(sim, "// Klipper state: Shutdown\n");
		break;
	case SIM_FW_RRF:
		/* Its heater faults are Marlin's here (see the table). */
		sim_out_str(sim, strcmp(why, "M112") == 0 ?
		    "Emergency Stop! Reset the controller to continue.\n" :
		    "Error:Printer halted. kill() called!\n");
		break;
	default:
		sim_out_str(sim, "Error:Printer halted. kill() called!\n");
		break;
	}
}

/* Klipper's answer to a command after a shutdown (_respond_error() of
 * cmd_default()'s error, with the help text of error_mcu.py). */
static void
klipper_shutdown_reply(struct sim *sim)
{
	const char *why = sim->halt_reason;

	sim_out_fmt(sim, "// %s\n"
	    "// Once the underlying issue is corrected, use the\n"
	    "// \"FIRMWARE_RESTART\" command to reset the firmware, reload the\n"
	    "// config, and restart the host software.\n"
	    "// Printer is shutdown\n"
	    "!! %s\n", why, why);
}

static bool
text_is(const struct sim_qcmd *q, const char *word)
{
	size_t n = strlen(word);

	if (q->len < n || (q->len > n && q->text[n] != ' '))
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = q->text[i];
		if ((ch >= 'a' && ch <= 'z' ? ch - 32 : ch) != word[i])
			return false;
	}
	return true;
}

static bool
is_m(const struct sim *sim, int code)
{
	return sim->cmd.letter == 'M' && sim->cmd.code == code;
}

/*
 * What a firmware does instead of the command (see the table above):
 * commands it lacks or treats its own way, and everything refused after a
 * halt that answers. Sets *r and returns true when it took the command.
 */
bool
sim_fw_intercept(struct sim *sim, enum sim_result *r)
{
	const struct gcode_cmd *c = &sim->cmd;
	enum sim_firmware fw = sim->opt.firmware;

	*r = CMD_DONE;
	if (sim->shutdown && sim->phase > 0) {
		/* A wait under way ends with the shutdown, and its ok. */
		sim->wait_for_heatup = false;
		sim->wait_for_user = false;
		return true;
	}
	if (fw == SIM_FW_KLIPPER) {
		if (text_is(sim->cur, "FIRMWARE_RESTART") ||
		    text_is(sim->cur, "RESTART")) {
			sim_send_ok(sim, sim->cur);
			sim_out_str(sim, "// Klipper state: Disconnect\n");
			sim->restart_pending = true;
			*r = CMD_DONE_NO_OK;
			return true;
		}
		if (sim->shutdown && !is_m(sim, 105) && !is_m(sim, 110) &&
		    !is_m(sim, 112) && !is_m(sim, 114) && !is_m(sim, 115)) {
			klipper_shutdown_reply(sim);
			return true;
		}
		if (is_m(sim, 0) || is_m(sim, 1) || is_m(sim, 108) ||
		    is_m(sim, 410) || is_m(sim, 876) || is_m(sim, 600)) {
			sim_fw_unknown(sim);
			return true;
		}
		return false;
	}
	if (fw == SIM_FW_RRF) {
		if (sim->shutdown && !is_m(sim, 105) && !is_m(sim, 112) &&
		    !is_m(sim, 115) && !is_m(sim, 122) && !is_m(sim, 408) &&
		    !is_m(sim, 409) && !is_m(sim, 999)) {
			if (c->letter != 0)
				sim_out_fmt(sim, "Error: %c%d: Machine is halted\n",
				    c->letter, c->code);
			else
				sim_out_fmt(sim, "Error: Bad command: %.*s\n",
				    (int)sim->cur->len, sim->cur->text);
			return true;
		}
		if (is_m(sim, 999)) {
			/* SoftwareReset(): the board restarts before any ok. */
			sim->restart_pending = true;
			*r = CMD_DONE_NO_OK;
			return true;
		}
		if (is_m(sim, 0) || is_m(sim, 1)) {
			sim_out_fmt(sim, "Error: M%d: Pause the print before "
			    "attempting to cancel it\n", c->code);
			return true;
		}
		if (is_m(sim, 600) || is_m(sim, 226)) {
			sim_out_fmt(sim, "Error: M%d: use M226 and M601 only "
			    "within a file being printed\n", c->code);
			return true;
		}
		if (is_m(sim, 108))
			return true;
		if (is_m(sim, 410) || is_m(sim, 876)) {
			sim_fw_unknown(sim);
			return true;
		}
		return false;
	}
	if (fw == SIM_FW_REPETIER) {
		if (is_m(sim, 108))
			return true;	/* the prefetch did it */
		if (is_m(sim, 0) || is_m(sim, 1) || is_m(sim, 410) ||
		    is_m(sim, 876) || is_m(sim, 600)) {
			sim_fw_unknown(sim);
			return true;
		}
	}
	return false;
}

/* Said when the firmware is back after restarting itself. */
void
sim_fw_restarted(struct sim *sim)
{
	if (sim->opt.firmware == SIM_FW_KLIPPER)
		sim_out_str(sim, "// Klipper state: Ready\n");
}

/* Marlin's emergency parser, on a line as it arrived. */
static void
marlin_emergency(struct sim *sim, const char *line, size_t len)
{
	size_t p = 0;
	int code;

	if (p < len && (line[p] == 'N' || line[p] == 'n')) {
		p++;
		while (p < len && (line[p] == '-' || (line[p] >= '0' &&
		    line[p] <= '9')))
			p++;
		while (p < len && line[p] == ' ')
			p++;
	}
	if (len - p < 4 || line[p] != 'M')
		return;
	for (size_t i = 1; i <= 3; i++) {
		if (line[p + i] < '0' || line[p + i] > '9')
			return;
	}
	if (p + 4 < len && line[p + 4] != ' ' && line[p + 4] != '*')
		return;
	code = (line[p + 1] - '0') * 100 + (line[p + 2] - '0') * 10 +
	    (line[p + 3] - '0');
	switch (code) {
	case 108:
		sim->wait_for_heatup = false;
		sim->wait_for_user = false;
		break;
	case 112:
		sim_m112_early(sim);
		break;
	case 410:
		/* Quickstop: the planned moves are gone; the head stays
		 * where it is (the planned position is close enough here). */
		sim->mv_count = 0;
		sim->mv_elapsed = 0;
		break;
	case 876: {
		const char *s = memchr(line + p, 'S', len - p);
		if (s != NULL && sim->prompt != PROMPT_NONE) {
			sim->prompt_answer = atoi(s + 1);
			sim->wait_for_user = false;
		}
		break;
	}
	}
}

/* Klipper's m112_r: ^(?:[nN][0-9]+)?\s*[mM]112(?:\s|$) */
static bool
klipper_m112(const char *line, size_t len)
{
	size_t p = 0;

	if (p < len && (line[p] == 'N' || line[p] == 'n')) {
		size_t digits = ++p;
		while (p < len && line[p] >= '0' && line[p] <= '9')
			p++;
		if (p == digits)
			return false;
	}
	while (p < len && (line[p] == ' ' || line[p] == '\t' || line[p] == '\r'))
		p++;
	if (len - p < 4 || (line[p] != 'M' && line[p] != 'm') ||
	    memcmp(line + p + 1, "112", 3) != 0)
		return false;
	p += 4;
	return p == len || line[p] == ' ' || line[p] == '\t' || line[p] == '\r';
}

/* Repetier's prefetch: the line parsed as a command (its checksum must
 * hold when it has one), then testEmergency(). */
static void
repetier_emergency(struct sim *sim, const char *line, size_t len)
{
	const char *star = memchr(line, '*', len);
	const char *end = star != NULL ? star : line + len;
	const char *p = line;
	int code = 0, digits = 0;

	if (star != NULL && checksum_of(star + 1, line + len) !=
	    gcode_checksum(line, (size_t)(star - line)))
		return;
	while (p < end && *p == ' ')
		p++;
	if (p < end && (*p == 'N' || *p == 'n')) {
		p++;
		while (p < end && ((*p >= '0' && *p <= '9') || *p == '-'))
			p++;
		while (p < end && *p == ' ')
			p++;
	}
	if (p >= end || (*p != 'M' && *p != 'm'))
		return;
	for (p++; p < end && *p >= '0' && *p <= '9' && digits < 5; p++, digits++)
		code = code * 10 + (*p - '0');
	if (digits == 0)
		return;
	if (code == 112) {
		sim_m112_early(sim);
	} else if (code == 108)
		sim->wait_for_heatup = false;	/* breakLongCommand */
}

static void
emergency(struct sim *sim, const char *line, size_t len)
{
	switch (sim_fw(sim)->estop) {
	case SIM_ESTOP_PARSER:
		marlin_emergency(sim, line, len);
		break;
	case SIM_ESTOP_LINE:
		if (klipper_m112(line, len))
			sim_m112_early(sim);
		break;
	case SIM_ESTOP_PREFETCH:
		repetier_emergency(sim, line, len);
		break;
	case SIM_ESTOP_AT_READ:
	case SIM_ESTOP_IN_ORDER:
		break;
	}
}

void
sim_emergency_byte(struct sim *sim, char ch)
{
	if (ch == '\n' || ch == '\r') {
		if (!sim->ep_overflow && sim->ep_len > 0)
			emergency(sim, sim->ep_line, sim->ep_len);
		sim->ep_len = 0;
		sim->ep_overflow = false;
		return;
	}
	if (sim->ep_len < sizeof sim->ep_line)
		sim->ep_line[sim->ep_len++] = ch;
	else
		sim->ep_overflow = true;
}
