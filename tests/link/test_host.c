/*
 * The host API over a real pseudo-terminal, against a scripted printer on
 * the master side in the same loop: the contract jobs, lessons and the TUI
 * rely on (listeners, completions, the feeder and its refusals, prompts,
 * temperatures, the boot wait of boards that reset on open, the emergency
 * stop, and reconnecting by the same name after the device vanished).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "gcode.h"
#include "host.h"
#include "loop.h"
#include "test.h"

/* The scripted printer: answers every framed line with ok. */
struct fake {
	struct loop *loop;
	int master;
	struct loop_fd *w;
	struct buf rx;
	char *log[512];		/* commands received, in order */
	int nlog;
	uint64_t first_rx;	/* clock_ms() of the first byte received */
	bool autoreport;
};

static void
fake_say(struct fake *f, const char *s)
{
	if (write(f->master, s, strlen(s)) < 0)
		fprintf(stderr, "fake printer: write: %s\n", strerror(errno));
}

static void
fake_line(struct fake *f, const char *line)
{
	long n = -1;
	const char *cmd = NULL;
	size_t len = 0;
	char text[256];

	gcode_unframe(line, strlen(line), &n, &cmd, &len);
	if (cmd == NULL) {
		cmd = line;
		len = strlen(line);
	}
	if (len >= sizeof text)
		len = sizeof text - 1;
	memcpy(text, cmd, len);
	text[len] = '\0';
	if (text[0] == '\0')
		return;
	if (f->nlog < (int)LL_ARRAY_LEN(f->log))
		f->log[f->nlog++] = xstrdup(text);
	if (strcmp(text, "M115") == 0) {
		fake_say(f, "FIRMWARE_NAME:Marlin 2.1.2 (test) "
		    "MACHINE_TYPE:Fake EXTRUDER_COUNT:1\n");
		fake_say(f, f->autoreport ? "Cap:AUTOREPORT_TEMP:1\n" :
		    "Cap:AUTOREPORT_TEMP:0\n");
		fake_say(f, "Cap:EMERGENCY_PARSER:1\nok\n");
	} else if (strcmp(text, "M105") == 0)
		fake_say(f, "ok T:21.50 /0.00 B:20.00 /0.00 @:0 B@:0\n");
	else if (strcmp(text, "M114") == 0)
		fake_say(f, "X:1.00 Y:2.00 Z:3.00 E:0.00 Count X:80 Y:160 "
		    "Z:1200\nok\n");
	else if (strcmp(text, "M9999") == 0)
		fake_say(f, "echo:Unknown command: \"M9999\"\nok\n");
	else if (strcmp(text, "M112") != 0 && strcmp(text, "G4 S60") != 0)
		fake_say(f, "ok\n");	/* M112 halts; G4 S60 dwells on */
}

static void
fake_read(int fd, short revents, void *data)
{
	struct fake *f = data;
	char tmp[1024], *nl;
	ssize_t n;

	(void)revents;
	while ((n = read(fd, tmp, sizeof tmp)) > 0) {
		if (f->first_rx == 0)
			f->first_rx = clock_ms();
		buf_append(&f->rx, tmp, (size_t)n);
	}
	while (f->rx.len > 0 &&
	    (nl = memchr(f->rx.data, '\n', f->rx.len)) != NULL) {
		*nl = '\0';
		fake_line(f, f->rx.data);
		buf_consume(&f->rx, (size_t)(nl - f->rx.data) + 1);
	}
}

/* A printer on a new pty, published at link (a stable name like by-id). */
static void
fake_start(struct fake *f, struct loop *loop, const char *link)
{
	char name[128];
	int slave;

	memset(f, 0, sizeof *f);
	f->loop = loop;
	f->autoreport = true;
	buf_init(&f->rx);
	if (openpty(&f->master, &slave, name, NULL, NULL) != 0)
		fatal("openpty: %s", strerror(errno));
	close(slave);
	fcntl(f->master, F_SETFL, fcntl(f->master, F_GETFL) | O_NONBLOCK);
	unlink(link);
	if (symlink(name, link) != 0)
		fatal("symlink: %s", strerror(errno));
	f->w = loop_fd_add(loop, f->master, POLLIN, fake_read, f);
}

