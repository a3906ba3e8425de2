-- A missing comma.
return {
  id = "X9"
  version = "1.0",
}
