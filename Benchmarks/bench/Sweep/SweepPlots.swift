import DualTapePlot
import DualTapeSuite
import Foundation

// The sweep's plots, built from the measurements with the shared charts (Sources/DualTapePlot).
// Ratio convention everywhere: a cost is an engine's time ÷ the time of one Double evaluation
// of f ("× one Double evaluation"); a comparison of two engines is forward time ÷ reverse time,
// so above 1 means reverse mode is faster.

/// Every plot of the sweep's sections: the heat maps, the Jacobian time, the gradient costs
/// (with `lossBars`, the bars other sections add to the learning losses) and the decision chart.
func sweepPlots(
  _ index: MeasurementIndex, _ models: [CostModel], _ plan: Plan, _ options: Options,
  lossBars: [(name: String, bars: [Bar])]
) -> [Plot] {
  var plots: [Plot] = []
  for f in [FunctionName.sinMap, .bandedSinMap] where options.includes(f) {
    plots.append(heatMapPlot(f, index, models.first { $0.function == f }, sizes: plan.gridSizes))
  }
  if options.includes(.sinMap) || options.includes(.bandedSinMap) {
    let m = plan.gridSizes.contains(64) ? 64 : plan.gridSizes[plan.gridSizes.count / 2]
    plots.append(jacobianPlot(index, sizes: plan.gridSizes, m: m))
  }
  for (f, sizes) in [
    (FunctionName.rosenbrock, plan.rosenbrockSizes), (.logSumExp, plan.logSumExpSizes),
  ]
  where options.includes(f) {
    plots.append(gradientPlot(f, index, sizes: sizes))
  }
  let losses = [
    (FunctionName.softmaxCrossEntropy, SoftmaxCrossEntropy.parameterCount),
    (.mlpLoss, MLPLoss.parameterCount),
  ].filter { options.includes($0.0) }
  if !losses.isEmpty {
    plots.append(fixedSizeGradientPlot(losses, index, extra: lossBars))
  }
  if let decision = decisionPlot(models) { plots.append(decision) }
  return plots
}

/// The heat map of one map family: forward ÷ reverse Jacobian time over (n, m).
func heatMapPlot(
  _ function: FunctionName, _ index: MeasurementIndex, _ model: CostModel?, sizes: [Int]
) -> Plot {
  let values: [[Double?]] = sizes.map { m in
    sizes.map { n in
      guard let r = index[function, n: n, m: m, .reverse, .jacobian],
        let f = index[function, n: n, m: m, .forward, .jacobian]
      else { return nil }
      return timeRatio(f, r)
    }
  }
  let forward = rgb(EngineColor.forward)
  let reverse = rgb(EngineColor.reverse)
  let color = { (r: Double) in divergingColor(r, low: forward, high: reverse) }
  var map = HeatMap(
    title: "\(function.rawValue): forward ÷ reverse Jacobian time",
    subtitle: "above 1 (orange): reverse mode is faster; below 1 (green): forward mode is faster",
    columns: sizes.map(String.init), rows: sizes.map(String.init), values: values, color: color,
    cellText: significant, xLabel: "inputs n", yLabel: "outputs m")
  map.legendTitle = "forward time ÷ reverse time"
  map.legend = [16.0, 4, 1, 0.25, 1.0 / 16].map { r in
    let text =
      r > 1
      ? "\(Int(r)): reverse \(Int(r))× faster"
      : r < 1 ? "1/\(Int(1 / r)): forward \(Int(1 / r))× faster" : "1: equal"
    return (color(r), text)
  }
  // Marks: the measured crossover at the left edge of its column; the predicted n* where it
  // falls inside the measured part of its row.
  if let model {
    for (row, m) in sizes.enumerated() {
      let measured = sizes.indices.filter { values[row][$0] != nil }
      guard let first = measured.first, let last = measured.last else { continue }
      if let r = model.rows.first(where: { $0.m == m }) {
        if let n = r.measured, let column = sizes.firstIndex(of: n) {
          map.marks.append(RowMark(row: row, position: Double(column), dashed: false))
        }
        if let position = columnPosition(r.predicted, sizes),
          position >= Double(first), position <= Double(last + 1)
        {
          map.marks.append(RowMark(row: row, position: position, dashed: true))
        }
      }
    }
    map.markLegend = [
      (false, "measured crossover", "reverse wins from this cell on"),
      (true, "predicted crossover", "n* from the calibrated model (ModeAdvisor)"),
    ]
  }
  return Plot(
    fileName: "heatmap-\(function.rawValue).svg",
    caption:
      "\(function.rawValue): forward ÷ reverse Jacobian time over (n, m); orange: reverse faster",
    svg: map.svg)
}

