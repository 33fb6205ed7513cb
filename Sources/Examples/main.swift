print("examples: training examples (regression, surface, iris, digits) are not built yet")
