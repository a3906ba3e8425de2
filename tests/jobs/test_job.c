/*
 * The job's state machine against a scripted stand-in for the host: what it
 * feeds, what pause, resume and cancel send, and how failures end it. The
 * real link is exercised end to end by the print_*.sh tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "host.h"
#include "job.h"
#include "loop.h"
#include "test.h"

/* ---- A host that records everything and answers when told ---- */

#define MAX_SENT 512
struct sent {
	char cmd[GCODE_MAX_LINE];
	host_done_cb done;
	void *data;
	bool completed;
};
static struct sent sent[MAX_SENT];
static int nsent, ncompleted;
static struct host_feeder feeder;
static bool has_feeder;
static struct host_listener listener;
static bool has_listener;
static struct host_status status;
static struct host_profile profile;
static const char *refuse_prefix;	/* host_send refuses these */

static struct host *const fake = (struct host *)&status;
static struct loop *test_loop;

struct loop *
host_loop(const struct host *h)
{
	(void)h;
	return test_loop;
}

int
host_send(struct host *h, const char *cmd, enum host_source source,
    host_done_cb done, void *data, char **refusal)
{
	(void)h;
	(void)source;
	if (refuse_prefix != NULL && str_starts_with(cmd, refuse_prefix)) {
		set_cause(refusal, "refused for the test");
		return -1;
	}
	if (nsent == MAX_SENT)
		fatal("too many commands");
	snprintf(sent[nsent].cmd, sizeof sent[nsent].cmd, "%s", cmd);
	sent[nsent].done = done;
	sent[nsent].data = data;
	sent[nsent].completed = false;
	nsent++;
	return 0;
}

void
host_set_feeder(struct host *h, const struct host_feeder *f)
{
	(void)h;
	has_feeder = f != NULL;
	if (f != NULL)
		feeder = *f;
}

static int wakes;
void
host_feeder_wake(struct host *h)
{
	(void)h;
	wakes++;
}

int
host_listen(struct host *h, const struct host_listener *l)
{
	(void)h;
	listener = *l;
	has_listener = true;
	return 7;
}

void
host_unlisten(struct host *h, int id)
{
	(void)h;
	CHECK_INT(id, 7);
	has_listener = false;
}

void
host_status(const struct host *h, struct host_status *out)
{
	(void)h;
	*out = status;
}

const struct host_profile *
host_profile(const struct host *h)
{
	(void)h;
	return &profile;
}

const char *
host_result_name(enum host_result result)
{
	return result == HOST_RESULT_OK ? "ok" : "not ok";
}

/* Completes the oldest outstanding job command with result. */
static void
complete_next(enum host_result result, const char *const *lines, size_t n)
{
	struct host_reply r;

	for (int i = 0; i < nsent; i++) {
		if (sent[i].completed)
			continue;
		sent[i].completed = true;
		ncompleted++;
		memset(&r, 0, sizeof r);
		r.result = result;
		r.cmd = sent[i].cmd;
		r.lines = lines;
		r.nlines = n;
		sent[i].done(&r, sent[i].data);
		return;
	}
	fatal("nothing to complete");
}

static void
complete_all(void)
{
	while (ncompleted < nsent)
		complete_next(HOST_RESULT_OK, NULL, 0);
}

/* Lines the host pulled from the feeder and not yet answered. */
#define MAX_FLIGHT 64
static uint64_t flight_tags[MAX_FLIGHT];
static char flight_cmds[MAX_FLIGHT][GCODE_MAX_LINE];
static int nflight;

/* Pulls up to n lines, as the host does while the window has room. */
static int
pull(int n)
{
	int got = 0, rc;

	while (got < n && has_feeder && nflight < MAX_FLIGHT) {
		rc = feeder.next(flight_cmds[nflight], GCODE_MAX_LINE,
		    &flight_tags[nflight], feeder.data);
		if (rc != 1)
			break;
		nflight++;
		got++;
	}
	return got;
}

/* The printer acknowledges the oldest n lines in flight. */
static void
ack(int n, enum host_result result)
{
	struct host_reply r;

	for (int i = 0; i < n && nflight > 0; i++) {
		uint64_t tag = flight_tags[0];
		char cmd[GCODE_MAX_LINE];

		memcpy(cmd, flight_cmds[0], sizeof cmd);
		memmove(flight_tags, flight_tags + 1,
		    (size_t)(nflight - 1) * sizeof *flight_tags);
		memmove(flight_cmds, flight_cmds + 1,
		    (size_t)(nflight - 1) * sizeof *flight_cmds);
		nflight--;
		memset(&r, 0, sizeof r);
		r.result = result;
		r.cmd = cmd;
		r.message = result == HOST_RESULT_OK ? NULL :
		    "Printer halted. kill() called!";
		feeder.done(tag, &r, feeder.data);
	}
}

