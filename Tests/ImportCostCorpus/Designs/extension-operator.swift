// swift-format-ignore-file
// The requirement renamed (`divide`), reached through a disfavoured `/` in a protocol extension.
public protocol Division { static func divide(_ lhs: Self, _ rhs: Self) -> Self }
extension Double: Division { public static func divide(_ lhs: Self, _ rhs: Self) -> Self { lhs / rhs } }
extension Int: Division { public static func divide(_ lhs: Self, _ rhs: Self) -> Self { lhs / rhs } }
extension Division {
  @_disfavoredOverload public static func / (lhs: Self, rhs: Self) -> Self { divide(lhs, rhs) }
}
