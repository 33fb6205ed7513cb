import DualTape
import DualTapeSVG

// Heat maps: a grid of labelled cells (the (n, m) grid, a confusion matrix), and a continuous
// field over a rectangle with numeric axes and a colour bar (a learned surface, its error).

/// A mark drawn inside one row of a ``HeatMap``: a vertical bar at a position in column units
/// (0 is the left edge of the first column).
package struct RowMark {
  package var row: Int
  package var position: Double
  package var dashed: Bool
  package init(row: Int, position: Double, dashed: Bool) {
    self.row = row
    self.position = position
    self.dashed = dashed
  }
}

/// A grid of cells, each coloured by its value and labelled with it.
package struct HeatMap {
  package var title: String
  package var subtitle = ""
  package var columns: [String]
  package var rows: [String]
  /// `values[row][column]`; nil: not measured.
  package var values: [[Double?]]
  package var color: (Double) -> String
  /// Overrides `color` per cell (row, column), e.g. to shade by a share rather than the value.
  package var cellColor: ((_ row: Int, _ column: Int) -> String)? = nil
  package var cellText: (Double) -> String
  package var missingText = "not run"
  package var xLabel: String
  package var yLabel: String
  /// The first row at the bottom (a y axis growing upwards) or at the top (a table).
  package var firstRowAtBottom = true
  package var legendTitle = ""
  package var legend: [(color: String, label: String)] = []
  package var marks: [RowMark] = []
  /// What the marks mean: a dashed and a solid entry.
  package var markLegend: [(dashed: Bool, label: String, detail: String)] = []
  package var cell = 64.0
  package var note = ""

  package init(
    title: String, subtitle: String = "", columns: [String], rows: [String],
    values: [[Double?]], color: @escaping (Double) -> String,
    cellText: @escaping (Double) -> String, xLabel: String, yLabel: String
  ) {
    self.title = title
    self.subtitle = subtitle
    self.columns = columns
    self.rows = rows
    self.values = values
    self.color = color
    self.cellText = cellText
    self.xLabel = xLabel
    self.yLabel = yLabel
  }

  package var svg: String { drawing().document }

  package func drawing() -> SVGWriter {
    let rowLabelWidth = rows.map { SVGWriter.textWidth($0) }.max() ?? 20
    let left = 44 + rowLabelWidth
    let top = subtitle.isEmpty ? 44.0 : 60.0
    let plotWidth = cell * Double(columns.count)
    let plotHeight = cell * Double(rows.count)
    let legendTexts =
      legend.map(\.label) + markLegend.flatMap { [$0.label, $0.detail] } + [legendTitle]
    let legendWidth =
      legendTexts.isEmpty ? 0 : (legendTexts.map { SVGWriter.textWidth($0) }.max() ?? 0) + 60
    let noteLines = Double(note.split(separator: "\n").count)
    let width = Swift.max(
      left + plotWidth + legendWidth + 24, SVGWriter.textWidth(title, size: 15) + 40)
    let height =
      top + Swift.max(plotHeight, 40 + 24 * Double(legend.count + 2 * markLegend.count)) + 56 + 14
      * noteLines
    var svg = SVGWriter(width: width, height: height)
    svg.heading(title, subtitle: subtitle)
    func rowTop(_ r: Int) -> Double {
      firstRowAtBottom ? top + plotHeight - cell * Double(r + 1) : top + cell * Double(r)
    }
    for (r, name) in rows.enumerated() {
      let y = rowTop(r)
      svg.text(name, x: left - 8, y: y + cell / 2 + 4, anchor: .end)
      for (c, _) in columns.enumerated() {
        let x = left + cell * Double(c)
        if let v = values[r][c], v.isFinite {
          let fill = cellColor?(r, c) ?? color(v)
          svg.rect(x: x, y: y, width: cell, height: cell, fill: fill, stroke: "white")
          svg.text(
            cellText(v), x: x + cell / 2, y: y + cell / 2 + 4, anchor: .middle,
            size: cell < 40 ? 10 : 12, fill: needsLightText(fill) ? "white" : "#222")
        } else {
          svg.rect(x: x, y: y, width: cell, height: cell, fill: "#e4e4e4", stroke: "white")
          svg.text(
            missingText, x: x + cell / 2, y: y + cell / 2 + 4, anchor: .middle, size: 10,
            fill: "#777")
        }
      }
    }
    // Solid marks first, dashed ones (blue) over them, so a coinciding pair shows both.
    for mark in marks.sorted(by: { !$0.dashed && $1.dashed }) where mark.row < rows.count {
      let x = left + cell * mark.position
      guard x >= left - 0.5 && x <= left + plotWidth + 0.5 else { continue }
      let y = rowTop(mark.row)
      svg.line(
        x, y + 4, x, y + cell - 4, stroke: mark.dashed ? markBlue : "black",
        width: mark.dashed ? 2.5 : 5, dash: mark.dashed ? "5 3" : nil)
    }
    for (c, name) in columns.enumerated() {
      svg.text(
        name, x: left + cell * (Double(c) + 0.5), y: top + plotHeight + 16, anchor: .middle,
        size: 11)
    }
    svg.text(
      xLabel, x: left + plotWidth / 2, y: top + plotHeight + 36, anchor: .middle, size: 12.5)
    svg.text(
      yLabel, x: 16, y: top + plotHeight / 2, anchor: .middle, size: 12.5, rotate: -90)
    // Legend: colour key, then the marks.
    let lx = left + plotWidth + 24
    var ly = top + 8
    if !legendTitle.isEmpty {
      svg.text(legendTitle, x: lx, y: ly, bold: true)
      ly += 12
    }
    for entry in legend {
      svg.rect(x: lx, y: ly, width: 26, height: 18, fill: entry.color, stroke: "#999")
      svg.text(entry.label, x: lx + 34, y: ly + 13)
      ly += 24
    }
    ly += 10
    for entry in markLegend {
      svg.line(
        lx + 13, ly, lx + 13, ly + 22, stroke: entry.dashed ? markBlue : "black",
        width: entry.dashed ? 2.5 : 5, dash: entry.dashed ? "5 3" : nil)
      svg.text(entry.label, x: lx + 34, y: ly + 9)
      svg.text(entry.detail, x: lx + 34, y: ly + 23, size: 11, fill: "#555")
      ly += 40
    }
    if !note.isEmpty { svg.note(note, x: 12, y: height - 10 - 14 * (noteLines - 1)) }
    return svg
  }
}

