-- The lesson API as `layerlab lint` sees it: every function of
-- docs/lesson-api.md, checking its arguments and recording what it would
-- do, without a printer, a trainee or a database. Questions are answered
-- correctly, confirmations with yes, and the printer is a small thermal
-- model whose clock moves only when the lesson waits, so loops that watch
-- a temperature finish.
--
--   R: the checker's C helpers;  E: the lesson's environment (filled here);
--   B: the safe base library.
local R, E, B = ...

local type, pairs, ipairs, tostring, select, error, next =
  B.type, B.pairs, B.ipairs, B.tostring, B.select, B.error, B.next
local sformat, smatch, sgmatch = B.string.format, B.string.match, B.string.gmatch
local floor, exp, huge, mtype = B.math.floor, B.math.exp, B.math.huge, B.math.type
local langs = R.languages

local function report(level, msg) R.report(level, msg) end
local function err(msg) report("error", msg) end
local function warn(msg) report("warning", msg) end

-- E already holds the standard globals, as the runner gives them
-- (sandbox.lua): only the lesson API is added here.

-- {====== texts

-- Set by tr(): a plain string shown right after it was built from a
-- translated text ("..." .. tr { ... }), so it counts as translated.
local recent_tr = false
-- Texts given through _"...": translated from the module's catalogues.
local marked = {}

local function check_text(t, what, optional)
  local from_tr = recent_tr
  recent_tr = false
  if t == nil then
    if not optional then err(what .. " is missing: expected a text") end
    return
  end
  if type(t) == "string" then
    -- Strings without words ("PLA", "20–40 °C", "M104 S200") need no
    -- translation; neither do strings built from tr().
    local neutral = not smatch(t, "%l%l%l")
    if #langs > 1 and not neutral and not from_tr and not marked[t] then
      warn(what .. " is a plain string: not translated (the module declares "
        .. #langs .. " languages)")
    end
    return
  end
  if type(t) ~= "table" then
    err(what .. " must be a text (a string or { en = \"...\", ... }), not a " .. type(t))
    return
  end
  local n = 0
  for k, v in pairs(t) do
    n = n + 1
    if type(k) ~= "string" or not R.lang_ok(k) then
      err(what .. " has a key that is not a language tag: " .. tostring(k))
    elseif type(v) ~= "string" then
      err(what .. "." .. k .. " must be a string")
    end
  end
  if n == 0 then err(what .. " is an empty text"); return end
  for _, l in ipairs(langs) do
    if t[l] == nil then warn(what .. ": missing '" .. l .. "' translation") end
  end
end

local function resolve(t)
  if type(t) ~= "table" then return tostring(t) end
  return t[R.lang] or t.en or select(2, next(t)) or ""
end

local function check_keys(t, allowed, what)
  for k in pairs(t) do
    if type(k) == "string" and not allowed[k] then
      err(what .. ": unknown key '" .. k .. "'")
    end
  end
end

local function set(list)
  local s = {}
  for _, v in ipairs(list) do s[v] = true end
  return s
end

-- }======

-- {====== lesson structure

local lesson_marker, step_marker = {}, {}

local lesson_keys = set { "id", "title", "summary", "outcomes", "needs", "run" }

E.lesson = function(def)
  if type(def) ~= "table" then
    err("lesson { ... } expects a table")
    return def
  end
  check_keys(def, lesson_keys, "lesson")
  if type(def.id) ~= "string" then err("lesson: missing 'id' (a string)") end
  check_text(def.title, "lesson title")
  check_text(def.summary, "lesson summary", true)
  if def.outcomes ~= nil then
    if type(def.outcomes) ~= "table" then
      err("lesson: 'outcomes' must be a list of outcome ids")
    else
      for _, o in ipairs(def.outcomes) do R.outcome(o, nil, "lesson outcomes") end
    end
  end
  if def.needs ~= nil and type(def.needs) ~= "table" then
    err("lesson: 'needs' must be a table like { printer = true }")
  end
  local steps = 0
  for i, s in ipairs(def) do
    if type(s) ~= "table" or s[step_marker] == nil then
      err("lesson: item " .. i .. " is not a step (use step(title, function() ... end))")
    else
      steps = steps + 1
    end
  end
  if def.run ~= nil and type(def.run) ~= "function" then
    err("lesson: 'run' must be a function")
  end
  if steps == 0 and def.run == nil then
    err("lesson has no steps: add step(title, function() ... end) items or a 'run' function")
  end
  if steps > 0 and def.run ~= nil then
    err("lesson has both steps and 'run': use one or the other")
  end
  def[lesson_marker] = R.line()
  return def
end

local step_ids = {}
local step_keys = set { "id", "title", "run" }

E.step = function(a, b)
  local s = { [step_marker] = R.line() }
  if type(a) == "table" and b == nil and a.run ~= nil then
    check_keys(a, step_keys, "step")
    s.id, s.title, s.fn = a.id, a.title, a.run
  elseif type(a) == "table" and a.title ~= nil and type(b) == "function" then
    check_keys(a, step_keys, "step")
    s.id, s.title, s.fn = a.id, a.title, b
  else
    s.title, s.fn = a, b
  end
  check_text(s.title, "step title")
  if type(s.fn) ~= "function" then err("step: expected a function to run") end
  if s.id ~= nil then
    if type(s.id) ~= "string" then
      err("step: 'id' must be a string")
    elseif step_ids[s.id] then
      err("duplicate step id '" .. s.id .. "' (first at line " .. step_ids[s.id] .. ")")
    else
      step_ids[s.id] = R.line()
    end
  end
  return s
end

-- The C side runs the steps; it asks for them through this.
R.steps = function(def)
  if type(def) ~= "table" or def[lesson_marker] == nil then return nil end
  local list = {}
  for _, s in ipairs(def) do
    if type(s) == "table" and s[step_marker] ~= nil and type(s.fn) == "function" then
      list[#list + 1] = s.fn
    end
  end
  if #list == 0 and type(def.run) == "function" then list[1] = def.run end
  return list
end

-- }======

-- {====== content

local function content(name)
  return function(t) check_text(t, name) end
end
E.heading = content("heading")
E.subheading = content("subheading")
E.say = content("say")
E.para = E.say
E.note = content("note")
E.warning = content("warning")
E.pause = function(t) if t ~= nil then check_text(t, "pause") end end

E.list = function(t)
  if type(t) ~= "table" then err("list expects a table of texts"); return end
  if #t == 0 then err("list is empty") end
  for i, item in ipairs(t) do check_text(item, "list item " .. i) end
end

E.code = function(t)
  if type(t) == "table" then t = t[1] end
  if type(t) ~= "string" then err("code expects a string") end
end

E.show_table = function(t)
  if type(t) ~= "table" or type(t.rows) ~= "table" then
    err("show_table expects { header = { ... }, rows = { { ... }, ... } }")
    return
  end
  local ncols = t.header and #t.header or (t.rows[1] and #t.rows[1]) or 0
  if t.header then
    for i, h in ipairs(t.header) do check_text(h, "table header " .. i) end
  end
  for r, row in ipairs(t.rows) do
    if type(row) ~= "table" then
      err("show_table: row " .. r .. " must be a list of cells")
    else
      if #row ~= ncols then
        err(sformat("show_table: row %d has %d cells, expected %d", r, #row, ncols))
      end
      for c, cell in ipairs(row) do
        -- numbers and units are language-neutral
        if type(cell) == "table" then check_text(cell, sformat("table cell %d,%d", r, c)) end
      end
    end
  end
end

E.figure = function(t)
  if type(t) ~= "table" or type(t[1]) ~= "string" then
    err("figure expects { [[ascii art]], caption = text }")
    return
  end
  if t.caption ~= nil then check_text(t.caption, "figure caption") end
end

E.show_layer = function(file, n, opts)
  if type(file) ~= "string" then err("show_layer expects a file path") return end
  if mtype(n) ~= "integer" then err("show_layer expects a layer number") end
  R.file(file)
  if type(opts) == "table" and opts.caption ~= nil then check_text(opts.caption, "show_layer caption") end
end

-- A lint run has no trainee: a finished sample print, so the checks that
-- judge it are seen.
E.own_print = function(opts)
  if opts ~= nil and type(opts) ~= "table" then err("own_print expects { within = seconds }") return nil end
  if opts and opts.within ~= nil and type(opts.within) ~= "number" then err("own_print: 'within' must be a number") end
  return { file = "sample.gcode", sha256 = ("0"):rep(64), bytes = 1, outcome = "done",
           lines_done = 1, lines = 1, layer = 1, layers = 1, nozzle_max_c = 0,
           bed_max_c = 0, estimated_s = 0, resumed_from_line = 0, age_s = 0, result = 1,
           first_layers = { nozzle = { reports = 0, below_c = 0, above_c = 0 },
                            bed = { reports = 0, below_c = 0, above_c = 0 } },
           cancel_log = {} }
end

local ids = {}
local function new_id(id, what)
  if type(id) ~= "string" or id == "" then
    err(what .. " without an 'id' (answer files and records refer to it)")
    return false
  end
  if ids[id] then
    err("duplicate id '" .. id .. "' (first at line " .. ids[id] .. ")")
    return false
  end
  ids[id] = R.line()
  return true
end

E.confirm = function(t)
  if type(t) ~= "table" then err("confirm expects { id = ..., text = ... }"); return true end
  check_keys(t, set { "id", "text" }, "confirm")
  new_id(t.id, "confirm")
  check_text(t.text, "confirm text")
  return true
end

E.expect_stop = function(t)
  if type(t) ~= "table" then err("expect_stop expects { id = ..., text = ... }"); return end
  check_keys(t, set { "id", "text" }, "expect_stop")
  new_id(t.id, "expect_stop")
  check_text(t.text, "expect_stop text")
end

-- }======

-- {====== questions

local ask_keys = set { "id", "q", "choices", "correct", "answer", "value",
  "tolerance", "unit", "order", "feedback", "explain", "tries", "shuffle", "points" }

local function check_question(q, where)
  -- returns ok, the correct answer
  if type(q) ~= "table" then err(where .. " must be a table"); return false end
  check_keys(q, ask_keys, where)
  local id = q.id
  if not new_id(id, where) then id = "?" end
  local name = "question '" .. tostring(id) .. "'"
  check_text(q.q, name .. " text")
  local answer
  if q.choices ~= nil then
    if type(q.choices) ~= "table" or #q.choices < 2 then
      err(name .. ": 'choices' must list at least two answers")
      return false
    end
    for i, c in ipairs(q.choices) do check_text(c, name .. " choice " .. i) end
    local n = #q.choices
    if q.correct == nil then
      err(name .. " has no correct answer (add correct = <choice number>)")
      return false
    elseif mtype(q.correct) == "integer" then
      if q.correct < 1 or q.correct > n then
        err(sformat("%s: correct answer %d is not one of the %d choices", name, q.correct, n))
        return false
      end
      answer = q.correct
    elseif type(q.correct) == "table" then
      if #q.correct == 0 then
        err(name .. " has no correct answer (correct = { } is empty)")
        return false
      end
      for _, c in ipairs(q.correct) do
        if mtype(c) ~= "integer" or c < 1 or c > n then
          err(sformat("%s: correct answer %s is not one of the %d choices", name, tostring(c), n))
          return false
        end
      end
      answer = q.correct
    else
      err(name .. ": 'correct' must be a choice number or a list of them")
      return false
    end
    if type(q.feedback) == "table" then
      for k in pairs(q.feedback) do
        if mtype(k) == "integer" and (k < 1 or k > n) then
          err(sformat("%s: feedback for choice %d, which does not exist", name, k))
        end
      end
    end
  elseif q.answer ~= nil then
    if type(q.answer) ~= "boolean" then
      err(name .. ": 'answer' must be true or false")
      return false
    end
    answer = q.answer
  elseif q.value ~= nil then
    if type(q.value) ~= "number" then
      err(name .. ": 'value' must be a number")
      return false
    end
    if q.tolerance ~= nil and (type(q.tolerance) ~= "number" or q.tolerance < 0) then
      err(name .. ": 'tolerance' must be a number of 0 or more")
    end
    answer = q.value
  elseif q.order ~= nil then
    if type(q.order) ~= "table" or #q.order < 2 then
      err(name .. ": 'order' must list at least two items")
      return false
    end
    for i, c in ipairs(q.order) do check_text(c, name .. " item " .. i) end
    answer = {}
    for i = 1, #q.order do answer[i] = i end
  else
    err(name .. " has no correct answer (give choices and correct, answer, value or order)")
    return false
  end
  if q.correct ~= nil and q.choices == nil then
    err(name .. ": 'correct' without 'choices'")
  end
  if q.feedback ~= nil then
    if type(q.feedback) ~= "table" then
      err(name .. ": 'feedback' must be a table of texts")
    else
      for k, v in pairs(q.feedback) do
        if type(k) == "string" and k ~= "correct" and k ~= "wrong" and k ~= "low" and k ~= "high" then
          err(name .. ": unknown feedback key '" .. k .. "' (correct, wrong, low, high or a choice number)")
        end
        check_text(v, name .. " feedback " .. tostring(k))
      end
    end
  end
  if q.explain ~= nil then check_text(q.explain, name .. " explanation") end
  if q.tries ~= nil and (mtype(q.tries) ~= "integer" or q.tries < 1) then
    err(name .. ": 'tries' must be a whole number of 1 or more")
  end
  return true, answer
end

E.ask = function(q)
  local ok, answer = check_question(q, "ask")
  return true, answer
end

local quiz_keys = set { "id", "outcome", "questions", "draw", "pass" }

E.quiz = function(t)
  if type(t) ~= "table" then err("quiz expects a table"); return true, 1, 1 end
  check_keys(t, quiz_keys, "quiz")
  new_id(t.id, "quiz")
  -- Without an outcome the quiz records nothing: a lesson that uses its
  -- score to gate another check (a trainer's sign-off) records that.
  if t.outcome ~= nil then R.outcome(t.outcome, "quiz", "quiz") end
  if type(t.questions) ~= "table" or #t.questions == 0 then
    err("quiz: 'questions' must list the question pool")
    return true, 1, 1
  end
  local n = #t.questions
  if t.draw ~= nil and (mtype(t.draw) ~= "integer" or t.draw < 1 or t.draw > n) then
    err(sformat("quiz: draw = %s, but the pool holds %d question%s", tostring(t.draw), n, n == 1 and "" or "s"))
  end
  if t.pass ~= nil and (type(t.pass) ~= "number" or t.pass <= 0 or t.pass > 1) then
    err("quiz: 'pass' must be a fraction of the points, above 0 and at most 1")
  end
  for i, q in ipairs(t.questions) do check_question(q, "quiz question " .. i) end
  local draw = t.draw or n
  return true, draw, draw
end

-- }======

-- {====== checks and sign-off

local check_keys_set = set { "outcome", "by", "passed", "score", "max", "pass", "evidence" }
local methods = set { "quiz", "printer", "trainer" }

E.check = function(t)
  if type(t) ~= "table" then err("check expects a table"); return end
  check_keys(t, check_keys_set, "check")
  if not methods[t.by] then
    err("check: 'by' must be \"quiz\", \"printer\" or \"trainer\"")
  elseif t.by == "trainer" then
    err("check: a trainer's result needs trainer_signoff { outcome = ... }, not check")
  end
  R.outcome(t.outcome, methods[t.by] and t.by or nil, "check")
  if type(t.passed) ~= "boolean" then
    err("check: 'passed' must be true or false")
  end
  if t.pass ~= nil and type(t.pass) ~= "number" then
    err("check: 'pass' must be a number (the fraction of max needed)")
  end
  if t.evidence ~= nil and type(t.evidence) ~= "table" then
    err("check: 'evidence' must be a table")
  end
end

E.trainer_signoff = function(t)
  if type(t) ~= "table" then err("trainer_signoff expects a table"); return true, "trainer" end
  check_keys(t, set { "id", "outcome", "prompt", "evidence" }, "trainer_signoff")
  if t.evidence ~= nil and type(t.evidence) ~= "table" then
    err("trainer_signoff: 'evidence' must be a table")
  end
  R.outcome(t.outcome, "trainer", "trainer_signoff")
  new_id(t.id or ("signoff." .. tostring(t.outcome)), "trainer_signoff")
  check_text(t.prompt, "trainer_signoff prompt")
  return true, "trainer"
end

E.observe = function(t)
  if type(t) ~= "table" then err("observe expects a table"); return true, "trainer" end
  check_keys(t, set { "id", "outcome", "prompt", "evidence" }, "observe")
  if t.evidence ~= nil and type(t.evidence) ~= "table" then
    err("observe: 'evidence' must be a table")
  end
  R.observed(t.outcome, "observe")
  new_id(t.id or ("observe." .. tostring(t.outcome)), "observe")
  check_text(t.prompt, "observe prompt")
  return true, "trainer"
end

-- A lint run has no trainee: three occasions seen, so the sign-off that
-- rests on them is seen too.
E.observations = function(t)
  if type(t) ~= "table" then err("observations expects { outcome = ... }") return {} end
  check_keys(t, set { "outcome" }, "observations")
  R.outcome(t.outcome, nil, "observations")
  local seen = {}
  for i = 1, 3 do
    seen[i] = { seen = true, trainer = "trainer", time = i * 86400, date = "1970-01-0" .. (i + 1),
                module = "M4", lesson = "lesson", attempt = i, result = i }
  end
  return seen
end

-- }======

-- {====== time, language

local clock = 0
local on_wait
local function advance(s)
  clock = clock + s
  on_wait(s)
  R.waited(s)
end

E.elapsed = function() return clock end
E.sleep = function(s)
  if type(s) ~= "number" or s < 0 then err("sleep expects a number of seconds") return end
  advance(s)
end
E.lang = function() return R.lang end
E.tr = function(t)
  check_text(t, "tr")
  recent_tr = true
  return resolve(t)
end
-- _"text": a text in the module's source language, translated from its
-- catalogues (po/<lang>.po); extraction finds it by the _ in the source.
E._ = function(s)
  if type(s) ~= "string" then
    err("_ expects a literal string (the text to translate), not a " .. type(s))
    return ""
  end
  recent_tr = true
  marked[s] = true
  return s
end
E.print = function() end

-- }======

-- {====== the printer: a small thermal model

local ambient = 25
local nozzle = { temp = ambient, target = 0 }
local bed = { temp = ambient, target = 0 }
local homed = false
local pos = { x = 0, y = 0, z = 0, e = 0 }

local function settle(h, dt)
  if h.target > 0 then
    h.temp = h.target
  else
    h.temp = ambient + (h.temp - ambient) * exp(-dt / 90)
  end
end

on_wait = function(dt)
  settle(nozzle, dt)
  settle(bed, dt)
end

local printer = {}
E.printer = printer

local function status()
  return {
    connected = true, firmware = "Marlin 2.1.2", profile = "virtual", prompts = true,
    nozzle = { temp = nozzle.temp, target = nozzle.target },
    bed = { temp = bed.temp, target = bed.target },
    pos = { x = pos.x, y = pos.y, z = pos.z, e = pos.e },
    homed = { x = homed, y = homed, z = homed },
    busy = false, printing = false, halted = false,
    -- The smallest shipped bed (Prusa MINI), so positions a lesson works
    -- out from it are checked inside every profile's travel.
    travel = { x = { min = 0, max = 180 }, y = { min = 0, max = 180 }, z = { min = 0, max = 180 } },
  }
end

printer.status = status
printer.home = function(axes)
  if axes ~= nil and (type(axes) ~= "string" or not smatch(axes, "^[XYZxyz]+$")) then
    err("printer.home: axes must be letters like \"XY\"")
  end
  homed = true
  pos.x, pos.y, pos.z = 0, 0, 0
  advance(15)
end

local heat_keys = set { "nozzle", "bed", "wait", "timeout" }
printer.heat = function(t)
  if type(t) ~= "table" then err("printer.heat expects { nozzle = ..., bed = ... }"); return end
  check_keys(t, heat_keys, "printer.heat")
  if t.nozzle == nil and t.bed == nil then err("printer.heat: give nozzle and/or bed") end
  for _, k in ipairs { "nozzle", "bed" } do
    local v = t[k]
    if v ~= nil then
      if type(v) ~= "number" then
        err("printer.heat: '" .. k .. "' must be a number (°C)")
      else
        R.limit(k, v, "printer.heat")
        if k == "nozzle" then nozzle.target = v else bed.target = v end
      end
    end
  end
  if t.wait then
    advance(90)
    if t.nozzle then nozzle.temp = nozzle.target end
    if t.bed then bed.temp = bed.target end
  end
end

printer.cool = function(t)
  if t == nil or t.nozzle then nozzle.target = 0 end
  if t == nil or t.bed then bed.target = 0 end
end

local move_keys = set { "x", "y", "z", "f", "relative", "wait" }
printer.move = function(t)
  if type(t) ~= "table" then err("printer.move expects { x = ..., y = ..., z = ... }"); return end
  check_keys(t, move_keys, "printer.move")
  for _, k in ipairs { "x", "y", "z" } do
    local v = t[k]
    if v ~= nil then
      if type(v) ~= "number" then
        err("printer.move: '" .. k .. "' must be a number (mm)")
      elseif t.relative then
        pos[k] = pos[k] + v
      else
        R.limit(k, v, "printer.move")
        pos[k] = v
      end
    end
  end
  if t.wait then advance(1) end
end

printer.extrude = function(t)
  if type(t) ~= "table" or type(t.e) ~= "number" then
    err("printer.extrude expects { e = <mm> }")
    return
  end
  R.limit("e", t.e, "printer.extrude")
  pos.e = pos.e + t.e
end

printer.send = function(g)
  if type(g) ~= "string" then err("printer.send expects G-code text"); return {} end
  R.gcode(g)
  local replies = {}
  for line in sgmatch(g, "[^\n]+") do
    local code, s = smatch(line, "^%s*M(%d+)[^S]*S(%d+%.?%d*)")
    if code == "104" or code == "109" then nozzle.target = B.tonumber(s) end
    if code == "140" or code == "190" then bed.target = B.tonumber(s) end
    if smatch(line, "^%s*M105") then
      replies[#replies + 1] = sformat("T:%.2f /%.2f B:%.2f /%.2f @:0 B@:0",
        nozzle.temp, nozzle.target, bed.temp, bed.target)
    end
  end
  return replies
end

printer.wait_temp = function(t)
  if type(t) ~= "table" then err("printer.wait_temp expects { nozzle = ..., bed = ... }"); return status() end
  check_keys(t, set { "nozzle", "bed", "within", "below", "timeout" }, "printer.wait_temp")
  if t.nozzle == nil and t.bed == nil then err("printer.wait_temp: give nozzle and/or bed") end
  advance(120)
  if t.below then
    if t.nozzle then nozzle.temp = math.min(nozzle.temp, t.nozzle) end
    if t.bed then bed.temp = math.min(bed.temp, t.bed) end
  else
    if t.nozzle then nozzle.temp = t.nozzle end
    if t.bed then bed.temp = t.bed end
  end
  return status()
end

printer.wait_idle = function() advance(1) end
-- A print that stops where the lesson asks it to: at the layer, at a
-- prompt (twice, then it ends, so a loop over prompts ends), at a line.
local print_prompts = 0
local print_keys = set { "timeout", "pause_after_layer", "stop_on_prompt", "until_line" }
local function print_event(opts, fname)
  if opts ~= nil and type(opts) ~= "table" then err(fname .. ": options must be a table"); opts = {} end
  opts = opts or {}
  check_keys(opts, print_keys, fname)
  advance(30)
  local r = { lines = 1, seconds = 30, layer = 1, layers = 5, state = "running", event = "done",
              temps = { nozzle = { target = 200, max_dev = 0.5, samples = 20 },
                        bed = { target = 60, max_dev = 0.3, samples = 20 } },
              paused_for_user = 1, cancel_log = {} }
  if opts.pause_after_layer then
    r.event, r.state, r.layer = "paused", "paused", opts.pause_after_layer + 1
  elseif opts.stop_on_prompt and print_prompts < 2 then
    -- M600's two prompts, as Marlin's pause.cpp shows them.
    print_prompts = print_prompts + 1
    r.event = "prompt"
    r.prompt = print_prompts == 1 and { text = "Nozzle Parked", buttons = { "Continue" } }
      or { text = "Paused", buttons = { "PurgeMore", "Continue" } }
  elseif opts.until_line then
    r.event, r.line = "line", "echo:busy: paused for user"
  else
    r.state, r.layer = "done", 5
  end
  return r
end
printer.print_file = function(path, opts)
  if type(path) ~= "string" then err("printer.print_file expects a file path") end
  R.file(path)
  print_prompts = 0
  return print_event(opts, "printer.print_file")
end
printer.print_wait = function(opts) return print_event(opts, "printer.print_wait") end
printer.print_resume = function(opts) return print_event(opts, "printer.print_resume") end
printer.print_cancel = function(opts)
  local r = print_event(nil, "printer.print_cancel")
  r.event, r.state = "cancelled", "cancelled"
  r.cancel_log = { "M104 S0", "M140 S0", "M107", "G91", "G1 Z10 F600", "G90", "G1 X0 Y220 F3000", "M84" }
  return r
end
printer.answer_prompt = function(n)
  if mtype(n) ~= "integer" or n < 1 or n > 4 then err("printer.answer_prompt expects a button number (1 to 4)") end
  advance(1)
  return {}
end
printer.settings = function()
  advance(1)
  return { M92 = { X = 80, Y = 80, Z = 400, E = 93, line = "M92 X80.00 Y80.00 Z400.00 E93.00" },
           M851 = { X = -44, Y = -5, Z = -1.5, line = "M851 X-44.00 Y-5.00 Z-1.50" },
           M301 = { P = 21.73, I = 1.54, D = 76.55, line = "M301 P21.73 I1.54 D76.55" },
           M420 = { S = 0, Z = 10, line = "M420 S0 Z10.00" },
           steps = { x = 80, y = 80, z = 400, e = 93 }, pid = { p = 21.73, i = 1.54, d = 76.55 },
           probe_offset = { x = -44, y = -5, z = -1.5 }, z_offset = -1.5,
           leveling = false, fade_height = 10, raw = {} }
end
printer.z_offset = function()
  advance(1)
  return { z = -1.5, source = "M851", line = "M851 X-44.00 Y-5.00 Z-1.50", raw = {} }
end
printer.z_offset_gcode = function(z)
  if type(z) ~= "number" or z ~= z or z < -10 or z > 10 then
    err("printer.z_offset_gcode expects the offset in mm (a number from -10 to 10)")
    return "M851 Z0\nM500"
  end
  return sformat("M851 Z%.2f\nM500", z)
end
printer.endstops = function()
  advance(1)
  return { x_min = homed and pos.x == 0, y_min = homed and pos.y == 0,
           z_min = homed and pos.z == 0, filament = false, raw = {} }
end
local lint_mesh = { grid = { { 0.02, -0.04, 0.06 }, { -0.01, 0.03, 0.05 }, { 0.08, 0.0, -0.02 } },
                    rows = 3, cols = 3, min = -0.04, max = 0.08, range = 0.12, raw = {} }
printer.mesh = function()
  advance(1)
  return lint_mesh
end
printer.probe_mesh = function(t)
  if t ~= nil then check_keys(t, set { "timeout" }, "printer.probe_mesh") end
  if not homed then err("printer.probe_mesh: home first (printer.home())") end
  advance(30)
  return lint_mesh
end
printer.ambient = function() advance(1); return nil, nil end
printer.wait_stable = function(t)
  if type(t) ~= "table" then err("printer.wait_stable expects { nozzle = ..., hold = ... }"); return {} end
  check_keys(t, set { "nozzle", "bed", "within", "hold", "timeout", "raise" }, "printer.wait_stable")
  if t.raise ~= nil and type(t.raise) ~= "boolean" then err("printer.wait_stable: 'raise' must be true or false") end
  if (t.nozzle == nil) == (t.bed == nil) then err("printer.wait_stable: give nozzle or bed") end
  local target = t.nozzle or t.bed or 0
  local hold = t.hold or 60
  advance(hold)
  return { stable = true, held_s = hold, min = target, max = target, samples = hold, took_s = hold,
           target = target, readings = {} }
end
local confirm_keys = set { "id", "outcome", "gcode", "prompt", "exception" }
local function trainer_command(t, what)
  if type(t) ~= "table" then err(what .. " expects a table"); return false end
  check_keys(t, confirm_keys, what)
  R.outcome(t.outcome, nil, what)
  new_id(t.id, what)
  check_text(t.prompt, what .. " prompt")
  if type(t.gcode) ~= "string" then err(what .. ": 'gcode' must be G-code text"); return false end
  return true
end
printer.trainer_send = function(t)
  if trainer_command(t, "printer.trainer_send") then advance(1) end
  return true, {}, "trainer"
end
printer.guard_exception = function(t)
  if trainer_command(t, "printer.guard_exception") then
    if t.exception ~= "cold-extrusion" then
      err("printer.guard_exception: 'exception' must be \"cold-extrusion\"")
    else
      report("note", "guard exception cold-extrusion: " .. t.gcode:gsub("\n", "; ") ..
        " reaches the firmware with a cold nozzle (the virtual printer, or a trainer's yes)")
    end
    advance(1)
  end
  return true, { "echo: cold extrusion prevented" }, "trainer"
end
E.station_files = function() return { "bracket.gcode", "part.gcode" } end
E.check_gcode = function(name)
  if type(name) ~= "string" then err("check_gcode expects a file name") end
  if type(name) == "string" and smatch(name, "^files/") then R.file(name) end
  advance(1)
  return { file = name, ok = true, problems = {}, binary = false, layers = 50,
           layer_height_mm = 0.2, first_layer_mm = 0.2, max_z_mm = 10,
           print_box = { min = { x = 50, y = 50, z = 0.2 }, max = { x = 70, y = 70, z = 10 } },
           nozzle_temps = { 210 }, bed_temps = { 60 }, e_mode = "relative",
           estimated_s = 1200, slicer = "PrusaSlicer", printer = "" }
end
-- The names `layerlab sim --fault` knows (sim_fault_names in src/sim).
local drill_faults = set { "noise", "drop-ok", "disconnect", "thermal-runaway",
  "bed-thermal-runaway", "heater-failure", "bed-heater-failure", "maxtemp",
  "bed-maxtemp", "mintemp", "bed-mintemp", "runout" }
printer.drill_fault = function(name)
  if not drill_faults[name] then
    err("printer.drill_fault: unknown fault " .. tostring(name) ..
      " (the names of layerlab sim --fault: thermal-runaway, heater-failure, ...)")
  end
  return true
end
printer.on_fault = function(fn)
  if type(fn) ~= "function" then err("printer.on_fault expects a function") end
end
printer.gcode_log = function() return {} end

-- }======

