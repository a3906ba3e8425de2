return lesson {
  id = "questions",
  title = "Every kind of question",
  outcomes = { "T1.Q" },
  step("Single questions", function()
    local ok, v = ask {
      id = "q.single", q = { en = "Which part is hottest?", sl = "Kateri del je najbolj vroč?" },
      choices = { "The bed", "The nozzle", "The frame" }, correct = 2, tries = 2,
      feedback = { [1] = "The bed is cooler.", [3] = "The frame stays cold.", correct = "Right: the nozzle." },
      explain = "Nozzles reach 300 °C.",
    }
    say(("single: %s %s"):format(tostring(ok), tostring(v)))
    ok, v = ask { id = "q.multi", q = "Which protect you from fumes?",
                  choices = { "Enclosure with filter", "Gloves", "Ventilation" }, correct = { 1, 3 } }
    say(("multi: %s %s"):format(tostring(ok), table.concat(v, ",")))
    ok, v = ask { id = "q.tf", q = "You may leave the first layer unattended.", answer = false,
                  feedback = { wrong = "Never leave the first layer." } }
    say(("truefalse: %s %s"):format(tostring(ok), tostring(v)))
    ok, v = ask { id = "q.num", q = "Safe to touch below?", value = 45, tolerance = 5, unit = "°C",
                  feedback = { high = "Too hot.", low = "Colder than needed." } }
    say(("numeric: %s %s"):format(tostring(ok), tostring(v)))
    ok, v = ask { id = "q.order", q = "Put the start-up in order",
                  order = { "Check the area", "Home", "Heat", "Print" } }
    say(("order: %s %s"):format(tostring(ok), table.concat(v, ",")))
  end),
  step("Quiz", function()
    local passed, score, max = quiz {
      id = "t1.quiz", outcome = "T1.Q", draw = 3, pass = 0.6,
      questions = {
        { id = "p1", q = "1 + 1?", choices = { "1", "2" }, correct = 2 },
        { id = "p2", q = "PLA is a plastic.", answer = true },
        { id = "p3", q = "Degrees in a right angle?", value = 90, tolerance = 0 },
        { id = "p4", q = "Pick the metals", choices = { "Brass", "PLA", "Steel" }, correct = { 1, 3 } },
        { id = "p5", q = "Smallest first", order = { "1", "2", "3" } },
      },
    }
    say(("quiz: %s %s/%s"):format(tostring(passed), score, max))
  end),
}
