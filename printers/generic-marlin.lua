-- Any Marlin printer without a profile of its own. Deliberately cautious:
-- a small volume and low temperature caps, so nothing a lesson does can
-- exceed what an unknown machine tolerates. Copy it to printers/<id>.lua
-- and fill in the real values for a school's printer.
return {
  name = "Generic Marlin printer",
  firmware = "marlin",
  -- USB-serial bridges most Marlin boards use; suggested only when no
  -- specific profile matches.
  usb = {
    { vid = 0x1a86, pid = 0x7523 },   -- CH340/CH341
    { vid = 0x0403, pid = 0x6001 },   -- FTDI FT232R
    { vid = 0x10c4, pid = 0xea60 },   -- Silicon Labs CP210x
    { vid = 0x2341, pid = 0x0042 },   -- Arduino Mega 2560 R3 (16U2)
  },
  fallback = true,
  baud = 115200,
  reset_on_open = true,             -- 8-bit boards reset when the port opens
  volume = { x = 200, y = 200, z = 180 },
  vendor_max = { nozzle = 260, bed = 110 },
  max_nozzle = 245,
  max_bed = 95,
  min_extrude = 180,
  levelling = "manual",
  send_mode = "ping-pong",          -- works with every firmware build
  rx_buffer = 128,
  start_gcode = { "M115", "G21", "G90", "M83", "G28", "G1 Z5 F600" },
  end_gcode = {
    "M104 S0", "M140 S0", "M107", "G91", "G1 Z10 F600", "G90",
    "G1 X0 Y200 F3000", "M84 X Y E",
  },
  cancel_gcode = {
    "M104 S0", "M140 S0", "M107", "G91", "G1 Z10 F600", "G90",
    "G1 X0 Y200 F3000", "M84",
  },
  pause = { keep_temps = true, lift = 10, park = { x = 0, y = 200 } },
  quirks = {},
  unverified = { "volume", "vendor_max", "reset_on_open" },
  notes = "Measure the real machine and write its own profile before lessons rely on it.",
}
