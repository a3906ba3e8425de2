#!/bin/bash
# print with no terminal: a file that fails the whole-file check is refused
# with every problem listed, the command exits non-zero, and the printer
# never hears a heating or motion command (here: nothing at all).
. "$LL_HARNESS/lib.sh"

src="$LL_TEST_DATA/tab_ender3_0.20mm.gcode"
file="$TEST_TMP/bad.gcode"
# A fine file whose last lines leave the build volume and overheat.
{ cat "$src"; echo "M104 S300"; echo "G1 X400 Y10 F3000"; } >"$file"
lines=$(wc -l <"$src")

log="$TEST_TMP/sim.log"
start_sim --sim-speed 0 --log "$log"
expect_rc 1 "$LAYERLAB" print --port "$SIM_PORT" --profile virtual "$file" \
    </dev/null
contains "$ERR" "$file:$((lines + 1)): nozzle 300 °C is above this printer's limit (260 °C)"
contains "$ERR" "$file:$((lines + 2)): moves X to 400.00, outside this printer's X axis"
contains "$ERR" "layerlab: print: $file: refused: it would not print on Virtual printer"
sleep 0.2
if grep -qE '^(M104|M109|M140|M190|G0|G1|G28)' "$log" 2>/dev/null; then
	fail "the printer got: $(cat "$log")"
fi
pass "refused before anything was sent, every problem listed"

# The same for the in-process virtual printer.
expect_rc 1 "$LAYERLAB" print --port virtual "$file" </dev/null >"$TEST_TMP/out"
contains "$ERR" "refused"
pass "refused on --port virtual"
