// swift-format-ignore-file
// A `/` of its own on each engine type (generic structs like Dual<T>, Tracked<T>, and Expr),
// disfavoured; no `/` that `Double` satisfies.
public struct Dual<T> { public var value: T }
public struct Tracked<T> { public var value: T }
public struct Expr { public var value: Double }
extension Dual { @_disfavoredOverload public static func / (lhs: Self, rhs: Self) -> Self { lhs } }
extension Tracked { @_disfavoredOverload public static func / (lhs: Self, rhs: Self) -> Self { lhs } }
extension Expr { @_disfavoredOverload public static func / (lhs: Self, rhs: Self) -> Self { lhs } }
