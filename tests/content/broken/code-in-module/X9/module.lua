-- module.lua is data: it cannot call functions.
return module {
  id = "X9",
}
