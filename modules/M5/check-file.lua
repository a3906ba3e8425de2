-- M5 lesson 3: the trainee's own sliced file checked before it is sent
-- (M5.LO2, a file check: no printer needed, the station's profile is the
-- reference) and the trainer's sign-off on checking and defending the
-- settings (M5.LO4).
-- Checks: layerlab's whole-file check (docs/gcode.md "The check": volume,
-- temperature limits, extrusion before heating, M862, binary .bgcode) and
-- its statistics (temperatures set, layers, E mode at each layer). PLA
-- window 195–220 °C nozzle, 50–60 °C bed: M3 lesson 1 (Ultimaker
-- generic_pla). Temperatures below 170 °C are taken as standby (the
-- PrusaSlicer Ender-3 start heats to 150 °C while homing), below Marlin's
-- EXTRUDE_MINTEMP, so nothing is printed at them.
local NOZZLE = { 195, 220 }
local BED = { 50, 60 }
local STANDBY = 170

return lesson {
  id = "check-file",
  title = _"Check your sliced file",
  summary = _"Slice the job for this printer in PLA, then let layerlab read the file before anything is sent.",
  outcomes = { "M5.LO2", "M5.LO4" },

  step({ id = "job", title = _"The job" }, function()
    heading(_"Slice for this printer, in PLA")
    say(_"Slice the part your trainer gives you with the slicer profile of **this printer** and **PLA**. Export plain G-code (`.gcode`), not binary G-code (`.bgcode`: PrusaSlicer's default for newer Prusa printers), and copy it into the station's G-code folder (or onto a USB stick).")
    list {
      _"the printer profile: the model in front of you, its nozzle (0.4 mm)",
      _"the material: PLA, nozzle 195–220 °C, bed 50–60 °C",
      _"layer height 0.2 mm, and supports only where overhangs need them",
    }
  end),

  step({ id = "check", title = _"The program reads your file" }, function()
    local files = station_files()
    if #files == 0 then
      say(_"There is no G-code file in the station's folder yet. Copy your file there and start this lesson again.")
      check { outcome = "M5.LO2", by = "printer", passed = false, evidence = { reason = "no file in the station's folder" } }
      return
    end
    -- Ungraded: the trainee names the file; the check grades it.
    local name
    for _i, f in ipairs(files) do
      if confirm { id = "file.pick", text = _("Is %s the file you sliced for this job?"):format(f) } then
        name = f
        break
      end
    end
    if not name then
      say(_"Copy your file into the station's folder and start this lesson again.")
      check { outcome = "M5.LO2", by = "printer", passed = false, evidence = { reason = "the trainee's file is not in the folder", listed = files } }
      return
    end
    local r = check_gcode(name)
    local rows = {}
    local function row(what, value, good)
      rows[#rows + 1] = { what, value, good and _"yes" or _"NO" }
      return good
    end
    local ok = true
    ok = row(_"plain text, not .bgcode", r.binary and ".bgcode" or ".gcode", not r.binary) and ok
    ok = row(_"fits this printer (check)", #r.problems == 0 and _"no problems" or _("problems: %d"):format(#r.problems), #r.problems == 0) and ok
    local nozzles, bad_nozzle = {}, r.nozzle_temps == nil or #r.nozzle_temps == 0
    for _i, t in ipairs(r.nozzle_temps or {}) do
      nozzles[#nozzles + 1] = ("%.0f"):format(t)
      if t >= STANDBY and (t < NOZZLE[1] or t > NOZZLE[2]) then bad_nozzle = true end
    end
    ok = row(_"nozzle temperatures (PLA 195–220 °C)", table.concat(nozzles, ", "), not bad_nozzle) and ok
    local beds, bad_bed = {}, false
    for _i, t in ipairs(r.bed_temps or {}) do
      beds[#beds + 1] = ("%.0f"):format(t)
      if t > 0 and (t < BED[1] or t > BED[2]) then bad_bed = true end
    end
    ok = row(_"bed temperatures (PLA 50–60 °C)", table.concat(beds, ", "), not bad_bed) and ok
    ok = row(_"one E mode throughout", r.e_mode or "?", r.e_mode == "relative" or r.e_mode == "absolute") and ok
    if r.layers then
      row(_"layers, first layer", ("%d, %.2f mm"):format(r.layers, r.first_layer_mm or 0), true)
      row(_"print time (estimate)", ("%.0f min"):format((r.estimated_s or 0) / 60), true)
    end
    show_table { header = { _"Check", _"Your file", _"OK" }, rows = rows }
    if #r.problems > 0 then code(table.concat(r.problems, "\n")) end
    check {
      outcome = "M5.LO2", by = "printer", passed = ok,
      evidence = { file = name, problems = r.problems, binary = r.binary, nozzle_temps = r.nozzle_temps,
                   bed_temps = r.bed_temps, e_mode = r.e_mode, layers = r.layers,
                   first_layer_mm = r.first_layer_mm, max_z_mm = r.max_z_mm, print_box = r.print_box,
                   estimated_s = r.estimated_s, slicer = r.slicer, slicer_printer = r.printer },
    }
    if ok then
      say(_"Your file is ready to print on this printer.")
    else
      say(_"The file is not ready: fix what the table marks NO in the slicer, export again and repeat this lesson. Never send a file that failed the check.")
    end
  end),

  step({ id = "defend", title = _"Defend your settings" }, function()
    heading(_"Before you send: say why")
    say(_"For the portfolio bracket, tell the trainer which settings you chose and why: layer height, walls, infill, supports and orientation, material. Then show the file check before you send it.")
    trainer_signoff {
      outcome = "M5.LO4",
      prompt = _"The trainee justifies the bracket's slicer settings and checks the file before sending it. Competent if each setting has a sound reason and the check was done unprompted.",
    }
  end),
}
