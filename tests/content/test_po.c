/*
 * Gettext catalogues through libgettextpo: reading (fuzzy, obsolete,
 * contexts, line numbers, syntax errors), format checks, templates and the
 * msgmerge-like update, the Serbian transliteration, and the glossary
 * check of translated terms.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "glossary.h"
#include "po.h"
#include "po_extract.h"
#include "test.h"

static char dir[256];

static char *
write_tmp(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	CHECK(f != NULL);
	fputs(text, f);
	fclose(f);
	return path;
}

static const char sl_po[] =
	"msgid \"\"\n"
	"msgstr \"\"\n"
	"\"Language: sl\\n\"\n"
	"\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	"\n"
	"msgid \"Heat the nozzle\"\n"
	"msgstr \"Segrej šobo\"\n"
	"\n"
	"#, fuzzy\n"
	"msgid \"The bed is hot\"\n"
	"msgstr \"Miza je vroča\"\n"
	"\n"
	"#, lua-format\n"
	"msgid \"At %.0f °C\"\n"
	"msgstr \"Pri %s °C\"\n"
	"\n"
	"msgctxt \"common.yes\"\n"
	"msgid \"Yes\"\n"
	"msgstr \"Da\"\n"
	"\n"
	"msgid \"Untranslated\"\n"
	"msgstr \"\"\n"
	"\n"
	"#~ msgid \"Old text\"\n"
	"#~ msgstr \"Star besedilo\"\n";

static void
test_read(void)
{
	struct diags d;
	char *path = write_tmp("sl.po", sl_po);
	struct po_cat *c;
	const struct po_entry *e;

	diags_init(&d);
	c = po_cat_read(path, &d);
	CHECK(c != NULL);
	CHECK_INT(d.n, 0);
	CHECK_STR(po_cat_language(c), "sl");
	CHECK_INT(po_cat_count(c), 6);
	CHECK_STR(po_cat_get(c, NULL, "Heat the nozzle"), "Segrej šobo");
	e = po_cat_find(c, NULL, "Heat the nozzle");
	CHECK_INT(e->line, 6);
	/* Fuzzy and empty translations are not shown. */
	CHECK(po_cat_get(c, NULL, "The bed is hot") == NULL);
	CHECK(po_cat_find(c, NULL, "The bed is hot")->fuzzy);
	CHECK(po_cat_get(c, NULL, "Untranslated") == NULL);
	/* A context keeps a key apart from the same English text. */
	CHECK_STR(po_cat_get(c, "common.yes", "Yes"), "Da");
	CHECK(po_cat_get(c, NULL, "Yes") == NULL);
	/* Obsolete entries are listed but never found. */
	CHECK(po_cat_find(c, NULL, "Old text") == NULL);
	CHECK(po_cat_entry(c, 5)->obsolete);
	/* %.0f became %s: the translation must not be used. */
	e = po_cat_find(c, NULL, "At %.0f °C");
	CHECK(e->lua_format);
	CHECK(e->format_error != NULL);
	po_cat_free(c);
	diags_free(&d);
	free(path);
}

static void
test_syntax_error(void)
{
	struct diags d;
	char *path = write_tmp("bad.po", "msgid \"a\"\nmsgstr \"b\n\n"
	    "msgid \"x\"\nmsgstr \"y\"\nmsgid \"x\"\nmsgstr \"z\"\n");
	struct po_cat *c;

	diags_init(&d);
	c = po_cat_read(path, &d);
	CHECK(diags_count(&d, DIAG_ERROR) >= 2);
	/* libgettextpo names the line after the one that left the string
	 * open: where it found the end of line. */
	CHECK_INT(d.v[0].line, 3);
	CHECK(strstr(d.v[0].msg, "end-of-line within string") != NULL);
	CHECK(strstr(d.v[0].file, "bad.po") != NULL);
	po_cat_free(c);
	diags_free(&d);
	free(path);
	diags_init(&d);
	CHECK(po_cat_read("/nonexistent/x.po", &d) == NULL);
	CHECK_INT(diags_count(&d, DIAG_ERROR), 1);
	diags_free(&d);
}

