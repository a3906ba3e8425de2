-- M1 lesson 1: what can hurt you at an FDM printer, and the quiz that
-- assesses M1.LO1. No printer needed.
return lesson {
  id = "hazards",
  title = { en = "Hazards of FDM printing", sl = "Nevarnosti tiskanja FDM" },
  summary = {
    en = "Hot parts, electricity, moving axes, fumes and particles, tools and solvents.",
    sl = "Vroči deli, elektrika, premične osi, hlapi in delci, orodje in topila.",
  },
  outcomes = { "M1.LO1" },

  step({ id = "heat", title = { en = "Hot parts", sl = "Vroči deli" } }, function()
    heading { en = "Hot parts", sl = "Vroči deli" }
    say {
      en = "An FDM printer melts plastic. The **nozzle** works at 190–300 °C, hotter than a kitchen oven, and the **heated bed** at 60–110 °C. Both look exactly the same hot as cold: there is no glow and no smoke to warn you.",
      sl = "Tiskalnik FDM tali plastiko. **Šoba** deluje pri 190–300 °C, kar je bolj vroče od pečice, **ogrevana miza** pa pri 60–110 °C. Vroča in hladna sta videti povsem enako: ni žarenja ne dima, ki bi te opozoril.",
    }
    show_table {
      header = { { en = "Part", sl = "Del" }, { en = "Typical temperature", sl = "Običajna temperatura" }, { en = "Burns skin in", sl = "Opeče kožo v" } },
      rows = {
        { { en = "Nozzle and heater block", sl = "Šoba in grelni blok" }, "190–300 °C", { en = "less than a second", sl = "manj kot sekundi" } },
        { { en = "Heated bed", sl = "Ogrevana miza" }, "60–110 °C", { en = "a few seconds", sl = "nekaj sekundah" } },
        { { en = "Fresh print", sl = "Pravkar natisnjen del" }, "40–90 °C", { en = "seconds to minutes", sl = "sekundah do minutah" } },
      },
    }
    say {
      en = "A part is safe to touch below **45 °C**. Read the temperature on the display or in layerlab; never test it with your finger.",
      sl = "Dela se lahko varno dotakneš pod **45 °C**. Temperaturo preberi na zaslonu ali v programu layerlab; nikoli je ne preverjaj s prstom.",
    }
    warning {
      en = "A thermistor that falls out of the heater block reads room temperature, so the firmware keeps heating: the block can reach 400 °C and set the plastic around it on fire. Thermal runaway protection stops the printer when the temperature does not follow the heater. Never switch it off.",
      sl = "Termistor, ki izpade iz grelnega bloka, kaže sobno temperaturo, zato vdelana programska oprema greje naprej: blok lahko doseže 400 °C in vžge plastiko okoli sebe. Zaščita pred pobegom temperature (thermal runaway) ustavi tiskalnik, kadar temperatura ne sledi grelcu. Nikoli je ne izklapljaj.",
    }
  end),

  step({ id = "power-motion", title = { en = "Electricity and moving parts", sl = "Elektrika in premični deli" } }, function()
    heading { en = "Electricity and moving parts", sl = "Elektrika in premični deli" }
    say {
      en = "The power supply carries mains voltage (230 V). Some printers, such as the Artillery Sidewinder X1, heat the bed directly from the mains. Never open the electronics housing with the printer plugged in, and report damaged cables at once.",
      sl = "Napajalnik je pod omrežno napetostjo (230 V). Nekateri tiskalniki, na primer Artillery Sidewinder X1, grejejo mizo neposredno iz omrežja. Ohišja elektronike nikoli ne odpiraj, ko je tiskalnik priključen, poškodovane kable pa takoj prijavi.",
    }
    say {
      en = "The axes are driven by stepper motors that do not feel resistance: they push on whatever is in the way. **Pinch points** are where a moving part meets a fixed one.",
      sl = "Osi poganjajo koračni motorji, ki ne čutijo upora: potiskajo vse, kar jim je na poti. **Mesta stiska** so tam, kjer se premični del sreča z nepremičnim.",
    }
    list {
      { en = "between the print head and the frame or the bed", sl = "med tiskalno glavo in ogrodjem ali mizo" },
      { en = "belts running onto their pulleys", sl = "jermeni, kjer tečejo na jermenice" },
      { en = "the bed moving against the frame (on bed-slinger printers)", sl = "miza, ki se premika proti ogrodju (pri tiskalnikih s premično mizo)" },
    }
    note {
      en = "Tie back long hair, roll up loose sleeves and take off dangling jewellery before you reach into a printer.",
      sl = "Preden sežeš v tiskalnik, si speni dolge lase, zavihaj ohlapne rokave in odloži viseč nakit.",
    }
  end),

  step({ id = "fumes", title = { en = "Fumes and particles", sl = "Hlapi in delci" } }, function()
    heading { en = "Fumes and particles", sl = "Hlapi in delci" }
    say {
      en = "Melting plastic releases **ultrafine particles** (UFP, smaller than 0.1 µm, they reach deep into the lungs) and **volatile organic compounds** (VOC). PLA emits the least. ABS and ASA emit far more, including styrene, an irritant and suspected carcinogen.",
      sl = "Taljenje plastike sprošča **ultrafine delce** (UFP, manjše od 0,1 µm, ki prodrejo globoko v pljuča) in **hlapne organske spojine** (VOC). PLA jih sprošča najmanj. ABS in ASA precej več, med njimi stiren, ki draži in je domnevno rakotvoren.",
    }
    show_table {
      header = { { en = "Material", sl = "Material" }, { en = "Emissions", sl = "Emisije" }, { en = "What the workshop needs", sl = "Kaj potrebuje delavnica" } },
      rows = {
        { "PLA", { en = "low", sl = "nizke" }, { en = "room ventilation", sl = "prezračevanje prostora" } },
        { "PETG", { en = "moderate", sl = "zmerne" }, { en = "room ventilation", sl = "prezračevanje prostora" } },
        { "ABS / ASA", { en = "high, styrene", sl = "visoke, stiren" }, { en = "enclosure with filter or extraction", sl = "ohišje s filtrom ali odsesavanje" } },
      },
    }
    say {
      en = "Keep the room ventilated, do not sit with your face next to a running printer, and print ABS or ASA only in an enclosure with a filter or extraction.",
      sl = "Prostor naj bo prezračen, ne sedi z obrazom tik ob delujočem tiskalniku, ABS ali ASA pa tiskaj samo v ohišju s filtrom ali z odsesavanjem.",
    }
  end),

  step({ id = "tools", title = { en = "Tools and solvents", sl = "Orodje in topila" } }, function()
    heading { en = "Tools and solvents", sl = "Orodje in topila" }
    list {
      { en = "Scrapers, cutters and deburring knives: always cut **away** from your body and the hand that holds the part.", sl = "Strgala, rezalniki in nože za posnemanje robov: vedno reži **stran** od telesa in od roke, ki drži del." },
      { en = "Removing supports can throw sharp fragments: wear safety glasses.", sl = "Pri odstranjevanju podpor lahko letijo ostri delci: nosi zaščitna očala." },
      { en = "Isopropyl alcohol (IPA) cleans the bed; it is **flammable**. Use it only on a cold bed, with ventilation, and close the bottle.", sl = "Izopropanol (IPA) čisti mizo; je **vnetljiv**. Uporabljaj ga samo na hladni mizi, ob prezračevanju, in zapri steklenico." },
    }
    warning {
      en = "If the print head crashes into the print or the bed, stop the printer at once (the panic key), let it cool, and tell the trainer. Do not pull the head free by hand while it is hot.",
      sl = "Če tiskalna glava trči v izdelek ali mizo, tiskalnik takoj ustavi (tipka za zaustavitev v sili), počakaj, da se ohladi, in obvesti inštruktorja. Vroče glave ne osvobajaj z roko.",
    }
  end),

  step({ id = "quiz", title = { en = "Quiz: hazards", sl = "Kviz: nevarnosti" } }, function()
    say {
      en = "Ten questions are drawn from the pool. You need 80 % to pass.",
      sl = "Iz nabora je izbranih deset vprašanj. Za uspeh potrebuješ 80 %.",
    }
    local passed, score, max = quiz {
      id = "m1.hazards", outcome = "M1.LO1", draw = 10, pass = 0.8,
      questions = {
        {
          id = "hot.part",
          q = { en = "Which part of a printer gets hottest?", sl = "Kateri del tiskalnika se najbolj segreje?" },
          choices = {
            { en = "The heated bed", sl = "Ogrevana miza" },
            { en = "The nozzle and heater block", sl = "Šoba in grelni blok" },
            { en = "The stepper motors", sl = "Koračni motorji" },
          },
          correct = 2,
          feedback = {
            [1] = { en = "The bed reaches about 110 °C; the nozzle up to 300 °C.", sl = "Miza doseže okoli 110 °C, šoba do 300 °C." },
            [3] = { en = "Motors get warm, around 50 °C, never as hot as the nozzle.", sl = "Motorji se ogrejejo na okoli 50 °C, nikoli kot šoba." },
            correct = { en = "Right: 190–300 °C.", sl = "Pravilno: 190–300 °C." },
          },
        },
        {
          id = "bed.range",
          q = { en = "What temperature range does a heated bed typically work at?", sl = "V katerem temperaturnem območju običajno deluje ogrevana miza?" },
          choices = { "20–40 °C", "60–110 °C", "190–300 °C" },
          correct = 2,
          feedback = { wrong = { en = "Beds run at 60–110 °C: hot enough to burn.", sl = "Mize delujejo pri 60–110 °C: dovolj, da opečejo." } },
        },
        {
          id = "touch.limit",
          q = { en = "Below which temperature is a printed part safe to touch?", sl = "Pod katero temperaturo se natisnjenega dela lahko varno dotakneš?" },
          value = 45, tolerance = 0, unit = "°C",
          feedback = {
            high = { en = "Too hot: at 50 °C and more skin burns within seconds.", sl = "Previsoko: pri 50 °C in več se koža opeče v nekaj sekundah." },
            low = { en = "Safe, but stricter than needed: the workshop rule is 45 °C.", sl = "Varno, a strožje od potrebnega: pravilo delavnice je 45 °C." },
          },
        },
        {
          id = "fumes.material",
          q = { en = "Which filament needs an enclosure with a filter or extraction?", sl = "Kateri filament potrebuje ohišje s filtrom ali odsesavanje?" },
          choices = { "PLA", "PETG", "ABS" },
          correct = 3,
          feedback = { correct = { en = "Yes: ABS releases styrene.", sl = "Da: ABS sprošča stiren." },
                       wrong = { en = "ABS (and ASA) emit styrene and many particles.", sl = "ABS (in ASA) sproščata stiren in veliko delcev." } },
        },
        {
          id = "thermistor",
          q = { en = "A thermistor slips out of the heater block. Why is that a fire risk?", sl = "Termistor zdrsne iz grelnega bloka. Zakaj to pomeni nevarnost požara?" },
          choices = {
            { en = "It reads too low, so the firmware keeps heating", sl = "Kaže prenizko, zato vdelana programska oprema greje naprej" },
            { en = "It short-circuits the power supply", sl = "Povzroči kratek stik napajalnika" },
            { en = "It makes the fan stop", sl = "Ustavi ventilator" },
          },
          correct = 1,
          feedback = { wrong = { en = "A loose thermistor reads room temperature while the block gets hotter and hotter.", sl = "Izpadli termistor kaže sobno temperaturo, medtem ko se blok vse bolj segreva." } },
          explain = { en = "The heater then runs at full power; only thermal runaway protection stops it.", sl = "Grelec nato deluje s polno močjo; ustavi ga le zaščita pred pobegom temperature." },
        },
        {
          id = "runaway",
          q = { en = "What does the firmware's thermal runaway protection do?", sl = "Kaj naredi zaščita pred pobegom temperature v vdelani programski opremi?" },
          choices = {
            { en = "Stops the printer when the temperature does not follow the heater", sl = "Ustavi tiskalnik, ko temperatura ne sledi grelcu" },
            { en = "Cools the nozzle faster after a print", sl = "Po tiskanju hitreje ohladi šobo" },
            { en = "Lowers the temperature for thin layers", sl = "Zniža temperaturo pri tankih plasteh" },
          },
          correct = 1,
          feedback = {
            correct = { en = "Right: it is the last line of defence against a fire.", sl = "Pravilno: to je zadnja obramba pred požarom." },
            wrong = { en = "It watches that the temperature follows the heater, and stops everything when it does not.", sl = "Preverja, ali temperatura sledi grelcu, in vse ustavi, kadar ne sledi." },
          },
        },
        {
          id = "crash",
          q = { en = "The print head crashes into the print. What do you do first?", sl = "Tiskalna glava trči v izdelek. Kaj narediš najprej?" },
          choices = {
            { en = "Stop the printer with the panic key", sl = "Tiskalnik ustavim s tipko za zaustavitev v sili" },
            { en = "Pull the head free by hand", sl = "Glavo z roko osvobodim" },
            { en = "Wait and see if the print recovers", sl = "Počakam, ali se tiskanje popravi" },
          },
          correct = 1,
          feedback = { [2] = { en = "Never: the head is hot and the motors still push.", sl = "Nikoli: glava je vroča in motorji še potiskajo." } },
        },
        {
          id = "first.layer",
          q = { en = "You may leave the printer alone while it prints the first layer.", sl = "Med tiskanjem prve plasti lahko tiskalnik pustiš samega." },
          answer = false,
          feedback = { wrong = { en = "Most failures start in the first layer: stay and watch it.", sl = "Večina napak se začne pri prvi plasti: ostani in jo opazuj." } },
        },
        {
          id = "ipa",
          q = { en = "Isopropyl alcohol may be used to clean a hot bed.", sl = "Z izopropanolom lahko čistiš vročo mizo." },
          answer = false,
          feedback = { wrong = { en = "IPA is flammable: clean the bed only when it is cold.", sl = "IPA je vnetljiv: mizo čisti samo, ko je hladna." } },
        },
        {
          id = "ufp",
          q = { en = "Which of these reduce your exposure to particles and fumes?", sl = "Kaj od naštetega zmanjša izpostavljenost delcem in hlapom?" },
          choices = {
            { en = "An enclosure with a filter", sl = "Ohišje s filtrom" },
            { en = "Watching the print from close up", sl = "Opazovanje tiskanja od blizu" },
            { en = "Room ventilation", sl = "Prezračevanje prostora" },
          },
          correct = { 1, 3 },
          feedback = {
            correct = { en = "Right: filter the air at the source and change it in the room.", sl = "Pravilno: zrak očisti pri viru in ga zamenjaj v prostoru." },
            wrong = { en = "Enclosure with a filter and ventilation help; watching from close up only increases exposure.", sl = "Pomagata ohišje s filtrom in prezračevanje; opazovanje od blizu izpostavljenost le poveča." },
          },
        },
        {
          id = "pinch",
          q = { en = "Where are the pinch points of a printer?", sl = "Kje so mesta stiska na tiskalniku?" },
          choices = {
            { en = "Between the print head and the frame", sl = "Med tiskalno glavo in ogrodjem" },
            { en = "Where belts run onto pulleys", sl = "Kjer jermeni tečejo na jermenice" },
            { en = "On the spool holder", sl = "Na držalu koluta" },
          },
          correct = { 1, 2 },
          feedback = {
            correct = { en = "Right: wherever a moving part meets a fixed one.", sl = "Pravilno: povsod, kjer se premični del sreča z nepremičnim." },
            wrong = { en = "The head against the frame and belts on pulleys; the spool holder does not pinch.", sl = "Glava ob ogrodju in jermeni na jermenicah; držalo koluta ne stiska." },
          },
        },
        {
          id = "mains.bed",
          q = { en = "Some printers heat the bed directly from mains voltage.", sl = "Nekateri tiskalniki grejejo mizo neposredno iz omrežne napetosti." },
          answer = true,
          feedback = { wrong = { en = "They do: the bed heater then runs at 230 V.", sl = "Obstajajo: grelec mize je tedaj pod napetostjo 230 V." } },
          explain = { en = "For example the Artillery Sidewinder X1: never open it while plugged in.", sl = "Na primer Artillery Sidewinder X1: nikoli ga ne odpiraj, ko je priključen." },
        },
        {
          id = "cutting",
          q = { en = "Which way do you cut when deburring a part?", sl = "V katero smer režeš pri posnemanju robov?" },
          choices = {
            { en = "Away from your body and your other hand", sl = "Stran od telesa in druge roke" },
            { en = "Towards you, for control", sl = "Proti sebi, za boljši nadzor" },
          },
          correct = 1,
          feedback = {
            [2] = { en = "A slipping blade then ends in your hand or body.", sl = "Rezilo, ki zdrsne, potem konča v roki ali telesu." },
            correct = { en = "Right: a slip then goes into the air.", sl = "Pravilno: zdrs gre tako v prazno." },
          },
        },
        {
          id = "hair",
          q = { en = "Long hair should be tied back before reaching into a running printer.", sl = "Dolge lase si speni, preden sežeš v delujoč tiskalnik." },
          answer = true,
          feedback = {
            correct = { en = "Right: belts and pulleys can catch hair in a moment.", sl = "Pravilno: jermeni in jermenice lahko lase zagrabijo v trenutku." },
            wrong = { en = "Belts and pulleys catch loose hair: always tie it back.", sl = "Jermeni in jermenice zagrabijo ohlapne lase: vedno si jih speni." },
          },
        },
      },
    }
    if passed then
      say { en = "Well done: you know the hazards of the workshop.", sl = "Odlično: poznaš nevarnosti v delavnici." }
    else
      say { en = "Not yet: read the steps again and retry the lesson.", sl = "Še ne: še enkrat preberi korake in ponovi lekcijo." }
    end
  end),
}
