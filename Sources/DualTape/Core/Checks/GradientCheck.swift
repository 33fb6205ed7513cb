/// How close a computed derivative must be to a reference: entry-wise,
/// `|computed − reference| ≤ absolute + relative · max(|computed|, |reference|)`.
public struct Tolerance<S: RealScalar>: Sendable {
  /// The absolute part, for entries near zero.
  public var absolute: S
  /// The relative part, for large entries.
  public var relative: S

  /// A tolerance with the given parts.
  public init(absolute: S, relative: S) {
    self.absolute = absolute
    self.relative = relative
  }

  /// The default for comparing AD against central finite differences, above the differences'
  /// own error (about ε^(2/3)·|f|/|x| plus h²·|f'''|): absolute and relative `1e-6` for
  /// `Double`, `1e-3` for `Float` (the shared suite's Float Hessians differ from differences of
  /// the gradient by up to 6e-4, so `1e-4` would reject correct results).
  public static var standard: Tolerance {
    S.self == Float.self
      ? Tolerance(absolute: 1e-3, relative: 1e-3) : Tolerance(absolute: 1e-6, relative: 1e-6)
  }

  /// For comparing two AD engines with each other: both are exact up to rounding, so only
  /// rounding-level differences are allowed (`1e-12` for `Double`, `1e-5` for `Float`).
  public static var engines: Tolerance {
    S.self == Float.self
      ? Tolerance(absolute: 1e-5, relative: 1e-5) : Tolerance(absolute: 1e-12, relative: 1e-12)
  }

  /// Whether `computed` is within tolerance of `reference`. NaN matches only NaN, and an
  /// infinity only the same infinity (IEEE results are compared as results).
  @inlinable public func accepts(_ computed: S, _ reference: S) -> Bool {
    if computed.isNaN || reference.isNaN { return computed.isNaN && reference.isNaN }
    if computed.isInfinite || reference.isInfinite { return computed == reference }
    let scale = Swift.max(computed.magnitude, reference.magnitude)
    return (computed - reference).magnitude <= absolute + relative * scale
  }
}

/// The outcome of comparing a derivative with a reference, entry by entry.
///
/// `description` reads as one line: pass/fail, the errors and the worst entry with both values,
/// so a failing test or benchmark says exactly where the engines disagree.
public struct CheckReport<S: RealScalar>: CustomStringConvertible, Sendable {
  /// Whether every entry is within tolerance.
  public var passed: Bool
  /// The largest |computed − reference| over the entries.
  public var maxAbsoluteError: S
  /// The largest |computed − reference| / max(|computed|, |reference|) over nonzero entries.
  public var maxRelativeError: S
  /// The output (row) of the worst entry.
  public var worstOutput: Int
  /// The input (column) of the worst entry.
  public var worstInput: Int
  /// The computed value at the worst entry.
  public var computed: S
  /// The reference value at the worst entry.
  public var reference: S
  /// The tolerance that was applied.
  public var tolerance: Tolerance<S>
  /// What the reference was and which side is inaccurate, when the check knows (a `Float`
  /// check against a `Double` reference); `nil` otherwise.
  public var note: String?

  public var description: String {
    let verdict = passed ? "pass" : "FAIL"
    return "\(verdict): max abs error \(maxAbsoluteError), max rel error \(maxRelativeError);"
      + " worst at output \(worstOutput), input \(worstInput): computed \(computed),"
      + " reference \(reference) (tolerance abs \(tolerance.absolute),"
      + " rel \(tolerance.relative))" + (note.map { ". \($0)" } ?? "")
  }
}

/// Checks derivatives against references: finite differences, another engine, or the
/// dot-product identity ⟨J v, u⟩ = ⟨v, Jᵀ u⟩.
public enum GradientCheck {
  /// Compares two matrices entry by entry (same shape required).
  ///
  /// The worst entry is the one that exceeds the tolerance by the largest factor (or, if all
  /// pass, the one closest to failing).
  public static func compare<S: RealScalar>(
    _ computed: Matrix<S>, _ reference: Matrix<S>, tolerance: Tolerance<S> = .standard
  ) -> CheckReport<S> {
    require(
      computed.rows == reference.rows && computed.columns == reference.columns,
      "GradientCheck.compare: the computed matrix is \(computed.rows)x\(computed.columns) but"
        + " the reference is \(reference.rows)x\(reference.columns); compare like with like.")
    var report = CheckReport<S>(
      passed: true, maxAbsoluteError: 0, maxRelativeError: 0, worstOutput: 0, worstInput: 0,
      computed: computed.elements.first ?? 0, reference: reference.elements.first ?? 0,
      tolerance: tolerance)
    var worstExcess = -S.infinity
    for (k, (c, r)) in zip(computed.elements, reference.elements).enumerated() {
      let ok = tolerance.accepts(c, r)
      let error = (c - r).magnitude
      let scale = Swift.max(c.magnitude, r.magnitude)
      if error.isNaN {
        if !ok { report.maxAbsoluteError = .nan }
      } else if !(c.isInfinite && c == r) {
        report.maxAbsoluteError = Swift.max(report.maxAbsoluteError, error)
        if scale > 0 { report.maxRelativeError = Swift.max(report.maxRelativeError, error / scale) }
      }
      let allowed = tolerance.absolute + tolerance.relative * scale
      let excess: S = ok ? (error.isFinite ? error / allowed : 0) : .infinity
      if !ok { report.passed = false }
      if excess > worstExcess {
        worstExcess = excess
        report.worstOutput = k / Swift.max(1, computed.columns)
        report.worstInput = k % Swift.max(1, computed.columns)
        report.computed = c
        report.reference = r
      }
    }
    return report
  }

