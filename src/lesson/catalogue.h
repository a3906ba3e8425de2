/*
 * The module catalogue: every modules/<id>/module.lua under the configured
 * module directories (the shipped one first, then --modules and the
 * configuration's), and the micro-credential definitions in
 * modules/credentials/<id>.lua. Formats: docs/authoring.md.
 */
#ifndef LL_LESSON_CATALOGUE_H
#define LL_LESSON_CATALOGUE_H

#include <stdbool.h>
#include <stddef.h>

#include "credential.h"
#include "i18n.h"

enum lesson_outcome_kind {
	LESSON_OUTCOME_KNOWLEDGE,	/* K */
	LESSON_OUTCOME_SKILL,		/* S */
	LESSON_OUTCOME_RESPONSIBILITY,	/* RA: responsibility and autonomy */
};

enum lesson_assessment {
	LESSON_ASSESS_QUIZ,
	LESSON_ASSESS_PRINTER,
	LESSON_ASSESS_TRAINER,
};

struct lesson_outcome {
	char *id;			/* "M1.LO2" */
	enum lesson_outcome_kind kind;
	enum lesson_assessment assessed_by;
	struct i18n_text title;		/* short name */
	struct i18n_text text;		/* the outcome statement */
	struct i18n_text pass;		/* pass criteria */
	int line;			/* in module.lua, for messages */
};

struct lesson_entry {
	char *id;			/* "hazards" */
	char *path;			/* modules/M1/hazards.lua */
	struct i18n_text title;		/* from the lesson file; empty if unreadable */
	bool needs_printer;		/* the file's needs = { printer = true } */
};

struct lesson_module {
	char *id;			/* the directory name, "M1" */
	char *version;
	char *dir;			/* the module's directory */
	char *path;			/* its module.lua */
	char *hash;			/* of module.lua and its lessons */
	int id_line;			/* in module.lua, for messages */
	struct i18n_text title;
	struct i18n_text summary;
	int eqf_level;
	double workload_hours;		/* notional learner workload */
	char **languages;		/* declared, NULL-terminated */
	int nlanguages;
	char **prerequisites;		/* module ids, NULL-terminated */
	int nprerequisites;
	int *prerequisite_lines;	/* in module.lua, for messages */
	struct lesson_outcome *outcomes;
	int noutcomes;
	const char **outcome_ids;	/* NULL-terminated, into outcomes */
	struct lesson_entry *lessons;	/* in order */
	int nlessons;
	struct module_po *po;		/* catalogues not read yet (po_extract.h) */
};

struct lesson_catalogue {
	struct lesson_module **modules;	/* by directory order, then id */
	int nmodules;
	char **credentials;		/* paths of credentials/<id>.lua */
	int ncredentials;
	char **problems;		/* "file:line: message" of what did not
					   load (run layerlab lint) */
	int nproblems;
};

/*
 * Reads every module in dirs. A module that does not load is left out and
 * named in problems; a directory that cannot be read is an error (-1).
 * A module id found in two directories: the first one wins, the second is
 * a problem.
 */
struct lesson_catalogue *lesson_catalogue_load(const char *const *dirs,
    int ndirs, char **cause);
/*
 * The same for one module, for a command that runs one (a module's id is
 * its directory's name): reads only <dir>/<id>/ in each of dirs, so it
 * costs one module's files and translations, not every installed one's.
 * The catalogue holds that module, or none and the problem that kept it
 * out; the first directory where it loads wins, as above.
 */
struct lesson_catalogue *lesson_catalogue_load_module(const char *const *dirs,
    int ndirs, const char *id, char **cause);
void lesson_catalogue_free(struct lesson_catalogue *cat);

const struct lesson_module *lesson_catalogue_module(
    const struct lesson_catalogue *cat, const char *id);
const struct lesson_entry *lesson_module_lesson(const struct lesson_module *m,
    const char *lesson_id);
const struct lesson_outcome *lesson_module_outcome(
    const struct lesson_module *m, const char *outcome_id);
/* The module's outcome ids, NULL-terminated, for lesson_run_config. Owned
 * by the module. */
const char *const *lesson_module_outcome_ids(const struct lesson_module *m);

/* Loads one module.lua (for tools that handle a single directory). */
struct lesson_module *lesson_module_load(const char *dir, char **cause);
void lesson_module_free(struct lesson_module *m);

const char *lesson_outcome_kind_code(enum lesson_outcome_kind kind); /* K, S, RA */
const char *lesson_outcome_kind_name(enum lesson_outcome_kind kind);
const char *lesson_assessment_name(enum lesson_assessment a);

/*
 * Loads a micro-credential definition (modules/credentials/<id>.lua) into
 * *def, resolving its modules and outcomes against cat (titles, kinds and
 * methods come from the modules). Everything is validated; on failure def
 * is left empty and cause holds "file:line: message".
 */
int lesson_credential_load(const char *path, const struct lesson_catalogue *cat,
    struct cred_definition *def, char **cause);
/*
 * The credential trainees work toward, for progress tables: among those that
 * can be issued (every module installed), the lowest EQF level, then the
 * most outcomes (a stack's top before its parts). -1 when none loads.
 */
int lesson_credential_for_learners(const struct lesson_catalogue *cat,
    struct cred_definition *def);
/* Finds credentials/<id>.lua among the catalogue's definitions and loads it. */
int lesson_credential_find(const struct lesson_catalogue *cat, const char *id,
    struct cred_definition *def, char **cause);

#endif
