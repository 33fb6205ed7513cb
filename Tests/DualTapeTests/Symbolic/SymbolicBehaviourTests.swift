import DualTape
import Testing

@Test func hashConsingStoresEqualSubtreesOnce() {
  let x = Expr.variable("x")
  let y = Expr.variable("y")
  #expect((x * y + 1).isIdentical(to: x * y + 1))
  #expect(!(x * y).isIdentical(to: y * x))
  #expect(Expr.variable("x").isIdentical(to: x))
  let s = x * x + x * x
  #expect(s.nodeCount == 3)
  #expect(s.treeSize == 7)
  // A chain that doubles at each step: 2ⁿ tree nodes, n + 1 DAG nodes.
  var e = x
  for _ in 0..<60 { e = e + e }
  #expect(e.nodeCount == 61)
  #expect(e.treeSize == 0x1p61 - 1)
  #expect(e.simplified().description == "1.152921504606847e+18 * x")
}

@Test func buildingConcurrentlyGivesTheSameNodes() async {
  let results = await withTaskGroup(of: String.self) { group in
    for _ in 0..<8 {
      group.addTask {
        let x = Expr.variable("x")
        let y = Expr.variable("y")
        var e = x
        for i in 0..<200 { e = sin(e) * y + Expr(Double(i % 7)) }
        return e.derivative(withRespectTo: x).description
      }
    }
    return await group.reduce(into: [String]()) { $0.append($1) }
  }
  #expect(Set(results).count == 1)
  let x = Expr.variable("x")
  let y = Expr.variable("y")
  let a = sin(x) * y
  let b = sin(x) * y
  #expect(a.isIdentical(to: b))
}

@Test func releasedNodesLeaveTheInternTable() {
  let name = "unique_released_variable"
  do {
    var e = Expr.variable(name)
    for _ in 0..<100 { e = cos(e) + 1 }
    _ = e.derivative(withRespectTo: Expr.variable(name))
    #expect(Expr.isAlive(variable: name))
    #expect(Expr.internedNodeCount >= 201)
  }
  // The variable is held by every node built on it: all of them have been released.
  #expect(!Expr.isAlive(variable: name))
}

@Test func deepChainsDoNotOverflowTheStackInWalks() throws {
  let x = Expr.variable("x")
  var e = x
  for _ in 0..<20_000 { e = sin(e) }
  let d = e.derivative(withRespectTo: x)
  #expect(d.nodeCount < 4 * 20_000 + 10)
  let v = try d.evaluate(["x": 0.5])
  #expect(v.isFinite && v > 0)
  #expect(e.description.count == 20_000 * 5 + 1)
}

@Test func deepChainsAreReleasedWithoutRecursion() {
  let name = "deep_released_variable"
  do {
    var e = Expr.variable(name)
    for _ in 0..<100_000 { e = sin(e) }
    #expect(e.nodeCount == 100_001)
  }
  #expect(!Expr.isAlive(variable: name))
}

@Test func unboundVariableIsAThrownErrorNamingIt() {
  let x = Expr.variable("x")
  let y = Expr.variable("y")
  #expect(throws: ExprError.unboundVariable(name: "y", bound: ["x"])) {
    try (x * y).evaluate(["x": 1.0])
  }
  #expect(throws: ExprError.unboundVariable(name: "y", bound: ["x"])) {
    try CompiledExpression(x * y, variables: ["x"])
  }
  let message = ExprError.unboundVariable(name: "y", bound: ["x"]).description
  #expect(message.contains("`y`") && message.contains("Add a value for `y`"))
  #expect(throws: Never.self) { try (x + 1).evaluate(["x": 2.0, "unused": 5]) }
}

@Test func compiledFormMatchesEvaluation() throws {
  let xs = symbols(3)
  let g = SymbolicElementaryMix()(xs).gradient(withRespectTo: xs)
  let compiled = try CompiledExpression(g, variables: ["x0", "x1", "x2"])
  #expect(compiled.outputCount == 3)
  #expect(compiled.instructionCount > 0)
  let points: [[Double]] = [[0.3, -0.7, 1.2], [1.1, 0.4, 0.6]]
  let batch = compiled.evaluate(at: points)
  for (p, out) in zip(points, batch) {
    let reference = try Expr.evaluate(g, ["x0": p[0], "x1": p[1], "x2": p[2]])
    #expect(out == reference)
    #expect(compiled(p) == reference)
  }
  // Variables may be listed in any order, and unused ones are allowed.
  let x = Expr.variable("x")
  let y = Expr.variable("y")
  #expect(try CompiledExpression(x - y, variables: ["y", "w", "x"])([1, 100, 5]) == [4])
}

