# The trainer overview shows the signed-in learner's group, starting at that
# learner, with whole names; the Faults tab's key bar holds its own keys,
# whole at 80 columns.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/tmux.sh"

ll group add 3a --name "3.A mechatronics" >/dev/null || fail "group add"
ll group add 3b --name "3.B mechatronics" >/dev/null || fail "group add"
ll learner add ana --name "Ana Novak" --group 3a >/dev/null || fail "learner add"
ll learner add jovana --name "Jovana Petrović-Marković" --group 3a >/dev/null || fail "learner add"
ll learner add marko --name "Marko Horvat" --group 3a >/dev/null || fail "learner add"
ll learner add zoran --name "Zoran Other" --group 3b >/dev/null || fail "learner add"
printf '135790\n135790\n' | ll trainer add T01 --name "Marija Kovač" --pin-stdin >/dev/null ||
	fail "trainer add"

tui_start 120 30 tui --port virtual --sim-speed 50
wait_for "Marko Horvat"
wait_for "● ready"
keys Down Down Enter
wait_for "Modules · Marko Horvat"
keys F4
wait_for "Your trainer id"
type_text T01
keys Enter
wait_for "Your PIN:"
type_text 135790
keys Enter
wait_for "Group overview: 3a"
wait_for "Jovana Petrović-Marković"
lacks "$(screen)" "Zoran Other"
# c issues to the selected learner: the one signed in.
keys c
wait_for ": Marko Horvat"
keys Escape
wait_gone ": Marko Horvat"
pass "the overview starts at the signed-in learner, in their group, names whole"

resize 80 24
keys Tab
wait_for "[Faults]"
wait_for "Enter play fault"
lacks "$(screen | tail -1)" "sign off"
lacks "$(screen | tail -1)" "issue credential"
keys Tab
wait_for "[Group overview: 3a]"
wait_for "s sign off"
lacks "$(screen | tail -1)" "play fault"
pass "each tab's own keys in the key bar at 80 columns"
tui_quit
