-- M6 lesson 3: a filament change in the middle of a print with M600
-- (M6.LO3) and a safe cancel (M6.LO4).
-- The M600 flow and its messages are Marlin's (feature/pause.cpp,
-- gcode/feature/pause/M600.cpp, feature/host_actions.cpp): the head parks
-- and the filament is unloaded, the host is asked "Nozzle Parked" with a
-- Continue button while the firmware reports "echo:busy: paused for user",
-- then the new filament is loaded and purged and the host is asked "Paused"
-- with PurgeMore and Continue. Buttons are answered with M876 S<n>. The
-- cancel sequence is the profile's cancel_gcode (printers/*.lua), the same
-- as the training screen's cancel key: M104 S0, M140 S0, M107, G91, a Z
-- lift, G90, the park move, M84.
-- Prusa-Firmware (Marlin_main.cpp gcode_M600(), M600_wait_for_user(),
-- M600_load_filament(), M600_check_state_and_repeat()) sends no host
-- prompts (M115 reports no PROMPT_SUPPORT): it asks on its own display
-- (press the knob to unload, was the unload successful, insert the filament
-- and press the knob, changed correctly / colour not correct) and tells the
-- host only "echo:busy: paused for user" while it waits. There the trainee
-- answers on the printer, and the lesson judges the busy line, the
-- trainee's report and the print going on to its end.
local MAX_PURGES = 3

-- Asked in both changes once the old filament is out: a trainee who says
-- no is given one more chance before the answer counts.
local function confirm_loaded()
  local loaded = confirm { id = "change.loaded", text = _"The nozzle is parked and the old filament is out. Have you loaded the new filament into the extruder?" }
  if not loaded then
    say(_"Load the new filament, then answer again.")
    loaded = confirm { id = "change.loaded.again", text = _"Is the new filament loaded now?" }
  end
  return loaded
end

