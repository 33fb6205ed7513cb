import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Parses an SVG document as XML and collects the text of its `<text>` and `<title>` elements.
final class SVGCheck: NSObject, XMLParserDelegate {
  private(set) var texts: [String] = []
  private(set) var elementCounts: [String: Int] = [:]
  private(set) var rootName: String?
  private var current = ""
  private var inText = false

  /// Whether the document is well-formed XML with an `<svg>` root; records the texts.
  static func parse(_ svg: String) -> SVGCheck? {
    let check = SVGCheck()
    let parser = XMLParser(data: Data(svg.utf8))
    parser.delegate = check
    guard parser.parse(), check.rootName == "svg" else { return nil }
    return check
  }

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    if rootName == nil { rootName = name }
    elementCounts[name, default: 0] += 1
    if name == "text" || name == "title" {
      inText = true
      current = ""
    }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if inText { current += string }
  }

  func parser(
    _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
  ) {
    if name == "text" || name == "title" {
      texts.append(current)
      inText = false
    }
  }

  /// Whether some text element contains `fragment`.
  func shows(_ fragment: String) -> Bool { texts.contains { $0.contains(fragment) } }
}

/// Expects `svg` to be well-formed and to show every one of `labels`.
func expectSVG(
  _ svg: String, shows labels: [String], sourceLocation: SourceLocation = #_sourceLocation
) {
  guard let check = SVGCheck.parse(svg) else {
    Issue.record("not well-formed SVG", sourceLocation: sourceLocation)
    return
  }
  for label in labels {
    #expect(check.shows(label), "missing label: \(label)", sourceLocation: sourceLocation)
  }
}
