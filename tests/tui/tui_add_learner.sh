# Adding a learner on the sign-in screen: each field is checked as it is
# typed and keeps what was typed; groups come from the records (3A finds
# 3a, an unknown group is refused and nothing is created); an empty name
# does not close the dialog.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/tmux.sh"

ll group add 3a --name "3.A mechatronics" >/dev/null || fail "group add"
ll learner add ana.novak --name "Ana Novak" --group 3a >/dev/null || fail "learner add"

tui_start 100 30 tui --port virtual --sim-speed 50
wait_for "Ana Novak"
keys a
wait_for "New learner"
wait_for "Type the learner's id."
type_text "marko horvat"
wait_for "An id has no spaces: use a dot (ana.novak)."
keys Enter
# Enter is refused, the input stays.
wait_for "An id has no spaces"
wait_for "marko horvat"
keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace
wait_for "Enter: next, the name."
for _ in 1 2 3 4 5; do keys BSpace; done
wait_for "Type the learner's id."
type_text "ana.novak"
wait_for "This id is taken by Ana Novak."
for _ in 1 2 3 4 5 6 7 8 9; do keys BSpace; done
type_text "marko.horvat"
wait_for "Enter: next, the name."
keys Enter
wait_for "Name as it should appear on the certificate:"
keys Enter
wait_for "New learner"
wait_for "Type the name as it should appear on the certificate."
type_text "Marko Horvat"
keys Enter
wait_for "Groups: 3a (3.A mechatronics)"
wait_for "Enter: no group."
type_text "3b"
wait_for "There is no group '3b'"
keys Enter
wait_for "There is no group '3b'"
keys BSpace BSpace
type_text "3A"
wait_for "Group 3a: 3.A mechatronics"
keys Enter
wait_gone "New learner"
wait_for "Marko Horvat  (marko.horvat)"
pass "checked as typed, input kept, an existing group found"
tui_quit

expect_rc 0 ll group list
lacks "$OUT" "3A"
lacks "$OUT" "3b"
expect_rc 0 ll learner list
contains "$OUT" "marko.horvat"
grep -qE "^marko\.horvat +Marko Horvat +3a " <<<"$OUT" || fail "marko.horvat is not in 3a: $OUT"
pass "no group made by a typing slip"
