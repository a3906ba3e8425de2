# The training screen with its database file locked by another process (a
# station writing for a long while): adding a learner waits for the lock
# off the screen's loop, which keeps serving the emergency stop meanwhile;
# other keys typed meanwhile wait for the answer; once the lock is gone the
# learner is added and the waiting keys act.
. "$LL_HARNESS/lib.sh"
. "$LL_SOURCE_DIR/tests/tui/tmux.sh"
ll learner add ana --name "Ana Novak" >/dev/null || fail "learner add"
printf '432198\n432198\n' | ll trainer add T01 --name "Marko Trener" --pin-stdin >/dev/null ||
	fail "trainer add"

tui_start 120 30 tui --port virtual --sim-speed 0
wait_for "Ana Novak"

# Another process holds the write lock until it is killed.
hold_write_lock "$TUI_DB"

keys a
wait_for "Type the learner's id."
type_text "bo.berg"
keys Enter
wait_for "Name as it should appear on the certificate:"
type_text "Bo Berg"
keys Enter
wait_for "Enter: no group."
keys Enter
wait_for "Waiting for the records…"
keys F12
wait_for "EMERGENCY STOP SENT"
# The write still waits: the screen says so again, nothing is stored yet.
wait_for "Waiting for the records…"
expect_rc 1 ll learner show bo.berg
pass "the emergency stop is served while a write waits for the locked database"
# Type-ahead while the records answer: the trainer closes the message and
# signs in at once (id, Enter, PIN, Enter, without waiting for a dialog).
# Every key waits for the answer and goes where it leads; none reaches the
# learner list below (the PIN's digits would pick a learner there).
keys Enter F4
type_text T01
keys Enter
type_text 432198
keys Enter
screen | grep -q "Your trainer id" && fail "the sign-in opened before the write ended"
kill "$LOCKER"
wait "$LOCKER" 2>/dev/null
wait_for "Group overview" 30
wait_for "Trainer: Marko Trener"
screen | grep -q "Modules · " && { screen >&2; fail "a learner was opened by type-ahead"; }
tui_quit
expect_rc 0 ll learner show bo.berg
pass "the learner is added once the lock is gone, and the keys typed meanwhile sign the trainer in"
