-- Stopped part-way by the panic key: the trainee reads what to do, the
-- lesson does not open on the halted printer, and goes on at its step
-- after the reset.
return lesson {
  id = "stop",
  title = { en = "Stop and go on", sl = "Ustavi in nadaljuj" },
  needs = { printer = true },
  step({ id = "first", title = { en = "First step", sl = "Prvi korak" } }, function()
    say { en = "Nothing moves yet.", sl = "Nič se še ne premika." }
  end),
  step({ id = "moves", title = { en = "Moves", sl = "Premiki" } }, function()
    say { en = "The head is moving.", sl = "Glava se premika." }
    printer.home()
    -- Homing and the moves keep the printer working for seconds, time
    -- enough for the panic key; after the reset they run through quickly.
    for i = 1, 6 do
      printer.move { x = (i % 2 == 1) and 150 or 50, y = 100, f = 3000 }
    end
    printer.wait_idle()
    say { en = "All moves done.", sl = "Vsi premiki so končani." }
  end),
}
