-- The lesson API (docs/lesson-api.md), written over the runner's C
-- primitives. Compiled into layerlab. It runs once per lesson state with
--   E: the lesson's environment, holding the standard globals (sandbox.lua):
--      the API is added here;
--   H: the primitives (show, wait, check, ...), never visible to lessons;
--   B: the raw safe library (sandbox_push_library), also the prelude's _ENV.
-- API errors are raised without a position (level 0): the runner prefixes
-- the lesson file and line of the innermost lesson frame, so a message
-- never points into the prelude.
-- Everything the prelude uses is captured in locals first, so whatever a
-- lesson does to its globals cannot change how the API behaves.
local E, H, B = ...

local type, pairs, ipairs, next, select, tostring, tonumber, error, assert =
  B.type, B.pairs, B.ipairs, B.next, B.select, B.tostring, B.tonumber,
  B.error, B.assert
local rawget, rawset, raw_setmetatable, getmetatable =
  B.rawget, B.rawset, B.setmetatable, B.getmetatable
local sformat, sgsub, sbyte, smatch, sfind =
  B.string.format, B.string.gsub, B.string.byte, B.string.match, B.string.find
local raw_remove = B.table.remove
local tconcat, tsort, tinsert, tunpack, tpack =
  B.table.concat, B.table.sort, B.table.insert, B.table.unpack, B.table.pack
local random, floor, huge, mtype = B.math.random, B.math.floor, B.math.huge, B.math.type
local randomseed = B.randomseed

local function copy(t)
  local c = {}
  for k, v in pairs(t) do c[k] = v end
  return c
end

