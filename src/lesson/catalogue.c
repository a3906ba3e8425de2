#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

#include "catalogue.h"
#include "po_extract.h"
#include "sandbox.h"
#include "content.h"

static const char *const module_keys[] = {
	"id", "version", "languages", "title", "summary", "eqf_level",
	"workload_hours", "prerequisites", "outcomes", "lessons", NULL,
};

static const char *const outcome_keys[] = {
	"id", "kind", "assessed_by", "title", "text", "pass", NULL,
};

static const char *const credential_keys[] = {
	"version", "title", "description", "modules", "outcomes", "eqf_level",
	"ects", "workload_hours", "assessment", "participation",
	"quality_assurance", "prerequisites", "supervision", "stackability",
	"further_information", "national_level", "hours", "minimum_age",
	"assessment_rules", "refresh_months", "builds_on", "planned_modules",
	"languages", NULL,
};

static const char *const hours_keys[] = {
	"contact", "practice", "self_study", NULL,
};

const char *
lesson_outcome_kind_code(enum lesson_outcome_kind kind)
{
	switch (kind) {
	case LESSON_OUTCOME_KNOWLEDGE: return "K";
	case LESSON_OUTCOME_SKILL: return "S";
	case LESSON_OUTCOME_RESPONSIBILITY: return "RA";
	}
	return "?";
}

const char *
lesson_outcome_kind_name(enum lesson_outcome_kind kind)
{
	switch (kind) {
	case LESSON_OUTCOME_KNOWLEDGE: return "knowledge";
	case LESSON_OUTCOME_SKILL: return "skill";
	case LESSON_OUTCOME_RESPONSIBILITY: return "responsibility-autonomy";
	}
	return "?";
}

const char *
lesson_assessment_name(enum lesson_assessment a)
{
	switch (a) {
	case LESSON_ASSESS_QUIZ: return "quiz";
	case LESSON_ASSESS_PRINTER: return "printer";
	case LESSON_ASSESS_TRAINER: return "trainer";
	}
	return "?";
}

bool
content_lang_tag_ok(const char *tag)
{
	const char *s = tag;
	int n = 0;

	/* language: 2-3 lower-case letters */
	while (islower((unsigned char)*s)) {
		s++;
		n++;
	}
	if (n < 2 || n > 3)
		return false;
	while (*s == '-') {
		const char *part = ++s;
		n = 0;
		while (isalnum((unsigned char)*s)) {
			s++;
			n++;
		}
		/* script "Latn" (4, title case) or region "BR"/"419" */
		if (n == 4 && isupper((unsigned char)part[0]) &&
		    islower((unsigned char)part[1]))
			continue;
		if (n == 2 && isupper((unsigned char)part[0]) &&
		    isupper((unsigned char)part[1]))
			continue;
		if (n == 3 && isdigit((unsigned char)part[0]))
			continue;
		return false;
	}
	return *s == '\0';
}

static bool
has_catalogues(const char *file)
{
	const char *slash = strrchr(file, '/');
	char *dir = slash != NULL ? xasprintf("%.*s/po", (int)(slash - file),
	    file) : xstrdup("po");
	bool yes = access(dir, F_OK) == 0;

	free(dir);
	return yes;
}

bool
content_text(struct datafile *df, struct diags *d, int idx, const char *path,
    const char *key, bool required, char *const *languages,
    struct i18n_text *out)
{
	lua_State *L = df->L;
	char *p = datafile_path(path, key);
	bool ok = true;
	int ndeclared = 0;

	for (char *const *l = languages; l != NULL && *l != NULL; l++)
		ndeclared++;
	idx = lua_absindex(L, idx);
	lua_getfield(L, idx, key);
	if (lua_isnil(L, -1)) {
		if (required) {
			datafile_error(df, d, path, "missing key '%s': expected "
			    "a text (a string, or { en = \"...\", ... })", p);
			ok = false;
		}
	} else if (lua_type(L, -1) == LUA_TSTRING) {
		i18n_text_add(out, ndeclared > 0 ? languages[0] : "en",
		    lua_tostring(L, -1));
		/* With catalogues (po/ beside the file) a plain string is the
		 * source text: lint's catalogue checks say what is missing. */
		if (ndeclared > 1 && !has_catalogues(df->path))
			datafile_warning(df, d, p, "'%s' is a plain string: "
			    "not translated (the module declares %d "
			    "languages)", p, ndeclared);
	} else if (lua_istable(L, -1)) {
		int t = lua_gettop(L);
		lua_pushnil(L);
		while (lua_next(L, t) != 0) {
			if (lua_type(L, -2) != LUA_TSTRING ||
			    !content_lang_tag_ok(lua_tostring(L, -2))) {
				datafile_error(df, d, p, "'%s' has a key that is "
				    "not a language tag (expected en, sl, "
				    "sr-Latn, ...)", p);
				ok = false;
			} else if (lua_type(L, -1) != LUA_TSTRING) {
				char *lp = datafile_path(p, lua_tostring(L, -2));
				datafile_error(df, d, lp, "'%s' must be a string",
				    lp);
				free(lp);
				ok = false;
			} else
				i18n_text_add(out, lua_tostring(L, -2),
				    lua_tostring(L, -1));
			lua_pop(L, 1);
		}
		if (out->n == 0) {
			datafile_error(df, d, p, "'%s' is an empty text", p);
			ok = false;
		}
		for (int i = 0; i < ndeclared && out->n > 0; i++) {
			if (!i18n_text_has(out, languages[i]))
				datafile_warning(df, d, p, "'%s' has no '%s' "
				    "translation", p, languages[i]);
		}
	} else {
		datafile_error(df, d, p, "'%s' must be a text: a string, or "
		    "{ en = \"...\", sl = \"...\" }", p);
		ok = false;
	}
	lua_pop(L, 1);
	free(p);
	return ok;
}

