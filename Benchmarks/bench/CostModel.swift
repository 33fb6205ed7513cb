// The cost model fitted to the measurements, and the crossover it predicts.
//
// Model: one forward pass carries one input direction at c_fwd times the primal cost (a chunked
// pass of k directions counts as k directions), and one reverse sweep yields one output row at
// c_rev times the primal cost (recording shared by the rows is spread over them). So a full
// Jacobian costs n·c_fwd·P forward and m·c_rev·P in reverse, and reverse mode wins once
// n > n* = m·c_rev / c_fwd.

/// Measurements indexed by function, (n, m), engine and task.
struct MeasurementIndex {
  private var table: [String: Measurement] = [:]

  /// Indexes the measurements.
  init(_ measurements: [Measurement]) {
    for m in measurements { table[Self.key(m.function, m.n, m.m, m.engine, m.task)] = m }
  }

  private static func key(_ f: String, _ n: Int, _ m: Int, _ e: Engine, _ t: Task) -> String {
    "\(f)|\(n)|\(m)|\(e.rawValue)|\(t.rawValue)"
  }

  /// The measurement of one engine and task for a function at (n, m), if it was taken.
  subscript(_ f: FunctionName, n n: Int, m m: Int, _ e: Engine, _ t: Task) -> Measurement? {
    table[Self.key(f.rawValue, n, m, e, t)]
  }
}

/// The fitted costs of one function family and its crossover per m.
struct CostModel {
  /// One row of the crossover table.
  struct Row {
    /// The number of outputs.
    var m: Int
    /// m·c_rev / c_fwd.
    var predicted: Double
    /// The smallest measured n from which reverse mode wins at every larger measured n; nil if
    /// it does not win at the largest n.
    var measured: Int?
    /// The largest n measured at this m.
    var largestN: Int
    /// The smallest n measured at this m.
    var smallestN: Int
  }

  var function: FunctionName
  /// Forward cost per input direction, in primal evaluations.
  var forwardCost: Double
  /// Reverse cost per output row, in primal evaluations.
  var reverseCost: Double
  /// How many (n, m) cells the fit used.
  var cellsUsed: Int
  var rows: [Row]
}

/// The median of a non-empty array.
func median(_ values: [Double]) -> Double {
  let s = values.sorted()
  return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// The smallest n (in `ns`, ascending) from which `reverseWins(n)` holds for every larger n,
/// or nil if it fails at the largest.
func crossover(_ ns: [Int], reverseWins: (Int) -> Bool) -> Int? {
  var answer: Int?
  for n in ns.reversed() {
    guard reverseWins(n) else { break }
    answer = n
  }
  return answer
}

/// Fits c_fwd and c_rev to a map's Jacobian timings (cells with n, m ≥ 16 where there are
/// any, so per-call overheads do not dominate) and lists predicted and measured crossovers.
func fitCostModel(
  _ function: FunctionName, _ index: MeasurementIndex, sizes: [Int]
) -> CostModel? {
  var forward: [Double] = []
  var reverse: [Double] = []
  for threshold in [16, 1] where forward.isEmpty {
    for n in sizes where n >= threshold {
      for m in sizes where m >= threshold {
        guard let p = index[function, n: n, m: m, .primal, .value],
          let f = index[function, n: n, m: m, .forward, .jacobian],
          let r = index[function, n: n, m: m, .reverse, .jacobian]
        else { continue }
        forward.append(timeRatio(f, p) / Double(n))
        reverse.append(timeRatio(r, p) / Double(m))
      }
    }
  }
  guard !forward.isEmpty else { return nil }
  let cFwd = median(forward)
  let cRev = median(reverse)
  let rows: [CostModel.Row] = sizes.compactMap { m in
    let ns = sizes.filter { index[function, n: $0, m: m, .forward, .jacobian] != nil }
    guard let first = ns.first, let last = ns.last else { return nil }
    let measured = crossover(ns) { n in
      timeRatio(
        index[function, n: n, m: m, .reverse, .jacobian]!,
        index[function, n: n, m: m, .forward, .jacobian]!) < 1
    }
    return CostModel.Row(
      m: m, predicted: Double(m) * cRev / cFwd, measured: measured, largestN: last,
      smallestN: first)
  }
  return CostModel(
    function: function, forwardCost: cFwd, reverseCost: cRev, cellsUsed: forward.count,
    rows: rows)
}

/// The measured gradient crossover of a scalar function (m = 1): the smallest n from which the
/// reverse gradient beats the chunked forward gradient at every larger measured n.
func gradientCrossover(_ function: FunctionName, _ index: MeasurementIndex, sizes: [Int]) -> (
  n: Int?, largestN: Int
)? {
  let ns = sizes.filter {
    index[function, n: $0, m: 1, .forward, .gradient] != nil
      && index[function, n: $0, m: 1, .reverse, .gradient] != nil
  }
  guard let last = ns.last else { return nil }
  let n = crossover(ns) { n in
    timeRatio(
      index[function, n: n, m: 1, .reverse, .gradient]!,
      index[function, n: n, m: 1, .forward, .gradient]!) < 1
  }
  return (n, last)
}
