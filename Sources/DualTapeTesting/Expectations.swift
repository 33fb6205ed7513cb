import DualTape
import Testing

// Swift Testing expectations over `DerivativeAgreement`: each failed comparison is recorded as
// one issue at the caller's line, naming the point, the engines, the worst entry, both values
// and the tolerance.

/// Expects gradients of f to agree between forward mode, reverse mode and finite differences.
///
/// ```swift
/// @Test func lossGradient() {
///   expectGradientsAgree(of: Rosenbrock(), at: CheckPoints<Double>.random(dimension: 4))
/// }
/// ```
/// - Parameters:
///   - f: the function, written once generically.
///   - points: where to check (given, or ``CheckPoints/random(count:dimension:in:seed:)``).
///   - engines: tolerance between engines.
///   - differences: tolerance against finite differences.
///   - sourceLocation: where a failure is reported.
/// - Returns: the report, for further inspection.
@discardableResult
public func expectGradientsAgree<S: RealScalar>(
  of f: some VectorToScalar, at points: CheckPoints<S>, engines: Tolerance<S> = .engines,
  differences: Tolerance<S> = .standard, sourceLocation: SourceLocation = #_sourceLocation
) -> AgreementReport<S> {
  record(
    DerivativeAgreement.gradients(of: f, at: points, engines: engines, differences: differences),
    sourceLocation)
}

/// Expects Jacobians of f to agree between forward mode, reverse mode and finite differences,
/// and JVPs and VJPs to pass the dot-product test.
/// - Parameters:
///   - f: the function, written once generically.
///   - points: where to check.
///   - engines: tolerance between engines.
///   - differences: tolerance against finite differences.
///   - sourceLocation: where a failure is reported.
/// - Returns: the report, for further inspection.
@discardableResult
public func expectJacobiansAgree<S: RealScalar>(
  of f: some VectorToVector, at points: CheckPoints<S>, engines: Tolerance<S> = .engines,
  differences: Tolerance<S> = .standard, sourceLocation: SourceLocation = #_sourceLocation
) -> AgreementReport<S> {
  record(
    DerivativeAgreement.jacobians(of: f, at: points, engines: engines, differences: differences),
    sourceLocation)
}

/// Expects Hessians of f to agree between forward-over-forward, forward-over-reverse and
/// finite differences of the gradient.
/// - Parameters:
///   - f: the function, written once generically.
///   - points: where to check.
///   - engines: tolerance between engines.
///   - differences: tolerance against finite differences.
///   - sourceLocation: where a failure is reported.
/// - Returns: the report, for further inspection.
@discardableResult
public func expectHessiansAgree<S: RealScalar>(
  of f: some VectorToScalar, at points: CheckPoints<S>, engines: Tolerance<S> = .engines,
  differences: Tolerance<S> = .standard, sourceLocation: SourceLocation = #_sourceLocation
) -> AgreementReport<S> {
  record(
    DerivativeAgreement.hessians(of: f, at: points, engines: engines, differences: differences),
    sourceLocation)
}

func record<S>(_ report: AgreementReport<S>, _ location: SourceLocation) -> AgreementReport<S> {
  for failure in report.failures {
    Issue.record(Comment(rawValue: failure), sourceLocation: location)
  }
  return report
}
