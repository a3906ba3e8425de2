-- Creality Ender-3 V2 with Creality's Marlin 2.0 fork (32-bit board, CH340
-- USB-serial bridge). The PTFE-lined hotend caps the nozzle at 240 °C.
return {
  name = "Creality Ender-3 V2",
  firmware = "marlin",
  usb = { { vid = 0x1a86, pid = 0x7523 } },   -- CH340 → /dev/ttyUSB*
  baud = 115200,                    -- community firmware may use 250000
  reset_on_open = false,
  volume = { x = 220, y = 220, z = 250 },
  -- 260 is the firmware limit (HEATER_0_MAXTEMP 275 less 15 in Marlin's
  -- example configuration for the stock board); Creality's own figure is
  -- not confirmed.
  vendor_max = { nozzle = 260, bed = 100 },
  max_nozzle = 240,                 -- PTFE-lined hotend: keep at or below 240 °C
  max_bed = 85,
  min_extrude = 180,                -- = firmware EXTRUDE_MINTEMP: a cold-extrusion demo never reaches the firmware here
  levelling = "manual",             -- four knobs, paper method
  send_mode = "auto",               -- stock builds may lack ADVANCED_OK: Cap lines decide
  rx_buffer = 128,
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
  -- Whether opening the port resets the 32-bit board depends on the board
  -- revision; layerlab waits for "start" or a quiet period either way.
  unverified = { "reset_on_open", "vendor_max" },
}
