/*
 * Translations: texts given per language (module titles, outcomes) and the
 * program's own interface strings, gettext catalogues in src/lesson/i18n/
 * (layerlab.pot, <tag>.po; msgctxt is the key) checked and compiled into the
 * binary at build time. Both resolve a language through the same fallback
 * chain as lessons (lesson_lang_chain: hr -> bs -> ..., sr-Cyrl -> en, never
 * across scripts), so a half-translated catalogue still shows every string
 * and lint names what is missing.
 */
#ifndef LL_LESSON_I18N_H
#define LL_LESSON_I18N_H

#include <stdbool.h>

/*
 * A text in several languages; the entries are owned. A module's texts also
 * have translations in its po/ catalogues, which are read only when a
 * language is first asked for (i18n_text_get, i18n_text_has): a program
 * that shows one language never parses the others' catalogues. Those
 * entries then follow the nfixed ones given in the source, in the order of
 * the catalogues' languages, wherever the order in which they were asked.
 */
struct i18n_text {
	struct i18n_entry {
		char *lang;
		char *text;
	} *v;
	int n;
	int nfixed;			/* entries given in the source */
	struct module_po *pending;	/* owned by the module; NULL: none */
};

void i18n_text_add(struct i18n_text *t, const char *lang, const char *text);
/* Inserts an entry at index at (0..n). */
void i18n_text_insert(struct i18n_text *t, int at, const char *lang,
    const char *text);
/* The text in lang or along its fallback chain, else the first entry; NULL
 * when empty. */
const char *i18n_text_get(const struct i18n_text *t, const char *lang);
bool i18n_text_has(const struct i18n_text *t, const char *lang);
/* The entry for lang among those present, without reading a catalogue. */
const char *i18n_text_exact(const struct i18n_text *t, const char *lang);
void i18n_text_free(struct i18n_text *t);

/*
 * Interface strings. i18n_set_lang picks the catalogue (the tag as given by
 * --lang, the configuration or LANG); i18n_get returns the string for key in
 * that language, following the fallback chain down to English, and the key
 * itself when even English lacks it (a visible bug, never a crash).
 */
void i18n_set_lang(const char *lang);
const char *i18n_lang(void);
const char *i18n_get(const char *key);
/*
 * The string for key with its placeholders {1}..{9} replaced by the
 * arguments, a NULL-terminated list of strings (translations may reorder
 * them). Allocated; the caller frees it.
 */
char *i18n_format(const char *key, ...);
/* The same lookup for an explicit language. */
const char *i18n_get_lang(const char *lang, const char *key);
/* The string in lang's own catalogue only (no fallback), or NULL. */
const char *i18n_lookup(const char *lang, const char *key);
/* Every key of lang's catalogue, sorted, NULL-terminated; free the array
 * (not the strings). */
const char **i18n_keys(const char *lang);
/* The languages with a catalogue, NULL-terminated (static). */
const char *const *i18n_languages(void);
/* What the compiled-in catalogues lack, per language, as
 * "src/lesson/i18n/<tag>.po: warning: ..." lines in report (for lint and
 * tests); everything else was checked at build time. Returns 0. */
int i18n_check_catalogues(char **report);
/* Frees the loaded catalogues (for leak checkers). */
void i18n_reset(void);

#endif
