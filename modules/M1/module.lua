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
  workload_hours = 5,          -- 3 h guided + 2 h practice
  prerequisites = {},
  outcomes = {
    {
      id = "M1.LO1",
      kind = "knowledge",
      assessed_by = "quiz",
      title = "FDM hazards",
      text = "Explains the hazards of FDM work (hot surfaces and their burn thresholds, mains voltage, moving axes and pinch points, ultrafine particles and VOC including styrene, PTFE fumes above 240 °C, flammable isopropyl alcohol, fire) and what to do in an emergency.",
      pass = "At least 80 % in the hazards quiz (10 scenario questions drawn from a pool of 18).",
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
      kind = "responsibility-autonomy",
      assessed_by = "trainer",
      title = "Workshop rules",
      text = "Follows the workshop rules without supervision: does the pre-print checklist unprompted, never leaves the first layer unattended and reports faults.",
      pass = "A trainer has seen the pre-print checklist done without prompts (ventilation on, work area clear, filament fits the job, no loose cables) on at least three occasions, and signs it off.",
    },
  },
  lessons = { "hazards", "stop-and-cool", "workshop-rules" },
}
