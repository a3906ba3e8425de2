-- Module M7 of the micro-credential "FDM 3D printing — operator":
-- post-processing: taking the part off the bed once it has cooled,
-- removing supports and finishing it safely, and leaving the workstation
-- clean (docs/curriculum.md; the target is curriculum-target.md, outcomes
-- 7.1–7.3; M7.LO4 is the knowledge those rest on, from domain.md M7 K).
return {
  id = "M7",
  version = "1.0",
  languages = { "en", "sl", "hr", "sr-Latn", "sr-Cyrl", "bs", "cnr" },
  title = "Post-processing",
  summary = "Take the part off a cooled bed, remove supports, deburr and finish it safely, and leave the workstation clean with the waste sorted.",
  eqf_level = 4,
  workload_hours = 4,          -- 1 h guided + 3 h practice
  prerequisites = { "M1", "M6" },
  outcomes = {
    {
      id = "M7.LO1", kind = "skill", assessed_by = "printer",
      title = "Remove the part after cool-down",
      text = "Waits until the bed has cooled and then removes the part by flexing the sheet, without tools near the hot surface.",
      pass = "When the trainee confirms the part may come off, the printer's bed reading (M105) at that moment is below 35 °C.",
    },
    {
      id = "M7.LO2", kind = "skill", assessed_by = "trainer",
      title = "Finish safely",
      text = "Removes supports, deburrs and finishes the part to its job card, wearing eye protection and cutting away from the body.",
      pass = "A trainer has watched the finishing (eye protection, cuts away from the body and hands, the right tool) and compared the part with its job card, and signs it off.",
    },
    {
      id = "M7.LO3", kind = "responsibility-autonomy", assessed_by = "trainer",
      title = "Clean workstation, sorted waste",
      text = "Leaves the workstation clean and sorts the waste without being reminded.",
      pass = "A trainer has found the workstation clean (tools back, sheet clean, IPA closed, no scraps) and the waste sorted (plastic scraps, supports and purge for the collection, not the general bin), and signs it off.",
    },
    {
      id = "M7.LO4", kind = "knowledge", assessed_by = "quiz",
      title = "Post-processing methods and hazards",
      text = "Explains how parts are removed, how supports are removed and parts deburred and sanded, what heat-set inserts are for, and the hazards: blades, hot surfaces, dust, flammable isopropyl alcohol.",
      pass = "At least 80 % in the post-processing quiz (5 scenario questions drawn from a pool of 15).",
    },
  },
  lessons = { "remove-part", "finish-and-clean" },
}
