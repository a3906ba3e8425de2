# learner, group, trainer, progress and records export as a user runs them.
. "$LL_HARNESS/lib.sh"
DB="$TEST_TMP/records.db"
ll() { "$LAYERLAB" --db "$DB" "$@"; }

# Groups and learners.
expect_rc 0 ll group add 3a --name "3.A mehatronika"
contains "$OUT" "added group 3a"
expect_rc 1 ll group add 3a
contains "$ERR" "layerlab: group add: group '3a' already exists"
expect_rc 0 ll group add 3b
expect_rc 0 ll learner add ana --name "Ana Novak" --group 3a --school-id 77120
expect_rc 0 ll learner add dj --group 3a --name "Đorđe Šćepanović"
expect_rc 0 ll learner add 李 --name "李小龙"
expect_rc 1 ll learner add ana --name "Someone else"
contains "$ERR" "learner 'ana' already exists"
expect_rc 1 ll learner add zed --name Zed --group nope
contains "$ERR" "layerlab: learner add: no group 'nope' (add it first with 'layerlab group add nope')"
expect_rc 2 ll learner add zed
contains "$ERR" "--name is required"
expect_rc 2 ll learner add --name Zed
expect_rc 2 ll learner add zed --name Zed --colour blue
contains "$ERR" "unknown option '--colour'"
expect_rc 2 ll learner
expect_rc 2 ll learner fly
contains "$ERR" "unknown subcommand 'fly'"
expect_rc 1 ll learner add "has space" --name X
contains "$ERR" "contains a space"
pass "learner add and its errors"

expect_rc 0 ll learner list
contains "$OUT" "ID   NAME              GROUP  SCHOOL ID"
# Display widths, not bytes: the group column lines up after CJK and Šć.
line_dj=$(printf '%s\n' "$OUT" | grep '^dj ')
line_li=$(printf '%s\n' "$OUT" | grep '^李')
[ "$line_dj" = "dj   Đorđe Šćepanović  3a     -" ] || fail "dj row: '$line_dj'"
[ "$line_li" = "李   李小龙            -      -" ] || fail "李 row: '$line_li'"
expect_rc 0 ll learner list --group 3a --json
contains "$OUT" '"school_id": "77120"'
contains "$OUT" '"name": "Đorđe Šćepanović"'
lacks "$OUT" '李'
expect_rc 1 ll learner list --group nope
contains "$ERR" "no group 'nope'"
expect_rc 0 ll learner rename ana "Ana Novak Kos"
expect_rc 0 ll learner show ana
contains "$OUT" "Name:       Ana Novak Kos"
contains "$OUT" "School id:  77120"
contains "$OUT" "Outcomes achieved: 0"
expect_rc 1 ll learner show nobody
contains "$ERR" "layerlab: learner show: no learner 'nobody'"
expect_rc 1 ll learner rename nobody "N"
expect_rc 0 ll group list
contains "$OUT" "3a  3.A mehatronika  2"
contains "$OUT" "3b  3b               0"
expect_rc 0 ll group list --json
printf '%s' "$OUT" | python3 -c '
import json, sys
g = {x["id"]: x for x in json.load(sys.stdin)}
assert g["3a"] == {"id": "3a", "name": "3.A mehatronika", "learners": 2}, g
assert g["3b"]["learners"] == 0, g' || fail "group list --json: $OUT"
expect_rc 0 ll learner show ana --json
printf '%s' "$OUT" | python3 -c '
import json, sys
l = json.load(sys.stdin)
assert l["id"] == "ana" and l["name"] == "Ana Novak Kos", l
assert l["school_id"] == "77120" and l["outcomes_achieved"] == [], l
assert l["attempts"] == 0 and l["attempts_running"] == 0, l' || fail "learner show --json: $OUT"
pass "learner list, show, rename; group list"