-- M600 on a printer that asks on its own display, judged on the printer's
-- "busy: paused for user" and the trainee's report. A firmware that reports
-- no pause at all (Klipper sends no keepalive, and its M600 is whatever
-- macro the printer's configuration defines, if any) leaves nothing to
-- check on the printer: the trainer who watched signs LO3 off.
-- RepRapFirmware refuses M600 from the host ("use M226 and M601 only
-- within a file being printed", GCodes2.cpp): the change runs only in a
-- print from the printer's own card, which this screen cannot follow.
local function change_from_card()
  say(_"This printer (RepRapFirmware) changes the filament only in a print from its own SD card: sent from this screen, M600 is refused. With the trainer, put the module's `tube-colour-change.gcode` on the printer's card, print it from the printer's display or web interface and change the filament when the printer stops; the trainer watches and judges the change.")
  trainer_signoff {
    outcome = "M6.LO3",
    prompt = _"Did the trainee change the filament when the printer paused, load and purge the new colour until it ran clean, and resume the print to its end?",
    evidence = { file = "files/tube-colour-change.gcode", display = true, from_card = true },
  }
end

local function change_on_display()
  say(_"This printer asks its questions on its own display, not on this screen. When it stops for the change, follow the display: press the knob to unload, take the old filament out, insert the new one and press the knob, then answer the display's question about the colour (choose that the colour is not correct to purge more).")
  local r = printer.print_file("files/tube-colour-change.gcode", { until_line = "busy: paused for user", timeout = 1800 })
  if r.event ~= "line" then
    say(_"The printer did not report a pause for the change (no “busy: paused for user”): the trainer, who watched it, judges the change.")
    trainer_signoff {
      outcome = "M6.LO3",
      prompt = _"Did the trainee change the filament when the printer paused, load and purge the new colour until it ran clean, and resume the print to its end?",
      evidence = { file = "files/tube-colour-change.gcode", display = true, busy = false,
                   completed = r.event == "done" },
    }
    return
  end
  local paused_at, busy_line, resumed_at = elapsed(), r.line, nil
  code(tostring(busy_line))
  local loaded = confirm_loaded()
  local clean = confirm { id = "change.clean", text = _"The printer has purged. Does the plastic coming out of the nozzle show only the new colour?" }
  for _i = 1, MAX_PURGES do
    if clean then break end
    say(_"Choose on the printer's display that the colour is not correct: it purges again.")
    clean = confirm { id = "change.clean.again", text = _"Does the plastic show only the new colour now?" }
  end
  if clean then
    resumed_at = elapsed()
    say(_"Confirm on the printer's display that the filament changed correctly: the print goes on.")
    r = printer.print_wait { timeout = 1800 }
  else
    say(_"The colour is still not clean after three purges: something is wrong with the filament or the hotend. The print is cancelled; call the trainer.")
    r = printer.print_cancel { timeout = 600 }
  end
  local completed = r.event == "done"
  local took = resumed_at and (resumed_at - paused_at) or nil
  if took then
    say((_"From the pause to the resume: %.0f s."):format(took))
  end
  check {
    outcome = "M6.LO3", by = "printer",
    passed = loaded and clean and completed,
    evidence = { file = "files/tube-colour-change.gcode", display = true, busy = busy_line,
                 pause_to_resume_s = took, completed = completed },
  }
end

-- True when the cancel log holds the safe sequence: heaters and fan off,
-- a relative Z lift, a park move.
local function cancel_was_safe(log)
  local seen = {}
  local relative = false
  for _i, cmd in ipairs(log) do
    if cmd == "M104 S0" then seen.nozzle = true end
    if cmd == "M140 S0" then seen.bed = true end
    if cmd == "M107" then seen.fan = true end
    if cmd == "G91" then relative = true end
    if cmd == "G90" then relative = false end
    if relative and cmd:match("^G[01] Z%d") then seen.lift = true end
    if not relative and cmd:match("^G[01] X[%d.]+ Y[%d.]+") then seen.park = true end
  end
  return seen.nozzle and seen.bed and seen.fan and seen.lift and seen.park, seen
end

-- A fresh report (M105): the targets the printer holds now.
local function heaters_off()
  printer.send "M105"
  local s = printer.status()
  return s.nozzle.target == 0 and s.bed.target == 0, s
end

-- The trainee's own file (sliced and checked in M5) cancelled on the print
-- screen (F6) instead of the lesson's tube: its recorded evidence holds the
-- commands the host sent to cancel it (own_print's cancel_log, without line
-- numbers and checksums, each once), judged as the drill's are.
local OWN_WITHIN = 3600   -- s: a print cancelled in the last hour

local function cancel_own_print()
  say(_"Open the print screen (F6), start your own file with p and cancel it with c when you judge that it fails (or, for this exercise, once the first layer is down). Come back with Esc when it has stopped.")
  pause(_"Continue when your print is cancelled.")
  local read_print, p = pcall(own_print, { within = OWN_WITHIN })
  if not read_print then
    -- The records server is away and the print was not made on this
    -- screen: nothing can be judged, and nothing is recorded against the
    -- trainee.
    say(_"Your print's record cannot be read now: the records server cannot be reached. Run this lesson again when it is back.")
    code(tostring(p))
    return
  end
  if p == nil or p.outcome ~= "cancelled" then
    say(_"No print of your own file was cancelled in the last hour. Cancel one with c on the print screen (F6) and run this lesson again.")
    check { outcome = "M6.LO4", by = "printer", passed = false,
            evidence = { own_file = p ~= nil, outcome = p and p.outcome or nil } }
    return
  end
  code(("%s  sha256 %s\n%s, layer %d/%d"):format(p.file, p.sha256, p.outcome, p.layer, p.layers))
  code(table.concat(p.cancel_log, "\n"))
  local safe, seen = cancel_was_safe(p.cancel_log)
  local off, s = heaters_off()
  check {
    outcome = "M6.LO4", by = "printer", passed = safe and off,
    evidence = { own_file = true, file = p.file, sha256 = p.sha256, layer = p.layer,
                 cancel_log = p.cancel_log, seen = seen, nozzle_target = s.nozzle.target,
                 bed_target = s.bed.target },
  }
  if safe and off then
    say(_"The printer received the whole safe sequence: heaters off, fan off, nozzle lifted off the part, head parked. The nozzle is still hot: let it cool before you remove the part.")
  else
    say(_"The cancel did not send the whole safe sequence (heaters off, fan off, a lift, a park move), or a heater is still set: show the trainer before the next print; the printer profile's cancel sequence must be corrected.")
  end
end

return lesson {
  id = "change-and-cancel",
  title = _"Filament change and a safe cancel",
  summary = _"Change the filament in the middle of a print with M600, then cancel a failing print safely.",
  outcomes = { "M6.LO3", "M6.LO4" },
  needs = { printer = true },

  step({ id = "explain", title = _"How a filament change works" }, function()
    heading(_"M600: filament change")
    say(_"A colour change, or a spool that runs out, does not need a new print. The slicer (or you) puts **M600** in the file at a layer; when the printer reaches it, it:")
    list {
      ordered = true,
      _"stops printing, retracts, lifts the nozzle and parks the head;",
      _"unloads the old filament (pulls it back out of the hotend);",
      _"waits for you: *Nozzle Parked*, and the printer reports `busy: paused for user`;",
      _"after you load the new filament and press **Continue**, pushes it through and purges until the new colour comes out;",
      _"asks *Purge more* or *Continue*: purge again until the colour is clean, then continue; the head returns and the print goes on.",
    }
    figure { [[
   layer 4 printed in the old colour
        |
   M600 --> park + unload --> [ Nozzle Parked: Continue ]
                                   |  you load the new filament
                                   v
              load + purge --> [ Paused: Purge more | Continue ]
                                   |  clean colour
                                   v
                          back to the part, layer 5 ...
]], caption = _"The filament change, step by step" }
    warning(_"During the change the nozzle stays at printing temperature (about 200 °C). Touch only the filament above the extruder; cut the new filament's end at an angle before you feed it, away from your body.")
  end),

  step({ id = "change", title = _"Change the filament" }, function()
    say(_"The tube now prints with an M600 before layer 4. Have the new spool ready.")
    if printer.status().firmware:find("^RepRapFirmware") then
      change_from_card()
      return
    end
    if not printer.status().prompts then
      change_on_display()
      return
    end
    local r = printer.print_file("files/tube-colour-change.gcode", { stop_on_prompt = true, timeout = 1800 })
    local parked_seen, busy_line, loaded, clean = false, nil, false, false
    local paused_at, resumed_at = nil, nil
    local purges = 0
    while r.event == "prompt" do
      local text, buttons = r.prompt.text, r.prompt.buttons
      if text == "Nozzle Parked" then
        parked_seen = true
        paused_at = paused_at or elapsed()
        if r.paused_for_user == 0 then
          -- Marlin's keepalive says it at most every 2 s (M113): wait for it.
          local w = printer.print_wait { until_line = "busy: paused for user", timeout = 60 }
          busy_line = w.line
        else
          busy_line = "echo:busy: paused for user"
        end
        code("//action:prompt_begin Nozzle Parked\n" .. tostring(busy_line))
        loaded = confirm_loaded()
        printer.answer_prompt(#buttons)   -- Continue
      elseif text == "Paused" and #buttons >= 2 then
        clean = confirm { id = "change.clean", text = _"The printer has purged. Does the plastic coming out of the nozzle show only the new colour?" }
        if clean then
          resumed_at = elapsed()
          printer.answer_prompt(2)   -- Continue
        elseif purges < MAX_PURGES then
          purges = purges + 1
          printer.answer_prompt(1)   -- PurgeMore
        else
          say(_"The colour is still not clean after three purges: something is wrong with the filament or the hotend. The print is cancelled; call the trainer.")
          break
        end
      end
      r = printer.print_wait { stop_on_prompt = true, timeout = 1800 }
    end
    if r.event == "prompt" then
      r = printer.print_cancel { timeout = 600 }
    end
    local completed = r.event == "done"
    local took = paused_at and resumed_at and (resumed_at - paused_at) or nil
    if took then
      say((_"From the pause to the resume: %.0f s."):format(took))
    end
    check {
      outcome = "M6.LO3", by = "printer",
      passed = parked_seen and busy_line ~= nil and loaded and clean and completed,
      evidence = { file = "files/tube-colour-change.gcode", prompt = parked_seen and "Nozzle Parked" or nil,
                   busy = busy_line, purges = purges, pause_to_resume_s = took, completed = completed },
    }
  end),

  step({ id = "cancel", title = _"Cancel a failing print" }, function()
    heading(_"The cancel drill")
    local tube = confirm { id = "cancel.tube", text = _"Run the drill on the lesson's tube now? Answer no if you cancel a print of your own file from the print screen (F6) instead." }
    if not tube then
      cancel_own_print()
      return
    end
    say(_"The tube prints once more. layerlab stops it after the first layer so you can look.")
    local r = printer.print_file("files/tube.gcode", { pause_after_layer = 1, timeout = 1800 })
    figure { [[
        nozzle
          V
   ~~~~~~~~~~~~\
   the first layer has come loose in one corner
   and is dragged along behind the nozzle
]], caption = _"What you see on the bed (the drill's scenario)" }
    local _right, choice = ask {
      id = "cancel.choice",
      q = _"The first layer has come loose and is dragged along by the nozzle. What do you do?",
      choices = { _"Resume and watch: it may stick again", _"Cancel the print", _"Press the emergency stop", _"Switch the printer off at the mains" },
      correct = 2,
      feedback = { [1] = _"A dragged first layer never sticks again; the nozzle keeps pulling it and can collect a blob.",
                   [3] = _"Nobody is in danger: the emergency stop halts the firmware and the printer must be reset.",
                   [4] = _"Cutting the power leaves the hot nozzle sitting on the part; cancel lifts it and turns the heaters off in order.",
                   correct = _"Right: the part is lost, nothing is in danger: cancel." },
    }
    local log, safe, seen = {}, false, {}
    if choice == 2 then
      r = printer.print_cancel { timeout = 600 }
      log = r.cancel_log
      code(table.concat(log, "\n"))
      safe, seen = cancel_was_safe(log)
    else
      say(_"The print goes on to the end; in a real failure this part would be lost.")
      r = printer.print_resume { timeout = 1800 }
    end
    local off, s = heaters_off()
    check {
      outcome = "M6.LO4", by = "printer", passed = choice == 2 and safe and off,
      evidence = { choice = choice, cancel_log = log, seen = seen, nozzle_target = s.nozzle.target,
                   bed_target = s.bed.target },
    }
    if choice == 2 and safe then
      say(_"The printer received the whole safe sequence: heaters off, fan off, nozzle lifted off the part, head parked. The nozzle is still hot: let it cool before you remove the part.")
    end
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
