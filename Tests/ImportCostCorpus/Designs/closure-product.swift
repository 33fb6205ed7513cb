// swift-format-ignore-file
// DualTape's non-generic `*` on Dual<Double> and Tracked<Double> (ConcreteOperators.swift).
public struct Dual<T> { public var value: T }
public struct Tracked<T> { public var value: T }
extension Dual where T == Double {
  @_disfavoredOverload public static func * (lhs: Self, rhs: Self) -> Self { lhs }
}
extension Tracked where T == Double {
  @_disfavoredOverload public static func * (lhs: Self, rhs: Self) -> Self { lhs }
}
