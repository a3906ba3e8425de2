return lesson {
  id = "tostring_mem",
  title = "An error object whose __tostring misbehaves (mem)",
  step("Heat", function()
    printer.heat { nozzle = 200, bed = 60 }
    say "heating started"
  end),
  step("Fail", function()
    error(setmetatable({}, { __tostring = function() local t = {} for i = 1, 1e9 do t[i] = ("x"):rep(1 << 20) .. i end end }))
  end),
}