-- {====== texts and languages

local chain = H.chain

local function is_text(v)
  return type(v) == "string" or type(v) == "number" or
    (type(v) == "table" and next(v) ~= nil)
end

local function tr(t, what)
  local ty = type(t)
  if ty == "string" then return t end
  if ty == "number" then return tostring(t) end
  if ty ~= "table" then
    error((what or "text") .. ": expected a string or a table of languages, got " .. ty, 0)
  end
  for _, tag in ipairs(chain) do
    local v = rawget(t, tag)
    if v ~= nil then return tostring(v) end
  end
  local keys = {}
  for k in pairs(t) do if type(k) == "string" then keys[#keys + 1] = k end end
  if #keys == 0 then
    error((what or "text") .. ": a table of languages with no language in it", 0)
  end
  tsort(keys)
  return tostring(t[keys[1]])
end

local function opt_tr(t, what)
  if t == nil then return nil end
  return tr(t, what)
end

E.tr = function(t) return tr(t, "tr") end
-- _"text": the text in the trainee's language from the module's
-- catalogues (po/<lang>.po), or as written when none translates it.
local gettext = H.gettext
E._ = function(s)
  if type(s) ~= "string" then
    error("_: expected a string (the text to translate), got " .. type(s), 0)
  end
  return gettext(s)
end
E.lang = function() return H.lang end

-- }======

-- {====== content

local shown = false	-- content shown since the trainee last acted

local function show(kind, fields)
  shown = true
  H.show(kind, fields)
end

local function text_block(kind)
  return function(t)
    if t == nil then error(kind .. ": expected a text", 0) end
    show(kind, { text = tr(t, kind) })
  end
end
E.heading = text_block("heading")
E.subheading = text_block("subheading")
E.say = text_block("paragraph")
E.para = E.say
E.note = text_block("note")
E.warning = text_block("warning")

E.list = function(t)
  if type(t) ~= "table" then error("list: expected a table of texts", 0) end
  local items = {}
  for i, v in ipairs(t) do items[i] = tr(v, "list item " .. i) end
  show("list", { items = items, ordered = t.ordered and true or false })
end

E.code = function(t)
  if type(t) == "string" then
    show("code", { text = t })
  elseif type(t) == "table" and type(t[1]) == "string" then
    show("code", { text = t[1], lang = t.lang and tostring(t.lang) or nil })
  else
    error("code: expected a string or { text, lang = ... }", 0)
  end
end

E.show_table = function(t)
  if type(t) ~= "table" or type(t.rows) ~= "table" then
    error("show_table: expected { header = {...}, rows = { {...}, ... } }", 0)
  end
  local header, rows, ncols = nil, {}, 0
  if t.header ~= nil then
    header = {}
    for i, v in ipairs(t.header) do header[i] = tr(v, "show_table header") end
    ncols = #header
  end
  for r, row in ipairs(t.rows) do
    if type(row) ~= "table" then error("show_table: row " .. r .. " is not a table", 0) end
    if #row > ncols then ncols = #row end
  end
  for r, row in ipairs(t.rows) do
    local cells = {}
    for c = 1, ncols do cells[c] = row[c] ~= nil and tr(row[c], "show_table cell") or "" end
    rows[r] = cells
  end
  if header then for c = #header + 1, ncols do header[c] = "" end end
  show("table", { header = header, rows = rows, ncols = ncols })
end

E.figure = function(t)
  if type(t) == "string" then t = { t } end
  if type(t) ~= "table" or type(t[1]) ~= "string" then
    error("figure: expected { [[ascii art]], caption = text }", 0)
  end
  show("figure", { text = t[1], caption = opt_tr(t.caption, "figure caption") })
end


-- }======

-- {====== waiting

local fault_handlers = {}

-- Every wait returns true + results, or false + why + message.
local function await(kind, arg)
  local r = tpack(H.wait(kind, arg))
  if r[1] then return tunpack(r, 2, r.n) end
  if r[2] == "fault" then
    for _, fn in ipairs(fault_handlers) do fn(r[3]) end
  end
  error(r[3], 0)
end

E.pause = function(t)
  shown = false
  await("pause", opt_tr(t, "pause"))
end

E.confirm = function(t)
  if type(t) ~= "table" or type(t.id) ~= "string" or not is_text(t.text) then
    error("confirm: expected { id = \"...\", text = ... }", 0)
  end
  shown = false
  return await("confirm", { id = t.id, text = tr(t.text, "confirm") })
end

-- Asks for the emergency stop now, without waiting: the lesson goes on
-- (moving the printer) and learns of the stop as a printer fault.
E.expect_stop = function(t)
  if type(t) ~= "table" or type(t.id) ~= "string" or not is_text(t.text) then
    error("expect_stop: expected { id = \"...\", text = ... }", 0)
  end
  show("warning", { text = tr(t.text, "expect_stop") })
  H.expect_stop(t.id)
end

E.sleep = function(s)
  if type(s) ~= "number" or s < 0 then error("sleep: expected seconds (a number >= 0)", 0) end
  await("sleep", s)
end

E.elapsed = function() return H.elapsed() end

-- }======

-- {====== questions

local quiz_log = {}	-- every answer in this run, for evidence

local function shuffled(n, on)
  local order = {}
  for i = 1, n do order[i] = i end
  if on then
    for i = n, 2, -1 do
      local j = random(i)
      order[i], order[j] = order[j], order[i]
    end
  end
  return order
end

local function check_index(q, n, v, what)
  if mtype(v) ~= "integer" or v < 1 or v > n then
    error(("ask %s: %s must be a choice number from 1 to %d"):format(q.id, what, n), 0)
  end
end

-- Validates an ask table and works out its kind.
local function classify(q)
  if type(q) ~= "table" then error("ask: expected a table", 0) end
  if type(q.id) ~= "string" or q.id == "" then error("ask: 'id' (a string) is required", 0) end
  if not is_text(q.q) then error("ask " .. q.id .. ": 'q' (the question text) is required", 0) end
  if q.choices ~= nil then
    if type(q.choices) ~= "table" or #q.choices < 2 then
      error("ask " .. q.id .. ": 'choices' needs at least two texts", 0)
    end
    local n = #q.choices
    if type(q.correct) == "table" then
      if #q.correct == 0 then error("ask " .. q.id .. ": 'correct' lists no choice", 0) end
      for _, c in ipairs(q.correct) do check_index(q, n, c, "each entry of 'correct'") end
      return "multi"
    end
    if q.correct == nil then error("ask " .. q.id .. ": 'correct' is missing", 0) end
    check_index(q, n, q.correct, "'correct'")
    return "single"
  elseif q.answer ~= nil then
    if type(q.answer) ~= "boolean" then error("ask " .. q.id .. ": 'answer' must be true or false", 0) end
    return "truefalse"
  elseif q.value ~= nil then
    if type(q.value) ~= "number" then error("ask " .. q.id .. ": 'value' must be a number", 0) end
    if q.tolerance ~= nil and (type(q.tolerance) ~= "number" or q.tolerance < 0) then
      error("ask " .. q.id .. ": 'tolerance' must be a number >= 0", 0)
    end
    return "numeric"
  elseif q.order ~= nil then
    if type(q.order) ~= "table" or #q.order < 2 then
      error("ask " .. q.id .. ": 'order' needs at least two texts", 0)
    end
    return "order"
  end
  error("ask " .. q.id .. ": give 'choices' + 'correct', 'answer', 'value' or 'order'", 0)
end

local tf_words = {
  ["true"] = { en = "True", sl = "Drži", hr = "Točno", bs = "Tačno", ["sr-Latn"] = "Tačno",
               cnr = "Tačno", ["sr-Cyrl"] = "Тачно", mk = "Точно" },
  ["false"] = { en = "False", sl = "Ne drži", hr = "Netočno", bs = "Netačno",
                ["sr-Latn"] = "Netačno", cnr = "Netačno", ["sr-Cyrl"] = "Нетачно", mk = "Неточно" },
}

local function verdict_text(fb, ok)
  if ok then return fb.correct end
  return fb.wrong
end

-- Grades one answer; returns correct, the answer as the lesson sees it, and
-- the feedback text.
local function grade(q, kind, order, a)
  local fb = q.feedback or {}
  local picks = {}
  for i, p in ipairs(a.picks or {}) do picks[i] = order[p] end
  if kind == "single" then
    local v = picks[1]
    local ok = v == q.correct
    return ok, v, fb[v] or verdict_text(fb, ok)
  elseif kind == "multi" then
    local want, got = {}, {}
    for _, c in ipairs(q.correct) do want[c] = true end
    for _, p in ipairs(picks) do got[p] = true end
    local ok, list = true, {}
    for c in pairs(want) do if not got[c] then ok = false end end
    for p in pairs(got) do
      list[#list + 1] = p
      if not want[p] then ok = false end
    end
    tsort(list)
    local text = nil
    for _, p in ipairs(list) do
      if fb[p] and (not want[p] or ok) then text = fb[p] break end
    end
    return ok, list, text or verdict_text(fb, ok)
  elseif kind == "truefalse" then
    local v = picks[1] == 1
    local ok = v == q.answer
    return ok, v, fb[v] or verdict_text(fb, ok)
  elseif kind == "numeric" then
    local v, tol = a.number, q.tolerance or 0
    local ok = v ~= nil and v >= q.value - tol and v <= q.value + tol
    local text
    if not ok and v ~= nil then text = v < q.value and fb.low or fb.high end
    return ok, v, text or verdict_text(fb, ok)
  else
    local ok = #picks == #q.order
    for i = 1, #q.order do if picks[i] ~= i then ok = false end end
    return ok, picks, verdict_text(fb, ok)
  end
end

local function ask(q, quiz_index, quiz_count)
  local kind = classify(q)
  local tries = q.tries or 1
  if mtype(tries) ~= "integer" or tries < 1 then
    error("ask " .. q.id .. ": 'tries' must be a whole number >= 1", 0)
  end
  local text = tr(q.q, "ask " .. q.id)
  local source, order
  if kind == "single" or kind == "multi" then
    source = q.choices
    order = shuffled(#source, q.shuffle)
  elseif kind == "truefalse" then
    source = { tf_words["true"], tf_words["false"] }
    order = { 1, 2 }
  elseif kind == "order" then
    source = q.order
    order = shuffled(#source, true)
    -- A shuffle that left everything in place gives the answer away.
    local same = true
    for i = 1, #order do if order[i] ~= i then same = false end end
    if same then order[1], order[2] = order[2], order[1] end
  end
  local shown_choices = nil
  if source then
    shown_choices = {}
    for i, o in ipairs(order) do shown_choices[i] = tr(source[o], "ask " .. q.id .. " choice") end
  end
  local entry = { id = q.id, kind = kind, q = text, choices = shown_choices,
                  shown_order = order, answers = {}, tries = 0 }
  quiz_log[#quiz_log + 1] = entry
  local ok, value
  for try = 1, tries do
    shown = false
    local a = await("ask", { id = q.id, kind = kind, text = text, choices = shown_choices,
                              origin = order, unit = q.unit and tostring(q.unit) or nil,
                              try = try, tries = tries,
                              quiz_index = quiz_index or 0, quiz_count = quiz_count or 0 })
    local fb
    ok, value, fb = grade(q, kind, order or {}, a)
    entry.answers[try] = value
    entry.tries = try
    local final = ok or try == tries
    H.feedback(q.id, ok, final, opt_tr(fb, "feedback"),
               final and opt_tr(q.explain, "explain") or nil)
    if ok then break end
  end
  entry.correct = ok
  return ok, value
end
E.ask = function(q) return ask(q) end

E.quiz = function(t)
  if type(t) ~= "table" or type(t.id) ~= "string" or type(t.questions) ~= "table" then
    error("quiz: expected { id = ..., outcome = ..., questions = { ... } }", 0)
  end
  local pool = t.questions
  local draw = t.draw or #pool
  if mtype(draw) ~= "integer" or draw < 1 or draw > #pool then
    error(("quiz %s: 'draw' must be a whole number from 1 to %d"):format(t.id, #pool), 0)
  end
  local pass = t.pass or 0.8
  local seen = {}
  for i, q in ipairs(pool) do
    classify(q)
    if seen[q.id] then error("quiz " .. t.id .. ": question id '" .. q.id .. "' is used twice", 0) end
    seen[q.id] = true
  end
  local picked = shuffled(#pool, true)
  local score, max, asked = 0, 0, {}
  for i = 1, draw do
    local q = pool[picked[i]]
    local points = q.points or 1
    local first = #quiz_log + 1
    local ok = ask(q, i, draw)
    max = max + points
    if ok then score = score + points end
    local e = quiz_log[first]
    asked[i] = { id = q.id, question = e.q, choices = e.choices, answers = e.answers,
                 tries = e.tries, correct = ok, points = points }
  end
  local passed = score >= pass * max - 1e-9
  if t.outcome ~= nil then
    E.check { outcome = t.outcome, by = "quiz", passed = passed, score = score, max = max, pass = pass,
              evidence = { quiz = t.id, seed = H.seed, drawn = draw, pool = #pool,
                           pass = pass, questions = asked } }
  end
  return passed, score, max
end

-- }======

-- {====== checks and sign-off

local json

local function json_string(s)
  return '"' .. sgsub(s, '[%c"\\]', function(c)
    local map = { ['"'] = '\\"', ['\\'] = '\\\\', ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t' }
    return map[c] or sformat("\\u%04x", sbyte(c))
  end) .. '"'
end

json = function(v, depth)
  depth = depth or 0
  if depth > 32 then error("check: evidence is nested too deeply (or contains a cycle)", 0) end
  local ty = type(v)
  if ty == "nil" then return "null"
  elseif ty == "boolean" then return tostring(v)
  elseif ty == "number" then
    if v ~= v or v == huge or v == -huge then return "null" end
    if mtype(v) == "integer" then return sformat("%d", v) end
    return sformat("%.15g", v)
  elseif ty == "string" then return json_string(v)
  elseif ty == "table" then
    local n = #v
    local count = 0
    for _ in pairs(v) do count = count + 1 end
    if count == n and n > 0 then
      local parts = {}
      for i = 1, n do parts[i] = json(v[i], depth + 1) end
      return "[" .. tconcat(parts, ",") .. "]"
    end
    local keys = {}
    for k in pairs(v) do
      if type(k) ~= "string" and type(k) ~= "number" then
        error("check: evidence keys must be strings or numbers", 0)
      end
      keys[#keys + 1] = tostring(k)
    end
    tsort(keys)
    local parts = {}
    for i, k in ipairs(keys) do
      local val = v[k]
      if val == nil then val = v[tonumber(k)] end
      parts[i] = json_string(k) .. ":" .. json(val, depth + 1)
    end
    return "{" .. tconcat(parts, ",") .. "}"
  end
  error("check: evidence cannot hold a " .. ty, 0)
end

local methods = { quiz = true, printer = true, trainer = true }

local function check(t, trainer, observed)
  if type(t) ~= "table" then error("check: expected a table", 0) end
  if type(t.outcome) ~= "string" then error("check: 'outcome' (an outcome id) is required", 0) end
  if observed then
    H.check(t.outcome, "observation", t.passed, nil, nil, json(t.evidence), trainer)
    return
  end
  if not H.outcome_known(t.outcome) then
    error("check: outcome '" .. t.outcome .. "' is not defined by this module", 0)
  end
  if not methods[t.by] then error("check: 'by' must be \"quiz\", \"printer\" or \"trainer\"", 0) end
  if t.by == "trainer" and trainer == nil then
    error("check: by = \"trainer\" needs a trainer: use trainer_signoff", 0)
  end
  if type(t.passed) ~= "boolean" then error("check: 'passed' must be true or false", 0) end
  if t.score ~= nil and type(t.score) ~= "number" then error("check: 'score' must be a number", 0) end
  if t.max ~= nil and type(t.max) ~= "number" then error("check: 'max' must be a number", 0) end
  if t.pass ~= nil and type(t.pass) ~= "number" then error("check: 'pass' must be a number", 0) end
  local evidence = t.evidence
  if evidence ~= nil and type(evidence) ~= "table" then error("check: 'evidence' must be a table", 0) end
  H.check(t.outcome, t.by, t.passed, t.score, t.max or (t.score and 1 or nil),
          json(evidence or {}), trainer, t.pass)
end
E.check = function(t) return check(t, nil) end

E.trainer_signoff = function(t)
  if type(t) ~= "table" or type(t.outcome) ~= "string" then
    error("trainer_signoff: expected { outcome = ..., prompt = ... }", 0)
  end
  if not H.outcome_known(t.outcome) then
    error("trainer_signoff: outcome '" .. t.outcome .. "' is not defined by this module", 0)
  end
  local id = t.id or ("signoff." .. t.outcome)
  shown = false
  local trainer, passed = await("signoff", { id = id, outcome = t.outcome,
                                             prompt = opt_tr(t.prompt, "trainer_signoff prompt") or "" })
  if t.evidence ~= nil and type(t.evidence) ~= "table" then
    error("trainer_signoff: 'evidence' must be a table", 0)
  end
  -- What the program gathered for the trainer's decision is kept with it.
  local evidence = copy(t.evidence or {})
  evidence.signoff = id
  evidence.prompt = opt_tr(t.prompt)
  check({ outcome = t.outcome, by = "trainer", passed = passed, evidence = evidence }, trainer)
  return passed, trainer
end

-- One occasion a trainer saw the trainee at work, recorded where it
-- happened: evidence for an outcome signed off later, usually in another
-- module (M1.LO5's workshop rules, seen during the practical work of
-- M4-M6), never a pass of that outcome. Which outcome ids exist is the
-- linter's to check: a lesson only knows its own module's.
E.observe = function(t)
  if type(t) ~= "table" or type(t.outcome) ~= "string" or not is_text(t.prompt) then
    error("observe: expected { outcome = ..., prompt = ... }", 0)
  end
  if not t.outcome:match("^[%w][%w._-]*$") then
    error("observe: '" .. t.outcome .. "' is not an outcome id", 0)
  end
  if t.evidence ~= nil and type(t.evidence) ~= "table" then
    error("observe: 'evidence' must be a table", 0)
  end
  local id = t.id or ("observe." .. t.outcome)
  local prompt = tr(t.prompt, "observe prompt")
  shown = false
  local trainer, seen = await("signoff", { id = id, outcome = t.outcome,
                                           prompt = prompt, observation = true })
  local evidence = copy(t.evidence or {})
  evidence.observation = id
  evidence.prompt = prompt
  check({ outcome = t.outcome, passed = seen, evidence = evidence }, trainer, true)
  return seen, trainer
end

-- The trainee's recorded observations of an outcome, oldest first: what a
-- trainer saw on each occasion, for the sign-off that rests on them.
E.observations = function(t)
  if type(t) ~= "table" or type(t.outcome) ~= "string" then
    error("observations: expected { outcome = ... }", 0)
  end
  return H.observations(t.outcome)
end

-- }======

-- {====== the printer

local printer = {}
local sent_log = {}

local function fmt_num(v)
  if mtype(v) == "integer" then return sformat("%d", v) end
  return sformat("%.3f", v):gsub("0+$", ""):gsub("%.$", "")
end

local function send(cmds, what)
  for line in (cmds .. "\n"):gmatch("([^\n]*)\n") do
    if smatch(line, "%S") then sent_log[#sent_log + 1] = line end
  end
  return await("send", { cmds = cmds, what = what })
end

printer.send = function(g)
  if type(g) ~= "string" or not smatch(g, "%S") then
    error("printer.send: expected G-code text", 0)
  end
  return send(g)
end

printer.status = function() return H.status() end

printer.home = function(axes)
  local cmd = "G28"
  if axes ~= nil then
    if type(axes) ~= "string" or not smatch(axes, "^[XYZxyz]+$") then
      error("printer.home: axes must be letters from \"XYZ\"", 0)
    end
    cmd = "G28 " .. sgsub(axes:upper(), "(%a)", "%1 "):gsub("%s+$", "")
  end
  send(cmd)
end

local function num_arg(t, k, fname)
  local v = t[k]
  if v ~= nil and type(v) ~= "number" then error(fname .. ": '" .. k .. "' must be a number", 0) end
  return v
end

-- One layer of a G-code file drawn from above (Braille dots; '·' where the
-- head only travels), inside the printer's bed: show_layer("files/a.gcode", 3).
E.show_layer = function(file, n, opts)
  if type(file) ~= "string" then error("show_layer: expected a file path", 0) end
  if mtype(n) ~= "integer" then error("show_layer: expected a layer number (1, 2, ... or -1 for the last)", 0) end
  if opts ~= nil and type(opts) ~= "table" then error("show_layer: options must be a table", 0) end
  local width = opts and num_arg(opts, "width", "show_layer")
  local text, layers, z = H.layer_text(file, n, width and floor(width) or nil)
  local caption = opts and opts.caption and opt_tr(opts.caption, "show_layer caption")
    or sformat("%s: layer %d of %d, Z %.2f mm", file, n < 0 and layers + 1 + n or n, layers, z)
  show("figure", { text = text, caption = caption })
end

-- The trainee's latest print of their own file from the training screen
-- (F6) in the last 'within' seconds, or since this lesson started: a table
-- (file, sha256, outcome "done"/"cancelled"/"failed", reason, lines_done,
-- lines, layer, layers, nozzle_max_c, bed_max_c, ...) or nil.
E.own_print = function(opts)
  if opts ~= nil and type(opts) ~= "table" then error("own_print: expected { within = seconds }", 0) end
  local within = opts and num_arg(opts, "within", "own_print")
  return H.own_print(within)
end

printer.wait_temp = function(t)
  if type(t) ~= "table" then error("printer.wait_temp: expected { nozzle = ..., bed = ... }", 0) end
  local nozzle, bed = num_arg(t, "nozzle", "printer.wait_temp"), num_arg(t, "bed", "printer.wait_temp")
  if nozzle == nil and bed == nil then error("printer.wait_temp: give 'nozzle' and/or 'bed'", 0) end
  return await("temp", { nozzle = nozzle, bed = bed, within = num_arg(t, "within", "printer.wait_temp") or 2,
                         below = t.below and true or false,
                         timeout = num_arg(t, "timeout", "printer.wait_temp") or 900 })
end

printer.heat = function(t)
  if type(t) ~= "table" then error("printer.heat: expected { nozzle = ..., bed = ..., wait = ... }", 0) end
  local nozzle, bed = num_arg(t, "nozzle", "printer.heat"), num_arg(t, "bed", "printer.heat")
  if nozzle == nil and bed == nil then error("printer.heat: give 'nozzle' and/or 'bed'", 0) end
  local cmds = {}
  if nozzle then cmds[#cmds + 1] = "M104 S" .. fmt_num(nozzle) end
  if bed then cmds[#cmds + 1] = "M140 S" .. fmt_num(bed) end
  send(tconcat(cmds, "\n"))
  if t.wait then
    return printer.wait_temp { nozzle = nozzle, bed = bed, timeout = t.timeout }
  end
end

printer.cool = function(t)
  t = t or { nozzle = true, bed = true }
  local cmds = {}
  if t.nozzle then cmds[#cmds + 1] = "M104 S0" end
  if t.bed then cmds[#cmds + 1] = "M140 S0" end
  if #cmds == 0 then error("printer.cool: nothing to cool", 0) end
  send(tconcat(cmds, "\n"))
end

printer.move = function(t)
  if type(t) ~= "table" then error("printer.move: expected { x = ..., y = ..., z = ..., f = ... }", 0) end
  local words = { "G0" }
  for _, k in ipairs { "x", "y", "z", "f" } do
    local v = num_arg(t, k, "printer.move")
    if v ~= nil then words[#words + 1] = k:upper() .. fmt_num(v) end
  end
  if #words == 1 then error("printer.move: give at least one of x, y, z", 0) end
  local cmd = tconcat(words, " ")
  if t.relative then cmd = "G91\n" .. cmd .. "\nG90" end
  if t.wait then cmd = cmd .. "\nM400" end
  send(cmd)
end

printer.extrude = function(t)
  if type(t) ~= "table" or type(t.e) ~= "number" then error("printer.extrude: expected { e = mm, f = mm/min }", 0) end
  local f = num_arg(t, "f", "printer.extrude") or 100
  send("M83\nG1 E" .. fmt_num(t.e) .. " F" .. fmt_num(f) .. "\nM82")
end

printer.wait_idle = function(t)
  send("M400")
end

-- What ends a wait on a print besides its end: pause_after_layer (the job
-- is paused there), stop_on_prompt, until_line (a reply line containing it).
local function print_opts(opts, fname)
  if opts ~= nil and type(opts) ~= "table" then error(fname .. ": options must be a table", 0) end
  opts = opts or {}
  local layer = opts.pause_after_layer
  if layer ~= nil and mtype(layer) ~= "integer" then
    error(fname .. ": 'pause_after_layer' must be a whole number", 0)
  end
  if opts.until_line ~= nil and type(opts.until_line) ~= "string" then
    error(fname .. ": 'until_line' must be a string", 0)
  end
  return { timeout = num_arg(opts, "timeout", fname) or 0, pause_after_layer = layer,
           stop_on_prompt = opts.stop_on_prompt and true or false, until_line = opts.until_line }
end

printer.print_file = function(path, opts)
  if type(path) ~= "string" then error("printer.print_file: expected a file path", 0) end
  local a = print_opts(opts, "printer.print_file")
  a.path = path
  return await("print", a)
end

printer.print_wait = function(opts) return await("print_wait", print_opts(opts, "printer.print_wait")) end
printer.print_resume = function(opts) return await("print_resume", print_opts(opts, "printer.print_resume")) end
printer.print_cancel = function(opts) return await("print_cancel", print_opts(opts, "printer.print_cancel")) end

-- Answers the firmware's host prompt: button n as the prompt listed it.
printer.answer_prompt = function(n)
  if mtype(n) ~= "integer" or n < 1 or n > 4 then
    error("printer.answer_prompt: expected a button number (1 to 4)", 0)
  end
  local cmd = sformat("M876 S%d", n - 1)
  sent_log[#sent_log + 1] = cmd
  H.answer_prompt(n - 1)
end

-- M503 as a table by command word ("M92" -> { X = 80, ..., line = "M92 ..." }),
-- with the settings lessons ask about under plain names.
local function settings_from(lines)
  local st = { raw = lines }
  for _, line in ipairs(lines) do
    local body = smatch(line, "^echo:%s*(.*)$") or line
    body = smatch(body, "^([^;]*)") or body
    local word, rest = smatch(body, "^%s*([GM]%d+)(.*)$")
    if word then
      local params = st[word] or {}
      for letter, num in rest:gmatch("([A-Z])(%-?[%d%.]+)") do
        params[letter] = tonumber(num)
      end
      params.line = smatch(body, "^%s*(.-)%s*$")
      st[word] = params
    end
  end
  local function pick(word, names)
    local p = st[word]
    if not p then return nil end
    local t = {}
    for k, letter in pairs(names) do t[k] = p[letter] end
    return t
  end
  st.steps = pick("M92", { x = "X", y = "Y", z = "Z", e = "E" })
  st.max_feedrate = pick("M203", { x = "X", y = "Y", z = "Z", e = "E" })
  st.max_accel = pick("M201", { x = "X", y = "Y", z = "Z", e = "E" })
  st.pid = pick("M301", { p = "P", i = "I", d = "D" })
  st.bed_pid = pick("M304", { p = "P", i = "I", d = "D" })
  st.probe_offset = pick("M851", { x = "X", y = "Y", z = "Z" })
  st.z_offset = st.M851 and st.M851.Z
  if st.M420 then
    st.leveling = st.M420.S == 1
    st.fade_height = st.M420.Z
  end
  return st
end

printer.settings = function()
  return settings_from(send("M503"))
end

-- M119: "x_min: open" / "z_probe: TRIGGERED" lines (Marlin endstops.cpp
-- print_es_state) -> { x_min = false, z_probe = true, raw = {...} }.
printer.endstops = function()
  local lines = send("M119")
  local es = { raw = lines }
  for _, line in ipairs(lines) do
    local name, state = smatch(line, "^%s*([%w_ ]-):%s*(%a+)%s*$")
    if name and (state == "open" or state == "TRIGGERED") then
      es[sgsub(name, " ", "_")] = state == "TRIGGERED"
    end
  end
  return es
end

-- A mesh report as a grid: Marlin's "Bilinear Leveling Grid:" (M420 V,
-- G29; rows by Y from 0, a header line of column numbers), Marlin's MBL
-- "Mesh Bed Level data:" and UBL maps are read the same way (rows of
-- signed numbers); Prusa's G81 "Measured points:" (rows from the largest
-- Y down: turned round so grid[1] is always the front row, Y smallest).
local function mesh_from(lines)
  local grid, prusa, seen = {}, false, false
  for _, line in ipairs(lines) do
    if sfind(line, "Measured points:", 1, true) then prusa, seen = true, true
    elseif sfind(line, "Leveling Grid:", 1, true) or sfind(line, "Mesh Bed Level data:", 1, true) then seen = true
    elseif seen then
      local nums, body = {}, line
      if not prusa then
        -- " 0 +0.012 -0.034": the row number first, then the values.
        body = smatch(line, "^%s*%d+%s+(.*)$")
        if not body or not sfind(body, "[%+%-]%d") then body = nil end
      end
      if body then
        for n in body:gmatch("[%+%-]?%d+%.%d+") do nums[#nums + 1] = tonumber(n) end
      end
      if #nums > 0 then grid[#grid + 1] = nums end
    end
  end
  if #grid == 0 then return nil end
  if prusa then
    local turned = {}
    for i = #grid, 1, -1 do turned[#turned + 1] = grid[i] end
    grid = turned
  end
  local lo, hi = huge, -huge
  for _, row in ipairs(grid) do
    for _, v in ipairs(row) do
      if v < lo then lo = v end
      if v > hi then hi = v end
    end
  end
  return { grid = grid, rows = #grid, cols = #grid[1], min = lo, max = hi,
           range = hi - lo, raw = lines }
end

local function is_prusa()
  return sfind(H.status().firmware or "", "Prusa", 1, true) ~= nil
end

printer.mesh = function()
  local lines = send(is_prusa() and "G81" or "M420 V")
  local m = mesh_from(lines)
  if m then return m end
  return nil, (lines[1] or "no mesh"), lines
end

printer.probe_mesh = function(t)
  if t ~= nil and type(t) ~= "table" then error("printer.probe_mesh: expected { timeout = ... }", 0) end
  send(is_prusa() and "G80" or "G29")
  return printer.mesh()
end

-- The Z offset where the firmware keeps it: Marlin's M851 Z (read from
-- M503, saved with M500), or Prusa-Firmware's Live-Z of the active steel
-- sheet (M850, Marlin_main.cpp: "Sheet 0 Z-0.7000 R-280 LSmooth1 B60 P35
-- A1", an uncalibrated sheet's "Sheet 1 NOT INITIALIZED" on a line of its
-- own before the rest). nil, why when the firmware reports neither.
local function sheet_from(lines)
  local sheet, text
  for _, line in ipairs(lines) do
    local id = smatch(line, "^Sheet (%d+)")
    if id then
      sheet = { id = tonumber(id), initialized = not sfind(line, "NOT INITIALIZED", 1, true) }
      text = smatch(line, "^(.-)%s*$")
    end
    local z, r, label, b, p, a = smatch(line, "Z(%-?[%d.]+) R(%-?%d+) L(.-) B(%d+) P(%d+) A(%d)%s*$")
    if sheet and z then
      if not id then text = text .. " " .. smatch(line, "^%s*(.-)%s*$") end
      sheet.name = smatch(label, "^(.-)%s*$")
      sheet.z, sheet.microsteps = tonumber(z), tonumber(r)
      sheet.bed_temp, sheet.pinda_temp, sheet.active = tonumber(b), tonumber(p), a == "1"
      return sheet, text
    end
  end
  return nil
end

printer.z_offset = function()
  if is_prusa() then
    local lines = send("M850")
    local sheet, text = sheet_from(lines)
    if not sheet then return nil, (lines[1] or "no reply to M850"), lines end
    return { z = sheet.z, source = "M850", line = text, sheet = sheet, raw = lines }
  end
  local st = settings_from(send("M503"))
  if st.z_offset == nil then return nil, "no M851 in the M503 report", st.raw end
  return { z = st.z_offset, source = "M851", line = st.M851.line, raw = st.raw }
end

-- The G-code that sets the Z offset and saves it on this firmware (for a
-- trainer to confirm): "M851 Z-1.60\nM500", or Prusa's "M850 Z-0.800",
-- which writes the active sheet's Live-Z straight to EEPROM.
printer.z_offset_gcode = function(z)
  if type(z) ~= "number" or z ~= z or z < -10 or z > 10 then
    error("printer.z_offset_gcode: expected the offset in mm (a number from -10 to 10)", 0)
  end
  if is_prusa() then return sformat("M850 Z%.3f", z) end
  return sformat("M851 Z%.2f\nM500", z)
end

printer.ambient = function()
  send("M105")		-- a fresh report: the sensors as they read now
  local s = H.status()
  return s.ambient, s.ambient_sensor
end

-- Holds until the reading has stayed within +-within of the target for
-- hold seconds, reading the printer's reports once a second.
printer.wait_stable = function(t)
  if type(t) ~= "table" then error("printer.wait_stable: expected { nozzle = ..., hold = ... }", 0) end
  local nozzle, bed = num_arg(t, "nozzle", "printer.wait_stable"), num_arg(t, "bed", "printer.wait_stable")
  if (nozzle == nil) == (bed == nil) then error("printer.wait_stable: give 'nozzle' or 'bed'", 0) end
  local within = num_arg(t, "within", "printer.wait_stable") or 2
  local hold = num_arg(t, "hold", "printer.wait_stable") or 60
  local timeout = num_arg(t, "timeout", "printer.wait_stable") or 900
  if not (within > 0 and within < 50 and hold >= 1 and hold <= 3600 and timeout > 0 and timeout <= 86400) then
    error("printer.wait_stable: within must be 0-50 °C, hold 1-3600 s, timeout up to a day", 0)
  end
  if t.raise ~= nil and type(t.raise) ~= "boolean" then
    error("printer.wait_stable: 'raise' must be true or false", 0)
  end
  local which, target = nozzle and "nozzle" or "bed", nozzle or bed
  local t0 = H.elapsed()
  local since, lo, hi, samples, readings = nil, huge, -huge, 0, {}
  local best, all_lo, all_hi = 0, huge, -huge
  while true do
    local s = H.status()
    if s.halted then error("printer.wait_stable: the printer stopped: " .. tostring(s.halt_message), 0) end
    local now = H.elapsed() - t0
    local v = s[which] and s[which].temp or 0
    readings[#readings + 1] = { t = now, temp = v }
    if #readings > 600 then raw_remove(readings, 1) end
    if v < all_lo then all_lo = v end
    if v > all_hi then all_hi = v end
    if v >= target - within and v <= target + within then
      if not since then since, lo, hi, samples = now, v, v, 0 end
      samples = samples + 1
      if v < lo then lo = v end
      if v > hi then hi = v end
      if now - since > best then best = now - since end
      if now - since >= hold then
        return { stable = true, held_s = now - since, min = lo, max = hi, samples = samples,
                 took_s = now, target = target, readings = readings }
      end
    else
      since = nil
    end
    if now > timeout and t.raise == false then
      -- The fail side of a stability check: what it saw, never held.
      return { stable = false, held_s = best, min = all_lo, max = all_hi, samples = #readings,
               took_s = now, target = target, readings = readings }
    end
    if now > timeout then
      error(sformat("printer.wait_stable: the %s did not hold %g °C within %g °C for %g s in %g s",
                    which, target, within, hold, timeout), 0)
    end
    await("sleep", 1)
  end
end

-- A command only a trainer may confirm (M851, M500, M301 ...): the trainer
-- signs in at the station and says yes; a no sends nothing.
local function trainer_yes(t, fname)
  if type(t) ~= "table" or type(t.id) ~= "string" or type(t.outcome) ~= "string" or type(t.gcode) ~= "string" then
    error(fname .. ": expected { id = ..., outcome = ..., gcode = ..., prompt = ... }", 0)
  end
  if not H.outcome_known(t.outcome) then
    error(fname .. ": outcome '" .. t.outcome .. "' is not defined by this module", 0)
  end
  shown = false
  local prompt = (opt_tr(t.prompt, fname .. " prompt") or "") .. "\n\n" .. t.gcode
  local trainer, yes = await("signoff", { id = t.id, outcome = t.outcome, prompt = prompt })
  return yes, trainer
end

printer.trainer_send = function(t)
  local yes, trainer = trainer_yes(t, "printer.trainer_send")
  if not yes then return false, {}, trainer end
  for line in (t.gcode .. "\n"):gmatch("([^\n]*)\n") do
    if smatch(line, "%S") then sent_log[#sent_log + 1] = line end
  end
  return true, await("send", { cmds = t.gcode, as = "trainer" }), trainer
end

-- The declared exception to one guard rule, so the firmware's own
-- protection can be shown: "cold-extrusion" lets a short extrusion with no
-- motion reach a cold nozzle. On layerlab's virtual printer it runs at
-- once; on a real printer only after a trainer at the station says yes.
local exceptions = { ["cold-extrusion"] = true }
printer.guard_exception = function(t)
  if type(t) ~= "table" or not exceptions[t.exception] then
    error("printer.guard_exception: 'exception' must be \"cold-extrusion\"", 0)
  end
  local trainer
  if not H.virtual_printer then
    local yes
    yes, trainer = trainer_yes(t, "printer.guard_exception")
    if not yes then return false, {}, trainer end
  elseif type(t.gcode) ~= "string" then
    error("printer.guard_exception: expected { exception = ..., gcode = ... }", 0)
  end
  for line in (t.gcode .. "\n"):gmatch("([^\n]*)\n") do
    if smatch(line, "%S") then sent_log[#sent_log + 1] = line end
  end
  return true, await("send", { cmds = t.gcode, as = "exception" }), trainer
end

-- A fault on layerlab's virtual printer, for fault drills; on any other
-- printer false and why, so the lesson can say what to do instead.
printer.drill_fault = function(name)
  if type(name) ~= "string" or name == "" then
    error("printer.drill_fault: expected a fault name (\"thermal-runaway\", ...)", 0)
  end
  return H.drill_fault(name)
end

printer.on_fault = function(fn)
  if type(fn) ~= "function" then error("printer.on_fault: expected a function", 0) end
  fault_handlers[#fault_handlers + 1] = fn
end

printer.gcode_log = function()
  return copy(sent_log)
end

-- G-code files a trainee made: the station's folder (gcode_dir), and the
-- check a file gets before it may be printed, with its figures.
E.station_files = function() return H.station_files() end
E.check_gcode = function(name)
  if type(name) ~= "string" or name == "" then error("check_gcode: expected a file name", 0) end
  return await("gcheck", { name = name })
end

-- Read-only, so a lesson cannot swap the functions it was written against.
E.printer = raw_setmetatable({}, {
  __index = printer,
  __newindex = function() error("printer: its functions cannot be replaced", 0) end,
  __metatable = "locked",
})

-- }======

-- {====== lesson definitions

local definitions = raw_setmetatable({}, { __mode = "k" })
local step_marks = raw_setmetatable({}, { __mode = "k" })

E.step = function(a, b)
  local s
  if type(a) == "table" and b == nil and type(a.run) == "function" then
    s = { id = a.id, title = a.title, run = a.run }
  elseif is_text(a) and type(b) == "function" then
    s = { title = a, run = b }
    if type(a) == "table" and type(a.id) == "string" and type(a.title) ~= "nil" then
      s.id, s.title = a.id, a.title
    end
  else
    error("step: expected step(title, function() ... end) or step { title = ..., run = function ... }", 0)
  end
  if not is_text(s.title) then error("step: a title is required", 0) end
  if s.id ~= nil and type(s.id) ~= "string" then error("step: 'id' must be a string", 0) end
  step_marks[s] = true
  return s
end

local lesson_keys = { id = true, title = true, summary = true, outcomes = true,
                      needs = true, run = true, languages = true, version = true }

-- 'return lesson { ... }' is a tail call: were lesson a Lua function, the
-- file's frame would be gone when it complains. Through a C trampoline the
-- frame stays, and the runner's message handler names the file's line.
local function define_lesson(t)
  if type(t) ~= "table" then error("lesson: expected a table", 0) end
  for k in pairs(t) do
    if type(k) == "string" and not lesson_keys[k] then
      error("lesson: unknown key '" .. k .. "'", 0)
    end
  end
  if type(t.id) ~= "string" or t.id == "" then error("lesson: 'id' (a string) is required", 0) end
  if not is_text(t.title) then error("lesson: 'title' is required", 0) end
  local steps = {}
  for i, s in ipairs(t) do
    if not step_marks[s] then error("lesson: entry " .. i .. " is not a step(...)", 0) end
    steps[i] = s
  end
  if t.run ~= nil then
    if type(t.run) ~= "function" then error("lesson: 'run' must be a function", 0) end
    if #steps > 0 then error("lesson: give either steps or 'run', not both", 0) end
    steps[1] = { title = t.title, run = t.run }
  end
  if #steps == 0 then error("lesson: no steps (add step(...) entries or 'run')", 0) end
  local seen = {}
  for i, s in ipairs(steps) do
    s.id = s.id or ("step" .. i)
    if seen[s.id] then error("lesson: step id '" .. s.id .. "' is used twice", 0) end
    seen[s.id] = true
  end
  if t.outcomes ~= nil then
    if type(t.outcomes) ~= "table" then error("lesson: 'outcomes' must be a list of outcome ids", 0) end
    for _, o in ipairs(t.outcomes) do
      if type(o) ~= "string" or not H.outcome_known(o) then
        error("lesson: outcome '" .. tostring(o) .. "' is not defined by this module", 0)
      end
    end
  end
  local def = { id = t.id, title = t.title, steps = steps, needs = t.needs }
  definitions[def] = true
  return def
end
E.lesson = H.trampoline(define_lesson)

-- }======

-- What the runner calls: define checks what the file returned; main runs
-- the steps from first (1-based) inside the lesson's coroutine.
local host = {}

host.define = function(def)
  if not definitions[def] then
    error("the lesson file must end with 'return lesson { ... }'", 0)
  end
  local titles = {}
  for i, s in ipairs(def.steps) do titles[i] = tr(s.title, "step title") end
  return def.id, tr(def.title, "lesson title"), titles
end

host.main = function(def, first)
  local n = #def.steps
  for i = first, n do
    local s = def.steps[i]
    -- Reseeding per step makes a resumed attempt draw what it drew before.
    randomseed(H.seed, i)
    H.step(i - 1, n, tr(s.title, "step title"), s.id)
    shown = false
    s.run()
    if shown then
      shown = false
      await("pause", nil)
    end
  end
end

return host
