// Non-generic operators for the scalars users name in closures (`Dual<Double>`,
// `Tracked<Double>`, `Forward.Chunk<Double>`, the Hessian scalars, and their `Float` versions).
//
// Why: Swift's constraint solver skips generic operator overloads once a non-generic one has
// given a solution. The engines' arithmetic is the standard library's generic protocol
// requirements (see DifferentiableArithmetic), so for `Dual<Double>` every candidate was
// generic, nothing could be skipped, and long formulas with literals in closures fail to
// type-check (measured without this file: two closures of Tests/TypeCheckCorpus fail after
// ~10 s, a third takes 4.8 s). With one non-generic overload per operator for these types each
// takes under 100 ms. Each forwards to the generic implementation, so every rule still lives in
// one place; after specialisation there is no cost.
//
// They are disfavoured: the solver tries them after the standard library's operators, which
// keeps their cost to plain `Double` code small (measured with Tests/ImportCostCorpus: the
// non-disfavoured set made `(0..<n).map { i in Double(i) / Double(n - 1) * 2 - 1 }` take 20%
// more solver steps), while closures over engine scalars stay as fast.

/// Calls the generic (protocol-requirement) operators, so the concrete overloads below forward
/// to the one implementation of each rule.
@usableFromInline enum GenericArithmetic {
  @inlinable static func add<U: Differentiable>(_ a: U, _ b: U) -> U { a + b }
  @inlinable static func subtract<U: Differentiable>(_ a: U, _ b: U) -> U { a - b }
  @inlinable static func multiply<U: Differentiable>(_ a: U, _ b: U) -> U { a * b }
  @inlinable static func divide<U: Differentiable>(_ a: U, _ b: U) -> U { a / b }
  @inlinable static func negate<U: Differentiable>(_ a: U) -> U { -a }
}

extension DualNumber where T == Double, Edges == EdgeGuard {
  /// Sum (the generic rule, as a non-generic overload for fast type-checking).
  @_disfavoredOverload @inlinable public static func + (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.add(lhs, rhs)
  }
  /// Difference.
  @_disfavoredOverload @inlinable public static func - (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.subtract(lhs, rhs)
  }
  /// Product.
  @_disfavoredOverload @inlinable public static func * (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.multiply(lhs, rhs)
  }
  /// Quotient.
  @_disfavoredOverload @inlinable public static func / (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.divide(lhs, rhs)
  }
  /// Negation.
  @_disfavoredOverload @inlinable public static prefix func - (operand: Self) -> Self {
    GenericArithmetic.negate(operand)
  }
}

extension DualNumber where T == Float, Edges == EdgeGuard {
  /// Sum (the generic rule, as a non-generic overload for fast type-checking).
  @_disfavoredOverload @inlinable public static func + (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.add(lhs, rhs)
  }
  /// Difference.
  @_disfavoredOverload @inlinable public static func - (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.subtract(lhs, rhs)
  }
  /// Product.
  @_disfavoredOverload @inlinable public static func * (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.multiply(lhs, rhs)
  }
  /// Quotient.
  @_disfavoredOverload @inlinable public static func / (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.divide(lhs, rhs)
  }
  /// Negation.
  @_disfavoredOverload @inlinable public static prefix func - (operand: Self) -> Self {
    GenericArithmetic.negate(operand)
  }
}

extension DualNumber where T == Dual<Double>, Edges == EdgeGuard {
  /// Sum (the generic rule, as a non-generic overload for fast type-checking).
  @_disfavoredOverload @inlinable public static func + (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.add(lhs, rhs)
  }
  /// Difference.
  @_disfavoredOverload @inlinable public static func - (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.subtract(lhs, rhs)
  }
  /// Product.
  @_disfavoredOverload @inlinable public static func * (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.multiply(lhs, rhs)
  }
  /// Quotient.
  @_disfavoredOverload @inlinable public static func / (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.divide(lhs, rhs)
  }
  /// Negation.
  @_disfavoredOverload @inlinable public static prefix func - (operand: Self) -> Self {
    GenericArithmetic.negate(operand)
  }
}

