-- Module T, train-the-trainer: the teacher credential "FDM trainer"
-- (modules/credentials/fdm-trainer.lua). Outcomes T.1–T.5 of
-- curriculum-target.md; 8 h guided + 16 h practice + 6 h assessment = 30 h
-- (about 1 ECTS at 25–30 h per ECTS credit, ECTS Users' Guide 2015).
-- Sign-offs in this module are a master trainer's (the credential's
-- assessment rules).
return {
  id = "T",
  version = "1.0",
  languages = { "en", "sl", "hr", "sr-Latn", "sr-Cyrl", "bs", "cnr" },
  title = "Train the trainer",
  summary = "Explain what a micro-credential must state and how competence is assessed fairly, set up a training station, deliver the safety induction and fault drills, assess consistently, and keep assessment honest.",
  eqf_level = 5,
  workload_hours = 30,         -- 8 h guided + 16 h practice + 6 h assessment
  prerequisites = {},          -- operator-level experience (the credential's prerequisites)
  outcomes = {
    {
      id = "T.LO1", kind = "knowledge", assessed_by = "quiz",
      title = "Micro-credentials and assessment",
      text = "Explains the elements of a micro-credential (Council Recommendation 2022/C 243/02, Annex I), the EQF and national qualification levels, and the validity and reliability of competence assessment.",
      pass = "At least 80 % in the quiz (6 scenario questions drawn from a pool of 15).",
    },
    {
      id = "T.LO2", kind = "skill", assessed_by = "printer",
      title = "Configure a station",
      text = "Configures a training station: writes a printer profile from measured values, passes layerlab lint --strict, and sets the trainers' PINs.",
      pass = "The station's printer answers M115 and M503 (recorded); the travel and the heater limits the candidate measured and wrote match the profile the station runs (travel within 1 mm; the guard refuses targets above exactly the limits written); the candidate has run lint --strict clean and set the PINs.",
    },
    {
      id = "T.LO3", kind = "skill", assessed_by = "trainer",
      title = "Induction and fault drills",
      text = "Delivers the M1 safety induction and runs fault drills on the virtual printer.",
      pass = "A fault drill on the virtual printer is run to the end (the fault played, the printer halted with the firmware's error, the fault diagnosed, the printer reset and back with its heaters off), and a master trainer has observed a micro-teaching of the induction with the rubric and signs it off.",
    },
    {
      id = "T.LO4", kind = "skill", assessed_by = "trainer",
      title = "Assess consistently",
      text = "Assesses consistently: rates recorded performances the way the reference ratings do.",
      pass = "The candidate rates 6 recorded first-layer performances; at least 80 % agree with the master trainers' reference ratings, and a master trainer has discussed the differences and signs it off.",
    },
    {
      id = "T.LO5", kind = "responsibility-autonomy", assessed_by = "trainer",
      title = "Integrity of assessment",
      text = "Safeguards the integrity of assessment (no prompting, PIN secrecy, records, appeals) and handles incidents.",
      pass = "A master trainer has audited the candidate's sign-off notes (each names what was observed) and heard how a prompted assessment, a disclosed PIN and an appeal are handled, and signs it off.",
    },
  },
  lessons = { "credentials", "station", "induction-drills", "assess-integrity" },
}
