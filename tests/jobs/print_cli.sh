#!/usr/bin/env bash
# How print treats bad input: usage errors exit 2, a file that cannot be
# sent exits 1 naming the file and line, and the printer hears nothing.
. "$LL_HARNESS/lib.sh"

log="$TEST_TMP/sim.log"
start_sim --sim-speed 0 --log "$log"

expect_rc 2 "$LAYERLAB" print --port "$SIM_PORT"
contains "$ERR" "layerlab: print: which file?"
contains "$ERR" "usage: layerlab print"
expect_rc 2 "$LAYERLAB" print --port "$SIM_PORT" --baud fast "$LL_TEST_DATA/tab_ender3_0.20mm.gcode"
contains "$ERR" "--baud: 'fast' is not a baud rate"
expect_rc 2 "$LAYERLAB" print --port "$SIM_PORT" a.gcode b.gcode
contains "$ERR" "one file at a time"

expect_rc 1 "$LAYERLAB" print --port "$SIM_PORT" "$TEST_TMP/missing.gcode"
contains "$ERR" "layerlab: print: $TEST_TMP/missing.gcode: No such file or directory"

printf 'G28\nG1 X10 Y10 Z5 F3000\nG1 X\001\000\002\n' >"$TEST_TMP/binary.gcode"
expect_rc 1 "$LAYERLAB" print --port "$SIM_PORT" "$TEST_TMP/binary.gcode"
contains "$ERR" "binary.gcode:3: a NUL byte: this is not a G-code text file"

{ echo "G28"; printf 'M117 %0300d\n' 7; } >"$TEST_TMP/long.gcode"
expect_rc 1 "$LAYERLAB" print --port "$SIM_PORT" "$TEST_TMP/long.gcode"
contains "$ERR" "long.gcode:2: command too long"

printf '; only a comment\n\n' >"$TEST_TMP/empty.gcode"
expect_rc 1 "$LAYERLAB" print --port "$SIM_PORT" "$TEST_TMP/empty.gcode"
contains "$ERR" "empty.gcode: no G-code commands in the file"

expect_rc 1 "$LAYERLAB" print --port "$SIM_PORT" --profile no-such-printer \
    "$LL_TEST_DATA/tab_ender3_0.20mm.gcode"
contains "$ERR" "no-such-printer"

# None of it reached the printer: not even a handshake.
[ ! -s "$log" ] || fail "the printer received commands: $(head -3 "$log")"

expect_rc 0 "$LAYERLAB" help print
contains "$OUT" "Examples:"
contains "$OUT" "--ping-pong"
pass "usage errors exit 2, bad files exit 1 with file and line, the printer heard nothing"

# A line the printer answers with an error does not stop the print, and is
# told as every problem with a file: FILE:LINE: the command, what the
# printer said, what was expected, what happens now.
printf 'G28\nM104 S0\nM9999 X1\nG1 X10 Y10 F3000\n' >"$TEST_TMP/odd.gcode"
expect_rc 0 "$LAYERLAB" print --port virtual --sim-speed 0 "$TEST_TMP/odd.gcode" </dev/null
contains "$ERR" "$TEST_TMP/odd.gcode:3: M9999 X1: the printer did not run it (echo:Unknown command: \"M9999 X1\"); expected a command this printer runs; the print goes on"
lacks "$ERR" "line 3:"
contains "$OUT" "1 printer complaints"
pass "a printer's complaint about a line reads FILE:LINE: what, what was expected"