static void
fake_stop(struct fake *f)
{
	if (f->w != NULL)
		loop_fd_remove(f->w);
	f->w = NULL;
	if (f->master >= 0)
		close(f->master);
	f->master = -1;
}

static void
fake_free(struct fake *f)
{
	fake_stop(f);
	for (int i = 0; i < f->nlog; i++)
		free(f->log[i]);
	buf_free(&f->rx);
}

static int
fake_count(const struct fake *f, const char *cmd)
{
	int n = 0;

	for (int i = 0; i < f->nlog; i++)
		n += strcmp(f->log[i], cmd) == 0;
	return n;
}

static int
fake_index(const struct fake *f, const char *cmd, int from)
{
	for (int i = from; i < f->nlog; i++) {
		if (strcmp(f->log[i], cmd) == 0)
			return i;
	}
	return -1;
}

/* What the listeners saw. */
struct seen {
	enum host_link states[32];
	int nstates;
	int received, sent;
	int temps;
	char prompt[64];
	int nbuttons;
	char button0[32];
	char halted[256];
	char disconnected[256];
	int reconnected;
	char notices[1024];
	char refused[256];
};

static void
on_state(const struct host_status *st, void *data)
{
	struct seen *s = data;

	if (s->nstates < 32)
		s->states[s->nstates++] = st->link;
}

static void
on_received(const char *line, void *data)
{
	(void)line;
	((struct seen *)data)->received++;
}

static void
on_sent(const char *line, void *data)
{
	(void)line;
	((struct seen *)data)->sent++;
}

static void
on_temps(const struct host_status *st, void *data)
{
	(void)st;
	((struct seen *)data)->temps++;
}

static void
on_prompt(const char *message, const char *const *buttons, int n, void *data)
{
	struct seen *s = data;

	if (message == NULL)
		return;
	snprintf(s->prompt, sizeof s->prompt, "%s", message);
	s->nbuttons = n;
	if (n > 0)
		snprintf(s->button0, sizeof s->button0, "%s", buttons[0]);
}

static void
on_halted(const char *message, void *data)
{
	struct seen *s = data;

	snprintf(s->halted, sizeof s->halted, "%s", message);
}

static void
on_disconnected(const char *why, void *data)
{
	struct seen *s = data;

	snprintf(s->disconnected, sizeof s->disconnected, "%s", why);
}

static void
on_reconnected(void *data)
{
	((struct seen *)data)->reconnected++;
}

static void
on_notice(const char *text, void *data)
{
	struct seen *s = data;
	size_t len = strlen(s->notices);

	snprintf(s->notices + len, sizeof s->notices - len, "%s\n", text);
}

static void
on_refused(const char *cmd, enum host_source src, const char *reason,
    void *data)
{
	struct seen *s = data;

	(void)src;
	snprintf(s->refused, sizeof s->refused, "%s: %s", cmd, reason);
}

static int
listen_all(struct host *h, struct seen *s)
{
	struct host_listener l = {
		.line_received = on_received,
		.line_sent = on_sent,
		.state_changed = on_state,
		.temps = on_temps,
		.refused = on_refused,
		.prompt = on_prompt,
		.halted = on_halted,
		.disconnected = on_disconnected,
		.reconnected = on_reconnected,
		.notice = on_notice,
		.data = s,
	};

	memset(s, 0, sizeof *s);
	return host_listen(h, &l);
}

/* Runs the loop until cond() holds or ms pass; true when it held. */
static bool
run_until(struct loop *loop, bool (*cond)(void *), void *arg, unsigned ms)
{
	uint64_t end = clock_ms() + ms;

	while (!cond(arg)) {
		if (clock_ms() >= end)
			return false;
		loop_run_once(loop, 20);
	}
	return true;
}

static struct host *cur_host;

