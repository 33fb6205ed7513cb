/// The normwise error max|a − b| / max|b| (max|a − b| when b is zero) of a computed vector a
/// against a reference b: the measure the tests, examples and benchmark compare gradients by.
/// A NaN entry or a length mismatch is an infinite error, so a NaN never passes a tolerance.
///
/// ```swift
/// normwiseError([1.0, 2.001], [1.0, 2.0])   // ≈ 0.0005
/// ```
public func normwiseError(_ a: [Double], _ b: [Double]) -> Double {
  guard a.count == b.count else { return .infinity }
  var difference = 0.0
  var scale = 0.0
  for (x, y) in zip(a, b) {
    let d = (x - y).magnitude
    difference = d.isNaN ? .infinity : Swift.max(difference, d)
    scale = Swift.max(scale, y.magnitude)
  }
  return scale > 0 ? difference / scale : difference
}
