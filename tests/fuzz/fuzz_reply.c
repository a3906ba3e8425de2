/*
 * The reply classifier on any bytes: no crash, the message stays inside the
 * line, and nothing after "echo:" (what M118 E1 prints) or a plain "//"
 * comment is ever taken for an ok, a temperature or position report, the
 * firmware's identity or a halt.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "reply.h"

static void
check_inert(const char *prefix, const uint8_t *data, size_t size)
{
	char line[600];
	size_t plen = strlen(prefix);
	struct gcode_reply r;
	enum gcode_reply_kind k;

	if (size > sizeof line - plen)
		size = sizeof line - plen;
	memcpy(line, prefix, plen);
	memcpy(line + plen, data, size);
	k = gcode_reply_parse(line, plen + size, &r);
	if (k == GCODE_REPLY_OK || k == GCODE_REPLY_TEMPS ||
	    k == GCODE_REPLY_POSITION || k == GCODE_REPLY_FIRMWARE ||
	    k == GCODE_REPLY_RESEND || k == GCODE_REPLY_ERROR ||
	    k == GCODE_REPLY_START || r.has_temps || r.has_position ||
	    r.has_firmware) {
		fprintf(stderr, "'%s...' classified as %s\n", prefix,
		    gcode_reply_kind_name(k));
		abort();
	}
	if (strcmp(prefix, "echo:") == 0 && (k == GCODE_REPLY_FATAL ||
	    k == GCODE_REPLY_ACTION || gcode_reply_is_fatal(line, plen + size))) {
		fprintf(stderr, "echo: line classified as %s\n",
		    gcode_reply_kind_name(k));
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *line = (const char *)data;
	struct gcode_reply r;
	struct gcode_temps t;
	struct gcode_position pos;
	struct gcode_firmware fw;

	gcode_reply_parse(line, size, &r);
	if (r.msg != NULL && (r.msg < line || r.msg + r.msglen > line + size))
		abort();
	gcode_reply_is_fatal(line, size);
	gcode_temps_parse(line, size, &t);
	gcode_position_parse(line, size, &pos);
	if (size < 512) {
		char *s = malloc(size + 1);

		memcpy(s, data, size);
		s[size] = '\0';
		gcode_firmware_parse(s, size, &fw);
		gcode_flavour_detect(s);
		free(s);
	}
	check_inert("echo:", data, size);
	check_inert("//", data, size);
	return 0;
}
