/*
 * Finding the texts to translate in a module: the text fields of
 * module.lua (title, summary, each outcome's title, text and pass) and
 * every _"..." in the lessons. Lessons are scanned as Lua tokens, not run,
 * so a text on a branch the lesson never takes is found too.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>

#include "po_extract.h"

/* {====== a Lua tokenizer, enough to find _"..." */

enum tok_kind { TOK_NAME, TOK_STRING, TOK_PUNCT, TOK_OTHER };

struct tok {
	enum tok_kind kind;
	char *text;		/* decoded for strings */
	int line;
};

struct toks {
	struct tok *v;
	int n;
	struct tcomment {
		char *text;
		int first, last;	/* lines */
	} *comments;
	int ncomments;
};

static void
tok_add(struct toks *t, enum tok_kind kind, const char *text, size_t len,
    int line)
{
	t->v = xrealloc(t->v, (size_t)(t->n + 1) * sizeof *t->v);
	t->v[t->n].kind = kind;
	t->v[t->n].text = xstrndup(text, len);
	t->v[t->n].line = line;
	t->n++;
}

static void
toks_free(struct toks *t)
{
	for (int i = 0; i < t->n; i++)
		free(t->v[i].text);
	for (int i = 0; i < t->ncomments; i++)
		free(t->comments[i].text);
	free(t->v);
	free(t->comments);
}

/* The level of a long bracket at p ("[[" 0, "[==[" 2), or -1. */
static int
long_bracket(const char *p, const char *end)
{
	int level = 0;

	if (p >= end || *p != '[')
		return -1;
	p++;
	while (p < end && *p == '=') {
		level++;
		p++;
	}
	return p < end && *p == '[' ? level : -1;
}

/* Finds the closing bracket of the given level from p; returns its start
 * or NULL. */
static const char *
long_close(const char *p, const char *end, int level)
{
	for (; p < end; p++) {
		if (*p != ']')
			continue;
		const char *q = p + 1;
		int l = 0;
		while (q < end && *q == '=') {
			l++;
			q++;
		}
		if (l == level && q < end && *q == ']')
			return p;
	}
	return NULL;
}

static int
count_lines(const char *a, const char *b)
{
	int n = 0;

	for (; a < b; a++)
		n += *a == '\n';
	return n;
}

