return lesson {
  id = "error",
  title = "A lesson with a bug",
  step("Heat", function()
    printer.heat { nozzle = 180 }
    say "heating started"
  end),
  step("The bug", function()
    local t = nil
    say "about to fail"
    local function helper()
      return t.field   -- line 11: indexing a nil value
    end
    helper()
  end),
}
