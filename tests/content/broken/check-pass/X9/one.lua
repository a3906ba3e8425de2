return lesson {
  id = "one",
  title = { en = "One lesson" },
  step({ en = "The only step" }, function()
    say { en = "Hello." }
    -- pass is the fraction of max needed: a number is right, a word is not.
    check { outcome = "X9.LO1", by = "quiz", passed = true, score = 2, max = 2, pass = 0.5 }
    check { outcome = "X9.LO1", by = "quiz", passed = true, score = 2, max = 2, pass = "half" }
  end),
}