static bool
is_ready(void *arg)
{
	struct host_status st;

	(void)arg;
	host_status(cur_host, &st);
	return st.link == HOST_LINK_READY;
}

static bool
is_link(void *arg)
{
	struct host_status st;

	host_status(cur_host, &st);
	return st.link == *(enum host_link *)arg;
}

/* Completions. */
struct done {
	int calls;
	enum host_result result;
	char lines[512];
	char message[256];
};

static void
on_done(const struct host_reply *r, void *data)
{
	struct done *d = data;

	d->calls++;
	d->result = r->result;
	d->lines[0] = '\0';
	for (size_t i = 0; i < r->nlines; i++) {
		size_t len = strlen(d->lines);
		snprintf(d->lines + len, sizeof d->lines - len, "%s|",
		    r->lines[i]);
	}
	snprintf(d->message, sizeof d->message, "%s",
	    r->message != NULL ? r->message : "");
}

static bool
is_done(void *arg)
{
	return ((struct done *)arg)->calls > 0;
}

static char tmpdir[] = "/tmp/ll-host-XXXXXX";
static char port[256];

static void
test_handshake_commands_and_listeners(void)
{
	struct loop *loop = loop_new();
	struct host_profile prof;
	struct fake f;
	struct seen s;
	struct done d = { 0 };
	struct host_status st;
	struct host *h;
	char *cause = NULL;

	host_profile_init(&prof);
	fake_start(&f, loop, port);
	cur_host = h = host_new(loop, &prof);
	listen_all(h, &s);
	CHECK_INT(host_open(h, port, 250000, &cause), 0);
	CHECK(run_until(loop, is_ready, NULL, 3000));
	host_status(h, &st);
	CHECK_INT(st.baud, 250000);
	CHECK_STR(st.port, port);
	CHECK_STR(st.firmware_name, "Marlin 2.1.2 (test)");
	CHECK(st.cap_autoreport_temp);
	CHECK(st.cap_emergency_parser);
	CHECK(s.nstates >= 2 && s.states[0] == HOST_LINK_CONNECTING &&
	    s.states[s.nstates - 1] == HOST_LINK_READY);
	CHECK(s.received > 0 && s.sent >= 2);

	/* A command with reply lines; M155 S1 went first on its own. */
	CHECK_INT(host_send(h, "M114 ; where are we", HOST_SRC_CONSOLE, on_done,
	    &d, &cause), 0);
	CHECK(run_until(loop, is_done, &d, 2000));
	CHECK_INT(d.result, HOST_RESULT_OK);
	CHECK_STR(d.lines, "X:1.00 Y:2.00 Z:3.00 E:0.00 Count X:80 Y:160 Z:1200|");
	CHECK_INT(fake_count(&f, "M155 S1"), 1);
	CHECK_INT(fake_count(&f, "M114"), 1);	/* comment stripped */
	host_status(h, &st);
	CHECK(st.has_position && st.z == 3.0);

	/* A firmware complaint makes the command an error, with its words. */
	memset(&d, 0, sizeof d);
	CHECK_INT(host_send(h, "M9999", HOST_SRC_CONSOLE, on_done, &d, &cause),
	    0);
	CHECK(run_until(loop, is_done, &d, 2000));
	CHECK_INT(d.result, HOST_RESULT_ERROR);
	CHECK(strstr(d.message, "Unknown command") != NULL);

	/* The guard: refused before the printer hears it; listeners told. */
	CHECK_INT(host_send(h, "M104 S400", HOST_SRC_LESSON, on_done, &d,
	    &cause), -1);
	CHECK(cause != NULL && strstr(cause, "max_nozzle") != NULL);
	CHECK(strstr(s.refused, "M104 S400: nozzle target 400") != NULL);
	CHECK_INT(host_check(h, "G1 Z5", HOST_SRC_CONSOLE, &cause), -1);
	CHECK_INT(host_check(h, "M105", HOST_SRC_CONSOLE, &cause), 0);

	/* Temperatures and prompts arrive unsolicited. */
	fake_say(&f, " T:200.00 /210.00 B:60.00 /60.00 @:100 B@:50\n");
	fake_say(&f, "//action:prompt_end\n//action:prompt_begin Paused\n"
	    "//action:prompt_button Continue\n//action:prompt_show\n");
	memset(&d, 0, sizeof d);
	host_send(h, "M117 sync", HOST_SRC_CONSOLE, on_done, &d, NULL);
	CHECK(run_until(loop, is_done, &d, 2000));
	host_status(h, &st);
	CHECK(s.temps >= 1);
	CHECK_NEAR(st.nozzle, 200, 0.01);
	CHECK_NEAR(st.nozzle_target, 210, 0.01);
	CHECK_NEAR(st.bed, 60, 0.01);
	CHECK_INT(st.nozzle_power, 100);
	CHECK_INT(st.bed_power, 50);
	CHECK(host_heating(h));
	CHECK_STR(s.prompt, "Paused");
	CHECK_INT(s.nbuttons, 1);
	CHECK_STR(s.button0, "Continue");

	/* G28 acknowledged: homed, and the position is asked for. */
	memset(&d, 0, sizeof d);
	host_send(h, "G28", HOST_SRC_CONSOLE, on_done, &d, NULL);
	CHECK(run_until(loop, is_done, &d, 2000));
	host_status(h, &st);
	CHECK(st.homed[0] && st.homed[1] && st.homed[2]);
	CHECK_INT(host_pending(h), 0);

	host_free(h);
	fake_free(&f);
	loop_free(loop);
	host_profile_free(&prof);
	free(cause);
}

