-- The globals every lesson sees, whether layerlab runs it or lint does
-- (docs/lesson-api.md, "The sandbox"): one list, so the two cannot drift.
-- Compiled into layerlab; run by sandbox_fill_env with
--   E: the lesson's environment, filled here;
--   B: the raw safe library (sandbox_push_library), also this chunk's _ENV;
--   S: killed() (the budget ran out), kill_message, print(text).
-- Everything is captured in locals first, so whatever a lesson does to its
-- globals cannot change how these behave.
local E, B, S = ...

local type, pairs, ipairs, select, tostring, error, rawget =
  B.type, B.pairs, B.ipairs, B.select, B.tostring, B.error, B.rawget
local raw_setmetatable, raw_pcall, raw_xpcall, raw_load, raw_collectgarbage =
  B.setmetatable, B.pcall, B.xpcall, B.load, B.collectgarbage
local tconcat = B.table.concat
local killed, kill_message, host_print = S.killed, S.kill_message, S.print

local function copy(t)
  local c = {}
  for k, v in pairs(t) do c[k] = v end
  return c
end

for _, name in ipairs { "assert", "error", "ipairs", "next", "pairs",
    "rawequal", "rawget", "rawlen", "rawset", "select", "getmetatable",
    "tonumber", "tostring", "type", "_VERSION" } do
  E[name] = B[name]
end

E.string = copy(B.string)
E.table = copy(B.table)
-- insert, remove and move shift elements in C, where the instruction
-- budget cannot stop them; a __len that lies (or move's explicit range)
-- could make that 10^18 steps. No table in a lesson has ten million
-- elements (the memory cap holds about four), so more is refused.
local TABLE_MAX = 10000000
local raw_insert, raw_remove, raw_move = B.table.insert, B.table.remove, B.table.move
E.table.insert = function(t, ...)
  if type(t) == "table" and #t > TABLE_MAX then error("table.insert: the table is too long", 0) end
  return raw_insert(t, ...)
end
E.table.remove = function(t, ...)
  if type(t) == "table" and #t > TABLE_MAX then error("table.remove: the table is too long", 0) end
  return raw_remove(t, ...)
end
E.table.move = function(a1, f, e, t, a2)
  if type(f) == "number" and type(e) == "number" and e - f > TABLE_MAX then
    error("table.move: too many elements", 0)
  end
  return raw_move(a1, f, e, t, a2)
end
E.math = copy(B.math)
E.utf8 = copy(B.utf8)
E.os = copy(B.os)
E._G = E

-- While a run is being killed (budget spent), a caught error is raised
-- again so pcall cannot hold the lesson inside a loop.
local function filter(ok, ...)
  if not ok and killed() then error(kill_message, 0) end
  return ok, ...
end
E.pcall = function(f, ...) return filter(raw_pcall(f, ...)) end
E.xpcall = function(f, msgh, ...) return filter(raw_xpcall(f, msgh, ...)) end

-- Finalizers would run lesson code outside the lesson's coroutine, where
-- neither the budget nor a cancel reaches: refuse them.
E.setmetatable = function(t, mt)
  if type(mt) == "table" and rawget(mt, "__gc") ~= nil then
    error("setmetatable: __gc metamethods are not available in lessons", 0)
  end
  return raw_setmetatable(t, mt)
end

-- Text chunks only; the environment defaults to the lesson's.
E.load = function(chunk, name, mode, ...)
  if mode ~= nil and mode ~= "t" and mode ~= "bt" then
    return nil, "load: only text chunks are allowed (mode \"t\")"
  end
  if select("#", ...) > 0 then
    return raw_load(chunk, name, "t", ...)
  end
  return raw_load(chunk, name, "t", E)
end

local gc_allowed = { collect = true, count = true, step = true, isrunning = true }
E.collectgarbage = function(opt, ...)
  opt = opt or "collect"
  if not gc_allowed[opt] then
    error("collectgarbage: option '" .. tostring(opt) .. "' is not available in lessons", 0)
  end
  return raw_collectgarbage(opt, ...)
end

E.print = function(...)
  local n, parts = select("#", ...), {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  host_print(tconcat(parts, "\t"))
end
