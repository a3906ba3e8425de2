# Every wait of a lesson says what it waits for, shows the live values and
# counts the seconds: heating to a target, cooling below a limit, a pause.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/tmux.sh"

ll learner add ana --name "Ana Novak" >/dev/null || fail "learner add"

# banner_field PATTERN: the last number the banner shows before PATTERN.
banner_seconds() { screen | grep '⏳' | sed -n 's/.* · \([0-9]*\) s · virtual printer ×8$/\1/p' | head -1; }
banner_now() { screen | grep '⏳' | sed -n 's/.*: \([0-9.]*\) °C now.*/\1/p' | head -1; }
counted_past() { local s; s=$(banner_seconds); [ -n "$s" ] && [ "$s" -ge "$1" ]; }
value_changed() { local v; v=$(banner_now); [ -n "$v" ] && [ "$v" != "$1" ]; }

tui_start 100 30 --modules "$(dirname "$0")/modules" tui --port virtual --sim-speed 8
open_test_module
wait_for "3. Waiting for the printer"
keys Down Down Enter
wait_for "⏳ Heating · Nozzle to 100 °C:"
first=$(banner_now)
poll value_changed "$first" || { screen >&2; fail "the nozzle's reading did not change on the banner"; }
poll counted_past 2 || { screen >&2; fail "the heating banner did not count"; }
pass "heating: goal, live reading, count"

wait_for "⏳ Cooling down · Nozzle below 85 °C:" 60
first=$(banner_now)
poll value_changed "$first" || { screen >&2; fail "the cooling reading did not change"; }
poll counted_past 2 || { screen >&2; fail "the cooling banner did not count"; }
pass "cooling: goal, live reading, count"

# The lesson's clock is the virtual printer's (--sim-speed 8): its 40 s
# pause counts in those seconds, and the banner says they run faster.
sleep_seconds() { screen | grep '⏳' | sed -n 's/.* \([0-9]*\) s of 40 s · virtual printer ×8$/\1/p' | head -1; }
slept_past() { local s; s=$(sleep_seconds); [ -n "$s" ] && [ "$s" -ge "$1" ]; }
wait_for "⏳ Waiting" 60
wait_for "s of 40 s · virtual printer ×8"
poll slept_past 16 || { screen >&2; fail "the pause did not count in the printer's seconds"; }
wait_for "Nozzle"
wait_for "All waits are over." 20
wait_gone "⏳"
pass "a pause counts toward its length, in the virtual printer's seconds"
tui_quit
