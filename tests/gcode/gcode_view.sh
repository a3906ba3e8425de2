#!/bin/bash
# layerlab gcode view: a small file's layers against the expected drawings
# (checked by hand: 10 mm a column on the virtual printer's 220 mm bed, the
# square from 50 to 150 mm, travel from home shown as '·').
. "$LL_HARNESS/lib.sh"
LL=$LAYERLAB
F=$LL_TEST_DATA/square_2layers.gcode
E=$(dirname "$0")/expected

expect_rc 0 "$LL" gcode view --profile virtual --width 22 "$F"
[ "$(printf '%s\n' "$OUT" | head -n1)" = "$F: layer 1 of 2, Z 0.20 mm (0.20 mm high), line 10" ] ||
	fail "header: $OUT"
diff <(printf '%s\n' "$OUT" | tail -n +2) "$E/square_layer1_braille.txt" ||
	fail "layer 1 differs"
pass "layer 1 in Braille"

expect_rc 0 "$LL" gcode view --profile virtual --width 22 --layer -1 --blocks "$F"
diff <(printf '%s\n' "$OUT" | tail -n +2) "$E/square_layer2_blocks.txt" ||
	fail "layer 2 differs"
pass "the last layer in half blocks"

expect_rc 0 "$LL" gcode view --profile virtual --width 22 --layer 2 --no-travel "$F"
lacks "$OUT" "·"
pass "travel can be left out"

# A real file: every layer can be drawn, the bed frames it.
expect_rc 0 "$LL" gcode view --profile prusa-mk3s --layer 50 "$LL_TEST_DATA/cube20_mk3s_0.20mm.gcode"
contains "$OUT" "layer 50 of 100, Z 10.00 mm"
contains "$OUT" "┌────"
expect_rc 1 "$LL" gcode view --layer 101 "$LL_TEST_DATA/cube20_mk3s_0.20mm.gcode"
contains "$ERR" "no layer 101 (the file has 100)"
expect_rc 2 "$LL" gcode view --layer x "$F"
contains "$ERR" "view: --layer: 'x' is not a layer number"
expect_rc 2 "$LL" gcode view --width 2 "$F"
contains "$ERR" "view: --width: '2' is not a width (8 to 400 columns)"
pass "real file and errors"
