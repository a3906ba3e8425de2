-- Module M6 of the micro-credential "FDM 3D printing — operator": starting
-- and watching a print, a filament change in the middle of it, and a safe
-- cancel (docs/curriculum.md; the target is curriculum-target.md, outcomes
-- 6.1–6.5).
return {
  id = "M6",
  version = "1.0",
  languages = { "en", "sl", "hr", "sr-Latn", "sr-Cyrl", "bs", "cnr" },
  title = "Run and monitor a print",
  summary = "Start a print, watch the first layers and the temperatures, change the filament in the middle of a print, cancel safely and decide when a print must stop.",
  eqf_level = 4,
  workload_hours = 10,         -- 2 h guided + 8 h practice
  prerequisites = { "M1", "M2" },   -- and M5 (slicing) once it ships
  outcomes = {
    {
      id = "M6.LO1", kind = "knowledge", assessed_by = "quiz",
      title = "First-layer failures, pause or cancel",
      text = "Recognises the signs of a failing first layer and of a failing print (not sticking, too high, too low, spaghetti, a blob on the nozzle) and chooses between pause and cancel.",
      pass = "At least 80 % in the monitoring quiz (5 scenario questions drawn from a pool of 15).",
    },
    {
      id = "M6.LO2", kind = "skill", assessed_by = "printer",
      title = "Start and watch layers 1–2",
      text = "Starts a print, watches the first two layers and the temperatures, and gives a verdict on the first layers.",
      pass = "While layers 1 and 2 print, the nozzle and the bed stay within 2 °C of their targets once reached (at least one report of each), and the trainee's verdict at the pause after layer 2 is recorded.",
    },
    {
      id = "M6.LO3", kind = "skill", assessed_by = "printer",
      title = "Filament change mid-print",
      text = "Changes the filament in the middle of a print (M600): waits for the parked nozzle, loads and purges the new filament, and resumes.",
      pass = "The printer reports that it is paused for the user (busy: paused for user; where it asks on this screen, also the Nozzle Parked prompt), the trainee confirms the new colour runs clean, and the print resumes and completes; the time from pause to resume is logged. A printer that reports no pause (Klipper, RepRapFirmware): the trainer who watched the change signs it off.",
    },
    {
      id = "M6.LO4", kind = "skill", assessed_by = "printer",
      title = "Cancel safely",
      text = "Cancels a failing print so that the printer is left safe: heaters off, fan off, nozzle lifted off the part and parked.",
      pass = "The trainee chooses to cancel; the commands written to the printer then include M104 S0, M140 S0, M107, a Z lift and the park move, and the printer reports both heater targets at 0.",
    },
    {
      id = "M6.LO5", kind = "responsibility-autonomy", assessed_by = "trainer",
      title = "Decides to abort",
      text = "Decides on their own whether a print goes on, is paused or is stopped, and justifies the decision.",
      pass = "A trainer has read the trainee's verdicts and the print log, heard the justification, and signs it off.",
    },
  },
  lessons = { "first-layer", "watch-print", "change-and-cancel" },
}
