/*
 * The virtual printer's core: the simulated clock and what runs on it,
 * the boot, the main loop that takes commands from the queue and runs
 * them (Marlin's loop(): queue.advance()), the UART the host writes into,
 * and the public interface. What a command does is in exec.c (motion.c,
 * thermal.c, settings.c), how lines are read and answered is the firmware
 * personality (firmware.c), faults are in faults.c.
 *
 * Time: sim->t is simulated milliseconds. At speed S it advances S times as
 * fast as the real clock. At speed 0 it stands still, heaters settle at once
 * and a command that would wait for time (G4, G28, M109 residency) jumps
 * the clock to the moment its wait ends, so whole print jobs run as fast as
 * the bytes arrive.
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
sim_options_default(struct sim_options *o)
{
	memset(o, 0, sizeof *o);
	o->speed = 1.0;
	o->rx_buffer = 128;
	o->bufsize = 0;		/* the firmware's own (sim_new) */
	o->block_buffer = 16;
	o->seed = 1;
	/* Marlin 2.1's flush_and_request_resend() ends with an ok. */
	o->ok_after_resend = true;
	o->firmware = SIM_FW_MARLIN2;
	/* An Arduino bootloader listens about this long after a reset. */
	o->boot_ms = 400;
}

void
sim_out_str(struct sim *sim, const char *s)
{
	if (!sim->halted && !sim->disconnected)
		buf_append_str(&sim->out, s);
}

void LL_PRINTF(2, 3)
sim_out_fmt(struct sim *sim, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	if (sim->halted || sim->disconnected)
		return;
	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n > 0)
		buf_append(&sim->out, tmp, (size_t)n < sizeof tmp ? (size_t)n :
		    sizeof tmp - 1);
}

/* Marlin prints floats with two decimals; never as "-0.00". */
double
sim_nz(double v)
{
	return fabs(v) < 0.005 ? 0.0 : v;
}

void
sim_send_ok(struct sim *sim, const struct sim_qcmd *q)
{
	sim->oks++;
	if (sim->drop_arm) {
		/* M9000 Fdrop-ok: its own ok goes out, the next one not. */
		sim->drop_arm = false;
		sim->drop_next_ok = true;
	} else
	if (sim->drop_next_ok ||
	    (sim->opt.drop_ok != 0 && sim->oks == sim->opt.drop_ok)) {
		sim->drop_next_ok = false;
		return;
	}
	sim_fw_ok(sim, q);
}


void
sim_prompt(struct sim *sim, const char *text, const char *b1, const char *b2)
{
	sim_out_str(sim, "//action:prompt_end\n");
	sim_out_fmt(sim, "//action:prompt_begin %s\n", text);
	if (b1 != NULL)
		sim_out_fmt(sim, "//action:prompt_button %s\n", b1);
	if (b2 != NULL)
		sim_out_fmt(sim, "//action:prompt_button %s\n", b2);
	sim_out_str(sim, "//action:prompt_show\n");
}

static void
log_command(struct sim *sim, const struct sim_qcmd *q)
{
	char tmp[SIM_MAX_CMD + 1];

	if (sim->log_fd < 0 || !q->from_host)
		return;
	memcpy(tmp, q->text, q->len);
	tmp[q->len] = '\n';
	/* One write per line on an O_APPEND fd: a crash never leaves half a
	 * line, and a reader sees each command as soon as it ran. */
	if (write(sim->log_fd, tmp, q->len + 1) < 0)
		log_debug("sim: log write: %s", strerror(errno));
}

static double
report_now(const struct sim *sim, uint64_t now)
{
	double scale = sim->opt.speed > 1 ? sim->opt.speed : 1;

	return (double)(now - sim->real0) * scale;
}

static void
physics(struct sim *sim, double dt)
{
	if (dt <= 0)
		return;
	sim->t += dt;
	sim_heater_swing_advance(sim, dt);
	sim_planner_advance(sim, dt);
	sim_heater_advance(&sim->hotend, dt);
	sim_heater_advance(&sim->bed, dt);
	sim_heater_protect(sim, &sim->hotend);
	sim_heater_protect(sim, &sim->bed);
}

