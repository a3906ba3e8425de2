/*
 * The content loaders on the shipped files and on broken fixtures: printer
 * profiles (values, USB lookup, file:line errors), the module catalogue,
 * credential definitions, the sandbox around data files, and the interface
 * string catalogues with their fallback chain.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalogue.h"
#include "datafile.h"
#include "i18n.h"
#include "lesson.h"
#include "po_extract.h"
#include "profile.h"
#include "test.h"
#include "translations.h"

#define PRINTERS LL_SOURCE_DIR "/printers"
#define MODULES LL_SOURCE_DIR "/modules"
#define BROKEN LL_SOURCE_DIR "/tests/content/broken"

/* The modules shipped in modules/ (they grow; fixtures add to them). */
static int
shipped_modules(void)
{
	const char *dirs[] = { MODULES };
	struct lesson_catalogue *cat = lesson_catalogue_load(dirs, 1, NULL);
	int n = cat != NULL ? cat->nmodules : -1;

	lesson_catalogue_free(cat);
	return n;
}

static void
test_shipped_profiles(void)
{
	struct host_profile p;
	char *cause = NULL;

	CHECK_INT(lesson_profile_load(PRINTERS, "prusa-mk3s", &p, &cause), 0);
	CHECK_STR(p.id, "prusa-mk3s");
	CHECK_STR(p.name, "Prusa i3 MK3S+");
	CHECK_INT(p.flavour, HOST_FLAVOUR_PRUSA);
	CHECK_INT(p.nusb, 1);
	CHECK_INT(p.usb[0].vid, 0x2c99);
	CHECK_INT(p.usb[0].pid, 0x0002);
	CHECK_INT(p.baud, 115200);
	CHECK(p.reset_on_open);
	CHECK_NEAR(p.max_nozzle, 285, 0);	/* vendor 300 less 15 */
	CHECK_NEAR(p.max_bed, 105, 0);
	CHECK_NEAR(p.min_extrude, 180, 0);
	CHECK_NEAR(p.axis[1].min, -4, 0);
	CHECK_NEAR(p.axis[2].max, 210, 0);
	CHECK_STR(p.levelling, "g80");
	CHECK(host_profile_has_quirk(&p, "m862-checks"));
	/* No mesh levelling on a cold bed at session start. */
	CHECK(p.start_gcode != NULL && strstr(p.start_gcode, "G28 W") != NULL);
	CHECK(strstr(p.start_gcode, "G80") == NULL);
	CHECK(p.keep_temps_on_pause);
	CHECK_NEAR(p.pause_lift, 10, 0);
	host_profile_free(&p);

	CHECK_INT(lesson_profile_load(PRINTERS, "creality-ender3-v2", &p,
	    &cause), 0);
	CHECK_NEAR(p.max_nozzle, 240, 0);	/* PTFE-lined hotend */
	CHECK_NEAR(p.max_bed, 85, 0);
	CHECK(!p.reset_on_open);
	CHECK(host_profile_has_quirk(&p, "ptfe-lined-hotend"));
	CHECK_STR(p.levelling, "manual");
	CHECK(p.end_gcode != NULL && strncmp(p.end_gcode, "M104 S0\nM140 S0",
	    15) == 0);
	host_profile_free(&p);

	CHECK_INT(lesson_profile_load(PRINTERS, "virtual", &p, &cause), 0);
	CHECK_INT(p.nusb, 0);
	CHECK_INT(p.flavour, HOST_FLAVOUR_MARLIN);
	CHECK_INT(p.send_mode, HOST_SEND_AUTO);
	CHECK_INT(p.rx_buffer, 128);
	host_profile_free(&p);

	CHECK_INT(lesson_profile_load(PRINTERS, "generic-marlin", &p, &cause), 0);
	CHECK_INT(p.send_mode, HOST_SEND_PINGPONG);
	host_profile_free(&p);
	CHECK(cause == NULL);
}