static bool
id_ok(const char *id)
{
	if (!isalnum((unsigned char)id[0]))
		return false;
	for (const char *c = id; *c != '\0'; c++) {
		if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_' &&
		    *c != '.')
			return false;
	}
	return strlen(id) < 64;
}

static uint64_t
fnv1a(uint64_t h, const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)data[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint64_t
hash_file(uint64_t h, const char *path)
{
	size_t len;
	char *data = file_read_all(path, &len, NULL);

	if (data != NULL) {
		h = fnv1a(h, data, len);
		free(data);
	}
	return h;
}

void
lesson_module_free(struct lesson_module *m)
{
	if (m == NULL)
		return;
	free(m->id);
	free(m->version);
	free(m->dir);
	free(m->path);
	free(m->hash);
	i18n_text_free(&m->title);
	i18n_text_free(&m->summary);
	datafile_free_list(m->languages);
	datafile_free_list(m->prerequisites);
	free(m->prerequisite_lines);
	for (int i = 0; i < m->noutcomes; i++) {
		free(m->outcomes[i].id);
		i18n_text_free(&m->outcomes[i].title);
		i18n_text_free(&m->outcomes[i].text);
		i18n_text_free(&m->outcomes[i].pass);
	}
	free(m->outcomes);
	free(m->outcome_ids);
	for (int i = 0; i < m->nlessons; i++) {
		free(m->lessons[i].id);
		free(m->lessons[i].path);
		i18n_text_free(&m->lessons[i].title);
	}
	free(m->lessons);
	po_module_po_free(m->po);
	free(m);
}

static void
read_outcomes(struct datafile *df, struct diags *d, struct lesson_module *m)
{
	lua_State *L = df->L;
	lua_Integer n;

	if (!datafile_table(df, d, 1, "", "outcomes", true))
		return;
	n = (lua_Integer)lua_rawlen(L, -1);
	if (n == 0)
		datafile_error(df, d, "outcomes", "'outcomes' is empty: a module "
		    "needs at least one learning outcome");
	m->outcomes = xcalloc((size_t)n + 1, sizeof *m->outcomes);
	for (lua_Integer i = 1; i <= n; i++) {
		char *p = datafile_path_index("outcomes", (int)i);
		struct lesson_outcome *o = &m->outcomes[m->noutcomes];
		char *kind = NULL, *by = NULL;
		bool ok = true;

		o->line = datafile_line(df, p);
		lua_rawgeti(L, -1, i);
		if (!lua_istable(L, -1)) {
			datafile_error(df, d, p, "'%s' must be a table { id = "
			    "..., kind = ..., assessed_by = ..., text = ... }",
			    p);
			lua_pop(L, 1);
			free(p);
			continue;
		}
		datafile_check_keys(df, d, -1, p, outcome_keys);
		ok &= datafile_string(df, d, -1, p, "id", true, &o->id);
		if (o->id != NULL && !id_ok(o->id)) {
			char *ip = datafile_path(p, "id");
			datafile_error(df, d, ip, "'%s' is not a valid outcome "
			    "id (letters, digits, '.', '-', '_')", o->id);
			free(ip);
			ok = false;
		}
		for (int k = 0; o->id != NULL && k < m->noutcomes; k++) {
			if (strcmp(m->outcomes[k].id, o->id) == 0) {
				char *ip = datafile_path(p, "id");
				datafile_error(df, d, ip, "duplicate outcome id "
				    "'%s' (also outcomes[%d])", o->id, k + 1);
				free(ip);
				ok = false;
			}
		}
		if (datafile_string(df, d, -1, p, "kind", true, &kind) &&
		    kind != NULL) {
			if (strcmp(kind, "knowledge") == 0 || strcmp(kind, "K") == 0)
				o->kind = LESSON_OUTCOME_KNOWLEDGE;
			else if (strcmp(kind, "skill") == 0 ||
			    strcmp(kind, "S") == 0)
				o->kind = LESSON_OUTCOME_SKILL;
			else if (strcmp(kind, "responsibility-autonomy") == 0 ||
			    strcmp(kind, "RA") == 0)
				o->kind = LESSON_OUTCOME_RESPONSIBILITY;
			else {
				char *kp = datafile_path(p, "kind");
				datafile_error(df, d, kp, "'%s' must be knowledge, "
				    "skill or responsibility-autonomy, not '%s'",
				    kp, kind);
				free(kp);
				ok = false;
			}
		} else
			ok = false;
		if (datafile_string(df, d, -1, p, "assessed_by", true, &by) &&
		    by != NULL) {
			if (strcmp(by, "quiz") == 0)
				o->assessed_by = LESSON_ASSESS_QUIZ;
			else if (strcmp(by, "printer") == 0)
				o->assessed_by = LESSON_ASSESS_PRINTER;
			else if (strcmp(by, "trainer") == 0)
				o->assessed_by = LESSON_ASSESS_TRAINER;
			else {
				char *bp = datafile_path(p, "assessed_by");
				datafile_error(df, d, bp, "'%s' must be quiz, "
				    "printer or trainer, not '%s'", bp, by);
				free(bp);
				ok = false;
			}
		} else
			ok = false;
		ok &= content_text(df, d, -1, p, "title", false, m->languages,
		    &o->title);
		ok &= content_text(df, d, -1, p, "text", true, m->languages,
		    &o->text);
		ok &= content_text(df, d, -1, p, "pass", true, m->languages,
		    &o->pass);
		free(kind);
		free(by);
		lua_pop(L, 1);
		free(p);
		if (ok && o->id != NULL)
			m->noutcomes++;
		else {
			free(o->id);
			i18n_text_free(&o->title);
			i18n_text_free(&o->text);
			i18n_text_free(&o->pass);
			memset(o, 0, sizeof *o);
		}
	}
	lua_pop(L, 1);
}

/* A lesson file's global that does nothing: lesson titles only need the
 * file's returned table, not its API. */
static int
title_noop(lua_State *L)
{
	(void)L;
	return 0;
}

static int
title_identity(lua_State *L)
{
	lua_settop(L, 1);
	return 1;
}

static int
title_env_index(lua_State *L)
{
	lua_pushcfunction(L, title_noop);
	return 1;
}

/*
 * The lesson's title for catalogues and menus: the file runs in a fresh
 * sandbox where lesson{} hands its table back and every other name is a
 * function that does nothing (step bodies are never called). A file that
 * does not run leaves the title empty; lint reports why.
 */
static void
read_lesson_title(struct lesson_entry *e)
{
	struct sandbox *sb = sandbox_new(DATAFILE_MEMORY_CAP,
	    DATAFILE_INSTRUCTION_BUDGET, NULL, NULL);
	lua_State *L = sb->L;
	char *src;
	size_t len;

	if ((src = file_read_all(e->path, &len, NULL)) == NULL) {
		sandbox_free(sb);
		return;
	}
	if (luaL_loadbufferx(L, src, len, e->path, "t") == LUA_OK) {
		lua_newtable(L);			/* chunk env */
		lua_pushcfunction(L, title_identity);
		lua_setfield(L, -2, "lesson");
		/* _"..." marks a text for translation: the source text. */
		lua_pushcfunction(L, title_identity);
		lua_setfield(L, -2, "_");
		lua_newtable(L);			/* chunk env meta */
		lua_pushcfunction(L, title_env_index);
		lua_setfield(L, -2, "__index");
		lua_setmetatable(L, -2);		/* chunk env */
		lua_setupvalue(L, -2, 1);		/* chunk */
		sandbox_arm(sb, L);
		if (lua_pcall(L, 0, 1, 0) == LUA_OK && lua_istable(L, -1)) {
			lua_getfield(L, -1, "title");
			if (lua_type(L, -1) == LUA_TSTRING)
				i18n_text_add(&e->title, "", lua_tostring(L, -1));
			else if (lua_istable(L, -1)) {
				lua_pushnil(L);
				while (lua_next(L, -2) != 0) {
					if (lua_type(L, -2) == LUA_TSTRING &&
					    lua_type(L, -1) == LUA_TSTRING)
						i18n_text_add(&e->title,
						    lua_tostring(L, -2),
						    lua_tostring(L, -1));
					lua_pop(L, 1);
				}
			}
			lua_pop(L, 1);
			/* A screen can say a printer lesson cannot start now
			 * before it starts. */
			lua_getfield(L, -1, "needs");
			if (lua_istable(L, -1)) {
				lua_getfield(L, -1, "printer");
				e->needs_printer = lua_toboolean(L, -1);
				lua_pop(L, 1);
			}
			lua_pop(L, 1);
		}
	}
	free(src);
	sandbox_free(sb);
}

static void
read_lessons(struct datafile *df, struct diags *d, struct lesson_module *m)
{
	char **ids = NULL;
	int n = 0;

	if (!datafile_string_list(df, d, 1, "", "lessons", true, &ids, &n)) {
		datafile_free_list(ids);
		return;
	}
	if (n == 0)
		datafile_error(df, d, "lessons", "'lessons' is empty: list the "
		    "module's lesson files in order");
	m->lessons = xcalloc((size_t)n + 1, sizeof *m->lessons);
	for (int i = 0; i < n; i++) {
		char *p = datafile_path_index("lessons", i + 1);
		bool dup = false;
		for (int k = 0; k < m->nlessons; k++)
			dup = dup || strcmp(m->lessons[k].id, ids[i]) == 0;
		if (!id_ok(ids[i]))
			datafile_error(df, d, p, "'%s' is not a valid lesson id "
			    "(letters, digits, '.', '-', '_')", ids[i]);
		else if (dup)
			datafile_error(df, d, p, "duplicate lesson id '%s'",
			    ids[i]);
		else {
			char *path = xasprintf("%s/%s.lua", m->dir, ids[i]);
			if (access(path, R_OK) != 0) {
				datafile_error(df, d, p, "lesson '%s': cannot "
				    "read %s: %s", ids[i], path, strerror(errno));
				free(path);
			} else {
				m->lessons[m->nlessons].id = xstrdup(ids[i]);
				m->lessons[m->nlessons].path = path;
				read_lesson_title(&m->lessons[m->nlessons]);
				m->nlessons++;
			}
		}
		free(p);
	}
	datafile_free_list(ids);
}

struct lesson_module *
module_check(const char *dir, struct diags *d)
{
	struct lesson_module *m;
	struct datafile *df;
	const char *base;
	char *path = xasprintf("%s/module.lua", dir), *dirname;
	long long eqf = 0;
	uint64_t h;

	if ((df = datafile_load(path, d)) == NULL) {
		free(path);
		return NULL;
	}
	m = xcalloc(1, sizeof *m);
	m->dir = xstrdup(dir);
	m->path = path;
	dirname = xstrdup(dir);
	while (strlen(dirname) > 1 && dirname[strlen(dirname) - 1] == '/')
		dirname[strlen(dirname) - 1] = '\0';
	base = strrchr(dirname, '/');
	base = base != NULL ? base + 1 : dirname;

	datafile_check_keys(df, d, 1, "", module_keys);
	m->id_line = datafile_line(df, "id");
	if (datafile_string(df, d, 1, "", "id", true, &m->id) &&
	    m->id != NULL && strcmp(m->id, base) != 0)
		datafile_error(df, d, "id", "module id '%s' must match its "
		    "directory name '%s'", m->id, base);
	if (m->id == NULL)
		m->id = xstrdup(base);
	free(dirname);
	datafile_string(df, d, 1, "", "version", true, &m->version);
	if (datafile_string_list(df, d, 1, "", "languages", true,
	    &m->languages, &m->nlanguages)) {
		if (m->nlanguages == 0)
			datafile_error(df, d, "languages", "'languages' is "
			    "empty: list the languages the module is written "
			    "in, e.g. { \"en\", \"sl\" }");
		for (int i = 0; i < m->nlanguages; i++) {
			if (!content_lang_tag_ok(m->languages[i])) {
				char *p = datafile_path_index("languages", i + 1);
				datafile_error(df, d, p, "'%s' is not a language "
				    "tag (en, sl, hr, sr-Latn, sr-Cyrl, ...)",
				    m->languages[i]);
				free(p);
			}
		}
	}
	content_text(df, d, 1, "", "title", true, m->languages, &m->title);
	content_text(df, d, 1, "", "summary", true, m->languages, &m->summary);
	if (datafile_integer(df, d, 1, "", "eqf_level", true, 1, 8, &eqf))
		m->eqf_level = (int)eqf;
	datafile_number(df, d, 1, "", "workload_hours", true, 0.5, 2000,
	    &m->workload_hours);
	datafile_string_list(df, d, 1, "", "prerequisites", false,
	    &m->prerequisites, &m->nprerequisites);
	m->prerequisite_lines = xcalloc((size_t)m->nprerequisites + 1,
	    sizeof *m->prerequisite_lines);
	for (int i = 0; i < m->nprerequisites; i++) {
		char *lp = datafile_path_index("prerequisites", i + 1);
		m->prerequisite_lines[i] = datafile_line(df, lp);
		free(lp);
		if (strcmp(m->prerequisites[i], m->id) == 0) {
			char *p = datafile_path_index("prerequisites", i + 1);
			datafile_error(df, d, p, "module '%s' lists itself as a "
			    "prerequisite", m->id);
			free(p);
		}
	}
	read_outcomes(df, d, m);
	m->outcome_ids = xcalloc((size_t)m->noutcomes + 1,
	    sizeof *m->outcome_ids);
	for (int i = 0; i < m->noutcomes; i++)
		m->outcome_ids[i] = m->outcomes[i].id;
	read_lessons(df, d, m);
	datafile_free(df);

	h = hash_file(0xcbf29ce484222325ULL, m->path);
	for (int i = 0; i < m->nlessons; i++)
		h = hash_file(h, m->lessons[i].path);
	m->hash = xasprintf("fnv1a64:%016llx", (unsigned long long)h);
	if (m->version == NULL)
		m->version = xstrdup("0");
	po_module_apply(m);
	return m;
}

struct lesson_module *
lesson_module_load(const char *dir, char **cause)
{
	struct diags d;
	struct lesson_module *m;

	diags_init(&d);
	m = module_check(dir, &d);
	if (diags_count(&d, DIAG_ERROR) > 0) {
		char *msg = diags_first_error(&d);
		set_cause(cause, "%s", msg);
		free(msg);
		lesson_module_free(m);
		m = NULL;
	}
	diags_free(&d);
	return m;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted entry names of dir; NULL with cause if unreadable. */
static char **
list_dir(const char *dir, int *n, char **cause)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char **v;

	*n = 0;
	if (dp == NULL) {
		set_cause(cause, "%s: %s", dir, strerror(errno));
		return NULL;
	}
	v = xcalloc(1, sizeof *v);
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		v = xrealloc(v, (size_t)(*n + 2) * sizeof *v);
		v[(*n)++] = xstrdup(de->d_name);
		v[*n] = NULL;
	}
	closedir(dp);
	qsort(v, (size_t)*n, sizeof *v, str_cmp);
	return v;
}

