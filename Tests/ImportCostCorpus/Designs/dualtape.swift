// swift-format-ignore-file
// Branch tc4's design, not merged (see KNOWN_COSTS; Core/Protocol/ on that branch):
// the requirement typed `(Self, Divisor) -> Quotient`, a `/` of a literal by a value for
// generic code, and the closure scalars' non-generic `*` and literal `/`.
public protocol Division where Divisor == Self, Quotient == Self {
  associatedtype Divisor = Self
  associatedtype Quotient = Self
  @_disfavoredOverload static func / (lhs: Self, rhs: Divisor) -> Quotient
}
public protocol Scalar: Division, SignedNumeric { init(_ value: Double) }
extension Double: Scalar {}
extension Int: Division {}
public struct LiteralDividend: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
  public var value: Double
  public init(integerLiteral value: Int) { self.value = Double(value) }
  public init(floatLiteral value: Double) { self.value = value }
}
extension Scalar { public static func / (lhs: LiteralDividend, rhs: Self) -> Self { Self(lhs.value) / rhs } }
public struct Dual<T> { public var value: T }
public struct Tracked<T> { public var value: T }
extension Dual where T == Double {
  @_disfavoredOverload public static func * (lhs: Self, rhs: Self) -> Self { lhs }
  @_disfavoredOverload public static func / (lhs: LiteralDividend, rhs: Self) -> Self { rhs }
}
extension Tracked where T == Double {
  @_disfavoredOverload public static func * (lhs: Self, rhs: Self) -> Self { lhs }
  @_disfavoredOverload public static func / (lhs: LiteralDividend, rhs: Self) -> Self { rhs }
}
