-- T lesson 4: rating recorded performances against the reference ratings
-- (T.LO4), and keeping assessment honest (T.LO5).
-- The six performances are first-layer verdicts of M6 lesson 2 (the tube,
-- PLA at 200/60 °C, the ±2 °C band of M6.LO2); the reference ratings are
-- what M6.LO2 and M6.LO5 pass (modules/M6/module.lua) and were set for this
-- course, not taken from elsewhere. The first-layer signs are domain.md M6
-- (too high: round lines with gaps; too low: rough, ridged, translucent).
-- At least 80 % agreement is the target's (curriculum-target.md T.4): 5 of
-- 6. Trainer lockout after 5 wrong PINs, PINs kept only as Argon2id
-- hashes, and the signed audit chain are layerlab's (docs/records.md,
-- layerlab help trainer).
local AGREE = 0.8

local COMPETENT, NOT_YET = 1, 2

local function rate(id, figure_art, text, reference, why)
  figure { figure_art, caption = text }
  local agreed = ask {
    id = id,
    q = _"Your rating of this performance?",
    choices = { _"Competent", _"Not yet" },
    correct = reference,
    feedback = { [COMPETENT] = why, [NOT_YET] = why },
  }
  return agreed
end

return lesson {
  id = "assess-integrity",
  title = _"Rating consistently, assessing honestly",
  summary = _"Rate six recorded first-layer performances against the reference ratings; the rules that keep assessment honest.",
  outcomes = { "T.LO4", "T.LO5" },

  step({ id = "rate", title = _"Rate recorded performances" }, function()
    heading(_"Six trainees, six first layers")
    say(_"Each trainee printed the M6 tube, watched layers 1 and 2 and gave a verdict at the pause. Rate each performance against M6's criteria: is the **verdict** right, and did the trainee act on it? Rate what you see, not what you expect from the trainee.")
    local n, agree = 0, 0
    local function count(ok)
      n = n + 1
      if ok then agree = agree + 1 end
    end
    count(rate("perf.1", [[
  ================  lines flat, touching, no gaps
  ================  corners down
]], _"Trainee 1: nozzle and bed within 1 °C; verdict pass; the print goes on.",
      COMPETENT, _"Reference: competent. Good layers, right verdict."))
    count(rate("perf.2", [[
  o o o o o o o o   round lines with gaps between them
  o o o o o o o o
]], _"Trainee 2: temperatures steady; verdict pass.",
      NOT_YET, _"Reference: not yet. Round lines with gaps: the nozzle is too high; the verdict should have been fail."))
    count(rate("perf.3", [[
  ~~~~~~~~~~~~~~~~  rough, ridged, almost see-through
  ~~~~~~~~~~~~~~~~
]], _"Trainee 3: verdict fail, 'the nozzle is too close, the lines are scraped'; the print is cancelled.",
      COMPETENT, _"Reference: competent. The layers are bad, but the verdict and the reason are right: that is the competence."))
    count(rate("perf.4", [[
  ================\  one corner lifted
  ===============  \
]], _"Trainee 4: verdict pass, 'only one corner'.",
      NOT_YET, _"Reference: not yet. A lifting corner gets worse with every layer; the print should have stopped."))
    count(rate("perf.5", [[
  -=================  a short thin start, then flat lines
  ==================
]], _"Trainee 5: verdict pass, 'the first centimetre is thin because the nozzle was still priming'.",
      COMPETENT, _"Reference: competent. A thin start while the nozzle primes is not a first-layer failure, and the trainee saw and explained it."))
    count(rate("perf.6", [[
  ======= @@@@      a loose line dragged into a blob
  =======   @@
]], _"Trainee 6: verdict pass; the trainee was not at the printer during layer 2.",
      NOT_YET, _"Reference: not yet. A dragged line is a failure, and the first layers are never left unattended."))
    local share = agree / n
    show_table {
      header = { _"Ratings", _"Agree with the reference", _"Needed" },
      rows = { { tostring(n), ("%d (%.0f %%)"):format(agree, share * 100), ("%.0f %%"):format(AGREE * 100) } },
    }
    if share < AGREE then
      check {
        outcome = "T.LO4", by = "quiz", passed = false, score = agree, max = n, pass = AGREE,
        evidence = { agreed = agree, rated = n, needed = AGREE },
      }
      say(_"Below 80 %: go through the differences with a master trainer, then re-sit with a new set of performances.")
      return
    end
    trainer_signoff {
      outcome = "T.LO4",
      prompt = (_"Master trainer: the candidate's ratings agree with the reference ratings in %d of %d performances. Have you discussed the differences, and do you sign off consistent assessment?"):format(agree, n),
    }
  end),

  step({ id = "integrity", title = _"Keeping assessment honest" }, function()
    heading(_"Integrity of assessment")
    list {
      _"**No prompting.** During an assessed task you do not hint, point or nod. If a trainee is stuck, the attempt ends as not yet and is repeated later; help belongs to practice, not to assessment.",
      _"**PINs stay secret.** Your PIN is your signature: never tell it, never type it where a trainee can see, never let a trainee type it. layerlab keeps only a hash of it and locks a trainer out for 60 s after 5 wrong PINs. A PIN that may be known is changed at once (layerlab trainer passwd), and the sign-offs since then are checked.",
      _"**Records tell what was seen.** Sign off only what you watched yourself, and write in the note what you observed (\"cold pull cleared the nozzle; block held with the spanner\"), not \"ok\". Notes are part of the signed audit chain and are audited.",
      _"**Appeals.** A trainee may appeal a result. Another trainer re-assesses, from the evidence and, if needed, a new attempt; the first trainer does not decide the appeal.",
      _"**Incidents.** An injury, a fire or a fault: make safe first (emergency stop, power off, hands away), then help, then report in the school's incident log the same day. A sign-off never waits on an incident: the assessment stops.",
    }
    warning(_"A sign-off given for a task you did not see, or under someone else's PIN, invalidates the credential it leads to, and every other learner's credential is then in doubt too.")
    pause(_"Bring your sign-off notes from your practice weeks to the master trainer, then continue.")
    trainer_signoff {
      outcome = "T.LO5",
      prompt = _"Master trainer: each of the candidate's sign-off notes names what was observed; the candidate has explained how a prompted assessment, a disclosed PIN and an appeal are handled, and an incident. Do you sign off?",
    }
  end),
}
