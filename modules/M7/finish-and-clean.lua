-- M7 lesson 2: removing supports, deburring, sanding, heat-set inserts and
-- cleaning with isopropyl alcohol, safely (M7.LO4 quiz), the trainer's
-- sign-off of the finishing against the job card (M7.LO2) and of the
-- clean workstation with sorted waste (M7.LO3).
-- Sources: the safety rules (cut away from the body, eye protection, IPA
-- only with ventilation) are domain.md M7 K. Isopropyl alcohol: flash point
-- about 12 °C and vapour heavier than air, from its safety data sheet
-- (GESTIS substance database, 2-propanol; not re-checked for this lesson).
-- Heat-set inserts are pressed in with a soldering iron at the temperature
-- the insert maker gives (no figure here: it depends on the insert and the
-- plastic). Sanding dust of plastics is treated as nuisance dust: a dust
-- mask when sanding dry (the school's own rules apply).
return lesson {
  id = "finish-and-clean",
  title = _"Finishing the part and cleaning up",
  summary = _"Supports, deburring, sanding, inserts and IPA, done safely; a clean workstation and sorted waste.",
  outcomes = { "M7.LO4", "M7.LO2", "M7.LO3" },

  step({ id = "supports", title = _"Supports and edges" }, function()
    heading(_"Removing supports")
    say(_"Supports are printed to be broken off: they touch the part only at a thin interface. Work with the part on the table, never in your hand in front of your body.")
    list {
      ordered = true,
      _"Put on **eye protection**: supports snap and fly.",
      _"Break large supports off with **flush cutters** or pliers, the cutting edge away from you.",
      _"Lift the last bits with a **deburring tool** or a sharp knife, always cutting **away from the body and from the hand that holds the part**.",
      _"Deburr edges and holes: the deburring tool turns in the hole; an elephant foot is trimmed with the blade pushed away from you.",
      _"Sand from coarse to fine (for example 120, then 240, then 400 grit); wet sanding keeps the dust down and the plastic cool.",
    }
    figure { [[
      your hand     part          blade
        [===]    [#######]   <---/     cut this way: AWAY from the hand
                                        and away from your body
]], caption = _"Cut away from the hand that holds the part" }
    warning(_"A knife that slips towards the holding hand is the most common injury in post-processing. Clamp small parts, or hold them so that the blade can never reach your fingers.")
  end),

  step({ id = "inserts", title = _"Inserts, IPA and dust" }, function()
    heading(_"Other finishing work")
    list {
      _"**Heat-set inserts**: brass threads pressed into a hole with a soldering iron, so a screw can be tightened many times. The iron is hot enough to burn at once: put it in its stand every time, never on the table.",
      _"**Isopropyl alcohol (IPA)** cleans the sheet and the parts. It is highly flammable (flash point about 12 °C, lower than room temperature): use little, only with ventilation, never near a hot nozzle, a soldering iron or a flame, and close the bottle at once.",
      _"**Dust**: dry sanding makes fine plastic dust. Sand wet or wear a dust mask, and clean with a damp cloth, not with compressed air.",
    }
  end),

  step({ id = "quiz", title = _"Quiz: post-processing" }, function()
    say(_"Five questions are drawn from the pool. You need 80 % to pass.")
    quiz {
      id = "m7.finish", outcome = "M7.LO4", draw = 5, pass = 0.8,
      questions = {
        { id = "warm", q = _"A PLA part has just finished; the bed reads 58 °C. Your colleague wants the printer now. What do you do?",
          choices = { _"Lever the part off with a scraper at once", _"Take the sheet off and let it cool below 35 °C before flexing the part off", _"Pour water on the sheet", _"Pull the part off by hand while it is warm" }, correct = 2, shuffle = true,
          feedback = { [1] = _"A scraper on a hot sheet gouges the PEI and the soft part bends.",
                       [3] = _"Water near the printer's electronics is a shock and damage risk.",
                       [4] = _"At 58 °C PLA is soft and the sheet burns skin within seconds to a minute.",
                       correct = _"Right: a spare sheet lets the printer go on while this one cools." } },
        { id = "cut.dir", q = _"You trim a support edge with a knife while holding the part in your left hand. Which way do you cut?",
          choices = { _"Towards your left hand, for control", _"Away from your body and away from your left hand", _"Towards your body", _"It does not matter with a sharp knife" }, correct = 2, shuffle = true,
          feedback = { [1] = _"If the blade slips, it goes into your hand.",
                       [3] = _"A slip ends in your body.",
                       [4] = _"A sharp knife cuts deeper when it slips.",
                       correct = _"Right: the blade must never point at any part of you." } },
        { id = "eyes", q = _"Why wear eye protection when breaking off supports?",
          choices = { _"Supports snap and small hard pieces fly", _"Because of UV light", _"To keep dust off the part", _"It is only needed with ABS" }, correct = 1, shuffle = true,
          feedback = { [2] = _"There is no UV in support removal.",
                       [3] = _"The glasses protect your eyes, not the part.",
                       [4] = _"PLA supports fly just as far.",
                       correct = _"Right." } },
        { id = "ipa", q = _"You want to clean a sheet with IPA while the nozzle next to it is still at 200 °C. What is right?",
          choices = { _"Fine, IPA evaporates at once", _"Take the sheet away from the printer, use little IPA with ventilation, close the bottle", _"Spray IPA onto the hot sheet for a better result", _"Use more IPA so it cools the nozzle" }, correct = 2, shuffle = true,
          feedback = { [1] = _"Its vapour can catch fire: the flash point is about 12 °C.",
                       [3] = _"Spraying onto a hot surface makes flammable vapour right next to the heater.",
                       [4] = _"Never cool a hot nozzle with a flammable liquid.",
                       correct = _"Right: away from heat, little, ventilated, bottle closed." } },
        { id = "insert", q = _"What is a heat-set insert for?",
          choices = { _"A metal thread pressed into the plastic so a screw can be tightened many times", _"A heater for the bed", _"A filter for fumes", _"A support that melts away" }, correct = 1, shuffle = true,
          feedback = { [2] = _"The bed has its own heater; an insert goes into the part.",
                       [3] = _"Filters are part of an enclosure.",
                       [4] = _"Dissolvable supports are a material, not an insert.",
                       correct = _"Right: printed threads wear out, brass inserts do not." } },
        { id = "iron", q = _"You have set an insert and need both hands for the next part. Where does the soldering iron go?",
          choices = { _"On the table next to the part", _"Into its stand", _"On the printer's bed", _"Switched off on the floor" }, correct = 2, shuffle = true,
          feedback = { [1] = _"A hot iron on the table burns the next hand or cable that touches it.",
                       [3] = _"The bed is not a stand; the iron can roll and burn the sheet.",
                       [4] = _"It is still hot after switching off, and the floor is where it is stepped on.",
                       correct = _"Right: every time, even for a moment." } },
        { id = "sand", q = _"You sand a part for ten minutes. How do you keep the plastic dust down?",
          choices = { _"Sand wet or wear a dust mask, clean with a damp cloth", _"Blow the dust off with compressed air", _"Sand faster so it is over sooner", _"Sand near the printer's fan" }, correct = 1, shuffle = true,
          feedback = { [2] = _"Compressed air spreads the fine dust through the room and into eyes.",
                       [3] = _"Faster sanding makes more dust and heats the plastic.",
                       [4] = _"The fan blows the dust around.",
                       correct = _"Right." } },
        { id = "grit", q = _"In which order do you use sandpaper to get a smooth surface?",
          choices = { _"Fine first, then coarse", _"Coarse first (e.g. 120), then finer (240, then 400)", _"Only the coarsest", _"Only the finest" }, correct = 2, shuffle = true,
          feedback = { [1] = _"Coarse paper after fine leaves deep scratches again.",
                       [3] = _"Coarse paper alone leaves a rough surface.",
                       [4] = _"Fine paper alone takes very long to remove layer lines.",
                       correct = _"Right: each finer grit removes the scratches of the one before." } },
        { id = "foot", q = _"The bottom edge of the part bulges out (elephant foot) and the part does not fit its slot. What do you do now, and next time?",
          choices = { _"Trim the edge with a deburring tool, cutting away from you; next time check the first layer and the Z offset", _"Sand the top of the part", _"Heat the part to make it fit", _"Nothing: it is within tolerance" }, correct = 1, shuffle = true,
          feedback = { [2] = _"The bulge is at the bottom edge.",
                       [3] = _"Heat deforms the whole part.",
                       [4] = _"It does not fit: it is not within tolerance.",
                       correct = _"Right: remove the bulge safely now, and prevent it with a right first layer." } },
        { id = "pliers", q = _"A big support is hard to break. What do you use?",
          choices = { _"Flush cutters or pliers, cutting in small pieces, edge away from you", _"A screwdriver as a lever towards you", _"Your teeth", _"A hammer" }, correct = 1, shuffle = true,
          feedback = { [2] = _"A lever that slips flies towards you.",
                       [3] = _"Never: teeth break and plastic splinters cut.",
                       [4] = _"A hammer cracks the part along its layers.",
                       correct = _"Right: small bites with the right tool." } },
        { id = "scraper", q = _"A part does not release when you flex the cool sheet. What is the safe way to use a scraper?",
          choices = { _"Push it under the part away from you, at a flat angle, with the sheet on the table", _"Pull it towards you for more force", _"Hold the sheet in your hand and push the scraper towards the hand", _"Use the scraper on the bed while the sheet is on the printer and hot" }, correct = 1, shuffle = true,
          feedback = { [2] = _"If it slips, it comes at you.",
                       [3] = _"The blade would slide into the holding hand.",
                       [4] = _"Never on the hot bed, and never near the nozzle.",
                       correct = _"Right." } },
        { id = "waste", q = _"Where do support scraps, purge blobs and failed prints go?",
          choices = { _"Into the plastic collection the workshop keeps for them", _"Into the general waste", _"Down the sink", _"Into the paper bin" }, correct = 1, shuffle = true,
          feedback = { [2] = _"The workshop sorts printing waste; ask where its collection is.",
                       [3] = _"Plastic blocks drains.",
                       [4] = _"Paper recycling is spoilt by plastic.",
                       correct = _"Right: sorted, so it can be recycled where the school has a route for it." } },
        { id = "rag", q = _"What do you do with a cloth soaked in IPA after cleaning?",
          choices = { _"Let it dry in a ventilated place away from heat, or put it in the closed metal bin for solvent rags", _"Leave it on the printer's bed", _"Put it in your pocket", _"Throw it into the bin next to the printer at once" }, correct = 1, shuffle = true,
          feedback = { [2] = _"The bed heats up at the next print: flammable vapour next to a heater.",
                       [3] = _"Solvent on your clothes, next to your skin.",
                       [4] = _"A bin full of solvent vapour next to a hot printer is a fire risk.",
                       correct = _"Right: follow the workshop's rule for solvent rags." } },
        { id = "clean.ws", q = _"Which of these belongs to leaving the workstation clean?",
          choices = { _"Tools back in place, sheet clean, IPA closed, scraps in the collection", _"Leaving the last part on the bed for the next person", _"Leaving the IPA bottle open so it dries", _"Leaving the soldering iron on for the next person" }, correct = 1, shuffle = true,
          feedback = { [2] = _"The next person starts by removing someone else's part.",
                       [3] = _"An open bottle fills the room with flammable vapour.",
                       [4] = _"A hot iron with nobody at it is a fire risk.",
                       correct = _"Right." } },
        { id = "gloves", q = _"When do you wear cut-resistant gloves?",
          choices = { _"When you trim with a knife and cannot clamp the part", _"When the printer is printing", _"Never: they make tools slip", _"Only for PETG" }, correct = 1, shuffle = true,
          feedback = { [2] = _"Gloves near moving belts can be pulled in: not at a running printer.",
                       [3] = _"A good glove protects the holding hand; it does not make a sharp tool slip.",
                       [4] = _"Every material can be trimmed with a knife.",
                       correct = _"Right: the holding hand is the one at risk." } },
      },
    }
  end),

  step({ id = "finish", title = _"Finish to the job card" }, function()
    say(_"Take the part you printed in M6 and its job card. Remove the supports, deburr and finish it as the card asks, with the trainer watching.")
    trainer_signoff {
      outcome = "M7.LO2",
      prompt = _"Did the trainee wear eye protection, cut away from the body and the holding hand, use the right tool, and does the part match its job card?",
    }
  end),

  step({ id = "clean", title = _"Leave the workstation clean" }, function()
    heading(_"Before you leave")
    list {
      _"Tools back in their place; the blades covered.",
      _"The sheet clean and back on the printer; the bed empty.",
      _"The IPA bottle closed; rags dealt with as the workshop says.",
      _"Plastic scraps, supports and purge in the plastic collection; nothing on the floor.",
      _"The soldering iron off and in its stand.",
    }
    trainer_signoff {
      outcome = "M7.LO3",
      prompt = _"Is the workstation clean (tools back, sheet clean, IPA closed, no scraps) and the waste sorted, without the trainee being reminded?",
    }
  end),
}
