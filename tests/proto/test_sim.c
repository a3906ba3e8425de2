/*
 * The protocol engine against the virtual printer itself (in-process,
 * bytes only, over a modelled 115200/250000 baud wire): a real slicer file
 * streamed with line noise, dropped oks, the extra ok after Resend: and
 * ADVANCED_OK, in both modes. The printer's own log of executed commands
 * must equal the file's commands: each exactly once, in order.
 */
#include <unistd.h>

#include "proto_fixture.h"
#include "sim.h"
#include "test.h"

struct sim_case {
	const char *name;
	enum proto_mode mode;
	double error_rate;
	bool advanced_ok;
	bool ok_after_resend;
	unsigned long drop_ok;
	size_t bytes_per_ms;
	uint64_t seed;
	/* Windowed over a trickling wire with noise: Marlin's flush cuts
	 * lines in transit and runs their tails (see calm_lines). */
	bool tails_possible;
	/* The buffer test before the stream, against a printer with this
	 * receive buffer that runs at this many times real time (0: the
	 * defaults, 128 bytes and no test, instantly). */
	size_t rx_buffer;
	double speed;
};

struct cmds {
	char **v;
	size_t n;
};

static void
load_commands(const char *path, struct cmds *c)
{
	char *cause = NULL, *text = file_read_all(path, NULL, &cause);
	char *line, *save = NULL;

	memset(c, 0, sizeof *c);
	if (text == NULL) {
		fprintf(stderr, "%s\n", cause);
		free(cause);
		return;
	}
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char cmd[GCODE_MAX_LINE];
		int n = gcode_strip(line, strlen(line), cmd, sizeof cmd);

		if (n <= 0)
			continue;
		c->v = xrealloc(c->v, (c->n + 1) * sizeof *c->v);
		c->v[c->n++] = xstrdup(cmd);
	}
	free(text);
}

static bool
internal(const char *cmd)
{
	/* G4 P227: the buffer test's dwell under a 128-byte rx_buffer. */
	return strcmp(cmd, "M110 N0") == 0 || strcmp(cmd, "M115") == 0 ||
	    strcmp(cmd, "M105") == 0 || strcmp(cmd, "G4 P227") == 0;
}

struct acks {
	size_t next;
	unsigned long bad;
	char window_why[128];	/* PROTO_EV_WINDOW's text, "" if clean */
};

static void
on_event(struct fx *fx, const struct proto_event *ev)
{
	struct acks *a = fx->hook_data;

	if (ev->kind == PROTO_EV_ACK) {
		if (ev->tag != a->next && a->bad++ < 5)
			fprintf(stderr, "ACK %llu, expected %zu\n",
			    (unsigned long long)ev->tag, a->next);
		a->next = ev->tag + 1;
	}
	if (ev->kind == PROTO_EV_WINDOW)
		snprintf(a->window_why, sizeof a->window_why, "%s",
		    ev->text != NULL ? ev->text : "");
	if (getenv("LL_PROTO_TRACE") != NULL && ev->text != NULL &&
	    (ev->kind == PROTO_EV_SENT || ev->kind == PROTO_EV_RECEIVED))
		fprintf(stderr, "%llu %s %s\n", (unsigned long long)fx->now,
		    ev->kind == PROTO_EV_SENT ? ">" : "<", ev->text);
	if ((ev->kind == PROTO_EV_HALTED || ev->kind == PROTO_EV_GAVE_UP ||
	    ev->kind == PROTO_EV_NOT_RESPONDING) && ev->text != NULL)
		fprintf(stderr, "event %d: %s\n", ev->kind, ev->text);
}

