import DualTape

/// A closed interval [lo, hi] of real numbers, for bounding an expression over a box of inputs.
///
/// The random-expression generator evaluates each candidate node on intervals, so it can tell
/// whether a kink (abs at 0, a min/max tie), a pole or a domain edge (log, sqrt, asin, a
/// branch cut) lies anywhere in the box around the evaluation point. Every bound here is
/// *conservative* (it contains the true range, perhaps more), which only makes the generator
/// more careful. Rounding is not directed: the generator keeps margins far wider than an ulp.
public struct Interval: Sendable, Equatable, CustomStringConvertible {
  /// The lower end.
  public var lo: Double
  /// The upper end.
  public var hi: Double

  /// The interval [lo, hi] (lo ≤ hi).
  public init(_ lo: Double, _ hi: Double) {
    self.lo = lo
    self.hi = hi
  }

  /// The single point [x, x].
  public init(point x: Double) { self.init(x, x) }

  /// `[lo, hi]`.
  public var description: String { "[\(lo), \(hi)]" }

  /// The largest magnitude in the interval.
  public var magnitude: Double { Swift.max(Swift.abs(lo), Swift.abs(hi)) }

  /// Whether every point is at least `margin` away from 0.
  public func excludesZero(margin: Double) -> Bool { lo > margin || hi < -margin }

  /// Whether the interval lies inside [lower, upper].
  public func isWithin(_ lower: Double, _ upper: Double) -> Bool { lo >= lower && hi <= upper }

  /// The image under a nondecreasing function.
  public func increasing(_ f: (Double) -> Double) -> Interval { Interval(f(lo), f(hi)) }

  /// The image under a nonincreasing function.
  public func decreasing(_ f: (Double) -> Double) -> Interval { Interval(f(hi), f(lo)) }

  /// The smallest interval holding all the given values.
  public static func hull(_ values: [Double]) -> Interval {
    Interval(values.min() ?? 0, values.max() ?? 0)
  }

  /// Sum.
  public static func + (a: Interval, b: Interval) -> Interval { Interval(a.lo + b.lo, a.hi + b.hi) }
  /// Difference.
  public static func - (a: Interval, b: Interval) -> Interval { Interval(a.lo - b.hi, a.hi - b.lo) }
  /// Negation.
  public static prefix func - (a: Interval) -> Interval { Interval(-a.hi, -a.lo) }
  /// Product: the hull of the four corner products.
  public static func * (a: Interval, b: Interval) -> Interval {
    hull([a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi])
  }
  /// Quotient; `b` must exclude 0.
  public static func / (a: Interval, b: Interval) -> Interval {
    a * Interval(1 / b.hi, 1 / b.lo)
  }

  /// |x| over the interval.
  public var absolute: Interval {
    if lo >= 0 { return self }
    if hi <= 0 { return -self }
    return Interval(0, magnitude)
  }

  /// xⁿ for an integer n (for n < 0 the interval must exclude 0).
  public func power(_ n: Int) -> Interval {
    let k = Swift.abs(n)
    func p(_ x: Double) -> Double { DualTape.pow(x, n: k) }
    let positive: Interval
    if k % 2 == 1 {
      positive = increasing(p)
    } else {
      positive = absolute.increasing(p)
    }
    return n < 0 ? Interval(point: 1) / positive : positive
  }

  /// sin x over the interval: the end values, widened to ±1 if a crest or trough lies inside.
  public var sine: Interval {
    if hi - lo >= 2 * Double.pi { return Interval(-1, 1) }
    var result = Interval.hull([DualTape.sin(lo), DualTape.sin(hi)])
    // Crests at π/2 + 2kπ, troughs at −π/2 + 2kπ.
    let crest = (lo - Double.pi / 2) / (2 * Double.pi)
    if Double.pi / 2 + 2 * crest.rounded(.up) * Double.pi <= hi { result.hi = 1 }
    let trough = (lo + Double.pi / 2) / (2 * Double.pi)
    if -Double.pi / 2 + 2 * trough.rounded(.up) * Double.pi <= hi { result.lo = -1 }
    return result
  }

  /// cos x over the interval, as sin(x + π/2).
  public var cosine: Interval { Interval(lo + Double.pi / 2, hi + Double.pi / 2).sine }

  /// cosh x over the interval (even, minimum 1 at 0).
  public var hyperbolicCosine: Interval { absolute.increasing { DualTape.cosh($0) } }
}
