# The interface catalogues are checked when they are compiled in: a
# translation that lost a placeholder, a key the template lacks, Latin
# script in sr-Cyrl or a syntax error stops the build with file and line;
# fuzzy and untranslated texts are left out (the program shows English).
. "$LL_HARNESS/lib.sh"
cd "$TEST_TMP" || fail "tmp"
head='msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\n"
'
printf '%s\nmsgctxt "a.step"\nmsgid "Step {1} of {2}"\nmsgstr ""\n\nmsgctxt "a.yes"\nmsgid "Yes"\nmsgstr ""\n' \
	"$head" >t.pot
printf '%s\nmsgctxt "a.step"\nmsgid "Step {1} of {2}"\nmsgstr "Korak {1} od {2}"\n\n#, fuzzy\nmsgctxt "a.yes"\nmsgid "Yes"\nmsgstr "Da"\n' \
	"$head" >sl.po
expect_rc 0 "$PO_EMBED" out.c t.pot sl.po
out=$(cat out.c)
contains "$out" '{ "a.step", "Korak {1} od {2}", 4 },'
lacks "$out" '"Da"'
contains "$out" 'static const int fuzzy_sl = 1;'
pass "a good catalogue; fuzzy texts left out"

printf '%s\nmsgctxt "a.step"\nmsgid "Step {1} of {2}"\nmsgstr "Korak {1}"\n\nmsgctxt "a.nope"\nmsgid "Yes"\nmsgstr "Da"\n' \
	"$head" >hr.po
printf '%s\nmsgctxt "a.yes"\nmsgid "Yes"\nmsgstr "Da"\n' "$head" >sr-Cyrl.po
printf '%s\nmsgctxt "a.yes"\nmsgid "Yes"\nmsgstr "Da\n' "$head" >lv.po
expect_rc 1 "$PO_EMBED" out.c t.pot hr.po sr-Cyrl.po lv.po
contains "$ERR" "hr.po:4: error: 'a.step': the translation lacks the placeholder {2}"
contains "$ERR" "hr.po:8: error: unknown key 'a.nope' (not in t.pot)"
contains "$ERR" "sr-Cyrl.po:4: error: 'a.yes': Latin script in sr-Cyrl (run layerlab i18n translit)"
contains "$ERR" "lv.po:7: error: end-of-line within string"
[ -e out.c ] && fail "a failed run left out.c"
pass "broken catalogues stop the build, naming file and line"