static enum job_state last_state;
static char last_reason[256];
static int nnotices;

static void
on_state(enum job_state state, const char *reason, void *data)
{
	(void)data;
	last_state = state;
	snprintf(last_reason, sizeof last_reason, "%s", reason != NULL ?
	    reason : "");
}

static void
on_notice(const char *text, void *data)
{
	(void)text;
	(void)data;
	nnotices++;
}

static struct job *
setup(const char *file)
{
	struct job_events ev = { .state_changed = on_state, .notice = on_notice };
	char *path = xasprintf("%s/%s", LL_TEST_DATA, file), *cause = NULL;
	struct job *j;

	nsent = ncompleted = nflight = nnotices = wakes = 0;
	has_feeder = has_listener = false;
	refuse_prefix = NULL;
	last_reason[0] = '\0';
	memset(&status, 0, sizeof status);
	status.link = HOST_LINK_READY;
	status.has_temps = true;
	status.nozzle = status.nozzle_target = 205;
	status.bed = status.bed_target = 60;
	free(profile.pause_gcode);
	free(profile.cancel_gcode);
	memset(&profile, 0, sizeof profile);
	profile.axis[2].max = 250;
	profile.min_extrude = 180;
	profile.keep_temps_on_pause = true;
	profile.pause_lift = 10;
	profile.park_x = 0;
	profile.park_y = 220;
	profile.pause_gcode = xstrdup("M300 S880 P200 ; beep");
	profile.cancel_gcode = xstrdup("M104 S0\nM140 S0\nM107\nM84");
	j = job_new(fake, path, &ev, &cause);
	CHECK(j != NULL);
	free(path);
	free(cause);
	return j;
}

static bool
sent_has(int from, const char *cmd)
{
	for (int i = from; i < nsent; i++) {
		if (strcmp(sent[i].cmd, cmd) == 0)
			return true;
	}
	return false;
}

/* Whole file: exactly the file's commands, in order, then DONE. */
static void
test_stream_whole_file(void)
{
	struct job *j = setup("tab_ender3_0.20mm.gcode");
	char *path = xasprintf("%s/tab_ender3_0.20mm.gcode", LL_TEST_DATA);
	FILE *f = fopen(path, "r");
	char line[8192], want[GCODE_MAX_LINE];
	long fed = 0, mismatches = 0;

	CHECK_INT(job_start(j, NULL), 0);
	CHECK(has_feeder);
	CHECK(has_listener);
	CHECK_INT(job_state(j), JOB_RUNNING);
	while (fgets(line, sizeof line, f) != NULL) {
		if (gcode_strip(line, strlen(line), want, sizeof want) <= 0)
			continue;
		if (pull(1) != 1 || strcmp(flight_cmds[0], want) != 0)
			mismatches++;
		fed++;
		ack(1, HOST_RESULT_OK);
	}
	CHECK_INT(fed, 639);
	CHECK_INT(mismatches, 0);
	CHECK_INT(job_state(j), JOB_RUNNING);	/* config block still unread */
	CHECK_INT(pull(1), 0);
	CHECK_INT(job_state(j), JOB_DONE);
	CHECK(!has_feeder);
	CHECK_NEAR(gcode_progress_bytes(job_progress(j)), 1, 1e-12);
	CHECK_INT(job_progress(j)->done.layer, 5);
	CHECK_INT(nsent, 0);
	fclose(f);
	free(path);
	job_free(j);
	CHECK(!has_listener);
}

