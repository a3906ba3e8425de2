#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>

#include "datafile.h"
#include "i18n.h"
#include "lesson.h"

/* Generated from the catalogues in src/lesson/i18n/ (CMakeLists.txt). */
struct i18n_source {
	const char *lang;
	const char *text;
	const size_t *len;
};
extern const struct i18n_source i18n_sources[];

void
i18n_text_add(struct i18n_text *t, const char *lang, const char *text)
{
	for (int i = 0; i < t->n; i++) {
		if (strcmp(t->v[i].lang, lang) == 0) {
			free(t->v[i].text);
			t->v[i].text = xstrdup(text);
			return;
		}
	}
	t->v = xrealloc(t->v, (size_t)(t->n + 1) * sizeof *t->v);
	t->v[t->n].lang = xstrdup(lang);
	t->v[t->n].text = xstrdup(text);
	t->n++;
}

static const char *
text_exact(const struct i18n_text *t, const char *lang)
{
	for (int i = 0; i < t->n; i++) {
		if (strcmp(t->v[i].lang, lang) == 0)
			return t->v[i].text;
	}
	return NULL;
}

const char *
i18n_text_get(const struct i18n_text *t, const char *lang)
{
	char chain[16][16];
	const char *s;
	int n;

	if (t->n == 0)
		return NULL;
	n = lesson_lang_chain(lang != NULL ? lang : "en", chain,
	    (int)LL_ARRAY_LEN(chain));
	for (int i = 0; i < n; i++) {
		if ((s = text_exact(t, chain[i])) != NULL)
			return s;
	}
	return t->v[0].text;
}

bool
i18n_text_has(const struct i18n_text *t, const char *lang)
{
	return text_exact(t, lang) != NULL;
}

void
i18n_text_free(struct i18n_text *t)
{
	for (int i = 0; i < t->n; i++) {
		free(t->v[i].lang);
		free(t->v[i].text);
	}
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

/* ---- interface catalogues ---- */

struct catalogue {
	char *lang;
	struct cat_entry {
		char *key;
		char *text;
		int line;
	} *v;
	int n;
	bool loaded;
};

static struct catalogue *catalogues;
static int ncatalogues;
static char *current_lang;

static int
entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cat_entry *)a)->key,
	    ((const struct cat_entry *)b)->key);
}

/* Flattens nested tables into "menu.quit" keys; strings only. */
static void
flatten(struct datafile *df, struct diags *d, struct catalogue *c,
    const char *prefix)
{
	lua_State *L = df->L;
	int t = lua_gettop(L);

	lua_pushnil(L);
	while (lua_next(L, t) != 0) {
		char *key;
		if (lua_type(L, -2) != LUA_TSTRING) {
			datafile_error(df, d, prefix, "catalogue keys must be "
			    "names");
			lua_pop(L, 1);
			continue;
		}
		key = datafile_path(prefix, lua_tostring(L, -2));
		if (lua_type(L, -1) == LUA_TSTRING) {
			c->v = xrealloc(c->v, (size_t)(c->n + 1) * sizeof *c->v);
			c->v[c->n].key = key;
			c->v[c->n].text = xstrdup(lua_tostring(L, -1));
			c->v[c->n].line = datafile_line(df, key);
			c->n++;
			key = NULL;
		} else if (lua_istable(L, -1))
			flatten(df, d, c, key);
		else
			datafile_error(df, d, key, "'%s' must be a string or "
			    "a table of strings", key);
		free(key);
		lua_pop(L, 1);
	}
}

static void
catalogue_load(struct catalogue *c, const struct i18n_source *src,
    struct diags *d)
{
	char *name = xasprintf("src/lesson/i18n/%s.lua", src->lang);
	struct datafile *df = datafile_load_buffer(name, src->text, *src->len, d);

	c->loaded = true;
	if (df != NULL) {
		flatten(df, d, c, "");
		datafile_free(df);
	}
	qsort(c->v, (size_t)c->n, sizeof *c->v, entry_cmp);
	free(name);
}

static void
catalogues_init(void)
{
	if (catalogues != NULL)
		return;
	for (ncatalogues = 0; i18n_sources[ncatalogues].lang != NULL;
	    ncatalogues++)
		;
	catalogues = xcalloc((size_t)ncatalogues + 1, sizeof *catalogues);
	for (int i = 0; i < ncatalogues; i++)
		catalogues[i].lang = xstrdup(i18n_sources[i].lang);
}

static struct catalogue *
catalogue_get(const char *lang)
{
	catalogues_init();
	for (int i = 0; i < ncatalogues; i++) {
		struct catalogue *c = &catalogues[i];
		if (strcmp(c->lang, lang) != 0)
			continue;
		if (!c->loaded) {
			struct diags d;
			/* Shipped catalogues are checked by the test suite;
			 * at run time a broken one just falls back. */
			diags_init(&d);
			catalogue_load(c, &i18n_sources[i], &d);
			diags_free(&d);
		}
		return c;
	}
	return NULL;
}

