// Non-generic `*` for the two scalars users name most in closures: `Dual<Double>` (`Forward`)
// and `Tracked<Double>` (`Reverse`).
//
// Why: Swift's constraint solver skips generic operator overloads once a non-generic one has
// given a solution. The engines' arithmetic is the standard library's generic protocol
// requirements (see DifferentiableArithmetic), so for `Tracked<Double>` every candidate was
// generic, nothing could be skipped, and long formulas with literals in closures fail to
// type-check: without this file two closures of Tests/TypeCheckCorpus/GenericFormulas.swift
// (`Reverse.gradient(at: x) { x in … }`, `Forward.gradient(at: x) { x in … }`) fail after ~10 s.
// One non-generic `*` per scalar is enough for the solver to find a non-generic solution first:
// with it they take under 100 ms, and so do closures made only of `+ - /`. It forwards to the
// generic implementation, so every rule still lives in one place; after specialisation there
// is no cost.
//
// Only this: every operator declared here is weighed at every `*` of every file that imports
// DualTape, plain code included. Measured with Tests/ImportCostCorpus (solver scopes of `grid`,
// the line alone, 439k without the import and 516k with DualTape without this file): `+ - * /`
// and negation on eight scalars (Float, the chunk and Hessian scalars too) cost 75k, on these
// two 19k, `*` on these two 2k. Disfavoured: the solver tries it after the standard library's
// (the non-disfavoured set made `(0..<n).map { i in Double(i) / Double(n - 1) * 2 - 1 }` take
// 20% more solver steps).

/// Calls the generic (protocol-requirement) operator, so the concrete overloads below forward
/// to the one implementation of the rule.
@usableFromInline enum GenericArithmetic {
  @inlinable static func multiply<U: Differentiable>(_ a: U, _ b: U) -> U { a * b }
}

extension DualNumber where T == Double, Edges == EdgeGuard {
  /// Product (the generic rule, as a non-generic overload for fast type-checking).
  @_disfavoredOverload @inlinable public static func * (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.multiply(lhs, rhs)
  }
}

extension Tracked where T == Double {
  /// Product (the generic rule, as a non-generic overload for fast type-checking).
  @_disfavoredOverload @inlinable public static func * (lhs: Self, rhs: Self) -> Self {
    GenericArithmetic.multiply(lhs, rhs)
  }
}