/// The colour of dashed marks (predictions), distinct from the solid black ones.
private let markBlue = "#1d4ed8"

/// A continuous field sampled on a grid over [x₀, x₁] × [y₀, y₁], with axis ticks and a
/// colour bar.
package struct FieldMap {
  package var title: String
  /// `grid[i][j]`: row i from the top (largest y) down, column j from the left (smallest x).
  package var grid: [[Double]]
  package var x: Axis
  package var y: Axis
  package var xRange: ClosedRange<Double>
  package var yRange: ClosedRange<Double>
  /// The colour scale's extent (nil: the data's).
  package var colorRange: ClosedRange<Double>?
  package var colorLabel: String
  package var size = 240.0

  package init(
    title: String, grid: [[Double]], x: Axis, y: Axis, xRange: ClosedRange<Double>,
    yRange: ClosedRange<Double>, colorRange: ClosedRange<Double>? = nil, colorLabel: String
  ) {
    self.title = title
    self.grid = grid
    self.x = x
    self.y = y
    self.xRange = xRange
    self.yRange = yRange
    self.colorRange = colorRange
    self.colorLabel = colorLabel
  }

  package var svg: String { drawing().document }

  package func drawing() -> SVGWriter {
    let left = 56.0
    let top = 36.0
    let width = left + size + 110
    let height = top + size + 50
    var svg = SVGWriter(width: width, height: height)
    svg.text(title, x: left + size / 2, y: 20, anchor: .middle, size: 13, bold: true)
    let rows = grid.count
    let columns = grid.first?.count ?? 1
    let values = grid.flatMap { $0 }.filter(\.isFinite)
    let lo = colorRange?.lowerBound ?? values.min() ?? 0
    let hi = Swift.max(colorRange?.upperBound ?? values.max() ?? 1, lo + 1e-12)
    let (cw, ch) = (size / Double(columns), size / Double(rows))
    for (i, row) in grid.enumerated() {
      for (j, v) in row.enumerated() {
        svg.rect(
          x: left + Double(j) * cw, y: top + Double(i) * ch, width: cw + 0.4, height: ch + 0.4,
          fill: sequentialColor((v - lo) / (hi - lo)))
      }
    }
    var xAxis = x
    xAxis.domain = xRange
    var yAxis = y
    yAxis.domain = yRange
    let px = xAxis.placed([], from: left, to: left + size)
    let py = yAxis.placed([], from: top + size, to: top)
    for t in px.visibleTicks(extent: { SVGWriter.textWidth($0, size: 11) }) {
      let p = px.position(t)
      svg.line(p, top + size, p, top + size + 4)
      svg.text(x.format(t), x: p, y: top + size + 16, anchor: .middle, size: 11)
    }
    for t in py.visibleTicks(extent: { _ in 13 }) {
      let p = py.position(t)
      svg.line(left - 4, p, left, p)
      svg.text(y.format(t), x: left - 7, y: p + 4, anchor: .end, size: 11)
    }
    svg.rect(x: left, y: top, width: size, height: size, stroke: "#444")
    svg.text(x.label, x: left + size / 2, y: top + size + 34, anchor: .middle)
    svg.text(y.label, x: 14, y: top + size / 2, anchor: .middle, rotate: -90)
    // Colour bar with three ticks.
    let bx = left + size + 18
    let steps = 40
    for k in 0..<steps {
      let t = 1 - Double(k) / Double(steps - 1)
      svg.rect(
        x: bx, y: top + Double(k) * size / Double(steps), width: 14,
        height: size / Double(steps) + 0.5, fill: sequentialColor(t))
    }
    svg.rect(x: bx, y: top, width: 14, height: size, stroke: "#444")
    for (t, v) in [(0.0, hi), (0.5, (lo + hi) / 2), (1.0, lo)] {
      svg.text(shortNumber(v), x: bx + 18, y: top + t * size + 4, size: 10.5)
    }
    svg.text(colorLabel, x: bx + 7, y: top + size + 20, anchor: .middle, size: 10.5)
    return svg
  }
}

