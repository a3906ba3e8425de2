# Lessons whose printer check reads a firmware's own report, against the
# virtual printer with Prusa-Firmware's serial behaviour: M4's Z offset is
# the active steel sheet's Live-Z, read and written with M850 (no M851,
# no M500); M6's filament change is answered on the printer's display. And
# M6's change on a firmware that reports no pause at all.
. "$LL_HARNESS/lib.sh"
ANSWERS="$LL_SOURCE_DIR/tests/content/prusa"

printf '246813\n246813\n' | "$LAYERLAB" --db "$TEST_TMP/records.db" trainer add T01 \
    --name "Test Trainer" --pin-stdin >/dev/null || fail "trainer add"
run() {
	"$LAYERLAB" --db "$TEST_TMP/records.db" --lang en lesson run "$@" --port "$SIM_PORT" \
	    --profile virtual --restart
}

start_sim --sim-speed 0 --firmware prusa --log "$TEST_TMP/prusa.log"
expect_rc 0 run M4/z-offset --answers "$ANSWERS/z-offset.pass"
contains "$OUT" "Sheet 0 Z-0.7000 R-280 LSmooth1 B60 P35 A1"
contains "$OUT" "Live-Z of the steel sheet in use"
contains "$OUT" "Sheet 0 Z-0.8000 R-320 LSmooth1 B60 P35 A1"
contains "$OUT" "read back from the printer's memory with M850, is the new value"
contains "$OUT" "[result] M4.LO4 by printer: passed"
grep -qxF "M850 Z-0.800" "$TEST_TMP/prusa.log" || fail "the Live-Z was never written"
grep -q "M851\|M500\|M501" "$TEST_TMP/prusa.log" && fail "Marlin's Z offset commands reached Prusa-Firmware"
pass "M4 Z offset as the sheet's Live-Z: set with the trainer's yes and read back"

: >"$TEST_TMP/prusa.log"
expect_rc 1 run M4/z-offset --answers "$ANSWERS/z-offset.fail"
contains "$ERR" "completed, not passed: M4.LO4"
contains "$OUT" "is not the new value: it was not saved"
grep -q "M850 Z" "$TEST_TMP/prusa.log" && fail "a Live-Z was written without the trainer's yes"
pass "M4 Z offset without the trainer's yes: M850 still reads the old value"
stop_sim

# M6's filament change on Prusa-Firmware, which asks everything on its own
# display and sends no host prompt: the lesson follows the busy line and the
# trainee's report, the virtual printer's user presses the knob.
start_sim --sim-speed 0 --firmware prusa --knob-after 2000 --log "$TEST_TMP/prusa-m600.log"
expect_rc 0 run M6/change-and-cancel --answers "$ANSWERS/change-and-cancel.pass"
contains "$OUT" "This printer asks its questions on its own display"
contains "$OUT" "echo:busy: paused for user"
contains "$OUT" "[result] M6.LO3 by printer: passed"
contains "$OUT" "[result] M6.LO4 by printer: passed"
lacks "$OUT" "action:prompt"
grep -qxF "M600" "$TEST_TMP/prusa-m600.log" || fail "the M600 never ran"
grep -q "^M876\|^M108" "$TEST_TMP/prusa-m600.log" && fail "host answers reached Prusa-Firmware"
pass "M6 filament change on Prusa-Firmware: answered on the printer's display"

expect_rc 1 run M6/change-and-cancel --answers "$ANSWERS/change-and-cancel.fail"
contains "$OUT" "The colour is still not clean after three purges"
contains "$OUT" "[result] M6.LO3 by printer: not passed"
pass "M6 filament change on Prusa-Firmware: a colour that never comes clean is not passed"
stop_sim

# RepRapFirmware reports neither host prompts nor "busy: paused for user":
# nothing on the printer shows the change, so the trainer signs LO3 off
# (the virtual printer's user ends its wait with the knob).
# Klipper has no M600 of its own ("Unknown command", the print goes on)
# and no keepalive: nothing to see on the printer.
start_sim --sim-speed 0 --firmware klipper --log "$TEST_TMP/klipper.log"
expect_rc 0 run M6/change-and-cancel --answers "$ANSWERS/change-and-cancel.nopause.pass"
contains "$OUT" "The printer did not report a pause for the change"
contains "$OUT" "[result] M6.LO3 by trainer: passed"
grep -qx "M600" "$TEST_TMP/klipper.log" || fail "the tube with its M600 was not printed"
pass "M6 filament change on a firmware that reports no pause: the trainer judges"
stop_sim

# RepRapFirmware refuses M600 from the host: the change is printed from the
# printer's own card, and nothing of it from here.
start_sim --sim-speed 0 --firmware rrf --log "$TEST_TMP/rrf.log"
expect_rc 0 run M6/change-and-cancel --answers "$ANSWERS/change-and-cancel.nopause.pass"
contains "$OUT" "changes the filament only in a print from its own SD card"
contains "$OUT" "[result] M6.LO3 by trainer: passed"
lacks "$OUT" "printing files/tube-colour-change.gcode"
grep -qx "M600" "$TEST_TMP/rrf.log" && fail "M600 was sent to RepRapFirmware"
pass "M6 filament change on RepRapFirmware: from its own card, the trainer judges"
stop_sim
