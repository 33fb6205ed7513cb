// A public import, so that the inlinable wrappers below call the C library directly (a call
// of their own cost 5 instructions per elementary function: 22 per LSTM cell). It makes no
// name of the C library visible to code that imports DualTape (that still needs its own
// import to call `j0`), only usable in this file's inlinable code.
#if canImport(Glibc)
  public import Glibc
#elseif canImport(Musl)
  public import Musl
#elseif canImport(Darwin)
  public import Darwin
#elseif canImport(ucrt)
  public import ucrt
#endif

/// A machine floating-point type that DualTape's engines compute in: `Double` or `Float`.
///
/// Drivers take and return arrays of a `RealScalar`; the forward and reverse engines carry
/// values and derivatives of this type. Elementary functions come from the C library,
/// evaluated in `Double` (so `Float` results are correctly rounded more often than `expf`'s).
public protocol RealScalar: Differentiable, BinaryFloatingPoint, SIMDScalar, Codable, Sendable {
  /// A short name for messages and reports: `"Double"` or `"Float"`.
  static var typeName: String { get }
}

extension Double: RealScalar {
  public static var typeName: String { "Double" }
}
extension Float: RealScalar {
  public static var typeName: String { "Float" }
}

// The C library's functions, named apart so that the static members below (which share the
// names `exp`, `log`, ...) cannot shadow them.
@inlinable func libmExp(_ x: Double) -> Double { exp(x) }
@inlinable func libmExpm1(_ x: Double) -> Double { expm1(x) }
@inlinable func libmLog(_ x: Double) -> Double { log(x) }
@inlinable func libmLog1p(_ x: Double) -> Double { log1p(x) }
@inlinable func libmPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@inlinable func libmSin(_ x: Double) -> Double { sin(x) }
@inlinable func libmCos(_ x: Double) -> Double { cos(x) }
@inlinable func libmTan(_ x: Double) -> Double { tan(x) }
@inlinable func libmAsin(_ x: Double) -> Double { asin(x) }
@inlinable func libmAcos(_ x: Double) -> Double { acos(x) }
@inlinable func libmAtan(_ x: Double) -> Double { atan(x) }
@inlinable func libmAtan2(_ y: Double, _ x: Double) -> Double { atan2(y, x) }
@inlinable func libmSinh(_ x: Double) -> Double { sinh(x) }
@inlinable func libmCosh(_ x: Double) -> Double { cosh(x) }
@inlinable func libmTanh(_ x: Double) -> Double { tanh(x) }
@inlinable func libmHypot(_ x: Double, _ y: Double) -> Double { hypot(x, y) }
@inlinable func libmErf(_ x: Double) -> Double { erf(x) }
@inlinable func libmErfc(_ x: Double) -> Double { erfc(x) }
@inlinable func libmLgamma(_ x: Double) -> Double {
  var sign: Int32 = 0
  return lgamma_r(x, &sign)  // the reentrant form: plain lgamma writes the global signgam
}
@inlinable func libmLog2(_ x: Double) -> Double { log2(x) }
@inlinable func libmLog10(_ x: Double) -> Double { log10(x) }
@inlinable func libmExp2(_ x: Double) -> Double { exp2(x) }
@inlinable func libmCbrt(_ x: Double) -> Double { cbrt(x) }
@inlinable func libmAsinh(_ x: Double) -> Double { asinh(x) }
@inlinable func libmAcosh(_ x: Double) -> Double { acosh(x) }
@inlinable func libmAtanh(_ x: Double) -> Double { atanh(x) }
@inlinable func libmTgamma(_ x: Double) -> Double { tgamma(x) }

// The plain numbers: primal evaluation. Every function is the C library's, so the primal of a
// generic function run with `Double` is exactly what hand-written Double code computes.
extension RealScalar {
  @inlinable public var isExactlyZero: Bool { self == 0 }
  @inlinable public static func exp(_ x: Self) -> Self { Self(libmExp(Double(x))) }
  @inlinable public static func expMinusOne(_ x: Self) -> Self { Self(libmExpm1(Double(x))) }
  @inlinable public static func log(_ x: Self) -> Self { Self(libmLog(Double(x))) }
  @inlinable public static func log(onePlus x: Self) -> Self { Self(libmLog1p(Double(x))) }
  @inlinable public static func sqrt(_ x: Self) -> Self { x.squareRoot() }
  @inlinable public static func pow(_ x: Self, _ y: Self) -> Self {
    Self(libmPow(Double(x), Double(y)))
  }
  @inlinable public static func sin(_ x: Self) -> Self { Self(libmSin(Double(x))) }
  @inlinable public static func cos(_ x: Self) -> Self { Self(libmCos(Double(x))) }
  @inlinable public static func tan(_ x: Self) -> Self { Self(libmTan(Double(x))) }
  @inlinable public static func asin(_ x: Self) -> Self { Self(libmAsin(Double(x))) }
  @inlinable public static func acos(_ x: Self) -> Self { Self(libmAcos(Double(x))) }
  @inlinable public static func atan(_ x: Self) -> Self { Self(libmAtan(Double(x))) }
  @inlinable public static func atan2(y: Self, x: Self) -> Self {
    Self(libmAtan2(Double(y), Double(x)))
  }
  @inlinable public static func sinh(_ x: Self) -> Self { Self(libmSinh(Double(x))) }
  @inlinable public static func cosh(_ x: Self) -> Self { Self(libmCosh(Double(x))) }
  @inlinable public static func tanh(_ x: Self) -> Self { Self(libmTanh(Double(x))) }
  @inlinable public static func abs(_ x: Self) -> Self { x.magnitude }
  @inlinable public static func hypot(_ x: Self, _ y: Self) -> Self {
    Self(libmHypot(Double(x), Double(y)))
  }

  /// `rule.value(x)`: plain numbers carry no derivative.
  @inlinable public static func apply<R: UnaryRule>(_ rule: R, _ x: Self) -> Self {
    rule.value(x)
  }
  /// `rule.value(x, y)`.
  @inlinable public static func apply<R: BinaryRule>(_ rule: R, _ x: Self, _ y: Self) -> Self {
    rule.value(x, y)
  }
  /// `rule.value(x)`.
  @inlinable public static func apply<R: VectorRule>(_ rule: R, _ x: [Self]) -> Self {
    rule.value(x)
  }
}
