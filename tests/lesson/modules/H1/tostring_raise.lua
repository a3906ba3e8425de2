return lesson {
  id = "tostring_raise",
  title = "An error object whose __tostring misbehaves (raise)",
  step("Heat", function()
    printer.heat { nozzle = 200, bed = 60 }
    say "heating started"
  end),
  step("Fail", function()
    error(setmetatable({}, { __tostring = function() error("and again") end }))
  end),
}