static void
advance(struct sim *sim, uint64_t now)
{
	if (!sim->started) {
		sim->started = true;
		sim->real0 = sim->real_last = now;
		sim->autoreport_due = 0;
		sim->next_busy = KEEPALIVE_S * 1000.0;
	}
	if (now < sim->real_last)
		now = sim->real_last;
	if (sim->opt.speed > 0)
		physics(sim, (double)(now - sim->real_last) * sim->opt.speed);
	else {
		/* Frozen clock: heaters settle at once, faults fire at once. */
		sim_heater_advance(&sim->hotend, 1e12);
		sim_heater_advance(&sim->bed, 1e12);
		sim_heater_protect(sim, &sim->hotend);
		sim_heater_protect(sim, &sim->bed);
	}
	sim->real_last = now;
	sim->report_t = report_now(sim, now);

	if (sim->halted || sim->disconnected)
		return;
	if (sim->autoreport_s > 0 && sim->report_t >= sim->autoreport_due) {
		sim_fw_temps(sim, "", "");
		sim->autoreport_due = sim->report_t + sim->autoreport_s * 1000.0;
	}
	/* Marlin's idle() ticks the position reporter after the
	 * temperatures': the same projected position M114 reports. */
	if (sim->pos_report_s > 0 && sim->report_t >= sim->pos_report_due) {
		sim_fw_m114(sim);
		sim->pos_report_due = sim->report_t + sim->pos_report_s * 1000.0;
	}
	if (sim_fw(sim)->idle_wait && !sim->executing && sim->q_count == 0 &&
	    sim->rx_len == 0 && sim->report_t >= sim->next_wait) {
		sim_out_str(sim, "wait\n");
		sim->next_wait = sim->report_t + 1000.0;
	}
	if (sim->executing && sim->keepalive_s > 0 && sim_fw(sim)->keepalive &&
	    sim->report_t >= sim->next_busy) {
		sim_fw_keepalive(sim);
		sim->next_busy = sim->report_t + sim->keepalive_s * 1000.0;
	}
}

static uint64_t
real_at_report(const struct sim *sim, double report_t)
{
	double scale = sim->opt.speed > 1 ? sim->opt.speed : 1;
	double ms = report_t / scale;

	if (ms < (double)(sim->real_last - sim->real0))
		return sim->real_last;
	return sim->real0 + (uint64_t)ceil(ms);
}

static uint64_t
real_at_sim(const struct sim *sim, double t)
{
	if (sim->opt.speed == 0 || t <= sim->t)
		return sim->real_last;
	return sim->real_last + (uint64_t)ceil((t - sim->t) / sim->opt.speed);
}

static uint64_t
earliest(uint64_t a, uint64_t b)
{
	if (a == 0)
		return b;
	if (b == 0)
		return a;
	return a < b ? a : b;
}

uint64_t
sim_next_wakeup(const struct sim *sim)
{
	uint64_t due = 0;

	if (!sim->started || sim->halted || sim->disconnected) {
		/* A halted printer still cools down for the status panel. */
		if (sim->started && sim->halted && sim->opt.speed > 0 &&
		    (sim->hotend.temp > 30 || sim->bed.temp > 30))
			return sim->real_last + 1000;
		return 0;
	}
	if (sim->autoreport_s > 0)
		due = earliest(due, real_at_report(sim, sim->autoreport_due));
	if (sim->pos_report_s > 0)
		due = earliest(due, real_at_report(sim, sim->pos_report_due));
	if (sim_fw(sim)->idle_wait && !sim->executing && sim->q_count == 0 &&
	    sim->rx_len == 0)
		due = earliest(due, real_at_report(sim, sim->next_wait));
	if (sim->executing) {
		if (sim->keepalive_s > 0 && sim_fw(sim)->keepalive)
			due = earliest(due, real_at_report(sim, sim->next_busy));
		if (sim->report_due > 0)
			due = earliest(due, real_at_report(sim, sim->report_due));
		if (sim->wait_until > 0)
			due = earliest(due, real_at_sim(sim, sim->wait_until));
		if (sim->knob_at > 0)
			due = earliest(due, real_at_report(sim, sim->knob_at));
		if (sim->mv_count > 0)
			due = earliest(due, real_at_sim(sim, sim->t +
			    sim->moves[sim->mv_head].duration_ms -
			    sim->mv_elapsed));
	}
	if (sim->opt.speed > 0) {
		const struct heater *hs[2] = { &sim->hotend, &sim->bed };
		for (int i = 0; i < 2; i++) {
			const struct heater *h = hs[i];
			bool moving = fabs(h->temp - (h->target > 0 ?
			    h->target : h->ambient)) > 0.05;
			/* Faults are checked, and the panel follows the
			 * temperature, once a simulated second. */
			if (h->dead || h->runaway || h->open_sensor || moving ||
			    (h->swing_amp > 0 && h->target > 0))
				due = earliest(due, real_at_sim(sim,
				    sim->t + 1000));
		}
	}
	return due;
}

