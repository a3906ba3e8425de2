-- A profile fixture.
return {
  name = "Fixture printer",
  firmware = "marlin",
  baud = 115200,
  ok_timeout = 0.05,
  reset_on_open = false,
  volume = { x = 200, y = 200, z = 200 },
  vendor_max = { nozzle = 260, bed = 110 },
  max_nozzle = 245,
  max_bed = 95,
  min_extrude = 180,
  levelling = "manual",
  quirks = {  },
}
