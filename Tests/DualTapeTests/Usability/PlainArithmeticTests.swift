import DualTape
import Testing

// `Differentiable` takes `+`, `-`, `*` from `SignedNumeric` and `/` from
// `DifferentiableArithmetic`; `Int` satisfies both, so integer literals match them in generic
// formulas. Importing DualTape must change no result of plain code: the literals keep their types, `/` on Int truncates, `+` traps on overflow while `&+` wraps, and
// generic code over the standard library's protocols computes as before. Each value below is
// Swift's own (the same expressions compiled without DualTape print the same types and values).

@Test func mixedLiteralExpressionsKeepTheirTypesAndValues() {
  // All-integer literals are Int; one floating-point literal or value makes every literal of
  // the expression Double.
  let a = 7 / 2
  let b = -7 / 2
  let c = 2 * 3 - 4 / 3
  #expect(type(of: a) == Int.self && a == 3 && b == -3 && c == 5)
  let d = 7 / 2 * 2.0
  let e = 1 / 2 + 0.5
  #expect(type(of: d) == Double.self && d == 7 && e == 1)
  let x = 2.5
  let f = 3 * x
  let g = x / 2
  let h = 1e3 / 8
  #expect(f == 7.5 && g == 1.25 && h == 125)
  let k = Float(1) / 4 * 2
  #expect(type(of: k) == Float.self && k == 0.5)
  let l = [1, 2.5].reduce(0, +)
  let m = [1, 2, 3].reduce(0, +) / 2
  #expect(type(of: l) == Double.self && l == 3.5 && type(of: m) == Int.self && m == 3)
  let n = (1...4).map { $0 * 2 / 3 }
  #expect(n == [0, 1, 2, 2])
  let o = 1 << 3 + 1
  let p = 0x10 * 3 / 5
  #expect(o == 9 && p == 9)  // `<<` binds tighter than `+` in Swift
}

@Test func integerDivisionTruncatesTowardZero() {
  let i = 7
  let j = -2
  #expect(i / j == -3 && i % j == 1 && -i / 2 == -3 && -i % 2 == -1)
  #expect(i / 2 == 3 && i * j - 1 == -15 && -i + 1 == -6)
  #expect(Double(i) / 2 == 3.5 && Double(i / 2) == 3)
  #expect(Int(7.9) / 2 == 3)
  // Through the protocol Int now satisfies: Int's own `/`, so the same results; generic
  // standard-library code keeps the standard library's `/`.
  func quotient<T: DifferentiableArithmetic>(_ a: T, _ b: T) -> T { a / b }
  func ratio<T: FloatingPoint>(_ a: T, _ b: T) -> T { a / b }
  func engineRatio<T: Differentiable>(_ a: T, _ b: T) -> T { a / b }
  #expect(quotient(7, 2) == 3 && quotient(-7, 2) == -3 && ratio(7.0, 2) == 3.5)
  #expect(engineRatio(7.0, 2) == 3.5 && engineRatio(Float(-7), 2) == -3.5)
  var q = 7.0
  q /= 2
  #expect(q == 3.5)
}

@Test func wrappingOperatorsWrapAndReportingOperatorsReport() {
  #expect(Int.max &+ 1 == Int.min && Int.min &- 1 == .max && UInt8(200) &+ 100 == 44)
  let (partial, overflow) = Int.max.multipliedReportingOverflow(by: 2)
  #expect(partial == -2 && overflow)
}

@inline(never) func plainSum(_ a: Int, _ b: Int) -> Int { a + b }
@inline(never) func plainProduct(_ a: Int, _ b: Int) -> Int { a * b }
@inline(never) func plainQuotient(_ a: Int, _ b: Int) -> Int { a / b }
@inline(never) func protocolSum<T: SignedNumeric>(_ a: T, _ b: T) -> T { a + b }

@Test func integerOverflowStillTraps() async {
  // Int's `+`, `*` and `/` trap on overflow and on division by zero, called directly or
  // through SignedNumeric (the protocol DualTape's scalars share with Int): nothing wraps.
  await #expect(processExitsWith: .failure) { _ = plainSum(Int.max, 1) }
  await #expect(processExitsWith: .failure) { _ = plainProduct(Int.max, 2) }
  await #expect(processExitsWith: .failure) { _ = plainQuotient(1, 0) }
  await #expect(processExitsWith: .failure) { _ = plainQuotient(Int.min, -1) }
  await #expect(processExitsWith: .failure) { _ = protocolSum(Int.max, 1) }
}

private func numericPolynomial<T: Numeric>(_ x: T) -> T { x * x + 2 * x - 1 }
private func integerMix<T: BinaryInteger>(_ x: T) -> T { x / 2 + x % 3 - 7 / 2 }
private func negatedTriple<T: SignedNumeric>(_ x: T) -> T { -x * 3 }
private func wrappingMix<T: FixedWidthInteger>(_ x: T) -> T { x &* 3 &+ (x >> 1) }
private func floatingMix<T: BinaryFloatingPoint>(_ x: T) -> T { x / 3 + 1 / 2 }

@Test func genericStandardLibraryCodeCalledWithIntIsUnchanged() {
  let three = numericPolynomial(3)
  #expect(type(of: three) == Int.self && three == 14)
  #expect(numericPolynomial(3.0) == 14)
  #expect(integerMix(11) == 4 && integerMix(UInt8(11)) == 4 && integerMix(-11) == -10)
  #expect(negatedTriple(4) == -12 && negatedTriple(-2.5) == 7.5)
  #expect(wrappingMix(5) == 17 && wrappingMix(Int8(100)) == 94)
  #expect(floatingMix(1.5) == 1)  // 1.5/3 + 1/2 with the literals as Double
}