extension DualLanes where Partials == SIMD8<Double>, Edges == EdgeGuard {
  /// Sum (the generic rule, as a non-generic overload for fast type-checking).
  @_disfavoredOverload @inlinable public static func + (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.add(lhs, rhs)
  }
  /// Difference.
  @_disfavoredOverload @inlinable public static func - (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.subtract(lhs, rhs)
  }
  /// Product.
  @_disfavoredOverload @inlinable public static func * (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.multiply(lhs, rhs)
  }
  /// Quotient.
  @_disfavoredOverload @inlinable public static func / (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.divide(lhs, rhs)
  }
  /// Negation.
  @_disfavoredOverload @inlinable public static prefix func - (operand: Self) -> Self {
    GenericArithmetic.negate(operand)
  }
}

extension DualLanes where Partials == SIMD8<Float>, Edges == EdgeGuard {
  /// Sum (the generic rule, as a non-generic overload for fast type-checking).
  @_disfavoredOverload @inlinable public static func + (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.add(lhs, rhs)
  }
  /// Difference.
  @_disfavoredOverload @inlinable public static func - (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.subtract(lhs, rhs)
  }
  /// Product.
  @_disfavoredOverload @inlinable public static func * (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.multiply(lhs, rhs)
  }
  /// Quotient.
  @_disfavoredOverload @inlinable public static func / (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.divide(lhs, rhs)
  }
  /// Negation.
  @_disfavoredOverload @inlinable public static prefix func - (operand: Self) -> Self {
    GenericArithmetic.negate(operand)
  }
}

extension Tracked where T == Double {
  /// Sum (the generic rule, as a non-generic overload for fast type-checking).
  @_disfavoredOverload @inlinable public static func + (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.add(lhs, rhs)
  }
  /// Difference.
  @_disfavoredOverload @inlinable public static func - (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.subtract(lhs, rhs)
  }
  /// Product.
  @_disfavoredOverload @inlinable public static func * (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.multiply(lhs, rhs)
  }
  /// Quotient.
  @_disfavoredOverload @inlinable public static func / (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.divide(lhs, rhs)
  }
  /// Negation.
  @_disfavoredOverload @inlinable public static prefix func - (operand: Self) -> Self {
    GenericArithmetic.negate(operand)
  }
}

extension Tracked where T == Float {
  /// Sum (the generic rule, as a non-generic overload for fast type-checking).
  @_disfavoredOverload @inlinable public static func + (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.add(lhs, rhs)
  }
  /// Difference.
  @_disfavoredOverload @inlinable public static func - (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.subtract(lhs, rhs)
  }
  /// Product.
  @_disfavoredOverload @inlinable public static func * (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.multiply(lhs, rhs)
  }
  /// Quotient.
  @_disfavoredOverload @inlinable public static func / (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.divide(lhs, rhs)
  }
  /// Negation.
  @_disfavoredOverload @inlinable public static prefix func - (operand: Self) -> Self {
    GenericArithmetic.negate(operand)
  }
}

extension Tracked where T == Dual<Double> {
  /// Sum (the generic rule, as a non-generic overload for fast type-checking).
  @_disfavoredOverload @inlinable public static func + (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.add(lhs, rhs)
  }
  /// Difference.
  @_disfavoredOverload @inlinable public static func - (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.subtract(lhs, rhs)
  }
  /// Product.
  @_disfavoredOverload @inlinable public static func * (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.multiply(lhs, rhs)
  }
  /// Quotient.
  @_disfavoredOverload @inlinable public static func / (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.divide(lhs, rhs)
  }
  /// Negation.
  @_disfavoredOverload @inlinable public static prefix func - (operand: Self) -> Self {
    GenericArithmetic.negate(operand)
  }
}
