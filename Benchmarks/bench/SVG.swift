import Foundation

// Hand-written SVG plots (no dependencies): a log-log line chart and a heat map.

/// One line of a line chart.
struct Series {
  var name: String
  /// A CSS colour, e.g. `#1b9e77`.
  var color: String
  var dashed = false
  var points: [(x: Double, y: Double)]
}

/// Escapes text for SVG.
private func escaped(_ text: String) -> String {
  text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    .replacingOccurrences(of: ">", with: "&gt;")
}

/// A number for SVG coordinates, 1 decimal.
private func c(_ x: Double) -> String { String(format: "%.1f", x) }

/// An axis tick such as `1`, `20`, `500`, `10k`, `1M`, `0.01`: no trailing zeros.
func compactNumber(_ x: Double) -> String {
  if x >= 1e6 { return String(format: "%gM", x / 1e6) }
  if x >= 1e3 { return String(format: "%gk", x / 1e3) }
  return String(format: "%g", x)
}

/// A time tick such as `10 µs`, `2 ms`: no trailing zeros.
func compactSeconds(_ seconds: Double) -> String {
  for (scale, unit) in [(1.0, "s"), (1e-3, "ms"), (1e-6, "µs")] where seconds >= scale * 0.999 {
    return String(format: "%g", (seconds / scale * 1000).rounded() / 1000) + " " + unit
  }
  return String(format: "%g ns", (seconds * 1e9 * 1000).rounded() / 1000)
}

/// The opening of an SVG document with a white background and a title.
private func svgHead(width: Double, height: Double, title: String) -> String {
  """
  <svg xmlns="http://www.w3.org/2000/svg" width="\(c(width))" height="\(c(height))" \
  viewBox="0 0 \(c(width)) \(c(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
  <rect width="100%" height="100%" fill="white"/>
  <text x="\(c(width / 2))" y="24" text-anchor="middle" font-size="15" font-weight="bold">\(escaped(title))</text>

  """
}

/// A log-scale axis: maps values to pixels and lists decade ticks.
private struct LogAxis {
  var low: Double  // log10 of the lower end
  var high: Double
  var start: Double  // pixel of the lower end
  var end: Double

  /// An axis covering `values`, widened to whole decades.
  init(_ values: [Double], from start: Double, to end: Double) {
    let logs = values.filter { $0 > 0 && $0.isFinite }.map { Foundation.log10($0) }
    low = Foundation.floor(logs.min() ?? 0)
    high = Foundation.ceil(logs.max() ?? 1)
    if high <= low { high = low + 1 }
    self.start = start
    self.end = end
  }

  func position(_ value: Double) -> Double {
    start + (Foundation.log10(value) - low) / (high - low) * (end - start)
  }

  /// Decades, plus 2 and 5 when the axis spans at most two decades.
  var ticks: [Double] {
    var result: [Double] = []
    for d in Int(low)...Int(high) {
      let base = Foundation.pow(10, Double(d))
      result.append(base)
      if high - low <= 2 && d < Int(high) { result += [2 * base, 5 * base] }
    }
    return result
  }
}

/// Vertical grid lines at a horizontal axis's ticks, labelled below `bottom`.
private func verticalGrid(_ axis: LogAxis, top: Double, bottom: Double) -> String {
  var svg = ""
  for t in axis.ticks {
    let x = axis.position(t)
    svg +=
      "<line x1=\"\(c(x))\" y1=\"\(c(top))\" x2=\"\(c(x))\" y2=\"\(c(bottom))\" stroke=\"#e3e3e3\"/>\n"
    svg +=
      "<text x=\"\(c(x))\" y=\"\(c(bottom + 18))\" text-anchor=\"middle\">\(escaped(compactNumber(t)))</text>\n"
  }
  return svg
}

