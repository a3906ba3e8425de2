return lesson {
  id = "badcheck",
  title = "A check for an outcome the module does not define",
  step("Check", function()
    check { outcome = "T9.X", by = "printer", passed = true }
  end),
}
