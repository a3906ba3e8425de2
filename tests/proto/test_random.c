/*
 * The protocol engine against a small model of Marlin's serial handling,
 * over a byte-rate-limited wire that damages lines: thousands of lines per
 * run, fixed seeds. Every command must run exactly once, in order, and be
 * acknowledged only after it ran.
 *
 * The model follows Marlin's queue.cpp: bytes land in an RX buffer of
 * rx_size (bytes beyond it are lost); lines are read into a command queue
 * of bufsize entries only while it has room; a line must carry
 * N = last_N + 1 and a matching checksum, else "Error:..., Last Line: L",
 * "Resend: L+1" (and "ok" on 1.x) and the RX buffer is emptied; the ok
 * comes when a command has been processed.
 */
#include "proto_fixture.h"
#include "test.h"

struct rng {
	uint64_t s;
};

static uint64_t
rng_next(struct rng *r)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return r->s;
}

static double
rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) / 9007199254740992.0;
}

static size_t
rng_below(struct rng *r, size_t n)
{
	return (size_t)(rng_next(r) % n);
}

struct scenario {
	const char *name;
	uint64_t seed;
	int lines;
	enum proto_mode mode;
	bool marlin1;		/* identifies as 1.1.9 and prints ok after Resend: */
	bool advanced_ok;
	bool error_without_resend;	/* "Error: ... Last Line" only */
	double p_corrupt;	/* per line written by the host */
	double p_lost_line;	/* per line: vanishes on the wire */
	double p_lost_ok;	/* per ok */
	size_t bytes_per_ms;	/* 12 ~ 115200 baud, 25 ~ 250000 */
	bool claims_v2;		/* marlin1's habits under a 2.x name */
};

#define FW_QUEUE 8
#define FW_MAX_CMD 96

struct fw {
	const struct scenario *sc;
	struct rng *rng;
	size_t rx_size;
	int bufsize;
	char rx[1024];
	size_t rx_len, rx_max;
	unsigned long overflow;
	char line[FW_MAX_CMD];
	size_t line_len;
	bool line_eol;		/* Marlin's PS_EOL after an overlong line */
	long last_n;
	char queue[FW_QUEUE][FW_MAX_CMD];
	long queue_n[FW_QUEUE];
	int q_len;
	bool executing;
	uint64_t busy_until, next_busy, next_report;
	struct buf out;
	/* What ran, user commands only. */
	char **ran;
	size_t nran;
	unsigned long errors;
};

static void
fw_print(struct fw *fw, const char *s)
{
	buf_append_str(&fw->out, s);
	buf_append_str(&fw->out, "\n");
}

static void
fw_error(struct fw *fw, const char *what)
{
	char msg[128];

	fw->errors++;
	if (getenv("LL_PROTO_TRACE") != NULL)
		fprintf(stderr, "    fw refuses \"%s\" (%s), flushes %zu bytes\n",
		    fw->line, what, fw->rx_len);
	snprintf(msg, sizeof msg, "Error:%s, Last Line: %ld", what, fw->last_n);
	fw_print(fw, msg);
	if (!fw->sc->error_without_resend) {
		snprintf(msg, sizeof msg, "Resend: %ld", fw->last_n + 1);
		fw_print(fw, msg);
		if (fw->sc->marlin1)
			fw_print(fw, "ok");
	}
	fw->rx_len = 0;		/* Marlin empties its RX buffer */
}

