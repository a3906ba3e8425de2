/*
 * Translation glossaries: docs/glossary/<lang>.md read as a table of
 * English term, term in the language and the stems lint looks for.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "glossary.h"

struct glossary_term {
	char **en;		/* folded English forms ("hot end", "hotend") */
	int nen;
	char *term;		/* as the glossary writes it, for messages */
	char **stems;		/* folded */
	int nstems;
	size_t longest;		/* longest English form, for ordering */
};

struct glossary {
	char *path;
	struct glossary_term *v;
	int n;
};

/* {====== UTF-8 and folding */

/* One code point of a NUL-terminated string. */
static size_t
decode(const char *s, uint32_t *cp)
{
	size_t n = utf8_decode(s, strnlen(s, 4), cp);

	return n > 0 ? n : 1;
}

static void
utf8_encode(struct buf *b, uint32_t cp)
{
	char out[4];
	size_t n;

	if (cp < 0x80) {
		out[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		out[0] = (char)(0xf0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	buf_append(b, out, n);
}

/* Lower case for the scripts of the workshop languages: Latin with its
 * extensions (Croatian, Latvian, Slovenian), Greek, Cyrillic. */
static uint32_t
fold_case(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if ((c >= 0xc0 && c <= 0xde && c != 0xd7))
		return c + 32;
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14a && c <= 0x177))
		return c % 2 == 0 ? c + 1 : c;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
		return c % 2 == 1 ? c + 1 : c;
	if (c >= 0x391 && c <= 0x3a9)
		return c + 32;
	if (c >= 0x410 && c <= 0x42f)
		return c + 32;
	if (c >= 0x400 && c <= 0x40f)
		return c + 80;
	switch (c) {
	case 0x386: return 0x3ac;	/* Ά */
	case 0x388: return 0x3ad;	/* Έ */
	case 0x389: return 0x3ae;	/* Ή */
	case 0x38a: return 0x3af;	/* Ί */
	case 0x38c: return 0x3cc;	/* Ό */
	case 0x38e: return 0x3cd;	/* Ύ */
	case 0x38f: return 0x3ce;	/* Ώ */
	default: return c;
	}
}

/* Greek without its accents, and the final sigma as sigma: a Greek stem
 * then matches every form of the word. */
static uint32_t
fold_greek(uint32_t c)
{
	switch (c) {
	case 0x3ac: return 0x3b1;	/* ά */
	case 0x3ad: return 0x3b5;	/* έ */
	case 0x3ae: return 0x3b7;	/* ή */
	case 0x3af: case 0x3ca: case 0x390: return 0x3b9;	/* ί ϊ ΐ */
	case 0x3cc: return 0x3bf;	/* ό */
	case 0x3cd: case 0x3cb: case 0x3b0: return 0x3c5;	/* ύ ϋ ΰ */
	case 0x3ce: return 0x3c9;	/* ώ */
	case 0x3c2: return 0x3c3;	/* ς */
	default: return c;
	}
}

char *
glossary_fold(const char *s)
{
	struct buf b;

	buf_init(&b);
	while (*s != '\0') {
		uint32_t c;
		s += decode(s, &c);
		utf8_encode(&b, fold_greek(fold_case(c)));
	}
	buf_append(&b, "", 1);
	return buf_detach(&b);
}

static bool
is_letter(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7) ||
	    (c >= 0x370 && c <= 0x3ff) || (c >= 0x400 && c <= 0x4ff);
}

/* Whether the character before s (in text) is a letter. */
static bool
letter_before(const char *text, const char *s)
{
	const char *p = s;
	uint32_t c;

	if (p == text)
		return false;
	do
		p--;
	while (p > text && ((unsigned char)*p & 0xc0) == 0x80);
	decode(p, &c);
	return is_letter(c);
}

/* }====== */

