#!/bin/bash
# A trainee's 100 MB file on the F6 screen: while it is read, checked and
# then scanned for the print, the loop keeps serving the keyboard, so F12
# reaches the printer as M112 at once, before any line of the file (the
# virtual printer's log is the witness).
. "$LL_HARNESS/lib.sh"
. "$LL_SOURCE_DIR/tests/tui/tmux.sh"

dir="$TEST_TMP/my-gcode"
mkdir -p "$dir" "$XDG_CONFIG_HOME/layerlab"
printf 'gcode_dir = %s\n' "$dir" >"$XDG_CONFIG_HOME/layerlab/layerlab.conf"
python3 - "$dir/large.gcode" <<'PY'
import sys
head = "M140 S60\nM104 S200\nM190 S60\nM109 S200\nG28\nG90\nM83\nG1 Z0.3 F600\n"
layer = "".join("G1 X%d.000 Y%d.000 E0.05000 F1800\n" % (50 + i % 100, 50 + (i * 7) % 100)
                for i in range(1000))
with open(sys.argv[1], "w") as f:
    f.write(head)
    for _ in range(100 * 1024 * 1024 // len(layer)):
        f.write(layer)
PY
ll learner add ana --name "Ana Novak" >/dev/null || fail "learner add"
# ran_before_stop LOG: the commands the printer ran before M112, without
# the host's handshake and polling.
ran_before_stop() {
	sed '/^M112$/q' "$1" >"$TEST_TMP/before-stop"
	printer_ran "$TEST_TMP/before-stop" M112
}

# While the statistics and the check read the file.
log="$TEST_TMP/printer1.log"
start_sim --sim-speed 0 --log "$log"
tui_start 110 34 tui --port "$SIM_PORT" --profile virtual
wait_for "Ana Novak"
wait_for "● ready"
keys Enter
wait_for "Micro-credential"
keys F6
wait_for "large.gcode"
keys Enter
wait_for "Reading the file"
keys F12
wait_for "EMERGENCY STOP SENT"
poll in_file M112 "$log" || fail "M112 did not reach the printer"
[ -z "$(ran_before_stop "$log")" ] || fail "commands before the stop: $(ran_before_stop "$log")"
pass "F12 while the file is read reaches the printer"
tui_quit
stop_sim

# While the print's own scan of the file runs, after p.
log="$TEST_TMP/printer2.log"
start_sim --sim-speed 0 --log "$log"
tui_start 110 34 tui --port "$SIM_PORT" --profile virtual
wait_for "Ana Novak"
wait_for "● ready"
keys Enter
wait_for "Micro-credential"
keys F6
wait_for "large.gcode"
keys Enter
wait_for "Checked: fits this printer." 120
keys p
wait_for "scanning"
keys F12
wait_for "EMERGENCY STOP SENT"
poll in_file M112 "$log" || fail "M112 did not reach the printer"
keys Enter
# The scan ends and the job finds the printer halted: nothing of it ran.
wait_for "failed" 120
[ -z "$(ran_before_stop "$log")" ] || fail "commands before the stop: $(ran_before_stop "$log")"
[ "$(printer_ran "$log" M112 | wc -l)" -eq 0 ] ||
	fail "the file reached the halted printer: $(head "$log")"
pass "F12 while the print scans the file reaches the printer before any of it"
tui_quit
stop_sim
