return lesson {
  id = "resume",
  title = "Three steps",
  step({ id = "one", title = "One" }, function()
    say "step one"
    confirm { id = "r.one", text = "Done with one?" }
  end),
  step({ id = "two", title = "Two" }, function()
    say "step two"
    confirm { id = "r.two", text = "Done with two?" }
  end),
  step { id = "three", title = "Three", run = function()
    say "step three"
  end },
}
