-- A missing comma.
return {
  id = "M9"
  version = "1.0",
}
