-- A module for the G-code tests: show_layer, print_file refusing a file
-- that fails the whole-file check, and own_print. Not shipped: the tests pass it with
-- --modules.
return {
  id = "G1",
  version = "1.0.0",
  languages = { "en" },
  title = { en = "G-code checks" },
  summary = { en = "Small lessons for the G-code tests." },
  eqf_level = 4,
  workload_hours = 1,
  outcomes = {
    { id = "G1.P", kind = "skill", assessed_by = "printer",
      text = { en = "Prints a checked file." },
      pass = { en = "The printer confirms it." } },
    { id = "G1.OWN", kind = "skill", assessed_by = "printer",
      text = { en = "Prints their own file to the end." },
      pass = { en = "The print from the training screen ended done." } },
  },
  lessons = { "layers", "own" },
}
