/*
 * Waits for the person at the printer: M0/M1 and the filament change
 * (M600), as Marlin runs them with host prompts and as Prusa-Firmware runs
 * them on its own display, and the knob that ends such a wait.
 */
#include <stdio.h>
#include <string.h>

#include "sim_int.h"

/*
 * A wait for a click of the knob (Marlin's wait_for_user): M108, an M876
 * answer or the knob end it. With knob_after_ms the virtual printer's user
 * presses the knob that long after the wait began, on the clock of the
 * keepalive (a person's time, which the frozen clock of speed 0 does not
 * skip): with knob_after_ms above the keepalive interval, the host always
 * hears "busy: paused for user" before the press.
 */
static void
wait_click(struct sim *sim)
{
	sim->wait_for_user = true;
	sim->busy = BUSY_PAUSED_FOR_USER;
	sim->knob_at = sim->opt.knob_after_ms > 0 ?
	    sim->report_t + sim->opt.knob_after_ms : 0;
}

/* Whether the wait goes on. */
static bool
waiting_click(struct sim *sim)
{
	if (sim->wait_for_user && sim->knob_at > 0 &&
	    sim->report_t >= sim->knob_at)
		sim->wait_for_user = false;
	if (!sim->wait_for_user)
		sim->knob_at = 0;
	return sim->wait_for_user;
}

void
sim_knob_click(struct sim *sim)
{
	/* lcd_consume_click(): a click while nothing waits is dropped. */
	if (sim->executing && sim->wait_for_user)
		sim->wait_for_user = false;
}

/*
 * M600, as Marlin's feature/pause.cpp runs it with host prompts: park and
 * unload, wait for the user (Nozzle Parked / Continue), load and purge,
 * then ask PurgeMore or Continue until Continue (the knob: Continue).
 */
static enum sim_result
marlin_filament_change(struct sim *sim)
{
	for (;;) {
		switch (sim->phase) {
		case 0:
			if (!sim_dry_run(sim) && sim->hotend.target < sim->extrude_min) {
				sim_out_str(sim, "echo:Hotend too cold\n");
				return CMD_DONE;
			}
			if (!sim_synced(sim))
				return CMD_WAIT;
			if (!sim->m600_from_runout)
				sim_out_str(sim, "//action:paused\n");
			sim_prompt(sim, "Pause", "Dismiss", NULL);
			sim->busy = BUSY_PROCESSING;
			sim->wait_until = sim->t + 12000.0;
			sim->phase = 1;
			break;
		case 1:
			if (sim_wait_sim_time(sim, sim->wait_until) == CMD_WAIT)
				return CMD_WAIT;
			sim_prompt(sim, "Nozzle Parked", "Continue", NULL);
			sim->prompt = PROMPT_PARKED;
			sim->prompt_answer = -1;
			wait_click(sim);
			sim->phase = 2;
			break;
		case 2:
			if (waiting_click(sim) && sim->prompt_answer < 0)
				return CMD_WAIT;
			sim->prompt = PROMPT_NONE;
			sim->busy = BUSY_PROCESSING;
			sim->wait_until = sim->t + 15000.0;
			sim->phase = 3;
			break;
		case 3:
			if (sim_wait_sim_time(sim, sim->wait_until) == CMD_WAIT)
				return CMD_WAIT;
			sim_prompt(sim, "Paused", "PurgeMore", "Continue");
			sim->prompt = PROMPT_PURGE;
			sim->prompt_answer = -1;
			wait_click(sim);
			sim->phase = 4;
			break;
		case 4:
			if (waiting_click(sim) && sim->prompt_answer < 0)
				return CMD_WAIT;
			sim->busy = BUSY_PROCESSING;
			if (sim->prompt_answer == 0) {
				/* PurgeMore: purge again and ask again. */
				sim->wait_until = sim->t + 5000.0;
				sim->phase = 3;
				break;
			}
			sim->prompt = PROMPT_NONE;
			sim_out_str(sim, "//action:prompt_end\n//action:resumed\n");
			return CMD_DONE;
		}
	}
}

/*
 * M600 as Prusa-Firmware's gcode_M600() runs it (Marlin_main.cpp), every
 * question on the printer's display and none on the serial port: park,
 * M600_wait_for_user() (press the knob to unload), unload, "Was filament
 * unload successful?", M600_load_filament() (insert the filament and press
 * the knob), load, M600_check_state_and_repeat() ("Changed correctly?":
 * the knob takes the first answer, yes), back to the part. The host sees
 * only the keepalive, "busy: paused for user" while the display waits and
 * "busy: processing" while the printer moves, and at the end the feed rate
 * it enqueues for itself (enquecommandf_P(MSG_M220, ...): its echo here; it
 * is 100 % in the virtual printer, so the command itself is left out).
 * M600_TIMEOUT's cooling while nobody presses the knob is not modelled.
 */
