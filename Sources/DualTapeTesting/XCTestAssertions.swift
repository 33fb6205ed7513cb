#if canImport(XCTest)
  import DualTape
  import XCTest

  // XCTest assertions over `DerivativeAgreement`, the same checks as the Swift Testing
  // expectations in Expectations.swift: each failed comparison is one `XCTFail` at the caller's
  // line, naming the point, the engines, the worst entry, both values and the tolerance.

  /// Asserts that gradients of f agree between forward mode, reverse mode and finite
  /// differences (XCTest; see ``expectGradientsAgree(of:at:engines:differences:sourceLocation:)``
  /// for Swift Testing).
  ///
  /// ```swift
  /// final class LossTests: XCTestCase {
  ///   func testGradient() {
  ///     XCTAssertGradientsAgree(of: Rosenbrock(), at: CheckPoints<Double>.random(dimension: 4))
  ///   }
  /// }
  /// ```
  /// - Parameters:
  ///   - f: the function, written once generically.
  ///   - points: where to check (given, or ``CheckPoints/random(count:dimension:in:seed:)``).
  ///   - engines: tolerance between engines.
  ///   - differences: tolerance against finite differences.
  ///   - file: where a failure is reported.
  ///   - line: where a failure is reported.
  /// - Returns: the report, for further inspection.
  // swift-format-ignore: AlwaysUseLowerCamelCase
  // XCTest's naming convention, as XCTAssertEqual.
  @discardableResult
  public func XCTAssertGradientsAgree<S: RealScalar>(
    of f: some VectorToScalar, at points: CheckPoints<S>, engines: Tolerance<S> = .engines,
    differences: Tolerance<S> = .standard, file: StaticString = #filePath, line: UInt = #line
  ) -> AgreementReport<S> {
    fail(
      DerivativeAgreement.gradients(of: f, at: points, engines: engines, differences: differences),
      file, line)
  }

  /// Asserts that Jacobians of f agree between forward mode, reverse mode and finite
  /// differences, and that JVPs and VJPs pass the dot-product test (XCTest).
  /// - Parameters:
  ///   - f: the function, written once generically.
  ///   - points: where to check.
  ///   - engines: tolerance between engines.
  ///   - differences: tolerance against finite differences.
  ///   - file: where a failure is reported.
  ///   - line: where a failure is reported.
  /// - Returns: the report, for further inspection.
  // swift-format-ignore: AlwaysUseLowerCamelCase
  // XCTest's naming convention, as XCTAssertEqual.
  @discardableResult
  public func XCTAssertJacobiansAgree<S: RealScalar>(
    of f: some VectorToVector, at points: CheckPoints<S>, engines: Tolerance<S> = .engines,
    differences: Tolerance<S> = .standard, file: StaticString = #filePath, line: UInt = #line
  ) -> AgreementReport<S> {
    fail(
      DerivativeAgreement.jacobians(of: f, at: points, engines: engines, differences: differences),
      file, line)
  }

  /// Asserts that Hessians of f agree between forward-over-forward, forward-over-reverse and
  /// finite differences of the gradient (XCTest).
  /// - Parameters:
  ///   - f: the function, written once generically.
  ///   - points: where to check.
  ///   - engines: tolerance between engines.
  ///   - differences: tolerance against finite differences.
  ///   - file: where a failure is reported.
  ///   - line: where a failure is reported.
  /// - Returns: the report, for further inspection.
  // swift-format-ignore: AlwaysUseLowerCamelCase
  // XCTest's naming convention, as XCTAssertEqual.
  @discardableResult
  public func XCTAssertHessiansAgree<S: RealScalar>(
    of f: some VectorToScalar, at points: CheckPoints<S>, engines: Tolerance<S> = .engines,
    differences: Tolerance<S> = .standard, file: StaticString = #filePath, line: UInt = #line
  ) -> AgreementReport<S> {
    fail(
      DerivativeAgreement.hessians(of: f, at: points, engines: engines, differences: differences),
      file, line)
  }

  func fail<S>(_ report: AgreementReport<S>, _ file: StaticString, _ line: UInt)
    -> AgreementReport<S>
  {
    for failure in report.failures { XCTFail(failure, file: file, line: line) }
    return report
  }
#endif
