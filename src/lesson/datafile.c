#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "datafile.h"
#include "sandbox.h"

/* ---- diagnostics ---- */

void
diags_init(struct diags *d)
{
	memset(d, 0, sizeof *d);
}

void
diags_free(struct diags *d)
{
	for (int i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}

void
diags_add(struct diags *d, const char *file, int line, enum diag_level level,
    const char *fmt, ...)
{
	va_list ap;
	struct diag *g;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	/* The same finding reached twice (a static scan and a run) is one. */
	for (int i = 0; i < d->n; i++) {
		if (d->v[i].line == line && d->v[i].level == level &&
		    strcmp(d->v[i].file, file) == 0 &&
		    strcmp(d->v[i].msg, msg) == 0) {
			free(msg);
			return;
		}
	}
	if (d->n == d->cap) {
		d->cap = d->cap == 0 ? 16 : d->cap * 2;
		d->v = xrealloc(d->v, (size_t)d->cap * sizeof *d->v);
	}
	g = &d->v[d->n++];
	g->file = xstrdup(file);
	g->line = line;
	g->level = level;
	g->msg = msg;
}

int
diags_count(const struct diags *d, enum diag_level level)
{
	int n = 0;

	for (int i = 0; i < d->n; i++)
		n += d->v[i].level == level;
	return n;
}

char *
diags_first_error(const struct diags *d)
{
	for (int i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		if (g->level != DIAG_ERROR)
			continue;
		if (g->line > 0)
			return xasprintf("%s:%d: %s", g->file, g->line, g->msg);
		return xasprintf("%s: %s", g->file, g->msg);
	}
	return NULL;
}

static int
diag_cmp(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	if (c != 0)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return 0;
}

void
diags_sort(struct diags *d)
{
	/* Insertion sort keeps messages on one line in the order found. */
	for (int i = 1; i < d->n; i++) {
		struct diag tmp = d->v[i];
		int j = i - 1;
		while (j >= 0 && diag_cmp(&d->v[j], &tmp) > 0) {
			d->v[j + 1] = d->v[j];
			j--;
		}
		d->v[j + 1] = tmp;
	}
}

/* ---- key path → line map ---- */

enum tok {
	T_EOF, T_NAME, T_STRING, T_NUMBER, T_LBRACE, T_RBRACE, T_LBRACKET,
	T_RBRACKET, T_LPAREN, T_RPAREN, T_EQ, T_SEP, T_OTHER,
};

struct lexer {
	const char *s, *end;
	int line;
	char text[128];		/* names and short strings */
	const char *str;	/* a string's raw contents (escapes as written) */
	size_t slen;
	bool long_str;
};

static int
long_bracket_level(const char *s, const char *end)
{
	int level = 0;

	if (s >= end || *s != '[')
		return -1;
	s++;
	while (s < end && *s == '=') {
		level++;
		s++;
	}
	return s < end && *s == '[' ? level : -1;
}

static void
skip_long(struct lexer *lx, int level)
{
	lx->s += level + 2;
	while (lx->s < lx->end) {
		if (*lx->s == '\n')
			lx->line++;
		if (*lx->s == ']') {
			const char *p = lx->s + 1;
			int n = 0;
			while (p < lx->end && *p == '=') {
				n++;
				p++;
			}
			if (n == level && p < lx->end && *p == ']') {
				lx->s = p + 1;
				return;
			}
		}
		lx->s++;
	}
}

static enum tok
lex(struct lexer *lx, int *line)
{
	const char *s;

	for (;;) {
		while (lx->s < lx->end && isspace((unsigned char)*lx->s)) {
			if (*lx->s == '\n')
				lx->line++;
			lx->s++;
		}
		if (lx->s + 1 < lx->end && lx->s[0] == '-' && lx->s[1] == '-') {
			int level;
			lx->s += 2;
			if ((level = long_bracket_level(lx->s, lx->end)) >= 0) {
				skip_long(lx, level);
				continue;
			}
			while (lx->s < lx->end && *lx->s != '\n')
				lx->s++;
			continue;
		}
		break;
	}
	*line = lx->line;
	if (lx->s >= lx->end)
		return T_EOF;
	s = lx->s;
	if (isalpha((unsigned char)*s) || *s == '_') {
		size_t n = 0;
		while (lx->s < lx->end && (isalnum((unsigned char)*lx->s) ||
		    *lx->s == '_')) {
			if (n + 1 < sizeof lx->text)
				lx->text[n++] = *lx->s;
			lx->s++;
		}
		lx->text[n] = '\0';
		return T_NAME;
	}
	if (isdigit((unsigned char)*s) || (*s == '.' && s + 1 < lx->end &&
	    isdigit((unsigned char)s[1]))) {
		size_t n = 0;
		while (lx->s < lx->end && (isalnum((unsigned char)*lx->s) ||
		    *lx->s == '.' || ((*lx->s == '-' || *lx->s == '+') &&
		    strchr("eEpP", lx->s[-1]) != NULL))) {
			if (n + 1 < sizeof lx->text)
				lx->text[n++] = *lx->s;
			lx->s++;
		}
		lx->text[n] = '\0';
		return T_NUMBER;
	}
	if (*s == '"' || *s == '\'') {
		char q = *s;
		size_t n = 0;
		lx->s++;
		lx->str = lx->s;
		lx->long_str = false;
		while (lx->s < lx->end && *lx->s != q && *lx->s != '\n') {
			if (*lx->s == '\\' && lx->s + 1 < lx->end) {
				if (lx->s[1] == '\n')
					lx->line++;
				lx->s++;
			}
			if (n + 1 < sizeof lx->text)
				lx->text[n++] = *lx->s;
			lx->s++;
		}
		lx->slen = (size_t)(lx->s - lx->str);
		if (lx->s < lx->end)
			lx->s++;
		lx->text[n] = '\0';
		return T_STRING;
	}
	if (*s == '[') {
		int level = long_bracket_level(s, lx->end);
		if (level >= 0) {
			lx->str = s + level + 2;
			lx->long_str = true;
			skip_long(lx, level);
			lx->slen = (size_t)(lx->s - level - 2 - lx->str);
			if (lx->str + lx->slen > lx->end || lx->s - level - 2 < lx->str)
				lx->slen = 0;
			lx->text[0] = '\0';
			return T_STRING;
		}
	}
	lx->s++;
	switch (*s) {
	case '{': return T_LBRACE;
	case '}': return T_RBRACE;
	case '[': return T_LBRACKET;
	case ']': return T_RBRACKET;
	case '(': return T_LPAREN;
	case ')': return T_RPAREN;
	case ',': case ';': return T_SEP;
	case '=':
		if (lx->s < lx->end && *lx->s == '=') {
			lx->s++;
			return T_OTHER;
		}
		return T_EQ;
	default:
		return T_OTHER;
	}
}

struct frame {
	char *path;
	int index;		/* next positional index */
	bool item_started;	/* the current item already has its key */
	char *item;		/* path of the current item */
	int nest;		/* ( and [ depth inside the current item */
};

static void
map_add(struct datafile *df, const char *key, int line)
{
	for (int i = 0; i < df->nkeys; i++) {
		if (strcmp(df->keys[i].key, key) == 0)
			return;	/* the first definition is the one Lua keeps... */
	}
	df->keys = xrealloc(df->keys, (size_t)(df->nkeys + 1) *
	    sizeof *df->keys);
	df->keys[df->nkeys].key = xstrdup(key);
	df->keys[df->nkeys].line = line;
	df->nkeys++;
}

/*
 * A light scan, not a parser: inside table constructors it notes where each
 * item starts and what its key is. Code outside constructors (a lesson's
 * functions) only matters for the braces it contains.
 */
static void
map_build(struct datafile *df, const char *src, size_t len)
{
	struct lexer lx = { src, src + len, 1, { 0 }, NULL, 0, false };
	struct frame stack[64];
	int depth = 0, line, line2;
	enum tok t;

	df->table_line = 0;
	t = lex(&lx, &line);
	while (t != T_EOF) {
		struct frame *f = depth > 0 ? &stack[depth - 1] : NULL;

		if (t == T_LBRACE) {
			char *path;
			if (f == NULL) {
				path = xstrdup("");
				if (df->table_line == 0)
					df->table_line = line;
			} else {
				if (!f->item_started) {
					f->item_started = true;
					f->index++;
					free(f->item);
					f->item = datafile_path_index(f->path,
					    f->index);
					map_add(df, f->item, line);
				}
				path = xstrdup(f->item);
			}
			if (depth < (int)LL_ARRAY_LEN(stack)) {
				stack[depth].path = path;
				stack[depth].index = 0;
				stack[depth].item_started = false;
				stack[depth].item = NULL;
				stack[depth].nest = 0;
				depth++;
			} else
				free(path);
			t = lex(&lx, &line);
			continue;
		}
		if (f == NULL) {
			t = lex(&lx, &line);
			continue;
		}
		if (t == T_RBRACE) {
			free(f->path);
			free(f->item);
			depth--;
			t = lex(&lx, &line);
			continue;
		}
		if (!f->item_started && t == T_NAME) {
			char name[128];
			struct lexer save = lx;
			snprintf(name, sizeof name, "%s", lx.text);
			if (lex(&lx, &line2) == T_EQ) {
				f->item_started = true;
				free(f->item);
				f->item = datafile_path(f->path, name);
				map_add(df, f->item, line);
				t = lex(&lx, &line);
				continue;
			}
			lx = save;
		}
		if (!f->item_started && t == T_LBRACKET) {
			struct lexer save = lx;
			char key[128];
			enum tok k = lex(&lx, &line2);
			snprintf(key, sizeof key, "%.120s", lx.text);
			if ((k == T_STRING || k == T_NUMBER) &&
			    lex(&lx, &line2) == T_RBRACKET &&
			    lex(&lx, &line2) == T_EQ) {
				f->item_started = true;
				free(f->item);
				f->item = k == T_STRING ?
				    datafile_path(f->path, key) :
				    datafile_path_index(f->path, atoi(key));
				map_add(df, f->item, line);
				t = lex(&lx, &line);
				continue;
			}
			lx = save;
		}
		if (!f->item_started && t != T_SEP) {
			f->item_started = true;
			f->index++;
			free(f->item);
			f->item = datafile_path_index(f->path, f->index);
			map_add(df, f->item, line);
		}
		if (t == T_LPAREN || t == T_LBRACKET)
			f->nest++;
		else if ((t == T_RPAREN || t == T_RBRACKET) && f->nest > 0)
			f->nest--;
		else if (t == T_SEP && f->nest == 0)
			f->item_started = false;
		t = lex(&lx, &line);
	}
	while (depth > 0) {
		depth--;
		free(stack[depth].path);
		free(stack[depth].item);
	}
	if (df->table_line == 0)
		df->table_line = 1;
}

int
datafile_line(const struct datafile *df, const char *keypath)
{
	char *p = xstrdup(keypath);

	for (;;) {
		char *dot, *br;
		for (int i = 0; i < df->nkeys; i++) {
			if (strcmp(df->keys[i].key, p) == 0) {
				int line = df->keys[i].line;
				free(p);
				return line;
			}
		}
		dot = strrchr(p, '.');
		br = strrchr(p, '[');
		if (dot == NULL && br == NULL)
			break;
		*(dot > br ? dot : br) = '\0';
		if (*p == '\0')
			break;
	}
	free(p);
	return df->table_line;
}

char *
datafile_path(const char *path, const char *key)
{
	bool plain = isalpha((unsigned char)key[0]) || key[0] == '_';

	for (const char *k = key; *k != '\0' && plain; k++)
		plain = isalnum((unsigned char)*k) || *k == '_' || *k == '-';
	if (!plain)
		return xasprintf("%s[\"%s\"]", path, key);
	if (*path == '\0')
		return xstrdup(key);
	return xasprintf("%s.%s", path, key);
}

char *
datafile_path_index(const char *path, int index)
{
	return xasprintf("%s[%d]", path, index);
}

/* ---- literal printer commands in lesson source ---- */

static char *
decode_string(const struct lexer *lx)
{
	struct buf b;

	buf_init(&b);
	for (size_t i = 0; i < lx->slen; i++) {
		char c = lx->str[i];
		if (!lx->long_str && c == '\\' && i + 1 < lx->slen) {
			c = lx->str[++i];
			switch (c) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			default: break;
			}
		}
		buf_append(&b, &c, 1);
	}
	if (lx->long_str && b.len > 0 && b.data[0] == '\n')
		buf_consume(&b, 1);
	return buf_detach(&b);
}