static void
add_problem(struct lesson_catalogue *cat, char *msg)
{
	cat->problems = xrealloc(cat->problems, (size_t)(cat->nproblems + 2) *
	    sizeof *cat->problems);
	cat->problems[cat->nproblems++] = msg;
	cat->problems[cat->nproblems] = NULL;
}

/* The module in folder sub joins the catalogue, or its first error does. */
static void
catalogue_add_module(struct lesson_catalogue *cat, const char *sub)
{
	struct diags d;
	struct lesson_module *m;

	diags_init(&d);
	m = module_check(sub, &d);
	if (m != NULL && diags_count(&d, DIAG_ERROR) == 0 &&
	    lesson_catalogue_module(cat, m->id) != NULL) {
		add_problem(cat, xasprintf("%s: module '%s' is already "
		    "installed from another directory", m->path, m->id));
		lesson_module_free(m);
	} else if (m != NULL && diags_count(&d, DIAG_ERROR) == 0) {
		cat->modules = xrealloc(cat->modules,
		    (size_t)(cat->nmodules + 1) * sizeof *cat->modules);
		cat->modules[cat->nmodules++] = m;
	} else {
		add_problem(cat, diags_first_error(&d));
		lesson_module_free(m);
	}
	diags_free(&d);
}

struct lesson_catalogue *
lesson_catalogue_load(const char *const *dirs, int ndirs, char **cause)
{
	struct lesson_catalogue *cat = xcalloc(1, sizeof *cat);

	for (int i = 0; i < ndirs; i++) {
		int n;
		char **names = list_dir(dirs[i], &n, cause);

		if (names == NULL) {
			lesson_catalogue_free(cat);
			return NULL;
		}
		for (int k = 0; k < n; k++) {
			char *sub = xasprintf("%s/%s", dirs[i], names[k]);
			char *mod = xasprintf("%s/module.lua", sub);
			struct stat st;

			if (strcmp(names[k], "credentials") == 0 &&
			    stat(sub, &st) == 0 && S_ISDIR(st.st_mode)) {
				int nc;
				char **creds = list_dir(sub, &nc, NULL);
				for (int c = 0; creds != NULL && c < nc; c++) {
					if (!str_ends_with(creds[c], ".lua"))
						continue;
					cat->credentials = xrealloc(
					    cat->credentials,
					    (size_t)(cat->ncredentials + 2) *
					    sizeof *cat->credentials);
					cat->credentials[cat->ncredentials++] =
					    xasprintf("%s/%s", sub, creds[c]);
					cat->credentials[cat->ncredentials] =
					    NULL;
				}
				datafile_free_list(creds);
			} else if (stat(mod, &st) == 0)
				catalogue_add_module(cat, sub);
			free(mod);
			free(sub);
		}
		datafile_free_list(names);
	}
	return cat;
}

