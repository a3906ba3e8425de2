#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gettext-po.h>

#include "po.h"

struct po_cat {
	char *path;
	char *language;
	/* The header entry as the translator's editor left it (Poedit adds
	 * Last-Translator, Language-Team, Plural-Forms) and its "# "
	 * comments: an update keeps both. NULL when there is none. */
	char *header, *header_comments;
	struct po_entry *v;
	int n;
	int *sorted;		/* indexes of live entries by ctx, msgid */
	int nsorted;
};

/* {====== libgettextpo's error handler
 *
 * The handler has no user pointer: the read in progress is named by these
 * (one read at a time per thread). A fatal error must not return into the
 * library, so it jumps back to po_cat_read.
 */

static _Thread_local struct diags *po_diags;
static _Thread_local const char *po_path;
static _Thread_local jmp_buf *po_fatal;
static _Thread_local char *po_first_error;

static void
po_report(int severity, const char *file, size_t line, const char *text)
{
	enum diag_level level = severity == PO_SEVERITY_WARNING ?
	    DIAG_WARNING : DIAG_ERROR;
	const char *name = file != NULL ? file : po_path;
	int ln = line != (size_t)-1 ? (int)line : 0;

	if (po_diags != NULL)
		diags_add(po_diags, name != NULL ? name : "?", ln, level, "%s",
		    text);
	if (level == DIAG_ERROR && po_first_error == NULL)
		po_first_error = ln > 0 ? xasprintf("%s:%d: %s", name, ln, text) :
		    xasprintf("%s: %s", name, text);
	if (severity == PO_SEVERITY_FATAL_ERROR && po_fatal != NULL)
		longjmp(*po_fatal, 1);
}

static void
po_xerror(int severity, po_message_t message, const char *file, size_t line,
    size_t column, int multiline, const char *text)
{
	(void)message;
	(void)column;
	(void)multiline;
	po_report(severity, file, line, text);
}

static void
po_xerror2(int severity, po_message_t m1, const char *file1, size_t line1,
    size_t column1, int multiline1, const char *text1, po_message_t m2,
    const char *file2, size_t line2, size_t column2, int multiline2,
    const char *text2)
{
	char *t = xasprintf("%s (%s:%zu: %s)", text1, file2 != NULL ? file2 :
	    "?", line2, text2);

	(void)m1;
	(void)m2;
	(void)column1;
	(void)column2;
	(void)multiline1;
	(void)multiline2;
	po_report(severity, file1, line1, t);
	free(t);
}

static const struct po_xerror_handler po_handler = { po_xerror, po_xerror2 };

/*
 * libgettextpo 0.21 does not free a message's msgctxt with the file;
 * setting it to NULL first does. Interface catalogues have one on every
 * message.
 */
static void
po_file_release(po_file_t f)
{
	po_message_iterator_t it = po_message_iterator(f, NULL);
	po_message_t m;

	while ((m = po_next_message(it)) != NULL)
		po_message_set_msgctxt(m, NULL);
	po_message_iterator_free(it);
	po_file_free(f);
}

/* }====== */

/* {====== reading */

/* A copy without the trailing newline libgettextpo keeps on comments;
 * NULL for nothing. */
static char *
dup_or_null(const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;

	while (n > 0 && s[n - 1] == '\n')
		n--;
	return n > 0 ? xstrndup(s, n) : NULL;
}

/* libgettextpo 0.21 joins a message's comment lines into a new string
 * (declared const) unless there are none, when it returns a static "". */
static char *
comments_dup(const char *joined)
{
	char *copy = dup_or_null(joined);

	if (*joined != '\0')
		free((char *)joined);
	return copy;
}

static char *
filepos_refs(po_message_t m)
{
	struct buf b;
	po_filepos_t fp;

	buf_init(&b);
	for (int i = 0; (fp = po_message_filepos(m, i)) != NULL; i++) {
		size_t ln = po_filepos_start_line(fp);
		if (b.len > 0)
			buf_append_str(&b, " ");
		if (ln != (size_t)-1)
			buf_appendf(&b, "%s:%zu", po_filepos_file(fp), ln);
		else
			buf_append_str(&b, po_filepos_file(fp));
	}
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* The message's line: libgettextpo keeps no position for a message, so the
 * first line of its msgid in the file is found by counting entries. */
static int *
entry_lines(const char *text, size_t len, int *n)
{
	int *lines = NULL, count = 0, line = 1;
	bool in_entry = false;
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		bool blank = true;
		for (size_t i = 0; i < l; i++)
			blank = blank && (p[i] == ' ' || p[i] == '\t' ||
			    p[i] == '\r');
		if (blank)
			in_entry = false;
		else if (!in_entry) {
			/* An entry starts at its first comment or keyword. */
			lines = xrealloc(lines, (size_t)(count + 1) *
			    sizeof *lines);
			lines[count++] = line;
			in_entry = true;
		}
		line++;
		p = nl != NULL ? nl + 1 : end;
	}
	*n = count;
	return lines;
}