static void
run_case(const struct sim_case *sc, const struct cmds *file)
{
	char logpath[] = "/tmp/layerlab-proto-sim-XXXXXX";
	struct sim_options so;
	struct proto_config cfg;
	struct sim *sim;
	struct sim_status st;
	struct fx fx;
	struct acks acks;
	struct buf to_sim, to_host;
	struct cmds logged;
	uint64_t rng = sc->seed * 2654435761u + 1;
	char *cause = NULL;
	size_t next = 0, matched = 0, user_logged = 0;
	int fd = mkstemp(logpath);

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	close(fd);
	sim_options_default(&so);
	so.speed = sc->speed;
	if (sc->rx_buffer > 0)
		so.rx_buffer = sc->rx_buffer;
	so.error_rate = sc->error_rate;
	so.seed = sc->seed;
	so.advanced_ok = sc->advanced_ok;
	so.ok_after_resend = sc->ok_after_resend;
	so.drop_ok = sc->drop_ok;
	so.log_path = logpath;
	sim = sim_new(NULL, &so, &cause);
	CHECK(sim != NULL);
	if (sim == NULL) {
		fprintf(stderr, "%s\n", cause);
		free(cause);
		unlink(logpath);
		return;
	}

	proto_config_default(&cfg);
	cfg.mode = sc->mode;
	cfg.mode_forced = true;
	fx_init(&fx, &cfg);
	fx.keep_events = false;
	fx.hook = on_event;
	memset(&acks, 0, sizeof acks);
	fx.hook_data = &acks;
	buf_init(&to_sim);
	buf_init(&to_host);
	fx.now = 1000;
	proto_start(fx.p, fx.now);
	if (sc->rx_buffer > 0)
		proto_test_window(fx.p);

	for (; fx.now < 3600000 && acks.next < file->n; fx.now++) {
		const char *out;
		size_t n, len;
		uint64_t due;

		while (next < file->n && proto_wants_more(fx.p)) {
			if (proto_queue(fx.p, file->v[next], next, false) != 0)
				break;
			next++;
		}
		buf_reset(&fx.out);
		proto_output(fx.p, &fx.out);
		buf_append(&to_sim, fx.out.data != NULL ? fx.out.data : "", fx.out.len);
		due = proto_deadline(fx.p);
		if (due != 0 && due <= fx.now)
			proto_tick(fx.p, fx.now);

		/* A pty hands over each write whole; a UART trickles. */
		n = sc->bytes_per_ms == 0 || to_sim.len < sc->bytes_per_ms ?
		    to_sim.len : sc->bytes_per_ms;
		if (n > 0) {
			sim_feed(sim, to_sim.data, n, fx.now);
			buf_consume(&to_sim, n);
		} else
			sim_tick(sim, fx.now);
		out = sim_output(sim, &len);
		buf_append(&to_host, out, len);
		sim_output_consume(sim, len);

		n = sc->bytes_per_ms == 0 || to_host.len < sc->bytes_per_ms ?
		    to_host.len : sc->bytes_per_ms;
		while (n > 0) {
			size_t chunk;

			rng ^= rng << 13;
			rng ^= rng >> 7;
			rng ^= rng << 17;
			chunk = 1 + (size_t)(rng % n);
			proto_feed(fx.p, to_host.data, chunk, fx.now);
			buf_consume(&to_host, chunk);
			n -= chunk;
		}
	}
	sim_status(sim, &st);
	sim_free(sim);

	load_commands(logpath, &logged);
	unlink(logpath);
	/* The file's commands must appear in the log in order; anything
	 * else the printer ran is counted as extra. */
	for (size_t i = 0, j = 0; i < logged.n; i++) {
		if (internal(logged.v[i]))
			continue;
		user_logged++;
		while (j < file->n && internal(file->v[j]))
			j++;
		if (j < file->n && strcmp(logged.v[i], file->v[j]) == 0) {
			matched++;
			j++;
		} else if (user_logged - matched < 4)
			fprintf(stderr, "%s: the printer also ran \"%s\"\n",
			    sc->name, logged.v[i]);
	}
	{
		size_t expected = 0;

		for (size_t i = 0; i < file->n; i++)
			expected += !internal(file->v[i]);
		fprintf(stderr, "%s: %zu commands in %.1f s, %lu line errors, "
		    "%lu resends, %lu stale, %lu stray oks, %lu lost oks, %lu pokes, "
		    "%lu bytes lost, %zu extra\n", sc->name, acks.next,
		    (double)(fx.now - 1000) / 1000, st.line_errors,
		    proto_info(fx.p)->resends, proto_info(fx.p)->stale_resends,
		    proto_info(fx.p)->stray_oks, proto_info(fx.p)->lost_oks,
		    proto_info(fx.p)->pokes, st.bytes_lost, user_logged - matched);
		if (sc->tails_possible && fx_count(&fx, PROTO_EV_GAVE_UP) == 1) {
			/*
			 * Windowed over a noisy UART, Marlin's drain after a
			 * bad line leaves the rest of a line that was on the
			 * wire to run without its N. No host can prevent it;
			 * this one must notice and stop, never report the
			 * print as done: the file's commands ran in order up
			 * to there, none was confirmed that did not run.
			 */
			CHECK(proto_info(fx.p)->gave_up);
			CHECK(user_logged > matched);	/* a tail did run */
			CHECK(acks.next <= matched);
			CHECK(acks.next < file->n);
		} else {
			CHECK_INT(matched, expected);
			CHECK_INT(user_logged, expected);
			CHECK_INT(acks.next, file->n);
			CHECK_INT(fx_count(&fx, PROTO_EV_GAVE_UP), 0);
		}
		CHECK_INT(acks.bad, 0);
	}
	CHECK_INT(fx_count(&fx, PROTO_EV_HALTED), 0);
	if (sc->error_rate == 0 && sc->drop_ok == 0 &&
	    (sc->rx_buffer == 0 || sc->rx_buffer >= cfg.rx_buffer)) {
		CHECK_INT(st.bytes_lost, 0);
		CHECK_INT(st.line_errors, 0);
	}
	if (sc->error_rate > 0)
		CHECK(st.line_errors > 0);	/* the noise did bite */
	if (sc->drop_ok > 0)
		CHECK(proto_info(fx.p)->lost_oks > 0);
	if (sc->rx_buffer >= cfg.rx_buffer) {
		/* Measured in full: the test's lines less than one more. */
		CHECK(proto_window(fx.p) > cfg.rx_buffer - 16);
		CHECK(proto_window(fx.p) < cfg.rx_buffer);
		CHECK_INT(fx_count(&fx, PROTO_EV_WINDOW), 1);
		CHECK_STR(acks.window_why, "");
	} else if (sc->rx_buffer > 0) {
		/* The board lost the test's tail: the window stays at what
		 * every board holds, and not one byte of the file was lost. */
		CHECK_INT(proto_window(fx.p), 63);
		CHECK(st.bytes_lost > 0);
		CHECK_INT(proto_info(fx.p)->resends, 1);
		/* Said, so a trainer can correct the profile. */
		CHECK_INT(fx_count(&fx, PROTO_EV_WINDOW), 1);
		CHECK(acks.window_why[0] != '\0');
	}

	for (size_t i = 0; i < logged.n; i++)
		free(logged.v[i]);
	free(logged.v);
	buf_free(&to_sim);
	buf_free(&to_host);
	fx_done(&fx);
}

