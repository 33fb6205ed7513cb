#if canImport(XCTest)
  import DualTape
  import DualTapeSuite
  import DualTapeTesting
  import XCTest

  // The XCTest front end of DualTapeTesting: passing checks on the shared suite, and a function
  // whose derivative is deliberately not the finite-difference one, whose failure must reach
  // XCTest at the caller's line with the worst entry named.

  private struct SquareTimesSine: VectorToScalar {
    func callAsFunction<T: Differentiable>(_ x: [T]) -> T { x[0] * x[0] * sin(x[1]) + x[1] }
  }

  /// x·x with the second factor detached: AD gives x, finite differences 2x.
  private struct HalfDetached: VectorToScalar {
    func callAsFunction<T: Differentiable>(_ x: [T]) -> T { x[0] * withoutDerivative(at: x[0]) }
  }

  final class XCTestAssertionTests: XCTestCase {
    func testSuiteGradientsAndJacobiansAgree() {
      for f in Suite.vectorFunctions {
        XCTAssertTrue(XCTAssertGradientsAgree(of: f, at: CheckPoints([f.defaultInput])).passed)
      }
      for f in Suite.vectorToVectorFunctions {
        let report = XCTAssertJacobiansAgree(of: f, at: CheckPoints([f.defaultInput]))
        // forward vs reverse, reverse vs differences, and the dot-product test.
        XCTAssertEqual(report.checks.count, 3)
      }
    }

    func testHessiansAgreeAtRandomPoints() {
      let report = XCTAssertHessiansAgree(
        of: SquareTimesSine(), at: CheckPoints<Double>.random(count: 3, dimension: 2))
      XCTAssertEqual(report.checks.count, 6)
      XCTAssertTrue(report.passed)
    }

    func testAWrongGradientFailsAtTheCallersLine() throws {
      var report: AgreementReport<Double>?
      let line = #line + 2
      let failures = capturingFailures {
        report = XCTAssertGradientsAgree(of: HalfDetached(), at: CheckPoints([[3.0]]))
      }
      let failed = try XCTUnwrap(report)
      XCTAssertFalse(failed.passed)
      XCTAssertEqual(failed.failures.count, 1)
      let message = failed.failures.joined()
      XCTAssertTrue(message.contains("finite differences at [3.0]"), message)
      XCTAssertTrue(message.contains("computed 3.0") && message.contains("reference 6.0"), message)
      #if !canImport(Darwin)
        // What XCTest recorded: the same message, once, at the line of the assertion.
        XCTAssertEqual(failures.count, 1)
        XCTAssertTrue(failures.allSatisfy { $0.message.contains(message) }, "\(failures)")
        XCTAssertEqual(failures.map(\.line), [line])
      #else
        _ = (failures, line)  // XCTExpectFailure absorbed them; the report is checked above
      #endif
    }

    // MARK: Capturing XCTest failures

    private var captured: [(message: String, line: Int)]?

    /// Runs `body`, returning the failures it records instead of failing this test.
    private func capturingFailures(_ body: () -> Void) -> [(message: String, line: Int)] {
      #if canImport(Darwin)
        XCTExpectFailure("the gradient is wrong on purpose", failingBlock: body)
        return []
      #else
        captured = []
        body()
        defer { captured = nil }
        return captured ?? []
      #endif
    }

    #if !canImport(Darwin)
      override func recordFailure(
        withDescription description: String, inFile filePath: String, atLine lineNumber: Int,
        expected: Bool
      ) {
        if captured != nil {
          captured?.append((description, lineNumber))
        } else {
          super.recordFailure(
            withDescription: description, inFile: filePath, atLine: lineNumber,
            expected: expected)
        }
      }
    #endif
  }
#endif
