return lesson {
  id = "membomb_table",
  title = "A growing table",
  step("Grow", function()
    local t = {}
    local i = 0
    while true do
      i = i + 1
      t[i] = { i, i, i, tostring(i) }
    end
  end),
}