static int
entry_cmp_ctx(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static const struct po_cat *sort_cat;

static int
sorted_cmp(const void *a, const void *b)
{
	const struct po_entry *x = &sort_cat->v[*(const int *)a];
	const struct po_entry *y = &sort_cat->v[*(const int *)b];
	int c = entry_cmp_ctx(x->ctx, y->ctx);

	return c != 0 ? c : strcmp(x->msgid, y->msgid);
}

/* po_file_read, returning NULL after a fatal error. */
static po_file_t
read_guarded(const char *path)
{
	jmp_buf fatal;
	po_file_t f;

	po_fatal = &fatal;
	if (setjmp(fatal) != 0) {
		po_fatal = NULL;
		return NULL;
	}
	f = po_file_read(path, &po_handler);
	po_fatal = NULL;
	return f;
}

struct po_cat *
po_cat_read(const char *path, struct diags *d)
{
	struct po_cat *c;
	po_file_t f;
	po_message_iterator_t it;
	po_message_t m;
	char *text;
	size_t len;
	int *lines = NULL, nlines = 0, k = 0;

	if ((text = file_read_all(path, &len, NULL)) == NULL) {
		diags_add(d, path, 0, DIAG_ERROR, "cannot read: %s",
		    strerror(errno));
		return NULL;
	}
	lines = entry_lines(text, len, &nlines);
	free(text);
	po_diags = d;
	po_path = path;
	f = read_guarded(path);
	if (f == NULL) {
		if (po_first_error == NULL)
			diags_add(d, path, 0, DIAG_ERROR, "cannot read: %s",
			    strerror(errno));
		po_diags = NULL;
		free(po_first_error);
		po_first_error = NULL;
		free(lines);
		return NULL;
	}
	c = xcalloc(1, sizeof *c);
	c->path = xstrdup(path);
	{
		/* Declared const, but a copy the caller frees. */
		char *header = (char *)po_file_domain_header(f, NULL);
		char *lang = header != NULL ? po_header_field(header,
		    "Language") : NULL;
		if (lang != NULL && *lang != '\0')
			c->language = xstrdup(lang);
		free(lang);
		free(header);
	}
	it = po_message_iterator(f, NULL);
	while ((m = po_next_message(it)) != NULL) {
		struct po_entry *e;
		const char *id = po_message_msgid(m);
		int line = k < nlines ? lines[k] : 0;
		k++;
		if (*id == '\0' && po_message_msgctxt(m) == NULL) {
			free(c->header);
			free(c->header_comments);
			c->header = xstrdup(po_message_msgstr(m) != NULL ?
			    po_message_msgstr(m) : "");
			c->header_comments = comments_dup(
			    po_message_comments(m));
			continue;
		}
		c->v = xrealloc(c->v, (size_t)(c->n + 1) * sizeof *c->v);
		e = &c->v[c->n++];
		memset(e, 0, sizeof *e);
		e->ctx = po_message_msgctxt(m) != NULL ?
		    xstrdup(po_message_msgctxt(m)) : NULL;
		e->msgid = xstrdup(id);
		e->msgstr = xstrdup(po_message_msgstr(m) != NULL ?
		    po_message_msgstr(m) : "");
		e->prev_msgid = dup_or_null(po_message_prev_msgid(m));
		e->comment = comments_dup(po_message_extracted_comments(m));
		e->translator = comments_dup(po_message_comments(m));
		e->refs = filepos_refs(m);
		e->line = line;
		e->fuzzy = po_message_is_fuzzy(m) != 0;
		e->obsolete = po_message_is_obsolete(m) != 0;
		e->lua_format = po_message_is_format(m, "lua-format") != 0;
		e->brace_format = po_has_brace_format(id);
		if (*e->msgstr != '\0' && !e->obsolete)
			e->format_error = po_format_mismatch(e->msgid,
			    e->msgstr, e->lua_format, e->brace_format);
	}
	po_message_iterator_free(it);
	po_file_release(f);
	po_diags = NULL;
	free(po_first_error);
	po_first_error = NULL;
	free(lines);

	c->sorted = xcalloc((size_t)c->n + 1, sizeof *c->sorted);
	for (int i = 0; i < c->n; i++) {
		if (!c->v[i].obsolete)
			c->sorted[c->nsorted++] = i;
	}
	sort_cat = c;
	qsort(c->sorted, (size_t)c->nsorted, sizeof *c->sorted, sorted_cmp);
	sort_cat = NULL;
	return c;
}

void
po_cat_free(struct po_cat *c)
{
	if (c == NULL)
		return;
	for (int i = 0; i < c->n; i++) {
		struct po_entry *e = &c->v[i];
		free(e->ctx);
		free(e->msgid);
		free(e->msgstr);
		free(e->prev_msgid);
		free(e->comment);
		free(e->translator);
		free(e->refs);
		free(e->format_error);
	}
	free(c->v);
	free(c->sorted);
	free(c->language);
	free(c->header);
	free(c->header_comments);
	free(c->path);
	free(c);
}

const char *
po_cat_path(const struct po_cat *c)
{
	return c->path;
}

const char *
po_cat_language(const struct po_cat *c)
{
	return c->language;
}

int
po_cat_count(const struct po_cat *c)
{
	return c != NULL ? c->n : 0;
}

const struct po_entry *
po_cat_entry(const struct po_cat *c, int i)
{
	return i >= 0 && i < c->n ? &c->v[i] : NULL;
}

const struct po_entry *
po_cat_find(const struct po_cat *c, const char *ctx, const char *msgid)
{
	int lo = 0, hi;

	if (c == NULL)
		return NULL;
	hi = c->nsorted - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2, cmp;
		const struct po_entry *e = &c->v[c->sorted[mid]];
		cmp = entry_cmp_ctx(ctx, e->ctx);
		if (cmp == 0)
			cmp = strcmp(msgid, e->msgid);
		if (cmp == 0)
			return e;
		if (cmp < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *
po_cat_get(const struct po_cat *c, const char *ctx, const char *msgid)
{
	const struct po_entry *e = po_cat_find(c, ctx, msgid);

	if (e == NULL || e->fuzzy || *e->msgstr == '\0')
		return NULL;
	return e->msgstr;
}

/* }====== */

/* {====== formats */

/* The next string.format directive at or after s: its conversion letter,
 * with *s moved past it; 0 at the end. "%%" is not a directive. */
static char
next_lua_directive(const char **s)
{
	const char *p = *s;

	while ((p = strchr(p, '%')) != NULL) {
		const char *q = p + 1;
		if (*q == '%') {
			p = q + 1;
			continue;
		}
		while (*q != '\0' && strchr("-+ #0", *q) != NULL)
			q++;
		while (*q >= '0' && *q <= '9')
			q++;
		if (*q == '.') {
			q++;
			while (*q >= '0' && *q <= '9')
				q++;
		}
		if (*q != '\0' && strchr("cdiouxXaAeEfFgGqs", *q) != NULL) {
			*s = q + 1;
			return *q;
		}
		p = q;
	}
	*s = *s + strlen(*s);
	return 0;
}

bool
po_has_lua_format(const char *text)
{
	return next_lua_directive(&text) != 0;
}

/* Bit n-1 set for each {n} in text. */
static unsigned
brace_set(const char *text)
{
	unsigned set = 0;

	for (const char *p = text; *p != '\0'; p++) {
		if (p[0] == '{' && p[1] >= '1' && p[1] <= '9' && p[2] == '}')
			set |= 1u << (p[1] - '1');
	}
	return set;
}

bool
po_has_brace_format(const char *text)
{
	return brace_set(text) != 0;
}

char *
po_format_mismatch(const char *msgid, const char *msgstr, bool lua_format,
    bool brace_format)
{
	if (brace_format || po_has_brace_format(msgstr)) {
		unsigned a = brace_set(msgid), b = brace_set(msgstr);
		for (int i = 0; i < 9; i++) {
			unsigned bit = 1u << i;
			if ((a & bit) && !(b & bit))
				return xasprintf("the translation lacks the "
				    "placeholder {%d}", i + 1);
			if (!(a & bit) && (b & bit))
				return xasprintf("the translation has a "
				    "placeholder {%d} the source does not",
				    i + 1);
		}
	}
	if (lua_format) {
		const char *p = msgid, *q = msgstr;
		for (int n = 1;; n++) {
			char x = next_lua_directive(&p);
			char y = next_lua_directive(&q);
			if (x == 0 && y == 0)
				break;
			if (x != y)
				return xasprintf("format directive %d is %%%c "
				    "in the source but %s in the translation",
				    n, x != 0 ? x : '-', y != 0 ?
				    (char[]){ '%', y, '\0' } : "missing");
		}
	}
	return NULL;
}

/* }====== */

/* {====== sources and templates */

void
po_sources_add(struct po_sources *s, const char *ctx, const char *msgid,
    const char *file, int line, const char *comment)
{
	struct po_source *e = NULL;
	char *ref = xasprintf("%s:%d", file, line);

	for (int i = 0; i < s->n && e == NULL; i++) {
		if (entry_cmp_ctx(s->v[i].ctx, ctx) == 0 &&
		    strcmp(s->v[i].msgid, msgid) == 0)
			e = &s->v[i];
	}
	if (e != NULL) {
		char *refs = xasprintf("%s %s", e->refs, ref);
		free(e->refs);
		e->refs = refs;
		free(ref);
		if (comment != NULL && (e->comment == NULL ||
		    strstr(e->comment, comment) == NULL)) {
			char *c = e->comment != NULL ? xasprintf("%s\n%s",
			    e->comment, comment) : xstrdup(comment);
			free(e->comment);
			e->comment = c;
		}
		return;
	}
	s->v = xrealloc(s->v, (size_t)(s->n + 1) * sizeof *s->v);
	e = &s->v[s->n++];
	memset(e, 0, sizeof *e);
	e->ctx = ctx != NULL ? xstrdup(ctx) : NULL;
	e->msgid = xstrdup(msgid);
	e->comment = comment != NULL ? xstrdup(comment) : NULL;
	e->refs = ref;
	e->brace_format = po_has_brace_format(msgid);
}

void
po_sources_free(struct po_sources *s)
{
	for (int i = 0; i < s->n; i++) {
		free(s->v[i].ctx);
		free(s->v[i].msgid);
		free(s->v[i].comment);
		free(s->v[i].refs);
	}
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

static void
add_refs(po_message_t m, const char *refs)
{
	char *copy = xstrdup(refs), *save = NULL;

	for (char *t = strtok_r(copy, " ", &save); t != NULL;
	    t = strtok_r(NULL, " ", &save)) {
		char *colon = strrchr(t, ':');
		size_t line = (size_t)-1;
		if (colon != NULL && colon[1] != '\0' &&
		    strspn(colon + 1, "0123456789") == strlen(colon + 1)) {
			*colon = '\0';
			line = (size_t)strtoul(colon + 1, NULL, 10);
		}
		po_message_add_filepos(m, t, line);
	}
	free(copy);
}

static po_message_t
new_message(const char *ctx, const char *msgid, const char *msgstr)
{
	po_message_t m = po_message_create();

	if (ctx != NULL)
		po_message_set_msgctxt(m, ctx);
	po_message_set_msgid(m, msgid);
	po_message_set_msgstr(m, msgstr);
	return m;
}

/* Writes f to path through a temporary file, so a failed write leaves the
 * old file intact; a link (a catalogue kept in a translator's checkout) is
 * written through, not replaced by a copy. */
static int
write_file(po_file_t f, const char *path, char **cause)
{
	char *tmp;
	int rc = 0, kind;

	po_path = path;
	if ((kind = file_replace_kind(path, cause)) < 0)
		return -1;
	tmp = kind == FILE_REPLACE_IN_PLACE ? xstrdup(path) :
	    xasprintf("%s.tmp", path);
	if (po_file_write(f, tmp, &po_handler) == NULL || po_first_error != NULL) {
		*cause = po_first_error != NULL ? po_first_error :
		    xasprintf("%s: cannot write", tmp);
		po_first_error = NULL;
		if (kind != FILE_REPLACE_IN_PLACE)
			(void)unlink(tmp);
		rc = -1;
	} else if (kind != FILE_REPLACE_IN_PLACE && rename(tmp, path) != 0) {
		*cause = xasprintf("%s: cannot write: %s", path,
		    strerror(errno));
		(void)unlink(tmp);
		rc = -1;
	}
	free(tmp);
	return rc;
}

static char *
header_text(const char *project, const char *lang)
{
	return xasprintf("Project-Id-Version: %s\n"
	    "Report-Msgid-Bugs-To: \n"
	    "Language: %s\n"
	    "MIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=UTF-8\n"
	    "Content-Transfer-Encoding: 8bit\n",
	    project, lang != NULL ? lang : "");
}

/*
 * The old header with what the catalogue needs added where it is missing
 * (a hand-made header may lack the charset, without which non-ASCII texts
 * cannot be written); every field it has stays as it is.
 */
static char *
header_completed(const char *old, const char *lang)
{
	static const char *const need[][2] = {
		{ "Language", NULL },
		{ "MIME-Version", "1.0" },
		{ "Content-Type", "text/plain; charset=UTF-8" },
		{ "Content-Transfer-Encoding", "8bit" },
	};
	char *h = xstrdup(old);

	for (size_t i = 0; i < LL_ARRAY_LEN(need); i++) {
		char *have = po_header_field(h, need[i][0]);
		const char *value = need[i][1] != NULL ? need[i][1] : lang;

		if (have == NULL && value != NULL) {
			char *next = po_header_set_field(h, need[i][0], value);

			free(h);
			h = next;
		}
		free(have);
	}
	return h;
}

int
po_write_template(const char *path, const struct po_sources *s,
    const char *project, char **cause)
{
	po_file_t f = po_file_create();
	po_message_iterator_t it = po_message_iterator(f, NULL);
	char *h = header_text(project, NULL);
	po_message_t m = new_message(NULL, "", h);
	int rc;

	free(h);
	po_message_insert(it, m);
	for (int i = 0; i < s->n; i++) {
		const struct po_source *e = &s->v[i];
		m = new_message(e->ctx, e->msgid, "");
		if (e->comment != NULL)
			po_message_set_extracted_comments(m, e->comment);
		add_refs(m, e->refs);
		if (e->lua_format)
			po_message_set_format(m, "lua-format", 1);
		po_message_insert(it, m);
	}
	po_message_iterator_free(it);
	rc = write_file(f, path, cause);
	po_file_release(f);
	return rc;
}

int
po_translit_file(const char *src, const char *dst, int *n_out, char **cause)
{
	struct diags d;
	struct po_cat *c;
	po_file_t f;
	po_message_iterator_t it;
	char *h;
	int rc;

	*n_out = 0;
	diags_init(&d);
	c = po_cat_read(src, &d);
	if (c == NULL || diags_count(&d, DIAG_ERROR) > 0) {
		*cause = diags_first_error(&d);
		po_cat_free(c);
		diags_free(&d);
		return -1;
	}
	diags_free(&d);
	f = po_file_create();
	it = po_message_iterator(f, NULL);
	h = header_text("layerlab", "sr-Cyrl");
	{
		po_message_t m = new_message(NULL, "", h);
		po_message_set_comments(m, "Generated from sr-Latn.po by "
		    "'layerlab i18n translit': translate sr-Latn.po,\n"
		    "then run it again; edits here are overwritten.\n");
		po_message_insert(it, m);
	}
	free(h);
	for (int i = 0; i < c->n; i++) {
		const struct po_entry *e = &c->v[i];
		char *t = po_translit_sr(e->msgstr);
		po_message_t m = new_message(e->ctx, e->msgid, t);
		free(t);
		if (e->comment != NULL)
			po_message_set_extracted_comments(m, e->comment);
		if (e->refs != NULL)
			add_refs(m, e->refs);
		if (e->lua_format)
			po_message_set_format(m, "lua-format", 1);
		if (e->fuzzy && *e->msgstr != '\0')
			po_message_set_fuzzy(m, 1);
		if (e->prev_msgid != NULL)
			po_message_set_prev_msgid(m, e->prev_msgid);
		if (e->obsolete)
			po_message_set_obsolete(m, 1);
		po_message_insert(it, m);
		(*n_out)++;
	}
	po_message_iterator_free(it);
	rc = write_file(f, dst, cause);
	po_file_release(f);
	po_cat_free(c);
	return rc;
}

/* Similarity of two texts from 0 to 1: 1 - edit distance / longer length,
 * on at most the first 400 bytes (enough to tell an edited sentence). */
static double
similarity(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), *row;
	double r;

	la = la > 400 ? 400 : la;
	lb = lb > 400 ? 400 : lb;
	if (la == 0 || lb == 0)
		return la == lb ? 1.0 : 0.0;
	row = xcalloc(lb + 1, sizeof *row);
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t best = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	r = 1.0 - (double)row[lb] / (double)(la > lb ? la : lb);
	free(row);
	return r;
}

int
po_update(const char *pot_path, const char *po_path_arg, const char *lang,
    struct po_update_stats *st, char **cause)
{
	struct diags d;
	struct po_cat *pot, *old = NULL;
	bool *used = NULL;
	po_file_t f;
	po_message_iterator_t it;
	char *h;
	int rc;

	memset(st, 0, sizeof *st);
	diags_init(&d);
	pot = po_cat_read(pot_path, &d);
	if (pot != NULL && access(po_path_arg, F_OK) == 0)
		old = po_cat_read(po_path_arg, &d);
	if (pot == NULL || diags_count(&d, DIAG_ERROR) > 0 ||
	    (old == NULL && access(po_path_arg, F_OK) == 0)) {
		*cause = diags_first_error(&d);
		if (*cause == NULL)
			*cause = xasprintf("%s: cannot read", pot_path);
		po_cat_free(pot);
		po_cat_free(old);
		diags_free(&d);
		return -1;
	}
	diags_free(&d);
	if (old != NULL)
		used = xcalloc((size_t)old->n + 1, sizeof *used);

	f = po_file_create();
	it = po_message_iterator(f, NULL);
	if (old != NULL && old->header != NULL && *old->header != '\0') {
		char *kept = header_completed(old->header, lang);
		po_message_t hm = new_message(NULL, "", kept);

		free(kept);
		if (old->header_comments != NULL)
			po_message_set_comments(hm, old->header_comments);
		po_message_insert(it, hm);
	} else {
		h = header_text("layerlab", old != NULL &&
		    old->language != NULL ? old->language : lang);
		po_message_insert(it, new_message(NULL, "", h));
		free(h);
	}
	/* Exact matches first, so a similar text never takes a translation
	 * an unchanged one needs. */
	for (int i = 0; old != NULL && i < pot->n; i++) {
		const struct po_entry *e = po_cat_find(old, pot->v[i].ctx,
		    pot->v[i].msgid);
		if (e != NULL)
			used[e - old->v] = true;
	}
	for (int i = 0; i < pot->n; i++) {
		const struct po_entry *src = &pot->v[i], *prev;
		po_message_t m;
		if (src->obsolete)
			continue;
		prev = old != NULL ? po_cat_find(old, src->ctx, src->msgid) :
		    NULL;
		m = new_message(src->ctx, src->msgid, "");
		if (src->comment != NULL)
			po_message_set_extracted_comments(m, src->comment);
		if (src->refs != NULL)
			add_refs(m, src->refs);
		if (src->lua_format)
			po_message_set_format(m, "lua-format", 1);
		if (prev != NULL && prev->translator != NULL)
			po_message_set_comments(m, prev->translator);
		if (prev != NULL && *prev->msgstr != '\0') {
			po_message_set_msgstr(m, prev->msgstr);
			if (prev->fuzzy) {
				po_message_set_fuzzy(m, 1);
				if (prev->prev_msgid != NULL)
					po_message_set_prev_msgid(m,
					    prev->prev_msgid);
				st->fuzzy++;
			} else
				st->translated++;
		} else if (prev != NULL) {
			st->untranslated++;
		} else {
			/* A changed source: the closest unused old text of
			 * the same context, if it is close enough. */
			int best = -1;
			double best_sim = 0.6;
			for (int k = 0; old != NULL && k < old->n; k++) {
				const struct po_entry *o = &old->v[k];
				double sim;
				if (used[k] || o->obsolete ||
				    *o->msgstr == '\0' ||
				    entry_cmp_ctx(o->ctx, src->ctx) != 0)
					continue;
				sim = similarity(o->msgid, src->msgid);
				if (sim >= best_sim) {
					best_sim = sim;
					best = k;
				}
			}
			if (best >= 0) {
				used[best] = true;
				if (old->v[best].translator != NULL)
					po_message_set_comments(m,
					    old->v[best].translator);
				po_message_set_msgstr(m, old->v[best].msgstr);
				po_message_set_fuzzy(m, 1);
				po_message_set_prev_msgid(m,
				    old->v[best].msgid);
				st->fuzzy++;
			} else {
				st->untranslated++;
				st->added++;
			}
		}
		po_message_insert(it, m);
	}
	for (int k = 0; old != NULL && k < old->n; k++) {
		const struct po_entry *o = &old->v[k];
		po_message_t m;
		if (used[k] || *o->msgstr == '\0')
			continue;
		m = new_message(o->ctx, o->msgid, o->msgstr);
		if (o->translator != NULL)
			po_message_set_comments(m, o->translator);
		po_message_set_obsolete(m, 1);
		po_message_insert(it, m);
		st->obsolete++;
	}
	po_message_iterator_free(it);
	rc = write_file(f, po_path_arg, cause);
	po_file_release(f);
	free(used);
	po_cat_free(pot);
	po_cat_free(old);
	return rc;
}

/* }====== */

/* {====== Serbian transliteration */

/* Names and terms written in Latin letters in Serbian Cyrillic texts too. */
static const char *const po_translit_keep[] = {
	"layerlab", "Marlin", "Prusa", "PrusaSlicer", "Creality", "Ender",
	"Klipper", "RepRapFirmware", "Repetier", "Duet", "Anycubic",
	"Artillery", "Kobra", "Sidewinder", "Cura", "OrcaSlicer", "Poedit",
	"Weblate", "Enter", "Esc", "Tab", "Ctrl", "Shift", "Space",
	"Backspace", "PgUp", "PgDn", "Home", "End", "Moodle", "xAPI", "Live",
	"G-code", "Ctrl-X", "Open Badges", "OK", "PLA", "PETG", "ABS", "ASA",
	"TPU", "PTFE", "PC", "PA", "USB", "EQF", "ECTS", "PID", "VOC", "UFP",
	"IPA", "SDS", "TDS", "LED", "LCD", "PIN", "ID", "SD", "ISO", "EN",
	"IARC", "FDM", "UTF-8", "JSON", "CSV", "PDF", "HTML", "QR", "LRS",
	"MAXTEMP", "MINTEMP", "NTC", "PWM", "CoreXY", "TRIGGERED", "open",
	"ok", "busy", "echo", "start", "h", "learner", "trainer", "add",
	"lesson", "run", "modules", "lint", "i18n",
	"BLTouch", "CR Touch", "SuperPINDA", "EEPROM",
	/* Marlin's own message, as the display and the log show it, and the
	 * English terms of firmware menus and slicers a lesson gives in
	 * brackets beside the Serbian one. */
	"Thermal Runaway", "THERMAL RUNAWAY", "sensorless homing", "homing",
	"soft endstops", "mesh", "bed-slinger", "busy: paused for user",
	"Nozzle Parked", "cold extrusion prevented", "skirt", "brim", "raft",
	"PEI", NULL,
};

struct translit_pair {
	const char *latin;
	const char *cyrillic;
};

/* Digraphs first: they are matched before single letters. */
static const struct translit_pair sr_pairs[] = {
	{ "Lj", "Љ" }, { "LJ", "Љ" }, { "lj", "љ" },
	{ "Nj", "Њ" }, { "NJ", "Њ" }, { "nj", "њ" },
	{ "Dž", "Џ" }, { "DŽ", "Џ" }, { "dž", "џ" },
	{ "A", "А" }, { "a", "а" }, { "B", "Б" }, { "b", "б" },
	{ "C", "Ц" }, { "c", "ц" }, { "Č", "Ч" }, { "č", "ч" },
	{ "Ć", "Ћ" }, { "ć", "ћ" }, { "D", "Д" }, { "d", "д" },
	{ "Đ", "Ђ" }, { "đ", "ђ" }, { "E", "Е" }, { "e", "е" },
	{ "F", "Ф" }, { "f", "ф" }, { "G", "Г" }, { "g", "г" },
	{ "H", "Х" }, { "h", "х" }, { "I", "И" }, { "i", "и" },
	{ "J", "Ј" }, { "j", "ј" }, { "K", "К" }, { "k", "к" },
	{ "L", "Л" }, { "l", "л" }, { "M", "М" }, { "m", "м" },
	{ "N", "Н" }, { "n", "н" }, { "O", "О" }, { "o", "о" },
	{ "P", "П" }, { "p", "п" }, { "R", "Р" }, { "r", "р" },
	{ "S", "С" }, { "s", "с" }, { "Š", "Ш" }, { "š", "ш" },
	{ "T", "Т" }, { "t", "т" }, { "U", "У" }, { "u", "у" },
	{ "V", "В" }, { "v", "в" }, { "Z", "З" }, { "z", "з" },
	{ "Ž", "Ж" }, { "ž", "ж" },
};

static bool
is_ascii_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The length of the word at s: ASCII letters, digits, '_', a '.' between
 * letters (file names, ids), and the two-byte letters of Serbian Latin. */
static size_t
word_len(const char *s)
{
	size_t n = 0;

	for (;;) {
		unsigned char c = (unsigned char)s[n];
		if (is_ascii_letter(c) || (c >= '0' && c <= '9') || c == '_')
			n++;
		else if (c == '.' && n > 0 &&
		    is_ascii_letter((unsigned char)s[n + 1]))
			n++;
		else if ((c == 0xc4 || c == 0xc5) && s[n + 1] != '\0')
			n += 2;	/* Č č Ć ć Đ đ Š š Ž ž */
		else
			break;
	}
	return n;
}

/* A kept name starting at s and ending at a word boundary: its length. */
static size_t
kept_name(const char *s)
{
	size_t best = 0;

	/* The longest: "busy: paused for user" rather than "busy". */
	for (int i = 0; po_translit_keep[i] != NULL; i++) {
		size_t n;
		unsigned char after;
		/* Asked at every byte of a Cyrillic text: the first letter
		 * rules out nearly every name at once. */
		if (po_translit_keep[i][0] != *s)
			continue;
		n = strlen(po_translit_keep[i]);
		if (n <= best || strncmp(s, po_translit_keep[i], n) != 0)
			continue;
		after = (unsigned char)s[n];
		if (!is_ascii_letter(after) && !(after >= '0' && after <= '9') &&
		    after < 0x80)
			best = n;
	}
	return best;
}

/* w follows a G-code command word and one space: "M109 S", "M420 V". */
static bool
after_gcode_word(const char *text, const char *w)
{
	const char *p = w - 1;

	if (p <= text || *p != ' ')
		return false;
	p--;
	if (p < text || *p < '0' || *p > '9')
		return false;
	while (p > text && ((p[-1] >= '0' && p[-1] <= '9') || p[-1] == '.'))
		p--;
	if (p == text || strchr("GMT", p[-1]) == NULL)
		return false;
	return p - 1 == text || !is_ascii_letter((unsigned char)p[-2]);
}

/* A word that stays in Latin letters: with a digit, '_' or '.' (codes,
 * ids, file names), or a single letter that is no Serbian word (a key to
 * press: "r", "n", "y"), or any single letter right after "pritisni", or a
 * capital letter right after a G-code command (its parameter: "M109 S",
 * which the trainee types in Latin letters). */
static bool
keep_word(const char *text, const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if ((w[i] >= '0' && w[i] <= '9') || w[i] == '_' || w[i] == '.')
			return true;
	}
	/* A case ending on an abbreviation (PTFE-a, IPA-e) is Serbian. */
	if (n == 1 && w - text >= 2 && w[-1] == '-' && w[0] >= 'a' &&
	    w[0] <= 'z' && w[-2] >= 'A' && w[-2] <= 'Z')
		return false;
	if (n == 1 && (strchr("aiuoskvAIUOSKV", w[0]) == NULL ||
	    (w > text && (w[-1] == '-' || (w[-1] >= '0' && w[-1] <= '9')))))
		return true;
	if (n == 1 && w[0] >= 'A' && w[0] <= 'Z' && after_gcode_word(text, w))
		return true;
	if (n == 1 && w - text >= 9 && (strncmp(w - 9, "pritisni ", 9) == 0 ||
	    (w - text >= 17 && strncmp(w - 17, "притисни ", 17) == 0)))
		return true;
	return false;
}

static void
translit_word(struct buf *b, const char *w, size_t n)
{
	size_t i = 0;

	while (i < n) {
		bool done = false;
		for (size_t k = 0; k < LL_ARRAY_LEN(sr_pairs) && !done; k++) {
			size_t l = strlen(sr_pairs[k].latin);
			if (l <= n - i && strncmp(w + i, sr_pairs[k].latin,
			    l) == 0) {
				buf_append_str(b, sr_pairs[k].cyrillic);
				i += l;
				done = true;
			}
		}
		if (!done)
			buf_append(b, w + i++, 1);
	}
}

char *
po_translit_sr(const char *latin)
{
	struct buf b;
	const char *p = latin;

	buf_init(&b);
	while (*p != '\0') {
		size_t n;
		if (*p == '`') {
			/* Code: copied up to the closing backtick. */
			const char *end = strchr(p + 1, '`');
			n = end != NULL ? (size_t)(end - p) + 1 : strlen(p);
			buf_append(&b, p, n);
			p += n;
			continue;
		}
		if (p[0] == '{' && p[1] >= '1' && p[1] <= '9' && p[2] == '}') {
			buf_append(&b, p, 3);
			p += 3;
			continue;
		}
		if (*p == '%') {
			const char *q = p;
			if (next_lua_directive(&q) != 0 && q - p <= 8 &&
			    memchr(p + 1, '%', (size_t)(q - p - 1)) == NULL) {
				buf_append(&b, p, (size_t)(q - p));
				p = q;
				continue;
			}
		}
		if ((p == latin || !is_ascii_letter((unsigned char)p[-1])) &&
		    (n = kept_name(p)) > 0) {
			buf_append(&b, p, n);
			p += n;
			continue;
		}
		n = word_len(p);
		if (n == 1 && *p == 'C' && p > latin + 1 &&
		    strncmp(p - 2, "°", 2) == 0) {
			buf_append(&b, p++, 1);	/* °C */
			continue;
		}
		if (n == 0) {
			buf_append(&b, p++, 1);
			continue;
		}
		if (keep_word(latin, p, n))
			buf_append(&b, p, n);
		else
			translit_word(&b, p, n);
		p += n;
	}
	return buf_detach(&b);
}

bool
po_is_cyrillic_sr(const char *text)
{
	char *t = po_translit_sr(text);
	bool same = strcmp(t, text) == 0;

	free(t);
	return same;
}

/* }====== */