/* Pause waits for the printer's queue, parks; resume undoes it exactly. */
static void
test_pause_resume(void)
{
	struct job *j = setup("tab_ender3_0.20mm.gcode");
	static const char *const pos[] = {
		"X:117.50 Y:118.25 Z:0.40 E:3.20 Count X:9400 Y:9460 Z:160",
	};
	int mark;

	job_start(j, NULL);
	CHECK_INT(pull(60), 60);
	ack(50, HOST_RESULT_OK);
	CHECK_INT(job_pause(j, "paused by the user"), 0);
	CHECK_INT(job_state(j), JOB_PAUSING);
	CHECK_STR(last_reason, "paused by the user");
	/* Nothing new is fed and nothing is sent while lines are in flight. */
	CHECK_INT(pull(1), 0);
	CHECK_INT(nsent, 0);
	ack(10, HOST_RESULT_OK);
	CHECK_INT(nsent, 2);
	CHECK_STR(sent[0].cmd, "M400");
	CHECK_STR(sent[1].cmd, "M114");
	complete_next(HOST_RESULT_OK, NULL, 0);
	complete_next(HOST_RESULT_OK, pos, 1);
	/* Retract (hot enough), lift, park, the profile's pause code. */
	CHECK_STR(sent[2].cmd, "M83");
	CHECK_STR(sent[3].cmd, "G1 E-2.0 F2400");
	CHECK_STR(sent[4].cmd, "G91");
	CHECK_STR(sent[5].cmd, "G1 Z10.000 F600");
	CHECK_STR(sent[6].cmd, "G90");
	CHECK_STR(sent[7].cmd, "G1 X0.000 Y220.000 F6000");
	CHECK_STR(sent[8].cmd, "M300 S880 P200");
	CHECK_INT(nsent, 9);
	CHECK_INT(job_state(j), JOB_PAUSING);
	complete_all();
	CHECK_INT(job_state(j), JOB_PAUSED);
	CHECK_INT(job_last_confirmed(j), job_progress(j)->done.lineno);

	mark = nsent;
	wakes = 0;
	CHECK_INT(job_resume(j), 0);
	CHECK_INT(job_state(j), JOB_RESUMING);
	/* Still hot: no heat-up wait. Back over the print, then down. */
	CHECK(!sent_has(mark, "M109 S205"));
	CHECK_STR(sent[mark].cmd, "G90");
	CHECK_STR(sent[mark + 1].cmd, "G1 X117.500 Y118.250 F6000");
	CHECK_STR(sent[mark + 2].cmd, "G1 Z0.400 F600");
	CHECK_STR(sent[mark + 3].cmd, "M83");
	CHECK_STR(sent[mark + 4].cmd, "G1 E2.0 F2400");
	/* The file uses relative extrusion (M83): it stays so. */
	CHECK_STR(sent[mark + 5].cmd, "M83");
	CHECK(str_starts_with(sent[mark + 6].cmd, "G1 F"));
	complete_all();
	CHECK_INT(job_state(j), JOB_RUNNING);
	CHECK(wakes > 0);
	CHECK_INT(pull(1), 1);
	job_free(j);
}

/* A profile that lowers temperatures on pause heats up again on resume. */
static void
test_pause_lowers_temps(void)
{
	struct job *j = setup("sphere_ender3_cura_0.20mm.gcode");
	static const char *const pos[] = { "X:100.00 Y:100.00 Z:5.00 E:812.5" };
	int mark;

	profile.keep_temps_on_pause = false;
	job_start(j, NULL);
	for (int i = 0; i < 100; i++) {
		pull(30);
		ack(30, HOST_RESULT_OK);
	}
	job_pause(j, NULL);
	complete_next(HOST_RESULT_OK, NULL, 0);
	complete_next(HOST_RESULT_OK, pos, 1);
	CHECK(sent_has(0, "M104 S0"));
	complete_all();
	CHECK_INT(job_state(j), JOB_PAUSED);
	status.nozzle = 120;
	status.nozzle_target = 0;
	mark = nsent;
	job_resume(j);
	CHECK_STR(sent[mark].cmd, "M109 S205");
	/* Cura's file uses absolute extrusion: M82 and E back where it was. */
	CHECK(sent_has(mark, "M82"));
	CHECK(sent_has(mark, "G92 E812.50000"));
	complete_all();
	CHECK_INT(job_state(j), JOB_RUNNING);
	job_free(j);
}

