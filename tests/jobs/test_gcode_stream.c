/*
 * The G-code file reader, pre-scan and progress tracker, checked against
 * real slicer output and the figures the slicers printed into it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "gcode.h"
#include "stream.h"
#include "test.h"

static char tmpdir[256];

static char *
data_path(const char *name)
{
	return xasprintf("%s/%s", LL_TEST_DATA, name);
}

static char *
write_tmp(const char *name, const char *data, size_t len)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		fatal("cannot write %s", path);
	return path;
}

/* The commands of a file the simplest way: whole file, split on LF. */
struct naive {
	char **cmds;
	long *linenos;
	long n;
	long lines;
};

static void
naive_read(const char *path, struct naive *nv)
{
	size_t len;
	char *cause = NULL, *all = file_read_all(path, &len, &cause);
	char out[GCODE_MAX_LINE];
	size_t start = 0;

	if (all == NULL)
		fatal("%s", cause);
	memset(nv, 0, sizeof *nv);
	nv->cmds = xcalloc(len / 2 + 2, sizeof *nv->cmds);
	nv->linenos = xcalloc(len / 2 + 2, sizeof *nv->linenos);
	while (start < len) {
		char *nl = memchr(all + start, '\n', len - start);
		size_t end = nl != NULL ? (size_t)(nl - all) : len;
		int n = gcode_strip(all + start, end - start, out, sizeof out);

		nv->lines++;
		if (n > 0) {
			nv->cmds[nv->n] = xstrdup(out);
			nv->linenos[nv->n++] = nv->lines;
		}
		start = end + 1;
	}
	free(all);
}

static void
naive_free(struct naive *nv)
{
	for (long i = 0; i < nv->n; i++)
		free(nv->cmds[i]);
	free(nv->cmds);
	free(nv->linenos);
}

/* Streams path and checks every command, line number and offset. */
static void
check_reader_matches(const char *path, const struct naive *nv)
{
	struct gcode_reader *r;
	struct gcode_line l;
	char *cause = NULL;
	long i = 0, lines = 0, mismatches = 0;
	uint64_t expect_offset = 0;
	int rc;

	r = gcode_reader_open(path, &cause);
	CHECK(r != NULL);
	if (r == NULL)
		return;
	while ((rc = gcode_reader_next(r, &l, &cause)) == 1) {
		lines++;
		if (l.offset != expect_offset || l.lineno != lines)
			mismatches++;
		expect_offset = l.end;
		if (l.cmdlen == 0)
			continue;
		if (i >= nv->n || strcmp(l.cmd, nv->cmds[i]) != 0 ||
		    l.lineno != nv->linenos[i] || strlen(l.cmd) != l.cmdlen)
			mismatches++;
		i++;
	}
	CHECK_INT(rc, 0);
	CHECK_INT(i, nv->n);
	CHECK_INT(lines, nv->lines);
	CHECK_INT(mismatches, 0);
	gcode_reader_free(r);
}

static void
test_duration(void)
{
	CHECK_NEAR(gcode_parse_duration("2m 48s"), 168, 1e-9);
	CHECK_NEAR(gcode_parse_duration("3h 4m 40s"), 11080, 1e-9);
	CHECK_NEAR(gcode_parse_duration("7h 12m 35s"), 25955, 1e-9);
	CHECK_NEAR(gcode_parse_duration("1d 0h 0m 5s"), 86405, 1e-9);
	CHECK_NEAR(gcode_parse_duration("45s"), 45, 1e-9);
	CHECK_NEAR(gcode_parse_duration("soon"), -1, 1e-9);
	CHECK_NEAR(gcode_parse_duration("5x"), -1, 1e-9);
	CHECK_NEAR(gcode_parse_duration(""), -1, 1e-9);
}

