// Which plots RESULTS.md shows, built from the measurements.

/// Colours of the engines, the same in every plot.
func engineColor(_ engine: Engine) -> String {
  switch engine {
  case .primal: return "#666666"
  case .forward: return "#1b9e77"
  case .reverse: return "#d95f02"
  case .finiteDifference: return "#7570b3"
  case .swiftAutodiff: return "#e7298a"
  }
}

/// An engine's name for legends and tables.
func engineName(_ engine: Engine) -> String {
  switch engine {
  case .primal: return "primal (Double)"
  case .forward: return "forward (DualTape)"
  case .reverse: return "reverse (DualTape)"
  case .finiteDifference: return "finite differences"
  case .swiftAutodiff: return "Swift _Differentiation"
  }
}

/// A plot file: its name in Benchmarks/results/, a caption and the SVG text.
struct Plot {
  var fileName: String
  var caption: String
  var svg: String
}

/// The heat map of one map family.
func heatMapPlot(
  _ function: FunctionName, _ index: MeasurementIndex, _ model: CostModel?, sizes: [Int]
) -> Plot {
  let measured = Dictionary(
    (model?.rows ?? []).compactMap { row in row.measured.map { (row.m, $0) } },
    uniquingKeysWith: { a, _ in a })
  let svg = heatMapSVG(
    title: "\(function.rawValue): Jacobian time, reverse / forward", ns: sizes, ms: sizes,
    ratio: { n, m in
      guard let r = index[function, n: n, m: m, .reverse, .jacobian],
        let f = index[function, n: n, m: m, .forward, .jacobian]
      else { return nil }
      return timeRatio(r, f)
    }, slope: model.map { $0.reverseCost / $0.forwardCost }, measured: measured)
  return Plot(
    fileName: "heatmap-\(function.rawValue).svg",
    caption:
      "\(function.rawValue): reverse/forward Jacobian time over (n, m); blue cells: reverse faster",
    svg: svg)
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
          name: "\(function == .sinMap ? "dense" : "banded") \(engine.rawValue)",
          color: engineColor(engine), dashed: function == .bandedSinMap, points: points))
    }
  }
  let svg = lineChartSVG(
    title: "Jacobian time vs inputs n, m = \(m) outputs", xLabel: "inputs n",
    yLabel: "median time per Jacobian", series: series, yTick: compactSeconds,
    note: "solid: dense sin map; dashed: banded sin map (3 inputs per output)")
  return Plot(
    fileName: "jacobian-time-m\(m).svg", caption: "Jacobian time vs n at m = \(m), log-log",
    svg: svg)
}

/// The engines and tasks of the gradient plots: label, and whether the line is dashed.
private let gradientEngines: [(Engine, Task, String, Bool)] = [
  (.forward, .jvp, "forward, one JVP", true),
  (.forward, .gradient, "forward gradient (chunked)", false),
  (.reverse, .gradient, "reverse gradient", false),
  (.finiteDifference, .gradient, "finite differences", false),
  (.swiftAutodiff, .gradient, "Swift _Differentiation", false),
]

/// Gradient cost over primal cost for the fixed-size functions (the learning losses), as bars.
func fixedSizeGradientPlot(_ functions: [(FunctionName, Int)], _ index: MeasurementIndex) -> Plot {
  let groups = functions.map { function, n in
    (
      name: "\(function.rawValue) (n = \(n))",
      bars: gradientEngines.compactMap { engine, task, label, _ -> Bar? in
        index[function, n: n, m: 1, engine, task]?.ratioToPrimal.map {
          Bar(label: label, color: engineColor(engine), value: $0)
        }
      }
    )
  }
  let svg = barChartSVG(
    title: "Learning losses: gradient cost / primal cost",
    xLabel: "time / time of one Double evaluation (log scale)", groups: groups,
    note: "median over rounds of (engine time / time of f(x) with Double in that round)")
  return Plot(
    fileName: "gradient-cost-losses.svg",
    caption: "gradient cost relative to the primal for the learning losses, every engine", svg: svg)
}

/// Gradient cost over primal cost against n for every engine, log-log.
func gradientPlot(_ function: FunctionName, _ index: MeasurementIndex, sizes: [Int]) -> Plot {
  let series = gradientEngines.compactMap { engine, task, name, dashed -> Series? in
    let points = sizes.compactMap { n in
      index[function, n: n, m: 1, engine, task].flatMap { m in
        m.ratioToPrimal.map { (x: Double(n), y: $0) }
      }
    }
    return points.isEmpty
      ? nil : Series(name: name, color: engineColor(engine), dashed: dashed, points: points)
  }
  let svg = lineChartSVG(
    title: "\(function.rawValue): gradient cost / primal cost", xLabel: "inputs n",
    yLabel: "time / time of one Double evaluation", series: series,
    note:
      "each point: median over rounds of (engine time / time of f(x) with Double in that round)")
  return Plot(
    fileName: "gradient-cost-\(function.rawValue).svg",
    caption: "\(function.rawValue): gradient cost relative to the primal, every engine", svg: svg)
}
