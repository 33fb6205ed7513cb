import DualTape

/// A one-argument operation of a random expression: a primitive or a derived function.
public enum UnaryOperation: String, CaseIterable, Sendable {
  case negate, square, sin, cos, tan, asin, acos, atan, sinh, cosh, tanh
  case exp, expm1, log, log1p, sqrt, abs, relu, sigmoid, softplus

  /// Applies the operation with any engine's scalar.
  @inlinable public func apply<T: Differentiable>(_ a: T) -> T {
    switch self {
    case .negate: return -a
    case .square: return a * a
    case .sin: return DualTape.sin(a)
    case .cos: return DualTape.cos(a)
    case .tan: return DualTape.tan(a)
    case .asin: return DualTape.asin(a)
    case .acos: return DualTape.acos(a)
    case .atan: return DualTape.atan(a)
    case .sinh: return DualTape.sinh(a)
    case .cosh: return DualTape.cosh(a)
    case .tanh: return DualTape.tanh(a)
    case .exp: return DualTape.exp(a)
    case .expm1: return DualTape.expm1(a)
    case .log: return DualTape.log(a)
    case .log1p: return DualTape.log1p(a)
    case .sqrt: return DualTape.sqrt(a)
    case .abs: return DualTape.abs(a)
    case .relu: return DualTape.relu(a)
    case .sigmoid: return DualTape.sigmoid(a)
    case .softplus: return DualTape.softplus(a)
    }
  }

  /// The operation's range over `a`, or nil if `a` comes near a kink, pole or domain edge
  /// (so the generator does not use the operation there).
  ///
  /// Margins: tan on [−1.2, 1.2], asin/acos on [−0.9, 0.9], exp-like on [−3, 3],
  /// log/sqrt above 0.2, log1p above −0.8, abs and relu at least 0.01 from 0.
  public func range(over a: Interval) -> Interval? {
    switch self {
    case .negate: return -a
    case .square: return a.power(2)
    case .sin: return a.sine
    case .cos: return a.cosine
    case .tan: return a.isWithin(-1.2, 1.2) ? a.increasing { DualTape.tan($0) } : nil
    case .asin: return a.isWithin(-0.9, 0.9) ? a.increasing { DualTape.asin($0) } : nil
    case .acos: return a.isWithin(-0.9, 0.9) ? a.decreasing { DualTape.acos($0) } : nil
    case .atan: return a.increasing { DualTape.atan($0) }
    case .sinh: return a.isWithin(-3, 3) ? a.increasing { DualTape.sinh($0) } : nil
    case .cosh: return a.isWithin(-3, 3) ? a.hyperbolicCosine : nil
    case .tanh: return a.increasing { DualTape.tanh($0) }
    case .exp: return a.isWithin(-3, 3) ? a.increasing { DualTape.exp($0) } : nil
    case .expm1: return a.isWithin(-3, 3) ? a.increasing { DualTape.expm1($0) } : nil
    case .log: return a.lo >= 0.2 ? a.increasing { DualTape.log($0) } : nil
    case .log1p: return a.lo >= -0.8 ? a.increasing { DualTape.log1p($0) } : nil
    case .sqrt: return a.lo >= 0.2 ? a.increasing { DualTape.sqrt($0) } : nil
    case .abs: return a.excludesZero(margin: 0.01) ? a.absolute : nil
    case .relu: return a.excludesZero(margin: 0.01) ? a.increasing { Swift.max($0, 0) } : nil
    case .sigmoid: return a.increasing { DualTape.sigmoid($0) }
    case .softplus: return a.increasing { DualTape.softplus($0) }
    }
  }
}

/// A two-argument operation of a random expression.
public enum BinaryOperation: String, CaseIterable, Sendable {
  case add, subtract, multiply, divide, pow, atan2, hypot, min, max

