#!/bin/bash
# The lesson API: show_layer draws a layer as a figure; printer.print_file
# runs the whole-file check first and refuses a failing file with every
# problem listed, nothing sent; a good file then prints.
. "$LL_HARNESS/lib.sh"
MODS=$(cd "$(dirname "$0")" && pwd)/modules
: >"$TEST_TMP/none.ans"

start_sim --sim-speed 0 --log "$TEST_TMP/printer.log"
expect_rc 0 "$LAYERLAB" --db "$TEST_TMP/r.db" --modules "$MODS" lesson run G1/layers \
    --answers "$TEST_TMP/none.ans" --port "$SIM_PORT" --profile virtual
contains "$OUT" "(figure: files/square.gcode: layer 1 of 2, Z 0.20 mm)"
contains "$OUT" "(figure: The top layer)"
contains "$OUT" "│          ⡖⠒⠒⠒⠒⡆      │"
contains "$OUT" "layer 3: show_layer: files/square.gcode has no layer 3 (it has 2)"
pass "show_layer draws layers as figures"

contains "$OUT" "bad file printed: false"
contains "$OUT" "why: printer.print_file: refused, nothing was sent:"
contains "$OUT" "G1/files/bad.gcode:27: nozzle 300 °C is above this printer's limit (260 °C)"
contains "$OUT" "G1/files/bad.gcode:28: moves X to 400.00, outside this printer's X axis"
contains "$OUT" "printed 21 commands"
grep -q "S300\|X400" "$TEST_TMP/printer.log" && fail "the refused file reached the printer"
grep -qxF "G1 X150 Y50 E5 F1200" "$TEST_TMP/printer.log" || fail "the good file did not print"
pass "print_file refuses a failing file before sending anything"
