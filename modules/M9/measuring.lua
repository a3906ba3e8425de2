-- M9 lesson 1: reading a caliper, general tolerances and what FDM parts
-- typically do (M9.LO4).
-- Sources: ISO 2768-1 tolerance class m (medium) for linear dimensions:
-- ±0.1 mm over 0.5–6 mm, ±0.2 mm over 6–30 mm, ±0.3 mm over 30–120 mm,
-- ±0.5 mm over 120–400 mm (as domain.md M9 quotes the first three; the
-- standard itself was not re-checked). Digital calipers read to 0.01 mm,
-- vernier calipers to 0.02 or 0.05 mm (the instrument's own scale). FDM
-- limits (±0.1–0.3 mm, holes print undersize, elephant foot, Z in steps of
-- the layer height) are domain.md's M9 K.
return lesson {
  id = "measuring",
  title = _"Measuring and tolerances",
  summary = _"Read a caliper, three readings and their mean, ISO 2768-m, what FDM parts typically do.",
  outcomes = { "M9.LO4" },

  step({ id = "caliper", title = _"The caliper" }, function()
    heading(_"Measuring with a caliper")
    figure { [[
        ____________________________________
       |  |  [ 20.04 mm ]                  |====  depth rod
       |  |________________________________|
       |  |<- fixed jaw     sliding jaw ->|
       |__|                             |__|
        ||   outside jaws                ||
        ||  (part between)               ||
]], caption = _"A digital caliper: outside jaws for lengths, inside jaws for holes, the rod for depths" }
    list {
      ordered = true,
      _"Clean the jaws and close them: the display must read 0.00 (press zero if not).",
      _"Hold the part square between the outside jaws, near the root of the jaws, with light and always the same pressure.",
      _"Measure each dimension **three times**, at different places along it, and write every reading down.",
      _"Report the **mean** (the three added, divided by three) and the **spread** (largest minus smallest).",
    }
    note(_"A spread above 0.1 mm on a small part usually means the measuring was not consistent (pressure, angle, a burr), not that the part changes that much.")
  end),

  step({ id = "tolerance", title = _"Tolerances" }, function()
    heading(_"How far off may a part be?")
    say(_"A drawing gives a nominal size and a tolerance. Where a dimension has no tolerance of its own, the drawing's **general tolerance** applies, often **ISO 2768-m** (medium):")
    show_table {
      header = { _"Nominal size", _"ISO 2768-m" },
      rows = {
        { _"over 0.5 up to 6 mm", "±0.1 mm" },
        { _"over 6 up to 30 mm", "±0.2 mm" },
        { _"over 30 up to 120 mm", "±0.3 mm" },
        { _"over 120 up to 400 mm", "±0.5 mm" },
      },
    }
    say(_"A 20 mm cube measured at a mean of 20.15 mm is within ±0.2 mm: accepted. At 19.72 mm it is 0.28 mm under: rejected.")
    heading(_"What FDM parts typically do")
    list {
      _"Outside dimensions within about ±0.1–0.3 mm of the model on a well-calibrated printer.",
      _"**Holes print undersize**: the plastic is pulled inwards on curves; drill or ream holes that must fit.",
      _"The **elephant foot**: the first layers bulge outwards when the nozzle is too low or the bed too hot; measure above it, or trim it.",
      _"**Z comes in layer steps**: with 0.2 mm layers a height of 10.1 mm becomes 10.0 or 10.2 mm.",
    }
  end),

  step({ id = "quiz", title = _"Quiz: measuring" }, function()
    say(_"Five questions are drawn from the pool. You need 80 % to pass.")
    quiz {
      id = "m9.measuring", outcome = "M9.LO4", draw = 5, pass = 0.8,
      questions = {
        { id = "mean", q = _"Three readings of a width: 20.06, 20.10 and 20.08 mm. What is the mean?",
          choices = { "20.06 mm", "20.08 mm", "20.10 mm", "20.24 mm" }, correct = 2, shuffle = true,
          feedback = { [1] = _"That is the smallest reading.", [3] = _"That is the largest reading.",
                       [4] = _"That is not an average of these readings.",
                       correct = _"Right: (20.06 + 20.10 + 20.08) / 3 = 20.08 mm." } },
        { id = "spread", q = _"Readings 9.94, 10.02 and 9.98 mm. What is the spread?",
          choices = { "0.04 mm", "0.08 mm", "0.02 mm", "9.98 mm" }, correct = 2, shuffle = true,
          feedback = { [1] = _"That is the difference between two of them, not largest minus smallest.",
                       [3] = _"Largest minus smallest: 10.02 − 9.94.",
                       [4] = _"That is the mean, not the spread.",
                       correct = _"Right: 10.02 − 9.94 = 0.08 mm." } },
        { id = "tol20", q = _"A 20 mm dimension with ISO 2768-m measures a mean of 20.17 mm. Accept or reject?",
          choices = { _"Accept: within ±0.2 mm", _"Reject: outside ±0.1 mm", _"Reject: outside ±0.05 mm", _"Accept: ISO 2768 does not apply to plastics" }, correct = 1, shuffle = true,
          feedback = { [2] = _"±0.1 mm is the class m tolerance up to 6 mm only.",
                       [3] = _"That is tighter than class m.",
                       [4] = _"A general tolerance on the drawing applies to the part, whatever its material.",
                       correct = _"Right: 6–30 mm has ±0.2 mm in class m." } },
        { id = "tol5", q = _"A 5 mm slot width with ISO 2768-m measures 5.15 mm. Accept or reject?",
          choices = { _"Reject: up to 6 mm the tolerance is ±0.1 mm", _"Accept: within ±0.2 mm", _"Accept: within ±0.3 mm", _"Accept: slots have no tolerance" }, correct = 1, shuffle = true,
          feedback = { [2] = _"±0.2 mm applies over 6 mm.", [3] = _"±0.3 mm applies over 30 mm.",
                       [4] = _"Without its own tolerance the general tolerance applies.",
                       correct = _"Right: 0.15 mm over, the limit is 0.1 mm." } },
        { id = "zero", q = _"Before measuring, the closed caliper shows 0.03 mm. What do you do?",
          choices = { _"Clean the jaws, close them and set zero", _"Subtract 0.03 in your head each time", _"Ignore it: it is small", _"Use the depth rod instead" }, correct = 1, shuffle = true,
          feedback = { [2] = _"It works, but errors creep in: zero the caliper.",
                       [3] = _"0.03 mm is a third of a 0.1 mm tolerance.",
                       [4] = _"The rod reads from the same zero.",
                       correct = _"Right: clean, close, zero, then measure." } },
        { id = "hole", q = _"A 10 mm hole in the model measures 9.7 mm on the print. What is the most likely reason?",
          choices = { _"Holes print undersize in FDM: the plastic is pulled inwards on curves", _"The caliper is broken", _"The layer height is too small", _"The part has shrunk in the bin" }, correct = 1, shuffle = true,
          feedback = { [2] = _"The other dimensions measure right with the same caliper.",
                       [3] = _"Layer height affects Z, not the hole's diameter.",
                       [4] = _"PLA does not keep shrinking once cold.",
                       correct = _"Right: drill or ream a hole that must fit, or enlarge it in the model." } },
        { id = "foot", q = _"The bottom 0.5 mm of a cube is 0.3 mm wider than the rest. Where do you measure the cube's width?",
          choices = { _"Above the elephant foot, and report the foot separately", _"At the very bottom edge", _"Only at the top", _"Anywhere: it averages out" }, correct = 1, shuffle = true,
          feedback = { [2] = _"That measures the defect, not the part.",
                       [3] = _"One place is not three readings along the dimension.",
                       [4] = _"A bulge does not average out: it is a separate fault.",
                       correct = _"Right, and the foot points to the first layer (M4)." } },
        { id = "zsteps", q = _"The model is 10.1 mm tall, printed with 0.2 mm layers. What height do you expect?",
          choices = { _"10.0 or 10.2 mm: Z comes in layer steps", _"Exactly 10.1 mm", _"10.5 mm", _"9.5 mm" }, correct = 1, shuffle = true,
          feedback = { [2] = _"Not with 0.2 mm layers: 10.1 is not a whole number of layers.",
                       [3] = _"That would be more than two layers too many.",
                       [4] = _"That would be three layers short.",
                       correct = _"Right: the slicer rounds to whole layers." } },
        { id = "three", q = _"Why three readings and not one?",
          choices = { _"To see whether the measuring is consistent and to average out small differences", _"Because the standard demands exactly three", _"To wear the caliper in", _"To make the report longer" }, correct = 1, shuffle = true,
          feedback = { [2] = _"Three is this course's rule, chosen to show the spread.",
                       [3] = _"Calipers do not wear in.",
                       [4] = _"The report shows mean and spread, not length.",
                       correct = _"Right: the spread shows how far one reading can be trusted." } },
        { id = "pressure", q = _"Your three readings of the same edge are 20.02, 19.88 and 20.05 mm. What is the likely problem?",
          choices = { _"Inconsistent measuring: pressure, angle or a burr; clean and measure again", _"The part is bent", _"The printer's E-steps", _"Nothing: the spread is fine" }, correct = 1, shuffle = true,
          feedback = { [2] = _"Possible, but first make sure the measuring is right: the spread is 0.17 mm.",
                       [3] = _"E-steps do not change between readings.",
                       [4] = _"0.17 mm is more than the 0.1 mm this course accepts.",
                       correct = _"Right." } },
        { id = "resolution", q = _"A digital caliper shows two decimals. What is its resolution?",
          choices = { "0.01 mm", "0.1 mm", "1 mm", "0.001 mm" }, correct = 1, shuffle = true,
          feedback = { [2] = _"That would be one decimal.", [3] = _"That is a ruler.", [4] = _"That is a micrometer's resolution.",
                       correct = _"Right: resolution is not accuracy; a good caliper is accurate to about ±0.02 mm." } },
        { id = "xy.both", q = _"X and Y of a 20 mm cube are both 0.25 mm too large; Z is right. What do you suspect first?",
          choices = { _"Too much plastic: flow or E-steps, line width", _"The Z steps", _"The bed level", _"The filament colour" }, correct = 1, shuffle = true,
          feedback = { [2] = _"Z is right.", [3] = _"The bed level shows in the first layer, not in X and Y of every layer.",
                       [4] = _"Colour does not change dimensions much.",
                       correct = _"Right: both outside dimensions too large points to over-extrusion (M8: E-steps)." } },
        { id = "z.off", q = _"Only Z of the cube is off, by 0.4 mm. What do you suspect first?",
          choices = { _"The first layer (Z offset) or the Z steps", _"The part fan", _"The filament diameter", _"The nozzle temperature" }, correct = 1, shuffle = true,
          feedback = { [2] = _"The fan does not change the height.", [3] = _"That changes X and Y.",
                       [4] = _"Temperature does not change the layer count.",
                       correct = _"Right." } },
        { id = "decide", q = _"A part is 0.05 mm outside its tolerance on one dimension; it looks perfect. What do you do?",
          choices = { _"Reject it against the drawing and report why; the trainer or customer may grant a concession", _"Accept it: it looks perfect", _"Measure again until a reading fits", _"Sand it until it fits" }, correct = 1, shuffle = true,
          feedback = { [2] = _"Looks do not change the drawing's tolerance.",
                       [3] = _"Measuring until a number fits is falsifying the report.",
                       [4] = _"Sanding an oversize part may help, but only as a decided rework, not to hide it.",
                       correct = _"Right: the drawing decides; exceptions are someone else's decision, on record." } },
        { id = "depth", q = _"You need the depth of a pocket. Which part of the caliper?",
          choices = { _"The depth rod at the end", _"The outside jaws", _"The inside jaws", _"The display's zero button" }, correct = 1, shuffle = true,
          feedback = { [2] = _"Outside jaws measure lengths and widths.", [3] = _"Inside jaws measure holes and slots.",
                       [4] = _"That sets zero.",
                       correct = _"Right." } },
      },
    }
  end),
}
