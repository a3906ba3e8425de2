-- The printer's reports as tables (docs/lesson-api.md, "Printer"): M503,
-- M119, the mesh, the ambient sensor, a stability wait, commands a trainer
-- confirms and the cold-extrusion guard exception. Prints what it read;
-- lesson_reports.sh checks it against what the printer ran.
return lesson {
  id = "reports",
  title = "Printer reports",
  outcomes = { "T1.P" },
  needs = { printer = true },
  run = function()
    local st = printer.settings()
    print(("settings: steps e=%s z_offset=%s pid p=%s leveling=%s line=%s"):format(
      tostring(st.steps and st.steps.e), tostring(st.z_offset), tostring(st.pid and st.pid.p),
      tostring(st.leveling), tostring(st.M851 and st.M851.line)))

    local es = printer.endstops()
    print(("endstops before homing: x_min=%s z_min=%s"):format(tostring(es.x_min), tostring(es.z_min)))
    printer.home()
    es = printer.endstops()
    print(("endstops at home: x_min=%s y_min=%s z_min=%s"):format(tostring(es.x_min), tostring(es.y_min),
      tostring(es.z_min)))

    local m, why = printer.mesh()
    print(("mesh before probing: %s (%s)"):format(tostring(m), tostring(why)))
    m = printer.probe_mesh()
    print(("mesh: %dx%d range %.3f ok=%s"):format(m.rows, m.cols, m.range,
      tostring(m.range == m.max - m.min and m.range > 0)))
    m = printer.mesh()
    print(("mesh again: %dx%d first=%s"):format(m.rows, m.cols, tostring(m.grid[1][1])))

    local ambient, sensor = printer.ambient()
    print(("ambient: %s from %s"):format(tostring(ambient), tostring(sensor)))

    local ok, lines, trainer = printer.trainer_send {
      id = "confirm.zoffset", outcome = "T1.P", gcode = "M851 Z-1.62\nM500",
      prompt = "The trainee sets the Z offset to -1.62 mm and saves it.",
    }
    print(("trainer_send: %s by %s, %s"):format(tostring(ok), tostring(trainer), tostring(lines[1])))
    print(("z_offset now: %s"):format(tostring(printer.settings().z_offset)))
    local refused = not pcall(printer.send, "M851 Z-3")
    print(("plain send of M851 Z-3 refused: %s"):format(tostring(refused)))

    local cold, reply = printer.guard_exception {
      id = "demo.cold", exception = "cold-extrusion", outcome = "T1.P",
      gcode = "M83\nG1 E5 F100",
      prompt = "Watch the firmware refuse a cold extrusion.",
    }
    local said = false
    for _, l in ipairs(reply) do said = said or l:find("cold extrusion prevented", 1, true) ~= nil end
    print(("guard exception: sent %s, firmware said cold extrusion prevented: %s"):format(
      tostring(cold), tostring(said)))
    local far = pcall(printer.guard_exception, {
      id = "demo.far", exception = "cold-extrusion", outcome = "T1.P",
      gcode = "G1 E50 F100", prompt = "Too long." })
    print(("a 50 mm extrusion under the exception went through: %s"):format(tostring(far)))
    -- The hold: 60 s on the built-in virtual printer, whose clock the
    -- lesson's follows; 2 s on a pty, in real time.
    local hold = printer.status().sensors and confirm { id = "long.hold", text = "Hold for 60 s?" } and 60 or 2
    local t0 = elapsed()
    printer.heat { nozzle = 200, wait = true }
    local stable = printer.wait_stable { nozzle = 200, within = 2, hold = hold }
    print(("stable: held %.0f s within %.1f..%.1f after %d samples; lesson clock %.0f s"):format(
      stable.held_s, stable.min, stable.max, stable.samples, elapsed() - t0))
    printer.cool()

    check { outcome = "T1.P", by = "printer", passed = said and ok,
            evidence = { range = m.range, held = stable.held_s } }
  end,
}
