import DualTape
import DualTapeSVG

// Horizontal bar charts in groups, each bar labelled with its value.

/// One bar.
package struct Bar {
  package var label: String
  /// A CSS colour.
  package var color: String
  package var value: Double
  package init(_ label: String, color: String, value: Double) {
    self.label = label
    self.color = color
    self.value = value
  }
}

/// Grouped horizontal bars on a linear or log axis.
package struct BarChart {
  package var title: String
  package var subtitle = ""
  package var axis: Axis
  package var groups: [(name: String, bars: [Bar])]
  /// Formats the value printed after each bar.
  package var valueLabel: (Double) -> String
  /// A reference value drawn as a vertical line, with its label (e.g. 1 = the primal).
  package var reference: (value: Double, label: String)?
  package var note = ""
  package var width = 780.0

  package init(
    title: String, subtitle: String = "", axis: Axis, groups: [(name: String, bars: [Bar])],
    valueLabel: @escaping (Double) -> String, reference: (value: Double, label: String)? = nil,
    note: String = "", width: Double = 780
  ) {
    self.title = title
    self.subtitle = subtitle
    self.axis = axis
    self.groups = groups
    self.valueLabel = valueLabel
    self.reference = reference
    self.note = note
    self.width = width
  }

  package var svg: String { drawing().document }

  package func drawing() -> SVGWriter {
    let rowHeight = 22.0
    let bars = groups.map { g in
      (g.name, g.bars.filter { $0.value.isFinite && $0.value > 0 || axis.scale == .linear })
    }
    let rows = bars.reduce(0) { $0 + 1 + $1.1.count }
    // The label column, measured generously: `textWidth` estimates Helvetica's widths, and a
    // viewer's fallback font (DejaVu Sans) is up to a fifth wider; a label must not be clipped
    // at the left edge.
    let widest = bars.flatMap { $0.1.map { SVGWriter.textWidth($0.label) } }.max() ?? 60
    let labelWidth = 1.2 * widest + 24
    let left = Swift.max(160, labelWidth)
    let right = width - 70
    let top = subtitle.isEmpty ? 44.0 : 60.0
    let bottom = top + Double(rows) * rowHeight + 8
    let noteLines = Double(note.split(separator: "\n").count)
    let height = bottom + 52 + 14 * noteLines
    var svg = SVGWriter(width: width, height: height)
    svg.heading(title, subtitle: subtitle)
    let values = bars.flatMap { $0.1.map(\.value) } + (reference.map { [$0.value] } ?? [])
    let placed = axis.placed(values, from: left, to: right)
    for t in placed.visibleTicks(extent: { SVGWriter.textWidth($0, size: 11) }) {
      let x = placed.position(t)
      svg.line(x, top, x, bottom, stroke: "#e6e6e6")
      svg.text(axis.format(t), x: x, y: bottom + 16, anchor: .middle, size: 11)
    }
    let origin = axis.scale == .log ? left : placed.position(0)
    var y = top
    for (name, groupBars) in bars {
      svg.text(name, x: 12, y: y + 15, bold: true)
      y += rowHeight
      for bar in groupBars {
        let end = placed.position(bar.value)
        svg.text(bar.label, x: left - 8, y: y + 15, anchor: .end)
        svg.rect(
          x: Swift.min(origin, end), y: y + 3, width: Swift.max(1, Swift.abs(end - origin)),
          height: rowHeight - 6, fill: bar.color)
        svg.text(valueLabel(bar.value), x: Swift.max(origin, end) + 5, y: y + 15, size: 11)
        y += rowHeight
      }
    }
    svg.line(left, top, left, bottom, stroke: "#444")
    if let r = reference, placed.contains(r.value) {
      let x = placed.position(r.value)
      svg.line(x, top - 4, x, bottom, stroke: "#222", width: 1.5, dash: "4 3")
      svg.text(r.label, x: x + 4, y: top - 6, size: 11)
    }
    svg.text(axis.label, x: (left + right) / 2, y: bottom + 36, anchor: .middle, size: 12.5)
    if !note.isEmpty { svg.note(note, x: 12, y: height - 10 - 14 * (noteLines - 1)) }
    return svg
  }
}
