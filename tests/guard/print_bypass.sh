#!/usr/bin/env bash
# The bypasses inside a G-code file (layerlab print). A line the canonical
# parser refuses is found by the check before printing: the print is refused
# with FILE:LINE and the reason, and the port is never opened. A line only
# the guard can judge (it depends on the printer's state) pauses the print
# at that line with the reason, never reaches the printer, and (no terminal
# to ask) the print is cancelled safely at once.
. "$LL_HARNESS/lib.sh"

src="$LL_TEST_DATA/tab_ender3_0.20mm.gcode"

wait_for() {
	poll in_file_re "$1" "$2" || fail "timed out waiting for '$1' in $2: $(cat "$2")"
}

# try LINE WHY: LINE inserted after line 250 pauses the print naming WHY.
try() {
	local file="$TEST_TMP/bypass.gcode" log="$TEST_TMP/sim.$RANDOM.log" pid rc
	# Each try starts with empty output: the last one's pause is no proof.
	rm -f "$TEST_TMP/out" "$TEST_TMP/err"
	{ sed -n '1,250p' "$src"; echo "$1"; sed -n '251,$p' "$src"; } >"$file"
	start_sim --sim-speed 0 --log "$log"
	expect_rc 1 timeout 60 "$LAYERLAB" print --port "$SIM_PORT" \
	    --profile virtual "$file" </dev/null
	# As every problem with a file: FILE:LINE: the command, why.
	contains "$ERR" "$file:251: $1: refused, "
	contains "$ERR" "pausing: a line of the file was refused (above)"
	contains "$ERR" "$2"
	contains "$ERR" "cancelling safely"
	grep -qF -- "$1" "$log" && fail "the refused line reached the printer"
	[ "$(tail -n 1 "$log")" = "M84" ] || fail "the cancel code did not run: $(tail -n 3 "$log")"
	kill "$SIM_PID" 2>/dev/null
	wait "$SIM_PID" 2>/dev/null
	return 0
}

# refused LINE WHY: LINE inserted after line 250 refuses the whole print.
refused() {
	local file="$TEST_TMP/bypass.gcode" log="$TEST_TMP/sim.$RANDOM.log"
	{ sed -n '1,250p' "$src"; echo "$1"; sed -n '251,$p' "$src"; } >"$file"
	start_sim --sim-speed 0 --log "$log"
	expect_rc 1 timeout 60 "$LAYERLAB" print --port "$SIM_PORT" \
	    --profile virtual "$file" </dev/null
	contains "$ERR" "$file:251: $1: $2"
	contains "$ERR" "nothing was sent"
	# The sim logs every command it runs: not one came from the print.
	[ ! -s "$log" ] || fail "the printer received commands: $(head -n 3 "$log")"
	kill "$SIM_PID" 2>/dev/null
	wait "$SIM_PID" 2>/dev/null
	return 0
}

refused "M140 S90 S50" "S given more than once"
refused "M104 S 450" ""
try "M118 T:20.0 /0.0 B:20.0 /0.0" "looks like a reply"
try "M302 P" "cold extrusion"
pass "bypasses in a file pause the print with the reason and are never sent"