static void
test_profile_errors(void)
{
	struct host_profile p;
	char *cause = NULL;

	CHECK_INT(lesson_profile_load(PRINTERS, "nope", &p, &cause), -1);
	CHECK_STR(cause, "no printer profile 'nope' in " PRINTERS " (known: "
	    "anycubic-i3-mega, anycubic-kobra, artillery-sidewinder-x1, "
	    "creality-ender3-s1, creality-ender3-v2, creality-ender3-v3-se, "
	    "generic-marlin, klipper-generic, prusa-mini, prusa-mk3s, prusa-mk4, "
	    "ultimaker-2plus, virtual)");
	CHECK_INT(lesson_profile_load(PRINTERS, "../printers/virtual", &p,
	    &cause), -1);
	CHECK(cause != NULL && strstr(cause, "is not a printer profile id") != NULL);

	CHECK_INT(lesson_profile_load(BROKEN "/profile-temperature/printers",
	    "fixture", &p, &cause), -1);
	CHECK_STR(cause, BROKEN "/profile-temperature/printers/fixture.lua:9: "
	    "'max_nozzle' 250 °C is above the vendor maximum 260 °C less the "
	    "15 °C margin (at most 245)");
	CHECK_INT(lesson_profile_load(BROKEN "/profile-firmware/printers",
	    "fixture", &p, &cause), -1);
	CHECK_STR(cause, BROKEN "/profile-firmware/printers/fixture.lua:4: "
	    "'firmware' must be one of marlin, prusa, klipper, rrf, repetier, not "
	    "'smoothie'");
	free(cause);
}

static void
test_usb_lookup(void)
{
	struct lesson_profile_match *m;
	char *cause = NULL, *u;
	int n;

	/* A CH340 bridge: every printer that uses one, the generic fallback
	 * last. */
	n = lesson_profile_match_usb(PRINTERS, 0x1a86, 0x7523, &m, &cause);
	CHECK_INT(n, 7);
	for (int i = 0; i < n; i++) {
		if (strcmp(m[i].id, "creality-ender3-v2") == 0) {
			CHECK(m[i].exact && !m[i].fallback);
			CHECK_STR(m[i].unverified, "reset_on_open, vendor_max");
		}
	}
	if (n == 7) {
		CHECK_STR(m[6].id, "generic-marlin");
		CHECK(m[6].fallback);
	}
	lesson_profile_matches_free(m, n);

	n = lesson_profile_match_usb(PRINTERS, 0x2c99, 0x0002, &m, &cause);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(m[0].id, "prusa-mk3s");
		CHECK_STR(m[0].name, "Prusa i3 MK3S+");
		/* Prusa's own sources confirm the id and the travel. */
		CHECK(m[0].unverified == NULL);
	}
	lesson_profile_matches_free(m, n);

	CHECK_INT(lesson_profile_match_usb(PRINTERS, 0x2c99, 0x0099, &m,
	    &cause), 0);
	lesson_profile_matches_free(m, 0);
	CHECK_INT(lesson_profile_match_usb("/nonexistent", 1, 1, &m, &cause),
	    -1);
	CHECK(cause != NULL && strstr(cause, "/nonexistent") != NULL);
	free(cause);

	u = lesson_profile_unverified(PRINTERS, "generic-marlin");
	CHECK_STR(u, "volume, vendor_max, reset_on_open");
	free(u);
	CHECK(lesson_profile_unverified(PRINTERS, "virtual") == NULL);
}