static void
test_formats(void)
{
	char *why;

	CHECK(po_has_lua_format("At %.0f °C"));
	CHECK(!po_has_lua_format("100 %% sure"));
	CHECK(po_format_mismatch("At %.0f °C", "Pri %.0f °C", true, false) ==
	    NULL);
	why = po_format_mismatch("%s of %d", "%d od %s", true, false);
	CHECK(why != NULL && strstr(why, "directive 1") != NULL);
	free(why);
	why = po_format_mismatch("Step {1} of {2}", "Korak {1}", false, true);
	CHECK(why != NULL && strstr(why, "{2}") != NULL);
	free(why);
	/* Placeholders may change order. */
	CHECK(po_format_mismatch("Step {1} of {2}", "{2}: {1}", false, true) ==
	    NULL);
	why = po_format_mismatch("Done", "Gotovo {1}", false, false);
	CHECK(why != NULL);
	free(why);
}

static void
test_translit(void)
{
	char *s = po_translit_sr("Ljubljana, njegov džep: HITNO ZAUSTAVLJANJE");

	CHECK_STR(s, "Љубљана, његов џеп: ХИТНО ЗАУСТАВЉАЊЕ");
	free(s);
	/* Code, placeholders, units, abbreviations and names stay. */
	s = po_translit_sr("Pošalji `M112` na {1} pri 200 °C, PLA, layerlab, %.0f s");
	CHECK_STR(s, "Пошаљи `M112` на {1} при 200 °C, PLA, layerlab, %.0f с");
	free(s);
	/* Keys to press, ids, commands and units stay Latin. */
	s = po_translit_sr("r: resetuj, pritisni a ili y / n, PIN-om, ana.novak, "
	    "layerlab trainer add, Ctrl-X, 5 h, u i s");
	CHECK_STR(s, "r: ресетуј, притисни a или y / n, PIN-ом, ana.novak, "
	    "layerlab trainer add, Ctrl-X, 5 h, у и с");
	free(s);
	/* Case endings on abbreviations are Serbian; the firmware's message
	 * is quoted as the printer shows it. */
	s = po_translit_sr("cev od PTFE-a, bez IPA-e, PTFE-om; Thermal Runaway");
	CHECK_STR(s, "цев од PTFE-а, без IPA-е, PTFE-ом; Thermal Runaway");
	free(s);
	/* The longest name kept wins over a shorter one it starts with. */
	s = po_translit_sr("javlja busy: paused for user, a zatim busy");
	CHECK_STR(s, "јавља busy: paused for user, а затим busy");
	free(s);
	/* A G-code command's parameter letter is typed in Latin letters;
	 * the same capital elsewhere is the Serbian word. */
	s = po_translit_sr("To je M109 S: čeka; G29 pa M420 V. S tim, G1 X10 i");
	CHECK_STR(s, "То је M109 S: чека; G29 па M420 V. С тим, G1 X10 и");
	free(s);
	CHECK(po_is_cyrillic_sr("Млазница је врућа (200 °C, PLA)"));
	CHECK(!po_is_cyrillic_sr("Млазница je врућа"));
}

