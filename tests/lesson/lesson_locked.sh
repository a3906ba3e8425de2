#!/bin/bash
# `layerlab lesson` while another program holds the records file's write
# lock (a long records merge): the lesson's writes are kept at the station
# at once, so the run goes on and Ctrl-C, the emergency stop of a run
# without a screen, is served while the lock is held; at the end the run
# waits for the lock as long as SQLite's busy timeout and says what it
# kept; the next run, with the lock gone, writes that first.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/lib_lesson.sh"

none=$(answers '# no questions')
"$LAYERLAB" --db "$DB" learner add headless --name "Headless" >/dev/null || fail "learner add"
hold_write_lock "$DB"

# Real time: heating to 210 °C takes far longer than the test waits.
start_sim --sim-speed 1 --log "$TEST_TMP/printer.log"
"$LAYERLAB" --db "$DB" --modules "$MODS" lesson run T1/heatup --answers "$none" \
	--port "$SIM_PORT" --profile virtual >"$TEST_TMP/heat.out" 2>"$TEST_TMP/heat.err" &
pid=$!
LL_PIDS+=("$pid")
poll in_file "heating: nozzle" "$TEST_TMP/heat.out" ||
	fail "the lesson did not start: $(cat "$TEST_TMP/heat.out" "$TEST_TMP/heat.err")"
poll in_file "M104 S210" "$TEST_TMP/printer.log" || fail "the heat-up never reached the printer"
kill -INT "$pid"
poll in_file "=== cancelled at step 1 ===" "$TEST_TMP/heat.out" || fail "Ctrl-C did not stop the lesson"
poll in_file "M104 S0" "$TEST_TMP/printer.log" || fail "Ctrl-C did not turn the nozzle off"
lacks "$(cat "$TEST_TMP/heat.out")" "hot"
kill -0 "$LOCKER" 2>/dev/null || fail "the lock ended before the stop was served"
pass "the lesson runs and Ctrl-C turns the heaters off while the records file is locked"

wait "$pid"
rc=$?
[ "$rc" -eq 1 ] || fail "a cancelled lesson exited $rc"
contains "$(cat "$TEST_TMP/heat.err")" "is busy (another program is writing to it)"
contains "$(cat "$TEST_TMP/heat.err")" "kept at this station and written when it is free"
[ "$(attempt_field heatup status)" = none ] || fail "an attempt reached the locked file"
pass "at the end the run says what it kept at the station"

kill "$LOCKER"
wait "$LOCKER" 2>/dev/null
expect_rc 1 lesson T1/resume --answers "$(answers 'r.one = yes')" --sim-speed 0
[ "$(attempt_field heatup status)" = running ] ||
	fail "the kept attempt did not reach the file: $(attempt_field heatup status)"
pass "the next run writes what was kept first"
