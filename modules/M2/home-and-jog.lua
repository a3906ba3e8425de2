-- M2 lesson 2: connect, identify the firmware (M115), home twice and
-- compare the positions M114 reads (M2.LO2), test an endstop by hand with
-- M119 and jog 10 mm in relative mode and confirm the reported position
-- (M2.LO3), and the trainer's sign-off that the axes were checked free
-- before moving (M2.LO4). M115, M114 and M119 replies as Marlin formats
-- them (gcode/host/M115.cpp, M114.cpp; module/endstops.cpp
-- report_states(): "x_min: open", "x_min: TRIGGERED").
local TOL = 0.1   -- mm: the position must repeat within a tenth of a millimetre
local endstop = nil  -- the endstop test's result, for M2.LO3 with the jog

local function is_prusa()
  return (printer.status().firmware or ""):find("Prusa", 1, true) ~= nil
end

-- The position from an M114 reply: "X:10.00 Y:0.00 Z:5.00 E:0.00 Count ...".
local function position()
  for _line, l in ipairs(printer.send "M114") do
    local x, y, z = l:match("X:%s*(%-?[%d.]+)%s+Y:%s*(%-?[%d.]+)%s+Z:%s*(%-?[%d.]+)")
    if x then return { x = tonumber(x), y = tonumber(y), z = tonumber(z), raw = l } end
  end
  -- No M114 line (lint's stand-in printer): the position layerlab tracks.
  local p = printer.status().pos
  return { x = p.x, y = p.y, z = p.z, raw = ("X:%.2f Y:%.2f Z:%.2f (tracked)"):format(p.x, p.y, p.z) }
end

return lesson {
  id = "home-and-jog",
  title = _"Home, read the position, jog",
  summary = _"Identify the firmware, home twice and compare, jog 10 mm and check.",
  outcomes = { "M2.LO2", "M2.LO3", "M2.LO4" },
  needs = { printer = true },

  step({ id = "identify", title = _"Which firmware?" }, function()
    heading(_"Ask the printer who it is")
    say(_"M115 makes the firmware name itself and list its capabilities (`Cap:` lines). layerlab sends it now:")
    local firmware
    for _line, l in ipairs(printer.send "M115") do
      -- "FIRMWARE_NAME:Marlin 2.1.2.1 (Jun 10 2023) SOURCE_CODE_URL:...":
      -- the name and version are the first two words.
      local name, version = l:match("FIRMWARE_NAME:(%S+) (%S+)")
      firmware = firmware or (name and (name .. " " .. version)) or l:match("FIRMWARE_NAME:(%S+)")
    end
    code("FIRMWARE_NAME:" .. tostring(firmware))
    local identified = confirm {
      id = "identify.name",
      text = _"Does the name above match the firmware your trainer told you this printer runs?",
    }
    if identified then
      say(_"Keep this name in your logbook: lessons and slicer settings depend on it.")
    else
      say(_"Tell the trainer before going on: a printer with other firmware than expected may need another profile.")
    end
  end),

  step({ id = "home", title = _"Home twice and compare" }, function()
    warning(_"Before homing: nothing on the bed, no clip or tool in the travel, hands out of the printer.")
    trainer_signoff {
      outcome = "M2.LO4",
      prompt = _"Watch the trainee check that the axes are free before homing, without a reminder.",
    }
    printer.home()
    local first = position()
    code(first.raw)
    printer.move { x = 30, y = 30, z = 10, f = 3000, wait = true }
    printer.home()
    local second = position()
    code(second.raw)
    local dx, dy, dz = math.abs(first.x - second.x), math.abs(first.y - second.y), math.abs(first.z - second.z)
    local repeats = dx <= TOL and dy <= TOL and dz <= TOL
    local firmware = nil
    for _line, l in ipairs(printer.send "M115") do
      firmware = firmware or l:match("FIRMWARE_NAME:(%S+)")
    end
    check {
      outcome = "M2.LO2", by = "printer", passed = repeats and firmware ~= nil,
      evidence = { firmware = firmware, first = first.raw, second = second.raw, dx = dx, dy = dy, dz = dz },
    }
    if repeats then
      say(_"Both homings ended at the same place: the endstops and the position count agree.")
    else
      say(_"The two home positions differ by more than 0.1 mm: tell the trainer (a loose endstop, a slipping belt).")
    end
  end),

  step({ id = "endstops", title = _"Test an endstop" }, function()
    heading(_"Press the switch, read M119")
    say(_"An endstop is a switch at the end of an axis: homing drives the axis until the switch closes. M119 makes the firmware report each switch as `open` or `TRIGGERED`. A switch that never triggers lets the axis grind against its end; one that reads triggered all the time makes homing stop at once.")
    -- Prusa's MK3S has no X/Y switches (the TMC2130 drivers sense the
    -- stall) and z_min is the PINDA probe (Prusa-Firmware M119 on the
    -- Einsy board): steel under the probe triggers it.
    local name = is_prusa() and "z_min" or "x_min"
    if name == "z_min" then
      note(_"On this printer X and Y have no switches (the motor drivers sense the end of travel) and z_min is the PINDA probe: instead of pressing a switch, hold a steel tool a few millimetres under the probe.")
    end
    printer.move { x = 30, y = 30, z = 10, f = 3000, wait = true }
    warning(_"The axes stand still while you test: never reach into a printer that is moving. layerlab sends no move until you have let go.")
    local before = printer.endstops()
    say(_("The switch to test is `%s`. Before you touch it, M119 reads:"):format(name))
    code(table.concat(before.raw, "\n"))
    confirm { id = "endstop.hold", text = _("Press the `%s` switch and keep it pressed. While you hold it, answer yes."):format(name) }
    local held = printer.endstops()
    code(table.concat(held.raw, "\n"))
    confirm { id = "endstop.release", text = _"Let go of the switch, then answer yes." }
    local after = printer.endstops()
    endstop = { switch = name, before = before[name], held = held[name], after = after[name] }
    endstop.ok = before[name] == false and held[name] == true and after[name] == false
    if endstop.ok then
      say(_"M119 read open, TRIGGERED while you held the switch, and open again: the switch and its wiring work.")
    else
      say(_"M119 did not go from open to TRIGGERED and back while you held the switch: check that you pressed the right one, then tell the trainer (a loose plug or a broken switch).")
    end
  end),

  step({ id = "jog", title = _"Jog 10 mm" }, function()
    say(_"Now jog X by 10 mm in relative mode: G91 (relative), G1 X10, G90 (back to absolute), then M400 waits until the move is done.")
    local home = position()
    local _correct, distance = ask {
      id = "jog.distance",
      q = _"How many millimetres should the X jog be? (The exercise asks for 10.)",
      value = 10, tolerance = 0, unit = "mm",
    }
    local d = tonumber(distance) or 0
    if d > 0 and d <= 50 then
      printer.send "G91"
      printer.move { x = d, relative = true, f = 3000 }
      printer.send "G90"
      printer.wait_idle()
    end
    local after = position()
    code(after.raw)
    local ok = math.abs(after.x - (home.x + 10)) <= TOL
    -- A resumed attempt that starts here has no endstop test of its own.
    local switch_ok = endstop ~= nil and endstop.ok
    check {
      outcome = "M2.LO3", by = "printer", passed = ok and switch_ok,
      evidence = { asked_mm = d, home_x = home.x, after_x = after.x, endstop = endstop },
    }
    if ok then
      say(_"The printer reports X 10 mm from home: the jog was right.")
    else
      say(_"The printer does not report X 10 mm from home. Check the distance and the mode (G91 for the jog, G90 after it).")
    end
  end),
}
