/*
 * A module's catalogues: status per language, lint's translation checks,
 * and filling the module's texts from them.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalogue.h"
#include "content.h"
#include "glossary.h"
#include "po_extract.h"

/* Declared languages beyond this many untranslated texts get one summary
 * line instead of a line each. */
#define LINT_LIST_MAX 12

static const char *
module_base(const char *dir, char *buf, size_t size)
{
	size_t n = strlen(dir);
	const char *b;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	snprintf(buf, size, "%.*s", (int)n, dir);
	b = strrchr(buf, '/');
	return b != NULL ? b + 1 : buf;
}

char *
po_module_pot_path(const char *dir)
{
	char buf[4096];

	return xasprintf("%s/po/%s.pot", dir, module_base(dir, buf,
	    sizeof buf));
}

char *
po_module_po_path(const char *dir, const char *lang)
{
	return xasprintf("%s/po/%s.po", dir, lang);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
po_module_languages(const char *dir)
{
	char *pd = xasprintf("%s/po", dir);
	DIR *dp = opendir(pd);
	struct dirent *de;
	char **v = xcalloc(1, sizeof *v);
	int n = 0;

	free(pd);
	if (dp == NULL)
		return v;
	while ((de = readdir(dp)) != NULL) {
		size_t l = strlen(de->d_name);
		char *tag;
		if (l < 4 || strcmp(de->d_name + l - 3, ".po") != 0)
			continue;
		tag = xstrndup(de->d_name, l - 3);
		if (!content_lang_tag_ok(tag)) {
			free(tag);
			continue;
		}
		v = xrealloc(v, (size_t)(n + 2) * sizeof *v);
		v[n++] = tag;
		v[n] = NULL;
	}
	closedir(dp);
	qsort(v, (size_t)n, sizeof *v, str_cmp);
	return v;
}

static bool
in_list(char *const *list, const char *s)
{
	for (; list != NULL && *list != NULL; list++) {
		if (strcmp(*list, s) == 0)
			return true;
	}
	return false;
}

/* The languages to look at: declared ones (source first), then the other
 * catalogues. */
static char **
all_languages(const char *dir, char *const *declared, int *n)
{
	char **have = po_module_languages(dir), **v;
	int k = 0;

	*n = 0;
	for (char *const *l = declared; l != NULL && *l != NULL; l++)
		(*n)++;
	for (char **l = have; *l != NULL; l++)
		*n += !in_list(declared, *l);
	v = xcalloc((size_t)*n + 1, sizeof *v);
	for (char *const *l = declared; l != NULL && *l != NULL; l++)
		v[k++] = xstrdup(*l);
	for (char **l = have; *l != NULL; l++) {
		if (!in_list(declared, *l))
			v[k++] = xstrdup(*l);
	}
	datafile_free_list(have);
	return v;
}

static bool
usable(const struct po_entry *e)
{
	return e != NULL && !e->fuzzy && *e->msgstr != '\0' &&
	    e->format_error == NULL;
}

static bool
in_sources(const struct po_sources *s, const struct po_entry *e)
{
	for (int i = 0; i < s->n; i++) {
		if (strcmp(s->v[i].msgid, e->msgid) == 0 &&
		    ((s->v[i].ctx == NULL && e->ctx == NULL) ||
		    (s->v[i].ctx != NULL && e->ctx != NULL &&
		    strcmp(s->v[i].ctx, e->ctx) == 0)))
			return true;
	}
	return false;
}

/* The first reference of a text, for messages ("hazards.lua:40"). */
static char *
first_ref(const char *refs)
{
	size_t n = refs != NULL ? strcspn(refs, " ") : 0;

	return n > 0 ? xstrndup(refs, n) : xstrdup("?");
}

/* A text shortened for a message. */
static char *
excerpt(const char *s)
{
	size_t n = 0, chars = 0;

	while (s[n] != '\0' && s[n] != '\n' && chars < 48) {
		n++;
		while (((unsigned char)s[n] & 0xc0) == 0x80)
			n++;
		chars++;
	}
	return s[n] != '\0' ? xasprintf("%.*s…", (int)n, s) : xstrdup(s);
}

/*
 * A module's catalogues not read yet. Each holds every lesson's texts as
 * well as the module's few, so reading them all for every program start
 * (most show one language) cost more than everything else it does.
 */
struct module_po {
	struct lesson_module *m;
	char **langs;		/* po/<tag>.po, sorted */
	bool *read;
};

static int
lang_rank(const struct module_po *p, const char *lang)
{
	for (int i = 0; p->langs[i] != NULL; i++) {
		if (strcmp(p->langs[i], lang) == 0)
			return i;
	}
	return -1;
}

/* As po_apply_text, the entry placed among those read before by the rank
 * of its language, so the order never depends on which was asked first. */
static void
apply_ranked(struct module_po *p, struct i18n_text *t, const char *source,
    int rank, const struct po_cat *c)
{
	int n = t->n, at;
	struct i18n_entry added;

	po_apply_text(t, source, p->langs[rank], c);
	if (t->n == n)
		return;
	added = t->v[n];
	for (at = t->nfixed; at < n; at++) {
		if (lang_rank(p, t->v[at].lang) > rank)
			break;
	}
	memmove(&t->v[at + 1], &t->v[at], (size_t)(n - at) * sizeof *t->v);
	t->v[at] = added;
}

static void
module_texts(struct lesson_module *m, void (*fn)(struct i18n_text *, void *),
    void *ud)
{
	fn(&m->title, ud);
	fn(&m->summary, ud);
	for (int i = 0; i < m->noutcomes; i++) {
		fn(&m->outcomes[i].title, ud);
		fn(&m->outcomes[i].text, ud);
		fn(&m->outcomes[i].pass, ud);
	}
	for (int i = 0; i < m->nlessons; i++)
		fn(&m->lessons[i].title, ud);
}

struct apply_one {
	struct module_po *p;
	const char *source;
	int rank;
	const struct po_cat *c;
};

static void
apply_one(struct i18n_text *t, void *ud)
{
	struct apply_one *a = ud;

	apply_ranked(a->p, t, a->source, a->rank, a->c);
}

static void
attach(struct i18n_text *t, void *ud)
{
	t->nfixed = t->n;
	t->pending = ud;
}

static const char *
source_lang(const struct lesson_module *m)
{
	return m->nlanguages > 0 ? m->languages[0] : "en";
}

/* The rank of lang among the catalogues still to read, else -1. */
static int
unread_rank(const struct module_po *p, const char *lang)
{
	int rank = lang_rank(p, lang);

	if (rank < 0 || p->read[rank] || strcmp(lang, source_lang(p->m)) == 0)
		return -1;
	return rank;
}

static void
apply_catalogue(struct module_po *p, int rank, const struct po_cat *c)
{
	struct apply_one a;

	p->read[rank] = true;
	if (c == NULL)
		return;
	a.p = p;
	a.source = source_lang(p->m);
	a.rank = rank;
	a.c = c;
	module_texts(p->m, apply_one, &a);
}

void
po_module_need(struct module_po *p, const char *lang)
{
	int rank = unread_rank(p, lang);
	char *path;
	struct po_cat *c;
	struct diags d;

	if (rank < 0)
		return;
	/* Broken catalogues are lint's to report; here they add nothing. */
	diags_init(&d);
	path = po_module_po_path(p->m->dir, lang);
	c = po_cat_read(path, &d);
	free(path);
	diags_free(&d);
	apply_catalogue(p, rank, c);
	po_cat_free(c);
}

/* A catalogue of m's read for another purpose (its status, lint) serves
 * its texts too, so it is not read a second time. */
static void
share(const struct lesson_module *m, const char *lang, const struct po_cat *c)
{
	int rank;

	if (m != NULL && m->po != NULL && (rank = unread_rank(m->po, lang)) >= 0)
		apply_catalogue(m->po, rank, c);
}

static void
count_language(const struct po_sources *s, const struct po_cat *c,
    const char *lang, struct po_status *st)
{
	bool cyrillic = strcmp(lang, "sr-Cyrl") == 0;

	st->total = s->n;
	for (int i = 0; i < s->n; i++) {
		const struct po_entry *e = po_cat_find(c, s->v[i].ctx,
		    s->v[i].msgid);
		if (e == NULL || *e->msgstr == '\0')
			st->untranslated++;
		else if (e->fuzzy)
			st->fuzzy++;
		else if (e->format_error != NULL ||
		    (cyrillic && !po_is_cyrillic_sr(e->msgstr)))
			st->format_errors++;
		else
			st->translated++;
	}
	for (int i = 0; i < po_cat_count(c); i++)
		st->obsolete += po_cat_entry(c, i)->obsolete;
}

int
po_module_status(const struct lesson_module *m, struct po_status **out,
    int *n)
{
	const char *dir = m->dir;
	char *const *declared = m->languages;
	struct po_sources s = { 0 };
	struct diags d;
	char **langs;
	int nl;

	diags_init(&d);
	if (po_extract_module(dir, &s, &d, NULL) != 0) {
		diags_free(&d);
		return -1;
	}
	langs = all_languages(dir, declared, &nl);
	*out = xcalloc((size_t)nl + 1, sizeof **out);
	*n = nl;
	for (int i = 0; i < nl; i++) {
		struct po_status *st = &(*out)[i];
		char *path;
		struct po_cat *c;
		snprintf(st->lang, sizeof st->lang, "%s", langs[i]);
		st->declared = in_list(declared, langs[i]);
		st->source = i == 0 && st->declared;
		if (st->source) {
			st->total = st->translated = s.n;
			continue;
		}
		path = po_module_po_path(dir, langs[i]);
		c = access(path, F_OK) == 0 ? po_cat_read(path, &d) : NULL;
		if (c != NULL)
			share(m, langs[i], c);
		count_language(&s, c, langs[i], st);
		po_cat_free(c);
		free(path);
	}
	datafile_free_list(langs);
	po_sources_free(&s);
	diags_free(&d);
	return 0;
}

static void
lint_template(const char *dir, const struct po_sources *s, struct diags *d)
{
	char *pot = po_module_pot_path(dir), buf[4096];
	const char *id = module_base(dir, buf, sizeof buf);
	struct po_cat *c;
	int missing = 0, extra = 0;
	const char *first = NULL;

	if (access(pot, F_OK) != 0) {
		diags_add(d, pot, 0, DIAG_WARNING, "the module has no "
		    "translation template: run 'layerlab i18n extract %s'", id);
		free(pot);
		return;
	}
	if ((c = po_cat_read(pot, d)) == NULL) {
		free(pot);
		return;
	}
	for (int i = 0; i < s->n; i++) {
		if (po_cat_find(c, s->v[i].ctx, s->v[i].msgid) == NULL) {
			if (missing++ == 0)
				first = s->v[i].refs;
		}
	}
	for (int i = 0; i < po_cat_count(c); i++) {
		const struct po_entry *e = po_cat_entry(c, i);
		extra += !e->obsolete && !in_sources(s, e);
	}
	if (missing > 0 || extra > 0) {
		char *ref = first_ref(first);
		diags_add(d, pot, 0, DIAG_WARNING, "out of date: %d new texts "
		    "(first at %s), %d texts no longer in the module: run "
		    "'layerlab i18n extract %s' and 'layerlab i18n update %s'",
		    missing, missing > 0 ? ref : "-", extra, id, id);
		free(ref);
	}
	po_cat_free(c);
	free(pot);
}

static void
lint_language(const char *dir, const struct po_sources *s, const char *lang,
    bool declared, const char *owner, const struct lesson_module *m,
    struct diags *d)
{
	char *path = po_module_po_path(dir, lang);
	struct po_cat *c;
	struct po_status st = { 0 };
	bool cyrillic = strcmp(lang, "sr-Cyrl") == 0;
	int listed = 0;
	struct glossary *g = NULL;
	char *gpath;

	if (access(path, F_OK) != 0) {
		diags_add(d, dir, 0, DIAG_ERROR, "%s declare '%s' but there is "
		    "no %s: run 'layerlab i18n update'", owner, lang, path);
		free(path);
		return;
	}
	if ((c = po_cat_read(path, d)) == NULL) {
		free(path);
		return;
	}
	share(m, lang, c);
	if (po_cat_language(c) != NULL && strcmp(po_cat_language(c), lang) != 0)
		diags_add(d, path, 1, DIAG_WARNING, "the header says Language: "
		    "%s, the file name says %s", po_cat_language(c), lang);
	count_language(s, c, lang, &st);
	/* Terms are checked where the language is declared complete: a
	 * language still in progress gets its counts only. */
	if (declared && (gpath = glossary_path_for_module(dir, lang)) != NULL) {
		g = glossary_load(gpath, d);
		free(gpath);
	}
	for (int i = 0; i < s->n; i++) {
		const struct po_source *src = &s->v[i];
		const struct po_entry *e = po_cat_find(c, src->ctx, src->msgid);
		char *ref = first_ref(src->refs), *ex = excerpt(src->msgid);
		int line = e != NULL ? e->line : 0;
		if (g != NULL && usable(e))
			glossary_check(g, path, line, ref, src->msgid,
			    e->msgstr, d);
		if (e != NULL && *e->msgstr != '\0' && e->format_error != NULL)
			diags_add(d, path, line, DIAG_ERROR, "%s \"%s\": %s",
			    ref, ex, e->format_error);
		else if (e != NULL && *e->msgstr != '\0' && cyrillic &&
		    !e->fuzzy && !po_is_cyrillic_sr(e->msgstr))
			diags_add(d, path, line, declared ? DIAG_ERROR :
			    DIAG_WARNING, "%s \"%s\": the sr-Cyrl translation "
			    "has words in Latin script (never mix scripts; "
			    "'layerlab i18n translit' makes sr-Cyrl from "
			    "sr-Latn)", ref, ex);
		else if (declared && (e == NULL || *e->msgstr == '\0' ||
		    e->fuzzy) && listed++ < LINT_LIST_MAX)
			diags_add(d, path, line, DIAG_WARNING, "%s \"%s\": %s",
			    ref, ex, e != NULL && e->fuzzy && *e->msgstr !=
			    '\0' ? "fuzzy: the source changed, check the "
			    "translation and remove the fuzzy mark" :
			    "untranslated");
		free(ref);
		free(ex);
	}
	if (declared && listed > LINT_LIST_MAX)
		diags_add(d, path, 0, DIAG_WARNING, "and %d more untranslated "
		    "or fuzzy texts", listed - LINT_LIST_MAX);
	for (int i = 0; i < po_cat_count(c); i++) {
		const struct po_entry *e = po_cat_entry(c, i);
		char *ex;
		if (!e->obsolete && in_sources(s, e))
			continue;
		ex = excerpt(e->msgid);
		if (e->obsolete && declared)
			diags_add(d, path, e->line, DIAG_WARNING, "obsolete "
			    "translation of \"%s\": the text is no longer in "
			    "the module (delete the #~ entry)", ex);
		else if (!e->obsolete)
			diags_add(d, path, e->line, DIAG_WARNING, "\"%s\" is "
			    "not in the module any more: run 'layerlab i18n "
			    "update'", ex);
		free(ex);
	}
	if (!declared)
		diags_add(d, path, 0, DIAG_NOTE, "'%s' is not declared complete "
		    "in module.lua: %d of %d texts translated, %d fuzzy, %d "
		    "untranslated, %d obsolete", lang, st.translated, st.total,
		    st.fuzzy, st.untranslated, st.obsolete);
	glossary_free(g);
	po_cat_free(c);
	free(path);
}

void
po_sources_lint(const char *dir, const struct po_sources *s,
    char *const *declared, const char *owner, const struct lesson_module *m,
    struct diags *d)
{
	char **langs;
	int nl;

	lint_template(dir, s, d);
	langs = all_languages(dir, declared, &nl);
	for (int i = 1; i < nl; i++)
		lint_language(dir, s, langs[i], in_list(declared, langs[i]),
		    owner, m, d);
	datafile_free_list(langs);
}

void
po_module_lint(const struct lesson_module *m, struct diags *d)
{
	const char *dir = m->dir;
	char *const *declared = m->languages;
	struct po_sources s = { 0 };
	char **have = po_module_languages(dir);
	bool uses_po = have[0] != NULL;

	datafile_free_list(have);
	/* A module without po/ carries its translations inline: the text
	 * checks cover it. */
	if (!uses_po || po_extract_module(dir, &s, d, NULL) != 0)
		return;
	po_sources_lint(dir, &s, declared, "module.lua's languages", m, d);
	po_sources_free(&s);
}

void
po_apply_text(struct i18n_text *t, const char *source, const char *lang,
    const struct po_cat *c)
{
	const char *src = NULL;

	for (int i = 0; i < t->n; i++) {
		if (strcmp(t->v[i].lang, source) == 0 || *t->v[i].lang == '\0')
			src = t->v[i].text;
	}
	if (src == NULL || i18n_text_exact(t, lang) != NULL)
		return;
	if (usable(po_cat_find(c, NULL, src)) &&
	    (strcmp(lang, "sr-Cyrl") != 0 ||
	    po_is_cyrillic_sr(po_cat_get(c, NULL, src))))
		i18n_text_add(t, lang, po_cat_get(c, NULL, src));
}

void
po_module_apply(struct lesson_module *m)
{
	char **langs = po_module_languages(m->dir);
	struct module_po *p;
	size_t n = 0;

	while (langs[n] != NULL)
		n++;
	if (n == 0) {
		datafile_free_list(langs);
		return;
	}
	p = xcalloc(1, sizeof *p);
	p->m = m;
	p->langs = langs;
	p->read = xcalloc(n, sizeof *p->read);
	m->po = p;
	module_texts(m, attach, p);
}

void
po_module_need_all(const struct lesson_module *m)
{
	if (m->po == NULL)
		return;
	for (int i = 0; m->po->langs[i] != NULL; i++)
		po_module_need(m->po, m->po->langs[i]);
}

void
po_module_po_free(struct module_po *p)
{
	if (p == NULL)
		return;
	datafile_free_list(p->langs);
	free(p->read);
	free(p);
}
