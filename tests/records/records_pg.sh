# The records on a PostgreSQL server: the same commands, schema, audit chain,
# verify and backup as with a file; stations writing at once never fork the
# chain; passwords only from the pgpass file.
. "$(dirname "$0")/pg_env.sh"
ll() { "$LAYERLAB" --db "$PGURI" "$@"; }

# The same commands as with a file.
expect_rc 0 ll group add 3a --name "3.A mehatronika"
expect_rc 1 ll group add 3a
contains "$ERR" "group '3a' already exists"
expect_rc 0 ll learner add ana --name "Ana Novak" --group 3a --school-id 77120
expect_rc 0 ll learner add 李 --name "李小龙"
expect_rc 1 ll learner add zed --name Zed --group nope
contains "$ERR" "no group 'nope'"
expect_rc 0 ll learner list
contains "$OUT" "ana  Ana Novak  3a     77120"
OUT=$(printf '482193\n482193\n' | ll trainer add mk --name "Marija Kovač" 2>&1) || fail "trainer add: $OUT"
OUT=$(printf '000000\n' | ll trainer passwd mk 2>&1) && fail "wrong PIN accepted"
contains "$OUT" "wrong PIN (4 tries left)"
pass "learner, group and trainer commands on the server"

# Lessons' writes, then verify and a backup that is a verified SQLite file.
createdb seeded || fail "createdb seeded"
PGURI="postgresql://$PGUSER@$PGHOST:$PGPORT/seeded"
"$REC_TOOL" seed "$PGURI" || fail "seed"
expect_rc 0 ll progress --learner ana
contains "$OUT" "M2.LO1"
expect_rc 0 ll records verify
contains "$OUT" "all records verified"
head=$(printf '%s\n' "$OUT" | grep '^head:')
expect_rc 0 ll records backup --out "$TEST_TMP/backup.db"
contains "$OUT" "(verified; head not signed"
expect_rc 0 "$LAYERLAB" --db "$TEST_TMP/backup.db" records verify
contains "$OUT" "$head"
expect_rc 0 "$LAYERLAB" --db "$TEST_TMP/backup.db" learner list
contains "$OUT" "Đorđe Šćepanović"
pass "verify on the server; the backup has the same audit chain ($head)"

# Tampering on the server is found like in a file.
psql -q -d seeded -c "UPDATE results SET passed = 1 WHERE id = 5" >/dev/null ||
	fail "psql update"
expect_rc 1 ll records verify
contains "$ERR" "was changed outside layerlab"
psql -q -d seeded -c "UPDATE results SET passed = 0 WHERE id = 5" >/dev/null
expect_rc 0 ll records verify
pass "a row changed on the server behind layerlab's back is found"

# Several stations at once, starting on an empty database: one migrates,
# the others wait; every result is stored once and the chain is one line.
createdb stations || fail "createdb stations"
STATIONS="postgresql://$PGUSER@$PGHOST:$PGPORT/stations"
pids=()
for i in 1 2 3 4 5 6; do
	"$REC_TOOL" fill "$STATIONS" 40 >"$TEST_TMP/fill.$i" 2>&1 &
	pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || fail "a station failed: $(cat "$TEST_TMP"/fill.*)"; done
expect_rc 0 "$REC_TOOL" count "$STATIONS"
[ "$OUT" = 240 ] || fail "6 stations wrote 240 results, the server has $OUT"
expect_rc 0 "$LAYERLAB" --db "$STATIONS" records verify
contains "$OUT" "all records verified"
# 5 migrations, and per station a learner, a module the first time, an attempt, 40 results.
entries=$(printf '%s\n' "$OUT" | sed -n 's/^audit chain: *\([0-9]*\) entries.*/\1/p')
[ "$entries" = $((5 + 1 + 6 * 42)) ] || fail "audit entries: $entries"
pass "6 stations writing at once: 240 results, one unbroken chain of $entries entries"