static enum sim_result
prusa_filament_change(struct sim *sim)
{
	/* Simulated milliseconds of each phase's moves. */
	static const double park_ms = 12000.0, unload_ms = 10000.0,
	    load_ms = 15000.0, back_ms = 3000.0;

	for (;;) {
		switch (sim->phase) {
		case 0:
			if (!sim_synced(sim))
				return CMD_WAIT;
			sim->saved_fan = sim->fan;
			sim->fan = 0;
			sim->busy = BUSY_PROCESSING;
			sim->wait_until = sim->t + park_ms;
			sim->phase = 1;
			break;
		case 1:	/* parked: press the knob to unload */
		case 3:	/* unloaded: was it successful? */
		case 6:	/* loaded: changed correctly? */
			if (sim_wait_sim_time(sim, sim->wait_until) == CMD_WAIT)
				return CMD_WAIT;
			wait_click(sim);
			sim->phase++;
			break;
		case 2:
			if (waiting_click(sim))
				return CMD_WAIT;
			sim->busy = BUSY_PROCESSING;
			sim->wait_until = sim->t + unload_ms;
			sim->phase = 3;
			break;
		case 4:
			if (waiting_click(sim))
				return CMD_WAIT;
			/* M600_load_filament(): insert it, press the knob. */
			wait_click(sim);
			sim->phase = 5;
			break;
		case 5:
			if (waiting_click(sim))
				return CMD_WAIT;
			sim->busy = BUSY_PROCESSING;
			sim->wait_until = sim->t + load_ms;
			sim->phase = 6;
			break;
		case 7:
			if (waiting_click(sim))
				return CMD_WAIT;
			sim->busy = BUSY_PROCESSING;
			sim->fan = sim->saved_fan;
			sim->wait_until = sim->t + back_ms;
			sim->phase = 8;
			break;
		case 8:
			if (sim_wait_sim_time(sim, sim->wait_until) == CMD_WAIT)
				return CMD_WAIT;
			sim_out_str(sim, "echo:enqueing \"M220 S100\"\n");
			return CMD_DONE;
		}
	}
}

enum sim_result
sim_cmd_filament_change(struct sim *sim)
{
	if (!sim_fw(sim)->host_prompts)
		return prusa_filament_change(sim);
	return marlin_filament_change(sim);
}

/*
 * M0/M1: wait for the user, with a host prompt where the firmware sends
 * them (Prusa-Firmware shows the text on its display and waits for the
 * knob alone: marlin_wait_for_click()); S<s> or P<ms> time out.
 */
enum sim_result
sim_cmd_user_stop(struct sim *sim)
{
	const struct gcode_cmd *c = &sim->cmd;
	bool prompts = sim_fw(sim)->host_prompts;

	if (sim->phase == 0) {
		const char *p = c->rest, *end = sim->cur->text + sim->cur->len;
		double ms = 0;

		if (!sim_synced(sim))
			return CMD_WAIT;
		if (gcode_param(c, 'P') != NULL)
			ms = gcode_value(c, 'P', 0);
		if (gcode_param(c, 'S') != NULL)
			ms = gcode_value(c, 'S', 0) * 1000.0;
		if (ms > 0) {
			/* Skip the S/P parameter to reach the message. */
			while (p < end && *p == ' ')
				p++;
			if (p < end && (*p == 'S' || *p == 'P'))
				while (p < end && *p != ' ')
					p++;
		}
		while (p < end && *p == ' ')
			p++;
		if (prompts && p < end) {
			char text[SIM_MAX_CMD];
			snprintf(text, sizeof text, "%.*s", (int)(end - p), p);
			sim_prompt(sim, text, "Continue", NULL);
		} else if (prompts)
			sim_prompt(sim, "Click to Resume...", "Continue", NULL);
		sim->prompt = PROMPT_PARKED;
		sim->prompt_answer = -1;
		sim->wait_until = ms > 0 ? sim->t + ms : 0;
		wait_click(sim);
		sim->phase = 1;
	}
	if (waiting_click(sim) && sim->prompt_answer < 0 &&
	    (sim->wait_until == 0 || sim->t < sim->wait_until))
		return CMD_WAIT;
	sim->wait_until = 0;
	sim->knob_at = 0;
	sim->prompt = PROMPT_NONE;
	if (prompts)
		sim_out_str(sim, "//action:prompt_end\n");
	return CMD_DONE;
}
