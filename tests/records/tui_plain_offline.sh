# The plain line mode with a records server that goes silent, as a
# screen-reader user meets it: the learners, a lesson's earlier work and
# the trainers are read off the mode's loop, so "stop" is answered while a
# read waits for the server; sign-in then goes on from the station's copy
# and says so, a lesson is told that the occasions observed and the own
# prints cannot be read (not "none"), and a trainer's sign-off takes the
# trainers from the copy and waits in the outbox.
. "$(dirname "$0")/pg_env.sh"

"$LAYERLAB" --db "$PGURI" learner add ana --name "Ana Novak" >/dev/null ||
	fail "learner add"
printf '432198\n432198\n' |
	"$LAYERLAB" --db "$PGURI" trainer add T01 --name "Marko Trener" --pin-stdin >/dev/null ||
	fail "trainer add"

# The station reaches the server through a relay that can go silent.
relay_start
DB=$RELAY_URI

PLAIN_TRANSCRIPT="$TEST_TMP/plain.out" python3 "$LL_SOURCE_DIR/tests/tui/plain_drive.py" -- \
    env LC_ALL=C.UTF-8 TERM=xterm XDG_DATA_HOME="$XDG_DATA_HOME" \
    "$LAYERLAB" --db "$DB" --modules "$(dirname "$0")/modules" tui --plain \
    --port virtual --sim-speed 0 <<STEPS || fail "the plain mode did not go as expected"
expect Who is at this station?
expect 1. Ana Novak
pick Ana Novak
expect Modules:
run kill -USR1 $RELAY
send back
expect Waiting for the records…
send stop
expect The printer got M112
absent Records server unreachable
expect Records server unreachable: sign-in uses this station's copy of learners and trainers, taken 0 min ago
expect 1. Ana Novak
pick Ana Novak
pick Records test module
pick Occasions seen
expect Not read: observations: the records server cannot be reached
expect Press Enter to continue.
enter
enter
pick Own print
expect Before: Not read: own_print: the records server cannot be reached
expect Continue when your print has ended.
enter
expect After: Not read: own_print: the records server cannot be reached
enter
enter
pick Sign-off
expect Trainer sign-off: T8.T
expect Trainer: type the number of your name.
pick Marko Trener
expect PIN for Marko Trener:
send 432198
expect Your judgement:
send 1
expect Recorded: T8.T
send quit
exit 0
STEPS
pass "offline, the plain mode answers stop while the records wait, signs in from the copy, tells a lesson what cannot be read, and takes a sign-off"

# The sign-off waits in the station's outbox; the station delivers it the
# next time it starts with the server answering.
kill -USR2 "$RELAY"
PLAIN_TRANSCRIPT="$TEST_TMP/plain2.out" python3 "$LL_SOURCE_DIR/tests/tui/plain_drive.py" -- \
    env LC_ALL=C.UTF-8 TERM=xterm XDG_DATA_HOME="$XDG_DATA_HOME" \
    "$LAYERLAB" --db "$DB" tui --plain --port virtual --sim-speed 0 <<STEPS || fail "the second start"
expect Who is at this station?
expect 1. Ana Novak
send quit
exit 0
STEPS
"$LAYERLAB" --db "$DB" records export --format json --out "$TEST_TMP/x.json" >/dev/null ||
	fail "export"
python3 - "$TEST_TMP/x.json" <<'PY' || fail "the sign-off did not arrive once"
import json, sys
d = json.load(open(sys.argv[1]))
r = [x for x in d["results"] if x["outcome"] == "T8.T"]
assert len(r) == 1 and r[0]["trainer"] == "T01" and r[0]["learner"] == "ana", r
PY
pass "the sign-off made offline reaches the server once"
