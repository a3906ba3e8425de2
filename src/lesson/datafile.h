/*
 * Data files (printer profiles, module.lua, credential definitions, interface
 * string catalogues) are Lua chunks that return one plain table. They are run
 * in a throwaway state of their own with an empty environment, an
 * instruction budget and a memory cap, so a broken or hostile file can only
 * produce an error message. Because plain tables forget where their keys were
 * written, the source is also scanned once to map every key path
 * ("outcomes[2].kind") to its line, so validation errors read
 * "file:line: what was expected".
 *
 * Internal to src/lesson/.
 */
#ifndef LL_LESSON_DATAFILE_H
#define LL_LESSON_DATAFILE_H

#include <stdbool.h>

#include "core.h"

struct lua_State;
struct sandbox;

/* Messages collected by loaders and lint: "file:line: level: message". */
enum diag_level {
	DIAG_NOTE,		/* information; never fails lint */
	DIAG_WARNING,
	DIAG_ERROR,
};

struct diag {
	char *file;
	int line;		/* 0 when the message is about the whole file */
	enum diag_level level;
	char *msg;
};

struct diags {
	struct diag *v;
	int n, cap;
};

void diags_init(struct diags *d);
void diags_free(struct diags *d);
void diags_add(struct diags *d, const char *file, int line,
    enum diag_level level, const char *fmt, ...) LL_PRINTF(5, 6);
int diags_count(const struct diags *d, enum diag_level level);
/* "file:line: message" of the first error, for a char **cause; NULL if none. */
char *diags_first_error(const struct diags *d);
/* Orders by file, line; stable for messages on one line. */
void diags_sort(struct diags *d);

struct datafile {
	char *path;
	struct sandbox *sb;
	struct lua_State *L;	/* the returned table is at stack index 1 */
	struct datafile_key {
		char *key;
		int line;
	} *keys;
	int nkeys;
	int table_line;		/* line of the outermost '{' */
};

/* Limits for every data file; a profile is a few kilobytes. */
#define DATAFILE_MEMORY_CAP (8u << 20)
#define DATAFILE_INSTRUCTION_BUDGET 2000000

/*
 * Runs the file and checks it returned a table; on failure adds the error
 * (syntax, runtime, budget, memory, not a table) to d and returns NULL.
 */
struct datafile *datafile_load(const char *path, struct diags *d);
/* The same for text already in memory; path names it in messages. */
struct datafile *datafile_load_buffer(const char *path, const char *src,
    size_t len, struct diags *d);
void datafile_free(struct datafile *df);
/* The line where keypath was written, else its nearest written parent. */
int datafile_line(const struct datafile *df, const char *keypath);

/*
 * Helpers for validators. They read from the table at stack index idx and
 * report problems at datafile_line(path.key). "want" texts read like
 * "a string", "an integer from 1 to 8".
 */
void datafile_error(struct datafile *df, struct diags *d, const char *keypath,
    const char *fmt, ...) LL_PRINTF(4, 5);
void datafile_warning(struct datafile *df, struct diags *d,
    const char *keypath, const char *fmt, ...) LL_PRINTF(4, 5);
/* Reports every string key of the table at idx that is not in allowed. */
void datafile_check_keys(struct datafile *df, struct diags *d, int idx,
    const char *path, const char *const *allowed);
/* Joins a path and a key: ("a", "b") -> "a.b", ("", "b") -> "b". */
char *datafile_path(const char *path, const char *key);
char *datafile_path_index(const char *path, int index);

/* Reads t[key]; returns false (and reports) when missing but required or of
 * the wrong type. Out values are untouched when absent. */
bool datafile_string(struct datafile *df, struct diags *d, int idx,
    const char *path, const char *key, bool required, char **out);
bool datafile_number(struct datafile *df, struct diags *d, int idx,
    const char *path, const char *key, bool required, double min, double max,
    double *out);
bool datafile_integer(struct datafile *df, struct diags *d, int idx,
    const char *path, const char *key, bool required, long long min,
    long long max, long long *out);
bool datafile_boolean(struct datafile *df, struct diags *d, int idx,
    const char *path, const char *key, bool required, bool *out);
/* Pushes t[key] if it is a table and returns true; else pushes nothing. */
bool datafile_table(struct datafile *df, struct diags *d, int idx,
    const char *path, const char *key, bool required);
/* Reads a list of strings (a sequence); *out is NULL-terminated, owned. */
bool datafile_string_list(struct datafile *df, struct diags *d, int idx,
    const char *path, const char *key, bool required, char ***out, int *n);
void datafile_free_list(char **list);

/*
 * Finds printer commands written with literal values in lesson source:
 * send "M104 S400" / send("...") (gcode set), and heat { nozzle = 320 } /
 * move { z = -5 } (key and value set). Calls cb for each, with its line.
 */
void datafile_scan_printer_calls(const char *src, size_t len,
    void (*cb)(void *ud, int line, const char *call, const char *key,
    const char *gcode, double value), void *ud);

/*
 * Splits a Lua error message "path:12: text" (or Lua's shortened
 * "...h/to/file.lua:12: text") for the chunk named path.
 */
bool datafile_split_lua_error(const char *msg, const char *path, int *line,
    const char **rest);

#endif
