return lesson {
  id = "signoff",
  title = "A trainer signs off",
  outcomes = { "T1.T" },
  step("Sign-off", function()
    local passed, trainer = trainer_signoff {
      outcome = "T1.T",
      prompt = { en = "Watch the pre-print checklist.", sl = "Opazuj kontrolni seznam." },
    }
    say(("signed: %s by %s"):format(tostring(passed), trainer))
  end),
}
