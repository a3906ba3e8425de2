/*
 * layerlab (no command): the training screen. Wires the printer link (the
 * virtual printer unless a port is given), the records, the module
 * catalogue, the interface strings and the micro-credential into the TUI.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "credential.h"
#include "host.h"
#include "loop.h"
#include "records.h"
#include "sim.h"
#include "tui.h"
#include "catalogue.h"
#include "i18n.h"
#include "../lesson/profile.h"

struct tui_app {
	const struct cli_config *cfg;
	struct lesson_catalogue *cat;
	struct rec_store *store;
	struct cli_link *link;
	/* The modules resolved to the language last asked for. */
	struct tui_module *mods;
	struct tui_outcome **outcomes;
	struct tui_lesson **lessons;
	int nmods;
	struct cred_definition def;
	bool has_def;
	char **def_outcomes;
	char *def_title;
	char **keys;		/* interned "tui.<key>" strings */
	char *found_port;	/* a USB printer with a matching profile */
	char *found_profile;
	char *found_name;
	bool switch_port;	/* the trainee chose it */
	size_t nkeys;
};

static void
app_free_modules(struct tui_app *a)
{
	for (int i = 0; i < a->nmods; i++) {
		free(a->outcomes[i]);
		free(a->lessons[i]);
	}
	free(a->mods);
	free(a->outcomes);
	free(a->lessons);
	a->mods = NULL;
	a->outcomes = NULL;
	a->lessons = NULL;
	a->nmods = 0;
}

static const struct tui_module *
app_modules(const char *lang, int *n, void *data)
{
	struct tui_app *a = data;
	const struct lesson_catalogue *cat = a->cat;

	app_free_modules(a);
	a->nmods = cat->nmodules;
	a->mods = xcalloc((size_t)cat->nmodules + 1, sizeof *a->mods);
	a->outcomes = xcalloc((size_t)cat->nmodules + 1, sizeof *a->outcomes);
	a->lessons = xcalloc((size_t)cat->nmodules + 1, sizeof *a->lessons);
	for (int i = 0; i < cat->nmodules; i++) {
		const struct lesson_module *m = cat->modules[i];
		struct tui_module *tm = &a->mods[i];

		tm->id = m->id;
		tm->version = m->version;
		tm->hash = m->hash;
		tm->dir = m->dir;
		tm->title = i18n_text_get(&m->title, lang);
		if (tm->title == NULL)
			tm->title = m->id;
		tm->summary = i18n_text_get(&m->summary, lang);
		tm->prerequisites = (const char *const *)m->prerequisites;
		tm->nprerequisites = m->nprerequisites;
		a->outcomes[i] = xcalloc((size_t)m->noutcomes + 1,
		    sizeof **a->outcomes);
		for (int o = 0; o < m->noutcomes; o++) {
			const char *text = i18n_text_get(&m->outcomes[o].text,
			    lang);
			a->outcomes[i][o].id = m->outcomes[o].id;
			a->outcomes[i][o].title = i18n_text_get(
			    &m->outcomes[o].title, lang);
			a->outcomes[i][o].text = text ? text : "";
			a->outcomes[i][o].assessed_by = lesson_assessment_name(
			    m->outcomes[o].assessed_by);
		}
		tm->outcomes = a->outcomes[i];
		tm->noutcomes = m->noutcomes;
		a->lessons[i] = xcalloc((size_t)m->nlessons + 1,
		    sizeof **a->lessons);
		for (int l = 0; l < m->nlessons; l++) {
			a->lessons[i][l].id = m->lessons[l].id;
			a->lessons[i][l].title = i18n_text_get(
			    &m->lessons[l].title, lang);
			if (a->lessons[i][l].title == NULL)
				a->lessons[i][l].title = m->lessons[l].id;
			a->lessons[i][l].path = m->lessons[l].path;
			a->lessons[i][l].needs_printer =
			    m->lessons[l].needs_printer;
		}
		tm->lessons = a->lessons[i];
		tm->nlessons = m->nlessons;
	}
	*n = a->nmods;
	return a->mods;
}

/*
 * The screen names its strings without the catalogue's "tui." section;
 * the full keys are kept for the program's life because the catalogue
 * hands back the key itself for a string it does not know.
 */
static const char *
app_tr(const char *lang, const char *key, void *data)
{
	struct tui_app *a = data;

	for (size_t i = 0; i < a->nkeys; i++) {
		if (strcmp(a->keys[i] + 4, key) == 0)
			return i18n_get_lang(lang, a->keys[i]);
	}
	a->keys = xrealloc(a->keys, (a->nkeys + 1) * sizeof *a->keys);
	a->keys[a->nkeys] = xasprintf("tui.%s", key);
	return i18n_get_lang(lang, a->keys[a->nkeys++]);
}

