-- Original Prusa i3 MK3S+ with Prusa-Firmware 3.x (a Marlin 1.x fork).
return {
  name = "Prusa i3 MK3S+",
  firmware = "prusa",
  usb = { { vid = 0x2c99, pid = 0x0002 } },   -- Prusa Research, ATmega32U2 bridge
  baud = 115200,
  reset_on_open = true,             -- the board resets on every port open (DTR)
  volume = { x = 250, y = 210, z = 210 },
  axes = { x = { 0, 255 }, y = { -4, 212.5 }, z = { 0, 210 } },
  vendor_max = { nozzle = 300, bed = 120 },   -- firmware MAXTEMP 305 / 125
  max_nozzle = 285,
  max_bed = 105,
  min_extrude = 180,                -- firmware EXTRUDE_MINTEMP is 175 (variants/MK3S.h)
  levelling = "g80",                -- SuperPINDA mesh after G28 W
  send_mode = "auto",
  rx_buffer = 128,
  -- Prusa-Firmware's own recovery primes 5 mm after homing X and Y
  -- (Firmware/power_panic.cpp: "G1 E5 F120" after M83).
  resume_purge = 5,
  start_gcode = {
    -- No G80 here: mesh levelling on a cold bed measures the wrong bed
    -- (PrusaSlicer heats the bed first); lessons that level heat first.
    "M155 S2 C1", "G21", "G90", "M83", "G28 W",
  },
  end_gcode = {
    "M104 S0", "M140 S0", "M107", "G91", "G1 Z10 F600", "G90",
    "G1 X0 Y200 F3000", "M84",
  },
  pause_gcode = { "M300 S880 P200" },
  cancel_gcode = {
    "M104 S0", "M140 S0", "M107", "G91", "G1 Z10 F600", "G90",
    "G1 X0 Y200 F3000", "M84",
  },
  pause = { keep_temps = true, lift = 10, park = { x = 10, y = 200 } },
  quirks = { "m862-checks", "stop-not-kill", "extra-temp-fields", "home-w" },
  -- USB 2c99:0002 and the travel (X 0–255, Y −4–212.5, Z 0.15–210) are
  -- Prusa's own: PrusaSlicer's firmware dialog and Prusa-Firmware
  -- variants/MK3S.h (X_MAX_POS 255, Y_MIN_POS -4, Y_MAX_POS 212.5).
}
