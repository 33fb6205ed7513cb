// swift-format-ignore-file
// DualTape's design before: `/` as a disfavoured requirement of a protocol that `Double` and `Int`
// conform to (DifferentiableArithmetic).
public protocol Division { @_disfavoredOverload static func / (lhs: Self, rhs: Self) -> Self }
extension Double: Division {}
extension Int: Division {}
