# progress and records export on results written the way lessons write them.
. "$LL_HARNESS/lib.sh"

# Results come from lessons; the helper writes some like a lesson would.
SEEDED="$TEST_TMP/seeded.db"
"$REC_TOOL" seed "$SEEDED" || fail "seed"
sl() { "$LAYERLAB" --db "$SEEDED" "$@"; }
# Every outcome the installed credential requires is a column, tried or not;
# the count is of those. With M1–M9 installed that is the operator
# credential's 41 (ana passed 4 of them: M1.LO1 and three of M2).
PROG="$TEST_TMP/progress.db"
"$LAYERLAB" --db "$SEEDED" records backup --out "$PROG" >/dev/null || fail "copy"
printf 'start ana\nresult M1.LO1\nfinish\n' | "$REC_TOOL" station "$PROG" "$TEST_TMP/station-outbox.db" >/dev/null ||
	fail "M1 result"
pl() { "$LAYERLAB" --db "$PROG" "$@"; }
# row RE: a table line matching the extended regular expression RE.
row() { printf '%s\n' "$OUT" | grep -qE -- "$1" || fail "no line matching '$1' in: $OUT"; }
expect_rc 0 pl progress
contains "$OUT" "LEARNER  NAME              M1.LO1   M1.LO2   M1.LO3   M1.LO4   M1.LO5   M2.LO1   M2.LO2   M2.LO3"
contains "$OUT" "M9.LO4   REQUIRED"
row '^ana      Ana Novak         quiz     -        -        -        -        quiz     printer  trainer  (-        ){33}4/41$'
row '^dj       Đorđe Šćepanović  -        -        -        -        -        not yet  (-        ){35}0/41$'
row '^eva      Eva Horvat        -        -        -        -        -        quiz     (-        ){35}1/41$'
contains "$OUT" "the 41 outcomes the micro-credential 'fdm-operator' requires"
# A file station writes straight to the file: nothing waits in its outbox.
python3 -c 'import sqlite3, sys
n = sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM ops").fetchone()[0]
sys.exit(n != 0)' "$TEST_TMP/station-outbox.db" || fail "a file station kept writes in its outbox"
expect_rc 0 pl progress --group 3b
lacks "$OUT" "ana"
row '^eva      Eva Horvat  -        -        -        -        -        quiz     (-        ){35}1/41$'
expect_rc 0 pl progress --learner ana --json
contains "$OUT" '"missing": ['
contains "$OUT" '"M1.LO4"'
expect_rc 0 sl progress --learner ana --json
contains "$OUT" '"outcome": "M2.LO3"'
contains "$OUT" '"method": "trainer"'
contains "$OUT" '"trainer": "mk"'
expect_rc 2 sl progress --learner ana --group 3a
expect_rc 1 sl progress --learner nobody
contains "$ERR" "layerlab: progress: no learner 'nobody'"
expect_rc 0 sl learner show ana
contains "$OUT" "Outcomes achieved: 3"
contains "$OUT" "signed by mk"
pass "progress table and learner show with outcomes"

# CSV: RFC 4180 quoting, CRLF, UTF-8.
expect_rc 0 sl records export --format csv --out "$TEST_TMP/all.csv"
[ -f "$TEST_TMP/all.csv.tmp" ] && fail "temporary file left behind"
csv=$(cat "$TEST_TMP/all.csv")
contains "$csv" "result_id,time,learner_id,learner_name,group,module"
contains "$csv" '"{""answers"":[2,1,3],""comment"":""says \""ok\"", twice""}"'
contains "$csv" ",dj,Đorđe Šćepanović,3a,"
[ "$(grep -c $'\r$' "$TEST_TMP/all.csv")" = 7 ] || fail "CSV lines do not end in CRLF"
if command -v python3 >/dev/null; then
	rows=$(python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8"))); print(len(r), r[1][16], r[5][3])' "$TEST_TMP/all.csv")
	[ "$rows" = '7 {"answers":[2,1,3],"comment":"says \"ok\", twice"} Đorđe Šćepanović' ] || fail "python csv reads: $rows"
fi
expect_rc 0 sl records export --format csv --learner eva --out -
[ "$(printf '%s\n' "$OUT" | wc -l)" = 2 ] || fail "learner filter: $OUT"
expect_rc 0 sl records export --format csv --since 2999-01-01 --out -
[ "$(printf '%s\n' "$OUT" | wc -l)" = 1 ] || fail "since filter: $OUT"
expect_rc 2 sl records export --format csv --since yesterday --out -
contains "$ERR" "expected a date like 2026-09-01"
expect_rc 2 sl records export --format pdf --out x
expect_rc 2 sl records export --format csv
contains "$ERR" "--out FILE is required"
expect_rc 1 sl records export --format csv --group nope --out -
contains "$ERR" "no group 'nope'"
pass "CSV export with filters"

# JSON: everything, evidence and documents as JSON, no PIN hashes.
expect_rc 0 sl records export --format json --out "$TEST_TMP/all.json"
json=$(cat "$TEST_TMP/all.json")
contains "$json" '"format": "layerlab-records"'
contains "$json" '"first_layer_mm": 0.21'
contains "$json" '"audit_head"'
contains "$json" '"station": "bench-1"'
lacks "$json" 'argon2'
if command -v python3 >/dev/null; then
	counts=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["learners"]), len(d["groups"]), len(d["attempts"]), len(d["results"]), d["results"][0]["evidence"]["answers"])' "$TEST_TMP/all.json")
	[ "$counts" = "3 2 3 6 [2, 1, 3]" ] || fail "json export counts: $counts"
