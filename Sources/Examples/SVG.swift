import Foundation

/// Minimal SVG charts for the examples: line charts of loss curves and heat maps.
enum SVG {
  /// A line chart of one or more series against their index (epoch or step).
  /// - Parameters:
  ///   - series: named curves; each is plotted at x = 1, 2, …
  ///   - logScale: plot log₁₀ of y (loss curves span decades).
  static func lineChart(
    title: String, xLabel: String, yLabel: String, series: [(name: String, values: [Double])],
    logScale: Bool = true
  ) -> String {
    let (width, height) = (640.0, 400.0)
    let (left, right, top, bottom) = (70.0, 20.0, 40.0, 50.0)
    let transform: (Double) -> Double =
      logScale ? { Foundation.log10(Swift.max($0, 1e-300)) } : { $0 }
    let all = series.flatMap { $0.values.map(transform) }.filter(\.isFinite)
    var (lo, hi) = (all.min() ?? 0, all.max() ?? 1)
    if logScale {
      lo = lo.rounded(.down)
      hi = hi.rounded(.up)
    }
    if hi <= lo { hi = lo + 1 }
    let count = Swift.max(2, series.map(\.values.count).max() ?? 2)
    func px(_ i: Int) -> Double { left + Double(i) / Double(count - 1) * (width - left - right) }
    func py(_ y: Double) -> Double {
      top + (1 - (transform(y) - lo) / (hi - lo)) * (height - top - bottom)
    }
    let colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]
    var s = header(width, height)
    s += text(width / 2, 22, title, size: 16, anchor: "middle")
    s +=
      "<rect x='\(left)' y='\(top)' width='\(width - left - right)' height='\(height - top - bottom)' fill='none' stroke='#444'/>\n"
    // Horizontal grid lines and y tick labels.
    let ticks =
      logScale
      ? Array(stride(from: lo, through: hi, by: 1))
      : (0...4).map { lo + Double($0) * (hi - lo) / 4 }
    for t in ticks {
      let y = top + (1 - (t - lo) / (hi - lo)) * (height - top - bottom)
      s += "<line x1='\(left)' y1='\(y)' x2='\(width - right)' y2='\(y)' stroke='#ddd'/>\n"
      let label = logScale ? "1e\(Int(t))" : String(format: "%.3g", t)
      s += text(left - 6, y + 4, label, size: 11, anchor: "end")
    }
    for k in 0...4 {
      let i = (count - 1) * k / 4
      s += text(px(i), height - bottom + 16, "\(i + 1)", size: 11, anchor: "middle")
    }
    s += text(width / 2, height - 12, xLabel, size: 13, anchor: "middle")
    s +=
      "<text x='18' y='\(height / 2)' font-size='13' font-family='sans-serif' text-anchor='middle' transform='rotate(-90 18 \(height / 2))'>\(yLabel)</text>\n"
    for (n, line) in series.enumerated() {
      let points = line.values.enumerated().filter { transform($0.element).isFinite }
        .map { String(format: "%.2f,%.2f", px($0.offset), py($0.element)) }.joined(separator: " ")
      let color = colors[n % colors.count]
      s += "<polyline points='\(points)' fill='none' stroke='\(color)' stroke-width='1.8'/>\n"
      s +=
        "<rect x='\(width - right - 210)' y='\(top + 10 + Double(n) * 18)' width='12' height='3' fill='\(color)'/>\n"
      s += text(
        width - right - 192, top + 15 + Double(n) * 18, line.name, size: 12, anchor: "start")
    }
    return s + "</svg>\n"
  }

  /// Heat maps side by side, sharing one colour scale.
  /// - Parameter panels: named grids; `grid[i][j]` is drawn at row i (top first), column j.
  static func heatMaps(
    title: String, caption: String = "", panels: [(name: String, grid: [[Double]])]
  ) -> String {
    let cell = 8.0
    let n = panels.first?.grid.count ?? 1
    let m = panels.first?.grid.first?.count ?? 1
    let panelWidth = Double(m) * cell
    let gap = 40.0
    let width = 30 + Double(panels.count) * (panelWidth + gap) + 60
    let height = 60 + Double(n) * cell + 36
    let values = panels.flatMap { $0.grid.flatMap { $0 } }
    let lo = values.min() ?? 0
    let hi = Swift.max(values.max() ?? 1, lo + 1e-12)
    var s = header(width, height)
    s += text(width / 2, 22, title, size: 16, anchor: "middle")
    for (p, panel) in panels.enumerated() {
      let x0 = 30 + Double(p) * (panelWidth + gap)
      s += text(x0 + panelWidth / 2, 48, panel.name, size: 13, anchor: "middle")
      for (i, row) in panel.grid.enumerated() {
        for (j, v) in row.enumerated() {
          s +=
            "<rect x='\(x0 + Double(j) * cell)' y='\(55 + Double(i) * cell)' width='\(cell + 0.5)' height='\(cell + 0.5)' fill='\(color((v - lo) / (hi - lo)))'/>\n"
        }
      }
    }
    s += text(30, 55 + Double(n) * cell + 24, caption, size: 12, anchor: "start")
    // Colour bar.
    let bx = width - 50
    for k in 0..<50 {
      let t = 1 - Double(k) / 49
      s +=
        "<rect x='\(bx)' y='\(55 + Double(k) * Double(n) * cell / 50)' width='14' height='\(Double(n) * cell / 50 + 0.5)' fill='\(color(t))'/>\n"
    }
    s += text(bx + 18, 63, String(format: "%.2f", hi), size: 10, anchor: "start")
    s += text(bx + 18, 55 + Double(n) * cell, String(format: "%.2f", lo), size: 10, anchor: "start")
    return s + "</svg>\n"
  }

  /// A perceptually ordered blue–green–yellow ramp for t ∈ [0, 1] (viridis-like).
  static func color(_ t: Double) -> String {
    let stops: [(Double, Double, Double)] = [
      (68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37),
    ]
    let x = Swift.min(Swift.max(t, 0), 1) * Double(stops.count - 1)
    let k = Swift.min(Int(x), stops.count - 2)
    let f = x - Double(k)
    let (a, b) = (stops[k], stops[k + 1])
    func mix(_ u: Double, _ v: Double) -> Int { Int((u + (v - u) * f).rounded()) }
    return String(format: "#%02x%02x%02x", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
  }

  static func header(_ width: Double, _ height: Double) -> String {
    "<svg xmlns='http://www.w3.org/2000/svg' width='\(Int(width))' height='\(Int(height))' viewBox='0 0 \(Int(width)) \(Int(height))'>\n<rect width='100%' height='100%' fill='white'/>\n"
  }

  static func text(_ x: Double, _ y: Double, _ s: String, size: Int, anchor: String) -> String {
    "<text x='\(x)' y='\(y)' font-size='\(size)' font-family='sans-serif' text-anchor='\(anchor)'>\(s)</text>\n"
  }

  /// Writes `svg` to `directory/name`, creating the directory; returns the path.
  @discardableResult
  static func write(_ svg: String, to directory: String, name: String) throws -> String {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let path = (directory as NSString).appendingPathComponent(name)
    try svg.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }
}
