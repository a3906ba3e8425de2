-- M1 lesson 2: reading temperatures (safe to touch, M1.LO2) and stopping a
-- printer at once (the panic drill, M1.LO3). Both tasks are verified on the
-- printer. The drill ends with the printer halted, so it comes last.
local SAFE = 45            -- °C: safe to touch
local function tr_fmt(t, ...) return tr(t):format(...) end

return lesson {
  id = "stop-and-cool",
  title = { en = "Safe to touch, and the panic drill", sl = "Varno za dotik in vaja zaustavitve v sili" },
  summary = {
    en = "Predict when a hot nozzle is safe to touch, then stop a moving printer with the panic key.",
    sl = "Napovej, kdaj se vroče šobe lahko dotakneš, nato ustavi premikajoči se tiskalnik s tipko za zaustavitev v sili.",
  },
  outcomes = { "M1.LO2", "M1.LO3" },
  needs = { printer = true },

  step({ id = "reading", title = { en = "Reading temperatures", sl = "Branje temperatur" } }, function()
    heading { en = "What the printer tells you", sl = "Kaj ti sporoča tiskalnik" }
    say {
      en = "Every second or two the printer reports its temperatures. layerlab shows them in the printer panel; the raw report looks like this:",
      sl = "Tiskalnik vsako sekundo ali dve sporoči svoje temperature. layerlab jih prikaže na plošči tiskalnika; surovo sporočilo je videti takole:",
    }
    code { "ok T:201.3 /200.0 B:60.1 /60.0 @:64 B@:30", lang = "gcode" }
    list {
      { en = "`T:201.3 /200.0`: the nozzle is at 201.3 °C, its target is 200 °C", sl = "`T:201.3 /200.0`: šoba ima 201,3 °C, ciljna temperatura je 200 °C" },
      { en = "`B:60.1 /60.0`: the bed is at 60.1 °C, its target is 60 °C", sl = "`B:60.1 /60.0`: miza ima 60,1 °C, ciljna temperatura je 60 °C" },
      { en = "`@:64`: how hard the nozzle heater works (power)", sl = "`@:64`: kako močno dela grelec šobe (moč)" },
    }
    say {
      en = "A heater that is switched off has target 0. It does not cool at a steady rate: it loses heat fast while it is much hotter than the room, then slower and slower. The last degrees above 45 °C take the longest.",
      sl = "Izklopljen grelec ima ciljno temperaturo 0. Ne ohlaja se enakomerno: toploto hitro izgublja, dokler je precej toplejši od prostora, nato vse počasneje. Zadnje stopinje nad 45 °C trajajo najdlje.",
    }
    figure { [[
 °C
200 |*
    | *
    |   *
100 |      *
    |          *
 45 |- - - - - - - -*- - - -  safe to touch
 25 |                   * * * * *
    +------------------------------ time
]], caption = { en = "A switched-off nozzle cools quickly at first, then slowly.", sl = "Izklopljena šoba se najprej ohlaja hitro, nato počasi." } }
  end),

  step({ id = "heat", title = { en = "Heat the nozzle", sl = "Segrej šobo" } }, function()
    warning {
      en = "The nozzle is about to be heated to 200 °C. Keep your hands away from the print head until this lesson tells you it is safe.",
      sl = "Šoba se bo segrela na 200 °C. Roke imej stran od tiskalne glave, dokler ti lekcija ne pove, da je varno.",
    }
    printer.heat { nozzle = 200, wait = true, timeout = 600 }
    local s = printer.status()
    say(tr_fmt({ en = "The nozzle is at %.0f °C.", sl = "Šoba ima %.0f °C." }, s.nozzle.temp))
  end),

  step({ id = "predict", title = { en = "Safe to touch?", sl = "Varno za dotik?" } }, function()
    printer.cool { nozzle = true }
    local t0 = elapsed()
    local readings = {}
    local function read()
      local s = printer.status()
      local r = { t = elapsed() - t0, temp = s.nozzle.temp }
      readings[#readings + 1] = r
      code(("%5.0f s   T:%.1f /%.0f"):format(r.t, r.temp, s.nozzle.target))
      return r
    end

    say {
      en = "The heater is now off. Watch the first readings:",
      sl = "Grelec je zdaj izklopljen. Opazuj prve meritve:",
    }
    local last = read()
    for _ = 1, 3 do
      if last.temp < SAFE then break end
      sleep(2)
      last = read()
    end

    -- The lesson's own estimate from the readings so far, using Newton's
    -- law of cooling (the excess over room temperature falls exponentially).
    local room = 25
    local first = readings[1]
    local estimate = last.t
    if last.temp >= SAFE and last.t > first.t and last.temp < first.temp then
      local k = math.log((first.temp - room) / (last.temp - room)) / (last.t - first.t)
      estimate = first.t + math.log((first.temp - room) / (SAFE - room)) / k
    end

    local _, guess = ask {
      id = "cool.guess",
      q = {
        en = "How many seconds after switching off will the nozzle be below 45 °C? Use the readings.",
        sl = "Koliko sekund po izklopu bo šoba pod 45 °C? Pomagaj si z meritvami.",
      },
      value = math.floor(estimate + 0.5), tolerance = math.max(30, estimate * 0.25), unit = "s",
      explain = {
        en = "The printer will now show you the real answer.",
        sl = "Tiskalnik ti bo zdaj pokazal pravi odgovor.",
      },
    }

    say { en = "Now the readings continue until the nozzle is below 45 °C:", sl = "Meritve se nadaljujejo, dokler šoba ni pod 45 °C:" }
    while last.temp >= SAFE do
      if last.t > 900 then error("the nozzle did not cool below 45 °C within 15 minutes") end
      sleep(2)
      last = read()
    end
    local measured = last.t
    local off = math.abs(guess - measured)
    local ok = off <= math.max(30, measured * 0.25)
    say(tr_fmt({
      en = "Below 45 °C after %.0f s. Your prediction: %.0f s (off by %.0f s).",
      sl = "Pod 45 °C po %.0f s. Tvoja napoved: %.0f s (razlika %.0f s).",
    }, measured, guess, off))
    check {
      outcome = "M1.LO2", by = "printer", passed = ok,
      evidence = { predicted_s = guess, measured_s = measured, safe_c = SAFE, readings = readings },
    }
    if ok then
      say { en = "Good judgement: now the nozzle is safe to touch.", sl = "Dobra presoja: zdaj se šobe lahko varno dotakneš." }
    else
      say { en = "Your prediction was far off. Remember: the last degrees take longest, so wait for the reading, never guess by feel.", sl = "Napoved je bila daleč od resnice. Zapomni si: zadnje stopinje trajajo najdlje, zato počakaj na meritev in nikoli ne ugibaj na otip." }
    end
  end),

  step({ id = "stops", title = { en = "Three ways to stop", sl = "Trije načini zaustavitve" } }, function()
    heading { en = "Stopping a printer", sl = "Zaustavitev tiskalnika" }
    show_table {
      header = { { en = "Stop", sl = "Zaustavitev" }, { en = "What it does", sl = "Kaj naredi" }, { en = "Use it when", sl = "Uporabi jo, ko" } },
      rows = {
        { { en = "Panic key in layerlab", sl = "Tipka za zaustavitev v sili v programu layerlab" },
          { en = "sends M112: motors and heaters stop at once; the printer needs a reset", sl = "pošlje M112: motorji in grelci se takoj ustavijo; tiskalnik je treba ponastaviti" },
          { en = "anything goes wrong right now: a crash, smoke, a hand in the machine", sl = "gre nekaj narobe takoj zdaj: trk, dim, roka v stroju" } },
        { { en = "Stop on the display", sl = "Ustavitev na zaslonu" },
          { en = "cancels the print in an orderly way, parks the head", sl = "urejeno prekine tiskanje, umakne glavo" },
          { en = "the print has failed but nothing is dangerous", sl = "tiskanje ni uspelo, nevarnosti pa ni" } },
        { { en = "Power switch", sl = "Stikalo za napajanje" },
          { en = "cuts all power", sl = "prekine vse napajanje" },
          { en = "smoke or fire, or the printer does not react to anything else", sl = "dim ali ogenj ali tiskalnik se ne odziva na nič drugega" } },
      },
    }
    say {
      en = "After an emergency stop the firmware is halted: it answers nothing until the printer is reset or switched off and on. Everything is unhomed and cold afterwards.",
      sl = "Po zaustavitvi v sili se vdelana programska oprema ustavi: ne odgovarja, dokler tiskalnika ne ponastaviš ali izklopiš in vklopiš. Nato ni nobena os v izhodišču in vse je hladno.",
    }
    warning {
      en = "On a real printer the panic drill is done only with the trainer present: M112 means a physical reset.",
      sl = "Na pravem tiskalniku se vaja zaustavitve v sili izvaja le ob prisotnosti inštruktorja: M112 pomeni fizično ponastavitev.",
    }
  end),

  step({ id = "drill", title = { en = "The panic drill", sl = "Vaja zaustavitve v sili" } }, function()
    local s = printer.status()
    if s.profile ~= "virtual" then
      local present = confirm {
        id = "drill.trainer",
        text = { en = "Is the trainer here to watch the drill?", sl = "Je inštruktor prisoten, da opazuje vajo?" },
      }
      if not present then
        say { en = "Do the drill later, with the trainer present.", sl = "Vajo opravi kasneje, ob prisotnosti inštruktorja." }
        return
      end
    end
    say {
      en = "The printer will home and then move the head back and forth without heating (a dry run). Stop it with the panic key as soon as it moves.",
      sl = "Tiskalnik bo poiskal izhodišče in nato premikal glavo sem ter tja brez segrevanja (suhi tek). Ustavi ga s tipko za zaustavitev v sili, takoj ko se začne premikati.",
    }
    printer.home()
    printer.move { z = 20, f = 600 }
    for i = 1, 4 do
      printer.move { x = (i % 2 == 1) and 150 or 50, y = 100, f = 1500 }
    end
    local t0 = elapsed()
    local pressed = confirm {
      id = "drill.stop",
      text = { en = "The head is moving. Press the panic key now (or choose Yes).", sl = "Glava se premika. Zdaj pritisni tipko za zaustavitev v sili (ali izberi Da)." },
    }
    local reaction = elapsed() - t0
    if pressed and not printer.status().halted then
      -- The same command the panic key sends; the printer stops at once.
      pcall(printer.send, "M112")
    end
    local halted = printer.status().halted
    check {
      outcome = "M1.LO3", by = "printer", passed = pressed and halted,
      evidence = { reaction_s = reaction, halted = halted, pressed = pressed },
    }
    if pressed and halted then
      say { en = "The printer halted. On a real printer you would now reset it and home again.", sl = "Tiskalnik se je ustavil. Pravi tiskalnik bi zdaj ponastavil in znova poiskal izhodišče." }
    else
      say { en = "The printer was not stopped. Repeat the drill.", sl = "Tiskalnik ni bil ustavljen. Ponovi vajo." }
    end
  end),
}