static void
test_catalogue(void)
{
	const char *dirs[] = { MODULES, LL_SOURCE_DIR "/tests/content/good" };
	struct lesson_catalogue *cat;
	const struct lesson_module *m;
	const struct lesson_outcome *o;
	char *cause = NULL;

	cat = lesson_catalogue_load(dirs, 2, &cause);
	CHECK(cat != NULL);
	if (cat == NULL)
		return;
	CHECK_INT(cat->nmodules, shipped_modules() + 1);
	CHECK_INT(cat->nproblems, 0);
	CHECK_INT(cat->ncredentials, 4);
	m = lesson_catalogue_module(cat, "M1");
	CHECK(m != NULL);
	if (m != NULL) {
		CHECK_STR(i18n_text_get(&m->title, "en"), "Safety and workshop rules");
		CHECK_STR(i18n_text_get(&m->title, "sl"), "Varnost in pravila delavnice");
		/* From po/sr-Cyrl.po, transliterated from po/sr-Latn.po. */
		CHECK_STR(i18n_text_get(&m->title, "sr-Cyrl"), "Безбедност и правила радионице");
		/* No German catalogue: the chain ends in the source language. */
		CHECK_STR(i18n_text_get(&m->title, "de"), "Safety and workshop rules");
		CHECK_INT(m->eqf_level, 4);
		CHECK_NEAR(m->workload_hours, 6, 0);
		/* The source language first, then the complete ones. */
		CHECK(m->nlanguages >= 3);
		if (m->nlanguages >= 3) {
			CHECK_STR(m->languages[0], "en");
			CHECK_STR(m->languages[1], "sl");
		}
		CHECK_INT(m->noutcomes, 5);
		CHECK_INT(m->nlessons, 4);
		CHECK_STR(m->lessons[0].id, "hazards");
		CHECK(str_starts_with(m->hash, "fnv1a64:"));
		CHECK(lesson_module_lesson(m, "stop-and-cool") != NULL);
		CHECK(lesson_module_lesson(m, "nope") == NULL);
		o = lesson_module_outcome(m, "M1.LO4");
		CHECK(o != NULL);
		if (o != NULL) {
			CHECK_INT(o->kind, LESSON_OUTCOME_SKILL);
			CHECK_INT(o->assessed_by, LESSON_ASSESS_TRAINER);
		}
		o = lesson_module_outcome(m, "M1.LO5");
		CHECK(o != NULL);
		if (o != NULL) {
			CHECK_INT(o->kind, LESSON_OUTCOME_RESPONSIBILITY);
			CHECK_INT(o->assessed_by, LESSON_ASSESS_TRAINER);
			CHECK_STR(lesson_outcome_kind_code(o->kind), "RA");
		}
		CHECK_STR(lesson_module_outcome_ids(m)[1], "M1.LO2");
		CHECK(lesson_module_outcome_ids(m)[5] == NULL);
	}
	CHECK(lesson_catalogue_module(cat, "X9") != NULL);
	lesson_catalogue_free(cat);

	/* A broken module is left out and named; a missing directory fails. */
	dirs[1] = BROKEN "/syntax-error";
	cat = lesson_catalogue_load(dirs, 2, &cause);
	CHECK(cat != NULL);
	if (cat != NULL) {
		CHECK_INT(cat->nmodules, shipped_modules());
		CHECK_INT(cat->nproblems, 1);
		if (cat->nproblems == 1)
			CHECK_STR(cat->problems[0], BROKEN "/syntax-error/X9/"
			    "module.lua:4: '}' expected (to close '{' at line 2) "
			    "near 'version'");
	}
	lesson_catalogue_free(cat);
	dirs[1] = "/nonexistent-modules";
	CHECK(lesson_catalogue_load(dirs, 2, &cause) == NULL);
	CHECK_STR(cause, "/nonexistent-modules: No such file or directory");
	free(cause);
}

