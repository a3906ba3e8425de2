return lesson {
  id = "runaway_pattern",
  title = "A pattern that would backtrack for hours",
  step("Match", function()
    local text = ("a"):rep(20000)
    say("a simple pattern on a long text works: " .. tostring(text:find("a+$") == 1))
    say("plain find works: " .. tostring(text:find("a-a-a-a-b", 1, true) == nil))
    local ok, err = pcall(string.find, text, ".-.-.-.-.-b")
    say("string.find refused: " .. tostring(not ok) .. " (" .. tostring(err) .. ")")
    -- Short texts are no safer: 64 bytes, twelve lazy quantifiers.
    ok, err = pcall(string.find, string.rep("a", 64), string.rep(".-", 12) .. "b")
    say("short text refused: " .. tostring(not ok) .. " (" .. tostring(err) .. ")")
    ok = pcall(string.match, text, ".-.-.-.-.-b", 1, true)
    say("match cannot pass as plain: " .. tostring(not ok))
    local n = select(2, ("x"):rep(100):gsub("x", "y"))
    say("gsub on a short text works: " .. n)
    ok, err = pcall(function() for _ in text:gmatch("a-a-a-a-a-a-a-b") do end end)
    say("gmatch refused: " .. tostring(not ok))
    ok, err = pcall(string.gsub, text:sub(1, 200), "a-a-a-a-a-b", "")
    say("gsub refused: " .. tostring(not ok))
    -- Spending the whole budget on patterns ends the run like a loop.
    local caught = 0
    for i = 1, 100 do
      if not pcall(string.find, string.rep("a", 64), string.rep(".-", 12) .. "b") then caught = caught + 1 end
    end
    say("never shown " .. caught)
  end),
}
