-- M4 lesson 1: tramming, mesh and Z offset told apart; build sheets and
-- their cleaning; the quiz for M4.LO1. No printer needed.
-- Sources: domain.md §1 M4 (paper about 0.1 mm: 80 g/m² office paper;
-- IPA for cleaning, dish soap for PEI; M851 negative = nozzle below the
-- probe's trigger point); Marlin docs for G29/M420/M851/M500; Prusa's
-- sheet care pages (help.prusa3d.com, "Removable print sheets") were not
-- re-checked here, the lesson gives the common practice and says to follow
-- the sheet maker's instructions.
return lesson {
  id = "bed-basics",
  title = _"Bed, sheets and three kinds of levelling",
  summary = _"Tramming, mesh levelling and the Z offset; build sheets and how to clean them.",
  outcomes = { "M4.LO1" },

  step({ id = "three", title = _"Three different things" }, function()
    heading(_"Tramming, mesh, Z offset")
    say(_"People say 'levelling' for three different adjustments. Keep them apart: each fixes its own problem.")
    figure { _[[
  1 TRAMMING: the bed parallel to the nozzle's path (knobs under the bed)
      nozzle path  ---------------------------
      bed, tilted  \_________________________   -> turn the knobs

  2 MESH: the firmware measures the bed's small bumps and follows them
      bed  ~~~~~~~~/\~~~~~~~\/~~~~~~   -> G29 probes, M420 S1 uses it

  3 Z OFFSET: the gap between the probe's trigger point and the nozzle
      probe  |>   triggers here
      nozzle  V   must end up one paper (~0.1 mm) above the bed -> M851 Z
]], caption = _"Three adjustments, three tools" }
    list {
      _"**Tramming** is mechanical: you turn the knobs until the bed is parallel to the nozzle's path. The paper method: at printing temperature, with the nozzle at Z 0 over each corner, a sheet of office paper (about 0.1 mm) should just drag.",
      _"**Mesh levelling** is done by the firmware: a probe measures a grid of points (G29; Prusa G80) and the printer lifts and lowers the nozzle to follow the bed (M420 S1 switches it on, M420 V prints it). It corrects tenths of a millimetre, not a badly tilted bed.",
      _"**The Z offset** tells the firmware how far the nozzle tip is from where the probe triggers. Marlin stores it as M851 Z (negative: the nozzle is below the trigger point) and keeps it only after M500.",
    }
    note(_"Level at printing temperature: a bed at 60 °C is a few hundredths of a millimetre higher and can bow compared with a cold one.")
  end),

  step({ id = "sheets", title = _"Build sheets" }, function()
    heading(_"Which sheet, and how to clean it")
    show_table {
      header = { _"Sheet", _"Good for", _"Take care" },
      rows = {
        { _"Smooth PEI", _"PLA, ABS, ASA", _"PETG bonds too hard: use glue stick as a release agent" },
        { _"Textured (powder-coated) PEI", _"PLA, PETG, ABS, TPU", _"leaves a textured underside" },
        { _"Glass", _"PLA, PETG with glue", _"heats slowly; may need glue or hairspray" },
      },
    }
    list {
      _"Grease from fingers is the most common reason a first layer does not stick: hold the sheet by its edges.",
      _"Clean a PEI sheet with isopropyl alcohol (IPA) between prints; now and then wash it with warm water and dish soap.",
      _"Take the sheet off only when the bed is below about 35 °C, and flex it gently to release the part.",
    }
    warning(_"IPA is highly flammable: use a little on a cloth, never spray it on a hot bed, keep it away from the hot nozzle and close the bottle.")
  end),

  step({ id = "quiz", title = _"Quiz: bed and levelling" }, function()
    say(_"Five questions are drawn from the pool. You need 80 % to pass.")
    local passed = quiz {
      id = "m4.bed", outcome = "M4.LO1", draw = 5, pass = 0.8,
      questions = {
        { id = "mesh.tilt", q = _"The mesh shows the right side of the bed 1.2 mm lower than the left. What do you do?",
          choices = { _"Print: the mesh compensates", _"Tram the bed with the knobs first, then probe again", _"Raise the Z offset by 1.2 mm", _"Switch the mesh off" }, correct = 2,
          feedback = { [1] = _"A mesh corrects tenths of a millimetre; a tilt this large must be trammed out.",
                       [3] = _"The Z offset moves the whole bed, not one side.",
                       [4] = _"Without a mesh the tilt would show even more.",
                       correct = _"Right: tram first, then measure a new mesh." } },
        { id = "paper", q = _"In the paper method, how should the paper feel under the nozzle at Z 0?",
          choices = { _"Free, no contact at all", _"It just drags, with slight resistance", _"Stuck: it cannot be moved", _"It does not matter" }, correct = 2,
          feedback = { [1] = _"Then the nozzle is too high: the first layer will not stick.",
                       [3] = _"Then the nozzle presses on the bed: it scrapes the sheet and blocks the flow.",
                       [4] = _"The drag is the whole measurement.",
                       correct = _"Right: about one paper thickness, ~0.1 mm." } },
        { id = "hot", q = _"Why is a bed trammed at printing temperature?",
          choices = { _"It is easier to turn the knobs", _"The bed expands and can bow when hot: it is measured as it will be", _"The paper slides better", _"The firmware asks for it" }, correct = 2,
          feedback = { [1] = _"The knobs turn the same way cold or hot.",
                       [3] = _"The paper is not the reason.",
                       [4] = _"It is good practice, not a firmware rule.",
                       correct = _"Right: level it in the state it prints in." } },
        { id = "offset.sign", q = _"M503 shows `M851 Z-1.50`. The first layer is too high (lines round, not touching). Which new value brings the nozzle closer to the bed?",
          choices = { "Z-1.40", "Z-1.60", "Z+1.50", "Z0" }, correct = 2,
          feedback = { [1] = _"Less negative lifts the nozzle further.",
                       [3] = _"That moves the nozzle 3 mm into the bed.",
                       [4] = _"That ignores where the probe triggers.",
                       correct = _"Right: more negative means closer to the bed." } },
        { id = "m500", q = _"You set `M851 Z-1.60` and the first layer is perfect. After switching the printer off and on it is wrong again. What was missing?",
          choices = { "M500", "M501", "M420 S1", "G29" }, correct = 1,
          feedback = { [2] = _"M501 loads the saved settings: it would bring the old value back.",
                       [3] = _"M420 S1 switches the mesh on; the offset is a separate setting.",
                       [4] = _"G29 measures a mesh; it does not save the offset.",
                       correct = _"Right: M500 stores the settings in EEPROM." } },
        { id = "petg.smooth", q = _"Which sheet and preparation suits PETG best?",
          choices = { _"Smooth PEI, freshly cleaned", _"Textured PEI, or smooth PEI with glue stick", _"Bare glass, no glue", _"Painter's tape" }, correct = 2,
          feedback = { [1] = _"PETG can tear pieces out of smooth PEI.",
                       [3] = _"PETG can also bond too hard to glass and chip it.",
                       [4] = _"Tape suits PLA on unheated beds, not PETG at 80 °C.",
                       correct = _"Right: a surface it releases from." } },
        { id = "clean", q = _"The first layer lifts at the spot where you held the sheet. What is the fix?",
          choices = { _"Raise the bed temperature by 20 °C", _"Clean the sheet with IPA and hold it by its edges", _"Lower the Z offset a lot", _"Print faster" }, correct = 2,
          feedback = { [1] = _"Heat does not remove grease.",
                       [3] = _"The height is right elsewhere: the problem is local.",
                       [4] = _"Speed makes adhesion worse, not better.",
                       correct = _"Right: fingerprints are grease." } },
        { id = "ipa", q = _"How do you clean a bed that is still at 60 °C with IPA?",
          choices = { _"Spray IPA directly onto the bed", _"Wait until it cools, then wipe with a little IPA on a cloth", _"Pour IPA on and light it to burn off the dirt", _"Use water on the hot bed" }, correct = 2,
          feedback = { [1] = _"IPA vapour over a hot bed near a hot nozzle can ignite.",
                       [3] = _"Never: IPA is highly flammable.",
                       [4] = _"Water on a live heated bed is an electrical risk.",
                       correct = _"Right: a little IPA on a cloth, bed cool, bottle closed." } },
        { id = "m420", q = _"After G28 on some printers the mesh is no longer used. Which command switches it back on?",
          choices = { "G29", "M420 S1", "M500", "M851" }, correct = 2,
          feedback = { [1] = _"G29 measures a new mesh: correct, but slow and not needed.",
                       [3] = _"M500 saves settings.",
                       [4] = _"M851 is the probe's Z offset.",
                       correct = _"Right: M420 S1 enables the stored mesh." } },
        { id = "range", q = _"M420 V shows values from -0.08 to +0.12 mm. What is the range, and is it acceptable by this course's rule (0.3 mm)?",
          choices = { _"0.04 mm, acceptable", _"0.20 mm, acceptable", _"0.20 mm, re-tram", _"0.12 mm, re-tram" }, correct = 2,
          feedback = { [1] = _"The range is highest minus lowest: 0.12 − (−0.08).",
                       [3] = _"0.20 mm is below 0.3 mm.",
                       [4] = _"The lowest value counts too.",
                       correct = _"Right: 0.20 mm; the mesh handles that." } },
        { id = "elephant", q = _"The bottom edge of a part bulges out ('elephant foot'). What does it tell you about the first layer?",
          choices = { _"The nozzle is too far from the bed", _"The nozzle is too close (or the bed too hot)", _"The filament is wet", _"The belts are loose" }, correct = 2,
          feedback = { [1] = _"Too far shows as round lines that do not touch.",
                       [3] = _"Wet filament shows as strings and bubbles.",
                       [4] = _"Loose belts show as shifted or wavy layers.",
                       correct = _"Right: squashed too flat; raise the Z offset slightly." } },
        { id = "gaps", q = _"The first layer shows round lines with gaps between them. What do you change?",
          choices = { _"Nozzle closer to the bed (Z offset more negative)", _"Nozzle further away", _"More part cooling", _"A higher print speed" }, correct = 1,
          feedback = { [2] = _"That makes the gaps worse.",
                       [3] = _"Cooling does not change the squish.",
                       [4] = _"Faster makes adhesion worse.",
                       correct = _"Right: the lines must be pressed flat enough to touch." } },
        { id = "release", q = _"When do you take a PLA part off a flexible steel sheet?",
          choices = { _"At once, while hot, so it lets go", _"After the bed is below about 35 °C, flexing the sheet", _"With a scraper while the bed is at 60 °C", _"Never: leave it for the next person" }, correct = 2,
          feedback = { [1] = _"Hot parts deform and burn fingers.",
                       [3] = _"A scraper on a hot sheet damages the PEI and slips into hands.",
                       [4] = _"A part left on the bed blocks the next job.",
                       correct = _"Right: cool, then flex." } },
        { id = "probe.what", q = _"What does a mesh NOT correct?",
          choices = { _"Small bumps in the sheet", _"A wrong Z offset", _"A bed slightly higher in one corner", _"A bed that sags in the middle" }, correct = 2,
          feedback = { [1] = _"That is exactly what it follows.",
                       [3] = _"Small height differences are what a mesh corrects.",
                       [4] = _"A mesh follows that shape.",
                       correct = _"Right: the mesh is relative to the probe; the offset must still be right." } },
        { id = "after.change", q = _"You swap a smooth sheet for a thicker textured one. What must you check before printing?",
          choices = { _"Nothing", _"The Z offset, with a first-layer test", _"The E-steps", _"The PID values" }, correct = 2,
          feedback = { [1] = _"A different thickness changes the gap under the nozzle.",
                       [3] = _"E-steps concern the extruder, not the bed.",
                       [4] = _"PID concerns temperatures.",
                       correct = _"Right: another sheet can need another offset." } },
      },
    }
    if passed then
      say(_"Passed. Next: tram the bed and read a mesh.")
    else
      say(_"Not yet: read the two steps again and retry the quiz.")
    end
  end),
}
