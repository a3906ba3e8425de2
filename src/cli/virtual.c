#include <stdlib.h>

#include "core.h"
#include "sim.h"
#include "virtual.h"

struct sim *
cli_virtual_start(struct loop *loop, const struct sim_options *o, char **path,
    char **cause)
{
	struct sim_options def;
	struct sim *sim;

	if (o == NULL) {
		sim_options_default(&def);
		o = &def;
	}
	if ((sim = sim_new(loop, o, cause)) == NULL)
		return NULL;
	if (sim_open_pty(sim, path, cause) != 0) {
		sim_free(sim);
		return NULL;
	}
	return sim;
}

void
cli_virtual_stop(struct sim *sim)
{
	sim_free(sim);
}
