// The default of every elementary function: apply its rule from the table (`Rules/`), so that
// an engine implements only the arithmetic operators and `apply`, and each derivative is
// written once. `Double` and `Float` override these with the C library (`RealScalar.swift`);
// `Expr` builds nodes through its `apply`.

extension Differentiable {
  @inlinable public static func exp(_ x: Self) -> Self { apply(Rules.Exp(), x) }
  @inlinable public static func expMinusOne(_ x: Self) -> Self { apply(Rules.ExpMinusOne(), x) }
  @inlinable public static func log(_ x: Self) -> Self { apply(Rules.Log(), x) }
  @inlinable public static func log(onePlus x: Self) -> Self { apply(Rules.LogOnePlus(), x) }
  @inlinable public static func sqrt(_ x: Self) -> Self { apply(Rules.Sqrt(), x) }
  @inlinable public static func pow(_ x: Self, _ y: Self) -> Self { apply(Rules.Pow(), x, y) }
  @inlinable public static func sin(_ x: Self) -> Self { apply(Rules.Sin(), x) }
  @inlinable public static func cos(_ x: Self) -> Self { apply(Rules.Cos(), x) }
  @inlinable public static func atan2(y: Self, x: Self) -> Self { apply(Rules.Atan2(), y, x) }
  @inlinable public static func tanh(_ x: Self) -> Self { apply(Rules.Tanh(), x) }
  @inlinable public static func abs(_ x: Self) -> Self { apply(Rules.Abs(), x) }
  @inlinable public static func tan(_ x: Self) -> Self { apply(Rules.Tan(), x) }
  @inlinable public static func asin(_ x: Self) -> Self { apply(Rules.Asin(), x) }
  @inlinable public static func acos(_ x: Self) -> Self { apply(Rules.Acos(), x) }
  @inlinable public static func atan(_ x: Self) -> Self { apply(Rules.Atan(), x) }
  @inlinable public static func sinh(_ x: Self) -> Self { apply(Rules.Sinh(), x) }
  @inlinable public static func cosh(_ x: Self) -> Self { apply(Rules.Cosh(), x) }
  @inlinable public static func hypot(_ x: Self, _ y: Self) -> Self {
    apply(Rules.Hypot(), x, y)
  }
  @inlinable public static func sigmoid(_ x: Self) -> Self { apply(Rules.Sigmoid(), x) }
  @inlinable public static func softplus(_ x: Self) -> Self { apply(Rules.Softplus(), x) }
  @inlinable public static func relu(_ x: Self) -> Self { apply(Rules.Relu(), x) }
  @inlinable public static func min(_ x: Self, _ y: Self) -> Self { apply(Rules.Min(), x, y) }
  @inlinable public static func max(_ x: Self, _ y: Self) -> Self { apply(Rules.Max(), x, y) }
  @inlinable public static func pow(_ x: Self, n: Int) -> Self {
    apply(Rules.IntegerPower(n), x)
  }
  @inlinable public static func sign(_ x: Self) -> Self { apply(Rules.Sign(), x) }
  @inlinable public static func multiplyAdd(_ a: Self, _ b: Self, _ c: Self) -> Self {
    a * b + c
  }
}
