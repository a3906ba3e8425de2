return lesson {
  id = "tostring_loop",
  title = "An error object whose __tostring misbehaves (loop)",
  step("Heat", function()
    printer.heat { nozzle = 200, bed = 60 }
    say "heating started"
  end),
  step("Fail", function()
    error(setmetatable({}, { __tostring = function() while true do end end }))
  end),
}
