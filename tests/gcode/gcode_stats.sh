#!/bin/bash
# layerlab gcode stats as a user runs it: real slicer files (PrusaSlicer and
# Cura), the estimate against each slicer's own figure, JSON, bad input.
. "$LL_HARNESS/lib.sh"
LL=$LAYERLAB

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(d$1)"; }

# Every real file's estimate within 5 % of the slicer's figure.
for f in tab_ender3_0.20mm cube20_mk3s_0.20mm sphere_ender3_cura_0.20mm; do
	expect_rc 0 "$LL" gcode stats --json "$LL_TEST_DATA/$f.gcode"
	# One interpreter per file: the slicer's figure is there, the
	# estimate within 5 % of it.
	err=$(echo "$OUT" | python3 -c 'import json, sys
d = json.load(sys.stdin)
int(d["slicer_time_s"])
print(d["estimate_error_percent"])
sys.exit(0 if abs(d["estimate_error_percent"]) <= 5 else 1)') ||
		fail "$f: estimate off by $err %: $OUT"
done
pass "estimates within 5 % of PrusaSlicer's and Cura's figures"

expect_rc 0 "$LL" gcode stats --json "$LL_TEST_DATA/cube20_mk3s_0.20mm.gcode"
{ read -r layers; read -r slicer_time; read -r slicer; read -r bed; } < <(echo "$OUT" |
    json "['layers'], d['slicer_time_s'], d['slicer'], d['bed_temps_c'], sep='\n'")
[ "$layers" = 100 ] || fail "cube layers: $OUT"
[ "$slicer_time" = 1822 ] || fail "slicer time"
[ "$slicer" = "PrusaSlicer 2.5.0" ] || fail "slicer"
[ "$bed" = "[60]" ] || fail "bed: $OUT"
pass "JSON figures of the cube"

expect_rc 0 "$LL" gcode stats "$LL_TEST_DATA/sphere_ender3_cura_0.20mm.gcode"
contains "$OUT" "Cura_SteamEngine 4.13.0"
contains "$OUT" "layers           145"
contains "$OUT" "slicer's figure  20m 58s (;TIME:)"
pass "text output of the Cura sphere"

expect_rc 1 "$LL" gcode stats "$TEST_TMP/missing.gcode"
contains "$ERR" "layerlab: gcode: $TEST_TMP/missing.gcode: No such file"
printf 'G28\n\0\n' >"$TEST_TMP/nul.gcode"
expect_rc 1 "$LL" gcode stats "$TEST_TMP/nul.gcode"
contains "$ERR" "nul.gcode:2: a NUL byte"
expect_rc 2 "$LL" gcode stats
contains "$ERR" "layerlab: gcode: stats: which file?"
expect_rc 2 "$LL" gcode check a.gcode b.gcode --profile prusa-mk3s
contains "$ERR" "layerlab: gcode: check: one file at a time"
expect_rc 2 "$LL" gcode view --bogus a.gcode
contains "$ERR" "layerlab: gcode: view: unknown option '--bogus'"
expect_rc 2 "$LL" gcode stats --layer 3 a.gcode
contains "$ERR" "unknown option '--layer'"
expect_rc 0 "$LL" gcode check --help
contains "$OUT" "usage: layerlab gcode stats FILE"
expect_rc 2 "$LL" gcode frobnicate
expect_rc 1 "$LL" gcode stats --profile no-such "$LL_TEST_DATA/tab_ender3_0.20mm.gcode"
pass "errors name the file and line"

# A profile's motion settings and nozzle reach the estimate and the check.
mkdir -p "$TEST_TMP/printers" "$XDG_CONFIG_HOME/layerlab"
{ sed '$d' "$LL_SOURCE_DIR/printers/virtual.lua"
  cat <<'LUA'
  nozzle_diameter = 0.6,
  heat_rate = { nozzle = 4, bed = 1 },
  motion = {
    max_feedrate = { x = 100, y = 100, z = 5, e = 25 },
    max_accel = { x = 200, y = 200, z = 50, e = 1000 },
    accel = 200, jerk = { x = 5, y = 5, z = 0.3, e = 5 },
  },
}
LUA
} >"$TEST_TMP/printers/slow.lua"
printf 'printers = %s\n' "$TEST_TMP/printers" >"$XDG_CONFIG_HOME/layerlab/layerlab.conf"
expect_rc 0 "$LL" gcode stats --json --profile slow "$LL_TEST_DATA/sphere_ender3_cura_0.20mm.gcode"
[ "$(echo "$OUT" | json "['limits_from']")" = profile ] || fail "limits: $OUT"
slow=$(echo "$OUT" | json "['estimated_time_s']")
python3 -c "import sys; sys.exit(0 if $slow > 1258 * 1.2 else 1)" ||
	fail "a slow printer's estimate is not longer: $slow"
expect_rc 1 "$LL" gcode check --profile slow "$LL_TEST_DATA/tab_ender3_0.20mm.gcode"
contains "$OUT" "tab_ender3_0.20mm.gcode:911: sliced for a 0.40 mm nozzle, this printer has 0.60 mm"
pass "the profile's motion settings, heat rates and nozzle"
