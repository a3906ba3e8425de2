/*
 * layerlab i18n's work: templates, merges and the sr-Cyrl transliteration
 * for a module directory (po/ inside it) or a catalogue directory (a .pot
 * and its .po files, as the interface's src/lesson/i18n/).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalogue.h"
#include "content.h"
#include "po_extract.h"
#include "translations.h"

int
translations_status(const struct lesson_module *m,
    struct translation_status **out, int *n)
{
	struct po_status *st;
	int k;

	if (po_module_status(m, &st, &k) != 0) {
		*out = NULL;
		*n = 0;
		return -1;
	}
	*out = xcalloc((size_t)k + 1, sizeof **out);
	for (int i = 0; i < k; i++) {
		struct translation_status *t = &(*out)[i];
		memcpy(t->lang, st[i].lang, sizeof t->lang);
		t->total = st[i].total;
		t->translated = st[i].translated;
		t->fuzzy = st[i].fuzzy;
		t->untranslated = st[i].untranslated;
		t->obsolete = st[i].obsolete;
		t->errors = st[i].format_errors;
		t->declared = st[i].declared;
		t->source = st[i].source;
	}
	*n = k;
	free(st);
	return 0;
}

static bool
is_module_dir(const char *dir)
{
	char *p = xasprintf("%s/module.lua", dir);
	bool yes = access(p, F_OK) == 0;

	free(p);
	return yes;
}

/* The micro-credential definitions' folder (modules/credentials): its
 * catalogues are in po/ as a module's. */
static bool
is_credentials_dir(const char *dir)
{
	size_t n = strlen(dir);
	const char *b;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	for (b = dir + n; b > dir && b[-1] != '/'; b--)
		;
	return (size_t)(dir + n - b) == strlen("credentials") &&
	    strncmp(b, "credentials", strlen("credentials")) == 0 &&
	    !is_module_dir(dir);
}

/* The single .pot of a catalogue directory, or NULL. */
static char *
find_pot(const char *dir, char **cause)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char *found = NULL;
	int n = 0;

	if (dp == NULL) {
		*cause = xasprintf("%s: not a module or catalogue directory",
		    dir);
		return NULL;
	}
	while ((de = readdir(dp)) != NULL) {
		size_t l = strlen(de->d_name);
		if (l > 4 && strcmp(de->d_name + l - 4, ".pot") == 0) {
			n++;
			free(found);
			found = xasprintf("%s/%s", dir, de->d_name);
		}
	}
	closedir(dp);
	if (n != 1) {
		free(found);
		*cause = xasprintf("%s: expected a module (module.lua) or one "
		    "template (.pot), found %d templates", dir, n);
		return NULL;
	}
	return found;
}

/* The directory holding the .po files, and the template's path. */
static int
catalogue_paths(const char *dir, char **podir, char **pot, char **cause)
{
	if (is_module_dir(dir) || is_credentials_dir(dir)) {
		*podir = xasprintf("%s/po", dir);
		*pot = po_module_pot_path(dir);
		if (access(*pot, F_OK) != 0) {
			*cause = xasprintf("%s: no template: run 'layerlab i18n "
			    "extract' first", *pot);
			free(*podir);
			free(*pot);
			return -1;
		}
		return 0;
	}
	if ((*pot = find_pot(dir, cause)) == NULL)
		return -1;
	*podir = xstrdup(dir);
	return 0;
}

