// swift-format-ignore-file
// The requirement typed `(Self, Divisor) -> Quotient` as in divisor-associated.swift, without
// @_disfavoredOverload.
public protocol Division where Divisor == Self, Quotient == Self {
  associatedtype Divisor = Self
  associatedtype Quotient = Self
  static func / (lhs: Self, rhs: Divisor) -> Quotient
}
extension Double: Division {}
extension Int: Division {}
