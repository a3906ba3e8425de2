# The training screen's station: its writes only queue in the outbox and a
# thread delivers them, so a network that drops silently (a black hole: no
# answer, no refusal) never holds a write, and with it the loop that serves
# the emergency stop. When the network is back everything arrives once.
. "$(dirname "$0")/pg_env.sh"
. "$(dirname "$0")/station_lib.sh"
BOX="$TEST_TMP/station/outbox.db"
"$LAYERLAB" --db "$PGURI" learner add ana --name "Ana Novak" >/dev/null || fail "learner add"

# The station reaches the server through a relay that can go silent.
relay_start
VIA=$RELAY_URI

station_start station-background "$VIA" "$BOX"

say "start ana"
say "result M1.LO1"
say "settle"
[ "$(field waiting)" = 0 ] && [ "$(field offline)" = 0 ] || fail "online: $REPLY"
pass "online: the background delivery stores every write"

kill -USR1 "$RELAY"
slowest=0
for o in M1.LO2 M1.LO3 M1.LO4; do
	say "result $o"
	ms=$(field ms)
	[ "$ms" -gt "$slowest" ] && slowest=$ms
done
# A write that waited for the server would take the connect timeout (5 s);
# the bound is loose for a sanitizer build on a loaded machine.
[ "$slowest" -lt 2000 ] || fail "a write waited $slowest ms for the silent network"
say "settle"
[ "$(field waiting)" = 3 ] && [ "$(field offline)" = 1 ] || fail "black hole: $REPLY"
say "poll"
[ "$(field ms)" -lt 2000 ] || fail "a poll waited $(field ms) ms"
pass "black hole: writes return at once (slowest $slowest ms), 3 wait at the station"

kill -USR2 "$RELAY"
say "settle"
# Right after a failed try the next waits a few seconds: settle again.
[ "$(field waiting)" = 0 ] || say "settle"
[ "$(field waiting)" = 0 ] || say "settle"
[ "$(field waiting)" = 0 ] && [ "$(field offline)" = 0 ] || fail "network back: $REPLY"
say "finish"
say "settle"
[ "$(field waiting)" = 0 ] || fail "finish: $REPLY"
exec {STATION[1]}>&-
wait "$spid" || fail "the station exited with an error"

expect_rc 0 "$REC_TOOL" outcomes "$PGURI" ana
want=$(printf 'M1.LO%s 1\n' 1 2 3 4)
[ "$OUT" = "$want" ] || fail "the server has: $OUT"
expect_rc 0 "$LAYERLAB" --db "$PGURI" records verify
contains "$OUT" "all records verified"
pass "network back: all 4 results stored once, in order, the chain verifies"
