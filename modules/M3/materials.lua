-- M3 lesson 1: the common filaments, their processing windows, storage and
-- drying, reading a technical (TDS) and a safety data sheet (SDS); the quiz
-- that assesses M3.LO1. No printer needed.
-- Sources for the figures:
--  * Nozzle/bed windows: Ultimaker/fdm_materials (generic_pla.xml.fdm_material,
--    generic_petg_175, generic_abs, generic_tpu) and domain.md §1 table;
--    they agree within ±5 °C. A given brand's TDS wins over this table.
--  * Drying: BambuStudio resources/profiles/BBL/filament (PETG 65 °C),
--    domain.md §1 (PLA 45–50 °C, ABS 70–80 °C, TPU 50–55 °C, 4–8 h). Not
--    checked against every maker: the lesson says to follow the spool's TDS.
--  * Storage below 20–30 % RH: domain.md marks it "verify against the
--    datasheet"; the lesson says so.
--  * SDS sections: Regulation (EC) 1907/2006 (REACH) Annex II, 16 sections
--    (8 exposure controls/PPE, 10 stability and reactivity).
--  * Styrene IARC Group 2A (2018, IARC Monographs vol. 121).
return lesson {
  id = "materials",
  title = _"Filament materials",
  summary = _"Processing windows, storage and drying, and the two data sheets of a filament.",
  outcomes = { "M3.LO1" },

  step({ id = "windows", title = _"Processing windows" }, function()
    heading(_"Four common materials")
    say(_"Every filament melts and bonds well only within a range of nozzle temperatures, its **processing window**. Too cold, and layers do not fuse and the extruder skips; too hot, and the plastic strings, burns or gives off more fumes. The bed temperature keeps the first layer stuck and the part from warping.")
    show_table {
      header = { _"Material", _"Nozzle °C", _"Bed °C", _"Part fan", _"Enclosure" },
      rows = {
        { "PLA", "195–220", "50–60", _"100 % after layer 1", _"no" },
        { "PETG", "230–250", "70–90", "30–50 %", _"no" },
        { "ABS / ASA", "240–260", "95–110", "0–20 %", _"yes, with filter or extraction" },
        { "TPU 95A", "220–240", "40–60", "50–100 %", _"no" },
      },
    }
    list {
      _"**PLA** is easy to print and smells little, but softens at about 55–60 °C: not for parts in a hot car or near a heater.",
      _"**PETG** is tougher and more heat-resistant, strings easily and sticks so hard to smooth PEI that it can tear the sheet: use a release agent (glue stick) or a textured sheet.",
      _"**ABS and ASA** are strong and heat-resistant but warp and give off styrene, classed by IARC as *probably carcinogenic* (Group 2A). Print them only in an enclosure with a filter or extraction.",
      _"**TPU** is flexible: print it slowly (15–30 mm/s), with little retraction, and best with a direct-drive extruder.",
    }
    warning(_"On a printer with a PTFE-lined hot end, never go above about 240 °C: the liner itself gives off toxic fumes above that. The printer profile's limit is there for that reason.")
  end),

  step({ id = "storage", title = _"Storage and drying" }, function()
    heading(_"Filament takes up water")
    say(_"Most filaments absorb moisture from the air. In the nozzle that water boils: you hear popping, see steam or bubbles, and get stringing, a rough surface and weak layers. Nylon and TPU take up water fastest, PETG more than PLA.")
    list {
      _"Store opened spools sealed, with desiccant, ideally below 20–30 % relative humidity (check the spool's data sheet for its own figure).",
      _"Write on the spool or in the log when it was opened and when it was last dried.",
      _"Dry a wet spool in a filament dryer: PLA 45–50 °C, PETG 60–65 °C, ABS 70–80 °C, TPU 50–55 °C, for 4–8 hours (ABS 2–4 h). The data sheet's figure wins.",
    }
    warning(_"Never dry PLA at 60 °C or more: it softens and the spool fuses into a block. Never dry filament in a kitchen oven used for food.")
    figure { _[[
   dry spool                    wet spool
   ─────────                    ─────────
   smooth, glossy line          rough line, tiny bubbles
   quiet extrusion              popping, hissing, steam
   clean travel moves           strings and blobs
]], caption = _"Signs of wet filament" }
  end),

  step({ id = "sheets", title = _"Two data sheets" }, function()
    heading(_"TDS and SDS")
    say(_"Every serious filament maker publishes two documents. Learn to find your way in both.")
    show_table {
      header = { _"Document", _"What you find there" },
      rows = {
        { _"Technical data sheet (TDS)", _"print temperature window, bed temperature, drying temperature and time, glass transition or heat deflection temperature, strength" },
        { _"Safety data sheet (SDS)", _"16 sections by EU law (REACH): hazards (2), first aid (4), fire fighting (5), handling and storage (7), exposure controls and protective equipment (8), stability and hazardous decomposition products (10), disposal (13)" },
      },
    }
    note(_"An SDS often says a filament is 'not hazardous' as delivered. Section 10 tells what happens when it is heated: that is what the printer does.")
  end),

  step({ id = "quiz", title = _"Quiz: materials" }, function()
    say(_"Five questions are drawn from the pool. You need 80 % to pass.")
    local passed = quiz {
      id = "m3.materials", outcome = "M3.LO1", draw = 5, pass = 0.8,
      questions = {
        { id = "pla.temp", q = _"A colleague sets 245 °C for a PLA print on a printer with a PTFE-lined hot end. What do you tell them?",
          choices = { _"Fine: hotter prints stronger", _"Too hot for PLA, and above the PTFE liner's limit: use about 200–215 °C", _"Too cold: PLA needs 260 °C", _"Only the bed temperature matters" }, correct = 2,
          feedback = { [1] = _"Above its window PLA strings and degrades, and the liner gives off fumes above about 240 °C.",
                       [3] = _"PLA prints at 195–220 °C.",
                       [4] = _"The nozzle temperature decides whether the layers fuse.",
                       correct = _"Right: PLA's window is 195–220 °C." } },
        { id = "petg.pei", q = _"You print PETG on a smooth PEI sheet without anything on it. What is the risk?",
          choices = { _"The part will not stick at all", _"The part bonds so hard it can tear the sheet's surface", _"The sheet melts", _"None: PEI suits every material" }, correct = 2,
          feedback = { [1] = _"The opposite: PETG sticks too well to smooth PEI.",
                       [3] = _"The bed stays far below PEI's limits at 70–90 °C.",
                       [4] = _"PETG needs a release agent or a textured sheet.",
                       correct = _"Right: use glue stick as a release agent, or a textured sheet." } },
        { id = "abs.room", q = _"A school wants to print ABS in a classroom on an open printer. What is the right control?",
          choices = { _"Open a window", _"An enclosure with a filter or extraction", _"Print at night", _"Wear gloves" }, correct = 2,
          feedback = { [1] = _"A window dilutes the fumes but does not capture them at the source.",
                       [3] = _"The fumes stay in the room for the next lesson.",
                       [4] = _"Gloves do not protect from fumes.",
                       correct = _"Right: capture the styrene and particles at the source." } },
        { id = "styrene", q = _"How does IARC classify styrene, given off by ABS?",
          choices = { _"Not classifiable", _"Probably carcinogenic to humans (Group 2A)", _"Harmless", _"Only an irritant for the eyes" }, correct = 2,
          feedback = { [1] = _"It was reclassified in 2018.",
                       [3] = _"It is classified as a probable carcinogen.",
                       [4] = _"It irritates, and it is also classified as a probable carcinogen.",
                       correct = _"Right: Group 2A since 2018." } },
        { id = "wet.signs", q = _"During a PETG print you hear popping and see fine strings everywhere. What is the most likely cause?",
          choices = { _"The bed is too cold", _"The filament is wet", _"The Z offset is too low", _"The part fan is off" }, correct = 2,
          feedback = { [1] = _"A cold bed shows as lifting corners, not popping.",
                       [3] = _"A low Z offset squashes the first layer; it does not pop.",
                       [4] = _"PETG prints with little fan; popping is water boiling.",
                       correct = _"Right: dry the spool (PETG about 65 °C, 4–6 h)." } },
        { id = "dry.pla", q = _"At which temperature do you dry a wet PLA spool?",
          choices = { "45–50 °C", "70–80 °C", "100 °C", _"PLA never needs drying" }, correct = 1,
          feedback = { [2] = _"PLA softens at about 55–60 °C: the spool would fuse.",
                       [3] = _"Far too hot for PLA.",
                       [4] = _"PLA takes up water too, more slowly than PETG.",
                       correct = _"Right: below its softening point." } },
        { id = "store", q = _"How should an opened spool be stored between jobs?",
          choices = { _"On the printer, ready to use", _"Sealed in a bag or box with desiccant, date noted", _"In the sun so it stays dry", _"In a fridge" }, correct = 2,
          feedback = { [1] = _"The open air wets it within days.",
                       [3] = _"Sunlight and heat damage it.",
                       [4] = _"A fridge is damp, and it condenses water when taken out.",
                       correct = _"Right: dry, sealed, and logged." } },
        { id = "tds.find", q = _"Where do you look for the drying temperature of a new filament brand?",
          choices = { _"The safety data sheet, section 2", _"The technical data sheet", _"The printer's manual", _"The slicer's default profile" }, correct = 2,
          feedback = { [1] = _"Section 2 of the SDS lists hazards.",
                       [3] = _"The printer's manual does not know this brand.",
                       [4] = _"A generic profile may not match this brand.",
                       correct = _"Right: processing data is in the TDS." } },
        { id = "sds.ppe", q = _"Which section of a safety data sheet tells you which protective equipment and ventilation to use?",
          choices = { _"Section 2", _"Section 8", _"Section 13", _"Section 16" }, correct = 2,
          feedback = { [1] = _"Section 2 names the hazards.",
                       [3] = _"Section 13 is about disposal.",
                       [4] = _"Section 16 is other information.",
                       correct = _"Right: exposure controls and personal protection." } },
        { id = "sds.heat", q = _"The SDS says the filament is 'not hazardous'. Which section tells you what it gives off when heated?",
          choices = { _"Section 10, stability and reactivity", _"Section 1, identification", _"Section 14, transport", _"None: heating is not covered" }, correct = 1,
          feedback = { [2] = _"Section 1 names the product and the supplier.",
                       [3] = _"Transport does not cover printing.",
                       [4] = _"Hazardous decomposition products are in section 10.",
                       correct = _"Right: that is what the printer does to it." } },
        { id = "pla.car", q = _"A customer wants a phone holder for a car dashboard in summer. Which material do you avoid?",
          choices = { "PLA", "PETG", "ASA", _"None of them" }, correct = 1,
          feedback = { [2] = _"PETG takes more heat than PLA.",
                       [3] = _"ASA takes heat and sunlight well.",
                       [4] = _"PLA softens at about 55–60 °C, which a dashboard reaches.",
                       correct = _"Right: PLA would sag; choose PETG or ASA." } },
        { id = "tpu.speed", q = _"You print TPU with the settings of a PLA profile (60 mm/s, long retraction). What happens?",
          choices = { _"A perfect part", _"The soft filament buckles in the extruder and jams", _"The bed warps", _"The nozzle overheats" }, correct = 2,
          feedback = { [1] = _"TPU needs its own slow profile.",
                       [3] = _"TPU needs a cool bed; warping is not the problem.",
                       [4] = _"The speed does not heat the nozzle.",
                       correct = _"Right: print TPU slowly (15–30 mm/s) with little retraction." } },
        { id = "ptfe", q = _"Why does the Ender-3 V2 profile stop the nozzle at 240 °C although the firmware allows more?",
          choices = { _"The heater cannot go higher", _"Its PTFE liner gives off toxic fumes above about 240 °C", _"Filament burns at 241 °C", _"To save power" }, correct = 2,
          feedback = { [1] = _"The heater could; the limit protects people.",
                       [3] = _"Many filaments print above 240 °C on all-metal hot ends.",
                       [4] = _"Power is not the reason.",
                       correct = _"Right: PTFE fumes." } },
        { id = "fan.abs", q = _"Which part-cooling setting suits ABS?",
          choices = { _"100 % from the first layer", _"0–20 %: strong cooling makes it warp and split", _"Fan only on the first layer", _"It does not matter" }, correct = 2,
          feedback = { [1] = _"That is PLA's setting.",
                       [3] = _"The first layer usually runs without fan for every material.",
                       [4] = _"Cooling decides whether ABS layers split.",
                       correct = _"Right: little or no fan, and an enclosure." } },
        { id = "new.brand", q = _"A new spool's TDS gives 205–225 °C, the table in this lesson 195–220 °C. Which do you use?",
          choices = { _"The lesson's table", _"The spool's TDS", _"The average", _"Whatever the last job used" }, correct = 2,
          feedback = { [1] = _"The table is a general guide.",
                       [3] = _"Averages of two sources are no source.",
                       [4] = _"The last job may have been another brand.",
                       correct = _"Right: the maker's own data sheet wins." } },
      },
    }
    if passed then
      say(_"Passed. Next: preheat, load and purge filament.")
    else
      say(_"Not yet: read the three steps again and retry the quiz.")
    end
  end),
}
