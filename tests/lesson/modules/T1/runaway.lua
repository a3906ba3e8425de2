return lesson {
  id = "runaway",
  title = "An endless loop",
  step("Loop", function()
    printer.heat { nozzle = 150 }
    say "looping"
    while true do end
  end),
}
