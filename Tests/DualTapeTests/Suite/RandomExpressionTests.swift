import DualTape
import DualTapeSuite
import Testing

// Random compositions of the primitives and derived functions, each differentiated by both
// engines and by finite differences. The seeds are fixed, so a failure reproduces with
// `RandomExpression(seed:)`; every failure message starts with the seed and the expression.

/// The first seed of the run; expressions use seeds `baseSeed ..< baseSeed + expressionCount`.
private let baseSeed: UInt64 = 20_261_122
/// Expressions per run and per scalar type.
private let expressionCount = 1_000

@Suite("Random expressions")
struct RandomExpressionTests {
  /// Forward equals reverse (values, gradients; Hessians for Double) to `.engines`, and the
  /// gradient agrees with central differences to `.standard`.
  ///
  /// The difference reference is always computed in Double, at the same (rounded) point: in
  /// Float, central differences have a step of about 5·10⁻³ and their truncation error
  /// (h²/6·f‴) exceeds Float's tolerance on the steeper random expressions, which would be a
  /// fault of the reference, not of the engines.
  func checkRandom<S: RealScalar>(_: S.Type) {
    for seed in baseSeed..<(baseSeed + UInt64(expressionCount)) {
      let f = RandomExpression(seed: seed)
      let x = f.point.map { S($0) }
      let label = "seed \(seed): \(f.root) at \(f.point)"
      let forward = Forward.valueWithGradient(at: x, of: f)
      let reverse = Reverse.valueWithGradient(at: x, of: f)
      SuiteCheck.expectPassed(
        GradientCheck.compare([forward.value, reverse.value], [f(x), f(x)], tolerance: .engines),
        "\(label) values")
      SuiteCheck.expectPassed(
        GradientCheck.compare(forward.gradient, reverse.gradient, tolerance: .engines),
        "\(label) forward vs reverse")
      let reference = FiniteDifference.gradient(at: x.map { Double($0) }, of: f).map { S($0) }
      SuiteCheck.expectPassed(
        GradientCheck.compare(reverse.gradient, reference), "\(label) reverse vs FD")
      if S.self == Double.self {
        SuiteCheck.expectPassed(
          GradientCheck.compare(
            Reverse.hessian(at: x, of: f), Forward.hessian(at: x, of: f), tolerance: .engines),
          "\(label) Hessian forward-over-reverse vs forward-over-forward")
      }
    }
  }

  @Test func thousandExpressionsInDouble() { checkRandom(Double.self) }

  @Test func thousandExpressionsInFloat() { checkRandom(Float.self) }

  @Test func generationIsReproducible() {
    for seed in 0..<20 as Range<UInt64> {
      let a = RandomExpression(seed: seed)
      let b = RandomExpression(seed: seed)
      #expect(a.name == b.name && a.point == b.point)
    }
    #expect(RandomExpression(seed: 1).name != RandomExpression(seed: 2).name)
  }

  /// The generator's interval bound holds at the point and at the corners of its box, and the
  /// expressions are neither trivial nor all alike: every operation is used.
  @Test func boundsHoldAndEveryOperationIsUsed() {
    var unary = Set<String>()
    var binary = Set<String>()
    var operations = 0
    func visit(_ node: ExpressionNode) {
      switch node {
      case .variable, .constant: break
      case .unary(let op, let a):
        unary.insert(op.rawValue)
        visit(a)
      case .binary(let op, let a, let b):
        binary.insert(op.rawValue)
        visit(a)
        visit(b)
      case .integerPower(let a, _): visit(a)
      }
    }
    for seed in baseSeed..<(baseSeed + UInt64(expressionCount)) {
      let f = RandomExpression(seed: seed)
      visit(f.root)
      operations += f.root.operationCount
      let r = RandomExpression.boxRadius
      for corner in [f.point, f.point.map { $0 + r }, f.point.map { $0 - r }] {
        let y = f(corner)
        #expect(
          y >= f.range.lo - 1e-9 && y <= f.range.hi + 1e-9,
          "seed \(seed): \(y) outside \(f.range) at \(corner)")
      }
    }
    #expect(unary == Set(UnaryOperation.allCases.map(\.rawValue)))
    #expect(binary == Set(BinaryOperation.allCases.map(\.rawValue)))
    #expect(operations >= 5 * expressionCount, "only \(operations) operations in all")
  }
}
