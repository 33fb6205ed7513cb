import DualTape
import DualTapeSuite
import Testing

// Sparsity detection by tracers: exact patterns of functions with known derivatives.

private struct ProductAndLinear: VectorToScalar {
  // f = x0·x1 + 3·x2 + x3 − x0: only x0 and x1 interact, and neither with itself.
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T { x[0] * x[1] + 3 * x[2] + x[3] - x[0] }
}

private struct Branchy: VectorToVector {
  // Output 0 reads x1 where x0 > 0, x2 elsewhere.
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    [x[0] > 0 ? x[0] * x[1] : x[0] + x[2], exp(x[3])]
  }
}

private struct EveryPrimitive: VectorToVector {
  // One output per primitive (and some derived functions), each on its own inputs. min is a
  // branch: at the test point x21 < x22, so only x21 is read.
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    [
      exp(x[0]), expm1(x[1]), log(x[2]), log1p(x[3]), sqrt(x[4]), pow(x[5], x[6]), sin(x[7]),
      cos(x[8]), atan2(y: x[9], x: x[10]), tanh(x[11]), abs(x[12]), x[13] / x[14], -x[15],
      hypot(x[16], x[17]), sigmoid(x[18]), softplus(x[19]), relu(x[20]), min(x[21], x[22]),
      pow(x[23], n: 3),
      asin(x[24]) + acos(x[25]) + atan(x[26]) + sinh(x[27]) + cosh(x[28])
        + tan(x[29]),
    ]
  }
}

@Test func jacobianPatternOfTheTridiagonalMap() {
  let n = 12
  let p = SparsityPattern.jacobian(
    at: BroydenTridiagonal().input(count: n), of: BroydenTridiagonal())
  #expect(p == KnownPatterns.banded(n, halfWidth: 1))
}

@Test func jacobianPatternOfTheGridMap() {
  let f = GridLaplacianMap(side: 7)
  #expect(SparsityPattern.jacobian(at: f.input(), of: f) == KnownPatterns.laplacian(side: 7))
}

@Test func jacobianPatternOfTheArrowheadMap() {
  let f = ArrowheadMap()
  #expect(SparsityPattern.jacobian(at: f.input(count: 9), of: f) == KnownPatterns.arrowhead(9))
}

@Test func jacobianPatternCoversEveryPrimitive() {
  let x = (0..<30).map { 0.3 + 0.01 * Double($0) }
  let p = SparsityPattern.jacobian(at: x, of: EveryPrimitive())
  let expected: [[Int]] = [
    [0], [1], [2], [3], [4], [5, 6], [7], [8], [9, 10], [11], [12], [13, 14], [15], [16, 17],
    [18], [19], [20], [21], [23], [24, 25, 26, 27, 28, 29],
  ]
  #expect(p.rows == expected.count && p.columns == 30)
  for (i, row) in expected.enumerated() { #expect(Array(p.columns(inRow: i)) == row, "row \(i)") }
  // The pattern covers the dense Jacobian's nonzeros, and nothing else is nonzero there.
  let dense = Forward.jacobian(at: x, of: EveryPrimitive())
  for i in 0..<dense.rows {
    for j in 0..<dense.columns where dense[i, j] != 0 { #expect(p.contains(i, j), "(\(i), \(j))") }
  }
}

@Test func jacobianPatternFollowsTheBranchTaken() {
  let positive = SparsityPattern.jacobian(at: [1.0, 2, 3, 4], of: Branchy())
  let negative = SparsityPattern.jacobian(at: [-1.0, 2, 3, 4], of: Branchy())
  #expect(Array(positive.columns(inRow: 0)) == [0, 1])
  #expect(Array(negative.columns(inRow: 0)) == [0, 2])
  #expect(Array(positive.columns(inRow: 1)) == [3])
}

@Test func hessianPatternOfRosenbrockIsTridiagonal() {
  let n = 10
  let p = SparsityPattern.hessian(at: Rosenbrock().input(count: n), of: Rosenbrock())
  #expect(p == KnownPatterns.banded(n, halfWidth: 1))
  #expect(p.isSymmetric)
}

@Test func hessianPatternSeparatesProductsFromSums() {
  let p = SparsityPattern.hessian(at: [1.0, 2, 3, 4], of: ProductAndLinear())
  #expect(p == SparsityPattern(rows: 4, columns: 4, entries: [(0, 1), (1, 0)]))
}

@Test func hessianPatternOfTheArrowheadFunction() {
  let x = ArrowheadMap().input(count: 8)
  #expect(SparsityPattern.hessian(at: x, of: ArrowheadFunction()) == KnownPatterns.arrowhead(8))
}

@Test func hessianPatternOfNonlinearFunctions() {
  struct Mixed: VectorToScalar {
    // exp(x0 + x1) couples x0, x1 (both with themselves); x2/x3 couples x2–x3 and x3–x3;
    // sin(x4)·x5 couples x4–x4 and x4–x5; x6 enters linearly.
    func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
      exp(x[0] + x[1]) + x[2] / x[3] + sin(x[4]) * x[5] + 2 * x[6]
    }
  }
  let p = SparsityPattern.hessian(at: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7], of: Mixed())
  let expected = SparsityPattern(
    rows: 7, columns: 7,
    entries: [(0, 0), (0, 1), (1, 0), (1, 1), (2, 3), (3, 2), (3, 3), (4, 4), (4, 5), (5, 4)])
  #expect(p == expected)
  // Every nonzero of the dense Hessian lies in the pattern.
  let dense = Reverse.hessian(at: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7], of: Mixed())
  for i in 0..<7 {
    for j in 0..<7 where dense[i, j] != 0 { #expect(p.contains(i, j), "(\(i), \(j))") }
  }
}

@Test func patternConstructionAndQueries() {
  let p = SparsityPattern(rows: 2, columns: 3, entries: [(0, 0), (1, 2), (0, 1), (0, 1)])
  #expect(p.nonzeroCount == 3)
  #expect(p.rowStarts == [0, 2, 3])
  #expect(p.columnIndices == [0, 1, 2])
  #expect(p.contains(1, 2) && !p.contains(1, 1))
  #expect(p.entryIndex(1, 2) == 2)
  #expect(p.transposed == SparsityPattern(rows: 3, columns: 2, entries: [(0, 0), (1, 0), (2, 1)]))
  #expect(!p.isSymmetric)
  #expect(p.description.contains("xx."))
}