static int
app_inject(const char *fault, char **cause, void *data)
{
	struct tui_app *a = data;
	struct sim *sim = cli_link_sim(a->link);

	if (sim == NULL) {
		set_cause(cause, "faults can only be played on the virtual printer");
		return -1;
	}
	return sim_inject_name(sim, fault, cause);
}

/* The credential's title follows the screen's language switch. */
static const char *
app_credential_title(const char *lang, void *data)
{
	struct tui_app *a = data;

	return a->has_def ? cred_text_get(&a->def.title, lang) : NULL;
}

static int
app_issue(const char *learner_id, char **out_path, char **cause, void *data)
{
	struct tui_app *a = data;

	if (!a->has_def) {
		set_cause(cause, "no micro-credential is defined in "
		    "modules/credentials/");
		return -1;
	}
	char *data_dir, *dir, *json, *html, *pdf;
	char stamp[32];
	int rc = -1;

	/* A folder the trainer can find, a name that says whose and when. */
	data_dir = paths_data_dir();
	dir = xasprintf("%s/credentials", data_dir);
	clock_iso8601(stamp, (int64_t)time(NULL));
	for (char *c = stamp; *c; c++)
		if (*c == ':')
			*c = '-';
	json = xasprintf("%s/%s-%s-%s.json", dir, learner_id, a->def.id, stamp);
	html = xasprintf("%s/%s-%s-%s.html", dir, learner_id, a->def.id, stamp);
	pdf = xasprintf("%s/%s-%s-%s.pdf", dir, learner_id, a->def.id, stamp);
	if (paths_mkdir_p(dir, cause) == 0 &&
	    cli_credential_issue(a->cfg, learner_id, a->def.id, json, html,
	    pdf, a->cfg->lang, cause) == EXIT_OK) {
		*out_path = xstrdup(json);
		rc = 0;
	}
	free(json);
	free(html);
	free(pdf);
	free(dir);
	free(data_dir);
	return rc;
}

static int
app_reset(char **cause, void *data)
{
	struct tui_app *a = data;

	return cli_link_reset(a->link, cause);
}

static void
app_use_port(void *data)
{
	struct tui_app *a = data;

	a->switch_port = true;
}

/* The first USB port whose ids match a shipped printer profile. */
static void
app_find_printer(struct tui_app *a)
{
	struct host_port_info *ports;
	struct lesson_profile_match *m = NULL;
	size_t n = 0;
	int nm;

	if ((ports = host_ports_list(&n, NULL)) == NULL)
		return;
	for (size_t i = 0; i < n && a->found_port == NULL; i++) {
		if (!ports[i].usb)
			continue;
		nm = lesson_profile_match_usb(a->cfg->printers_dir, ports[i].vid,
		    ports[i].pid, &m, NULL);
		if (nm > 0 && !m[0].fallback) {
			a->found_port = xstrdup(ports[i].by_id != NULL ?
			    ports[i].by_id : ports[i].path);
			a->found_profile = xstrdup(m[0].id);
			a->found_name = xstrdup(m[0].name);
		}
		if (nm > 0)
			lesson_profile_matches_free(m, nm);
	}
	host_ports_free(ports, n);
}

static const char tui_help[] =
"Opens the training screen on the virtual printer (or --port) with the\n"
"records database (--db, the configuration, or the default under the XDG\n"
"data directory).\n"
"\n"
"Options:\n"
CLI_PRINTER_HELP
"  --plain          the plain line mode for a screen reader or a braille\n"
"                   display: the same lessons, questions and printer tasks\n"
"                   as plain lines and numbered choices, no cursor\n"
"                   addressing (also chosen when TERM is dumb or unset).\n"
"                   Emergency stop: type stop and Enter, or Ctrl-C\n"
"\n"
"Keys: F1 or ? help on every screen, F12 or Ctrl-X emergency stop, F2\n"
"printer, F3 console and F4 trainer mode (trainer PIN), F5 language, F10\n"
"or Ctrl-Q quit (? and Ctrl-Q where the terminal keeps F1 and F10 for\n"
"itself). NO_COLOR set to anything but empty turns colours off.\n"
"\n"
"Examples:\n"
"  layerlab\n"
"  layerlab --lang sl\n"
"  layerlab tui --port /dev/serial/by-id/usb-Prusa_Research__prusa3d.com__Original_Prusa_i3_MK3_CZPX-if00 --profile prusa-mk3s\n";

