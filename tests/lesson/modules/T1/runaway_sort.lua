return lesson {
  id = "runaway_sort",
  title = "An endless loop where the lesson cannot be paused",
  step("Loop", function()
    local t = {}
    for i = 1, 50 do t[i] = 50 - i end
    while true do
      pcall(table.sort, t, function(a, b)
        while true do pcall(function() while true do end end) end
      end)
    end
  end),
}
