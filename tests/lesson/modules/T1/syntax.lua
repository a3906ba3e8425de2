return lesson {
  id = "syntax",
  title = "Broken",
  step("x", function()
    say "unclosed
  end),
}
