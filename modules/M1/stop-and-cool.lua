-- M1 lesson 2: reading temperatures (safe to touch, M1.LO2) and stopping a
-- printer at once (the panic drill, M1.LO3). Both tasks are verified on the
-- printer. The drill ends with the printer halted, so it comes last.
local SAFE = 45            -- °C: safe to touch

return lesson {
  id = "stop-and-cool",
  title = _"Safe to touch, and the panic drill",
  summary = _"Predict when a hot nozzle is safe to touch, then stop a moving printer with the panic key.",
  outcomes = { "M1.LO2", "M1.LO3" },
  needs = { printer = true },

  step({ id = "reading", title = _"Reading temperatures" }, function()
    heading(_"What the printer tells you")
    say(_"Every second or two the printer reports its temperatures. layerlab shows them in the printer panel; the raw report looks like this:")
    code { "ok T:201.3 /200.0 B:60.1 /60.0 @:64 B@:30", lang = "gcode" }
    list {
      _"`T:201.3 /200.0`: the nozzle is at 201.3 °C, its target is 200 °C",
      _"`B:60.1 /60.0`: the bed is at 60.1 °C, its target is 60 °C",
      _"`@:64`: how hard the nozzle heater works (power)",
    }
    say(_"A heater that is switched off has target 0. It does not cool at a steady rate: it loses heat fast while it is much hotter than the room, then slower and slower. The last degrees above 45 °C take the longest.")
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
]], caption = _"A switched-off nozzle cools quickly at first, then slowly." }
  end),

  step({ id = "heat", title = _"Heat the nozzle" }, function()
    warning(_"The nozzle is about to be heated to 200 °C. Keep your hands away from the print head until this lesson tells you it is safe.")
    printer.heat { nozzle = 200, wait = true, timeout = 600 }
    local s = printer.status()
    say(_("The nozzle is at %.0f °C."):format(s.nozzle.temp))
  end),

  step({ id = "predict", title = _"Safe to touch?" }, function()
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

    say(_"The heater is now off. Watch the first readings:")
    local last = read()
    for _reading = 1, 3 do
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

    local _answered, guess = ask {
      id = "cool.guess",
      q = _"How many seconds after switching off will the nozzle be below 45 °C? Use the readings.",
      value = math.floor(estimate + 0.5), tolerance = math.max(30, estimate * 0.25), unit = "s",
      explain = _"The printer will now show you the real answer.",
    }

    say(_"Now the readings continue until the nozzle is below 45 °C:")
    while last.temp >= SAFE do
      if last.t > 900 then error("the nozzle did not cool below 45 °C within 15 minutes") end
      sleep(2)
      last = read()
    end
    local measured = last.t
    local off = math.abs(guess - measured)
    local ok = off <= math.max(30, measured * 0.25)
    say(_("Below 45 °C after %.0f s. Your prediction: %.0f s (off by %.0f s)."):format(measured, guess, off))
    check {
      outcome = "M1.LO2", by = "printer", passed = ok,
      evidence = { predicted_s = guess, measured_s = measured, safe_c = SAFE, readings = readings },
    }
    if ok then
      say(_"Good judgement: now the nozzle is safe to touch.")
    else
      say(_"Your prediction was far off. Remember: the last degrees take longest, so wait for the reading, never guess by feel.")
    end
  end),

  step({ id = "stops", title = _"Three ways to stop" }, function()
    heading(_"Stopping a printer")
    show_table {
      header = { _"Stop", _"What it does", _"Use it when" },
      rows = {
        { _"Panic key in layerlab",
          _"sends M112: motors and heaters stop at once; the printer needs a reset",
          _"anything goes wrong right now: a crash, smoke, a hand in the machine" },
        { _"Stop on the display",
          _"cancels the print in an orderly way, parks the head",
          _"the print has failed but nothing is dangerous" },
        { _"Power switch",
          _"cuts all power",
          _"smoke or fire, or the printer does not react to anything else" },
      },
    }
    say(_"After an emergency stop the firmware is halted: it answers nothing until the printer is reset or switched off and on. Everything is unhomed and cold afterwards.")
    warning(_"On a real printer the panic drill is done only with the trainer present: M112 means a physical reset.")
  end),

  step({ id = "drill", title = _"The panic drill" }, function()
    local s = printer.status()
    if s.profile ~= "virtual" then
      local present = confirm {
        id = "drill.trainer",
        text = _"Is the trainer here to watch the drill?",
      }
      if not present then
        say(_"Do the drill later, with the trainer present.")
        return
      end
    end
    say(_"The printer will home and then move the head back and forth without heating (a dry run). Stop it with the panic key as soon as it moves.")
    printer.home()
    printer.move { z = 20, f = 600 }
    for i = 1, 4 do
      printer.move { x = (i % 2 == 1) and 150 or 50, y = 100, f = 1500 }
    end
    local t0 = elapsed()
    local pressed = confirm {
      id = "drill.stop",
      text = _"The head is moving. Press the panic key now (or choose Yes).",
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
      say(_"The printer halted. On a real printer you would now reset it and home again.")
    else
      say(_"The printer was not stopped. Repeat the drill.")
    end
  end),
}
