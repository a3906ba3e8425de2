-- Micro-credential "FDM workshop safety": the first stackable part of
-- "FDM 3D printing — operator level" (fdm-operator builds on it). The
-- awarding body and its country come from the installation's configuration
-- (institution.* keys). Hours per shared/docs curriculum target: M1 is
-- 3 h guided + 3 h practice.
return {
  -- The texts are written in English; their translations are in
  -- po/<lang>.po beside this file (layerlab i18n extract credentials).
  languages = { "en", "sl", "hr", "sr-Latn", "sr-Cyrl", "bs", "cnr" },
  version = "1.1",
  title = "FDM workshop safety",
  description = "The holder works safely at an FDM 3D printer in a shared workshop: knows its hazards and the controls against them, stops it at once when needed and brings it back, judges when hot parts are safe to touch, acts in an emergency, and follows the workshop rules without supervision.",
  modules = { "M1" },
  eqf_level = 4,
  -- The school states its national level; layerlab cannot know it. A
  -- micro-credential is placed in a national framework only by the
  -- national procedure, so the shipped text says that it is not.
  national_level = "Not placed in a national qualifications framework (EQF level 4 stated by the awarding body)",
  ects = 0.2,
  workload_hours = 6,
  hours = { contact = 3, practice = 3, self_study = 0 },
  minimum_age = 15,
  assessment = "Quiz at the workstation (pass mark 80 %), tasks verified on the printer with recorded measurements, and trainer sign-offs of observed practice.",
  assessment_rules = "Every learning outcome is assessed on its own and must be passed; safety outcomes cannot be compensated by other results. A learner who does not pass an outcome may re-sit it after further practice, at the earliest on the next training day; a quiz re-sit draws new questions.",
  -- A teaching choice, not a legal figure: safety knowledge fades, so the
  -- school asks for the M1 drills again after two years.
  refresh_months = 24,
  participation = "onsite",
  prerequisites = "Minimum age 15; the school's statutory occupational safety and health induction completed.",
  quality_assurance = "Internal quality assurance of the awarding body: outcomes agreed with employers; assessors hold the FDM trainer credential; every result and sign-off is kept in a signed, verifiable audit chain, and a second trainer reviews a sample of sign-offs each term.",
  supervision = "supervised-onsite-with-id",
  stackability = "Part of the micro-credential \"FDM 3D printing — operator level\" (EQF 4, 2.5 ECTS): a holder does not repeat module M1 there.",
}
