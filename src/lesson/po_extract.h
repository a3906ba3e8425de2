/*
 * A module's translations: which texts it has (extraction), which
 * languages translate them and how far (status, lint), and filling the
 * module's texts from its catalogues. The files: modules/<id>/po/<id>.pot
 * and modules/<id>/po/<lang>.po (docs/writing-lessons.md).
 *
 * Internal to src/lesson/.
 */
#ifndef LL_LESSON_PO_EXTRACT_H
#define LL_LESSON_PO_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include "datafile.h"
#include "po.h"

/*
 * Adds every _"..." / _("...") text of Lua source to s, referenced as
 * ref_name:line, with a "-- TRANSLATORS:" comment on the line before as
 * the translator's note. Problems (a _() without a literal string) go to d
 * under diag_name. Returns the number of texts found.
 */
int po_extract_lua(const char *src, size_t len, const char *ref_name,
    struct po_sources *s, struct diags *d, const char *diag_name);
/*
 * Adds the texts of the module in dir: module.lua's title, summary and
 * outcome texts, then each lesson's. *source_lang (when not NULL) gets the
 * module's source language, the first of its languages (allocated). 0, or -1 when module.lua does not
 * load (reported in d).
 */
int po_extract_module(const char *dir, struct po_sources *s, struct diags *d,
    char **source_lang);

/* How far one language translates a module. */
struct po_status {
	char lang[16];
	int total;		/* texts in the module */
	int translated;		/* usable translations */
	int fuzzy;
	int untranslated;	/* includes texts the catalogue lacks */
	int obsolete;
	int format_errors;
	bool declared;		/* in module.lua's languages */
	bool source;		/* the module's source language */
};

/*
 * The status of every language the module declares or has a catalogue
 * for, source language first. *n entries, allocated; -1 when module.lua
 * does not load.
 */
struct lesson_module;
int po_module_status(const struct lesson_module *m, struct po_status **out,
    int *n);

/*
 * lint's translation checks of module m (diags are reported
 * against the .po/.pot files): the template is current; per declared
 * language every text is translated, not fuzzy, keeps its format
 * directives and, for sr-Cyrl, is in Cyrillic; obsolete entries. For a
 * language not declared, one note with its counts.
 */
void po_module_lint(const struct lesson_module *m, struct diags *d);

struct module_po;
/* Makes the translations the module's catalogues hold for its texts
 * (title, summary, outcomes, lesson titles) available to them, each
 * language read when first asked for (i18n.h). */
void po_module_apply(struct lesson_module *m);
/* Reads lang's catalogue into the module's texts unless done before. */
void po_module_need(struct module_po *p, const char *lang);
/* Every language's: for what copies all of a text's translations. */
void po_module_need_all(const struct lesson_module *m);
void po_module_po_free(struct module_po *p);

/*
 * lint's translation checks of the catalogues in dir/po against the texts
 * s: the template is current, each declared language complete (owner
 * names who declares them, for messages).
 */
void po_sources_lint(const char *dir, const struct po_sources *s,
    char *const *declared, const char *owner, const struct lesson_module *m,
    struct diags *d);
struct i18n_text;
/* Adds lang's translation of t's source text from c, when usable. */
void po_apply_text(struct i18n_text *t, const char *source, const char *lang,
    const struct po_cat *c);

/*
 * The credential definitions in dir (modules/credentials): their texts
 * (every plain-string field of po_credential_text_keys, referenced as
 * file:line), and in *declared (when not NULL) the languages they declare
 * complete, source language ("en") first. 0.
 */
extern const char *const po_credential_text_keys[];
int po_extract_credentials(const char *dir, struct po_sources *s,
    struct diags *d, char ***declared);
/* lint's translation checks of the credentials' catalogues. */
void po_credentials_lint(const char *dir, struct diags *d);
/* The catalogues beside the definitions, for their texts at load time. */
struct po_shelf;
struct po_shelf *po_shelf_open(const char *dir);
void po_shelf_apply(const struct po_shelf *sh, const char *source,
    struct i18n_text *t);
bool po_shelf_empty(const struct po_shelf *sh);
void po_shelf_free(struct po_shelf *sh);

/* The path of the module's template and of a language's catalogue. */
char *po_module_pot_path(const char *dir);
char *po_module_po_path(const char *dir, const char *lang);
/* The languages with a po/<lang>.po in dir, sorted, NULL-terminated. */
char **po_module_languages(const char *dir);

#endif
