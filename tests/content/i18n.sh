# Translations as gettext catalogues, end to end on a copy of the shipped
# data: extract the template, change a source text (the translation turns
# fuzzy), translate it, and see the new text in a Slovenian run; lint's
# per-language reports (untranslated, fuzzy, obsolete, format directives,
# Latin script in sr-Cyrl); the status in 'layerlab modules'; sr-Cyrl made
# by transliteration.
. "$LL_HARNESS/lib.sh"
ANSWERS="$LL_SOURCE_DIR/tests/lessons"
DATA="$TEST_TMP/share"
mkdir -p "$DATA"
cp -r "$LL_SOURCE_DIR/modules" "$LL_SOURCE_DIR/printers" "$DATA/"
export LAYERLAB_DATA_DIR="$DATA"
M1="$DATA/modules/M1"
PO="$M1/po/sl.po"
# M1's hazards lesson ends with the trainer's sign-off of the risk
# assessment: the test trainer of docs/authoring.md.
printf '246813\n246813\n' | "$LAYERLAB" trainer add T01 --name "Test Trainer" \
    --pin-stdin >/dev/null || fail "trainer add"

# The shipped translations, as a trainee sees them: the languages M1
# declares complete are used whole, in their own script.
expect_rc 0 "$LAYERLAB" --lang hr lesson run M1/stop-and-cool \
	--answers "$ANSWERS/M1/stop-and-cool.pass" --port virtual --sim-speed 0
contains "$OUT" "=== M1/stop-and-cool: Sigurno za dodir i vježba hitnog zaustavljanja ==="
contains "$OUT" "Je li mlaznica sada sigurna za dodir?"
contains "$OUT" "Točno: u trenutku tvog odgovora očitanje je bilo 25.0 °C, ispod 45 °C."
expect_rc 0 "$LAYERLAB" --lang sr-Cyrl lesson run M1/stop-and-cool \
	--answers "$ANSWERS/M1/stop-and-cool.pass" --port virtual --sim-speed 0
contains "$OUT" "=== M1/stop-and-cool: Безбедно за додир и вежба хитног заустављања ==="
contains "$OUT" "Да ли је млазница сада безбедна за додир?"
contains "$OUT" "Тастер за хитно заустављање у програму layerlab"
pass "M1 in Croatian and in Serbian Cyrillic"

# The glossary of the source tree the module sits in: a translation that
# does not use the glossary's term is named with its catalogue line.
mkdir -p "$TEST_TMP/share/docs"
cp -r "$LL_SOURCE_DIR/docs/glossary" "$TEST_TMP/share/docs/"
expect_rc 0 "$LAYERLAB" lint --strict "$M1"
cp "$M1/po/hr.po" "$TEST_TMP/hr.po"
sed -i 's/^msgstr "Mlaznica je na %.0f °C."/msgstr "Sapnica je na %.0f °C."/' "$M1/po/hr.po"
# The entry's first line, where lint names a catalogue's texts.
line=$(awk '/^#:/ { ref = NR } /^msgstr "Sapnica je na %.0f °C."/ { print ref }' "$M1/po/hr.po")
[ -n "$line" ] || fail "fixture edit"
expect_rc 0 "$LAYERLAB" lint "$M1"
contains "$OUT" "$M1/po/hr.po:$line: warning: stop-and-cool.lua:"
contains "$OUT" "'nozzle' is 'mlaznica' in the glossary ($TEST_TMP/share/docs/glossary/hr.md), not found in the translation"
expect_rc 1 "$LAYERLAB" lint --strict "$M1"
cp "$TEST_TMP/hr.po" "$M1/po/hr.po"
pass "lint checks the glossary's terms in a declared language"

# The rest works on Slovenian alone: the other declared languages would
# need the same translator's work at every step.
sed -i 's/^  languages = {.*/  languages = { "en", "sl" },/' "$M1/module.lua"
grep -q '^  languages = { "en", "sl" },$' "$M1/module.lua" || fail "fixture edit"

expect_rc 0 "$LAYERLAB" i18n extract M1
contains "$OUT" "$M1/po/M1.pot: "
contains "$OUT" "texts (source language en)"
# The shipped template is current: extracting again changes nothing.
cmp -s "$M1/po/M1.pot" "$LL_SOURCE_DIR/modules/M1/po/M1.pot" ||
	fail "modules/M1/po/M1.pot is out of date: run layerlab i18n extract M1"
