#!/bin/bash
# Cancel during a heat-up turns the heaters off and keeps the attempt open
# at its step; a lesson resumes at the stored step or restarts.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/lib_lesson.sh"

none=$(answers '# no questions')
# Real time: heating to 210 °C takes far longer than the test waits.
start_sim --sim-speed 1 --log "$TEST_TMP/printer.log"
"$LAYERLAB" --db "$DB" --modules "$MODS" lesson run T1/heatup --answers "$none" \
    --port "$SIM_PORT" --profile virtual >"$TEST_TMP/heat.out" 2>"$TEST_TMP/heat.err" &
pid=$!
LL_PIDS+=("$pid")
poll in_file "heating: nozzle" "$TEST_TMP/heat.out" || fail "the heat-up never started: $(cat "$TEST_TMP/heat.out")"
poll in_file "M104 S210" "$TEST_TMP/printer.log" || fail "the heat-up never reached the printer"
kill -INT "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 1 ] || fail "a cancelled lesson exited $rc"
out=$(cat "$TEST_TMP/heat.out")
contains "$out" "=== cancelled at step 1 ==="
lacks "$out" "hot"
contains "$(cat "$TEST_TMP/heat.err")" "stopped: interrupted"
on=$(grep -nxF "M104 S210" "$TEST_TMP/printer.log" | cut -d: -f1)
off=$(grep -nxF "M104 S0" "$TEST_TMP/printer.log" | cut -d: -f1)
[ -n "$on" ] && [ -n "$off" ] && [ "$off" -gt "$on" ] ||
	fail "cancel did not turn the nozzle off: $(cat "$TEST_TMP/printer.log")"
grep -qxF "M140 S0" "$TEST_TMP/printer.log" || fail "cancel did not turn the bed off"
[ "$(attempt_field heatup status)" = running ] || fail "a cancelled attempt was closed"
pass "cancel during a heat-up turns the heaters off"

# Resume from a stored step: stop at step 2 (no answer), resume there.
expect_rc 1 lesson T1/resume --answers "$(answers 'r.one = yes')" --sim-speed 0
contains "$OUT" "=== cancelled at step 2 ==="
contains "$ERR" "no answer for confirmation 'r.two'"
[ "$(attempt_field resume step_id)" = two ] || fail "step 'two' not stored"
[ "$(attempt_field resume status)" = running ] || fail "the attempt is not open"
id=$(attempt_field resume id)
seed=$(attempt_field resume seed)

# Without a choice the run refuses and says why.
expect_rc 1 lesson T1/resume --answers "$(answers 'r.two = yes')" --sim-speed 0
contains "$ERR" "has an unfinished attempt at T1/resume (step 2): add --resume"

expect_rc 0 lesson T1/resume --answers "$(answers 'r.two = yes')" --sim-speed 0 --resume
contains "$OUT" "attempt $id, seed $seed, language en, resumed"
contains "$OUT" "resuming at step 2 of 3"
lacks "$OUT" "step one"
contains "$OUT" "step two"
contains "$OUT" "step three"
[ "$(attempt_field resume status)" = completed ] || fail "resumed attempt not completed"
[ "$(attempt_field resume id)" = "$id" ] || fail "resume started a new attempt"
pass "resume at the stored step"

expect_rc 1 lesson T1/resume --answers "$(answers 'r.two = yes')" --sim-speed 0 --resume
contains "$ERR" "no unfinished attempt at T1/resume to resume"

# Restart: the open attempt is closed as cancelled, a new one runs.
expect_rc 1 lesson T1/resume --answers "$(answers 'r.one = yes')" --sim-speed 0
old=$(attempt_field resume id)
expect_rc 0 lesson T1/resume --answers "$(answers 'r.one = yes' 'r.two = no')" --sim-speed 0 --restart
contains "$OUT" "step one"
[ "$(attempt_field resume id)" != "$old" ] || fail "restart did not start a new attempt"
"$LAYERLAB" --db "$DB" records export --format json --out "$TEST_TMP/all.json" >/dev/null
python3 - "$TEST_TMP/all.json" "$old" <<'PY' || fail "the restarted attempt is not closed as cancelled"
import json, sys
d = json.load(open(sys.argv[1]))
a = [x for x in d["attempts"] if str(x["id"]) == sys.argv[2]]
sys.exit(0 if a and a[0]["status"] == "cancelled" else 1)
PY
pass "restart closes the open attempt"
