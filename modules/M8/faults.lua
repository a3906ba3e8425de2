-- M8 lesson 1: from symptom to cause to remedy, and what the firmware's
-- error messages mean (M8.LO1).
-- The symptom table is domain.md's (M8), after Prusa's and Ultimaker's
-- troubleshooting guides (help.prusa3d.com, support.ultimaker.com; not
-- re-checked for this lesson). The log lines are Marlin 2.0's serial output:
-- _temp_error() in module/temperature.cpp prints "Error:" + the message +
-- ", system stopped! Heater_ID: " + the heater (0 for the first hotend,
-- "bed" for the bed), then kill() prints "Error:Printer halted. kill()
-- called!" (MarlinCore.cpp); the messages are core/language.h's
-- STR_T_THERMAL_RUNAWAY "Thermal Runaway", STR_T_HEATING_FAILED "Heating
-- failed", STR_T_MAXTEMP "MAXTEMP triggered", STR_T_MINTEMP "MINTEMP
-- triggered". Marlin 2.1 prints the hotend as "E0". The protection figures
-- are Marlin's defaults in Configuration_adv.h (THERMAL_PROTECTION_PERIOD 40
-- s, THERMAL_PROTECTION_HYSTERESIS 4 °C; WATCH_TEMP_PERIOD 20 s and
-- WATCH_TEMP_INCREASE 2 °C) as domain.md §4 quotes them; printers ship
-- their own values.
return lesson {
  id = "faults",
  title = _"Troubleshooting: symptoms and firmware errors",
  summary = _"From a symptom to its cause and first remedy; what Thermal Runaway, Heating failed, MINTEMP and MAXTEMP mean.",
  outcomes = { "M8.LO1" },

  step({ id = "symptoms", title = _"Symptom, cause, remedy" }, function()
    heading(_"Work from what you see")
    say(_"Most print faults have a few likely causes. Check the cheapest and most likely one first, change **one thing at a time**, and write down what you changed.")
    show_table {
      header = { _"Symptom", _"Likely causes", _"First remedies" },
      rows = {
        { _"Under-extrusion, gaps in walls", _"partial clog, wrong E-steps, wet filament, printing too fast, a tangled spool", _"cold pull, calibrate E-steps, dry the filament, lower the speed or raise the temperature a little" },
        { _"Extruder clicks, nothing comes out", _"clog, heat creep (hotend fan not running), too low a temperature, a gap at the PTFE tube", _"check the hotend fan, cold pull, reseat the PTFE tube, replace the nozzle" },
        { _"Corners lift (warping)", _"bed too cool, draughts, a greasy sheet, ABS without an enclosure", _"clean the sheet with IPA, a brim, an enclosure, the right bed temperature" },
        { _"Stringing", _"wet filament, too hot, retraction too short or slow", _"dry the filament, 5–10 °C cooler, tune the retraction" },
        { _"Layer shift", _"loose belt or pulley grub screw, a collision, an overheated driver, too high an acceleration", _"tension the belts, tighten the grub screws, lower the acceleration, check the electronics' cooling" },
        { _"Thermal Runaway, Heating failed", _"a loose thermistor or heater cartridge, a fan blowing on the block without a sock, a broken wire", _"switch off, let it cool, report it; the trainer inspects the wiring; never raise the protection limits" },
        { _"MINTEMP, MAXTEMP", _"thermistor open (broken wire, loose plug) or short-circuited", _"switch off, report it; the connector or the thermistor is checked or replaced by the trainer" },
      },
    }
  end),

  step({ id = "errors", title = _"When the firmware stops itself" }, function()
    heading(_"The firmware's protection")
    say(_"The firmware compares every temperature reading with what it expects. When something is wrong it switches all heaters off, stops, and prints why. The printer stays halted until it is reset or switched off and on.")
    code { "Error:Thermal Runaway, system stopped! Heater_ID: 0\nError:Printer halted. kill() called!", lang = "log" }
    list {
      _"**Thermal Runaway**: the heater was at its target, then the reading fell more than a few degrees below it (Marlin's default: 4 °C for 40 s) although the heater was on. The reading no longer follows the heater: the thermistor may have slipped out of the block, and the heater may be cooking the block.",
      _"**Heating failed**: while heating up, the reading did not rise fast enough (default: 2 °C within 20 s). A heater cartridge that is loose or broken, or a thermistor that is not in the block.",
      _"**MINTEMP**: the reading is impossibly low, for example -14 °C: the thermistor circuit is **open** (broken wire, loose plug).",
      _"**MAXTEMP**: the reading is above the heater's maximum: the thermistor is **short-circuited**, or the heater is stuck on.",
      _"`Heater_ID: 0` is the first hotend (Marlin 2.1 prints `E0`), `Heater_ID: bed` the bed.",
    }
    warning(_"After any of these messages: hands off, switch the printer off at the mains, do not restart it to try again, and report it to the trainer. The protection is never switched off or loosened to make a printer print.")
    note(_"layerlab recognises these messages, ends the lesson or the print, and keeps them for the trainer.")
  end),

  step({ id = "quiz", title = _"Quiz: troubleshooting" }, function()
    say(_"Five questions are drawn from the pool. You need 80 % to pass.")
    quiz {
      id = "m8.faults", outcome = "M8.LO1", draw = 5, pass = 0.8,
      questions = {
        { id = "log.runaway", q = _"The print stopped and the log ends with:\n`T:196.12 /210.00 B:60.01 /60.00 @:127 B@:31`\n`T:191.40 /210.00 B:60.00 /60.00 @:127 B@:30`\n`Error:Thermal Runaway, system stopped! Heater_ID: 0`\n`Error:Printer halted. kill() called!`\nWhat happened?",
          choices = { _"The hotend reading fell while its heater ran at full power: the thermistor may have come loose", _"The bed overheated", _"The filament ran out", _"The USB cable was unplugged" }, correct = 1, shuffle = true,
          feedback = { [2] = _"B: stays at 60 °C; Heater_ID 0 is the hotend.",
                       [3] = _"A runout pauses the print; it does not stop the firmware.",
                       [4] = _"A lost connection shows no firmware error.",
                       correct = _"Right: @:127 is full power, yet the reading falls: the reading no longer follows the heater." } },
        { id = "log.mintemp", q = _"Right after switching on, the printer shows:\n`T:-14.00 /0.00 B:22.80 /0.00 @:0 B@:0`\n`Error:MINTEMP triggered, system stopped! Heater_ID: 0`\nWhat is the most likely cause?",
          choices = { _"The hotend thermistor circuit is open (broken wire or loose plug)", _"The room is too cold", _"The nozzle is clogged", _"The heater cartridge is too strong" }, correct = 1, shuffle = true,
          feedback = { [2] = _"A workshop is never at -14 °C; the bed reads 22.8 °C.",
                       [3] = _"A clog does not change the temperature reading.",
                       [4] = _"A strong heater would make readings high, not impossible lows.",
                       correct = _"Right: an impossible low reading means the sensor circuit is open." } },
        { id = "log.maxtemp", q = _"The log shows:\n`T:205.00 /205.00 B:151.30 /60.00 @:64 B@:0`\n`Error:MAXTEMP triggered, system stopped! Heater_ID: bed`\nWhat do you do?",
          choices = { _"Switch off at the mains, keep away from the bed, report it: the bed thermistor is shorted or the bed heater is stuck on", _"Reset and print again", _"Lower the bed target to 50 °C", _"Cool the bed with IPA" }, correct = 1, shuffle = true,
          feedback = { [2] = _"Restarting a printer with a stuck heater or a shorted sensor repeats the danger.",
                       [3] = _"The bed reads 151 °C with its heater off (B@:0): the target is not the problem.",
                       [4] = _"IPA is flammable: never on a hot surface.",
                       correct = _"Right: B@:0 with 151 °C means the reading or the heater is faulty." } },
        { id = "log.heating", q = _"Heating the nozzle, the printer stops with:\n`Error:Heating failed, system stopped! Heater_ID: 0`\nThe nozzle is barely warm. What does the message mean?",
          choices = { _"The reading did not rise as expected while the heater was on: a loose or broken heater cartridge, or a thermistor not in the block", _"The target was too high", _"The print was finished", _"The filament is wet" }, correct = 1, shuffle = true,
          feedback = { [2] = _"Too high a target is refused before heating; it does not make the heater fail.",
                       [3] = _"A finished print turns the heaters off without an error.",
                       [4] = _"Wet filament does not stop the heater.",
                       correct = _"Right: the firmware's heat-up check (WATCH) caught it." } },
        { id = "runaway.action", q = _"You see \"Thermal Runaway\" on the display. What is the right sequence?",
          choices = { _"Hands off, switch off at the mains, do not restart, report to the trainer", _"Press reset and start the print again", _"Open the electronics and check the wires while it is on", _"Raise THERMAL_PROTECTION_HYSTERESIS so it does not happen again" }, correct = 1, shuffle = true,
          feedback = { [2] = _"The cause is still there; the protection would only catch it again, or not in time.",
                       [3] = _"Never open the electronics of a powered printer: mains voltage.",
                       [4] = _"Loosening the protection is how printers start fires.",
                       correct = _"Right." } },
        { id = "sock", q = _"Since a new part fan duct was fitted, the printer sometimes stops with Thermal Runaway when the fan speeds up. What is a likely cause?",
          choices = { _"The fan now blows on the heater block, which has no silicone sock, and cools it faster than the heater can follow", _"The fan is too slow", _"The filament is too thin", _"The bed is too hot" }, correct = 1, shuffle = true,
          feedback = { [2] = _"A slower fan would cool the block less.",
                       [3] = _"Filament diameter does not change the block's reading.",
                       [4] = _"The bed has its own heater and protection.",
                       correct = _"Right: fit the sock, aim the duct at the part, then tune the PID with the fan on." } },
        { id = "gaps", q = _"Walls show gaps and the top surface has holes, but the first layer is fine. The filament is new and dry. What do you check first?",
          choices = { _"The extruder: a partial clog (cold pull) or wrong E-steps (calibrate)", _"The bed level", _"The Z offset", _"The part fan" }, correct = 1, shuffle = true,
          feedback = { [2] = _"The first layer is fine, so the bed is not the problem.",
                       [3] = _"Z offset shows in the first layer.",
                       [4] = _"The fan does not remove plastic.",
                       correct = _"Right: too little plastic comes out." } },
        { id = "click", q = _"The extruder clicks and the filament grinds; the hotend fan is not spinning. What is happening?",
          choices = { _"Heat creep: heat rises into the cold end, the filament softens there and jams", _"The bed is too cold", _"The E-steps are too high", _"The print is too slow" }, correct = 1, shuffle = true,
          feedback = { [2] = _"The bed does not feed filament.",
                       [3] = _"Wrong E-steps over- or under-extrude; they do not jam the cold end.",
                       [4] = _"Slow printing does not stop a fan.",
                       correct = _"Right: the hotend fan must run whenever the hotend is hot; report the fan." } },
        { id = "shift", q = _"Every print shifts in Y at about the same height; the Y belt is slack. What do you do?",
          choices = { _"Tension the Y belt and check the pulley's grub screw, then test", _"Raise the temperature", _"Re-slice with more infill", _"Level the bed" }, correct = 1, shuffle = true,
          feedback = { [2] = _"Temperature does not move the head.",
                       [3] = _"Infill does not hold the belt.",
                       [4] = _"Levelling does not fix the Y drive.",
                       correct = _"Right: a slack belt or a slipping pulley loses steps." } },
        { id = "string", q = _"PETG prints with many fine strings between parts; the spool was open for a month. First remedy?",
          choices = { _"Dry the filament (about 65 °C for 4–6 h), then reprint", _"Raise the nozzle temperature", _"Turn the part fan off", _"Print faster without retraction" }, correct = 1, shuffle = true,
          feedback = { [2] = _"Hotter makes stringing worse.",
                       [3] = _"Less cooling makes strings sag more.",
                       [4] = _"Without retraction every travel strings.",
                       correct = _"Right: wet filament is the likely cause; then tune retraction if needed." } },
        { id = "one.change", q = _"A print has three faults at once. How do you work?",
          choices = { _"Change one thing, test, note the result, then the next", _"Change everything at once to save time", _"Reinstall the firmware", _"Switch printers" }, correct = 1, shuffle = true,
          feedback = { [2] = _"Then you do not know which change helped or made things worse.",
                       [3] = _"Firmware is the trainer's decision and rarely the cause.",
                       [4] = _"The faults stay on this printer.",
                       correct = _"Right, and each change goes in the maintenance log." } },
        { id = "halted", q = _"After `Error:Printer halted. kill() called!`, the display stays frozen. What do heaters and motors do?",
          choices = { _"The heaters are off and the firmware does nothing until it is reset; the hotend stays hot for minutes", _"The heaters keep their targets", _"The printer finishes the current layer", _"It restarts by itself" }, correct = 1, shuffle = true,
          feedback = { [2] = _"kill() switches every heater off first.",
                       [3] = _"A halted firmware moves nothing.",
                       [4] = _"Only a reset or a power cycle restarts it.",
                       correct = _"Right: off is not cold, so hands off the hotend." } },
        { id = "warp", q = _"ABS corners lift on every print; the printer stands next to an open window. First remedy?",
          choices = { _"Close the window or use an enclosure with filtration, clean the sheet, add a brim", _"Lower the bed temperature", _"Print faster", _"More part cooling" }, correct = 1, shuffle = true,
          feedback = { [2] = _"A cooler bed makes ABS warp more.",
                       [3] = _"Speed does not stop the part shrinking.",
                       [4] = _"More cooling makes ABS warp more.",
                       correct = _"Right: draughts and cooling are ABS's enemies." } },
        { id = "electrical", q = _"The power cable of the bed is warm, its insulation is brown near the plug, and the bed heats unevenly. What do you do?",
          choices = { _"Stop using the printer, switch it off, and escalate it as an electrical fault to the trainer", _"Tape the insulation", _"Re-plug the connector while the printer is on", _"Carry on and log it at the end of the week" }, correct = 1, shuffle = true,
          feedback = { [2] = _"A burnt connector is a fire risk; tape hides it.",
                       [3] = _"Never work on a powered printer's wiring.",
                       [4] = _"An electrical fault is reported at once, not later.",
                       correct = _"Right: trainees do not repair wiring; they stop and escalate." } },
        { id = "pid.when", q = _"When is a PID autotune needed?",
          choices = { _"After changing the heater cartridge, the thermistor, the hotend or adding a sock, or when the temperature swings more than about ±2 °C", _"Before every print", _"Every time the filament changes", _"Never: the factory values always fit" }, correct = 1, shuffle = true,
          feedback = { [2] = _"A tuned hotend stays tuned while its parts stay the same.",
                       [3] = _"A new filament needs a new temperature, not a new PID.",
                       [4] = _"New parts change how the hotend heats and loses heat.",
                       correct = _"Right." } },
      },
    }
  end),
}
