-- Micro-credential "FDM workshop safety": the first stackable part of
-- "FDM 3D printing — operator level". The awarding body, its country and
-- the default quality assurance come from the installation's configuration
-- (institution.* keys).
return {
  version = "1.0",
  title = {
    en = "FDM workshop safety",
    sl = "Varnost v delavnici za tiskanje FDM",
  },
  description = {
    en = "The holder works safely at an FDM 3D printer in a shared workshop: knows its hazards, stops it at once when needed, judges when hot parts are safe to touch, and follows the workshop rules without supervision.",
    sl = "Imetnik varno dela s 3D-tiskalnikom FDM v skupni delavnici: pozna nevarnosti, ga po potrebi takoj ustavi, presodi, kdaj se vročih delov lahko dotakne, in brez nadzora upošteva pravila delavnice.",
  },
  modules = { "M1" },
  eqf_level = 4,
  ects = 0.2,
  workload_hours = 5,
  assessment = {
    en = "Quiz at the workstation (pass mark 80 %), tasks verified on the printer with recorded measurements, and a trainer's sign-off of a practical checklist.",
    sl = "Kviz na delovnem mestu (meja 80 %), naloge, preverjene na tiskalniku z zabeleženimi meritvami, in potrditev praktičnega pregleda s strani inštruktorja.",
  },
  participation = "onsite",
  prerequisites = {
    en = "None.",
    sl = "Brez.",
  },
  supervision = "supervised-onsite-with-id",
  stackability = {
    en = "Counts toward the micro-credential \"FDM 3D printing — operator level\" (EQF 4, 2.5 ECTS).",
    sl = "Se šteje v mikrodokazilo »3D-tiskanje FDM — raven operaterja« (EOK 4, 2,5 ECTS).",
  },
}
