-- The lesson the screen tests walk through.
return lesson {
  id = "tour",
  title = { en = "Screen tour", sl = "Ogled zaslona", ["sr-Cyrl"] = "Обилазак екрана", el = "Περιήγηση οθόνης" },
  outcomes = { "T9.Q", "T9.P", "T9.T", "T9.S" },
  needs = { printer = true },

  step({ id = "read", title = { en = "Read", sl = "Beri", ["sr-Cyrl"] = "Читај", el = "Διάβασε" } }, function()
    heading { en = "Hot parts", sl = "Vroči deli: šoba, grelec, žarnica", ["sr-Cyrl"] = "Врући делови: млазница и грејач", el = "Θερμά μέρη: ακροφύσιο και θερμαντήρας" }
    say { en = "The nozzle works at **190–300 °C**.", sl = "Šoba deluje pri **190–300 °C**; čiščenje, žarjenje, ključ.",
          ["sr-Cyrl"] = "Млазница ради на **190–300 °C**; љуљашка, њушка, ђак, џеп, ћуп.",
          el = "Το ακροφύσιο λειτουργεί στους **190–300 °C**· Εκπαίδευση, ασφάλεια." }
    warning { en = "Never touch the nozzle.", sl = "Nikoli se ne dotikaj šobe.", ["sr-Cyrl"] = "Никада не додирујте млазницу.", el = "Μην αγγίζετε ποτέ το ακροφύσιο." }
  end),

  step({ id = "quiz", title = { en = "Question", sl = "Vprašanje", ["sr-Cyrl"] = "Питање", el = "Ερώτηση" } }, function()
    local ok = ask {
      id = "hot",
      q = { en = "Which part is hottest?", sl = "Kateri del je najbolj vroč?", ["sr-Cyrl"] = "Који део је најтоплији?", el = "Ποιο μέρος είναι το πιο ζεστό;" },
      choices = { { en = "The bed", sl = "Miza", ["sr-Cyrl"] = "Сто", el = "Η πλάκα" },
                  { en = "The nozzle", sl = "Šoba", ["sr-Cyrl"] = "Млазница", el = "Το ακροφύσιο" } },
      correct = 2,
      tries = 2,
      feedback = { [1] = { en = "The bed is cooler.", sl = "Miza je hladnejša.", ["sr-Cyrl"] = "Сто је хладнији.", el = "Η πλάκα είναι πιο κρύα." } },
    }
    check { outcome = "T9.Q", by = "quiz", passed = ok }
  end),

  step({ id = "more", title = { en = "More questions", sl = "Še vprašanja", ["sr-Cyrl"] = "Још питања", el = "Κι άλλες ερωτήσεις" } }, function()
    local ok1 = ask {
      id = "ppe", q = "Which of these protect you from fumes?",
      choices = { "Enclosure with a filter", "Gloves", "Room ventilation" }, correct = { 1, 3 },
    }
    local ok2 = ask { id = "touch", q = "Below which temperature is a part safe to touch?",
      value = 45, tolerance = 5, unit = "°C" }
    local ok3 = ask { id = "start", q = "Put the start-up in order",
      order = { "Check the area", "Home", "Heat", "Start the print" } }
    local ok4 = ask { id = "alone", q = "You may leave the first layer unattended.", answer = false }
    say(("Answers right: %d of 4."):format((ok1 and 1 or 0) + (ok2 and 1 or 0) + (ok3 and 1 or 0) + (ok4 and 1 or 0)))
  end),

  step({ id = "printer", title = { en = "Printer", sl = "Tiskalnik", ["sr-Cyrl"] = "Штампач", el = "Εκτυπωτής" } }, function()
    if not confirm { id = "clear", text = { en = "Is the bed clear?", sl = "Je miza prazna?", ["sr-Cyrl"] = "Да ли је сто празан?", el = "Είναι άδεια η πλάκα;" } } then
      say "Clear it first."
    end
    printer.home()
    printer.heat { nozzle = 150, wait = true, timeout = 120 }
    local s = printer.status()
    check { outcome = "T9.P", by = "printer", passed = s.nozzle.temp >= 148, evidence = { nozzle = s.nozzle.temp } }
    printer.cool()
  end),

  step({ id = "signoff", title = { en = "Sign-off", sl = "Potrditev", ["sr-Cyrl"] = "Потврда", el = "Υπογραφή" } }, function()
    trainer_signoff { outcome = "T9.T", prompt = { en = "Watch the trainee work.", sl = "Opazuj udeleženca.", ["sr-Cyrl"] = "Посматрајте полазника.", el = "Παρακολουθήστε τον εκπαιδευόμενο." } }
  end),

  step({ id = "drill", title = { en = "Panic drill", sl = "Vaja zaustavitve", ["sr-Cyrl"] = "Вежба заустављања", el = "Άσκηση διακοπής" } }, function()
    local pressed = confirm { id = "drill", text = { en = "Press the panic key now (or choose Yes).", sl = "Zdaj pritisni tipko za zaustavitev v sili (ali izberi Da).",
      ["sr-Cyrl"] = "Сада притисните тастер за хитно заустављање (или изаберите Да).", el = "Πατήστε τώρα το πλήκτρο έκτακτης ανάγκης (ή επιλέξτε Ναι)." } }
    local halted = printer.status().halted
    check { outcome = "T9.S", by = "printer", passed = pressed and halted, evidence = { halted = halted } }
  end),
}
