import DualTape
import Foundation

/// `gmm`: the log-likelihood of a Gaussian mixture with a Wishart prior (ADBench's GMM) as a
/// function of its parameters (`objective`), and its gradient (`jacobian`).
enum GaussianMixture {
  /// Sizes and data: d dimensions, k components, the points x (n × d, row by row), the Wishart
  /// prior's γ and m.
  struct Data {
    let d: Int
    let k: Int
    let n: Int
    let x: [Double]
    let gamma: Double
    let m: Int
    /// The parameters α (k), μ (k × d), q (k × d), l (k × d(d − 1)/2), one after the other.
    let parameters: [Double]

    var triangle: Int { d * (d - 1) / 2 }
  }

  /// The objective over the parameters, for the points in `points`; with `prior`, also the
  /// terms that do not sum over points (−n·logsumexp α, the Wishart prior, the constants).
  /// Every point's term and the prior together give the whole objective.
  struct Objective: VectorToScalar {
    let data: Data
    let points: Range<Int>
    let prior: Bool

    func callAsFunction<T: Differentiable>(_ p: [T]) -> T {
      let (d, k) = (data.d, data.k)
      let alpha = p[0..<k]
      let q = p[(k + k * d)..<(k + 2 * k * d)]
      let l = p[(k + 2 * k * d)...]
      let qdiags = q.map { exp($0) }
      let sums = (0..<k).map { i in
        q[(q.startIndex + i * d)..<(q.startIndex + (i + 1) * d)].reduce(0, +)
      }
      let total = p.withUnsafeBufferPointer { p in
        qdiags.withUnsafeBufferPointer { qdiags in
          data.x.withUnsafeBufferPointer { x in
            pointTerms(p, qdiags: qdiags, sums: sums, x: x)
          }
        }
      }
      guard prior else { return total }
      return addingPrior(to: total, alpha: alpha, qdiags: qdiags, l: l, sums: sums)
    }

    /// Σ over `points` of log Σₖ exp(αₖ + Σ qₖ − ½‖Qₖ(x − μₖ)‖²), read through buffer pointers
    /// (no bounds or uniqueness checks in the O(n·k·d²) loops, which the compiler can then
    /// vectorise for plain numbers).
    @inline(__always)
    private func pointTerms<T: Differentiable>(
      _ p: UnsafeBufferPointer<T>, qdiags: UnsafeBufferPointer<T>, sums: [T],
      x: UnsafeBufferPointer<Double>
    ) -> T {
      let (d, k, ld) = (data.d, data.k, data.triangle)
      let (muStart, lStart) = (k, k + 2 * k * d)
      var total: T = 0
      let centred = UnsafeMutableBufferPointer<T>.allocate(capacity: d)
      let product = UnsafeMutableBufferPointer<T>.allocate(capacity: d)
      let main = UnsafeMutableBufferPointer<T>.allocate(capacity: k)
      centred.initialize(repeating: 0)
      product.initialize(repeating: 0)
      main.initialize(repeating: 0)
      defer {
        for buffer in [centred, product, main] {
          buffer.deinitialize()
          buffer.deallocate()
        }
      }
      // Rows of x, μ, Q and l are read through pointers to their first entries, so the
      // innermost loops index without overflow checks.
      let (xs, ps, qs) = (x.baseAddress!, p.baseAddress!, qdiags.baseAddress!)
      // αₖ + Σ qₖ once per component, not once per point (for a tracked T, k nodes, not n·k).
      let bases = sums.enumerated().map { p[$0] + $1 }
      for ix in points {
        let point = xs + ix * d
        for ik in 0..<k {
          let mu = ps + (muStart + ik * d)
          let qdiag = qs + ik * d
          let l = ps + (lStart + ik * ld)
          let norm =
            d <= rowWiseDimensions
            ? rowWiseNorm(point, mu, qdiag, l, centred)
            : columnWiseNorm(point, mu, qdiag, l, centred, product)
          main[ik] = bases[ik] - norm / 2
        }
        total += logSumExp(main)
      }
      return total
    }

    /// Up to this many dimensions ‖Q·(x − μ)‖² is summed row by row (`rowWiseNorm`), above it
    /// column by column (`columnWiseNorm`). Measured with callgrind on the objective: row by
    /// row takes 0.69x the instructions at d = 2 (k = 50), the same at d = 10 and 2.5x at
    /// d = 64, where the column loops vectorise.
    private var rowWiseDimensions: Int { 8 }

    /// ‖Q·(x − μ)‖² row by row: row j is exp(q)ⱼ·cⱼ + Σᵢ₍ᵢ<ⱼ₎ lⱼᵢ·cᵢ with c = x − μ, a sum in a
    /// register (no loop stores into a buffer its loads might alias, whose run-time checks cost
    /// more than the arithmetic at small d). l holds Q's strictly lower part by column: column
    /// i (rows i + 1 ..< d) starts at i·d − i(i + 1)/2, so row j's entries are at j − 1, then
    /// d − 2, d − 3, … further on.
    @inline(__always)
    private func rowWiseNorm<T: Differentiable>(
      _ point: UnsafePointer<Double>, _ mu: UnsafePointer<T>, _ qdiag: UnsafePointer<T>,
      _ l: UnsafePointer<T>, _ centred: UnsafeMutableBufferPointer<T>
    ) -> T {
      var norm: T = 0
      for j in 0..<data.d {
        let c = T(point[j]) - mu[j]
        centred[j] = c
        var row = qdiag[j] * c
        var offset = j - 1
        for i in 0..<j {
          row += l[offset] * centred[i]
          offset += data.d - i - 2
        }
        norm += row * row
      }
      return norm
    }