static void
test_scan_prusa_ender3(void)
{
	char *path = data_path("tab_ender3_0.20mm.gcode"), *cause = NULL;
	struct gcode_scan s;

	CHECK_INT(gcode_scan_file(path, &s, &cause), 0);
	CHECK_INT(s.bytes, 27620);
	CHECK_INT(s.lines, 1032);
	CHECK_INT(s.commands, 639);
	CHECK_INT(s.layers, 5);
	CHECK_INT(s.layer_source, GCODE_LAYERS_PRUSA);
	CHECK_NEAR(s.estimate_s, 168, 1e-9);
	CHECK_INT(s.estimate_source, GCODE_ESTIMATE_PRUSA);
	CHECK_NEAR(s.estimate_silent_s, -1, 1e-9);
	CHECK_NEAR(s.filament_mm, 69.19, 1e-9);
	CHECK(s.filament_from_slicer);
	CHECK(!s.has_m73);
	CHECK_STR(s.slicer, "PrusaSlicer 2.5.0");
	CHECK(s.longest_command <= 29);
	/* The purge line at X2 Y10..140 and the end-code park and lift. */
	CHECK(s.has_moves);
	CHECK_NEAR(s.min[0], 2, 1e-9);
	CHECK_NEAR(s.min[1], 10, 1e-9);
	CHECK_NEAR(s.min[2], 0.2, 1e-9);
	CHECK_NEAR(s.max[0], 126.754, 1e-9);
	CHECK_NEAR(s.max[2], 150, 1e-9);
	free(path);
	free(cause);
}

static void
test_scan_prusa_mk3s(void)
{
	char *path = data_path("cube20_mk3s_0.20mm.gcode"), *cause = NULL;
	struct gcode_scan s;

	CHECK_INT(gcode_scan_file(path, &s, &cause), 0);
	CHECK_INT(s.bytes, 792936);
	CHECK_INT(s.lines, 30798);
	CHECK_INT(s.commands, 27960);
	CHECK_INT(s.layers, 100);
	CHECK_NEAR(s.estimate_s, 1822, 1e-9);
	CHECK_NEAR(s.estimate_silent_s, 1825, 1e-9);
	CHECK_NEAR(s.filament_mm, 1295.49, 1e-9);
	CHECK(s.has_m73);
	CHECK(s.longest_command <= 29);
	free(path);
	free(cause);
}

static void
test_scan_cura(void)
{
	char *path = data_path("sphere_ender3_cura_0.20mm.gcode"), *cause = NULL;
	struct gcode_scan s;

	CHECK_INT(gcode_scan_file(path, &s, &cause), 0);
	CHECK_INT(s.bytes, 1227452);
	CHECK_INT(s.lines, 39400);
	CHECK_INT(s.commands, 38352);
	CHECK_INT(s.layers, 145);
	CHECK_INT(s.layer_source, GCODE_LAYERS_CURA);
	CHECK_NEAR(s.estimate_s, 1258, 1e-9);
	CHECK_INT(s.estimate_source, GCODE_ESTIMATE_CURA);
	CHECK_NEAR(s.filament_mm, 1641.35, 1e-6);
	CHECK_STR(s.slicer, "Cura_SteamEngine 4.13.0");
	CHECK(s.longest_command <= 40);
	/* Cura's header: ;MAXX:132.292 ;MAXY:132.292 ;MAXZ:29. */
	CHECK_NEAR(s.print_max[0], 132.292, 1e-9);
	CHECK_NEAR(s.print_max[1], 200, 1e-9);	/* the purge line at Y200 */
	CHECK_NEAR(s.print_max[2], 29, 1e-9);
	CHECK_NEAR(s.print_min[2], 0.2, 1e-9);
	/* The end code lifts 0.2 + 10 mm relative to the top layer. */
	CHECK_NEAR(s.max[2], 39.2, 1e-9);
	CHECK_NEAR(s.min[0], 0, 1e-9);
	free(path);
	free(cause);
}

/* A file without comments: layers come from rising Z on extruding moves. */
static void
test_scan_layers_from_z(void)
{
	char *path = data_path("cube20_mk3s_0.20mm.gcode"), *cause = NULL, *out;
	struct naive nv;
	struct buf b;
	struct gcode_scan s;

	naive_read(path, &nv);
	buf_init(&b);
	for (long i = 0; i < nv.n; i++)
		buf_appendf(&b, "%s\n", nv.cmds[i]);
	out = write_tmp("bare.gcode", b.data, b.len);
	CHECK_INT(gcode_scan_file(out, &s, &cause), 0);
	CHECK_INT(s.lines, 27960);
	CHECK_INT(s.commands, 27960);
	CHECK_INT(s.layers, 100);
	CHECK_INT(s.layer_source, GCODE_LAYERS_Z);
	/* Only the M73 lines are left to estimate from: "M73 P0 R30". */
	CHECK_INT(s.estimate_source, GCODE_ESTIMATE_M73);
	CHECK_NEAR(s.estimate_s, 30 * 60, 1e-9);
	CHECK(!s.filament_from_slicer);
	CHECK(s.filament_mm > 1200 && s.filament_mm < 1400);
	buf_free(&b);
	naive_free(&nv);
	free(out);
	free(path);
}

