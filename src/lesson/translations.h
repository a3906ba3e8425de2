/*
 * Translation tools for modules and the interface (layerlab i18n, the
 * status in layerlab modules): catalogues are gettext PO files, one per
 * language, made from a template the program extracts
 * (docs/writing-lessons.md).
 */
#ifndef LL_LESSON_TRANSLATIONS_H
#define LL_LESSON_TRANSLATIONS_H

#include <stdbool.h>
#include <stdio.h>

struct lesson_module;

/* How far one language translates a module. */
struct translation_status {
	char lang[16];
	int total, translated, fuzzy, untranslated, obsolete, errors;
	bool declared;		/* module.lua lists it as complete */
	bool source;		/* the language the module is written in */
};

/* Every language of the module (source first); *n entries, allocated. */
int translations_status(const struct lesson_module *m,
    struct translation_status **out, int *n);

/*
 * Writes the module's template po/<id>.pot from module.lua and its
 * lessons; reports what it did on out. 0, or -1 with cause.
 */
int translations_extract(const char *module_dir, FILE *out, char **cause);
/*
 * Merges the template into every po/<lang>.po of a module directory, or
 * into the <lang>.po files beside the single .pot of a catalogue
 * directory (the interface's src/lesson/i18n/). lang: only that language
 * (its catalogue is created when missing), or NULL for all.
 */
int translations_update(const char *dir, const char *lang, FILE *out,
    char **cause);
/*
 * Makes sr-Cyrl.po from sr-Latn.po by transliteration (module or
 * catalogue directory). The sr-Cyrl file is generated: translators work on
 * sr-Latn.po and run this again.
 */
int translations_translit(const char *dir, FILE *out, char **cause);

#endif
