/*
 * Translations for lessons: H.gettext(text) gives the text in the run's
 * language from the module's catalogues (modules/<id>/po/<lang>.po),
 * trying each language of the run's chain; the text itself (the source
 * language) when none has it. The catalogues are read at the first call.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "po.h"
#include "runner.h"

static void
load_catalogues(struct lesson_run *run)
{
	char chain[LESSON_LANG_MAX][16];
	int n = lesson_lang_chain(run->lang, chain, LESSON_LANG_MAX);

	run->po_loaded = true;
	for (int i = 0; i < n && run->module_dir != NULL; i++) {
		char *path = xasprintf("%s/po/%s.po", run->module_dir, chain[i]);
		struct diags d;
		if (access(path, F_OK) == 0) {
			/* A broken catalogue is lint's to report; the run
			 * uses what could be read. */
			diags_init(&d);
			run->po_cats[run->npo_cats] = po_cat_read(path, &d);
			if (run->po_cats[run->npo_cats] != NULL)
				run->npo_cats++;
			diags_free(&d);
		}
		free(path);
	}
}

static int
l_gettext(lua_State *L)
{
	struct lesson_run *run = vm_owner(L);
	const char *msgid = luaL_checkstring(L, 1);

	if (!run->po_loaded)
		load_catalogues(run);
	for (int i = 0; i < run->npo_cats; i++) {
		const struct po_entry *e = po_cat_find(run->po_cats[i], NULL,
		    msgid);
		/* A translation that would break its format string is not
		 * used (lint reports it). */
		if (e != NULL && !e->fuzzy && *e->msgstr != '\0' &&
		    e->format_error == NULL) {
			lua_pushstring(L, e->msgstr);
			return 1;
		}
	}
	lua_settop(L, 1);
	return 1;
}

void
bind_i18n_free(struct lesson_run *run)
{
	for (int i = 0; i < run->npo_cats; i++)
		po_cat_free(run->po_cats[i]);
	run->npo_cats = 0;
}

void
bind_i18n_register(lua_State *L)
{
	lua_pushcfunction(L, l_gettext);
	lua_setfield(L, -2, "gettext");
}
