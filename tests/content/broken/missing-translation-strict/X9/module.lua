-- A lint fixture.
return {
  id = "X9",
  version = "1.0",
  languages = { "en", "sl" },
  title = { en = "Fixture module", sl = "Modul" },
  summary = { en = "A small module for the lint tests.", sl = "Majhen modul." },
  eqf_level = 4,
  workload_hours = 1,
  prerequisites = {},
  outcomes = {
    { id = "X9.LO1", kind = "knowledge", assessed_by = "quiz",
      text = { en = "Knows the fixture.", sl = "Pozna modul." }, pass = { en = "All answers right.", sl = "Vsi odgovori pravilni." } },
  },
  lessons = { "one" },
}
