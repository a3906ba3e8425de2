/*
 * A protocol engine under test: records every event, collects output and
 * keeps the clock. Shared by the scripted, randomised and fuzz tests.
 */
#ifndef LL_TEST_PROTO_FIXTURE_H
#define LL_TEST_PROTO_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "gcode.h"
#include "proto.h"

struct fx_event {
	enum proto_event_kind kind;
	char text[512];
	uint64_t tag;
	long line;
	double nozzle;		/* TEMPS: the nozzle reading, -1000 if none */
};

struct fx {
	struct proto *p;
	struct fx_event *ev;
	size_t nev, evcap;
	struct buf out;		/* everything written, consumed by fx_take */
	uint64_t now;
	bool keep_events;	/* false: count only (long randomised runs) */
	size_t counts[PROTO_EV_WINDOW + 1];
	/* Optional hook for tests that act inside callbacks. */
	void (*hook)(struct fx *fx, const struct proto_event *ev);
	void *hook_data;
};

static inline void
fx_cb(const struct proto_event *ev, void *data)
{
	struct fx *fx = data;
	struct fx_event *e;
	const struct gcode_temp *t;

	fx->counts[ev->kind]++;
	if (fx->hook != NULL)
		fx->hook(fx, ev);
	if (!fx->keep_events)
		return;
	if (fx->nev == fx->evcap) {
		fx->evcap = fx->evcap == 0 ? 256 : fx->evcap * 2;
		fx->ev = xrealloc(fx->ev, fx->evcap * sizeof *fx->ev);
	}
	e = &fx->ev[fx->nev++];
	memset(e, 0, sizeof *e);
	e->kind = ev->kind;
	snprintf(e->text, sizeof e->text, "%s", ev->text != NULL ? ev->text : "");
	e->tag = ev->tag;
	e->line = ev->line;
	e->nozzle = -1000;
	if (ev->temps != NULL && (t = gcode_temps_nozzle(ev->temps)) != NULL)
		e->nozzle = t->current;
}

static inline void
fx_init(struct fx *fx, const struct proto_config *cfg)
{
	memset(fx, 0, sizeof *fx);
	fx->keep_events = true;
	fx->now = 1000;
	buf_init(&fx->out);
	fx->p = proto_new(cfg, fx_cb, fx);
}

static inline void
fx_done(struct fx *fx)
{
	proto_free(fx->p);
	buf_free(&fx->out);
	free(fx->ev);
}

static inline void
fx_feed(struct fx *fx, const char *s)
{
	proto_feed(fx->p, s, strlen(s), fx->now);
}

static inline void
fx_tick(struct fx *fx, uint64_t advance)
{
	fx->now += advance;
	proto_tick(fx->p, fx->now);
}

/* Everything the engine wants written now, as a string (static buffer). */
static inline const char *
fx_take(struct fx *fx)
{
	static char copy[65536];

	buf_reset(&fx->out);
	proto_output(fx->p, &fx->out);
	snprintf(copy, sizeof copy, "%s", fx->out.len > 0 ? fx->out.data : "");
	return copy;
}

/* "N<n> <cmd>*<cs>\n" (static buffer, one at a time). */
static inline const char *
fx_framed(long n, const char *cmd)
{
	static char s[GCODE_MAX_LINE];

	if (gcode_frame(s, sizeof s, n, cmd) < 0)
		abort();
	return s;
}

static inline size_t
fx_count(const struct fx *fx, enum proto_event_kind kind)
{
	return fx->counts[kind];
}

/* The last event of a kind, or NULL. */
static inline const struct fx_event *
fx_last(const struct fx *fx, enum proto_event_kind kind)
{
	for (size_t i = fx->nev; i > 0; i--) {
		if (fx->ev[i - 1].kind == kind)
			return &fx->ev[i - 1];
	}
	return NULL;
}

__attribute__((unused)) static const char marlin2_m115[] =
    "FIRMWARE_NAME:Marlin 2.1.2.1 (Jun 10 2023 12:00:00) SOURCE_CODE_URL:"
    "github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:"
    "Ender-3 V2 EXTRUDER_COUNT:1 UUID:cede2a2f-41a2-4748-9b12-c55c62f367ff\n"
    "Cap:SERIAL_XON_XOFF:0\nCap:EEPROM:1\nCap:AUTOREPORT_TEMP:1\n"
    "Cap:EMERGENCY_PARSER:1\nCap:PROMPT_SUPPORT:0\nCap:HOST_ACTION_COMMANDS:1\n";
__attribute__((unused)) static const char marlin1_m115[] =
    "FIRMWARE_NAME:Marlin 1.1.9 (Github) SOURCE_CODE_URL:https://github.com/"
    "MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:3D Printer "
    "EXTRUDER_COUNT:1 UUID:cede2a2f-41a2-4748-9b12-c55c62f367ff\n"
    "Cap:AUTOREPORT_TEMP:1\nCap:EMERGENCY_PARSER:0\n";
__attribute__((unused)) static const char prusa_m115[] =
    "FIRMWARE_NAME:Prusa-Firmware 3.13.2 based on Marlin FIRMWARE_URL:https://"
    "github.com/prusa3d/Prusa-Firmware PROTOCOL_VERSION:1.0 MACHINE_TYPE:"
    "Prusa i3 MK3S EXTRUDER_COUNT:1 UUID:00000000-0000-0000-0000-000000000000\n"
    "Cap:AUTOREPORT_TEMP:1\nCap:AUTOREPORT_FANS:1\n";

/*
 * Runs the handshake: M110 N0, its ok, M115, the given reply and its ok.
 * Returns false (after reporting) when the engine did something else.
 */
static inline bool
fx_handshake(struct fx *fx, const char *m115_reply)
{
	const char *s;
	bool good = true;

	proto_start(fx->p, fx->now);
	s = fx_take(fx);
	if (strcmp(s, "N0 M110 N0*125\n") != 0) {
		fprintf(stderr, "handshake sent \"%s\"\n", s);
		good = false;
	}
	fx_feed(fx, "ok\n");
	s = fx_take(fx);
	if (strcmp(s, fx_framed(1, "M115")) != 0) {
		fprintf(stderr, "handshake sent \"%s\" after M110's ok\n", s);
		good = false;
	}
	fx_feed(fx, m115_reply);
	fx_feed(fx, "ok\n");
	if (!proto_info(fx->p)->ready) {
		fprintf(stderr, "not ready after M115's ok\n");
		good = false;
	}
	return good;
}

#endif
