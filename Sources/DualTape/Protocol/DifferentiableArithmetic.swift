/// Division of a ``Differentiable`` scalar, in a protocol of its own that `Int` also conforms
/// to, so that formulas with integer literals (`3 / x`, `y / 2`) type-check fast in generic code.
///
/// `+`, `-`, `*` and negation come from the standard library's `SignedNumeric`, which
/// ``Differentiable`` refines: its operators are already weighed in every Swift file, and `Int`
/// satisfies them, so `2 * x` is fast in generic code and they cost plain code nothing. `/` is
/// not in `SignedNumeric`. In a generic function over `T: Differentiable`, Swift's constraint
/// solver ranks the overloads of `/` for `3 / x` by matching each argument's likely type with
/// the parameter; an integer literal's likely type is `Int`, so a `/` whose `Self` only
/// DualTape's scalars satisfy was not favoured there and the solver tried every `/` visible at
/// every literal: `min(x, y) * max(x, u) + 3 / x - y / 2 + 2 - x - (-y) + x * x / (y * u)` fails
/// to type-check after ~10 s without `Int`'s conformance and takes ~200 ms with it.
///
/// The price: `Double`, `Float` and `Int` satisfy this `/`, so it is one more overload of `/`
/// in plain code (measured with `Tests/ImportCostCorpus`; a disfavoured generic `/` instead
/// costs plain code nothing but makes the line above fail). `Int` conforms with its own
/// operator: integer code computes as before (`7 / 2 == 3`). Generic code should constrain to
/// ``Differentiable``, not to this protocol.
///
/// ```swift
/// func f<T: Differentiable>(_ x: T) -> T { 1 / (1 + x * x) - x / 2 }   // integer literals, fast
/// ```
public protocol DifferentiableArithmetic {
  /// Quotient. Derivative: `(1 / rhs, -lhs / rhs²)`.
  static func / (lhs: Self, rhs: Self) -> Self
}

/// `Int` satisfies the requirement with its own `/`, so that an integer literal (whose default
/// type is `Int`) matches the generic `/` in the type checker's ranking (see
/// ``DifferentiableArithmetic``).
extension Int: DifferentiableArithmetic {}