/* A job's view: lines on demand, confirmations in order, refusals pause. */
struct feed {
	int next;		/* next line to hand out */
	int total;
	int acked[64];
	int nacked;
	int refused_tag;
	char reason[256];
	bool hold;		/* pretend nothing is ready yet */
};

static int
feed_next(char *cmd, size_t size, uint64_t *tag, void *data)
{
	struct feed *fd = data;

	if (fd->hold)
		return 0;
	if (fd->next >= fd->total)
		return -1;
	if (fd->next == 5)
		snprintf(cmd, size, "M104 S999");	/* the guard stops this */
	else
		snprintf(cmd, size, "M117 line %d", fd->next);
	*tag = (uint64_t)fd->next++;
	return 1;
}

static void
feed_done(uint64_t tag, const struct host_reply *r, void *data)
{
	struct feed *fd = data;

	if (r->result == HOST_RESULT_OK && fd->nacked < 64)
		fd->acked[fd->nacked++] = (int)tag;
}

static void
feed_refused(uint64_t tag, const char *cmd, const char *reason, void *data)
{
	struct feed *fd = data;

	(void)cmd;
	fd->refused_tag = (int)tag;
	snprintf(fd->reason, sizeof fd->reason, "%s", reason);
}

/* Every line but the refused one confirmed. */
static bool
feed_acked(void *arg)
{
	struct feed *fd = arg;

	return fd->nacked >= fd->total - 1;
}

static bool
feed_refusal(void *arg)
{
	return ((struct feed *)arg)->refused_tag > 0;
}

static bool
feed_five(void *arg)
{
	return ((struct feed *)arg)->nacked >= 5;
}

