-- T lesson 1: what a micro-credential must state, the EQF and national
-- levels, and valid, reliable assessment (T.LO1).
-- Sources: Council Recommendation of 16 June 2022 on a European approach to
-- micro-credentials for lifelong learning and employability (2022/C 243/02,
-- OJ C 243, 27.6.2022), Annex I (the mandatory and the optional elements)
-- and Annex II (principles, among them "valid assessment"); Council
-- Recommendation of 22 May 2017 on the European Qualifications Framework
-- (2017/C 189/03), Annex II (eight levels, each described as knowledge,
-- skills, responsibility and autonomy); ECTS Users' Guide 2015 (one credit
-- is 25–30 hours of work). Slovenia's framework (SOK) has ten levels
-- (Zakon o Slovenskem ogrodju kvalifikacij, 2015); its referencing to the
-- EQF (SOK 5 = EQF 4, SOK 6 = EQF 5) is from the Slovenian referencing
-- report and was not re-checked for this lesson. The 80 % rating agreement
-- is the target's (curriculum-target.md T.4).

local function q(id, text, choices, correct, feedback)
  return { id = id, q = text, choices = choices, correct = correct, feedback = feedback, shuffle = true }
end

return lesson {
  id = "credentials",
  title = _"Micro-credentials and fair assessment",
  summary = _"What a micro-credential must state, EQF and national levels, valid and reliable assessment.",
  outcomes = { "T.LO1" },

  step({ id = "elements", title = _"What a micro-credential states" }, function()
    heading(_"The elements of a micro-credential")
    say(_"A **micro-credential** records what a learner has learned in a short course, assessed against transparent standards. The Council Recommendation of 16 June 2022 (2022/C 243/02) lists in its Annex I what every European micro-credential must state, so that an employer or another school can read it without asking:")
    list {
      ordered = true,
      _"who the learner is (identification of the learner);",
      _"the title of the micro-credential;",
      _"the country or region of the issuer, and the awarding body;",
      _"the date of issue;",
      _"the learning outcomes;",
      _"the notional workload, in ECTS credits wherever possible;",
      _"the level of the learning (EQF, or the cycle in higher education), where it applies;",
      _"the type of assessment;",
      _"the form of participation (on site, online, blended);",
      _"the type of quality assurance behind it.",
    }
    say(_"Optional elements include the prerequisites, how the assessment was supervised and the identity checked, the grade, how the credential stacks with others, and further information. layerlab's credential definitions hold all of them, and the signed credential carries them.")
    note(_"Workload: one ECTS credit stands for 25–30 hours of a learner's work (ECTS Users' Guide). The FDM operator credential's 75 h are about 2.5 ECTS; this course's 30 h about 1.")
  end),

  step({ id = "levels", title = _"EQF and national levels" }, function()
    heading(_"Levels")
    say(_"The **European Qualifications Framework** (EQF) has eight levels. Each level is described by three kinds of learning outcome: **knowledge**, **skills**, and **responsibility and autonomy**. That is why every outcome in layerlab's modules is marked K, S or RA.")
    show_table {
      header = { _"EQF level", _"Responsibility and autonomy, in short", _"Here" },
      rows = {
        { "4", _"works on their own within guidelines in contexts that are usually predictable; supervises the routine work of others", _"FDM operator (M1–M9)" },
        { "5", _"manages and supervises where there is unpredictable change; reviews and develops the performance of self and others", _"FDM trainer (this module)" },
      },
    }
    say(_"Each country has its own **national qualifications framework** (NQF), referenced to the EQF: Slovenia's SOK, for example, has ten levels. A credential states the EQF level and, where the school's authority has placed it, the national level; a level the awarding body states on its own must be marked as such.")
  end),

  step({ id = "assessment", title = _"Valid and reliable assessment" }, function()
    heading(_"Assessing competence fairly")
    list {
      _"**Valid**: the assessment measures the outcome it claims. A skill is shown by doing it (the printer's read-back, an observed task), not by a quiz about it.",
      _"**Reliable**: another assessor, or the same assessor on another day, would come to the same result. Clear pass criteria, rubrics and reference ratings make it so.",
      _"**Fair**: every learner gets the same task, conditions and help; no prompting during an assessment.",
      _"**Transparent**: learners know the criteria before they are assessed, and can appeal.",
    }
    figure { [[
   valid, not reliable      reliable, not valid      valid and reliable
       .    .                    ...                       .:.
     .   X    .                  :::        X               X
       .   .                     '''                       ':'
   (around the target,      (tight, but off          (tight, on
    but scattered)           the target)              the target)
]], caption = _"X is the competence to be measured; the dots are assessments" }
    say(_"In layerlab each outcome says how it is assessed (quiz, printer check or trainer sign-off) and what passes. A trainer's sign-off is the least automatic: it is reliable only if trainers agree on what they rate, which is why this course measures your agreement with reference ratings.")
  end),

  step({ id = "quiz", title = _"Quiz" }, function()
    local passed = quiz {
      id = "t.quiz", outcome = "T.LO1", draw = 6, pass = 0.8,
      questions = {
        q("mandatory", _"A school wants to leave one item off its micro-credential to keep it short. Which one must stay, according to Annex I of the Council Recommendation?",
          { _"The learning outcomes", _"The grade achieved", _"How it stacks with other credentials", _"The prerequisites to enrol" }, 1,
          { [1] = _"Right: the learning outcomes are a mandatory element.", [2] = _"The grade is optional: many micro-credentials are pass/fail.",
            [3] = _"Stackability is an optional element.", [4] = _"Prerequisites are optional in Annex I." }),
        q("optional", _"Which of these is an optional element of a micro-credential?",
          { _"The awarding body", _"The date of issue", _"Supervision and identity verification during assessment", _"The type of quality assurance" }, 3,
          { [1] = _"The awarding body is mandatory.", [2] = _"The date of issue is mandatory.",
            [3] = _"Right: how the assessment was supervised is optional (layerlab states it anyway).", [4] = _"The quality assurance is mandatory." }),
        q("ects", _"A course takes a learner about 30 hours of work. What notional workload does the credential state?",
          { _"30 ECTS", _"About 1 ECTS", _"3 ECTS", _"It cannot be stated in ECTS" }, 2,
          { [1] = _"One ECTS is 25–30 hours of work, not one hour.", [2] = _"Right: 25–30 hours make one credit.",
            [3] = _"That would be 75–90 hours.", [4] = _"Annex I asks for ECTS wherever possible, and here it is." }),
        q("eqf.count", _"How many levels does the European Qualifications Framework have, and how is each described?",
          { _"Ten, by years of schooling", _"Eight, by knowledge, skills, and responsibility and autonomy", _"Five, by the type of school", _"Eight, by the hours of the course" }, 2,
          { [1] = _"Ten levels is Slovenia's national framework; the EQF has eight.", [2] = _"Right.",
            [3] = _"The EQF does not rank school types.", [4] = _"Levels describe outcomes, not hours." }),
        q("eqf5", _"Which statement fits EQF level 5 rather than level 4?",
          { _"Follows the workshop rules on their own", _"Reviews and develops the performance of others where there is unpredictable change", _"Loads filament without help", _"Knows the parts of a printer" }, 2,
          { [1] = _"That is level 4 autonomy: within guidelines.", [2] = _"Right: that is what a trainer does.",
            [3] = _"A level 4 skill.", [4] = _"Factual knowledge of level 4 and below." }),
        q("nqf", _"A credential states 'EQF level 5'. The school's authority has not placed it in the national framework. What must the credential say about the national level?",
          { _"Nothing", _"The national level that matches EQF 5, as if placed", _"That it is not placed, and that the EQF level is stated by the awarding body", _"EQF 4, to be safe" }, 3,
          { [1] = _"A reader would assume a placement that does not exist.", [2] = _"Only the authority places a qualification; the school cannot.",
            [3] = _"Right: say what is true.", [4] = _"The level follows the outcomes, not caution." }),
        q("valid", _"A trainer wants to assess 'sets and saves the Z offset'. Which assessment is valid?",
          { _"Five quiz questions about the Z offset", _"The printer's M503 before and after, M500 and an M501 read-back", _"The trainee's written description", _"Whether the trainee attended the lesson" }, 2,
          { [1] = _"A quiz shows knowledge, not the skill.", [2] = _"Right: the printer shows the skill was done.",
            [3] = _"A description is knowledge; the outcome is a skill.", [4] = _"Attendance shows nothing about competence." }),
        q("reliable", _"Two trainers watch the same cold pull. One signs off, the other says 'not yet'. What is weak?",
          { _"Validity", _"Reliability", _"Transparency to the learner", _"The workload" }, 2,
          { [1] = _"The task does fit the outcome.", [2] = _"Right: the same performance got two results; agree the criteria with a rubric.",
            [3] = _"The learner may know the criteria; the raters differ.", [4] = _"Workload has nothing to do with it." }),
        q("rubric", _"What makes trainers' sign-offs more reliable?",
          { _"Letting each trainer use their own judgement freely", _"A rubric and reference ratings the trainers agree on before the course", _"Signing off everyone who attended", _"Signing off only the best learners" }, 2,
          { [1] = _"Free judgement is what makes raters differ.", [2] = _"Right.",
            [3] = _"That is not assessment at all.", [4] = _"Ranking is not criterion-based assessment." }),
        q("criteria", _"When should a learner see the pass criteria of an outcome?",
          { _"Before the assessment", _"Only after passing", _"Never: it would help them", _"Only if they appeal" }, 1,
          { [1] = _"Right: transparent criteria are part of fair assessment; layerlab shows them with each outcome.", [2] = _"Then the learner could not prepare.",
            [3] = _"Knowing the criteria is not cheating; being told the answers is.", [4] = _"An appeal needs the criteria, but so does learning." }),
        q("compensate", _"A learner scores 100 % in M1's quiz but fails the panic drill. The operator credential's rules say M1 is not compensable. What follows?",
          { _"The quiz makes up for the drill", _"M1 is passed on average", _"The drill outcome is not achieved until the drill is passed", _"The learner repeats the whole course" }, 3,
          { [1] = _"Not compensable means exactly that it cannot.", [2] = _"Outcomes are passed one by one, not on average.",
            [3] = _"Right: the drill is re-sat.", [4] = _"A re-sit of the outcome is enough." }),
        q("supervision", _"The M1 drill is assessed at the school's workshop, with the trainer present and the learner signed in. Which supervision does the credential state?",
          { _"Unsupervised, no identity verification", _"Supervised on site with identity verification", _"Supervised online", _"None needs to be stated" }, 2,
          { [1] = _"A trainer was there and the learner signed in.", [2] = _"Right.",
            [3] = _"The assessment was in the workshop.", [4] = _"It is optional in Annex I, but the operator credential states it." }),
        q("stack", _"A learner holds 'FDM workshop safety' and enrols in the operator course. What does stacking mean for them?",
          { _"They repeat M1 anyway", _"M1 counts in full; they go on with M2–M9", _"The safety credential is withdrawn", _"They get the operator credential at once" }, 2,
          { [1] = _"The point of stacking is that they do not.", [2] = _"Right: the operator credential builds on the safety one.",
            [3] = _"It stays valid for its refresh period.", [4] = _"M2–M9 still have to be achieved." }),
        q("qa", _"Which is part of the quality assurance of layerlab credentials?",
          { _"Trainers keep their sign-offs to themselves", _"Sign-offs are kept in a signed, verifiable audit chain and audited", _"Learners grade their trainers", _"The printer decides every outcome" }, 2,
          { [1] = _"Hidden sign-offs cannot be audited.", [2] = _"Right.",
            [3] = _"Feedback is useful, but it is not the credential's QA.", [4] = _"Some outcomes only a person can judge." }),
        q("authentic", _"Why does layerlab sign each credential (and let anyone verify it)?",
          { _"So that it looks official", _"So that a reader can check who issued it and that nothing was changed", _"To keep the learner's data secret", _"Because ECTS requires it" }, 2,
          { [1] = _"Looks are not proof.", [2] = _"Right: authenticity is checked, not trusted.",
            [3] = _"The signature proves origin and integrity; privacy is another matter.", [4] = _"ECTS is about workload." }),
      },
    }
    say(passed and _"Passed: you can explain a micro-credential and fair assessment." or
      _"Not yet: read the steps again and retry the lesson.")
  end),
}
