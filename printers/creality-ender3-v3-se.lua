-- Creality Ender-3 V3 SE (GD32F303 board, CH340 → ttyUSB) with Creality's
-- Marlin fork. 115200 baud (250000 fails: Klipper forum reports on the
-- V3 SE, usb-1a86_USB_Serial); 220×220×250 and 260/100 °C from Creality's
-- spec sheet via the domain reference §2. CR Touch with a strain-gauge
-- automatic Z offset.
return {
  name = "Creality Ender-3 V3 SE",
  firmware = "marlin",
  usb = { { vid = 0x1a86, pid = 0x7523 } },   -- CH340
  baud = 115200,
  reset_on_open = false,
  volume = { x = 220, y = 220, z = 250 },
  vendor_max = { nozzle = 260, bed = 100 },
  max_nozzle = 240,                 -- PTFE-lined throat: kept at 240 °C
  max_bed = 85,
  min_extrude = 180,
  levelling = "g29",
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
  unverified = { "vendor_max", "max_nozzle", "reset_on_open" },
}
