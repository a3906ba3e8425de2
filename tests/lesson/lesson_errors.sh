#!/bin/bash
# An error inside a lesson: the trainee sees file:line and a short
# traceback, the heater the lesson turned on is switched off, the attempt is
# recorded as an error; a file that does not load records nothing.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/lib_lesson.sh"

none=$(answers '# no questions')
start_sim --sim-speed 0 --log "$TEST_TMP/printer.log"

expect_rc 1 lesson T1/error --answers "$none" --port "$SIM_PORT" --profile virtual
contains "$OUT" "heating started"
contains "$OUT" "about to fail"
contains "$OUT" "=== error at step 2 ==="
contains "$OUT" "T1/error.lua:12: attempt to index a nil value (upvalue 't')"
contains "$OUT" "	T1/error.lua:12: in function 'helper'"
contains "$OUT" "	T1/error.lua:14: in "
lacks "$OUT" "[prelude]"
contains "$ERR" "layerlab: lesson: T1/error: error: T1/error.lua:12:"
# The printer ran the heat-up, then the heaters-off after the error.
on=$(grep -nxF "M104 S180" "$TEST_TMP/printer.log" | cut -d: -f1)
off=$(grep -nxF "M104 S0" "$TEST_TMP/printer.log" | tail -1 | cut -d: -f1)
[ -n "$on" ] || fail "the lesson's M104 S180 never reached the printer"
[ -n "$off" ] && [ "$off" -gt "$on" ] || fail "no M104 S0 after the error: $(cat "$TEST_TMP/printer.log")"
grep -qxF "M140 S0" "$TEST_TMP/printer.log" || fail "no M140 S0 after the error"
[ "$(attempt_field error status)" = error ] || fail "attempt not marked error"
[ "$(attempt_field error step_index)" = 1 ] || fail "attempt does not record step 2"
"$LAYERLAB" --db "$DB" records verify >/dev/null || fail "records do not verify after a lesson error"
pass "error: file:line, traceback, heaters off, attempt marked error"

# The runaway lesson turned a heater on too: it is switched off as well.
# (A fresh printer: a re-opened one makes the link wait for its banner.)
start_sim --sim-speed 0 --log "$TEST_TMP/printer2.log"
expect_rc 1 lesson T1/runaway --answers "$none" --port "$SIM_PORT" --profile virtual
grep -qxF "M104 S150" "$TEST_TMP/printer2.log" || fail "runaway: no M104 S150"
grep -qxF "M104 S0" "$TEST_TMP/printer2.log" || fail "runaway: heater left on"
pass "a killed lesson leaves the printer safe"

# Misusing the API names the lesson's line, not the prelude's.
expect_rc 1 lesson T1/apierror --answers "$none" --sim-speed 0
contains "$OUT" "T1/apierror.lua:6: ask x: give 'choices' + 'correct', 'answer', 'value' or 'order'"
expect_rc 1 lesson T1/badcheck --answers "$none" --sim-speed 0
contains "$OUT" "T1/badcheck.lua:5: check: outcome 'T9.X' is not defined by this module"
pass "API misuse points at the lesson line"

# A syntax error: the message names file and line; nothing is recorded.
before=$(attempt_field syntax status)
expect_rc 1 lesson T1/syntax --answers "$none" --sim-speed 0
contains "$ERR" "layerlab: lesson: T1/syntax.lua:5: unfinished string"
[ "$(attempt_field syntax status)" = "$before" ] || fail "a lesson that does not load was recorded"
pass "syntax errors name file:line and record nothing"
