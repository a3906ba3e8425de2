# The training screen with a records server that goes silent: sign-in,
# the trainer's PIN, the trainer's lists and the sign-off run off the
# screen's loop, which keeps serving keys (the emergency stop) while they
# wait; then sign-in goes on from the station's copy of learners and
# trainers, saying so with the reason and its age, the sign-off waits in
# the outbox, and when the server answers again it arrives there once.
# A station that starts while the server is silent starts all the same,
# from its copy, and delivers when the server answers; a learner's own
# print made there reaches a lesson that assesses it all the same.
. "$(dirname "$0")/pg_env.sh"
. "$LL_SOURCE_DIR/tests/tui/tmux.sh"

# trainer_signs_in: T01 answers the trainer sign-in F4 asked for.
trainer_signs_in() {
	wait_for "Your trainer id" 30
	type_text T01
	keys Enter
	wait_for "Your PIN:"
	type_text 432198
	keys Enter
	wait_for "Trainer: Marko Trener" 30
}
# signs_off_lo4 NOTE: the trainer signs off ana's M1.LO4 (the trainer's
# outcome) as achieved, with NOTE, while the server is away: the dialog
# says the occasions trainers observed cannot be read, not that there are
# none.
signs_off_lo4() {
	keys Right Right Right
	wait_for "M1.LO4 (trainer):"
	keys s
	wait_for "Note (what you observed):"
	wait_for "cannot be read while the records"
	type_text "$1"
	keys Enter
	wait_for "Your judgement:"
	keys 1
}
dir="$TEST_TMP/my-gcode"
mkdir -p "$dir" "$XDG_CONFIG_HOME/layerlab"
cp "$LL_TEST_DATA/square_2layers.gcode" "$dir/"
printf 'gcode_dir = %s\n' "$dir" >"$XDG_CONFIG_HOME/layerlab/layerlab.conf"
"$LAYERLAB" --db "$PGURI" group add 3a >/dev/null || fail "group add"
"$LAYERLAB" --db "$PGURI" learner add ana --name "Ana Novak" --group 3a >/dev/null ||
	fail "learner add"
printf '432198\n432198\n' |
	"$LAYERLAB" --db "$PGURI" trainer add T01 --name "Marko Trener" --pin-stdin >/dev/null ||
	fail "trainer add"

# The station reaches the server through a relay that can go silent.
relay_start
TUI_DB=$RELAY_URI

tui_start 200 34 tui --port virtual --sim-speed 0
wait_for "Ana Novak"
[ -s "$XDG_DATA_HOME/layerlab/station-copy.db" ] || fail "no copy of learners and trainers"
pass "online: the list comes from the server, the station keeps its copy"

kill -USR1 "$RELAY"
keys F4
wait_for "Waiting for the records…"
keys F12
wait_for "EMERGENCY STOP SENT"
# Connecting to a silent server takes seconds; the stop took a frame, and
# the screen still says what it waits for.
wait_for "Waiting for the records…"
on_screen "Your trainer id" && fail "the records answered before the stop was checked"
pass "the emergency stop is served while the trainer list waits for a silent server"
keys Enter
trainer_signs_in
wait_for "Records server unreachable: sign-in uses this station's copy of learners and trainers, taken 0 min ago"
pass "the trainer signs in from the station's copy, which says why and how old it is"

signs_off_lo4 "Checklist done without prompts."
wait_for "results are kept at this station and sent when it is back (3 waiting)" 30
pass "the sign-off waits at the station"

# The learner signs in from the copy too.
keys l
wait_for "Ana Novak" 30
wait_for "taken 0 min ago"
keys Enter
wait_for "Micro-credential" 30
pass "the learner signs in from the station's copy"

kill -USR2 "$RELAY"
wait_for "Records server back" 60
pass "server back: the screen says everything was delivered"
tui_quit
"$LAYERLAB" --db "$PGURI" records export --format json --out "$TEST_TMP/x.json" >/dev/null ||
	fail "export"
python3 - "$TEST_TMP/x.json" <<'PY' || fail "the sign-off did not arrive once"
import json, sys
d = json.load(open(sys.argv[1]))
r = [x for x in d["results"] if x["outcome"] == "M1.LO4"]
assert len(r) == 1 and r[0]["learner"] == "ana" and r[0]["trainer"] == "T01", r
PY
expect_rc 0 "$LAYERLAB" --db "$PGURI" records verify
contains "$OUT" "all records verified"
pass "the sign-off is on the server once, and the records verify"

