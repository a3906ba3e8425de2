# A quiz ends with the score, the pass mark and the outcome it did not
# achieve; the lesson's own "Right: ..." is not preceded by a second
# "Right.".
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/tmux.sh"

ll learner add ana --name "Ana Novak" >/dev/null || fail "learner add"

# Two questions with the same shape, so the drawn order does not matter:
# the first is answered right, the second wrong.
mkdir -p "$TEST_TMP/modules/Q7"
cat >"$TEST_TMP/modules/Q7/module.lua" <<'LUA'
return {
  id = "Q7", version = "1.0", languages = { "en" },
  title = { en = "Quiz test module" },
  summary = { en = "One quiz." },
  eqf_level = 4, workload_hours = 1, prerequisites = {},
  outcomes = {
    { id = "Q7.LO1", title = { en = "Nozzle heat" }, kind = "knowledge", assessed_by = "quiz",
      text = { en = "Knows the nozzle is hot." }, pass = { en = "All answers right." } },
  },
  lessons = { "quiz" },
}
LUA
cat >"$TEST_TMP/modules/Q7/quiz.lua" <<'LUA'
return lesson {
  id = "quiz", title = { en = "Quiz lesson" }, outcomes = { "Q7.LO1" },
  step({ id = "q", title = { en = "The quiz" } }, function()
    local function q(id)
      return { id = id, q = { en = "Is the nozzle hot? (" .. id .. ")" },
               choices = { { en = "Yes" }, { en = "No" } }, correct = 1,
               feedback = { correct = { en = "Right: 190–300 °C." },
                            wrong = { en = "It works at 190–300 °C." } } }
    end
    quiz { id = "q7", outcome = "Q7.LO1", pass = 1, questions = { q("a"), q("b") } }
  end),
}
LUA

tui_start 110 32 --modules "$TEST_TMP/modules" tui
wait_for "Who is at this station"
wait_for "Ana Novak"
keys Enter
wait_for "Micro-credential"
# The shipped modules come first: down to the test module, whose lesson
# then shows under it.
wait_for "Quiz test module"
for _ in $(seq 10); do
	screen | grep -qF "1. Quiz lesson" && break
	keys Down
	sleep 0.2
done
wait_for "1. Quiz lesson"
keys Enter
wait_for "1. Quiz lesson"
keys Enter
wait_for "Question 1/2"
keys 1 Enter
wait_for "✓ Right: 190–300 °C."
wait_for "Question 2/2"
keys 2 Enter
wait_for "✗ Not right. It works at 190–300 °C."
wait_for "· Q7.LO1 Nozzle heat: recorded, not yet achieved (quiz) · score 1/2, pass mark 2/2"
s=$(screen)
lacks "$s" "Right. Right"
pass "the quiz shows the score, the pass mark and the outcome not achieved; feedback once"
tui_quit
