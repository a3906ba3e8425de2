-- A table whose cells are longer than any screen's column: they wrap.
return lesson {
  id = "table",
  title = { en = "Three ways to stop" },
  step({ id = "stops", title = { en = "Three ways to stop" } }, function()
    show_table {
      header = { "Stop", "What it does", "Use it when" },
      rows = {
        { "Panic key in layerlab",
          "sends M112: motors and heaters stop at once; the printer needs a reset",
          "anything goes wrong right now: a crash, smoke, a hand in the machine" },
        { "Stop on the display",
          "cancels the print in an orderly way, parks the head",
          "the print has failed but nothing is dangerous" },
        { "Power switch",
          "cuts all power",
          "smoke or fire, or the printer does not react to anything else" },
      },
    }
    say "The end of the table."
  end),
}
