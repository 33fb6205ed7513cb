// The numeric meaning of every node kind, written once and used by constant folding,
// `evaluate` (any `Differentiable` type) and the compiled form (`Double`), so that the three
// can never disagree.

extension ExprKind {
  /// Applies this operation to operand values. Kinds with one operand ignore `b`.
  @inlinable @inline(__always)
  func apply<T: Differentiable>(_ a: T, _ b: T, exponent: Int) -> T {
    switch self {
    case .constant, .variable: dualTapeFailure("apply: \(self) has no operands")
    case .add: return a + b
    case .subtract: return a - b
    case .multiply: return a * b
    case .divide: return a / b
    case .negate: return -a
    case .exp: return T.exp(a)
    case .expMinusOne: return T.expMinusOne(a)
    case .log: return T.log(a)
    case .logOnePlus: return T.log(onePlus: a)
    case .sqrt: return T.sqrt(a)
    case .pow: return T.pow(a, b)
    case .sin: return T.sin(a)
    case .cos: return T.cos(a)
    case .atan2: return T.atan2(y: a, x: b)
    case .tanh: return T.tanh(a)
    case .abs: return T.abs(a)
    case .integerPower: return T.pow(a, n: exponent)
    // sign(0) = 0; NaN fails every test and is returned, so it propagates.
    case .sign: return a > 0 ? 1 : (a < 0 ? -1 : (a == 0 ? 0 : a))
    case .relu: return T.relu(a)
    case .min: return T.min(a, b)
    case .max: return T.max(a, b)
    case .hypot: return T.hypot(a, b)
    case .sigmoid: return T.sigmoid(a)
    case .softplus: return T.softplus(a)
    }
  }
}
