/*
 * Translation glossaries (docs/glossary/<lang>.md): the term each language
 * uses for an English source term, and lint's check that a module's
 * translation uses it.
 *
 * A glossary is a Markdown table whose first three columns are the English
 * term, the term in the language and the forms lint looks for: the stems
 * of the term's inflected forms, comma-separated ("mlaznic" finds
 * mlaznica, mlaznice, mlaznicom). A row with no stems is documentation
 * only. Matching ignores case, and Greek accents (the accent moves as a
 * Greek word inflects).
 */
#ifndef LL_LESSON_GLOSSARY_H
#define LL_LESSON_GLOSSARY_H

#include "datafile.h"

struct glossary;

/* Reads path; NULL (and nothing reported) when there is no such file, NULL
 * with an error in d when it cannot be read as a glossary. */
struct glossary *glossary_load(const char *path, struct diags *d);
void glossary_free(struct glossary *g);

/* The glossary for a module's catalogues in lang: docs/glossary/<lang>.md
 * of the source tree the module sits in (<dir>/../../docs/glossary), the
 * one glossary_load would read; NULL when there is none. */
char *glossary_path_for_module(const char *module_dir, const char *lang);

/* Warns at where:line for every English term of the glossary that msgid
 * uses and msgstr does not render with the glossary's term. ref names the
 * text for the message ("hazards.lua:12"). */
void glossary_check(const struct glossary *g, const char *where, int line,
    const char *ref, const char *msgid, const char *msgstr,
    struct diags *d);

/* The text folded for matching: lower case, Greek without accents, final
 * sigma as sigma. */
char *glossary_fold(const char *s);

#endif
