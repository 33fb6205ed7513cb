// Default implementations of the derived functions, built only from the primitives, so that
// every engine (forward, reverse, symbolic, nestings) inherits them with correct derivatives.
// Each default is written for accuracy first: the forms avoid cancellation and overflow.

extension Differentiable {
  @inlinable public static func tan(_ x: Self) -> Self { sin(x) / cos(x) }

  // √((1 − x)(1 + x)) instead of √(1 − x²): no cancellation near |x| = 1.
  @inlinable public static func asin(_ x: Self) -> Self {
    atan2(y: x, x: sqrt((1 - x) * (1 + x)))
  }
  @inlinable public static func acos(_ x: Self) -> Self {
    atan2(y: sqrt((1 - x) * (1 + x)), x: x)
  }
  @inlinable public static func atan(_ x: Self) -> Self { atan2(y: x, x: 1) }

  // (eˣ − 1) − (e⁻ˣ − 1) keeps full relative accuracy near 0, where eˣ − e⁻ˣ would cancel.
  @inlinable public static func sinh(_ x: Self) -> Self {
    (expMinusOne(x) - expMinusOne(-x)) * 0.5
  }
  @inlinable public static func cosh(_ x: Self) -> Self { (exp(x) + exp(-x)) * 0.5 }

  // Scaled so that x² + y² cannot overflow: big·√(1 + (small/big)²).
  @inlinable public static func hypot(_ x: Self, _ y: Self) -> Self {
    let ax = abs(x)
    let ay = abs(y)
    let big = max(ax, ay)
    if big == 0 { return big }
    let ratio = min(ax, ay) / big
    return big * sqrt(1 + ratio * ratio)
  }

  // Two branches so that exp never overflows: e⁻ˣ for x ≥ 0, eˣ for x < 0.
  @inlinable public static func sigmoid(_ x: Self) -> Self {
    if x >= 0 { return 1 / (1 + exp(-x)) }
    let e = exp(x)
    return e / (1 + e)
  }

  // x + log(1 + e⁻ˣ) for x > 0, log(1 + eˣ) otherwise: never overflows, exact slope ½ at 0.
  @inlinable public static func softplus(_ x: Self) -> Self {
    if x > 0 { return x + log(onePlus: exp(-x)) }
    return log(onePlus: exp(x))
  }

  // NaN fails both tests and is returned as it is, so it propagates.
  @inlinable public static func relu(_ x: Self) -> Self {
    if x > 0 { return x }
    if x <= 0 { return 0 }
    return x
  }

  // At a tie, x + (y − x)/2 has the value x exactly and the derivative (dx + dy)/2.
  // NaN fails every comparison and reaches `x + y`, which is NaN.
  @inlinable public static func min(_ x: Self, _ y: Self) -> Self {
    if x < y { return x }
    if y < x { return y }
    if x == y { return x + (y - x) * 0.5 }
    return x + y
  }
  @inlinable public static func max(_ x: Self, _ y: Self) -> Self {
    if x > y { return x }
    if y > x { return y }
    if x == y { return x + (y - x) * 0.5 }
    return x + y
  }

  @inlinable public static func pow(_ x: Self, n: Int) -> Self {
    // x⁻ⁿ = 1 / (x^(n−1) · x) for n < 0, written so that Int.min cannot overflow.
    if n < 0 { return 1 / (pow(x, n: -(n + 1)) * x) }
    var result: Self = 1
    var base = x
    var k = n
    var first = true
    while k > 0 {
      if k & 1 == 1 {
        // Start from the first factor itself rather than 1 · factor: one node fewer on a tape.
        result = first ? base : result * base
        first = false
      }
      k >>= 1
      if k > 0 { base = base * base }
    }
    return result
  }
}
