#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core.h"
#include "sim.h"
#include "virtual.h"

/* A replugged pty gets a new /dev/pts number; the host re-opens by name,
 * so the in-process printer always publishes a link, as by-id does. */
static char *
virtual_link_path(void)
{
	static unsigned count;
	const char *dir = getenv("XDG_RUNTIME_DIR");

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	return xasprintf("%s/layerlab-virtual-%ld-%u", dir, (long)getpid(),
	    count++);
}

struct sim *
cli_virtual_start(struct loop *loop, const struct sim_options *o, char **path,
    char **cause)
{
	struct sim_options opt;
	struct sim *sim;
	char *link = NULL;

	if (o == NULL) {
		sim_options_default(&opt);
		/* An unplugged virtual printer comes back like a real one. */
		opt.reconnect_after_ms = 3000;
	} else
		opt = *o;
	if (opt.link_path == NULL)
		opt.link_path = link = virtual_link_path();
	sim = sim_new(loop, &opt, cause);
	free(link);
	if (sim == NULL || sim_open_pty(sim, path, cause) != 0) {
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