/* Returns false when the line was refused (the caller stops reading). */
static bool
fw_line(struct fw *fw, const char *line)
{
	const char *cmd, *star;
	long n;
	char *end;
	uint8_t cs = 0;

	while (*line == ' ')
		line++;
	if (*line != 'N') {
		/* 1.x: "No Line Number with checksum"; the model treats any
		 * unnumbered line this way, as the host numbers everything. */
		fw_error(fw, "No Line Number with checksum");
		return false;
	}
	if (strstr(line, "M110") != NULL && strchr(line + 1, 'N') != NULL)
		n = strtol(strchr(line + 1, 'N') + 1, NULL, 10);
	else {
		n = strtol(line + 1, &end, 10);
		if (n != fw->last_n + 1) {
			fw_error(fw, "Line Number is not Last Line Number+1");
			return false;
		}
	}
	star = strrchr(line, '*');
	if (star == NULL) {
		fw_error(fw, "No Checksum with line number");
		return false;
	}
	for (const char *c = line; c < star; c++)
		cs ^= (uint8_t)*c;
	if (strtol(star + 1, NULL, 10) != cs) {
		fw_error(fw, "checksum mismatch");
		return false;
	}
	fw->last_n = n;
	cmd = strchr(line, ' ');
	cmd = cmd != NULL ? cmd + 1 : line;
	snprintf(fw->queue[fw->q_len], FW_MAX_CMD, "%.*s",
	    (int)(strchr(cmd, '*') - cmd), cmd);
	fw->queue_n[fw->q_len] = n;
	fw->q_len++;
	return true;
}

static void
fw_read(struct fw *fw)
{
	size_t i = 0;

	while (i < fw->rx_len && fw->q_len < fw->bufsize) {
		char c = fw->rx[i++];

		if (c == '\n' || c == '\r') {
			bool good;

			fw->line[fw->line_len] = '\0';
			fw->line_eol = false;
			if (fw->line_len == 0)
				continue;
			fw->line_len = 0;
			memmove(fw->rx, fw->rx + i, fw->rx_len - i);
			fw->rx_len -= i;
			i = 0;
			good = fw_line(fw, fw->line);
			if (!good)
				return;
			continue;
		}
		if (fw->line_eol)
			continue;
		fw->line[fw->line_len++] = c;
		if (fw->line_len >= FW_MAX_CMD - 1)
			fw->line_eol = true;
	}
	memmove(fw->rx, fw->rx + i, fw->rx_len - i);
	fw->rx_len -= i;
}

static unsigned
fw_duration(const char *cmd)
{
	if (strncmp(cmd, "G28", 3) == 0)
		return 2500;
	if (strncmp(cmd, "M114", 4) == 0 || strncmp(cmd, "M105", 4) == 0)
		return 0;
	return 2;
}

static bool
is_internal(const char *cmd)
{
	return strcmp(cmd, "M105") == 0 || strncmp(cmd, "M110", 4) == 0 ||
	    strcmp(cmd, "M115") == 0;
}

static void
fw_step(struct fw *fw, uint64_t now)
{
	fw_read(fw);
	if (fw->q_len == 0)
		goto report;
	if (!fw->executing) {
		fw->executing = true;
		fw->busy_until = now + fw_duration(fw->queue[0]);
		fw->next_busy = now + 900;
	}
	if (now < fw->busy_until) {
		if (now >= fw->next_busy) {
			fw_print(fw, "echo:busy: processing");
			fw->next_busy = now + 900;
		}
		goto report;
	}
	{
		const char *cmd = fw->queue[0];
		char ok[160];

		if (!is_internal(cmd)) {
			fw->ran = xrealloc(fw->ran, (fw->nran + 1) * sizeof *fw->ran);
			fw->ran[fw->nran++] = xstrdup(cmd);
		}
		if (strcmp(cmd, "M115") == 0)
			fw_print(fw, fw->sc->marlin1 && !fw->sc->claims_v2 ?
			    "FIRMWARE_NAME:Marlin 1.1.9 (Github) MACHINE_TYPE:Model\n"
			    "Cap:AUTOREPORT_TEMP:1" :
			    "FIRMWARE_NAME:Marlin 2.0.9.3 (Feb  1 2022) MACHINE_TYPE:Model\n"
			    "Cap:AUTOREPORT_TEMP:1\nCap:EMERGENCY_PARSER:1");
		if (strcmp(cmd, "M114") == 0)
			fw_print(fw, "X:1.00 Y:2.00 Z:3.00 E:0.00 Count X:80 Y:160 Z:1200");
		if (strcmp(cmd, "M105") == 0)
			snprintf(ok, sizeof ok, "ok T:200.00 /200.00 B:60.00 /60.00 @:0 B@:0");
		else if (fw->sc->advanced_ok)
			snprintf(ok, sizeof ok, "ok N%ld P%d B%d", fw->queue_n[0],
			    (int)rng_below(fw->rng, 16), fw->bufsize - fw->q_len);
		else
			snprintf(ok, sizeof ok, "ok");
		if (rng_unit(fw->rng) >= fw->sc->p_lost_ok)
			fw_print(fw, ok);
		memmove(fw->queue[0], fw->queue[1], sizeof fw->queue[0] * (FW_QUEUE - 1));
		memmove(fw->queue_n, fw->queue_n + 1, sizeof fw->queue_n[0] * (FW_QUEUE - 1));
		fw->q_len--;
		fw->executing = false;
	}
report:
	if (now >= fw->next_report) {
		fw_print(fw, "T:200.00 /200.00 B:60.00 /60.00 @:0 B@:0");
		fw->next_report = now + 1000;
	}
}

