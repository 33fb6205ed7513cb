import DualTapePlot

// What every plot shares: the engines' colours and names, the plot file, and the cost axis.

/// Colours of the engines, the same in every plot.
func engineColor(_ engine: Engine) -> String {
  switch engine {
  case .primal: return EngineColor.primal
  case .cPrimal: return EngineColor.cPrimal
  case .forward: return EngineColor.forward
  case .reverse: return EngineColor.reverse
  case .finiteDifference: return EngineColor.finiteDifference
  case .swiftAutodiff: return EngineColor.swiftAutodiff
  case .generated: return "#e9c46a"
  }
}

/// An engine's name for legends and tables.
func engineName(_ engine: Engine) -> String {
  switch engine {
  case .primal: return "primal (Swift Double)"
  case .cPrimal: return "primal (C, -O3)"
  case .forward: return "forward (DualTape)"
  case .reverse: return "reverse (DualTape)"
  case .finiteDifference: return "finite differences"
  case .swiftAutodiff: return "Swift _Differentiation"
  case .generated: return "generated Swift (DualTape Codegen)"
  }
}

/// A plot file: its name in Benchmarks/results/, a caption and the SVG text.
struct Plot {
  var fileName: String
  var caption: String
  var svg: String
}

/// The axis of costs: time ÷ one Double evaluation, log scale.
func costAxis(_ label: String = "time ÷ one Double evaluation of f (log scale)") -> Axis {
  Axis(label, scale: .log, format: { compactNumber($0) + "×" })
}
