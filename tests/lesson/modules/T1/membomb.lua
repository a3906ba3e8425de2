return lesson {
  id = "membomb",
  title = "A memory bomb",
  step("Bomb", function()
    local ok, err = pcall(string.rep, "x", 1e9)
    say("string.rep of 1 GB failed cleanly: " .. tostring(not ok) .. " (" .. tostring(err) .. ")")
    local s = ("x"):rep(1e9)   -- uncaught: ends the lesson
    say("never shown " .. #s)
  end),
}
