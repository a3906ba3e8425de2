-- Module M4 of the micro-credential "FDM 3D printing — operator": the bed,
-- levelling and the Z offset (curriculum-target.md, outcomes 4.1–4.6).
-- Sources: Marlin G-code reference for G29, M420, M851, M500/M501/M503
-- (marlinfw.org/docs/gcode) and its source (M420.cpp, bedlevel.cpp);
-- Prusa-Firmware G80/G81 (Marlin_main.cpp, mesh_bed_leveling.cpp);
-- domain.md §1 M4 (paper method, 0.3 mm re-tram threshold, a teaching
-- choice). The lessons cite them where a figure appears.
return {
  id = "M4",
  version = "1.0",
  languages = { "en", "sl", "hr", "sr-Latn", "sr-Cyrl", "bs", "cnr" },
  title = "Bed, levelling and Z offset",
  summary = "Build sheets and their cleaning; tramming a bed with the paper method at printing temperature; probing and reading a mesh; setting and saving the Z offset; printing and judging a first-layer test; deciding when to level again.",
  eqf_level = 4,
  workload_hours = 9,          -- 3 h guided + 6 h practice
  prerequisites = { "M1", "M2", "M3" },
  outcomes = {
    {
      id = "M4.LO1", kind = "knowledge", assessed_by = "quiz",
      title = "Tramming, mesh, Z offset; sheets",
      text = "Distinguishes tramming, mesh levelling and the Z offset, and chooses and cleans build sheets (smooth and textured PEI, glass).",
      pass = "At least 80 % in the bed quiz (5 scenario questions drawn from a pool of 15).",
    },
    {
      id = "M4.LO2", kind = "skill", assessed_by = "printer",
      title = "Tram at printing temperature",
      text = "Trams a manual bed with the paper method at printing temperature, corner by corner.",
      pass = "The printer's log shows all four corners visited at Z 0 with the bed within 2 °C of its printing temperature (M114, M105); a trainer confirms the paper drag by feel.",
    },
    {
      id = "M4.LO3", kind = "skill", assessed_by = "printer",
      title = "Run and read a mesh",
      text = "Probes a bed mesh, reads the grid the firmware reports and decides whether the bed must be trammed first.",
      pass = "The mesh (G29 then M420 V; Prusa G80 then G81) is read back as a grid, and the trainee's decision agrees with its range (re-tram above 0.3 mm, a teaching threshold).",
    },
    {
      id = "M4.LO4", kind = "skill", assessed_by = "printer",
      title = "Set and save the Z offset",
      text = "Works out the new Z offset from a paper test, sets it with M851, saves it with M500 and proves it was saved.",
      pass = "M503 shows the old M851 Z, the trainee's new value is right within 0.01 mm, and after M500 and M501 the re-read M851 Z equals it.",
    },
    {
      id = "M4.LO5", kind = "skill", assessed_by = "printer",
      title = "First-layer test",
      text = "Prints a first-layer test of four corner pads and rates each pad against reference photos.",
      pass = "The pads are printed to the end with the Z offset recorded, and a trainer agrees with the trainee's rating by feel and eye.",
    },
    {
      id = "M4.LO6", kind = "responsibility-autonomy", assessed_by = "trainer",
      title = "When to level again",
      text = "Decides, without being told, when a bed must be trammed or probed again (after a sheet change, a crash, transport, a failing first layer).",
      pass = "A trainer has seen the trainee check and re-level when one of these occurred, on at least two occasions, and signs it off.",
    },
  },
  lessons = { "bed-basics", "tram-and-mesh", "z-offset" },
}
