-- M1 lesson 3: what the firmware does when a heater goes wrong, the
-- thermal-runaway drill on the virtual printer with the trainee's reaction
-- time logged, and burn first aid talked through; the trainer signs off
-- (M1.LO4). The drill needs layerlab's virtual printer: a real printer
-- cannot be made to fail on purpose.
--
-- Marlin 2.1 (Configuration_adv.h defaults): thermal runaway when a heater
-- that reached its target stays more than THERMAL_PROTECTION_HYSTERESIS
-- (4 °C) below it for THERMAL_PROTECTION_PERIOD (40 s); the bed 2 °C for
-- 20 s. Heating failed when a heater switched on does not rise
-- WATCH_TEMP_INCREASE (2 °C) within WATCH_TEMP_PERIOD (40 s). Either way
-- temperature.cpp _temp_error() prints "Error:Thermal Runaway, system
-- stopped! Heater_ID: E0" (or "Heating failed"; "bed" for the bed; 2.1
-- and the virtual printer write the hot end as "E0", 2.0 as "0") and
-- kill() prints "Error:Printer halted. kill() called!" with every heater
-- off. The Prusa MK3S figures (15 °C in 45 s) are Prusa-Firmware's
-- WATCH_TEMP settings for its hot end. Burn first aid: cool with running
-- tap water for 20 minutes (European Resuscitation Council first aid
-- guidelines 2021; NHS).
local TARGET = 200         -- °C: the drill's nozzle temperature

return lesson {
  id = "emergency-drill",
  title = _"Emergencies: the thermal-runaway drill",
  summary = _"What the firmware does when a heater fails, what you do, and burn first aid.",
  outcomes = { "M1.LO4" },
  needs = { printer = true },

  step({ id = "watch", title = _"When the firmware stops itself" }, function()
    heading(_"When the firmware stops itself")
    say(_"The firmware checks its heaters all the time. Marlin, the firmware of most workshop printers, stops everything in two cases:")
    list {
      _"**Heating failed**: a heater that is switched on does not warm up as it should (Marlin: at least 2 °C within 40 s; the Prusa MK3S hot end: 15 °C within 45 s).",
      _"**Thermal runaway**: a heater that had reached its target falls more than a few degrees below it and stays there (Marlin: 4 °C for 40 s at the nozzle, 2 °C for 20 s at the bed). A thermistor that slipped out of the heater block reads too low: without this check the heater would run at full power.",
    }
    say(_"Then it switches every heater off, stops the motors, and reports on its display and to layerlab:")
    code { "Error:Thermal Runaway, system stopped! Heater_ID: E0\nError:Printer halted. kill() called!", lang = "gcode" }
    say(_"After that the printer answers nothing until it is reset or switched off and on. The heaters are off, but the nozzle and the bed stay hot for minutes.")
    heading(_"What you do")
    list {
      ordered = true,
      _"Hands off the printer: the heater block may be far hotter than its reading.",
      _"Switch the printer off at its mains switch and leave it off.",
      _"Do not reset or restart it, and do not start the print again.",
      _"Tell the trainer and write a fault report: the printer, the time, the message word for word, what you saw and what you did.",
    }
    warning(_"A printer that stopped with a thermal-runaway or heating-failed message may have a loose thermistor or heater. Only the trainer checks it and decides when it is used again.")
  end),

  step({ id = "drill", title = _"The thermal-runaway drill" }, function()
    say(_"The drill: the virtual printer heats its nozzle and holds the temperature. At a moment you do not know, it fails as a real printer can. Watch the printer panel and act as you would at a real printer; the trainer watches you.")
    printer.heat { nozzle = TARGET, wait = true }
    -- A moment the trainee cannot predict: the hold's length is drawn
    -- from the attempt's seed.
    printer.wait_stable { nozzle = TARGET, within = 3, hold = math.random(5, 25) }
    local played, why = printer.drill_fault "thermal-runaway"
    if not played then
      say(_("This printer cannot play a fault (%s). Do the drill on the virtual printer, with the trainer present."):format(why))
      return
    end
    -- The heater gets no more heat: the reading falls until the
    -- firmware's protection period ends in the halt, which reaches the
    -- lesson as a fault in this wait.
    pcall(printer.wait_stable, { nozzle = TARGET, within = 2, hold = 600, timeout = 900 })
    local halted_at = elapsed()
    local st = printer.status()
    if st.halted then
      say(_"The printer reports:")
      code(st.halt_message or "Error:Printer halted. kill() called!")
    end
    local right, action = ask {
      id = "drill.action",
      q = _"The printer has stopped with this message. What do you do first?",
      choices = {
        _"Hands off, switch it off at the mains, tell the trainer",
        _"Reset it and heat it again to see whether the message comes back",
        _"Open the hot end and push the thermistor back in",
        _"Wait until it has cooled, then start the print again",
      },
      correct = 1,
      feedback = {
        [2] = _"A restart heats a heater whose sensor may be loose: never restart after a runaway.",
        [3] = _"Do not touch it: the block may be far hotter than its reading, and repairs are the trainer's.",
        [4] = _"The fault is still there after cooling: the printer stays off until the trainer has checked it.",
        correct = _"Right: hands off, power off, report.",
      },
    }
    local reaction = elapsed() - halted_at
    say(_("Your first action came %.0f s after the halt."):format(reaction))

    heading(_"Burn first aid")
    say(_"Cool a burn at once under cool running tap water for at least 20 minutes, even if it stops hurting sooner. Take off rings and watches before the skin swells. No ice, butter or cream. Cover it loosely with clean cling film or a sterile dressing. A burn larger than the palm, a deep burn or a burn to the face or hands needs a doctor.")
    local cooled = ask {
      id = "burn.cool",
      q = _"A trainee touched the heater block. How long do you cool the burn under running water?",
      choices = {
        _"A minute, until the pain is gone",
        _"At least 20 minutes",
        _"Not at all: put ice on it",
        _"Not at all: put burn cream on it at once",
      },
      correct = 2,
      feedback = {
        [1] = _"The heat goes on damaging the skin after the pain has eased: at least 20 minutes.",
        [3] = _"Ice damages the skin further: cool running water.",
        [4] = _"Cream keeps the heat in: cool with running water first.",
        correct = _"Right: at least 20 minutes.",
      },
    }

    local ok = trainer_signoff {
      outcome = "M1.LO4",
      prompt = _"Did the trainee, in the drill, keep hands off, point out the mains switch, leave the printer off and report it, and then talk you through burn first aid (running water for at least 20 minutes) and what to do on smoke or fire?",
      evidence = {
        fault = "thermal-runaway", halted = st.halted, halt_message = st.halt_message,
        reaction_s = reaction, first_action = action, first_action_right = right,
        burn_answer_right = cooled,
      },
    }
    if ok then
      say(_"Signed off: you know what to do in an emergency.")
    else
      say(_"Not yet: go through the steps with the trainer and repeat the drill.")
    end
    note(_"The trainer resets the virtual printer after the drill. A real printer that stopped this way stays off until it has been checked.")
  end),
}