static void
test_template_and_update(void)
{
	struct po_sources s = { 0 };
	struct po_update_stats st;
	struct diags d;
	struct po_cat *c;
	char *pot = xasprintf("%s/X9.pot", dir), *po, *cause = NULL;

	po_sources_add(&s, NULL, "Heat the nozzle", "one.lua", 3, "a note");
	po_sources_add(&s, NULL, "The bed is very hot", "one.lua", 4, NULL);
	po_sources_add(&s, NULL, "Heat the nozzle", "two.lua", 9, NULL);
	po_sources_add(&s, NULL, "A new text", "two.lua", 12, NULL);
	CHECK_INT(s.n, 3);
	CHECK_STR(s.v[0].refs, "one.lua:3 two.lua:9");
	CHECK_INT(po_write_template(pot, &s, "test", &cause), 0);
	po_sources_free(&s);

	po = write_tmp("up.po", "msgid \"\"\nmsgstr \"Language: sl\\n\"\n\n"
	    "msgid \"Heat the nozzle\"\nmsgstr \"Segrej šobo\"\n\n"
	    "msgid \"The bed is hot\"\nmsgstr \"Miza je vroča\"\n\n"
	    "msgid \"Gone for good\"\nmsgstr \"Ni več\"\n");
	CHECK_INT(po_update(pot, po, "sl", &st, &cause), 0);
	CHECK_INT(st.translated, 1);
	CHECK_INT(st.fuzzy, 1);
	CHECK_INT(st.untranslated, 1);
	CHECK_INT(st.obsolete, 1);
	diags_init(&d);
	c = po_cat_read(po, &d);
	CHECK_INT(d.n, 0);
	CHECK_STR(po_cat_get(c, NULL, "Heat the nozzle"), "Segrej šobo");
	CHECK_STR(po_cat_find(c, NULL, "Heat the nozzle")->comment, "a note");
	CHECK_STR(po_cat_find(c, NULL, "Heat the nozzle")->refs,
	    "one.lua:3 two.lua:9");
	/* The changed source keeps the old translation, fuzzy, with the old
	 * source beside it. */
	CHECK(po_cat_find(c, NULL, "The bed is very hot")->fuzzy);
	CHECK_STR(po_cat_find(c, NULL, "The bed is very hot")->msgstr,
	    "Miza je vroča");
	CHECK_STR(po_cat_find(c, NULL, "The bed is very hot")->prev_msgid,
	    "The bed is hot");
	CHECK_STR(po_cat_find(c, NULL, "A new text")->msgstr, "");
	CHECK(po_cat_find(c, NULL, "Gone for good") == NULL);
	CHECK(po_cat_entry(c, po_cat_count(c) - 1)->obsolete);
	po_cat_free(c);
	diags_free(&d);

	/* A missing catalogue is started. */
	free(po);
	po = xasprintf("%s/new.po", dir);
	CHECK_INT(po_update(pot, po, "hr", &st, &cause), 0);
	CHECK_INT(st.untranslated, 3);
	diags_init(&d);
	c = po_cat_read(po, &d);
	CHECK_STR(po_cat_language(c), "hr");
	po_cat_free(c);
	diags_free(&d);
	free(po);
	free(pot);
}

static void
test_extract_lua(void)
{
	static const char src[] =
	    "local SAFE = 45\n"
	    "-- TRANSLATORS: the nozzle, not the bed\n"
	    "say(_\"Hot\")\n"
	    "say(_(\"At %.0f °C\"):format(t))\n"
	    "local s = \"not a text\" .. x._ \"no\"\n"
	    "heading(_[[Long\n"
	    "text]])\n"
	    "-- _\"in a comment\"\n"
	    "local _, y = ask {}\n"
	    "say(_(name))\n"
	    "say(_\"a\\\"q\\\" \\u{e9}\")\n";
	struct po_sources s = { 0 };
	struct diags d;

	diags_init(&d);
	CHECK_INT(po_extract_lua(src, strlen(src), "one.lua", &s, &d,
	    "X9/one.lua"), 4);
	CHECK_INT(s.n, 4);
	CHECK_STR(s.v[0].msgid, "Hot");
	CHECK_STR(s.v[0].refs, "one.lua:3");
	CHECK_STR(s.v[0].comment, "the nozzle, not the bed");
	CHECK_STR(s.v[1].msgid, "At %.0f °C");
	CHECK(s.v[1].lua_format);
	CHECK_STR(s.v[2].msgid, "Long\ntext");
	CHECK_STR(s.v[2].refs, "one.lua:6");
	CHECK_STR(s.v[3].msgid, "a\"q\" é");
	CHECK_INT(d.n, 2);
	CHECK_INT(d.v[0].line, 9);	/* local _ */
	CHECK_INT(d.v[1].line, 10);	/* _(name) */
	po_sources_free(&s);
	diags_free(&d);
}

static int
glossary_warnings(const struct glossary *g, const char *msgid,
    const char *msgstr)
{
	struct diags d;
	int n;

	diags_init(&d);
	glossary_check(g, "hr.po", 7, "x.lua:3", msgid, msgstr, &d);
	n = d.n;
	if (n > 0) {
		CHECK_STR(d.v[0].file, "hr.po");
		CHECK_INT(d.v[0].line, 7);
		CHECK(d.v[0].level == DIAG_WARNING);
	}
	diags_free(&d);
	return n;
}

