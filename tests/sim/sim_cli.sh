#!/bin/bash
# layerlab sim as a user runs it: a process on a real pty, spoken to by a
# plain serial client.
. "$LL_HARNESS/lib.sh"
PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3
CLIENT="$PY $(dirname "$0")/client.py"

expect_rc 0 "$LAYERLAB" sim --help
contains "$OUT" "--error-rate"
contains "$OUT" "M9000 F<name>"
expect_rc 2 "$LAYERLAB" sim --sim-speed fast
contains "$ERR" "layerlab: sim: --sim-speed: 'fast' is not a number"
# One spelling of the time scale: the old one says which is right.
expect_rc 2 "$LAYERLAB" sim --speed 0
contains "$ERR" "layerlab: sim: unknown option '--speed': the virtual printer's time scale is --sim-speed"
expect_rc 2 "$LAYERLAB" lesson run M1/hazards --speed=0
contains "$ERR" "unknown option '--speed': the virtual printer's time scale is --sim-speed"
expect_rc 2 "$LAYERLAB" sim --fault smoke
contains "$ERR" "unknown fault 'smoke'"
expect_rc 2 "$LAYERLAB" sim --fault noise:3
contains "$ERR" "'noise:3': only temp-swing and draft take an amount"
expect_rc 2 "$LAYERLAB" sim --fault temp-swing:40
contains "$ERR" "--fault"
expect_rc 2 "$LAYERLAB" sim --reconnect-after 100
contains "$ERR" "--reconnect-after needs --link"
pass "options are checked"

# Handshake, commands and the log over a real pty, behind a stable link.
LINK="$TEST_TMP/printer"
LOG="$TEST_TMP/sim.log"
start_sim --sim-speed 0 --link "$LINK" --log "$LOG"
[ "$SIM_PORT" = "$LINK" ] || fail "first line is '$SIM_PORT', expected $LINK"
[ -L "$LINK" ] || fail "$LINK is not a symbolic link"
expect_rc 0 $CLIENT "$SIM_PORT" M115 G28 "M109 S200" "G1 X10 Y5 F3000" M114
contains "$OUT" "FIRMWARE_NAME:Marlin 2.1"
contains "$OUT" "Cap:AUTOREPORT_TEMP:1"
contains "$OUT" "X:10.00 Y:5.00 Z:0.00 E:0.00 Count X:800 Y:400 Z:0"
pass "handshake and commands over the pty"

expect_rc 0 $CLIENT "$SIM_PORT" "raw:N1 G1 X20*0" "G1 X30"
contains "$OUT" "Error:checksum mismatch, Last Line: 0"
contains "$OUT" "Resend: 1"
pass "a corrupted line is refused with Resend"

kill -TERM "$SIM_PID"
wait "$SIM_PID"; rc=$?
[ "$rc" -eq 0 ] || fail "SIGTERM: exit $rc, expected 0"
[ ! -e "$LINK" ] || fail "the link was left behind"
expected=$(printf 'M110 N0\nM115\nG28\nM109 S200\nG1 X10 Y5 F3000\nM114\nM110 N0\nG1 X30\n')
[ "$(cat "$LOG")" = "$expected" ] || fail "log: $(cat "$LOG")"
pass "SIGTERM exits 0; the log holds each command once, in order"

start_sim --sim-speed 0
kill -INT "$SIM_PID"
wait "$SIM_PID"; rc=$?
[ "$rc" -eq 0 ] || fail "SIGINT: exit $rc, expected 0"
pass "SIGINT exits 0"

# A USB drop after three commands, and the device coming back.
start_sim --sim-speed 0 --link "$LINK" --disconnect-after 3 --reconnect-after 300
expect_rc 0 $CLIENT "$SIM_PORT" G90 G91 G90 hup
contains "$OUT" "HUP"
poll test -L "$LINK" || fail "the link did not come back"
expect_rc 0 $CLIENT "$SIM_PORT" banner
contains "$OUT" "start"
expect_rc 0 $CLIENT "$SIM_PORT" M105
contains "$OUT" "ok T:"
pass "disconnect is a hang-up; the link comes back with a rebooted printer"

# At 9600 baud, 960 bytes per second: M115's 1.3 KB take over a second.
start_sim --sim-speed 0 --baud 9600
start=$(date +%s%N)
expect_rc 0 $CLIENT "$SIM_PORT" M115
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$ms" -ge 1200 ] || fail "M115 at 9600 baud took only $ms ms"
[ "$ms" -le 20000 ] || fail "M115 at 9600 baud took $ms ms"
pass "--baud throttles the link ($ms ms for M115)"

# A fault over G-code: thermal runaway ends in kill() and silence.
start_sim --sim-speed 0
expect_rc 0 $CLIENT "$SIM_PORT" "M104 S200" "M9000 Fthermal-runaway=>kill() called"
contains "$OUT" "Error:Thermal Runaway, system stopped! Heater_ID: E0"
contains "$OUT" "Error:Printer halted. kill() called!"
pass "M9000 injects a fault"

# A board that resets when the port opens, opened after it has been idle
# longer than Repetier's one-second "wait": the boot ends, the printer
# answers, and SIGTERM still ends it. (The boot's timer was once due in the
# past at every turn: the printer spun, deaf to the host and to SIGTERM.)
start_sim --firmware repetier --reset-on-open --sim-speed 0
sleep 1.5	# the condition itself: idle past a "wait" before the host comes
expect_rc 0 timeout -k 5 "$LL_WAIT_S" "$LAYERLAB" send --port "$SIM_PORT" \
    --profile virtual M105
contains "$OUT" "ok T:"
stop_sim
pass "reset on open after an idle second: boots, answers, exits on SIGTERM"
