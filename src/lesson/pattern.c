/*
 * string.find, match, gmatch and gsub for the sandbox: Lua 5.4's pattern
 * language (reference manual §6.4.1) matched with a step counter.
 *
 * Why a matcher of our own: Lua's count hook fires between VM
 * instructions, never inside the C matcher of lstrlib, so one call such as
 * find(rep("a", 64), rep(".-", 12) .. "b") backtracks for hours without the
 * instruction budget ever seeing it, and the loop (the emergency stop) waits
 * for it. Guessing from the pattern's shape which calls are slow cannot be
 * made exact. Here every step of the matcher (one pattern item tried at one
 * place, one character of a %b scan or a back-reference) is counted: a call
 * spends steps from the lesson's instruction budget, and no single call may
 * take more than SANDBOX_PATTERN_STEPS (a few milliseconds), because a call
 * cannot be paused for the loop halfway through. A call that would need more
 * fails with an error the lesson can catch; one that spends the rest of the
 * budget ends the run like any endless loop.
 *
 * The results, including error messages, are Lua's own: the differential
 * test (tests/lesson/test_pattern.c) checks them against lstrlib.
 */
#define _GNU_SOURCE		/* memmem: linear time, unlike a naive scan */
#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <lauxlib.h>

#include "sandbox.h"

#define PAT_ESC '%'
#define PAT_SPECIALS "^$*+?.([%-"
#define PAT_MAXCAPTURES 32	/* LUA_MAXCAPTURES */
#define PAT_MAXDEPTH 200	/* recursion, as lstrlib's MAXCCALLS */
#define CAP_UNFINISHED (-1)
#define CAP_POSITION (-2)

struct pat {
	const char *src_init, *src_end, *p_end;
	lua_State *L;
	struct sandbox *sb;
	const char *fname;	/* "find", ... for messages */
	long limit;		/* steps this call may take */
	long call_left;		/* of which are left */
	bool budget_bound;	/* the limit is what is left of the budget */
	int depth;		/* recursion left */
	int level;		/* captures open or closed so far */
	struct {
		const char *init;
		ptrdiff_t len;
	} capture[PAT_MAXCAPTURES];
};

/* Steps are counted here and charged to the sandbox once per call. */
static void
pat_start(struct pat *ms)
{
	ms->limit = SANDBOX_PATTERN_STEPS;
	ms->budget_bound = false;
	if (ms->sb != NULL && !ms->sb->killed && ms->sb->left < ms->limit) {
		ms->limit = ms->sb->left > 0 ? ms->sb->left : 1;
		ms->budget_bound = true;
	}
	ms->call_left = ms->limit;
}

static void
pat_done(struct pat *ms)
{
	if (ms->sb != NULL)
		sandbox_charge(ms->sb, ms->L, ms->limit - ms->call_left);
}

static void
pat_charge(struct pat *ms, long steps)
{
	ms->call_left -= steps;
	if (ms->call_left >= 0)
		return;
	/* The budget's end kills the run; the call's own limit is an error
	 * the lesson may catch. */
	ms->call_left = 0;
	pat_done(ms);
	if (ms->budget_bound && ms->sb != NULL)
		sandbox_charge(ms->sb, ms->L, 1);
	luaL_error(ms->L, "string.%s: the pattern takes more than %d "
	    "steps on this text (too much backtracking)", ms->fname,
	    SANDBOX_PATTERN_STEPS);
}

static const char *pat_match(struct pat *ms, const char *s, const char *p);

static int
pat_check_capture(struct pat *ms, int l)
{
	l -= '1';
	if (l < 0 || l >= ms->level || ms->capture[l].len == CAP_UNFINISHED)
		return luaL_error(ms->L, "invalid capture index %%%d", l + 1);
	return l;
}

static int
pat_capture_to_close(struct pat *ms)
{
	int level = ms->level;

	for (level--; level >= 0; level--)
		if (ms->capture[level].len == CAP_UNFINISHED)
			return level;
	return luaL_error(ms->L, "invalid pattern capture");
}

/* The end of the single-character class starting at p. Lua strings end in
 * a NUL, so reading *p at p_end is safe, as in lstrlib. */
