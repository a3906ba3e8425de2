/*
 * The interface catalogues as compiled in by ll_po_embed (po_embed.c):
 * per language, its usable translations sorted by key, with the line of
 * each in its .po file. Internal to src/lesson/.
 */
#ifndef LL_LESSON_I18N_TABLE_H
#define LL_LESSON_I18N_TABLE_H

struct i18n_pair {
	const char *key;
	const char *text;
	int line;
};

struct i18n_table {
	const char *lang;		/* NULL ends the list */
	const struct i18n_pair *v;	/* sorted by key */
	int n;
	int fuzzy;			/* entries left out as not current */
};

extern const struct i18n_table i18n_tables[];

#endif
