import DualTape

/// A random composition of DualTape's primitive and derived functions, with the point to
/// differentiate it at, reproducible from one seed.
///
/// ```swift
/// for seed in 0..<1000 as Range<UInt64> {
///   let f = RandomExpression(seed: seed)
///   let g = Reverse.gradient(at: f.defaultInput, of: f)   // also Forward, FiniteDifference
/// }
/// ```
///
/// The generator keeps every operation away from its kinks, poles and domain edges **over the
/// whole box** `[x − r, x + r]` around the point (r = ``boxRadius``, far wider than any finite
/// difference step, Float's included): it bounds each candidate node by interval arithmetic
/// (``Interval``) and uses an operation only where its guard in
/// ``UnaryOperation/range(over:)`` or ``BinaryOperation/range(over:_:)`` accepts the argument
/// ranges; otherwise it falls back to an operation that is smooth everywhere. A node whose
/// range grows beyond ±``magnitudeLimit`` is wrapped in `tanh(·/limit)`, so values and
/// derivatives stay moderate and finite differences stay accurate.
public struct RandomExpression: SuiteVectorFunction {
  /// The half-width of the box around the point in which no kink or domain edge may lie.
  public static let boxRadius = 0.05
  /// The largest magnitude a node may reach over the box before it is squashed by tanh.
  public static let magnitudeLimit = 20.0

  /// The seed this expression was generated from.
  public let seed: UInt64
  /// The expression tree over x₀ … xₙ₋₁.
  public let root: ExpressionNode
  /// The point (n values in [−1.5, 1.5]) around which the expression is safe.
  public let point: [Double]
  /// The range of the expression over the box around the point.
  public let range: Interval

  /// Generates the expression and its point from `seed`.
  ///
  /// - Parameters:
  ///   - seed: fixes the variable count (1 to 4), the point and the tree.
  ///   - maximumDepth: the tree's depth limit (default 5).
  public init(seed: UInt64, maximumDepth: Int = 5) {
    var random = SplitMix64(seed: seed)
    let count = 1 + Int(random.next() % 4)
    let point = (0..<count).map { _ in (random.nextUnit() * 3 - 1.5) }
    var generator = Generator(random: random, point: point)
    let (root, range) = generator.node(depth: maximumDepth)
    self.seed = seed
    self.root = root
    self.point = point
    self.range = range
  }

  public var name: String { "random(seed: \(seed)): \(root)" }
  public var defaultInput: [Double] { point }

  /// Evaluates the expression at `x` (x.count must equal ``point``'s count).
  @inlinable public func callAsFunction<T: Differentiable>(_ x: [T]) -> T { root.evaluate(x) }
}

/// Builds trees node by node, checking each candidate operation on interval bounds.
struct Generator {
  var random: SplitMix64
  let point: [Double]

  /// Operations that accept any argument (the fallbacks).
  static let smoothUnary: [UnaryOperation] = [.sin, .cos, .tanh, .atan, .sigmoid, .softplus]

  mutating func uniform(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }

  mutating func node(depth: Int) -> (ExpressionNode, Interval) {
    if depth == 0 || uniform(10) < 2 { return leaf() }
    let (candidate, range) = inner(depth: depth)
    if range.magnitude <= RandomExpression.magnitudeLimit { return (candidate, range) }
    // Squash: tanh(a / limit) keeps the range inside (−1, 1) and the slope moderate.
    let limit = ExpressionNode.constant(RandomExpression.magnitudeLimit)
    let scaled = ExpressionNode.binary(.divide, candidate, limit)
    let squashedRange = (range / Interval(point: RandomExpression.magnitudeLimit))
      .increasing { DualTape.tanh($0) }
    return (.unary(.tanh, scaled), squashedRange)
  }

  mutating func leaf() -> (ExpressionNode, Interval) {
    if uniform(10) < 7 {
      let i = uniform(point.count)
      let r = RandomExpression.boxRadius
      return (.variable(i), Interval(point[i] - r, point[i] + r))
    }
    // Constants with two decimals, in [−2, 2].
    let c = Double(uniform(401) - 200) / 100
    return (.constant(c), Interval(point: c))
  }

  mutating func inner(depth: Int) -> (ExpressionNode, Interval) {
    let kind = uniform(10)
    if kind < 5 {
      let (a, ra) = node(depth: depth - 1)
      let op = UnaryOperation.allCases[uniform(UnaryOperation.allCases.count)]
      if let r = op.range(over: ra) { return (.unary(op, a), r) }
      let fallback = Self.smoothUnary[uniform(Self.smoothUnary.count)]
      return (.unary(fallback, a), fallback.range(over: ra)!)
    }
    if kind < 9 {
      let (a, ra) = node(depth: depth - 1)
      let (b, rb) = node(depth: depth - 1)
      let op = BinaryOperation.allCases[uniform(BinaryOperation.allCases.count)]
      if let r = op.range(over: ra, rb) { return (.binary(op, a, b), r) }
      return (.binary(.add, a, b), ra + rb)
    }
    let (a, ra) = node(depth: depth - 1)
    let n = uniform(8) - 3
    if n >= 0 || ra.excludesZero(margin: 0.3) { return (.integerPower(a, n), ra.power(n)) }
    return (.integerPower(a, -n), ra.power(-n))
  }
}