static int
run(int argc, char **argv, struct cli_config *cfg)
{
	const char *term = getenv("TERM");
	/* A terminal that cannot address its cursor (a screen reader's
	 * console, Emacs' shell) gets lines, not a broken screen. */
	bool plain = term == NULL || *term == '\0' || strcmp(term, "dumb") == 0;
	struct tui_app a;
	struct tui_config tc;
	struct cli_printer po;
	const char *const *langs;
	int rc = EXIT_FAIL, parsed, nlangs = 0;
	char *cause = NULL, *copy = NULL, *data;

	memset(&a, 0, sizeof a);
	cli_printer_init(&po, cfg);
	parsed = cli_printer_parse_switches(&cmd_tui, &po, argc, argv,
	    tui_help, &(struct cli_switch){ "plain", &plain }, 1);
	if (parsed != -1)
		return parsed;
	if (optind < argc)
		return cli_usage_error(&cmd_tui, "unexpected argument '%s'",
		    argv[optind]);
	a.cfg = cfg;
	i18n_set_lang(cfg->lang);
	if ((a.store = cli_records_open_station(cfg, &cause)) == NULL) {
		cli_error("records", "%s", cause);
		goto out;
	}
	/* The screen's loop serves the emergency stop: it never waits for
	 * a records server; the outbox delivers on a thread of its own. */
	rec_outbox_background(a.store);
	a.cat = lesson_catalogue_load((const char *const *)cfg->modules_dirs,
	    cfg->nmodules_dirs, &cause);
	if (a.cat == NULL) {
		cli_error("modules", "%s", cause);
		goto out;
	}
	if (lesson_credential_for_learners(a.cat, &a.def) == 0) {
		a.has_def = true;
		a.def_outcomes = xcalloc(a.def.noutcomes + 1, sizeof(char *));
		for (size_t i = 0; i < a.def.noutcomes; i++)
			a.def_outcomes[i] = a.def.outcomes[i].id;
		a.def_title = xstrdup(cred_text_get(&a.def.title, cfg->lang));
	} else if (cause != NULL) {
		/* The screen still works; lint names the problem. */
		free(cause);
		cause = NULL;
	}
	/* On the virtual printer by default, a real one on USB is offered. */
	if (!po.port_given && strcmp(po.port, "virtual") == 0)
		app_find_printer(&a);
again:
	if ((a.link = cli_link_open(cfg, &po, &cause)) == NULL) {
		cli_error("printer", "%s", cause);
		goto out;
	}
	langs = i18n_languages();
	while (langs[nlangs] != NULL)
		nlangs++;

	memset(&tc, 0, sizeof tc);
	tc.loop = cli_link_loop(a.link);
	tc.host = cli_link_host(a.link);
	tc.store = a.store;
	/* Beside the outbox: the station's own files. */
	data = paths_data_dir();
	copy = xasprintf("%s/station-copy.db", data);
	free(data);
	tc.records_copy = copy;
	tc.records_copy_max_age = (int64_t)cfg->records_copy_hours * 3600;
	tc.lang = cfg->lang;
	tc.station = cfg->station;
	tc.printer_profile = host_profile(tc.host)->id;
	tc.port = po.port;
	tc.gcode_dir = cfg->gcode_dir;
	tc.modules = app_modules;
	tc.credential_title = a.def_title;
	tc.credential_title_tr = app_credential_title;
	tc.credential_outcomes = (const char *const *)a.def_outcomes;
	tc.ncredential_outcomes = a.has_def ? (int)a.def.noutcomes : 0;
	tc.issue_credential = app_issue;
	if (cli_link_sim(a.link) != NULL) {
		const char *const *names = sim_fault_names();
		tc.faults = names;
		while (names[tc.nfaults] != NULL)
			tc.nfaults++;
	}
	tc.inject_fault = app_inject;
	tc.virtual_printer = cli_link_sim(a.link) != NULL;
	tc.sim_speed = po.sim_speed;
	tc.reset_printer = app_reset;
	tc.tr = app_tr;
	tc.langs = langs;
	tc.nlangs = nlangs;
	tc.data = &a;
	if (a.found_port != NULL && !a.switch_port && !plain) {
		tc.offer_port = a.found_port;
		tc.offer_name = a.found_name;
		tc.use_port = app_use_port;
	}
	if ((plain ? tui_run_plain(&tc, &cause) : tui_run(&tc, &cause)) != 0) {
		cli_error("tui", "%s", cause);
		goto out;
	}
	if (a.switch_port && strcmp(po.port, a.found_port) != 0) {
		cli_link_free(a.link);
		a.link = NULL;
		po.port = a.found_port;
		po.profile = a.found_profile;
		goto again;
	}
	rc = EXIT_OK;
out:
	free(cause);
	free(copy);
	app_free_modules(&a);
	if (a.link != NULL)
		cli_link_free(a.link);
	if (a.has_def)
		cred_definition_free(&a.def);
	free(a.def_outcomes);
	free(a.def_title);
	free(a.found_port);
	free(a.found_profile);
	free(a.found_name);
	for (size_t i = 0; i < a.nkeys; i++)
		free(a.keys[i]);
	free(a.keys);
	if (a.cat != NULL)
		lesson_catalogue_free(a.cat);
	if (a.store != NULL)
		rec_close(a.store);
	i18n_reset();
	return rc;
}

const struct cli_command cmd_tui = {
	.name = "tui",
	.summary = "the training screen (also: layerlab with no command)",
	.usage = "layerlab [tui] " CLI_PRINTER_USAGE " [--plain]",
	.help = tui_help,
	.run = run,
};
