#!/bin/bash
# M1's panic drill on the training screen with the virtual printer: the
# trainee halts the moving head with F12 and then brings the printer back
# alone, as on a real printer's display: the stop dialog says where the
# virtual printer's reset button is (F2, then r; no trainer needed there),
# the printer reboots, and the lesson homes it and passes M1.LO3. The
# lesson's clock runs with the printer's (--sim-speed 10), and says so.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/tmux.sh"

ll learner add ana --name "Ana Novak" >/dev/null || fail "learner add"

tui_start 110 34 tui --port virtual --sim-speed 10
wait_for "Ana Novak"
wait_for "● ready"
keys Enter
wait_for "Micro-credential"
wait_for "2. Safe to touch, and the panic drill"
keys Enter Down Enter
wait_for "step 1/5: Reading temperatures"
keys Enter
wait_for "virtual printer ×10"
wait_for "Continue (Enter)" 60
wait_for "The nozzle is at "
keys Enter
wait_for "Is the nozzle safe to touch now?"
keys y Enter
wait_for "Not safe"
keys Enter
wait_for "step 4/5: Three ways to stop"
keys Enter
wait_for "Press the panic key now."
keys F12
wait_for "EMERGENCY STOP SENT"
wait_for "On the virtual printer its reset button is here: F2, then r."
keys Enter
wait_for "Have you reset the printer?"
wait_for "● HALTED"
pass "halted while moving; the dialog says where the reset button is"

# No trainer signed in: the virtual printer's button is the trainee's.
keys F2
wait_for "r reset printer"
keys r
wait_for "[1 Reset the printer]"
keys 1
wait_for "● ready" 30
keys Escape
wait_for "Have you reset the printer?"
keys y Enter
wait_for "Stopped while moving, restarted and homed: the drill is passed." 60
pass "the trainee reset the virtual printer from the screen; the drill passed"

ll records export --format json --out "$TEST_TMP/export.json" >/dev/null || fail "export"
python3 - "$TEST_TMP/export.json" <<'PY' || fail "M1.LO3 is not recorded as passed"
import json, sys
r = [x for x in json.load(open(sys.argv[1]))["results"] if x["outcome"] == "M1.LO3"]
assert r and r[-1]["passed"], r
ev = r[-1]["evidence"]
ev = json.loads(ev) if isinstance(ev, str) else ev
assert ev["moving_at_halt"] and ev["restarted"] and ev["recovered"], ev
PY
pass "M1.LO3 recorded as passed"
tui_quit
