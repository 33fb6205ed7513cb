import DualTape

// The cost model and the crossover it predicts, calibrated from measured passes.
//
// For every grid cell the library's ModeAdvisor times single passes of the map: one forward
// pass of the chunk width the forward driver uses (k = Forward.defaultChunkSize), the fixed
// cost of a call, one recording and one reverse sweep. Its model predicts the forward Jacobian
// as F + ⌈n/k⌉·t(k) and the reverse one as R + m·W (ModeAdvisor's documentation), so the chunk
// width and the fixed costs per call are in it. The predicted crossover n* for each m is where
// the predicted reverse/forward ratio crosses 1 (interpolated in log n between grid points),
// compared with the measured crossover. The advisor's recommendation (its default options,
// restricted to the two strategies the grid measures) is checked against the measured best.

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

/// The calibrated costs of one map family, its crossover per m and the advisor's accuracy.
struct CostModel {
  /// One row of the crossover table.
  struct Row {
    /// The number of outputs.
    var m: Int
    /// The predicted crossover n*: where the predicted reverse/forward cost ratio crosses 1.
    var predicted: Double
    /// The smallest measured n from which reverse mode wins at every larger measured n; nil if
    /// it does not win at the largest n.
    var measured: Int?
    /// The largest n measured at this m.
    var largestN: Int
    /// The smallest n measured at this m.
    var smallestN: Int
  }

  /// The advisor's pick in one cell against the measured engines.
  struct Cell {
    var n: Int
    var m: Int
    /// Whether the advisor recommended reverse mode.
    var advisedReverse: Bool
    /// Whether reverse mode was measured faster.
    var measuredReverse: Bool
    /// Measured time of the advised engine ÷ that of the faster one (≥ 1).
    var slowdown: Double
  }

  var function: FunctionName
  /// Median over the cells of one forward pass (chunk k) and of one reverse sweep, in primal
  /// evaluations: the model's per-pass costs, for the summary.
  var forwardPassCost: Double
  var reverseSweepCost: Double
  /// Median fixed cost of a forward call and of a recording, in µs.
  var forwardFixedMicroseconds: Double
  var recordingMicroseconds: Double
  /// The chunk width of the forward Jacobian the grid measures.
  var chunk: Int
  var rows: [Row]
  var cells: [Cell]

  /// The fraction of cells where the advisor picked the measured fastest engine.
  var accuracy: Double {
    cells.isEmpty
      ? 0
      : Double(cells.filter { $0.advisedReverse == $0.measuredReverse }.count)
        / Double(cells.count)
  }
  /// The worst measured slowdown of the advised engine against the fastest.
  var worstSlowdown: Double { cells.map(\.slowdown).max() ?? 1 }
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

/// The continuous crossover from ratios reverse/forward at ascending `ns`: below `ns[0]` if
/// reverse wins everywhere, 4·last if it never wins at the last n, else the n where log ratio
/// crosses 0 between the last forward win and the first n of the final reverse-winning run.
func interpolatedCrossover(_ ns: [Int], _ ratios: [Double]) -> Double {
  guard let last = ns.last else { return .nan }
  guard let start = crossover(Array(ns.indices), reverseWins: { ratios[$0] < 1 }) else {
    return 4 * Double(last)
  }
  if start == 0 { return Double(ns[0]) }
  let (a, b) = (start - 1, start)
  let la = log(ratios[a])
  let lb = log(ratios[b])
  let t = la == lb ? 1 : la / (la - lb)
  return exp(log(Double(ns[a])) + t * (log(Double(ns[b])) - log(Double(ns[a]))))
}

/// The advisor's advice for a family's map with m outputs at its input of size n, restricted to
/// the two strategies the grid measures (forward with the drivers' chunk width, and reverse).
/// Called with the concrete map type, so the advisor's measurements are specialised for it
/// exactly as the timed drivers are.
private func advise(_ function: FunctionName, n: Int, m: Int) -> ModeAdvice? {
  func advise<F: VectorToVector & SendableMetatype>(_ f: F, _ x: [Double]) -> ModeAdvice {
    let options = ModeAdvisor.Options(
      allowSparse: false, allowParallel: false,
      chunkSizes: [Forward.defaultChunkSize(forInputCount: n)], budgetSeconds: 0.05)
    return ModeAdvisor.jacobian(at: x, options: options, of: f)
  }
  switch function {
  case .sinMap: return advise(SinMap(outputCount: m), SinMap.input(count: n))
  case .bandedSinMap: return advise(BandedSinMap(outputCount: m), BandedSinMap.input(count: n))
  default: return nil
  }
}

/// Calibrates the advisor's model on every measured cell of a map family, and lists the
/// predicted and measured crossovers and the advisor's picks.
func fitCostModel(
  _ function: FunctionName, _ index: MeasurementIndex, sizes: [Int]
) -> CostModel? {
  var ratio: [String: Double] = [:]
  var cells: [CostModel.Cell] = []
  var passCosts: [Double] = []
  var sweepCosts: [Double] = []
  var fixed: [Double] = []
  var recordings: [Double] = []
  let chunk = Forward.defaultChunkSize(forInputCount: sizes.last ?? 1)
  for m in sizes {
    for n in sizes {
      guard let f = index[function, n: n, m: m, .forward, .jacobian],
        let r = index[function, n: n, m: m, .reverse, .jacobian],
        let advice = advise(function, n: n, m: m)
      else { continue }
      let k = Forward.defaultChunkSize(forInputCount: n)
      guard let pf = advice.estimate(for: .forward(chunk: k))?.predicted,
        let pr = advice.estimate(for: .reverse)?.predicted
      else { continue }
      ratio["\(n)|\(m)"] = pr / pf
      let p = advice.primalSeconds
      if let pass = advice.forwardPassSeconds.first?.seconds { passCosts.append(pass / p) }
      if let w = advice.sweepSeconds { sweepCosts.append(w / p) }
      fixed.append(advice.fixedSeconds * 1e6)
      if let rec = advice.recordingSeconds { recordings.append(rec * 1e6) }
      let measuredRatio = timeRatio(r, f)
      let advisedReverse = advice.recommended == .reverse
      let measuredReverse = measuredRatio < 1
      let slowdown =
        advisedReverse == measuredReverse
        ? 1 : (advisedReverse ? measuredRatio : 1 / measuredRatio)
      cells.append(
        CostModel.Cell(
          n: n, m: m, advisedReverse: advisedReverse, measuredReverse: measuredReverse,
          slowdown: slowdown))
    }
  }
  guard !cells.isEmpty else { return nil }
  let rows: [CostModel.Row] = sizes.compactMap { m in
    let ns = sizes.filter { ratio["\($0)|\(m)"] != nil }
    guard let first = ns.first, let last = ns.last else { return nil }
    let measured = crossover(ns) { n in
      timeRatio(
        index[function, n: n, m: m, .reverse, .jacobian]!,
        index[function, n: n, m: m, .forward, .jacobian]!) < 1
    }
    let predicted = interpolatedCrossover(ns, ns.map { ratio["\($0)|\(m)"]! })
    return CostModel.Row(
      m: m, predicted: predicted, measured: measured, largestN: last, smallestN: first)
  }
  return CostModel(
    function: function, forwardPassCost: median(passCosts), reverseSweepCost: median(sweepCosts),
    forwardFixedMicroseconds: median(fixed), recordingMicroseconds: median(recordings),
    chunk: chunk, rows: rows, cells: cells)
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