  /// Applies the operation with any engine's scalar (`atan2(y: a, x: b)`).
  @inlinable public func apply<T: Differentiable>(_ a: T, _ b: T) -> T {
    switch self {
    case .add: return a + b
    case .subtract: return a - b
    case .multiply: return a * b
    case .divide: return a / b
    case .pow: return DualTape.pow(a, b)
    case .atan2: return DualTape.atan2(y: a, x: b)
    case .hypot: return DualTape.hypot(a, b)
    case .min: return DualTape.min(a, b)
    case .max: return DualTape.max(a, b)
    }
  }

  /// The operation's range over `a` and `b`, or nil near a kink, pole or domain edge.
  ///
  /// Margins: a divisor at least 0.3 from 0; `pow` with base ≥ 0.2 and exponent in [−3, 3];
  /// `atan2` with x ≥ 0.2 or |y| ≥ 0.2 (off the branch cut and the origin); `hypot` with one
  /// argument at least 0.2 from 0; `min`/`max` only when the arguments cannot tie.
  public func range(over a: Interval, _ b: Interval) -> Interval? {
    switch self {
    case .add: return a + b
    case .subtract: return a - b
    case .multiply: return a * b
    case .divide: return b.excludesZero(margin: 0.3) ? a / b : nil
    case .pow:
      guard a.lo >= 0.2, b.isWithin(-3, 3) else { return nil }
      return (b * a.increasing { DualTape.log($0) }).increasing { DualTape.exp($0) }
    case .atan2:
      guard b.lo >= 0.2 || a.excludesZero(margin: 0.2) else { return nil }
      // Off the cut, atan2 is monotone in each argument, so the corners bound it.
      return Interval.hull(
        [a.lo, a.hi].flatMap { y in [b.lo, b.hi].map { x in DualTape.atan2(y: y, x: x) } })
    case .hypot:
      guard a.excludesZero(margin: 0.2) || b.excludesZero(margin: 0.2) else { return nil }
      return (a.power(2) + b.power(2)).increasing { DualTape.sqrt($0) }
    case .min:
      guard a.hi < b.lo || b.hi < a.lo else { return nil }
      return Interval(Swift.min(a.lo, b.lo), Swift.min(a.hi, b.hi))
    case .max:
      guard a.hi < b.lo || b.hi < a.lo else { return nil }
      return Interval(Swift.max(a.lo, b.lo), Swift.max(a.hi, b.hi))
    }
  }
}

/// A node of an expression tree over variables x₀ … xₙ₋₁, evaluable with any engine.
public indirect enum ExpressionNode: Sendable, CustomStringConvertible {
  /// The input xᵢ.
  case variable(Int)
  /// A constant.
  case constant(Double)
  /// A one-argument operation.
  case unary(UnaryOperation, ExpressionNode)
  /// A two-argument operation.
  case binary(BinaryOperation, ExpressionNode, ExpressionNode)
  /// An integer power `pow(a, n: n)`.
  case integerPower(ExpressionNode, Int)

  /// Evaluates the tree at `x` with any engine's scalar (constants enter as `T(c)`).
  @inlinable public func evaluate<T: Differentiable>(_ x: [T]) -> T {
    switch self {
    case .variable(let i): return x[i]
    case .constant(let c): return T(c)
    case .unary(let op, let a): return op.apply(a.evaluate(x))
    case .binary(let op, let a, let b): return op.apply(a.evaluate(x), b.evaluate(x))
    case .integerPower(let a, let n): return DualTape.pow(a.evaluate(x), n: n)
    }
  }

  /// The number of operations (inner nodes) in the tree.
  public var operationCount: Int {
    switch self {
    case .variable, .constant: return 0
    case .unary(_, let a), .integerPower(let a, _): return 1 + a.operationCount
    case .binary(_, let a, let b): return 1 + a.operationCount + b.operationCount
    }
  }

  /// The expression in function notation, e.g. `sin(mul(x0, 1.5))`.
  public var description: String {
    switch self {
    case .variable(let i): return "x\(i)"
    case .constant(let c): return "\(c)"
    case .unary(let op, let a): return "\(op.rawValue)(\(a))"
    case .binary(let op, let a, let b): return "\(op.rawValue)(\(a), \(b))"
    case .integerPower(let a, let n): return "pow(\(a), n: \(n))"
    }
  }
}