# The network is down when the station starts: the screen starts all the
# same, from the copy, and what is signed off waits in the outbox.
kill -USR1 "$RELAY"
tui_start 200 34 --modules "$(dirname "$0")/modules" tui --port virtual --sim-speed 0
wait_for "Ana Novak" 60
wait_for "Records server unreachable"
pass "a station starts while its records server cannot be reached"
keys F4
trainer_signs_in
signs_off_lo4 "Second look."
wait_for "results are kept at this station and sent when it is back" 30
# A sign-off inside a lesson checks the trainer's PIN in the copy too.
keys l
wait_for "Ana Novak" 30
keys Enter
wait_for "Micro-credential" 30
past_shipped_modules
wait_for "Records test module"
keys Enter
wait_for "1. Sign-off"
keys Enter
wait_for "Trainer sign-off: T8.T"
wait_for "Marko Trener (T01)"
keys Enter
wait_for "PIN for Marko Trener"
type_text 432198
keys Enter
wait_for "Your judgement:" 30
keys Enter
wait_for "T8.T: recorded as achieved" 30
wait_for "Lesson completed" 30
pass "offline, a lesson's trainer sign-off takes the PIN from the station's copy"
# A lesson left unfinished while the server is away is offered to resume
# at its step: its attempt is only in the station's outbox.
keys Enter
wait_for "2. Two steps" 30
keys Down Enter
wait_for "The first step."
keys Enter
wait_for "The second step."
keys Escape
wait_for "Leave the lesson?"
keys 1
wait_for "The lesson was stopped"
keys Enter
wait_for "2. Two steps"
keys Enter
wait_for "You left this lesson unfinished at step 2" 30
keys 1
wait_for "The second step."
keys Enter
wait_for "Lesson completed" 30
pass "offline, a lesson left unfinished is resumed from what the station kept"
# The occasions trainers observed are read with the lesson's open attempt,
# on the records worker: offline, the station's copy cannot list them, and
# the lesson hears so (not "none").
keys Enter
wait_for "3. Occasions seen" 30
keys Down Enter
wait_for "Not read: observations: the records server cannot be reached" 30
keys Enter
wait_for "Lesson completed" 30
keys Enter
pass "offline, a lesson is told the occasions observed cannot be read"
# The learner's own print: offline, the records cannot say whether there
# is one (not "none"); one printed from the print screen while the lesson
# waits is handed to the lesson at once, though it waits in the station's
# outbox; and a lesson opened later sees it too.
wait_for "4. Own print" 30
keys Down Down Down Enter
wait_for "Before: Not read: own_print: the records server cannot be reached" 30
wait_for "Continue when your print has ended."
keys F6
wait_for "square_2layers.gcode"
keys Enter
wait_for "p prints it, under the guard" 30
keys p
wait_for "done · 100.0 %" 60
keys Escape
wait_for "Continue when your print has ended."
keys Enter
wait_for "After: Own print: square_2layers.gcode done, layer 2/2." 30
keys Enter
wait_for "Lesson completed" 30
keys Enter
wait_for "4. Own print" 30
keys Down Down Down Enter
wait_for "Before: Own print: square_2layers.gcode done, layer 2/2." 30
keys Escape
wait_for "Leave the lesson?"
keys 1
wait_for "The lesson was stopped"
keys Enter
pass "offline, a learner's own print reaches the lesson that assesses it"
kill -USR2 "$RELAY"
wait_for "Records server back" 60
tui_quit
"$LAYERLAB" --db "$PGURI" records export --format json --out "$TEST_TMP/y.json" >/dev/null ||
	fail "export"
python3 - "$TEST_TMP/y.json" <<'PY' || fail "the sign-off made offline did not arrive once"
import json, sys
d = json.load(open(sys.argv[1]))
r = [x for x in d["results"] if x["outcome"] == "M1.LO4"]
assert len(r) == 2 and all(x["trainer"] == "T01" for x in r), r
t = [x for x in d["results"] if x["outcome"] == "T8.T"]
assert len(t) == 1 and t[0]["trainer"] == "T01" and t[0]["learner"] == "ana", t
a = [x for x in d["attempts"] if x["lesson"] == "two-steps"]
assert len(a) == 1 and a[0]["status"] == "completed", a
PY
expect_rc 0 "$LAYERLAB" --db "$PGURI" records verify
contains "$OUT" "all records verified"
pass "started offline: the sign-off reaches the server once, and the records verify"