static void
test_credential(void)
{
	const char *dirs[] = { MODULES }, *dirs2[] = { MODULES, NULL };
	struct lesson_catalogue *cat = lesson_catalogue_load(dirs, 1, NULL);
	struct cred_definition def;
	char *cause = NULL;

	CHECK(cat != NULL);
	if (cat == NULL)
		return;
	CHECK_INT(lesson_credential_find(cat, "fdm-workshop-safety", &def,
	    &cause), 0);
	CHECK_STR(def.id, "fdm-workshop-safety");
	CHECK_STR(cred_text_get(&def.title, "en"), "FDM workshop safety");
	CHECK_STR(cred_text_get(&def.title, "sl"),
	    "Varnost v delavnici za tiskanje FDM");
	CHECK_INT(def.nmodules, 1);
	CHECK_STR(def.modules[0], "M1");
	CHECK_INT(def.noutcomes, 5);
	CHECK_INT(def.eqf_level, 4);
	CHECK_NEAR(def.ects, 0.2, 1e-9);
	CHECK_INT(def.workload_hours, 6);
	CHECK_INT(def.contact_hours + def.practice_hours +
	    def.self_study_hours, 6);
	CHECK_INT(def.refresh_months, 24);
	CHECK(def.national_level.n > 0 && def.assessment_rules.n > 0);
	CHECK_INT(def.participation, CRED_PARTICIPATION_ONSITE);
	CHECK_INT(def.supervision, CRED_SUPERVISION_SUPERVISED_ONSITE_WITH_ID);
	if (def.noutcomes == 4) {
		CHECK_STR(def.outcomes[0].module, "M1");
		CHECK_INT(def.outcomes[0].method, CRED_METHOD_QUIZ);
		CHECK_INT(def.outcomes[1].method, CRED_METHOD_PRINTER);
		CHECK_INT(def.outcomes[3].kind, CRED_KIND_RESPONSIBILITY);
		CHECK_INT(def.outcomes[3].method, CRED_METHOD_TRAINER);
		CHECK_STR(cred_text_get(&def.outcomes[1].title, "en"),
		    "Safe to touch");
	}
	CHECK_INT(cred_definition_check(&def, &cause), 0);
	cred_definition_free(&def);

	CHECK_INT(lesson_credential_find(cat, "nope", &def, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "credentials/nope.lua") != NULL);
	lesson_catalogue_free(cat);
	dirs2[1] = BROKEN "/credential-participation";
	cat = lesson_catalogue_load(dirs2, 2, NULL);
	CHECK(cat != NULL && cat->nmodules == shipped_modules() + 1);
	if (cat == NULL)
		return;
	CHECK_INT(lesson_credential_load(BROKEN "/credential-participation/"
	    "credentials/fixture.lua", cat, &def, &cause), -1);
	CHECK_STR(cause, BROKEN "/credential-participation/credentials/"
	    "fixture.lua:11: 'participation' must be onsite, online or blended, "
	    "not 'hybrid'");
	free(cause);
	lesson_catalogue_free(cat);
}

static char *
write_temp(const char *text)
{
	char *path = xstrdup("/tmp/ll-content-XXXXXX");
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	fputs(text, f);
	fclose(f);
	return path;
}

static void
expect_datafile_error(const char *text, const char *want)
{
	char *path = write_temp(text), *msg;
	struct diags d;
	struct datafile *df;

	diags_init(&d);
	df = datafile_load(path, &d);
	CHECK(df == NULL);
	msg = diags_first_error(&d);
	CHECK(msg != NULL && strstr(msg, want) != NULL);
	if (msg == NULL || strstr(msg, want) == NULL)
		fprintf(stderr, "  got: %s\n  want: %s\n", msg ? msg : "(none)",
		    want);
	free(msg);
	datafile_free(df);
	diags_free(&d);
	unlink(path);
	free(path);
}

