/*
 * The micro-credential definitions' texts (modules/credentials/, every .lua) go
 * through one gettext catalogue beside them, po/credentials.pot and
 * po/<lang>.po, as a module's texts do: a definition is written in its
 * source language and translators never touch Lua. A text two definitions
 * share is written once; the other says { same_as = "<definition>" }.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>

#include "content.h"
#include "po_extract.h"

/* Every text field of a definition (catalogue.c reads the same ones). */
const char *const po_credential_text_keys[] = {
	"title", "description", "national_level", "assessment",
	"assessment_rules", "prerequisites", "quality_assurance",
	"stackability", NULL,
};

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The definitions in dir (*.lua), sorted, NULL-terminated. */
static char **
definition_files(const char *dir, int *n)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char **v = xcalloc(1, sizeof *v);

	*n = 0;
	if (dp == NULL)
		return v;
	while ((de = readdir(dp)) != NULL) {
		size_t l = strlen(de->d_name);
		if (l <= 4 || strcmp(de->d_name + l - 4, ".lua") != 0 ||
		    de->d_name[0] == '.')
			continue;
		v = xrealloc(v, (size_t)(*n + 2) * sizeof *v);
		v[(*n)++] = xstrdup(de->d_name);
		v[*n] = NULL;
	}
	closedir(dp);
	qsort(v, (size_t)*n, sizeof *v, name_cmp);
	return v;
}

static void
add_language(char ***langs, int *n, const char *lang)
{
	for (int i = 0; i < *n; i++) {
		if (strcmp((*langs)[i], lang) == 0)
			return;
	}
	*langs = xrealloc(*langs, (size_t)(*n + 2) * sizeof **langs);
	(*langs)[(*n)++] = xstrdup(lang);
	(*langs)[*n] = NULL;
}

int
po_extract_credentials(const char *dir, struct po_sources *s,
    struct diags *d, char ***declared)
{
	int nfiles, nlangs = 0;
	char **files = definition_files(dir, &nfiles);
	char **langs = xcalloc(1, sizeof *langs);

	/* The source language first, as a module lists it. */
	add_language(&langs, &nlangs, "en");
	for (int f = 0; f < nfiles; f++) {
		char *path = xasprintf("%s/%s", dir, files[f]);
		struct datafile *df = datafile_load(path, d);
		char **list = NULL;
		int n = 0;

		free(path);
		if (df == NULL)
			continue;
		if (datafile_string_list(df, d, 1, "", "languages", false,
		    &list, &n)) {
			for (int i = 0; i < n; i++)
				add_language(&langs, &nlangs, list[i]);
		}
		datafile_free_list(list);
		for (const char *const *k = po_credential_text_keys; *k != NULL;
		    k++) {
			lua_getfield(df->L, 1, *k);
			if (lua_type(df->L, -1) == LUA_TSTRING) {
				char *note = xasprintf("%.*s: %s",
				    (int)strlen(files[f]) - 4, files[f], *k);
				po_sources_add(s, NULL, lua_tostring(df->L, -1),
				    files[f], datafile_line(df, *k), note);
				free(note);
			}
			lua_pop(df->L, 1);
		}
		datafile_free(df);
	}
	for (int f = 0; f < nfiles; f++)
		free(files[f]);
	free(files);
	if (declared != NULL)
		*declared = langs;
	else
		datafile_free_list(langs);
	return 0;
}

void
po_credentials_lint(const char *dir, struct diags *d)
{
	struct po_sources s = { 0 };
	char **declared = NULL, **have = po_module_languages(dir);
	bool uses_po = have[0] != NULL;

	datafile_free_list(have);
	/* Definitions still written with inline tables: the text checks
	 * cover them. */
	if (!uses_po)
		return;
	po_extract_credentials(dir, &s, d, &declared);
	po_sources_lint(dir, &s, declared, "the credential definitions", NULL,
	    d);
	datafile_free_list(declared);
	po_sources_free(&s);
}

struct po_shelf {
	char **langs;
	struct po_cat **cats;
	int n;
};

struct po_shelf *
po_shelf_open(const char *dir)
{
	struct po_shelf *sh = xcalloc(1, sizeof *sh);
	char **langs = po_module_languages(dir);

	for (char **l = langs; *l != NULL; l++) {
		char *path = po_module_po_path(dir, *l);
		struct diags d;
		struct po_cat *c;

		/* Broken catalogues are lint's to report; here they add
		 * nothing. */
		diags_init(&d);
		c = po_cat_read(path, &d);
		diags_free(&d);
		free(path);
		if (c == NULL)
			continue;
		sh->langs = xrealloc(sh->langs, (size_t)(sh->n + 1) *
		    sizeof *sh->langs);
		sh->cats = xrealloc(sh->cats, (size_t)(sh->n + 1) *
		    sizeof *sh->cats);
		sh->langs[sh->n] = xstrdup(*l);
		sh->cats[sh->n++] = c;
	}
	datafile_free_list(langs);
	return sh;
}

void
po_shelf_apply(const struct po_shelf *sh, const char *source,
    struct i18n_text *t)
{
	for (int i = 0; sh != NULL && i < sh->n; i++) {
		if (strcmp(sh->langs[i], source) != 0)
			po_apply_text(t, source, sh->langs[i], sh->cats[i]);
	}
}

bool
po_shelf_empty(const struct po_shelf *sh)
{
	return sh == NULL || sh->n == 0;
}

void
po_shelf_free(struct po_shelf *sh)
{
	if (sh == NULL)
		return;
	for (int i = 0; i < sh->n; i++) {
		free(sh->langs[i]);
		po_cat_free(sh->cats[i]);
	}
	free(sh->langs);
	free(sh->cats);
	free(sh);
}
