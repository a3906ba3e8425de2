-- M1 lesson 1: what can hurt you at an FDM printer, the controls against
-- it ranked by the hierarchy of controls, the quiz, and the trainee's own
-- risk assessment, which the trainer reads (M1.LO1). No printer needed.
return lesson {
  id = "hazards",
  title = _"Hazards of FDM printing",
  summary = _"Hot parts, electricity, moving axes, fumes and particles, tools and solvents.",
  outcomes = { "M1.LO1" },

  step({ id = "heat", title = _"Hot parts" }, function()
    heading(_"Hot parts")
    say(_"An FDM printer melts plastic. The **nozzle** works at 190–300 °C, hotter than a kitchen oven, and the **heated bed** at 60–110 °C. Both look exactly the same hot as cold: there is no glow and no smoke to warn you.")
    -- Burn thresholds for bare skin on smooth metal: EN ISO 13732-1:2008,
    -- Table/Figure for uncoated metals (about 65 °C for 1 s, 51 °C for
    -- 1 min, 48 °C for 10 min, 43 °C for 8 h of contact).
    show_table {
      header = { _"Contact with hot metal", _"Skin burns from about" },
      rows = {
        { _"1 second (a quick touch)", "65 °C" },
        { _"1 minute (holding a part)", "51 °C" },
        { _"10 minutes", "48 °C" },
        { _"8 hours", "43 °C" },
      },
    }
    say(_"The nozzle (190–300 °C) burns at the slightest touch, and so does a bed at 60–110 °C. The workshop rule is that a part is handled only below **45 °C**: then even holding it for minutes cannot burn you. Read the temperature on the display or in layerlab; never test it with your finger.")
    warning(_"A thermistor that falls out of the heater block reads room temperature, so the firmware keeps heating: the block can reach 400 °C and set the plastic around it on fire. Thermal runaway protection watches for this (the Prusa MK3S stops when the hot end does not rise 15 °C within 45 s of heating) and halts the printer. Never switch the protection off.")
  end),

  step({ id = "power-motion", title = _"Electricity and moving parts" }, function()
    heading(_"Electricity and moving parts")
    say(_"The power supply carries mains voltage (230 V). Some printers, such as the Artillery Sidewinder X1, heat the bed directly from the mains. Never open the electronics housing with the printer plugged in, and report damaged cables at once.")
    say(_"The axes are driven by stepper motors that do not feel resistance: they push on whatever is in the way. **Pinch points** are where a moving part meets a fixed one.")
    list {
      _"between the print head and the frame or the bed",
      _"belts running onto their pulleys",
      _"the bed moving against the frame (on bed-slinger printers)",
    }
    note(_"Tie back long hair, roll up loose sleeves and take off dangling jewellery before you reach into a printer.")
  end),

  step({ id = "fumes", title = _"Fumes and particles" }, function()
    heading(_"Fumes and particles")
    say(_"Melting plastic releases **ultrafine particles** (UFP, smaller than 0.1 µm, they reach deep into the lungs) and **volatile organic compounds** (VOC). PLA emits the least. ABS and ASA emit far more, including styrene, which the IARC classifies as probably carcinogenic to humans (Group 2A, since 2018).")
    show_table {
      header = { _"Material", _"Emissions", _"What the workshop needs" },
      rows = {
        { "PLA", _"low", _"room ventilation" },
        { "PETG", _"moderate", _"room ventilation" },
        { "ABS / ASA", _"high, styrene", _"enclosure with filter or extraction" },
      },
    }
    say(_"Keep the room ventilated, do not sit with your face next to a running printer, and print ABS or ASA only in an enclosure with a filter or extraction: a closed box without one only concentrates the fumes.")
    -- PTFE (the liner in many hot ends, e.g. the stock Ender-3 V2) starts
    -- to decompose above about 240–250 °C (Capricorn and E3D data sheets);
    -- the Ender-3 V2 profile caps the nozzle at 240 °C for this reason.
    warning(_"Many hot ends have a PTFE (Teflon) tube reaching down to the nozzle. Above about 240–250 °C PTFE gives off toxic fumes: never set such a printer hotter than its profile allows.")
  end),

  step({ id = "tools", title = _"Tools and solvents" }, function()
    heading(_"Tools and solvents")
    list {
      _"Scrapers, cutters and deburring knives: always cut **away** from your body and the hand that holds the part.",
      _"Removing supports can throw sharp fragments: wear safety glasses.",
      _"Isopropyl alcohol (IPA) cleans the bed; it is **flammable**. Use it only on a cold bed, with ventilation, and close the bottle.",
    }
    warning(_"If the print head crashes into the print or the bed, stop the printer at once (the panic key), let it cool, and tell the trainer. Do not pull the head free by hand while it is hot.")
  end),

  step({ id = "emergencies", title = _"Emergencies" }, function()
    heading(_"What to do in an emergency")
    show_table {
      header = { _"Situation", _"What you do" },
      rows = {
        { _"Thermal runaway message on the display or in layerlab",
          _"Hands off the printer. Switch it off at the mains switch, do not restart it, tell the trainer and write a fault report." },
        { _"Smoke or a flame at the printer",
          _"Switch off at the mains or the room's emergency switch if you can reach it safely. Small fire: CO2 or powder extinguisher, never water on a powered printer. Otherwise raise the alarm, leave the room and close the door." },
        { _"A burn",
          _"Cool it at once under running tap water for at least 20 minutes; remove rings before the skin swells. Do not put on ice, butter or cream. Tell the trainer; large or deep burns need a doctor." },
        { _"Electric shock",
          _"Do not touch the person while they are still in contact with the current: switch off at the mains first. Call the trainer and the emergency number (112)." },
      },
    }
    note(_"Know where your workshop's mains switch, extinguisher, first-aid kit and exits are before you start a printer.")
  end),

  -- The hierarchy of controls as ISO 45001:2018 (8.1.2) and the EU
  -- framework directive 89/391/EEC (Art. 6: avoid risks, combat them at
  -- source, collective before individual protection) order it.
  step({ id = "controls", title = _"Choosing controls" }, function()
    heading(_"The hierarchy of controls")
    say(_"Against every hazard, look for the most effective control first. The hierarchy of controls ranks them from the most to the least effective:")
    list {
      ordered = true,
      _"**Elimination**: remove the hazard (no print left running unattended overnight).",
      _"**Substitution**: use something less hazardous (PLA instead of ABS where the part allows it).",
      _"**Engineering controls**: separate people from the hazard (an enclosure with a filter or extraction, the firmware's thermal protection, a smoke detector that cuts the power).",
      _"**Administrative controls**: rules, training, signs and the pre-print checklist.",
      _"**Personal protective equipment**: safety glasses, gloves for IPA. The last line: it protects only the person who wears it, and only when worn correctly.",
    }
    note(_"Lower levels add to a higher one, never replace it: a dust mask does not make ABS in an open room acceptable.")
  end),

  step({ id = "quiz", title = _"Quiz: hazards" }, function()
    say(_"Ten questions are drawn from the pool. You need 80 % to pass.")
    -- The quiz gates the risk assessment; the trainer's sign-off after it
    -- is M1.LO1's result, with the quiz's score as its evidence.
    local passed, score, max = quiz {
      id = "m1.hazards", draw = 10, pass = 0.8,
      questions = {
        {
          id = "controls.order",
          q = _"Rank these controls against ABS fumes from the most to the least effective.",
          order = {
            _"Print the part in PLA instead",
            _"An enclosure with a filter and extraction",
            _"A rule: nobody sits beside a running ABS print",
            _"A dust mask for the trainee",
          },
          feedback = {
            wrong = _"Substitution removes most of the fumes; the enclosure keeps the rest away from everyone; a rule depends on people; a mask protects one person, and only when it fits.",
          },
        },
        {
          id = "controls.kind",
          q = _"A smoke detector over the printers cuts their power when it senses smoke. What kind of control is it?",
          choices = {
            _"An engineering control",
            _"An administrative control",
            _"Personal protective equipment",
            _"Elimination",
          },
          correct = 1,
          feedback = {
            [2] = _"A rule or a procedure would be administrative; this works without anybody doing anything.",
            [3] = _"Protective equipment is worn by a person.",
            [4] = _"The fire hazard is still there; the detector limits the harm.",
            correct = _"Right: it works without relying on people.",
          },
        },
        {
          id = "hot.part",
          q = _"Which part of a printer gets hottest?",
          choices = {
            _"The heated bed",
            _"The nozzle and heater block",
            _"The stepper motors",
          },
          correct = 2,
          feedback = {
            [1] = _"The bed reaches about 110 °C; the nozzle up to 300 °C.",
            [3] = _"Motors get warm, around 50 °C, never as hot as the nozzle.",
            correct = _"Right: 190–300 °C.",
          },
        },
        {
          id = "bed.range",
          q = _"What temperature range does a heated bed typically work at?",
          choices = { "20–40 °C", "60–110 °C", "190–300 °C" },
          correct = 2,
          feedback = { wrong = _"Beds run at 60–110 °C: hot enough to burn." },
        },
        {
          id = "touch.limit",
          q = _"The bed reads 52 °C and you want to take your part off. What do you do?",
          choices = {
            _"Take it off with bare hands: 52 °C is only warm",
            _"Wait until the reading is below 45 °C, then take it off",
            _"Cool the bed with a wet cloth first",
            _"Hold the part with a tissue and pull it off now",
          },
          correct = 2,
          feedback = {
            [1] = _"Holding metal at 52 °C for a minute burns skin (EN ISO 13732-1).",
            [3] = _"Water near a powered bed and mains parts is a hazard of its own; wait for the reading.",
            [4] = _"A tissue does not make 52 °C safe, and pulling a stuck part risks a slip onto the hot bed.",
            correct = _"Right: below 45 °C even minutes of contact cannot burn you.",
          },
        },
        {
          id = "fire",
          q = _"A printer's hot end is on fire. The flame is small. What do you use?",
          choices = {
            _"A bucket of water",
            _"A CO2 or powder extinguisher, after switching off at the mains if you can",
            _"A wet cloth thrown over the printer while it stays switched on",
            _"Blow it out and restart the print",
          },
          correct = 2,
          feedback = {
            [1] = _"Never water on a powered printer: mains voltage.",
            [3] = _"Water and a printer still connected to the mains: electric shock.",
            [4] = _"A fire is reported and the printer checked before any restart.",
            correct = _"Right, and raise the alarm if it does not go out at once.",
          },
        },
        {
          id = "burn",
          q = _"A classmate touched the nozzle. What first aid is right?",
          choices = {
            _"Ice from the fridge on the burn",
            _"Running tap water for at least 20 minutes",
            _"Burn cream straight away and carry on",
            _"A tight bandage",
          },
          correct = 2,
          feedback = {
            [1] = _"Ice damages the skin further; use running water.",
            [3] = _"Cool first, at least 20 minutes, then tell the trainer.",
            [4] = _"Cool first; a tight bandage traps the heat.",
            correct = _"Right: at least 20 minutes, then tell the trainer.",
          },
        },
        {
          id = "ptfe",
          q = _"A printer with a PTFE-lined hot end is set to 270 °C for a nylon print. What is the problem?",
          choices = {
            _"None: nylon needs it",
            _"PTFE gives off toxic fumes above about 240–250 °C",
            _"The bed will warp",
            _"The print will be too glossy",
          },
          correct = 2,
          feedback = {
            [1] = _"The material may need it, but this hot end cannot take it: use an all-metal hot end.",
            [3] = _"The nozzle temperature is the problem, not the bed.",
            [4] = _"The danger is the fumes of the PTFE liner.",
            correct = _"Right: the profile's nozzle limit is there for this.",
          },
        },
        {
          id = "read.line",
          q = _"The printer reports `T:38.2 /0.0 B:71.4 /0.0`. May you take the part off the bed?",
          choices = {
            _"Yes: the targets are 0, the heaters are off",
            _"Yes: the nozzle is below 45 °C",
            _"No: the bed is still at 71 °C",
            _"No: the nozzle is still heating",
          },
          correct = 3,
          feedback = {
            [1] = _"Heaters off does not mean cold: read the temperatures, not the targets.",
            [2] = _"The part sits on the bed, and B: says 71.4 °C.",
            [4] = _"Target 0: the nozzle is cooling, not heating.",
            correct = _"Right: B:71.4 is the bed, far above 45 °C.",
          },
        },
        {
          id = "fumes.material",
          q = _"Which filament needs an enclosure with a filter or extraction?",
          choices = { "PLA", "PETG", "ABS" },
          correct = 3,
          feedback = { correct = _"Yes: ABS releases styrene.",
                       wrong = _"ABS (and ASA) emit styrene and many particles." },
        },
        {
          id = "thermistor",
          q = _"A thermistor slips out of the heater block. Why is that a fire risk?",
          choices = {
            _"It reads too low, so the firmware keeps heating",
            _"It short-circuits the power supply",
            _"It makes the fan stop",
          },
          correct = 1,
          feedback = { wrong = _"A loose thermistor reads room temperature while the block gets hotter and hotter." },
          explain = _"The heater then runs at full power; only thermal runaway protection stops it.",
        },
        {
          id = "runaway",
          q = _"What does the firmware's thermal runaway protection do?",
          choices = {
            _"Stops the printer when the temperature does not follow the heater",
            _"Cools the nozzle faster after a print",
            _"Lowers the temperature for thin layers",
          },
          correct = 1,
          feedback = {
            correct = _"Right: it is the last line of defence against a fire.",
            wrong = _"It watches that the temperature follows the heater, and stops everything when it does not.",
          },
        },
        {
          id = "crash",
          q = _"The print head crashes into the print. What do you do first?",
          choices = {
            _"Stop the printer with the panic key",
            _"Pull the head free by hand",
            _"Wait and see if the print recovers",
          },
          correct = 1,
          feedback = { [2] = _"Never: the head is hot and the motors still push." },
        },
        {
          id = "first.layer",
          q = _"You may leave the printer alone while it prints the first layer.",
          answer = false,
          feedback = { wrong = _"Most failures start in the first layer: stay and watch it." },
        },
        {
          id = "ipa",
          q = _"Isopropyl alcohol may be used to clean a hot bed.",
          answer = false,
          feedback = { wrong = _"IPA is flammable: clean the bed only when it is cold." },
        },
        {
          id = "ufp",
          q = _"Which of these reduce your exposure to particles and fumes?",
          choices = {
            _"An enclosure with a filter",
            _"Watching the print from close up",
            _"Room ventilation",
          },
          correct = { 1, 3 },
          feedback = {
            correct = _"Right: filter the air at the source and change it in the room.",
            wrong = _"Enclosure with a filter and ventilation help; watching from close up only increases exposure.",
          },
        },
        {
          id = "pinch",
          q = _"Where are the pinch points of a printer?",
          choices = {
            _"Between the print head and the frame",
            _"Where belts run onto pulleys",
            _"On the spool holder",
          },
          correct = { 1, 2 },
          feedback = {
            correct = _"Right: wherever a moving part meets a fixed one.",
            wrong = _"The head against the frame and belts on pulleys; the spool holder does not pinch.",
          },
        },
        {
          id = "mains.bed",
          q = _"Some printers heat the bed directly from mains voltage.",
          answer = true,
          feedback = { wrong = _"They do: the bed heater then runs at 230 V." },
          explain = _"For example the Artillery Sidewinder X1: never open it while plugged in.",
        },
        {
          id = "cutting",
          q = _"Which way do you cut when deburring a part?",
          choices = {
            _"Away from your body and your other hand",
            _"Towards you, for control",
          },
          correct = 1,
          feedback = {
            [2] = _"A slipping blade then ends in your hand or body.",
            correct = _"Right: a slip then goes into the air.",
          },
        },
        {
          id = "hair",
          q = _"Long hair should be tied back before reaching into a running printer.",
          answer = true,
          feedback = {
            correct = _"Right: belts and pulleys can catch hair in a moment.",
            wrong = _"Belts and pulleys catch loose hair: always tie it back.",
          },
        },
      },
    }
    if not passed then
      check {
        outcome = "M1.LO1", by = "quiz", passed = false, score = score, max = max, pass = 0.8,
        evidence = { quiz = "m1.hazards", score = score, max = max },
      }
      say(_"Not yet: read the steps again and retry the lesson.")
      return
    end
    say(_"Well done: you know the hazards of the workshop.")
    heading(_"A risk assessment of your workstation")
    say(_"Write five lines on the worksheet, one for each hazard you find at your own workstation, in these columns. Then hand it to the trainer.")
    show_table {
      header = { _"Hazard", _"Who could be hurt, and how", _"Control in place", _"Level", _"What more to do" },
      rows = {
        { _"Nozzle at 200 °C", _"the trainee: a burn at a touch", _"wait for a reading below 45 °C", _"administrative", _"a silicone sock on the heater block (engineering)" },
      },
    }
    local ok = trainer_signoff {
      outcome = "M1.LO1",
      prompt = _"Read the trainee's five-line risk assessment. Does it name real hazards of this workstation, who could be hurt and how, and place each control correctly in the hierarchy?",
      evidence = { quiz = "m1.hazards", score = score, max = max },
    }
    if ok then
      say(_"Signed off: you know the hazards and how to control them.")
    else
      say(_"Not yet: improve the risk assessment with the trainer's notes and show it again.")
    end
  end),
}
