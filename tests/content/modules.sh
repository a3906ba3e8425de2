# layerlab modules: what is installed, with outcomes, in the chosen
# language; --modules and the configuration add directories.
. "$LL_HARNESS/lib.sh"
CONTENT="$LL_SOURCE_DIR/tests/content"

expect_rc 0 "$LAYERLAB" --lang en modules
contains "$OUT" "M1  Safety and workshop rules"
contains "$OUT" "1.0 · EQF level 4 · Workload: 6 h · $LL_SOURCE_DIR/modules/M1"
contains "$OUT" "Lessons: M1/hazards M1/stop-and-cool M1/emergency-drill M1/workshop-rules"
contains "$OUT" "M1.LO1   K   Explains the hazards of FDM work"
contains "$OUT" "M1.LO2   S   Reads the printer's temperature reports"
contains "$OUT" "(checked on the printer)"
contains "$OUT" "M1.LO4   S   Performs the emergency procedure for a thermal-runaway message"
contains "$OUT" "M1.LO5   RA  Applies the workshop rules and reports faults unprompted."
contains "$OUT" "(trainer sign-off)"
contains "$OUT" "fdm-workshop-safety  FDM workshop safety"
contains "$OUT" "EQF 4 · 0.2 ECTS · 6 h · M1 (5)"
contains "$OUT" "fdm-operator  FDM 3D printing — operator level"
contains "$OUT" "    Builds on: fdm-workshop-safety"
contains "$OUT" "fdm-trainer  FDM trainer"
pass "the shipped module in English"

expect_rc 0 "$LAYERLAB" --lang sl modules
contains "$OUT" "M1  Varnost in pravila delavnice"
contains "$OUT" "Učni izidi:"
contains "$OUT" "M1.LO3   S   Uporablja načine zaustavitve tiskalnika"
contains "$OUT" "(potrditev inštruktorja)"
contains "$OUT" "Varnost v delavnici za tiskanje FDM"
pass "Slovenian"

# Serbian Cyrillic: the interface and the module's outcomes (po/sr-Cyrl.po,
# generated from sr-Latn.po); texts it lacks fall back to English, never
# to Latin-script Serbian.
expect_rc 0 "$LAYERLAB" --lang sr-Cyrl modules
contains "$OUT" "Исходи учења:"
contains "$OUT" "M1  Безбедност и правила радионице"
contains "$OUT" "M1.LO3   S   Користи начине заустављања штампача"
# M1 declares sr-Cyrl complete (no star); a language M2 does not declare
# (it has only M2's outcomes in Macedonian) shows its share with a star.
contains "$OUT" "sr-Cyrl 100 % ·"
printf '%s\n' "$OUT" | grep -q ' mk [0-9]\{1,2\} %\*' ||
	fail "no partial, undeclared language in: $OUT"
LANG=sl_SI.UTF-8 LC_ALL= expect_rc 0 "$LAYERLAB" modules
contains "$OUT" "Učni izidi:"
pass "fallback chain and LANG"

expect_rc 0 "$LAYERLAB" --lang en --modules "$CONTENT/good" modules
contains "$OUT" "M1  Safety and workshop rules"
contains "$OUT" "X9  Fixture module"
contains "$OUT" "Lessons: X9/one"
contains "$OUT" "fixture  Fixture credential"
pass "--modules adds a directory"

mkdir -p "$XDG_CONFIG_HOME/layerlab"
echo "modules = $CONTENT/good" >"$XDG_CONFIG_HOME/layerlab/layerlab.conf"
expect_rc 0 "$LAYERLAB" --lang en modules
contains "$OUT" "X9  Fixture module"
rm "$XDG_CONFIG_HOME/layerlab/layerlab.conf"
pass "the configuration adds a directory"

expect_rc 1 "$LAYERLAB" --lang en --modules "$CONTENT/broken/syntax-error" modules
contains "$OUT" "M1  Safety and workshop rules"
contains "$ERR" "layerlab: modules: $CONTENT/broken/syntax-error/X9/module.lua:4: '}' expected (to close '{' at line 2) near 'version' (run 'layerlab lint' for details)"
expect_rc 1 "$LAYERLAB" --modules "$TEST_TMP/none" modules
contains "$ERR" "layerlab: modules: $TEST_TMP/none: No such file or directory"
expect_rc 2 "$LAYERLAB" modules extra
contains "$ERR" "usage: layerlab"
pass "broken modules and bad directories are named"

# A module id installed twice: the first directory wins, the second is named.
mkdir -p "$TEST_TMP/dup"
cp -r "$LL_SOURCE_DIR/modules/M1" "$TEST_TMP/dup/"
expect_rc 1 "$LAYERLAB" --lang en --modules "$TEST_TMP/dup" modules
contains "$ERR" "$TEST_TMP/dup/M1/module.lua: module 'M1' is already installed from another directory"
pass "duplicate module ids"

# docs/curriculum.md is generated from the module files and must match them.
expect_rc 0 "$LAYERLAB" --lang en modules --markdown
[ "$OUT" = "$(cat "$LL_SOURCE_DIR/docs/curriculum.md")" ] ||
	fail "docs/curriculum.md is out of date: layerlab --lang en modules --markdown > docs/curriculum.md"
contains "$OUT" "| M1.LO2 | S | Reads the printer's temperature reports"
expect_rc 0 "$LAYERLAB" --lang sl modules --markdown
contains "$OUT" "## M1 Varnost in pravila delavnice"
pass "the curriculum document"