static void
test_sandbox(void)
{
	char *path;
	struct diags d;
	struct datafile *df;

	expect_datafile_error("while true do end\nreturn {}\n",
	    "runs too long");
	expect_datafile_error("local s = 'x'\nfor i = 1, 40 do s = s .. s end\n"
	    "return { s }\n", "more than 8 MB of memory");
	expect_datafile_error("return { f = io.open('/etc/passwd') }\n",
	    ":1: attempt to index a nil value (global 'io')");
	expect_datafile_error("return { os.execute('true') }\n",
	    "attempt to index a nil value (global 'os')");
	expect_datafile_error("return require('os')\n",
	    "attempt to call a nil value (global 'require')");
	expect_datafile_error("return 42\n", "expected the file to return a "
	    "table");
	expect_datafile_error("return { \"\xff\xfe\" }\n", "not valid UTF-8");

	/* Key lines survive the round trip through Lua. */
	path = write_temp("return {\n  a = 1,\n  b = {\n    { c = 2 },\n"
	    "    { c = 3,\n      d = 4 },\n  },\n  [\"e-f\"] = 5,\n}\n");
	diags_init(&d);
	df = datafile_load(path, &d);
	CHECK(df != NULL);
	if (df != NULL) {
		CHECK_INT(datafile_line(df, "a"), 2);
		CHECK_INT(datafile_line(df, "b"), 3);
		CHECK_INT(datafile_line(df, "b[2].c"), 5);
		CHECK_INT(datafile_line(df, "b[2].d"), 6);
		CHECK_INT(datafile_line(df, "b[2].missing"), 5);
		CHECK_INT(datafile_line(df, "e-f"), 8);
		CHECK_INT(datafile_line(df, "zzz"), 1);
	}
	datafile_free(df);
	diags_free(&d);
	unlink(path);
	free(path);
}

/* The languages of a text, in order, as one string. */
static char *
text_langs(const struct i18n_text *t)
{
	struct buf b;

	buf_init(&b);
	for (int i = 0; i < t->n; i++)
		buf_appendf(&b, "%s=%s|", t->v[i].lang, t->v[i].text);
	return buf_detach(&b);
}

static void
same_texts(const struct i18n_text *a, const struct i18n_text *b)
{
	char *x = text_langs(a), *y = text_langs(b);

	CHECK_STR(x, y);
	free(x);
	free(y);
}

/*
 * A module's catalogues are read when a language is first asked for; what
 * its texts then hold, and in which order, is the same whichever language
 * was asked first (a credential copies them all, in order).
 */
static void
test_translations_on_demand(void)
{
	struct lesson_module *asked = lesson_module_load(MODULES "/M1", NULL);
	struct lesson_module *all = lesson_module_load(MODULES "/M1", NULL);
	struct lesson_module *counted = lesson_module_load(MODULES "/M1", NULL);
	struct translation_status *st = NULL;
	int nst = 0;

	CHECK(asked != NULL && all != NULL && counted != NULL);
	if (asked == NULL || all == NULL || counted == NULL)
		goto out;
	/* The catalogues the status reads (declared languages first) serve
	 * the texts as well. */
	CHECK_INT(translations_status(counted, &st, &nst), 0);
	CHECK(nst > 5);
	CHECK(i18n_text_exact(&counted->title, "hr") != NULL);
	CHECK(i18n_text_exact(&counted->title, "el") != NULL);
	/* Nothing read yet: only what module.lua holds. */
	CHECK(i18n_text_exact(&asked->title, "hr") == NULL);
	CHECK_INT(asked->title.n, asked->title.nfixed);
	/* Asked in a late language first, then through a fallback chain. */
	CHECK_STR(i18n_text_get(&asked->title, "sr-Cyrl"),
	    "Безбедност и правила радионице");
	CHECK(i18n_text_exact(&asked->title, "sr-Cyrl") != NULL);
	CHECK(i18n_text_exact(&asked->title, "hr") == NULL);
	CHECK(i18n_text_has(&asked->outcomes[0].text, "hr"));
	CHECK(i18n_text_exact(&asked->title, "hr") != NULL);
	CHECK(i18n_text_get(&asked->lessons[0].title, "bs") != NULL);
	po_module_need_all(asked);
	po_module_need_all(all);
	/* Every language there is: more than module.lua gave. */
	CHECK(all->title.n > all->title.nfixed + 5);
	po_module_need_all(counted);
	for (int k = 0; k < 2; k++) {
		const struct lesson_module *m = k == 0 ? asked : counted;
		same_texts(&m->title, &all->title);
		same_texts(&m->summary, &all->summary);
		for (int i = 0; i < all->noutcomes; i++) {
			same_texts(&m->outcomes[i].title, &all->outcomes[i].title);
			same_texts(&m->outcomes[i].text, &all->outcomes[i].text);
			same_texts(&m->outcomes[i].pass, &all->outcomes[i].pass);
		}
		for (int i = 0; i < all->nlessons; i++)
			same_texts(&m->lessons[i].title, &all->lessons[i].title);
	}
out:
	free(st);
	lesson_module_free(asked);
	lesson_module_free(all);
	lesson_module_free(counted);
}

