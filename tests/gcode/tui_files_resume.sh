#!/bin/bash
# A print from the F6 screen loses its printer in the middle (the virtual
# printer drops the port and comes back on a new one). The screen says where
# it stopped and offers to go on; the trainee confirms the nozzle stands
# above the part, the trainer is told, and the printer's own log shows what
# it ran: heating before any move, Z declared with G92 at the last printed
# layer and never homed, X and Y homed, back over the part, the file's modes,
# then exactly the rest of the file, once. The resumed print is recorded with
# the line it went on from.
. "$LL_HARNESS/lib.sh"
. "$LL_SOURCE_DIR/tests/tui/tmux.sh"

dir="$TEST_TMP/my-gcode"
file="$dir/tab.gcode"
log="$TEST_TMP/printer.log"
mkdir -p "$dir" "$XDG_CONFIG_HOME/layerlab"
cp "$LL_TEST_DATA/tab_ender3_0.20mm.gcode" "$file"
printf 'gcode_dir = %s\n' "$dir" >"$XDG_CONFIG_HOME/layerlab/layerlab.conf"
ll learner add ana --name "Ana Novak" >/dev/null || fail "learner add"

start_sim --sim-speed 50 --link "$TEST_TMP/printer" --log "$log" \
	--disconnect-after 400 --reconnect-after 300
tui_start 110 40 tui --port "$TEST_TMP/printer" --profile virtual
wait_for "Ana Novak"
wait_for "● ready"
keys Enter
wait_for "Micro-credential"
keys F6
wait_for "tab.gcode"
keys Enter
wait_for "Checked: fits this printer."
keys p
wait_for "the printer disconnected" 120
wait_for "Stopped: the printer confirmed line"
# Back on the new port: the offer names the line.
wait_for "R goes on from line"
line=$(screen | sed -n 's/.*R goes on from line \([0-9]*\).*/\1/p' | head -n1)
[ -n "$line" ] && [ "$line" -gt 100 ] || fail "no line to go on from"
pass "the screen says where the print stopped and offers line $line"

before=$(wc -l <"$log")
keys R
wait_for "Go on with the print"
wait_for "the nozzle stand right"
keys 1
wait_for "Ana Novak goes on with tab.gcode from line $line"
wait_for "done · 100.0 %" 120

python3 - "$file" "$log" "$before" "$line" <<'PY' || fail "what the printer ran is not a safe resume"
import re, sys
path, log, before, line = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def cmd(l):
    return l.split(';', 1)[0].strip()
text = open(path).read().split('\n')
# The file's own account: the Z of the last extruding move before the line.
z = layer = None
for l in text[:line - 1]:
    c = cmd(l)
    if not c.startswith(('G0', 'G1')):
        continue
    w = dict((p[0], float(p[1:])) for p in c.split()[1:] if len(p) > 1)
    if 'Z' in w:
        z = w['Z']
    if w.get('E', 0) > 0 and ('X' in w or 'Y' in w):
        layer = z
rest = [cmd(l) for l in text[line - 1:] if cmd(l)]
# The host's own questions (temperatures, position, the handshake).
polls = ('M105', 'M155', 'M110', 'M115', 'M114')
ran = [l.strip() for l in open(log).read().split('\n')[before:] if l.strip()]
ran = [l for l in ran if not l.startswith(polls)]
# The buffer test's dwell (src/host/proto.c), if this connection had not
# measured its window yet, comes before the first command of the plan: a
# dwell later would hold the hot nozzle at the part.
assert 'G4 P227' not in ran[1:], "the buffer test's dwell came inside the plan: %s" % ran
ran = [l for l in ran if l != 'G4 P227']
plan, tail = ran[:len(ran) - len(rest)], ran[len(ran) - len(rest):]
if tail != rest:
    for a, b in zip(tail, rest):
        if a != b: print("ran", repr(a), "file", repr(b)); break
assert tail == rest, "the rest of the file did not run exactly once"
print("plan:", plan)
assert not any(c.startswith('G28') and c != 'G28 X Y' for c in plan), "Z was homed"
first_move = min(i for i, c in enumerate(plan) if c.startswith(('G0', 'G1 X', 'G1 Z', 'G28')))
for heat in ('M190 S60', 'M109 S'):
    i = [j for j, c in enumerate(plan) if c.startswith(heat)]
    assert i and i[0] < first_move, heat + " not before the first move"
declared = [c for c in plan if c.startswith('G92 Z')]
assert declared == ['G92 Z%.3f' % layer], (declared, layer)
assert plan.index(declared[0]) < plan.index('G28 X Y') < first_move + 3
# Lifted before X and Y move, back over the part, down to the print.
i = plan.index(declared[0])
assert re.match(r'G1 Z([0-9.]+) F600$', plan[i + 1]) and float(plan[i + 1][4:].split()[0]) > layer
assert plan[i + 2] == 'G28 X Y'
assert plan[i + 3].startswith('G1 X') and plan[i + 4].startswith('G1 Z')
assert 'M83' in plan and plan[-1].startswith('G1 F')
PY
pass "heated, Z declared at the printed layer, X and Y homed, then the rest of the file once"

ll records export --format json --out "$TEST_TMP/export.json" >/dev/null || fail "export"
python3 - "$TEST_TMP/export.json" "$line" <<'PY' || fail "the resumed print is not recorded"
import json, sys
d = json.load(open(sys.argv[1]))
r = [x for x in d["results"] if x["outcome"] == "print.own-file"]
ev = [json.loads(x["evidence"]) if isinstance(x["evidence"], str) else x["evidence"] for x in r]
assert len(ev) == 2, ev
assert ev[0]["outcome"] == "failed" and "disconnected" in ev[0]["reason"], ev[0]
assert ev[1]["outcome"] == "done" and ev[1]["resumed_from_line"] == int(sys.argv[2]), ev[1]
PY
pass "the failed print and the resumed one are recorded, with the line it went on from"
tui_quit
