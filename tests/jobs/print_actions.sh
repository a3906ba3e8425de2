#!/usr/bin/env bash
# The printer pauses and cancels a print with host action commands
# (//action:pause, //action:cancel, sent here by the virtual printer's
# M9000 Faction-... lines in the file, as its menu would);
# the user resumes in between. The printer's log shows the head parked and
# brought back, every file command run once, and the cancel code at the end.
. "$LL_HARNESS/lib.sh"

src="$LL_TEST_DATA/tab_ender3_0.20mm.gcode"
file="$TEST_TMP/actions.gcode"
{ sed -n '1,300p' "$src"; echo "M9000 Faction-pause"; sed -n '301,600p' "$src"
  echo "M9000 Faction-cancel"; sed -n '601,$p' "$src"; } >"$file"
sed -e 's/;.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d' \
    "$file" >"$TEST_TMP/want"

wait_for() {	# PATTERN FILE
	poll in_file_re "$1" "$2" || fail "timed out waiting for '$1' in $2: $(cat "$2")"
}

log="$TEST_TMP/sim.log"
start_sim --sim-speed 0 --log "$log"
mkfifo "$TEST_TMP/in"
"$LAYERLAB" print --port "$SIM_PORT" --profile virtual "$file" \
    <"$TEST_TMP/in" >"$TEST_TMP/out" 2>"$TEST_TMP/err" &
pid=$!
LL_PIDS+=("$pid")
exec 3>"$TEST_TMP/in"
wait_for "Print paused" "$TEST_TMP/err"
contains "$(cat "$TEST_TMP/err")" "pausing: the printer asked to pause (//action:pause)"
echo r >&3
wait "$pid"
rc=$?
exec 3>&-
[ "$rc" -eq 1 ] || fail "a cancelled print exited $rc, expected 1: $(cat "$TEST_TMP/err")"
err=$(cat "$TEST_TMP/err")
contains "$err" "the printer asked to cancel (//action:cancel)"
contains "$err" "cancelled; the printer's heaters are off"
contains "$(cat "$TEST_TMP/out")" "cancelled at line"

printer_ran "$log" >"$TEST_TMP/ran"
m400=$(grep -n -x 'M400' "$TEST_TMP/ran" | head -n1 | cut -d: -f1)
[ -n "$m400" ] || fail "no pause sequence in the printer's log"
# Pause: wait for the moves, ask where the head is, retract, lift, park, beep.
printf '%s\n' M400 M114 M83 "G1 E-2.0 F2400" G91 "G1 Z10.000 F600" G90 \
    "G1 X0.000 Y220.000 F6000" "M300 S880 P200" >"$TEST_TMP/pause.want"
sed -n "${m400},$((m400 + 8))p" "$TEST_TMP/ran" >"$TEST_TMP/pause.got"
diff "$TEST_TMP/pause.want" "$TEST_TMP/pause.got" >/dev/null ||
    fail "pause sequence: $(cat "$TEST_TMP/pause.got")"
# Resume: back over the print, down to the layer, unretract, modes, feed rate.
sed -n "$((m400 + 9)),$((m400 + 15))p" "$TEST_TMP/ran" >"$TEST_TMP/resume.got"
grep -q -x 'G1 X[0-9.]* Y[0-9.]* F6000' <(sed -n 2p "$TEST_TMP/resume.got") ||
    fail "resume does not return over the print: $(cat "$TEST_TMP/resume.got")"
grep -q -x 'G1 Z0\.[0-9]* F600' <(sed -n 3p "$TEST_TMP/resume.got") ||
    fail "resume does not lower to the layer: $(cat "$TEST_TMP/resume.got")"
[ "$(sed -n 5p "$TEST_TMP/resume.got")" = "G1 E2.0 F2400" ] ||
    fail "resume does not unretract: $(cat "$TEST_TMP/resume.got")"
# Cancel: the profile's cancel code ends the log.
tail -n 8 "$TEST_TMP/ran" >"$TEST_TMP/cancel.got"
printf '%s\n' "M104 S0" "M140 S0" M107 G91 "G1 Z10 F600" G90 \
    "G1 X0 Y220 F3000" M84 >"$TEST_TMP/cancel.want"
diff "$TEST_TMP/cancel.want" "$TEST_TMP/cancel.got" >/dev/null ||
    fail "cancel code: $(cat "$TEST_TMP/cancel.got")"
# What is left is the file's commands, each once, in order, up to the cancel.
{ head -n $((m400 - 1)) "$TEST_TMP/ran"
  sed -n "$((m400 + 16)),\$p" "$TEST_TMP/ran" | head -n -8; } >"$TEST_TMP/file.got"
n=$(wc -l <"$TEST_TMP/file.got")
head -n "$n" "$TEST_TMP/want" >"$TEST_TMP/file.want"
diff "$TEST_TMP/file.want" "$TEST_TMP/file.got" >/dev/null ||
    fail "file commands out of order or repeated: $(diff "$TEST_TMP/file.want" "$TEST_TMP/file.got" | head)"
cancel_at=$(grep -n -x 'M9000 Faction-cancel' "$TEST_TMP/want" | cut -d: -f1)
[ "$n" -ge "$cancel_at" ] || fail "the cancel line never ran ($n < $cancel_at)"
[ "$n" -lt $((cancel_at + 16)) ] || fail "the print went on long after the cancel ($n commands)"
pass "action pause parked and resume returned; action cancel ran the cancel code after $n file commands"
