/*
 * The sandbox's pattern functions (src/lesson/pattern.c) against Lua's own
 * string library: the same driver runs hand-written and generated cases in
 * both, and every result, error message included, must be the same. Then
 * the step budget: patterns that backtrack for hours stop within a bounded
 * time on long and short texts alike.
 */
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include <lauxlib.h>
#include <lualib.h>

#include "sandbox.h"
#include "test.h"

static const char driver[] =
"local S, T, seed = ...\n"
"local out = {}\n"
"local function ser(ok, ...)\n"
"  local t = { tostring(ok) }\n"
"  for i = 1, select('#', ...) do\n"
"    local v = select(i, ...)\n"
"    if not ok and type(v) == 'string' then\n"
"      -- Which name a C function is known by differs; the rest may not.\n"
"      v = S.gsub(v, \"^bad argument #(%d+) to '[^']*'\", 'bad argument #%1')\n"
"    end\n"
"    t[#t + 1] = type(v) .. ':' .. tostring(v)\n"
"  end\n"
"  return T.concat(t, '|')\n"
"end\n"
"local function gm(s, p, init)\n"
"  local r = {}\n"
"  for a, b, c in S.gmatch(s, p, init) do\n"
"    r[#r + 1] = tostring(a) .. ',' .. tostring(b) .. ',' .. tostring(c)\n"
"    if #r > 30 then break end\n"
"  end\n"
"  return T.concat(r, ';')\n"
"end\n"
"local function case(s, p, init, repl, n)\n"
"  out[#out + 1] = T.concat({ s, p, tostring(init),\n"
"    ser(pcall(S.find, s, p, init)), ser(pcall(S.find, s, p, init, true)),\n"
"    ser(pcall(S.match, s, p, init)), ser(pcall(gm, s, p, init)),\n"
"    ser(pcall(S.gsub, s, p, repl or '<%0>', n)) }, ' ## ')\n"
"end\n"
/* Hand-written: every item of the pattern language and every error. */
"local fixed = {\n"
"  { 'hello world', 'o' }, { 'hello world', 'o', 6 }, { 'hello', 'l+' },\n"
"  { 'hello', '^h' }, { 'hello', '^e' }, { 'hello', 'o$' }, { 'hello', 'l$' },\n"
"  { 'a$b', 'a$b' }, { 'hello', '' }, { '', '' }, { '', 'a*' },\n"
"  { 'abc', '()b()' }, { 'key = value', '(%w+)%s*=%s*(%w+)' },\n"
"  { 'f(a(b)c)d', '%b()' }, { 'f(a(b c', '%b()' }, { 'THE (quick) fox', '%f[%a]%a+' },\n"
"  { 'hello hello', '(h%a+) %1' }, { 'abab', '(ab)%1' }, { 'x', '%1' },\n"
"  { 'a.b-c', '[%.%-]' }, { 'a]b', '[]]' }, { 'a]b', '[%]]' }, { 'a-z', '[a%-z]+' },\n"
"  { 'abc123', '[^%d]+' }, { 'abc123', '[a-b]+' }, { 'x^y', '[x^]+' },\n"
"  { 'aaa', 'a-' }, { 'aaa', 'a-$' }, { 'aaab', 'a-b' }, { 'aaa', 'a?a?a?a?' },\n"
"  { 'X: 1.00 Y: -2.5 Z: 0.30 E:0.00', 'X:%s*(%-?[%d.]+)%s+Y:%s*(%-?[%d.]+)%s+Z:%s*(%-?[%d.]+)' },\n"
"  { 'FIRMWARE_NAME:Marlin 2.1.2 (Sep 1 2023)', 'FIRMWARE_NAME:(%S+) (%S+)' },\n"
"  { 'a\\0b\\0c', '%z' }, { 'a\\0b\\0c', '\\0b' }, { 'a\\0b', '[\\0]' }, { 'a\\0b', 'b', -1 },\n"
"  { 'abc', 'c', -1 }, { 'abc', 'a', -10 }, { 'abc', 'a', 10 }, { 'abc', '', 4 }, { 'abc', '', 5 },\n"
"  { 'abc', '%' }, { 'abc', '[a' }, { 'abc', '[^' }, { 'abc', '(' }, { 'abc', ')' },\n"
"  { 'abc', '%b' }, { 'abc', '%ba' }, { 'abc', '%f' }, { 'abc', '%fa' }, { 'abc', '(()' },\n"
"  { 'abc', '%g' }, { 'abc', '%2' }, { 'abc', '(a%1)' }, { 'abc', '%0' },\n"
"  { S.rep('a', 40), S.rep('(a)', 33) }, { S.rep('a', 40), S.rep('(a)', 32) },\n"
"  { 'one two  three', '%s*' }, { 'one two', '%w*' }, { 'abc', '.-' }, { 'abc', 'x*' },\n"
"  { 'hello world', '(o)', nil, '[%1]' }, { 'hello', 'l', nil, '%%' }, { 'hello', 'l', nil, '%' },\n"
"  { 'hello', 'l', nil, '%x' }, { 'hello', 'l', nil, '%2' }, { 'hello', '()l', nil, '%1' },\n"
"  { 'hello', 'l', nil, 'L', 1 }, { 'hello', 'l', nil, 'L', 0 }, { 'hello', 'l', nil, 'L', -1 },\n"
"  { 'hello', '^l', nil, 'L' }, { 'hello', '^h', nil, 'H' }, { 'hello', '', nil, '-' },\n"
"  { 'abc', '%w', nil, { a = 'A', b = false } }, { 'abc', '(%w)', nil, { a = 1 } },\n"
"  { 'abc', '%w', nil, { a = {} } }, { 'abc', '%w', nil, function(c) return c == 'b' and 'B' end },\n"
"  { 'abc', '(%w)()', nil, function(c, p) return c .. p end },\n"
"  { 'abc', '%w', nil, function() return {} end }, { 'abc', '%w', nil, 12 }, { 'abc', '%w', nil, true },\n"
"  { 'a,b,,c', '([^,]*)' }, { 'a b', '%f[%w]%w+' }, { 'x', '%f[^\\0]' },\n"
"}\n"
"for _, c in ipairs(fixed) do case(c[1], c[2], c[3], c[4], c[5]) end\n"
/* Generated: short texts and patterns from a small alphabet. */
"local state = seed\n"
"local function rnd(n) state = (state * 1103515245 + 12345) % 2147483648; return state % n + 1 end\n"
"local chars = { 'a', 'b', '(', ')', '.', ' ', '%', '-', '1', '\\0' }\n"
"local items = { 'a', 'b', '.', '%a', '%d', '%s', '%%', '[ab]', '[^a]', '[a-c]', '[%a%-]',\n"
"  '(', ')', '()', '*', '+', '-', '?', '^', '$', '%b()', '%f[a]', '%f[%s]', '%1', '%2',\n"
"  '(a)', '(.-)', '%', '[', ']', '%.', '%(' }\n"
"local repls = { '<%0>', '%1', '%%', 'x', '%2', '%' }\n"
"for _ = 1, 6000 do\n"
"  local s, p = {}, {}\n"
"  for i = 1, rnd(13) - 1 do s[i] = chars[rnd(#chars)] end\n"
"  for i = 1, rnd(7) - 1 do p[i] = items[rnd(#items)] end\n"
"  local init = nil\n"
"  if rnd(4) == 1 then init = rnd(17) - 8 end\n"
"  case(T.concat(s), T.concat(p), init, repls[rnd(#repls)], rnd(5) == 1 and rnd(3) - 1 or nil)\n"
"end\n"
"return T.concat(out, '\\n')\n";

