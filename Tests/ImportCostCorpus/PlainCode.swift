// Ordinary Swift that never touches DualTape. `check.sh` type-checks this file as it is and
// again with `import DualTape` prepended; each expression must type-check as fast with the
// import as without (1.2x + 20 ms) and must never fail only because of it.
// One expression per function, so the compiler's per-expression timing names the line.
// Lines Swift 6.3 cannot type-check even without the import are left out. Standard library
// only: with Foundation's overloads (CGFloat, Decimal) in scope `grid` exceeds Swift 6.3's
// solver even without DualTape; Foundation's math is in FoundationMath.swift.
// swift-format-ignore-file
// MARK: Closures over Int ranges, mixing Int and Double

func grid(h: Int, w: Int) -> [Double] {
  (0..<h).flatMap { r in (0..<w).map { c in Double(r * w + c) / Double(w * h - 1) * 2 - 1 } }
}

func ramp(n: Int) -> [Double] {
  (0..<n).map { i in Double(i) / Double(n - 1) * 2 - 1 }
}

func squares(n: Int) -> [Int] {
  (1...n).map { $0 * $0 + 2 * $0 - 1 }
}

func evenSum(n: Int) -> Int {
  (0..<n).filter { $0 % 2 == 0 }.reduce(0, +)
}

func modularMix(_ a: Int, _ b: Int) -> Int {
  (a * 31 + b * 17 + 7) % 1_000_003 - (a % 5) * (b % 3)
}

func meanOfSquares(_ xs: [Double]) -> Double {
  xs.map { $0 * $0 }.reduce(0, +) / Double(xs.count)
}

func weightedIndexSum(_ xs: [Double]) -> Double {
  xs.enumerated().map { i, x in Double(i + 1) * x * 0.5 + 1 }.reduce(0, +)
}

func pixelCenters(width: Int) -> [Double] {
  (0..<width).map { (Double($0) + 0.5) / Double(width) * 2.0 - 1.0 }
}

func checkerboard(n: Int) -> [[Int]] {
  (0..<n).map { i in (0..<n).map { j in (i + j) % 2 == 0 ? 1 : 0 } }
}

func histogram(_ xs: [Double], bins: Int) -> [Int] {
  xs.reduce(into: [Int](repeating: 0, count: bins)) { h, x in h[min(bins - 1, max(0, Int(x * Double(bins))))] += 1 }
}

// MARK: Literals of both kinds

func polynomial(_ x: Double) -> Double {
  3 * x * x * x - 2 * x * x + 0.5 * x - 7 + 1 / (1 + x * x)
}

func fahrenheit(_ c: Double) -> Double {
  c * 9 / 5 + 32
}

func intPolynomial(_ n: Int) -> Int {
  n * n * n - 4 * n * n + 2 * n - 11 + n / 3
}

func literalMix() -> Double {
  1 + 2.5 * 3 - 4 / 8 + 0.25 * 16 - 2
}

func floatPolynomial(_ x: Float) -> Float {
  2 * x * x - 3 * x + 1.5 - x / 4
}

func negatives(_ x: Double, _ y: Double) -> Double {
  -x * -y + -(x - y) * 2 - -1
}

func compoundLiteral(_ a: Double, _ b: Int) -> Double {
  a * 2 + Double(b) * 0.5 - Double(b * 3 + 1) / 4
}

// MARK: SIMD

func simdLength(_ v: SIMD3<Double>) -> Double {
  (v * v).sum().squareRoot()
}

func simdLerp(_ a: SIMD4<Float>, _ b: SIMD4<Float>, _ t: Float) -> SIMD4<Float> {
  a + (b - a) * t
}

func simdAffine(_ v: SIMD2<Double>) -> SIMD2<Double> {
  v * 2 + SIMD2(1, -1) * 0.5 - v / 3
}

func simdInts(_ v: SIMD8<Int32>) -> SIMD8<Int32> {
  v &* 3 &+ 1 &- (v &>> 1)
}

// MARK: String interpolation of numbers

func report(_ x: Double, _ n: Int) -> String {
  "value \(x * 2 + 1) at step \(n + 1) of \(n * 2), ratio \(Double(n) / (x + 1))"
}

func percent(_ part: Int, _ whole: Int) -> String {
  "\(part)/\(whole) = \(Double(part) * 100 / Double(whole))%"
}

// MARK: min, max, abs on plain numbers

func clampInt(_ x: Int, _ lo: Int, _ hi: Int) -> Int {
  min(max(x, lo), hi) + max(0, min(x - lo, 10))
}

func clampDouble(_ x: Double) -> Double {
  min(max(x, 0), 1) * 2 - max(x - 1, 0.5) + min(1.5, x)
}

func minMaxMixed(_ a: Double, _ b: Double, _ c: Double) -> Double {
  max(a, b, c) - min(a, b, c) + abs(a - b) * 0.5
}

func extremes(_ xs: [Int]) -> Int {
  (xs.max() ?? 0) - (xs.min() ?? 0) + max(xs.count, 1) * 2
}

// MARK: Generic Numeric / BinaryInteger / FloatingPoint code

func sumOfSquares<T: Numeric>(_ xs: [T]) -> T {
  xs.reduce(0) { $0 + $1 * $1 }
}

func horner<T: Numeric>(_ coefficients: [T], _ x: T) -> T {
  coefficients.reversed().reduce(0) { $0 * x + $1 }
}

func gcd<T: BinaryInteger>(_ a: T, _ b: T) -> T {
  b == 0 ? a : gcd(b, a % b)
}

func digitSum<T: BinaryInteger>(_ n: T) -> T {
  n < 10 ? n : n % 10 + digitSum(n / 10)
}

func lerp<T: FloatingPoint>(_ a: T, _ b: T, _ t: T) -> T {
  a + (b - a) * t - t * 0 + (1 - t) * 0
}

func mean<T: BinaryFloatingPoint>(_ xs: [T]) -> T {
  xs.reduce(0, +) / T(xs.count) * 1 + 0
}

func smoothstep<T: FloatingPoint>(_ x: T) -> T {
  x * x * (3 - 2 * x) + max(0, min(1, x)) * 0
}

func normSquared<T: SignedNumeric & Comparable>(_ a: T, _ b: T) -> T {
  a * a + b * b - max(a, b) * 2 + abs(a - b)
}

// MARK: Collections and ranges of numbers

func movingAverage(_ xs: [Double], window: Int) -> [Double] {
  (0...(xs.count - window)).map { i in xs[i..<(i + window)].reduce(0, +) / Double(window) }
}

func cumulative(_ xs: [Int]) -> [Int] {
  xs.reduce(into: [Int]()) { acc, x in acc.append((acc.last ?? 0) + x * 2 - 1) }
}

func strideSum() -> Double {
  stride(from: 0.0, to: 1.0, by: 0.1).map { $0 * $0 * 3 + 1 }.reduce(0, +)
}

func matrixMultiply(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
  a.map { row in (0..<b[0].count).map { j in zip(row, b.map { $0[j] }).map { $0 * $1 }.reduce(0, +) } }
}

func dictionaryCounts(_ words: [String]) -> [String: Int] {
  words.reduce(into: [:]) { $0[$1, default: 0] += 1 }
}

func scaled(_ v: [Double], by scale: Double) -> [Double] {
  v.indices.map { scale * v[$0] + 0.5 * Double($0) }
}
