#include "profile.h"

#include <stdlib.h>
#include <string.h>

/*
 * Defaults for a printer nobody described: a generic Marlin with a box small
 * enough for any bed-slinger and the lesson caps of domain §4 (nozzle 250,
 * bed 100, no extrusion below 180), so an unknown printer gets the strictest
 * sensible limits rather than none.
 */
void
host_profile_init(struct host_profile *p)
{
	memset(p, 0, sizeof *p);
	strcpy(p->id, "generic-marlin");
	strcpy(p->name, "Generic Marlin printer");
	p->flavour = HOST_FLAVOUR_MARLIN;
	p->baud = 115200;
	p->reset_on_open = false;
	for (int i = 0; i < 3; i++) {
		p->axis[i].min = 0;
		p->axis[i].max = 200;
	}
	p->max_nozzle = 250;
	p->max_bed = 100;
	p->min_extrude = 180;
	strcpy(p->levelling, "manual");
	p->send_mode = HOST_SEND_AUTO;
	p->rx_buffer = 128;
	p->ok_timeout = 5;
	p->keep_temps_on_pause = true;
	p->pause_lift = 10;
	p->park_x = 0;
	p->park_y = 200;
}

void
host_profile_free(struct host_profile *p)
{
	free(p->start_gcode);
	free(p->end_gcode);
	free(p->pause_gcode);
	free(p->cancel_gcode);
	p->start_gcode = p->end_gcode = p->pause_gcode = p->cancel_gcode = NULL;
}

bool
host_profile_has_quirk(const struct host_profile *p, const char *quirk)
{
	for (int i = 0; i < p->nquirks && i < HOST_PROFILE_MAX_QUIRKS; i++) {
		if (strcmp(p->quirks[i], quirk) == 0)
			return true;
	}
	return false;
}

const char *
host_flavour_name(enum host_flavour f)
{
	switch (f) {
	case HOST_FLAVOUR_MARLIN:
		return "marlin";
	case HOST_FLAVOUR_PRUSA:
		return "prusa";
	case HOST_FLAVOUR_KLIPPER:
		return "klipper";
	case HOST_FLAVOUR_RRF:
		return "rrf";
	case HOST_FLAVOUR_REPETIER:
		return "repetier";
	}
	return "unknown";
}

enum gcode_dialect
host_flavour_dialect(enum host_flavour f)
{
	switch (f) {
	case HOST_FLAVOUR_KLIPPER:
		return GCODE_DIALECT_KLIPPER;
	case HOST_FLAVOUR_RRF:
		return GCODE_DIALECT_RRF;
	case HOST_FLAVOUR_MARLIN:
	case HOST_FLAVOUR_PRUSA:
	case HOST_FLAVOUR_REPETIER:
		break;
	}
	return GCODE_DIALECT_MARLIN;
}
