-- Original Prusa MK4 / MK4S (also MK3.9, MK3.5) with Prusa-Firmware-Buddy
-- 5.x/6.x, a Marlin 2 fork on an STM32 with native USB (ttyACM).
-- Sources: volume, temperatures and levelling from Prusa's MK4 spec page
-- (prusa3d.com) as summarised in the project's domain reference §2;
-- serial limits (no M601 pause, no runout report, .bgcode only as files)
-- from prusa3d/Prusa-Firmware-Buddy issues #189 and #2442.
return {
  name = "Original Prusa MK4/MK4S",
  firmware = "marlin",
  -- Vendor 2c99 is Prusa Research; the product id is from a community udev
  -- rule, not from Prusa.
  usb = { { vid = 0x2c99, pid = 0x000c } },
  baud = 115200,                    -- native USB: ignored by the board
  reset_on_open = false,            -- 32-bit native USB does not reset on open
  volume = { x = 250, y = 210, z = 220 },
  vendor_max = { nozzle = 290, bed = 120 },
  max_nozzle = 275,
  max_bed = 105,
  min_extrude = 180,
  levelling = "g29",                -- load-cell nozzle probing at 170 °C
  send_mode = "auto",
  -- Nozzle probing needs a warm, not hot, nozzle (PrusaSlicer's MK4 start
  -- G-code heats to 170 °C before G28/G29).
  start_gcode = { "M115", "G21", "G90", "M83", "M104 S170", "M109 S170", "G28" },
  end_gcode = {
    "M104 S0", "M140 S0", "M107", "G91", "G1 Z10 F600", "G90",
    "G1 X0 Y200 F3000", "M84 X Y E",
  },
  cancel_gcode = {
    "M104 S0", "M140 S0", "M107", "G91", "G1 Z10 F600", "G90",
    "G1 X0 Y200 F3000", "M84",
  },
  pause = { keep_temps = true, lift = 10, park = { x = 10, y = 200 } },
  quirks = { "m862-checks" },
  notes = "Export ASCII G-code from PrusaSlicer (not .bgcode). Over USB the printer does not honour M601 and does not report filament runout.",
  unverified = { "usb.pid", "vendor_max", "min_extrude" },
}
