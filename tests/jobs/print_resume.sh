#!/usr/bin/env bash
# layerlab print --resume-from: a print loses its printer in the middle; the
# message names the line to go on from; a second run makes the (reset)
# printer ready as the training screen does (host/resume_prep.c) and sends
# exactly the rest of the file. Without a terminal it needs the explicit
# --nozzle-above-part, and nothing is sent otherwise.
. "$LL_HARNESS/lib.sh"

# plan_of FILE LOG LINE: prints what the printer ran before the rest of FILE
# from LINE (the resume's plan, one command a line), and fails unless the
# rest of the file then ran exactly once, in order.
plan_of() {
	python3 - "$@" <<'PY'
import sys
path, log, line = sys.argv[1], sys.argv[2], int(sys.argv[3])
def cmd(l):
    return l.split(';', 1)[0].strip()
rest = [cmd(l) for l in open(path).read().split('\n')[line - 1:] if cmd(l)]
skip = ('M105', 'M155', 'M110', 'M115', 'M114')
ran = [l.strip() for l in open(log) if l.strip() and not l.startswith(skip)]
# The handshake's heaters-off on a fresh connection come before the plan,
# and so does the buffer test's dwell (src/host/proto.c): later, it would
# hold the hot nozzle at the part.
while ran and ran[0] in ('M104 S0', 'M140 S0', 'G4 P227'):
    ran.pop(0)
if 'G4 P227' in ran:
    sys.exit("the buffer test's dwell came inside the plan: %s" % ran)
plan, tail = ran[:len(ran) - len(rest)], ran[len(ran) - len(rest):]
if tail != rest:
    sys.exit("the rest of the file did not run exactly once")
for c in plan:
    print(c)
PY
}

file="$LL_TEST_DATA/tab_ender3_0.20mm.gcode"
start_sim --sim-speed 0 --disconnect-after 300
expect_rc 1 timeout 60 "$LAYERLAB" print --port "$SIM_PORT" --profile virtual "$file" </dev/null
contains "$ERR" "the printer disconnected"
line=$(printf '%s\n' "$ERR" | sed -n 's/.*lines \([0-9]*\) to [0-9]* were sent without.*/\1/p;s/.*--resume-from \([0-9]*\)).*/\1/p' | head -n1)
[ -n "$line" ] && [ "$line" -gt 100 ] || fail "no line to go on from: $ERR"
stop_sim

# The printer after its reset: cold, nothing homed.
log="$TEST_TMP/printer.log"
start_sim --sim-speed 0 --log "$log"
expect_rc 1 timeout 60 "$LAYERLAB" print --port "$SIM_PORT" --profile virtual \
	--resume-from "$line" "$file" </dev/null
contains "$ERR" "needs someone to confirm the nozzle stands above the part"
[ "$(printer_ran "$log" 'M104 S0|M140 S0' | wc -l)" -eq 0 ] ||
	fail "sent without a confirmation: $(cat "$log")"
pass "no confirmation, no terminal: nothing is sent"

expect_rc 0 timeout 60 "$LAYERLAB" print --port "$SIM_PORT" --profile virtual \
	--resume-from "$line" --nozzle-above-part "$file" </dev/null
contains "$ERR" "Going on from line $line."
contains "$ERR" "G28 X Y"
contains "$OUT" "done:"
plan_of "$file" "$log" "$line" >"$TEST_TMP/plan" || fail "the rest of the file did not run exactly once"
python3 - "$TEST_TMP/plan" <<'PY' || fail "what the printer ran is not a safe resume"
import sys
plan = open(sys.argv[1]).read().split('\n')[:-1]
assert plan[:4] == ['M140 S60', 'M104 S205', 'M190 S60', 'M109 S205'], plan
assert not any(c.startswith('G28') and c != 'G28 X Y' for c in plan), plan
assert [c for c in plan if c.startswith('G92 Z')], plan
PY
pass "--resume-from $line: heated, Z declared, X and Y homed, then the rest of the file once"

# A print that levelled its bed (G29) on Marlin: the resume turns levelling
# on again before declaring Z, as Marlin's own recovery does. The reset
# printer has no stored mesh and refuses; the print goes on without it and
# says so (the firmware's words), everything else as before.
lev="$TEST_TMP/levelled.gcode"
sed '/^G28 ; home all axis/a G29' "$file" >"$lev"
grep -qx G29 "$lev" || fail "no G29 in the levelled file"
log="$TEST_TMP/printer-lev.log"
start_sim --sim-speed 0 --log "$log"
expect_rc 0 timeout 60 "$LAYERLAB" print --port "$SIM_PORT" --profile virtual \
	--resume-from "$line" --nozzle-above-part "$lev" </dev/null
contains "$ERR" "M420 S1                        bed levelling on (the stored mesh)"
contains "$ERR" "the print goes on without this step, which the printer refused: M420 S1: Failed to enable Bed Leveling"
contains "$OUT" "done:"
[ "$(grep -n -x 'M420 S1' "$log" | cut -d: -f1)" -lt "$(grep -n '^G92 Z' "$log" | cut -d: -f1)" ] ||
	fail "levelling was not turned on before Z was declared: $(cat "$log")"
stop_sim
pass "a levelled print: M420 S1 before G92 Z; without a stored mesh it goes on and says so"

# A profile that primes on resume (resume_purge): at the homed X and Y,
# before the nozzle goes back over the part, in relative extrusion; the
# file's own extrusion mode and position come after, and the rest once.
mkdir -p "$XDG_DATA_HOME/layerlab/printers"
sed 's/^  rx_buffer = 128,$/&\n  resume_purge = 15,/' "$LL_SOURCE_DIR/printers/virtual.lua" \
    >"$XDG_DATA_HOME/layerlab/printers/virtual-purge.lua"
grep -q '^  resume_purge = 15,$' "$XDG_DATA_HOME/layerlab/printers/virtual-purge.lua" ||
	fail "printers/virtual.lua no longer has the rx_buffer line the purge profile is made from"
log="$TEST_TMP/printer-purge.log"
start_sim --sim-speed 0 --log "$log"
expect_rc 0 timeout 60 "$LAYERLAB" print --port "$SIM_PORT" --profile virtual-purge \
	--resume-from "$line" --nozzle-above-part "$file" </dev/null
contains "$ERR" "priming the nozzle (it oozed while it waited)"
contains "$OUT" "done:"
plan_of "$file" "$log" "$line" >"$TEST_TMP/plan" || fail "the rest of the file did not run exactly once"
python3 - "$TEST_TMP/plan" <<'PY' || fail "the prime is not where it belongs"
import sys
plan = open(sys.argv[1]).read().split('\n')[:-1]
i = plan.index('G28 X Y')
assert plan[i + 1:i + 3] == ['M83', 'G1 E15.00 F120'], plan
assert plan[i + 3].startswith('G1 X'), plan
# The file's own extrusion mode is set again after the prime.
assert 'M82' in plan[i + 3:] or 'M83' in plan[i + 3:], plan
PY
stop_sim
pass "resume_purge: primed at the homed X and Y, then back over the part, the file's modes, the rest once"
