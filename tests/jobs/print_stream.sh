#!/usr/bin/env bash
# Streams a real slicer file to the virtual printer over a noisy link (2% of
# received lines corrupted, so resends happen) in both sending modes. The
# printer's log of the commands it ran must be the file's commands: all of
# them, each exactly once, in order.
. "$LL_HARNESS/lib.sh"

file="$LL_TEST_DATA/tab_ender3_0.20mm.gcode"
# The file's commands as a host sends them: comments and blanks removed.
sed -e 's/;.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d' \
    "$file" >"$TEST_TMP/want"
[ "$(wc -l <"$TEST_TMP/want")" -eq 639 ] || fail "expected 639 commands in $file"

for mode in --windowed --ping-pong; do
	log="$TEST_TMP/sim$mode.log"
	start_sim --sim-speed 0 --error-rate 0.02 --seed 11 --log "$log"
	expect_rc 0 "$LAYERLAB" print --port "$SIM_PORT" --profile virtual \
	    $mode "$file"
	contains "$OUT" "done: $file: 639 commands, 1032 lines, 5 layers"
	# The host's own commands (handshake, temperature reports) are not the file's.
	printer_ran "$log" >"$TEST_TMP/got"
	if ! diff "$TEST_TMP/want" "$TEST_TMP/got" >"$TEST_TMP/diff"; then
		fail "$mode: the printer did not run the file exactly: $(head -20 "$TEST_TMP/diff")"
	fi
	resends=$(printf '%s\n' "$OUT" | sed -n 's/.*; \([0-9]*\) resends.*/\1/p')
	[ "${resends:-0}" -gt 0 ] || fail "$mode: no resends, so the noise never reached the link: $OUT"
	stop_sim
	pass "$mode: 639 commands ran once each, in order, through $resends resends"
done
