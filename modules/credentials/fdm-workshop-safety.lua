-- Micro-credential "FDM workshop safety": the first stackable part of
-- "FDM 3D printing — operator level" (fdm-operator builds on it). The
-- awarding body and its country come from the installation's configuration
-- (institution.* keys). Hours per shared/docs curriculum target: M1 is
-- 3 h guided + 3 h practice.
return {
  version = "1.1",
  title = {
    en = "FDM workshop safety",
    sl = "Varnost v delavnici za tiskanje FDM",
  },
  description = {
    en = "The holder works safely at an FDM 3D printer in a shared workshop: knows its hazards and the controls against them, stops it at once when needed and brings it back, judges when hot parts are safe to touch, acts in an emergency, and follows the workshop rules without supervision.",
    sl = "Imetnik varno dela s 3D-tiskalnikom FDM v skupni delavnici: pozna nevarnosti in ukrepe proti njim, ga po potrebi takoj ustavi in znova pripravi za delo, presodi, kdaj se vročih delov lahko dotakne, ukrepa v nujnih primerih in brez nadzora upošteva pravila delavnice.",
  },
  modules = { "M1" },
  eqf_level = 4,
  -- The school states its national level; layerlab cannot know it. A
  -- micro-credential is placed in a national framework only by the
  -- national procedure, so the shipped text says that it is not.
  national_level = {
    en = "Not placed in a national qualifications framework (EQF level 4 stated by the awarding body)",
    sl = "Ni umeščeno v nacionalno ogrodje kvalifikacij (raven EOK 4 navaja izvajalec)",
  },
  ects = 0.2,
  workload_hours = 6,
  hours = { contact = 3, practice = 3, self_study = 0 },
  minimum_age = 15,
  assessment = {
    en = "Quiz at the workstation (pass mark 80 %), tasks verified on the printer with recorded measurements, and trainer sign-offs of observed practice.",
    sl = "Kviz na delovnem mestu (meja 80 %), naloge, preverjene na tiskalniku z zabeleženimi meritvami, in mentorjeve potrditve opazovanega dela.",
  },
  assessment_rules = {
    en = "Every learning outcome is assessed on its own and must be passed; safety outcomes cannot be compensated by other results. A learner who does not pass an outcome may re-sit it after further practice, at the earliest on the next training day; a quiz re-sit draws new questions.",
    sl = "Vsak učni izid se preverja posebej in mora biti dosežen; varnostnih izidov ni mogoče nadomestiti z drugimi rezultati. Kdor izida ne doseže, ga lahko ponovno opravlja po dodatni vaji, najprej naslednji dan usposabljanja; ponovni kviz izbere nova vprašanja.",
  },
  -- A teaching choice, not a legal figure: safety knowledge fades, so the
  -- school asks for the M1 drills again after two years.
  refresh_months = 24,
  participation = "onsite",
  prerequisites = {
    en = "Minimum age 15; the school's statutory occupational safety and health induction completed.",
    sl = "Najmanj 15 let; opravljeno zakonsko predpisano uvodno usposabljanje za varnost in zdravje pri delu na šoli.",
  },
  quality_assurance = {
    en = "Internal quality assurance of the awarding body: outcomes agreed with employers; assessors hold the FDM trainer credential; every result and sign-off is kept in a signed, verifiable audit chain, and a second trainer reviews a sample of sign-offs each term.",
    sl = "Notranje zagotavljanje kakovosti izvajalca: izidi, usklajeni z delodajalci; ocenjevalci imajo dokazilo mentor za tiskanje FDM; vsak rezultat in potrditev sta shranjena v podpisani, preverljivi revizijski verigi, drugi mentor pa vsak semester pregleda vzorec potrditev.",
  },
  supervision = "supervised-onsite-with-id",
  stackability = {
    en = "Part of the micro-credential \"FDM 3D printing — operator level\" (EQF 4, 2.5 ECTS): a holder does not repeat module M1 there.",
    sl = "Del mikrodokazila »3D-tiskanje FDM — raven operaterja« (EOK 4, 2,5 ECTS): imetnik tam ne ponavlja modula M1.",
  },
}
