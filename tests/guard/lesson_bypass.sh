#!/usr/bin/env bash
# The same bypasses from a lesson (printer.send): every one refused with its
# reason, nothing of them reaches the printer, and echoed text never changes
# the state the lesson reads.
. "$LL_HARNESS/lib.sh"
. "$LL_SOURCE_DIR/tests/lesson/lib_lesson.sh"

start_sim --sim-speed 0 --log "$TEST_TMP/printer.log"
expect_rc 0 lesson T1/bypass --answers "$ANS/content.ans" --port "$SIM_PORT" --profile virtual
n=$(grep -c 'refused ".*": true' <<<"$OUT")
[ "$n" -eq 17 ] || fail "$n of 17 bypasses refused: $OUT"
lacks "$OUT" ": false ("
contains "$OUT" "more than once"
contains "$OUT" "space between"
contains "$OUT" "cold extrusion"
contains "$OUT" "soft endstops"
contains "$OUT" "looks like a reply"
contains "$OUT" "cannot judge M42"
contains "$OUT" "control character"
contains "$OUT" "nozzle after the echo: 25"
log=$(cat "$TEST_TMP/printer.log")
for bad in S270 S450 X500 M302 M211 M42 G10 "S120" "T:200" "M118 ok"; do
	lacks "$log" "$bad"
done
grep -qxF "M118 E1 Nozzle is cold" "$TEST_TMP/printer.log" ||
	fail "the echo did not reach the printer as M118 E1: $log"
pass "a lesson's bypasses are refused with the reason and never sent"
