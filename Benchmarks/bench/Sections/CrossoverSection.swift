import DualTapePlot

// The sweep's cost model and crossover: ModeAdvisor's calibrated model against the measured
// crossover n* for each m, the advisor's picks, the decision chart, and the gradients' crossover.

extension Report {
  /// The calibrated cost models and crossovers; its terminal lines end the run's summary.
  func crossoverSection() -> BenchSection? {
    var md = ""
    if let plot = plot("decision-chart.svg") { md += image(plot) + "\n" }
    md += "Calibrated from measured passes: in every grid cell the library's `ModeAdvisor` times"
    md += " one forward pass of the drivers' chunk width k, the fixed cost of a forward call, one"
    md += " recording and one reverse sweep, and predicts the forward Jacobian as F + ⌈n/k⌉·t(k)"
    md += " and the reverse one as R + m·W. Predicted n*: where the predicted reverse/forward ratio"
    md += " crosses 1 (interpolated in log n between grid points). Measured n*: the smallest grid n"
    md += " from which the reverse Jacobian is faster at every larger measured n. Placement: 0 when"
    md += " the prediction lies in the measured interval (previous grid n, measured n*], otherwise"
    md += " the number of grid steps off. Advisor: `ModeAdvisor.jacobian` with its default"
    md += " measuring, restricted to the two strategies the grid measures, against the measured"
    md += " faster engine in every cell.\n"
    var terminal: [String] = []
    var modelsJSON: [String: JSONValue] = [:]
    for model in models {
      md +=
        "\n### \(model.function.rawValue): one forward pass (k = \(model.chunk))"
        + " \(formatRatio(model.forwardPassCost)), one reverse sweep"
        + " \(formatRatio(model.reverseSweepCost)) one Double evaluation (medians); fixed"
        + " \(significant(model.forwardFixedMicroseconds)) µs per forward call,"
        + " \(significant(model.recordingMicroseconds)) µs per recording\n\n"
      md += "| m | predicted n* | measured n* | placement (grid steps) |\n"
      md += "| ---: | ---: | ---: | ---: |\n"
      terminal.append(
        "Calibrated cost model \(model.function.rawValue) (ModeAdvisor): one forward pass"
          + " (k = \(model.chunk)) \(significant(model.forwardPassCost))×, one reverse sweep"
          + " \(significant(model.reverseSweepCost))× one Double evaluation of f; advisor picked"
          + " the faster engine in \(Int((100 * model.accuracy).rounded()))% of"
          + " \(model.cells.count) cells, worst slowdown \(significant(model.worstSlowdown))×")
      var rows: [JSONValue] = []
      for row in model.rows {
        let placement = crossoverPlacement(row, grid: plan.gridSizes)
        md +=
          "| \(row.m) | \(significant(row.predicted)) | \(measuredCrossover(row))"
          + " | \(placement) |\n"
        terminal.append(
          "  m = \(pad(String(row.m), 5)): predicted n* = \(pad(significant(row.predicted), 6)),"
            + " measured n* = \(measuredCrossover(row))")
        rows.append(
          [
            "m": .integer(row.m), "predicted_n": .number(row.predicted),
            "measured_n": row.measured.map { .integer($0) } ?? .null,
            "smallest_n": .integer(row.smallestN), "largest_n": .integer(row.largestN),
            "placement_grid_steps": .integer(placement),
          ])
      }
      let right = model.cells.filter { $0.advisedReverse == $0.measuredReverse }.count
      md +=
        "\nAdvisor's pick against the measured faster engine: \(right) of \(model.cells.count)"
        + " cells"
      md +=
        " (\(Int((100 * model.accuracy).rounded()))%), worst slowdown"
        + " \(significant(model.worstSlowdown))×.\n"
      modelsJSON[model.function.rawValue] = [
        "chunk": .integer(model.chunk), "forward_pass_cost": .number(model.forwardPassCost),
        "reverse_sweep_cost": .number(model.reverseSweepCost),
        "forward_fixed_microseconds": .number(model.forwardFixedMicroseconds),
        "recording_microseconds": .number(model.recordingMicroseconds),
        "advisor_right_cells": .integer(right), "cells": .integer(model.cells.count),
        "advisor_accuracy": .number(model.accuracy),
        "worst_slowdown": .number(model.worstSlowdown), "rows": .array(rows),
      ]
    }
    var gradients: [String: JSONValue] = [:]
    for (function, sizes) in scalarFunctions where sizes.count > 1 {
      if let c = gradientCrossover(function, index, sizes: sizes) {
        let text =
          c.n.map { "reverse wins from n = \($0) on" } ?? "forward wins up to n = \(c.largestN)"
        md += "\nGradient (m = 1) of \(function.rawValue): \(text).\n"
        gradients[function.rawValue] = [
          "reverse_wins_from_n": c.n.map { .integer($0) } ?? .null,
          "largest_n": .integer(c.largestN),
        ]
      }
    }
    // A --filter run may measure neither the maps nor a function at several sizes.
    let json: JSONValue =
      modelsJSON.isEmpty && gradients.isEmpty
      ? .notMeasured("no crossover: neither map nor any function at several sizes was measured")
      : ["models": .object(modelsJSON), "gradient_crossover": .object(gradients)]
    return BenchSection(
      title: "Cost model and crossover", lines: md, terminal: terminal.joined(separator: "\n"),
      json: json)
  }

  /// The measured crossover of a row, in words where it lies outside the grid.
  func measuredCrossover(_ row: CostModel.Row) -> String {
    guard let n = row.measured else { return "> \(row.largestN) (forward wins throughout)" }
    return n == row.smallestN ? "≤ \(n) (reverse wins throughout)" : "\(n)"
  }
}
