# The micro-credential definitions' texts go through gettext catalogues as
# a module's do (modules/credentials/po/): the shipped template is current,
# a translation changed in sl.po is what the Slovenian listing shows, lint
# --strict names an untranslated text per declared language, and a text
# two definitions share has one source ({ same_as = "..." }).
. "$LL_HARNESS/lib.sh"
DATA="$TEST_TMP/share"
mkdir -p "$DATA"
cp -r "$LL_SOURCE_DIR/modules" "$LL_SOURCE_DIR/printers" "$DATA/"
export LAYERLAB_DATA_DIR="$DATA"
CRED="$DATA/modules/credentials"

expect_rc 0 "$LAYERLAB" i18n extract credentials
contains "$OUT" "$CRED/po/credentials.pot: "
cmp -s "$CRED/po/credentials.pot" "$LL_SOURCE_DIR/modules/credentials/po/credentials.pot" ||
	fail "modules/credentials/po/credentials.pot is out of date: run layerlab i18n extract credentials"
pot=$(cat "$CRED/po/credentials.pot")
contains "$pot" "#. fdm-workshop-safety: title"
contains "$pot" "#: fdm-workshop-safety.lua:"
contains "$pot" 'msgid "FDM workshop safety"'
# The operator credential takes three texts from the safety credential:
# each is in the template once, referenced from the file that writes it.
[ "$(grep -c '"Minimum age 15' "$CRED/po/credentials.pot")" = 1 ] ||
	fail "a shared text is in the template twice"
lacks "$pot" "fdm-operator: prerequisites"
pass "the template: every definition's texts, with file:line, shared ones once"

expect_rc 0 "$LAYERLAB" i18n update credentials
contains "$OUT" "$CRED/po/sl.po: "
expect_rc 0 "$LAYERLAB" lint --strict "$CRED"
lacks "$OUT" "warning:"
pass "update keeps every translation; lint --strict is clean"

# A translation changed in the catalogue is what a Slovenian trainee sees,
# also where the operator credential shares the safety credential's text.
sed -i 's/^msgstr "Varnost v delavnici za tiskanje FDM"$/msgstr "Varno delo v delavnici FDM"/' "$CRED/po/sl.po"
grep -q '^msgstr "Varno delo v delavnici FDM"$' "$CRED/po/sl.po" || fail "fixture edit"
expect_rc 0 "$LAYERLAB" --lang sl modules
contains "$OUT" "fdm-workshop-safety  Varno delo v delavnici FDM"
expect_rc 0 "$LAYERLAB" --lang hr modules
contains "$OUT" "fdm-workshop-safety  Sigurnost u radionici za FDM ispis"
pass "the credential's texts in the trainee's language, from the catalogues"

# A text without its translation is named, per language the definitions
# declare complete, at the catalogue's line.
sed -i 's/^msgstr "FDM instruktor"$/msgstr ""/' "$CRED/po/bs.po"
expect_rc 1 "$LAYERLAB" lint --strict "$CRED"
contains "$OUT" "$CRED/po/bs.po:"
contains "$OUT" "fdm-trainer.lua:"
contains "$OUT" '"FDM trainer": untranslated'
pass "lint --strict reports an untranslated credential text"

# An inline table of languages beside the catalogues is refused as a
# second place for translations; same_as must name a definition that
# writes the text.
sed -i 's/^  title = "FDM trainer",$/  title = { en = "FDM trainer", sl = "Mentor" },/' "$CRED/fdm-trainer.lua"
grep -q 'sl = "Mentor"' "$CRED/fdm-trainer.lua" || fail "fixture edit"
expect_rc 0 "$LAYERLAB" lint "$CRED/fdm-trainer.lua"
contains "$OUT" "fdm-trainer.lua:"
contains "$OUT" "warning: 'title' is a table of languages: write the source text and translate it in po/<lang>.po"
sed -i 's/^  stackability = .*/  stackability = { same_as = "fdm-trainer" },/' "$CRED/fdm-trainer.lua"
grep -q 'same_as = "fdm-trainer"' "$CRED/fdm-trainer.lua" || fail "fixture edit"
expect_rc 1 "$LAYERLAB" lint "$CRED/fdm-trainer.lua"
contains "$OUT" "error: 'stackability.same_as': credential 'fdm-trainer' writes no text of its own for 'stackability'"
pass "inline translations and a same_as without its text are reported"
