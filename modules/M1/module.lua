-- Module M1 of the micro-credential "FDM 3D printing — operator level":
-- safety and workshop rules. The reference module: it uses every kind of
-- check (quiz, printer, trainer) and is the example docs/authoring.md
-- walks through.
return {
  id = "M1",
  version = "1.0",
  languages = { "en", "sl" },
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
      text = "Names the hazards of FDM work: nozzles at 190–300 °C and beds at 60–110 °C, mains-voltage parts, moving axes and pinch points, ultrafine particles and VOC emissions, sharp tools and flammable isopropyl alcohol.",
      pass = "At least 80 % in the hazards quiz (10 questions drawn from a pool of 14).",
    },
    {
      id = "M1.LO2",
      kind = "skill",
      assessed_by = "printer",
      title = "Safe to touch",
      text = "Reads the printer's temperature reports and judges when a heated part is safe to touch (below 45 °C).",
      pass = "The predicted time until the nozzle is below 45 °C is within 30 s, or within 25 % of the time the printer's readings show.",
    },
    {
      id = "M1.LO3",
      kind = "skill",
      assessed_by = "printer",
      title = "Stop functions",
      text = "Uses the printer's stop functions: the program's panic key (emergency stop, M112), the display's stop and reset, and the power switch.",
      pass = "In the panic drill the emergency stop is triggered while the axes move, and the printer reports that it has halted.",
    },
    {
      id = "M1.LO4",
      kind = "responsibility-autonomy",
      assessed_by = "trainer",
      title = "Workshop rules",
      text = "Follows the workshop rules without supervision: does the pre-print checklist unprompted, never leaves the first layer unattended and reports faults.",
      pass = "A trainer watches the pre-print checklist done without prompts (ventilation on, area clear, filament fits the job, no loose cables) and signs it off.",
    },
  },
  lessons = { "hazards", "stop-and-cool", "workshop-rules" },
}
