// swift-format-ignore-file
// The requirement in a protocol refining AdditiveArithmetic (the solver's generic-operator
// ordering puts numeric protocols' operators after other generic ones when no argument type is known).
public protocol Division: AdditiveArithmetic { @_disfavoredOverload static func / (lhs: Self, rhs: Self) -> Self }
extension Double: Division {}
extension Int: Division {}