/* The host side of the wire: damages whole lines as they are written. */
static void
wire_write(struct buf *wire, const char *s, size_t len, const struct scenario *sc,
    struct rng *r)
{
	while (len > 0) {
		const char *e = memchr(s, '\n', len);
		size_t n = e != NULL ? (size_t)(e - s) + 1 : len;
		char line[512];

		if (n > sizeof line)
			n = sizeof line;
		memcpy(line, s, n);
		s += n;
		len -= n;
		if (rng_unit(r) < sc->p_lost_line)
			continue;
		if (rng_unit(r) < sc->p_corrupt) {
			size_t at = rng_below(r, n);

			switch (rng_below(r, 3)) {
			case 0:	/* a flipped byte, possibly a newline */
				line[at] = (char)(rng_below(r, 95) + 32 - (rng_below(r, 8) == 0 ? 22 : 0));
				break;
			case 1:	/* a dropped byte, possibly the newline */
				memmove(line + at, line + at + 1, n - at - 1);
				n--;
				break;
			default:	/* a bit flip */
				line[at] ^= (char)(1u << rng_below(r, 7));
				break;
			}
		}
		buf_append(wire, line, n);
	}
}

struct run {
	struct fw *fw;
	char **cmds;
	int acked;
	int ack_errors;
};

static void
check_ack(struct fx *fx, const struct proto_event *ev)
{
	struct run *run = fx->hook_data;

	if (getenv("LL_PROTO_TRACE") != NULL && ev->text != NULL &&
	    (ev->kind == PROTO_EV_SENT || ev->kind == PROTO_EV_RECEIVED ||
	    ev->kind == PROTO_EV_GAVE_UP))
		fprintf(stderr, "%llu %s %s\n", (unsigned long long)fx->now,
		    ev->kind == PROTO_EV_SENT ? ">" : "<", ev->text);
	if (ev->kind != PROTO_EV_ACK)
		return;
	/* In order, once, and only after the printer ran it. */
	if ((long)ev->tag != run->acked || run->fw->nran <= ev->tag ||
	    strcmp(ev->text, run->cmds[ev->tag]) != 0) {
		if (run->ack_errors++ < 5)
			fprintf(stderr, "ACK tag %llu (%s) when %d acked, %zu ran\n",
			    (unsigned long long)ev->tag, ev->text, run->acked,
			    run->fw->nran);
	}
	run->acked++;
}

