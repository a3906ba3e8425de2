return lesson {
  id = "apierror",
  title = "Misusing the API",
  step("Bad call", function()
    say "before"
    ask { id = "x", q = "no answers given" }
  end),
}
