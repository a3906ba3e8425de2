/*
 * Gettext PO catalogues: how translations of modules (modules/<id>/po/) and
 * of the program's interface (src/lesson/i18n/) are kept, so translators
 * work in Poedit or Weblate and never touch Lua. Reading and writing go
 * through libgettextpo (Debian's gettext), the only user of that library
 * in layerlab.
 *
 * Internal to src/lesson/.
 */
#ifndef LL_LESSON_PO_H
#define LL_LESSON_PO_H

#include <stdbool.h>

#include "datafile.h"

/* One message of a catalogue or template. */
struct po_entry {
	char *ctx;		/* msgctxt, NULL when none */
	char *msgid;
	char *msgstr;		/* "" when untranslated */
	char *prev_msgid;	/* "#| msgid" of a fuzzy entry, or NULL */
	char *comment;		/* "#." for translators, or NULL */
	char *translator;	/* "# ": the translator's own, or NULL */
	char *refs;		/* "#:" references, space separated, or NULL */
	int line;		/* of the entry in the file */
	bool fuzzy;
	bool obsolete;
	bool lua_format;	/* "#, lua-format": used with string.format */
	bool brace_format;	/* "{1}".."{9}" placeholders (interface) */
	char *format_error;	/* libgettextpo's verdict on msgstr, or NULL */
};

struct po_cat;

/*
 * Reads a PO or POT file. Syntax errors go to d as "file:line: error";
 * returns NULL when the file cannot be read at all (also reported in d).
 */
struct po_cat *po_cat_read(const char *path, struct diags *d);
void po_cat_free(struct po_cat *c);
const char *po_cat_path(const struct po_cat *c);
/* The header's Language field ("sl", "sr@latin" is given as is), or NULL. */
const char *po_cat_language(const struct po_cat *c);
int po_cat_count(const struct po_cat *c);
/* Entries in file order (the header is not one of them). */
const struct po_entry *po_cat_entry(const struct po_cat *c, int i);
/* The live (not obsolete) entry for ctx (NULL: none) and msgid, or NULL. */
const struct po_entry *po_cat_find(const struct po_cat *c, const char *ctx,
    const char *msgid);
/* The translation to show: the entry's msgstr when it is live, not fuzzy
 * and not empty; else NULL. */
const char *po_cat_get(const struct po_cat *c, const char *ctx,
    const char *msgid);

/* A text to translate, as extraction finds it. */
struct po_source {
	char *ctx;		/* NULL when none */
	char *msgid;
	char *comment;		/* for translators, or NULL */
	char *refs;		/* "file:line file:line" */
	bool lua_format;
	bool brace_format;
};

struct po_sources {
	struct po_source *v;
	int n;
};

/* Adds a text; a second occurrence of ctx+msgid adds its reference and
 * comment to the first. */
void po_sources_add(struct po_sources *s, const char *ctx, const char *msgid,
    const char *file, int line, const char *comment);
void po_sources_free(struct po_sources *s);
/* True when text holds a string.format directive (%s, %.0f, %d; not %%). */
bool po_has_lua_format(const char *text);
/* True when text holds a {1}..{9} placeholder. */
bool po_has_brace_format(const char *text);
/*
 * Checks that a translation keeps the placeholders of its source: for
 * brace formats the same set of {n}, for Lua formats the same directives
 * in the same order. NULL when fine, else an allocated reason.
 */
char *po_format_mismatch(const char *msgid, const char *msgstr,
    bool lua_format, bool brace_format);

/*
 * Writes a template (.pot) holding sources in order. project names the
 * catalogue in the header ("layerlab module M1"). 0, or -1 with cause.
 */
int po_write_template(const char *path, const struct po_sources *s,
    const char *project, char **cause);

struct po_update_stats {
	int translated, fuzzy, untranslated, obsolete, added;
};

/*
 * Merges the template into the catalogue at po_path (created for lang when
 * missing), the way msgmerge does: an unchanged text keeps its
 * translation; a text whose source changed takes the translation of the
 * most similar old one, marked fuzzy with the old source beside it; texts
 * no longer in the template become obsolete. 0, or -1 with cause (then
 * nothing was written).
 */
int po_update(const char *pot_path, const char *po_path, const char *lang,
    struct po_update_stats *st, char **cause);

/*
 * Writes sr-Cyrl.po at dst from the sr-Latn catalogue at src: every
 * translation transliterated, fuzzy marks kept. n_out: messages written.
 */
int po_translit_file(const char *src, const char *dst, int *n_out,
    char **cause);

/*
 * Serbian Latin to Cyrillic, for sr-Cyrl catalogues generated from sr-Latn
 * ones: lj, nj, dž become љ, њ, џ. Code in backticks, placeholders, words
 * with digits, all-capital abbreviations (PLA, USB) and the names in
 * po_translit_keep are left as they are. Allocated.
 */
char *po_translit_sr(const char *latin);
/* True when text is already in Cyrillic script throughout (transliterating
 * it changes nothing): the lint check for sr-Cyrl. */
bool po_is_cyrillic_sr(const char *text);

#endif