static void
test_reader_real_files(void)
{
	static const char *names[] = { "tab_ender3_0.20mm.gcode",
	    "cube20_mk3s_0.20mm.gcode", "sphere_ender3_cura_0.20mm.gcode" };

	for (size_t i = 0; i < LL_ARRAY_LEN(names); i++) {
		char *path = data_path(names[i]);
		struct naive nv;

		naive_read(path, &nv);
		check_reader_matches(path, &nv);
		naive_free(&nv);
		free(path);
	}
}

/* The same file with CRLF, and with lone CRs, reads as the same commands. */
static void
test_reader_line_endings(void)
{
	char *path = data_path("tab_ender3_0.20mm.gcode"), *cause = NULL;
	char *all, *crlf_path, *cr_path;
	size_t len;
	struct naive nv;
	struct buf crlf, cr;

	all = file_read_all(path, &len, &cause);
	CHECK(all != NULL);
	buf_init(&crlf);
	buf_init(&cr);
	for (size_t i = 0; i < len; i++) {
		if (all[i] == '\n') {
			buf_append(&crlf, "\r\n", 2);
			buf_append(&cr, "\r", 1);
		} else {
			buf_append(&crlf, all + i, 1);
			buf_append(&cr, all + i, 1);
		}
	}
	naive_read(path, &nv);
	crlf_path = write_tmp("crlf.gcode", crlf.data, crlf.len);
	cr_path = write_tmp("cr.gcode", cr.data, cr.len);
	check_reader_matches(crlf_path, &nv);
	check_reader_matches(cr_path, &nv);

	struct gcode_scan s;
	CHECK_INT(gcode_scan_file(crlf_path, &s, &cause), 0);
	CHECK_INT(s.bytes, 27620 + 1032);
	CHECK_INT(s.lines, 1032);
	CHECK_INT(s.commands, 639);
	CHECK_NEAR(s.estimate_s, 168, 1e-9);

	naive_free(&nv);
	buf_free(&crlf);
	buf_free(&cr);
	free(all);
	free(crlf_path);
	free(cr_path);
	free(path);
}

/* A CRLF split exactly at the reader's 64 KiB buffer edge is one line end. */
static void
test_reader_crlf_at_buffer_edge(void)
{
	struct buf b;
	struct gcode_reader *r;
	struct gcode_line l;
	char *path, *cause = NULL;
	long lines = 0, cmds = 0;
	uint64_t end = 0;

	buf_init(&b);
	/* Fill so that a '\r' lands on byte 65535 and its '\n' on 65536. */
	while (b.len < 65536 - 40)
		buf_append_str(&b, "G1 X1 Y1 ; padding padding\r\n");
	while (b.len < 65535)
		buf_append_str(&b, ";");
	buf_append_str(&b, "\r\nG1 X9\r\nG1 Y9\r\n");
	path = write_tmp("edge.gcode", b.data, b.len);
	r = gcode_reader_open(path, &cause);
	while (gcode_reader_next(r, &l, &cause) == 1) {
		lines++;
		if (l.cmdlen > 0)
			cmds++;
		CHECK(l.cmdlen == 0 || l.cmd[0] == 'G');
		CHECK(memchr(l.text, '\r', l.textlen) == NULL);
		end = l.end;
	}
	CHECK_INT(end, b.len);
	gcode_reader_free(r);
	/* Every padding line, the ';' line, G1 X9 and G1 Y9; no empty extras. */
	struct gcode_scan s;
	CHECK_INT(gcode_scan_file(path, &s, &cause), 0);
	CHECK_INT(s.lines, lines);
	CHECK_INT(cmds, s.commands);
	/* Count the CRLFs directly: lines must equal them. */
	long crlfs = 0;
	for (size_t i = 0; i + 1 < b.len; i++)
		if (b.data[i] == '\r' && b.data[i + 1] == '\n')
			crlfs++;
	CHECK_INT(lines, crlfs);
	buf_free(&b);
	free(path);
	free(cause);
}

