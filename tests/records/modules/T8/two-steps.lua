-- Two steps and no printer: left at the second, it is offered to resume.
return lesson {
  id = "two-steps",
  title = { en = "Two steps" },
  outcomes = { "T8.T" },

  step({ id = "first", title = { en = "First" } }, function()
    say { en = "The first step." }
  end),
  step({ id = "second", title = { en = "Second" } }, function()
    say { en = "The second step." }
  end),
}
