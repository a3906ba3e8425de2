-- One step: the trainer's sign-off.
return lesson {
  id = "signoff",
  title = { en = "Sign-off" },
  outcomes = { "T8.T" },

  step({ id = "signoff", title = { en = "Sign-off" } }, function()
    trainer_signoff { outcome = "T8.T", prompt = { en = "Watch the trainee work." } }
  end),
}