static void
test_reader_no_final_newline(void)
{
	static const char text[] = "G28\n; comment\nG1 X10 ; move";
	char *path = write_tmp("nofinal.gcode", text, sizeof text - 1);
	char *cause = NULL;
	struct gcode_reader *r = gcode_reader_open(path, &cause);
	struct gcode_line l;

	CHECK_INT(gcode_reader_next(r, &l, &cause), 1);
	CHECK_STR(l.cmd, "G28");
	CHECK_INT(gcode_reader_next(r, &l, &cause), 1);
	CHECK_INT(l.cmdlen, 0);
	CHECK_INT(l.offset, 4);
	CHECK_INT(gcode_reader_next(r, &l, &cause), 1);
	CHECK_STR(l.cmd, "G1 X10");
	CHECK_INT(l.lineno, 3);
	CHECK_INT(l.offset, 14);
	CHECK_INT(l.end, sizeof text - 1);
	CHECK_INT(gcode_reader_next(r, &l, &cause), 0);
	CHECK_INT(gcode_reader_next(r, &l, &cause), 0);

	/* Seeking back to a line's offset reads from there again. */
	CHECK_INT(gcode_reader_seek(r, 4, 2, &cause), 0);
	CHECK_INT(gcode_reader_next(r, &l, &cause), 1);
	CHECK_INT(l.lineno, 2);
	CHECK_INT(gcode_reader_next(r, &l, &cause), 1);
	CHECK_STR(l.cmd, "G1 X10");
	gcode_reader_free(r);
	free(path);

	path = write_tmp("empty.gcode", "", 0);
	r = gcode_reader_open(path, &cause);
	CHECK_INT(gcode_reader_next(r, &l, &cause), 0);
	gcode_reader_free(r);
	free(path);
}

/* A 200 kB comment line (a thumbnail, a config dump) is skipped whole. */
static void
test_reader_long_lines(void)
{
	struct buf b;
	struct gcode_reader *r;
	struct gcode_line l;
	char *path, *cause = NULL;

	buf_init(&b);
	buf_append_str(&b, "G28\nM117 hello ;");
	for (int i = 0; i < 200000; i++)
		buf_append(&b, "x", 1);
	buf_append_str(&b, "\nG1 X5\n");
	path = write_tmp("long.gcode", b.data, b.len);
	r = gcode_reader_open(path, &cause);
	CHECK_INT(gcode_reader_next(r, &l, &cause), 1);
	CHECK_STR(l.cmd, "G28");
	CHECK_INT(gcode_reader_next(r, &l, &cause), 1);
	CHECK(l.truncated);
	CHECK_STR(l.cmd, "M117 hello");
	CHECK_INT(l.end, b.len - 6);
	CHECK_INT(gcode_reader_next(r, &l, &cause), 1);
	CHECK_STR(l.cmd, "G1 X5");
	CHECK_INT(l.lineno, 3);
	CHECK_INT(l.offset, b.len - 6);
	CHECK_INT(gcode_reader_next(r, &l, &cause), 0);
	gcode_reader_free(r);
	free(path);

	/* A command that does not fit a line the printer accepts. */
	buf_reset(&b);
	buf_append_str(&b, "G28\nG1 X1\nM117 ");
	for (int i = 0; i < 300; i++)
		buf_append(&b, "y", 1);
	buf_append_str(&b, "\n");
	path = write_tmp("toolong.gcode", b.data, b.len);
	struct gcode_scan s;
	CHECK_INT(gcode_scan_file(path, &s, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "toolong.gcode:3: command too long")
	    != NULL);
	free(path);

	/* Same beyond the buffer with no comment at all. */
	buf_reset(&b);
	buf_append_str(&b, "M117 ");
	for (int i = 0; i < 100000; i++)
		buf_append(&b, "z", 1);
	path = write_tmp("huge.gcode", b.data, b.len);
	CHECK_INT(gcode_scan_file(path, &s, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "huge.gcode:1: command too long")
	    != NULL);
	free(path);
	buf_free(&b);
	free(cause);
}

static void
test_reader_bad_input(void)
{
	static const char bin[] = "G28\nG1 X\0\x01\x02\n";
	char *path = write_tmp("binary.gcode", bin, sizeof bin - 1);
	char *cause = NULL;
	struct gcode_scan s;

	CHECK_INT(gcode_scan_file(path, &s, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "binary.gcode:2: a NUL byte")
	    != NULL);
	free(path);

	path = xasprintf("%s/missing.gcode", tmpdir);
	CHECK_INT(gcode_scan_file(path, &s, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "missing.gcode: No such file")
	    != NULL);
	free(path);

	CHECK(gcode_reader_open(tmpdir, &cause) == NULL);
	CHECK(cause != NULL && strstr(cause, "not a regular file") != NULL);
	free(cause);
}

