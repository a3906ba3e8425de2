-- A credential definition fixture.
return {
  version = "1.0",
  title = { en = "Fixture credential" },
  description = { en = "For the lint tests." },
  modules = { "M9" },
  eqf_level = 4,
  ects = 0.04,
  workload_hours = 1,
  assessment = { en = "A quiz." },
  participation = "onsite",
  supervision = "supervised-onsite-with-id",
}
