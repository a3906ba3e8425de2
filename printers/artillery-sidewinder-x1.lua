-- Artillery Sidewinder X1 with Artillery's Marlin fork. Two boards were
-- shipped: an ATmega2560 (MKS Gen L style, 250000 baud, resets on open)
-- and the later Ruby STM32 (115200): this profile is the 8-bit one.
-- 300×300×400 from Artillery's spec sheet via the domain reference §2;
-- the temperature maxima there are marked "verify". The bed is heated
-- from the mains through a solid-state relay.
return {
  name = "Artillery Sidewinder X1",
  firmware = "marlin",
  usb = { { vid = 0x1a86, pid = 0x7523 } },   -- CH340
  baud = 250000,
  reset_on_open = true,
  volume = { x = 300, y = 300, z = 400 },
  vendor_max = { nozzle = 250, bed = 100 },
  max_nozzle = 235,
  max_bed = 85,
  min_extrude = 180,
  levelling = "manual",
  send_mode = "auto",
  start_gcode = { "M115", "G21", "G90", "M83", "G28", "G1 Z5 F600" },
  end_gcode = {
    "M104 S0", "M140 S0", "M107", "G91", "G1 Z10 F600", "G90",
    "G1 X0 Y300 F3000", "M84 X Y E",
  },
  cancel_gcode = {
    "M104 S0", "M140 S0", "M107", "G91", "G1 Z10 F600", "G90",
    "G1 X0 Y300 F3000", "M84",
  },
  pause = { keep_temps = true, lift = 10, park = { x = 0, y = 300 } },
  notes = "Mains-voltage bed heater (230 V through an SSR): never open the electronics with the printer plugged in.",
  unverified = { "vendor_max", "baud", "reset_on_open" },
}
