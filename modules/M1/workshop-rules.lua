-- M1 lesson 3: the rules of a shared workshop and the pre-print checklist,
-- signed off by a trainer (M1.LO4). No printer needed: the trainer watches
-- the trainee at a real one.
return lesson {
  id = "workshop-rules",
  title = _"Workshop rules and the pre-print checklist",
  summary = _"How a shared workshop stays safe, and the checklist before every print.",
  outcomes = { "M1.LO4" },

  step({ id = "rules", title = _"The rules" }, function()
    heading(_"Workshop rules")
    list {
      ordered = true,
      _"Ventilation on before the first printer heats up; enclosures closed for ABS and ASA.",
      _"Never leave the **first layer** unattended: most failures start there.",
      _"Check on a running print at least every 15 minutes; a printer is never left alone in a locked room.",
      _"Only the trainer changes firmware settings (Z offset, steps, PID) and saves them.",
      _"Food and drink stay outside the printing area.",
      _"Report every fault at once: a strange smell, a damaged cable, a loose part, a thermal runaway message.",
      _"Leave the workstation clean: tools back, scraps in the bin, IPA bottle closed.",
    }
    note(_"A fault reported is a fault fixed before it hurts someone. Nobody is blamed for reporting.")
  end),

  step({ id = "checklist", title = _"The pre-print checklist" }, function()
    heading(_"Before every print")
    list {
      _"**Ventilation** is on (and the enclosure closed for ABS or ASA).",
      _"The **area is clear**: nothing on the bed, nothing in the way of the axes, no IPA near the printer.",
      _"The **filament fits the job**: the material and diameter the file was sliced for, and enough of it on the spool.",
      _"**No loose cables**: nothing hanging into the moving parts, no damaged insulation.",
    }
    local right = ask {
      id = "checklist.order",
      q = _"Put the start of a print in a safe order.",
      order = {
        _"Switch the ventilation on",
        _"Clear the bed and the area",
        _"Check the filament and the cables",
        _"Start the print and watch the first layer",
      },
      tries = 2,
      feedback = {
        wrong = _"Ventilation first, the first layer last: think about what must be true before the nozzle heats.",
      },
    }
    local reported = ask {
      id = "fault.report",
      q = _"During a print you smell burning plastic that is not the usual smell. What do you do?",
      choices = {
        _"Stop the printer, keep others away, and tell the trainer",
        _"Open a window and let the print finish",
        _"Note it in the logbook at the end of the day",
      },
      correct = 1,
      feedback = {
        [2] = _"A burning smell can be a heater or wiring fault: stop first.",
        [3] = _"Too late: report it now.",
      },
    }
    if not (right and reported) then
      say(_"Read the checklist once more before the trainer watches you.")
    end
  end),

  step({ id = "signoff", title = _"Trainer sign-off" }, function()
    say(_"Now go to your printer and do the pre-print checklist with the trainer watching. The trainer gives no prompts.")
    local ok = trainer_signoff {
      outcome = "M1.LO4",
      prompt = _"Did the trainee do the whole checklist without prompts: ventilation on, area clear, filament fits the job, no loose cables?",
    }
    if ok then
      say(_"Signed off: you may prepare prints on your own.")
    else
      say(_"Not yet: practise the checklist and ask the trainer again.")
    end
  end),
}