static void
test_glossary(void)
{
	char *path = write_tmp("hr.md",
	    "# Glossary\n\nSome text | not a table.\n\n"
	    "| English | Hrvatski | Forms | Note |\n"
	    "|---|---|---|---|\n"
	    "| nozzle | mlaznica | mlaznic | |\n"
	    "| bed | podloga | podlog, podloz | locative |\n"
	    "| heater block | grijaći blok | grijać | |\n"
	    "| heater | grijač | grijač | |\n"
	    "| layer | sloj | sloj | |\n"
	    "| hot end, hotend | hotend | hotend | |\n"
	    "| frame | okvir | | advice only |\n");
	char *bad = write_tmp("bad.md", "| a | b |\n|---|---|\n| nozzle | x |\n");
	struct glossary *g;
	struct diags d;
	char *f;

	f = glossary_fold("ŠTAMPAČ Ακροφύσιο ΣΤΡΏΣΗΣ Млазница Ā Ļ");
	CHECK_STR(f, "štampač ακροφυσιο στρωσησ млазница ā ļ");
	free(f);

	diags_init(&d);
	CHECK(glossary_load("/no/such/glossary.md", &d) == NULL);
	CHECK_INT(d.n, 0);
	g = glossary_load(path, &d);
	CHECK(g != NULL);
	CHECK_INT(d.n, 0);
	/* The term, inflected, in any case. */
	CHECK_INT(glossary_warnings(g, "Heat the nozzle", "Zagrij mlaznicu"), 0);
	CHECK_INT(glossary_warnings(g, "Nozzles", "Mlaznice"), 0);
	CHECK_INT(glossary_warnings(g, "On the bed", "Na podlozi"), 0);
	CHECK_INT(glossary_warnings(g, "Heat the nozzle", "Zagrij sapnicu"), 1);
	CHECK_INT(glossary_warnings(g, "The nozzle and the bed", "Sapnica i stol"), 2);
	/* A stem counts at the start of a word only. */
	CHECK_INT(glossary_warnings(g, "The bed", "Nadpodloga"), 1);
	/* Not a word of its own: layerlab, bed-slinger; code is not text. */
	CHECK_INT(glossary_warnings(g, "layerlab shows it", "layerlab to prikazuje"), 0);
	CHECK_INT(glossary_warnings(g, "a bed-slinger", "pisač s pomičnom pločom"), 0);
	CHECK_INT(glossary_warnings(g, "Send `M140 bed`", "Pošalji `M140 bed`"), 0);
	/* The longer term claims its words: no second warning for heater. */
	CHECK_INT(glossary_warnings(g, "the heater block", "grijaći blok"), 0);
	CHECK_INT(glossary_warnings(g, "the heater block", "blok"), 1);
	CHECK_INT(glossary_warnings(g, "the heater", "grijač"), 0);
	/* Either English form; a row without forms is advice only. */
	CHECK_INT(glossary_warnings(g, "the hotend", "hotend"), 0);
	CHECK_INT(glossary_warnings(g, "the frame", "ram"), 0);
	glossary_free(g);

	g = glossary_load(bad, &d);
	CHECK_INT(diags_count(&d, DIAG_ERROR), 2);
	CHECK_INT(d.v[0].line, 1);
	CHECK_INT(d.v[1].line, 3);
	glossary_free(g);
	diags_free(&d);
	free(path);
	free(bad);
}

int
main(void)
{
	snprintf(dir, sizeof dir, "%s/ll-po.XXXXXX", getenv("TMPDIR") != NULL ?
	    getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL)
		return 1;
	RUN(test_read);
	RUN(test_syntax_error);
	RUN(test_formats);
	RUN(test_translit);
	RUN(test_template_and_update);
	RUN(test_extract_lua);
	RUN(test_glossary);
	{
		char *cmd = xasprintf("rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
		free(cmd);
	}
	TEST_MAIN_END();
}
