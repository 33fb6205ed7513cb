import DualTape
import DualTapeSVG
import Foundation

// Axes: linear or logarithmic, with ticks that are round numbers and labels that never overlap.

/// The description of one axis of a chart.
package struct Axis {
  /// How values map to positions.
  package enum Scale { case linear, log }

  package var label: String
  package var scale: Scale
  /// Formats tick labels.
  package var format: (Double) -> String
  /// Explicit tick values (e.g. the measured grid); nil picks round numbers.
  package var ticks: [Double]?
  /// Explicit extent; nil takes the data's extent (plus a margin, and 0 for a linear axis
  /// with `fromZero`).
  package var domain: ClosedRange<Double>?
  /// A linear axis that starts at zero.
  package var fromZero: Bool

  package init(
    _ label: String, scale: Scale = .linear, format: @escaping (Double) -> String = compactNumber,
    ticks: [Double]? = nil, domain: ClosedRange<Double>? = nil, fromZero: Bool = false
  ) {
    self.label = label
    self.scale = scale
    self.format = format
    self.ticks = ticks
    self.domain = domain
    self.fromZero = fromZero
  }

  /// The axis laid out over the pixels `start...end` for data `values`.
  package func placed(_ values: [Double], from start: Double, to end: Double) -> PlacedAxis {
    PlacedAxis(self, values, start: start, end: end)
  }
}

/// An axis fitted to data and to a pixel range.
package struct PlacedAxis {
  package var axis: Axis
  /// The extent in transformed units (log10 for a log axis).
  package var low: Double
  package var high: Double
  package var start: Double
  package var end: Double
  /// Tick values (data units) inside the extent.
  package var ticks: [Double]

  init(_ axis: Axis, _ values: [Double], start: Double, end: Double) {
    self.axis = axis
    self.start = start
    self.end = end
    let log = axis.scale == .log
    let usable = values.filter { $0.isFinite && (!log || $0 > 0) }
    var lo: Double
    var hi: Double
    if let d = axis.domain {
      (lo, hi) = (d.lowerBound, d.upperBound)
    } else {
      lo = usable.min() ?? (log ? 1 : 0)
      hi = usable.max() ?? (log ? 10 : 1)
      if axis.fromZero && !log { lo = Swift.min(lo, 0) }
    }
    if log {
      lo = Foundation.log10(lo)
      hi = Foundation.log10(hi)
      if hi - lo < 1e-9 { (lo, hi) = (lo - 0.5, hi + 0.5) }
      if axis.domain == nil {
        let margin = Swift.max(0.04 * (hi - lo), 0.05)
        (lo, hi) = (lo - margin, hi + margin)
      }
    } else {
      if hi - lo < 1e-12 { (lo, hi) = (lo - 1, hi + 1) }
      if axis.domain == nil {
        let step = niceStep((hi - lo) / 5)
        let margin = 0.03 * (hi - lo)
        lo = axis.fromZero && lo == 0 ? 0 : Foundation.floor((lo - margin) / step) * step
        hi = Foundation.ceil((hi + margin) / step) * step
      }
    }
    low = lo
    high = hi
    ticks = []
    let candidates = axis.ticks ?? (log ? logTicks(lo, hi) : linearTicks(lo, hi))
    ticks = candidates.filter { contains($0) }
  }

  /// Whether a data value lies inside the extent.
  package func contains(_ value: Double) -> Bool {
    guard value.isFinite, axis.scale == .linear || value > 0 else { return false }
    let t = transform(value)
    return t >= low - 1e-9 && t <= high + 1e-9
  }

  private func transform(_ value: Double) -> Double {
    axis.scale == .log ? Foundation.log10(value) : value
  }

  /// The pixel of a data value (values off a log axis's range map to its ends).
  package func position(_ value: Double) -> Double {
    let v = axis.scale == .log && value <= 0 ? low : transform(value)
    return start + (v - low) / (high - low) * (end - start)
  }

  /// The ticks whose labels fit along the axis without overlapping: every k-th tick, k as
  /// small as works; `extent` measures a label along the axis.
  package func visibleTicks(extent: (String) -> Double) -> [Double] {
    guard ticks.count > 1 else { return ticks }
    for stride in 1...ticks.count {
      let kept = ticks.enumerated().filter { $0.offset % stride == 0 }.map(\.element)
      var ok = true
      for (a, b) in zip(kept, kept.dropFirst()) {
        let gap = Swift.abs(position(b) - position(a))
        if gap < (extent(axis.format(a)) + extent(axis.format(b))) / 2 + 6 {
          ok = false
          break
        }
      }
      if ok { return kept }
    }
    return [ticks[0]]
  }
}

