// swift-format-ignore-file
// The requirement in a protocol whose name starts with "SIMD": the solver orders and cuts
// short "SIMD operators" (isSIMDOperator, lib/Sema/CSSolver.cpp), but not arithmetic ones.
public protocol SIMDDivision { @_disfavoredOverload static func / (lhs: Self, rhs: Self) -> Self }
extension Double: SIMDDivision {}
extension Int: SIMDDivision {}
