-- Original Prusa MINI/MINI+ with Prusa-Firmware-Buddy (Marlin 2 fork,
-- STM32, native micro-USB → ttyACM). Volume, temperatures and levelling
-- from Prusa's MINI+ spec page via the domain reference §2. Firmware 4.4.1
-- could not reopen the port without a printer reset (Prusa-Firmware-Buddy
-- issue #2998): update the firmware before a lesson.
return {
  name = "Original Prusa MINI+",
  firmware = "marlin",
  usb = { { vid = 0x2c99, pid = 0x000e } },   -- pid from a community udev rule
  baud = 115200,                    -- native USB: ignored
  reset_on_open = false,
  volume = { x = 180, y = 180, z = 180 },
  vendor_max = { nozzle = 280, bed = 100 },
  max_nozzle = 265,
  max_bed = 85,
  min_extrude = 180,
  levelling = "g29",                -- SuperPINDA mesh, live Z
  send_mode = "auto",
  start_gcode = { "M115", "G21", "G90", "M83", "G28" },
  end_gcode = {
    "M104 S0", "M140 S0", "M107", "G91", "G1 Z10 F600", "G90",
    "G1 X0 Y170 F3000", "M84 X Y E",
  },
  cancel_gcode = {
    "M104 S0", "M140 S0", "M107", "G91", "G1 Z10 F600", "G90",
    "G1 X0 Y170 F3000", "M84",
  },
  pause = { keep_temps = true, lift = 10, park = { x = 10, y = 170 } },
  quirks = { "m862-checks" },
  unverified = { "usb.pid", "vendor_max", "min_extrude" },
}