/* Streams a file through the tracker, confirming every command at once. */
static void
run_progress(const char *name, struct gcode_progress *p,
    struct gcode_scan *s, int check_every, void (*check)(
    struct gcode_progress *, long))
{
	char *path = data_path(name), *cause = NULL;
	struct gcode_reader *r;
	struct gcode_line l;
	struct gcode_mark m;

	CHECK_INT(gcode_scan_file(path, s, &cause), 0);
	gcode_progress_init(p, s, 1000);
	r = gcode_reader_open(path, &cause);
	while (gcode_reader_next(r, &l, &cause) == 1) {
		if (gcode_progress_read(p, &l, &m)) {
			gcode_progress_confirm(p, &m);
			if (check != NULL && m.command % check_every == 0)
				check(p, m.command);
		}
	}
	gcode_reader_free(r);
	free(path);
}

static void
test_progress_layers(void)
{
	struct gcode_progress p;
	struct gcode_scan s;

	run_progress("tab_ender3_0.20mm.gcode", &p, &s, 1, NULL);
	CHECK_INT(p.done.layer, 5);
	CHECK_INT(p.done.command, 639);
	CHECK_NEAR(p.done.z, 1.0, 1e-9);
	/* The slicer's config block follows the last command. */
	CHECK(gcode_progress_bytes(&p) < 0.7);
	/* Counted by commands, the last one confirmed is the whole job. */
	CHECK_NEAR(gcode_progress_commands(&p), 1, 1e-12);
	CHECK(gcode_progress_eta(&p, 5000) > 0);
	gcode_progress_finish(&p);
	CHECK_NEAR(gcode_progress_bytes(&p), 1, 1e-12);
	CHECK_NEAR(gcode_progress_lines(&p), 1, 1e-12);
	CHECK_NEAR(gcode_progress_eta(&p, 5000), 0, 1e-12);

	run_progress("sphere_ender3_cura_0.20mm.gcode", &p, &s, 1, NULL);
	CHECK_INT(p.done.layer, 145);
	CHECK_NEAR(p.done.z, 29, 1e-9);
	CHECK_NEAR(p.done.slicer_left_s, 0, 1e-9);
	run_progress("cube20_mk3s_0.20mm.gcode", &p, &s, 1, NULL);
	CHECK_INT(p.done.layer, 100);
	CHECK_NEAR(p.done.z, 20, 1e-9);
	CHECK_INT(p.done.slicer_percent, 100);
}

/* Lines read ahead do not count until confirmed. */
static void
test_progress_confirmed_only(void)
{
	char *path = data_path("cube20_mk3s_0.20mm.gcode"), *cause = NULL;
	struct gcode_scan s;
	struct gcode_progress p;
	struct gcode_reader *r;
	struct gcode_line l;
	struct gcode_mark marks[8], m;
	int n = 0;

	CHECK_INT(gcode_scan_file(path, &s, &cause), 0);
	gcode_progress_init(&p, &s, 0);
	r = gcode_reader_open(path, &cause);
	while (gcode_reader_next(r, &l, &cause) == 1) {
		if (gcode_progress_read(&p, &l, &m)) {
			marks[n++ % 8] = m;
			if (m.layer == 3)
				break;
		}
	}
	CHECK_INT(p.read.layer, 3);
	CHECK_INT(p.done.layer, 0);
	CHECK_INT(p.done.command, 0);
	CHECK_NEAR(gcode_progress_bytes(&p), 0, 1e-12);
	gcode_progress_confirm(&p, &marks[(n - 2) % 8]);
	CHECK_INT(p.done.command, n - 1);
	CHECK_INT(p.done.layer, 2);
	gcode_progress_confirm(&p, &marks[(n - 1) % 8]);
	CHECK_INT(p.done.command, n);
	CHECK_INT(p.done.layer, 3);
	CHECK_NEAR(p.done.z, 0.6, 1e-9);
	/* An older confirmation never moves progress backwards. */
	gcode_progress_confirm(&p, &marks[(n - 5) % 8]);
	CHECK_INT(p.done.command, n);
	gcode_reader_free(r);
	free(path);
}

/*
 * ETA: follows the slicer's M73 R when the print runs at the slicer's pace,
 * and scales with the observed rate when it does not.
 */
static double eta_rate;
static int eta_checks, eta_bad;

