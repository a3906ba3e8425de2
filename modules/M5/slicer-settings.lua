-- M5 lesson 1: what the slicer's main settings do; the quiz for M5.LO1.
-- Sources: domain.md §1 M5 (layer height ≤75 % of the nozzle diameter,
-- 0.2 mm for 0.4 mm; first layer 0.2–0.3 mm; line width ~1.1× nozzle;
-- supports for overhangs beyond ~45°; retraction Bowden 3–6 mm, direct
-- drive 0.5–2 mm), the material table of M3 (fan by material). These are
-- common slicer defaults (PrusaSlicer, Cura); a printer's own profile in
-- the slicer wins. The layer picture is the project's sample tab file
-- (PrusaSlicer 2.5.0, Ender-3, 0.2 mm).
return lesson {
  id = "slicer-settings",
  title = _"What the slicer's settings do",
  summary = _"Layer height, walls and infill, supports and adhesion, retraction and cooling.",
  outcomes = { "M5.LO1" },

  step({ id = "layers", title = _"Layers, walls, infill" }, function()
    heading(_"From a model to layers")
    say(_"The slicer cuts the model into horizontal layers and plans, for each layer, where the nozzle goes and how much filament it pushes. The result is G-code, a list of commands for one printer and one material.")
    figure { _[[
   side view of a wall            top view of one layer
   ___________________            +---------------------+
  |___________________| <- layer  | +-----------------+ |  <- walls
  |___________________|   height  | | / / / / / / / / | |     (perimeters)
  |___________________|           | |/ / infill / / / | |
                                  | +-----------------+ |
                                  +---------------------+
]], caption = _"Layers, walls and infill" }
    list {
      _"**Layer height**: at most about 75 % of the nozzle diameter; 0.2 mm for a 0.4 mm nozzle is the usual choice. Thinner layers look smoother and take longer.",
      _"**First layer**: thicker (0.2–0.3 mm) and slower, so it sticks.",
      _"**Line width**: about 1.1× the nozzle diameter (0.45 mm for 0.4 mm).",
      _"**Walls (perimeters)** and **top/bottom layers** give strength and a closed surface; two or three walls are common, more for strong parts.",
      _"**Infill** fills the inside: 15–20 % for most parts, more for strength. With 0 % the top layers have nothing to rest on and sag.",
    }
    show_layer("files/tab_ender3_0.20mm.gcode", 1, { caption = _"Layer 1 of a small test tab, sliced for an Ender-3" })
  end),

  step({ id = "support", title = _"Supports and adhesion" }, function()
    heading(_"Overhangs and the first layer")
    figure { _[[
        ____                       overhang beyond ~45 deg
       /    \      ok up to ~45    needs support underneath
      /      \                     ________
     /        \                   |        |_________
    /__________\                  |________|  |  |  |  <- supports
]], caption = _"Overhangs up to about 45° print without support" }
    list {
      _"**Supports** hold up overhangs steeper than about 45° and bridges that are too long. They cost time and leave marks where they touch.",
      _"**Skirt**: a line around the part that primes the nozzle; it does not touch the part.",
      _"**Brim**: a flat ring attached to the part's first layer: more area against the bed, less warping (ABS, tall thin parts).",
      _"**Raft**: a thick base under the whole part; rarely needed on a good, levelled bed.",
    }
  end),

  step({ id = "retraction", title = _"Retraction and cooling" }, function()
    heading(_"Stopping the flow, setting the plastic")
    list {
      _"**Retraction** pulls the filament back before a travel move so the nozzle does not ooze: 3–6 mm on a Bowden extruder, 0.5–2 mm on a direct-drive one. Too little: strings; too much: clogs and gaps.",
      _"**Cooling** (the part fan) sets each layer quickly: 100 % for PLA after the first layer, 30–50 % for PETG, little or none for ABS and ASA, which warp and split when cooled hard.",
      _"**Speed**: slower prints look better and stick better; the first layer always runs slow.",
    }
    note(_"Start from the slicer's profile for your printer and material, change one setting at a time and write down what it did.")
  end),

  step({ id = "quiz", title = _"Quiz: slicer settings" }, function()
    say(_"Five questions are drawn from the pool. You need 80 % to pass.")
    local passed = quiz {
      id = "m5.settings", outcome = "M5.LO1", draw = 5, pass = 0.8,
      questions = {
        { id = "lh.max", q = _"Your printer has a 0.4 mm nozzle. Which layer height is too thick to print reliably?",
          choices = { "0.12 mm", "0.20 mm", "0.28 mm", "0.40 mm" }, correct = 4,
          feedback = { [1] = _"Thin, slow but fine.", [2] = _"The usual choice.", [3] = _"Still within about 75 % of the nozzle.",
                       correct = _"Right: above about 0.3 mm the layers do not press together well." } },
        { id = "infill0", q = _"A box is sliced with 0 % infill and 3 top layers. What will you see?",
          choices = { _"A perfect closed top", _"The top layers sag and show holes", _"The walls collapse at once", _"It prints faster and stronger" }, correct = 2,
          feedback = { [1] = _"The top has nothing to rest on.", [3] = _"The walls stand; the top is the problem.", [4] = _"Faster, yes; stronger, no.",
                       correct = _"Right: give the top something to bridge onto (15–20 % infill)." } },
        { id = "overhang", q = _"A model has an overhang of 70° from vertical. What do you do in the slicer?",
          choices = { _"Nothing: any overhang prints", _"Enable supports (or turn the part)", _"Raise the layer height", _"Add a brim" }, correct = 2,
          feedback = { [1] = _"Beyond about 45° the lines droop into the air.", [3] = _"Thicker layers droop more.", [4] = _"A brim helps the first layer, not overhangs.",
                       correct = _"Right: support it or orient the part so it needs none." } },
        { id = "brim.abs", q = _"Why does a brim help an ABS part?",
          choices = { _"It primes the nozzle", _"More area on the bed holds the corners down against warping", _"It makes the part stronger", _"It saves filament" }, correct = 2,
          feedback = { [1] = _"That is the skirt.", [3] = _"It is cut away afterwards.", [4] = _"It uses more.",
                       correct = _"Right: ABS shrinks as it cools and pulls its corners up." } },
        { id = "skirt", q = _"What is the skirt for?",
          choices = { _"To hold the part down", _"To prime the nozzle and show the first layer's quality before the part starts", _"To support overhangs", _"To cool the part" }, correct = 2,
          feedback = { [1] = _"It does not touch the part.", [3] = _"That is what supports do.", [4] = _"The fan cools.",
                       correct = _"Right: watch it to judge the first layer early." } },
        { id = "retr.bowden", q = _"A Bowden printer strings badly with 0.8 mm retraction. What do you try first?",
          choices = { _"Retraction 3–6 mm", _"Retraction 0 mm", _"More infill", _"A thicker first layer" }, correct = 1,
          feedback = { [2] = _"No retraction strings even more.", [3] = _"Infill does not change stringing.", [4] = _"The first layer does not cause strings.",
                       correct = _"Right: a Bowden tube needs a longer retraction (and dry filament)." } },
        { id = "retr.dd", q = _"On a direct-drive extruder someone sets 7 mm retraction. What can go wrong?",
          choices = { _"Nothing", _"Molten plastic is pulled into the cold zone and clogs it", _"The bed cools", _"The print gets stronger" }, correct = 2,
          feedback = { [1] = _"It is far too long for direct drive.", [3] = _"The bed does not notice.", [4] = _"Clogs do not make parts stronger.",
                       correct = _"Right: 0.5–2 mm is enough for direct drive." } },
        { id = "fan.pla", q = _"PLA overhangs curl up and look messy. Which setting is most likely wrong?",
          choices = { _"Part fan too low", _"Bed too cold", _"Too much infill", _"Too many walls" }, correct = 1,
          feedback = { [2] = _"The bed affects the first layers.", [3] = _"Infill is inside the part.", [4] = _"Walls do not curl overhangs.",
                       correct = _"Right: PLA wants 100 % fan after the first layer." } },
        { id = "fan.abs", q = _"ABS layers split apart on a tall part. Which setting do you check first?",
          choices = { _"Part fan: reduce to 0–20 %", _"More supports", _"Smaller layer height", _"Faster travel" }, correct = 1,
          feedback = { [2] = _"Supports do not bond layers.", [3] = _"Thinner layers do not fix cold layers.", [4] = _"Travel speed is not the cause.",
                       correct = _"Right: strong cooling makes ABS layers split; use an enclosure too." } },
        { id = "walls", q = _"A bracket must carry a load. Which change adds the most strength for the least time?",
          choices = { _"100 % infill", _"More walls (perimeters)", _"Thinner layers", _"A raft" }, correct = 2,
          feedback = { [1] = _"Strong, but slow and heavy.", [3] = _"Looks better, barely stronger.", [4] = _"A raft adds nothing to the part.",
                       correct = _"Right: loads run mostly through the walls." } },
        { id = "first.layer", q = _"Why is the first layer usually printed thicker and slower?",
          choices = { _"To save time", _"It sticks better and forgives small height errors of the bed", _"The firmware demands it", _"To use less filament" }, correct = 2,
          feedback = { [1] = _"Slower costs time.", [3] = _"It is a slicer setting, not a firmware rule.", [4] = _"Thicker uses more.",
                       correct = _"Right." } },
        { id = "width", q = _"Which line width suits a 0.4 mm nozzle?",
          choices = { "0.20 mm", "0.45 mm", "0.80 mm", "1.20 mm" }, correct = 2,
          feedback = { [1] = _"Thinner than the nozzle: the lines do not fuse well.", [3] = _"Twice the nozzle: possible for special cases, not the default.", [4] = _"Far too wide.",
                       correct = _"Right: about 1.1× the nozzle." } },
        { id = "raft", q = _"When is a raft worth its cost?",
          choices = { _"For every print", _"Rarely: for a very small contact area or a bed that cannot be levelled", _"For PLA on PEI", _"To speed up printing" }, correct = 2,
          feedback = { [1] = _"It wastes time and filament on a good bed.", [3] = _"PLA sticks well to clean PEI.", [4] = _"It slows printing.",
                       correct = _"Right." } },
        { id = "layers.time", q = _"Halving the layer height from 0.2 to 0.1 mm roughly does what to the print time?",
          choices = { _"Nothing", _"Doubles it", _"Halves it", _"Adds ten minutes" }, correct = 2,
          feedback = { [1] = _"There are twice as many layers.", [3] = _"The other way round.", [4] = _"It scales with the number of layers.",
                       correct = _"Right: twice as many layers to print." } },
        { id = "support.marks", q = _"A visible face of a part has rough marks after the supports were removed. What can you change next time?",
          choices = { _"Orient the part so that face needs no support", _"Print hotter", _"More infill", _"A bigger brim" }, correct = 1,
          feedback = { [2] = _"Hotter makes supports fuse more.", [3] = _"Infill is inside.", [4] = _"A brim is at the bottom edge.",
                       correct = _"Right: orientation decides where supports touch." } },
      },
    }
    if passed then
      say(_"Passed. Next: reading G-code.")
    else
      say(_"Not yet: read the three steps again and retry the quiz.")
    end
  end),
}
