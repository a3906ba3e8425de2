-- T lesson 3: delivering the M1 safety induction as micro-teaching, and a
-- fault drill on the virtual printer (T.LO3).
-- The faults and what Marlin prints for them are the virtual printer's
-- (docs/virtual-printer.md, "Faults", after Marlin 2.1 module/
-- temperature.cpp: "Thermal Runaway", "Heating failed", "MAXTEMP
-- triggered", "MINTEMP triggered", each "system stopped!", then "Printer
-- halted. kill() called!"); playing them from the trainer screen is
-- docs/trainer-guide.md, "Train-the-trainer: using the faults". The
-- micro-teaching format (a short, complete teaching sequence delivered to
-- peers and rated with a rubric) and the rubric's criteria are this
-- course's, drawn from M1's outcomes (curriculum-target.md 1.1–1.5).

-- The firmware's words, the part that failed, and the choice that names it.
local FAULTS = {
  { pattern = "Heating failed", choice = 1 },
  { pattern = "Thermal Runaway", choice = 2 },
  { pattern = "MAXTEMP", choice = 3 },
  { pattern = "MINTEMP", choice = 4 },
}

local function diagnosis_for(message)
  for _i, f in ipairs(FAULTS) do
    if message ~= nil and message:find(f.pattern, 1, true) then return f.choice end
  end
  return nil
end

return lesson {
  id = "induction-drills",
  title = _"The safety induction and fault drills",
  summary = _"Plan and deliver the M1 induction as micro-teaching; play a fault on the virtual printer, let it be diagnosed, bring the printer back.",
  outcomes = { "T.LO3" },
  needs = { printer = true },

  step({ id = "plan", title = _"Planning the induction" }, function()
    heading(_"Micro-teaching the M1 induction")
    say(_"You will teach one part of the M1 induction (hazards, the stop functions, or the workshop rules) to two or three colleagues playing trainees, for about 15 minutes, while a master trainer observes with the rubric below. Plan it as a complete sequence:")
    list {
      ordered = true,
      _"**Start**: the outcome in the trainees' words, and why it matters in this workshop.",
      _"**Show**: demonstrate on the printer (the hot end, the panic key, the power switch), saying what you do and why.",
      _"**Do**: each trainee does it while you watch; correct at once, especially unsafe habits.",
      _"**Check**: ask open questions (\"When may you touch the nozzle?\"), not \"Is that clear?\".",
      _"**Close**: sum up, say how the outcome is assessed, and what comes next.",
    }
    show_table {
      header = { _"Rubric criterion", _"Competent when" },
      rows = {
        { _"Safety first", _"every hazard is named before the printer is touched; no unsafe demonstration" },
        { _"Facts", _"temperatures, stop functions and rules as M1 states them, nothing invented" },
        { _"Trainee activity", _"every trainee does the task; the trainer does not do it for them" },
        { _"Checking", _"open questions; misunderstandings found and corrected" },
        { _"Assessment", _"the trainees know what is assessed and how; no answers given away" },
      },
    }
    note(_"The master trainer rates each criterion and gives you the rubric afterwards. One criterion not met means not yet: safety and facts cannot be made up by the others.")
  end),

  step({ id = "drill", title = _"A fault drill" }, function()
    heading(_"Preparing a fault for a trainee")
    say(_"Trainees meet real faults rarely, so the virtual printer plays them. You prepare the drill: while your \"trainee\" heats the nozzle, you play a hot-end fault from the trainer screen (F4, Tab to Faults, pick one with the arrows, Enter, then Esc back here). The trainee's screen shows only what the printer does, as with a real fault.")
    warning(_"Faults are played only on the virtual printer. On a real printer nobody provokes a thermal fault: it means a fire risk.")
    local played = confirm {
      id = "drill.fault",
      text = _"Play one of the hot end's faults now (heater-failure, thermal-runaway, maxtemp or mintemp), come back here and answer yes.",
    }
    local heated = pcall(function()
      printer.heat { nozzle = 200, wait = true, timeout = 600 }
    end)
    local s = printer.status()
    local message = s.halt_message
    local halted = played and not heated and s.halted
    if halted then
      code(tostring(message))
      say(_"The firmware has stopped the printer. Now diagnose it as you will ask your trainees to.")
    else
      say(_"The printer did not stop with a fault: play one of the hot end's faults from the trainer screen and run the drill again.")
    end
    local expected = diagnosis_for(message)
    local right_part, part = ask {
      id = "drill.part",
      q = _"Which part has failed, by the firmware's message?",
      choices = {
        _"The heater cartridge, its wiring or its fuse: the temperature did not rise (Heating failed)",
        _"The thermistor has come loose from the heater block: the reading fell while the heater worked (Thermal Runaway)",
        _"The thermistor or its wiring is shorted: an impossibly high reading (MAXTEMP)",
        _"The thermistor wire is broken or unplugged: an impossibly low reading (MINTEMP)",
      },
      correct = expected or 1,
      feedback = {
        [1] = _"Heating failed: the heater gave no 2 °C rise in time.",
        [2] = _"Thermal Runaway: the reading dropped while the heater was on.",
        [3] = _"MAXTEMP: the reading jumped above the highest possible value.",
        [4] = _"MINTEMP: the reading fell below the lowest possible value.",
        correct = _"Right: that is what the message says.",
      },
    }
    local right_action = ask {
      id = "drill.action",
      q = _"What must the trainee do now?",
      choices = {
        _"Keep hands off the hot end, switch the printer off at the power switch and tell the trainer, who escalates the electrical fault",
        _"Reset the printer and start the print again",
        _"Open the electronics cover and check the connector",
        _"Touch the nozzle to feel whether it is hot",
      },
      correct = 1,
      feedback = {
        [1] = _"Right: safe, off, reported; the repair is for a qualified person.",
        [2] = _"The cause is still there: the fault comes back, or worse.",
        [3] = _"Mains electronics are not for trainees; the trainer escalates.",
        [4] = _"It may be at 200 °C or more.",
      },
    }
    local after
    if halted then
      say(_"Debrief done, bring the printer back: as the trainer, reset it (F2, r) after the cause is \"repaired\".")
      confirm { id = "drill.reset", text = _"Have you reset the printer?" }
      local waited = 0
      while printer.status().link ~= "ready" and waited < 120 do
        sleep(1)
        waited = waited + 1
      end
      printer.send "M105"
      after = printer.status()
    end
    local back = after ~= nil and after.link == "ready" and not after.halted and
      after.nozzle.target == 0 and after.bed.target == 0
    if back then
      say(_"The printer is back, with its heaters off. The drill is complete.")
    end
    local drill_ok = halted and right_part and right_action and back
    -- A drill not run to the end is a result of its own: the master
    -- trainer sees it in the prompt below and the records keep it.
    if not drill_ok then
      check {
        outcome = "T.LO3", by = "printer", passed = false,
        evidence = { fault_played = played, halted = halted and true or false, halt_message = message,
                     diagnosis = part, diagnosis_right = right_part, action_right = right_action,
                     back = back },
      }
      say(_"The drill is not complete: run it again before the induction can be signed off.")
    end
    local drill = drill_ok and (_"run to the end: %s, diagnosed, the printer reset with its heaters off"):format(tostring(message))
      or _"NOT completed: sign off only after a complete drill"
    trainer_signoff {
      outcome = "T.LO3",
      prompt = (_"Master trainer: the fault drill was %s. Did the candidate's micro-teaching of the induction meet every criterion of the rubric?"):format(drill),
    }
  end),
}
