-- Interfejs programa layerlab, bosanski. Missing keys fall back to
-- Croatian, Serbian (Latin), then English.
return {
  app = {
    tagline = "Obuka za 3D printanje u stručnim radionicama",
  },
  common = {
    yes = "Da",
    no = "Ne",
    ok = "U redu",
    cancel = "Otkaži",
    continue = "Nastavi",
    back = "Nazad",
    quit = "Izlaz",
    help = "Pomoć",
    error = "Greška",
    warning = "Upozorenje",
    note = "Napomena",
  },
  learner = {
    pick = "Ko se obučava?",
    new = "Novi polaznik",
  },
  lesson = {
    start = "Počni",
    step = "Korak {1} od {2}",
    finished = "Lekcija je završena",
  },
  question = {
    correct = "Tačno",
    wrong = "Netačno",
  },
  printer = {
    nozzle = "Mlaznica",
    bed = "Podloga",
    heating = "Zagrijavanje",
    cooling = "Hlađenje",
    printing = "Printanje",
  },
  trainer = {
    signoff = "Potvrda instruktora",
  },
}
