return lesson {
  id = "heatup",
  title = "A long heat-up",
  step("Heat", function()
    say "heating the nozzle and the bed"
    printer.heat { nozzle = 210, bed = 60, wait = true, timeout = 600 }
    say "hot"
  end),
}