static void
run_scenario(const struct scenario *sc)
{
	struct proto_config cfg;
	struct rng rng = { sc->seed };
	struct fw fw;
	struct fx fx;
	struct run run;
	struct buf to_fw, to_host;
	uint64_t end;
	int next = 0;
	size_t ran_ok = 0;

	memset(&fw, 0, sizeof fw);
	fw.sc = sc;
	fw.rng = &rng;
	fw.rx_size = 128;
	fw.bufsize = 4;
	buf_init(&fw.out);
	buf_init(&to_fw);
	buf_init(&to_host);

	memset(&run, 0, sizeof run);
	run.fw = &fw;
	run.cmds = xcalloc((size_t)sc->lines, sizeof *run.cmds);
	for (int i = 0; i < sc->lines; i++) {
		if (i % 97 == 50)
			run.cmds[i] = xasprintf("G28");
		else if (i % 31 == 7)
			run.cmds[i] = xasprintf("M114");
		else
			run.cmds[i] = xasprintf("G1 X%d.%02d Y%d.%02d E%d.%04d F%d",
			    i % 220, i % 100, (i * 7) % 220, (i * 3) % 100, i % 7,
			    (i * 13) % 10000, 1200 + (i % 5) * 600);
	}

	proto_config_default(&cfg);
	cfg.mode = sc->mode;
	cfg.mode_forced = true;
	cfg.rx_buffer = fw.rx_size;
	cfg.poke_ms = 1000;
	cfg.dead_ms = 5000;
	cfg.long_ms = 10000;
	fx_init(&fx, &cfg);
	fx.keep_events = false;
	fx.hook = check_ack;
	fx.hook_data = &run;
	fx.now = 0;
	proto_start(fx.p, fx.now);

	end = (uint64_t)sc->lines * 200 + 60000;
	for (fx.now = 0; fx.now < end && run.acked < sc->lines; fx.now++) {
		size_t n;
		uint64_t due;

		/* Host: queue, write, keep time. */
		while (next < sc->lines && proto_wants_more(fx.p))
			proto_queue(fx.p, run.cmds[next], (uint64_t)next, false), next++;
		buf_reset(&fx.out);
		if (proto_output(fx.p, &fx.out) > 0)
			wire_write(&to_fw, fx.out.data, fx.out.len, sc, &rng);
		due = proto_deadline(fx.p);
		if (due != 0 && due <= fx.now)
			proto_tick(fx.p, fx.now);

		/* Wire to the printer; its RX buffer drops what does not fit. */
		n = to_fw.len < sc->bytes_per_ms ? to_fw.len : sc->bytes_per_ms;
		for (size_t i = 0; i < n; i++) {
			if (fw.rx_len < fw.rx_size)
				fw.rx[fw.rx_len++] = to_fw.data[i];
			else
				fw.overflow++;
		}
		buf_consume(&to_fw, n);
		if (fw.rx_len > fw.rx_max)
			fw.rx_max = fw.rx_len;

		fw_step(&fw, fx.now);
		buf_append(&to_host, fw.out.data != NULL ? fw.out.data : "", fw.out.len);
		buf_reset(&fw.out);

		/* Wire to the host, in reads of random size. */
		n = to_host.len < sc->bytes_per_ms ? to_host.len : sc->bytes_per_ms;
		while (n > 0) {
			size_t chunk = 1 + rng_below(&rng, n);

			proto_feed(fx.p, to_host.data, chunk, fx.now);
			buf_consume(&to_host, chunk);
			n -= chunk;
		}
	}

	for (size_t i = 0; i < fw.nran && i < (size_t)sc->lines; i++) {
		if (strcmp(fw.ran[i], run.cmds[i]) == 0)
			ran_ok++;
		else if (i < ran_ok + 3)
			fprintf(stderr, "%s: ran \"%s\" as command %zu, expected \"%s\"\n",
			    sc->name, fw.ran[i], i, run.cmds[i]);
	}
	fprintf(stderr, "%s: %d lines in %.1f s, %lu line errors, %lu resends, "
	    "%lu stale, %lu stray oks, %lu lost oks, %lu pokes, %lu bytes "
	    "overflowed, RX peak %zu\n", sc->name, run.acked, (double)fx.now / 1000,
	    fw.errors, proto_info(fx.p)->resends, proto_info(fx.p)->stale_resends,
	    proto_info(fx.p)->stray_oks, proto_info(fx.p)->lost_oks,
	    proto_info(fx.p)->pokes, fw.overflow, fw.rx_max);
	CHECK_INT(run.acked, sc->lines);
	CHECK_INT(run.ack_errors, 0);
	CHECK_INT(fw.nran, sc->lines);
	CHECK_INT(ran_ok, sc->lines);
	CHECK_INT(fx_count(&fx, PROTO_EV_GAVE_UP), 0);
	CHECK_INT(fx_count(&fx, PROTO_EV_HALTED), 0);
	if (sc->p_corrupt == 0 && sc->p_lost_line == 0 && sc->p_lost_ok == 0) {
		/* A clean wire: the budget keeps the RX buffer from overflowing. */
		CHECK_INT(fw.overflow, 0);
		CHECK_INT(fw.errors, 0);
		CHECK_INT(proto_info(fx.p)->pokes, 0);
		CHECK(fw.rx_max <= fw.rx_size);
	}

	for (size_t i = 0; i < fw.nran; i++)
		free(fw.ran[i]);
	free(fw.ran);
	for (int i = 0; i < sc->lines; i++)
		free(run.cmds[i]);
	free(run.cmds);
	buf_free(&fw.out);
	buf_free(&to_fw);
	buf_free(&to_host);
	fx_done(&fx);
}

