# layerlab console without a terminal: commands from standard input,
# temperatures as they arrive, Ctrl-C asking before leaving a hot printer,
# and a USB drop followed by an automatic reconnect.
. "$LL_HARNESS/lib.sh"

# wait_for FILE TEXT: waits for TEXT to appear in FILE.
wait_for() {
	poll in_file "$2" "$1" || fail "waited for '$2' in $1: $(cat "$1")"
}

# console_exit PID OUT: waits for the console to end; its status in $rc.
console_exit() {
	ll_wait_exit "$1" || fail "the console did not leave: $(cat "$2")"
	wait "$1"
	rc=$?
}

LOG="$TEST_TMP/printer.log"
start_sim --sim-speed 0 --log "$LOG"

# Commands from stdin; replies, temperatures and refusals on stdout.
expect_rc 1 "$LAYERLAB" console --port "$SIM_PORT" --profile virtual <<'IN'
G28
M114
M104 S300
M104 S210
M105
status
IN
contains "$OUT" "printer ready: Marlin"
contains "$OUT" "X:0.00 Y:0.00 Z:0.00"
contains "$OUT" "! refused M104 S300: nozzle target 300 °C is above"
contains "$OUT" "temperatures: nozzle 210.0/210 °C"
contains "$OUT" "homed: X yes, Y yes, Z yes"
contains "$OUT" "firmware reports: emergency parser yes, temperature reports yes, host prompts yes; M112 acts at once: yes"
contains "$OUT" "link: ready on $SIM_PORT"
lacks "$OUT" "Cap:AUTOREPORT_TEMP"	# the handshake is not echoed
lacks "$(cat "$LOG")" "M104 S300"
# End of input with the heaters on: said plainly, nobody to ask.
contains "$OUT" "leaving with the heaters on"
pass "commands from stdin, exit 1 after a refusal"

expect_rc 0 "$LAYERLAB" console --port "$SIM_PORT" --profile virtual <<'IN'
M104 S0
M117 hello
IN
contains "$OUT" "ok"
pass "exit 0 when every command succeeded"

# Ctrl-C with a heater on asks; "y" turns the heaters off, then leaves.
: >"$LOG"
mkfifo "$TEST_TMP/in"
"$LAYERLAB" console --port "$SIM_PORT" --profile virtual \
	<"$TEST_TMP/in" >"$TEST_TMP/out" 2>&1 &
CPID=$!
LL_PIDS+=("$CPID")
exec 3>"$TEST_TMP/in"
echo "M140 S60" >&3
echo "M104 S200" >&3
wait_for "$TEST_TMP/out" "temperatures: nozzle 200.0/200 °C, bed 60.0/60 °C"
kill -INT "$CPID"
wait_for "$TEST_TMP/out" "Heaters are on. y: turn them off and leave, n: stay"
# "n" means stay: the console keeps taking commands, heaters untouched.
echo n >&3
wait_for "$TEST_TMP/out" "staying: the heaters are still on"
echo status >&3
wait_for "$TEST_TMP/out" "link: ready"
kill -0 "$CPID" || fail "n left the console: $(cat "$TEST_TMP/out")"
lacks "$(cat "$LOG")" "M104 S0"
kill -INT "$CPID"
asked_twice() { [ "$(grep -c "Heaters are on. y:" "$TEST_TMP/out")" -ge 2 ]; }
poll asked_twice || fail "the second Ctrl-C did not ask: $(cat "$TEST_TMP/out")"
echo y >&3
console_exit "$CPID" "$TEST_TMP/out"
exec 3>&-
[ "$rc" -eq 0 ] || fail "console exited $rc: $(cat "$TEST_TMP/out")"
contains "$(cat "$TEST_TMP/out")" "heaters are off"
log=$(tr '\n' , <"$LOG")
contains "$log" "M104 S200,"
contains "$log" "M104 S0,M140 S0,"
pass "Ctrl-C asks; n stays; y turns the heaters off, then leaves"

# Leaving hot is its own explicit answer, k, and is said plainly.
: >"$LOG"
"$LAYERLAB" console --port "$SIM_PORT" --profile virtual \
	<"$TEST_TMP/in" >"$TEST_TMP/out3" 2>&1 &
