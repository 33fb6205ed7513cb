import DualTape
import DualTapePlot
import DualTapeSVG
import Testing

// The shared charts (benchmark and examples): well-formed, labelled, and with axes that fit
// the data.

@Test func lineChartCarriesItsLabels() {
  let chart = LineChart(
    title: "Jacobian time", x: Axis("inputs n", scale: .log, ticks: [1, 4, 16, 64, 256, 1024]),
    y: Axis("seconds", scale: .log, format: compactSeconds),
    series: [
      Series("forward", color: "#1b9e77", points: [(1, 1e-6), (1024, 1e-3)]),
      Series("reverse", color: "#d95f02", dashed: true, points: [(1, 2e-6), (1024, 5e-4)]),
    ], markers: [Marker(x: 16, label: "crossover n = 16")])
  expectSVG(
    chart.svg,
    shows: [
      "Jacobian time", "inputs n", "seconds", "forward", "reverse", "crossover n = 16", "1024",
      "1 ms",
    ])
  // The axis stops near the data: no 10k tick when the largest n is 1024.
  #expect(!(SVGCheck.parse(chart.svg)?.texts.contains("10k") ?? true))
}

@Test func logAxisTicksDoNotOverlap() {
  let axis = Axis("n", scale: .log).placed([1, 1e6], from: 0, to: 300)
  let visible = axis.visibleTicks { SVGWriter.textWidth($0, size: 11) }
  for (a, b) in zip(visible, visible.dropFirst()) {
    let gap = axis.position(b) - axis.position(a)
    let needed =
      (SVGWriter.textWidth(compactNumber(a), size: 11)
        + SVGWriter.textWidth(compactNumber(b), size: 11)) / 2
    #expect(gap >= needed)
  }
}

@Test func barChartAndHeatMapCarryTheirLabels() {
  let bars = BarChart(
    title: "Gradient cost", axis: Axis("× one Double evaluation", scale: .log),
    groups: [
      (
        "MLP",
        [
          Bar("operation-level tape", color: "#d95f02", value: 1.8),
          Bar("scalar tape", color: "#f4a261", value: 12),
        ]
      )
    ],
    valueLabel: { significant($0) + "×" }, reference: (1, "1× = one Double evaluation"))
  expectSVG(
    bars.svg,
    shows: [
      "Gradient cost", "operation-level tape", "1.80×", "12.0×", "1× = one Double evaluation",
    ])

  var map = HeatMap(
    title: "forward ÷ reverse", columns: ["1", "4"], rows: ["1", "4"],
    values: [[0.5, 2], [nil, 4]],
    color: { divergingColor($0, low: (27, 158, 119), high: (217, 95, 2)) }, cellText: significant,
    xLabel: "inputs n", yLabel: "outputs m")
  map.marks = [
    RowMark(row: 0, position: 1, dashed: false), RowMark(row: 1, position: 7, dashed: true),
  ]
  map.legend = [("#ffffff", "1: equal")]
  let check = SVGCheck.parse(map.svg)
  expectSVG(
    map.svg, shows: ["forward ÷ reverse", "inputs n", "outputs m", "not run", "2.00", "1: equal"])
  // A mark outside the grid (position 7 of 2 columns) is not drawn: one thick mark only.
  #expect((check?.elementCounts["line"] ?? 0) == 1)
}

@Test func fieldMapAndPanelsCarryTheirLabels() {
  let grid = (0..<8).map { i in (0..<8).map { j in Double(i * j) } }
  let field = FieldMap(
    title: "|network − f|", grid: grid, x: Axis("x", ticks: [-1, 0, 1]),
    y: Axis("y", ticks: [-1, 0, 1]),
    xRange: -1...1, yRange: -1...1, colorLabel: "error")
  let chart = LineChart(
    title: "loss", x: Axis("epoch"), y: Axis("MSE"),
    series: [Series("train", color: "#000", points: [(1, 2), (2, 1)])])
  let svg = panels(
    title: "Surface", [field.drawing(), chart.drawing()], columns: 2, note: "two panels")
  expectSVG(
    svg,
    shows: ["Surface", "|network − f|", "error", "loss", "epoch", "MSE", "two panels", "-1", "1"])
}

@Test func svgWriterEscapesText() {
  var svg = SVGWriter(width: 10, height: 10)
  svg.text("a < b & \"c\"", x: 0, y: 0)
  expectSVG(svg.document, shows: ["a < b & \"c\""])
}

@Test func confusionMatrixChartShowsCountsAndClasses() {
  let chart = confusionMatrixChart(
    title: "iris: held-out confusion matrix", counts: [[10, 0, 0], [0, 9, 1], [0, 0, 10]],
    classNames: ["setosa", "versicolor", "virginica"])
  expectSVG(
    chart.svg,
    shows: [
      "iris: held-out confusion matrix", "setosa", "versicolor", "virginica", "9",
      "predicted class", "true class", "100%",
    ])
}
