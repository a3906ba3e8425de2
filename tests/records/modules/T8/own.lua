-- The learner's latest print of their own file, as M6 reads it: before the
-- lesson waits (read with the lesson's open attempt, off the loop) and
-- after the learner printed one from the print screen (F6) meanwhile,
-- which the screen hands to the lesson, while the records may not show it.
local function shown(read, p)
  if not read then return "Not read: " .. tostring(p) end
  if p == nil then return "No own print." end
  return ("Own print: %s %s, layer %d/%d."):format(p.file, p.outcome, p.layer, p.layers)
end

return lesson {
  id = "own",
  title = { en = "Own print" },
  step({ id = "read", title = { en = "Own print" } }, function()
    say("Before: " .. shown(pcall(own_print, { within = 3600 })))
    pause("Continue when your print has ended.")
    say("After: " .. shown(pcall(own_print, { within = 3600 })))
  end),
}
