/*
 * Fuzz-style run with fixed seeds: random bytes and random (but
 * well-formed) printer lines fed to the engine, mixed with queueing,
 * ticks, output, emergency stops and restarts. Whatever arrives: no crash,
 * no sanitizer report, every written line is a well-framed command, and
 * ACKs come in queue order, each at most once.
 */
#include "proto_fixture.h"
#include "test.h"

static uint64_t rng_state;

static uint64_t
rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static size_t
below(size_t n)
{
	return (size_t)(rnd() % n);
}

struct order {
	uint64_t next_tag;	/* the tag proto_queue got last + 1 */
	unsigned char *acked;	/* per tag */
	long last_line;		/* this session's last acknowledged line */
	unsigned long bad;
};

/* ACKs follow line numbers (urgent commands jump the queue, so tags need
 * not), and each tag comes once. */
static void
check_order(struct fx *fx, const struct proto_event *ev)
{
	struct order *o = fx->hook_data;

	if (ev->kind != PROTO_EV_ACK)
		return;
	if (ev->line <= o->last_line || ev->tag >= o->next_tag ||
	    o->acked[ev->tag]) {
		if (o->bad++ < 5)
			fprintf(stderr, "ACK tag %llu line %ld after line %ld\n",
			    (unsigned long long)ev->tag, ev->line, o->last_line);
	}
	if (ev->tag < o->next_tag)
		o->acked[ev->tag] = 1;
	o->last_line = ev->line;
}

/* Every line written is the emergency text or "N<n> <cmd>*<cs>". */
static unsigned long
bad_output(const char *s, size_t len)
{
	unsigned long bad = 0;

	while (len > 0) {
		const char *e = memchr(s, '\n', len);
		size_t n = e != NULL ? (size_t)(e - s) : len;
		long lineno;
		const char *cmd;
		size_t cmdlen;

		if (e == NULL)
			bad++;	/* output always ends in a newline */
		else if (n != 0 && !(n == 4 && memcmp(s, "M112", 4) == 0) &&
		    !(n == 7 && (memcmp(s, "M104 S0", 7) == 0 ||
		    memcmp(s, "M140 S0", 7) == 0)) &&
		    gcode_unframe(s, n, &lineno, &cmd, &cmdlen) != GCODE_FRAMED)
			bad++;
		if (e == NULL)
			break;
		s += n + 1;
		len -= n + 1;
	}
	return bad;
}

static const char *const replies[] = {
	"ok", "ok", "ok", "ok", "ok T:20.0 /0.0 B:20.0 /0.0", "wait", "start",
	"echo:busy: processing", "busy: paused for user", "T:20.00 /0.00 B:20.00 /0.00 @:0 B@:0 W:?",
	"Cap:AUTOREPORT_TEMP:1", "Cap:EMERGENCY_PARSER:0",
	"FIRMWARE_NAME:Marlin 2.1.2.1 (Jun 10 2023) MACHINE_TYPE:Model",
	"FIRMWARE_NAME:Marlin 1.1.9 (Github)", "ok FIRMWARE_NAME:Klipper FIRMWARE_VERSION:v1",
	"//action:pause", "echo:Unknown command: \"X\"", "Error:Failed to enable Bed Leveling",
	"!! Must home axis first", "Warning: something", "X:1.00 Y:2.00 Z:3.00 E:0.00 Count X:1",
};