static const char *
catalogue_find(const struct catalogue *c, const char *key)
{
	struct cat_entry want = { (char *)key, NULL, 0 }, *e;

	if (c == NULL || c->n == 0)
		return NULL;
	e = bsearch(&want, c->v, (size_t)c->n, sizeof *c->v, entry_cmp);
	return e != NULL ? e->text : NULL;
}

void
i18n_set_lang(const char *lang)
{
	free(current_lang);
	current_lang = xstrdup(lang != NULL && *lang != '\0' ? lang : "en");
}

const char *
i18n_lang(void)
{
	return current_lang != NULL ? current_lang : "en";
}

const char *
i18n_get_lang(const char *lang, const char *key)
{
	char chain[16][16];
	const char *s;
	int n = lesson_lang_chain(lang != NULL ? lang : "en", chain,
	    (int)LL_ARRAY_LEN(chain));

	for (int i = 0; i < n; i++) {
		if ((s = catalogue_find(catalogue_get(chain[i]), key)) != NULL)
			return s;
	}
	return key;
}

const char *
i18n_get(const char *key)
{
	return i18n_get_lang(i18n_lang(), key);
}

const char *
i18n_lookup(const char *lang, const char *key)
{
	return catalogue_find(catalogue_get(lang), key);
}

const char **
i18n_keys(const char *lang)
{
	struct catalogue *c = catalogue_get(lang);
	int n = c != NULL ? c->n : 0;
	const char **keys = xcalloc((size_t)n + 1, sizeof *keys);

	for (int i = 0; i < n; i++)
		keys[i] = c->v[i].key;
	return keys;
}

char *
i18n_format(const char *key, ...)
{
	const char *args[9] = { NULL }, *s;
	struct buf b;
	va_list ap;
	int n = 0;

	va_start(ap, key);
	while (n < 9 && (args[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	buf_init(&b);
	for (s = i18n_get(key); *s != '\0'; s++) {
		if (s[0] == '{' && s[1] >= '1' && s[1] <= '9' && s[2] == '}') {
			int i = s[1] - '1';
			buf_append_str(&b, i < n ? args[i] : "?");
			s += 2;
		} else
			buf_append(&b, s, 1);
	}
	return buf_detach(&b);
}

const char *const *
i18n_languages(void)
{
	static const char *langs[32];

	if (langs[0] == NULL) {
		for (int i = 0; i < (int)LL_ARRAY_LEN(langs) - 1 &&
		    i18n_sources[i].lang != NULL; i++)
			langs[i] = i18n_sources[i].lang;
	}
	return langs;
}

int
i18n_check_catalogues(char **report)
{
	struct diags d;
	struct catalogue *en;
	struct buf b;
	int errors;

	diags_init(&d);
	catalogues_init();
	for (int i = 0; i < ncatalogues; i++)
		(void)catalogue_get(catalogues[i].lang);
	/* Loading above discarded messages; load again, collecting them. */
	for (int i = 0; i < ncatalogues; i++) {
		struct catalogue tmp = { 0 };
		catalogue_load(&tmp, &i18n_sources[i], &d);
		for (int k = 0; k < tmp.n; k++) {
			free(tmp.v[k].key);
			free(tmp.v[k].text);
		}
		free(tmp.v);
	}
	en = catalogue_get("en");
	for (int i = 0; i < ncatalogues && en != NULL; i++) {
		struct catalogue *c = &catalogues[i];
		char *name = xasprintf("src/lesson/i18n/%s.lua", c->lang);
		if (c == en) {
			free(name);
			continue;
		}
		for (int k = 0; k < c->n; k++) {
			if (catalogue_find(en, c->v[k].key) == NULL)
				diags_add(&d, name, c->v[k].line, DIAG_ERROR,
				    "unknown key '%s' (not in en.lua)",
				    c->v[k].key);
		}
		for (int k = 0; k < en->n; k++) {
			if (catalogue_find(c, en->v[k].key) == NULL)
				diags_add(&d, name, 0, DIAG_WARNING,
				    "missing translation of '%s'",
				    en->v[k].key);
		}
		free(name);
	}
	buf_init(&b);
	for (int i = 0; i < d.n; i++) {
		struct diag *g = &d.v[i];
		if (g->line > 0)
			buf_appendf(&b, "%s:%d: %s: %s\n", g->file, g->line,
			    g->level == DIAG_ERROR ? "error" : "warning", g->msg);
		else
			buf_appendf(&b, "%s: %s: %s\n", g->file,
			    g->level == DIAG_ERROR ? "error" : "warning", g->msg);
	}
	errors = diags_count(&d, DIAG_ERROR);
	diags_free(&d);
	if (report != NULL)
		*report = buf_detach(&b);
	else
		buf_free(&b);
	return errors;
}

void
i18n_reset(void)
{
	for (int i = 0; i < ncatalogues; i++) {
		for (int k = 0; k < catalogues[i].n; k++) {
			free(catalogues[i].v[k].key);
			free(catalogues[i].v[k].text);
		}
		free(catalogues[i].v);
		free(catalogues[i].lang);
	}
	free(catalogues);
	catalogues = NULL;
	ncatalogues = 0;
	free(current_lang);
	current_lang = NULL;
}
