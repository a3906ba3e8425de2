-- Интерфејс програма layerlab, српски (ћирилица). Missing keys fall back
-- to sr-Latn, then English.
return {
  app = {
    tagline = "Обука за 3Д штампу у стручним радионицама",
  },
  common = {
    yes = "Да",
    no = "Не",
    ok = "У реду",
    cancel = "Откажи",
    continue = "Настави",
    back = "Назад",
    quit = "Излаз",
    help = "Помоћ",
    error = "Грешка",
    warning = "Упозорење",
    note = "Напомена",
  },
  learner = {
    pick = "Ко се обучава?",
    new = "Нови полазник",
    name = "Име",
  },
  module = {
    list = "Модули",
    outcomes = "Исходи учења",
    lessons = "Лекције",
    workload = "Оптерећење: {1} h",
    eqf = "Ниво ЕОК {1}",
    prerequisites = "Предуслови",
  },
  outcome = {
    knowledge = "Знање",
    skill = "Вештина",
    responsibility = "Одговорност и самосталност",
    achieved = "постигнуто",
    not_yet = "још не",
  },
  lesson = {
    start = "Почни",
    step = "Корак {1} од {2}",
    finished = "Лекција је завршена",
  },
  question = {
    correct = "Тачно",
    wrong = "Нетачно",
  },
  printer = {
    nozzle = "Млазница",
    bed = "Подлога",
    heating = "Загревање",
    cooling = "Хлађење",
  },
  panic = {
    key = "Хитно заустављање: F12",
  },
  trainer = {
    signoff = "Потврда инструктора",
    pin = "PIN",
  },
}