/* A guard refusal inside the file pauses the job and names the line. */
static void
test_refusal_pauses(void)
{
	struct job *j = setup("tab_ender3_0.20mm.gcode");
	static const char *const pos[] = { "X:2.00 Y:10.00 Z:0.28 E:0.00" };
	uint64_t tag;
	char cmd[GCODE_MAX_LINE];

	job_start(j, NULL);
	pull(5);
	/* The host refuses the 6th command: it is never in flight. */
	CHECK_INT(feeder.next(cmd, sizeof cmd, &tag, feeder.data), 1);
	feeder.refused(tag, cmd, "nozzle 300 °C is above this printer's "
	    "limit of 260 °C", feeder.data);
	CHECK_INT(job_state(j), JOB_PAUSING);
	CHECK(strstr(last_reason, "line ") == last_reason);
	CHECK(strstr(last_reason, cmd) != NULL);
	CHECK(strstr(last_reason, "limit of 260") != NULL);
	ack(5, HOST_RESULT_OK);
	complete_next(HOST_RESULT_OK, NULL, 0);
	complete_next(HOST_RESULT_OK, pos, 1);
	complete_all();
	CHECK_INT(job_state(j), JOB_PAUSED);
	CHECK(strstr(job_reason(j), "limit of 260") != NULL);
	/* Resuming offers the refused command again, under the same tag. */
	job_resume(j);
	complete_all();
	CHECK_INT(job_state(j), JOB_RUNNING);
	CHECK_INT(pull(1), 1);
	CHECK_STR(flight_cmds[0], cmd);
	CHECK_INT(flight_tags[0], tag);
	job_free(j);
}

/* //action:pause, resume and cancel from the printer are obeyed. */
static void
test_actions(void)
{
	struct job *j = setup("tab_ender3_0.20mm.gcode");
	static const char *const pos[] = { "X:2.00 Y:10.00 Z:0.28 E:0.00" };

	job_start(j, NULL);
	pull(4);
	ack(4, HOST_RESULT_OK);
	listener.action("pause", listener.data);
	CHECK_INT(job_state(j), JOB_PAUSING);
	CHECK(strstr(last_reason, "//action:pause") != NULL);
	/* "paused" only reports; it is not an order. */
	listener.action("paused", listener.data);
	complete_next(HOST_RESULT_OK, NULL, 0);
	complete_next(HOST_RESULT_OK, pos, 1);
	complete_all();
	CHECK_INT(job_state(j), JOB_PAUSED);
	listener.action("resume", listener.data);
	CHECK_INT(job_state(j), JOB_RESUMING);
	complete_all();
	CHECK_INT(job_state(j), JOB_RUNNING);
	pull(3);
	listener.action("cancel", listener.data);
	CHECK_INT(job_state(j), JOB_CANCELLING);
	/* The profile's cancel code, after the lines still in flight. */
	CHECK(sent_has(0, "M104 S0"));
	CHECK(sent_has(0, "M140 S0"));
	CHECK(sent_has(0, "M84"));
	CHECK_INT(pull(1), 0);
	ack(3, HOST_RESULT_OK);
	complete_all();
	CHECK_INT(job_state(j), JOB_CANCELLED);
	CHECK(!has_feeder);
	job_free(j);
}

/* Without a cancel code in the profile: heaters off, lift, park, motors off. */
static void
test_cancel_builtin(void)
{
	struct job *j = setup("tab_ender3_0.20mm.gcode");

	free(profile.cancel_gcode);
	profile.cancel_gcode = NULL;
	job_start(j, NULL);
	pull(2);
	job_cancel(j);
	CHECK_STR(sent[0].cmd, "M104 S0");
	CHECK_STR(sent[1].cmd, "M140 S0");
	CHECK_STR(sent[2].cmd, "M107");
	CHECK_STR(sent[3].cmd, "G91");
	CHECK_STR(sent[4].cmd, "G1 Z10.000 F600");
	CHECK_STR(sent[5].cmd, "G90");
	CHECK_STR(sent[6].cmd, "G1 X0.000 Y220.000 F6000");
	CHECK_STR(sent[7].cmd, "M84");
	ack(2, HOST_RESULT_OK);
	complete_all();
	CHECK_INT(job_state(j), JOB_CANCELLED);
	CHECK_INT(job_cancel(j), -1);
	job_free(j);
}

