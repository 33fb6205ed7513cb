// Plain numbers in reverse-mode code: `Tracked(ts[i])` lifts a number as a constant.

extension Tracked where T: RealScalar {
  /// A constant from a plain number of the engine's scalar type: `Tracked(ts[i])` with
  /// `ts: [Double]`. Constants are not recorded and have zero derivative.
  ///
  /// ```swift
  /// Reverse.gradient(at: p) { p in p[0] + p[1] * Tracked(ts[i]) }
  /// ```
  @_disfavoredOverload
  @inlinable public init(_ value: T) { self.init(constant: value) }
}
