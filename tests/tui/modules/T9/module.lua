-- A module for the training-screen tests: every interaction the screen
-- offers, in three scripts (Latin with diacritics, Cyrillic, Greek).
return {
  id = "T9",
  version = "1.0",
  languages = { "en", "sl", "sr-Cyrl", "el" },
  title = {
    en = "Screen test module", sl = "Preizkusni modul za zaslon",
    ["sr-Cyrl"] = "Пробни модул екрана", el = "Δοκιμαστική ενότητα οθόνης",
  },
  summary = {
    en = "Questions, a printer step and a trainer sign-off.",
    sl = "Vprašanja, korak s tiskalnikom in potrditev inštruktorja.",
    ["sr-Cyrl"] = "Питања, корак са штампачем и потврда инструктора.",
    el = "Ερωτήσεις, ένα βήμα με τον εκτυπωτή και υπογραφή εκπαιδευτή.",
  },
  eqf_level = 4,
  workload_hours = 1,
  prerequisites = {},
  outcomes = {
    {
      id = "T9.Q", kind = "knowledge", assessed_by = "quiz",
      text = { en = "Answers a question about nozzle temperatures.", sl = "Odgovori na vprašanje o temperaturi šobe.",
               ["sr-Cyrl"] = "Одговара на питање о температури млазнице.", el = "Απαντά σε ερώτηση για τη θερμοκρασία του ακροφυσίου." },
      pass = { en = "The right answer.", sl = "Pravilen odgovor.", ["sr-Cyrl"] = "Тачан одговор.", el = "Η σωστή απάντηση." },
    },
    {
      id = "T9.P", kind = "skill", assessed_by = "printer",
      text = { en = "Homes and heats the printer.", sl = "Postavi tiskalnik v izhodišče in ga segreje.",
               ["sr-Cyrl"] = "Враћа штампач у почетни положај и загрева га.", el = "Επαναφέρει και θερμαίνει τον εκτυπωτή." },
      pass = { en = "The nozzle reaches 150 °C.", sl = "Šoba doseže 150 °C.", ["sr-Cyrl"] = "Млазница достиже 150 °C.", el = "Το ακροφύσιο φτάνει τους 150 °C." },
    },
    {
      id = "T9.T", kind = "responsibility-autonomy", assessed_by = "trainer",
      text = { en = "Works safely, as a trainer confirms.", sl = "Dela varno, kar potrdi inštruktor.",
               ["sr-Cyrl"] = "Ради безбедно, што потврђује инструктор.", el = "Εργάζεται με ασφάλεια, όπως επιβεβαιώνει ο εκπαιδευτής." },
      pass = { en = "A trainer signs off.", sl = "Inštruktor potrdi.", ["sr-Cyrl"] = "Инструктор потврђује.", el = "Ο εκπαιδευτής υπογράφει." },
    },
    {
      id = "T9.S", kind = "skill", assessed_by = "printer",
      text = { en = "Stops the printer with the panic key.", sl = "Ustavi tiskalnik s tipko za zaustavitev v sili.",
               ["sr-Cyrl"] = "Зауставља штампач тастером за хитно заустављање.", el = "Σταματά τον εκτυπωτή με το πλήκτρο έκτακτης ανάγκης." },
      pass = { en = "The printer halts.", sl = "Tiskalnik se ustavi.", ["sr-Cyrl"] = "Штампач се зауставља.", el = "Ο εκτυπωτής σταματά." },
    },
  },
  lessons = { "tour", "table", "waits", "stop", "cold", "observe" },
}
