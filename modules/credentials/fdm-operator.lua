-- Micro-credential "FDM 3D printing — operator level" (EQF 4): modules M1–M9
-- of shared/docs curriculum target. Hours: guided 25 h + final assessment
-- 4 h (contact), practice 46 h: 75 h ≈ 2.5 ECTS at 30 h per ECTS. It builds
-- on "FDM workshop safety": a holder of that credential does not repeat M1.
return {
  -- The texts are written in English; their translations are in
  -- po/<lang>.po beside this file (layerlab i18n extract credentials).
  languages = { "en", "sl", "hr", "sr-Latn", "sr-Cyrl", "bs", "cnr" },
  version = "1.0",
  title = "FDM 3D printing — operator level",
  description = "The holder runs an FDM 3D printer on their own in a workshop: works safely, prepares material, bed and slicer settings, starts, watches, changes filament in and cancels prints, finishes and measures parts, and keeps the printer calibrated and maintained.",
  -- A planned module counts once installed, and nothing is issued before
  -- all are (lint notes the missing ones). Move each to 'modules' once it
  -- ships, so that a typo cannot hide. The modules' hours add up to
  -- workload_hours (lint checks it).
  modules = { "M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "M9" },
  builds_on = { "fdm-workshop-safety" },
  eqf_level = 4,
  national_level = { same_as = "fdm-workshop-safety" },
  ects = 2.5,
  workload_hours = 75,
  hours = { contact = 29, practice = 46, self_study = 0 },
  minimum_age = 15,
  assessment = "Per module: quizzes (pass mark 80 %), tasks verified on the printer with recorded measurements, and trainer sign-offs; a final portfolio of three parts with measurement reports.",
  assessment_rules = "Every learning outcome is assessed on its own and must be passed; there is no overall average. The safety outcomes of M1 cannot be compensated by other results. A learner who does not pass an outcome may re-sit it after further practice, at the earliest on the next training day; a quiz re-sit draws new questions. A holder of \"FDM workshop safety\" does not repeat M1.",
  participation = "onsite",
  prerequisites = { same_as = "fdm-workshop-safety" },
  quality_assurance = { same_as = "fdm-workshop-safety" },
  supervision = "supervised-onsite-with-id",
  stackability = "Builds on \"FDM workshop safety\" (module M1), which counts in full.",
}
