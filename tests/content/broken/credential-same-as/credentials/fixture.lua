-- A credential definition fixture: its assessment text is to be the one
-- of a definition that is not there.
return {
  version = "1.0",
  title = { en = "Fixture credential" },
  description = { en = "For the lint tests." },
  modules = { "X9" },
  eqf_level = 4,
  ects = 0.04,
  workload_hours = 1,
  assessment = { same_as = "nowhere" },
  participation = "onsite",
  supervision = "supervised-onsite-with-id",
  national_level = { en = "Not placed in a national framework" },
  hours = { contact = 1, practice = 0, self_study = 0 },
  assessment_rules = { en = "Every outcome must be passed." },
}
