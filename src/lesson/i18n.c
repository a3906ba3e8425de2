#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>

#include "datafile.h"
#include "i18n.h"
#include "i18n_table.h"
#include "content.h"
#include "lesson.h"
#include "po_extract.h"


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
	i18n_text_insert(t, t->n, lang, text);
}

void
i18n_text_insert(struct i18n_text *t, int at, const char *lang,
    const char *text)
{
	t->v = xrealloc(t->v, (size_t)(t->n + 1) * sizeof *t->v);
	memmove(&t->v[at + 1], &t->v[at], (size_t)(t->n - at) * sizeof *t->v);
	t->v[at].lang = xstrdup(lang);
	t->v[at].text = xstrdup(text);
	t->n++;
}

const char *
i18n_text_exact(const struct i18n_text *t, const char *lang)
{
	for (int i = 0; i < t->n; i++) {
		if (strcmp(t->v[i].lang, lang) == 0)
			return t->v[i].text;
	}
	return NULL;
}

/* Reads lang's catalogue into the module's texts the first time. */
static void
need(const struct i18n_text *t, const char *lang)
{
	if (t->pending != NULL)
		po_module_need(t->pending, lang);
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
		need(t, chain[i]);
		if ((s = i18n_text_exact(t, chain[i])) != NULL)
			return s;
	}
	return t->v[0].text;
}

bool
i18n_text_has(const struct i18n_text *t, const char *lang)
{
	need(t, lang);
	return i18n_text_exact(t, lang) != NULL;
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
	t->nfixed = 0;
	t->pending = NULL;
}

/* ---- interface catalogues ---- */

static char *current_lang;

static const struct i18n_table *
table_get(const char *lang)
{
	for (const struct i18n_table *t = i18n_tables; t->lang != NULL; t++) {
		if (strcmp(t->lang, lang) == 0)
			return t;
	}
	return NULL;
}

static int
pair_cmp(const void *a, const void *b)
{
	return strcmp(((const struct i18n_pair *)a)->key,
	    ((const struct i18n_pair *)b)->key);
}

static const char *
table_find(const struct i18n_table *t, const char *key)
{
	struct i18n_pair want = { key, NULL, 0 };
	const struct i18n_pair *p;

	if (t == NULL || t->n == 0)
		return NULL;
	p = bsearch(&want, t->v, (size_t)t->n, sizeof *t->v, pair_cmp);
	return p != NULL ? p->text : NULL;
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
		if ((s = table_find(table_get(chain[i]), key)) != NULL)
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
	return table_find(table_get(lang), key);
}

const char **
i18n_keys(const char *lang)
{
	const struct i18n_table *t = table_get(lang);
	int n = t != NULL ? t->n : 0;
	const char **keys = xcalloc((size_t)n + 1, sizeof *keys);

	for (int i = 0; i < n; i++)
		keys[i] = t->v[i].key;
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
		    i18n_tables[i].lang != NULL; i++)
			langs[i] = i18n_tables[i].lang;
	}
	return langs;
}

void
i18n_check_into(struct diags *d)
{
	const struct i18n_table *en = table_get("en");

	/* Syntax, unknown keys, placeholders and script were checked when
	 * the catalogues were compiled in: what is left is completeness. */
	for (const struct i18n_table *t = i18n_tables; t->lang != NULL &&
	    en != NULL; t++) {
		char *file;
		int missing = 0;
		if (t == en)
			continue;
		file = xasprintf("src/lesson/i18n/%s.po", t->lang);
		for (int k = 0; k < en->n; k++) {
			if (table_find(t, en->v[k].key) != NULL)
				continue;
			if (missing++ < 10)
				diags_add(d, file, 0, DIAG_WARNING, "'%s' is not "
				    "translated (\"%s\")", en->v[k].key,
				    en->v[k].text);
		}
		if (missing > 10)
			diags_add(d, file, 0, DIAG_WARNING, "and %d more texts "
			    "not translated", missing - 10);
		if (t->fuzzy > 0)
			diags_add(d, file, 0, DIAG_WARNING, "%d fuzzy or "
			    "outdated translations left out (run 'layerlab "
			    "i18n update src/lesson/i18n')", t->fuzzy);
		free(file);
	}
}

int
i18n_check_catalogues(char **report)
{
	struct diags d;
	struct buf b;

	diags_init(&d);
	i18n_check_into(&d);
	buf_init(&b);
	for (int i = 0; i < d.n; i++)
		buf_appendf(&b, "%s: warning: %s\n", d.v[i].file, d.v[i].msg);
	diags_free(&d);
	if (report != NULL)
		*report = buf_detach(&b);
	else
		buf_free(&b);
	return 0;
}

void
i18n_reset(void)
{
	free(current_lang);
	current_lang = NULL;
}
