/*
 * Figures for scripts/bench/gcode.py that need the library, not the CLI:
 *   bench_gcode precheck FILE   the whole-file check run from a loop, with a
 *                               5 ms timer standing in for the emergency
 *                               stop: prints the check's seconds and the
 *                               timer's worst lateness in ms
 *   bench_gcode stats FILE      statistics and estimate in this process:
 *                               CPU seconds of the pass (best of 15), MB/s
 *   bench_gcode preview FILE    the layer index's build time, then the
 *                               middle layer's preview time (best of 5), ms
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"
#include "loop.h"
#include "precheck.h"
#include "preview.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct probe {
	uint64_t due;
	double worst;
	bool over;
	struct loop *loop;
};

static uint64_t
tick(uint64_t now, void *data)
{
	struct probe *p = data;
	double late = (double)(now - p->due);

	if (late > p->worst)
		p->worst = late;
	p->due = now + 5;
	return p->due;
}

static void
checked(bool ok, const char *report, void *data)
{
	struct probe *p = data;

	(void)ok;
	(void)report;
	p->over = true;
}

static int
precheck(const char *path)
{
	struct host_profile prof;
	struct host_precheck *pc;
	struct probe p = { 0 };
	char *cause = NULL;
	double t0;

	host_profile_init(&prof);
	p.loop = loop_new();
	p.due = clock_ms() + 5;
	loop_timer_add(p.loop, p.due, tick, &p);
	t0 = now_ms();
	pc = host_precheck_start(p.loop, path, &prof, checked, &p, &cause);
	if (pc == NULL) {
		fprintf(stderr, "%s\n", cause);
		return 1;
	}
	while (!p.over)
		loop_run_once(p.loop, -1);
	{
		/* The same timer with nothing else to do, as long: what the
		 * machine's own load adds. */
		double took = now_ms() - t0, worst = p.worst, t1 = now_ms();
		p.worst = 0;
		while (now_ms() - t1 < took)
			loop_run_once(p.loop, -1);
		printf("check_s %.3f worst_timer_late_ms %.1f idle_worst_ms %.1f\n",
		    took / 1e3, worst, p.worst);
	}
	host_precheck_free(pc);
	loop_free(p.loop);
	host_profile_free(&prof);
	return 0;
}

static double
cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
stats(const char *path)
{
	struct gcode_machine m;
	struct gcode_stats s;
	char *cause = NULL;
	double best = 1e9, t0;

	gcode_machine_default(&m);
	/* Best of 15: on a shared machine the best run is the pass's own
	 * cost, the others add what other processes took from the cache. */
	for (int i = 0; i < 15; i++) {
		t0 = cpu_s();
		if (gcode_stats_file(path, &m, &s, NULL, &cause) != 0) {
			fprintf(stderr, "%s\n", cause);
			return 1;
		}
		if (cpu_s() - t0 < best)
			best = cpu_s() - t0;
	}
	printf("stats_cpu_s %.4f mb_s %.0f\n", best, s.bytes / 1e6 / best);
	return 0;
}

static int
preview(const char *path)
{
	struct gcode_preview_opts po = { 80, GCODE_PREVIEW_BRAILLE, true };
	struct gcode_layer_index ix;
	struct gcode_machine m;
	char *cause = NULL, *text;
	double t0, best = 1e9;

	gcode_machine_default(&m);
	m.bed[0] = m.bed[1] = 220;
	t0 = now_ms();
	if (gcode_layer_index_build(path, &m, &ix, &cause) != 0) {
		fprintf(stderr, "%s\n", cause);
		return 1;
	}
	printf("index_ms %.1f layers %d", now_ms() - t0, ix.n);
	for (int i = 0; i < 5; i++) {
		t0 = now_ms();
		text = gcode_preview_layer(path, &ix, ix.n / 2, &m, &po, &cause);
		if (text == NULL) {
			fprintf(stderr, "%s\n", cause);
			return 1;
		}
		if (now_ms() - t0 < best)
			best = now_ms() - t0;
		free(text);
	}
	printf(" middle_layer_ms %.2f\n", best);
	gcode_layer_index_free(&ix);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "precheck") == 0)
		return precheck(argv[2]);
	if (argc == 3 && strcmp(argv[1], "stats") == 0)
		return stats(argv[2]);
	if (argc == 3 && strcmp(argv[1], "preview") == 0)
		return preview(argv[2]);
	fprintf(stderr, "usage: bench_gcode precheck|preview FILE\n");
	return 2;
}
