import DualTape
import DualTapeSVG

// Line charts: series of points on linear or log axes, with a legend beside the plot,
// vertical markers (a crossover), and shaded regions (where an engine wins).

/// One line.
package struct Series {
  package var name: String
  /// A CSS colour, e.g. `#1b9e77`.
  package var color: String
  package var dashed: Bool
  /// Whether each point gets a dot (measurements) or not (a prediction or a reference line).
  package var dots: Bool
  /// Whether the points are joined by a line (false: a scatter plot).
  package var joined: Bool
  /// The dots' radius (0: the default).
  package var radius = 0.0
  /// The line's width (a wide line under a narrow one keeps both visible where they coincide).
  package var lineWidth = 2.0
  package var points: [(x: Double, y: Double)]

  package init(
    _ name: String, color: String, dashed: Bool = false, dots: Bool = true, joined: Bool = true,
    points: [(x: Double, y: Double)]
  ) {
    self.name = name
    self.color = color
    self.dashed = dashed
    self.dots = dots
    self.joined = joined
    self.points = points
  }
}

/// A labelled vertical line at one x (e.g. a measured crossover n*).
package struct Marker {
  package var x: Double
  package var label: String
  package var color: String
  package init(x: Double, label: String, color: String = "#333") {
    self.x = x
    self.label = label
    self.color = color
  }
}

/// A shaded region above or below a boundary curve, named in the legend.
package struct Region {
  package enum Side { case above, below }
  package var name: String
  package var color: String
  package var boundary: [(x: Double, y: Double)]
  package var side: Side
  package init(_ name: String, color: String, boundary: [(x: Double, y: Double)], side: Side) {
    self.name = name
    self.color = color
    self.boundary = boundary
    self.side = side
  }
}