void
datafile_scan_printer_calls(const char *src, size_t len,
    void (*cb)(void *ud, int line, const char *call, const char *key,
    const char *gcode, double value), void *ud)
{
	struct lexer lx = { src, src + len, 1, { 0 }, NULL, 0, false };
	int line, line2;
	enum tok t = lex(&lx, &line);

	while (t != T_EOF) {
		if (t == T_NAME && strcmp(lx.text, "send") == 0) {
			struct lexer save = lx;
			enum tok n = lex(&lx, &line2);
			if (n == T_LPAREN)
				n = lex(&lx, &line2);
			if (n == T_STRING) {
				char *g = decode_string(&lx);
				cb(ud, line2, "printer.send", NULL, g, 0);
				free(g);
			} else
				lx = save;
		} else if (t == T_NAME && (strcmp(lx.text, "heat") == 0 ||
		    strcmp(lx.text, "move") == 0)) {
			char call[160];
			struct lexer save = lx;
			snprintf(call, sizeof call, "printer.%.120s", lx.text);
			if (lex(&lx, &line2) == T_LBRACE) {
				int depth = 1;
				while (depth > 0) {
					char key[128];
					enum tok k = lex(&lx, &line2);
					if (k == T_EOF)
						break;
					if (k == T_LBRACE)
						depth++;
					else if (k == T_RBRACE)
						depth--;
					if (k != T_NAME || depth != 1)
						continue;
					snprintf(key, sizeof key, "%.120s", lx.text);
					struct lexer at = lx;
					if (lex(&lx, &line2) == T_EQ) {
						int sign = 1;
						enum tok v = lex(&lx, &line2);
						if (v == T_OTHER && lx.s[-1] == '-') {
							sign = -1;
							v = lex(&lx, &line2);
						}
						if (v == T_NUMBER) {
							cb(ud, line2, call, key, NULL,
							    sign * strtod(lx.text, NULL));
							continue;
						}
					}
					lx = at;
				}
			} else
				lx = save;
		}
		t = lex(&lx, &line);
	}
}

