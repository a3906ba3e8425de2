# The training screen with a records server that goes away: a trainee's
# print is recorded at the station, the screen says so in the trainee's
# language with the number waiting, the printer stays served, and when the
# server is back everything is delivered, once.
. "$(dirname "$0")/pg_env.sh"
. "$LL_SOURCE_DIR/tests/tui/tmux.sh"
TUI_DB=$PGURI

dir="$TEST_TMP/my-gcode"
mkdir -p "$dir" "$XDG_CONFIG_HOME/layerlab"
cp "$LL_TEST_DATA/square_2layers.gcode" "$dir/"
printf 'gcode_dir = %s\n' "$dir" >"$XDG_CONFIG_HOME/layerlab/layerlab.conf"
ll learner add ana --name "Ana Novak" >/dev/null || fail "learner add"
# One outcome already achieved: the catalogue shows it once the screen has
# read the learner's results, and the server stops only after that read (a
# read the server's shutdown cuts short is an error the screen shows).
printf 'start ana\nresult M1.LO1\nfinish\n' |
	"$REC_TOOL" station "$PGURI" "$TEST_TMP/earlier-outbox.db" >/dev/null ||
	fail "an earlier result"

tui_start 200 34 tui --lang sl --port virtual --sim-speed 0
wait_for "Ana Novak"
keys Enter
wait_for "Mikrodokazilo"
wait_for "— 1/"
pg_stop
keys F6
wait_for "square_2layers.gcode"
keys Enter
wait_for "Preverjeno: ustreza temu tiskalniku." 30
keys p
wait_for "Strežnik za evidenco ni dosegljiv: rezultati se hranijo na tem mestu" 30
wait_for "(3 čaka)"
pass "server away: the print is kept at the station, said in Slovenian with 3 writes waiting"

# The printer is still served: the emergency stop halts it at once.
keys C-x
wait_for "ZAUSTAVITEV V SILI POSLANA"
keys Enter
wait_for "USTAVLJEN"
pass "the emergency stop is served while the records wait"

pg_start
wait_for "Strežnik za evidenco je spet dosegljiv" 60
pass "server back: the screen says everything was delivered"
"$LAYERLAB" --db "$PGURI" records export --format json --out "$TEST_TMP/x.json" >/dev/null ||
	fail "export"
python3 - "$TEST_TMP/x.json" <<'PY' || fail "the print did not arrive once"
import json, sys
d = json.load(open(sys.argv[1]))
r = [x for x in d["results"] if x["outcome"] == "print.own-file"]
assert len(r) == 1 and r[0]["learner"] == "ana", r
a = [x for x in d["attempts"] if x["lesson"] == "print-own-file"]
assert len(a) == 1 and a[0]["status"] == "completed", a
PY
pass "the print's attempt and result are on the server once"
tui_quit