CPID=$!
LL_PIDS+=("$CPID")
exec 3>"$TEST_TMP/in"
echo "M104 S200" >&3
wait_for "$TEST_TMP/out3" "temperatures: nozzle 200.0/200 °C"
kill -INT "$CPID"
wait_for "$TEST_TMP/out3" "k: keep them on and leave [y/n/k]"
echo k >&3
console_exit "$CPID" "$TEST_TMP/out3"
exec 3>&-
[ "$rc" -eq 0 ] || fail "console exited $rc: $(cat "$TEST_TMP/out3")"
contains "$(cat "$TEST_TMP/out3")" "! leaving with the heaters on"
lacks "$(cat "$LOG")" "M104 S0"
pass "k leaves with the heaters on, said plainly"

# The nozzle is still hot from the session before: Ctrl-C the moment the
# link is ready, before any temperature report, still asks (the console
# reads the temperatures before deciding).
: >"$LOG"
"$LAYERLAB" console --port "$SIM_PORT" --profile virtual \
	<"$TEST_TMP/in" >"$TEST_TMP/out4" 2>&1 &
CPID=$!
LL_PIDS+=("$CPID")
exec 3>"$TEST_TMP/in"
wait_for "$TEST_TMP/out4" "printer ready"
kill -INT "$CPID"
wait_for "$TEST_TMP/out4" "Heaters are on. y: turn them off and leave"
echo y >&3
console_exit "$CPID" "$TEST_TMP/out4"
exec 3>&-
[ "$rc" -eq 0 ] || fail "console exited $rc: $(cat "$TEST_TMP/out4")"
contains "$(tr '\n' , <"$LOG")" "M104 S0,M140 S0,"
pass "Ctrl-C before the first temperature report still asks about a hot printer"

# Ctrl-C with cold heaters leaves at once.
"$LAYERLAB" console --port "$SIM_PORT" --profile virtual \
	<"$TEST_TMP/in" >"$TEST_TMP/out2" 2>&1 &
CPID=$!
LL_PIDS+=("$CPID")
exec 3>"$TEST_TMP/in"
wait_for "$TEST_TMP/out2" "printer ready"
kill -INT "$CPID"
console_exit "$CPID" "$TEST_TMP/out2"
exec 3>&-
[ "$rc" -eq 0 ] || fail "console exited $rc: $(cat "$TEST_TMP/out2")"
lacks "$(cat "$TEST_TMP/out2")" "turn them off"
pass "Ctrl-C with cold heaters leaves at once"

# USB drop and return: reported, re-opened by the same name, handshake
# again, and the heaters that were on are switched off (nobody watched).
LOG2="$TEST_TMP/replug.log"
start_sim --sim-speed 0 --link "$TEST_TMP/printer" --disconnect-after 8 \
	--reconnect-after 300 --log "$LOG2"
"$LAYERLAB" console --port "$TEST_TMP/printer" --profile virtual \
	<"$TEST_TMP/in" >"$TEST_TMP/out3" 2>&1 &
CPID=$!
LL_PIDS+=("$CPID")
exec 3>"$TEST_TMP/in"
wait_for "$TEST_TMP/out3" "printer ready"
echo "M104 S180" >&3
echo "G28" >&3
echo "M117 one" >&3
echo "M117 two" >&3
wait_for "$TEST_TMP/out3" "the printer disconnected ($TEST_TMP/printer: "
wait_for "$TEST_TMP/out3" "the printer is connected again"
wait_for "$TEST_TMP/out3" "switched them off (M104 S0, M140 S0)"
echo "M105" >&3
wait_for "$TEST_TMP/out3" "ok T:"
echo quit >&3
console_exit "$CPID" "$TEST_TMP/out3"
exec 3>&-
# Two handshakes in the log; heaters off after the second one.
n=$(grep -c '^M115$' "$LOG2")
[ "$n" -ge 2 ] || fail "expected a second handshake, log: $(cat "$LOG2")"
after=$(awk '/^M115$/ {n++} n >= 2' "$LOG2" | tr '\n' ,)
contains "$after" "M104 S0,"
contains "$after" "M140 S0,"
pass "disconnect reported, port re-opened, heaters switched off"

expect_rc 2 "$LAYERLAB" console --port "$SIM_PORT" extra
expect_rc 1 "$LAYERLAB" console --port /dev/ttyUSB-missing </dev/null
contains "$ERR" "no such port"
pass "console usage errors"