/* ---- loading ---- */

bool
datafile_split_lua_error(const char *msg, const char *path, int *line,
    const char **rest)
{
	size_t plen = strlen(path);
	const char *colon = NULL, *p;
	char *end;
	long n;

	/* Lua shortens long chunk names to "...<tail>" (LUA_IDSIZE). */
	if (strncmp(msg, path, plen) == 0 && msg[plen] == ':')
		colon = msg + plen;
	else if (strncmp(msg, "...", 3) == 0) {
		for (p = msg + 3; *p != '\0' && *p != ':'; p++)
			;
		if (*p == ':' && (size_t)(p - msg - 3) <= plen &&
		    strncmp(path + plen - (size_t)(p - msg - 3), msg + 3,
		    (size_t)(p - msg - 3)) == 0)
			colon = p;
	}
	if (colon == NULL || !isdigit((unsigned char)colon[1]))
		return false;
	n = strtol(colon + 1, &end, 10);
	if (*end != ':')
		return false;
	end++;
	while (*end == ' ')
		end++;
	*line = (int)n;
	*rest = end;
	return true;
}

static void
report_lua_error(struct diags *d, const char *path, const char *msg)
{
	const char *rest;
	int line;

	if (datafile_split_lua_error(msg, path, &line, &rest))
		diags_add(d, path, line, DIAG_ERROR, "%s", rest);
	else
		diags_add(d, path, 0, DIAG_ERROR, "%s", msg);
}

