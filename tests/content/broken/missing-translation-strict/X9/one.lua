return lesson {
  id = "one",
  title = { en = "One lesson", sl = "Ena lekcija" },
  step({ en = "The only step", sl = "Edini korak" }, function()
    say { en = "Hello." }
    quiz { id = "q", outcome = "X9.LO1", questions = {
      { id = "a", q = { en = "Is this a question?", sl = "Je to vprašanje?" }, answer = true },
    } }
  end),
}