static void
feed_structured(struct fx *fx)
{
	char line[160];
	long n = (long)below(60) - 5;

	switch (below(8)) {
	case 0:
		snprintf(line, sizeof line, "Resend: %ld\n", n);
		break;
	case 1:
		snprintf(line, sizeof line, "Error:checksum mismatch, Last Line: %ld\n", n);
		break;
	case 2:
		snprintf(line, sizeof line, "Error:Line Number is not Last Line "
		    "Number+1, Last Line: %ld\nResend: %ld\n", n, n + 1);
		break;
	case 3:
		snprintf(line, sizeof line, "ok N%ld P%d B%d\n", n, (int)below(16),
		    (int)below(8));
		break;
	case 4:
		if (below(200) == 0) {
			snprintf(line, sizeof line, "Error:Thermal Runaway, system stopped!\n");
			break;
		}
		/* FALLTHROUGH */
	default:
		snprintf(line, sizeof line, "%s\n", replies[below(LL_ARRAY_LEN(replies))]);
		break;
	}
	/* Split anywhere, as reads do. */
	{
		size_t len = strlen(line), cut = below(len + 1);

		proto_feed(fx->p, line, cut, fx->now);
		proto_feed(fx->p, line + cut, len - cut, fx->now);
	}
}

static void
feed_bytes(struct fx *fx)
{
	char bytes[64];
	size_t n = 1 + below(sizeof bytes);

	for (size_t i = 0; i < n; i++) {
		bytes[i] = (char)below(256);
		if (below(4) == 0)
			bytes[i] = "ok\nRs: 0123456789NT:/ B@*!\r\n"[below(29)];
	}
	proto_feed(fx->p, bytes, n, fx->now);
}

/* A printer that does everything right: Marlin's line checks, an ok per
 * line (temperatures for M105), M115's identity. */
struct responder {
	long last_n;
};

static void
respond(struct responder *r, struct fx *fx)
{
	const char *s = fx->out.data;
	size_t len = fx->out.len;

	while (len > 0) {
		const char *e = memchr(s, '\n', len), *cmd;
		size_t n = e != NULL ? (size_t)(e - s) : len, cmdlen;
		long lineno = -1;
		char reply[160];

		reply[0] = '\0';
		if (n > 0 && gcode_unframe(s, n, &lineno, &cmd, &cmdlen) == GCODE_FRAMED) {
			bool m110 = cmdlen >= 4 && memcmp(cmd, "M110", 4) == 0;

			if (m110 || lineno == r->last_n + 1) {
				r->last_n = m110 ? 0 : lineno;
				if (cmdlen >= 4 && memcmp(cmd, "M105", 4) == 0)
					snprintf(reply, sizeof reply, "ok T:20.0 /0.0\n");
				else if (cmdlen >= 4 && memcmp(cmd, "M115", 4) == 0)
					snprintf(reply, sizeof reply, "FIRMWARE_NAME:Marlin 2.1.2\nok\n");
				else
					snprintf(reply, sizeof reply, "ok\n");
			} else
				snprintf(reply, sizeof reply, "Error:Line Number is not Last "
				    "Line Number+1, Last Line: %ld\nResend: %ld\n",
				    r->last_n, r->last_n + 1);
		}
		if (reply[0] != '\0')
			proto_feed(fx->p, reply, strlen(reply), fx->now);
		if (e == NULL)
			break;
		s += n + 1;
		len -= n + 1;
	}
}

