return lesson {
  id = "first-layer",
  title = { en = "The first layer", sl = "Prva plast" },
  outcomes = { "T1.LO1", "T1.LO2", "T1.LO3" },
  run = function()
    say { en = "Watch the first layer.", sl = "Opazuj prvo plast." }
  end,
}
