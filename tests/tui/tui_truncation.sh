# Using the width there is: long lesson and module titles wrap in the
# catalogue at 80 columns, and a long sign-off note is shown whole while it
# is typed.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/tmux.sh"

mkdir -p "$TEST_TMP/mods"
cp -r "$(dirname "$0")/modules/T9" "$TEST_TMP/mods/"
# A lesson title far longer than the list's column.
sed -i 's/title = { en = "Waiting for the printer", sl = "Čakanje na tiskalnik" }/title = { en = "Waiting for the printer while it heats, cools down below the safe limit and pauses", sl = "Čakanje na tiskalnik" }/' \
	"$TEST_TMP/mods/T9/waits.lua"
grep -q "cools down below the safe limit" "$TEST_TMP/mods/T9/waits.lua" || fail "fixture not changed"

ll group add 3a >/dev/null || fail "group add"
ll learner add ana --name "Ana Novak" --group 3a >/dev/null || fail "learner add"
printf '975310\n975310\n' | ll trainer add T01 --name "Marija Kovač" --pin-stdin >/dev/null ||
	fail "trainer add"

tui_start 80 24 --modules "$TEST_TMP/mods" tui --port virtual --sim-speed 50
wait_for "Ana Novak"
keys Enter
wait_for "Micro-credential"
past_shipped_modules
wait_for "Screen test module"
keys Enter
wait_for "3. Waiting for the printer"
for word in "heats," "cools" "safe" "pauses"; do
	wait_for "$word"
done
lacks "$(screen)" "…"
pass "a long lesson title wraps in the list"

keys F4
wait_for "Your trainer id"
type_text T01
keys Enter
wait_for "Your PIN:"
type_text 975310
keys Enter
wait_for "Group overview: 3a"
# T9.T is the third outcome after the shipped ones: find it by moving right
# until the description names it.
described() { screen | grep -E '^ [A-Z0-9]+\.[A-Z0-9.]+ \(' | head -1; }
desc_not() { [ "$(described)" != "$1" ]; }
for _ in $(seq 80); do
	screen | grep -q "^ T9.T (trainer)" && break
	before=$(described)
	keys Right
	poll desc_not "$before" || break
done
wait_for "T9.T (trainer)"
keys s
wait_for "Note"
note="Checked the bed was clear before homing, kept hands away from the hot end during the heat-up and cleaned the nozzle only after it read below 45 degrees."
type_text "$note"
wait_for "before homing"
wait_for "kept hands"
wait_for "45 degrees."
pass "a long note is shown whole while it is typed"
keys Escape
tui_quit
