-- A trainer records one occasion seen (observe), and the lesson reads back
-- every occasion recorded for the trainee (observations).
return lesson {
  id = "observe",
  title = { en = "An occasion seen" },
  outcomes = { "T9.T" },
  step({ id = "seen", title = { en = "An occasion seen" } }, function()
    observe { outcome = "T9.T", prompt = { en = "Did the trainee keep the rules at this printer?" } }
    local all, seen = observations { outcome = "T9.T" }, 0
    for i = 1, #all do
      if all[i].seen then seen = seen + 1 end
    end
    say(("Occasions recorded: %d, seen: %d, the last in %s/%s by %s."):format(#all, seen,
        all[#all].module, all[#all].lesson, all[#all].trainer))
  end),
}