static void
state_reset(struct sim *sim)
{
	sim->rx_len = 0;
	sim->repetier_skips = 0;
	sim->next_wait = sim->report_t + 1000.0;
	sim->line_len = 0;
	sim->line_comment = false;
	sim->ep_len = 0;
	sim->ep_overflow = false;
	sim->q_count = 0;
	sim->last_n = 0;
	sim->inject_pending = false;
	sim->executing = false;
	sim->mv_count = 0;
	sim->mv_elapsed = 0;
	memset(sim->pos, 0, sizeof sim->pos);
	memset(sim->homed, 0, sizeof sim->homed);
	sim->relative = false;
	sim->e_relative = false;
	sim->feedrate = 25.0;
	sim->feed_pct = 100;
	sim->flow_pct = 100;
	sim->fan = 0;
	sim->leveling = false;
	sim->soft_endstops = true;
	sim->hotend.target = 0;
	sim->bed.target = 0;
	sim->hotend.dead = sim->hotend.runaway = sim->hotend.open_sensor = false;
	sim->hotend.swing_amp = sim->bed.swing_amp = 0;
	sim->bed.dead = sim->bed.runaway = sim->bed.open_sensor = false;
	if (sim->hotend.temp < 0 || sim->hotend.temp > sim->hotend.maxtemp)
		sim->hotend.temp = sim->hotend.ambient;
	if (sim->bed.temp < 0 || sim->bed.temp > sim->bed.maxtemp)
		sim->bed.temp = sim->bed.ambient;
	sim->extrude_min = 170;
	sim->allow_cold = false;
	sim->debug_flags = 0;
	sim->keepalive_s = KEEPALIVE_S;
	sim->autoreport_s = 0;
	sim->pos_report_s = 0;
	sim->prompt = PROMPT_NONE;
	sim->wait_for_user = false;
	sim->knob_at = 0;
	sim->halted = false;
	sim->shutdown = false;
	sim->restart_pending = false;
	sim->halt_reason[0] = '\0';
	sim->disconnected = false;
	sim->noise_next = false;
	sim->drop_next_ok = false;
	sim->drop_arm = false;
	sim->settings = sim->eeprom;
	snprintf(sim->message, sizeof sim->message, "Virtual printer ready.");
}

/*
 * A firmware that restarts itself (Klipper's FIRMWARE_RESTART, RRF's M999,
 * Repetier's M112): all but the port starts afresh, its banner too.
 */
static void
restart_firmware(struct sim *sim)
{
	state_reset(sim);
	sim->next_busy = sim->report_t + KEEPALIVE_S * 1000.0;
	sim_banner(sim);
	sim_fw_restarted(sim);
}

void
sim_reboot(struct sim *sim, uint64_t now)
{
	state_reset(sim);
	if (sim->started)
		advance(sim, now);
	sim->next_busy = sim->report_t + KEEPALIVE_S * 1000.0;
	sim->next_wait = sim->report_t + 1000.0;
	sim_banner(sim);
}

