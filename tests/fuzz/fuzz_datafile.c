/*
 * The data-file loader (printer profiles, module.lua, credential
 * definitions) on any text: the sandboxed run ends with a table or a
 * message naming the file, within its budget and memory cap; never a crash.
 */
#include <stdlib.h>

#include "datafile.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d;
	struct datafile *df;

	diags_init(&d);
	df = datafile_load_buffer("fuzz.lua", (const char *)data, size, &d);
	if (df == NULL && diags_count(&d, DIAG_ERROR) == 0)
		abort();	/* a refusal always says why */
	if (df != NULL) {
		datafile_line(df, "outcomes[1].kind");
		datafile_free(df);
	}
	diags_free(&d);
	return 0;
}
