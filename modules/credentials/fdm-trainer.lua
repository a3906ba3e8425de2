-- Micro-credential "FDM trainer" (EQF 5): module T, train-the-trainer, of
-- shared/docs curriculum target: 8 h guided + 16 h practice + 6 h
-- assessment = 30 h ≈ 1 ECTS. With signoff_requires = fdm-trainer in the
-- configuration only its holders sign off outcomes of the other modules.
return {
  version = "1.0",
  title = {
    en = "FDM trainer",
    sl = "Mentor za tiskanje FDM",
  },
  description = {
    en = "The holder teaches and assesses FDM 3D printing in a VET workshop: sets up a training station and its printer profile, delivers the safety induction and fault drills, assesses consistently against reference ratings, and safeguards the integrity of assessment and records.",
    sl = "Imetnik poučuje in preverja 3D-tiskanje FDM v poklicni delavnici: pripravi učno mesto in profil tiskalnika, izvede uvodno varnostno usposabljanje in vaje ob napakah, dosledno ocenjuje glede na referenčne ocene ter varuje neoporečnost preverjanja in evidenc.",
  },
  planned_modules = { "T" },
  eqf_level = 5,
  national_level = {
    en = "Not placed in a national qualifications framework (EQF level 5 stated by the awarding body)",
    sl = "Ni umeščeno v nacionalno ogrodje kvalifikacij (raven EOK 5 navaja izvajalec)",
  },
  ects = 1,
  workload_hours = 30,
  hours = { contact = 14, practice = 16, self_study = 0 },
  minimum_age = 18,
  assessment = {
    en = "Quiz (pass mark 80 %), a station configuration checked by layerlab lint and against the school printer's own report, observed micro-teaching rated by a master trainer, and rating agreement with reference ratings (at least 80 %).",
    sl = "Kviz (meja 80 %), nastavitev učnega mesta, preverjena z layerlab lint in s poročilom šolskega tiskalnika, opazovan mikropouk, ki ga oceni glavni mentor, in ujemanje ocen z referenčnimi ocenami (najmanj 80 %).",
  },
  assessment_rules = {
    en = "Every learning outcome is assessed on its own and must be passed. Rating agreement below 80 % is re-sat with a new set of recorded performances. Sign-offs in this module are given by a master trainer.",
    sl = "Vsak učni izid se preverja posebej in mora biti dosežen. Ujemanje ocen pod 80 % se ponovi z novim naborom posnetih izvedb. Izide tega modula potrdi glavni mentor.",
  },
  participation = "onsite",
  prerequisites = {
    en = "A teacher or workshop instructor of the school; experience of FDM printing at operator level.",
    sl = "Učitelj ali učitelj praktičnega pouka na šoli; izkušnje s tiskanjem FDM na ravni operaterja.",
  },
  quality_assurance = {
    en = "Internal quality assurance of the awarding body: master trainers agree reference ratings before each course; every sign-off is kept in a signed, verifiable audit chain and audited.",
    sl = "Notranje zagotavljanje kakovosti izvajalca: glavni mentorji pred vsakim tečajem uskladijo referenčne ocene; vsaka potrditev je shranjena v podpisani, preverljivi revizijski verigi in revidirana.",
  },
  supervision = "supervised-onsite-with-id",
  stackability = {
    en = "A separate teacher credential; with signoff_requires = fdm-trainer only its holders sign off outcomes of the FDM operator modules.",
    sl = "Samostojno dokazilo za učitelje; z nastavitvijo signoff_requires = fdm-trainer lahko izide modulov za operaterja potrjujejo le njegovi imetniki.",
  },
}
