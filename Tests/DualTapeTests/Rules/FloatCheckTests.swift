import DualTape
import DualTapeSuite
import Testing

/// The README's Rosenbrock in Float: the AD gradient is more accurate than a Float finite
/// difference, so the check judges it against a Double reference and says which side is off.
@Test func floatGradientCheckJudgesAgainstADoubleReference() {
  let x: [Float] = [1.2, 1.0, 0.8]  // the README's point; Rosenbrock is the suite's
  let g = Reverse.gradient(at: x, of: Rosenbrock())
  let report = GradientCheck.gradient(g, at: x, of: Rosenbrock())
  #expect(report.passed, "\(report)")
  #expect(report.note?.contains("finite difference is the less accurate side") == true)
  // The Float finite difference alone is further from the truth than the AD value.
  let exact = Reverse.gradient(at: x.map(Double.init), of: Rosenbrock())
  let fd = FiniteDifference.gradient(at: x, of: Rosenbrock())
  let adError = zip(g, exact).map { abs(Double($0) - $1) }.max()!
  let fdError = zip(fd, exact).map { abs(Double($0) - $1) }.max()!
  #expect(adError < fdError)
  // A wrong gradient still fails, and the note blames the AD value.
  var wrong = g
  wrong[1] += 0.5
  let bad = GradientCheck.gradient(wrong, at: x, of: Rosenbrock())
  #expect(!bad.passed && bad.note?.contains("AD value is the less accurate side") == true)
  // Double checks are unchanged: against the finite difference, no note.
  let d = GradientCheck.gradient(exact, at: x.map(Double.init), of: Rosenbrock())
  #expect(d.passed && d.note == nil)
}
