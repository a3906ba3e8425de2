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
    hr = "Sigurnost u radionici za FDM ispis",
    ["sr-Latn"] = "Bezbednost u radionici za FDM štampu",
    ["sr-Cyrl"] = "Безбедност у радионици за FDM штампу",
    bs = "Sigurnost u radionici za FDM printanje",
    cnr = "Bezbjednost u radionici za FDM štampu",
  },
  description = {
    en = "The holder works safely at an FDM 3D printer in a shared workshop: knows its hazards and the controls against them, stops it at once when needed and brings it back, judges when hot parts are safe to touch, acts in an emergency, and follows the workshop rules without supervision.",
    sl = "Imetnik varno dela s 3D-tiskalnikom FDM v skupni delavnici: pozna nevarnosti in ukrepe proti njim, ga po potrebi takoj ustavi in znova pripravi za delo, presodi, kdaj se vročih delov lahko dotakne, ukrepa v nujnih primerih in brez nadzora upošteva pravila delavnice.",
    hr = "Imatelj sigurno radi na FDM 3D pisaču u zajedničkoj radionici: poznaje njegove opasnosti i mjere zaštite od njih, po potrebi ga odmah zaustavlja i ponovno osposobljava za rad, procjenjuje kada je vruće dijelove sigurno dodirnuti, postupa u nuždi i bez nadzora poštuje pravila radionice.",
    ["sr-Latn"] = "Imalac bezbedno radi na FDM 3D štampaču u zajedničkoj radionici: poznaje njegove opasnosti i mere zaštite od njih, po potrebi ga odmah zaustavlja i ponovo osposobljava za rad, procenjuje kada je vruće delove bezbedno dodirnuti, postupa u hitnim slučajevima i bez nadzora poštuje pravila radionice.",
    ["sr-Cyrl"] = "Ималац безбедно ради на FDM 3D штампачу у заједничкој радионици: познаје његове опасности и мере заштите од њих, по потреби га одмах зауставља и поново оспособљава за рад, процењује када је вруће делове безбедно додирнути, поступа у хитним случајевима и без надзора поштује правила радионице.",
    bs = "Imalac sigurno radi na FDM 3D printeru u zajedničkoj radionici: poznaje njegove opasnosti i mjere zaštite od njih, po potrebi ga odmah zaustavlja i ponovo osposobljava za rad, procjenjuje kada je vruće dijelove sigurno dodirnuti, postupa u hitnim slučajevima i bez nadzora poštuje pravila radionice.",
    cnr = "Imalac bezbjedno radi na FDM 3D štampaču u zajedničkoj radionici: poznaje njegove opasnosti i mjere zaštite od njih, po potrebi ga odmah zaustavlja i ponovo osposobljava za rad, procjenjuje kada je vruće djelove bezbjedno dodirnuti, postupa u hitnim slučajevima i bez nadzora poštuje pravila radionice.",
  },
  modules = { "M1" },
  eqf_level = 4,
  -- The school states its national level; layerlab cannot know it. A
  -- micro-credential is placed in a national framework only by the
  -- national procedure, so the shipped text says that it is not.
  national_level = {
    en = "Not placed in a national qualifications framework (EQF level 4 stated by the awarding body)",
    sl = "Ni umeščeno v nacionalno ogrodje kvalifikacij (raven EOK 4 navaja izvajalec)",
    hr = "Nije razvrstano u nacionalni kvalifikacijski okvir (razinu EKO 4 navodi izdavatelj)",
    ["sr-Latn"] = "Nije razvrstano u nacionalni okvir kvalifikacija (nivo EOK 4 navodi izdavalac)",
    ["sr-Cyrl"] = "Није разврстано у национални оквир квалификација (ниво ЕОК 4 наводи издавалац)",
    bs = "Nije razvrstano u nacionalni kvalifikacijski okvir (nivo EKO 4 navodi izdavač)",
    cnr = "Nije razvrstano u nacionalni okvir kvalifikacija (nivo EOK 4 navodi izdavalac)",
  },
  ects = 0.2,
  workload_hours = 6,
  hours = { contact = 3, practice = 3, self_study = 0 },
  minimum_age = 15,
  assessment = {
    en = "Quiz at the workstation (pass mark 80 %), tasks verified on the printer with recorded measurements, and trainer sign-offs of observed practice.",
    sl = "Kviz na delovnem mestu (meja 80 %), naloge, preverjene na tiskalniku z zabeleženimi meritvami, in mentorjeve potrditve opazovanega dela.",
    hr = "Kviz na radnom mjestu (prag prolaznosti 80 %), zadaci provjereni na pisaču sa zabilježenim mjerenjima i instruktorove ovjere promatranog rada.",
    ["sr-Latn"] = "Kviz na radnom mestu (prag prolaznosti 80 %), zadaci provereni na štampaču sa zabeleženim merenjima i overe instruktora za posmatrani rad.",
    ["sr-Cyrl"] = "Квиз на радном месту (праг пролазности 80 %), задаци проверени на штампачу са забележеним мерењима и овере инструктора за посматрани рад.",
    bs = "Kviz na radnom mjestu (prag prolaznosti 80 %), zadaci provjereni na printeru sa zabilježenim mjerenjima i ovjere instruktora za posmatrani rad.",
    cnr = "Kviz na radnom mjestu (prag prolaznosti 80 %), zadaci provjereni na štampaču sa zabilježenim mjerenjima i ovjere instruktora za posmatrani rad.",
  },
  assessment_rules = {
    en = "Every learning outcome is assessed on its own and must be passed; safety outcomes cannot be compensated by other results. A learner who does not pass an outcome may re-sit it after further practice, at the earliest on the next training day; a quiz re-sit draws new questions.",
    sl = "Vsak učni izid se preverja posebej in mora biti dosežen; varnostnih izidov ni mogoče nadomestiti z drugimi rezultati. Kdor izida ne doseže, ga lahko ponovno opravlja po dodatni vaji, najprej naslednji dan usposabljanja; ponovni kviz izbere nova vprašanja.",
    hr = "Svaki se ishod učenja vrednuje zasebno i mora biti postignut; sigurnosni ishodi ne mogu se nadoknaditi drugim rezultatima. Polaznik koji ne postigne ishod može ga ponovno polagati nakon dodatne vježbe, najranije sljedećeg dana obuke; ponovljeni kviz izvlači nova pitanja.",
    ["sr-Latn"] = "Svaki ishod učenja vrednuje se zasebno i mora biti postignut; bezbednosni ishodi ne mogu se nadoknaditi drugim rezultatima. Polaznik koji ne postigne ishod može ponovo da ga polaže posle dodatne vežbe, najranije sledećeg dana obuke; ponovljeni kviz izvlači nova pitanja.",
    ["sr-Cyrl"] = "Сваки исход учења вреднује се засебно и мора бити постигнут; безбедносни исходи не могу се надокнадити другим резултатима. Полазник који не постигне исход може поново да га полаже после додатне вежбе, најраније следећег дана обуке; поновљени квиз извлачи нова питања.",
    bs = "Svaki ishod učenja vrednuje se zasebno i mora biti postignut; sigurnosni ishodi ne mogu se nadoknaditi drugim rezultatima. Polaznik koji ne postigne ishod može ga ponovo polagati nakon dodatne vježbe, najranije sljedećeg dana obuke; ponovljeni kviz izvlači nova pitanja.",
    cnr = "Svaki ishod učenja vrednuje se zasebno i mora biti postignut; bezbjednosni ishodi ne mogu se nadoknaditi drugim rezultatima. Polaznik koji ne postigne ishod može ponovo da ga polaže poslije dodatne vježbe, najranije sljedećeg dana obuke; ponovljeni kviz izvlači nova pitanja.",
  },
  -- A teaching choice, not a legal figure: safety knowledge fades, so the
  -- school asks for the M1 drills again after two years.
  refresh_months = 24,
  participation = "onsite",
  prerequisites = {
    en = "Minimum age 15; the school's statutory occupational safety and health induction completed.",
    sl = "Najmanj 15 let; opravljeno zakonsko predpisano uvodno usposabljanje za varnost in zdravje pri delu na šoli.",
    hr = "Najmanje 15 godina; završeno zakonom propisano osposobljavanje za rad na siguran način u školi.",
    ["sr-Latn"] = "Najmanje 15 godina; završena zakonom propisana obuka za bezbedan i zdrav rad u školi.",
    ["sr-Cyrl"] = "Најмање 15 година; завршена законом прописана обука за безбедан и здрав рад у школи.",
    bs = "Najmanje 15 godina; završena zakonom propisana obuka iz zaštite na radu u školi.",
    cnr = "Najmanje 15 godina; završena zakonom propisana obuka za bezbjedan i zdrav rad u školi.",
  },
  quality_assurance = {
    en = "Internal quality assurance of the awarding body: outcomes agreed with employers; assessors hold the FDM trainer credential; every result and sign-off is kept in a signed, verifiable audit chain, and a second trainer reviews a sample of sign-offs each term.",
    sl = "Notranje zagotavljanje kakovosti izvajalca: izidi, usklajeni z delodajalci; ocenjevalci imajo dokazilo mentor za tiskanje FDM; vsak rezultat in potrditev sta shranjena v podpisani, preverljivi revizijski verigi, drugi mentor pa vsak semester pregleda vzorec potrditev.",
    hr = "Unutarnje osiguravanje kvalitete izdavatelja: ishodi usuglašeni s poslodavcima; ocjenjivači imaju mikrokvalifikaciju FDM instruktor; svaki rezultat i ovjera čuvaju se u potpisanom, provjerljivom revizijskom lancu, a drugi instruktor svako polugodište pregledava uzorak ovjera.",
    ["sr-Latn"] = "Interno obezbeđivanje kvaliteta izdavaoca: ishodi usaglašeni sa poslodavcima; ocenjivači imaju mikrokvalifikaciju FDM instruktor; svaki rezultat i overa čuvaju se u potpisanom, proverljivom revizijskom lancu, a drugi instruktor svakog polugodišta pregleda uzorak overa.",
    ["sr-Cyrl"] = "Интерно обезбеђивање квалитета издаваоца: исходи усаглашени са послодавцима; оцењивачи имају микроквалификацију FDM инструктор; сваки резултат и овера чувају се у потписаном, проверљивом ревизијском ланцу, а други инструктор сваког полугодишта прегледа узорак овера.",
    bs = "Interno osiguranje kvaliteta izdavača: ishodi usaglašeni s poslodavcima; ocjenjivači imaju mikrokvalifikaciju FDM instruktor; svaki rezultat i ovjera čuvaju se u potpisanom, provjerljivom revizijskom lancu, a drugi instruktor svakog polugodišta pregleda uzorak ovjera.",
    cnr = "Interno obezbjeđivanje kvaliteta izdavaoca: ishodi usaglašeni sa poslodavcima; ocjenjivači imaju mikrokvalifikaciju FDM instruktor; svaki rezultat i ovjera čuvaju se u potpisanom, provjerljivom revizijskom lancu, a drugi instruktor svakog polugodišta pregleda uzorak ovjera.",
  },
  supervision = "supervised-onsite-with-id",
  stackability = {
    en = "Part of the micro-credential \"FDM 3D printing — operator level\" (EQF 4, 2.5 ECTS): a holder does not repeat module M1 there.",
    sl = "Del mikrodokazila »3D-tiskanje FDM — raven operaterja« (EOK 4, 2,5 ECTS): imetnik tam ne ponavlja modula M1.",
    hr = "Dio mikrokvalifikacije „FDM 3D ispis — razina operatera” (EKO 4, 2,5 ECTS): imatelj ondje ne ponavlja modul M1.",
    ["sr-Latn"] = "Deo mikrokvalifikacije „FDM 3D štampa — nivo operatera” (EOK 4, 2,5 ECTS): imalac tamo ne ponavlja modul M1.",
    ["sr-Cyrl"] = "Део микроквалификације „FDM 3D штампа — ниво оператера” (ЕОК 4, 2,5 ECTS): ималац тамо не понавља модул M1.",
    bs = "Dio mikrokvalifikacije „FDM 3D printanje — nivo operatera” (EKO 4, 2,5 ECTS): imalac tamo ne ponavlja modul M1.",
    cnr = "Dio mikrokvalifikacije „FDM 3D štampa — nivo operatera” (EOK 4, 2,5 ECTS): imalac tamo ne ponavlja modul M1.",
  },
}
