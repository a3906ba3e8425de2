#!/bin/bash
# A trainee's file with a filament change (M600) printed from the F6 screen:
# the printer's questions (//action:prompt_*) come up as dialogs, the job
# lines say the printer waits for the trainee (busy: paused for user), a
# question closed without an answer is asked again with a, and the answers
# (M876) reach the printer, which goes on to the end.
. "$LL_HARNESS/lib.sh"
. "$LL_SOURCE_DIR/tests/tui/tmux.sh"

dir="$TEST_TMP/my-gcode"
log="$TEST_TMP/printer.log"
mkdir -p "$dir" "$XDG_CONFIG_HOME/layerlab"
# The change comes on layer 2, with the nozzle hot (Marlin refuses M600 cold).
awk 'NR == 200 { print "M600" } { print }' "$LL_TEST_DATA/tab_ender3_0.20mm.gcode" \
	>"$dir/colour-change.gcode"
printf 'gcode_dir = %s\n' "$dir" >"$XDG_CONFIG_HOME/layerlab/layerlab.conf"
ll learner add ana --name "Ana Novak" >/dev/null || fail "learner add"

start_sim --sim-speed 50 --log "$log"
# The screen's debug log names each question as it comes: the same question
# asked again after a purge may never leave the screen in between.
LAYERLAB_LOG="$TEST_TMP/tui.log"
tui_start 110 34 tui --port "$SIM_PORT" --profile virtual
wait_for "Ana Novak"
wait_for "● ready"
keys Enter
wait_for "Micro-credential"
keys F6
wait_for "colour-change.gcode"
keys Enter
wait_for "Checked: fits this printer."
keys p
wait_for "Nozzle Parked" 120
wait_for "[1 Continue]"
wait_for "The printer waits for you: Nozzle Parked"
pass "the filament change's question is shown, and the print waits for it"

# Closed without an answer: the printer still waits; a asks again.
keys Escape
wait_gone "[1 Continue]"
wait_for "a asks the printer's question again."
keys a
wait_for "[1 Continue]"
keys 1
wait_for "[1 PurgeMore]" 60
# Purge more once (the question comes again after the purge), then continue.
asked_paused() { [ "$(grep -c '^.*tui: printer asks: Paused$' "$LAYERLAB_LOG")" -ge "$1" ]; }
poll asked_paused 1 || fail "the purge question was not logged: $(cat "$LAYERLAB_LOG")"
keys 1
poll asked_paused 2 || fail "the purge question did not come again: $(cat "$LAYERLAB_LOG")"
wait_for "[2 Continue]" 60
keys 2
wait_for "done · 100.0 %" 120
lacks "$(screen)" "The printer waits for you"
grep -c '^M876 S0$' "$log" | grep -qx 2 || fail "M876 S0 did not reach the printer twice: $(grep M876 "$log")"
grep -qx 'M876 S1' "$log" || fail "M876 S1 did not reach the printer"
pass "asked again after Esc, answered (M876), and the print ran to its end"
tui_quit