struct lesson_catalogue *
lesson_catalogue_load_module(const char *const *dirs, int ndirs,
    const char *id, char **cause)
{
	struct lesson_catalogue *cat = xcalloc(1, sizeof *cat);
	/* Never a path out of dirs; "credentials" holds definitions. */
	bool id_ok = *id != '\0' && strcmp(id, ".") != 0 &&
	    strcmp(id, "..") != 0 && strcmp(id, "credentials") != 0;

	for (const char *c = id; *c != '\0'; c++) {
		if (!isalnum((unsigned char)*c) && strchr(".-_", *c) == NULL)
			id_ok = false;
	}
	for (int i = 0; i < ndirs; i++) {
		DIR *dp = opendir(dirs[i]);
		char *sub, *mod;
		struct stat st;

		if (dp == NULL) {
			set_cause(cause, "%s: %s", dirs[i], strerror(errno));
			lesson_catalogue_free(cat);
			return NULL;
		}
		closedir(dp);
		if (!id_ok || cat->nmodules > 0)
			continue;
		sub = xasprintf("%s/%s", dirs[i], id);
		mod = xasprintf("%s/module.lua", sub);
		if (stat(mod, &st) == 0)
			catalogue_add_module(cat, sub);
		free(mod);
		free(sub);
	}
	return cat;
}

