return lesson {
  id = "hot_wait",
  title = "Heats, then waits for a long time",
  step("Heat", function()
    printer.heat { nozzle = 200, bed = 60 }
    say "heating started"
    sleep(600)
  end),
}
