/// Division of a ``Differentiable`` scalar, in a protocol of its own that `Int` also conforms
/// to, so that formulas with integer literals (`3 / x`, `y / 2`) type-check fast in generic code.
///
/// How DualTape's operators stay cheap for the files that import it: Swift's type checker
/// weighs every visible declaration named `/` at every `/` of a file, DualTape's included, in
/// code that never uses DualTape. So the engines (``Dual``, ``DualVector``, ``Tracked``,
/// ``Expr``) declare no member named `+`, `-`, `*`, `/`, `==` or `<`: they satisfy the
/// standard library's `SignedNumeric` and `Comparable` (whose operators every file weighs
/// anyway) and this protocol with functions of other names, through `@_implements` (as the
/// standard library does), and negation through `negate()`. The only operators DualTape adds
/// are this protocol's `/` and `/=` (disfavoured, so that the solver tries them after the
/// standard library's) and one non-generic `*` on `Dual<Double>` and on `Tracked<Double>` for
/// closures (see `ConcreteOperators.swift`), disfavoured too. The matrix operators live in the
/// module `DualTapeMatrixOperators`. This `/` still costs plain code: `Double` conforms, so the
/// solver also weighs it at `Double / Double` (77k of the 79k extra solver scopes of the
/// slowest line of `Tests/ImportCostCorpus`).
///
/// `Int` conforms, with its own operators, so that an integer literal (whose likely type is
/// `Int`) matches this `/` in the solver's ranking: `min(x, y) * max(x, u) + 3 / x - y / 2 +
/// 2 - x - (-y) + x * x / (y * u)` failed to type-check after ~10 s without `Int`'s
/// conformance. Integer code computes as before (`7 / 2 == 3`). Generic code should constrain
/// to ``Differentiable``, not to this protocol. `Tests/TypeCheckCorpus` (users' formulas) and
/// `Tests/ImportCostCorpus` (plain code, with and without the import) measure both sides.
///
/// ```swift
/// func f<T: Differentiable>(_ x: T) -> T { 1 / (1 + x * x) - x / 2 }   // integer literals, fast
/// ```
public protocol DifferentiableArithmetic {
  /// Quotient. Derivative: `(1 / rhs, -lhs / rhs²)`.
  @_disfavoredOverload static func / (lhs: Self, rhs: Self) -> Self
  /// `lhs = lhs / rhs`.
  @_disfavoredOverload static func /= (lhs: inout Self, rhs: Self)
}

extension DifferentiableArithmetic {
  /// `lhs = lhs / rhs`: the default for every engine (`Int`, `Double` and `Float` use their
  /// own), named so that it adds no declaration of `/=` to the files that import DualTape.
  @_implements(DifferentiableArithmetic,/=(_:_:))
  @inlinable @inline(__always) public static func _divideAssign(_ lhs: inout Self, _ rhs: Self) {
    lhs = lhs / rhs
  }
}

/// `Int` satisfies the requirement with its own `/`, so that an integer literal (whose default
/// type is `Int`) matches the generic `/` in the type checker's ranking (see
/// ``DifferentiableArithmetic``).
extension Int: DifferentiableArithmetic {}
