-- T lesson 2: configuring a training station (T.LO2).
-- The profile's fields are layerlab's (docs/printer-profiles.md, printers/
-- *.lua; the excerpt shown is printers/creality-ender3-v2.lua); every value a school writes is measured on its printer or taken
-- from the maker's documentation, with the source beside it. What the
-- station's printer says of itself: M115 (FIRMWARE_NAME, MACHINE_TYPE) and
-- M503 (M92 steps per mm, M203 feedrates, ...) as marlinfw.org/docs/gcode
-- describes them. The guard names the profile's limit when it refuses a
-- heater target ("... above this printer's limit of 260 °C (max_nozzle in
-- profile virtual)", src/host/guard.c), so the lesson reads the limits the
-- station really runs with: a target 1 °C above what the candidate wrote
-- must be refused with exactly that limit. The 1 mm travel tolerance is this lesson's:
-- a jogged axis is read to 0.1 mm (M114), a ruler to 1 mm.
local TRAVEL_TOL = 1.0

-- Sends a heater target 1 °C above the limit the candidate wrote: the
-- guard must refuse it and name that very limit. Accepted means the
-- station's limit is higher than written (the heater is switched off at
-- once; it was still within the station's profile).
local function guard_limit(word, written)
  local gcode = ("%s S%d"):format(word, math.floor(written) + 1)
  local ok, why = pcall(printer.send, gcode)
  if ok then
    printer.cool()
    return nil, gcode .. ": accepted"
  end
  return tonumber(tostring(why):match("limit of ([%d.]+) °C")), gcode .. ": " .. tostring(why)
end

local function asked_number(id, text, unit)
  local _ok, v = ask { id = id, q = text, value = 0, tolerance = 1e9, unit = unit,
                       feedback = { correct = _"Recorded." } }
  return v
end