static const char *
pat_class_end(struct pat *ms, const char *p)
{
	switch (*p++) {
	case PAT_ESC:
		if (p == ms->p_end)
			luaL_error(ms->L, "malformed pattern (ends with '%%')");
		return p + 1;
	case '[':
		if (*p == '^')
			p++;
		do {
			if (p == ms->p_end)
				luaL_error(ms->L, "malformed pattern (missing ']')");
			if (*(p++) == PAT_ESC && p < ms->p_end)
				p++;
		} while (*p != ']');
		return p + 1;
	default:
		return p;
	}
}

static int
pat_class(int c, int cl)
{
	int res;

	switch (tolower(cl)) {
	case 'a': res = isalpha(c); break;
	case 'c': res = iscntrl(c); break;
	case 'd': res = isdigit(c); break;
	case 'g': res = isgraph(c); break;
	case 'l': res = islower(c); break;
	case 'p': res = ispunct(c); break;
	case 's': res = isspace(c); break;
	case 'u': res = isupper(c); break;
	case 'w': res = isalnum(c); break;
	case 'x': res = isxdigit(c); break;
	case 'z': res = c == 0; break;	/* deprecated, still Lua's */
	default: return cl == c;
	}
	if (isupper(cl))
		res = !res;
	return res;
}

/* p at '[', ec at the closing ']'. */
static int
pat_bracket(int c, const char *p, const char *ec)
{
	int sig = 1;

	if (*(p + 1) == '^') {
		sig = 0;
		p++;
	}
	while (++p < ec) {
		if (*p == PAT_ESC) {
			p++;
			if (pat_class(c, (unsigned char)*p))
				return sig;
		} else if (*(p + 1) == '-' && p + 2 < ec) {
			p += 2;
			if ((unsigned char)*(p - 2) <= c && c <= (unsigned char)*p)
				return sig;
		} else if ((unsigned char)*p == c) {
			return sig;
		}
	}
	return !sig;
}

static int
pat_single(struct pat *ms, const char *s, const char *p, const char *ep)
{
	int c;

	if (s >= ms->src_end)
		return 0;
	c = (unsigned char)*s;
	switch (*p) {
	case '.': return 1;
	case PAT_ESC: return pat_class(c, (unsigned char)*(p + 1));
	case '[': return pat_bracket(c, p, ep - 1);
	default: return (unsigned char)*p == c;
	}
}

static const char *
pat_balance(struct pat *ms, const char *s, const char *p)
{
	int b, e, cont = 1;

	if (p >= ms->p_end - 1)
		luaL_error(ms->L, "malformed pattern (missing arguments to "
		    "'%%b')");
	if (s >= ms->src_end || *s != *p)
		return NULL;
	b = *p;
	e = *(p + 1);
	while (++s < ms->src_end) {
		pat_charge(ms, 1);
		if (*s == e) {
			if (--cont == 0)
				return s + 1;
		} else if (*s == b) {
			cont++;
		}
	}
	return NULL;
}

static const char *
pat_max_expand(struct pat *ms, const char *s, const char *p, const char *ep)
{
	ptrdiff_t i = 0;

	while (pat_single(ms, s + i, p, ep)) {
		pat_charge(ms, 1);
		i++;
	}
	while (i >= 0) {
		const char *res = pat_match(ms, s + i, ep + 1);
		if (res != NULL)
			return res;
		i--;
	}
	return NULL;
}

static const char *
pat_min_expand(struct pat *ms, const char *s, const char *p, const char *ep)
{
	for (;;) {
		const char *res = pat_match(ms, s, ep + 1);
		if (res != NULL)
			return res;
		if (!pat_single(ms, s, p, ep))
			return NULL;
		s++;
	}
}

static const char *
pat_start_capture(struct pat *ms, const char *s, const char *p,
    ptrdiff_t what)
{
	const char *res;

	if (ms->level >= PAT_MAXCAPTURES)
		luaL_error(ms->L, "too many captures");
	ms->capture[ms->level].init = s;
	ms->capture[ms->level].len = what;
	ms->level++;
	if ((res = pat_match(ms, s, p)) == NULL)
		ms->level--;
	return res;
}

static const char *
pat_end_capture(struct pat *ms, const char *s, const char *p)
{
	int l = pat_capture_to_close(ms);
	const char *res;

	ms->capture[l].len = s - ms->capture[l].init;
	if ((res = pat_match(ms, s, p)) == NULL)
		ms->capture[l].len = CAP_UNFINISHED;
	return res;
}

