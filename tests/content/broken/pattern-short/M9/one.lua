return lesson {
  id = "one",
  title = { en = "One lesson" },
  step({ en = "The only step" }, function()
    say { en = "Hello." }
    local s = string.rep("a", 64)
    s:find(string.rep(".-", 12) .. "b")
    quiz { id = "q", outcome = "M9.LO1", questions = {
      { id = "a", q = { en = "Is this a question?" }, answer = true },
    } }
  end),
}
