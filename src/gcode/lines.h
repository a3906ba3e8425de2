/*
 * lines: a file read line by line through one fixed buffer (internal to
 * gcode/), for the passes that must go at disk speed: statistics, the
 * check, the layer index. Lines longer than the buffer keep their start.
 */
#ifndef LL_GCODE_LINES_H
#define LL_GCODE_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sys/stat.h>

struct lines;

/*
 * Opens path for reading, a regular file only (a FIFO or a device would
 * block the loop); -1 with cause "PATH: why". Every reader in gcode/ opens
 * its file here.
 */
int gcode_file_open(const char *path, struct stat *st, char **cause);

struct lines *lines_open(const char *path, char **cause);
/*
 * Hands every byte read for lines_next to tap, in file order, once: a
 * caller that reads the whole file from the start (the statistics pass)
 * hashes it on the way. lines_seek stops the tap.
 */
void lines_tap(struct lines *r, void (*tap)(const void *bytes, size_t len,
    void *data), void *data);
void lines_free(struct lines *r);
/*
 * The next line (without terminator) in text and len, its byte offset and
 * 1-based number. 1 with a line, 0 at the end, -1 with cause on a read
 * error or a NUL byte ("FILE:LINE: ...").
 */
int lines_next(struct lines *r, const char **text, size_t *len,
    uint64_t *offset, long *lineno, char **cause);
/* Continues at a byte offset that starts line lineno. */
int lines_seek(struct lines *r, uint64_t offset, long lineno, char **cause);
uint64_t lines_size(const struct lines *r);
int64_t lines_mtime(const struct lines *r);
/* Reads up to len bytes ending at the file's end (for trailing config). */
size_t lines_tail(struct lines *r, char *out, size_t len);
/* The first bytes of the file (for magic numbers). */
size_t lines_head(struct lines *r, char *out, size_t len);

#endif
