-- M4 lesson 3: setting and saving the Z offset and proving it was saved
-- (M4.LO4), a first-layer test of four corner pads (M4.LO5), and when to
-- level again (M4.LO6).
-- Sources: Marlin M851 (probe offset, negative = nozzle below the trigger
-- point), M500/M501/M503 (module/settings.cpp: saved to EEPROM, loaded
-- back, reported); domain.md §1 M4 (Z-offset audit: M503 before and after,
-- M500, M501 and re-read; first-layer pads in each corner). Prusa MK3S
-- keeps Live-Z per steel sheet and has no M851 (curriculum-target.md 4.4,
-- "verify read-back path"): not verified here, so the lesson says it
-- cannot read the value back on that firmware. The pads file is
-- files/first-layer-pads.gcode (PLA 210/60 °C, 0.2 mm, 0.45 mm lines).
local STEP = 0.10          -- mm the scenario's paper test asks for

return lesson {
  id = "z-offset",
  title = _"Z offset and the first layer",
  summary = _"Work out, set and save the Z offset; print four corner pads and judge them; know when to level again.",
  outcomes = { "M4.LO4", "M4.LO5", "M4.LO6" },
  needs = { printer = true },

  step({ id = "offset", title = _"Set and save the Z offset" }, function()
    heading(_"The probe triggers, the nozzle prints")
    say(_"The probe sits beside the nozzle and triggers a little above the bed. The Z offset (M851 Z) tells the firmware how much further down the nozzle tip is. A more negative value brings the nozzle closer to the bed.")
    figure { _[[
      probe  nozzle
       |>|     V
       |_|     |       probe triggers here ----------
        :      |
        :      V       nozzle tip: one paper above the bed
   ==================== bed
]], caption = _"M851 Z: from the trigger point to the nozzle tip" }
    local before = printer.settings()
    if before.z_offset == nil then
      say(_"This printer's firmware does not report M851 (Prusa-Firmware keeps a Live-Z value per steel sheet). Set it on the printer's menu with the trainer; layerlab cannot read it back here.")
      check { outcome = "M4.LO4", by = "printer", passed = false,
              evidence = { reason = "no M851 in M503 on this firmware", raw = before.raw } }
      return
    end
    code(before.M851.line)
    local old = before.z_offset
    local want = math.floor((old - STEP) * 100 + 0.5) / 100
    say(_("At Z 0 over the bed's centre the paper slides freely. Lowering the nozzle by 0.10 mm makes it just drag. The current offset is %.2f mm."):format(old))
    local right, value = ask {
      id = "offset.value",
      q = _"Which Z offset do you set now? (in mm, two decimals)",
      value = want, tolerance = 0.005, unit = "mm",
      feedback = { high = _"That lifts the nozzle: lowering means a more negative offset.",
                   low = _"That lowers it too far: only 0.10 mm closer.",
                   correct = _"Right." },
    }
    value = tonumber(value) or old
    local saved = false
    if math.abs(value - old) <= 1 then
      saved = printer.trainer_send {
        id = "offset.save", outcome = "M4.LO4",
        gcode = ("M851 Z%.2f\nM500"):format(value),
        prompt = _"The trainee sets the Z offset they worked out and saves it to the printer's memory. Say yes only if the value is right.",
      }
    else
      say(_"That is more than 1 mm away from the current offset: layerlab does not send it.")
    end
    printer.send "M501"
    local after = printer.settings()
    code(after.M851.line)
    local kept = after.z_offset ~= nil and math.abs(after.z_offset - want) < 0.005
    check {
      outcome = "M4.LO4", by = "printer", passed = right and saved and kept,
      evidence = { before = before.M851.line, after = after.M851.line, entered = value,
                   expected = want, saved = saved, reread_after_m501 = after.z_offset },
    }
    if kept then
      say(_"After M501 (load the saved settings) the printer still reports the new offset: it is saved.")
    else
      say(_"The printer does not report the new offset after M501: it was not saved. Without M500 it would be lost at the next power-on.")
    end
  end),

  step({ id = "pads", title = _"First-layer test" }, function()
    heading(_"Four pads, one in each corner")
    say(_"The printer now prints one layer: a 30 × 30 mm pad near each corner. Judge each pad when it is done, by eye and with a fingertip once the bed has cooled below 35 °C.")
    show_table {
      header = { _"You see", _"Meaning", _"Change" },
      rows = {
        { _"round lines with gaps, easy to peel", _"nozzle too high", _"Z offset more negative" },
        { _"flat lines that touch, smooth, one piece", _"right", _"nothing" },
        { _"rough ridges, see-through spots, nozzle scraping", _"nozzle too low", _"Z offset less negative" },
      },
    }
    warning(_"The nozzle prints at 210 °C and the bed is at 60 °C. Watch the first lines from outside the printer; do not reach in while it moves.")
    local offset = printer.settings().z_offset
    local r = printer.print_file("files/first-layer-pads.gcode", { timeout = 3600 })
    local ratings = {}
    for i = 1, 4 do
      ratings[i] = confirm { id = "pad" .. i, text = _("Pad %d: are the lines flat, touching and smooth?"):format(i) }
    end
    local agreed = trainer_signoff {
      outcome = "M4.LO5",
      prompt = _"Look at and feel the four pads. Competent if the trainee's ratings match yours and they name the right change for any pad that is off.",
    }
    check {
      outcome = "M4.LO5", by = "printer", passed = r.lines > 0 and agreed,
      evidence = { z_offset = offset, commands_printed = r.lines, seconds = r.seconds,
                   trainee_ratings = ratings, trainer_agrees = agreed },
    }
  end),

  step({ id = "again", title = _"When to level again" }, function()
    heading(_"Level again when something changed")
    list {
      _"after changing to another sheet (thickness) or a new nozzle",
      _"after a crash of the head into a part or the bed",
      _"after the printer was moved or transported",
      _"when a first layer fails in one area but not in others",
      _"when the mesh's range has grown since last time",
    }
    ask {
      id = "again.case",
      q = _"The last print's first layer was perfect. Since then a colleague swapped the nozzle. What do you do before the next job?",
      choices = { _"Start the job: it was perfect", _"Check the Z offset with a first-layer test", _"Switch off the mesh", _"Raise the bed temperature" },
      correct = 2,
      feedback = { [1] = _"A new nozzle may sit higher or lower in the heater block.",
                   [3] = _"The bed did not change; the nozzle did.",
                   [4] = _"The temperature has nothing to do with the nozzle's height.",
                   correct = _"Right: a new nozzle can change the gap." },
    }
    trainer_signoff {
      outcome = "M4.LO6",
      prompt = _"On at least two occasions (sheet or nozzle change, crash, transport, failed first layer) the trainee checked and re-levelled without being told.",
    }
  end),
}
