import Foundation

// Number formatting for the console, RESULTS.md, the plots and the examples: one formatter.

/// A duration with a unit that keeps 3 significant digits: `812 ns`, `12.3 µs`, `4.56 s`.
package func formatSeconds(_ seconds: Double) -> String {
  let units: [(Double, String)] = [(1, "s"), (1e-3, "ms"), (1e-6, "µs"), (1e-9, "ns")]
  for (scale, unit) in units where seconds >= scale || scale == 1e-9 {
    return "\(significant(seconds / scale)) \(unit)"
  }
  return "\(seconds) s"
}

/// A number with 3 significant digits and no exponent for ordinary magnitudes: `1.23`, `45.6`,
/// `789`, `12300`.
package func significant(_ x: Double) -> String {
  guard x.isFinite else { return x.isNaN ? "nan" : "inf" }
  let magnitude = x.magnitude
  if magnitude >= 100 { return String(format: "%.0f", x) }
  if magnitude >= 10 { return String(format: "%.1f", x) }
  if magnitude >= 1 || magnitude == 0 { return String(format: "%.2f", x) }
  return String(format: "%.3g", x)
}

/// A cost or time ratio such as `3.1×`, or `–` where there is none.
package func formatRatio(_ ratio: Double?) -> String {
  guard let r = ratio else { return "–" }
  return significant(r) + "×"
}

/// An error in scientific notation, `3.2e-09`, or `–` where there is none.
package func formatError(_ error: Double?) -> String {
  guard let e = error else { return "–" }
  return e == 0 ? "0" : String(format: "%.1e", e)
}

/// Bytes as `24 B`, `192 MiB`.
package func formatBytes(_ bytes: Double) -> String {
  if bytes >= Double(1 << 30) { return significant(bytes / Double(1 << 30)) + " GiB" }
  if bytes >= Double(1 << 20) { return significant(bytes / Double(1 << 20)) + " MiB" }
  if bytes >= 1024 { return significant(bytes / 1024) + " KiB" }
  return String(format: "%.0f B", bytes)
}

/// `x` with a fixed number of decimals: `fixed(3.14159, 2) == "3.14"`.
package func fixed(_ x: Double, _ digits: Int = 3) -> String {
  String(format: "%.\(digits)f", x)
}

/// An integer with thousands separators: `1,185`.
package func grouped(_ n: Int) -> String {
  let digits = String(n.magnitude)
  var out = ""
  for (k, c) in digits.enumerated() {
    if k > 0 && (digits.count - k) % 3 == 0 { out += "," }
    out.append(c)
  }
  return (n < 0 ? "-" : "") + out
}

/// A count that may be astronomically large: `1234`, or `1.23e12` above 10⁹.
package func formatCount(_ x: Double) -> String {
  if x < 1e9 { return String(Int(x.rounded())) }
  return String(format: "%.2e", x).replacingOccurrences(of: "e+", with: "e")
}

/// An axis tick such as `1`, `20`, `1024`, `10k`, `1M`, `0.01`: no trailing zeros; integers
/// below 10,000 in full.
package func compactNumber(_ x: Double) -> String {
  if x == x.rounded() && x.magnitude < 10_000 { return String(Int(x)) }
  if x.magnitude >= 1e6 { return String(format: "%gM", x / 1e6) }
  if x.magnitude >= 1e3 { return String(format: "%gk", x / 1e3) }
  return String(format: "%g", x)
}

/// A time tick such as `10 µs`, `2 ms`: no trailing zeros.
package func compactSeconds(_ seconds: Double) -> String {
  for (scale, unit) in [(1.0, "s"), (1e-3, "ms"), (1e-6, "µs")] where seconds >= scale * 0.999 {
    return String(format: "%g", (seconds / scale * 1000).rounded() / 1000) + " " + unit
  }
  return String(format: "%g ns", (seconds * 1e9 * 1000).rounded() / 1000)
}

/// A byte-count tick in decimal units, which fall on a log axis's decades: `1 kB`, `64 MB`.
package func compactBytes(_ bytes: Double) -> String {
  for (scale, unit) in [(1e9, "GB"), (1e6, "MB"), (1e3, "kB")] where bytes >= scale * 0.999 {
    return String(format: "%g", (bytes / scale * 100).rounded() / 100) + " " + unit
  }
  return String(format: "%g B", bytes)
}
