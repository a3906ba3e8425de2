# A station whose records server goes away mid-lesson: its results wait in
# the station's outbox and reach the server, in order and exactly once, when
# it is back; a station killed meanwhile delivers at its next start.
. "$(dirname "$0")/pg_env.sh"
BOX="$TEST_TMP/station/outbox.db"
"$LAYERLAB" --db "$PGURI" learner add ana --name "Ana Novak" >/dev/null || fail "learner add"
printf '482193\n482193\n' | "$LAYERLAB" --db "$PGURI" trainer add mk --name "Marija Kovač" >/dev/null 2>&1 ||
	fail "trainer add"

# The station answers each command with one line; the test waits for it.
coproc STATION { "$REC_TOOL" station "$PGURI" "$BOX" 2>&1; }
spid=$STATION_PID
LL_PIDS+=("$spid")
say() {
	echo "$1" >&"${STATION[1]}"
	read -r REPLY <&"${STATION[0]}" || fail "the station died after '$1'"
}

say "start ana"
[ "$REPLY" = "ok waiting=0 offline=0" ] || fail "start: $REPLY"
for o in M1.LO1 M1.LO2 M1.LO3; do
	say "result $o"
	[ "$REPLY" = "ok waiting=0 offline=0" ] || fail "result $o online: $REPLY"
done
pass "online, every result goes straight through the outbox to the server"

pg_stop
n=0
for o in M1.LO4 M1.LO5 M1.LO6; do
	say "result $o"
	n=$((n + 1))
	[ "$REPLY" = "ok waiting=$n offline=1" ] || fail "result $o with the server stopped: $REPLY"
done
# A trainer saw the rules kept meanwhile (M1.LO5's evidence): it waits too.
# One without its trainer is refused at the station, not queued.
say "observe M1.LO5"
[ "$REPLY" = "error an observation needs the trainer's id" ] || fail "observation without its trainer: $REPLY"
say "observe M1.LO5 mk"
n=$((n + 1))
[ "$REPLY" = "ok waiting=$n offline=1" ] || fail "observation with the server stopped: $REPLY"
pass "server stopped mid-lesson: the results are kept at the station ($n waiting)"

pg_start
# Writes do not retry at once after a failure (that would stall each one);
# the screen's periodic flush does.
say "flush"
[ "$REPLY" = "ok waiting=0 offline=0" ] || fail "flush after the restart: $REPLY"
say "result M1.LO7"
[ "$REPLY" = "ok waiting=0 offline=0" ] || fail "after the restart: $REPLY"
say "finish"
[ "$REPLY" = "ok waiting=0 offline=0" ] || fail "finish: $REPLY"
exec {STATION[1]}>&-
wait "$spid" || fail "the station exited with an error"

expect_rc 0 "$REC_TOOL" outcomes "$PGURI" ana
want=$(printf 'M1.LO%s 1\n' 1 2 3 4 5 6 5 7)
[ "$OUT" = "$want" ] || fail "the server has: $OUT"
# The observation arrived as one, with its trainer and evidence.
obs=$(psql -At -d layerlab -c "SELECT outcome_id, method, passed, trainer_id, evidence FROM results WHERE method <> 'quiz'") ||
	fail "psql"
[ "$obs" = 'M1.LO5|observation|1|mk|{"note":"guard closed"}' ] || fail "the server's observation: $obs"
expect_rc 0 "$LAYERLAB" --db "$PGURI" records verify
contains "$OUT" "all records verified"
pass "server back: all 8 results stored once, in order, the observation as one, the chain verifies"

# A station that starts a lesson and is killed while the server is away
# delivers at its next start, the attempt included.
coproc STATION { "$REC_TOOL" station "$PGURI" "$BOX" 2>&1; }
spid=$STATION_PID
LL_PIDS+=("$spid")
say "start ana"
pg_stop
say "result M2.LO1"
[ "$REPLY" = "ok waiting=1 offline=1" ] || fail "killed station, result: $REPLY"
say "finish"
[ "$REPLY" = "ok waiting=2 offline=1" ] || fail "killed station, finish: $REPLY"
kill -9 "$spid"
wait "$spid" 2>/dev/null
pg_start
coproc STATION { "$REC_TOOL" station "$PGURI" "$BOX" 2>&1; }
spid=$STATION_PID
LL_PIDS+=("$spid")
say "flush"
[ "$REPLY" = "ok waiting=0 offline=0" ] || fail "next start: $REPLY"
exec {STATION[1]}>&-
wait "$spid"
expect_rc 0 "$REC_TOOL" outcomes "$PGURI" ana
contains "$OUT" "M2.LO1 2"
[ "$(printf '%s\n' "$OUT" | wc -l)" = 9 ] || fail "results after the kill: $OUT"
expect_rc 0 "$LAYERLAB" --db "$PGURI" records verify
pass "a station killed while offline delivers at its next start"

# A station that starts while the server is down starts all the same: its
# lesson writes wait in the outbox and go out once the server answers. A
# server that turns out to hold something else when it answers is written
# nothing: the writes keep waiting.
createdb other || fail "createdb other"
psql -q -d other -c "CREATE TABLE invoices (id integer)" || fail "other's table"
OTHERURI="${PGURI%/*}/other"
pg_stop
for target in "$PGURI" "$OTHERURI"; do
	box="$TEST_TMP/late-$(basename "$target").db"
	coproc STATION { "$REC_TOOL" station "$target" "$box" 2>&1; }
	spid=$STATION_PID
	LL_PIDS+=("$spid")
	say "start ana"
	[ "$REPLY" = "ok waiting=1 offline=1" ] || fail "started offline ($target), start: $REPLY"
	say "result M3.LO1"
	[ "$REPLY" = "ok waiting=2 offline=1" ] || fail "started offline ($target), result: $REPLY"
	pg_start
	say "flush"
	if [ "$target" = "$PGURI" ]; then
		[ "$REPLY" = "ok waiting=0 offline=0" ] || fail "started offline, server back: $REPLY"
	else
		[ "$REPLY" = "ok waiting=2 offline=1" ] || fail "started offline, another program's database: $REPLY"
	fi
	exec {STATION[1]}>&-
	wait "$spid" || fail "the station started offline exited with an error"
	[ "$target" = "$PGURI" ] && pg_stop
done
expect_rc 0 "$REC_TOOL" outcomes "$PGURI" ana
contains "$OUT" "M3.LO1 3"
[ "$(printf '%s\n' "$OUT" | grep -c M3.LO1)" = 1 ] || fail "results after the late start: $OUT"
expect_rc 0 "$LAYERLAB" --db "$PGURI" records verify
contains "$OUT" "all records verified"
[ "$(psql -tA -d other -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" = 1 ] ||
	fail "the station wrote into another program's database"
pass "a station started with the server down delivers once it answers, never into another program's database"
