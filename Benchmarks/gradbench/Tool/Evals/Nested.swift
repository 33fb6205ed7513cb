import DualTape

/// The mode of one level of a nested derivative (`particle` and `saddle` name their functions
/// by the outer and inner mode: `ff`, `fr`, `rf`, `rr`).
enum Mode: Sendable {
  case forward, reverse

  /// The four nestings by their GradBench names, outer mode first.
  static let nestings: [(name: String, outer: Mode, inner: Mode)] = [
    ("rr", .reverse, .reverse), ("ff", .forward, .forward), ("fr", .forward, .reverse),
    ("rf", .reverse, .forward),
  ]

  /// The driver a level uses: the nested levels run in T arithmetic, where DualTape's drivers
  /// for a generic scalar are the scalar ones (`Reverse.gradient` needs a `RealScalar` point),
  /// so a gradient at a nested level is one scalar derivative per coordinate.
  var scalarDriver: String { self == .forward ? "Forward.derivative" : "Reverse.derivative" }
}

/// Gradient descent as GradBench's `gd.hpp` specifies it for `particle` and `saddle` (step
/// 10⁻⁵, doubled after 10 accepted steps, halved after a rejected one; stop when the gradient
/// or the step is shorter than 10⁻⁵), in T arithmetic so that an outer derivative flows
/// through every iteration.
/// - Returns: the argmin, or NaNs if it did not stop within 10⁶ iterations.
func argmin<T: Differentiable>(
  from start: [T], objective f: ([T]) -> T, gradient g: ([T]) -> [T]
) -> [T] {
  var x = start
  var fx = f(x)
  var gx = g(x)
  var accepted = 0
  var eta = 1e-5
  for _ in 0..<1_000_000 {
    if norm(gx) <= 1e-5 { return x }
    if accepted == 10 {
      eta *= 2
      accepted = 0
      continue
    }
    let next = x.indices.map { x[$0] - T(eta) * gx[$0] }
    if norm(x.indices.map { x[$0] - next[$0] }) <= 1e-5 { return x }
    let fNext = f(next)
    if fNext < fx {
      x = next
      fx = fNext
      gx = g(x)
      accepted += 1
    } else {
      eta /= 2
      accepted = 0
    }
  }
  return x.map { _ in T(Double.nan) }
}

/// |v| on the values alone (only compared, never differentiated).
@inline(__always)
func norm<T: Differentiable>(_ v: [T]) -> T {
  var s: T = 0
  for x in v { s += x * x }
  return sqrt(withoutDerivative(at: s))
}
