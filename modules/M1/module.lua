-- Module M1 of the micro-credential "FDM 3D printing — operator level":
-- safety and workshop rules. The reference module: it uses every kind of
-- check (quiz, printer, trainer) and is the example docs/authoring.md
-- walks through.
return {
  id = "M1",
  version = "1.0",
  languages = { "en", "sl" },
  title = {
    en = "Safety and workshop rules",
    sl = "Varnost in pravila delavnice",
  },
  summary = {
    en = "The hazards of FDM printing, how to stop a printer at once, when hot parts are safe to touch, and the rules of a shared workshop.",
    sl = "Nevarnosti tiskanja FDM, kako tiskalnik takoj ustaviti, kdaj se vročih delov lahko dotakneš in pravila skupne delavnice.",
  },
  eqf_level = 4,
  workload_hours = 5,          -- 3 h guided + 2 h practice
  prerequisites = {},
  outcomes = {
    {
      id = "M1.LO1",
      kind = "knowledge",
      assessed_by = "quiz",
      title = { en = "FDM hazards", sl = "Nevarnosti FDM" },
      text = {
        en = "Names the hazards of FDM work: nozzles at 190–300 °C and beds at 60–110 °C, mains-voltage parts, moving axes and pinch points, ultrafine particles and VOC emissions, sharp tools and flammable isopropyl alcohol.",
        sl = "Našteje nevarnosti dela s tiskalniki FDM: šobe s 190–300 °C in mize s 60–110 °C, dele pod omrežno napetostjo, premične osi in mesta stiska, ultrafine delce in hlapne organske spojine, ostro orodje in vnetljiv izopropanol.",
      },
      pass = {
        en = "At least 80 % in the hazards quiz (10 questions drawn from a pool of 14).",
        sl = "Vsaj 80 % v kvizu o nevarnostih (10 vprašanj, izbranih iz nabora 14).",
      },
    },
    {
      id = "M1.LO2",
      kind = "skill",
      assessed_by = "printer",
      title = { en = "Safe to touch", sl = "Varno za dotik" },
      text = {
        en = "Reads the printer's temperature reports and judges when a heated part is safe to touch (below 45 °C).",
        sl = "Bere temperature, ki jih sporoča tiskalnik, in presodi, kdaj se segretega dela lahko varno dotakne (pod 45 °C).",
      },
      pass = {
        en = "The predicted time until the nozzle is below 45 °C is within 30 s, or within 25 % of the time the printer's readings show.",
        sl = "Napovedani čas, da se šoba ohladi pod 45 °C, se od časa, ki ga pokažejo meritve tiskalnika, razlikuje za največ 30 s ali za največ 25 %.",
      },
    },
    {
      id = "M1.LO3",
      kind = "skill",
      assessed_by = "printer",
      title = { en = "Stop functions", sl = "Zaustavitev" },
      text = {
        en = "Uses the printer's stop functions: the program's panic key (emergency stop, M112), the display's stop and reset, and the power switch.",
        sl = "Uporablja načine zaustavitve tiskalnika: tipko za zaustavitev v sili v programu (M112), ustavitev in ponastavitev na zaslonu ter stikalo za napajanje.",
      },
      pass = {
        en = "In the panic drill the emergency stop is triggered while the axes move, and the printer reports that it has halted.",
        sl = "Pri vaji zaustavitve v sili sproži zaustavitev, medtem ko se osi premikajo, in tiskalnik sporoči, da se je ustavil.",
      },
    },
    {
      id = "M1.LO4",
      kind = "responsibility-autonomy",
      assessed_by = "trainer",
      title = { en = "Workshop rules", sl = "Pravila delavnice" },
      text = {
        en = "Follows the workshop rules without supervision: does the pre-print checklist unprompted, never leaves the first layer unattended and reports faults.",
        sl = "Brez nadzora upošteva pravila delavnice: sam opravi pregled pred tiskanjem, prve plasti nikoli ne pusti brez nadzora in sporoča okvare.",
      },
      pass = {
        en = "A trainer watches the pre-print checklist done without prompts (ventilation on, area clear, filament fits the job, no loose cables) and signs it off.",
        sl = "Inštruktor opazuje, kako udeleženec brez napotkov opravi pregled pred tiskanjem (prezračevanje vklopljeno, prostor prazen, filament ustreza nalogi, ni prostih kablov), in ga potrdi.",
      },
    },
  },
  lessons = { "hazards", "stop-and-cool", "workshop-rules" },
}
