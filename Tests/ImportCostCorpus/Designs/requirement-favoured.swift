// swift-format-ignore-file
// The same requirement without @_disfavoredOverload.
public protocol Division { static func / (lhs: Self, rhs: Self) -> Self }
extension Double: Division {}
extension Int: Division {}