int
translations_extract(const char *module_dir, FILE *out, char **cause)
{
	struct po_sources s = { 0 };
	struct diags d;
	char *pot, *podir, *lang = NULL, *project, base[4096];
	const char *id;
	int rc;

	bool credentials = is_credentials_dir(module_dir);

	if (!is_module_dir(module_dir) && !credentials) {
		*cause = xasprintf("%s: not a module (no module.lua) nor the "
		    "credentials folder", module_dir);
		return -1;
	}
	diags_init(&d);
	if (credentials) {
		po_extract_credentials(module_dir, &s, &d, NULL);
		lang = xstrdup("en");
	}
	if ((!credentials && po_extract_module(module_dir, &s, &d, &lang) !=
	    0) || diags_count(&d, DIAG_ERROR) > 0) {
		*cause = diags_first_error(&d);
		if (*cause == NULL)
			*cause = xasprintf("%s: cannot extract", module_dir);
		diags_free(&d);
		po_sources_free(&s);
		free(lang);
		return -1;
	}
	for (int i = 0; i < d.n; i++)
		fprintf(out, "%s:%d: warning: %s\n", d.v[i].file, d.v[i].line,
		    d.v[i].msg);
	diags_free(&d);
	podir = xasprintf("%s/po", module_dir);
	(void)mkdir(podir, 0777);
	free(podir);
	pot = po_module_pot_path(module_dir);
	snprintf(base, sizeof base, "%s", pot);
	id = strrchr(base, '/') != NULL ? strrchr(base, '/') + 1 : base;
	project = credentials ? xstrdup("layerlab credentials") :
	    xasprintf("layerlab module %.*s", (int)strlen(id) - 4, id);
	rc = po_write_template(pot, &s, project, cause);
	if (rc == 0)
		fprintf(out, "%s: %d texts (source language %s)\n", pot, s.n,
		    lang);
	free(project);
	free(pot);
	free(lang);
	po_sources_free(&s);
	return rc;
}

static int
update_one(const char *pot, const char *podir, const char *lang, FILE *out,
    char **cause)
{
	struct po_update_stats st;
	char *po = xasprintf("%s/%s.po", podir, lang);
	int rc = po_update(pot, po, lang, &st, cause);

	if (rc == 0)
		fprintf(out, "%s: %d translated, %d fuzzy, %d untranslated, "
		    "%d obsolete\n", po, st.translated, st.fuzzy,
		    st.untranslated, st.obsolete);
	free(po);
	return rc;
}

int
translations_update(const char *dir, const char *lang, FILE *out,
    char **cause)
{
	char *podir, *pot;
	DIR *dp;
	struct dirent *de;
	int rc = 0, n = 0;

	if (lang != NULL && !content_lang_tag_ok(lang)) {
		*cause = xasprintf("'%s' is not a language tag (en, sl, "
		    "sr-Latn, ...)", lang);
		return -1;
	}
	if (catalogue_paths(dir, &podir, &pot, cause) != 0)
		return -1;
	if (lang != NULL) {
		rc = update_one(pot, podir, lang, out, cause);
		free(podir);
		free(pot);
		return rc;
	}
	if ((dp = opendir(podir)) != NULL) {
		char **langs = NULL;
		while ((de = readdir(dp)) != NULL) {
			size_t l = strlen(de->d_name);
			if (l < 4 || strcmp(de->d_name + l - 3, ".po") != 0)
				continue;
			langs = xrealloc(langs, (size_t)(n + 1) * sizeof *langs);
			langs[n++] = xstrndup(de->d_name, l - 3);
		}
		closedir(dp);
		for (int i = 0; i < n; i++) {
			if (rc == 0 && content_lang_tag_ok(langs[i]))
				rc = update_one(pot, podir, langs[i], out,
				    cause);
			free(langs[i]);
		}
		free(langs);
	}
	if (rc == 0 && n == 0)
		fprintf(out, "%s: no catalogues yet (layerlab i18n update DIR "
		    "--lang TAG starts one)\n", podir);
	free(podir);
	free(pot);
	return rc;
}

int
translations_translit(const char *dir, FILE *out, char **cause)
{
	char *podir, *pot, *src, *dst;
	int rc, n = 0;

	if (catalogue_paths(dir, &podir, &pot, cause) != 0)
		return -1;
	src = xasprintf("%s/sr-Latn.po", podir);
	dst = xasprintf("%s/sr-Cyrl.po", podir);
	if (access(src, F_OK) != 0) {
		*cause = xasprintf("%s: no Serbian Latin catalogue to "
		    "transliterate", src);
		rc = -1;
	} else if ((rc = po_translit_file(src, dst, &n, cause)) == 0)
		fprintf(out, "%s: %d texts transliterated from %s\n", dst, n,
		    src);
	free(src);
	free(dst);
	free(podir);
	free(pot);
	return rc;
}
