return lesson {
  id = "tostring_text",
  title = "An error object whose __tostring misbehaves (text)",
  step("Heat", function()
    printer.heat { nozzle = 200, bed = 60 }
    say "heating started"
  end),
  step("Fail", function()
    error(setmetatable({}, { __tostring = function() return "a lesson error told by __tostring" end }))
  end),
}
