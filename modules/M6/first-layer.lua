-- M6 lesson 1: what a good first layer looks like, how a print fails, and
-- when to pause or cancel; the quiz that assesses M6.LO1. No printer needed.
-- Sources: the first-layer signs follow Prusa's knowledge base ("First layer
-- issues", help.prusa3d.com/article/first-layer-issues_1804) and the
-- domain reference (curriculum-target.md, domain.md M4/M6); the article was
-- not re-checked for this lesson. Pause and cancel behaviour: Marlin's
-- feature/pause.cpp (M600: park, unload, wait for the user) and layerlab's
-- own job (docs/printer-link.md): pause parks the head with the heaters
-- kept on, cancel runs the profile's cancel G-code (heaters off, fan off,
-- lift, park).
return lesson {
  id = "first-layer",
  title = _"The first layer, and when to stop a print",
  summary = _"What a good first layer looks like, how prints fail, pause or cancel.",
  outcomes = { "M6.LO1" },

  step({ id = "before", title = _"Before you press start" }, function()
    heading(_"The minutes that decide a print")
    say(_"Most failed prints fail in the first layer. A first layer that is stuck flat to the sheet carries the whole part; a first layer that is loose, too thin or too thick ruins it, often hours later. That is why the workshop rule says: **never leave the first layer unattended**.")
    list {
      ordered = true,
      _"The pre-print checklist of M1 is done: ventilation on, area clear, filament fits the job, no loose cables.",
      _"The sheet is clean (no fingerprints: grease stops PLA sticking) and seated on the bed.",
      _"The file was checked for this printer and this material (M5).",
      _"You stay at the printer until layer 2 is down and looks right.",
    }
  end),

  step({ id = "signs", title = _"Reading the first layer" }, function()
    heading(_"Good, too high, too low")
    figure { [[
   nozzle too HIGH           just RIGHT              nozzle too LOW
    ( )  ( )  ( )          ________________        ~~~~~~~~~~~~~~~~~
    ( )  ( )  ( )          |_|_|_|_|_|_|_|_|       ================
  ==================     ==================      ==================
  round lines, gaps      lines pressed flat,     lines smeared thin,
  between them, they     touching, a smooth      ridges or see-through
  lift off when rubbed   matt or shiny surface   spots, nozzle scrapes
]], caption = _"First-layer lines seen from the side (cut across)" }
    list {
      _"**Too high**: round lines with gaps between them, corners that lift, lines that come off when you run a finger over them. The Z offset is too large, or the bed is low there.",
      _"**Too low**: lines squashed so thin that the surface is rough with ridges, or the nozzle scrapes and no plastic comes out at some spots. Too much squish also makes an *elephant foot* (the bottom edge bulges out).",
      _"**Not sticking**: a line is dragged along behind the nozzle instead of staying where it was laid. Usually a greasy sheet, a too cold bed, or a nozzle too high.",
      _"**Right**: the lines are pressed flat and touch each other; the surface is even; nothing moves when the nozzle passes again.",
    }
    note(_"Judge the first layer at the printer, with a light from the side: the gaps and ridges show as shadows.")
  end),

  step({ id = "failures", title = _"How prints fail later" }, function()
    heading(_"Signs that a print is failing")
    show_table {
      header = { _"What you see", _"What has happened", _"What you do" },
      rows = {
        { _"Loose strands piling up like spaghetti", _"the part came off the bed or broke; the nozzle prints into the air", _"cancel" },
        { _"A blob of plastic growing around the nozzle", _"plastic sticks to the nozzle instead of the part (loose part, too low first layer); it can tear the heater wires or the thermistor out", _"cancel, let the nozzle cool, tell the trainer" },
        { _"Layers shifted sideways", _"the head skipped steps (a collision, a loose belt or pulley)", _"cancel; the part will not recover" },
        { _"A corner lifting a little", _"warping: the part shrinks as it cools", _"watch; cancel if the nozzle starts to hit the corner" },
        { _"The filament about to run out, or a colour change planned", _"nothing has failed", _"pause (or M600), change the filament, resume" },
      },
    }
    warning(_"Never reach into a moving printer to pull away a strand or a blob. Pause or cancel first, wait until the head is parked, and remember that the nozzle is still above 200 °C.")
  end),

  step({ id = "pause-cancel", title = _"Pause or cancel?" }, function()
    heading(_"Two different ways to stop")
    list {
      _"**Pause**: the print stops between two moves, the head lifts and parks, the heaters **stay on**. You can resume and the print continues from where it stopped. Use it for something you can fix without touching the part: new filament, a tangle on the spool, a quick look.",
      _"**Cancel**: the print ends for good. layerlab sends the cancel sequence: heaters off (M104 S0, M140 S0), part fan off (M107), the nozzle lifted off the part and parked, motors off. Use it when the part is lost or the printer is at risk.",
      _"**Emergency stop** (M1): only when people or the printer are in danger right now, such as smoke, a fire, a crash that goes on. It halts the firmware at once; the printer must be reset.",
    }
    note(_"When in doubt between pause and cancel, pause: it keeps both choices open. When in doubt between cancel and the emergency stop, ask whether anyone or anything is in danger this second.")
  end),

  step({ id = "quiz", title = _"Quiz: watching a print" }, function()
    say(_"Five questions are drawn from the pool. You need 80 % to pass.")
    local passed = quiz {
      id = "m6.monitor", outcome = "M6.LO1", draw = 5, pass = 0.8,
      questions = {
        { id = "gaps", q = _"The first layer shows round lines with gaps between them, and a line lifts when you touch it. What is most likely?",
          choices = { _"The nozzle is too close to the bed", _"The nozzle is too far from the bed", _"The part fan is too strong", _"The filament is wet" }, correct = 2, shuffle = true,
          feedback = { [1] = _"Too close squashes the lines flat and thin, without gaps.",
                       [3] = _"The fan is usually off for the first layer; it does not make gaps between lines.",
                       [4] = _"Wet filament pops and strings; it does not lift the first layer.",
                       correct = _"Right: round lines with gaps mean the nozzle is too high (Z offset or bed level)." } },
        { id = "ridges", q = _"The first layer is rough with ridges, and in one corner no plastic comes out at all. What do you conclude?",
          choices = { _"The nozzle is too low there", _"The nozzle is too high there", _"The print is too slow", _"The bed is too hot" }, correct = 1, shuffle = true,
          feedback = { [2] = _"Too high gives round lines with gaps, not ridges.",
                       [3] = _"Speed does not close the nozzle against the sheet.",
                       [4] = _"A hot bed makes the layer shiny, not ridged.",
                       correct = _"Right: the nozzle presses on the sheet and blocks the flow." } },
        { id = "spaghetti", q = _"After two hours you find a nest of loose strands where the part should be. What do you do?",
          choices = { _"Pause, remove the strands, resume", _"Cancel the print", _"Let it finish: the top may still be fine", _"Raise the nozzle temperature" }, correct = 2, shuffle = true,
          feedback = { [1] = _"The part has come loose: resuming prints into the air again.",
                       [3] = _"Nothing can be printed on top of loose strands; it wastes filament and risks a blob on the nozzle.",
                       [4] = _"Temperature does not bring back a part that came off the bed.",
                       correct = _"Right: the part is lost; cancel, then find out why it came off." } },
        { id = "blob", q = _"A growing blob of plastic is wrapped around the nozzle. Why is cancelling urgent?",
          choices = { _"The blob can pull the heater or thermistor wires out and cause a thermal fault", _"The blob changes the colour of the part", _"It makes the print slower", _"It is not urgent: the blob falls off by itself" }, correct = 1, shuffle = true,
          feedback = { [2] = _"Colour is not the problem.",
                       [3] = _"Speed is not the problem.",
                       [4] = _"A blob grows as long as plastic comes out; it does not fall off.",
                       correct = _"Right: a blob can tear out the thermistor; then the firmware reads a wrong temperature." } },
        { id = "runout", q = _"The spool will run out in about ten minutes; the print needs another hour. What is the right way?",
          choices = { _"Cancel and start again with a new spool", _"Pause (or use the filament change), load the new spool, resume", _"Pull the old filament out while printing", _"Lower the speed so the filament lasts longer" }, correct = 2, shuffle = true,
          feedback = { [1] = _"Nothing has failed: a pause keeps the print.",
                       [3] = _"Never pull filament while the printer extrudes: the nozzle is at print temperature and the head moves.",
                       [4] = _"Slower printing uses the same amount of filament.",
                       correct = _"Right: pause or M600, change the filament, resume." } },
        { id = "pause.heat", q = _"What happens to the heaters when layerlab pauses a print?",
          choices = { _"Both heaters switch off", _"They stay on, so the print can continue", _"Only the bed stays on", _"They go to 50 °C" }, correct = 2, shuffle = true,
          feedback = { [1] = _"That is what a cancel does.",
                       [3] = _"The nozzle stays on as well, so the next line prints at the right temperature.",
                       [4] = _"There is no such standby temperature in the pause.",
                       correct = _"Right: the head parks, the heaters stay on. The nozzle is still hot while paused." } },
        { id = "cancel.seq", q = _"Which of these is part of a safe cancel?",
          choices = { _"M104 S0, M140 S0, M107, lift Z, park", _"M112 and switch off at the mains", _"G28 to home the axes at once", _"M500 to save the position" }, correct = 1, shuffle = true,
          feedback = { [2] = _"That is the emergency stop, for danger, not for a failed part.",
                       [3] = _"Homing drives the nozzle across the part and the bed: lift and park instead.",
                       [4] = _"M500 saves settings, not a print.",
                       correct = _"Right: heaters off, fan off, nozzle lifted off the part and parked." } },
        { id = "lift", q = _"Why does the cancel sequence lift the nozzle before it parks?",
          choices = { _"So the hot nozzle does not drag across the part and melt or knock it", _"To cool the nozzle faster", _"Because the firmware refuses to park otherwise", _"To measure the part's height" }, correct = 1, shuffle = true,
          feedback = { [2] = _"Lifting does not cool it faster.",
                       [3] = _"The firmware would move; it would just move through the part.",
                       [4] = _"Nothing is measured.",
                       correct = _"Right." } },
        { id = "corner", q = _"A corner of a PLA part has lifted about 1 mm; the nozzle passes over it without touching. What do you do?",
          choices = { _"Cancel at once", _"Watch closely and cancel if the nozzle starts to hit the corner", _"Press the corner down with your finger", _"Raise the bed temperature to 100 °C" }, correct = 2, shuffle = true,
          feedback = { [1] = _"A small lift may still give a usable part: watch it.",
                       [3] = _"Never reach under a moving hot nozzle.",
                       [4] = _"100 °C softens PLA and can make it worse; the profile's bed temperature is right for PLA.",
                       correct = _"Right: warping is watched, and stopped when it becomes a collision." } },
        { id = "shift", q = _"Half way up, the layers suddenly continue 5 mm to the side. What has happened?",
          choices = { _"The head lost steps: a layer shift", _"The slicer changed the layer height", _"The filament ran out", _"The first layer was too high" }, correct = 1, shuffle = true,
          feedback = { [2] = _"Layer height is a Z setting; this is a shift in X or Y.",
                       [3] = _"Without filament nothing is printed; nothing shifts.",
                       [4] = _"The first layer was printed hours ago.",
                       correct = _"Right: a collision or a loose belt made the head skip; cancel, then check belts and pulleys." } },
        { id = "leave", q = _"The first layer has just started. A colleague asks you to help in the next room for ten minutes. What do you do?",
          choices = { _"Go: the printer stops itself if something goes wrong", _"Stay until layer 2 is down and looks right, then check back regularly", _"Go, and ask nobody to watch", _"Switch the fan off and go" }, correct = 2, shuffle = true,
          feedback = { [1] = _"Firmware protection catches thermal faults, not a loose part or a blob.",
                       [3] = _"The first layer is never left alone.",
                       [4] = _"The fan has nothing to do with leaving the printer.",
                       correct = _"Right: the workshop rule, and the reason is that most failures start in the first layer." } },
        { id = "estop", q = _"Smoke comes out of the printer's electronics box during a print. Which stop?",
          choices = { _"Pause", _"Cancel", _"The emergency stop and the mains switch, then the trainer", _"Wait for the layer to finish" }, correct = 3, shuffle = true,
          feedback = { [1] = _"A pause keeps the heaters on.",
                       [2] = _"Cancel runs a sequence of commands; smoke means switch off now.",
                       [4] = _"Never wait with smoke.",
                       correct = _"Right: danger now means the emergency stop and switching off at the mains (M1)." } },
        { id = "temp.dev", q = _"While printing PLA at 210 °C the nozzle reading swings between 200 and 215 °C. What does that tell you?",
          choices = { _"Nothing: a hotend always swings like that", _"The temperature control is not holding: report it (PID tuning, a loose thermistor, a draught)", _"The filament is the wrong colour", _"The bed is too hot" }, correct = 2, shuffle = true,
          feedback = { [1] = _"A healthy hotend holds within about 2 °C of its target while printing.",
                       [3] = _"Colour does not move the reading.",
                       [4] = _"The bed has its own heater and reading.",
                       correct = _"Right: ±2 °C is normal, ±5–10 °C is a fault to report (M8 covers PID tuning)." } },
        { id = "paused.hot", q = _"The print is paused for a filament change and the head is parked. Is the nozzle safe to touch?",
          choices = { _"Yes, a paused printer is cold", _"No: the heaters stay on during a pause", _"Yes, after one minute", _"Only the nozzle tip is hot" }, correct = 2, shuffle = true,
          feedback = { [1] = _"Pause keeps the heaters on.",
                       [3] = _"A nozzle held at 200 °C does not cool while paused.",
                       [4] = _"The heater block, the nozzle and the heat break are all hot.",
                       correct = _"Right: handle the filament above the extruder, never the nozzle." } },
        { id = "where", q = _"Where is the best place to judge the first layer from?",
          choices = { _"From the computer screen only", _"At the printer, with light from the side", _"From the door", _"After the print has finished" }, correct = 2, shuffle = true,
          feedback = { [1] = _"The program shows temperatures and progress, not the lines.",
                       [3] = _"Too far to see gaps and ridges.",
                       [4] = _"Too late: a bad first layer should stop the print in the first minutes.",
                       correct = _"Right: side light shows gaps and ridges as shadows." } },
      },
    }
    if passed then
      say(_"Passed. In the next lesson you watch a real print and judge its first layers.")
    else
      say(_"Not yet: read the steps about the first layer and about pause and cancel again, then retry.")
    end
  end),
}
