#!/bin/bash
# Every printer call of the lesson API against 'layerlab sim' over a real
# pty, checked in the printer's own log of what it ran; and once more on the
# built-in virtual printer (--port virtual).
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/lib_lesson.sh"

start_sim --sim-speed 0 --log "$TEST_TMP/printer.log"
expect_rc 0 lesson T1/printer --answers "$ANS/content.ans" --port "$SIM_PORT" --profile virtual
for want in "connected=true firmware=Marlin" "homed x=true y=true z=true" \
    "M115 replied with the firmware name: true" "hot: nozzle>=198 true bed>=48 true" \
    "guard refused M104 S999: true" \
    "refusal names the limit: printer: refused M104 S999: nozzle target 999 °C is above" \
    "guard refused a move off the bed: true" "M503 parsed: M92 E=93" \
    "wait_temp timed out: true (timed out after 0.3 s), waited: true" \
    "cooled below 150: true" "[result] T1.P by printer: passed" \
    "[printer] printing files/square.gcode" "printed 15 commands" \
    "first command sent: G28" "=== completed ==="; do
	contains "$OUT" "$want"
done
log=$(cat "$TEST_TMP/printer.log")
for want in "G28" "G28 X Y" "M115" "M104 S200" "M140 S50" "G0 Z10 F600" "M400" \
    "G91" "G0 X10" "G90" "G0 X20 Y20" "M83" "G1 E5 F100" "M82" "M503" "M104 S0" \
    "M140 S0" "G1 X40 Y20 E1.5 F1200" "G1 X20 Y20 E6.0"; do
	grep -qxF "$want" "$TEST_TMP/printer.log" || fail "the printer never ran '$want': $log"
done
grep -q "S999" "$TEST_TMP/printer.log" && fail "a refused command reached the printer"
grep -q "X100000" "$TEST_TMP/printer.log" && fail "a refused move reached the printer"
pass "printer calls reach the printer through the guard"

csv=$(results_csv)
contains "$csv" ',T1.P,printer,yes,'
contains "$csv" '""sent"":'
[ "$(attempt_field printer firmware)" != None ] || fail "the attempt does not name the firmware"
[ "$(attempt_field printer printer_profile)" = virtual ] || fail "the attempt does not name the profile"
pass "printer check recorded with evidence, firmware and profile"

expect_rc 0 lesson T1/printer --answers "$ANS/content.ans" --port virtual --sim-speed 0
contains "$OUT" "printed 15 commands"
contains "$OUT" "=== completed ==="
pass "the same lesson on --port virtual"
