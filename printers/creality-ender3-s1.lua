-- Creality Ender-3 S1 with Creality's Marlin 2.0.8 fork (CH340 bridge →
-- ttyUSB). Volume 220×220×270, 260/100 °C and the CR Touch probe from
-- Creality's spec sheet as summarised in the domain reference §2; on some
-- builds the mesh is off after G28 and needs M420 S1.
return {
  name = "Creality Ender-3 S1",
  firmware = "marlin",
  usb = { { vid = 0x1a86, pid = 0x7523 } },   -- CH340
  baud = 115200,
  reset_on_open = false,
  volume = { x = 220, y = 220, z = 270 },
  vendor_max = { nozzle = 260, bed = 100 },
  -- The Sprite hot end's heat break is PTFE-lined on the stock S1 (the
  -- Pro has an all-metal one rated to 300 °C): held at 240 °C.
  max_nozzle = 240,
  max_bed = 85,
  min_extrude = 180,
  levelling = "g29",                -- CR Touch, bilinear mesh
  send_mode = "auto",
  start_gcode = { "M115", "G21", "G90", "M83", "G28", "M420 S1", "G1 Z5 F600" },
  end_gcode = {
    "M104 S0", "M140 S0", "M107", "G91", "G1 Z10 F600", "G90",
    "G1 X0 Y220 F3000", "M84 X Y E",
  },
  cancel_gcode = {
    "M104 S0", "M140 S0", "M107", "G91", "G1 Z10 F600", "G90",
    "G1 X0 Y220 F3000", "M84",
  },
  pause = { keep_temps = true, lift = 10, park = { x = 0, y = 220 } },
  quirks = { "mesh-lost-after-g28", "ptfe-lined-hotend" },
  unverified = { "vendor_max", "max_nozzle", "reset_on_open" },
}
