-- Any Klipper printer (Voron and others), reached through Klipper's G-code
-- pseudo-terminal ~/printer_data/comms/klippy.serial (older /tmp/printer),
-- never the MCU's ttyACM, which belongs to Klipper. Klipper takes only a
-- subset of Marlin G-code, has no M155 or Cap lines, and reports errors as
-- "!!" (Klipper3d/klipper docs/G-Codes.md, klippy/gcode.py). The limits
-- below are cautious placeholders: copy the file and set them from the
-- printer's printer.cfg (max_temp of [extruder] and [heater_bed]).
return {
  name = "Klipper printer (generic)",
  firmware = "klipper",
  baud = 250000,                    -- a pty: ignored
  reset_on_open = false,
  volume = { x = 250, y = 250, z = 230 },
  vendor_max = { nozzle = 260, bed = 110 },
  max_nozzle = 245,
  max_bed = 95,
  min_extrude = 180,
  levelling = "bed-mesh",
  send_mode = "ping-pong",
  start_gcode = { "G21", "G90", "M83", "G28" },
  end_gcode = {
    "M104 S0", "M140 S0", "M107", "G91", "G1 Z10 F600", "G90", "M84",
  },
  cancel_gcode = {
    "M104 S0", "M140 S0", "M107", "G91", "G1 Z10 F600", "G90", "M84",
  },
  quirks = { "no-autoreport" },
  unverified = { "volume", "vendor_max" },
}