static const char *
pat_back_reference(struct pat *ms, const char *s, int l)
{
	size_t len;

	l = pat_check_capture(ms, l);
	len = (size_t)ms->capture[l].len;
	pat_charge(ms, (long)(len / 32));
	if ((size_t)(ms->src_end - s) >= len &&
	    memcmp(ms->capture[l].init, s, len) == 0)
		return s + len;
	return NULL;
}

static const char *
pat_match(struct pat *ms, const char *s, const char *p)
{
	if (ms->depth-- == 0)
		luaL_error(ms->L, "pattern too complex");
again:
	pat_charge(ms, 1);
	if (p != ms->p_end) {
		switch (*p) {
		case '(':
			if (*(p + 1) == ')')
				s = pat_start_capture(ms, s, p + 2, CAP_POSITION);
			else
				s = pat_start_capture(ms, s, p + 1,
				    CAP_UNFINISHED);
			break;
		case ')':
			s = pat_end_capture(ms, s, p + 1);
			break;
		case '$':
			if (p + 1 != ms->p_end)
				goto single;
			s = s == ms->src_end ? s : NULL;
			break;
		case PAT_ESC:
			switch (*(p + 1)) {
			case 'b':
				s = pat_balance(ms, s, p + 2);
				if (s != NULL) {
					p += 4;
					goto again;
				}
				break;
			case 'f': {
				const char *ep;
				int prev;

				p += 2;
				if (*p != '[')
					luaL_error(ms->L, "missing '[' after "
					    "'%%f' in pattern");
				ep = pat_class_end(ms, p);
				prev = s == ms->src_init ? '\0' :
				    (unsigned char)*(s - 1);
				if (!pat_bracket(prev, p, ep - 1) &&
				    pat_bracket((unsigned char)*s, p, ep - 1)) {
					p = ep;
					goto again;
				}
				s = NULL;
				break;
			}
			case '0': case '1': case '2': case '3': case '4':
			case '5': case '6': case '7': case '8': case '9':
				s = pat_back_reference(ms, s,
				    (unsigned char)*(p + 1));
				if (s != NULL) {
					p += 2;
					goto again;
				}
				break;
			default:
				goto single;
			}
			break;
		default:
		single: {
			const char *ep = pat_class_end(ms, p);

			if (!pat_single(ms, s, p, ep)) {
				if (*ep == '*' || *ep == '?' || *ep == '-') {
					p = ep + 1;
					goto again;
				}
				s = NULL;
				break;
			}
			switch (*ep) {
			case '?': {
				const char *res = pat_match(ms, s + 1, ep + 1);
				if (res != NULL) {
					s = res;
				} else {
					p = ep + 1;
					goto again;
				}
				break;
			}
			case '+':
				s = pat_max_expand(ms, s + 1, p, ep);
				break;
			case '*':
				s = pat_max_expand(ms, s, p, ep);
				break;
			case '-':
				s = pat_min_expand(ms, s, p, ep);
				break;
			default:
				s++;
				p = ep;
				goto again;
			}
			break;
		}
		}
	}
	ms->depth++;
	return s;
}

/* Pushes capture i (or the whole match when there are none); returns its
 * length, CAP_POSITION when a position was pushed. */
static ptrdiff_t
pat_get_capture(struct pat *ms, int i, const char *s, const char *e,
    const char **cap)
{
	ptrdiff_t l;

	if (i >= ms->level) {
		if (i != 0)
			luaL_error(ms->L, "invalid capture index %%%d", i + 1);
		*cap = s;
		return e - s;
	}
	l = ms->capture[i].len;
	*cap = ms->capture[i].init;
	if (l == CAP_UNFINISHED)
		luaL_error(ms->L, "unfinished capture");
	else if (l == CAP_POSITION)
		lua_pushinteger(ms->L, (ms->capture[i].init - ms->src_init) + 1);
	return l;
}

static void
pat_push_capture(struct pat *ms, int i, const char *s, const char *e)
{
	const char *cap;
	ptrdiff_t l = pat_get_capture(ms, i, s, e, &cap);

	if (l != CAP_POSITION)
		lua_pushlstring(ms->L, cap, (size_t)l);
}

static int
pat_push_captures(struct pat *ms, const char *s, const char *e)
{
	int n = ms->level == 0 && s != NULL ? 1 : ms->level;

	luaL_checkstack(ms->L, n, "too many captures");
	for (int i = 0; i < n; i++)
		pat_push_capture(ms, i, s, e);
	return n;
}