static void
test_i18n(void)
{
	char *s;
	const char *const *langs = i18n_languages();
	int n = 0;
	char *report = NULL;

	while (langs[n] != NULL)
		n++;
	CHECK(n >= 6);
	CHECK_STR(i18n_get_lang("en", "common.yes"), "Yes");
	CHECK_STR(i18n_get_lang("sl", "common.yes"), "Da");
	CHECK_STR(i18n_get_lang("sr-Cyrl", "common.yes"), "Да");
	/* Every key in every language resolves to the first catalogue along
	 * the chain that has it (sr-Cyrl -> sr-Latn -> en, bs -> hr -> ...). */
	{
		const char **keys = i18n_keys("en");
		const char *extra[] = { "de", "sr", "sl-SI", NULL };
		int fell_back = 0;
		CHECK(keys[0] != NULL);
		for (int li = 0; li < n + 3; li++) {
			const char *lang = li < n ? langs[li] : extra[li - n];
			char chain[LESSON_LANG_MAX][16];
			int nchain = lesson_lang_chain(lang, chain,
			    LESSON_LANG_MAX);
			for (int k = 0; keys[k] != NULL; k++) {
				const char *want = NULL;
				for (int c = 0; c < nchain && want == NULL; c++) {
					want = i18n_lookup(chain[c], keys[k]);
					fell_back += want != NULL && c > 0;
				}
				CHECK_STR(i18n_get_lang(lang, keys[k]), want);
			}
		}
		CHECK(fell_back > 0);
		free(keys);
	}
	CHECK(i18n_lookup("sr-Cyrl", "no.such.key") == NULL);
	CHECK(i18n_lookup("xx", "common.yes") == NULL);
	/* A language without a catalogue, and a region subtag. */
	CHECK_STR(i18n_get_lang("de", "common.quit"), "Quit");
	CHECK_STR(i18n_get_lang("sl-SI", "common.quit"), "Izhod");
	/* A key nobody has: the key itself, never NULL. */
	CHECK_STR(i18n_get_lang("sl", "no.such.key"), "no.such.key");

	i18n_set_lang("sl");
	CHECK_STR(i18n_lang(), "sl");
	s = i18n_format("lesson.step", "2", "5", (char *)NULL);
	CHECK_STR(s, "Korak 2 od 5");
	free(s);
	s = i18n_format("lesson.step", "2", (char *)NULL);
	CHECK_STR(s, "Korak 2 od ?");
	free(s);

	/* Every language has every interface text. */
	CHECK_INT(i18n_check_catalogues(&report), 0);
	CHECK_STR(report, "");
	free(report);
	i18n_reset();
}

int
main(void)
{
	RUN(test_shipped_profiles);
	RUN(test_profile_errors);
	RUN(test_usb_lookup);
	RUN(test_catalogue);
	RUN(test_translations_on_demand);
	RUN(test_credential);
	RUN(test_sandbox);
	RUN(test_i18n);
	TEST_MAIN_END();
}
