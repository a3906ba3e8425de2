-- Module M2 of the micro-credential "FDM 3D printing — operator": the
-- machine's anatomy and how it moves (docs/curriculum.md; the target is
-- curriculum-target.md, outcomes 2.1–2.4).
return {
  id = "M2",
  version = "1.0",
  languages = { "en", "sl", "hr", "sr-Latn", "sr-Cyrl", "bs", "cnr" },
  title = "Anatomy and motion",
  summary = "How an FDM printer is built and moves: kinematics, endstops and probes, machine coordinates, homing, reading the position and jogging safely.",
  eqf_level = 4,
  workload_hours = 7,          -- 3 h guided + 4 h practice
  prerequisites = { "M1" },
  outcomes = {
    {
      id = "M2.LO1", kind = "knowledge", assessed_by = "quiz",
      title = "Kinematics and coordinates",
      text = "Explains Cartesian (bed-slinger) and CoreXY kinematics, endstops and probes, machine coordinates and soft endstops.",
      pass = "At least 80 % in the anatomy quiz (8 scenario questions drawn from a pool of 12).",
    },
    {
      id = "M2.LO2", kind = "skill", assessed_by = "printer",
      title = "Connect, identify, home",
      text = "Connects to the printer, identifies its firmware, homes it and reads the position.",
      pass = "M115 names the firmware; after two G28 with a move between, M114 reads the same home position within 0.1 mm on every axis.",
    },
    {
      id = "M2.LO3", kind = "skill", assessed_by = "printer",
      title = "Endstops and jogging",
      text = "Tests an endstop by hand with M119, jogs an axis by a chosen distance in relative mode and confirms the position the printer reports.",
      pass = "M119 reads the tested switch open, TRIGGERED while the trainee holds it and open again; after G91, a 10 mm X move, G90 and M400, M114 reads X 10 mm from home within 0.1 mm.",
    },
    {
      id = "M2.LO4", kind = "responsibility-autonomy", assessed_by = "trainer",
      title = "Axes free before moving",
      text = "Checks that the axes are free (no part, tool, clip or hand in the way) before every move, without being reminded.",
      pass = "A trainer has seen the check made unprompted before homing and jogging, and signs it off.",
    },
  },
  lessons = { "anatomy", "home-and-jog" },
}