/* The results, NUL bytes written as "\\0" so they compare as C strings. */
static char *
run_driver(lua_State *L, int strlib, int tablib)
{
	const char *out;
	size_t len, n = 0;
	char *res;

	strlib = lua_absindex(L, strlib);
	tablib = lua_absindex(L, tablib);
	if (luaL_loadstring(L, driver) != LUA_OK) {
		fprintf(stderr, "driver: %s\n", lua_tostring(L, -1));
		return NULL;
	}
	lua_pushvalue(L, strlib);
	lua_pushvalue(L, tablib);
	lua_pushinteger(L, 20261203);
	if (lua_pcall(L, 3, 1, 0) != LUA_OK) {
		fprintf(stderr, "driver: %s\n", lua_tostring(L, -1));
		return NULL;
	}
	out = lua_tolstring(L, -1, &len);
	res = malloc(2 * len + 1);
	for (size_t i = 0; i < len; i++) {
		if (out[i] == '\0') {
			res[n++] = '\\';
			res[n++] = '0';
		} else {
			res[n++] = out[i];
		}
	}
	res[n] = '\0';
	lua_pop(L, 1);
	return res;
}

static void
report_first_difference(const char *a, const char *b)
{
	int line = 1;
	const char *la = a, *lb = b;

	while (*a != '\0' && *a == *b) {
		if (*a == '\n') {
			line++;
			la = a + 1;
			lb = b + 1;
		}
		a++;
		b++;
	}
	fprintf(stderr, "case %d differs:\n  sandbox: %.*s\n  lua:     %.*s\n",
	    line, (int)strcspn(la, "\n"), la, (int)strcspn(lb, "\n"), lb);
}

