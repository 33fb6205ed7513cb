import DualTape

/// The nodes each step of a loop adds to one plain tape of the unrolled loop (an untraced
/// recording, with its folding of constant factors): the checkpointed driver's report of a
/// single step made of 20 steps and of one made of 10 differ by ten steps' nodes. Exact when
/// every step records the same; the checkpointing example and benchmark size the plain tape
/// with it.
public func plainTapeNodesPerStep(
  _ step: some TimeStep, initialState: [Double], parameters: [Double]
) -> Int {
  func nodes(_ count: Int) -> Int {
    Reverse.checkpointedGradient(
      initialState: initialState, parameters: parameters, steps: 1, checkpoints: 1,
      step: Repeated(step: step, count: count)
    ) { x, _ in x[0] }.report.peakTapeNodes
  }
  return (nodes(20) - nodes(10)) / 10
}

/// Bytes a plain tape holds per node of a `Double` recording: the node and its adjoint (as
/// `CheckpointReport.peakTapeBytes` counts them).
public let tapeBytesPerNode = MemoryLayout<TapeNode<Double>>.stride + MemoryLayout<Double>.stride

/// `count` steps of a loop as one step.
struct Repeated<Step: TimeStep>: TimeStep {
  var step: Step
  var count: Int

  func callAsFunction<T: Differentiable>(_ x: [T], _ p: [T], step i: Int) -> [T] {
    var x = x
    for j in 0..<count { x = step(x, p, step: i * count + j) }
    return x
  }
}
