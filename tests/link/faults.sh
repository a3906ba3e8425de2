# Link faults against the virtual printer: a lost ok, a USB drop, thermal
# runaway, the emergency stop.
. "$LL_HARNESS/lib.sh"

now_ms() { date +%s%3N; }

# A dropped ok: the link pokes the printer (M105) and carries on; every
# command runs exactly once.
LOG="$TEST_TMP/drop.log"
start_sim --sim-speed 0 --drop-ok 6 --log "$LOG"
expect_rc 0 "$LAYERLAB" send --port "$SIM_PORT" --profile virtual \
	G28 "G1 Z5" "G1 Z6" "G1 Z7" M400 M114
contains "$OUT" "Z:7.00"
for c in "G1 Z5" "G1 Z6" "G1 Z7"; do
	n=$(grep -c "^$c\$" "$LOG")
	[ "$n" -eq 1 ] || fail "$c ran $n times after a dropped ok"
done
pass "a dropped ok recovers"

# USB drop mid-command: a plain message, exit 1.
start_sim --sim-speed 0 --disconnect-after 7
expect_rc 1 "$LAYERLAB" send --port "$SIM_PORT" --profile virtual \
	G28 "G1 Z5" "G1 Z6" "G1 Z7" "G1 Z8" "G1 Z9"
contains "$ERR" "the printer disconnected"
contains "$ERR" "is the USB cable plugged in"
pass "disconnect ends send with a plain message"

# How fast: the printer unplugs itself on a command (the sim's M9000
# hook); the console must report it within a second.
wait_for() {
	poll in_file "$2" "$1" || fail "waited for '$2' in $1: $(cat "$1")"
}
start_sim --sim-speed 0
mkfifo "$TEST_TMP/in"
"$LAYERLAB" console --port "$SIM_PORT" --profile virtual \
	<"$TEST_TMP/in" >"$TEST_TMP/out" 2>&1 &
CPID=$!
LL_PIDS+=("$CPID")
exec 3>"$TEST_TMP/in"
wait_for "$TEST_TMP/out" "printer ready"
t0=$(now_ms)
echo "M9000 Fdisconnect" >&3
wait_for "$TEST_TMP/out" "the printer disconnected"
t1=$(now_ms)
exec 3>&-
ll_wait_exit "$CPID" || fail "the console did not leave: $(cat "$TEST_TMP/out")"
wait "$CPID"
[ $((t1 - t0)) -lt 1000 ] || fail "disconnect took $((t1 - t0)) ms to report"
pass "disconnect reported in $((t1 - t0)) ms"

# Thermal runaway while heating: halted, with the firmware's own message.
start_sim --sim-speed 0 --fault thermal-runaway@5
expect_rc 1 "$LAYERLAB" send --port "$SIM_PORT" --profile virtual \
	"M104 S200" "M109 S200" G28
contains "$ERR" "the printer halted"
contains "$ERR" "Thermal Runaway"
pass "thermal runaway halts the link with the firmware's message"

# Emergency stop: M112 reaches the printer at once, heaters off after it.
LOG="$TEST_TMP/estop.log"
start_sim --sim-speed 0 --log "$LOG"
expect_rc 0 "$LAYERLAB" send --port "$SIM_PORT" --profile virtual \
	"M104 S200" M112 "M117 never"
contains "$OUT" "emergency stop sent"
# A killed firmware answers nothing, so `send` cannot wait for the printer
# to have read M112 before it exits: wait for the printer's log (reading it
# at once missed M112 in 10 of 60 tries; the final check's failure).
poll in_file "M112" "$LOG" || fail "M112 never reached the printer: $(cat "$LOG")"
lacks "$(cat "$LOG")" "M117 never"
# A killed Marlin is silent; what it said before the port was opened again
# is flushed, never taken as an answer.
pass "emergency stop"
