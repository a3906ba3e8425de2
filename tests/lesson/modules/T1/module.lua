-- A module of small lessons that exercise every function of the lesson API
-- and every way a lesson can go wrong. Not shipped: the tests pass it with
-- --modules.
return {
  id = "T1",
  version = "1.0.0",
  languages = { "en", "sl" },
  title = { en = "Lesson runtime checks", sl = "Preizkusi izvajanja lekcij" },
  summary = { en = "Small lessons for the test suite.", sl = "Majhne lekcije za preizkuse." },
  eqf_level = 4,
  workload_hours = 1,
  outcomes = {
    { id = "T1.Q", kind = "knowledge", assessed_by = "quiz",
      text = { en = "Answers questions.", sl = "Odgovarja na vprašanja." },
      pass = { en = "80 % of the quiz.", sl = "80 % kviza." } },
    { id = "T1.P", kind = "skill", assessed_by = "printer",
      text = { en = "Operates the printer.", sl = "Upravlja tiskalnik." },
      pass = { en = "The printer confirms it.", sl = "Tiskalnik to potrdi." } },
    { id = "T1.T", kind = "responsibility-autonomy", assessed_by = "trainer",
      text = { en = "Works safely.", sl = "Dela varno." },
      pass = { en = "A trainer signs it off.", sl = "Inštruktor potrdi." } },
  },
  lessons = { "content", "questions", "printer", "signoff", "error",
              "apierror", "syntax", "runaway", "runaway_pcall", "runaway_sort", "runaway_pattern", "runaway_c",
              "membomb", "membomb_table", "escape", "resume", "heatup", "fault",
              "badcheck", "halted", "bypass", "reports" },
}
