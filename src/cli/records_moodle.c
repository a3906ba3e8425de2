/*
 * layerlab records export --format moodle-competencies: the installation's
 * modules and learning outcomes as a Moodle competency framework, in the CSV
 * that Moodle's "Import competency framework" (tool_lpimportcsv) reads:
 * its fourteen columns in its order, one framework row, then each module
 * (parent: none) and its outcomes (parent: the module's ID number). Names
 * and descriptions are in the export's language.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "cli.h"
#include "i18n.h"

/* tool_lpimportcsv's column names (its English strings), in its order. */
static const char *const moodle_columns[] = {
	"Parent ID number", "ID number", "Short name", "Description",
	"Description format", "Scale values", "Scale configuration",
	"Rule type (optional)", "Rule outcome (optional)",
	"Rule config (optional)", "Cross-referenced competency ID numbers",
	"Exported ID (optional)", "Is framework", "Taxonomy",
};

/* Moodle's FORMAT_PLAIN: descriptions are text, not HTML. */
#define MOODLE_FORMAT_PLAIN "2"

/*
 * The framework's scale: one value to start from, one that is proficient.
 * The importer replaces scaleid with the scale it finds or creates for
 * these values.
 */
#define MOODLE_SCALE "Not yet competent,Competent"
#define MOODLE_SCALE_CONFIG "[{\"scaleid\":\"0\"},{\"id\":1,\"scaledefault\":1," \
	"\"proficient\":0},{\"id\":2,\"scaledefault\":0,\"proficient\":1}]"

static void
moodle_row(struct buf *b, const char *parent, const char *id,
    const char *name, const char *description, bool framework)
{
	const char *row[LL_ARRAY_LEN(moodle_columns)] = {
		parent, id, name, description, MOODLE_FORMAT_PLAIN,
		framework ? MOODLE_SCALE : "", framework ? MOODLE_SCALE_CONFIG :
		"", "", "", "", "", "", framework ? "1" : "",
		framework ? "domain,outcome" : "",
	};

	for (size_t i = 0; i < LL_ARRAY_LEN(row); i++)
		buf_append_csv(b, row[i], i + 1 == LL_ARRAY_LEN(row) ? "\n" :
		    ",");
}

static const char *
moodle_text(const struct i18n_text *t, const char *lang, const char *none)
{
	const char *text = i18n_text_get(t, lang);

	return text != NULL ? text : none;
}

char *
records_moodle(const struct cli_config *cfg, char **cause)
{
	struct lesson_catalogue *cat;
	const char *lang = cfg->lang != NULL ? cfg->lang : "en";
	struct buf b;

	cat = lesson_catalogue_load((const char *const *)cfg->modules_dirs,
	    cfg->nmodules_dirs, cause);
	if (cat == NULL)
		return NULL;
	if (cat->nmodules == 0) {
		set_cause(cause, "no modules are installed: there are no "
		    "outcomes to export");
		lesson_catalogue_free(cat);
		return NULL;
	}
	buf_init(&b);
	for (size_t i = 0; i < LL_ARRAY_LEN(moodle_columns); i++)
		buf_append_csv(&b, moodle_columns[i],
		    i + 1 == LL_ARRAY_LEN(moodle_columns) ? "\n" : ",");
	moodle_row(&b, "", "layerlab", "layerlab: 3D printing learning "
	    "outcomes", "The modules and learning outcomes of layerlab's "
	    "3D-printing training, as installed.", true);
	for (int i = 0; i < cat->nmodules; i++) {
		const struct lesson_module *m = cat->modules[i];

		moodle_row(&b, "", m->id, moodle_text(&m->title, lang, m->id),
		    moodle_text(&m->summary, lang, ""), false);
		for (int k = 0; k < m->noutcomes; k++) {
			const struct lesson_outcome *o = &m->outcomes[k];
			const char *pass = i18n_text_get(&o->pass, lang);
			char *description = xasprintf("%s%s%s",
			    moodle_text(&o->text, lang, ""), pass != NULL ?
			    "\n" : "", pass != NULL ? pass : "");

			moodle_row(&b, m->id, o->id, moodle_text(&o->title,
			    lang, o->id), description, false);
			free(description);
		}
	}
	lesson_catalogue_free(cat);
	return buf_detach(&b);
}