pot=$(cat "$M1/po/M1.pot")
contains "$pot" "#: hazards.lua:10"
contains "$pot" "#. M1.LO2: how the outcome is assessed"
contains "$pot" "#, lua-format"
expect_rc 0 "$LAYERLAB" --lang en modules
contains "$OUT" "Translations: en (source) · sl 100 %"
expect_rc 0 "$LAYERLAB" lint --strict "$M1"
pass "extract: the template from module.lua and the lessons"

# What a translator's editor adds (Poedit: a comment above the header,
# Last-Translator, Language-Team, Plural-Forms, X-Generator) and the
# translator's own notes on texts: an update keeps them, as msgmerge does.
python3 - "$PO" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = '# Slovenian translation of M1, reviewed by the school.\n' + s.replace(
    '"Content-Transfer-Encoding: 8bit\\n"\n',
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Last-Translator: Ana Prevajalka <ana@example.si>\\n"\n'
    '"Language-Team: Slovenian\\n"\n'
    '"Plural-Forms: nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);\\n"\n'
    '"X-Generator: Poedit 3.2.2\\n"\n', 1)
for msgid, note in (("Hot parts", "# term: vroči deli, as in the school's safety rules"),
                    ("Hazards of FDM printing", "# title agreed with the trainers")):
    i = s.index('msgid "%s"' % msgid)
    j = s.rindex("\n\n", 0, i) + 2
    s = s[:j] + note + "\n" + s[j:]
open(p, "w", encoding="utf-8").write(s)
PY
grep -q '^"X-Generator: Poedit' "$PO" || fail "fixture edit"

# A changed source text: its translation is kept but fuzzy.
sed -i 's/title = _"Hazards of FDM printing"/title = _"Hazards of FDM printers"/' "$M1/hazards.lua"
expect_rc 0 "$LAYERLAB" i18n extract M1
expect_rc 0 "$LAYERLAB" i18n update M1
contains "$OUT" "$PO: "
contains "$OUT" " 1 fuzzy, 0 untranslated, 0 obsolete"
grep -q '^#| msgid "Hazards of FDM printing"' "$PO" ||
	fail "no previous msgid beside the fuzzy entry"
po=$(cat "$PO")
for kept in '# Slovenian translation of M1, reviewed by the school.' \
    '"Last-Translator: Ana Prevajalka <ana@example.si>\n"' '"Language-Team: Slovenian\n"' \
    '"X-Generator: Poedit 3.2.2\n"' '"Plural-Forms: nplurals=4; ' \
    '# term: vroči deli, as in the school'"'"'s safety rules' '# title agreed with the trainers'; do
	contains "$po" "$kept"
done
# Each note stays with its text (the second with the fuzzy one).
printf '%s\n' "$po" | grep -A2 '^# term: vroči deli' | grep -q '^msgid "Hot parts"' ||
	fail "the translator's note left its text"
printf '%s\n' "$po" | grep -A3 '^# title agreed' | grep -q '^#| msgid "Hazards of FDM printing"' ||
	fail "the translator's note left the fuzzy text"
expect_rc 0 "$LAYERLAB" --lang en modules
contains "$OUT" "sl 99 % (1 fuzzy)"
expect_rc 1 "$LAYERLAB" lint --strict "$M1"
contains "$OUT" "po/sl.po:"
contains "$OUT" "hazards.lua:6 \"Hazards of FDM printers\": fuzzy: the source changed"
# A fuzzy translation is not shown: the run falls back to the source.
expect_rc 0 "$LAYERLAB" --lang sl lesson run M1/hazards \
	--answers "$ANSWERS/M1/hazards.pass" --port virtual --sim-speed 0
contains "$OUT" "Hazards of FDM printers"
pass "update: a changed text is fuzzy, lint names it, the run shows the source; the translator's header and notes are kept"

