import DualTape
import DualTapePlot

// A few plain sentences of interpretation, each built from this run's numbers.

extension Report {
  /// The interpretation paragraphs of RESULTS.md.
  func interpretation() -> [String] {
    var sentences: [String] = []
    let ratio = { (f: FunctionName, n: Int, e: Engine, t: Task) -> Double? in
      self.index[f, n: n, m: 1, e, t]?.ratioToPrimal
    }
    // Reverse gradient: its cost per input, from the smallest to the largest large n.
    let big = plan.rosenbrockSizes.filter {
      $0 >= 1000 && self.index[.rosenbrock, n: $0, m: 1, .reverse, .gradient] != nil
    }
    if let first = big.first, let last = big.last, first != last,
      let a = index[.rosenbrock, n: first, m: 1, .reverse, .gradient],
      let b = index[.rosenbrock, n: last, m: 1, .reverse, .gradient]
    {
      let ratios = big.compactMap { ratio(.rosenbrock, $0, .reverse, .gradient) }
      // The interleaved scaling measurement when it covers the same range (more robust).
      let growth =
        sweep.scaling.flatMap { $0.smallN == first && $0.largeN == last ? $0.perInputRatio : nil }
        ?? (b.timing.median / Double(last)) / (a.timing.median / Double(first))
      sentences.append(
        "The reverse gradient of Rosenbrock costs"
          + " \(significant(ratios.min()!))–\(formatRatio(ratios.max()!)) one Double"
          + " evaluation for n from \(first) to \(last); its time per input changes by a factor of"
          + " \(formatRatio(growth)) over that range"
          + (growth <= 1.5
            ? ", so it scales linearly in n, as one recording plus one sweep should."
            : ", more than linear scaling allows: the larger tapes fall out of the caches"
              + tapeSizes(first, last) + "."))
    }
    // Forward gradient grows with n.
    if let n = plan.rosenbrockSizes.last(where: {
      ratio(.rosenbrock, $0, .forward, .gradient) != nil
    }),
      let f = index[.rosenbrock, n: n, m: 1, .forward, .gradient],
      let r = index[.rosenbrock, n: n, m: 1, .reverse, .gradient]
    {
      sentences.append(
        "The chunked forward gradient needs ⌈n/\(Forward.defaultChunkSize(forInputCount: n))⌉"
          + " passes, so its cost grows with n: at n = \(n) it"
          + " costs \(formatRatio(f.ratioToPrimal)) one Double evaluation, and forward ÷ reverse"
          + " time is \(formatRatio(timeRatio(f, r))) (the gradient table's *fwd ÷ rev* column)."
      )
    }
    for (function, sizes) in scalarFunctions where sizes.count > 1 {
      if let c = gradientCrossover(function, index, sizes: sizes) {
        sentences.append(
          c.n.map {
            "For the gradient of \(function.rawValue) (m = 1), reverse mode wins from n = \($0)"
              + " on; below that the forward passes are cheaper than recording a tape."
          }
            ?? "For the gradient of \(function.rawValue), forward mode wins up to the largest n"
            + " measured (\(c.largestN))."
        )
      }
    }
    // Jacobians: the calibrated cost model against the measured crossover, and the advisor.
    for model in models {
      let placed = model.rows.map { crossoverPlacement($0, grid: plan.gridSizes) }
      let inside = placed.filter { $0 == 0 }.count
      let near = placed.filter { abs($0) == 1 }.count
      sentences.append(
        "For \(model.function.rawValue) the calibrated model (ModeAdvisor's: one forward pass of k"
          + " = \(model.chunk) lanes costs \(formatRatio(model.forwardPassCost)) and one reverse"
          + " sweep \(formatRatio(model.reverseSweepCost)) one Double evaluation (medians over the"
          + " cells), plus fixed costs of \(significant(model.forwardFixedMicroseconds)) µs per"
          + " forward call and \(significant(model.recordingMicroseconds)) µs per recording) puts"
          + " the predicted crossover inside the measured interval (between the last grid n where"
          + " forward wins and the first where reverse wins) for \(inside) of \(model.rows.count)"
          + " values of m, and one grid step (a factor of 4 in n) off for \(near). The advisor"
          + " picked the faster engine in"
          + " \(model.cells.filter { $0.advisedReverse == $0.measuredReverse }.count) of"
          + " \(model.cells.count) cells (\(Int((100 * model.accuracy).rounded()))%); where it did"
          + " not, the worst slowdown against the faster engine was"
          + " \(significant(model.worstSlowdown))×.")
    }
    if let n = plan.gridSizes.last, let m = plan.gridSizes.last,
      let f = index[.bandedSinMap, n: n, m: m, .forward, .jacobian],
      let r = index[.bandedSinMap, n: n, m: m, .reverse, .jacobian]
    {
      sentences.append(
        "Structure matters: the banded map's Jacobian at n = m = \(n) has only 3 nonzeros per row,"
          + " yet the forward Jacobian costs \(formatRatio(f.ratioToPrimal)) and the reverse"
          + " Jacobian \(formatRatio(r.ratioToPrimal)) its primal, because the dense drivers do"
          + " not exploit sparsity: forward mode still makes ⌈n/k⌉ passes and reverse mode m"
          + " sweeps over the tape prefix, while the primal computes only 3m sines. The sparse"
          + " drivers colour the pattern instead (section \"Sparse Jacobians and Hessians\").")
    }
    // Finite differences: cost and accuracy.
    if let n = plan.rosenbrockSizes.last(where: {
      ratio(.rosenbrock, $0, .finiteDifference, .gradient) != nil
    }),
      let fdMeasurement = index[.rosenbrock, n: n, m: 1, .finiteDifference, .gradient],
      let fd = fdMeasurement.ratioToPrimal,
      let r = index[.rosenbrock, n: n, m: 1, .reverse, .gradient]
    {
      let worst = sweep.measurements.compactMap(\.errorVsFD).max() ?? 0
      sentences.append(
        "Finite differences cost 2n evaluations: \(formatRatio(fd)) one Double evaluation at n ="
          + " \(n), \(formatRatio(timeRatio(fdMeasurement, r))) the reverse gradient's time, and"
          + " they are only an approximation: the worst normwise gap between AD and central"
          + " differences in this run is \(formatError(worst)), while the two AD engines agree to"
          + " \(CheckTolerance.engines) or better.")
    }
    // Swift's AD.
    let swiftSizes = plan.rosenbrockSizes.filter {
      ratio(.rosenbrock, $0, .swiftAutodiff, .gradient) != nil
    }
    if let a = swiftSizes.first(where: { $0 >= 100 }), let b = swiftSizes.last, a != b,
      let ra = ratio(.rosenbrock, a, .swiftAutodiff, .gradient),
      let rb = ratio(.rosenbrock, b, .swiftAutodiff, .gradient)
    {
      sentences.append(
        "Swift's `_Differentiation` gradient of Rosenbrock costs \(formatRatio(ra)) one Double"
          + " evaluation at n = \(a) and \(formatRatio(rb)) at n = \(b): its cost per primal grows"
          + " with n, consistent with each array subscript's pullback producing a full-length"
          + " tangent array.")
    } else if !SwiftAutodiff.isAvailable {
      sentences.append(
        "Swift's `_Differentiation` is not available on this toolchain, so it is not compared.")
    }
    let missed = figures.filter { $0.status == .missed }
    sentences.append(
      missed.isEmpty
        ? "Every figure measured in this run is met."
        : "Missed in this run: "
          + missed.map { "\($0.name) (\($0.measured), target \($0.target))" }.joined(
            separator: "; ") + ".")
    return sentences
  }
}

