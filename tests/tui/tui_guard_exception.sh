#!/bin/bash
# A lesson's cold-extrusion guard exception on the training screen with the
# virtual printer: no trainer is asked (the virtual printer is what the
# exception is for), the extrusion reaches the cold nozzle and the
# firmware's own protection answers.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/tmux.sh"

ll learner add ana --name "Ana Novak" >/dev/null || fail "learner add"
tui_start 100 30 --modules "$(dirname "$0")/modules" tui --port virtual --sim-speed 50
open_test_module
wait_for "5. The firmware's cold-extrusion"
keys Down Down Down Down Enter
wait_for "Sent without a trainer; the firmware refused." 60
for asked in "trainer id" "PIN"; do
	if screen | grep -qF "$asked"; then screen >&2; fail "a trainer was asked on the virtual printer"; fi
done
pass "the guard exception runs at once on the virtual printer"
tui_quit
