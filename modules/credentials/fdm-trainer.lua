-- Micro-credential "FDM trainer" (EQF 5): module T, train-the-trainer, of
-- shared/docs curriculum target: 8 h guided + 16 h practice + 6 h
-- assessment = 30 h ≈ 1 ECTS. With signoff_requires = fdm-trainer in the
-- configuration only its holders sign off outcomes of the other modules.
return {
  -- The texts are written in English; their translations are in
  -- po/<lang>.po beside this file (layerlab i18n extract credentials).
  languages = { "en", "sl", "hr", "sr-Latn", "sr-Cyrl", "bs", "cnr" },
  version = "1.0",
  title = "FDM trainer",
  description = "The holder teaches and assesses FDM 3D printing in a VET workshop: sets up a training station and its printer profile, delivers the safety induction and fault drills, assesses consistently against reference ratings, and safeguards the integrity of assessment and records.",
  modules = { "T" },
  eqf_level = 5,
  national_level = "Not placed in a national qualifications framework (EQF level 5 stated by the awarding body)",
  ects = 1,
  workload_hours = 30,
  hours = { contact = 14, practice = 16, self_study = 0 },
  minimum_age = 18,
  assessment = "Quiz (pass mark 80 %), a station configuration checked by layerlab lint and against the school printer's own report, observed micro-teaching rated by a master trainer, and rating agreement with reference ratings (at least 80 %).",
  assessment_rules = "Every learning outcome is assessed on its own and must be passed. Rating agreement below 80 % is re-sat with a new set of recorded performances. Sign-offs in this module are given by a master trainer.",
  participation = "onsite",
  prerequisites = "A teacher or workshop instructor of the school; experience of FDM printing at operator level.",
  quality_assurance = "Internal quality assurance of the awarding body: master trainers agree reference ratings before each course; every sign-off is kept in a signed, verifiable audit chain and audited.",
  supervision = "supervised-onsite-with-id",
  stackability = "A separate teacher credential; with signoff_requires = fdm-trainer only its holders sign off outcomes of the FDM operator modules.",
}
