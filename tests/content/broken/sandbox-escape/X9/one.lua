-- Each step tries one way out of the sandbox; each must fail on its line.
return lesson {
  id = "one",
  title = { en = "Escapes" },
  step({ en = "io" }, function() io.open("/etc/passwd") end),
  step({ en = "os.execute" }, function() os.execute("true") end),
  step({ en = "os.getenv" }, function() return os.getenv("HOME") end),
  step({ en = "require" }, function() require("io") end),
  step({ en = "debug" }, function() debug.sethook() end),
  step({ en = "string.dump" }, function() string.dump(print) end),
  step({ en = "dump via metatable" }, function() return ("x").dump(print) end),
  step({ en = "binary chunk" }, function() assert(load("\27Lua")) end),
  step({ en = "finalizer" }, function() setmetatable({}, { __gc = function() end }) end),
  step({ en = "package" }, function() return package.loaded end),
  step({ en = "quiz" }, function()
    quiz { id = "q", outcome = "X9.LO1", questions = {
      { id = "a", q = { en = "Is this a question?" }, answer = true },
    } }
  end),
}
