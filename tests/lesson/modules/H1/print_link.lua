return lesson {
  id = "print_link",
  title = "Streams a link that points out of the module",
  step("Print", function()
    local ok, err = pcall(printer.print_file, "files/outside.gcode")
    say(("print_file of a link out refused: %s (%s)"):format(tostring(not ok), tostring(err)))
    ok, err = pcall(printer.print_file, "files/inside.gcode")
    say(("print_file of a link in: %s %s"):format(tostring(ok), tostring(err)))
  end),
}