struct datafile *
datafile_load(const char *path, struct diags *d)
{
	struct datafile *df;
	char *src, *cause = NULL;
	size_t len;

	if ((src = file_read_all(path, &len, &cause)) == NULL) {
		/* cause is "path: strerror" */
		const char *why = cause + strlen(path);
		diags_add(d, path, 0, DIAG_ERROR, "%s",
		    strncmp(cause, path, strlen(path)) == 0 && why[0] == ':' ?
		    why + 2 : cause);
		free(cause);
		return NULL;
	}
	df = datafile_load_buffer(path, src, len, d);
	free(src);
	return df;
}

struct datafile *
datafile_load_buffer(const char *path, const char *src, size_t len,
    struct diags *d)
{
	struct datafile *df;
	char *chunk;
	lua_State *L, *co;
	int rc, nres;

	if (!utf8_valid(src, len)) {
		diags_add(d, path, 0, DIAG_ERROR, "not valid UTF-8 text");
		return NULL;
	}
	df = xcalloc(1, sizeof *df);
	df->path = xstrdup(path);
	df->sb = sandbox_new(DATAFILE_MEMORY_CAP, DATAFILE_INSTRUCTION_BUDGET,
	    NULL, NULL);
	L = df->L = df->sb->L;
	chunk = xasprintf("@%s", path);
	rc = luaL_loadbufferx(L, src, len, chunk, "t");
	free(chunk);
	if (rc != LUA_OK) {
		report_lua_error(d, path, lua_tostring(L, -1));
		goto fail;
	}
	map_build(df, src, len);
	/* The empty environment: a data file can build tables, nothing else. */
	lua_newtable(L);
	if (lua_setupvalue(L, -2, 1) == NULL)
		lua_pop(L, 1);
	co = lua_newthread(L);
	lua_insert(L, -2);
	lua_xmove(L, co, 1);
	sandbox_arm(df->sb, co);
	rc = lua_resume(co, L, 0, &nres);
	if (rc == LUA_YIELD || df->sb->killed) {
		diags_add(d, path, 0, DIAG_ERROR, "the file runs too long "
		    "(more than %d instructions): an endless loop?",
		    DATAFILE_INSTRUCTION_BUDGET);
		goto fail;
	}
	if (rc != LUA_OK) {
		if (rc == LUA_ERRMEM)
			diags_add(d, path, 0, DIAG_ERROR, "the file needs "
			    "more than %u MB of memory", DATAFILE_MEMORY_CAP >> 20);
		else
			report_lua_error(d, path, lua_isstring(co, -1) ?
			    lua_tostring(co, -1) : "error object is not a string");
		goto fail;
	}
	if (nres < 1 || !lua_istable(co, -nres)) {
		diags_add(d, path, df->table_line > 0 ? df->table_line : 1,
		    DIAG_ERROR, "expected the file to return a table "
		    "('return { ... }')");
		goto fail;
	}
	lua_settop(co, 1);
	lua_xmove(co, L, 1);
	lua_remove(L, 1);	/* the thread: its work is done */
	lua_sethook(L, NULL, 0, 0);
	return df;

fail:
	datafile_free(df);
	return NULL;
}

