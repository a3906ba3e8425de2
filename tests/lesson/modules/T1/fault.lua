return lesson {
  id = "fault",
  title = "A printer fault",
  step("Heat into a fault", function()
    printer.on_fault(function(msg)
      warning("The printer stopped itself: " .. msg)
    end)
    printer.heat { nozzle = 200, wait = true, timeout = 120 }
    say "never reached"
  end),
}
