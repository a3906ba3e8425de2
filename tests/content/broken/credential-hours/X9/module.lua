-- A lint fixture.
return {
  id = "X9",
  version = "1.0",
  languages = { "en" },
  title = { en = "Fixture module" },
  summary = { en = "A small module for the lint tests." },
  eqf_level = 4,
  workload_hours = 1,
  prerequisites = {},
  outcomes = {
    { id = "X9.LO1", kind = "knowledge", assessed_by = "quiz",
      text = { en = "Knows the fixture." }, pass = { en = "All answers right." } },
  },
  lessons = { "one" },
}
