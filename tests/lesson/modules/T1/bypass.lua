-- Every way around the guard from issue 9, tried by a lesson: each send
-- must be refused, and text echoed by the printer must never change what
-- the lesson reads back as the printer's state.
return lesson {
  id = "bypass",
  title = "Ways around the guard",
  needs = { printer = true },
  step("Try them all", function()
    printer.home()
    local tries = {
      "M104 S270 S100", "M140 S120 S50", "G0 X500 X10", "M104 S 450",
      "M 104 S450", 'M104 S100 "S450"', "M104 S100 *S450", "M302 P",
      "M302 S", "M211 S 0", "M211 S-1", "M118 T:200.0 /200.0 B:60.0 /60.0",
      "M118 ok", "M118 Error:Printer halted", "M42 P4 S255", "G10",
      "M104 S2\b70",
    }
    for _, cmd in ipairs(tries) do
      local ok, why = pcall(printer.send, cmd)
      say(("refused %q: %s (%s)"):format(cmd, tostring(not ok), tostring(why)))
    end
    -- Echoed text still reaches the printer, but only as echo.
    printer.send "M118 Nozzle is cold"
    printer.send "M105"
    local s = printer.wait_temp { nozzle = 100, below = true, timeout = 5 }
    say(("nozzle after the echo: %.0f"):format(s.nozzle.temp))
  end),
}