# Passwords: never in the URI; without the pgpass file the server refuses.
expect_rc 1 "$LAYERLAB" --db "postgresql://$PGUSER:secret@$PGHOST:$PGPORT/layerlab" learner list
contains "$ERR" "carries a password"
contains "$ERR" "~/.pgpass"
expect_rc 1 env PGPASSFILE=/nonexistent "$LAYERLAB" --db "$PGURI" learner list
contains "$ERR" "cannot reach the records server $PGURI"
contains "$ERR" "password"
expect_rc 1 "$LAYERLAB" --db "postgresql://$PGUSER@$PGHOST:$PGPORT/nosuchdb" learner list
contains "$ERR" "nosuchdb"
pass "passwords come from the pgpass file only"

# A database of another program is refused, not taken over.
createdb other || fail "createdb other"
psql -q -d other -c "CREATE TABLE invoices (id int)" >/dev/null
expect_rc 1 "$LAYERLAB" --db "postgresql://$PGUSER@$PGHOST:$PGPORT/other" learner list
contains "$ERR" "is not a layerlab records database"
pass "another program's database is refused"

# A server database at schema 4 (before observations) is upgraded in place:
# the two checks on results are replaced under the names they had, every
# row stays as it was, and an observation must name its trainer.
createdb v4 || fail "createdb v4"
V4URI="postgresql://$PGUSER@$PGHOST:$PGPORT/v4"
"$REC_TOOL" make-v4 "$V4URI" || fail "make-v4"
checks() {
	psql -At -d v4 -c "SELECT conname || ': ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'results'::regclass AND contype = 'c' ORDER BY conname"
}
rows() {
	local t
	for t in groups learners trainers modules attempts results credentials audit; do
		psql -At -d v4 -c "SELECT * FROM $t ORDER BY 1" || fail "psql $t"
	done
}
before=$(checks)
contains "$before" "results_check: CHECK (((method <> 'trainer'::text) OR (trainer_id IS NOT NULL)))"
contains "$before" "results_method_check: CHECK ((method = ANY (ARRAY['quiz'::text, 'printer'::text, 'trainer'::text])))"
rows_before=$(rows)
expect_rc 0 "$LAYERLAB" --db "$V4URI" records verify
contains "$OUT" "records schema version 5"
contains "$OUT" "all records verified"
after=$(checks)
contains "$after" "results_check: CHECK (((method <> ALL (ARRAY['trainer'::text, 'observation'::text])) OR (trainer_id IS NOT NULL)))"
contains "$after" "results_method_check: CHECK ((method = ANY (ARRAY['quiz'::text, 'printer'::text, 'trainer'::text, 'observation'::text])))"
contains "$after" "results_passed_check"
contains "$after" "results_evidence_check"
[ "$(printf '%s\n' "$after" | wc -l)" = 4 ] || fail "checks on results: $after"
rows_after=$(rows)
[ "${rows_after#"$rows_before"}" != "$rows_after" ] || fail "rows changed by the migration:
$(diff <(printf '%s\n' "$rows_before") <(printf '%s\n' "$rows_after"))"
OUT=$(psql -At -d v4 -c "INSERT INTO results (attempt_id, outcome_id, method, passed, time) VALUES (1, 'M1.LO5', 'observation', 1, 0)" 2>&1) &&
	fail "an observation without its trainer was stored"
contains "$OUT" 'violates check constraint "results_check"'
expect_rc 0 "$REC_TOOL" observe "$V4URI" mia M1.LO5 jh 1
expect_rc 1 "$REC_TOOL" observe "$V4URI" mia M1.LO5 - 1
contains "$ERR" "an observation needs the trainer's id"
expect_rc 0 "$LAYERLAB" --db "$V4URI" learner show mia
contains "$OUT" "Outcomes achieved: 3"
lacks "$(printf '%s\n' "$OUT" | sed -n '/^Outcomes achieved/,/^Observed/p')" "M1.LO5"
contains "$OUT" "  M1.LO5   rules kept  "
expect_rc 0 "$LAYERLAB" --db "$V4URI" records verify
contains "$OUT" "all records verified"
pass "a version 4 server database is upgraded for observations with its rows intact"