static void
pat_init(struct pat *ms, lua_State *L, const char *fname, const char *s,
    size_t ls, const char *p, size_t lp)
{
	ms->L = L;
	ms->sb = sandbox_of(L);
	ms->fname = fname;
	pat_start(ms);
	ms->src_init = s;
	ms->src_end = s + ls;
	ms->p_end = p + lp;
}

static void
pat_restart(struct pat *ms)
{
	ms->level = 0;
	ms->depth = PAT_MAXDEPTH;
}

/* A position argument as lstrlib reads it: negative counts from the end. */
static size_t
pat_position(lua_Integer pos, size_t len)
{
	if (pos > 0)
		return (size_t)pos;
	if (pos == 0)
		return 1;
	if (pos < -(lua_Integer)len)
		return 1;
	return len + (size_t)pos + 1;
}

static int
pat_has_specials(const char *p, size_t l)
{
	size_t upto = 0;

	do {
		if (strpbrk(p + upto, PAT_SPECIALS) != NULL)
			return 1;
		upto += strlen(p + upto) + 1;	/* past an embedded NUL */
	} while (upto <= l);
	return 0;
}

static int
pat_find_aux(lua_State *L, int find)
{
	const char *fname = find ? "find" : "match";
	size_t ls, lp, init;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	struct pat ms;

	init = pat_position(luaL_optinteger(L, 3, 1), ls) - 1;
	if (init > ls) {
		luaL_pushfail(L);
		return 1;
	}
	if (find && (lua_toboolean(L, 4) || !pat_has_specials(p, lp))) {
		const char *hit = lp == 0 ? s + init :
		    memmem(s + init, ls - init, p, lp);

		pat_init(&ms, L, fname, s, ls, p, lp);
		pat_charge(&ms, (long)((ls - init) / 64));
		pat_done(&ms);
		if (hit != NULL) {
			lua_pushinteger(L, (hit - s) + 1);
			lua_pushinteger(L, (lua_Integer)((size_t)(hit - s) + lp));
			return 2;
		}
	} else {
		const char *s1 = s + init;
		int anchor = *p == '^';

		if (anchor) {
			p++;
			lp--;
		}
		pat_init(&ms, L, fname, s, ls, p, lp);
		do {
			const char *res;

			pat_restart(&ms);
			if ((res = pat_match(&ms, s1, p)) != NULL) {
				pat_done(&ms);
				if (find) {
					lua_pushinteger(L, (s1 - s) + 1);
					lua_pushinteger(L, res - s);
					return pat_push_captures(&ms, NULL, 0) + 2;
				}
				return pat_push_captures(&ms, s1, res);
			}
		} while (s1++ < ms.src_end && !anchor);
		pat_done(&ms);
	}
	luaL_pushfail(L);
	return 1;
}

static int
pat_find(lua_State *L)
{
	return pat_find_aux(L, 1);
}

static int
pat_match_fn(lua_State *L)
{
	return pat_find_aux(L, 0);
}

struct pat_gmatch {
	const char *src, *p, *lastmatch;
	struct pat ms;
};

static int
pat_gmatch_next(lua_State *L)
{
	struct pat_gmatch *gm = lua_touserdata(L, lua_upvalueindex(3));

	/* Each step of the loop is a call of its own, budgeted afresh. */
	gm->ms.L = L;
	gm->ms.sb = sandbox_of(L);
	pat_start(&gm->ms);
	for (const char *src = gm->src; src <= gm->ms.src_end; src++) {
		const char *e;

		pat_restart(&gm->ms);
		if ((e = pat_match(&gm->ms, src, gm->p)) != NULL &&
		    e != gm->lastmatch) {
			gm->src = gm->lastmatch = e;
			pat_done(&gm->ms);
			return pat_push_captures(&gm->ms, src, e);
		}
	}
	pat_done(&gm->ms);
	return 0;
}

static int
pat_gmatch(lua_State *L)
{
	size_t ls, lp, init;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	struct pat_gmatch *gm;

	init = pat_position(luaL_optinteger(L, 3, 1), ls) - 1;
	lua_settop(L, 2);	/* the closure keeps both strings alive */
	gm = lua_newuserdatauv(L, sizeof *gm, 0);
	if (init > ls)
		init = ls + 1;
	pat_init(&gm->ms, L, "gmatch", s, ls, p, lp);
	gm->src = s + init;
	gm->p = p;
	gm->lastmatch = NULL;
	lua_pushcclosure(L, pat_gmatch_next, 3);
	return 1;
}

