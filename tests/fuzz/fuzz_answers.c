/*
 * The headless runner's answer-file parser on any bytes: it either reads
 * the file or says which line is wrong; it never crashes.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "headless.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static FILE *out;
	char path[64], *cause = NULL;
	struct headless *hl;

	if (fd < 0) {
		fd = memfd_create("answers", 0);
		out = fopen("/dev/null", "w");
		if (fd < 0 || out == NULL)
			abort();
	}
	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	hl = headless_new(path, out, NULL, &cause);
	if (hl == NULL && cause == NULL)
		abort();	/* a refusal always says why */
	if (hl != NULL) {
		headless_report_unused(hl, out);
		headless_free(hl);
	}
	free(cause);
	return 0;
}