/* {====== reading */

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* A cell without Markdown emphasis or code marks. */
static char *
plain(const char *cell)
{
	struct buf b;

	buf_init(&b);
	for (; *cell != '\0'; cell++) {
		if (*cell != '*' && *cell != '`' && *cell != '_')
			buf_append(&b, cell, 1);
	}
	buf_append(&b, "", 1);
	return buf_detach(&b);
}

/* Comma-separated, folded, empty items dropped. */
static char **
split_list(const char *cell, int *n)
{
	char *copy = plain(cell), *save = NULL, **v = NULL;

	*n = 0;
	for (char *t = strtok_r(copy, ",", &save); t != NULL;
	    t = strtok_r(NULL, ",", &save)) {
		char *w = trim(t);
		if (*w == '\0')
			continue;
		v = xrealloc(v, (size_t)(*n + 1) * sizeof *v);
		v[(*n)++] = glossary_fold(w);
	}
	free(copy);
	return v;
}

static bool
separator_row(char **cells, int n)
{
	for (int i = 0; i < n; i++) {
		if (strspn(cells[i], "-: ") != strlen(cells[i]) ||
		    strchr(cells[i], '-') == NULL)
			return false;
	}
	return n > 0;
}

static void
term_free(struct glossary_term *t)
{
	for (int i = 0; i < t->nen; i++)
		free(t->en[i]);
	for (int i = 0; i < t->nstems; i++)
		free(t->stems[i]);
	free(t->en);
	free(t->stems);
	free(t->term);
}

static int
longest_first(const void *a, const void *b)
{
	const struct glossary_term *x = a, *y = b;

	return (x->longest < y->longest) - (x->longest > y->longest);
}

struct glossary *
glossary_load(const char *path, struct diags *d)
{
	char *text, *cause = NULL;
	struct glossary *g;
	int lineno = 0;
	bool header_dropped = false, in_table = false;

	if (access(path, F_OK) != 0)
		return NULL;
	if ((text = file_read_all(path, NULL, &cause)) == NULL) {
		diags_add(d, path, 0, DIAG_ERROR, "%s", cause);
		free(cause);
		return NULL;
	}
	g = xcalloc(1, sizeof *g);
	g->path = xstrdup(path);
	for (char *line = text, *next; line != NULL; line = next) {
		char *cells[8], *p, *l;
		int n = 0;
		struct glossary_term t = { 0 };
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		l = trim(line);
		lineno++;
		if (*l != '|') {
			in_table = false;
			continue;
		}
		/* Cells between the bars; a '|' inside a cell is not
		 * supported (no term needs one). */
		p = l + 1;
		while (n < 8 && *p != '\0') {
			char *bar = strchr(p, '|');
			if (bar == NULL)
				break;
			*bar = '\0';
			cells[n++] = trim(p);
			p = bar + 1;
		}
		if (separator_row(cells, n)) {
			/* The row before was the table's header. */
			if (in_table && !header_dropped && g->n > 0) {
				term_free(&g->v[--g->n]);
				header_dropped = true;
			}
			continue;
		}
		if (!in_table)
			header_dropped = false;
		in_table = true;
		if (n < 3) {
			diags_add(d, path, lineno, DIAG_ERROR, "a glossary row needs "
			    "three cells (English | term | forms lint looks "
			    "for), this one has %d: '%s'", n, l);
			continue;
		}
		t.en = split_list(cells[0], &t.nen);
		t.term = plain(cells[1]);
		t.stems = split_list(cells[2], &t.nstems);
		for (int i = 0; i < t.nen; i++) {
			size_t len = strlen(t.en[i]);
			t.longest = len > t.longest ? len : t.longest;
		}
		g->v = xrealloc(g->v, (size_t)(g->n + 1) * sizeof *g->v);
		g->v[g->n++] = t;
	}
	free(text);
	/* Longer terms first: "heater block" claims its words before
	 * "heater" would. */
	if (g->n > 1)
		qsort(g->v, (size_t)g->n, sizeof *g->v, longest_first);
	return g;
}

