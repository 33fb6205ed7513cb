/// Every operation any DualTape engine records or builds: one enum for the scalar tape's
/// trace (``WengertList``), the symbolic engine's nodes (``Expr/kind``) and the array tape's
/// nodes, so that printing and dispatch read one list of names.
///
/// What each primitive is (its printed name, its arity, its rule from ``Rules``, how its
/// value depends on its operands) is written once, in the table below the enum
/// (`Rules/Primitive.swift`); every engine, printer and tracer reads that table.
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
  // Statistics and physics (`Rules/StatisticsRules.swift`), after the rest so that no other
  // case's raw value moves.
  case sinpi, cospi, gamma, digamma, erfinv, logAddExp, xlogy
}

// MARK: The table
//
// `visit` below is the one list every place iterates: Dispatch (symbolic evaluation and
// derivatives), the replay's general path, the array tape's elementwise values and adjoints,
// codegen's spelling and rule lookup, printing, the graph and both sparsity tracers. A new
// primitive is its case above, its row below and its rule with its public function
// (`Rules/StatisticsRules.swift` shows eight added that way).
//
// What still names primitives outside the table, and why:
// - The requirements of `Differentiable` (rows marked `requirement`: exp, log, sin, ..., min,
//   max) are listed in `Protocol/Differentiable.swift`, their defaults in
//   `Differentiable+Derived.swift`, the C library's overrides in `RealScalar.swift` and the
//   free functions in `Functions.swift`: static dispatch, so `Double.exp` is the C call and an
//   engine may specialise one; Swift has no macro without a package dependency to generate
//   them from this list. A new primitive needs none of them (its free function applies its
//   rule; every engine's `apply` is generic).
// - The replay's own opcodes for + − × ÷ and `replaySpecialisedUnary` (the Rosenbrock replay's
//   230.8 instructions per term come from them); every other row takes the general path.
// - The symbolic simplifier's algebra (`Symbolic/Simplify.swift`: sums, products, powers) and
//   printing's operator precedence, which are about operators, not rules; and the edge
//   conventions `Symbolic/Derivative.swift` re-expresses for symbols (pow, hypot).
// - The array tape's non-elementwise operations (matmul, reductions, losses) and the named
//   matrix conveniences (`exp(_: TrackedMatrix)`, `Matrix` elementwise functions); any other
//   unary row is `TrackedMatrix.map(rule)`.

extension Primitive {
  /// One row of the table: what every engine needs to know about a primitive besides its rule.
  @usableFromInline struct Row: Sendable {
    /// The name printed for a call (`sin`, `expm1`) or the operator (`+`).
    @usableFromInline let name: String
    /// How the value depends on the operands (the sparsity tracers, the replay).
    @usableFromInline let linearity: Linearity
    /// The number of operands of a primitive without a scalar rule (leaves, array operations).
    @usableFromInline let arity: Int
    /// Whether the rule takes a parameter the node keeps (an integer power's n, a polygamma's
    /// order): its rule is not the primitive alone.
    @usableFromInline let parameterised: Bool
    /// Whether the function is a requirement of ``Differentiable`` (`T.exp(x)`), which an
    /// engine may implement itself (`Double` with the C library): generated code calls it on
    /// the scalar type. The others are free functions over `T.apply(rule, x)`.
    @usableFromInline let requirement: Bool

    @inlinable init(
      _ name: String, _ linearity: Linearity = .nonlinear, arity: Int = 1,
      parameterised: Bool = false, requirement: Bool = false
    ) {
      (self.name, self.linearity, self.arity) = (name, linearity, arity)
      (self.parameterised, self.requirement) = (parameterised, requirement)
    }
  }

  /// How a primitive's value depends on its operands: what the sparsity tracers need.
  @usableFromInline enum Linearity: Sendable {
    /// A linear combination (+, −, negation): passes its operands' interactions on.
    case linear
    /// Second derivative zero wherever it exists (abs, relu): passes interactions on.
    case piecewiseLinear
    /// Derivative zero wherever it exists (sign, floor): its result is a constant to the tape.
    case piecewiseConstant
    /// Picks one operand at the point (min, max): depends on that operand only (both at a tie).
    case selection
    /// Anything else: every operand's inputs interact.
    case nonlinear
  }

