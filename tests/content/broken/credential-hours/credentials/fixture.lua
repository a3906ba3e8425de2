-- A credential definition fixture: it states 2 h, its one module 1 h.
return {
  version = "1.0",
  title = { en = "Fixture credential" },
  description = { en = "For the lint tests." },
  modules = { "X9" },
  eqf_level = 4,
  ects = 0.08,
  workload_hours = 2,
  assessment = { en = "A quiz." },
  participation = "onsite",
  supervision = "supervised-onsite-with-id",
  national_level = { en = "Not placed in a national framework" },
  hours = { contact = 2, practice = 0, self_study = 0 },
  assessment_rules = { en = "Every outcome must be passed." },
}