static void
utf8_put(struct buf *b, unsigned long cp)
{
	char u[4];

	if (cp < 0x80) {
		u[0] = (char)cp;
		buf_append(b, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_append(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_append(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | ((cp >> 18) & 0x07));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		buf_append(b, u, 4);
	}
}

/* Decodes a quoted string starting at p (the quote); returns the position
 * after it, or NULL when it does not end on its line. */
static const char *
quoted(const char *p, const char *end, struct buf *b, int *lines)
{
	char q = *p++;

	while (p < end && *p != q) {
		char c = *p++;
		if (c == '\n')
			return NULL;
		if (c != '\\' || p >= end) {
			buf_append(b, &c, 1);
			continue;
		}
		c = *p++;
		switch (c) {
		case 'a': buf_append_str(b, "\a"); break;
		case 'b': buf_append_str(b, "\b"); break;
		case 'f': buf_append_str(b, "\f"); break;
		case 'n': buf_append_str(b, "\n"); break;
		case 'r': buf_append_str(b, "\r"); break;
		case 't': buf_append_str(b, "\t"); break;
		case 'v': buf_append_str(b, "\v"); break;
		case '\n':
			buf_append_str(b, "\n");
			(*lines)++;
			break;
		case 'z':
			while (p < end && isspace((unsigned char)*p)) {
				*lines += *p == '\n';
				p++;
			}
			break;
		case 'x':
			if (end - p >= 2 && isxdigit((unsigned char)p[0]) &&
			    isxdigit((unsigned char)p[1])) {
				char hex[3] = { p[0], p[1], '\0' };
				char v = (char)strtoul(hex, NULL, 16);
				buf_append(b, &v, 1);
				p += 2;
			}
			break;
		case 'u':
			if (p < end && *p == '{') {
				char *e;
				unsigned long cp = strtoul(p + 1, &e, 16);
				if (e < end && *e == '}') {
					utf8_put(b, cp);
					p = e + 1;
				}
			}
			break;
		default:
			if (isdigit((unsigned char)c)) {
				int v = c - '0', k = 1;
				while (k < 3 && p < end &&
				    isdigit((unsigned char)*p)) {
					v = v * 10 + (*p++ - '0');
					k++;
				}
				char ch = (char)v;
				buf_append(b, &ch, 1);
			} else
				buf_append(b, &c, 1);
		}
	}
	return p < end ? p + 1 : NULL;
}

static void
tokenize(const char *src, size_t len, struct toks *t)
{
	const char *p = src, *end = src + len;
	int line = 1;

	while (p < end) {
		unsigned char c = (unsigned char)*p;
		if (c == '\n') {
			line++;
			p++;
		} else if (isspace(c)) {
			p++;
		} else if (c == '-' && p + 1 < end && p[1] == '-') {
			const char *s = p + 2, *e;
			int level = long_bracket(s, end), first = line;
			if (level >= 0) {
				const char *body = s + level + 2;
				e = long_close(body, end, level);
				if (e == NULL)
					e = end;
				line += count_lines(p, e);
				s = body;
				p = e < end ? e + level + 2 : end;
			} else {
				e = memchr(s, '\n', (size_t)(end - s));
				if (e == NULL)
					e = end;
				p = e;
			}
			t->comments = xrealloc(t->comments,
			    (size_t)(t->ncomments + 1) * sizeof *t->comments);
			t->comments[t->ncomments].text = xstrndup(s,
			    (size_t)(e - s));
			t->comments[t->ncomments].first = first;
			t->comments[t->ncomments].last = line;
			t->ncomments++;
		} else if (c == '"' || c == '\'') {
			struct buf b;
			int extra = 0;
			const char *e;
			buf_init(&b);
			e = quoted(p, end, &b, &extra);
			if (e == NULL) {	/* unfinished: lint reports it */
				buf_free(&b);
				p = memchr(p, '\n', (size_t)(end - p));
				if (p == NULL)
					p = end;
				continue;
			}
			tok_add(t, TOK_STRING, b.data != NULL ? b.data : "",
			    b.len, line);
			buf_free(&b);
			line += extra;
			p = e;
		} else if (c == '[' && long_bracket(p, end) >= 0) {
			int level = long_bracket(p, end);
			const char *body = p + level + 2, *e;
			if (body < end && *body == '\r')
				body++;
			if (body < end && *body == '\n') {
				body++;
				line++;
			}
			e = long_close(body, end, level);
			if (e == NULL)
				e = end;
			tok_add(t, TOK_STRING, body, (size_t)(e - body), line);
			line += count_lines(body, e);
			p = e < end ? e + level + 2 : end;
		} else if (isalpha(c) || c == '_') {
			const char *s = p;
			while (p < end && (isalnum((unsigned char)*p) ||
			    *p == '_'))
				p++;
			tok_add(t, TOK_NAME, s, (size_t)(p - s), line);
		} else if (isdigit(c)) {
			const char *s = p;
			while (p < end && (isalnum((unsigned char)*p) ||
			    *p == '.' || *p == '_'))
				p++;
			tok_add(t, TOK_OTHER, s, (size_t)(p - s), line);
		} else {
			tok_add(t, TOK_PUNCT, p, 1, line);
			p++;
		}
	}
}

static bool
tok_is(const struct toks *t, int i, enum tok_kind kind, const char *text)
{
	return i >= 0 && i < t->n && t->v[i].kind == kind &&
	    (text == NULL || strcmp(t->v[i].text, text) == 0);
}

/* A "TRANSLATORS:" comment ending on the line before line (or on it). */
static const char *
translator_comment(const struct toks *t, int line)
{
	for (int i = t->ncomments - 1; i >= 0; i--) {
		const struct tcomment *c = &t->comments[i];
		const char *s = c->text;
		if (c->last > line)
			continue;
		if (c->last < line - 1)
			return NULL;
		while (*s == ' ' || *s == '-')
			s++;
		if (strncmp(s, "TRANSLATORS:", 12) == 0)
			return s + 12 + (s[12] == ' ');
		return NULL;
	}
	return NULL;
}

int
po_extract_lua(const char *src, size_t len, const char *ref_name,
    struct po_sources *s, struct diags *d, const char *diag_name)
{
	struct toks t = { 0 };
	int found = 0;

	tokenize(src, len, &t);
	for (int i = 0; i < t.n; i++) {
		int str, after;
		if (!tok_is(&t, i, TOK_NAME, "_") ||
		    tok_is(&t, i - 1, TOK_PUNCT, ".") ||
		    tok_is(&t, i - 1, TOK_PUNCT, ":"))
			continue;
		/* local _, x = ... or for _ = ...: every _"..." after it in
		 * that scope would call the variable. */
		if (tok_is(&t, i - 1, TOK_NAME, "local") ||
		    tok_is(&t, i - 1, TOK_NAME, "for") ||
		    tok_is(&t, i + 1, TOK_PUNCT, ",") ||
		    (tok_is(&t, i + 1, TOK_PUNCT, "=") &&
		    !tok_is(&t, i + 2, TOK_PUNCT, "="))) {
			diags_add(d, diag_name, t.v[i].line, DIAG_WARNING,
			    "'_' is the translation function (_\"text\"): "
			    "give this variable another name");
			continue;
		}
		if (tok_is(&t, i + 1, TOK_STRING, NULL)) {
			str = i + 1;
			after = i + 2;
		} else if (tok_is(&t, i + 1, TOK_PUNCT, "(")) {
			if (!tok_is(&t, i + 2, TOK_STRING, NULL) ||
			    !tok_is(&t, i + 3, TOK_PUNCT, ")")) {
				diags_add(d, diag_name, t.v[i].line,
				    DIAG_WARNING, "_() needs one literal "
				    "string, so the text can be extracted for "
				    "translators");
				continue;
			}
			str = i + 2;
			after = i + 4;
		} else
			continue;
		if (t.v[str].text[0] == '\0') {
			diags_add(d, diag_name, t.v[str].line, DIAG_WARNING,
			    "_\"\" marks an empty text for translation");
			continue;
		}
		po_sources_add(s, NULL, t.v[str].text, ref_name,
		    t.v[str].line, translator_comment(&t, t.v[str].line));
		/* _"...":format(...) is a string.format pattern: its
		 * directives must survive translation. */
		if (tok_is(&t, after, TOK_PUNCT, ":") &&
		    tok_is(&t, after + 1, TOK_NAME, "format")) {
			for (int k = 0; k < s->n; k++) {
				if (s->v[k].ctx == NULL &&
				    strcmp(s->v[k].msgid, t.v[str].text) == 0)
					s->v[k].lua_format = true;
			}
		}
		found++;
	}
	toks_free(&t);
	return found;
}

/* }====== */

/* {====== module.lua */

static void
module_text(struct datafile *df, struct po_sources *s, int idx,
    const char *path, const char *key, const char *source_lang,
    const char *comment)
{
	lua_State *L = df->L;
	char *p = datafile_path(path, key);

	lua_getfield(L, idx, key);
	if (lua_type(L, -1) == LUA_TTABLE) {
		/* An inline translation table: its source text is still
		 * what translators see. */
		lua_getfield(L, -1, source_lang);
		lua_replace(L, -2);
	}
	if (lua_type(L, -1) == LUA_TSTRING && *lua_tostring(L, -1) != '\0')
		po_sources_add(s, NULL, lua_tostring(L, -1), "module.lua",
		    datafile_line(df, p), comment);
	lua_pop(L, 1);
	free(p);
}

int
po_extract_module(const char *dir, struct po_sources *s, struct diags *d,
    char **source_lang)
{
	char *path = xasprintf("%s/module.lua", dir);
	struct datafile *df = datafile_load(path, d);
	lua_State *L;
	char *lang = NULL, *id = NULL;

	if (df == NULL) {
		free(path);
		return -1;
	}
	L = df->L;
	/* The source language is the first one the module declares. */
	lua_getfield(L, 1, "languages");
	if (lua_istable(L, -1))
		lua_rawgeti(L, -1, 1);
	else
		lua_pushnil(L);
	lang = xstrdup(lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) :
	    "en");
	lua_pop(L, 2);
	lua_getfield(L, 1, "id");
	id = xstrdup(lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) :
	    "?");
	lua_pop(L, 1);
	{
		char *c = xasprintf("%s: module title", id);
		module_text(df, s, 1, "", "title", lang, c);
		free(c);
		c = xasprintf("%s: module summary", id);
		module_text(df, s, 1, "", "summary", lang, c);
		free(c);
	}
	lua_getfield(L, 1, "outcomes");
	if (lua_istable(L, -1)) {
		int n = (int)lua_rawlen(L, -1);
		for (int i = 1; i <= n; i++) {
			char *p = datafile_path_index("outcomes", i), *c;
			const char *oid;
			lua_rawgeti(L, -1, i);
			if (!lua_istable(L, -1)) {
				lua_pop(L, 1);
				free(p);
				continue;
			}
			lua_getfield(L, -1, "id");
			oid = lua_type(L, -1) == LUA_TSTRING ?
			    lua_tostring(L, -1) : "?";
			c = xasprintf("%s: short name of the outcome", oid);
			module_text(df, s, -2, p, "title", lang, c);
			free(c);
			c = xasprintf("%s: the learning outcome (\"the trainee "
			    "...\")", oid);
			module_text(df, s, -2, p, "text", lang, c);
			free(c);
			c = xasprintf("%s: how the outcome is assessed", oid);
			module_text(df, s, -2, p, "pass", lang, c);
			free(c);
			lua_pop(L, 2);
			free(p);
		}
	}
	lua_pop(L, 1);

	lua_getfield(L, 1, "lessons");
	if (lua_istable(L, -1)) {
		int n = (int)lua_rawlen(L, -1);
		for (int i = 1; i <= n; i++) {
			lua_rawgeti(L, -1, i);
			if (lua_type(L, -1) == LUA_TSTRING) {
				char *ref = xasprintf("%s.lua",
				    lua_tostring(L, -1));
				char *lp = xasprintf("%s/%s", dir, ref);
				size_t len;
				char *src = file_read_all(lp, &len, NULL);
				/* An unreadable lesson is the module
				 * loader's to report. */
				if (src != NULL)
					po_extract_lua(src, len, ref, s, d, lp);
				free(src);
				free(lp);
				free(ref);
			}
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
	datafile_free(df);
	free(path);
	free(id);
	if (source_lang != NULL)
		*source_lang = lang;
	else
		free(lang);
	return 0;
}

/* }====== */