/// Where a value falls on a log-spaced grid of columns, in column units (the centre of
/// column k is k + 0.5); nil outside the grid's centres.
private func columnPosition(_ value: Double, _ grid: [Int]) -> Double? {
  guard value > 0, grid.count > 1 else { return nil }
  let logs = grid.map { Foundation.log(Double($0)) }
  let v = Foundation.log(value)
  guard v >= logs[0], v <= logs[logs.count - 1] else { return nil }
  var k = 0
  while k < logs.count - 2 && v > logs[k + 1] { k += 1 }
  return Double(k) + 0.5 + (v - logs[k]) / (logs[k + 1] - logs[k])
}

/// Jacobian time against n at a fixed m, both engines, both map families, log-log.
func jacobianPlot(_ index: MeasurementIndex, sizes: [Int], m: Int) -> Plot {
  var series: [Series] = []
  for function in [FunctionName.sinMap, .bandedSinMap] {
    for engine in [Engine.forward, .reverse] {
      let points = sizes.compactMap { n in
        index[function, n: n, m: m, engine, .jacobian].map { (x: Double(n), y: $0.timing.median) }
      }
      if points.isEmpty { continue }
      series.append(
        Series(
          "\(function == .sinMap ? "dense" : "banded") map,"
            + " \(engine == .forward ? "forward" : "reverse")",
          color: engineColor(engine), dashed: function == .bandedSinMap, points: points))
    }
  }
  let chart = LineChart(
    title: "Jacobian time against inputs n, m = \(m) outputs",
    x: Axis("inputs n (log scale)", scale: .log, ticks: sizes.map(Double.init)),
    y: Axis("median time per Jacobian (log scale)", scale: .log, format: compactSeconds),
    series: series,
    note: "solid: dense sin map (n·m sines); dashed: banded sin map (3 inputs per output)")
  return Plot(
    fileName: "jacobian-time-m\(m).svg", caption: "Jacobian time against n at m = \(m), log-log",
    svg: chart.svg)
}

/// The engines and tasks of the gradient plots: label, and whether the line is dashed.
private let gradientEngines: [(Engine, Task, String, Bool)] = [
  (.forward, .jvp, "forward, one JVP", true),
  (.forward, .gradient, "forward gradient (chunked)", false),
  (.reverse, .gradient, "reverse gradient", false),
  (.finiteDifference, .gradient, "finite differences", false),
  (.swiftAutodiff, .gradient, "Swift _Differentiation", false),
]

/// Gradient cost for the fixed-size functions (the learning losses), as bars; `extra` adds
/// groups measured elsewhere (the operation-level MLP gradient of the arrays section).
func fixedSizeGradientPlot(
  _ functions: [(FunctionName, Int)], _ index: MeasurementIndex,
  extra: [(name: String, bars: [Bar])] = []
) -> Plot {
  let groups =
    functions.map { function, n in
      (
        name: "\(function.rawValue) (n = \(grouped(n)), scalar tape)",
        bars: gradientEngines.compactMap { engine, task, label, _ -> Bar? in
          index[function, n: n, m: 1, engine, task]?.ratioToPrimal.map {
            Bar(label, color: engineColor(engine), value: $0)
          }
        }
          + (index[function, n: n, m: 1, .cPrimal, .value]?.ratioToPrimal.map {
            [Bar("primal in C (-O3)", color: EngineColor.cPrimal, value: $0)]
          } ?? [])
      )
    } + extra
  let chart = BarChart(
    title: "Learning losses: gradient cost",
    subtitle: "time ÷ one Double evaluation of the same loss, median over interleaved rounds",
    axis: costAxis("time ÷ one Double evaluation (log scale)"), groups: groups,
    valueLabel: { significant($0) + "×" }, reference: (1, "1× = one Double evaluation"))
  return Plot(
    fileName: "gradient-cost-losses.svg",
    caption: "gradient cost relative to the primal for the learning losses, every engine",
    svg: chart.svg)
}