void
datafile_free(struct datafile *df)
{
	if (df == NULL)
		return;
	sandbox_free(df->sb);
	for (int i = 0; i < df->nkeys; i++)
		free(df->keys[i].key);
	free(df->keys);
	free(df->path);
	free(df);
}

/* ---- validation helpers ---- */

static void LL_PRINTF(5, 0)
datafile_vreport(struct datafile *df, struct diags *d, enum diag_level level,
    const char *keypath, const char *fmt, va_list ap)
{
	char *msg = xvasprintf(fmt, ap);

	diags_add(d, df->path, datafile_line(df, keypath), level, "%s", msg);
	free(msg);
}

void
datafile_error(struct datafile *df, struct diags *d, const char *keypath,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	datafile_vreport(df, d, DIAG_ERROR, keypath, fmt, ap);
	va_end(ap);
}

void
datafile_warning(struct datafile *df, struct diags *d, const char *keypath,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	datafile_vreport(df, d, DIAG_WARNING, keypath, fmt, ap);
	va_end(ap);
}

void
datafile_check_keys(struct datafile *df, struct diags *d, int idx,
    const char *path, const char *const *allowed)
{
	lua_State *L = df->L;

	idx = lua_absindex(L, idx);
	lua_pushnil(L);
	while (lua_next(L, idx) != 0) {
		lua_pop(L, 1);
		if (lua_type(L, -1) == LUA_TSTRING) {
			const char *key = lua_tostring(L, -1);
			bool ok = false;
			for (int i = 0; allowed[i] != NULL && !ok; i++)
				ok = strcmp(allowed[i], key) == 0;
			if (!ok) {
				char *p = datafile_path(path, key);
				datafile_error(df, d, p, "unknown key '%s'", p);
				free(p);
			}
		}
	}
}

