/*
 * preview: one layer of a G-code file drawn top-down as terminal text.
 * The layer index (stats.h) says where the layer starts, so only that
 * layer is read. Extrusion is drawn with Braille dots (2 × 4 per cell) or
 * half blocks (1 × 2); a cell the head only travels through shows '·';
 * the bed's outline frames the drawing.
 */
#ifndef LL_GCODE_PREVIEW_H
#define LL_GCODE_PREVIEW_H

#include <stdbool.h>

#include "machine.h"
#include "stats.h"

enum gcode_preview_style {
	GCODE_PREVIEW_BRAILLE,
	GCODE_PREVIEW_BLOCKS,
};

struct gcode_preview_opts {
	int width;		/* columns inside the frame */
	enum gcode_preview_style style;
	bool travel;		/* mark travel moves */
};

/*
 * Draws layer (0-based) of path into a newly allocated UTF-8 text of
 * lines ending in '\n', framed by the bed (the machine's, else the
 * layer's extent). NULL with cause when the layer does not exist or the
 * file cannot be read.
 */
char *gcode_preview_layer(const char *path, const struct gcode_layer_index *ix,
    int layer, const struct gcode_machine *m,
    const struct gcode_preview_opts *opts, char **cause);

/* Builds only the layer index (no estimate): the quick first scan. */
int gcode_layer_index_build(const char *path, const struct gcode_machine *m,
    struct gcode_layer_index *ix, char **cause);

#endif
