#!/bin/bash
# The printer's reports as tables (settings, endstops, mesh, ambient), the
# stability wait, commands a trainer confirms and the guard exception,
# against the virtual printer and checked in what the printer ran.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/lib_lesson.sh"

printf '432198\n432198\n' | "$LAYERLAB" --db "$DB" trainer add T01 --name "Ana Kovač" --pin-stdin >/dev/null ||
	fail "cannot add the trainer"

start_sim --sim-speed 0 --log "$TEST_TMP/printer.log"
expect_rc 0 lesson T1/reports --port "$SIM_PORT" --profile virtual \
    --answers "$(answers 'long.hold = no' 'confirm.zoffset = T01 432198 pass' 'demo.cold = T01 432198 pass' \
    'demo.far = T01 432198 pass')"
for want in "settings: steps e=93.0 z_offset=-1.5 pid p=21.73 leveling=false line=M851 X-44.00 Y-5.00 Z-1.50" \
    "endstops before homing: x_min=false z_min=false" \
    "endstops at home: x_min=true y_min=true z_min=true" \
    "mesh before probing: nil (echo:Invalid mesh.)" \
    "mesh: 3x3 range" "ok=true" "mesh again: 3x3 first=" \
    "ambient: nil from nil" \
    "stable: held 2 s within 200.0..200.0" \
    "trainer_send: true by T01" "z_offset now: -1.62" \
    "plain send of M851 Z-3 refused: true" \
    "guard exception: sent true, firmware said cold extrusion prevented: true" \
    "a 50 mm extrusion under the exception went through: false" \
    "[result] T1.P by printer: passed" "=== completed ==="; do
	contains "$OUT" "$want"
done
for want in "M503" "M119" "M420 V" "G29" "M851 Z-1.62" "M500" "G1 E5 F100"; do
	grep -qxF "$want" "$TEST_TMP/printer.log" || fail "the printer never ran '$want'"
done
grep -q "M851 Z-3" "$TEST_TMP/printer.log" && fail "M851 without the trainer reached the printer"
grep -q "E50" "$TEST_TMP/printer.log" && fail "a long cold extrusion reached the printer"
pass "reports, trainer-confirmed commands and the exception on a real pty"

# A trainer's no sends nothing; on the built-in virtual printer the
# exception needs no trainer (its answer is never asked).
: >"$TEST_TMP/printer.log"
expect_rc 1 lesson T1/reports --port "$SIM_PORT" --profile virtual --restart \
    --answers "$(answers 'long.hold = no' 'confirm.zoffset = T01 432198 fail' 'demo.cold = T01 432198 fail' \
    'demo.far = T01 432198 fail')"
contains "$OUT" "trainer_send: false by T01, nil"
contains "$OUT" "z_offset now: -1.62"
contains "$OUT" "guard exception: sent false, firmware said cold extrusion prevented: false"
grep -q "M851 Z\|E5" "$TEST_TMP/printer.log" && fail "a refused command reached the printer"
expect_rc 0 lesson T1/reports --port virtual --sim-speed 0 --restart \
    --answers "$(answers 'long.hold = yes' 'confirm.zoffset = T01 432198 pass')"
# Read once a second, a hold of 60 s ends at the first reading 60 s after
# the first in range: at speed 0 the printer's time stands still, but the
# lesson's clock also counts the real time the readings take, so a loaded
# machine may end it at 60.5 s (61 when rounded) or one reading sooner.
grep -qE "stable: held 6[01] s within 200\.0\.\.200\.0 after 6[01] samples" <<<"$OUT" ||
	fail "a 60 s hold at 200 °C not reported: $OUT"
contains "$OUT" "guard exception: sent true, firmware said cold extrusion prevented: true"
contains "$OUT" "a 50 mm extrusion under the exception went through: false"
pass "a trainer's no, and the exception on the virtual printer"

# Prusa-Firmware: the mesh through G80/G81 and the ambient sensor A:.
start_sim --sim-speed 0 --firmware prusa --log "$TEST_TMP/prusa.log"
expect_rc 0 lesson T1/reports --port "$SIM_PORT" --profile virtual --restart \
    --answers "$(answers 'long.hold = no' 'confirm.zoffset = T01 432198 pass' 'demo.cold = T01 432198 pass' \
    'demo.far = T01 432198 pass')"
contains "$OUT" "mesh before probing: nil (Mesh bed leveling not active.)"
contains "$OUT" "mesh: 7x7 range"
contains "$OUT" "ambient: 25.0 from A"
grep -qxF "G80" "$TEST_TMP/prusa.log" || fail "no G80 on the Prusa printer"
grep -qxF "G81" "$TEST_TMP/prusa.log" || fail "no G81 on the Prusa printer"
pass "Prusa mesh and ambient"

# The lesson's clock keeps pace with the virtual printer's: 60 s of
# stability at --sim-speed 100 takes well under a minute.
start=$(date +%s)
expect_rc 0 lesson T1/reports --port virtual --sim-speed 100 --restart \
    --answers "$(answers 'long.hold = yes' 'confirm.zoffset = T01 432198 pass')"
contains "$OUT" "stable: held 6"
[ $(( $(date +%s) - start )) -lt 30 ] || fail "the scaled clock did not speed the wait up"
pass "lesson clock at the printer's speed"