static void
test_feeder(void)
{
	struct loop *loop = loop_new();
	struct host_profile prof;
	struct host_feeder hf;
	struct fake f;
	struct feed fd = { .total = 20, .refused_tag = -1 };
	struct host *h;
	bool in_order = true;

	host_profile_init(&prof);
	fake_start(&f, loop, port);
	cur_host = h = host_new(loop, &prof);
	CHECK_INT(host_open(h, port, 0, NULL), 0);
	CHECK(run_until(loop, is_ready, NULL, 3000));
	hf.next = feed_next;
	hf.done = feed_done;
	hf.refused = feed_refused;
	hf.data = &fd;
	fd.refused_tag = 0;
	host_set_feeder(h, &hf);
	CHECK(run_until(loop, feed_refusal, &fd, 3000));
	CHECK_INT(fd.refused_tag, 5);
	CHECK(strstr(fd.reason, "max_nozzle") != NULL);
	CHECK(run_until(loop, feed_five, &fd, 2000));
	/* Paused on the refusal: nothing after line 5 is taken. */
	loop_run_once(loop, 50);
	CHECK_INT(fd.next, 6);
	CHECK_INT(fake_count(&f, "M104 S999"), 0);
	/* The job skips it and wakes the host: the rest flows. */
	host_feeder_wake(h);
	CHECK(run_until(loop, feed_acked, &fd, 3000));
	CHECK_INT(fd.nacked, 19);
	for (int i = 1; i < fd.nacked; i++)
		in_order = in_order && fd.acked[i] > fd.acked[i - 1];
	CHECK(in_order);
	CHECK(fake_index(&f, "M117 line 4", 0) < fake_index(&f, "M117 line 6",
	    0));
	/* Nothing ready: the host waits for a wake, then takes more. */
	fd.total = 25;
	fd.hold = true;
	host_feeder_wake(h);
	loop_run_once(loop, 50);
	CHECK_INT(fd.next, 20);
	fd.hold = false;
	host_feeder_wake(h);
	CHECK(run_until(loop, feed_acked, &fd, 3000));
	CHECK_INT(fake_count(&f, "M117 line 24"), 1);
	host_set_feeder(h, NULL);

	host_free(h);
	fake_free(&f);
	loop_free(loop);
	host_profile_free(&prof);
}

static void
test_boot_wait_for_reset_boards(void)
{
	struct loop *loop = loop_new();
	struct host_profile prof;
	struct fake f;
	struct host *h;
	uint64_t last_banner = 0;

	host_profile_init(&prof);
	prof.reset_on_open = true;
	fake_start(&f, loop, port);
	cur_host = h = host_new(loop, &prof);
	CHECK_INT(host_open(h, port, 0, NULL), 0);
	/* The board reboots: its banner comes first, over a while. */
	fake_say(&f, "start\necho:Marlin 2.1.2\n");
	for (int i = 0; i < 4; i++) {
		uint64_t until = clock_ms() + 150;
		while (clock_ms() < until)
			loop_run_once(loop, 20);
		fake_say(&f, "echo:  M92 X80.00 Y80.00 Z400.00 E93.00\n");
		last_banner = clock_ms();
	}
	CHECK(run_until(loop, is_ready, NULL, 5000));
	/* Nothing was written until the banner had been quiet a while. */
	CHECK(f.first_rx >= last_banner + 400);
	CHECK_STR(f.nlog > 0 ? f.log[0] : "", "M110 N0");
	host_free(h);
	fake_free(&f);
	loop_free(loop);
	host_profile_free(&prof);
}

