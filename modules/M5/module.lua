-- Module M5 of the micro-credential "FDM 3D printing — operator": slicing
-- and G-code (curriculum-target.md, outcomes 5.1–5.4).
-- Sources: domain.md §1 M5 (layer height ≤75 % of the nozzle, first layer
-- 0.2–0.3 mm, line width ~1.1× nozzle, supports beyond ~45°, retraction
-- Bowden 3–6 mm / direct drive 0.5–2 mm); the Marlin G-code reference
-- (G0/G1, G28, G90/G91, G92, M82/M83, M104/M109, M140/M190, M106/M107,
-- M73); Prusa's binary G-code article (help.prusa3d.com/article/
-- binary-g-code_646763); the sample file is PrusaSlicer 2.5.0's output for
-- an Ender-3 (tests/data, from the project's corpus).
return {
  id = "M5",
  version = "1.0",
  languages = { "en", "sl", "hr", "sr-Latn", "sr-Cyrl", "bs", "cnr" },
  title = "Slicing and G-code",
  summary = "What the slicer's settings do (layers, walls, infill, supports, adhesion, retraction, cooling), reading G-code and predicting what the machine will do, and checking a sliced file before it is sent.",
  eqf_level = 4,
  workload_hours = 10,         -- 4 h guided + 6 h practice
  prerequisites = { "M1", "M2", "M3" },
  outcomes = {
    {
      id = "M5.LO1", kind = "knowledge", assessed_by = "quiz",
      title = "Slicer settings",
      text = "Explains layer height, walls, infill, supports, adhesion (skirt, brim, raft), retraction and cooling, and what each changes in a print.",
      pass = "At least 80 % in the slicing quiz (5 scenario questions drawn from a pool of 15).",
    },
    {
      id = "M5.LO2", kind = "skill", assessed_by = "printer",
      title = "Slice for a printer and material",
      text = "Slices a part for a given printer and material and delivers a file the printer can run.",
      pass = "The program reads the trainee's file: plain-text G-code (not .bgcode), no problem for this printer's profile (moves inside the volume, temperatures within its limits, no M862 check for another printer), every printing nozzle temperature in the material's window (PLA 195–220 °C) and bed 50–60 °C, one E mode throughout.",
    },
    {
      id = "M5.LO3", kind = "knowledge", assessed_by = "quiz",
      title = "Read G-code",
      text = "Reads short G-code excerpts and predicts what the machine will do.",
      pass = "At least 80 % in the G-code reading quiz (5 excerpts drawn from a pool of 15).",
    },
    {
      id = "M5.LO4", kind = "responsibility-autonomy", assessed_by = "trainer",
      title = "Check before sending",
      text = "Checks the file before sending it and defends the chosen settings for the portfolio bracket.",
      pass = "A trainer has heard the trainee justify the bracket's settings (layer height, walls, infill, supports, material) and seen the file checked before it was sent, and signs it off.",
    },
  },
  lessons = { "slicer-settings", "read-gcode", "check-file" },
}
