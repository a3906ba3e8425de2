return { id = "one" }
