// Stop-gradient: Swift's `withoutDerivative(at:)`, JAX's `stop_gradient`, PyTorch's `detach`.

/// A scalar that can drop the derivatives it carries, keeping its value.
///
/// Every DualTape engine conforms: `Double` and `Float` (nothing to drop), ``Dual``,
/// ``DualVector``, ``Tracked`` and their nestings (every level is dropped), and ``Expr``
/// (constants only: the symbolic engine has no stop-gradient node). A scalar type of your own
/// that conforms to ``Differentiable`` conforms to this protocol too, to use
/// ``withoutDerivative(at:)``.
public protocol Detachable {
  /// The same value with zero derivative at every nesting level: a constant.
  var detached: Self { get }
}

/// The value of `x` as a constant: its derivative with respect to anything is zero.
///
/// Works in generic code with every engine and nesting:
///
/// ```swift
/// func f<T: Differentiable>(_ x: T) -> T { x * withoutDerivative(at: x) }
/// Forward.derivative(at: 3.0) { x in f(x) }   // 3, not 6
/// ```
/// - Parameter x: a value of any DualTape scalar.
/// - Returns: `x`'s value, with zero tangent (forward), not recorded (reverse).
@inlinable public func withoutDerivative<T: Differentiable>(at x: T) -> T {
  guard let detachable = x as? any Detachable, let constant = detachable.detached as? T else {
    dualTapeFailure(
      "withoutDerivative(at:): \(T.self) does not conform to Detachable; add"
        + " `extension \(T.self): Detachable` with a `detached` property that returns the value"
        + " as a constant.")
  }
  return constant
}

extension Double: Detachable {
  /// `self`: a plain number carries no derivative.
  @inlinable public var detached: Double { self }
}

extension Float: Detachable {
  /// `self`: a plain number carries no derivative.
  @inlinable public var detached: Float { self }
}

extension DualNumber: Detachable {
  /// The value as a constant, with every inner level detached too.
  @inlinable public var detached: Self { Self(constant: withoutDerivative(at: value)) }
}

extension DualLanes: Detachable {
  /// The value with every tangent lane zero.
  @inlinable public var detached: Self { Self(constant: value) }
}

extension Tracked: Detachable {
  /// The value as a constant: not recorded, so no adjoint flows back through it.
  @inlinable public var detached: Tracked {
    if _slowPath(generation & 1 != 0) { return replayableDetached() }  // see Replay/
    return Tracked(constant: withoutDerivative(at: value))
  }
}
