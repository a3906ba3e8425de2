# M6 accepts the trainee's own file printed from the print screen (F6) as
# the print it watches (M6.LO2): the file is printed on the training screen
# (tmux), then the lesson reads its evidence back with own_print and checks
# the file; without such a print the outcome is not passed. A print of
# the file cancelled on that screen is the cancel M6.LO4 judges.
. "$LL_HARNESS/lib.sh"
. "$LL_SOURCE_DIR/tests/tui/tmux.sh"
ANSWERS="$LL_SOURCE_DIR/tests/lessons"

dir="$TEST_TMP/station"
mkdir -p "$dir" "$XDG_CONFIG_HOME/layerlab"
cp "$ANSWERS/M5/station/tab_pla_ender3.gcode" "$dir/"
printf 'gcode_dir = %s\n' "$dir" >"$XDG_CONFIG_HOME/layerlab/layerlab.conf"
ll learner add ana --name "Ana Novak" >/dev/null || fail "learner add"
printf '246813\n246813\n' | ll trainer add T01 --name "Test Trainer" --pin-stdin >/dev/null ||
	fail "trainer add"

# Before any print of their own: not passed, and the lesson says why.
expect_rc 1 ll --lang en lesson run M6/watch-print --learner ana \
    --answers "$ANSWERS/M6/watch-print.own.pass" --port virtual --sim-speed 0
contains "$OUT" "No print of your own file has ended in the last hour."
contains "$OUT" "[result] M6.LO2 by printer: not passed"
pass "no own print: M6.LO2 not passed"

# print_on_screen ARGS...: ana prints the file with F6 on a training
# screen started with ARGS; the lesson then starts in a later second
# (results are to the second).
print_on_screen() {
	tui_start 110 34 tui "$@"
	wait_for "Ana Novak"
	keys Enter
	wait_for "Micro-credential"
	keys F6
	wait_for "tab_pla_ender3.gcode"
	keys Enter
	wait_for "p prints it, under the guard"
	keys p
	wait_for "done · 100.0 %" 120
	tui_quit
	ended=$(date +%s)
	poll later_second || fail "the clock stands still"
}
later_second() { [ "$(date +%s)" -gt "$ended" ]; }

print_on_screen --port virtual --sim-speed 50
expect_rc 0 ll --lang en lesson run M6/watch-print --learner ana \
    --answers "$ANSWERS/M6/watch-print.own.pass" --port virtual --sim-speed 0
digest=$(sha256sum "$dir/tab_pla_ender3.gcode" | cut -d' ' -f1)
contains "$OUT" "tab_pla_ender3.gcode  sha256 $digest"
contains "$OUT" "done, layer 5/5"
contains "$OUT" "[result] M6.LO2 by printer: passed"
contains "$OUT" "=== completed ==="
pass "the own file printed with F6 passes M6.LO2"

# The fail side: the same file printed while the nozzle swings 3 °C around
# its target (the virtual printer's temp-swing fault: inside Marlin's
# TEMP_HYSTERESIS, so the heat-up still ends): the evidence shows how far it
# strayed in layers 1-2, both ways, and M6.LO2 is not passed although the
# print ended and the trainee judged the layers good.
start_sim --sim-speed 50 --fault temp-swing:3
print_on_screen --port "$SIM_PORT" --profile virtual
stop_sim
expect_rc 1 ll --lang en lesson run M6/watch-print --learner ana \
    --answers "$ANSWERS/M6/watch-print.own.pass" --port virtual --sim-speed 0
row=$(printf '%s\n' "$OUT" | grep -E '^ *\| Nozzle ' | tail -n1)
under=$(printf '%s\n' "$row" | sed -n 's/.*| *\([0-9.]*\) \/ \([0-9.]*\) *| *$/\1/p')
over=$(printf '%s\n' "$row" | sed -n 's/.*| *\([0-9.]*\) \/ \([0-9.]*\) *| *$/\2/p')
[ -n "$under" ] && [ -n "$over" ] || fail "no under/over figures for the nozzle: $OUT"
awk -v u="$under" -v o="$over" 'BEGIN { exit !(u > 2 && o > 2 && u <= 3.5 && o <= 3.5) }' ||
	fail "the swing was not seen both ways in layers 1-2: under $under, over $over"
contains "$OUT" "[result] M6.LO2 by printer: not passed"
pass "a nozzle that strays 3 °C in layers 1-2 fails M6.LO2, both ways seen"

# M6.LO4 on the trainee's own print. The latest own print ended: nothing
# cancelled to judge, not passed.
expect_rc 1 ll --lang en lesson run M6/change-and-cancel --learner ana \
    --answers "$ANSWERS/M6/change-and-cancel.own.pass" --port virtual --sim-speed 0
contains "$OUT" "No print of your own file was cancelled in the last hour."
contains "$OUT" "[result] M6.LO4 by printer: not passed"
pass "no cancelled own print: M6.LO4 not passed"

# The file with an M0 after the first layer (a stop to inspect it, with a
# message, as Marlin reads one): the printer waits for the user, the
# trainee judges the layer failed and cancels with c. The cancel first
# ends the printer's wait (M108; without it the cancel sequence waited
# behind the M0 with the heaters on), then the profile's sequence runs;
# the commands sent are the print's evidence, and the lesson judges them.
awk 'NR == 201 { print "M0 Check the first layer" } { print }' "$dir/tab_pla_ender3.gcode" \
	>"$dir/tab_pla_ender3_m0.gcode"
sed -n 201p "$dir/tab_pla_ender3_m0.gcode" | grep -qx 'M0 Check the first layer' ||
	fail "fixture: no M0 at line 201"
tui_start 110 34 tui --port virtual --sim-speed 50
wait_for "Ana Novak"
keys Enter
wait_for "Micro-credential"
keys F6
wait_for "tab_pla_ender3_m0.gcode"
keys Down Enter
wait_for "Checked: fits this printer."
keys p
wait_for "The printer waits for you: Check the first layer"
keys Escape
wait_for "a asks the printer's question again."
keys c
wait_for "cancelled · "
on_screen "Layer 1/5" || fail "the print did not stop in layer 1: $(screen)"
tui_quit
ended=$(date +%s)
poll later_second || fail "the clock stands still"
expect_rc 0 ll --lang en lesson run M6/change-and-cancel --learner ana \
    --answers "$ANSWERS/M6/change-and-cancel.own.pass" --port virtual --sim-speed 0
contains "$OUT" "tab_pla_ender3_m0.gcode  sha256 $(sha256sum "$dir/tab_pla_ender3_m0.gcode" | cut -d' ' -f1)"
contains "$OUT" "cancelled, layer 1/5"
contains "$OUT" "  M108
  M104 S0
  M140 S0
  M107
  G91"
contains "$OUT" "[result] M6.LO4 by printer: passed"
contains "$OUT" "=== completed ==="
pass "an own print cancelled with c while the printer waited for the user passes M6.LO4"