/* Every result of find, match, gmatch and gsub is Lua's. */
static void
test_same_as_lua(void)
{
	struct sandbox *sb = sandbox_new(64u << 20, 1000000000L, NULL, NULL);
	lua_State *ref = luaL_newstate();
	char *mine, *theirs;

	sandbox_push_library(sb);			/* B */
	lua_getfield(sb->L, -1, "string");
	lua_getfield(sb->L, -2, "table");
	mine = run_driver(sb->L, -2, -1);

	luaL_openlibs(ref);
	lua_getglobal(ref, "string");
	lua_getglobal(ref, "table");
	theirs = run_driver(ref, -2, -1);

	CHECK(mine != NULL && theirs != NULL);
	if (mine != NULL && theirs != NULL) {
		fprintf(stderr, "%zu bytes of results\n", strlen(theirs));
		CHECK(strlen(theirs) > 100000);
		CHECK(strcmp(mine, theirs) == 0);
		if (strcmp(mine, theirs) != 0)
			report_first_difference(mine, theirs);
	}
	free(mine);
	free(theirs);
	lua_close(ref);
	sandbox_free(sb);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Runs code in a sandbox with a budget, as a lesson's step runs; returns
 * the error text (or "ok") and the seconds it took.
 */
static char *
run_budgeted(const char *code, long budget, double *seconds)
{
	struct sandbox *sb = sandbox_new(64u << 20, budget, "budget spent",
	    NULL);
	lua_State *L = sb->L, *co;
	char *res;
	int nres, rc;
	double t0;

	lua_newtable(L);			/* E */
	sandbox_push_library(sb);		/* E B */
	sandbox_fill_env(sb, 1, 2, NULL);
	if (luaL_loadstring(L, code) != LUA_OK)
		return strdup(lua_tostring(L, -1));
	lua_pushvalue(L, 1);
	lua_setupvalue(L, -2, 1);
	co = lua_newthread(L);
	lua_insert(L, -2);
	lua_xmove(L, co, 1);
	t0 = now_s();
	sandbox_arm(sb, co);
	rc = lua_resume(co, L, 0, &nres);
	*seconds = now_s() - t0;
	res = strdup(rc == LUA_OK ? "ok" : lua_tostring(co, -1));
	sandbox_free(sb);
	return res;
}

/* The brief's own case: 64 bytes, twelve lazy items, no 'b' to find. */
static void
test_backtracking_stops(void)
{
	double s;
	char *msg;

	msg = run_budgeted("return string.find(string.rep('a', 64), "
	    "string.rep('.-', 12) .. 'b')", 100000000L, &s);
	CHECK(strstr(msg, "string.find: the pattern takes more than") != NULL);
	CHECK(s < 1.0);
	fprintf(stderr, "one refused find: %.1f ms\n", s * 1000);
	free(msg);

	/* Caught and tried again, it spends the budget and the run ends. */
	msg = run_budgeted("while true do pcall(string.match, "
	    "string.rep('a', 64), string.rep('.-', 12) .. 'b') end",
	    10000000L, &s);
	CHECK(strstr(msg, ": budget spent") != NULL);
	CHECK(s < 5.0);
	free(msg);

	/* gmatch: each step of the loop is budgeted. */
	msg = run_budgeted("for x in ('a'):rep(5000):gmatch('a-a-a-a-a-b') do end",
	    100000000L, &s);
	CHECK(strstr(msg, "string.gmatch: the pattern takes more than") != NULL);
	free(msg);

	/* Ordinary work is untouched. */
	msg = run_budgeted("local t = ('x = 1\\n'):rep(10000)\n"
	    "local n = 0 for k, v in t:gmatch('(%w+) = (%d+)') do n = n + v end\n"
	    "assert(n == 10000)\n"
	    "assert(select(2, t:gsub('\\n', ';')) == 10000)\n"
	    "assert(('ok 123'):match('^ok (%d+)$') == '123')", 10000000L, &s);
	CHECK_STR(msg, "ok");
	free(msg);
}

/* Code that cannot yield (a sort comparator) may not run for long. */
static void
test_stuck_limit(void)
{
	double s;
	char *msg = run_budgeted("local t = {} for i = 1, 100 do t[i] = i end\n"
	    "table.sort(t, function(a, b) while true do end end)",
	    1000000000L, &s);

	CHECK(strstr(msg, "budget spent") != NULL);
	fprintf(stderr, "%s\n", msg);
	fprintf(stderr, "a comparator that loops stopped after %.1f ms\n",
	    s * 1000);
	free(msg);
	msg = run_budgeted("local t = {} for i = 1, 200000 do t[i] = i end\n"
	    "table.sort(t)", 1000000000L, &s);
	CHECK(strstr(msg, "table.sort: more than 100000 elements") != NULL);
	free(msg);
}

int
main(void)
{
	RUN(test_same_as_lua);
	RUN(test_backtracking_stops);
	RUN(test_stuck_limit);
	TEST_MAIN_END();
}
