# The console against other firmware: Repetier's idle "wait" every second
# and its numbered oks are not echoed; the M114 reply is shown (and read as
# a position, not temperatures), the firmware is named.
. "$LL_HARNESS/lib.sh"

start_sim --firmware repetier --speed 0
mkfifo "$TEST_TMP/in"
"$LAYERLAB" console --port "$SIM_PORT" --profile virtual \
	<"$TEST_TMP/in" >"$TEST_TMP/out" 2>&1 &
CPID=$!
LL_PIDS+=("$CPID")
exec 3>"$TEST_TMP/in"
poll in_file "printer ready" "$TEST_TMP/out" || fail "no printer ready: $(cat "$TEST_TMP/out")"
echo "G28" >&3
echo "M114" >&3
# Idle for longer than Repetier's one-second "wait".
sleep 2.5
echo "status" >&3
echo quit >&3
ll_wait_exit "$CPID" || fail "the console did not leave: $(cat "$TEST_TMP/out")"
wait "$CPID"
exec 3>&-
out=$(cat "$TEST_TMP/out")
contains "$out" "printer ready: Repetier_1.0.4"
contains "$out" "X:0.00 Y:0.00 Z:0.000"
lacks "$out" "wait"
lacks "$out" "skip"
pass "Repetier: idle waits and numbered oks stay out of the console"