/// A log-log line chart with a legend on the right.
///
/// - Parameters:
///   - title: the heading.
///   - xLabel: the x axis label.
///   - yLabel: the y axis label.
///   - series: the lines; points with non-positive values are skipped.
///   - yTick: formats the y tick labels.
///   - note: a line of small text under the plot.
func lineChartSVG(
  title: String, xLabel: String, yLabel: String, series: [Series],
  yTick: (Double) -> String = compactNumber, note: String = ""
) -> String {
  let width = 760.0
  let height = 460.0
  let left = 80.0
  let right = width - 230
  let top = 44.0
  let bottom = height - 70
  let all = series.flatMap(\.points).filter { $0.x > 0 && $0.y > 0 && $0.y.isFinite }
  let xAxis = LogAxis(all.map(\.x), from: left, to: right)
  let yAxis = LogAxis(all.map(\.y), from: bottom, to: top)
  var svg = svgHead(width: width, height: height, title: title)
  // Grid and ticks.
  svg += verticalGrid(xAxis, top: top, bottom: bottom)
  for t in yAxis.ticks {
    let y = yAxis.position(t)
    svg +=
      "<line x1=\"\(c(left))\" y1=\"\(c(y))\" x2=\"\(c(right))\" y2=\"\(c(y))\" stroke=\"#e3e3e3\"/>\n"
    svg +=
      "<text x=\"\(c(left - 8))\" y=\"\(c(y + 4))\" text-anchor=\"end\">\(escaped(yTick(t)))</text>\n"
  }
  svg +=
    "<rect x=\"\(c(left))\" y=\"\(c(top))\" width=\"\(c(right - left))\" height=\"\(c(bottom - top))\" fill=\"none\" stroke=\"#444\"/>\n"
  svg +=
    "<text x=\"\(c((left + right) / 2))\" y=\"\(c(bottom + 42))\" text-anchor=\"middle\" font-size=\"13\">\(escaped(xLabel))</text>\n"
  svg +=
    "<text transform=\"translate(20 \(c((top + bottom) / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\">\(escaped(yLabel))</text>\n"
  // Lines and markers.
  for s in series {
    let points = s.points.filter { $0.x > 0 && $0.y > 0 && $0.y.isFinite }
    guard !points.isEmpty else { continue }
    let path = points.map { "\(c(xAxis.position($0.x))),\(c(yAxis.position($0.y)))" }.joined(
      separator: " ")
    let dash = s.dashed ? " stroke-dasharray=\"6 4\"" : ""
    svg +=
      "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\"\(dash)/>\n"
    for p in points {
      svg +=
        "<circle cx=\"\(c(xAxis.position(p.x)))\" cy=\"\(c(yAxis.position(p.y)))\" r=\"3.5\" fill=\"\(s.color)\"/>\n"
    }
  }
  // Legend.
  for (k, s) in series.enumerated() {
    let y = top + 12 + Double(k) * 22
    let dash = s.dashed ? " stroke-dasharray=\"6 4\"" : ""
    svg +=
      "<line x1=\"\(c(right + 16))\" y1=\"\(c(y))\" x2=\"\(c(right + 46))\" y2=\"\(c(y))\" stroke=\"\(s.color)\" stroke-width=\"2\"\(dash)/>\n"
    svg += "<circle cx=\"\(c(right + 31))\" cy=\"\(c(y))\" r=\"3.5\" fill=\"\(s.color)\"/>\n"
    svg += "<text x=\"\(c(right + 54))\" y=\"\(c(y + 4))\">\(escaped(s.name))</text>\n"
  }
  if !note.isEmpty {
    svg +=
      "<text x=\"\(c(left))\" y=\"\(c(height - 10))\" font-size=\"11\" fill=\"#555\">\(escaped(note))</text>\n"
  }
  return svg + "</svg>\n"
}

/// One bar of a bar chart.
struct Bar {
  var label: String
  /// A CSS colour.
  var color: String
  var value: Double
}

/// Grouped horizontal bars on a log scale, each labelled with its value.
///
/// - Parameters:
///   - title: the heading.
///   - xLabel: the value axis label.
///   - groups: a heading per group and its bars; non-positive values are skipped.
///   - note: a line of small text under the plot.
func barChartSVG(
  title: String, xLabel: String, groups: [(name: String, bars: [Bar])], note: String = ""
) -> String {
  let rowHeight = 22.0
  let rows = groups.reduce(0) { $0 + 1 + $1.bars.filter { $0.value > 0 }.count }
  let width = 760.0
  let left = 230.0
  let right = width - 60
  let top = 48.0
  let bottom = top + Double(rows) * rowHeight + 8
  let height = bottom + 60
  let values = groups.flatMap { $0.bars.map(\.value) }.filter { $0 > 0 && $0.isFinite }
  let axis = LogAxis(values + [1], from: left, to: right)
  var svg = svgHead(width: width, height: height, title: title)
  svg += verticalGrid(axis, top: top, bottom: bottom)
  var y = top
  for group in groups {
    svg += "<text x=\"12\" y=\"\(c(y + 15))\" font-weight=\"bold\">\(escaped(group.name))</text>\n"
    y += rowHeight
    for bar in group.bars where bar.value > 0 && bar.value.isFinite {
      let end = axis.position(bar.value)
      svg +=
        "<text x=\"\(c(left - 8))\" y=\"\(c(y + 15))\" text-anchor=\"end\">\(escaped(bar.label))</text>\n"
      svg +=
        "<rect x=\"\(c(left))\" y=\"\(c(y + 3))\" width=\"\(c(max(1, end - left)))\" height=\"\(c(rowHeight - 6))\" fill=\"\(bar.color)\"/>\n"
      svg +=
        "<text x=\"\(c(end + 5))\" y=\"\(c(y + 15))\" font-size=\"11\">\(significant(bar.value))x</text>\n"
      y += rowHeight
    }
  }
  svg +=
    "<line x1=\"\(c(left))\" y1=\"\(c(top))\" x2=\"\(c(left))\" y2=\"\(c(bottom))\" stroke=\"#444\"/>\n"
  svg +=
    "<text x=\"\(c((left + right) / 2))\" y=\"\(c(bottom + 40))\" text-anchor=\"middle\" font-size=\"13\">\(escaped(xLabel))</text>\n"
  if !note.isEmpty {
    svg +=
      "<text x=\"12\" y=\"\(c(height - 8))\" font-size=\"11\" fill=\"#555\">\(escaped(note))</text>\n"
  }
  return svg + "</svg>\n"
}

