# layerlab records merge: a station's file carried to the trainer's laptop.
. "$LL_HARNESS/lib.sh"
A="$TEST_TMP/laptop.db"
B="$TEST_TMP/station-b.db"
la() { "$LAYERLAB" --db "$A" "$@"; }
lb() { "$LAYERLAB" --db "$B" "$@"; }
count() { "$REC_TOOL" sql "$1" "SELECT count(*) FROM $2"; }

# The laptop has group 3a under another name, ana as on B, trainer mk with
# another PIN; B has the lessons' work (3 attempts, 6 results).
la group add 3a >/dev/null || fail "laptop group"
la learner add ana --name "Ana Novak" --group 3a --school-id 77120 >/dev/null || fail "laptop learner"
OUT=$(printf '999999\n999999\n' | la trainer add mk --name "Marija Kovač" 2>&1) || fail "laptop trainer: $OUT"
"$REC_TOOL" seed "$B" || fail "seed B"
entries_before=$(count "$A" audit)

expect_rc 1 la records merge "$B"
contains "$OUT" "conflict: group 3a: name here '3a', there '3.A mehatronika': needs a choice"
contains "$OUT" "conflict: trainer mk: PIN here '(set here)', there '(set there)': needs a choice"
lacks "$OUT" "learner ana"
contains "$ERR" "layerlab: records merge: 2 conflicts between the two databases need a choice"
contains "$ERR" "nothing was merged"
[ "$(count "$A" results)" = 0 ] || fail "a refused merge wrote results"
[ "$(count "$A" audit)" = "$entries_before" ] || fail "a refused merge wrote audit entries"
expect_rc 2 la records merge "$B" --take mk=theirs
contains "$ERR" "expected KIND:ID=ours|theirs"
pass "conflicts without a choice are all listed and nothing is merged"

expect_rc 0 la records merge "$B" --prefer ours --take trainer:mk=theirs
contains "$OUT" "conflict: group 3a: name here '3a', there '3.A mehatronika': keeping ours"
contains "$OUT" "conflict: trainer mk: PIN here '(set here)', there '(set there)': taking theirs"
contains "$OUT" "1 groups, 2 learners, 0 trainers, 3 attempts, 6 results, 0 credentials added, 1 updated"
expect_rc 0 la learner list
contains "$OUT" "dj   Đorđe Šćepanović  3a"
contains "$OUT" "eva  Eva Horvat        3b"
expect_rc 0 la group list
contains "$OUT" "3a  3a"
expect_rc 0 la learner show ana
contains "$OUT" "signed by mk"
# Their PIN now opens mk on the laptop (the PIN is checked before the change).
OUT=$(printf '482193\n246801\n246801\n' | la trainer passwd mk 2>&1) || fail "their PIN refused: $OUT"
for db in "$A" "$B"; do
	expect_rc 0 "$LAYERLAB" --db "$db" records verify
	contains "$OUT" "all records verified"
done
pass "merged with explicit choices: rows added, their PIN taken, verify passes on both sides"

before=$(count "$A" audit)
expect_rc 0 la records merge "$B" --prefer ours
contains "$OUT" "0 groups, 0 learners, 0 trainers, 0 attempts, 0 results, 0 credentials added, 0 updated"
[ "$(count "$A" audit)" = "$before" ] || fail "a second merge wrote audit entries"
[ "$(count "$A" results)" = 6 ] || fail "results after merging twice: $(count "$A" results)"
pass "merging twice changes nothing"

# Back the other way: B gets nothing it already has.
expect_rc 0 lb records merge "$A" --prefer ours
contains "$OUT" "0 attempts, 0 results"
[ "$(count "$B" results)" = 6 ] || fail "B results after merging back: $(count "$B" results)"
# New work at B arrives at the next merge, and only that: a result, and a
# trainer's observation of ana (M1.LO5), which comes as an observation.
"$REC_TOOL" big "$B" 10 >/dev/null || fail "new work at B"
"$REC_TOOL" observe "$B" ana M1.LO5 mk 1 >/dev/null || fail "an observation at B"
expect_rc 0 la records merge "$B" --prefer ours
contains "$OUT" "0 groups, 1 learners, 0 trainers, 2 attempts, 2 results"
[ "$(count "$A" results)" = 8 ] || fail "results after new work: $(count "$A" results)"
obs=$("$REC_TOOL" sql "$A" "SELECT outcome_id, method, passed, trainer_id, evidence FROM results WHERE method = 'observation'")
[ "$obs" = 'M1.LO5|observation|1|mk|{"note":"guard closed before reaching in"}' ] ||
	fail "the merged observation: $obs"
expect_rc 0 la learner show ana
lacks "$(printf '%s\n' "$OUT" | sed -n '/^Outcomes achieved/,/^Observed/p')" "M1.LO5"
contains "$OUT" "Observed by a trainer (evidence for a sign-off, not achieved by itself): 1"
for db in "$A" "$B"; do
	expect_rc 0 "$LAYERLAB" --db "$db" records verify
done
expect_rc 1 la records merge "$A"
contains "$ERR" "is this same database"
pass "merging back and again brings only what is new; a database is not merged into itself"
