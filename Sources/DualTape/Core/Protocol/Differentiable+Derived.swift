// The default of every elementary function: apply its rule from the table (`Rules/`), so that
// an engine implements only the arithmetic operators and `apply`, and each derivative is
// written once. `Double` and `Float` override these with the C library (`RealScalar.swift`);
// `Expr` builds nodes through its `apply`.
//
// These and the elementary free functions of `Functions.swift` (exp … relu; not min and max,
// nor those of `Functions+Special.swift`) are forced inline: they only forward to an
// engine's `apply`, and in a large function (the LSTM objective's cell loop) the optimiser
// stops inlining ordinary calls, so `sigmoid` of a `Tracked` value stayed a call of its own
// (measured: 1,838 → 1,704 instructions per LSTM cell with both layers inline).

extension Differentiable {
  @inlinable @inline(__always) public static func exp(_ x: Self) -> Self { apply(Rules.Exp(), x) }
  @inlinable @inline(__always) public static func expMinusOne(_ x: Self) -> Self {
    apply(Rules.ExpMinusOne(), x)
  }
  @inlinable @inline(__always) public static func log(_ x: Self) -> Self { apply(Rules.Log(), x) }
  @inlinable @inline(__always) public static func log(onePlus x: Self) -> Self {
    apply(Rules.LogOnePlus(), x)
  }
  @inlinable @inline(__always) public static func sqrt(_ x: Self) -> Self { apply(Rules.Sqrt(), x) }
  @inlinable @inline(__always) public static func pow(_ x: Self, _ y: Self) -> Self {
    apply(Rules.Pow(), x, y)
  }
  @inlinable @inline(__always) public static func sin(_ x: Self) -> Self { apply(Rules.Sin(), x) }
  @inlinable @inline(__always) public static func cos(_ x: Self) -> Self { apply(Rules.Cos(), x) }
  @inlinable @inline(__always) public static func atan2(y: Self, x: Self) -> Self {
    apply(Rules.Atan2(), y, x)
  }
  @inlinable @inline(__always) public static func tanh(_ x: Self) -> Self { apply(Rules.Tanh(), x) }
  @inlinable @inline(__always) public static func abs(_ x: Self) -> Self { apply(Rules.Abs(), x) }
  @inlinable @inline(__always) public static func tan(_ x: Self) -> Self { apply(Rules.Tan(), x) }
  @inlinable @inline(__always) public static func asin(_ x: Self) -> Self { apply(Rules.Asin(), x) }
  @inlinable @inline(__always) public static func acos(_ x: Self) -> Self { apply(Rules.Acos(), x) }
  @inlinable @inline(__always) public static func atan(_ x: Self) -> Self { apply(Rules.Atan(), x) }
  @inlinable @inline(__always) public static func sinh(_ x: Self) -> Self { apply(Rules.Sinh(), x) }
  @inlinable @inline(__always) public static func cosh(_ x: Self) -> Self { apply(Rules.Cosh(), x) }
  @inlinable @inline(__always) public static func hypot(_ x: Self, _ y: Self) -> Self {
    apply(Rules.Hypot(), x, y)
  }
  @inlinable @inline(__always) public static func sigmoid(_ x: Self) -> Self {
    apply(Rules.Sigmoid(), x)
  }
  @inlinable @inline(__always) public static func softplus(_ x: Self) -> Self {
    apply(Rules.Softplus(), x)
  }
  @inlinable @inline(__always) public static func relu(_ x: Self) -> Self { apply(Rules.Relu(), x) }
  @inlinable @inline(__always) public static func min(_ x: Self, _ y: Self) -> Self {
    apply(Rules.Min(), x, y)
  }
  @inlinable @inline(__always) public static func max(_ x: Self, _ y: Self) -> Self {
    apply(Rules.Max(), x, y)
  }
  @inlinable @inline(__always) public static func pow(_ x: Self, n: Int) -> Self {
    apply(Rules.IntegerPower(n), x)
  }
  @inlinable @inline(__always) public static func sign(_ x: Self) -> Self { apply(Rules.Sign(), x) }
  @inlinable @inline(__always) public static func multiplyAdd(_ a: Self, _ b: Self, _ c: Self)
    -> Self
  {
    a * b + c
  }
}
