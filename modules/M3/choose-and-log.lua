-- M3 lesson 3: choosing the material for a job and keeping the spool log;
-- the trainer's sign-off for M3.LO4 (repeated observation on two jobs).
-- Heat limits: PLA softens at ~55–60 °C, PETG and ASA take more heat and
-- ASA sunlight (domain.md §1 table; maker TDS sheets give the exact glass
-- transition). Humidity figures as in lesson 1 (verify per TDS).
return lesson {
  id = "choose-and-log",
  title = _"Choose the material, keep the spool log",
  summary = _"From a job's requirements to a material, and the logbook that keeps spools usable.",
  outcomes = { "M3.LO4" },

  step({ id = "choose", title = _"From the job to the material" }, function()
    heading(_"Ask what the part must survive")
    show_table {
      header = { _"The part must ...", _"Choose", _"Why" },
      rows = {
        { _"show a shape, stay indoors", "PLA", _"easy, accurate, little smell" },
        { _"take knocks, stay below about 70 °C", "PETG", _"tough, less brittle than PLA" },
        { _"stand heat or sunlight outdoors", "ASA", _"heat- and UV-resistant; needs an enclosure with a filter" },
        { _"bend or seal", "TPU", _"flexible; slow, direct drive" },
      },
    }
    say(_"Then check what the workstation can do: an open printer without extraction means no ABS or ASA; a Bowden extruder makes TPU hard; a PTFE-lined hot end limits the nozzle to about 240 °C.")
    ask {
      id = "choose.bracket",
      q = _"A bracket will hold a lamp outdoors, in the sun. The workshop has one enclosed printer with a filter. Which material?",
      choices = { "PLA", "PETG", "ASA", "TPU" }, correct = 3,
      feedback = { [1] = _"PLA softens in the sun and becomes brittle outdoors.",
                   [2] = _"PETG takes heat, but ASA resists sunlight better.",
                   [4] = _"TPU is flexible: a bracket must be stiff.",
                   correct = _"Right: ASA, printed in the enclosure with its filter on." },
    }
  end),

  step({ id = "log", title = _"The spool log" }, function()
    heading(_"Every spool has a history")
    say(_"A spool that looks fine can be wet. The log tells the next person what they need to know before printing with it.")
    figure { _[[
 SPOOL LOG            spool no. 17
 material / brand  PETG, black, 1.75 mm, 1 kg
 opened            2026-03-02
 storage           box 3, desiccant changed 2026-03-20
 humidity in box   18 % RH (hygrometer)
 dried             2026-03-21, 65 °C, 5 h
 condition         slight stringing on job 112 -> dried again
]], caption = _"A spool log entry" }
    list {
      _"Note material, colour, diameter and brand when you open a spool.",
      _"Read the box's hygrometer each time you take a spool out and write it down.",
      _"Record every drying: temperature, time, date.",
      _"Write down what you saw while printing (popping, stringing): it tells the next person to dry it.",
    }
    trainer_signoff {
      outcome = "M3.LO4",
      prompt = _"On at least two jobs, the trainee chose the material with a stated reason and filled in the spool log unprompted.",
    }
  end),
}
