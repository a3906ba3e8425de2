#!/bin/bash
# Trainer sign-off: the PIN is checked by the records (wrong PINs ask
# again and count toward the lockout); the result names who signed.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/lib_lesson.sh"

printf '432198\n432198\n' | "$LAYERLAB" --db "$DB" trainer add T01 --name "Ana Kovač" --pin-stdin >/dev/null ||
	fail "cannot add the trainer"

expect_rc 0 lesson T1/signoff --answers "$(answers 'signoff.T1.T = T01 111111' 'signoff.T1.T = T01 432198 pass')" --sim-speed 0
contains "$OUT" "? [signoff.T1.T] trainer sign-off for T1.T: Watch the pre-print checklist."
contains "$OUT" "sign-off refused: wrong PIN (4 tries left)"
contains "$OUT" "[result] T1.T by trainer: passed, signed by T01"
contains "$OUT" "signed: true by T01"
lacks "$OUT" "432198"
lacks "$OUT" "111111"
contains "$(results_csv)" ",T1.T,trainer,yes,,,T01,"
pass "sign-off after a wrong PIN"

# "Not yet competent": recorded as not passed, the lesson completes.
expect_rc 1 lesson T1/signoff --answers "$(answers 'signoff.T1.T = T01 432198 fail')" --sim-speed 0 --lang sl
contains "$OUT" "Opazuj kontrolni seznam."
contains "$OUT" "[result] T1.T by trainer: not passed, signed by T01"
contains "$(results_csv)" ",T1.T,trainer,no,,,T01,"
pass "a trainer's 'not yet'"

# Five wrong PINs lock the trainer: even the right one is then refused.
expect_rc 1 lesson T1/signoff --answers "$(answers 'signoff.T1.T = T01 000000' 'signoff.T1.T = T01 000000' \
    'signoff.T1.T = T01 000000' 'signoff.T1.T = T01 000000' 'signoff.T1.T = T01 000000' \
    'signoff.T1.T = T01 432198')" --sim-speed 0 --restart
contains "$OUT" "locked"
contains "$ERR" "no answer for sign-off 'signoff.T1.T'"
lacks "$OUT" "[result]"
pass "lockout after five wrong PINs"

expect_rc 1 lesson T1/signoff --answers "$(answers 'signoff.T1.T = T01')" --sim-speed 0 --restart
contains "$ERR" "expected 'TRAINER PIN [pass|fail]'"
expect_rc 1 lesson T1/signoff --answers "$(answers 'signoff.T1.T = nobody 1234')" --sim-speed 0 --restart
contains "$OUT" "sign-off refused:"
pass "malformed and unknown sign-offs"
