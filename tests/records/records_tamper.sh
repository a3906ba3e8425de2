# Changes made behind layerlab's back are found by 'records verify'.
. "$LL_HARNESS/lib.sh"
"$REC_TOOL" seed "$TEST_TMP/seed.db" || fail "seed"
# fresh NAME: a copy of the seeded database (closed, so one self-contained file).
fresh() { DB="$TEST_TMP/$1.db"; cp "$TEST_TMP/seed.db" "$DB"; }
fresh a
q() { "$REC_TOOL" sql "$DB" "$1"; }
verify() { "$LAYERLAB" --db "$DB" records verify; }

expect_rc 0 verify
contains "$OUT" "audit chain:  22 entries, ok"
contains "$OUT" "all records verified"

# Result 2 is a failed printer check; turn it into a pass.
seq=$(q "SELECT seq FROM audit WHERE tbl = 'results' AND row_key = '2'")
[ -n "$seq" ] || fail "no audit entry for result 2"
q "UPDATE results SET passed = 1 WHERE id = 2"
expect_rc 1 verify
contains "$OUT" "rows:         16 rows checked against their audit entries, MISMATCH"
contains "$OUT" "first bad entry: $seq"
contains "$ERR" "layerlab: records verify: audit entry $seq (results 2, insert) does not match: the results row '2' was changed outside layerlab after it was recorded"
q "UPDATE results SET passed = 0 WHERE id = 2"
expect_rc 0 verify
pass "a result changed in the file is caught, naming its entry"

# Evidence edited, and a trainer sign-off moved to another trainer.
q "UPDATE results SET evidence = '{\"first_layer_mm\":0.20}' WHERE id = 3"
expect_rc 1 verify
contains "$ERR" "(results 3, insert) does not match"
q "UPDATE results SET evidence = '{\"first_layer_mm\":0.21}' WHERE id = 3"
q "UPDATE learners SET name = 'Ana Nowak' WHERE id = 'ana'"
expect_rc 1 verify
contains "$ERR" "(learners ana, insert) does not match"
q "UPDATE learners SET name = 'Ana Novak' WHERE id = 'ana'"
expect_rc 0 verify
pass "edited evidence and names are caught"

# Rewriting the row's hash in its entry breaks the chain at that entry.
q "UPDATE results SET passed = 1 WHERE id = 2"
q "UPDATE audit SET row_hash = '$(printf '%064d' 0)' WHERE seq = $seq"
expect_rc 1 verify
contains "$OUT" "audit chain:  "
contains "$OUT" "BROKEN"
contains "$OUT" "first bad entry: $seq"
contains "$ERR" "audit entry $seq (results 2, insert) was altered: its content does not match its hash"
pass "an altered audit entry breaks the chain"

# Entries removed from the middle.
fresh b
q "DELETE FROM audit WHERE seq = 9"
expect_rc 1 verify
contains "$ERR" "audit entry 9 is missing (the log jumps from 8 to 10)"
pass "a removed audit entry is caught"

# Rows removed, or slipped in without an entry.
fresh c
q "DELETE FROM results WHERE id = 6"
expect_rc 1 verify
contains "$ERR" "(results 6, insert) does not match: results row '6' is missing"
fresh d
q "INSERT INTO results (attempt_id, outcome_id, method, passed, time) VALUES (2, 'M2.LO2', 'printer', 1, 0)"
expect_rc 1 verify
contains "$ERR" "the results row '7' has no audit entry: it was added outside layerlab"
pass "removed and unrecorded rows are caught"

# A broken reference (foreign keys are off for outside programs by default).
fresh e
q "DELETE FROM trainers"
expect_rc 1 verify
contains "$OUT" "foreign keys: BROKEN"
contains "$ERR" "audit entry 11 (trainers mk, insert) does not match: trainers row 'mk' is missing"
pass "broken references are caught"
