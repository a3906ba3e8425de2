# A lesson at a station whose records file another program holds locked (a
# long `records merge`, a backup tool): the lesson's writes do not wait for
# the lock on the screen's loop, which serves the emergency stop. They are
# kept in the station's outbox, the strip says so, and once the lock is gone
# they reach the file in order: the attempt, its step, its end. A lesson
# left meanwhile is offered to resume from what the station kept.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/tmux.sh"

ll learner add ana --name "Ana Novak" >/dev/null || fail "learner add"

tui_start 100 30 --modules "$(dirname "$0")/modules" tui --port virtual --sim-speed 4
open_test_module
wait_for "4. Stop and go on"

# Another process holds the file's write lock until it is killed.
hold_write_lock "$TUI_DB"

# The lesson opens at once: its attempt is kept, not waited for (the lock
# would hold a direct write for SQLite's 10 s busy timeout).
keys Down Down Down Enter
wait_for "Nothing moves yet."
keys Enter
wait_for "step 2/2: Moves"
# Left unfinished, and opened again: the attempt, only in the station's
# outbox so far, is offered to resume at the step reached.
keys Escape
wait_for "Leave the lesson?"
keys 1
wait_for "The lesson was stopped"
keys Enter
wait_for "Micro-credential"
keys Enter
wait_for "You left this lesson unfinished at step 2"
keys 1
wait_for "step 2/2: Moves"
pass "a lesson left while the file is locked is resumed at its step"
wait_for "⏳ The printer is working"
keys F12
wait_for "EMERGENCY STOP SENT"
kill -0 "$LOCKER" 2>/dev/null || fail "the lock ended before the stop was served"
pass "the lesson starts and the emergency stop is served while the records file is locked"

keys Enter
# A delivery waits for the lock as long as SQLite's busy timeout, then the
# strip says the results are kept.
wait_for "Records file busy" 30
expect_rc 0 ll learner show ana
contains "$OUT" "Attempts:   0 (0 running)"
pass "the lesson's writes wait at the station while the lock is held"

kill "$LOCKER"
wait "$LOCKER" 2>/dev/null
wait_for "Records file free again" 30
expect_rc 0 ll learner show ana
contains "$OUT" "Attempts:   1 (0 running)"
row=$(python3 -c 'import sqlite3, sys
for r in sqlite3.connect(sys.argv[1]).execute("SELECT lesson_id, step_id, status FROM attempts"):
    print(*r)' "$TUI_DB")
[ "$row" = "stop moves error" ] || fail "the attempt in the file: '$row'"
pass "once the lock is gone the attempt, its step and its end are in the file"
tui_quit
