# Shared by the lesson runtime's shell tests. Sourced after harness/lib.sh.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MODS="$HERE/modules"
ANS="$HERE/answers"
DB="$TEST_TMP/records.db"

# lesson ARGS...: layerlab with the test modules and a private database.
lesson() {
	"$LAYERLAB" --db "$DB" --modules "$MODS" lesson run "$@"
}

# answers TEXT: writes an answer file, prints its path.
answers() {
	local f="$TEST_TMP/answers.$RANDOM"
	printf '%s\n' "$@" >"$f"
	echo "$f"
}

# attempt_field LESSON FIELD: FIELD of the latest attempt at LESSON.
attempt_field() {
	"$LAYERLAB" --db "$DB" records export --format json --out "$TEST_TMP/export.json" >/dev/null ||
		fail "records export failed"
	python3 - "$TEST_TMP/export.json" "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
a = [x for x in d["attempts"] if x["lesson"] == sys.argv[2]]
print(a[-1][sys.argv[3]] if a else "none")
PY
}

# results_csv: every recorded result as CSV.
results_csv() {
	"$LAYERLAB" --db "$DB" records export --format csv --out "$TEST_TMP/results.csv" >/dev/null ||
		fail "records export failed"
	cat "$TEST_TMP/results.csv"
}
