-- Anycubic Kobra (original, Go, Neo) with Anycubic's Marlin 2 fork
-- (HC32F460, CH340 → ttyUSB). 220×220×250 and the LeviQ probe from the
-- domain reference §2; the baud rate and temperature maxima there are
-- marked "verify". The Kobra 3 runs other firmware without an open serial
-- G-code port: this profile is not for it.
return {
  name = "Anycubic Kobra",
  firmware = "marlin",
  usb = { { vid = 0x1a86, pid = 0x7523 } },   -- CH340
  baud = 115200,
  reset_on_open = false,
  volume = { x = 220, y = 220, z = 250 },
  vendor_max = { nozzle = 260, bed = 110 },
  max_nozzle = 240,                 -- PTFE-lined hot end: kept at 240 °C
  max_bed = 95,
  min_extrude = 180,
  levelling = "g29",                -- LeviQ
  send_mode = "auto",
  start_gcode = { "M115", "G21", "G90", "M83", "G28", "G1 Z5 F600" },
  end_gcode = {
    "M104 S0", "M140 S0", "M107", "G91", "G1 Z10 F600", "G90",
    "G1 X0 Y220 F3000", "M84 X Y E",
  },
  cancel_gcode = {
    "M104 S0", "M140 S0", "M107", "G91", "G1 Z10 F600", "G90",
    "G1 X0 Y220 F3000", "M84",
  },
  pause = { keep_temps = true, lift = 10, park = { x = 0, y = 220 } },
  quirks = { "ptfe-lined-hotend" },
  unverified = { "baud", "vendor_max", "max_nozzle", "reset_on_open" },
}
