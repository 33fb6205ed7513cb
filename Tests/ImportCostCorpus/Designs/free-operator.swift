// swift-format-ignore-file
// The requirement renamed (`divide`), reached through a disfavoured generic free `/`.
public protocol Division { static func divide(_ lhs: Self, _ rhs: Self) -> Self }
extension Double: Division { public static func divide(_ lhs: Self, _ rhs: Self) -> Self { lhs / rhs } }
extension Int: Division { public static func divide(_ lhs: Self, _ rhs: Self) -> Self { lhs / rhs } }
@_disfavoredOverload public func / <T: Division>(lhs: T, rhs: T) -> T { T.divide(lhs, rhs) }
