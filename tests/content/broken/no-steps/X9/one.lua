return lesson {
  id = "one",
  title = { en = "Empty" },
}