return lesson {
  id = "station",
  title = _"Setting up a training station",
  summary = _"Measure the printer, write its profile, lint it, set the PINs, and prove the station runs with it.",
  outcomes = { "T.LO2" },
  needs = { printer = true },

  step({ id = "profile", title = _"A profile from measured values" }, function()
    heading(_"The printer profile")
    say(_"layerlab never lets a lesson, a file or a key take a printer past its **profile**: the axis travel, the highest nozzle and bed temperatures, the lowest extrusion temperature, the cancel and pause sequences. A wrong profile is a safety fault, so every value is measured or taken from the maker's documentation, with its source written beside it.")
    list {
      ordered = true,
      _"Connect the printer and open the console: `M115` names the firmware and the machine; `M503` lists its settings.",
      _"Home, then jog each axis to its far end in small steps and read `M114`: that is the travel (`volume`).",
      _"Take the heaters' limits from the maker (the firmware's maximum less a margin) and write the **source** beside each value.",
      _"A value you could not confirm goes into `unverified`: lint notes it, so the next trainer knows to measure it.",
      _"Write `printers/<your-printer>.lua`, then run `layerlab lint --strict printers/<your-printer>.lua` until it reports no error and no warning.",
      _"Add each trainer with `layerlab trainer add ID --name NAME`: the PIN is typed twice, is 6 digits or more, and is known only to its trainer.",
    }
    code { [[
-- printers/creality-ender3-v2.lua (excerpt, as shipped)
volume = { x = 220, y = 220, z = 250 },
-- 260 is the firmware limit (HEATER_0_MAXTEMP 275 less 15 in Marlin's
-- example configuration for the stock board); Creality's own figure is
-- not confirmed.
vendor_max = { nozzle = 260, bed = 100 },
max_nozzle = 240,   -- PTFE-lined hotend: keep at or below 240 °C
max_bed = 85,
min_extrude = 180,  -- = firmware EXTRUDE_MINTEMP
unverified = { "reset_on_open", "vendor_max" },
]], lang = "lua" }
    warning(_"Never copy a profile from another printer because it looks alike: a bed 15 mm smaller, or a heater limit 20 °C higher, is exactly what the profile is there to catch.")
  end),

  step({ id = "prove", title = _"Prove the station runs with it" }, function()
    local s = printer.status()
    say((_"This station runs the profile **%s**. The printer now reports itself."):format(tostring(s.profile)))
    local m115 = printer.send "M115"
    local fw_line
    for _i, l in ipairs(m115) do
      if l:find("FIRMWARE_NAME:", 1, true) then fw_line = l end
    end
    code("M115: " .. tostring(fw_line))
    local st = printer.settings()
    local dump = {}
    for _i, l in ipairs(st.raw or {}) do dump[#dump + 1] = l end
    code("M503:\n" .. table.concat(dump, "\n"))

    say(_"Enter the values you wrote into the profile, as you measured them.")
    local x = asked_number("travel.x", _"Travel of X you measured (mm)?", "mm")
    local y = asked_number("travel.y", _"Travel of Y you measured (mm)?", "mm")
    local z = asked_number("travel.z", _"Travel of Z you measured (mm)?", "mm")
    local nozzle = asked_number("max.nozzle", _"The highest nozzle temperature you wrote (max_nozzle, °C)?", "°C")
    local bed = asked_number("max.bed", _"The highest bed temperature you wrote (max_bed, °C)?", "°C")

    local t = s.travel
    local travel_ok = t ~= nil and math.abs(t.x.max - t.x.min - x) <= TRAVEL_TOL and
      math.abs(t.y.max - t.y.min - y) <= TRAVEL_TOL and math.abs(t.z.max - t.z.min - z) <= TRAVEL_TOL
    local nozzle_limit, nozzle_why = guard_limit("M104", nozzle)
    local bed_limit, bed_why = guard_limit("M140", bed)
    code(nozzle_why .. "\n" .. bed_why)
    local limits_ok = nozzle_limit ~= nil and bed_limit ~= nil and
      math.abs(nozzle_limit - nozzle) < 0.5 and math.abs(bed_limit - bed) < 0.5
    show_table {
      header = { "", _"You wrote", _"The station runs" },
      rows = {
        { "X", ("%g"):format(x), t and ("%g"):format(t.x.max - t.x.min) or "?" },
        { "Y", ("%g"):format(y), t and ("%g"):format(t.y.max - t.y.min) or "?" },
        { "Z", ("%g"):format(z), t and ("%g"):format(t.z.max - t.z.min) or "?" },
        { "max_nozzle", ("%g"):format(nozzle), nozzle_limit and ("%g"):format(nozzle_limit) or "?" },
        { "max_bed", ("%g"):format(bed), bed_limit and ("%g"):format(bed_limit) or "?" },
      },
    }
    if not (travel_ok and limits_ok) then
      say(_"The station does not run with the values you wrote: check that it uses your profile (the configuration's profile, or --profile) and that the profile holds what you measured.")
    end
    local linted = confirm { id = "lint.clean", text = _"Does `layerlab lint --strict` report no error and no warning for your profile?" }
    local pins = confirm { id = "pins.set", text = _"Has every trainer of this station set their own PIN (layerlab trainer add), known to nobody else?" }
    check {
      outcome = "T.LO2", by = "printer",
      passed = fw_line ~= nil and st.M92 ~= nil and travel_ok and limits_ok and linted and pins,
      evidence = { profile = s.profile, m115 = fw_line, m503 = dump,
                   written = { x = x, y = y, z = z, max_nozzle = nozzle, max_bed = bed },
                   running = { travel = t and { x = t.x.max - t.x.min, y = t.y.max - t.y.min, z = t.z.max - t.z.min } or nil,
                               max_nozzle = nozzle_limit, max_bed = bed_limit },
                   travel_tol_mm = TRAVEL_TOL, lint_clean_stated = linted, pins_set_stated = pins },
    }
  end),
}
