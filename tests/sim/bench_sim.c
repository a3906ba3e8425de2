/*
 * Throughput of the virtual printer's firmware alone (no pty, no host):
 * a G-code file framed with N and checksums and fed in windows of 120
 * bytes, as a windowed host keeps within Marlin's 128-byte buffer.
 * Built with the tests but not run by them (figures are not tests):
 *
 *   build/tests/sim/bench_sim FILE [--log PATH] [--advanced-ok]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core.h"
#include "gcode.h"
#include "sim.h"

static double
cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

int
main(int argc, char **argv)
{
	struct sim_options o;
	struct sim_status st;
	struct timespec a, b;
	struct buf all;
	struct sim *sim;
	char line[1024], cmd[512], framed[600];
	double cpu0, secs, cpu;
	long n = 0;
	FILE *f;

	if (argc < 2 || (f = fopen(argv[1], "r")) == NULL) {
		fprintf(stderr, "usage: bench_sim FILE [--log PATH] "
		    "[--advanced-ok]\n");
		return 2;
	}
	sim_options_default(&o);
	o.speed = 0;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--advanced-ok") == 0)
			o.advanced_ok = true;
		else if (strcmp(argv[i], "--log") == 0 && i + 1 < argc)
			o.log_path = argv[++i];
	}
	buf_init(&all);
	while (fgets(line, sizeof line, f) != NULL) {
		int len = gcode_strip(line, strlen(line), cmd, sizeof cmd);
		if (len <= 0)
			continue;
		len = gcode_frame(framed, sizeof framed, ++n, cmd);
		buf_append(&all, framed, (size_t)len);
	}
	fclose(f);
	sim = sim_new(NULL, &o, NULL);
	cpu0 = cpu_seconds();
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (size_t off = 0; off < all.len;) {
		size_t chunk = all.len - off < 120 ? all.len - off : 120, len;

		sim_feed(sim, all.data + off, chunk, clock_ms());
		off += chunk;
		(void)sim_output(sim, &len);
		sim_output_consume(sim, len);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	secs = (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
	cpu = cpu_seconds() - cpu0;
	sim_status(sim, &st);
	printf("%ld lines, %lu run, %lu line errors, %lu bytes lost\n"
	    "%.0f lines/s, %.3f CPU s per 100000 lines\n", n, st.commands,
	    st.line_errors, st.bytes_lost, (double)n / secs,
	    cpu / (double)n * 100000);
	sim_free(sim);
	buf_free(&all);
	return st.commands == (unsigned long)n ? 0 : 1;
}
