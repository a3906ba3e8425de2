-- M1 lesson 3: the rules of a shared workshop and the pre-print checklist,
-- signed off by a trainer (M1.LO4). No printer needed: the trainer watches
-- the trainee at a real one.
return lesson {
  id = "workshop-rules",
  title = { en = "Workshop rules and the pre-print checklist", sl = "Pravila delavnice in pregled pred tiskanjem" },
  summary = {
    en = "How a shared workshop stays safe, and the checklist before every print.",
    sl = "Kako skupna delavnica ostane varna in pregled pred vsakim tiskanjem.",
  },
  outcomes = { "M1.LO4" },

  step({ id = "rules", title = { en = "The rules", sl = "Pravila" } }, function()
    heading { en = "Workshop rules", sl = "Pravila delavnice" }
    list {
      ordered = true,
      { en = "Ventilation on before the first printer heats up; enclosures closed for ABS and ASA.", sl = "Prezračevanje vklopi, preden se segreje prvi tiskalnik; pri ABS in ASA naj bodo ohišja zaprta." },
      { en = "Never leave the **first layer** unattended: most failures start there.", sl = "Prve plasti nikoli ne puščaj brez nadzora: tam se začne večina napak." },
      { en = "Check on a running print at least every 15 minutes; a printer is never left alone in a locked room.", sl = "Delujoče tiskanje preveri vsaj vsakih 15 minut; tiskalnika nikoli ne pusti samega v zaklenjenem prostoru." },
      { en = "Only the trainer changes firmware settings (Z offset, steps, PID) and saves them.", sl = "Nastavitve vdelane programske opreme (odmik Z, koraki, PID) spreminja in shranjuje samo inštruktor." },
      { en = "Food and drink stay outside the printing area.", sl = "Hrana in pijača ostaneta zunaj prostora za tiskanje." },
      { en = "Report every fault at once: a strange smell, a damaged cable, a loose part, a thermal runaway message.", sl = "Vsako okvaro takoj sporoči: nenavaden vonj, poškodovan kabel, razrahljan del, sporočilo o pobegu temperature." },
      { en = "Leave the workstation clean: tools back, scraps in the bin, IPA bottle closed.", sl = "Delovno mesto pusti čisto: orodje na mesto, odpadke v koš, steklenico z IPA zapri." },
    }
    note {
      en = "A fault reported is a fault fixed before it hurts someone. Nobody is blamed for reporting.",
      sl = "Sporočena okvara je okvara, odpravljena, preden koga poškoduje. Nihče ni kriv, ker je okvaro sporočil.",
    }
  end),

  step({ id = "checklist", title = { en = "The pre-print checklist", sl = "Pregled pred tiskanjem" } }, function()
    heading { en = "Before every print", sl = "Pred vsakim tiskanjem" }
    list {
      { en = "**Ventilation** is on (and the enclosure closed for ABS or ASA).", sl = "**Prezračevanje** je vklopljeno (pri ABS ali ASA je ohišje zaprto)." },
      { en = "The **area is clear**: nothing on the bed, nothing in the way of the axes, no IPA near the printer.", sl = "**Prostor je prazen**: nič na mizi, nič na poti osi, nobenega IPA blizu tiskalnika." },
      { en = "The **filament fits the job**: the material and diameter the file was sliced for, and enough of it on the spool.", sl = "**Filament ustreza nalogi**: material in premer, za katera je bila datoteka pripravljena, ter dovolj filamenta na kolutu." },
      { en = "**No loose cables**: nothing hanging into the moving parts, no damaged insulation.", sl = "**Ni prostih kablov**: nič ne visi med premične dele, izolacija ni poškodovana." },
    }
    local right = ask {
      id = "checklist.order",
      q = {
        en = "Put the start of a print in a safe order.",
        sl = "Razvrsti začetek tiskanja v varen vrstni red.",
      },
      order = {
        { en = "Switch the ventilation on", sl = "Vklopi prezračevanje" },
        { en = "Clear the bed and the area", sl = "Izprazni mizo in prostor" },
        { en = "Check the filament and the cables", sl = "Preveri filament in kable" },
        { en = "Start the print and watch the first layer", sl = "Zaženi tiskanje in opazuj prvo plast" },
      },
      tries = 2,
      feedback = {
        wrong = { en = "Ventilation first, the first layer last: think about what must be true before the nozzle heats.", sl = "Najprej prezračevanje, na koncu prva plast: pomisli, kaj mora veljati, preden se šoba segreje." },
      },
    }
    local reported = ask {
      id = "fault.report",
      q = { en = "During a print you smell burning plastic that is not the usual smell. What do you do?", sl = "Med tiskanjem zavohaš zažgano plastiko, ki ni običajen vonj. Kaj narediš?" },
      choices = {
        { en = "Stop the printer, keep others away, and tell the trainer", sl = "Ustavim tiskalnik, umaknem druge in obvestim inštruktorja" },
        { en = "Open a window and let the print finish", sl = "Odprem okno in pustim, da se tiskanje konča" },
        { en = "Note it in the logbook at the end of the day", sl = "Ob koncu dneva to zapišem v dnevnik" },
      },
      correct = 1,
      feedback = {
        [2] = { en = "A burning smell can be a heater or wiring fault: stop first.", sl = "Vonj po zažganem je lahko okvara grelca ali ožičenja: najprej ustavi." },
        [3] = { en = "Too late: report it now.", sl = "Prepozno: sporoči takoj." },
      },
    }
    if not (right and reported) then
      say { en = "Read the checklist once more before the trainer watches you.", sl = "Pred opazovanjem inštruktorja še enkrat preberi seznam." }
    end
  end),

  step({ id = "signoff", title = { en = "Trainer sign-off", sl = "Potrditev inštruktorja" } }, function()
    say {
      en = "Now go to your printer and do the pre-print checklist with the trainer watching. The trainer gives no prompts.",
      sl = "Zdaj pojdi k svojemu tiskalniku in opravi pregled pred tiskanjem, medtem ko te inštruktor opazuje. Inštruktor ti ne pomaga.",
    }
    local ok = trainer_signoff {
      outcome = "M1.LO4",
      prompt = {
        en = "Did the trainee do the whole checklist without prompts: ventilation on, area clear, filament fits the job, no loose cables?",
        sl = "Ali je udeleženec brez napotkov opravil celoten pregled: prezračevanje vklopljeno, prostor prazen, filament ustreza nalogi, ni prostih kablov?",
      },
    }
    if ok then
      say { en = "Signed off: you may prepare prints on your own.", sl = "Potrjeno: tiskanje lahko pripravljaš sam." }
    else
      say { en = "Not yet: practise the checklist and ask the trainer again.", sl = "Še ne: vadi pregled in znova prosi inštruktorja." }
    end
  end),
}