    /// ‖Q·(x − μ)‖² column by column: Q·(x − μ) built in `product` with l's columns added as
    /// contiguous loops (column i holds rows i + 1 ..< d, read as lColumn[j]); row i is complete
    /// once columns 0 ..< i are in, so its square joins the norm before column i is added.
    @inline(__always)
    private func columnWiseNorm<T: Differentiable>(
      _ point: UnsafePointer<Double>, _ mu: UnsafePointer<T>, _ qdiag: UnsafePointer<T>,
      _ l: UnsafePointer<T>, _ centred: UnsafeMutableBufferPointer<T>,
      _ product: UnsafeMutableBufferPointer<T>
    ) -> T {
      let d = data.d
      for j in 0..<d {
        let c = T(point[j]) - mu[j]
        centred[j] = c
        product[j] = qdiag[j] * c
      }
      var lColumn = l
      var norm: T = 0
      for i in 0..<d {
        let c = centred[i]
        norm += product[i] * product[i]
        lColumn -= i + 1
        for j in (i + 1)..<d { product[j] += lColumn[j] * c }
        lColumn += d
      }
      return norm
    }

    /// `pointTerms` plus the terms that do not sum over points: −n·logsumexp α, the Wishart
    /// prior, the constants.
    private func addingPrior<T: Differentiable>(
      to pointTerms: T, alpha: ArraySlice<T>, qdiags: [T], l: ArraySlice<T>, sums: [T]
    ) -> T {
      let (d, k, ld) = (data.d, data.k, data.triangle)
      var total = pointTerms
      let n = Double(data.n)
      let constant = -n * Double(d) * 0.5 * Foundation.log(2 * Double.pi)
      total += T(constant) - T(n) * logSumExp(Array(alpha))
      // The Wishart prior.
      let nw = Double(d + data.m + 1)
      var lgammaSum = 0.25 * Double(d * (d - 1)) * Foundation.log(Double.pi)
      for j in 1...d { lgammaSum += Foundation.lgamma(0.5 * nw + 0.5 * Double(1 - j)) }
      let c = nw * Double(d) * (Foundation.log(data.gamma) - 0.5 * Foundation.log(2.0)) - lgammaSum
      var out: T = 0
      for ik in 0..<k {
        let frobenius =
          squaredNorm(qdiags[(ik * d)..<((ik + 1) * d)])
          + squaredNorm(l[(l.startIndex + ik * ld)..<(l.startIndex + (ik + 1) * ld)])
        out += T(0.5 * data.gamma * data.gamma) * frobenius - T(Double(data.m)) * sums[ik]
      }
      return total - out + T(Double(k) * c)
    }
  }

  static func decode(_ input: JSONInput) throws -> Data {
    let d = try input.field("d").integer(in: 1...100_000)
    let k = try input.field("k").integer(in: 1...100_000)
    let n = try input.field("n").integer(in: 1...100_000_000)
    let ld = d * (d - 1) / 2
    let alpha = try input.field("alpha").numbers(count: k)
    let mu = try input.field("mu").flatMatrix(rows: k, columns: d).values
    let q = try input.field("q").flatMatrix(rows: k, columns: d).values
    let l = try input.field("l").flatMatrix(rows: k, columns: ld).values
    let x = try input.field("x").flatMatrix(rows: n, columns: d).values
    let gamma = try input.field("gamma").finite()
    guard gamma > 0 else { throw ToolError("input.gamma must be positive.") }
    return Data(
      d: d, k: k, n: n, x: x, gamma: gamma, m: try input.field("m").integer(in: 0...1_000_000),
      parameters: alpha + mu + q + l)
  }

  /// The gradient as the sum of chunks of points, each chunk recorded and swept on its own (see
  /// `summedGradient`): about 10⁶ nodes a chunk, where the whole sum at d = 64, k = 100 records
  /// 4·10⁸.
  static func gradient(_ data: inout Data) -> [Double] {
    let perPoint = data.k * (data.triangle * 2 + 6 * data.d + 8)
    let terms = chunks(of: data.n, size: 1_000_000 / perPoint).enumerated().map {
      Objective(data: data, points: $1, prior: $0 == 0)
    }
    return summedGradient(at: data.parameters, terms: terms)
  }

  static func encode(_ g: [Double], _ d: Int, _ k: Int) -> JSON {
    let ld = d * (d - 1) / 2
    func rows(_ start: Int, _ width: Int) -> JSON {
      .array((0..<k).map { .numbers(Array(g[(start + $0 * width)..<(start + ($0 + 1) * width)])) })
    }
    return .object([
      ("alpha", .numbers(Array(g[0..<k]))), ("mu", rows(k, d)), ("q", rows(k + k * d, d)),
      ("l", rows(k + 2 * k * d, ld)),
    ])
  }

  static let module = EvalModule(
    name: "gmm",
    functions: [
      (
        "objective",
        EvalFunction(
          driver: "primal (Double)", decode: decode, prepare: { $0 },
          compute: { (d: inout Data) in
            Objective(data: d, points: 0..<d.n, prior: true)(d.parameters)
          }, encode: { .number($0) })
      ),
      (
        "jacobian",
        EvalFunction(
          driver: "Reverse.gradient, summed over chunks of points (one tape per chunk)",
          decode: decode, prepare: { $0 },
          compute: { (d: inout Data) in (gradient(&d), d.d, d.k) },
          encode: { encode($0.0, $0.1, $0.2) })
      ),
    ])
}