/* A halt ends the job; the last confirmed line is where to resume from. */
static void
test_halt_records_line(void)
{
	struct job *j = setup("tab_ender3_0.20mm.gcode");
	long confirmed;

	job_start(j, NULL);
	pull(50);
	ack(40, HOST_RESULT_OK);
	confirmed = job_last_confirmed(j);
	CHECK(confirmed > 40);
	CHECK_INT(job_resume_line(j) > confirmed, 1);
	ack(1, HOST_RESULT_HALTED);
	CHECK_INT(job_state(j), JOB_FAILED);
	CHECK(strstr(last_reason, "halted: Printer halted. kill() called!")
	    != NULL);
	CHECK_INT(job_last_confirmed(j), confirmed);
	CHECK(!has_feeder);
	/* The line after the last confirmed command is the one to resume at. */
	CHECK(job_resume_line(j) > confirmed);
	CHECK_INT(job_pause(j, NULL), -1);
	CHECK_INT(job_resume(j), -1);
	job_free(j);

	j = setup("tab_ender3_0.20mm.gcode");
	job_start(j, NULL);
	pull(30);
	ack(30, HOST_RESULT_OK);
	confirmed = job_last_confirmed(j);
	listener.disconnected("the port went away (USB unplugged?)",
	    listener.data);
	CHECK_INT(job_state(j), JOB_FAILED);
	CHECK(strstr(last_reason, "disconnected: the port went away") != NULL);
	CHECK_INT(job_last_confirmed(j), confirmed);
	job_free(j);
}

/* Starting at a line skips what comes before, with its layer counted. */
static void
test_start_at_line(void)
{
	struct job *j = setup("tab_ender3_0.20mm.gcode");
	char *cause = NULL;

	CHECK_INT(job_start_at(j, 5000, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "past the end") != NULL);
	CHECK_INT(job_start_at(j, 373, &cause), 0);
	pull(1);
	/* Line 373 of the file is "G92 E0" at the start of layer 3. */
	CHECK_STR(flight_cmds[0], "G92 E0");
	CHECK_INT(job_progress(j)->read.lineno, 373);
	CHECK_INT(job_progress(j)->read.layer, 3);
	ack(1, HOST_RESULT_OK);
	CHECK_INT(job_last_confirmed(j), 373);
	CHECK(gcode_progress_bytes(job_progress(j)) > 0.2);
	free(cause);
	job_free(j);
}

static void
test_bad_files(void)
{
	struct job_events ev = { .state_changed = on_state, .notice = on_notice };
	char *cause = NULL;

	CHECK(job_new(fake, "/nonexistent/part.gcode", &ev, &cause) == NULL);
	CHECK(cause != NULL && strstr(cause, "part.gcode: No such file")
	    != NULL);
	free(cause);
}

/*
 * A sliced scan gives the same figures as the whole-file scan, in many
 * slices of the loop (each short, so the loop keeps reading the keyboard),
 * and a job started meanwhile starts once it is done.
 */
