import DualTape
import DualTapeSuite
import Foundation
import Testing

// Every suite function's generated code (Tests/DualTapeTests/Generated/SuiteGradients.swift)
// against the tape at its default input: the same rules in the same order, so the same value
// and gradient (or uᵀJ) to 1e-14 relative, and finite differences; the functions whose
// recordings hold a comparison on tracked values are also run across it, where the generated
// code must return nil.

/// The tape's value and gradient (or uᵀJ, with `u`) and finite differences for a suite function.
private func reference(_ f: any SuiteFunction, at x: [Double], cotangent u: [Double]) -> (
  value: [Double], derivative: [Double], finiteDifferences: [Double]
) {
  switch f {
  case let f as any SuiteScalarFunction:
    let tape = Reverse.valueWithGradient(at: x) { v in f(v[0]) }
    let fd = FiniteDifference.gradient(at: x) { v in f(v[0]) }
    return ([tape.value], tape.gradient, fd)
  case let f as any SuiteVectorFunction:
    let tape = Reverse.valueWithGradient(at: x, of: f)
    return ([tape.value], tape.gradient, FiniteDifference.gradient(at: x, of: f))
  case let f as any SuiteVectorMap:
    let tape = Reverse.vjp(at: x, cotangent: u, of: f)
    let fd = FiniteDifference.gradient(at: x) { y in
      zip(u, f(y)).reduce(0) { $0 + $1.0 * $1.1 }
    }
    return (tape.value, tape.vjp, fd)
  default:
    Issue.record("\(f.name) has no category with a default input")
    return ([], [], [])
  }
}

/// The generated function's value and derivative at `x` (nil where a guard fails).
private func generated(_ f: any SuiteFunction, at x: [Double], cotangent u: [Double]) -> (
  value: [Double], derivative: [Double]
)? {
  if f.category == .vectorToVector {
    guard let vjp = suiteGeneratedVJPs[f.name] else { return nil }
    return vjp(x, u).map { ($0.value, $0.vjp) }
  }
  guard let gradient = suiteGeneratedGradients[f.name] else { return nil }
  return gradient(x).map { ([$0.value], $0.gradient) }
}

/// The default input of a suite function as a vector.
private func defaultInput(_ f: any SuiteFunction) -> [Double] {
  switch f {
  case let f as any SuiteScalarFunction: [f.defaultInput]
  case let f as any SuiteVectorFunction: f.defaultInput
  case let f as any SuiteVectorMap: f.defaultInput
  default: []
  }
}

/// A fixed cotangent for a map's m outputs.
private func cotangent(_ f: any SuiteFunction, at x: [Double]) -> [Double] {
  guard let f = f as? any SuiteVectorMap else { return [] }
  return (0..<f(x).count).map { 0.7 - 0.3 * Double($0 % 5) }
}

/// The largest |a − b| / max(1, |b|).
private func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
  zip(a, b).map { Swift.abs($0 - $1) / Swift.max(1, Swift.abs($1)) }.max() ?? 0
}

/// Points across a guard of each suite function whose recording compares tracked values: the
/// generated code must return nil there (the other branch's numbers are not its to give).
/// Ties included: there a comparison goes the way the recording did not take.
private let otherSide: [String: [[Double]]] = [
  "sinc": [[1e-5], [-5e-5]],  // |x| < 1e-4: the series, not sin(x)/x
  "piecewiseSmooth": [[-0.2], [0], [1], [1.5]],  // x ≤ 0 or x ≥ 1, ties included
  "logSumExp": [largestFirst(LogSumExp().defaultInput)],  // another running maximum
  "softmax": [largestFirst(Softmax().defaultInput)],
  "huberLoss": [
    shifted(HuberLoss().defaultInput, 1, to: 0.3 + 0.2),
    shifted(HuberLoss().defaultInput, 1, to: 0.3 + 1),
  ],  // |r₁| ≤ 1, and its tie
  "softmaxCrossEntropy": [SoftmaxCrossEntropy().defaultInput.map { -$0 }],  // other maxima
]

/// `x` with its first entry made the largest by 1.
private func largestFirst(_ x: [Double]) -> [Double] {
  [x.max()! + 1] + x.dropFirst()
}

/// `x` with entry `i` set to `value`.
private func shifted(_ x: [Double], _ i: Int, to value: Double) -> [Double] {
  var y = x
  y[i] = value
  return y
}

@Test func everySuiteFunctionsGeneratedCodeEqualsTheTape() {
  var worst = 0.0
  var bitwise: [String] = []
  for f in SuiteCodegen.all {
    let x = defaultInput(f)
    let u = cotangent(f, at: x)
    guard let code = generated(f, at: x, cotangent: u) else {
      Issue.record("\(f.name): no generated function, or nil at its recorded point \(x)")
      continue
    }
    let tape = reference(f, at: x, cotangent: u)
    let difference = Swift.max(
      relativeDifference(code.value, tape.value),
      relativeDifference(code.derivative, tape.derivative))
    worst = Swift.max(worst, difference)
    if code.value == tape.value && code.derivative == tape.derivative { bitwise.append(f.name) }
    #expect(code.value.count == tape.value.count && code.derivative.count == x.count)
    #expect(difference <= 1e-14, "\(f.name): \(code) vs the tape's \(tape)")
    #expect(
      codegenClose(code.derivative, tape.finiteDifferences, 1e-6),
      "\(f.name): \(code.derivative) vs finite differences \(tape.finiteDifferences)")
  }
  print(
    "generated suite: \(SuiteCodegen.all.count) functions, largest relative difference from"
      + " the tape \(worst), bitwise equal: \(bitwise.count) (\(bitwise.joined(separator: ", ")))")
}

@Test func everyGuardedSuiteFunctionStopsAcrossItsBranch() {
  let guarded = SuiteCodegen.all.filter { SuiteCodegen.guardCount($0) > 0 }.map(\.name)
  #expect(Set(guarded) == Set(otherSide.keys), "guarded: \(guarded)")
  for f in SuiteCodegen.all {
    for x in otherSide[f.name] ?? [] {
      #expect(generated(f, at: x, cotangent: cotangent(f, at: x)) == nil, "\(f.name) at \(x)")
    }
  }
}

@Test func everySuiteFunctionIsInTheGeneratedFile() {
  let names = Set(suiteGeneratedGradients.keys).union(suiteGeneratedVJPs.keys)
  #expect(names == Set(SuiteCodegen.all.map(\.name)))
  #expect(SuiteCodegen.all.count == Suite.count)
}

@Test func aLongNamesSizeMessageStaysWhole() async {
  // The message is split over two source lines (each within 100 characters), not in its text.
  let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
    _ = suiteSphericalToCartesianVJP(at: [1, 2], cotangent: [1, 1, 1])
  }
  let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
  #expect(
    message.contains(
      "suiteSphericalToCartesianVJP: x must have 3 values and g as many, u and y 3 (the"
        + " recording's shape)."), "\(message)")
}

@Test func anAdjointNothingReadsIsNotWritten() {
  // Horner's scheme from p = 0: v1 = 0·x sends nothing on, so the adjoint of v2 = v1 + c,
  // which would only feed v1, is dead code (a compiler warning); the generated code drops it.
  let source = Codegen.swiftSource(
    of: [SuiteCodegen.recording(HornerPolynomial())], name: "f", generatedFrom: "Horner")
  #expect(source.contains("let v2 = v1 + 0.01") && source.contains("let dv4"))
  #expect(!source.contains("let dv2"))
}
