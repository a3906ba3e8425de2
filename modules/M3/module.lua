-- Module M3 of the micro-credential "FDM 3D printing — operator": materials
-- and filament handling (curriculum-target.md, outcomes 3.1–3.4).
-- Material figures: Ultimaker fdm_materials (generic_pla, generic_petg_175,
-- generic_abs, generic_tpu), BambuStudio filament profiles (drying), Marlin
-- Configuration.h (EXTRUDE_MINTEMP 170); the lessons cite them line by line.
return {
  id = "M3",
  version = "1.0",
  languages = { "en", "sl", "hr", "sr-Latn", "sr-Cyrl", "bs", "cnr" },
  title = "Materials and filament",
  summary = "Processing windows, storage and drying, safety and technical data sheets; preheating to a stable temperature; loading, purging and unloading filament; choosing the material for a job.",
  eqf_level = 4,
  workload_hours = 7,          -- 3 h guided + 4 h practice
  prerequisites = { "M1", "M2" },
  outcomes = {
    {
      id = "M3.LO1", kind = "knowledge", assessed_by = "quiz",
      title = "Materials, storage and data sheets",
      text = "States the processing windows of PLA, PETG, ABS/ASA and TPU, how filament is stored and dried, and finds processing and safety information in a technical and a safety data sheet.",
      pass = "At least 80 % in the materials quiz (5 scenario questions drawn from a pool of 15).",
    },
    {
      id = "M3.LO2", kind = "skill", assessed_by = "printer",
      title = "Preheat to a stable temperature",
      text = "Preheats the nozzle for a given material and confirms that the temperature is stable before extruding.",
      pass = "The trainee chooses the material's nozzle temperature (PLA: 195–220 °C); the printer reaches it, and its reports stay within ±2 °C for 60 s (heat-up time and heater power logged).",
    },
    {
      id = "M3.LO3", kind = "skill", assessed_by = "printer",
      title = "Load, purge, unload; cold-extrusion protection",
      text = "Loads, purges and unloads filament at printing temperature, and explains why the firmware refuses to extrude with a cold nozzle.",
      pass = "The printer's log shows the extrusion only at or above the material's temperature and the firmware's 'cold extrusion prevented' for the cold attempt; the trainee predicts the refusal; a trainer confirms the purge ran until the colour was clean.",
    },
    {
      id = "M3.LO4", kind = "responsibility-autonomy", assessed_by = "trainer",
      title = "Material choice and spool log",
      text = "Chooses the material for a job from its requirements and keeps the spool log (material, opened, humidity, drying) without being reminded.",
      pass = "A trainer has seen, on at least two jobs, the material chosen with a stated reason and the spool logbook filled in unprompted, and signs it off.",
    },
  },
  lessons = { "materials", "preheat-and-load", "choose-and-log" },
}