static const char *
type_phrase(lua_State *L, int idx)
{
	switch (lua_type(L, idx)) {
	case LUA_TNIL: return "nothing";
	case LUA_TBOOLEAN: return "a boolean";
	case LUA_TNUMBER: return lua_isinteger(L, idx) ? "an integer" : "a number";
	case LUA_TSTRING: return "a string";
	case LUA_TTABLE: return "a table";
	case LUA_TFUNCTION: return "a function";
	default: return "a value of another type";
	}
}

/* Pushes t[key]; returns false and pops when absent (reporting if needed). */
static bool
field_push(struct datafile *df, struct diags *d, int idx, const char *path,
    const char *key, bool required, const char *want)
{
	lua_State *L = df->L;

	lua_getfield(L, idx, key);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		if (required) {
			char *p = datafile_path(path, key);
			datafile_error(df, d, path, "missing key '%s': expected "
			    "%s", p, want);
			free(p);
		}
		return false;
	}
	return true;
}

static void
wrong_type(struct datafile *df, struct diags *d, const char *path,
    const char *key, const char *want)
{
	char *p = datafile_path(path, key);

	datafile_error(df, d, p, "'%s' must be %s, not %s", p, want,
	    type_phrase(df->L, -1));
	free(p);
}

bool
datafile_string(struct datafile *df, struct diags *d, int idx,
    const char *path, const char *key, bool required, char **out)
{
	lua_State *L = df->L;

	idx = lua_absindex(L, idx);
	if (!field_push(df, d, idx, path, key, required, "a string"))
		return !required;
	if (lua_type(L, -1) != LUA_TSTRING) {
		wrong_type(df, d, path, key, "a string");
		lua_pop(L, 1);
		return false;
	}
	free(*out);
	*out = xstrdup(lua_tostring(L, -1));
	lua_pop(L, 1);
	return true;
}

