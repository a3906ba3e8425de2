#!/usr/bin/env bash
# The printer's port goes away in the middle of a print: a clear message, a
# non-zero exit, and the last line the printer confirmed, which must be a
# line the printer really ran.
. "$LL_HARNESS/lib.sh"

file="$LL_TEST_DATA/tab_ender3_0.20mm.gcode"
log="$TEST_TMP/sim.log"
start_sim --sim-speed 0 --disconnect-after 300 --log "$log"
expect_rc 1 timeout 60 "$LAYERLAB" print --port "$SIM_PORT" --profile virtual "$file"
contains "$ERR" "layerlab: print: $file: the printer disconnected"
contains "$ERR" "last line the printer confirmed:"
lacks "$OUT" "done:"
confirmed=$(printf '%s\n' "$ERR" | sed -n 's/.*last line the printer confirmed: \([0-9]*\).*/\1/p')
first=$(printf '%s\n' "$ERR" | sed -n 's/.*lines \([0-9]*\) to \([0-9]*\) were sent without.*/\1/p')
last=$(printf '%s\n' "$ERR" | sed -n 's/.*lines \([0-9]*\) to \([0-9]*\) were sent without.*/\2/p')
[ -n "$confirmed" ] && [ "$confirmed" -gt 100 ] || fail "no plausible confirmed line: $ERR"
[ -n "$first" ] && [ "$first" -gt "$confirmed" ] && [ "$last" -ge "$first" ] ||
    fail "the lines in doubt are not named after $confirmed: $ERR"
# Exact: the last command the printer ran (the 300th, whose ok never left)
# is one of the lines in doubt, never the confirmed one or before it.
lastran=$(printer_ran "$log" | tail -n 1)
sed -n "${first},${last}p" "$file" | sed -e 's/;.*//' -e 's/[[:space:]]*$//' |
    grep -qxF -- "$lastran" || fail "the last command that ran ($lastran) is not within lines $first-$last"

# The confirmed line's command is among the last the printer ran (it ran the
# 300th command, whose ok never left).
cmd=$(sed -n "${confirmed}p" "$file" | sed -e 's/;.*//' -e 's/[[:space:]]*$//')
[ -n "$cmd" ] || fail "line $confirmed of the file is not a command"
ran=$(printer_ran "$log" | wc -l)
# Commands up to the confirmed line, counted in the file.
upto=$(head -n "$confirmed" "$file" | sed -e 's/;.*//' -e 's/^[[:space:]]*//' \
    -e 's/[[:space:]]*$//' -e '/^$/d' | wc -l)
[ "$upto" -le "$ran" ] || fail "confirmed $upto commands but the printer ran only $ran"
[ $((ran - upto)) -le 8 ] || fail "confirmed line $confirmed is far behind the $ran commands that ran"
pass "disconnect reported; last confirmed line $confirmed ($upto of $ran commands that ran)"
stop_sim

# The printer halts (thermal runaway after 200 commands): the firmware's own
# words, a non-zero exit and the line to resume from.
start_sim --sim-speed 0 --fault thermal-runaway@200
expect_rc 1 timeout 60 "$LAYERLAB" print --port "$SIM_PORT" --profile virtual "$file"
contains "$ERR" "layerlab: print: $file: the printer halted: Thermal Runaway"
contains "$ERR" "last line the printer confirmed:"
halted_at=$(printf '%s\n' "$ERR" | sed -n 's/.*last line the printer confirmed: \([0-9]*\).*/\1/p')
[ -n "$halted_at" ] && [ "$halted_at" -gt 0 ] && [ "$halted_at" -lt 1032 ] ||
    fail "no plausible confirmed line after the halt: $ERR"
pass "halt reported with the firmware's message; last confirmed line $halted_at"