void
lesson_catalogue_free(struct lesson_catalogue *cat)
{
	if (cat == NULL)
		return;
	for (int i = 0; i < cat->nmodules; i++)
		lesson_module_free(cat->modules[i]);
	free(cat->modules);
	datafile_free_list(cat->credentials);
	datafile_free_list(cat->problems);
	free(cat);
}

const struct lesson_module *
lesson_catalogue_module(const struct lesson_catalogue *cat, const char *id)
{
	for (int i = 0; i < cat->nmodules; i++) {
		if (strcmp(cat->modules[i]->id, id) == 0)
			return cat->modules[i];
	}
	return NULL;
}

const struct lesson_entry *
lesson_module_lesson(const struct lesson_module *m, const char *lesson_id)
{
	for (int i = 0; i < m->nlessons; i++) {
		if (strcmp(m->lessons[i].id, lesson_id) == 0)
			return &m->lessons[i];
	}
	return NULL;
}

const struct lesson_outcome *
lesson_module_outcome(const struct lesson_module *m, const char *outcome_id)
{
	for (int i = 0; i < m->noutcomes; i++) {
		if (strcmp(m->outcomes[i].id, outcome_id) == 0)
			return &m->outcomes[i];
	}
	return NULL;
}

const char *const *
lesson_module_outcome_ids(const struct lesson_module *m)
{
	return m->outcome_ids;
}

/* ---- credential definitions ---- */

static void
text_to_cred(const struct i18n_text *t, struct cred_text *out)
{
	for (int i = 0; i < t->n; i++)
		cred_text_add(out, t->v[i].lang, t->v[i].text);
}

/*
 * { same_as = "other" }: the text is the one the definition other.lua
 * beside this one writes for the same key, so a text two credentials
 * share has one source (and one entry for translators).
 */
static bool
shared_text(struct datafile *df, struct diags *d, const char *key,
    const char *other, struct i18n_text *t)
{
	const char *slash = strrchr(df->path, '/');
	char *file = slash != NULL ? xasprintf("%.*s/%s.lua",
	    (int)(slash - df->path), df->path, other) :
	    xasprintf("%s.lua", other);
	char *p = datafile_path(key, "same_as");
	struct datafile *of;
	struct diags od;
	bool ok = false;

	diags_init(&od);
	if (!id_ok(other) || (of = datafile_load(file, &od)) == NULL) {
		datafile_error(df, d, p, "'%s': no credential definition '%s' "
		    "beside this one (%s)", p, other, file);
	} else {
		lua_getfield(of->L, 1, key);
		if (lua_type(of->L, -1) != LUA_TSTRING)
			datafile_error(df, d, p, "'%s': credential '%s' writes "
			    "no text of its own for '%s' (a same_as text names "
			    "the definition that writes it)", p, other, key);
		else
			ok = content_text(of, &od, 1, "", key, true, NULL, t);
		lua_pop(of->L, 1);
		datafile_free(of);
	}
	diags_free(&od);
	free(p);
	free(file);
	return ok;
}

static bool
cred_text_field(struct datafile *df, struct diags *d,
    const struct po_shelf *sh, const char *key, bool required,
    struct cred_text *out)
{
	struct i18n_text t = { 0 };
	char *other = NULL;
	bool ok, inline_table = false;

