import DualTape

/// The outcome of checking one function's derivatives three ways (forward mode, reverse mode,
/// finite differences) at some points: one ``CheckReport`` per comparison, and a message per
/// failed comparison that names the point, the engines, the worst entry, both values and the
/// tolerance.
public struct AgreementReport<S: RealScalar>: CustomStringConvertible, Sendable {
  /// Every comparison made, labelled (`"forward vs reverse gradient at [1.0, 2.0]"`).
  public var checks: [(label: String, report: CheckReport<S>)] = []

  /// Whether every comparison passed.
  public var passed: Bool { checks.allSatisfy(\.report.passed) }

  /// One line per failed comparison.
  public var failures: [String] {
    checks.filter { !$0.report.passed }.map { "\($0.label): \($0.report)" }
  }

  /// All comparisons, one per line.
  public var description: String {
    checks.map { "\($0.label): \($0.report)" }.joined(separator: "\n")
  }

  @usableFromInline mutating func add(_ label: String, _ report: CheckReport<S>) {
    checks.append((label, report))
  }
}

/// Where derivative checks are made: given points, or seeded random points in a box.
public struct CheckPoints<S: RealScalar>: Sendable {
  /// The points, each with n coordinates.
  public var points: [[S]]

  /// The given points.
  public init(_ points: [[S]]) { self.points = points }

  /// `count` points with n coordinates uniform in `range`, reproducible from `seed`.
  /// - Parameters:
  ///   - count: how many points.
  ///   - dimension: n, the number of inputs.
  ///   - range: the box each coordinate is drawn from.
  ///   - seed: the generator's seed; the same seed gives the same points.
  public static func random(
    count: Int = 3, dimension: Int, in range: ClosedRange<S> = -1...1, seed: UInt64 = 42
  ) -> CheckPoints {
    var generator = SplitMix64(seed: seed)
    let width = range.upperBound - range.lowerBound
    return CheckPoints(
      (0..<count).map { _ in
        (0..<dimension).map { _ in range.lowerBound + width * S(generator.nextUnit()) }
      })
  }
}

/// Checks that derivatives agree between DualTape's engines and finite differences, in the
/// manner of PyTorch's `gradcheck` and JAX's `check_grads`.
///
/// Engines are compared with each other at ``Tolerance/engines`` (both are exact up to
/// rounding) and with central finite differences at ``Tolerance/standard`` (above the
/// differences' own truncation and rounding error), each for the scalar type `S`.
public enum DerivativeAgreement {
  /// Gradients of f: ℝⁿ → ℝ: forward (chunk mode) vs reverse, and reverse vs finite
  /// differences, at every point.
  /// - Parameters:
  ///   - f: the function, written once generically.
  ///   - points: where to check.
  ///   - engines: tolerance between engines.
  ///   - differences: tolerance against finite differences.
  public static func gradients<S: RealScalar>(
    of f: some VectorToScalar, at points: CheckPoints<S>,
    engines: Tolerance<S> = .engines, differences: Tolerance<S> = .standard
  ) -> AgreementReport<S> {
    var report = AgreementReport<S>()
    for x in points.points {
      let reverse = Reverse.gradient(at: x, of: f)
      let forward = Forward.gradient(at: x, of: f)
      report.add(
        "forward vs reverse gradient at \(x)",
        GradientCheck.compare(forward, reverse, tolerance: engines))
      report.add(
        "reverse gradient vs finite differences at \(x)",
        GradientCheck.gradient(reverse, at: x, of: f, tolerance: differences))
    }
    return report
  }

  /// Jacobians of f: ℝⁿ → ℝᵐ: forward vs reverse, reverse vs finite differences, and the
  /// dot-product test ⟨J v, u⟩ = ⟨v, Jᵀ u⟩ (forward JVP against reverse VJP), at every point.
  /// - Parameters:
  ///   - f: the function, written once generically.
  ///   - points: where to check.
  ///   - engines: tolerance between engines.
  ///   - differences: tolerance against finite differences.
  public static func jacobians<S: RealScalar>(
    of f: some VectorToVector, at points: CheckPoints<S>,
    engines: Tolerance<S> = .engines, differences: Tolerance<S> = .standard
  ) -> AgreementReport<S> {
    var report = AgreementReport<S>()
    for (k, x) in points.points.enumerated() {
      let reverse = Reverse.jacobian(at: x, of: f)
      let forward = Forward.jacobian(at: x, of: f)
      report.add(
        "forward vs reverse Jacobian at \(x)",
        GradientCheck.compare(forward, reverse, tolerance: engines))
      report.add(
        "reverse Jacobian vs finite differences at \(x)",
        GradientCheck.jacobian(reverse, at: x, of: f, tolerance: differences))
      report.add(
        "dot-product test (JVP vs VJP) at \(x)",
        GradientCheck.dotProductTest(at: x, of: f, seed: UInt64(k + 1), tolerance: engines))
    }
    return report
  }

  /// Hessians of f: ℝⁿ → ℝ: forward-over-forward vs forward-over-reverse, and
  /// forward-over-reverse vs finite differences of the reverse gradient, at every point.
  /// - Parameters:
  ///   - f: the function, written once generically.
  ///   - points: where to check.
  ///   - engines: tolerance between engines.
  ///   - differences: tolerance against finite differences.
  public static func hessians<S: RealScalar>(
    of f: some VectorToScalar, at points: CheckPoints<S>,
    engines: Tolerance<S> = .engines, differences: Tolerance<S> = .standard
  ) -> AgreementReport<S> {
    var report = AgreementReport<S>()
    for x in points.points {
      let reverse = Reverse.hessian(at: x, of: f)
      let forward = Forward.hessian(at: x, of: f)
      report.add(
        "forward-over-forward vs forward-over-reverse Hessian at \(x)",
        GradientCheck.compare(forward, reverse, tolerance: engines))
      let differenced = FiniteDifference.jacobian(at: x) { v in Reverse.gradient(at: v, of: f) }
      report.add(
        "forward-over-reverse Hessian vs finite differences of the gradient at \(x)",
        GradientCheck.compare(reverse, differenced, tolerance: differences))
    }
    return report
  }
}
