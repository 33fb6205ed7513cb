import Foundation

// Colours: one per engine everywhere, a sequential ramp and a diverging scale.

/// Colours for series that are not engines, in order.
package let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"]

/// The colour of a DualTape engine or reference in every plot.
package enum EngineColor {
  package static let primal = "#666666"
  package static let cPrimal = "#111111"
  package static let forward = "#1b9e77"
  package static let reverse = "#d95f02"
  package static let finiteDifference = "#7570b3"
  package static let swiftAutodiff = "#e7298a"
  package static let hessian = "#1f77b4"
}

/// A perceptually ordered blue–green–yellow ramp for t ∈ [0, 1] (viridis-like).
package func sequentialColor(_ t: Double) -> String {
  let stops: [(Double, Double, Double)] = [
    (68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37),
  ]
  let x = Swift.min(Swift.max(t.isFinite ? t : 0, 0), 1) * Double(stops.count - 1)
  let k = Swift.min(Int(x), stops.count - 2)
  return mix(stops[k], stops[k + 1], x - Double(k))
}

/// A white-to-colour ramp for counts (confusion matrices): t = 0 white, t = 1 `color`.
package func lightRamp(_ t: Double, to color: (Double, Double, Double) = (33, 102, 172)) -> String {
  mix((247, 247, 247), color, Swift.min(Swift.max(t, 0), 1))
}

/// A diverging scale on log₂ of a ratio: `low` below 1, white at 1, `high` above, saturating
/// at `saturation`× either way.
package func divergingColor(
  _ ratio: Double, low: (Double, Double, Double), high: (Double, Double, Double),
  saturation: Double = 16
) -> String {
  let t = Swift.max(-1, Swift.min(1, Foundation.log2(ratio) / Foundation.log2(saturation)))
  return mix((247, 247, 247), t < 0 ? low : high, t.magnitude)
}

/// Whether text on this background should be white (the background is dark).
package func needsLightText(_ hex: String) -> Bool {
  guard hex.count == 7, let v = Int(hex.dropFirst(), radix: 16) else { return false }
  let (r, g, b) = (Double(v >> 16), Double((v >> 8) & 255), Double(v & 255))
  return 0.299 * r + 0.587 * g + 0.114 * b < 140
}

/// The RGB triple of a `#rrggbb` colour.
package func rgb(_ hex: String) -> (Double, Double, Double) {
  guard hex.count == 7, let v = Int(hex.dropFirst(), radix: 16) else { return (0, 0, 0) }
  return (Double(v >> 16), Double((v >> 8) & 255), Double(v & 255))
}

private func mix(
  _ a: (Double, Double, Double), _ b: (Double, Double, Double), _ f: Double
) -> String {
  func c(_ u: Double, _ v: Double) -> Int { Int((u + (v - u) * f).rounded()) }
  return String(format: "#%02x%02x%02x", c(a.0, b.0), c(a.1, b.1), c(a.2, b.2))
}
