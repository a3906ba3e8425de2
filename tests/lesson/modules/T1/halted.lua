return lesson {
  id = "halted",
  title = "Commands after an emergency stop",
  step("Stop", function()
    printer.heat { nozzle = 100 }
    local ok, err = pcall(printer.send, "M112")
    say("M112 ended the waiting call: " .. tostring(not ok))
    ok, err = pcall(printer.send, "M105\nM105")
    say("a halted printer refuses more: " .. tostring(not ok) .. " (" .. tostring(err) .. ")")
    say("status: halted=" .. tostring(printer.status().halted))
  end),
}
