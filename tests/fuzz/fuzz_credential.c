/*
 * Credential verification on any bytes: never a crash or a leak, always a
 * report, and the verdict returned is the report's.
 */
#include <stdlib.h>
#include <string.h>

#include "credential.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cred_report report;
	int rc;

	memset(&report, 0, sizeof report);
	rc = cred_verify((const char *)data, size, &report);
	if ((rc == 0) != report.ok)
		abort();
	cred_report_free(&report);
	return 0;
}
