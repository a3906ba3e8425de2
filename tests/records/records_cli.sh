# learner, group, trainer, progress and records export as a user runs them.
. "$LL_HARNESS/lib.sh"
DB="$TEST_TMP/records.db"
ll() { "$LAYERLAB" --db "$DB" "$@"; }

# Groups and learners.
expect_rc 0 ll group add 3a --name "3.A mehatronika"
contains "$OUT" "added group 3a"
expect_rc 1 ll group add 3a
contains "$ERR" "layerlab: group add: group '3a' already exists"
expect_rc 0 ll group add 3b
expect_rc 0 ll learner add ana --name "Ana Novak" --group 3a --school-id 77120
expect_rc 0 ll learner add dj --group 3a --name "Đorđe Šćepanović"
expect_rc 0 ll learner add 李 --name "李小龙"
expect_rc 1 ll learner add ana --name "Someone else"
contains "$ERR" "learner 'ana' already exists"
expect_rc 1 ll learner add zed --name Zed --group nope
contains "$ERR" "layerlab: learner add: no group 'nope' (add it first with 'layerlab group add nope')"
expect_rc 2 ll learner add zed
contains "$ERR" "--name is required"
expect_rc 2 ll learner add --name Zed
expect_rc 2 ll learner add zed --name Zed --colour blue
contains "$ERR" "unknown option '--colour'"
expect_rc 2 ll learner
expect_rc 2 ll learner fly
contains "$ERR" "unknown subcommand 'fly'"
expect_rc 1 ll learner add "has space" --name X
contains "$ERR" "contains a space"
pass "learner add and its errors"

expect_rc 0 ll learner list
contains "$OUT" "ID   NAME              GROUP  SCHOOL ID"
# Display widths, not bytes: the group column lines up after CJK and Šć.
line_dj=$(printf '%s\n' "$OUT" | grep '^dj ')
line_li=$(printf '%s\n' "$OUT" | grep '^李')
[ "$line_dj" = "dj   Đorđe Šćepanović  3a     -" ] || fail "dj row: '$line_dj'"
[ "$line_li" = "李   李小龙            -      -" ] || fail "李 row: '$line_li'"
expect_rc 0 ll learner list --group 3a --json
contains "$OUT" '"school_id": "77120"'
contains "$OUT" '"name": "Đorđe Šćepanović"'
lacks "$OUT" '李'
expect_rc 1 ll learner list --group nope
contains "$ERR" "no group 'nope'"
expect_rc 0 ll learner rename ana "Ana Novak Kos"
expect_rc 0 ll learner show ana
contains "$OUT" "Name:       Ana Novak Kos"
contains "$OUT" "School id:  77120"
contains "$OUT" "Outcomes achieved: 0"
expect_rc 1 ll learner show nobody
contains "$ERR" "layerlab: learner show: no learner 'nobody'"
expect_rc 1 ll learner rename nobody "N"
expect_rc 0 ll group list
contains "$OUT" "3a  3.A mehatronika  2"
contains "$OUT" "3b  3b               0"
pass "learner list, show, rename; group list"

# Trainers: PINs from stdin when it is not a terminal.
OUT=$(printf '4821\n4821\n' | ll trainer add mk --name "Marija Kovač" 2>&1) || fail "trainer add: $OUT"
contains "$OUT" "added trainer mk"
OUT=$(printf '4821\n4822\n' | ll trainer add jh --name "Jure" 2>&1) && fail "differing PINs accepted"
contains "$OUT" "the two PINs differ: nothing was changed"
OUT=$(printf '12\n12\n' | ll trainer add jh --name "Jure" --pin-stdin 2>&1) && fail "short PIN accepted"
contains "$OUT" "a PIN needs at least 4 digits"
OUT=$(printf '' | ll trainer add jh --name "Jure" 2>&1) && fail "no PIN accepted"
contains "$OUT" "no PIN given"
OUT=$(printf '1234\n1234\n' | ll trainer add mk --name "Again" 2>&1) && fail "duplicate trainer"
contains "$OUT" "trainer 'mk' already exists"
expect_rc 0 ll trainer list
contains "$OUT" "mk  Marija Kovač  ok"
lacks "$OUT" "jh"
OUT=$(printf '4821\n135790\n135790\n' | ll trainer passwd mk 2>&1) || fail "passwd: $OUT"
contains "$OUT" "changed the PIN of trainer mk"
pass "trainer add, list, passwd"

# Lockout: 5 wrong PINs, then even the right one is refused.
for i in 1 2 3 4; do
	OUT=$(printf '0000\n' | ll trainer passwd mk 2>&1) && fail "wrong PIN accepted"
	contains "$OUT" "wrong PIN ("
done
contains "$OUT" "wrong PIN (1 try left)"
OUT=$(printf '0000\n' | ll trainer passwd mk 2>&1) && fail "wrong PIN accepted"
contains "$OUT" "locked for 60 seconds"
OUT=$(printf '135790\n111111\n111111\n' | ll trainer passwd mk 2>&1) && fail "locked trainer accepted"
contains "$OUT" "layerlab: trainer passwd: mk: locked, "
contains "$OUT" "seconds left"
expect_rc 0 ll trainer list
contains "$OUT" "locked, "
expect_rc 0 ll trainer list --json
contains "$OUT" '"locked": true'
pass "PIN lockout after 5 wrong PINs"

# Another trainer resets a forgotten (or locked) PIN with their own PIN.
OUT=$(printf '2468\n2468\n' | ll trainer add jh --name "Jure Horvat" 2>&1) || fail "add jh: $OUT"
OUT=$(printf '1111\n5555\n5555\n' | ll trainer passwd mk --by jh 2>&1) && fail "reset with a wrong PIN"
contains "$OUT" "layerlab: trainer passwd: jh: wrong PIN (4 tries left)"
OUT=$(printf '2468\n5555\n5555\n' | ll trainer passwd mk --by jh 2>&1) || fail "reset: $OUT"
contains "$OUT" "changed the PIN of trainer mk"
OUT=$(printf '5555\n6666\n6666\n' | ll trainer passwd mk 2>&1) || fail "the reset PIN: $OUT"
OUT=$(printf '2468\n' | ll trainer passwd ghost --by jh 2>&1) && fail "reset of a missing trainer"
contains "$OUT" "no trainer 'ghost'"
pass "a PIN reset by another trainer"

# Results come from lessons; the helper writes some like a lesson would.
SEEDED="$TEST_TMP/seeded.db"
"$REC_TOOL" seed "$SEEDED" || fail "seed"
sl() { "$LAYERLAB" --db "$SEEDED" "$@"; }
expect_rc 0 sl progress
contains "$OUT" "LEARNER  NAME              M2.LO1   M2.LO2   M2.LO3   ACHIEVED"
contains "$OUT" "ana      Ana Novak         quiz     printer  trainer  3/3"
contains "$OUT" "dj       Đorđe Šćepanović  not yet  -        -        0/3"
contains "$OUT" "eva      Eva Horvat        quiz     -        -        1/3"
expect_rc 0 sl progress --group 3b
lacks "$OUT" "ana"
contains "$OUT" "eva      Eva Horvat  quiz     1/1"
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

# xAPI: statements from the credential module, one set per result.
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

# Help text for each command.
for c in learner group trainer progress records; do
	expect_rc 0 "$LAYERLAB" help $c
	contains "$OUT" "Examples:"
done
pass "help texts"

expect_rc 0 ll records verify
contains "$OUT" "all records verified"
expect_rc 0 sl records verify
