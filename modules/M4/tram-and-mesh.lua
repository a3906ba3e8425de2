-- M4 lesson 2: tramming with the paper method at printing temperature
-- (M4.LO2) and probing and reading a mesh (M4.LO3).
-- Sources: domain.md §1 M4 (G28; bed at printing temperature; at each
-- corner G1 Z5, G1 X.. Y.., G1 Z0; M400 before prompting; re-tram above
-- ~0.3 mm, "a teaching choice"); Marlin M420.cpp/bedlevel.cpp and
-- Prusa-Firmware mesh_bed_leveling.cpp for the report formats (the
-- lesson API reads them). Bed 60 °C: PLA's bed window 50–60 °C (lesson
-- M3/materials, Ultimaker generic_pla). Corners 30 mm in from the edges of
-- the profile's bed, where the knobs usually are (check the printer).
local BED = 60             -- °C, PLA
local RETRAM = 0.3         -- mm, the course's threshold (a teaching choice)

return lesson {
  id = "tram-and-mesh",
  title = _"Tram the bed, read a mesh",
  summary = _"The paper method at printing temperature, then a probed mesh and what its range means.",
  outcomes = { "M4.LO2", "M4.LO3" },
  needs = { printer = true },

  step({ id = "tram", title = _"Tram with paper" }, function()
    heading(_"The paper method")
    say(_"The bed heats to 60 °C (PLA). The printer homes, then takes the nozzle to Z 0 over each corner. Slide a sheet of office paper between nozzle and bed and turn that corner's knob until the paper just drags. Go round twice: each knob changes the others a little.")
    figure { _[[
     4 -------------- 3        back
     |                |
     |      bed       |
     |                |
     1 -------------- 2        front
   knob under each corner; turning it raises or lowers that corner
]], caption = _"The order of the corners" }
    warning(_"The bed is hot (60 °C): touch only the paper and the knobs, never the bed surface or the nozzle. The nozzle stays cold in this step.")
    printer.heat { bed = BED, wait = true, timeout = 900 }
    printer.home()
    local s = printer.status()
    -- 30 mm in from the edges of this printer's bed (its profile's travel).
    local tx, ty = s.travel.x, s.travel.y
    local x1, x2 = math.max(tx.min, 0) + 30, tx.max - 30
    local y1, y2 = math.max(ty.min, 0) + 30, ty.max - 30
    local corners = { { x1, y1 }, { x2, y1 }, { x2, y2 }, { x1, y2 } }
    local visited = {}
    for i, c in ipairs(corners) do
      printer.move { z = 5, f = 600 }
      printer.move { x = c[1], y = c[2], f = 3000 }
      printer.move { z = 0, f = 300, wait = true }
      local pos, bed
      for _line, l in ipairs(printer.send "M114") do
        local x, y, z = l:match("X:%s*(%-?[%d.]+)%s+Y:%s*(%-?[%d.]+)%s+Z:%s*(%-?[%d.]+)")
        if x then pos = { x = tonumber(x), y = tonumber(y), z = tonumber(z) } end
      end
      pos = pos or { x = printer.status().pos.x, y = printer.status().pos.y, z = printer.status().pos.z }
      bed = printer.status().bed.temp
      code(("corner %d   X:%.1f Y:%.1f Z:%.2f   B:%.1f"):format(i, pos.x, pos.y, pos.z, bed))
      local dragged = confirm {
        id = "tram.corner" .. i,
        text = _"Turn this corner's knob until the paper just drags. Done?",
      }
      visited[i] = { x = pos.x, y = pos.y, z = pos.z, bed_c = bed, done = dragged }
      printer.move { z = 5, f = 600, wait = true }
    end
    local all = true
    for i = 1, 4 do
      local v = visited[i]
      all = all and v.done and math.abs(v.z) <= 0.05 and v.bed_c >= BED - 2
        and math.abs(v.x - corners[i][1]) <= 0.1 and math.abs(v.y - corners[i][2]) <= 0.1
    end
    local feel = trainer_signoff {
      outcome = "M4.LO2",
      prompt = _"Check the drag yourself at two corners with the same paper: competent if it is even and light at both.",
    }
    check {
      outcome = "M4.LO2", by = "printer", passed = all and feel,
      evidence = { corners = visited, bed_target_c = BED, drag_confirmed_by_trainer = feel },
    }
    s = printer.status()
  end),

  step({ id = "mesh", title = _"Probe and read a mesh" }, function()
    heading(_"What the probe measures")
    say(_"Now the printer probes a grid of points and prints what it measured. Each number is how far that point is above (+) or below (−) the reference, in millimetres. The **range** is the highest minus the lowest value.")
    local s = printer.status()
    if not (s.homed.x and s.homed.y and s.homed.z) then printer.home() end
    local m, why = printer.probe_mesh()
    if not m then
      say(_"The printer reported no mesh: tell the trainer.")
      code(tostring(why))
      check { outcome = "M4.LO3", by = "printer", passed = false, evidence = { reply = tostring(why) } }
      printer.cool()
      return
    end
    code(table.concat(m.raw, "\n"))
    say(_("Lowest %.3f mm, highest %.3f mm: the range is %.3f mm."):format(m.min, m.max, m.range))
    local need = m.range > RETRAM
    local right, pick = ask {
      id = "mesh.decide",
      q = _"This course re-trams a bed whose mesh range is above 0.3 mm. What do you do now?",
      choices = { _"Print: the mesh compensates this range", _"Tram the bed again, then probe a new mesh" },
      correct = need and 2 or 1,
      feedback = { correct = _"Right: your decision fits the range.",
                   wrong = _"Compare the range with 0.3 mm: below it the mesh is enough, above it tram first." },
    }
    check {
      outcome = "M4.LO3", by = "printer", passed = right,
      evidence = { rows = m.rows, cols = m.cols, min = m.min, max = m.max, range = m.range,
                   retram_needed = need, decision = pick, grid = m.grid },
    }
    printer.cool()
  end),
}