  /// Runs `visitor` with this primitive's row and, where it has one, its scalar rule from
  /// ``Rules`` (`integer` is an integer power's exponent or a polygamma's order). The one
  /// switch from a primitive to what it is: every place that needs a primitive's rule or
  /// facts (printing, the symbolic engine, the array tape, the replay's general path, the
  /// sparsity tracers, the graph) iterates this instead of listing the primitives again.
  ///
  /// A new primitive is one row here, its rule type and its public function.
  @inlinable
  func visit<V: PrimitiveVisitor>(_ v: V, integer n: Int = 0) -> V.Result {
    switch self {
    case .input: v.row(Row("input", arity: 0))
    case .constant: v.row(Row("constant", arity: 0))
    case .variable: v.row(Row("variable", arity: 0))
    case .leaf: v.row(Row("leaf", arity: 0))
    case .add: v.binary(Rules.Add(), Row("+", .linear))
    case .subtract: v.binary(Rules.Subtract(), Row("-", .linear))
    case .multiply: v.binary(Rules.Multiply(), Row("*"))
    case .divide: v.binary(Rules.Divide(), Row("/"))
    case .negate: v.unary(Rules.Negate(), Row("-", .linear))
    case .exp: v.unary(Rules.Exp(), Row("exp", requirement: true))
    case .expMinusOne: v.unary(Rules.ExpMinusOne(), Row("expm1", requirement: true))
    case .log: v.unary(Rules.Log(), Row("log", requirement: true))
    case .logOnePlus: v.unary(Rules.LogOnePlus(), Row("log1p", requirement: true))
    case .sqrt: v.unary(Rules.Sqrt(), Row("sqrt", requirement: true))
    case .pow: v.binary(Rules.Pow(), Row("pow", requirement: true))
    case .sin: v.unary(Rules.Sin(), Row("sin", requirement: true))
    case .cos: v.unary(Rules.Cos(), Row("cos", requirement: true))
    case .atan2: v.binary(Rules.Atan2(), Row("atan2", requirement: true))
    case .tanh: v.unary(Rules.Tanh(), Row("tanh", requirement: true))
    case .abs: v.unary(Rules.Abs(), Row("abs", .piecewiseLinear, requirement: true))
    case .integerPower:
      v.unary(Rules.IntegerPower(n), Row("pow", parameterised: true, requirement: true))
    case .sign: v.unary(Rules.Sign(), Row("sign", .piecewiseConstant, requirement: true))
    case .relu: v.unary(Rules.Relu(), Row("relu", .piecewiseLinear, requirement: true))
    case .min: v.binary(Rules.Min(), Row("min", .selection, requirement: true))
    case .max: v.binary(Rules.Max(), Row("max", .selection, requirement: true))
    case .hypot: v.binary(Rules.Hypot(), Row("hypot", requirement: true))
    case .sigmoid: v.unary(Rules.Sigmoid(), Row("sigmoid", requirement: true))
    case .softplus: v.unary(Rules.Softplus(), Row("softplus", requirement: true))
    case .erf: v.unary(Rules.Erf(), Row("erf"))
    case .erfc: v.unary(Rules.Erfc(), Row("erfc"))
    case .logGamma: v.unary(Rules.LogGamma(), Row("lgamma"))
    case .polygamma: v.unary(Rules.Polygamma(n), Row("polygamma", parameterised: true))
    case .log2: v.unary(Rules.Log2(), Row("log2"))
    case .log10: v.unary(Rules.Log10(), Row("log10"))
    case .exp2: v.unary(Rules.Exp2(), Row("exp2"))
    case .cbrt: v.unary(Rules.Cbrt(), Row("cbrt"))
    case .asinh: v.unary(Rules.Asinh(), Row("asinh"))
    case .acosh: v.unary(Rules.Acosh(), Row("acosh"))
    case .atanh: v.unary(Rules.Atanh(), Row("atanh"))
    // The exponent is a real number: the callers that hold it apply `Rules.RealPower` itself.
    case .realPower: v.row(Row("pow"))
    case .floor: v.unary(Rules.Floor(), Row("floor", .piecewiseConstant))
    case .ceil: v.unary(Rules.Ceil(), Row("ceil", .piecewiseConstant))
    case .round: v.unary(Rules.Round(), Row("round", .piecewiseConstant))
    case .cosh: v.unary(Rules.Cosh(), Row("cosh", requirement: true))
    case .sinh: v.unary(Rules.Sinh(), Row("sinh", requirement: true))
    case .tan: v.unary(Rules.Tan(), Row("tan", requirement: true))
    case .asin: v.unary(Rules.Asin(), Row("asin", requirement: true))
    case .acos: v.unary(Rules.Acos(), Row("acos", requirement: true))
    case .atan: v.unary(Rules.Atan(), Row("atan", requirement: true))
    case .custom: v.row(Row("custom"))
    // The array tape's own operations (`Arrays/ArrayTape+Forward.swift` computes them).
    case .scale: v.row(Row("scale", .linear))
    case .shift: v.row(Row("shift", .linear))
    case .powInt: v.unary(Rules.IntegerPower(n), Row("pow", parameterised: true))
    case .matmul: v.row(Row("matmul", arity: 2))
    case .transpose: v.row(Row("transpose", .linear))
    case .reshape: v.row(Row("reshape", .linear))
    case .sumAll: v.row(Row("sumAll", .linear))
    case .sumColumns: v.row(Row("sumColumns", .linear))
    case .sumRows: v.row(Row("sumRows", .linear))
    case .maxRows: v.row(Row("maxRows", .selection))
    case .logSumExpRows: v.row(Row("logSumExpRows"))
    case .softmaxRows: v.row(Row("softmaxRows"))
    case .meanSquaredError: v.row(Row("meanSquaredError", arity: 2))
    case .softmaxCrossEntropy: v.row(Row("softmaxCrossEntropy"))
    case .binaryCrossEntropyLogits: v.row(Row("binaryCrossEntropyLogits", arity: 2))
    case .sinpi: v.unary(Rules.SinPi(), Row("sinpi"))
    case .cospi: v.unary(Rules.CosPi(), Row("cospi"))
    case .gamma: v.unary(Rules.Gamma(), Row("tgamma"))
    case .digamma: v.unary(Rules.Digamma(), Row("digamma"))
    case .erfinv: v.unary(Rules.Erfinv(), Row("erfinv"))
    case .logAddExp: v.binary(Rules.LogAddExp(), Row("logAddExp"))
    case .xlogy: v.binary(Rules.XLogY(), Row("xlogy"))
    }
  }
}