/* bytes_per_ms 0: whole writes, as over a pty; 12 ~ 115200 baud. */
static const struct sim_case cases[] = {
	{ "clean-pingpong", PROTO_PINGPONG, 0, false, false, 0, 0, 1, false, 0, 0 },
	{ "clean-windowed", PROTO_WINDOWED, 0, false, false, 0, 0, 2, false, 0, 0 },
	{ "clean-windowed-uart", PROTO_WINDOWED, 0, false, false, 0, 12, 2, false, 0, 0 },
	{ "clean-windowed-advok", PROTO_WINDOWED, 0, true, false, 0, 25, 3, false, 0, 0 },
	{ "noisy-pingpong", PROTO_PINGPONG, 0.02, false, false, 0, 0, 4, false, 0, 0 },
	{ "noisy-pingpong-uart", PROTO_PINGPONG, 0.02, false, false, 0, 12, 4, false, 0, 0 },
	{ "noisy-windowed", PROTO_WINDOWED, 0.02, false, false, 0, 0, 5, false, 0, 0 },
	{ "noisy-windowed-uart", PROTO_WINDOWED, 0.02, false, false, 0, 12, 5, true, 0, 0 },
	{ "noisy-windowed-advok", PROTO_WINDOWED, 0.05, true, false, 0, 0, 6, false, 0, 0 },
	{ "ok-after-resend-pingpong", PROTO_PINGPONG, 0.03, false, true, 0, 0, 7, false, 0, 0 },
	{ "ok-after-resend-windowed", PROTO_WINDOWED, 0.03, false, true, 0, 0, 8, false, 0, 0 },
	{ "dropped-ok-pingpong", PROTO_PINGPONG, 0, false, false, 200, 0, 9, false, 0, 0 },
	{ "dropped-ok-windowed", PROTO_WINDOWED, 0.01, false, false, 300, 0, 10, false, 0, 0 },
	{ "buffer-test-128", PROTO_WINDOWED, 0, false, false, 0, 12, 11, false, 128, 10 },
	{ "buffer-test-64", PROTO_WINDOWED, 0, false, false, 0, 12, 12, false, 64, 10 },
};

