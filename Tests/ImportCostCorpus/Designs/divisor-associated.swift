// swift-format-ignore-file
// The requirement typed `(Self, Divisor) -> Quotient`, both always `Self`: `Self` comes from the
// left operand only (alone, `1 / x` does not type-check; see dualtape.swift).
public protocol Division where Divisor == Self, Quotient == Self {
  associatedtype Divisor = Self
  associatedtype Quotient = Self
  @_disfavoredOverload static func / (lhs: Self, rhs: Divisor) -> Quotient
}
extension Double: Division {}
extension Int: Division {}