	lua_getfield(df->L, 1, key);
	if (lua_istable(df->L, -1)) {
		lua_getfield(df->L, -1, "same_as");
		if (lua_type(df->L, -1) == LUA_TSTRING)
			other = xstrdup(lua_tostring(df->L, -1));
		else
			inline_table = true;
		lua_pop(df->L, 1);
	}
	lua_pop(df->L, 1);
	if (other != NULL)
		ok = shared_text(df, d, key, other, &t);
	else
		ok = content_text(df, d, 1, "", key, required, NULL, &t);
	/* With catalogues beside the definitions, translations live there
	 * and nowhere else. */
	if (inline_table && !po_shelf_empty(sh))
		datafile_warning(df, d, key, "'%s' is a table of languages: "
		    "write the source text and translate it in po/<lang>.po "
		    "('layerlab i18n extract credentials')", key);
	po_shelf_apply(sh, "en", &t);
	text_to_cred(&t, out);
	i18n_text_free(&t);
	free(other);
	return ok;
}

static void
add_module_outcome(struct cred_definition *def, const struct lesson_module *m,
    const struct lesson_outcome *o)
{
	struct cred_outcome *co;

	for (size_t i = 0; i < def->noutcomes; i++) {
		if (strcmp(def->outcomes[i].id, o->id) == 0)
			return;
	}
	co = cred_definition_add_outcome(def);
	co->id = xstrdup(o->id);
	co->module = xstrdup(m->id);
	co->kind = o->kind == LESSON_OUTCOME_KNOWLEDGE ? CRED_KIND_KNOWLEDGE :
	    o->kind == LESSON_OUTCOME_SKILL ? CRED_KIND_SKILL :
	    CRED_KIND_RESPONSIBILITY;
	co->method = o->assessed_by == LESSON_ASSESS_QUIZ ? CRED_METHOD_QUIZ :
	    o->assessed_by == LESSON_ASSESS_PRINTER ? CRED_METHOD_PRINTER :
	    CRED_METHOD_TRAINER;
	/* A credential carries every translation there is. */
	po_module_need_all(m);
	text_to_cred(o->title.n > 0 ? &o->title : &o->text, &co->title);
	text_to_cred(&o->text, &co->description);
}

/*
 * A credential this one builds on: the definition beside it, of which only
 * the title and the modules matter here (its own builds_on is not
 * followed). Every module it covers must be one this credential requires,
 * or holding it could not stand in for anything.
 */
static void
read_part(struct datafile *df, struct diags *d, const struct po_shelf *sh,
    const char *path, const char *keypath, const char *id,
    struct cred_definition *def)
{
	const char *slash = strrchr(path, '/');
	char *file = slash != NULL ? xasprintf("%.*s/%s.lua",
	    (int)(slash - path), path, id) : xasprintf("%s.lua", id);
	struct diags pd;
	struct datafile *pf;
	struct cred_part *part;
	char **list = NULL;
	int n = 0;

	if (!id_ok(id) || strcmp(id, def->id) == 0) {
		datafile_error(df, d, keypath, "'%s' cannot be built on: give "
		    "the id of another credential in this folder", id);
		free(file);
		return;
	}
	diags_init(&pd);
	if ((pf = datafile_load(file, &pd)) == NULL) {
		datafile_error(df, d, keypath, "credential '%s' to build on "
		    "does not load (%s)", id, file);
		diags_free(&pd);
		free(file);
		return;
	}
	part = cred_definition_add_part(def);
	part->id = xstrdup(id);
	{
		struct i18n_text t = { 0 };

		content_text(pf, &pd, 1, "", "title", true, NULL, &t);
		po_shelf_apply(sh, "en", &t);
		text_to_cred(&t, &part->title);
		i18n_text_free(&t);
	}
	if (datafile_string_list(pf, &pd, 1, "", "modules", false, &list, &n)) {
		for (int i = 0; i < n; i++) {
			bool have = false;

			for (size_t k = 0; k < def->nmodules; k++)
				have = have || strcmp(def->modules[k],
				    list[i]) == 0;
			if (!have)
				datafile_error(df, d, keypath, "credential '%s' "
				    "covers module %s, which this credential "
				    "does not require", id, list[i]);
			part->modules = xrealloc(part->modules,
			    (part->nmodules + 1) * sizeof *part->modules);
			part->modules[part->nmodules++] = xstrdup(list[i]);
		}
	}
	datafile_free_list(list);
	if (part->nmodules == 0)
		datafile_error(df, d, keypath, "credential '%s' lists no "
		    "modules: only whole modules can be built on", id);
	datafile_free(pf);
	diags_free(&pd);
	free(file);
}