# Trainers: PINs from stdin when it is not a terminal.
OUT=$(printf '482193\n482193\n' | ll trainer add mk --name "Marija Kovač" 2>&1) || fail "trainer add: $OUT"
contains "$OUT" "added trainer mk"
OUT=$(printf '482193\n482294\n' | ll trainer add jh --name "Jure" 2>&1) && fail "differing PINs accepted"
contains "$OUT" "the two PINs differ: nothing was changed"
OUT=$(printf '12\n12\n' | ll trainer add jh --name "Jure" --pin-stdin 2>&1) && fail "short PIN accepted"
contains "$OUT" "a PIN needs at least 6 digits (or use a passphrase of 10 or more characters)"
OUT=$(printf '4821\n4821\n' | ll trainer add jh --name "Jure" --pin-stdin 2>&1) && fail "4-digit PIN accepted"
contains "$OUT" "a PIN needs at least 6 digits"
OUT=$(printf 'short pw\nshort pw\n' | ll trainer add jh --name "Jure" --pin-stdin 2>&1) && fail "short passphrase accepted"
contains "$OUT" "a passphrase at least 10 characters"
OUT=$(printf '' | ll trainer add jh --name "Jure" 2>&1) && fail "no PIN accepted"
contains "$OUT" "no PIN given"
OUT=$(printf '123456\n123456\n' | ll trainer add mk --name "Again" 2>&1) && fail "duplicate trainer"
contains "$OUT" "trainer 'mk' already exists"
expect_rc 0 ll trainer list
contains "$OUT" "mk  Marija Kovač  ok"
lacks "$OUT" "jh"
OUT=$(printf 'žerjav na strehi\nžerjav na strehi\n' | ll trainer add pp --name "Pia" 2>&1) || fail "passphrase: $OUT"
OUT=$(printf 'žerjav na strehi\nžerjav na strehi 2\nžerjav na strehi 2\n' | ll trainer passwd pp 2>&1) || fail "passphrase check: $OUT"
contains "$OUT" "changed the PIN of trainer pp"
OUT=$(printf '482193\n135790\n135790\n' | ll trainer passwd mk 2>&1) || fail "passwd: $OUT"
contains "$OUT" "changed the PIN of trainer mk"
pass "trainer add, list, passwd"

# Lockout: 5 wrong PINs, then even the right one is refused.
for i in 1 2 3 4; do
	OUT=$(printf '000000\n' | ll trainer passwd mk 2>&1) && fail "wrong PIN accepted"
	contains "$OUT" "wrong PIN ("
done
contains "$OUT" "wrong PIN (1 try left)"
OUT=$(printf '000000\n' | ll trainer passwd mk 2>&1) && fail "wrong PIN accepted"
contains "$OUT" "locked for 60 seconds"
OUT=$(printf '135790\n111111\n111111\n' | ll trainer passwd mk 2>&1) && fail "locked trainer accepted"
contains "$OUT" "layerlab: trainer passwd: mk: locked, "
contains "$OUT" "seconds left"
expect_rc 0 ll trainer list
contains "$OUT" "locked, "
expect_rc 0 ll trainer list --json
contains "$OUT" '"locked": true'
pass "PIN lockout after 5 wrong PINs"

# Another trainer resets a forgotten (or locked) PIN with their own PIN.
OUT=$(printf '246813\n246813\n' | ll trainer add jh --name "Jure Horvat" 2>&1) || fail "add jh: $OUT"
OUT=$(printf '111111\n55555555\n55555555\n' | ll trainer passwd mk --by jh 2>&1) && fail "reset with a wrong PIN"
contains "$OUT" "layerlab: trainer passwd: jh: wrong PIN (4 tries left)"
OUT=$(printf '246813\n555555\n555555\n' | ll trainer passwd mk --by jh 2>&1) || fail "reset: $OUT"
contains "$OUT" "changed the PIN of trainer mk"
OUT=$(printf '555555\n666666\n666666\n' | ll trainer passwd mk 2>&1) || fail "the reset PIN: $OUT"
OUT=$(printf '246813\n' | ll trainer passwd ghost --by jh 2>&1) && fail "reset of a missing trainer"
contains "$OUT" "no trainer 'ghost'"
pass "a PIN reset by another trainer"

# Help text for each command.
for c in learner group trainer progress records; do
	expect_rc 0 "$LAYERLAB" help $c
	contains "$OUT" "Examples:"
done
pass "help texts"

expect_rc 0 ll records verify
contains "$OUT" "all records verified"
