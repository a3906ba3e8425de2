# records export --format moodle-competencies, read as Moodle's importer reads it.
. "$LL_HARNESS/lib.sh"
CHECK="$(dirname "$0")/moodle_import_check.py"

expect_rc 0 "$LAYERLAB" records export --format moodle-competencies --out "$TEST_TMP/framework.csv"
OUT=$(python3 "$CHECK" "$TEST_TMP/framework.csv" 2>&1) || fail "$OUT"
contains "$OUT" "framework layerlab:"
modules=$(ls "$LL_SOURCE_DIR"/modules/*/module.lua | wc -l)
contains "$OUT" "$modules at the top"
csv=$(cat "$TEST_TMP/framework.csv")
contains "$csv" "M1,M1.LO1,FDM hazards and controls,"
contains "$csv" ",M1,Safety and workshop rules,"
pass "every installed module and outcome is a competency Moodle's importer attaches"

expect_rc 0 "$LAYERLAB" --lang sl records export --format moodle-competencies --out "$TEST_TMP/sl.csv"
OUT=$(python3 "$CHECK" "$TEST_TMP/sl.csv" 2>&1) || fail "$OUT"
contains "$(cat "$TEST_TMP/sl.csv")" "M1,M1.LO1,Nevarnosti FDM in ukrepi,"
pass "names and descriptions in the export's language"

expect_rc 2 "$LAYERLAB" records export --format moodle --out -
contains "$ERR" "csv, xapi, json or moodle-competencies"
