-- Anycubic i3 Mega / Mega S with Anycubic's Marlin 1.1 fork (ATmega2560,
-- CH340 → ttyUSB, 250000 baud; the 8-bit board resets when the port
-- opens). 210×210×205 from Anycubic's spec sheet via the domain reference
-- §2; the temperature maxima there are marked "verify".
return {
  name = "Anycubic i3 Mega / Mega S",
  firmware = "marlin",
  usb = { { vid = 0x1a86, pid = 0x7523 } },   -- CH340
  baud = 250000,
  reset_on_open = true,
  volume = { x = 210, y = 210, z = 205 },
  vendor_max = { nozzle = 260, bed = 110 },
  max_nozzle = 240,                 -- PTFE-lined hot end: kept at 240 °C
  max_bed = 95,
  min_extrude = 180,
  levelling = "manual",
  send_mode = "ping-pong",          -- old fork: no ADVANCED_OK to window on
  start_gcode = { "M115", "G21", "G90", "M83", "G28", "G1 Z5 F600" },
  end_gcode = {
    "M104 S0", "M140 S0", "M107", "G91", "G1 Z10 F600", "G90",
    "G1 X0 Y200 F3000", "M84",
  },
  cancel_gcode = {
    "M104 S0", "M140 S0", "M107", "G91", "G1 Z10 F600", "G90",
    "G1 X0 Y200 F3000", "M84",
  },
  pause = { keep_temps = true, lift = 10, park = { x = 0, y = 200 } },
  quirks = { "no-emergency-parser", "no-autoreport", "ptfe-lined-hotend" },
  unverified = { "vendor_max", "max_nozzle", "quirks" },
}
