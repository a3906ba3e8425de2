-- Waits of every kind, long enough to watch the banner count.
return lesson {
  id = "waits",
  title = { en = "Waiting for the printer", sl = "Čakanje na tiskalnik" },
  needs = { printer = true },
  step({ id = "heat", title = { en = "Heat and cool", sl = "Segrej in ohladi" } }, function()
    printer.heat { nozzle = 100, wait = true, timeout = 300 }
    printer.cool { nozzle = true }
    -- 15 degrees of cooling: a few seconds at --sim-speed 8, long enough
    -- to watch the reading fall and the seconds count.
    printer.wait_temp { nozzle = 85, below = true, timeout = 600 }
    -- Lesson seconds: at the virtual printer's --sim-speed 8, 5 s of
    -- the wall clock.
    sleep(40)
    say { en = "All waits are over.", sl = "Vsega čakanja je konec." }
  end),
}
