return lesson {
  id = "printer",
  title = "Every printer call",
  outcomes = { "T1.P" },
  needs = { printer = true },
  step("Status and homing", function()
    local s = printer.status()
    say(("connected=%s firmware=%s profile=%s"):format(tostring(s.connected), s.firmware, s.profile))
    printer.home()
    s = printer.status()
    say(("homed x=%s y=%s z=%s"):format(tostring(s.homed.x), tostring(s.homed.y), tostring(s.homed.z)))
    printer.home "XY"
    local lines = printer.send "M115"
    local fw = false
    for _, l in ipairs(lines) do if l:find("FIRMWARE_NAME", 1, true) then fw = true end end
    say("M115 replied with the firmware name: " .. tostring(fw))
  end),
  step("Heat, move, extrude", function()
    printer.heat { nozzle = 200, bed = 50, wait = true, timeout = 60 }
    local s = printer.status()
    say(("hot: nozzle>=198 %s bed>=48 %s"):format(tostring(s.nozzle.temp >= 198), tostring(s.bed.temp >= 48)))
    printer.move { z = 10, f = 600, wait = true }
    printer.move { x = 10, relative = true }
    printer.move { x = 20, y = 20 }
    printer.wait_idle()
    printer.extrude { e = 5, f = 100 }
    local ok, why = pcall(printer.send, "M104 S999")
    say("guard refused M104 S999: " .. tostring(not ok))
    say("refusal names the limit: " .. tostring(why))
    ok, why = pcall(printer.move, { x = 100000 })
    say("guard refused a move off the bed: " .. tostring(not ok))
    local t0 = elapsed()
    ok, why = pcall(printer.wait_temp, { bed = 120, timeout = 0.3 })
    say(("wait_temp timed out: %s (%s), waited: %s"):format(tostring(not ok), tostring(why),
        tostring(elapsed() - t0 >= 0.29)))
    local st = printer.settings()
    say("M503 parsed: M92 E=" .. tostring(st.M92 and st.M92.E))
    printer.cool()
    s = printer.wait_temp { nozzle = 150, below = true, timeout = 60 }
    say("cooled below 150: " .. tostring(s.nozzle.temp <= 150))
    check { outcome = "T1.P", by = "printer", passed = s.nozzle.temp <= 150,
            evidence = { nozzle = s.nozzle.temp, sent = #printer.gcode_log() } }
  end),
  step("A print", function()
    local r = printer.print_file "files/square.gcode"
    say(("printed %d commands"):format(r.lines))
    local log = printer.gcode_log()
    say("first command sent: " .. log[1])
  end),
}
