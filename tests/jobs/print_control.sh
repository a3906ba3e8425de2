#!/usr/bin/env bash
# What a user sees and does during a print: progress lines when the output
# is not a terminal, a redrawn progress bar when it is, and Ctrl-C, which
# pauses (parking the head) and asks; cancelling leaves the printer safe.
. "$LL_HARNESS/lib.sh"

# Cura left its end code's {machine_depth} unfilled; the check before
# printing refuses that line, so the print gets the value Cura would have
# written for this bed.
file="$TEST_TMP/sphere.gcode"
sed 's/{machine_depth}/220/' "$LL_TEST_DATA/sphere_ender3_cura_0.20mm.gcode" >"$file"
wait_for() {
	poll in_file_re "$1" "$2" || fail "timed out waiting for '$1' in $2: $(cat "$2")"
}

# At 50 times real speed the print still takes about half a minute.
log="$TEST_TMP/sim.log"
start_sim --sim-speed 50 --log "$log"
mkfifo "$TEST_TMP/in"
"$LAYERLAB" print --port "$SIM_PORT" --profile virtual --interval 0.3 "$file" \
    <"$TEST_TMP/in" >"$TEST_TMP/out" 2>"$TEST_TMP/err" &
pid=$!
LL_PIDS+=("$pid")
exec 3>"$TEST_TMP/in"
wait_for "layer [1-9][0-9]*/145" "$TEST_TMP/out"
# One line per interval: percent, lines, layer, elapsed, time left, temperatures.
line=$(grep 'layer' "$TEST_TMP/out" | tail -n 1)
printf '%s\n' "$line" | grep -q -E '^ *[0-9]+\.[0-9]%  lines [0-9]+/39400  layer [0-9]+/145  elapsed [0-9]+:[0-9]{2}  left [0-9]+:[0-9]{2}  nozzle 200/200 °C  bed 60/60 °C' ||
    fail "unexpected progress line: $line"
[ "$(grep -c 'lines ' "$TEST_TMP/out")" -ge 2 ] || fail "expected progress lines: $(cat "$TEST_TMP/out")"

kill -INT "$pid"
wait_for "Print paused" "$TEST_TMP/err"
contains "$(cat "$TEST_TMP/err")" "pausing: paused from the keyboard (Ctrl-C)"
grep -q -x 'G1 X0.000 Y220.000 F6000' "$log" || fail "the head was not parked"
echo c >&3
wait "$pid"
rc=$?
exec 3>&-
[ "$rc" -eq 1 ] || fail "a cancelled print exited $rc: $(cat "$TEST_TMP/err")"
contains "$(cat "$TEST_TMP/err")" "cancelling: heaters off, parking, motors off"
[ "$(tail -n 1 "$log")" = "M84" ] || fail "the cancel code did not run: $(tail -n 3 "$log")"
grep -q -x 'M104 S0' "$log" || fail "the hotend was not turned off"
stop_sim
pass "progress lines, Ctrl-C paused and parked, cancel turned the heaters off"

# SIGTERM (a shutdown, a closed session): nobody to ask, so cancel safely.
log="$TEST_TMP/sim-term.log"
start_sim --sim-speed 50 --log "$log"
"$LAYERLAB" print --port "$SIM_PORT" --profile virtual --interval 0.3 "$file" \
    </dev/null >"$TEST_TMP/out2" 2>"$TEST_TMP/err2" &
pid=$!
LL_PIDS+=("$pid")
wait_for "layer [1-9][0-9]*/145" "$TEST_TMP/out2"
kill -TERM "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 1 ] || fail "a print stopped by SIGTERM exited $rc: $(cat "$TEST_TMP/err2")"
contains "$(cat "$TEST_TMP/err2")" "cancelling the print safely"
[ "$(tail -n 1 "$log")" = "M84" ] || fail "SIGTERM did not run the cancel code: $(tail -n 3 "$log")"
stop_sim
pass "SIGTERM cancelled the print and left the printer safe"

# On a terminal: a bar redrawn in place (every 250 ms), then the summary.
# At 80 columns every field shown is whole, the temperatures with their
# units ("nozzle 200/200 °C", never a cut "T 200/2"), and the line fits.
start_sim --sim-speed 50
script -qefc "stty cols 80 rows 24; '$LAYERLAB' print --port '$SIM_PORT' --profile virtual '$LL_TEST_DATA/tab_ender3_0.20mm.gcode'" \
    /dev/null >"$TEST_TMP/tty" </dev/null || fail "print on a terminal failed: $(cat "$TEST_TMP/tty")"
grep -q 'done: ' "$TEST_TMP/tty" || fail "no summary on the terminal: $(cat "$TEST_TMP/tty")"
bar=$'\r\033\[K\[[#-]*\] *[0-9.]*%  layer [0-5]/5  left [0-9:-]*  nozzle [0-9]*/[0-9]* °C  bed [0-9]*/[0-9]* °C'
bars=$(grep -o "$bar" "$TEST_TMP/tty" | wc -l)
[ "$bars" -ge 3 ] || fail "expected a progress bar redrawn in place: $(cat -v "$TEST_TMP/tty" | head -c 600)"
wide=$(tr '\r' '\n' <"$TEST_TMP/tty" | sed $'s/\033\\[K//' | grep '^\[' |
    while IFS= read -r l; do [ "$(printf '%s' "$l" | wc -m)" -gt 80 ] && echo x; done | wc -l)
[ "$wide" -eq 0 ] || fail "$wide progress lines wider than 80 columns: $(cat -v "$TEST_TMP/tty" | head -c 600)"
pass "on a terminal at 80 columns: the bar was drawn $bars times with whole fields, then the summary"

# SIGTERM while an M0 has reached the printer but waits behind a long move
# in its queue: an M108 sent now is gone before the M0 begins to wait (it
# sets Marlin's wait_for_user itself when it starts), so the cancel ends
# the wait when the printer opens its question; without that the cancel
# sequence waited behind the M0, heaters on, for a press of the knob.
file="$TEST_TMP/m0.gcode"
printf '%s\n' 'G28' 'M104 S200' 'G1 X200 Y200 F300' 'M0 Inspect the first layer' \
    'G1 X10 Y10 F3000' >"$file"
log="$TEST_TMP/sim-m0.log"
start_sim --sim-speed 5 --log "$log"
"$LAYERLAB" print --port "$SIM_PORT" --profile virtual "$file" \
    </dev/null >"$TEST_TMP/out3" 2>"$TEST_TMP/err3" &
pid=$!
LL_PIDS+=("$pid")
# The M0 has begun (the virtual printer logs a command when it starts) and
# waits for the move (about 11 s here) before it waits for the user.
wait_for '^M0 Inspect the first layer$' "$log"
kill -TERM "$pid"
ll_wait_exit "$pid" || fail "the cancel waited behind the M0: $(cat "$TEST_TMP/err3"; tail -n 3 "$log")"
wait "$pid"
rc=$?
[ "$rc" -eq 1 ] || fail "a print stopped by SIGTERM exited $rc: $(cat "$TEST_TMP/err3")"
[ "$(tail -n 1 "$log")" = "M84" ] || fail "the cancel code did not run: $(tail -n 3 "$log")"
grep -q -x 'M104 S0' "$log" || fail "the hotend was not turned off: $(cat "$log")"
grep -q -x 'G1 X10 Y10 F3000' "$log" && fail "the file went on after the M0: $(cat "$log")"
stop_sim
pass "SIGTERM while an M0 waited behind a move: its wait ended, the cancel ran"
