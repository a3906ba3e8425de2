#!/bin/bash
# A printer fault while a lesson waits: the lesson's on_fault handler runs,
# the waiting call fails, the lesson ends as a printer fault at file:line.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/lib_lesson.sh"

start_sim --sim-speed 20 --log "$TEST_TMP/printer.log" --fault thermal-runaway
expect_rc 1 lesson T1/fault --answers "$(answers '# none')" --port "$SIM_PORT" --profile virtual
contains "$OUT" "WARNING: The printer stopped itself: the printer stopped: Thermal Runaway"
contains "$OUT" "=== printer fault at step 1 ==="
contains "$OUT" "T1/fault.lua:8: the printer stopped: Thermal Runaway"
lacks "$OUT" "never reached"
contains "$ERR" "T1/fault: printer fault:"
[ "$(attempt_field fault status)" = error ] || fail "a faulted attempt not marked error"
pass "thermal runaway during a heat-up"

# M112 from a lesson: the host completes the command inside host_send;
# later commands fail at once with the halt.
expect_rc 0 lesson T1/halted --answers "$(answers '# none')" --sim-speed 0
contains "$OUT" "M112 ended the waiting call: true"
contains "$OUT" "a halted printer refuses more: true (the printer stopped: emergency stop"
contains "$OUT" "status: halted=true"
pass "commands after an emergency stop"

# A printer that is not there: the lesson's printer calls fail cleanly.
expect_rc 1 lesson T1/printer --answers "$(answers '# none')" --port "$TEST_TMP/no-such-port"
contains "$ERR" "no-such-port"
pass "a missing port is reported"

# A printer halted by an earlier emergency stop answers nothing, not even the
# handshake: the lesson's first printer call fails once the link finds the
# printer silent, with what the link found, instead of waiting for ever.
stop_sim
start_sim --sim-speed 0
"$LAYERLAB" send --port "$SIM_PORT" --profile virtual M112 >/dev/null 2>&1
expect_rc 1 lesson T1/printer --answers "$(answers '# none')" --port "$SIM_PORT" --profile virtual
contains "$OUT" "=== printer fault at step 1 ==="
contains "$OUT" "the printer does not answer: no answer to M110/M115 for"
contains "$OUT" "halted by an emergency stop and waiting for its reset"
pass "a printer that never answers ends the lesson's wait with the reason"
stop_sim