/// Where a predicted crossover falls relative to the measured one, in grid steps: 0 inside the
/// measured interval (previous grid n, measured n], negative if predicted earlier (smaller n),
/// positive if later.
func crossoverPlacement(_ row: CostModel.Row, grid: [Int]) -> Int {
  let ns = grid.filter { $0 >= row.smallestN && $0 <= row.largestN }
  // The interval (low, high] the true crossover lies in, as grid positions.
  let highIndex = row.measured.flatMap { ns.firstIndex(of: $0) } ?? ns.count
  let predicted = row.predicted
  // The grid position of the prediction: the first grid n at or above it.
  let position = ns.firstIndex { Double($0) >= predicted } ?? ns.count
  if position == highIndex { return 0 }
  return position - highIndex
}

extension Report {
  /// " (a traced recording … holds 216 KiB at n = 1000 and 206 MiB at n = 1000000 …)", from the
  /// memory report's nodes per input, or "" without one.
  fileprivate func tapeSizes(_ small: Int, _ large: Int) -> String {
    guard let memory = sweep.memory else { return "" }
    let bytes = { (n: Int) in
      formatBytes(Double(n) * memory.nodesPerInput * Double(memory.bytesPerNode))
    }
    return
      " (a traced recording, one node per operation, holds \(bytes(small)) at n = \(small) and"
      + " \(bytes(large)) at n = \(large); the untraced tape folds operations with one recorded"
      + " operand into the next node: about a third of that on Rosenbrock)"
  }
}
