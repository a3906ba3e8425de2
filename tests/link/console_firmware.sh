# The console against other firmware: Repetier's idle "wait" every second
# and its numbered oks are not echoed; the M114 reply is shown (and read as
# a position, not temperatures), the firmware is named.
. "$LL_HARNESS/lib.sh"

start_sim --firmware repetier --sim-speed 0
mkfifo "$TEST_TMP/in"
"$LAYERLAB" console --port "$SIM_PORT" --profile virtual \
	<"$TEST_TMP/in" >"$TEST_TMP/out" 2>&1 &
CPID=$!
LL_PIDS+=("$CPID")
exec 3>"$TEST_TMP/in"
poll in_file "printer ready" "$TEST_TMP/out" || fail "no printer ready: $(cat "$TEST_TMP/out")"
echo "G28" >&3
echo "M114" >&3
# G28 ends only with Repetier's idle "wait" (its queue is empty), and M114
# is sent after it: its reply shows that a "wait" came (and was not shown).
poll in_file "X:0.00 Y:0.00 Z:0.000" "$TEST_TMP/out" ||
    fail "no M114 reply: $(cat "$TEST_TMP/out")"
echo "status" >&3
echo quit >&3
ll_wait_exit "$CPID" || fail "the console did not leave: $(cat "$TEST_TMP/out")"
wait "$CPID"
exec 3>&-
out=$(cat "$TEST_TMP/out")
contains "$out" "printer ready: Repetier_1.0.4"
# Its Cap: lines come after the handshake ended (its ok came first); the
# link still learns them. It does not turn its auto-reports on then: it
# polls, as on a build before 1.0, which prints none.
contains "$out" "firmware reports: emergency parser yes, temperature reports no, host prompts no; M112 acts at once: yes"
contains "$out" "X:0.00 Y:0.00 Z:0.000"
lacks "$out" "wait"
lacks "$out" "skip"
pass "Repetier: idle waits and numbered oks stay out of the console"

# Repetier says ok when it takes a line and prints the line's reply when it
# runs it: the reply still belongs to its command. layerlab send prints a
# command's reply lines before its ok, as with Marlin.
expect_rc 0 "$LAYERLAB" send --port "$SIM_PORT" --profile virtual M105 G28 \
    M114 "M117 done"
contains "$OUT" "ok T:25.00 /0 B:25.00 /0"
order=$(printf '%s\n' "$OUT" | tr '\n' '|')
contains "$order" "ok|X:0.00 Y:0.00 Z:0.000 E:0.0000|ok|ok|"
expect_rc 1 "$LAYERLAB" send --port "$SIM_PORT" --profile virtual M9999
contains "$ERR" "M9999: the printer reported: Unknown command:M9999"
pass "Repetier: a reply after the ok belongs to its command (send)"

# In the console, the reply comes before the ok that ends the command.
"$LAYERLAB" console --port "$SIM_PORT" --profile virtual \
	<"$TEST_TMP/in" >"$TEST_TMP/out2" 2>&1 &
CPID=$!
LL_PIDS+=("$CPID")
exec 3>"$TEST_TMP/in"
poll in_file "printer ready" "$TEST_TMP/out2" || fail "no printer ready: $(cat "$TEST_TMP/out2")"
echo "M105" >&3
echo "M114" >&3
echo quit >&3
ll_wait_exit "$CPID" || fail "the console did not leave: $(cat "$TEST_TMP/out2")"
wait "$CPID"
exec 3>&-
# Temperature lines come whenever layerlab's own poll is answered.
out=$(grep -v '^temperatures:' "$TEST_TMP/out2" | tr '\n' '|')
contains "$out" "> M105|ok T:25.00 /0 B:25.00 /0"
contains "$out" "> M114|X:0.00 Y:0.00 Z:0.000 E:0.0000|ok|"
pass "Repetier: the console shows each reply before its command's ok"

# Prusa-Firmware names an unknown code its own way (process_commands():
# "Unknown M code: $<N> M9999", the N overwritten with '$'), and has no M108
# at all: both are the printer refusing the command.
stop_sim
start_sim --firmware prusa --sim-speed 0
expect_rc 1 "$LAYERLAB" send --port "$SIM_PORT" --profile virtual M9999
contains "$ERR" "M9999: the printer reported: Unknown M code: \$"
expect_rc 1 "$LAYERLAB" send --port "$SIM_PORT" --profile virtual M108
contains "$ERR" "M108: the printer reported: Unknown M code: \$"
pass "Prusa: an unknown M code is a failure (send)"

# RepRapFirmware's answer to a code it lacks is a warning (HandleResult():
# "Warning: M410: Command is not supported"): still the printer refusing it.
# Its M112 waits its turn on USB, and leaves a board that answers
# "Machine is halted" until M999.
stop_sim
start_sim --firmware rrf --sim-speed 0
expect_rc 1 "$LAYERLAB" send --port "$SIM_PORT" --profile virtual M410
contains "$ERR" "M410: the printer reported: Warning: M410: Command is not supported"
expect_rc 0 "$LAYERLAB" send --port "$SIM_PORT" --profile virtual M112
contains "$OUT" "emergency stop sent (M112): the printer is halted: send M999"
expect_rc 1 "$LAYERLAB" send --port "$SIM_PORT" --profile virtual G28
contains "$ERR" "G28: the printer reported: G28: Machine is halted"
pass "RRF: an unsupported code is a failure, M112 halts until M999 (send)"

# Klipper has no M0, M108 or M600; an M112 line shuts it down as it
# arrives, and every command after it gets the shutdown until
# FIRMWARE_RESTART.
stop_sim
start_sim --firmware klipper --sim-speed 0
expect_rc 1 "$LAYERLAB" send --port "$SIM_PORT" --profile virtual M600
contains "$ERR" 'M600: the printer reported: // Unknown command:"M600"'
expect_rc 0 "$LAYERLAB" send --port "$SIM_PORT" --profile virtual M112
contains "$OUT" "emergency stop sent (M112): Klipper has shut down: send FIRMWARE_RESTART"
expect_rc 1 "$LAYERLAB" send --port "$SIM_PORT" --profile virtual G28
contains "$ERR" "the printer halted: Shutdown due to M112 command"
expect_rc 0 "$LAYERLAB" send --port "$SIM_PORT" --profile virtual FIRMWARE_RESTART
expect_rc 0 "$LAYERLAB" send --port "$SIM_PORT" --profile virtual G28
pass "Klipper: no M600; M112 shuts it down until FIRMWARE_RESTART (send)"

# Repetier-Firmware's M112 resets the board (KILL_METHOD 1): it answers
# again at once, heaters off.
stop_sim
start_sim --firmware repetier --sim-speed 0
expect_rc 0 "$LAYERLAB" send --port "$SIM_PORT" --profile virtual "M104 S200"
expect_rc 0 "$LAYERLAB" send --port "$SIM_PORT" --profile virtual M112
contains "$OUT" "the board resets itself (Repetier)"
expect_rc 0 "$LAYERLAB" send --port "$SIM_PORT" --profile virtual M105
contains "$OUT" "T:25.00 /0"
pass "Repetier: M112 resets the board, heaters off (send)"
