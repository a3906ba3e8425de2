-- Module M8 of the micro-credential "FDM 3D printing — operator":
-- maintenance and troubleshooting: reading symptoms and firmware errors,
-- calibrating the extruder's steps per mm, tuning the hotend's PID, clearing
-- a clog, and the maintenance log (docs/curriculum.md; the target is
-- curriculum-target.md, outcomes 8.1–8.5).
return {
  id = "M8",
  version = "1.0",
  languages = { "en", "sl", "hr", "sr-Latn", "sr-Cyrl", "bs", "cnr" },
  title = "Maintenance and troubleshooting",
  summary = "Map symptoms to causes and remedies, read the firmware's error messages, calibrate the extruder (E-steps), tune the hotend's temperature control (PID), clear a clog, and keep the maintenance log.",
  eqf_level = 4,
  workload_hours = 12,         -- 4 h guided + 8 h practice
  prerequisites = { "M1", "M6" },
  outcomes = {
    {
      id = "M8.LO1", kind = "knowledge", assessed_by = "quiz",
      title = "Symptom, cause, remedy; firmware errors",
      text = "Maps a print's symptoms to their likely causes and first remedies, and interprets the firmware's error messages (Thermal Runaway, Heating failed, MINTEMP, MAXTEMP) and what to do about them.",
      pass = "At least 80 % in the troubleshooting quiz (5 scenario questions with real firmware logs, drawn from a pool of 15).",
    },
    {
      id = "M8.LO2", kind = "skill", assessed_by = "printer",
      title = "Calibrate E-steps",
      text = "Calibrates the extruder's steps per mm: measures a 100 mm test extrusion, works out the new value, has it set and saved, and re-tests.",
      pass = "M503 gives the old M92 E; after the 100 mm test the new value is set with M92 and saved with M500 (the trainer's yes); M501 and M503 read it back; the re-test extrudes 100 mm within ±1 %.",
    },
    {
      id = "M8.LO3", kind = "skill", assessed_by = "printer",
      title = "PID autotune",
      text = "Runs the hotend's PID autotune, reads its progress and result, saves it and checks that the temperature then holds.",
      pass = "M303 E0 S<print temperature> C8 U1 reports its cycles and Kp, Ki, Kd; the result is saved with M500 (the trainer's yes) and M503 shows it in M301; afterwards the nozzle holds within ±1 °C of the target for 60 s.",
    },
    {
      id = "M8.LO4", kind = "skill", assessed_by = "trainer",
      title = "Clear a clog, replace a nozzle",
      text = "Clears a clog with a cold pull and replaces a nozzle safely (hot tightening, the right tools, the heater block held).",
      pass = "A trainer has watched a cold pull that cleared the nozzle and a nozzle replacement done hot with the block held, and signs it off.",
    },
    {
      id = "M8.LO5", kind = "responsibility-autonomy", assessed_by = "trainer",
      title = "Maintenance log, escalation",
      text = "Keeps the printer's maintenance log and escalates electrical faults instead of repairing them.",
      pass = "A trainer has audited the trainee's maintenance log entries (date, printer, symptom, action, result, values changed) and heard how an electrical fault is escalated, and signs it off.",
    },
  },
  lessons = { "faults", "e-steps", "pid-tune", "clog-and-log" },
}