static void
emergency_stop(bool via_send)
{
	struct loop *loop = loop_new();
	struct host_profile prof;
	struct fake f;
	struct seen s;
	struct done d = { 0 };
	struct host_status st;
	struct host *h;
	enum host_link halted = HOST_LINK_HALTED;
	char *cause = NULL;

	host_profile_init(&prof);
	fake_start(&f, loop, port);
	cur_host = h = host_new(loop, &prof);
	listen_all(h, &s);
	CHECK_INT(host_open(h, port, 0, NULL), 0);
	CHECK(run_until(loop, is_ready, NULL, 3000));
	/* A command still running when the stop comes. */
	host_send(h, "G4 S60", HOST_SRC_CONSOLE, on_done, &d, NULL);
	while (fake_count(&f, "G4 S60") == 0)
		loop_run_once(loop, 20);
	/* From here the test reads the printer's side itself. */
	loop_fd_remove(f.w);
	f.w = NULL;
	if (via_send) {
		struct done d2 = { 0 };
		/* M112 typed or scripted is the same emergency stop. */
		CHECK_INT(host_send(h, "M112", HOST_SRC_LESSON, on_done, &d2,
		    &cause), 0);
		CHECK_INT(d2.calls, 1);
		CHECK_INT(d2.result, HOST_RESULT_HALTED);
	} else
		host_emergency_stop(h);
	CHECK(run_until(loop, is_link, &halted, 1000));
	CHECK_INT(d.calls, 1);
	CHECK_INT(d.result, HOST_RESULT_HALTED);
	CHECK(strstr(s.halted, "emergency stop") != NULL);
	host_status(h, &st);
	CHECK(strstr(st.halt_message, "M112") != NULL);
	/* Everything is refused until the printer is reset. */
	CHECK_INT(host_send(h, "M105", HOST_SRC_CONSOLE, NULL, NULL, &cause),
	    -1);
	CHECK(cause != NULL && strstr(cause, "halted") != NULL);
	/* M112 went out unframed, ahead of everything. */
	{
		char tmp[1024];
		ssize_t n = read(f.master, tmp, sizeof tmp - 1);
		tmp[n > 0 ? n : 0] = '\0';
		CHECK(strstr(tmp, "\nM112\n") != NULL);
		CHECK(strstr(tmp, "M104 S0") != NULL);
	}
	host_free(h);
	fake_free(&f);
	loop_free(loop);
	host_profile_free(&prof);
	free(cause);
}

static void
test_emergency_stop(void)
{
	emergency_stop(false);
	emergency_stop(true);
}

static void
test_disconnect_and_reconnect(void)
{
	struct loop *loop = loop_new();
	struct host_profile prof;
	struct fake f, f2;
	struct seen s;
	struct done d = { 0 };
	struct host *h;
	enum host_link reconnecting = HOST_LINK_RECONNECTING;
	uint64_t lost;
	char *cause = NULL;
	int off;

	host_profile_init(&prof);
	fake_start(&f, loop, port);
	cur_host = h = host_new(loop, &prof);
	listen_all(h, &s);
	CHECK_INT(host_open(h, port, 0, NULL), 0);
	CHECK(run_until(loop, is_ready, NULL, 3000));
	host_send(h, "M104 S200", HOST_SRC_CONSOLE, NULL, NULL, NULL);
	host_send(h, "M140 S60", HOST_SRC_CONSOLE, NULL, NULL, NULL);
	while (fake_count(&f, "M140 S60") == 0)
		loop_run_once(loop, 20);
	loop_fd_remove(f.w);
	f.w = NULL;
	host_send(h, "G4 S1", HOST_SRC_CONSOLE, on_done, &d, NULL);
	loop_run_once(loop, 20);

	/* Unplugged: seen within a second, said plainly, commands end. */
	lost = clock_ms();
	fake_stop(&f);
	CHECK(run_until(loop, is_link, &reconnecting, 1000));
	CHECK(clock_ms() - lost < 1000);
	CHECK(strstr(s.disconnected, "the printer disconnected") != NULL);
	CHECK(strstr(s.disconnected, port) != NULL);
	CHECK_INT(d.calls, 1);
	CHECK_INT(d.result, HOST_RESULT_DISCONNECTED);
	CHECK_INT(host_send(h, "M105", HOST_SRC_CONSOLE, NULL, NULL, &cause),
	    -1);
	CHECK(cause != NULL && strstr(cause, "disconnected") != NULL);
	CHECK(host_heating(h));

	/* Plugged back in under the same name: handshake, heaters off. */
	fake_start(&f2, loop, port);
	CHECK(run_until(loop, is_ready, NULL, 3000));
	CHECK_INT(s.reconnected, 1);
	CHECK(strstr(s.notices, "switched them off") != NULL);
	while (fake_count(&f2, "M140 S0") == 0 && clock_ms() - lost < 5000)
		loop_run_once(loop, 20);
	off = fake_index(&f2, "M104 S0", 0);
	CHECK(off > fake_index(&f2, "M115", 0));
	CHECK(fake_index(&f2, "M140 S0", 0) > off);
	/* A new connection: nothing homed, guard starts over. */
	CHECK_INT(host_check(h, "G1 Z5", HOST_SRC_CONSOLE, &cause), -1);

	/* host_close ends for good: no reconnect after it. */
	host_close(h);
	CHECK(is_link(&(enum host_link){ HOST_LINK_DISCONNECTED }));
	host_free(h);
	fake_free(&f);
	fake_free(&f2);
	loop_free(loop);
	host_profile_free(&prof);
	free(cause);
}

