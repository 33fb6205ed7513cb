import DualTape
import DualTapePlot
import DualTapeSVG
import Foundation
import Testing

// Layout of the shared charts where a viewer showed a defect: bar labels clipped at the left
// edge (the benchmark's replay chart), and two lines that coincide (its decision chart).

/// The x of the `<text>` element that shows `label`, if any.
private func textX(_ svg: String, _ label: String) -> Double? {
  guard let end = svg.range(of: ">\(label)</text>"),
    let start = svg[..<end.lowerBound].range(of: "<text x=\"", options: .backwards)
  else { return nil }
  return Double(svg[start.upperBound...].prefix { $0 != "\"" })
}

@Test func barChartLabelColumnFitsAWiderFallbackFont() throws {
  // The replay chart's longest label; a viewer's fallback font (DejaVu Sans) draws text up to a
  // fifth wider than `textWidth` estimates.
  let label = "gradient, re-recording (Reverse.gradient)"
  let chart = BarChart(
    title: "Replay", axis: Axis("× one Double evaluation", scale: .log),
    groups: [
      (
        "rosenbrock",
        [Bar(label, color: "#d95f02", value: 29.5), Bar("value", color: "#999", value: 8)]
      )
    ],
    valueLabel: { significant($0) + "×" })
  // The label is right-aligned at x: it starts at x minus its width, which must stay inside.
  let x = try #require(textX(chart.svg, label))
  #expect(x - 1.2 * SVGWriter.textWidth(label) >= 0)
}

@Test func wideLineUnderANarrowOneKeepsBothVisible() throws {
  let points = [(x: 1.0, y: 16.0), (x: 4, y: 16), (x: 16, y: 64)]
  var wide = Series("measured n*, bandedSinMap", color: "#d62728", points: points)
  wide.lineWidth = 6
  let narrow = Series("measured n*, sinMap", color: "#1f77b4", points: points)
  let svg = LineChart(
    title: "n* against m", x: Axis("m", scale: .log), y: Axis("n", scale: .log),
    series: [wide, narrow]
  ).svg
  // The wide line is drawn first (under) and the narrow one after it, on top.
  let wideLine = try #require(svg.range(of: "stroke=\"#d62728\" stroke-width=\"6\""))
  let narrowLine = try #require(svg.range(of: "stroke=\"#1f77b4\" stroke-width=\"2\""))
  #expect(wideLine.lowerBound < narrowLine.lowerBound)
}
