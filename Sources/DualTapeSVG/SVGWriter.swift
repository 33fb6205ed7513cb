// The one SVG writer of the package.
//
// Its own target, outside the AD core: the library draws pictures with it (the computational
// graph: `TapeGraph`, `ExprGraph`, and the advisor's chart) and so does the plotting target
// (Sources/DualTapePlot: line, bar and heat-map charts for the benchmark and the examples).
// Its API is `package`-visible, so the primitives are shared without being public API.
// Foundation-free, like the library.

/// An SVG document under construction: shapes and text are appended in drawing order.
package struct SVGWriter: Sendable {
  /// Where text is anchored horizontally.
  package enum Anchor: String, Sendable {
    case start, middle, end
  }

  /// The canvas size in pixels.
  package let width: Double
  package let height: Double
  private var body: String = ""

  /// A canvas of `width` × `height` pixels, filled with `background` (nil: transparent).
  package init(width: Double, height: Double, background: String? = "white") {
    self.width = width
    self.height = height
    if let background {
      body += "<rect width=\"100%\" height=\"100%\" fill=\"\(background)\"/>\n"
    }
  }

  /// The finished document.
  package var document: String {
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\(q(width)) height=\(q(height))"
      + " viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\""
      + " font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n" + body + "</svg>\n"
  }

  // MARK: Shapes

  /// A straight line.
  package mutating func line(
    _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#444",
    width: Double = 1, dash: String? = nil, clip: String? = nil
  ) {
    body +=
      "<line x1=\(q(x1)) y1=\(q(y1)) x2=\(q(x2)) y2=\(q(y2)) stroke=\"\(stroke)\""
      + " stroke-width=\(q(width))\(dashAttribute(dash))\(clipAttribute(clip))/>\n"
  }

  /// A rectangle.
  package mutating func rect(
    x: Double, y: Double, width: Double, height: Double, fill: String = "none",
    stroke: String? = nil, strokeWidth: Double = 1, cornerRadius: Double = 0, dash: String? = nil
  ) {
    body +=
      "<rect x=\(q(x)) y=\(q(y)) width=\(q(Swift.max(0, width))) height=\(q(Swift.max(0, height)))"
      + " fill=\"\(fill)\""
      + (stroke.map { " stroke=\"\($0)\" stroke-width=\(q(strokeWidth))" } ?? "")
      + (cornerRadius > 0 ? " rx=\(q(cornerRadius))" : "") + dashAttribute(dash) + "/>\n"
  }

  /// A filled circle.
  package mutating func circle(
    cx: Double, cy: Double, r: Double, fill: String, stroke: String? = nil,
    clip: String? = nil
  ) {
    body +=
      "<circle cx=\(q(cx)) cy=\(q(cy)) r=\(q(r)) fill=\"\(fill)\""
      + (stroke.map { " stroke=\"\($0)\"" } ?? "") + clipAttribute(clip) + "/>\n"
  }

  /// An open polyline through `points`.
  package mutating func polyline(
    _ points: [(x: Double, y: Double)], stroke: String, width: Double = 2, dash: String? = nil,
    clip: String? = nil
  ) {
    guard points.count > 1 else { return }
    body +=
      "<polyline points=\"\(pointList(points))\" fill=\"none\" stroke=\"\(stroke)\""
      + " stroke-width=\(q(width)) stroke-linejoin=\"round\"\(dashAttribute(dash))"
      + "\(clipAttribute(clip))/>\n"
  }

  /// A closed, filled polygon.
  package mutating func polygon(
    _ points: [(x: Double, y: Double)], fill: String, opacity: Double = 1, clip: String? = nil
  ) {
    guard points.count > 2 else { return }
    body +=
      "<polygon points=\"\(pointList(points))\" fill=\"\(fill)\" fill-opacity=\(q(opacity))"
      + "\(clipAttribute(clip))/>\n"
  }

  /// A path (`d` in SVG path syntax), optionally ending in an arrow head (see ``arrowHead(id:color:)``).
  package mutating func path(
    _ d: String, stroke: String = "#444", width: Double = 1.2, fill: String = "none",
    arrowHead: String? = nil
  ) {
    body +=
      "<path d=\"\(d)\" stroke=\"\(stroke)\" stroke-width=\(q(width)) fill=\"\(fill)\""
      + (arrowHead.map { " marker-end=\"url(#\($0))\"" } ?? "") + "/>\n"
  }

  /// Text at (x, y) (y is the baseline).
  package mutating func text(
    _ string: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 12,
    bold: Bool = false, italic: Bool = false, fill: String = "#222", rotate: Double? = nil
  ) {
    var attributes = "x=\(q(x)) y=\(q(y))"
    if anchor != .start { attributes += " text-anchor=\"\(anchor.rawValue)\"" }
    if size != 12 { attributes += " font-size=\(q(size))" }
    if bold { attributes += " font-weight=\"bold\"" }
    if italic { attributes += " font-style=\"italic\"" }
    if fill != "#222" { attributes += " fill=\"\(fill)\"" }
    if let r = rotate {
      attributes += " transform=\"rotate(\(Self.number(r)) \(Self.number(x)) \(Self.number(y)))\""
    }
    body += "<text \(attributes)>\(Self.escape(string))</text>\n"
  }

  // MARK: Definitions and composition

  /// Defines a clipping rectangle that shapes can refer to by `id` (their `clip:` argument).
  package mutating func clipRectangle(
    id: String, x: Double, y: Double, width: Double, height: Double
  ) {
    body +=
      "<clipPath id=\"\(id)\"><rect x=\(q(x)) y=\(q(y)) width=\(q(width)) height=\(q(height))/>"
      + "</clipPath>\n"
  }

  /// Defines an arrow-head marker that ``path(_:stroke:width:fill:arrowHead:)`` can end in.
  package mutating func arrowHead(id: String, color: String = "#555") {
    body +=
      "<defs><marker id=\"\(id)\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\""
      + " markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\""
      + " fill=\"\(color)\"/></marker></defs>\n"
  }

  /// Draws another drawing's content with its origin at (x, y) (a panel of a larger figure).
  package mutating func embed(_ other: SVGWriter, x: Double, y: Double) {
    body += "<g transform=\"translate(\(Self.number(x)) \(Self.number(y)))\">\n"
    body += other.body
    body += "</g>\n"
  }

  /// A `<title>` element: the accessible name of the picture.
  package mutating func title(_ string: String) {
    body += "<title>\(Self.escape(string))</title>\n"
  }

  // MARK: Helpers

  /// Text with `&`, `<`, `>` and `"` escaped.
  package static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for c in text {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(c)
      }
    }
    return out
  }

  /// A coordinate with at most one decimal: `12`, `12.5`.
  package static func number(_ x: Double) -> String {
    guard x.isFinite else { return "0" }
    let tenths = (x * 10).rounded()
    if tenths == (tenths / 10).rounded() * 10 { return String(Int(tenths / 10)) }
    return String(tenths / 10)
  }

  /// An estimate of the rendered width of `text` at font size `size` (Helvetica-like): used to
  /// size boxes and to keep labels from overlapping.
  package static func textWidth(_ text: String, size: Double = 12) -> Double {
    var units = 0.0
    for c in text {
      switch c {
      case "i", "l", "j", "t", "f", "r", ".", ",", ":", ";", "'", "|", "!", "(", ")", " ", "[", "]":
        units += 0.32
      case "m", "w", "M", "W", "@", "%":
        units += 0.85
      case "A"..."Z": units += 0.68
      default: units += 0.56
      }
    }
    return units * size
  }

  private func q(_ x: Double) -> String { "\"" + Self.number(x) + "\"" }

  private func pointList(_ points: [(x: Double, y: Double)]) -> String {
    points.map { Self.number($0.x) + "," + Self.number($0.y) }.joined(separator: " ")
  }

  private func dashAttribute(_ dash: String?) -> String {
    dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
  }

  private func clipAttribute(_ clip: String?) -> String {
    clip.map { " clip-path=\"url(#\($0))\"" } ?? ""
  }
}
