# A trainee signs in, opens a module, answers wrong then right, confirms a
# practical step that homes and heats the virtual printer, and a trainer
# signs off with a wrong PIN first, then the right one.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/tmux.sh"

ll group add G1 --name "Skupina 1" >/dev/null || fail "group add"
ll learner add ana --name "Ana Novak" --group G1 >/dev/null || fail "learner add"
printf '123456\n123456\n' | ll trainer add T01 --name "Marko Trener" --pin-stdin >/dev/null ||
	fail "trainer add"

tui_start 100 30 --modules "$(dirname "$0")/modules" tui --port virtual --sim-speed 50
wait_for "Who is at this station"
# The shipped modules come first; the test module after them.
open_test_module
wait_for "1. Screen tour"
keys Enter
wait_for "Never touch the nozzle."
wait_for "Continue (Enter)"
keys Enter
wait_for "Which part is hottest?"
wait_for "try 1/2"
keys 1 Enter
wait_for "The bed is cooler."
wait_for "try 2/2"
keys 2 Enter
wait_for "Right."
wait_for "T9.Q: recorded as achieved"

# Multiple choice: tick 1 and 3.
wait_for "Which of these protect you from fumes?"
wait_for "[ ] 1) Enclosure with a filter"
keys 1 3
wait_for "[x] 3) Room ventilation"
keys Enter
wait_for "Right."
# Numeric, with its unit.
wait_for "Below which temperature is a part safe to touch?"
wait_for "°C"
type_text 45
keys Enter
# Ordering: pick the first item up and move it down one place.
wait_for "Put the start-up in order"
first=$(screen | sed -n 's/^ *\(⇕ \)\{0,1\}1) //p' | head -1)
second=$(screen | sed -n 's/^ *2) //p' | head -1)
[ -n "$first" ] && [ -n "$second" ] || { screen >&2; fail "ordering items not shown"; }
keys Space Down Space
wait_for "1) $second"
wait_for "2) $first"
keys Enter
# True/false: the wrong answer.
wait_for "You may leave the first layer unattended."
keys 1 Enter
wait_for "Answers right:"
screen | grep -q "Not right." || fail "no feedback for the wrong true/false answer"
keys Enter
wait_for "Is the bed clear?"
keys y Enter
# The banner names the wait while the printer works, then the check lands.
wait_for "T9.P: recorded as achieved" 30
screen | grep -q "X0.0 Y0.0 Z0.00 home XYZ" || {
	screen >&2; fail "position and homed axes not shown after homing"; }
wait_for "Trainer sign-off: T9.T"
wait_for "Marko Trener (T01)"
keys Enter
wait_for "PIN for Marko Trener"
type_text 999999
keys Enter
wait_for "Your judgement:"
keys Enter
wait_for "wrong PIN"
type_text 123456
keys Enter
wait_for "Your judgement:"
keys Enter
# The panic drill: the panic key halts the printer, the lesson goes on and
# sees it halted.
wait_for "Press the panic key now"
keys F12
wait_for "EMERGENCY STOP SENT"
keys Enter
wait_for "● HALTED"
wait_for "Press the panic key now"
keys y Enter
wait_for "T9.S: recorded as achieved"
wait_for "Lesson completed" 15
keys Enter
wait_for "Micro-credential"
tui_quit

expect_rc 0 ll progress --learner ana --json
contains "$OUT" "T9.Q"
contains "$OUT" "T9.P"
contains "$OUT" "T9.T"
contains "$OUT" "T9.S"
expect_rc 0 ll records verify
pass tui_lesson