/// Code run with one primitive's row and rule (see ``Primitive/visit(_:integer:)``). The rule
/// is a generic parameter, so a visitor's work is specialised for it: no dispatch per use.
@usableFromInline
protocol PrimitiveVisitor {
  associatedtype Result
  /// A primitive without a scalar rule: a leaf, a user's rule, an array tape operation.
  func row(_ row: Primitive.Row) -> Result
  /// A primitive with a unary rule.
  func unary<R: UnaryRule>(_ rule: R, _ row: Primitive.Row) -> Result
  /// A primitive with a binary rule.
  func binary<R: BinaryRule>(_ rule: R, _ row: Primitive.Row) -> Result
}

/// Reads the row alone.
@usableFromInline struct PrimitiveRowReader: PrimitiveVisitor {
  @inlinable init() {}
  @inlinable func row(_ row: Primitive.Row) -> Primitive.Row { row }
  @inlinable func unary<R: UnaryRule>(_ rule: R, _ row: Primitive.Row) -> Primitive.Row { row }
  @inlinable func binary<R: BinaryRule>(_ rule: R, _ row: Primitive.Row) -> Primitive.Row {
    Primitive.Row(
      row.name, row.linearity, arity: 2, parameterised: row.parameterised,
      requirement: row.requirement)
  }
}

// MARK: Facts read from the table

extension Primitive {
  /// This primitive's row of the table.
  @inlinable var row: Row { visit(PrimitiveRowReader()) }

  /// The number of operands (0 for a leaf, 2 for a binary operation).
  public var arity: Int { row.arity }

  /// The name printed for a call: `sin`, `expm1`, `log1p`, `lgamma`, ...
  public var name: String { row.name }

  /// How the value depends on the operands (the sparsity tracers, the replay).
  @inlinable var linearity: Linearity { row.linearity }

  /// `a + b`, `-a`, `sin(a)`, `atan2(a, b)`: how a node of this operation reads, given how
  /// its operands read (the Wengert list's definition column).
  public func format(_ a: String, _ b: String) -> String {
    switch self {
    case .add, .subtract, .multiply, .divide: "\(a) \(name) \(b)"
    case .negate: "-\(a)"
    default: arity == 2 ? "\(name)(\(a), \(b))" : "\(name)(\(a))"
    }
  }

  /// The unary primitives the replay runs by opcodes of their own (`negate` …, in this
  /// order); every other primitive takes the replay's general path through this table.
  @usableFromInline static let replaySpecialisedUnary: [Primitive] = [
    .negate, .exp, .log, .sqrt, .tanh, .sin, .cos,
  ]
}

/// The operation at the root of an ``Expr``: the one ``Primitive`` enum, under its old name.
@available(*, deprecated, renamed: "Primitive")
public typealias ExprKind = Primitive

/// What a recorded operation was: the one ``Primitive`` enum, under its old name.
@available(*, deprecated, renamed: "Primitive")
public typealias TapeOperation = Primitive