bool
datafile_number(struct datafile *df, struct diags *d, int idx,
    const char *path, const char *key, bool required, double min, double max,
    double *out)
{
	lua_State *L = df->L;
	double v;

	idx = lua_absindex(L, idx);
	if (!field_push(df, d, idx, path, key, required, "a number"))
		return !required;
	if (lua_type(L, -1) != LUA_TNUMBER) {
		wrong_type(df, d, path, key, "a number");
		lua_pop(L, 1);
		return false;
	}
	v = lua_tonumber(L, -1);
	lua_pop(L, 1);
	if (!(v >= min && v <= max)) {
		char *p = datafile_path(path, key);
		datafile_error(df, d, p, "'%s' must be a number from %g to %g, "
		    "not %g", p, min, max, v);
		free(p);
		return false;
	}
	*out = v;
	return true;
}

bool
datafile_integer(struct datafile *df, struct diags *d, int idx,
    const char *path, const char *key, bool required, long long min,
    long long max, long long *out)
{
	lua_State *L = df->L;
	long long v;

	idx = lua_absindex(L, idx);
	if (!field_push(df, d, idx, path, key, required, "an integer"))
		return !required;
	if (!lua_isinteger(L, -1)) {
		wrong_type(df, d, path, key, "an integer");
		lua_pop(L, 1);
		return false;
	}
	v = (long long)lua_tointeger(L, -1);
	lua_pop(L, 1);
	if (v < min || v > max) {
		char *p = datafile_path(path, key);
		datafile_error(df, d, p, "'%s' must be an integer from %lld to "
		    "%lld, not %lld", p, min, max, v);
		free(p);
		return false;
	}
	*out = v;
	return true;
}

bool
datafile_boolean(struct datafile *df, struct diags *d, int idx,
    const char *path, const char *key, bool required, bool *out)
{
	lua_State *L = df->L;

	idx = lua_absindex(L, idx);
	if (!field_push(df, d, idx, path, key, required, "true or false"))
		return !required;
	if (!lua_isboolean(L, -1)) {
		wrong_type(df, d, path, key, "true or false");
		lua_pop(L, 1);
		return false;
	}
	*out = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return true;
}

bool
datafile_table(struct datafile *df, struct diags *d, int idx,
    const char *path, const char *key, bool required)
{
	lua_State *L = df->L;

	idx = lua_absindex(L, idx);
	if (!field_push(df, d, idx, path, key, required, "a table"))
		return false;
	if (!lua_istable(L, -1)) {
		wrong_type(df, d, path, key, "a table");
		lua_pop(L, 1);
		return false;
	}
	return true;
}

bool
datafile_string_list(struct datafile *df, struct diags *d, int idx,
    const char *path, const char *key, bool required, char ***out, int *n)
{
	lua_State *L = df->L;
	char *p;
	lua_Integer len;
	bool ok = true;

	idx = lua_absindex(L, idx);
	*out = xcalloc(1, sizeof **out);
	*n = 0;
	if (!field_push(df, d, idx, path, key, required, "a list of strings"))
		return !required;
	if (!lua_istable(L, -1)) {
		wrong_type(df, d, path, key, "a list of strings");
		lua_pop(L, 1);
		return false;
	}
	p = datafile_path(path, key);
	len = (lua_Integer)lua_rawlen(L, -1);
	*out = xrealloc(*out, (size_t)(len + 1) * sizeof **out);
	for (lua_Integer i = 1; i <= len; i++) {
		lua_rawgeti(L, -1, i);
		if (lua_type(L, -1) != LUA_TSTRING) {
			char *ip = datafile_path_index(p, (int)i);
			datafile_error(df, d, ip, "'%s' must be a string, not %s",
			    ip, type_phrase(L, -1));
			free(ip);
			ok = false;
		} else
			(*out)[(*n)++] = xstrdup(lua_tostring(L, -1));
		lua_pop(L, 1);
	}
	(*out)[*n] = NULL;
	free(p);
	lua_pop(L, 1);
	return ok;
}

void
datafile_free_list(char **list)
{
	if (list == NULL)
		return;
	for (char **p = list; *p != NULL; p++)
		free(*p);
	free(list);
}