/* Left to choose, the engine streams to the virtual printer (a Marlin). */
static void
test_auto_mode(void)
{
	struct sim_options so;
	struct proto_config cfg;
	struct sim *sim;
	struct fx fx;
	char *cause = NULL;

	sim_options_default(&so);
	so.speed = 0;
	sim = sim_new(NULL, &so, &cause);
	CHECK(sim != NULL);
	if (sim == NULL) {
		free(cause);
		return;
	}
	proto_config_default(&cfg);
	fx_init(&fx, &cfg);
	proto_start(fx.p, fx.now);
	for (int i = 0; i < 1000 && !proto_info(fx.p)->ready; i++) {
		const char *out;
		size_t len;

		buf_reset(&fx.out);
		proto_output(fx.p, &fx.out);
		sim_feed(sim, fx.out.data != NULL ? fx.out.data : "", fx.out.len, fx.now);
		out = sim_output(sim, &len);
		proto_feed(fx.p, out, len, fx.now);
		sim_output_consume(sim, len);
		fx.now++;
		proto_tick(fx.p, fx.now);
	}
	CHECK(proto_info(fx.p)->ready);
	CHECK_INT(proto_info(fx.p)->flavour, GCODE_FLAVOUR_MARLIN);
	CHECK_INT(proto_info(fx.p)->mode, PROTO_WINDOWED);
	CHECK(proto_info(fx.p)->cap_autoreport_temp);
	fx_done(&fx);
	sim_free(sim);
}

int
main(int argc, char **argv)
{
	struct cmds file;

	load_commands(LL_TEST_DATA "/tab_ender3_0.20mm.gcode", &file);
	CHECK(file.n > 500);
	for (size_t i = 0; i < LL_ARRAY_LEN(cases); i++) {
		int before = test_failures;

		if (argc > 1 && strcmp(argv[1], cases[i].name) != 0)
			continue;
		run_case(&cases[i], &file);
		fprintf(stderr, "%s %s\n", test_failures == before ? "ok  " : "FAIL",
		    cases[i].name);
	}
	if (argc == 1)
		RUN(test_auto_mode);
	for (size_t i = 0; i < file.n; i++)
		free(file.v[i]);
	free(file.v);
	TEST_MAIN_END();
}
