-- The occasions trainers observed, as a sign-off would read them: while
-- the records server is away they cannot be read, and the lesson is told.
return lesson {
  id = "seen",
  title = { en = "Occasions seen" },
  step({ id = "read", title = { en = "Occasions seen" } }, function()
    local read, all = pcall(observations, { outcome = "T8.T" })
    if read then
      say(("Occasions recorded: %d."):format(#all))
    else
      say("Not read: " .. tostring(all))
    end
  end),
}
