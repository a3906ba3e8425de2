-- The built-in virtual printer (layerlab sim, --port virtual): a Marlin 2.1
-- compatible machine with an Ender-3-sized bed. Every lesson must run on it.
return {
  name = "Virtual printer (Marlin 2.1, simulated)",
  firmware = "marlin",
  usb = {},                     -- a pseudo-terminal, never a USB device
  baud = 115200,
  reset_on_open = false,
  volume = { x = 220, y = 220, z = 250 },
  vendor_max = { nozzle = 275, bed = 120 },
  max_nozzle = 260,
  max_bed = 100,
  min_extrude = 180,
  levelling = "g29",
  send_mode = "auto",
  rx_buffer = 128,
  start_gcode = { "M115", "G21", "G90", "M83", "G28", "G1 Z5 F600" },
  end_gcode = {
    "M104 S0", "M140 S0", "M107", "G91", "G1 Z10 F600", "G90",
    "G1 X0 Y220 F3000", "M84 X Y E",
  },
  pause_gcode = { "M300 S880 P200" },
  cancel_gcode = {
    "M104 S0", "M140 S0", "M107", "G91", "G1 Z10 F600", "G90",
    "G1 X0 Y220 F3000", "M84",
  },
  pause = { keep_temps = true, lift = 10, park = { x = 0, y = 220 } },
  quirks = {},
}
