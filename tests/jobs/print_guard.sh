#!/usr/bin/env bash
# A command in the file that the guard refuses (one the whole-file check
# does not judge) is never sent: the print pauses with the reason, and the
# user cancels it safely.
. "$LL_HARNESS/lib.sh"

src="$LL_TEST_DATA/tab_ender3_0.20mm.gcode"
file="$TEST_TMP/hot.gcode"
{ sed -n '1,250p' "$src"; echo "M211 S0 ; soft endstops off"; sed -n '251,$p' "$src"; } >"$file"

wait_for() {
	poll in_file_re "$1" "$2" || fail "timed out waiting for '$1' in $2: $(cat "$2")"
}

log="$TEST_TMP/sim.log"
start_sim --sim-speed 0 --log "$log"
mkfifo "$TEST_TMP/in"
# On a terminal (script's pty): the print pauses and asks.
script -qefc "'$LAYERLAB' print --port '$SIM_PORT' --profile virtual '$file' 2>'$TEST_TMP/err'" \
    /dev/null <"$TEST_TMP/in" >"$TEST_TMP/out" &
pid=$!
LL_PIDS+=("$pid")
exec 3>"$TEST_TMP/in"
wait_for "Print paused" "$TEST_TMP/err"
err=$(cat "$TEST_TMP/err")
contains "$err" "$file:251: M211 S0: refused, "
contains "$err" "pausing: a line of the file was refused (above)"
contains "$err" "soft endstops must stay on"
grep -q -x 'G1 X0.000 Y220.000 F6000' "$log" || fail "the head was not parked"
echo c >&3
wait "$pid"
rc=$?
exec 3>&-
[ "$rc" -eq 1 ] || fail "a cancelled print exited $rc: $(cat "$TEST_TMP/err")"
contains "$(cat "$TEST_TMP/err")" "cancelled"
grep -q 'M211' "$log" && fail "the refused command reached the printer"
[ "$(tail -n 1 "$log")" = "M84" ] || fail "the cancel code did not run: $(tail -n 3 "$log")"
pass "M211 S0 refused at line 251, print paused with the reason, then cancelled"
stop_sim

# Without a terminal nobody can answer: the refusal cancels safely, at
# once, with a non-zero exit. Standard input stays open (a service).
log="$TEST_TMP/sim2.log"
start_sim --sim-speed 0 --log "$log"
mkfifo "$TEST_TMP/in2"
exec 4<>"$TEST_TMP/in2"
expect_rc 1 timeout 60 "$LAYERLAB" print --port "$SIM_PORT" --profile virtual "$file" <&4
exec 4>&-
contains "$ERR" "soft endstops must stay on"
contains "$ERR" "nobody at a terminal to say resume or cancel: cancelling safely"
lacks "$ERR" "Type 'r'"
grep -q 'M211' "$log" && fail "the refused command reached the printer"
[ "$(tail -n 1 "$log")" = "M84" ] || fail "the cancel code did not run: $(tail -n 3 "$log")"
pass "without a terminal the refusal cancels at once and exits 1"
