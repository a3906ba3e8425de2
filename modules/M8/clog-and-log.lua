-- M8 lesson 4: clearing a clog with a cold pull, replacing a nozzle
-- (M8.LO4), and the maintenance log and escalating electrical faults
-- (M8.LO5). No printer needed: the trainer watches at a real one.
-- Sources: the cold pull ("atomic pull") and the hot nozzle change follow
-- Prusa's knowledge base ("Cold pull", "Changing or replacing the nozzle",
-- help.prusa3d.com) and E3D's V6 assembly guide (tighten hot, about 285 °C
-- for a V6, hold the heater block with a spanner); those pages were not
-- re-checked for this lesson, so the temperatures below are given as
-- ranges to be set from the printer's own manual. Electrical work is
-- reserved for qualified persons (in the EU the national rules under the
-- Low Voltage Directive 2014/35/EU; the school's own rules apply).
return lesson {
  id = "clog-and-log",
  title = _"Clogs, nozzles and the maintenance log",
  summary = _"The cold pull, changing a nozzle safely, the maintenance log, and what you never repair yourself.",
  outcomes = { "M8.LO4", "M8.LO5" },

  step({ id = "coldpull", title = _"The cold pull" }, function()
    heading(_"Pulling a clog out")
    say(_"A partial clog is often dirt or burnt plastic stuck in the nozzle. A **cold pull** takes it out with the filament itself: the plastic is melted into the nozzle, cooled until it is solid but still a little soft, and pulled out in one piece with the dirt in its tip.")
    list {
      ordered = true,
      _"Heat to the filament's printing temperature (PLA about 200 °C) and push some filament through by hand until it flows.",
      _"Switch the heater off and keep a light push on the filament while it cools.",
      _"At about 90 °C for PLA (the printer's manual gives the value for its hotend), release the extruder's lever and pull the filament out firmly in one move.",
      _"Look at the tip: it should show the nozzle's shape; dark spots are the dirt. Repeat until the tip is clean.",
    }
    warning(_"The nozzle is hot during every step. Pull the filament above the extruder, never near the hotend, and keep your other hand away from the nozzle.")
  end),

  step({ id = "nozzle", title = _"Replacing a nozzle" }, function()
    heading(_"A nozzle is changed hot")
    list {
      ordered = true,
      _"Heat the hotend to the temperature the printer's maker gives for a nozzle change (often 250–285 °C): the plastic inside softens and the thread does not tear.",
      _"Hold the **heater block** with a spanner so it cannot twist: twisting it tears the heater and thermistor wires.",
      _"Unscrew the old nozzle with a socket; drop it onto a heat-proof surface, never into a bin or onto the table.",
      _"Screw the new nozzle in by hand, then tighten it gently **while hot**, holding the block.",
      _"Switch off, let it cool, then check the first layer (the nozzle's height may have changed: Z offset, M4).",
    }
    warning(_"A nozzle at 250 °C burns at once. Wear heat-resistant gloves, use the right socket and spanner, and never leave a hot nozzle on the table.")
    figure { [[
      heat break
     ===|=|===
   [ heater block ] <-- hold here with a spanner
       \   /
        \_/  <-- nozzle: turn with the socket
]], caption = _"Hold the block, turn the nozzle" }
    trainer_signoff {
      outcome = "M8.LO4",
      prompt = _"Did the trainee clear a clog with a cold pull (clean tip) and change a nozzle hot, holding the heater block, with gloves and the right tools?",
    }
  end),

  step({ id = "log", title = _"The maintenance log" }, function()
    heading(_"Write it down")
    say(_"Every printer has a **maintenance log**. Whoever changes, cleans, calibrates or repairs something writes an entry at once:")
    show_table {
      header = { _"Date", _"Printer", _"Symptom", _"Action", _"Result", _"Values" },
      rows = {
        { "2026-03-14", "Ender-3 V2 #2", _"gaps in the walls", _"cold pull, E-steps calibrated", _"walls closed", "M92 E93.00 → E96.47" },
        { "2026-03-20", "MK3S #1", _"temperature swings ±4 °C", _"PID autotune, saved", _"holds ±1 °C", "M301 P21.61 I1.54 D75.73" },
      },
    }
    say(_"The log lets the next person see what was done, and the trainer see when a fault keeps coming back.")
    heading(_"What you never repair yourself")
    list {
      _"Anything behind a cover that carries mains voltage: the power supply, the mains socket and switch, a mains-powered bed (some printers heat the bed from the mains).",
      _"Burnt, brown or melted connectors and cables, a smell of hot insulation, a fuse that blows again.",
      _"Heater and thermistor wiring after a Thermal Runaway, MINTEMP or MAXTEMP message.",
    }
    warning(_"Electrical faults are switched off, the printer is marked out of use, and the fault is reported to the trainer at once. Only a qualified person opens a mains-powered part.")
    trainer_signoff {
      outcome = "M8.LO5",
      prompt = _"Are the trainee's maintenance log entries complete (date, printer, symptom, action, result, values changed), and did they explain how they escalate an electrical fault instead of repairing it?",
    }
  end),
}
