#!/bin/bash
# Content, questions, quizzes, confirmations, time and languages through
# headless runs on the virtual printer; results land in the records.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/lib_lesson.sh"

# Every content block, in English.
expect_rc 0 lesson T1/content --answers "$ANS/content.ans" --sim-speed 0
for want in "=== T1/content: Every kind of content ===" "--- step 1/2: Blocks ---" \
    "# A heading" "## A subheading" "A paragraph with **strong** and *emphasis*." \
    "  - second" "  2. two" "  \`\`\`gcode" "  M104 S200" "| PLA      | 195–220   |" \
    "    ===bed===" "(figure: Side view)" "NOTE: A note." "WARNING: Hot nozzle!" \
    "lang=en tr=hello" "fallback=english only" "slept enough: true" \
    "[print] a print line	42" "[continue] Ready?" "> yes" "confirmed yes" \
    "sleep inside pcall: true" "=== completed ==="; do
	contains "$OUT" "$want"
done
[ "$(attempt_field content status)" = completed ] || fail "content attempt not completed"
pass "content blocks, time, print, pause, confirm"

# The same lesson in Slovenian, and a language it lacks falling back.
expect_rc 0 lesson T1/content --answers "$ANS/content.ans" --sim-speed 0 --lang sl
contains "$OUT" "--- step 1/2: Bloki ---"
contains "$OUT" "# Naslov"
contains "$OUT" "  - drugi"
contains "$OUT" "| Material | Šoba °C |"
contains "$OUT" "lang=sl tr=živjo"
contains "$OUT" "fallback=english only"
expect_rc 0 lesson T1/content --answers "$ANS/content.ans" --sim-speed 0 --lang sr-Cyrl
contains "$OUT" "# A heading"
expect_rc 0 lesson T1/content --answers "$ANS/content.ans" --sim-speed 0 --lang cnr
contains "$OUT" "lang=cnr tr=bok"
pass "languages and fallback chains"

# A "no" to the confirmation takes the other branch.
expect_rc 0 lesson T1/content --answers "$(answers 'c.ready = no')" --sim-speed 0
contains "$OUT" "confirmed no"

# The same seed draws the same questions; every kind graded right.
expect_rc 0 lesson T1/questions --answers "$ANS/questions.pass" --sim-speed 0 --seed 7
first="$OUT"
for want in "wrong, try again: The bed is cooler." "correct: Right: the nozzle." \
    "Nozzles reach 300 °C." "single: true 2" "multi: true 1,3" "truefalse: true false" \
    "numeric: true 47" "order: true 1,2,3,4" "(question 3 of 3)" \
    "[result] T1.Q by quiz: passed, score 3/3" "quiz: true 3/3" "=== completed ==="; do
	contains "$OUT" "$want"
done
lacks "$OUT" "correct: Never leave the first layer."
contains "$ERR" "note: 'p3' was not asked"
expect_rc 0 lesson T1/questions --answers "$ANS/questions.pass" --sim-speed 0 --seed 7
[ "$(echo "$OUT" | grep '^? \[p')" = "$(echo "$first" | grep '^? \[p')" ] ||
	fail "seed 7 drew different questions"
expect_rc 0 lesson T1/questions --answers "$ANS/questions.pass" --sim-speed 0 --seed 8
[ "$(echo "$OUT" | grep '^? \[p')" != "$(echo "$first" | grep '^? \[p')" ] ||
	fail "seeds 7 and 8 drew the same questions"
pass "questions of every kind, retries, feedback, seeded pool draw"

# Wrong answers: the lesson completes, the outcome is not passed, exit 1.
expect_rc 1 lesson T1/questions --answers "$ANS/questions.fail" --sim-speed 0 --seed 7
for want in "wrong: The frame stays cold." "single: false 3" "multi: false 1" \
    "truefalse: false true" "wrong: Never leave the first layer." "numeric: false 60" \
    "order: false 2,1,3,4" "[result] T1.Q by quiz: not passed, score 0/3"; do
	contains "$OUT" "$want"
done
contains "$ERR" "completed, not passed: T1.Q"
[ "$(attempt_field questions status)" = failed ] || fail "failed quiz attempt not 'failed'"
pass "wrong answers fail the outcome"

# Results with their evidence: the seed and the questions as shown.
csv=$(results_csv)
contains "$csv" ",T1,1.0.0,questions,"
contains "$csv" ',T1.Q,quiz,yes,3,3,'
contains "$csv" ',T1.Q,quiz,no,0,3,'
contains "$csv" '""seed"":7'
contains "$csv" '""question"":""1 + 1?""'
pass "quiz results recorded with evidence"

# Answer-file problems are named by file, line and id.
expect_rc 1 lesson T1/questions --answers "$(answers 'q.single = 2')" --sim-speed 0
contains "$ERR" "no answer for question 'q.multi'"
expect_rc 1 lesson T1/questions --answers "$(answers 'q.single = 7')" --sim-speed 0 --restart
contains "$ERR" ":1: q.single: 7 is not a choice (1-3)"
bad=$(answers '# fine' 'q.single 2')
expect_rc 1 lesson T1/questions --answers "$bad" --sim-speed 0 --restart
contains "$ERR" "$bad:2: expected 'id = value'"
expect_rc 1 lesson T1/questions --answers "$(answers 'q.single = 2' 'q.multi = 1,3' 'q.tf = maybe')" --sim-speed 0 --restart
contains "$ERR" "q.tf: expected true or false, got 'maybe'"
expect_rc 1 lesson T1/content --answers "$TEST_TMP/missing.ans" --sim-speed 0
contains "$ERR" "missing.ans"
pass "answer file errors"

# Usage errors.
expect_rc 2 lesson T1/content --sim-speed 0
contains "$ERR" "--answers FILE is required"
expect_rc 2 lesson content --answers "$ANS/content.ans"
contains "$ERR" "expected MODULE/LESSON"
expect_rc 2 lesson T1/content --answers "$ANS/content.ans" --resume --restart
expect_rc 1 lesson T9/content --answers "$ANS/content.ans"
contains "$ERR" "no module 'T9'"
expect_rc 1 lesson T1/nothing --answers "$ANS/content.ans"
contains "$ERR" "module 'T1' has no lesson 'nothing'"
expect_rc 1 lesson ../T1/content --answers "$ANS/content.ans"
contains "$ERR" "no module '..'"
# A run reads only its own module: a broken one of the same id is named
# with its file and line, and a good copy further down the path runs.
mkdir -p "$TEST_TMP/broken/T1"
echo 'return {' >"$TEST_TMP/broken/T1/module.lua"
expect_rc 1 "$LAYERLAB" --db "$DB" --modules "$TEST_TMP/broken" lesson run T1/content --answers "$ANS/content.ans"
contains "$ERR" "no module 'T1'; modules that did not load: $TEST_TMP/broken/T1/module.lua:2:"
expect_rc 0 "$LAYERLAB" --db "$DB" --modules "$TEST_TMP/broken" --modules "$MODS" lesson run T1/content \
    --answers "$ANS/content.ans" --sim-speed 0
contains "$OUT" "=== completed ==="
expect_rc 1 lesson T1/content --answers "$ANS/content.ans" --learner nobody
contains "$ERR" "no learner 'nobody'"
pass "usage errors"
