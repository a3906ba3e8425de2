-- M7 lesson 1: take the part off the bed once the bed has cooled below
-- 35 °C, judged from the live readings (M7.LO1).
-- Figures: the 35 °C removal rule is the teaching threshold of
-- curriculum-target.md (domain.md M7: "flex the sheet once it is cool,
-- under ~35 °C"); PLA softens at about 55–60 °C (domain.md §1 materials
-- table, from Ultimaker's fdm_materials profiles); burn thresholds for
-- touching hot metal are from ISO 13732-1 as quoted in curriculum-target.md
-- (about 65 °C for 1 s, 51 °C for 1 min, 48 °C for 10 min, 43 °C for 8 h).
-- The bed temperature of 60 °C is the PLA bed temperature of the same
-- table. Cooling times depend on the bed and the room: not given here.
local REMOVE = 35   -- °C

return lesson {
  id = "remove-part",
  title = _"Taking the part off the bed",
  summary = _"Wait for the bed to cool below 35 °C, then flex the sheet to release the part.",
  outcomes = { "M7.LO1" },
  needs = { printer = true },

  step({ id = "why", title = _"Why wait" }, function()
    heading(_"A cool bed lets go")
    say(_"When a print ends, the bed is still at its printing temperature, 60 °C for PLA. Three reasons to wait until the bed is **below 35 °C** before you take the part off:")
    list {
      _"**The part lets go by itself.** Plastic shrinks more than the steel sheet as both cool; on a cool PEI sheet a PLA part often comes off with a slight flex. Pulled off warm, PLA is still soft (it softens at about 55–60 °C) and bends or tears.",
      _"**The sheet is not damaged.** A scraper forced under a part on a hot sheet gouges the PEI coating.",
      _"**Your hands.** Hot metal burns skin: about 65 °C in one second of contact, 51 °C in a minute (ISO 13732-1). The bed and the sheet hold their heat for minutes after the heater is off.",
    }
    figure { [[
        part
     ________
    /        \        flex the sheet: the part pops off
 ==/==========\==
  /   sheet    \      never lever with a blade towards your hand
]], caption = _"Releasing a part from a flexible sheet" }
    warning(_"The nozzle is still much hotter than the bed when the print ends. Keep your hands away from the print head; take the sheet off the bed and work on the table.")
  end),

  step({ id = "cool", title = _"When may the part come off?" }, function()
    say(_"The bed is heated to 60 °C as at the end of a PLA print. Then the heater goes off. Watch the bed reading and say when the part may come off.")
    printer.heat { bed = 60, wait = true, timeout = 900 }
    local readings, t0 = {}, elapsed()
    local function read()
      printer.send "M105"   -- a fresh report at this moment
      local s = printer.status()
      local r = { t = elapsed() - t0, temp = s.bed.temp, target = s.bed.target }
      readings[#readings + 1] = r
      code(("%5.0f s   B:%.1f /%.0f"):format(r.t, r.temp, r.target))
      return r
    end
    local last, judged, switched_off = read(), nil, false
    while true do
      local now = confirm { id = "remove.now", text = _"May the part come off the bed now?" }
      if now then
        last = read()    -- the reading at the moment of the answer
        judged = last
        break
      end
      if not switched_off then
        printer.cool { bed = true }
        switched_off = true
        say(_"The bed heater is off now (target 0). The bed is still warm: keep watching.")
      end
      if last.t > 1800 then error("the bed did not cool below 35 °C within 30 minutes") end
      sleep(2)
      last = read()
    end
    if not switched_off then printer.cool { bed = true } end
    local ok = judged.temp < REMOVE
    check {
      outcome = "M7.LO1", by = "printer", passed = ok,
      evidence = { bed_c = judged.temp, bed_target = judged.target, at_s = judged.t, limit_c = REMOVE,
                   readings = readings },
    }
    if ok then
      say((_"Right: the bed read %.1f °C, below 35 °C. Take the sheet off, flex it, and the part comes away."):format(judged.temp))
    else
      say((_"Too early: the bed read %.1f °C. Wait until the reading is below 35 °C; a heater target of 0 only means the heater is off."):format(judged.temp))
    end
  end),
}