# The translator's work, as Poedit would leave it.
python3 - "$PO" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
i = s.index('#| msgid "Hazards of FDM printing"')
j = s.rindex("\n\n", 0, i) + 2
k = s.index("\n\n", i)
entry = s[j:k].replace("#, fuzzy\n", "").replace('#| msgid "Hazards of FDM printing"\n', "")
entry = entry[:entry.index("msgstr")] + 'msgstr "Nevarnosti tiskalnikov FDM"'
open(p, "w", encoding="utf-8").write(s[:j] + entry + s[k:])
PY
grep -q "fuzzy" "$PO" && { grep -n -B2 -A6 "fuzzy" "$PO" >&2; fail "fuzzy mark left"; }
expect_rc 0 "$LAYERLAB" lint --strict "$M1"
expect_rc 0 "$LAYERLAB" --lang sl lesson run M1/hazards \
	--answers "$ANSWERS/M1/hazards.pass" --port virtual --sim-speed 0
contains "$OUT" "Nevarnosti tiskalnikov FDM"
pass "round trip: extract, translate one text, update, the run shows it"

# A translation that lost its format directive is an error, and never
# shown (string.format would fail or print garbage).
sed -i 's/^msgstr "Šoba ima %.0f °C."/msgstr "Šoba ima %d °C."/' "$PO"
grep -q 'msgstr "Šoba ima %d °C."' "$PO" || fail "fixture edit"
expect_rc 1 "$LAYERLAB" lint "$M1"
contains "$OUT" "error: stop-and-cool.lua:"
contains "$OUT" "format directive 1 is %f in the source but %d in the translation"
sed -i 's/^msgstr "Šoba ima %d °C."/msgstr "Šoba ima %.0f °C."/' "$PO"

# A text removed from the lessons: obsolete after update, reported for a
# declared language.
sed -i 's/note(_"Tie back long hair/note("Tie back long hair/' "$M1/hazards.lua"
expect_rc 0 "$LAYERLAB" i18n extract M1
expect_rc 0 "$LAYERLAB" i18n update M1
contains "$OUT" "1 obsolete"
expect_rc 1 "$LAYERLAB" lint --strict "$M1"
contains "$OUT" "obsolete translation of \"Tie back long hair"
contains "$OUT" "hazards.lua:"
contains "$OUT" "is a plain string: not translated"
pass "format directives, obsolete and unmarked texts are reported"

# A language not declared complete: one note with its counts; sr-Cyrl is
# generated from sr-Latn, and Latin script in it is reported.
rm -f "$M1/po/sr-Latn.po" "$M1/po/sr-Cyrl.po"
expect_rc 0 "$LAYERLAB" i18n update M1 --lang sr-Latn
contains "$OUT" "$M1/po/sr-Latn.po: 0 translated"
python3 - "$M1/po/sr-Latn.po" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = s.replace('msgid "Hot parts"\nmsgstr ""', 'msgid "Hot parts"\nmsgstr "Vrući delovi"')
open(p, "w", encoding="utf-8").write(s)
PY
expect_rc 0 "$LAYERLAB" i18n translit M1
contains "$OUT" "sr-Cyrl.po: "
grep -q 'msgstr "Врући делови"' "$M1/po/sr-Cyrl.po" || fail "no transliteration"
expect_rc 0 "$LAYERLAB" lint "$M1"
contains "$OUT" "po/sr-Latn.po: note: 'sr-Latn' is not declared complete in module.lua: 1 of "
expect_rc 0 "$LAYERLAB" --lang sr-Cyrl lesson run M1/hazards \
	--answers "$ANSWERS/M1/hazards.pass" --port virtual --sim-speed 0
contains "$OUT" "Врући делови"
sed -i 's/msgstr "Врући делови"/msgstr "Vrući делови"/' "$M1/po/sr-Cyrl.po"
expect_rc 0 "$LAYERLAB" lint "$M1"
contains "$OUT" "sr-Cyrl translation has words in Latin script"
expect_rc 0 "$LAYERLAB" --lang en modules
contains "$OUT" "sr-Cyrl 0 % (1 broken)*"
contains "$OUT" "sr-Latn 0 %*"
pass "sr-Cyrl by transliteration; Latin script in it is reported"

expect_rc 2 "$LAYERLAB" i18n frobnicate M1
contains "$ERR" "unknown action 'frobnicate'"
expect_rc 1 "$LAYERLAB" i18n update "$TEST_TMP"
contains "$ERR" "layerlab: i18n: $TEST_TMP: expected a module (module.lua) or one template (.pot), found 0 templates"
expect_rc 1 "$LAYERLAB" i18n update M1 --lang 'x y'
contains "$ERR" "'x y' is not a language tag"
pass "usage errors"