@Test func branchFreeOverridesMatchEngineEdgeSemantics() throws {
  let x = Expr.variable("x")
  let y = Expr.variable("y")
  let at0 = ["x": 0.0, "y": 0.0]
  #expect(try relu(x).derivative(withRespectTo: x).evaluate(at0) == 0)
  #expect(try relu(x).derivative(withRespectTo: x).evaluate(["x": 2.0]) == 1)
  #expect(try abs(x).derivative(withRespectTo: x).evaluate(at0) == 0)
  #expect(try min(x, y).derivative(withRespectTo: x).evaluate(at0) == 0.5)
  #expect(try max(x, y).derivative(withRespectTo: y).evaluate(at0) == 0.5)
  #expect(try max(x, y).derivative(withRespectTo: y).evaluate(["x": 1.0, "y": 0]) == 0)
  #expect(try sigmoid(x).evaluate(["x": -800.0]) == 0)
  #expect(try softplus(x).evaluate(["x": 800.0]) == 800)
  #expect(relu(x).derivative(withRespectTo: x).description == "sign(relu(x))")
}

@Test func comparingASymbolStopsWithAMessage() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let x = Expr.variable("x")
      _ = x < 1
    }, containing: "involves a symbol")
  // A generic function with a data-dependent branch cannot be built symbolically.
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      struct Branchy: ScalarToScalar {
        func callAsFunction<T: Differentiable>(_ x: T) -> T { x > 0 ? x : -x }
      }
      _ = Branchy()(Expr.variable("x"))
    }, containing: "Write the function without the branch")
  #expect(Expr(2) < Expr(3))
  // Plain numeric code keeps meaning Double: Expr's operators must not capture literals.
  #expect(min(2.0, 3.0) == 2.0)
  #expect(Swift.max(1.0, 2.0) < 3.0)
  #expect(Expr(2) == Expr(2.0))
}

@Test func buildTurnsABranchOnASymbolIntoAThrownError() throws {
  struct Branchy: ScalarToScalar {
    func callAsFunction<T: Differentiable>(_ x: T) -> T { x > 0 ? x : -x }
  }
  let x = Expr.variable("x")
  #expect(throws: ExprError.branchOnSymbol(comparison: "0 < x")) { try Expr.build { Branchy()(x) } }
  #expect(try Expr.build { x * x + 1 }.description == "x * x + 1")
  // Nested and concurrent builds each see only their own comparisons.
  #expect(throws: ExprError.branchOnSymbol(comparison: "0 < x")) {
    try Expr.build {
      _ = try Expr.build { x * 2 }
      return Branchy()(x)
    }
  }
  #expect(ExprError.branchOnSymbol(comparison: "0 < x").description.contains("`0 < x`"))
}

@Test func differentiatingWithRespectToANonVariableStopsWithAMessage() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let x = Expr.variable("x")
      _ = (x * x).derivative(withRespectTo: x + 1)
    }, containing: "needs a variable made by Expr.variable(_:), but was given `x + 1`")
}

@Test func structureIsReadable() {
  let x = Expr.variable("x")
  let y = Expr.variable("y")
  let e = pow(x, n: 3) * sin(y) + 2
  #expect(e.kind == .add)
  #expect(e.operands.count == 2)
  #expect(e.operands[1].constantValue == 2)
  let product = e.operands[0]
  #expect(product.kind == .multiply && product.kind.arity == 2)
  #expect(product.operands[0].exponent == 3)
  #expect(product.operands[0].operands[0].variableName == "x")
  #expect(product.operands[1].kind == .sin && Primitive.sin.arity == 1)
  #expect(x.operands.isEmpty && x.exponent == nil && x.constantValue == nil)
  #expect(e.variables == ["x", "y"])
  #expect((y * x + x).variables == ["y", "x"])
}

@Test func compiledPointOfWrongLengthStopsWithAMessage() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let x = Expr.variable("x")
      _ = try? CompiledExpression(x * x, variables: ["x"])([1, 2])
    }, containing: "the point has 2 values")
}
