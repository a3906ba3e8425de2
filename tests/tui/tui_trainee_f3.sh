# F3 pressed by a trainee asks for a trainer and, after the PIN, opens the
# console the key names, not the trainer screen; F3 again goes back to the
# trainee's screen.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/tmux.sh"

ll learner add ana --name "Ana Novak" >/dev/null || fail "learner add"
printf '654321\n654321\n' | ll trainer add T01 --name "Marko Trener" --pin-stdin >/dev/null ||
	fail "trainer add"

tui_start 100 30 tui --port virtual --sim-speed 50
wait_for "● ready"
wait_for "Ana Novak"
keys Enter
wait_for "Micro-credential"
keys F3
wait_for "Your trainer id"
type_text T01
keys Enter
wait_for "Your PIN:"
type_text 654321
keys Enter
wait_for "G-code>"
lacks "$(screen)" "Group overview"
type_text "M114"
keys Enter
wait_for "< X:"
keys F3
wait_for "Micro-credential"
pass "F3 from a trainee opens the console after the trainer's PIN"

# F4 still leads to the trainer screen.
keys F4
wait_for "Group overview"
tui_quit
