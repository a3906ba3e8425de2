-- M4 lesson 3: setting and saving the Z offset and proving it was saved
-- (M4.LO4), a first-layer test of four corner pads (M4.LO5), and when to
-- level again (M4.LO6).
-- Sources: Marlin M851 (probe offset, negative = nozzle below the trigger
-- point), M500/M501/M503 (module/settings.cpp: saved to EEPROM, loaded
-- back, reported); domain.md §1 M4 (Z-offset audit: M503 before and after,
-- M500, M501 and re-read; first-layer pads in each corner). Prusa MK3S
-- (curriculum-target.md 4.4, "verify read-back path"): Prusa-Firmware has
-- no M851 (built only with ENABLE_AUTO_BED_LEVELING, off in
-- Configuration.h) and its M503 (Config_PrintSettings) does not show the
-- Live-Z; the Live-Z is kept per steel sheet in EEPROM and M850 reads and
-- writes it (Marlin_main.cpp, "M850 - Sheet parameters": "Sheet 0
-- Z-0.7000 R-280 LSmooth1 B60 P35 A1"), so on Prusa the read-back is M850
-- before and after, and M850 Z writes EEPROM at once (no M500/M501).
-- printer.z_offset() reads whichever the firmware has; any other firmware
-- falls back to the trainer's sign-off. The pads file is
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
    local before = printer.z_offset()
    if before == nil then
      say(_"This printer's firmware reports no Z offset that layerlab can read back. Set it on the printer's own menu with the trainer, who checks it.")
      trainer_signoff {
        outcome = "M4.LO4",
        prompt = _"Watch the trainee set the Z offset on the printer's own menu and save it. Competent if the value is right and still there after the printer was switched off and on.",
      }
      return
    end
    if before.source == "M850" then
      note(_"On Prusa-Firmware this offset is the Live-Z of the steel sheet in use, kept for each sheet in the printer's memory (M850). Here too a more negative value brings the nozzle closer to the bed.")
    end
    code(before.line)
    local old = before.z
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
        gcode = printer.z_offset_gcode(value),
        prompt = _"The trainee sets the Z offset they worked out and saves it to the printer's memory. Say yes only if the value is right.",
      }
    else
      say(_"That is more than 1 mm away from the current offset: layerlab does not send it.")
    end
    -- Marlin: load what M500 saved; Prusa's M850 reads EEPROM itself.
    if before.source == "M851" then printer.send "M501" end
    local after = printer.z_offset()
    code(after and after.line or "?")
    local kept = after ~= nil and math.abs(after.z - want) < 0.005
    check {
      outcome = "M4.LO4", by = "printer", passed = right and saved and kept,
      evidence = { before = before.line, after = after and after.line, source = before.source,
                   sheet = before.sheet and before.sheet.name, entered = value, expected = want,
                   saved = saved, reread = after and after.z },
    }
    if before.source == "M850" then
      if kept then
        say(_"The sheet's Live-Z, read back from the printer's memory with M850, is the new value: it is saved.")
      else
        say(_"The sheet's Live-Z in the printer's memory (M850) is not the new value: it was not saved.")
      end
    elseif kept then
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
    local zo = printer.z_offset()
    local offset = zo and zo.z
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

  -- M1.LO5: one of the occasions on which a trainer sees the workshop rules
  -- kept without prompts (curriculum-target.md: at least three in the
  -- practical work of M4-M6), recorded here, where it happened; M1's
  -- workshop-rules lesson signs the outcome off on them.
  step({ id = "rules-seen", title = _"Workshop rules at this printer" }, function()
    say(_"The trainer notes whether you kept the workshop rules at this printer without being reminded: the pre-print checklist, the first layer watched, the workstation left clean. Three such occasions in M4–M6 are part of your workshop safety outcome (M1).")
    observe {
      outcome = "M1.LO5",
      prompt = _"Trainer: in this practical work, did the trainee do the pre-print checklist, watch the first layer and leave the workstation clean, without prompts?",
    }
  end),
}
