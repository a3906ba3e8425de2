-- A module for the records tests: a lesson whose only step is a trainer's
-- sign-off, so a test reaches the PIN check at once, and one of two steps
-- to leave and resume, one that reads the occasions trainers observed and
-- one that reads the learner's own print.
return {
  id = "T8",
  version = "1.0",
  languages = { "en" },
  title = { en = "Records test module" },
  summary = { en = "A trainer signs off." },
  eqf_level = 4,
  workload_hours = 1,
  prerequisites = {},
  outcomes = {
    {
      id = "T8.T", kind = "responsibility-autonomy", assessed_by = "trainer",
      text = { en = "Works safely, as a trainer confirms." },
      pass = { en = "A trainer signs off." },
    },
  },
  lessons = { "signoff", "two-steps", "seen", "own" },
}
