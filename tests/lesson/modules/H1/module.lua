-- Hostile lessons: each one tries to crash layerlab or leave heat behind.
-- Not shipped: the tests pass it with --modules.
return {
  id = "H1",
  version = "1.0.0",
  languages = { "en" },
  title = { en = "Hostile lessons" },
  summary = { en = "Lessons that try to break the runtime, for the test suite." },
  eqf_level = 4,
  workload_hours = 1,
  outcomes = {
    { id = "H1.P", kind = "skill", assessed_by = "printer",
      text = { en = "Operates the printer." },
      pass = { en = "The printer confirms it." } },
  },
  lessons = { "tostring_raise", "tostring_loop", "tostring_sleep", "tostring_mem",
              "tostring_text", "hot_wait", "numbers", "print_link", "text" },
}