static void
read_school_fields(struct datafile *df, struct diags *d,
    const struct po_shelf *sh, const char *path, struct cred_definition *def)
{
	lua_State *L = df->L;
	long long v;
	char **list = NULL;
	int n = 0;

	cred_text_field(df, d, sh, "national_level", false,
	    &def->national_level);
	cred_text_field(df, d, sh, "assessment_rules", false,
	    &def->assessment_rules);
	if (datafile_integer(df, d, 1, "", "minimum_age", false, 0, 99, &v))
		def->minimum_age = (int)v;
	if (datafile_integer(df, d, 1, "", "refresh_months", false, 1, 240,
	    &v))
		def->refresh_months = (int)v;
	if (datafile_table(df, d, 1, "", "hours", false)) {
		datafile_check_keys(df, d, -1, "hours", hours_keys);
		if (datafile_integer(df, d, -1, "hours", "contact", true, 0,
		    2000, &v))
			def->contact_hours = (int)v;
		if (datafile_integer(df, d, -1, "hours", "practice", true, 0,
		    2000, &v))
			def->practice_hours = (int)v;
		if (datafile_integer(df, d, -1, "hours", "self_study", true, 0,
		    2000, &v))
			def->self_study_hours = (int)v;
		lua_pop(L, 1);
		if (def->workload_hours > 0 && def->contact_hours +
		    def->practice_hours + def->self_study_hours !=
		    def->workload_hours)
			datafile_error(df, d, "hours", "contact, practice and "
			    "self-study hours (%d + %d + %d) must add up to "
			    "workload_hours (%d)", def->contact_hours,
			    def->practice_hours, def->self_study_hours,
			    def->workload_hours);
	}
	if (datafile_string_list(df, d, 1, "", "builds_on", false, &list,
	    &n)) {
		for (int i = 0; i < n; i++) {
			char *p = datafile_path_index("builds_on", i + 1);
			read_part(df, d, sh, path, p, list[i], def);
			free(p);
		}
	}
	datafile_free_list(list);
	/* What a school must state: missing is allowed, but lint says so. */
	if (def->national_level.n == 0)
		datafile_warning(df, d, "", "no 'national_level': state the "
		    "national qualifications framework level beside EQF");
	if (def->contact_hours + def->practice_hours +
	    def->self_study_hours == 0)
		datafile_warning(df, d, "", "no 'hours': state contact, "
		    "practice and self-study hours");
	if (def->assessment_rules.n == 0)
		datafile_warning(df, d, "", "no 'assessment_rules': state how "
		    "outcomes pass, what cannot be compensated and the re-sit");
}

int
credential_check(const char *path, const struct lesson_catalogue *cat,
    struct cred_definition *def, struct diags *d)
{
	struct datafile *df;
	int errors = diags_count(d, DIAG_ERROR);
	const char *base = strrchr(path, '/');
	char **list = NULL, *s = NULL;
	int n = 0, named = 0;
	long long v;
	/* The hours of the whole modules it counts, to compare with its own
	 * (a credential and its modules state one workload). */
	double module_hours = 0;
	bool by_outcome = false;
	char *hours_list = xstrdup("");
	/* The translations beside the definitions (po/<lang>.po). */
	char *dir = base != NULL ? xstrndup(path, (size_t)(base - path)) :
	    xstrdup(".");
	struct po_shelf *sh = po_shelf_open(dir);

	free(dir);
	memset(def, 0, sizeof *def);
	base = base != NULL ? base + 1 : path;
	def->id = xstrndup(base, str_ends_with(base, ".lua") ?
	    strlen(base) - 4 : strlen(base));
	if ((df = datafile_load(path, d)) == NULL)
		goto out;
	datafile_check_keys(df, d, 1, "", credential_keys);
	if (datafile_string_list(df, d, 1, "", "languages", false, &list,
	    &n)) {
		for (int i = 0; i < n; i++) {
			char *p = datafile_path_index("languages", i + 1);
			if (!content_lang_tag_ok(list[i]))
				datafile_error(df, d, p, "'%s' is not a language "
				    "tag (en, sl, sr-Latn, ...)", list[i]);
			else if (i == 0 && strcmp(list[i], "en") != 0)
				datafile_error(df, d, p, "credential texts are "
				    "written in English: 'languages' starts "
				    "with \"en\"");
			free(p);
		}
	}
	datafile_free_list(list);
	list = NULL;
	datafile_string(df, d, 1, "", "version", true, &def->version);
	cred_text_field(df, d, sh, "title", true, &def->title);
	cred_text_field(df, d, sh, "description", true, &def->description);

