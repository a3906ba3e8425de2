return lesson {
  id = "numbers",
  title = "Numbers that never end a wait",
  step("Sleep", function()
    for _, v in ipairs { math.huge, -math.huge, 0/0, -1, 1e308 } do
      local ok, err = pcall(sleep, v)
      say(("sleep(%s) refused: %s (%s)"):format(tostring(v), tostring(not ok), tostring(err)))
    end
    local ok, err = pcall(printer.wait_temp, { nozzle = 0/0, timeout = 5 })
    say("wait_temp NaN refused: " .. tostring(not ok) .. " (" .. tostring(err) .. ")")
    ok, err = pcall(printer.wait_temp, { nozzle = 20, timeout = math.huge })
    say("wait_temp timeout inf refused: " .. tostring(not ok) .. " (" .. tostring(err) .. ")")
    sleep(0)
    say "sleep(0) returns"
  end),
}