  /// Compares two vectors entry by entry (output index 0).
  public static func compare<S: RealScalar>(
    _ computed: [S], _ reference: [S], tolerance: Tolerance<S> = .standard
  ) -> CheckReport<S> {
    compare(
      Matrix(rows: 1, columns: computed.count, elements: computed),
      Matrix(rows: 1, columns: reference.count, elements: reference), tolerance: tolerance)
  }

  /// Checks a gradient of f: ℝⁿ → ℝ against finite differences at x.
  ///
  /// In `Double` the reference is the finite difference. In `Float` a finite difference has
  /// only about 5 correct digits, often fewer than the AD value, so the reference is a
  /// Richardson difference of f evaluated in `Double` (f is generic, so it can be), and the
  /// report's ``CheckReport/note`` says how far the `Float` finite difference and the AD value
  /// each are from it: which side is the inaccurate one.
  public static func gradient<S: RealScalar>(
    _ gradient: [S], at x: [S], of f: some VectorToScalar,
    method: FiniteDifference.Method = .central, tolerance: Tolerance<S> = .standard
  ) -> CheckReport<S> {
    let own = FiniteDifference.gradient(at: x, method: method, of: f)
    if S.self == Double.self { return compare(gradient, own, tolerance: tolerance) }
    let precise = FiniteDifference.gradient(
      at: x.map(Double.init), method: .richardson, of: f)
    return judged(gradient, own, precise.map(S.init), tolerance)
  }

  /// Checks a Jacobian of f: ℝⁿ → ℝᵐ against finite differences at x (in `Float`, against a
  /// `Double` reference, as ``gradient(_:at:of:method:tolerance:)``).
  public static func jacobian<S: RealScalar>(
    _ jacobian: Matrix<S>, at x: [S], of f: some VectorToVector,
    method: FiniteDifference.Method = .central, tolerance: Tolerance<S> = .standard
  ) -> CheckReport<S> {
    let own = FiniteDifference.jacobian(at: x, method: method, of: f)
    if S.self == Double.self { return compare(jacobian, own, tolerance: tolerance) }
    let precise = FiniteDifference.jacobian(at: x.map(Double.init), method: .richardson, of: f)
    return judged(
      jacobian.elements, own.elements, precise.elements.map(S.init), tolerance,
      rows: jacobian.rows, columns: jacobian.columns)
  }

  /// The AD value judged against a precise reference, with a note comparing it and the
  /// finite difference in S to that reference.
  static func judged<S: RealScalar>(
    _ computed: [S], _ difference: [S], _ precise: [S], _ tolerance: Tolerance<S>,
    rows: Int = 1, columns: Int? = nil
  ) -> CheckReport<S> {
    let shape = (rows, columns ?? computed.count)
    func matrix(_ e: [S]) -> Matrix<S> { Matrix(rows: shape.0, columns: shape.1, elements: e) }
    var report = compare(matrix(computed), matrix(precise), tolerance: tolerance)
    let fd = compare(matrix(difference), matrix(precise), tolerance: tolerance)
    let inaccurate =
      fd.maxRelativeError > report.maxRelativeError
      ? "the \(S.typeName) finite difference is the less accurate side"
      : "the AD value is the less accurate side"
    report.note =
      "Reference: Richardson differences in Double. Max rel error of the AD value"
      + " \(report.maxRelativeError), of the \(S.typeName) finite difference"
      + " \(fd.maxRelativeError): \(inaccurate)"
    return report
  }

  /// The dot-product test of JAX's `check_vjp`: for random v and u,
  /// ⟨J v, u⟩ (forward JVP) must equal ⟨v, Jᵀ u⟩ (reverse VJP).
  ///
  /// It checks that the two engines compute transposes of one linear map without forming J.
  /// - Parameters:
  ///   - x: the point.
  ///   - f: the function.
  ///   - seed: seeds the random v and u (entries uniform in [−1, 1]).
  ///   - tolerance: defaults to ``Tolerance/engines``.
  /// - Returns: a report whose computed value is ⟨J v, u⟩ and reference ⟨v, Jᵀ u⟩.
  public static func dotProductTest<S: RealScalar>(
    at x: [S], of f: some VectorToVector, seed: UInt64 = 1,
    tolerance: Tolerance<S> = .engines
  ) -> CheckReport<S> {
    dotProductTest(
      at: x, seed: seed, tolerance: tolerance, forward: { f($0) }, reverse: { f($0) })
  }
}

/// A small, fast, seedable generator (SplitMix64), for reproducible checks.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64
  /// A generator whose sequence is fixed by `seed`.
  public init(seed: UInt64) { state = seed }
  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  /// A uniform `Double` in [0, 1).
  public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