	for (int planned = 0; planned < 2; planned++) {
		const char *key = planned ? "planned_modules" : "modules";

		if (!datafile_string_list(df, d, 1, "", key, false, &list, &n))
			continue;
		named += n;
		for (int i = 0; i < n; i++) {
			const struct lesson_module *m =
			    lesson_catalogue_module(cat, list[i]);
			char *p = datafile_path_index(key, i + 1);

			if (m == NULL && !planned) {
				datafile_error(df, d, p, "unknown module '%s' "
				    "(not installed, or it does not load)",
				    list[i]);
			} else if (m == NULL) {
				/* Still being written: never issued before
				 * it is installed. */
				diags_add(d, df->path, datafile_line(df, p),
				    DIAG_NOTE, "planned module '%s' is not "
				    "installed: credential %s cannot be "
				    "issued until it is", list[i], def->id);
				def->absent_modules = xrealloc(
				    def->absent_modules,
				    (def->nabsent_modules + 1) *
				    sizeof *def->absent_modules);
				def->absent_modules[def->nabsent_modules++] =
				    xstrdup(list[i]);
			} else {
				char *more = xasprintf("%s%s%s %g h", hours_list,
				    *hours_list != '\0' ? ", " : "", m->id,
				    m->workload_hours);

				free(hours_list);
				hours_list = more;
				module_hours += m->workload_hours;
				cred_definition_add_module(def, m->id);
				for (int k = 0; k < m->noutcomes; k++)
					add_module_outcome(def, m,
					    &m->outcomes[k]);
			}
			free(p);
		}
		datafile_free_list(list);
		list = NULL;
	}
	if (datafile_string_list(df, d, 1, "", "outcomes", false, &list, &n)) {
		named += n;
		by_outcome = n > 0;
		for (int i = 0; i < n; i++) {
			const struct lesson_outcome *o = NULL;
			const struct lesson_module *m = NULL;
			for (int k = 0; k < cat->nmodules && o == NULL; k++) {
				m = cat->modules[k];
				o = lesson_module_outcome(m, list[i]);
			}
			if (o == NULL) {
				char *p = datafile_path_index("outcomes", i + 1);
				datafile_error(df, d, p, "unknown outcome '%s' "
				    "(no installed module defines it)", list[i]);
				free(p);
				continue;
			}
			bool have = false;
			for (size_t k = 0; k < def->nmodules; k++)
				have = have || strcmp(def->modules[k], m->id) == 0;
			if (!have)
				cred_definition_add_module(def, m->id);
			add_module_outcome(def, m, o);
		}
	}
	datafile_free_list(list);
	if (named == 0 && def->nabsent_modules == 0)
		datafile_error(df, d, "", "the credential requires nothing: "
		    "list 'modules' (all their outcomes) or 'outcomes'");
	if (datafile_integer(df, d, 1, "", "eqf_level", true, 1, 8, &v))
		def->eqf_level = (int)v;
	datafile_number(df, d, 1, "", "ects", true, 0, 60, &def->ects);
	if (datafile_integer(df, d, 1, "", "workload_hours", true, 1, 2000, &v))
		def->workload_hours = (int)v;
	if (def->ects > 0 && def->workload_hours > 0 &&
	    (def->workload_hours < def->ects * 20 ||
	    def->workload_hours > def->ects * 35))
		datafile_warning(df, d, "ects", "%g ECTS is usually %g-%g hours "
		    "of learner workload, not %d", def->ects, def->ects * 25,
		    def->ects * 30, def->workload_hours);
	/* Once every module it counts is installed, their hours are its
	 * hours; before, they may not be more. Single outcomes carry no
	 * hours, so a credential naming them is not compared. */
	if (def->workload_hours > 0 && !by_outcome && *hours_list != '\0' &&
	    (def->nabsent_modules == 0 ?
	    fabs(module_hours - def->workload_hours) > 1e-6 :
	    module_hours > def->workload_hours + 1e-6))
		datafile_error(df, d, "workload_hours", "workload_hours = %d, "
		    "but its modules state %g h (%s)%s: the credential and "
		    "its modules must state the same hours", def->workload_hours,
		    module_hours, hours_list, def->nabsent_modules > 0 ?
		    " before the planned ones are even installed" : "");
	cred_text_field(df, d, sh, "assessment", true, &def->assessment);
	if (datafile_string(df, d, 1, "", "participation", true, &s) &&
	    s != NULL && cred_participation_parse(s, &def->participation) != 0)
		datafile_error(df, d, "participation", "'participation' must "
		    "be onsite, online or blended, not '%s'", s);
	free(s);
	s = NULL;
	cred_text_field(df, d, sh, "quality_assurance", false,
	    &def->quality_assurance);
	cred_text_field(df, d, sh, "prerequisites", false,
	    &def->prerequisites);
	if (datafile_string(df, d, 1, "", "supervision", true, &s) &&
	    s != NULL && cred_supervision_parse(s, &def->supervision) != 0)
		datafile_error(df, d, "supervision", "'supervision' must be "
		    "unsupervised-no-id, supervised-no-id, "
		    "supervised-onsite-with-id or supervised-online-with-id, "
		    "not '%s'", s);
	free(s);
	s = NULL;
	cred_text_field(df, d, sh, "stackability", false,
	    &def->stackability);
	datafile_string(df, d, 1, "", "further_information", false,
	    &def->further_information);
	read_school_fields(df, d, sh, path, def);
	datafile_free(df);
out:
	po_shelf_free(sh);
	free(hours_list);
	if (diags_count(d, DIAG_ERROR) > errors) {
		cred_definition_free(def);
		memset(def, 0, sizeof *def);
		return -1;
	}
	return 0;
}

int
lesson_credential_for_learners(const struct lesson_catalogue *cat,
    struct cred_definition *def)
{
	bool have = false;

	memset(def, 0, sizeof *def);
	for (int i = 0; i < cat->ncredentials; i++) {
		struct cred_definition d;

		if (lesson_credential_load(cat->credentials[i], cat, &d,
		    NULL) != 0)
			continue;
		if (d.nabsent_modules == 0 && (!have ||
		    d.eqf_level < def->eqf_level ||
		    (d.eqf_level == def->eqf_level &&
		    d.noutcomes > def->noutcomes))) {
			if (have)
				cred_definition_free(def);
			*def = d;
			have = true;
		} else
			cred_definition_free(&d);
	}
	return have ? 0 : -1;
}

int
lesson_credential_load(const char *path, const struct lesson_catalogue *cat,
    struct cred_definition *def, char **cause)
{
	struct diags d;
	int rc;

	diags_init(&d);
	rc = credential_check(path, cat, def, &d);
	if (rc == 0) {
		char *why = NULL;
		/* The credential module's own rules have the last word. */
		if (cred_definition_check(def, &why) != 0) {
			set_cause(cause, "%s: %s", path, why);
			free(why);
			cred_definition_free(def);
			memset(def, 0, sizeof *def);
			rc = -1;
		}
	} else {
		char *msg = diags_first_error(&d);
		set_cause(cause, "%s", msg);
		free(msg);
	}
	diags_free(&d);
	return rc;
}

int
lesson_credential_find(const struct lesson_catalogue *cat, const char *id,
    struct cred_definition *def, char **cause)
{
	for (int i = 0; i < cat->ncredentials; i++) {
		const char *base = strrchr(cat->credentials[i], '/');
		base = base != NULL ? base + 1 : cat->credentials[i];
		if (strncmp(base, id, strlen(id)) == 0 &&
		    strcmp(base + strlen(id), ".lua") == 0)
			return lesson_credential_load(cat->credentials[i], cat,
			    def, cause);
	}
	set_cause(cause, "no credential definition '%s' (looked for "
	    "credentials/%s.lua in the module directories)", id, id);
	return -1;
}