/// A line chart.
package struct LineChart {
  package var title: String
  package var subtitle = ""
  package var x: Axis
  package var y: Axis
  package var series: [Series]
  package var markers: [Marker] = []
  package var regions: [Region] = []
  /// Small text under the plot (lines separated by `\n`).
  package var note = ""
  package var width = 780.0
  package var height = 440.0

  package init(
    title: String, subtitle: String = "", x: Axis, y: Axis, series: [Series],
    markers: [Marker] = [], regions: [Region] = [], note: String = "", width: Double = 780,
    height: Double = 440
  ) {
    self.title = title
    self.subtitle = subtitle
    self.x = x
    self.y = y
    self.series = series
    self.markers = markers
    self.regions = regions
    self.note = note
    self.width = width
    self.height = height
  }

  /// The SVG document.
  package var svg: String { drawing().document }

  /// The chart as a drawing (to embed as a panel).
  package func drawing() -> SVGWriter {
    var svg = SVGWriter(width: width, height: height)
    svg.heading(title, subtitle: subtitle)
    let points = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
    let legendNames = (series.map(\.name) + regions.map(\.name)).filter { !$0.isEmpty }
    let legendWidth = Swift.min(
      250, (legendNames.map { SVGWriter.textWidth($0, size: 11.5) }.max() ?? 0) + 52)
    let top = subtitle.isEmpty ? 40.0 : 56.0
    let noteLines = Double(note.split(separator: "\n").count)
    // A legend that would take more than a third of the width goes under the plot.
    let legendBelow = !legendNames.isEmpty && legendWidth > width / 3
    let legendRows = legendBelow ? Double(legendNames.count) : 0
    let bottom = height - 52 - 14 * noteLines - 17 * legendRows
    let left = 30 + tickLabelWidth(y, points.map(\.y) + regions.flatMap { $0.boundary.map(\.y) })
    let right = width - (legendNames.isEmpty || legendBelow ? 20 : legendWidth + 16)
    let xs = points.map(\.x) + markers.map(\.x)
    let px = x.placed(xs, from: left, to: right)
    let py = y.placed(points.map(\.y), from: bottom, to: top)
    let clip =
      "clip-"
      + String(title.unicodeScalars.filter { $0.properties.isAlphabetic }.prefix(24))
      .lowercased() + "-\(Int(width))x\(Int(height))"
    svg.clipRectangle(id: clip, x: left, y: top, width: right - left, height: bottom - top)
    // Regions first, under everything.
    for region in regions {
      let boundary = region.boundary.map { (x: px.position($0.x), y: py.position($0.y)) }
      guard let first = boundary.first, let last = boundary.last else { continue }
      let edge = region.side == .above ? top : bottom
      // Carried level to the plot's sides, so the region fills the frame.
      svg.polygon(
        [(left, edge), (left, first.y)] + boundary + [(right, last.y), (right, edge)],
        fill: region.color, opacity: 0.18, clip: clip)
    }
    svg.axes(x: px, y: py, top: top, bottom: bottom, left: left, right: right)
    // Markers: a vertical line each, labels stacked so they do not collide.
    for (k, marker) in markers.enumerated() where px.contains(marker.x) {
      let mx = px.position(marker.x)
      svg.line(mx, top, mx, bottom, stroke: marker.color, width: 1.5, dash: "2 3")
      let labelWidth = SVGWriter.textWidth(marker.label, size: 11)
      let leftSide = mx + labelWidth + 8 > right
      svg.text(
        marker.label, x: leftSide ? mx - 4 : mx + 4, y: top + 14 + Double(k) * 14,
        anchor: leftSide ? .end : .start, size: 11, fill: marker.color)
    }
    for s in series {
      let inside = s.points.filter { $0.x.isFinite && $0.y.isFinite && px.contains($0.x) }
        .filter { y.scale == .linear || $0.y > 0 }
      let mapped = inside.map { (x: px.position($0.x), y: py.position($0.y)) }
      if s.joined {
        svg.polyline(
          mapped, stroke: s.color, width: s.lineWidth, dash: s.dashed ? "6 4" : nil, clip: clip)
      }
      if s.dots {
        let r = s.radius > 0 ? s.radius : s.joined ? 3.2 : 4.0
        for p in mapped { svg.circle(cx: p.x, cy: p.y, r: r, fill: s.color, clip: clip) }
      }
    }
    // Legend: beside the plot, or under it.
    var ly = legendBelow ? bottom + 56 : top + 10
    let lx = legendBelow ? left : right + 14
    let textWidth = legendBelow ? width - left - 60 : legendWidth - 36
    for s in series where !s.name.isEmpty {
      if s.joined {
        svg.line(
          lx, ly, lx + 28, ly, stroke: s.color, width: s.lineWidth, dash: s.dashed ? "6 4" : nil)
      }
      if s.dots { svg.circle(cx: lx + 14, cy: ly, r: Swift.max(3.2, s.radius), fill: s.color) }
      ly +=
        legendEntry(&svg, s.name, x: lx + 34, y: ly + 4, width: textWidth) - (legendBelow ? 5 : 0)
    }
    for r in regions {
      svg.rect(x: lx, y: ly - 7, width: 28, height: 14, fill: r.color + "40", stroke: r.color)
      ly +=
        legendEntry(&svg, r.name, x: lx + 34, y: ly + 4, width: textWidth) - (legendBelow ? 5 : 0)
    }
    if !note.isEmpty { svg.note(note, x: 12, y: height - 10 - 14 * (noteLines - 1)) }
    return svg
  }
}

/// Writes a legend label, wrapped to `width`; returns the vertical space it took.
package func legendEntry(
  _ svg: inout SVGWriter, _ text: String, x: Double, y: Double, width: Double
)
  -> Double
{
  var lines: [String] = []
  var current = ""
  for word in text.split(separator: " ") {
    let candidate = current.isEmpty ? String(word) : current + " " + word
    if SVGWriter.textWidth(candidate, size: 11.5) > width && !current.isEmpty {
      lines.append(current)
      current = String(word)
    } else {
      current = candidate
    }
  }
  if !current.isEmpty { lines.append(current) }
  for (k, line) in lines.enumerated() {
    svg.text(line, x: x, y: y + Double(k) * 13, size: 11.5)
  }
  return Double(lines.count) * 13 + 9
}
