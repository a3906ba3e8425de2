-- M9 lesson 3: the final portfolio and its rubric (M9.LO3). The three
-- parts are the target's (curriculum-target.md 9.3, domain.md §1
-- assessment model): a calibration cube, a functional bracket and a part
-- with a colour change, each with a measurement report; their print logs
-- are in layerlab's records (M6's filament change, M9's cube, the trainee's
-- own prints from the training screen). The rubric's levels are this
-- course's; a school may replace them with its own.
return lesson {
  id = "portfolio",
  title = _"The final portfolio",
  summary = _"Three parts, their reports and logs, and the rubric the trainer assesses them with.",
  outcomes = { "M9.LO3" },

  step({ id = "contents", title = _"What the portfolio holds" }, function()
    heading(_"Three parts, three reports")
    show_table {
      header = { _"Part", _"Shows that you can", _"Report" },
      rows = {
        { _"Calibration cube (20 mm)", _"calibrate and measure", _"X, Y, Z: three readings, mean, spread, accepted or rejected against ±0.2 mm" },
        { _"Functional bracket", _"slice for strength and fit, finish to a job card", _"slicer settings and why (M5), the dimensions that must fit, measured, and the fit tried" },
        { _"Part with a colour change", _"run and watch a print, change filament mid-print", _"the layer of the change, the time from pause to resume, the purge, the first-layer verdict (M6)" },
      },
    }
    say(_"Each report names the printer, the material, the file and the date, and points to the print's log in layerlab (the trainer finds it in your records).")
  end),

  step({ id = "rubric", title = _"The rubric" }, function()
    heading(_"How the trainer assesses it")
    show_table {
      header = { _"Criterion", _"Not yet", _"Meets", _"Exceeds" },
      rows = {
        { _"Part quality", _"visible defects that affect use", _"clean first layer, no defects that affect use", _"defects found and fixed at their cause" },
        { _"Dimensions", _"not measured, or outside tolerance without comment", _"three readings each, within tolerance or rejected with a reason", _"the cause of every deviation named" },
        { _"Process", _"steps missing from the log", _"checklist, first layer watched, safe removal, clean workstation", _"improvements noted in the maintenance log" },
        { _"Report", _"missing data", _"complete: printer, material, file, date, values, decision", _"clear enough for a colleague to repeat" },
      },
    }
    note(_"Every criterion must at least meet. The trainer may ask you to explain any step; the assessment is about what you can do and explain, not about luck with one print.")
  end),

  step({ id = "assess", title = _"Final assessment" }, function()
    say(_"Bring the three parts and their reports to the trainer.")
    trainer_signoff {
      outcome = "M9.LO3",
      prompt = _"Assess the three parts and their reports with the rubric: does every criterion (part quality, dimensions, process, report) at least meet, for each part?",
    }
  end),
}
