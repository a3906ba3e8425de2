# A trainer records an occasion seen on the training screen (observe): the
# dialog says it is an observation and asks "seen" or "not this time", not
# a verdict on the outcome; each occasion is its own record, read back by
# the lesson (observations) and listed in the trainer overview's sign-off,
# and none of them achieves the outcome.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/tmux.sh"

ll learner add ana --name "Ana Novak" >/dev/null || fail "learner add"
printf '123456\n123456\n' | ll trainer add T01 --name "Marko Trener" --pin-stdin >/dev/null ||
	fail "trainer add"

tui_start 100 30 --modules "$(dirname "$0")/modules" tui --port virtual --sim-speed 50
wait_for "Who is at this station"
open_test_module
wait_for "6. An occasion seen"

# observe_once KEYS...: one run of the lesson (the last in the list: five
# Downs reach it from wherever the list stands), the trainer answering with
# KEYS (Enter: the first button, Right Enter: the second).
observe_once() {
	keys Down Down Down Down Down Enter
	wait_for "Trainer observation: T9.T"
	wait_for "Did the trainee keep the rules at this printer?"
	wait_for "Marko Trener (T01)"
	keys Enter
	wait_for "PIN for Marko Trener"
	type_text 123456
	keys Enter
	wait_for "[▶ Seen]   [Not this time]"
	screen | grep -q "Competent" && { screen >&2; fail "an observation offered a verdict"; }
	keys "$@"
}

observe_once Enter
wait_for "T9.T: observation recorded: seen (observation)"
wait_for "Occasions recorded: 1, seen: 1, the last in T9/observe by T01."
wait_for "Continue (Enter)"
keys Enter
wait_for "Lesson completed" 15
keys Enter
wait_for "6. An occasion seen"
observe_once Right Enter
wait_for "T9.T: observation recorded: not seen this time (observation)"
wait_for "Occasions recorded: 2, seen: 1, the last in T9/observe by T01."
wait_for "Continue (Enter)"
keys Enter
wait_for "Lesson completed" 15
keys Enter
wait_for "6. An occasion seen"

# A sign-off from the trainer's overview shows the occasions recorded.
keys F4
wait_for "Your trainer id"
type_text T01
keys Enter
wait_for "Your PIN:"
type_text 123456
keys Enter
wait_for "Group overview"
# Right, one column at a time, each move seen before the next, up to the
# test module's trainer outcome (after every shipped module's).
wait_for " M1.LO1 ("
column() { screen | grep -o '^ [A-Z][A-Za-z0-9]*\.[A-Z0-9]* ([a-z]*):' | head -1; }
for _i in $(seq 100); do
	now=$(column)
	[ "$now" = " T9.T (trainer):" ] && break
	keys Right
	wait_gone "$now"
done
wait_for "T9.T (trainer):"
keys s
wait_for "Note (what you observed):"
wait_for "Occasions trainers observed: 1 seen, 1 not seen this time"
[ "$(screen | grep -c "T9/observe · T01 · ")" -eq 2 ] || { screen >&2; fail "the two occasions not listed"; }
screen | grep -q "T9/observe · T01 · Not this time" || { screen >&2; fail "the occasion not seen not listed"; }
keys Escape
wait_gone "Note (what you observed):"
tui_quit

# Two observation records, each with its trainer; the outcome is not
# achieved by them.
expect_rc 0 ll records export --format csv --out -
[ "$(printf '%s\n' "$OUT" | grep -c ',T9.T,observation,')" -eq 2 ] || {
	printf '%s\n' "$OUT" >&2; fail "not two observation records"; }
expect_rc 0 ll progress --learner ana --json
lacks "$OUT" "T9.T"
expect_rc 0 ll records verify
pass tui_observe