/// 1, 2 or 5 times a power of ten, at least `raw`.
private func niceStep(_ raw: Double) -> Double {
  guard raw > 0 else { return 1 }
  let power = Foundation.pow(10, Foundation.floor(Foundation.log10(raw)))
  for m in [1.0, 2, 5, 10] where m * power >= raw { return m * power }
  return 10 * power
}

private func linearTicks(_ lo: Double, _ hi: Double) -> [Double] {
  let step = niceStep((hi - lo) / 5)
  var t = Foundation.ceil(lo / step - 1e-9) * step
  var out: [Double] = []
  while t <= hi + 1e-9 * step {
    out.append(Swift.abs(t) < 1e-12 * step ? 0 : t)
    t += step
  }
  return out
}

/// Decades, with 2 and 5 (or every integer multiple) in between when the axis spans few decades.
private func logTicks(_ lo: Double, _ hi: Double) -> [Double] {
  let span = hi - lo
  let multiples: [Double] =
    span <= 1.2 ? [1, 2, 3, 4, 5, 6, 7, 8, 9] : span <= 3.5 ? [1, 2, 5] : [1]
  var out: [Double] = []
  for d in Int(Foundation.floor(lo))...Int(Foundation.ceil(hi)) {
    for m in multiples { out.append(m * Foundation.pow(10, Double(d))) }
  }
  return out
}

extension SVGWriter {
  /// Draws a chart frame: grid lines, the two axes' ticks and labels, and the frame.
  package mutating func axes(
    x: PlacedAxis, y: PlacedAxis, top: Double, bottom: Double, left: Double, right: Double
  ) {
    let xTicks = x.visibleTicks { SVGWriter.textWidth($0, size: 11) }
    let yTicks = y.visibleTicks { _ in 13 }
    for t in xTicks {
      let px = x.position(t)
      line(px, top, px, bottom, stroke: "#e6e6e6")
      text(x.axis.format(t), x: px, y: bottom + 16, anchor: .middle, size: 11)
    }
    for t in yTicks {
      let py = y.position(t)
      line(left, py, right, py, stroke: "#e6e6e6")
      text(y.axis.format(t), x: left - 6, y: py + 4, anchor: .end, size: 11)
    }
    rect(x: left, y: top, width: right - left, height: bottom - top, stroke: "#444")
    text(x.axis.label, x: (left + right) / 2, y: bottom + 36, anchor: .middle, size: 12.5)
    let widest = yTicks.map { SVGWriter.textWidth(y.axis.format($0), size: 11) }.max() ?? 20
    let labelX = Swift.max(14, left - widest - 16)
    text(
      y.axis.label, x: labelX, y: (top + bottom) / 2, anchor: .middle, size: 12.5, rotate: -90)
  }

  /// A bold title centred at the top, and a subtitle under it when given.
  package mutating func heading(_ title: String, subtitle: String = "") {
    text(title, x: width / 2, y: 22, anchor: .middle, size: 15, bold: true)
    if !subtitle.isEmpty {
      text(subtitle, x: width / 2, y: 40, anchor: .middle, size: 11.5, fill: "#555")
    }
  }

  /// Lines of small grey text starting at (x, y), one per line of `note`.
  package mutating func note(_ note: String, x: Double, y: Double) {
    for (k, line) in note.split(separator: "\n").enumerated() {
      text(String(line), x: x, y: y + Double(k) * 14, size: 11, fill: "#555")
    }
  }
}

/// The width the y tick labels of an axis need, for the left margin.
package func tickLabelWidth(_ axis: Axis, _ values: [Double]) -> Double {
  let placed = axis.placed(values, from: 400, to: 0)
  return placed.ticks.map { SVGWriter.textWidth(axis.format($0), size: 11) }.max() ?? 24
}