static void
run(uint64_t seed, int steps, enum proto_mode mode)
{
	struct proto_config cfg;
	struct fx fx;
	struct order o;
	unsigned long bad = 0;

	rng_state = seed;
	memset(&o, 0, sizeof o);
	o.last_line = -1;
	o.acked = xcalloc((size_t)steps + 256, 1);
	proto_config_default(&cfg);
	cfg.mode = mode;
	cfg.mode_forced = below(2) == 0;
	cfg.poke_ms = 100;
	cfg.dead_ms = 400;
	cfg.long_ms = 1000;
	cfg.settle_ms = 10;
	cfg.rx_buffer = 64 + below(128);
	fx_init(&fx, &cfg);
	fx.keep_events = false;
	fx.hook = check_order;
	fx.hook_data = &o;
	proto_start(fx.p, fx.now);
	for (int i = 0; i < steps; i++) {
		const struct proto_info *info = proto_info(fx.p);

		switch (below(10)) {
		case 0:
		case 1:
		case 2:
			feed_structured(&fx);
			break;
		case 3:
			feed_bytes(&fx);
			break;
		case 4:
		case 5: {
			static const char *const cmds[] = { "G1 X1 Y2 E0.1", "G28",
			    "M105", "M109 S200", "M400", "G4 P10", "M114",
			    "M117 a fairly long message for the display of it" };

			if (proto_queue(fx.p, cmds[below(LL_ARRAY_LEN(cmds))],
			    o.next_tag, below(8) == 0) == 0)
				o.next_tag++;
			break;
		}
		case 6:
			fx.now += below(150);
			proto_tick(fx.p, fx.now);
			break;
		default:
			buf_reset(&fx.out);
			proto_output(fx.p, &fx.out);
			bad += bad_output(fx.out.data, fx.out.len);
			break;
		}
		if (below(3000) == 0)
			proto_emergency(fx.p);
		if ((info->halted || info->gave_up || !info->ready) && below(50) == 0) {
			/* Tags dropped with the old session are skipped:
			 * ACKs still only go up. */
			proto_start(fx.p, fx.now);
			o.last_line = -1;
		}
		if (proto_in_flight(fx.p) > 10000)
			bad++;
	}
	/* Whatever state the chaos left: a well-behaved printer from here on
	 * gets every new command through. */
	{
		struct responder r = { -1 };
		uint64_t first = o.next_tag;
		int steps_left = 200000;

		if (proto_info(fx.p)->halted || proto_info(fx.p)->gave_up ||
		    !proto_info(fx.p)->ready) {
			proto_start(fx.p, fx.now);
			o.last_line = -1;
		}
		for (int i = 0; i < 200; i++)
			if (proto_queue(fx.p, "G1 X1 Y2", o.next_tag, false) == 0)
				o.next_tag++;
		while (steps_left-- > 0 && fx_count(&fx, PROTO_EV_ACK) < 1000000 &&
		    !(o.next_tag > first && o.acked[o.next_tag - 1])) {
			if (proto_info(fx.p)->gave_up) {
				/* Its counter was out of step with the chaos:
				 * what a host does then is start over. */
				proto_start(fx.p, fx.now);
				o.last_line = -1;
				for (int i = 0; i < 200; i++)
					if (proto_queue(fx.p, "G1 X1 Y2", o.next_tag, false) == 0)
						o.next_tag++;
			}
			buf_reset(&fx.out);
			proto_output(fx.p, &fx.out);
			respond(&r, &fx);
			fx.now += 1;
			if (proto_deadline(fx.p) != 0 && proto_deadline(fx.p) <= fx.now)
				proto_tick(fx.p, fx.now);
		}
		CHECK(o.next_tag > first && o.acked[o.next_tag - 1]);
	}
	CHECK_INT(bad, 0);
	CHECK_INT(o.bad, 0);
	CHECK(fx_count(&fx, PROTO_EV_ACK) > 0);	/* the run did get somewhere */
	CHECK(fx_count(&fx, PROTO_EV_RESEND) > 0);
	fprintf(stderr, "seed %llu: %zu acks, %zu resends, %zu halts, %zu gave up\n",
	    (unsigned long long)seed, fx_count(&fx, PROTO_EV_ACK),
	    fx_count(&fx, PROTO_EV_RESEND), fx_count(&fx, PROTO_EV_HALTED),
	    fx_count(&fx, PROTO_EV_GAVE_UP));
	fx_done(&fx);
	free(o.acked);
}

int
main(void)
{
	static const uint64_t seeds[] = { 1, 2, 3, 42, 1234567, 0x9e3779b97f4a7c15ull };

	for (size_t i = 0; i < LL_ARRAY_LEN(seeds); i++) {
		int before = test_failures;

		run(seeds[i], 60000, i % 2 ? PROTO_WINDOWED : PROTO_PINGPONG);
		fprintf(stderr, "%s seed %zu\n", test_failures == before ? "ok  " :
		    "FAIL", i);
	}
	TEST_MAIN_END();
}
