# A backup taken while a station writes is complete, verified, and restores.
. "$LL_HARNESS/lib.sh"
DB="$TEST_TMP/records.db"
"$REC_TOOL" seed "$DB" || fail "seed"

"$REC_TOOL" writer "$DB" >"$TEST_TMP/ids" 2>"$TEST_TMP/writer.err" &
writer=$!
LL_PIDS+=("$writer")
poll test -s "$TEST_TMP/ids" || fail "the writer did not start: $(cat "$TEST_TMP/writer.err")"
expect_rc 0 "$LAYERLAB" --db "$DB" records backup --out "$TEST_TMP/backup.db"
contains "$OUT" "to $TEST_TMP/backup.db (verified; head not signed"
kill -9 $writer
wait $writer 2>/dev/null
[ -e "$TEST_TMP/backup.db.tmp" ] && fail "temporary copy left behind"
pass "backup while a station writes"

expect_rc 1 "$LAYERLAB" --db "$DB" records backup --out "$TEST_TMP/backup.db"
contains "$ERR" "layerlab: records backup: $TEST_TMP/backup.db already exists"
expect_rc 2 "$LAYERLAB" --db "$DB" records backup
contains "$ERR" "--out FILE is required"

# Restore: the copy is a working database with the seeded records.
RESTORED="$TEST_TMP/restored.db"
cp "$TEST_TMP/backup.db" "$RESTORED"
expect_rc 0 "$LAYERLAB" --db "$RESTORED" records verify
contains "$OUT" "all records verified"
expect_rc 0 "$LAYERLAB" --db "$RESTORED" progress --group 3a
# The operator credential's 41 outcomes are the columns (M1–M9 installed).
printf '%s\n' "$OUT" | grep -qE '^ana      Ana Novak         -        -        -        -        -        quiz     printer  trainer  (-        ){33}3/41$' ||
	fail "ana's row not in: $OUT"
n=$("$REC_TOOL" count "$RESTORED")
[ "$n" -ge 6 ] || fail "restored database has $n results"
expect_rc 0 "$LAYERLAB" --db "$RESTORED" learner add new --name "After restore"
pass "a backup restores"

# A damaged database gives no backup.
"$REC_TOOL" sql "$DB" "UPDATE results SET passed = 1 WHERE id = 2"
expect_rc 1 "$LAYERLAB" --db "$DB" records backup --out "$TEST_TMP/bad.db"
contains "$ERR" "the copy does not verify: audit entry"
[ -e "$TEST_TMP/bad.db" ] && fail "an unverified backup was kept"
[ -e "$TEST_TMP/bad.db.tmp" ] && fail "an unverified copy was left behind"
pass "a backup of altered records is refused"