static void
check_eta(struct gcode_progress *p, long command)
{
	double total = p->estimate_s, left = p->done.slicer_left_s;
	double done_s = total - (left >= 0 ? left : total *
	    (1 - gcode_progress_bytes(p)));
	uint64_t now = 1000 + (uint64_t)(done_s * eta_rate * 1000);
	double eta = gcode_progress_eta(p, now), want;

	(void)command;
	if (done_s < 0.1 * total || left < 60)
		return;
	want = left * eta_rate;
	eta_checks++;
	if (eta < want * 0.9 - 60 || eta > want * 1.1 + 60) {
		if (eta_bad++ < 5)
			fprintf(stderr, "eta %.0f, expected %.0f (left %.0f)\n",
			    eta, want, left);
	}
}

static void
test_progress_eta(void)
{
	struct gcode_progress p;
	struct gcode_scan s;

	for (int i = 0; i < 3; i++) {
		eta_rate = i == 0 ? 1.0 : i == 1 ? 2.0 : 0.5;
		eta_checks = eta_bad = 0;
		run_progress("cube20_mk3s_0.20mm.gcode", &p, &s, 97, check_eta);
		CHECK(eta_checks > 100);
		CHECK_INT(eta_bad, 0);

		eta_checks = eta_bad = 0;
		run_progress("sphere_ender3_cura_0.20mm.gcode", &p, &s, 97,
		    check_eta);
		CHECK(eta_checks > 100);
		CHECK_INT(eta_bad, 0);
	}
	/* Cura: after ;TIME_ELAPSED:<s> the slicer's time left is TIME - s. */
	CHECK_NEAR(p.done.slicer_left_s, 0, 1.0);
}

/* Without any slicer estimate the ETA extrapolates the byte rate. */
static void
test_progress_eta_no_estimate(void)
{
	struct gcode_scan s;
	struct gcode_progress p;
	struct gcode_mark m;

	memset(&s, 0, sizeof s);
	s.bytes = 1000;
	s.lines = 100;
	s.commands = 100;
	s.estimate_s = -1;
	gcode_progress_init(&p, &s, 0);
	CHECK_NEAR(gcode_progress_eta(&p, 0), -1, 1e-12);
	memset(&m, 0, sizeof m);
	m.end = 250;
	m.lineno = 25;
	m.command = 25;
	gcode_progress_confirm(&p, &m);
	CHECK_NEAR(gcode_progress_lines(&p), 0.25, 1e-12);
	CHECK_NEAR(gcode_progress_eta(&p, 10000), 30, 1e-9);
	/* A pause stops the clock. */
	gcode_progress_pause(&p, 10000);
	CHECK_NEAR(gcode_progress_elapsed(&p, 70000), 10, 1e-9);
	gcode_progress_resume(&p, 70000);
	CHECK_NEAR(gcode_progress_elapsed(&p, 80000), 20, 1e-9);
	CHECK_NEAR(gcode_progress_eta(&p, 80000), 60, 1e-9);

	/* Resuming from line 50: the rate counts only this run's bytes. */
	gcode_progress_init(&p, &s, 0);
	m.end = 500;
	m.lineno = m.command = 50;
	gcode_progress_skip_to(&p, &m);
	CHECK_NEAR(gcode_progress_bytes(&p), 0.5, 1e-12);
	m.end = 750;
	m.lineno = m.command = 75;
	gcode_progress_confirm(&p, &m);
	CHECK_NEAR(gcode_progress_eta(&p, 10000), 10, 1e-9);
}

int
main(void)
{
	snprintf(tmpdir, sizeof tmpdir, "%s/ll-stream.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		fatal("mkdtemp failed");
	RUN(test_duration);
	RUN(test_scan_prusa_ender3);
	RUN(test_scan_prusa_mk3s);
	RUN(test_scan_cura);
	RUN(test_scan_layers_from_z);
	RUN(test_reader_real_files);
	RUN(test_reader_line_endings);
	RUN(test_reader_crlf_at_buffer_edge);
	RUN(test_reader_no_final_newline);
	RUN(test_reader_long_lines);
	RUN(test_reader_bad_input);
	RUN(test_progress_layers);
	RUN(test_progress_confirmed_only);
	RUN(test_progress_eta);
	RUN(test_progress_eta_no_estimate);
	{
		char *cmd = xasprintf("rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmpdir);
		free(cmd);
	}
	TEST_MAIN_END();
}