struct sim *
sim_new(struct loop *loop, const struct sim_options *o, char **cause)
{
	struct sim *sim = xcalloc(1, sizeof *sim);

	sim->opt = *o;
	sim->opt.log_path = NULL;	/* opened here, not kept */
	/* Own copies: callers may free theirs. */
	sim->link_copy = o->link_path != NULL ? xstrdup(o->link_path) : NULL;
	sim->opt.link_path = sim->link_copy;
	if (sim->opt.rx_buffer < 2)
		sim->opt.rx_buffer = 2;
	/* Marlin's and Prusa's BUFSIZE is 4; RepRapFirmware holds one line
	 * per channel, and Repetier 1.0 reads the next line only when the
	 * last has run (GCODE_BUFFER_SIZE 1). */
	if (sim->opt.bufsize < 1)
		sim->opt.bufsize = sim->opt.firmware == SIM_FW_REPETIER ||
		    sim->opt.firmware == SIM_FW_RRF ? 1 : 4;
	if (sim->opt.block_buffer < 2)
		sim->opt.block_buffer = 2;
	if (sim->opt.speed < 0)
		sim->opt.speed = 0;
	sim->loop = loop;
	sim->log_fd = -1;
	if (o->log_path != NULL) {
		sim->log_fd = open(o->log_path,
		    O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (sim->log_fd < 0) {
			set_cause(cause, "%s: %s", o->log_path, strerror(errno));
			free(sim->link_copy);
			free(sim);
			return NULL;
		}
	}
	sim->rx = xmalloc(sim->opt.rx_buffer);
	sim->queue = xcalloc(sim->opt.bufsize, sizeof *sim->queue);
	/* Marlin's ring keeps one block free: BLOCK_BUFFER_SIZE - 1 moves. */
	sim->mv_cap = sim->opt.block_buffer - 1;
	sim->moves = xcalloc(sim->mv_cap, sizeof *sim->moves);
	sim->rng = o->seed != 0 ? o->seed : 0x9e3779b97f4a7c15ULL;
	buf_init(&sim->out);
	/* Hotend: 25 -> 200 °C in about 70 s; bed: 25 -> 60 °C in about
	 * 80 s, 100 °C in about 4 minutes. Protection as Marlin's defaults. */
	/* Heater_ID: Marlin 2.1 names the first hot end "E0", 2.0 and the
	 * firmwares built on 1.x (Prusa's) "0". */
	sim_heater_init(&sim->hotend, sim->opt.firmware == SIM_FW_MARLIN2 ?
	    "E0" : "0", 300, 80, 275, 15, 4, 40, 2, 20);
	sim_heater_init(&sim->bed, "bed", 130, 250, 150, 10, 2, 20, 2, 60);
	sim_settings_default(&sim->eeprom);
	sim_sheets_default(sim);
	sim->axis_max[0] = BED_SIZE;
	sim->axis_max[1] = BED_SIZE;
	sim->axis_max[2] = Z_MAX;
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			sim->mesh[i][j] = ((double)(sim_rng_next(sim) % 200) - 100)
			    / 1000.0;
	state_reset(sim);
	sim_banner(sim);
	return sim;
}

void
sim_free(struct sim *sim)
{
	if (sim == NULL)
		return;
	sim_port_free(sim);
	if (sim->log_fd >= 0)
		close(sim->log_fd);
	buf_free(&sim->out);
	free(sim->link_copy);
	free(sim->rx);
	free(sim->queue);
	free(sim->moves);
	free(sim);
}

static void
finish(struct sim *sim, enum sim_result r)
{
	struct sim_qcmd *q = sim->cur;

	sim->executing = false;
	sim->wait_until = 0;
	sim->report_due = 0;
	sim->busy = BUSY_PROCESSING;
	if (q == &sim->injected) {
		sim->m600_from_runout = false;
		return;
	}
	/* ok_to_send() runs while the command still holds its slot;
	 * Repetier's went out when the line was queued. */
	if (r == CMD_DONE && !sim_fw(sim)->ok_on_receipt)
		sim_send_ok(sim, q);
	sim->q_head = (sim->q_head + 1) % sim->opt.bufsize;
	sim->q_count--;
}

/*
 * "G1 X1 X2": the parser here keeps the first X; Marlin's
 * FASTER_GCODE_PARSER and Klipper's dict keep the last.
 */
static void
last_param_wins(struct gcode_cmd *c)
{
	size_t j = 0;

	for (size_t i = 0; i < c->nparams; i++) {
		bool later = false;

		for (size_t k = i + 1; k < c->nparams; k++)
			if (c->params[k].letter == c->params[i].letter)
				later = true;
		if (!later)
			c->params[j++] = c->params[i];
	}
	c->nparams = j;
}

static void
start(struct sim *sim, struct sim_qcmd *q)
{
	sim->cur = q;
	sim->executing = true;
	/* Marlin pushes its keepalive deadline on every idle pass: the first
	 * busy line comes one interval after the command started. */
	sim->next_busy = sim->report_t + sim->keepalive_s * 1000.0;
	sim->phase = 0;
	sim->wait_until = 0;
	sim->report_due = 0;
	sim->busy = BUSY_PROCESSING;
	sim->commands++;
	if (q->from_host)
		sim->host_commands++;
	log_command(sim, q);
	if (sim->debug_flags & 1)
		sim_out_fmt(sim, "echo:%.*s\n", (int)q->len, q->text);
	if (!gcode_parse(q->text, q->len, &sim->cmd))
		memset(&sim->cmd, 0, sizeof sim->cmd);
	else if (sim_fw(sim)->last_param_wins)
		last_param_wins(&sim->cmd);
}

void
sim_run(struct sim *sim)
{
	const struct sim_personality *fw = sim_fw(sim);
	int jumps = 0;

	if (sim->in_run)
		return;
	sim->in_run = true;
	while (!sim->halted && !sim->disconnected) {
		if (sim->executing) {
			enum sim_result r = sim_execute(sim);

			if (sim->halted || sim->disconnected)
				break;
			if (r == CMD_WAIT) {
				if (fw->reads_while_busy &&
				    sim->q_count + 1 < sim->opt.bufsize) {
					/* manage_inactivity() calls
					 * get_command() while buflen <
					 * BUFSIZE - 1, which reads what has
					 * come while its queue has room. */
					sim_read_serial(sim, sim->opt.bufsize);
					if (sim->halted || sim->disconnected)
						break;
				}
				/* A frozen clock jumps to the end of a wait for
				 * time; waits for the user stay. */
				if (sim->opt.speed == 0 && sim->wait_until > sim->t &&
				    jumps++ < 64) {
					double dt = sim->wait_until - sim->t;
					physics(sim, dt);
					continue;
				}
				break;
			}
			if (sim->opt.disconnect_after != 0 && sim->cur->from_host &&
			    sim->host_commands == sim->opt.disconnect_after) {
				/* The command ran; its ok never leaves. */
				sim->executing = false;
				sim->disconnected = true;
				sim_port_disconnect(sim);
				break;
			}
			finish(sim, r);
			if (sim->restart_pending)
				restart_firmware(sim);
			sim_start_faults(sim);
			continue;
		}
		if (sim->inject_pending) {
			sim->inject_pending = false;
			sim->m600_from_runout = true;
			start(sim, &sim->injected);
			continue;
		}
		sim_read_serial(sim, sim->opt.bufsize);
		if (sim->q_count == 0)
			break;
		start(sim, &sim->queue[sim->q_head]);
	}
	if (sim->in_run && sim->halted)
		sim->executing = false;
	if (!sim->executing)
		sim->next_busy = sim->report_t + sim->keepalive_s * 1000.0;
	sim->in_run = false;
}

void
sim_feed(struct sim *sim, const char *data, size_t len, uint64_t now)
{
	const struct sim_personality *fw = sim_fw(sim);

	advance(sim, now);
	sim->next_wait = sim->report_t + 1000.0;
	sim_start_faults(sim);
	while (len > 0) {
		size_t room = sim->opt.rx_buffer - sim->rx_len, n = 0;

		if (sim->halted || sim->disconnected)
			return;
		/* Bytes arrive one after another; the main loop drains the
		 * buffer into the queue as fast as commands finish, so process
		 * whenever the buffer fills. */
		while (n < len && n < room) {
			size_t at = (sim->rx_head + sim->rx_len) % sim->opt.rx_buffer;
			if (fw->estop != SIM_ESTOP_AT_READ &&
			    fw->estop != SIM_ESTOP_IN_ORDER)
				sim_emergency_byte(sim, data[n]);
			if (sim->restart_pending) {
				/* It resets: what was on its way is lost. */
				restart_firmware(sim);
				sim_run(sim);
				return;
			}
			sim->rx[at] = data[n];
			sim->rx_len++;
			n++;
		}
		data += n;
		len -= n;
		sim_run(sim);
		if (len > 0 && sim->rx_len == sim->opt.rx_buffer) {
			/* Full and nothing drains it: the rest is lost on the
			 * wire, though the emergency parser still sees it. */
			for (size_t i = 0; fw->estop == SIM_ESTOP_PARSER &&
			    i < len; i++)
				sim_emergency_byte(sim, data[i]);
			sim->bytes_lost += len;
			len = 0;
			sim_run(sim);
		}
	}
	sim_run(sim);
}

void
sim_press_knob(struct sim *sim, uint64_t now)
{
	advance(sim, now);
	sim_knob_click(sim);
	sim_run(sim);
}

void
sim_tick(struct sim *sim, uint64_t now)
{
	advance(sim, now);
	sim_start_faults(sim);
	sim_run(sim);
}

const char *
sim_output(const struct sim *sim, size_t *len)
{
	*len = sim->out.len;
	/* A printer that has said nothing yet (no boot banner: Klipper,
	 * RepRapFirmware) has no buffer: callers copy from it all the same. */
	return sim->out.data != NULL ? sim->out.data : "";
}

void
sim_output_consume(struct sim *sim, size_t n)
{
	buf_consume(&sim->out, n);
}

void
sim_reset(struct sim *sim, uint64_t now)
{
	buf_reset(&sim->out);
	/* After a disconnect, the reset is the replug: a new pty (behind
	 * the same link) that boots by itself. */
	if (sim->disconnected && sim_port_replug(sim) == 0)
		return;
	sim_port_discard_input(sim);
	sim_reboot(sim, now);
	sim_port_kick(sim);
}

void
sim_status(const struct sim *sim, struct sim_status *st)
{
	memset(st, 0, sizeof *st);
	if (sim->disconnected)
		st->state = SIM_DISCONNECTED;
	else if (sim->halted || sim->shutdown)
		st->state = SIM_HALTED;
	else if (sim->executing && sim->busy == BUSY_PAUSED_FOR_USER)
		st->state = SIM_PAUSED;
	else if (sim->executing)
		st->state = SIM_BUSY;
	else
		st->state = SIM_IDLE;
	st->hotend = sim_heater_reading(&sim->hotend);
	st->hotend_target = sim->hotend.target;
	st->bed = sim_heater_reading(&sim->bed);
	st->bed_target = sim->bed.target;
	st->hotend_power = (int)lround(sim->hotend.power * 127);
	st->bed_power = (int)lround(sim->bed.power * 127);
	st->x = sim->pos[0];
	st->y = sim->pos[1];
	st->z = sim->pos[2];
	st->e = sim->pos[3];
	st->homed = sim->homed[0] && sim->homed[1] && sim->homed[2];
	st->fan = sim->fan;
	st->leveling = sim->leveling;
	st->planner_moves = sim->mv_count;
	st->commands = sim->commands;
	st->line_errors = sim->line_errors;
	st->bytes_lost = sim->bytes_lost;
	snprintf(st->message, sizeof st->message, "%s", sim->message);
	snprintf(st->halt_reason, sizeof st->halt_reason, "%s",
	    sim->halt_reason);
}
