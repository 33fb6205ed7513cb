// The operators of `TrackedMatrix` (see Matrix+Operators.swift for why they live in this module):
// each records one node through the rules of DualTape's `TrackedMatrix`.

import DualTape

extension TrackedMatrix {
  /// Elementwise sum with broadcasting (equal shapes, a row vector, a column vector or 1×1).
  /// In reverse mode a broadcast operand gets the sum of the adjoints it was repeated to.
  @_disfavoredOverload @inlinable public static func + (lhs: Self, rhs: Self) -> Self {
    add(lhs, rhs)
  }
  /// Elementwise difference with broadcasting.
  @_disfavoredOverload @inlinable public static func - (lhs: Self, rhs: Self) -> Self {
    subtract(lhs, rhs)
  }
  /// Elementwise product with broadcasting (for the matrix product see `matmul(_:)`).
  @_disfavoredOverload @inlinable public static func * (lhs: Self, rhs: Self) -> Self {
    multiply(lhs, rhs)
  }
  /// Elementwise quotient with broadcasting.
  @_disfavoredOverload @inlinable public static func / (lhs: Self, rhs: Self) -> Self {
    divide(lhs, rhs)
  }

  /// Sum with a constant matrix (broadcasting).
  @_disfavoredOverload @inlinable public static func + (lhs: Self, rhs: Matrix<S>) -> Self {
    add(lhs, Self(constant: rhs))
  }
  /// Sum with a constant matrix (broadcasting).
  @_disfavoredOverload @inlinable public static func + (lhs: Matrix<S>, rhs: Self) -> Self {
    add(Self(constant: lhs), rhs)
  }
  /// Difference with a constant matrix (broadcasting).
  @_disfavoredOverload @inlinable public static func - (lhs: Self, rhs: Matrix<S>) -> Self {
    subtract(lhs, Self(constant: rhs))
  }
  /// Difference with a constant matrix (broadcasting).
  @_disfavoredOverload @inlinable public static func - (lhs: Matrix<S>, rhs: Self) -> Self {
    subtract(Self(constant: lhs), rhs)
  }
  /// Elementwise product with a constant matrix (broadcasting).
  @_disfavoredOverload @inlinable public static func * (lhs: Self, rhs: Matrix<S>) -> Self {
    multiply(lhs, Self(constant: rhs))
  }
  /// Elementwise product with a constant matrix (broadcasting).
  @_disfavoredOverload @inlinable public static func * (lhs: Matrix<S>, rhs: Self) -> Self {
    multiply(Self(constant: lhs), rhs)
  }

  /// Negation.
  @_disfavoredOverload @inlinable public static prefix func - (x: Self) -> Self { negate(x) }
  /// Every element times a constant.
  @_disfavoredOverload @inlinable public static func * (lhs: Self, rhs: S) -> Self {
    scale(lhs, by: rhs)
  }
  /// Every element times a constant.
  @_disfavoredOverload @inlinable public static func * (lhs: S, rhs: Self) -> Self {
    scale(rhs, by: lhs)
  }
  /// Every element divided by a constant.
  @_disfavoredOverload @inlinable public static func / (lhs: Self, rhs: S) -> Self {
    scale(lhs, by: 1 / rhs)
  }
  /// A constant divided by every element (as c · x⁻¹).
  @_disfavoredOverload @inlinable public static func / (lhs: S, rhs: Self) -> Self {
    scale(reciprocal(rhs), by: lhs)
  }
  /// A constant added to every element.
  @_disfavoredOverload @inlinable public static func + (lhs: Self, rhs: S) -> Self {
    shift(lhs, by: rhs)
  }
  /// A constant added to every element.
  @_disfavoredOverload @inlinable public static func + (lhs: S, rhs: Self) -> Self {
    shift(rhs, by: lhs)
  }
  /// A constant subtracted from every element.
  @_disfavoredOverload @inlinable public static func - (lhs: Self, rhs: S) -> Self {
    shift(lhs, by: -rhs)
  }
  /// Every element subtracted from a constant.
  @_disfavoredOverload @inlinable public static func - (lhs: S, rhs: Self) -> Self {
    shift(negate(rhs), by: lhs)
  }
}
