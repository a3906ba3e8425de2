return lesson {
  id = "own",
  title = "Your own print",
  outcomes = { "G1.OWN" },
  step("What your print did", function()
    local p = own_print { within = 3600 }
    if p == nil then
      say("no print of your own in the last hour")
      return
    end
    say(("own print: %s %s, layer %d of %d, lines %d of %d, nozzle up to %d °C, sha256 %s")
      :format(p.file, p.outcome, p.layer, p.layers, p.lines_done, p.lines,
              math.floor(p.nozzle_max_c), p.sha256))
    check { outcome = "G1.OWN", by = "printer", passed = p.outcome == "done" and p.layer == p.layers,
            evidence = { file = p.file, sha256 = p.sha256, outcome = p.outcome } }
  end),
  step("Nothing since this lesson started", function()
    say("own print since the start: " .. tostring(own_print()))
  end),
}