static void
test_sliced_scan(void)
{
	struct job_events ev = { .state_changed = on_state, .notice = on_notice };
	char *path = xasprintf("%s/sphere_ender3_cura_0.20mm.gcode",
	    LL_TEST_DATA), *cause = NULL;
	struct gcode_scan whole;
	struct job *j;
	int iterations = 0;

	test_loop = loop_new();
	nsent = nflight = 0;
	has_feeder = false;
	CHECK_INT(gcode_scan_file(path, &whole, &cause), 0);
	/* The scanner stops after about each step's bytes, at a line's end. */
	struct gcode_scanner *sc = gcode_scanner_open(path, &cause);
	int steps = 0, rc;
	uint64_t before = 0;
	while ((rc = gcode_scanner_step(sc, 64 << 10, &cause)) == 1) {
		CHECK(gcode_scanner_result(sc) == NULL);
		CHECK(gcode_scanner_offset(sc) - before >= 64 << 10);
		CHECK(gcode_scanner_offset(sc) - before < (64 << 10) + 256);
		before = gcode_scanner_offset(sc);
		steps++;
	}
	CHECK_INT(rc, 0);
	CHECK_INT(steps, (int)(whole.bytes / (64 << 10)));
	CHECK(gcode_scanner_result(sc) != NULL);
	CHECK_INT(gcode_scanner_result(sc)->commands, whole.commands);
	CHECK_INT(gcode_scanner_result(sc)->bytes, whole.bytes);
	CHECK_INT(gcode_scanner_result(sc)->layers, whole.layers);
	gcode_scanner_free(sc);
	j = job_new_sliced(fake, path, &ev, &cause);
	CHECK(j != NULL);
	CHECK_INT(job_state(j), JOB_SCANNING);
	CHECK_INT(job_start(j, &cause), 0);
	CHECK(!has_feeder);
	while (job_state(j) == JOB_SCANNING && iterations < 100000) {
		loop_run_once(test_loop, -1);
		iterations++;
	}
	CHECK_INT(job_state(j), JOB_RUNNING);
	CHECK(has_feeder);
	CHECK_INT(job_scan(j)->commands, whole.commands);
	CHECK_INT(job_scan(j)->lines, whole.lines);
	CHECK_INT(job_scan(j)->layers, whole.layers);
	CHECK_NEAR(job_scan(j)->extruded_mm, whole.extruded_mm, 1e-9);
	job_free(j);

	/* Starting near the end reads up to the line in slices of the loop
	 * too, sending nothing until it is reached, and lands where reading
	 * it in one go lands. */
	{
		long late = whole.lines - 10;
		struct job *ref = job_new(fake, path, &ev, &cause);
		struct gcode_progress want;

		CHECK_INT(job_start_at(ref, late, &cause), 0);
		want = *job_progress(ref);
		job_free(ref);
		has_feeder = false;
		nsent = nflight = 0;

		j = job_new_sliced(fake, path, &ev, &cause);
		iterations = 0;
		while (job_state(j) == JOB_SCANNING && iterations++ < 100000)
			loop_run_once(test_loop, -1);
		CHECK_INT(job_state(j), JOB_READY);
		CHECK_INT(job_start_at(j, late, &cause), 0);
		CHECK_INT(job_state(j), JOB_READY);
		CHECK_INT(job_progress(j)->read.lineno, 0);
		CHECK(!has_feeder);
		CHECK_INT(job_start_at(j, late, &cause), -1);
		CHECK(strstr(cause, "already started") != NULL);
		free(cause);
		cause = NULL;
		iterations = 0;
		while (job_state(j) == JOB_READY && iterations++ < 100000)
			loop_run_once(test_loop, -1);
		CHECK_INT(job_state(j), JOB_RUNNING);
		CHECK(has_feeder);
		CHECK_INT(job_progress(j)->read.lineno, late - 1);
		CHECK_INT(job_progress(j)->read.lineno, want.read.lineno);
		CHECK_INT(job_progress(j)->read.layer, want.read.layer);
		job_free(j);

		/* Cancelled while reading towards the line: nothing is sent. */
		has_feeder = false;
		j = job_new_sliced(fake, path, &ev, &cause);
		CHECK_INT(job_start_at(j, late, &cause), 0);
		while (job_state(j) == JOB_SCANNING)
			loop_run_once(test_loop, -1);
		loop_run_once(test_loop, 0);
		CHECK_INT(job_state(j), JOB_READY);
		CHECK_INT(job_cancel(j), 0);
		CHECK_INT(job_state(j), JOB_CANCELLED);
		loop_run_once(test_loop, 0);
		CHECK(!has_feeder);
		CHECK_INT(nsent, 0);
		job_free(j);
	}

	/* Cancelled while scanning: nothing is sent, the loop has no more work. */
	j = job_new_sliced(fake, path, &ev, &cause);
	CHECK_INT(job_cancel(j), 0);
	CHECK_INT(job_state(j), JOB_CANCELLED);
	loop_run_once(test_loop, 0);
	job_free(j);

	/* A bad line fails the job with file and line, nothing sent. */
	char *bad = xasprintf("/tmp/ll-job-bad-%d.gcode", (int)getpid());
	FILE *f = fopen(bad, "wb");
	fputs("G28\nG1 X1\n", f);
	fputc(0, f);
	fputs("\n", f);
	fclose(f);
	nsent = 0;
	j = job_new_sliced(fake, bad, &ev, &cause);
	CHECK(j != NULL);
	job_start(j, &cause);
	while (job_state(j) == JOB_SCANNING)
		loop_run_once(test_loop, -1);
	CHECK_INT(job_state(j), JOB_FAILED);
	CHECK(strstr(last_reason, ":3:") != NULL);
	CHECK_INT(nsent, 0);
	job_free(j);
	unlink(bad);
	free(bad);
	free(cause);
	free(path);
	loop_free(test_loop);
	test_loop = NULL;
}

int
main(void)
{
	RUN(test_stream_whole_file);
	RUN(test_pause_resume);
	RUN(test_pause_lowers_temps);
	RUN(test_refusal_pauses);
	RUN(test_actions);
	RUN(test_cancel_builtin);
	RUN(test_halt_records_line);
	RUN(test_start_at_line);
	RUN(test_bad_files);
	RUN(test_sliced_scan);
	free(profile.pause_gcode);
	free(profile.cancel_gcode);
	TEST_MAIN_END();
}
