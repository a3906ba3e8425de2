/*
 * core: the few things every other module needs and nothing else: allocation
 * that never returns NULL, a growable byte buffer, the monotonic clock,
 * error strings, and the XDG directories where layerlab keeps its files.
 * libc only.
 */
#ifndef LL_CORE_H
#define LL_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>

#define LL_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define LL_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Allocation: out of memory is a broken invariant, not an error to handle. */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
/* NULL stays NULL: for optional strings. */
char *xstrdup_opt(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) LL_PRINTF(1, 2);
char *xvasprintf(const char *fmt, va_list ap) LL_PRINTF(1, 0);

/* Prints "layerlab: <message>" on stderr, speaks the last words (below)
 * and aborts: for broken invariants only. */
noreturn void fatal(const char *fmt, ...) LL_PRINTF(1, 2);

/*
 * Last words (lastword.c): what must happen however the process ends, by
 * fatal(), abort() or a crash signal (lastword_install catches SIGSEGV,
 * SIGBUS, SIGILL, SIGFPE and SIGABRT). First every registered byte string is
 * written to its fd with write(2) alone (a printer's heaters off), then the
 * hooks run, best effort, under a 3 s alarm. Once. Up to 8 of each; the add
 * functions return an id to remove with, or -1 when full.
 */
int lastword_add_bytes(int fd, const char *bytes);
void lastword_remove_bytes(int id);
int lastword_add_hook(void (*fn)(void *), void *data);
void lastword_remove_hook(int id);
void lastword_install(void);
void lastword_speak(void);

/*
 * Error causes follow one convention everywhere: a function that can fail
 * returns -1 (or NULL/false) and, when cause is not NULL, stores an allocated
 * message the caller frees. set_cause frees any earlier message first.
 */
void set_cause(char **cause, const char *fmt, ...) LL_PRINTF(2, 3);

/* Debug log, off unless log_open was called (LAYERLAB_LOG=path). */
void log_open(const char *path);
void log_debug(const char *fmt, ...) LL_PRINTF(1, 2);

/* Monotonic milliseconds since an arbitrary point; never goes backwards. */
uint64_t clock_ms(void);
/* Wall-clock time as ISO 8601 UTC with seconds ("2026-11-22T23:11:35Z"). */
void clock_iso8601(char out[32], int64_t unix_seconds);

/*
 * Growable byte buffer. data is always NUL-terminated so text can be used as
 * a C string; len excludes the terminator.
 */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};
void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
void buf_reserve(struct buf *b, size_t extra);
void buf_append(struct buf *b, const void *data, size_t len);
void buf_append_str(struct buf *b, const char *s);
void buf_appendf(struct buf *b, const char *fmt, ...) LL_PRINTF(2, 3);
/*
 * One CSV field as RFC 4180 writes it (quoted when it holds a comma, a
 * quote or a line break; quotes doubled; NULL is empty), then after (","
 * between fields, the line end after the last).
 */
void buf_append_csv(struct buf *b, const char *text, const char *after);
/* The same for text a spreadsheet opens: a field that would run as a
 * formula (=, +, -, @ first) is written as text, with an apostrophe. */
void buf_append_csv_text(struct buf *b, const char *text, const char *after);
/* Drops the first n bytes (n > len drops everything). */
void buf_consume(struct buf *b, size_t n);
/* Hands the data over to the caller (who frees it) and resets the buffer. */
char *buf_detach(struct buf *b);

/*
 * XDG base directories for layerlab: $XDG_DATA_HOME/layerlab (default
 * ~/.local/share/layerlab) and $XDG_CONFIG_HOME/layerlab. Allocated strings.
 */
char *paths_data_dir(void);
char *paths_config_dir(void);
/* mkdir -p with mode 0700 for created components. */
int paths_mkdir_p(const char *path, char **cause);

/*
 * Reads a whole (small) file; NULL with cause on failure. file_read_max
 * refuses a file (or a device like /dev/zero) past max bytes, saying so;
 * file_read_all is file_read_max with FILE_READ_MAX.
 */
#define FILE_READ_MAX (16u << 20)
char *file_read_max(const char *path, size_t max, size_t *len, char **cause);
char *file_read_all(const char *path, size_t *len, char **cause);

/*
 * Writing an output the user named. A regular file (or none yet) is written
 * beside and renamed over, so a failure leaves the old file or none, never
 * half of one; a device, a pipe or a symbolic link is written in place, so
 * "--out /dev/null" never puts a plain file where the device was; a
 * directory is refused. file_replace_kind says which, or -1 with cause.
 */
enum { FILE_REPLACE_NEW, FILE_REPLACE_IN_PLACE };
int file_replace_kind(const char *path, char **cause);
int file_write_replacing(const char *path, const char *data, size_t len,
    char **cause);

/*
 * A number from outside (an option, a configuration value, a lesson): the
 * whole text is a finite number from lo to hi. NaN and infinities, which
 * pass every "< 0" test, are refused like any other bad text.
 */
bool number_parse(const char *text, double lo, double hi, double *out);
/* The same test for a number already read. */
bool number_within(double v, double lo, double hi);

/* String helpers. */
bool str_starts_with(const char *s, const char *prefix);
bool str_ends_with(const char *s, const char *suffix);
/* Trims ASCII whitespace at both ends in place; returns s. */
char *str_trim(char *s);

/* UTF-8 helpers: validity and display width (by wcwidth, C.UTF-8 locale). */
bool utf8_valid(const char *s, size_t len);
/* Decodes one code point; returns bytes used (1 on invalid input, *cp = U+FFFD). */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);
int utf8_width(const char *s);

/*
 * Text from outside made safe for a terminal or an export (text.c): invalid
 * UTF-8 and control characters (ESC and the rest of C0, DEL, C1) become
 * U+FFFD; newline and tab are kept with keep_newlines, else become spaces.
 */
void buf_append_clean(struct buf *b, const char *s, size_t len,
    bool keep_newlines);
char *text_clean(const char *s, bool keep_newlines);	/* NULL: "" */
bool text_is_clean(const char *s, size_t len, bool keep_newlines);
/*
 * The same for a person at a terminal: invalid UTF-8 becomes U+FFFD, a
 * control character a visible escape ("\x1b", "\u009b"), a tab a space; a
 * newline is kept with keep_newlines, else escaped.
 */
void buf_append_visible(struct buf *b, const char *s, size_t len,
    bool keep_newlines);
char *text_visible(const char *s);	/* one line; NULL: "" */
/* True when s has nothing buf_append_visible would change (no newlines). */
bool text_is_visible(const char *s, size_t len);

#endif