/// A colour-bar label: 3 significant digits, scientific notation for small numbers.
private func shortNumber(_ v: Double) -> String {
  v != 0 && Swift.abs(v) < 0.01 ? formatError(v) : significant(v)
}

/// Panels side by side (wrapping after `columns`) under one title.
package func panels(
  title: String, subtitle: String = "", _ drawings: [SVGWriter], columns: Int = 3,
  note: String = ""
) -> String {
  let perRow = Swift.max(1, Swift.min(columns, drawings.count))
  let rowsOfPanels = stride(from: 0, to: drawings.count, by: perRow).map {
    Array(drawings[$0..<Swift.min($0 + perRow, drawings.count)])
  }
  let top = subtitle.isEmpty ? 34.0 : 50.0
  let width = rowsOfPanels.map { $0.reduce(0) { $0 + $1.width } }.max() ?? 100
  let noteLines = Double(note.split(separator: "\n").count)
  let height =
    top + rowsOfPanels.reduce(0) { $0 + ($1.map(\.height).max() ?? 0) } + 14 * noteLines + 8
  var svg = SVGWriter(width: width, height: height)
  svg.heading(title, subtitle: subtitle)
  var y = top
  for row in rowsOfPanels {
    var x = 0.0
    for d in row {
      svg.embed(d, x: x, y: y)
      x += d.width
    }
    y += row.map(\.height).max() ?? 0
  }
  if !note.isEmpty { svg.note(note, x: 12, y: y + 10) }
  return svg.document
}

/// A confusion matrix as a picture: cell (true class, predicted class) labelled with its count
/// and shaded by its share of the true class, true classes down, predicted across.
///
/// - Parameter counts: `counts[i][j]`: samples of class i predicted as class j.
package func confusionMatrixChart(title: String, counts: [[Int]], classNames: [String]) -> HeatMap {
  let totals = counts.map { Swift.max(1, $0.reduce(0, +)) }
  var map = HeatMap(
    title: title, subtitle: "rows: true class; columns: predicted class; diagonal = correct",
    columns: classNames, rows: classNames, values: counts.map { $0.map { Double($0) } },
    color: { _ in "#ffffff" }, cellText: { String(Int($0)) }, xLabel: "predicted class",
    yLabel: "true class")
  map.firstRowAtBottom = false
  map.cell = classNames.count > 5 ? 40 : 64
  map.cellColor = { i, j in lightRamp(Double(counts[i][j]) / Double(totals[i])) }
  map.legendTitle = "share of the true class"
  map.legend = [(lightRamp(1), "100%"), (lightRamp(0.5), "50%"), (lightRamp(0), "0%")]
  return map
}
