return lesson {
  id = "layers",
  title = "Layers and a checked print",
  outcomes = { "G1.P" },
  needs = { printer = true },
  step("Look at the layers", function()
    show_layer("files/square.gcode", 1)
    show_layer("files/square.gcode", -1, { width = 22, caption = "The top layer" })
    local ok, why = pcall(show_layer, "files/square.gcode", 3)
    say("layer 3: " .. tostring(why))
  end),
  step("A file that would not print", function()
    local ok, why = pcall(printer.print_file, "files/bad.gcode")
    say("bad file printed: " .. tostring(ok))
    say("why: " .. tostring(why))
    local r = printer.print_file "files/square.gcode"
    say(("printed %d commands"):format(r.lines))
    check { outcome = "G1.P", by = "printer", passed = r.lines > 0, evidence = { lines = r.lines } }
  end),
}
