import DualTape
import DualTapeSuite
import Foundation
import Testing

// What the generator and the generated code say when they cannot do what was asked.

/// Σxᵢ · n: a constant that depends on the input count, so no one function covers three n.
struct CodegenCountScaled: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    x.reduce(0, +) * T(Double(x.count))
  }
}

/// A vector rule, which the generator cannot spell yet.
struct CodegenSoftMax: VectorRule {
  func value<S: RealScalar>(_ x: [S]) -> S { S.log(x.reduce(0) { $0 + S.exp($1) }) }
  func gradient<T: Differentiable>(at x: [T], value y: T) -> [T] { x.map { exp($0 - y) } }
}

@Test func recordingsOfDifferentShapesStopNamingTheirCounts() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let recordings = (4...6).map { n in
        Reverse.record(at: [Double](repeating: 1, count: n), of: CodegenCountScaled())
      }
      _ = Codegen.swiftSource(of: recordings, name: "f", generatedFrom: "CodegenCountScaled()")
    }, containing: "the recordings at [4, 5, 6] inputs differ")
  // One recording is a function of its input count, which the generator writes.
  let one = Reverse.record(at: [1.0, 2.0], of: CodegenCountScaled())
  let source = Codegen.swiftSource(of: [one], name: "f", generatedFrom: "CodegenCountScaled()")
  #expect(source.contains("x.count == 2 && g.count == x.count"))
}

@Test func aVectorRuleStopsTheGenerator() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let recording = Reverse.record(at: [1.0, 2.0]) { v in CodegenSoftMax()(v) }
      _ = Codegen.swiftSource(of: [recording], name: "f", generatedFrom: "softmax")
    }, containing: "vector rule")
}

@Test func aRuleWithStoredPropertiesNeedsItsSpelling() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let recording = Reverse.record(at: [1.0]) { v in CodegenScaledSine(k: 2)(v[0]) }
      _ = Codegen.swiftSource(of: [recording], name: "f", generatedFrom: "sine")
    }, containing: "rules: [\"CodegenScaledSine\": \"CodegenScaledSine(k: 2)\"]")
  let recording = Reverse.record(at: [1.0]) { v in CodegenScaledSine(k: 2)(v[0]) }
  let source = Codegen.swiftSource(
    of: [recording], name: "f", generatedFrom: "sine",
    rules: ["CodegenScaledSine": "CodegenScaledSine(k: 2)"])
  #expect(source.contains("CodegenScaledSine(k: 2)(x[0])"))
}

@Test func theGeneratedCodeNamesTheSizeItNeeds() async {
  let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
    _ = generatedRosenbrock(at: [1.0, 2.0])
  }
  let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
  #expect(message.contains("generatedRosenbrock: x must have at least 4 values"), "\(message)")
}

@Test func aNameThatIsNotAnIdentifierStops() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Codegen.swiftSource(
        of: [Reverse.record(at: [1.0]) { $0[0] * $0[0] }], name: "my gradient",
        generatedFrom: "x²")
    }, containing: "is not a Swift identifier")
}
