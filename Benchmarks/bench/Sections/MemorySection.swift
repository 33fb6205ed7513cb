import DualTapePlot

// The sweep's memory figures: bytes per node, adjoint and `Tracked` value, and the tape of the
// largest Rosenbrock case, with the process's resident memory around it.

extension Report {
  /// The memory table; nil when the sweep did not run the largest case.
  func memorySection() -> BenchSection? {
    guard let memory = sweep.memory else { return nil }
    let tape = memory.largestNodes * Double(memory.bytesPerNode)
    let adjoints = memory.largestNodes * Double(memory.bytesPerAdjoint)
    let resident = { (bytes: Int?) in bytes.map { formatBytes(Double($0)) } ?? "unavailable" }
    let md = """
      | | |
      | --- | --- |
      | Bytes per recorded operation (`MemoryLayout<TapeNode<Double>>.stride`) \
      | \(memory.bytesPerNode) B |
      | Bytes per adjoint during the sweep | \(memory.bytesPerAdjoint) B |
      | Bytes per `Tracked<Double>` value | \(memory.bytesPerTracked) B |
      | Recorded operations per input, Rosenbrock (from the Wengert lists at n = 1000, 2000) \
      | \(significant(memory.nodesPerInput)) |
      | Recorded operations at n = \(memory.largestN) (extrapolated) \
      | \(significant(memory.largestNodes)) |
      | Tape + adjoints at n = \(memory.largestN) | \(formatBytes(tape)) + \
      \(formatBytes(adjoints)) |
      | Resident memory before that case (VmRSS) | \(resident(memory.residentBefore)) |
      | Peak resident memory after it (VmHWM) | \(resident(memory.peakAfter)) |
      """
    let bytes = { (b: Int?) in b.map { JSONValue.integer($0) } ?? .null }
    return BenchSection(
      title: "Memory", markdown: md,
      json: [
        "bytes_per_node": .integer(memory.bytesPerNode),
        "bytes_per_adjoint": .integer(memory.bytesPerAdjoint),
        "bytes_per_tracked": .integer(memory.bytesPerTracked),
        "nodes_per_input": .number(memory.nodesPerInput), "largest_n": .integer(memory.largestN),
        "largest_nodes": .number(memory.largestNodes), "tape_bytes": .number(tape),
        "adjoint_bytes": .number(adjoints), "resident_before_bytes": bytes(memory.residentBefore),
        "peak_after_bytes": bytes(memory.peakAfter),
      ])
  }
}