static bool
two_polls(void *arg)
{
	return fake_count(arg, "M105") >= 2;
}

/* Without AUTOREPORT_TEMP the host polls M105: every 2 s while heating. */
static void
test_polls_without_autoreport(void)
{
	struct loop *loop = loop_new();
	struct host_profile prof;
	struct fake f;
	struct host *h;
	uint64_t start;

	host_profile_init(&prof);
	fake_start(&f, loop, port);
	f.autoreport = false;
	cur_host = h = host_new(loop, &prof);
	CHECK_INT(host_open(h, port, 0, NULL), 0);
	CHECK(run_until(loop, is_ready, NULL, 3000));
	host_send(h, "M104 S200", HOST_SRC_CONSOLE, NULL, NULL, NULL);
	start = clock_ms();
	CHECK(run_until(loop, two_polls, &f, 3000));
	CHECK(clock_ms() - start >= 1500);	/* not flooding: 2 s apart */
	CHECK_INT(fake_count(&f, "M155 S1"), 0);
	host_free(h);
	/* The profile's no-autoreport quirk overrides the Cap line. */
	f.autoreport = true;
	strcpy(prof.quirks[prof.nquirks++], "no-autoreport");
	cur_host = h = host_new(loop, &prof);
	CHECK_INT(host_open(h, port, 0, NULL), 0);
	CHECK(run_until(loop, is_ready, NULL, 3000));
	loop_run_once(loop, 50);
	CHECK_INT(fake_count(&f, "M155 S1"), 0);
	host_free(h);
	fake_free(&f);
	loop_free(loop);
	host_profile_free(&prof);
}

static bool
both_off(void *arg)
{
	return fake_count(arg, "M104 S0") > 0 && fake_count(arg, "M140 S0") > 0;
}

/* Heaters nobody uses go off by themselves, the nozzle first. */
static void
test_idle_heaters_off(void)
{
	struct loop *loop = loop_new();
	struct host_profile prof;
	struct fake f;
	struct seen s;
	struct host *h;
	uint64_t start;

	host_profile_init(&prof);
	fake_start(&f, loop, port);
	cur_host = h = host_new(loop, &prof);
	listen_all(h, &s);
	host_set_idle_timeouts(h, 400, 800);
	CHECK_INT(host_open(h, port, 0, NULL), 0);
	CHECK(run_until(loop, is_ready, NULL, 3000));
	host_send(h, "M104 S200", HOST_SRC_LESSON, NULL, NULL, NULL);
	host_send(h, "M140 S60", HOST_SRC_LESSON, NULL, NULL, NULL);
	start = clock_ms();
	CHECK(run_until(loop, both_off, &f, 3000));
	CHECK(clock_ms() - start >= 700);
	CHECK(fake_index(&f, "M104 S0", 0) < fake_index(&f, "M140 S0", 0));
	CHECK(strstr(s.notices, "nozzle heater was on with nothing happening")
	    != NULL);
	CHECK(!host_heating(h));
	host_free(h);
	fake_free(&f);
	loop_free(loop);
	host_profile_free(&prof);
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL)
		fatal("mkdtemp: %s", strerror(errno));
	snprintf(port, sizeof port, "%s/usb-Fake_Printer-if00", tmpdir);
	RUN(test_handshake_commands_and_listeners);
	RUN(test_feeder);
	RUN(test_boot_wait_for_reset_boards);
	RUN(test_emergency_stop);
	RUN(test_disconnect_and_reconnect);
	RUN(test_polls_without_autoreport);
	RUN(test_idle_heaters_off);
	unlink(port);
	rmdir(tmpdir);
	TEST_MAIN_END();
}
