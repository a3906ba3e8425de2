#include <string.h>

#include "sim_drive.h"

uint64_t drive_now_ms = 1000000;

struct sim *
drive_new(const struct sim_options *o)
{
	struct sim_options def;
	struct sim *sim;
	size_t len;

	if (o == NULL) {
		sim_options_default(&def);
		def.speed = 0;
		o = &def;
	}
	sim = sim_new(NULL, o, NULL);
	sim_tick(sim, drive_now_ms);
	(void)sim_output(sim, &len);
	sim_output_consume(sim, len);
	return sim;
}

const char *
drive_take(struct sim *sim)
{
	static char out[65536];
	size_t len;
	const char *data = sim_output(sim, &len);

	if (len >= sizeof out)
		len = sizeof out - 1;
	memcpy(out, data, len);
	out[len] = '\0';
	sim_output_consume(sim, len);
	return out;
}

void
drive_send(struct sim *sim, const char *s)
{
	sim_feed(sim, s, strlen(s), drive_now_ms);
}
