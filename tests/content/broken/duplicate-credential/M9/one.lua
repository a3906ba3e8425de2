return lesson {
  id = "one",
  title = { en = "One lesson", sl = "Ena lekcija" },
  step({ en = "The only step", sl = "Edini korak" }, function()
    say { en = "Hello.", sl = "Živjo." }
    quiz { id = "q", outcome = "M9.LO1", questions = {
      { id = "a", q = { en = "Is this a question?", sl = "Je to vprašanje?" }, answer = true },
    } }
  end),
}
