// swift-format-ignore-file
// The disfavoured requirement with `Int` conforming but not `Double` (not a design: `Double`
// must be Differentiable; it shows that `Double`'s conformance is what costs).
public protocol Division { @_disfavoredOverload static func / (lhs: Self, rhs: Self) -> Self }
extension Int: Division {}