/// The colour of a time ratio on a blue (below 1) – white – red (above 1) scale, saturating at
/// 16x either way.
private func divergingColor(_ ratio: Double) -> String {
  let t = Swift.max(-1, Swift.min(1, Foundation.log2(ratio) / 4))
  let white = (247.0, 247.0, 247.0)
  let end = t < 0 ? (33.0, 102.0, 172.0) : (178.0, 24.0, 43.0)
  let a = t.magnitude
  func mix(_ p: Double, _ q: Double) -> Int { Int((p + (q - p) * a).rounded()) }
  return String(
    format: "#%02x%02x%02x", mix(white.0, end.0), mix(white.1, end.1), mix(white.2, end.2))
}

/// A heat map over (n, m) of the reverse/forward Jacobian time ratio, with the predicted
/// crossover line n* = slope·m and the measured crossover marked per row.
///
/// - Parameters:
///   - title: the heading.
///   - ns: the columns (ascending).
///   - ms: the rows (ascending, drawn bottom to top).
///   - ratio: reverse time / forward time at (n, m), nil where not measured.
///   - slope: c_rev / c_fwd, for the predicted line (nil: no line).
///   - measured: the measured crossover n for each m, if any.
func heatMapSVG(
  title: String, ns: [Int], ms: [Int], ratio: (Int, Int) -> Double?, slope: Double?,
  measured: [Int: Int]
) -> String {
  let cell = 64.0
  let left = 86.0
  let top = 48.0
  let plotWidth = cell * Double(ns.count)
  let plotHeight = cell * Double(ms.count)
  let width = left + plotWidth + 250
  let height = top + plotHeight + 78
  var svg = svgHead(width: width, height: height, title: title)
  // Cell centres as a function of log n (and log m): interpolated between grid values.
  func centre(_ value: Double, _ grid: [Int]) -> Double {
    let logs = grid.map { Foundation.log(Double($0)) }
    let v = Foundation.log(value)
    guard logs.count > 1 else { return 0.5 }
    var k = 0
    while k < logs.count - 2 && v > logs[k + 1] { k += 1 }
    return Double(k) + 0.5 + (v - logs[k]) / (logs[k + 1] - logs[k])
  }
  for (row, m) in ms.enumerated() {
    let y = top + plotHeight - cell * Double(row + 1)
    svg +=
      "<text x=\"\(c(left - 8))\" y=\"\(c(y + cell / 2 + 4))\" text-anchor=\"end\">\(m)</text>\n"
    for (column, n) in ns.enumerated() {
      let x = left + cell * Double(column)
      if let r = ratio(n, m) {
        let strong = Foundation.log2(r).magnitude > 2.5
        svg +=
          "<rect x=\"\(c(x))\" y=\"\(c(y))\" width=\"\(c(cell))\" height=\"\(c(cell))\" fill=\"\(divergingColor(r))\" stroke=\"white\"/>\n"
        svg +=
          "<text x=\"\(c(x + cell / 2))\" y=\"\(c(y + cell / 2 + 4))\" text-anchor=\"middle\" fill=\"\(strong ? "white" : "#222")\">\(significant(r))</text>\n"
      } else {
        svg +=
          "<rect x=\"\(c(x))\" y=\"\(c(y))\" width=\"\(c(cell))\" height=\"\(c(cell))\" fill=\"#dddddd\" stroke=\"white\"/>\n"
        svg +=
          "<text x=\"\(c(x + cell / 2))\" y=\"\(c(y + cell / 2 + 4))\" text-anchor=\"middle\" fill=\"#777\">not run</text>\n"
      }
    }
    if let n = measured[m], let column = ns.firstIndex(of: n) {
      let x = left + cell * Double(column)
      svg +=
        "<line x1=\"\(c(x))\" y1=\"\(c(y + 3))\" x2=\"\(c(x))\" y2=\"\(c(y + cell - 3))\" stroke=\"black\" stroke-width=\"4\"/>\n"
    }
  }
  for (column, n) in ns.enumerated() {
    svg +=
      "<text x=\"\(c(left + cell * (Double(column) + 0.5)))\" y=\"\(c(top + plotHeight + 18))\" text-anchor=\"middle\">\(n)</text>\n"
  }
  svg +=
    "<text x=\"\(c(left + plotWidth / 2))\" y=\"\(c(top + plotHeight + 40))\" text-anchor=\"middle\" font-size=\"13\">inputs n</text>\n"
  svg +=
    "<text transform=\"translate(24 \(c(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\">outputs m</text>\n"
  // The predicted crossover line, clipped to the grid.
  if let s = slope, s > 0, let mLow = ms.first, let mHigh = ms.last {
    svg +=
      "<clipPath id=\"grid\"><rect x=\"\(c(left))\" y=\"\(c(top))\" width=\"\(c(plotWidth))\" height=\"\(c(plotHeight))\"/></clipPath>\n"
    let steps = 40
    let points = (0...steps).map { k -> String in
      let m = Foundation.exp(
        Foundation.log(Double(mLow) / 4) + Double(k) / Double(steps)
          * Foundation.log(Double(mHigh) * 16 / Double(mLow)))
      let x = left + cell * centre(s * m, ns)
      let y = top + plotHeight - cell * centre(m, ms)
      return "\(c(x)),\(c(y))"
    }
    svg +=
      "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"black\" stroke-width=\"2\" stroke-dasharray=\"7 5\" clip-path=\"url(#grid)\"/>\n"
  }
  // Legend: colour bar and the two crossover marks.
  let lx = left + plotWidth + 24
  svg +=
    "<text x=\"\(c(lx))\" y=\"\(c(top + 10))\" font-weight=\"bold\">reverse time / forward time</text>\n"
  let stops: [Double] = [1.0 / 16, 1.0 / 4, 1, 4, 16]
  for (k, r) in stops.enumerated() {
    let y = top + 22 + Double(k) * 24
    svg +=
      "<rect x=\"\(c(lx))\" y=\"\(c(y))\" width=\"28\" height=\"20\" fill=\"\(divergingColor(r))\" stroke=\"#999\"/>\n"
    let text =
      r < 1
      ? "1/\(Int(1 / r)): reverse \(Int(1 / r))x faster"
      : r > 1 ? "\(Int(r)): forward \(Int(r))x faster" : "1: equal"
    svg += "<text x=\"\(c(lx + 36))\" y=\"\(c(y + 14))\">\(escaped(text))</text>\n"
  }
  let ly = top + 22 + 5 * 24 + 16
  svg +=
    "<line x1=\"\(c(lx))\" y1=\"\(c(ly))\" x2=\"\(c(lx + 28))\" y2=\"\(c(ly))\" stroke=\"black\" stroke-width=\"2\" stroke-dasharray=\"7 5\"/>\n"
  svg += "<text x=\"\(c(lx + 36))\" y=\"\(c(ly + 4))\">predicted crossover</text>\n"
  svg +=
    "<text x=\"\(c(lx + 36))\" y=\"\(c(ly + 18))\" font-size=\"11\" fill=\"#555\">n* = m·c_rev/c_fwd</text>\n"
  svg +=
    "<line x1=\"\(c(lx + 14))\" y1=\"\(c(ly + 30))\" x2=\"\(c(lx + 14))\" y2=\"\(c(ly + 52))\" stroke=\"black\" stroke-width=\"4\"/>\n"
  svg += "<text x=\"\(c(lx + 36))\" y=\"\(c(ly + 40))\">measured crossover</text>\n"
  svg +=
    "<text x=\"\(c(lx + 36))\" y=\"\(c(ly + 54))\" font-size=\"11\" fill=\"#555\">reverse wins from here on</text>\n"
  return svg + "</svg>\n"
}
