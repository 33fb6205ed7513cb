/// Every operation any DualTape engine records or builds: one enum for the scalar tape's
/// trace (``WengertList``), the symbolic engine's nodes (``ExprKind``) and the array tape's
/// nodes, so that printing and dispatch read one list of names.
///
/// The elementary functions' values and partials are not written here but in the rule table
/// (`Rules/ElementaryRules.swift`); this enum only names them.
public enum Primitive: UInt8, Sendable, CaseIterable {
  // Leaves: a tape input, a symbolic constant or variable, an array tape's leaf.
  case input, constant, variable, leaf
  // Arithmetic.
  case add, subtract, multiply, divide, negate
  // Elementary functions that every engine implements through the rule table.
  case exp, expMinusOne, log, logOnePlus, sqrt, pow, sin, cos, atan2, tanh, abs
  /// xⁿ for a fixed integer n (``Expr/exponent``), evaluated by repeated squaring.
  case integerPower
  /// sign(x): −1, 0 or 1 (0 at 0, NaN at NaN); derivative 0.
  case sign
  case relu, min, max, hypot, sigmoid, softplus
  // Special functions and the rest of the table (`Protocol/Functions+Special.swift`).
  case erf, erfc, logGamma, polygamma, log2, log10, exp2, cbrt, asinh, acosh, atanh
  /// xᵖ for a constant real p (the array tape's `pow(_:p:)` and the scalar engines' ``Rules/RealPower``).
  case realPower
  case floor, ceil, round, cosh, sinh, tan, asin, acos, atan
  /// A user's own rule (``UnaryRule``, ``BinaryRule``, ``VectorRule``).
  case custom
  // Array tape only: constant factor and shift, integer power with the exponent as parameter,
  // linear algebra, reductions and fused losses.
  case scale, shift, powInt, matmul, transpose, reshape
  case sumAll, sumColumns, sumRows, maxRows, logSumExpRows, softmaxRows
  case meanSquaredError, softmaxCrossEntropy, binaryCrossEntropyLogits

  /// The number of operands (0 for a leaf, 2 for a binary operation).
  public var arity: Int {
    switch self {
    case .input, .constant, .variable, .leaf: 0
    case .add, .subtract, .multiply, .divide, .pow, .atan2, .min, .max, .hypot, .matmul,
      .meanSquaredError, .binaryCrossEntropyLogits:
      2
    default: 1
    }
  }

  /// The name printed for a call: `sin`, `expm1`, `log1p`, `lgamma`, ...
  public var name: String {
    switch self {
    case .expMinusOne: "expm1"
    case .logOnePlus: "log1p"
    case .logGamma: "lgamma"
    case .polygamma: "polygamma"
    case .integerPower, .realPower, .powInt: "pow"
    case .add: "+"
    case .subtract, .negate: "-"
    case .multiply: "*"
    case .divide: "/"
    default: "\(self)"
    }
  }

  /// `a + b`, `-a`, `sin(a)`, `atan2(a, b)`: how a node of this operation reads, given how
  /// its operands read (the Wengert list's definition column).
  public func format(_ a: String, _ b: String) -> String {
    switch self {
    case .add, .subtract, .multiply, .divide: "\(a) \(name) \(b)"
    case .negate: "-\(a)"
    default: arity == 2 ? "\(name)(\(a), \(b))" : "\(name)(\(a))"
    }
  }
}

/// The operation at the root of an ``Expr`` (the shared ``Primitive`` enum).
public typealias ExprKind = Primitive
