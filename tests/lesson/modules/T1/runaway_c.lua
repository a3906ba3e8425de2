return lesson {
  id = "runaway_c",
  title = "Library calls that would loop in C for ages",
  step("Calls", function()
    local liar = setmetatable({}, { __len = function() return math.maxinteger // 2 end })
    local ok, err = pcall(table.insert, liar, 1, "x")
    say("table.insert with a lying __len: " .. tostring(err))
    ok, err = pcall(table.remove, liar, 1)
    say("table.remove with a lying __len: " .. tostring(err))
    ok, err = pcall(table.move, {}, 1, math.maxinteger - 1, 2)
    say("table.move of a huge range: " .. tostring(err))
    say("string.rep of nothing: [" .. string.rep("", 1e18) .. "][" .. (""):rep(1e18, "") .. "]")
    local t = { 1, 2, 3 }
    table.insert(t, 1, 0)
    table.move(t, 1, 4, 2)
    say("ordinary calls work: " .. table.concat(t, ",") .. " " .. table.remove(t) .. " " .. ("ab"):rep(2, "-"))
  end),
}
