return lesson {
  id = "one",
  title = { en = "One lesson" },
  step({ en = "The only step" }, function()
    say { en = "Hello." }
    quiz { id = "q", outcome = "X9.LO1", questions = {
      { id = "a", q = { en = "Is this a question?" }, answer = true },
    } }
  end),
}
