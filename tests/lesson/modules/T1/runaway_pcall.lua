return lesson {
  id = "runaway_pcall",
  title = "An endless loop that catches errors",
  step("Loop", function()
    while true do
      pcall(function() while true do end end)
    end
  end),
}
