-- Ultimaker 2+ with Ultimaker2Marlin (Marlin 1.0 era; ATmega2560 with a
-- 16U2 bridge → ttyACM). BAUDRATE 250000, HEATER_0_MAXTEMP 275 and Z
-- homing upwards (Z_HOME_DIR 1) from Ultimaker/Ultimaker2Marlin
-- Marlin/Configuration.h; 223×223×205 and the 260 °C nozzle rating from
-- Ultimaker's spec via the domain reference §2. No Cap lines and no M155:
-- temperatures are polled. Lessons must use RepRap/Marlin-flavour G-code:
-- "UltiGCode" takes temperatures from the printer's menu.
return {
  name = "Ultimaker 2+",
  firmware = "marlin",
  usb = { { vid = 0x2341, pid = 0x0042 } },   -- Arduino Mega 2560 R3 (16U2)
  baud = 250000,
  reset_on_open = true,
  volume = { x = 223, y = 223, z = 205 },
  vendor_max = { nozzle = 260, bed = 100 },
  max_nozzle = 245,
  max_bed = 85,
  min_extrude = 180,
  levelling = "manual",             -- 3-point assisted levelling
  send_mode = "ping-pong",
  start_gcode = { "G21", "G90", "M83", "G28" },
  end_gcode = { "M104 S0", "M140 S0", "M107", "G28", "M84" },
  cancel_gcode = { "M104 S0", "M140 S0", "M107", "G28", "M84" },
  quirks = { "no-autoreport", "no-emergency-parser", "z-homes-to-max" },
  unverified = { "usb.pid" },
}
