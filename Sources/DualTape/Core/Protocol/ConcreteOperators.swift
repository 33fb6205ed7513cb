// Non-generic operators for the two scalars users name most in closures: `Dual<Double>`
// (`Forward`) and `Tracked<Double>` (`Reverse`).
//
// Why: Swift's constraint solver skips generic operator overloads once a non-generic one has
// given a solution. The engines' arithmetic is the standard library's generic protocol
// requirements (see DifferentiableArithmetic), so for `Tracked<Double>` every candidate was
// generic, nothing could be skipped, and long formulas with literals in closures fail to
// type-check: without this file two closures of Tests/TypeCheckCorpus/GenericFormulas.swift
// (`Reverse.gradient(at: x) { x in … }`, `Forward.gradient(at: x) { x in … }`) fail after ~10 s.
// Each forwards to the generic implementation, so every rule still lives in one place; after
// specialisation there is no cost.
//
// Only these two: every operator declared here is weighed at every `+ - * /` of every file that
// imports DualTape, plain code included. Measured with Tests/ImportCostCorpus (solver scopes of
// `grid`, the line alone, 439k without the import): the eight scalars of before (Float, the
// chunk and Hessian scalars too) cost 75k (+17%), these two 19k; the corpus's closures over
// `Float`, chunk and Hessian scalars type-check fast without operators of their own. They are
// disfavoured: the solver tries them after the standard library's (the non-disfavoured set made
// `(0..<n).map { i in Double(i) / Double(n - 1) * 2 - 1 }` take 20% more solver steps).

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
