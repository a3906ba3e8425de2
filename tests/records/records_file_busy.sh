# The training screen's station on a records file that another program
# holds locked: a lesson's write that would wait for the lock is kept in the
# station's outbox at once, everything after it follows it there, and once
# the lock is gone they reach the file in order, under the file's own ids;
# then the station writes to the file directly again.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/station_lib.sh"
DB="$TEST_TMP/records.db"
BOX="$TEST_TMP/station/outbox.db"
mkdir -p "$TEST_TMP/station"
"$LAYERLAB" --db "$DB" learner add ana --name "Ana Novak" >/dev/null || fail "learner add"

station_start station-background "$DB" "$BOX"

say "start ana"
[ "$(field waiting)" = 0 ] || fail "unlocked, the attempt was not written directly: $REPLY"

hold_write_lock "$DB"

slowest=0
for o in M1.LO1 M1.LO2; do
	say "result $o"
	ms=$(field ms)
	[ "$ms" -gt "$slowest" ] && slowest=$ms
done
# A write that waited for the lock would take the busy timeout (10 s).
[ "$slowest" -lt 2000 ] || fail "a write waited $slowest ms for the lock"
say "step 2"
say "finish"
[ "$(field waiting)" = 4 ] || fail "locked: $REPLY"
pass "locked: the writes return at once (slowest $slowest ms) and 4 wait at the station"
# The station sees its own writes: the attempt in the file with the step
# and end kept, and one started now, kept whole.
say "attempts ana"
[ "$REPLY" = "attempts file:completed:2" ] || fail "the station's view: $REPLY"
say "start ana"
say "attempts ana"
[ "$REPLY" = "attempts file:completed:2 outbox:running:0" ] || fail "the station's view: $REPLY"
say "finish"
pass "the station's list of attempts holds what waits in its outbox"

kill "$LOCKER"
wait "$LOCKER" 2>/dev/null
say "settle"
[ "$(field waiting)" = 0 ] || say "settle"
[ "$(field waiting)" = 0 ] || say "settle"
[ "$(field waiting)" = 0 ] || fail "lock gone: $REPLY"
expect_rc 0 "$REC_TOOL" outcomes "$DB" ana
att=$(printf '%s\n' "$OUT" | awk 'NR == 1 { print $2 }')
[ "$(printf '%s\n' "$OUT" | awk '{ print $1 }' | tr '\n' ' ')" = "M1.LO1 M1.LO2 " ] ||
	fail "results in the file: $OUT"
[ "$(printf '%s\n' "$OUT" | awk '{ print $2 }' | sort -u)" = "$att" ] && [ "$att" -lt 1000 ] ||
	fail "the results are not under the file's attempt id: $OUT"
status=$(python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT status FROM attempts WHERE id = ?", (int(sys.argv[2]),)).fetchone()[0])' "$DB" "$att")
[ "$status" = completed ] || fail "the attempt is $status"
say "attempts ana"
[ "$REPLY" = "attempts file:completed:2 file:completed:0" ] || fail "after delivery: $REPLY"
pass "lock gone: the results, step and ends reach the file in order, under attempt $att"

say "start ana"
[ "$(field waiting)" = 0 ] || fail "after delivery, the write was queued: $REPLY"
exec {STATION[1]}>&-
wait "$spid" || fail "the station exited with an error"
[ "$(python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM attempts").fetchone()[0])' "$DB")" = 3 ] ||
	fail "the second attempt was not written directly"
pass "then the station writes to the file directly again"