static void
pat_add_string(struct pat *ms, luaL_Buffer *b, const char *s, const char *e)
{
	lua_State *L = ms->L;
	size_t l;
	const char *news = lua_tolstring(L, 3, &l), *p;

	while ((p = memchr(news, PAT_ESC, l)) != NULL) {
		luaL_addlstring(b, news, (size_t)(p - news));
		p++;
		if (*p == PAT_ESC) {
			luaL_addchar(b, *p);
		} else if (*p == '0') {
			luaL_addlstring(b, s, (size_t)(e - s));
		} else if (isdigit((unsigned char)*p)) {
			const char *cap;
			ptrdiff_t resl = pat_get_capture(ms, *p - '1', s, e,
			    &cap);

			if (resl == CAP_POSITION)
				luaL_addvalue(b);
			else
				luaL_addlstring(b, cap, (size_t)resl);
		} else {
			luaL_error(L, "invalid use of '%c' in replacement "
			    "string", PAT_ESC);
		}
		l -= (size_t)(p + 1 - news);
		news = p + 1;
	}
	luaL_addlstring(b, news, l);
}

static int
pat_add_value(struct pat *ms, luaL_Buffer *b, const char *s, const char *e,
    int tr)
{
	lua_State *L = ms->L;

	switch (tr) {
	case LUA_TFUNCTION: {
		int n;

		lua_pushvalue(L, 3);
		n = pat_push_captures(ms, s, e);
		lua_call(L, n, 1);
		break;
	}
	case LUA_TTABLE:
		pat_push_capture(ms, 0, s, e);
		lua_gettable(L, 3);
		break;
	default:
		pat_add_string(ms, b, s, e);
		return 1;
	}
	if (!lua_toboolean(L, -1)) {
		lua_pop(L, 1);
		luaL_addlstring(b, s, (size_t)(e - s));
		return 0;
	}
	if (!lua_isstring(L, -1))
		return luaL_error(L, "invalid replacement value (a %s)",
		    luaL_typename(L, -1));
	luaL_addvalue(b);
	return 1;
}

static int
pat_gsub(lua_State *L)
{
	size_t srcl, lp;
	const char *src = luaL_checklstring(L, 1, &srcl);
	const char *p = luaL_checklstring(L, 2, &lp);
	const char *lastmatch = NULL;
	int tr = lua_type(L, 3), anchor, changed = 0;
	lua_Integer max_s = luaL_optinteger(L, 4, (lua_Integer)srcl + 1), n = 0;
	struct pat ms;
	luaL_Buffer b;

	luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING ||
	    tr == LUA_TFUNCTION || tr == LUA_TTABLE, 3,
	    "string/function/table");
	luaL_buffinit(L, &b);
	anchor = *p == '^';
	if (anchor) {
		p++;
		lp--;
	}
	pat_init(&ms, L, "gsub", src, srcl, p, lp);
	while (n < max_s) {
		const char *e;

		pat_restart(&ms);
		if ((e = pat_match(&ms, src, p)) != NULL && e != lastmatch) {
			n++;
			changed = pat_add_value(&ms, &b, src, e, tr) | changed;
			src = lastmatch = e;
		} else if (src < ms.src_end) {
			luaL_addchar(&b, *src++);
		} else {
			break;
		}
		if (anchor)
			break;
	}
	pat_done(&ms);
	if (!changed) {
		lua_pushvalue(L, 1);
	} else {
		luaL_addlstring(&b, src, (size_t)(ms.src_end - src));
		luaL_pushresult(&b);
	}
	lua_pushinteger(L, n);
	return 2;
}

void
sandbox_set_patterns(lua_State *L, int table)
{
	static const luaL_Reg fns[] = {
		{ "find", pat_find }, { "match", pat_match_fn },
		{ "gmatch", pat_gmatch }, { "gsub", pat_gsub },
		{ NULL, NULL },
	};

	table = lua_absindex(L, table);
	for (const luaL_Reg *f = fns; f->name != NULL; f++) {
		lua_pushcfunction(L, f->func);
		lua_setfield(L, table, f->name);
	}
}
