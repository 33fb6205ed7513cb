/// The four arithmetic operators and negation of a ``Differentiable`` scalar, in a protocol of
/// their own that `Int` also conforms to, so that formulas with integer literals type-check fast
/// in generic code.
///
/// Why a separate protocol: in a generic function over `T: Differentiable`, Swift's constraint
/// solver ranks the overloads of `*` for `2 * x` by matching each argument's likely type with the
/// parameter. An integer literal's likely type is `Int`; a generic operator whose `Self` only
/// `Differentiable` types satisfy did not match it, so the solver favoured no overload of `*`
/// there and tried every `*` visible (a few dozen) at every integer literal. The 15-term
/// formula took about 5 s to type-check (9 s and a failure before the concrete operators of
/// `ConcreteOperators.swift`). With the operators declared here, `Self == Int` satisfies the
/// requirement, the protocol's operator is favoured for `2 * x`, and the same formula takes
/// tens of milliseconds (measured with `-warn-long-expression-type-checking`; the type-check
/// corpus in `Tests/TypeCheckCorpus` guards it).
///
/// `Int` conforms with its own operators (nothing changes for integer code, where Swift keeps
/// choosing `Int`'s concrete operators). Generic code should constrain to ``Differentiable``,
/// not to this protocol.
///
/// ```swift
/// func f<T: Differentiable>(_ x: T) -> T { 2 * x * x - 3 * x + 1 }   // integer literals, fast
/// ```
public protocol DifferentiableArithmetic {
  /// Sum. Derivative: `(1, 1)`.
  static func + (lhs: Self, rhs: Self) -> Self
  /// Difference. Derivative: `(1, -1)`.
  static func - (lhs: Self, rhs: Self) -> Self
  /// Product. Derivative: `(rhs, lhs)`.
  static func * (lhs: Self, rhs: Self) -> Self
  /// Quotient. Derivative: `(1 / rhs, -lhs / rhs²)`.
  static func / (lhs: Self, rhs: Self) -> Self
  /// Negation. Derivative: `-1`.
  static prefix func - (operand: Self) -> Self
}

/// `Int` satisfies the operator requirements with its own operators, so that an integer
/// literal (whose default type is `Int`) matches the generic operators in the type checker's
/// ranking (see ``DifferentiableArithmetic``).
extension Int: DifferentiableArithmetic {}
