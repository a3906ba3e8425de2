-- M8 lesson 3: PID autotune of the hotend (M8.LO3).
-- M303 E0 S<t> C8 U1 as Marlin 2.1 runs it (module/temperature.cpp
-- PID_autotune; marlinfw.org/docs/gcode/M303.html): a relay around the
-- target, "bias: d: min: max:" per cycle, Ku/Tu and "Classic PID" with
-- Kp/Ki/Kd from the fourth switch, then "PID Autotune finished!" and the
-- "#define DEFAULT_Kp" lines; U1 puts the result in use, M500 saves it
-- (a trainer's yes: it changes the saved settings), M503 shows it as M301.
-- Duration: a hotend autotune takes about 3–6 minutes (domain.md M8; not
-- re-checked). The ±1 °C for 60 s afterwards is the target's
-- (curriculum-target.md 8.3); 210 °C is a PLA printing temperature.
local TARGET = 210
local HOLD_S, BAND = 60, 1.0

return lesson {
  id = "pid-tune",
  title = _"PID autotune of the hotend",
  summary = _"Let the firmware tune the hotend's temperature control, save the result with the trainer, check that it holds.",
  outcomes = { "M8.LO3" },
  needs = { printer = true },

  step({ id = "explain", title = _"What PID does" }, function()
    heading(_"Holding a temperature")
    say(_"The firmware switches the heater on and off many times a second to hold the target. How strongly it reacts is set by three numbers, **P**, **I** and **D**:")
    list {
      _"**P** (proportional): the further below the target, the more power.",
      _"**I** (integral): adds power while the reading stays below the target, so it does not settle a little low.",
      _"**D** (derivative): holds back when the reading rises fast, so it does not overshoot.",
    }
    figure { [[
  °C                  autotune: heater full on / off around the target
 214 |      /\      /\      /\
 210 |-----/--\----/--\----/--\----  target
 206 |    /    \__/    \__/    \
     |___/________________________ time
       heat up   one cycle = Tu
]], caption = _"The autotune swings the temperature around the target and measures the swing" }
    say(_"**Autotune** (M303) swings the temperature around the target a number of times (C8: eight cycles), measures how far and how fast it swings, and works out P, I and D. U1 puts them in use at once; M500 saves them.")
    note(_"Tune with the part fan and the silicone sock as you print, and at your usual printing temperature.")
  end),

  step({ id = "tune", title = _"Run the autotune" }, function()
    local before = printer.settings()
    local old = before.M301
    if old then code("M503: " .. tostring(old.line or ("M301 P" .. tostring(old.P)))) end
    warning(_"The nozzle heats to 210 °C and swings around it for several minutes. Stay at the printer, keep your hands off the hotend, and keep the area clear: if the firmware stops with an error, switch off at the mains and report it.")
    local cmd = ("M303 E0 S%d C8 U1"):format(TARGET)
    local lines = printer.send(cmd)
    local kp, ki, kd, cycles, finished = nil, nil, nil, 0, false
    local shown = {}
    for _i, l in ipairs(lines) do
      if l:find("bias:", 1, true) then cycles = cycles + 1 end
      if l:find("PID Autotune finished", 1, true) then finished = true end
      kp = tonumber(l:match("^#define DEFAULT_Kp ([%d.]+)")) or kp
      ki = tonumber(l:match("^#define DEFAULT_Ki ([%d.]+)")) or ki
      kd = tonumber(l:match("^#define DEFAULT_Kd ([%d.]+)")) or kd
      if l:find("Autotune", 1, true) or l:find("bias:", 1, true) or l:find("Kp", 1, true) then
        shown[#shown + 1] = l
      end
    end
    code(cmd .. "\n" .. table.concat(shown, "\n"))
    local tuned = finished and kp ~= nil and ki ~= nil and kd ~= nil
    if not tuned then
      say(_"The autotune did not finish with a result: read its last lines and tell the trainer.")
    else
      say((_"The autotune found Kp %.2f, Ki %.2f, Kd %.2f after %d cycles."):format(kp, ki, kd, cycles))
    end

    local saved, stored = false, nil
    if tuned then
      saved = printer.trainer_send {
        id = "save.pid", outcome = "M8.LO3", gcode = "M500",
        prompt = _"The trainee saves the PID values the autotune found (already in use with U1).",
      }
      if saved then
        printer.send "M501"
        stored = printer.settings().M301
        code("M501, M503: " .. tostring(stored and (stored.line or ("M301 P" .. tostring(stored.P)))))
      end
    end
    local in_use = stored ~= nil and math.abs(stored.P - kp) < 0.01 and
      math.abs(stored.I - ki) < 0.01 and math.abs(stored.D - kd) < 0.01

    local hold = nil
    if in_use then
      say(_"Now the proof: the nozzle goes back to 210 °C and must hold within 1 °C for a minute.")
      printer.heat { nozzle = TARGET, wait = true, timeout = 900 }
      -- raise = false: a nozzle that never holds is a failed check (its
      -- longest hold and the range it swung through are the evidence).
      hold = printer.wait_stable { nozzle = TARGET, within = BAND, hold = HOLD_S, timeout = 300, raise = false }
      say((_"Held for %.0f s between %.1f and %.1f °C."):format(hold.held_s, hold.min, hold.max))
    end
    printer.cool()
    local holds = hold ~= nil and hold.stable and hold.held_s >= HOLD_S and hold.min >= TARGET - BAND and hold.max <= TARGET + BAND
    check {
      outcome = "M8.LO3", by = "printer", passed = tuned and saved and in_use and holds,
      evidence = { command = cmd, cycles = cycles, kp = kp, ki = ki, kd = kd,
                   old = old and { P = old.P, I = old.I, D = old.D } or nil,
                   trainer_confirmed = saved and true or false,
                   stored = stored and { P = stored.P, I = stored.I, D = stored.D } or nil,
                   hold = hold and { stable = hold.stable, held_s = hold.held_s, min = hold.min, max = hold.max } or nil,
                   band_c = BAND },
    }
  end),
}
