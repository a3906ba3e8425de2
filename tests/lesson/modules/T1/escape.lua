-- Every way out of the sandbox we could think of. Each attempt must fail;
-- the lesson reports "blocked: <what>" per attempt and raises an error
-- naming the first attempt that got through.
local escaped = {}

local function blocked(what, cond)
  if cond then
    say("blocked: " .. what)
  else
    escaped[#escaped + 1] = what
    say("ESCAPED: " .. what)
  end
end

local function fails(f, ...)
  local ok = pcall(f, ...)
  return not ok
end

return lesson {
  id = "escape",
  title = "Sandbox escapes",
  step("Globals", function()
    for _, name in ipairs { "io", "debug", "package", "require", "dofile", "loadfile",
                            "coroutine", "loadstring", "module", "arg", "jit", "newproxy",
                            "setfenv", "getfenv", "gcinfo", "collectgarbage_raw", "H", "B" } do
      blocked("global " .. name, _G[name] == nil and _ENV[name] == nil)
    end
    blocked("os.execute", os.execute == nil)
    blocked("os.exit", os.exit == nil)
    blocked("os.getenv", os.getenv == nil)
    blocked("os.remove", os.remove == nil)
    blocked("os.rename", os.rename == nil)
    blocked("os.tmpname", os.tmpname == nil)
    blocked("os.setlocale", os.setlocale == nil)
    blocked("string.dump", string.dump == nil)
    blocked("string method dump", ("x").dump == nil)
    blocked("math.randomseed", math.randomseed == nil)
    blocked("package.loaded via _G", rawget(_G, "package") == nil)
  end),
  step("Metatables", function()
    blocked("getmetatable(\"\") is hidden", getmetatable("") == "locked")
    blocked("string metatable __index", fails(function() return getmetatable("").__index.dump end))
    blocked("setmetatable on the string metatable",
      fails(setmetatable, getmetatable(""), {}))
    blocked("__gc finalizer", fails(setmetatable, {}, { __gc = function() while true do end end }))
    blocked("printer functions cannot be replaced", fails(function() printer.send = function() end end))
    blocked("printer metatable is hidden", getmetatable(printer) == "locked")
    blocked("setmetatable on printer", fails(setmetatable, printer, {}))
    -- Emptying the lesson's own string table leaves the API working.
    local saved = string.format
    string.format = nil
    string.rep = nil
    blocked("string methods survive a vandalised string table", ("%d"):format(5) == "5")
    string.format = saved
    local say_fn = say
    rawset(_G, "say", nil)
    local gone = _G.say == nil
    rawset(_G, "say", say_fn)
    blocked("rawset on _G only changes the lesson's own globals", gone and say ~= nil)
  end),
  step("Loading code", function()
    local binary = "\27Lua\84\0\25\147\13\10\26\10\4\8\8\120\86\0\0\0\0\0\0\0\0\0\0\0\40\119\64\1"
    local f, err = load(binary)
    blocked("load of a binary chunk", f == nil and tostring(err):find("binary") ~= nil)
    f = load(binary, "x", "b")
    blocked("load with mode b", f == nil)
    f = load(binary, "x", "bt")
    blocked("load with mode bt", f == nil)
    local pieces = { binary }
    f = load(function() return table.remove(pieces) end)
    blocked("load of a binary chunk from a reader", f == nil)
    f = load("return io, debug, os.execute, require")
    local a, b, c, d = f()
    blocked("load runs in the lesson's environment", a == nil and b == nil and c == nil and d == nil)
    f = load("return _ENV")
    blocked("loaded chunk's _ENV is the lesson's", f() == _G)
    f = load("return print, io", "x", "t", {})
    blocked("a chunk with its own empty environment sees nothing", f() == nil)
    blocked("_ENV tricks reach no io", (function() local _ENV = _ENV; return io end)() == nil)
  end),
  step("Garbage collector and coroutines", function()
    for _, opt in ipairs { "stop", "restart", "setpause", "setstepmul", "incremental", "generational" } do
      blocked("collectgarbage(\"" .. opt .. "\")", fails(collectgarbage, opt, 100))
    end
    blocked("collectgarbage(\"count\") works", type(collectgarbage("count")) == "number")
    blocked("no coroutine library", coroutine == nil)
    blocked("waiting inside a sort comparator fails cleanly",
      fails(table.sort, { 3, 2, 1 }, function(a, b) sleep(0) return a < b end))
    blocked("waiting inside a metamethod called from C fails cleanly",
      fails(tostring, setmetatable({}, { __tostring = function() sleep(0) return "x" end })))
    blocked("waiting inside gsub fails cleanly",
      fails(string.gsub, "abc", "%w", function() sleep(0) end))
  end),
  step("Reachability", function()
    -- Walk everything reachable from the environment: no primitive table
    -- (marked by its 'kill_message' and 'wait' fields) and no io/debug.
    local seen, found = {}, {}
    local function walk(v, path, depth)
      if depth > 8 then return end
      if type(v) == "string" then
        local mt = getmetatable(v)
        if type(mt) == "table" then found[#found + 1] = path .. " string metatable" end
        return
      end
      if type(v) ~= "table" or seen[v] then return end
      seen[v] = true
      if rawget(v, "kill_message") or rawget(v, "wait") or rawget(v, "open") or rawget(v, "getupvalue") then
        found[#found + 1] = path
      end
      local mt = getmetatable(v)
      if type(mt) == "table" then walk(mt, path .. "<mt>", depth + 1) end
      for k, x in pairs(v) do walk(x, path .. "." .. tostring(k), depth + 1) end
    end
    walk(_G, "_G", 0)
    blocked("nothing privileged is reachable from _G", #found == 0)
    for _, p in ipairs(found) do say("reachable: " .. p) end
    if #escaped > 0 then error("sandbox escape: " .. escaped[1]) end
    say "all escapes blocked"
  end),
}
