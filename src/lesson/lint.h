/*
 * lint: checks modules, lessons, credential definitions and printer
 * profiles the way a compiler checks code, printing
 * "file:line: error|warning|note: message" lines. Lessons are loaded in a
 * sandbox with an instrumented copy of the lesson API (calls are checked
 * and recorded, no printer is driven), and their source is scanned for
 * printer commands with literal values. The messages: docs/authoring.md.
 */
#ifndef LL_LESSON_LINT_H
#define LL_LESSON_LINT_H

#include <stdbool.h>
#include <stdio.h>

struct lint_options {
	bool strict;			/* warnings count as errors */
	const char *printers_dir;	/* profiles to check limits against */
	const char *const *module_dirs;	/* the installed modules */
	int nmodule_dirs;
	const char *lang;		/* the language tr() resolves to */
};

struct lint_result {
	int files;		/* files checked */
	int errors;		/* after --strict promotion */
	int warnings;
	int notes;
};

/*
 * Checks paths (module directories, module.lua or lesson files, directories
 * of modules, credential definitions, printer profiles or their directory),
 * or everything installed when npaths is 0, printing every message on out
 * in file and line order. Returns -1 with cause only when a path does not
 * exist or cannot be classified; problems in content are results.
 */
int lint_run(const struct lint_options *o, const char *const *paths,
    int npaths, FILE *out, struct lint_result *result, char **cause);

#endif
