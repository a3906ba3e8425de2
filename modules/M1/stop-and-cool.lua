-- M1 lesson 2: reading temperatures (safe to touch, M1.LO2) and stopping a
-- printer at once (the panic drill, M1.LO3). Both tasks are verified on the
-- printer. The drill ends with the printer halted, so it comes last.
local SAFE = 45            -- °C: safe to touch

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

  -- M1.LO2 assesses the judgement itself: the trainee says "safe now" when
  -- they judge so from the live readings, and the program checks the
  -- reading at that instant. The first question comes while the heater is
  -- still on, so saying "safe" at once is always wrong.
  step({ id = "judge", title = _"Safe to touch?" }, function()
    local readings, t0 = {}, elapsed()
    local function read()
      local s = printer.status()
      local r = { t = elapsed() - t0, temp = s.nozzle.temp, target = s.nozzle.target }
      readings[#readings + 1] = r
      code(("%5.0f s   T:%.1f /%.0f"):format(r.t, r.temp, r.target))
      return r
    end
    say(_"Watch the nozzle reading. Each time, decide: may the nozzle be touched now? Say yes only when you are sure from the reading.")
    local last, judged_safe_at = read(), nil
    local switched_off = false
    while true do
      local safe_now = confirm {
        id = "cool.safe",
        text = _"Is the nozzle safe to touch now?",
      }
      if safe_now then
        judged_safe_at = last
        break
      end
      if not switched_off then
        printer.cool { nozzle = true }
        switched_off = true
        say(_"The heater is now off: the target is 0, but the nozzle is still hot.")
      end
      if last.t > 900 then error("the nozzle did not cool below 45 °C within 15 minutes") end
      sleep(2)
      last = read()
    end
    if not switched_off then printer.cool { nozzle = true } end
    local ok = judged_safe_at.temp < SAFE
    check {
      outcome = "M1.LO2", by = "printer", passed = ok,
      evidence = { judged_at_c = judged_safe_at.temp, judged_at_s = judged_safe_at.t,
                   heater_target = judged_safe_at.target, safe_c = SAFE, readings = readings },
    }
    if ok then
      say(_("Right: the reading was %.1f °C when you said so, below 45 °C."):format(judged_safe_at.temp))
    else
      say(_("Not safe: the reading was %.1f °C when you said so. Only a reading below 45 °C makes a part safe to handle; a target of 0 only means the heater is off."):format(judged_safe_at.temp))
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
    say(_"After an emergency stop the firmware is halted: it answers nothing until the printer is reset or switched off and on. Afterwards no axis is homed, and the heaters are off, but the nozzle and the bed stay hot for minutes.")
    note(_"Not every printer has a reset button on its display (the stock Creality Ender-3 V2 has none): there the power switch is the way to restart after an emergency stop.")
    warning(_"On a real printer the panic drill is done only with the trainer present: M112 means a physical reset.")
  end),

  -- M1.LO3: the halt must come while the head is still moving, shown by
  -- M114 positions that still change (Marlin's M114 reports the planned
  -- position, which moves on as the planner takes each streamed move), and
  -- the trainee must bring the printer back: after the reset Marlin prints
  -- "start" (MarlinCore.cpp setup()), the host handshakes again, G28 homes
  -- and M114 reads the home position within 0.1 mm.
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
    say(_"The printer will home and then move the head back and forth without heating (a dry run). Stop it with the panic key while it moves.")
    printer.home()
    printer.move { z = 20, f = 600, wait = true }
    local samples, t0 = {}, elapsed()
    local function sample(moving)
      local p = position()
      samples[#samples + 1] = { t = elapsed() - t0, x = p.x, y = p.y, z = p.z, moving = moving }
    end
    local stop_at
    local ok = pcall(function()
      expect_stop {
        id = "drill.stop",
        text = _"The head is moving. Press the panic key now.",
      }
      stop_at = elapsed()
      for i = 1, 30 do
        printer.move { x = (i % 2 == 1) and 150 or 50, y = 100 + i, f = 3000 }
        sample(true)
      end
      -- The moves are over: a stop from now on comes too late.
      printer.wait_idle()
      for _i = 1, 5 do
        sample(false)
        sleep(1)
      end
    end)
    local st = printer.status()
    local halted = (not ok) and st.halted
    local n = #samples
    -- Still changing: the last two readings before the halt differ.
    local changing = n >= 2 and (samples[n].x ~= samples[n - 1].x or
      samples[n].y ~= samples[n - 1].y)
    local reaction = stop_at and (elapsed() - stop_at) or nil
    local stopped_moving = halted and changing
    if not halted then
      check {
        outcome = "M1.LO3", by = "printer", passed = false,
        evidence = { halted = false, samples = samples },
      }
      say(_"The printer was not stopped. Repeat the drill.")
      return
    end
    if stopped_moving then
      say(_"The printer halted while the head was moving. Now bring it back.")
    else
      say(_"The printer halted, but only after the head had stopped: in an emergency, stop at once.")
    end
    -- Recovery: the reset, the firmware's restart, homing and the position.
    say(_"After an emergency stop the firmware is halted until it is reset. Press the printer's reset button, or switch it off and on with the power switch.")
    confirm {
      id = "drill.reset",
      text = _"Have you reset the printer?",
    }
    local waited = 0
    while printer.status().link ~= "ready" do
      if waited >= 120 then break end
      sleep(1)
      waited = waited + 1
    end
    local after = printer.status()
    local recovered, home = false, nil
    if after.link == "ready" and not after.halted then
      say(_"The printer has restarted: no axis is homed and the heaters are off, but it may still be hot. Homing it now.")
      printer.home()
      home = position()
      recovered = math.abs(home.x) <= 0.1 and math.abs(home.y) <= 0.1 and math.abs(home.z) <= 0.1
    end
    check {
      outcome = "M1.LO3", by = "printer", passed = stopped_moving and recovered,
      evidence = { halted = true, halt_message = st.halt_message, moving_at_halt = changing,
                   reaction_s = reaction, samples = samples, restarted = after.link == "ready",
                   home = home and home.raw or nil, recovered = recovered },
    }
    if stopped_moving and recovered then
      say(_"Stopped while moving, restarted and homed: the drill is passed.")
    elseif not recovered then
      say(_"The printer did not come back homed. Ask the trainer, then repeat the drill.")
    end
  end),
}
