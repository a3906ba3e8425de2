return lesson {
  id = "runaway_pattern",
  title = "A pattern that would backtrack for hours",
  step("Match", function()
    local text = ("a"):rep(20000)
    say("a simple pattern on a long text works: " .. tostring(text:find("a+$") == 1))
    say("plain find works: " .. tostring(text:find("a-a-a-a-b", 1, true) == nil))
    local ok, err = pcall(string.find, text, ".-.-.-.-.-b")
    say("string.find refused: " .. tostring(not ok) .. " (" .. tostring(err) .. ")")
    ok = pcall(string.match, text, ".-.-.-.-.-b", 1, true)
    say("match cannot pass as plain: " .. tostring(not ok))
    local n = select(2, ("x"):rep(100):gsub("x", "y"))
    say("gsub on a short text works: " .. n)
    local r = text:match(".-.-.-.-.-.-b")   -- uncaught: ends the lesson
    say("never shown " .. tostring(r))
  end),
}
