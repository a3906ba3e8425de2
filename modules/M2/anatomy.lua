-- M2 lesson 1: how an FDM printer moves and knows where it is; the quiz
-- that assesses M2.LO1. No printer needed.
-- Sources: Marlin's configuration (Configuration.h: X_MIN_POS, X_MAX_POS,
-- min_software_endstops, COREXY) and its G-code reference for G28, G90,
-- G91, M114, M119, M211 (marlinfw.org/docs/gcode).
return lesson {
  id = "anatomy",
  title = _"How a printer moves",
  summary = _"Kinematics, endstops and probes, machine coordinates and soft endstops.",
  outcomes = { "M2.LO1" },

  step({ id = "kinematics", title = _"Two ways to move a nozzle" }, function()
    heading(_"Kinematics")
    say(_"Every FDM printer moves the nozzle relative to the bed along three axes, X, Y and Z. How the motors are connected to the axes is the printer's **kinematics**.")
    figure { [[
  Cartesian "bed-slinger"            CoreXY
  (Ender-3, Prusa MK3S/MK4)          (Voron, Bambu X1)

     X motor -> head              motor A     motor B
     +======[H]======+              \         /
     |               |               \ belts /
   [=====bed=====]  <- Y motor         [H]   both motors move the head
     moves back and forth           bed moves only in Z
]] }
    list {
      _"**Cartesian**: one motor per axis. On a bed-slinger the bed itself moves in Y, so a tall part sways and the bed must be clear in front of and behind the printer.",
      _"**CoreXY**: two motors together move the head in X and Y through crossed belts; the bed moves only down in Z. Moving one motor alone moves the head diagonally.",
    }
  end),

  step({ id = "endstops", title = _"Endstops and probes" }, function()
    heading(_"How the printer finds zero")
    say(_"When it is switched on, a printer does not know where its axes are. **Homing** (G28) moves each axis until it touches its **endstop**, a switch (or a sensor) at one end of the travel. That point becomes the axis's home position.")
    list {
      _"**Mechanical endstop**: a micro-switch that clicks when touched. M119 reports `open` or `TRIGGERED`.",
      _"**Probe** (BLTouch, CR Touch, SuperPINDA, load cell): measures the bed under the nozzle and often replaces the Z endstop. It is also used to measure a mesh of the bed's height.",
      _"**Sensorless homing**: the motor driver feels the axis stall against the frame. Quiet, but a part or a hand in the way also counts as a stall.",
    }
    warning(_"Homing drives the axes into their ends with full force until the switch triggers. Before G28, check that nothing is on the bed, no clip or tool lies in the travel, and your hands are out of the printer.")
  end),

  step({ id = "coordinates", title = _"Machine coordinates" }, function()
    heading(_"Where is the nozzle?")
    say(_"After homing, the firmware counts the motor steps and knows the position in millimetres. M114 reports it, for example `X:10.00 Y:0.00 Z:0.00 E:0.00`.")
    list {
      _"**Absolute mode** (G90): `G1 X50` means go to X = 50 mm.",
      _"**Relative mode** (G91): `G1 X10` means move 10 mm further in X. Always return to G90 after a jog: the next file expects absolute moves.",
      _"**Soft endstops**: the firmware refuses to move past the travel it was configured with (for example X 0–220 mm on an Ender-3 V2). They work only after homing, and layerlab never switches them off (M211 S0 is refused).",
    }
    note(_"The position counts steps, it does not measure: if a belt slips or the head crashes, the firmware still believes its numbers. Home again after any crash.")
  end),

  step({ id = "quiz", title = _"Quiz: anatomy" }, function()
    say(_"Eight questions are drawn from the pool. You need 80 % to pass.")
    local passed = quiz {
      id = "m2.anatomy", outcome = "M2.LO1", draw = 8, pass = 0.8,
      questions = {
        { id = "slinger", q = _"On an Ender-3, a tall part wobbles near the top. Which axis moves the part itself?",
          choices = { _"X", _"Y", _"Z", _"E" }, correct = 2,
          feedback = { [1] = _"X moves the head along the gantry, not the part.",
                       [3] = _"Z lifts the gantry slowly, once per layer.",
                       [4] = _"E is the extruder: it moves filament.",
                       correct = _"Right: on a bed-slinger the bed carries the part back and forth in Y." } },
        { id = "corexy", q = _"On a CoreXY printer you turn only motor A by hand. How does the head move?",
          choices = { _"Only in X", _"Only in Y", _"Diagonally", _"It does not move" }, correct = 3,
          feedback = { [1] = _"X alone needs both motors turning the same way.",
                       [2] = _"Y alone needs both motors turning in opposite directions.",
                       [4] = _"The belts move the head whenever a motor turns.",
                       correct = _"Right: one motor alone moves the head diagonally." } },
        { id = "after.power", q = _"The printer has just been switched on. What does it know about the head's position?",
          choices = { _"The last position before switching off", _"Nothing until it is homed", _"Only Z", _"Its position from the probe" }, correct = 2,
          feedback = { [1] = _"The position is kept in memory only while powered.",
                       [3] = _"Z is as unknown as X and Y.",
                       [4] = _"The probe measures the bed only when asked, after homing X and Y.",
                       correct = _"Right: home (G28) before any absolute move." } },
        { id = "m119", q = _"You press the X endstop switch by hand and send M119. What should it report for x_min?",
          -- TRANSLATORS: the firmware's own words as M119 prints them: keep them as they are
          choices = { _"open", "TRIGGERED", "ok", _"x_min: 0" }, correct = 2,
          feedback = { [1] = _"`open` is the switch released.",
                       [3] = _"`ok` only acknowledges the command.",
                       [4] = _"M119 reports states, not positions.",
                       correct = _"Right: pressed is TRIGGERED, released is open." } },
        { id = "before.home", q = _"Before sending G28 you see a scraper lying on the bed. What do you do?",
          choices = { _"Home anyway: the probe will stop in time", _"Remove the scraper, check the travel is clear, then home", _"Home only X and Y", _"Lower the speed and home" }, correct = 2,
          feedback = { [1] = _"Homing drives the axes with full force until the switch triggers; a probe may not see a tool.",
                       [3] = _"The head still crosses the bed when homing X and Y.",
                       [4] = _"Homing speed is set in the firmware, and slower is still a crash.",
                       correct = _"Right: a clear travel first, every time." } },
        { id = "g91", q = _"You jogged with `G91` and `G1 X10`. The next file starts with `G1 X100 Y100`. What happens if you forget `G90`?",
          choices = { _"Nothing: files set their own mode", _"The head moves 100 mm further in X and Y", _"The printer refuses the file", _"The head moves to X 100 Y 100" }, correct = 2,
          feedback = { [1] = _"Many files assume absolute mode without setting it.",
                       [3] = _"The firmware accepts relative moves without complaint.",
                       [4] = _"Only in absolute mode (G90).",
                       correct = _"Right: in relative mode every move adds to the last one. Return to G90 after a jog." } },
        { id = "m114", q = _"M114 answers `X:10.00 Y:0.00 Z:5.00`. Where is the nozzle?",
          choices = { _"10 mm from X home, at Y home, 5 mm above Z home", _"10 mm above the bed", _"At the centre of the bed", _"Unknown: M114 shows targets only" }, correct = 1,
          feedback = { [2] = _"Z is 5 mm; X is 10 mm along the gantry.",
                       [3] = _"The centre would be about half the bed size in X and Y.",
                       [4] = _"M114 reports the position the firmware counts, after homing.",
                       correct = _"Right." } },
        { id = "soft", q = _"A lesson asks for `G1 X300` on a printer whose X travel is 0–220 mm. What stops the head at 220 mm?",
          choices = { _"The X endstop switch", _"The soft endstops in the firmware", _"Nothing", _"The belt" }, correct = 2,
          feedback = { [1] = _"The endstop is at the home end (X 0), not at 220 mm.",
                       [3] = _"After homing the firmware clamps moves to the configured travel.",
                       [4] = _"Driving into the frame would skip steps and wear the belt.",
                       correct = _"Right: soft endstops, active after homing (and layerlab refuses the move first)." } },
        { id = "no.home", q = _"Why does layerlab refuse M211 S0?",
          choices = { _"It switches off the soft endstops", _"It is an unknown command", _"It erases the EEPROM", _"It stops the heaters" }, correct = 1,
          feedback = { [2] = _"Marlin knows M211: it switches soft endstops on or off.",
                       [3] = _"M502/M500 touch the settings, not M211.",
                       [4] = _"M104 S0 and M140 S0 do that.",
                       correct = _"Right: without soft endstops a wrong move drives the head into the frame." } },
        { id = "crash", q = _"The head hit a clip on the bed and the belt skipped. What do you do before printing on?",
          choices = { _"Carry on: the firmware knows the position", _"Stop, remove the clip, home again and check the position", _"Move the head back by hand", _"Send M114 and carry on" }, correct = 2,
          feedback = { [1] = _"The firmware counts steps: after a skip its numbers are wrong.",
                       [3] = _"The firmware would not know you moved it.",
                       [4] = _"M114 reports the counted position, which is now wrong.",
                       correct = _"Right: after any crash, home again." } },
        { id = "probe", q = _"What does a probe such as a BLTouch measure?",
          choices = { _"The nozzle temperature", _"The bed's height under the nozzle at chosen points", _"The filament diameter", _"The belt tension" }, correct = 2,
          feedback = { [1] = _"The thermistor measures temperature.",
                       [3] = _"Some printers have a filament sensor, not a probe, for that.",
                       [4] = _"Belt tension is checked by hand or by its sound.",
                       correct = _"Right: used as the Z endstop and to measure a mesh." } },
        { id = "sensorless", q = _"A printer homes X without a switch (sensorless homing). A cable lies across the X travel. What can happen?",
          choices = { _"Nothing: sensorless homing ignores obstacles", _"The cable stops the head and the printer takes that point as home", _"The printer reports the cable", _"Homing is skipped" }, correct = 2,
          feedback = { [1] = _"It stops at the first resistance it feels.",
                       [3] = _"It cannot tell a cable from the frame.",
                       [4] = _"It homes, at the wrong place.",
                       correct = _"Right: every later position is then off. Keep the travel clear." } },
      },
    }
    if passed then
      say(_"Passed. Next: home the printer and read its position.")
    else
      say(_"Not yet: read the three steps again and retry the quiz.")
    end
  end),
}