static const struct scenario scenarios[] = {
	{ "clean-windowed", 11, 3000, PROTO_WINDOWED, false, false, false, 0, 0, 0, 12, false },
	{ "clean-pingpong", 12, 1000, PROTO_PINGPONG, false, false, false, 0, 0, 0, 12, false },
	{ "clean-windowed-fast", 13, 3000, PROTO_WINDOWED, false, true, false, 0, 0, 0, 25, false },
	{ "noisy-pingpong", 21, 2000, PROTO_PINGPONG, false, false, false, 0.02, 0, 0, 12, false },
	{ "noisy-windowed", 22, 3000, PROTO_WINDOWED, false, false, false, 0.02, 0, 0, 12, false },
	{ "noisy-windowed-advok", 23, 3000, PROTO_WINDOWED, false, true, false, 0.05, 0, 0, 25, false },
	{ "marlin1-pingpong", 31, 2000, PROTO_PINGPONG, true, false, false, 0.03, 0, 0, 12, false },
	{ "marlin1-windowed", 32, 3000, PROTO_WINDOWED, true, false, false, 0.03, 0, 0, 12, false },
	{ "error-no-resend", 41, 2000, PROTO_WINDOWED, false, false, true, 0.02, 0, 0, 12, false },
	{ "lost-oks-pingpong", 51, 1000, PROTO_PINGPONG, false, false, false, 0.01, 0, 0.01, 12, false },
	{ "lost-oks-windowed", 52, 2000, PROTO_WINDOWED, false, false, false, 0.01, 0, 0.01, 12, false },
	{ "lost-oks-advok", 53, 2000, PROTO_WINDOWED, false, true, false, 0.01, 0, 0.01, 12, false },
	{ "lost-lines", 61, 2000, PROTO_WINDOWED, false, false, false, 0.01, 0.01, 0, 12, false },
	{ "storm", 71, 1500, PROTO_WINDOWED, false, false, false, 0.10, 0.01, 0.005, 12, false },
	{ "storm-marlin1", 72, 1500, PROTO_WINDOWED, true, false, false, 0.10, 0.01, 0.005, 12, false },
	{ "stray-ok-unannounced", 81, 3000, PROTO_WINDOWED, true, false, false, 0.03, 0, 0, 12, true },
};

int
main(int argc, char **argv)
{
	for (size_t i = 0; i < LL_ARRAY_LEN(scenarios); i++) {
		if (argc > 1 && strcmp(argv[1], scenarios[i].name) != 0)
			continue;
		int before = test_failures;

		run_scenario(&scenarios[i]);
		fprintf(stderr, "%s %s\n", test_failures == before ? "ok  " : "FAIL",
		    scenarios[i].name);
	}
	TEST_MAIN_END();
}
