# The conformance matrix for one firmware personality of the virtual
# printer ($1): each link condition in both sending modes, streaming a real
# slicer file. The printer's --log of what it ran must be the file's
# commands exactly: each once, in order, no piece of a line run as a
# command of its own; every run must finish (done, or after a disconnect
# an exit 1 that names the lines in doubt).
#
# Not run, by the firmware's design rather than the link's:
#  klipper  noise, dropped line: Klipper's G-code port is a local
#           pseudo-terminal that loses and garbles nothing, and gcode.py
#           skips line numbers and ignores checksums, so no host could
#           notice either.
#  rrf      noise, dropped line, small buffer: RepRapFirmware 3 drops a
#           line with a bad checksum without a word and never checks line
#           numbers (StringParser::LineFinished), so a lost or garbled line
#           cannot be told from a lost ok; over native USB none happens.
#  klipper  small buffer: Klipper reads its pseudo-terminal 4 KiB at a
#           time and stops reading only between whole lines.
. "$LL_HARNESS/lib.sh"

fw=$1
file="$LL_TEST_DATA/tab_ender3_0.20mm.gcode"
sed -e 's/;.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d' \
    "$file" >"$TEST_TMP/want"

skip() {
	case "$fw:$1" in
	klipper:noise|klipper:drop-line|klipper:small-rx) return 0 ;;
	rrf:noise|rrf:drop-line|rrf:small-rx) return 0 ;;
	esac
	return 1
}


# A lost ok or line, or a handshake lost to a reset that prints no banner
# (Klipper, RRF), is found when the host, hearing nothing, asks again after
# the profile's ok_timeout (5 s for the shipped virtual printer). The same
# profile with a short ok_timeout proves the same recovery without waiting
# out 5 s of silence in every such cell.
mkdir -p "$XDG_DATA_HOME/layerlab/printers"
sed 's/^  rx_buffer = 128,$/&\n  ok_timeout = 0.5,/' "$LL_SOURCE_DIR/printers/virtual.lua" \
    >"$XDG_DATA_HOME/layerlab/printers/virtual-quick-ok.lua"
grep -q '^  ok_timeout = 0.5,$' "$XDG_DATA_HOME/layerlab/printers/virtual-quick-ok.lua" ||
	fail "printers/virtual.lua no longer has the rx_buffer line the quick profile is made from"

cells=0
for cond in clean noise drop-ok drop-line small-rx reset disconnect; do
	skip "$cond" && continue
	case "$cond" in
	clean) opts=() ;;
	noise) opts=(--error-rate 0.02 --seed 11) ;;
	drop-ok) opts=(--drop-ok 100) ;;
	drop-line) opts=(--drop-line 100) ;;
	# The profile says 128; the printer must be busy for the buffer to fill:
	# at 1000 times real time the file still takes the printer about ten
	# times longer to run than the link needs to send it.
	small-rx) opts=(--rx-buffer 64 --sim-speed 1000) ;;
	reset) opts=(--reset-on-open) ;;
	disconnect) opts=(--disconnect-after 300) ;;
	esac
	profile=virtual
	case "$fw:$cond" in
	*:drop-ok|*:drop-line|klipper:reset|rrf:reset) profile=virtual-quick-ok ;;
	esac
	for mode in --windowed --ping-pong; do
		log="$TEST_TMP/$cond$mode.log"
		start_sim --firmware "$fw" --sim-speed 0 --log "$log" "${opts[@]}"
		if [ "$cond" = disconnect ]; then
			expect_rc 1 timeout -k 5 "$LL_WAIT_S" "$LAYERLAB" print --port "$SIM_PORT" \
			    --profile "$profile" $mode "$file" </dev/null
			contains "$ERR" "the printer disconnected"
			contains "$ERR" "last line the printer confirmed:"
			# What ran is the start of the file, each line once.
			printer_ran "$log" >"$TEST_TMP/got"
			n=$(wc -l <"$TEST_TMP/got")
			[ "$n" -ge 250 ] || fail "$fw $cond $mode: only $n commands ran"
			head -n "$n" "$TEST_TMP/want" | diff - "$TEST_TMP/got" >"$TEST_TMP/diff" ||
			    fail "$fw $cond $mode: not the file's start: $(head "$TEST_TMP/diff")"
		else
			expect_rc 0 timeout -k 5 "$LL_WAIT_S" "$LAYERLAB" print --port "$SIM_PORT" \
			    --profile "$profile" $mode "$file" </dev/null
			contains "$OUT" "done: $file: 639 commands"
			# The profile's ok_timeout is what the link waits: a lost
			# answer is asked for after the quick profile's 0.5 s;
			# a clean link never waits for one.
			case "$fw:$cond" in
			# Repetier also says "wait" every second while its
			# queue is empty, and the host asks at once on it: a
			# lost answer may be found that way before 0.5 s of
			# silence: the one lost answer of the cell comes 30 ms
			# into the stream, and a station slow to start (the
			# loop's pass 13, at load 6) meets the next "wait"
			# within 0.5 s of it.
			# Whatever silence was waited is the profile's.
			repetier:drop-ok|repetier:drop-line)
				if printf '%s\n' "$OUT" | grep -q "of silence"; then
					contains "$OUT" "asked after 0.5 s of silence: "
				fi ;;
			*:drop-ok|*:drop-line) contains "$OUT" "asked after 0.5 s of silence: " ;;
			*:clean) lacks "$OUT" "of silence" ;;
			esac
			# The buffer test before the stream measures the window:
			# the profile's 128 bytes less one line of the test on a
			# board that holds them, 63 on the 64-byte board.
			window=$(printf '%s\n' "$OUT" | sed -n 's/.*; send window \([0-9]*\) bytes.*/\1/p')
			# A board smaller than its profile is told, so the
			# trainer can correct the profile.
			case "$cond$mode" in
			clean--windowed) [ "${window:-0}" -gt 100 ] && [ "$window" -lt 128 ] ||
				fail "$fw $cond $mode: send window '${window}' after the buffer test: $OUT"
				lacks "$ERR" "buffer test did not pass" ;;
			small-rx--windowed) [ "$window" = 63 ] ||
				fail "$fw $cond $mode: send window '${window}' on a 64-byte board: $OUT"
				contains "$ERR" "layerlab: printer: the buffer test did not pass ("
				contains "$ERR" "sending at most 63 bytes at a time; if this happens on every print, the printer's receive buffer holds less than the profile's rx_buffer of 128 bytes: lower it" ;;
			*--ping-pong) [ -z "$window" ] || fail "$fw $cond $mode: a send window in ping-pong: $OUT" ;;
			esac
			printer_ran "$log" >"$TEST_TMP/got"
			diff "$TEST_TMP/want" "$TEST_TMP/got" >"$TEST_TMP/diff" ||
			    fail "$fw $cond $mode: the printer did not run the file exactly: $(head "$TEST_TMP/diff")"
		fi
		stop_sim
		cells=$((cells + 1))
	done
done
pass "$fw: $cells cells, each line ran once, in order"
