-- Module M1 of the micro-credential "FDM 3D printing — operator level":
-- safety and workshop rules. The reference module: it uses every kind of
-- check (quiz, printer, trainer) and is the example docs/authoring.md
-- walks through.
return {
  id = "M1",
  version = "1.0",
  languages = { "en", "sl", "hr", "sr-Latn", "sr-Cyrl", "bs", "cnr", "mk", "el", "lv" },
  title = "Safety and workshop rules",
  summary = "The hazards of FDM printing, how to stop a printer at once, when hot parts are safe to touch, and the rules of a shared workshop.",
  eqf_level = 4,
  -- shared/docs curriculum target: M1 is 3 h guided + 3 h practice; the
  -- credentials that count M1 (fdm-workshop-safety, fdm-operator) add up
  -- the same hours, which lint checks.
  workload_hours = 6,
  prerequisites = {},
  outcomes = {
    {
      id = "M1.LO1",
      kind = "knowledge",
      -- Quiz and trainer: the quiz must be passed before the trainer reads
      -- the risk assessment, and the trainer's sign-off is the result.
      assessed_by = "trainer",
      title = "FDM hazards and controls",
      text = "Explains the hazards of FDM work (hot surfaces and their burn thresholds, mains voltage, moving axes and pinch points, ultrafine particles and VOC including styrene, PTFE fumes above 240 °C, flammable isopropyl alcohol, fire) and ranks the controls against them by the hierarchy of controls.",
      pass = "At least 80 % in the hazards quiz (10 scenario questions drawn from a pool of 20), then a five-line risk assessment of the trainee's own workstation that the trainer accepts.",
    },
    {
      id = "M1.LO2",
      kind = "skill",
      assessed_by = "printer",
      title = "Safe to touch",
      text = "Reads the printer's temperature reports and judges when a heated part is safe to touch (below 45 °C).",
      pass = "The trainee says the nozzle is safe to touch only when the printer's reading at that moment is below 45 °C.",
    },
    {
      id = "M1.LO3",
      kind = "skill",
      assessed_by = "printer",
      title = "Stop functions",
      text = "Uses the printer's stop functions: the program's panic key (emergency stop, M112), the display's stop and reset, and the power switch.",
      pass = "In the panic drill the printer halts on the trainee's emergency stop while its reported position (M114) is still changing; after the reset it restarts, homes and reports the home position within 0.1 mm.",
    },
    {
      id = "M1.LO4",
      kind = "skill",
      assessed_by = "trainer",
      title = "Emergency procedures",
      text = "Performs the emergency procedure for a thermal-runaway message, for smoke or fire and for a burn.",
      pass = "In the thermal-runaway drill on the virtual printer the trainee keeps hands off, switches off at the mains, does not restart and reports, with the reaction time logged; the trainee talks the trainer through burn first aid (running water for at least 20 minutes); the trainer signs off.",
    },
    {
      id = "M1.LO5",
      kind = "responsibility-autonomy",
      assessed_by = "trainer",
      title = "Workshop rules",
      text = "Applies the workshop rules and reports faults unprompted.",
      pass = "A trainer has seen the rules kept without prompts (the pre-print checklist, the first layer watched, the workstation left clean) on at least three occasions in the practical work of M4–M6, and the trainee has written one fault report; the trainer signs off.",
    },
  },
  lessons = { "hazards", "stop-and-cool", "emergency-drill", "workshop-rules" },
}
