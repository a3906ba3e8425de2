return lesson {
  id = "tostring_sleep",
  title = "An error object whose __tostring misbehaves (sleep)",
  step("Heat", function()
    printer.heat { nozzle = 200, bed = 60 }
    say "heating started"
  end),
  step("Fail", function()
    error(setmetatable({}, { __tostring = function() sleep(1) return "slept" end }))
  end),
}
