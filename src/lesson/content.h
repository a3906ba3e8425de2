/*
 * Internal to src/lesson/: what the content loaders (profiles, catalogue,
 * credentials, i18n) share with lint.
 */
#ifndef LL_LESSON_CONTENT_H
#define LL_LESSON_CONTENT_H

#include <stdbool.h>

#include "datafile.h"
#include "profile.h"

/* What a profile holds beyond struct host_profile. */
struct profile_extra {
	double vendor_nozzle, vendor_bed;
	double volume[3];
	bool fallback;
	char **unverified;	/* NULL-terminated key names */
	int nunverified;
	int unverified_line;
};

/*
 * Loads and validates one profile file; every problem goes to d. Returns 0
 * when it loaded without errors (then *p is filled; else freed).
 */
int profile_check_file(const char *path, struct host_profile *p,
    struct profile_extra *x, struct diags *d);
void profile_extra_free(struct profile_extra *x);

/*
 * Checks one literal G-code line against a profile's limits: NULL when
 * fine, else an allocated reason ("M104 S400: nozzle target 400 °C is above
 * this printer's limit of 285 °C").
 */
char *profile_gcode_exceeds(const struct host_profile *p, const char *line);

struct lesson_module;
struct lesson_catalogue;
struct cred_definition;
struct i18n_text;

/*
 * Loads and validates one module directory (its module.lua); problems go to
 * d. Returns the module when it could be read at all (even with errors in d
 * that do not prevent use), NULL otherwise.
 */
struct lesson_module *module_check(const char *dir, struct diags *d);
/* Validates a credential definition against the catalogue. */
int credential_check(const char *path, const struct lesson_catalogue *cat,
    struct cred_definition *def, struct diags *d);

/*
 * Reads a text (a string, or a table of language tag -> string) at t[key]
 * of the table at idx. languages (NULL-terminated, may be NULL) are the
 * module's declared ones: each missing translation is a warning.
 */
bool content_text(struct datafile *df, struct diags *d, int idx,
    const char *path, const char *key, bool required,
    char *const *languages, struct i18n_text *out);
/* Checks a language tag's form ("en", "sr-Latn", "pt-BR"). */
bool content_lang_tag_ok(const char *tag);

/* The interface catalogues' gaps per language, as warnings (i18n.c). */
void i18n_check_into(struct diags *d);

/* Splits text into lines (for G-code strings); NULL-terminated, owned. */
char **content_split_lines(const char *text, int *n);

#endif
