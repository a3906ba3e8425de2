-- Module M9 of the micro-credential "FDM 3D printing — operator": quality
-- checking with measurement and the final assessment (docs/curriculum.md;
-- the target is curriculum-target.md, outcomes 9.1–9.3; M9.LO4 is the
-- knowledge they rest on, from domain.md M9 K).
return {
  id = "M9",
  version = "1.0",
  languages = { "en", "sl", "hr", "sr-Latn", "sr-Cyrl", "bs", "cnr" },
  title = "Quality and final assessment",
  summary = "Measure printed parts with a caliper, report the mean and spread of repeat readings, accept or reject them against the drawing's tolerance, and present the final portfolio.",
  eqf_level = 4,
  workload_hours = 10,         -- 2 h guided + 4 h practice + 4 h final assessment
  prerequisites = { "M1", "M6", "M7" },
  outcomes = {
    {
      id = "M9.LO1", kind = "skill", assessed_by = "printer",
      title = "Measure and report",
      text = "Measures a part's dimensions with a caliper, three readings each, and reports their mean and spread.",
      pass = "Three readings for each of X, Y and Z are entered; the program computes mean and spread, every spread is at most 0.10 mm and the trainee's own mean of X agrees with the program's within 0.01 mm; then a trainer re-measures one dimension and agrees within 0.05 mm.",
    },
    {
      id = "M9.LO2", kind = "responsibility-autonomy", assessed_by = "trainer",
      title = "Accept or reject",
      text = "Accepts or rejects a part against the drawing's tolerance (for example ISO 2768-m) and justifies the decision.",
      pass = "A trainer has seen the trainee's decision, which the program compares with the tolerance for each dimension, heard the justification, and signs it off.",
    },
    {
      id = "M9.LO3", kind = "skill", assessed_by = "trainer",
      title = "Portfolio",
      text = "Presents the final portfolio: a calibration cube, a functional bracket and a part with a colour change, each with its measurement report and print log.",
      pass = "A trainer has assessed the three parts and their reports with the portfolio rubric (each criterion at least 'meets') and signs it off.",
    },
    {
      id = "M9.LO4", kind = "knowledge", assessed_by = "quiz",
      title = "Calipers, tolerances, FDM limits",
      text = "Reads a caliper, explains general tolerances (ISO 2768-m) and names the typical dimensional limits of FDM parts (holes undersize, elephant foot, Z in layer steps).",
      pass = "At least 80 % in the measurement quiz (5 scenario questions drawn from a pool of 15).",
    },
  },
  lessons = { "measuring", "measure-part", "portfolio" },
}
