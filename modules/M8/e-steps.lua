-- M8 lesson 2: calibrating the extruder's steps per mm (M8.LO2).
-- The method is domain.md's (M8): mark the filament 120 mm above the
-- extruder's inlet, extrude 100 mm slowly at printing temperature (M83,
-- G1 E100 F100), measure what is left above the inlet (r), then
-- new = old × 100 / (120 − r). 100 mm keeps the move below Marlin's
-- EXTRUDE_MAXLENGTH (often 200 mm, Configuration.h) and layerlab's 150 mm
-- limit. M92, M500, M501 and M503 as marlinfw.org/docs/gcode describes
-- them; M92 and M500 change the printer's saved settings, so the guard
-- sends them only with a trainer's yes. 200 °C is the PLA temperature of
-- domain.md's materials table. The ±1 % re-test is the target's
-- (curriculum-target.md 8.2).
local MARK = 120     -- mm above the inlet
local PUSH = 100     -- mm extruded
local TOL = 1.0      -- mm: ±1 % of 100 mm

-- Steps per mm of E from M503's "M92 X80.00 Y80.00 Z400.00 E93.00".
local function e_steps()
  local st = printer.settings()
  local m92 = st.M92
  return m92 and m92.E, m92 and m92.line
end

local function extrude_test()
  printer.extrude { e = PUSH, f = 100 }
  printer.wait_idle()
end

-- What the trainee measured: ask until it is a length that can be true.
local function measured(id, q)
  local _ok, r = ask {
    id = id, q = q, value = MARK - PUSH, tolerance = MARK - PUSH, unit = "mm",
    tries = 2,
    feedback = {
      correct = _"Recorded.",
      high = _"More than 40 mm left would mean less than 80 mm went in: measure again, from the inlet to the mark.",
      low = _"A length below 0 cannot be: the mark would be inside the extruder. Measure again.",
    },
  }
  return r
end

return lesson {
  id = "e-steps",
  title = _"Calibrating the extruder (E-steps)",
  summary = _"Extrude 100 mm, measure, work out the steps per mm, save it with the trainer, re-test.",
  outcomes = { "M8.LO2" },
  needs = { printer = true },

  step({ id = "why", title = _"Why E-steps" }, function()
    heading(_"How much filament is 100 mm?")
    say(_"The firmware turns the extruder motor a number of steps for every millimetre of filament: its **E-steps** (steps per mm, `M92 E`). If the number is too low, less plastic comes out than the slicer asked for (gaps, weak walls); too high, too much (blobs, rough walls). After a new extruder or gear, or when walls are thin although the nozzle is clean, the value is checked.")
    figure { [[
        |  filament
        |
   ---- + ----  mark: 120 mm above the inlet
        |
        |   after extruding 100 mm, what is left
        |   above the inlet is r (20 mm if right)
   ==[ extruder inlet ]==
]], caption = _"Measuring the E-steps" }
    say(_"New value = old value × 100 / (120 − r). If 96.4 mm went in instead of 100 (r = 23.6 mm), the steps go up by 100 / 96.4.")
  end),

  step({ id = "measure", title = _"Measure and calibrate" }, function()
    local old, line = e_steps()
    if old == nil then error("the printer's M503 has no M92 line: it does not report its steps per mm") end
    code("M503: " .. tostring(line))
    say((_"The printer uses %.2f steps per mm for the extruder."):format(old))
    warning(_"The nozzle now heats to 200 °C. Keep your fingers off the nozzle and away from the extruder's gears while it turns; measure only when it has stopped.")
    printer.heat { nozzle = 200, wait = true, timeout = 900 }
    pause(_"Mark the filament 120 mm above the extruder's inlet with a fine pen, then continue.")
    extrude_test()
    local r = measured("measure.first", _"The extruder has pushed 100 mm. How many millimetres are left from the inlet to your mark?")
    local actual = MARK - r
    local new = math.floor(old * PUSH / actual * 100 + 0.5) / 100
    show_table {
      header = { "", _"Value" },
      rows = {
        { _"Went in (120 − r)", ("%.1f"):format(actual) },
        { _"Old E-steps", ("%.2f"):format(old) },
        { _"New E-steps = old × 100 / (120 − r)", ("%.2f"):format(new) },
      },
    }
    local sent = printer.trainer_send {
      id = "save.esteps", outcome = "M8.LO2",
      gcode = ("M92 E%.2f\nM500"):format(new),
      prompt = _"The trainee sets the extruder's new steps per mm worked out from the 100 mm test and saves it.",
    }
    local read_back, back_line
    if sent then
      printer.send "M501"             -- load what was saved, as after a restart
      read_back, back_line = e_steps()
      code("M501, M503: " .. tostring(back_line))
    else
      say(_"The trainer did not confirm: nothing was changed. Discuss the measurement and try again.")
    end
    local saved = sent and read_back ~= nil and math.abs(read_back - new) < 0.005
    local within, r2 = false, nil
    if saved then
      pause(_"Mark the filament 120 mm above the inlet again for the re-test, then continue.")
      extrude_test()
      r2 = measured("measure.retest", _"Re-test: how many millimetres are left from the inlet to the mark now?")
      within = math.abs((MARK - r2) - PUSH) <= TOL
      if within then
        say((_"%.1f mm went in: within 1 %% of 100 mm. The extruder is calibrated."):format(MARK - r2))
      else
        say((_"%.1f mm went in: more than 1 %% from 100 mm. Check the measurement and the extruder (gear, tension), and repeat."):format(MARK - r2))
      end
    end
    printer.cool()
    check {
      outcome = "M8.LO2", by = "printer", passed = saved and within,
      evidence = { old_steps = old, first_left_mm = r, first_in_mm = actual, new_steps = new,
                   trainer_confirmed = sent and true or false, read_back = read_back,
                   retest_left_mm = r2, retest_in_mm = r2 and (MARK - r2) or nil, tolerance_mm = TOL },
    }
  end),
}