fi
expect_rc 0 sl records export --format json --group 3b --out "$TEST_TMP/3b.json"
lacks "$(cat "$TEST_TMP/3b.json")" '"ana"'
pass "JSON export"

# xAPI: statements from the credential module, one set per result. Ids
# are made from the school's own address, never from the placeholder.
expect_rc 1 sl records export --format xapi --out "$TEST_TMP/x.json"
contains "$ERR" "placeholders"
printf 'institution.name = Test school\ninstitution.url = https://school.test/\n' >"$TEST_TMP/school.conf"
sl() { "$LAYERLAB" --config "$TEST_TMP/school.conf" --db "$SEEDED" "$@"; }
expect_rc 0 sl records export --format xapi --out "$TEST_TMP/x.json"
x=$(cat "$TEST_TMP/x.json")
contains "$x" '"verb"'
contains "$x" 'http://adlnet.gov/expapi/verbs/passed'
expect_rc 0 sl records export --format xapi --out "$TEST_TMP/x2.json"
cmp -s "$TEST_TMP/x.json" "$TEST_TMP/x2.json" || fail "xAPI export is not stable"
pass "xAPI export is stable"

# An export into a directory that does not exist fails cleanly.
expect_rc 1 sl records export --format csv --out "$TEST_TMP/nodir/x.csv"
contains "$ERR" "layerlab: records export: cannot create"
# A directory is refused by name; a link is written through, not replaced by
# a plain file; a pipe (like /dev/null, not a regular file) stays a pipe.
mkdir "$TEST_TMP/outdir"
expect_rc 1 sl records export --format csv --out "$TEST_TMP/outdir"
contains "$ERR" "layerlab: records export: $TEST_TMP/outdir is a directory (expected a file name)"
[ -e "$TEST_TMP/outdir.tmp" ] && fail "a refused export left outdir.tmp"
: > "$TEST_TMP/linked.csv"
ln -s linked.csv "$TEST_TMP/link.csv"
expect_rc 0 sl records export --format csv --out "$TEST_TMP/link.csv"
[ -L "$TEST_TMP/link.csv" ] || fail "the export replaced the link with a file"
grep -q "M2.LO1" "$TEST_TMP/linked.csv" || fail "the export did not reach the linked file"
mkfifo "$TEST_TMP/pipe"
cat "$TEST_TMP/pipe" > "$TEST_TMP/from-pipe" &
reader=$!
expect_rc 0 sl records export --format csv --out "$TEST_TMP/pipe"
wait $reader
[ -p "$TEST_TMP/pipe" ] || fail "the export replaced the pipe with a file"
grep -q "M2.LO1" "$TEST_TMP/from-pipe" || fail "the export did not go through the pipe"
pass "exports into a directory are refused; links and pipes are written through, never replaced"

expect_rc 0 sl records verify
contains "$OUT" "all records verified"

# xAPI names the outcome by its title in the export's language, with its real
# language tag, and the lesson by module and lesson.
expect_rc 0 "$LAYERLAB" --config "$TEST_TMP/school.conf" --db "$PROG" --lang sl records export --format xapi --out -
contains "$OUT" '"sl": "Nevarnosti FDM in ukrepi"'
contains "$OUT" '"id": "https://school.test/modules/M1/lessons/hazards"'
lacks "$OUT" '"id": "https://school.test/lessons/hazards"'
pass "xAPI activity names from outcome titles in the export's language; lesson IRIs carry the module"