void
glossary_free(struct glossary *g)
{
	if (g == NULL)
		return;
	for (int i = 0; i < g->n; i++)
		term_free(&g->v[i]);
	free(g->v);
	free(g->path);
	free(g);
}

char *
glossary_path_for_module(const char *module_dir, const char *lang)
{
	size_t n = strlen(module_dir);
	char *path;
	int cut = 0;

	/* modules/M1 -> docs/glossary; the path stays as short as the one
	 * lint was given, for its messages. */
	while (n > 1 && module_dir[n - 1] == '/')
		n--;
	while (n > 0 && cut < 2) {
		while (n > 0 && module_dir[n - 1] != '/')
			n--;
		cut++;
		if (cut < 2)
			while (n > 1 && module_dir[n - 1] == '/')
				n--;
	}
	if (cut == 2 && n > 0)
		path = xasprintf("%.*sdocs/glossary/%s.md", (int)n, module_dir,
		    lang);
	else if (cut == 2 && n == 0 && strchr(module_dir, '/') != NULL)
		path = xasprintf("docs/glossary/%s.md", lang);
	else
		path = xasprintf("%s/../../docs/glossary/%s.md", module_dir,
		    lang);

	if (access(path, F_OK) == 0)
		return path;
	free(path);
	return NULL;
}

/* }====== */

/* {====== checking */

/* Where the folded English form en is used in text as a word (a plural s
 * or es allowed), outside `code`; NULL when nowhere from start on. */
static const char *
find_word(const char *text, const char *start, const char *en)
{
	size_t n = strlen(en);

	for (const char *p = strstr(start, en); p != NULL;
	    p = strstr(p + 1, en)) {
		const char *after = p + n;
		int ticks = 0;
		for (const char *q = text; q < p; q++)
			ticks += *q == '`';
		if (ticks % 2 == 1 || letter_before(text, p) ||
		    (p > text && p[-1] == '-'))
			continue;
		if (strncmp(after, "es", 2) == 0 && !is_letter(
		    (unsigned char)after[2]) && after[2] != '-')
			after += 2;
		else if (*after == 's' && !is_letter((unsigned char)after[1]) &&
		    after[1] != '-')
			after++;
		if (*after != '\0') {
			uint32_t c;
			decode(after, &c);
			if (is_letter(c) || c == '-')
				continue;
		}
		return p;
	}
	return NULL;
}

static bool
has_stem(const char *text, const char *stem)
{
	for (const char *p = strstr(text, stem); p != NULL;
	    p = strstr(p + 1, stem)) {
		if (!letter_before(text, p))
			return true;
	}
	return false;
}

void
glossary_check(const struct glossary *g, const char *where, int line,
    const char *ref, const char *msgid, const char *msgstr,
    struct diags *d)
{
	char *id = glossary_fold(msgid), *str = glossary_fold(msgstr);
	size_t len = strlen(id);
	/* Bytes of msgid a longer term has claimed. */
	char *claimed = xcalloc(len + 1, 1);

	for (int i = 0; g != NULL && i < g->n; i++) {
		const struct glossary_term *t = &g->v[i];
		bool used = false, rendered = false;
		for (int k = 0; k < t->nen; k++) {
			size_t n = strlen(t->en[k]);
			for (const char *p = find_word(id, id, t->en[k]);
			    p != NULL; p = find_word(id, p + 1, t->en[k])) {
				size_t at = (size_t)(p - id);
				if (claimed[at])
					continue;
				memset(claimed + at, 1, n);
				used = true;
			}
		}
		if (!used || t->nstems == 0)
			continue;
		for (int k = 0; k < t->nstems && !rendered; k++)
			rendered = has_stem(str, t->stems[k]);
		if (!rendered)
			diags_add(d, where, line, DIAG_WARNING, "%s: '%s' is "
			    "'%s' in the glossary (%s), not found in the "
			    "translation", ref, t->en[0], t->term, g->path);
	}
	free(claimed);
	free(id);
	free(str);
}

/* }====== */
