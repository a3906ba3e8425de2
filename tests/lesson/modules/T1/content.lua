return lesson {
  id = "content",
  title = { en = "Every kind of content", sl = "Vse vrste vsebine" },
  step({ en = "Blocks", sl = "Bloki" }, function()
    heading { en = "A heading", sl = "Naslov" }
    subheading "A subheading"
    say { en = "A paragraph with **strong** and *emphasis*.", sl = "Odstavek s **krepkim** besedilom." }
    para "Another paragraph."
    list { "first", { en = "second", sl = "drugi" }, "third" }
    list { ordered = true, "one", "two" }
    code { "M104 S200\nM105", lang = "gcode" }
    code "G28"
    show_table { header = { "Material", { en = "Nozzle °C", sl = "Šoba °C" } },
                 rows = { { "PLA", "195–220" }, { "PETG", "230–250" } } }
    figure { "  [nozzle]\n     |\n  ===bed===", caption = { en = "Side view", sl = "Pogled s strani" } }
    note { en = "A note.", sl = "Opomba." }
    warning { en = "Hot nozzle!", sl = "Vroča šoba!" }
  end),
  step("Language and time", function()
    say("lang=" .. lang() .. " tr=" .. tr { en = "hello", sl = "živjo", hr = "bok" })
    say("fallback=" .. tr { en = "english only" })
    local t0 = elapsed()
    sleep(0.2)
    local waited = elapsed() - t0
    say(("slept enough: %s"):format(tostring(waited >= 0.19)))
    print("a print line", 42)
    pause "Ready?"
    if confirm { id = "c.ready", text = { en = "Ready to go on?", sl = "Pripravljen?" } } then
      say "confirmed yes"
    else
      say "confirmed no"
    end
    local ok = pcall(sleep, 0)
    say("sleep inside pcall: " .. tostring(ok))
    say(("random draw is seeded: %d"):format(math.random(1000000)))
  end),
}
