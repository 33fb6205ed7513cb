internal import DualTapeSVG

// The advice as a picture: one horizontal bar per strategy on a logarithmic axis of cost in
// multiples of the primal; the predicted cost as an outlined bar, the measured as a filled one.

extension ModeAdvice {
  /// An SVG bar chart of the strategies' costs (×primal, logarithmic axis): predicted cost
  /// outlined, measured cost filled, the recommended strategy highlighted.
  ///
  /// ```swift
  /// try advice.svg.write(toFile: "advice.svg", atomically: true, encoding: .utf8)
  /// ```
  public var svg: String {
    let rowHeight = 26.0
    let left = 230.0
    let right = 40.0
    let top = 50.0
    let plotWidth = 460.0
    let height = top + rowHeight * Double(estimates.count) + 60
    var w = SVGWriter(width: left + plotWidth + right, height: height)
    let p = Swift.max(primalSeconds, 1e-12)
    let ratios = estimates.flatMap { [$0.predicted / p] + ($0.measured.map { [$0 / p] } ?? []) }
    let lowest = Swift.max(ratios.min() ?? 1, 1e-3)
    let low = log10(lowest).rounded(.down)
    let high = Swift.max(log10(ratios.max() ?? 10).rounded(.up), low + 1)
    func x(_ r: Double) -> Double {
      left + plotWidth * (log10(Swift.max(r, 1e-3)) - low) / (high - low)
    }
    w.text(
      "\(kind.rawValue) of f: ℝ^\(inputCount) → ℝ^\(outputCount): cost in primal evaluations",
      x: 12, y: 22, size: 14, bold: true)
    let axisY = top + rowHeight * Double(estimates.count) + 6
    var decade = low
    while decade <= high {
      let gx = x(pow10(decade))
      w.line(gx, top - 6, gx, axisY, stroke: "#ddd")
      w.text("\(formatPower(decade))x", x: gx, y: axisY + 16, anchor: .middle, size: 11)
      decade += 1
    }
    for (i, e) in estimates.enumerated() {
      let y = top + rowHeight * Double(i)
      let chosen = e.strategy == recommended
      let color = chosen ? "#d62728" : "#1f77b4"
      w.text(
        (chosen ? "recommended: " : "") + e.strategy.description, x: left - 8, y: y + 15,
        anchor: .end, size: 12, bold: chosen)
      w.rect(
        x: left, y: y + 3, width: x(e.predicted / p) - left, height: rowHeight - 8,
        stroke: color, strokeWidth: 1.2)
      if let measured = e.measured {
        w.rect(
          x: left, y: y + 7, width: x(measured / p) - left, height: rowHeight - 16, fill: color)
      }
    }
    w.text(
      "outlined: predicted from single passes; filled: measured whole call",
      x: left, y: axisY + 36, size: 11, italic: true)
    return w.document
  }
}

/// 10^e for a whole e.
private func pow10(_ e: Double) -> Double {
  var r = 1.0
  for _ in 0..<Int(Swift.abs(e)) { r *= 10 }
  return e < 0 ? 1 / r : r
}

/// 10^e as text: 0.01, 0.1, 1, 10, 100, 1000, 1e4, ...
private func formatPower(_ e: Double) -> String {
  switch Int(e) {
  case ..<(-2): "1e\(Int(e))"
  case -2: "0.01"
  case -1: "0.1"
  case 0...3: "\(Int(pow10(e)))"
  default: "1e\(Int(e))"
  }
}

/// log₁₀ with the library's own `Double.log`.
private func log10(_ x: Double) -> Double {
  x > 0 ? Double.log(x) / Double.log(10) : -.infinity
}
