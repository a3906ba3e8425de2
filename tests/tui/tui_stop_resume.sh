# A lesson stopped by the panic key: the trainee reads, in their language,
# what happened and what to do (no file, line or traceback); the printer
# lesson does not open while the printer is halted; after the trainer's
# reset it goes on from the step reached.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/tmux.sh"

ll learner add ana --name "Ana Novak" >/dev/null || fail "learner add"
printf '246810\n246810\n' | ll trainer add T01 --name "Marko Trener" --pin-stdin >/dev/null ||
	fail "trainer add"

open_stop_lesson() {
	wait_for "4. Stop and go on"
	keys Down Down Down Enter
}

tui_start 100 30 --modules "$(dirname "$0")/modules" tui --port virtual --sim-speed 4
open_test_module
open_stop_lesson
wait_for "Nothing moves yet."
keys Enter
wait_for "step 2/2: Moves"
wait_for "⏳ The printer is working"
keys F12
wait_for "EMERGENCY STOP SENT"
keys Enter
wait_for "● HALTED"
wait_for "ask your trainer to reset the printer" 20
for tech in "stop.lua" "traceback" "refused" "in function"; do
	if screen | grep -qF "$tech"; then screen >&2; fail "the trainee sees '$tech'"; fi
done
pass "the trainee reads what happened and what to do"

keys Enter
wait_for "Micro-credential"
# The selection stayed on the lesson.
keys Enter
wait_for "The lesson cannot start"
wait_for "The printer is stopped: ask your trainer to reset it"
lacks "$(screen)" "Nothing moves yet."
keys Enter
wait_gone "The lesson cannot start"
pass "a printer lesson does not open on a halted printer"

# The trainer resets the printer; the console kept the detail.
keys F4
wait_for "Your trainer id"
type_text T01
keys Enter
wait_for "Your PIN:"
type_text 246810
keys Enter
wait_for "Group overview"
keys F3
wait_for "G-code>"
wait_for "stop.lua"
keys F2
wait_for "r: reset the printer"
keys r
wait_for "[1 Reset the printer]"
keys 1
wait_for "● ready" 30
keys Escape
wait_for "Micro-credential"
wait_for "4. Stop and go on"
keys Enter
wait_for "stopped at step 2"
keys 1
wait_for "step 2/2: Moves"
lacks "$(screen)" "Nothing moves yet."
wait_for "All moves done." 60
pass "after the reset the lesson goes on at step 2"
tui_quit
