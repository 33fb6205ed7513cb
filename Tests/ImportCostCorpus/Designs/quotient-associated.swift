// swift-format-ignore-file
// The requirement typed `(Self, Self) -> Quotient`, `Quotient == Self` (`1 / x` type-checks,
// `1 / 2 + x` in generic code does not: the quotient's type comes from the literals alone).
public protocol Division where Quotient == Self {
  associatedtype Quotient = Self
  @_disfavoredOverload static func / (lhs: Self, rhs: Self) -> Quotient
}
extension Double: Division {}
extension Int: Division {}
