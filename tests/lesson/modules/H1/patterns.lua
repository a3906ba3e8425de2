return lesson {
  id = "patterns",
  title = "Patterns whose work explodes on short texts",
  step("Match", function()
    local short = ("a"):rep(64)
    local ok, err = pcall(string.find, short, (".-"):rep(12) .. "b")
    say("12 lazy items on 64 bytes refused: " .. tostring(not ok) .. " (" .. tostring(err) .. ")")
    ok, err = pcall(string.match, ("a"):rep(40), ("a?"):rep(40) .. ("a"):rep(40) .. "b")
    say("optional items refused: " .. tostring(not ok))
    say("ordinary patterns work: " .. tostring(("x = 42"):match("^%s*(%w+)%s*=%s*(%d+)%s*$") == "x"))
    local r = short:find(("[ab]-"):rep(12) .. "c")   -- uncaught: ends the lesson
    say("never shown " .. tostring(r))
  end),
}
