#!/bin/bash
# The training screen's "print a file" screen (F6), driven through tmux: a
# signed-in trainee sees the files of the configured folder, opens one and
# gets its statistics, the check against this printer and a layer preview
# that follows the arrow keys; a file that would not print lists why.
. "$LL_HARNESS/lib.sh"
. "$LL_SOURCE_DIR/tests/tui/tmux.sh"

dir="$TEST_TMP/my-gcode"
mkdir -p "$dir" "$XDG_CONFIG_HOME/layerlab"
cp "$LL_TEST_DATA/tab_ender3_0.20mm.gcode" "$dir/"
{ cat "$LL_TEST_DATA/square_2layers.gcode"; echo "M104 S300"; } >"$dir/z_hot.gcode"
printf 'gcode_dir = %s\n' "$dir" >"$XDG_CONFIG_HOME/layerlab/layerlab.conf"
ll learner add ana --name "Ana Novak" >/dev/null || fail "learner add"

tui_start 110 34 tui --port virtual --sim-speed 50
wait_for "Ana Novak"
wait_for "● ready"
keys F6
sleep 0.3
screen | grep -qF "tab_ender3_0.20mm.gcode" && fail "F6 opened before anyone signed in"
keys Enter
wait_for "Micro-credential"
keys F6
wait_for "tab_ender3_0.20mm.gcode"
wait_for "z_hot.gcode"
wait_for "Enter opens the file"
keys Enter
wait_for "5 layers"
wait_for "Print time about 2m 59s (slicer: 2m 48s)"
wait_for "Checked: fits this printer."
wait_for "Layer 1/5 · Z 0.20 mm"
wait_for "┌────"
keys Right Right
wait_for "Layer 3/5 · Z 0.60 mm"
pass "statistics, check and preview of a trainee's file"

# Print it: progress, layer, temperatures, time left; pause and resume;
# recorded as an attempt with its evidence.
wait_for "p prints it, under the guard"
keys p
wait_for "T "
wait_for "time left"
keys Space
wait_for "paused"
keys Space
wait_for "done · 100.0 %" 120
ll records export --format json --out "$TEST_TMP/export.json" >/dev/null || fail "export"
python3 - "$TEST_TMP/export.json" "$dir/tab_ender3_0.20mm.gcode" <<'PY' || fail "no recorded print"
import hashlib, json, sys
d = json.load(open(sys.argv[1]))
digest = hashlib.sha256(open(sys.argv[2], "rb").read()).hexdigest()
a = [x for x in d["attempts"] if x["lesson"] == "print-own-file"]
assert a and a[-1]["status"] == "completed", a
r = [x for x in d["results"] if x["outcome"] == "print.own-file"]
assert r and r[-1]["passed"], r
ev = r[-1]["evidence"]
ev = json.loads(ev) if isinstance(ev, str) else ev
assert ev["file"] == "tab_ender3_0.20mm.gcode" and ev["outcome"] == "done", ev
assert ev["check"] == "passed" and ev["nozzle_max_c"] > 150, ev
# The file's own digest, and the attempt's module content is that file.
assert ev["bytes"] == len(open(sys.argv[2], "rb").read()), ev
assert a[-1]["module"]["content_hash"] == digest, a[-1]
PY
pass "printed from the screen, paused and resumed, recorded with evidence"

# A lesson reads that print back (own_print) and assesses it. Results are
# to the second: the lesson starts in a later second than the print ended.
: >"$TEST_TMP/none.ans"
ended=$(python3 -c '
import json, sys, datetime
r = [x for x in json.load(open(sys.argv[1]))["results"] if x["outcome"] == "print.own-file"]
print(int(datetime.datetime.fromisoformat(r[-1]["time"].replace("Z", "+00:00")).timestamp()))' \
	"$TEST_TMP/export.json") || fail "no time of the print"
later_second() { [ "$(date +%s)" -gt "$ended" ]; }
poll later_second || fail "the clock stands still"
expect_rc 0 ll --modules "$LL_SOURCE_DIR/tests/gcode/modules" lesson run G1/own \
	--learner ana --answers "$TEST_TMP/none.ans" --port virtual --sim-speed 0
digest=$(sha256sum "$dir/tab_ender3_0.20mm.gcode" | cut -d' ' -f1)
contains "$OUT" "own print: tab_ender3_0.20mm.gcode done, layer 5 of 5"
contains "$OUT" "sha256 $digest"
contains "$OUT" "own print since the start: nil"
ll progress --learner ana --json | grep -q '"outcome": "G1.OWN"' ||
	fail "the lesson's check on the own print was not recorded"
pass "a lesson reads the trainee's own print back with own_print"

keys Down Enter
wait_for "Would not print on this printer:"
wait_for "27: nozzle 300 °C is above this printer's limit (260 °C)"
wait_for "Layer 1/2"
pass "a file that would not print says why"

keys Escape
wait_for "Micro-credential"
pass "Esc goes back"