/// Gradient cost against n for every engine, log-log, with the measured crossover marked.
func gradientPlot(_ function: FunctionName, _ index: MeasurementIndex, sizes: [Int]) -> Plot {
  var series = gradientEngines.compactMap { engine, task, name, dashed -> Series? in
    let points = sizes.compactMap { n in
      index[function, n: n, m: 1, engine, task].flatMap { m in
        m.ratioToPrimal.map { (x: Double(n), y: $0) }
      }
    }
    return points.isEmpty
      ? nil : Series(name, color: engineColor(engine), dashed: dashed, points: points)
  }
  let c = sizes.compactMap { n in
    index[function, n: n, m: 1, .cPrimal, .value]?.ratioToPrimal.map { (x: Double(n), y: $0) }
  }
  if !c.isEmpty {
    series.append(Series("primal in C (-O3)", color: EngineColor.cPrimal, dashed: true, points: c))
  }
  var markers: [Marker] = []
  if let crossover = gradientCrossover(function, index, sizes: sizes), let n = crossover.n {
    markers.append(
      Marker(x: Double(n), label: "reverse faster than forward from n = \(n)", color: "#a04000"))
  }
  let chart = LineChart(
    title: "\(function.rawValue): gradient cost against n",
    subtitle: "time ÷ one Double evaluation of f (Swift), median over interleaved rounds",
    x: Axis("inputs n (log scale)", scale: .log), y: costAxis(), series: series,
    markers: markers)
  return Plot(
    fileName: "gradient-cost-\(function.rawValue).svg",
    caption: "\(function.rawValue): gradient cost relative to the primal, every engine",
    svg: chart.svg)
}

/// The decision chart: for a Jacobian of m outputs, the n from which reverse mode is faster,
/// measured and predicted (the calibrated model of ``ModeAdvisor``) on both map families, with
/// the regions where each engine should be used.
func decisionPlot(_ models: [CostModel]) -> Plot? {
  guard let dense = models.first(where: { $0.function == .sinMap }) ?? models.first else {
    return nil
  }
  let ms = dense.rows.map { Double($0.m) }
  guard !ms.isEmpty else { return nil }
  // Drawn in order: the other families' measured lines wide and under everything, the
  // predictions, then the dense family's measured line narrow and on top, so that where two
  // measured lines coincide both stay visible (a narrow line inside a wide one).
  var under: [Series] = []
  var predictions: [Series] = []
  var top: [Series] = []
  for (k, model) in models.enumerated() {
    let measured = model.rows.compactMap { row in
      row.measured.map { (x: Double(row.m), y: Double($0)) }
    }
    // A predicted n* beyond the grid is drawn at the grid's edge only if it is within it.
    let predicted = model.rows.compactMap { row -> (x: Double, y: Double)? in
      row.predicted <= Double(row.largestN) ? (Double(row.m), Swift.max(row.predicted, 1)) : nil
    }
    var line = Series(
      "measured n*, \(model.function.rawValue)", color: palette[k % palette.count],
      dashed: false, points: measured)
    if model.function == dense.function {
      top.append(line)
    } else {
      line.lineWidth = 6
      line.radius = 5.5
      under.append(line)
    }
    predictions.append(
      Series(
        "predicted n*, \(model.function.rawValue)",
        color: palette[k % palette.count], dashed: true, points: predicted))
  }
  let series = under + predictions + top
  let ns = models.flatMap { $0.rows.flatMap { [Double($0.smallestN), Double($0.largestN)] } }
  // The regions follow what was measured on the dense family (the prediction where fewer
  // than two crossovers were measured): above its n*, reverse mode was faster.
  let measuredBoundary = dense.rows.compactMap { row in
    row.measured.map { (x: Double(row.m), y: Double($0)) }
  }
  let predictedBoundary = dense.rows.map { (x: Double($0.m), y: Swift.max($0.predicted, 1)) }
  let boundary = measuredBoundary.count >= 2 ? measuredBoundary : predictedBoundary
  let source = measuredBoundary.count >= 2 ? "measured, \(dense.function.rawValue)" : "predicted"
  let chart = LineChart(
    title: "Forward or reverse? The crossover n* against the number of outputs m",
    subtitle:
      "Jacobian of f: ℝⁿ → ℝᵐ with n inputs and m outputs: above n*, use reverse mode; below,"
      + " forward",
    x: Axis("outputs m (log scale)", scale: .log, ticks: ms),
    y: Axis("inputs n (log scale)", scale: .log, domain: (ns.min() ?? 1)...(ns.max() ?? 1024)),
    series: series,
    regions: [
      Region(
        "reverse mode faster (\(source))", color: EngineColor.reverse, boundary: boundary,
        side: .above),
      Region(
        "forward mode faster (\(source))", color: EngineColor.forward, boundary: boundary,
        side: .below),
    ],
    note:
      "measured n*: the smallest grid n from which the reverse Jacobian is faster at every larger"
      + " n;\npredicted n*: where the calibrated model's reverse/forward ratio crosses 1")
  return Plot(
    fileName: "decision-chart.svg",
    caption: "where to use forward and where reverse mode: n* against m, measured and predicted",
    svg: chart.svg)
}
