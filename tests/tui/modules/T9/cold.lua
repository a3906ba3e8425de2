-- The cold-extrusion guard exception on the training screen: on layerlab's
-- own virtual printer it needs no trainer (docs/lesson-api.md), so the
-- firmware's own protection answers at once.
return lesson {
  id = "cold",
  title = { en = "The firmware's cold-extrusion guard", sl = "Zaščita pred hladno ekstruzijo" },
  needs = { printer = true },
  step({ id = "cold", title = { en = "Extrude cold", sl = "Ekstrudiraj hladno" } }, function()
    local sent, reply = printer.guard_exception {
      exception = "cold-extrusion", id = "cold.demo", outcome = "T9.P",
      gcode = "M83\nG1 E5 F100\nM82",
      prompt = { en = "The trainee extrudes 5 mm into the cold nozzle.", sl = "Udeleženec iztisne 5 mm v hladno šobo." },
    }
    local said = false
    for _line, l in ipairs(reply) do
      said = said or l:find("cold extrusion prevented", 1, true) ~= nil
    end
    if sent and said then
      say { en = "Sent without a trainer; the firmware refused.", sl = "Poslano brez inštruktorja; tiskalnik je zavrnil." }
    else
      say { en = "Not sent, or no refusal.", sl = "Ni poslano ali ni zavrnitve." }
    end
  end),
}
