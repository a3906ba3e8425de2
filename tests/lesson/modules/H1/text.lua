-- Text that would take over a terminal or break an export: escape
-- sequences (clear the screen, retitle the window, recolour), C1 controls,
-- invalid UTF-8, in what the lesson shows, prints, and keeps as evidence.
return lesson {
  id = "text",
  title = "Hostile text",
  step { id = "st\255ep", title = "Text \27[2J\27]0;owned\7", run = function()
    say "before \27[31mred\27[0m \27]0;title\7 \194\155 \255\254 after"
    print("printed \27[2J\r\n" .. "\192\128")
    list { "item \27[1mbold", "fine ✓" }
    check { outcome = "H1.P", by = "printer", passed = true,
            evidence = { note = "bad \255 bytes", esc = "\27[2J" } }
    say "done"
  end },
}
